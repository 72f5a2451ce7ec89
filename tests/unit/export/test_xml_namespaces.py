"""KML and NVG each write their own namespace as the file's default, whichever module was
imported last: a global ``ET.register_namespace("", ...)`` in each made the other's output
``ns0:``-prefixed, depending on import order (seen in the AIS picture's tracks.kml)."""

from __future__ import annotations

import importlib
import xml.etree.ElementTree as ET

from shapely.geometry import Point

from arcticrecon.export import DocumentMarking, ExportDocument, ExportFeature, ExportLayer, kml, nvg
from arcticrecon.survey import Marking


def _doc() -> ExportDocument:
    feat = ExportFeature("BGSF", "BGSF Kangerlussuaq", Point(-50.711603, 67.012222))
    return ExportDocument(
        "ns",
        "Namespace test",
        (ExportLayer("sites", "Sites", (feat,), "unit test", "hand-made"),),
        DocumentMarking.of([Marking("UNCLASSIFIED", ())]),
    )


def test_kml_and_nvg__own_default_namespace_whatever_the_import_order() -> None:
    for first, second in ((kml, nvg), (nvg, kml)):
        importlib.reload(first)
        importlib.reload(second)
        k = kml.to_kml_xml(_doc()).decode()
        n = nvg.to_nvg_xml(_doc()).decode()
        assert "ns0:" not in k and "ns0:" not in n
        assert f'xmlns="{kml.KML_NS}"' in k and "<kml " in k and "<Placemark" in k
        assert f'xmlns="{nvg.NVG_NS}"' in n and "<nvg " in n and "<point " in n
        assert ET.fromstring(k).tag == f"{{{kml.KML_NS}}}kml"
        assert ET.fromstring(n).tag == f"{{{nvg.NVG_NS}}}nvg"
