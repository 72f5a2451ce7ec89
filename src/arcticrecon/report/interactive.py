"""``plan --interactive``: the OpenLayers map inside the report folder, offline.

Writes ``map.html`` beside ``index.html`` with the vendored OpenLayers, proj4js and
milsymbol files (``vendor/``, the same sha256-checked copies the web app serves), the
page's map script and ``map-data.js``: every layer as GeoJSON (EPSG:4326, with its
marking) built by the :mod:`arcticrecon.export` builders, so the file opens from a USB
stick on an air-gapped machine (no server, no request).
"""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["write_interactive_map"]

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="tile-url" content="">
<title>{title} — interactive map</title>
<link rel="stylesheet" href="vendor/ol/ol.css"><link rel="stylesheet" href="map.css">
<script src="vendor/ol/ol.js"></script><script src="vendor/proj4/proj4.js"></script>
<script src="vendor/milsymbol/milsymbol.js"></script>
<script src="map-data.js"></script><script src="map.js"></script><script src="report-map.js"></script>
</head><body>
<div class="banner" id="map-marking">{banner}</div>
<div id="map-wrap"><div id="map" role="application" aria-label="Map of Greenland, EPSG:3413"></div>
<div id="layer-panel"></div></div>
<div class="banner" id="map-marking-bottom">{banner}</div>
<div class="readout"><span id="coord-dd">—</span> · <span id="coord-dms">—</span>
 · <a href="index.html">back to the report</a></div>
</body></html>
"""

_CSS = """body{{margin:0;font:13px system-ui,"DejaVu Sans",sans-serif}}
#map-wrap{{position:relative}}#map{{width:100%;height:calc(100vh - 60px);background:#dbe9f4}}
#layer-panel{{position:absolute;top:8px;right:8px;background:#fff;border:1px solid #9aabbb;padding:6px 10px;font-size:12px}}
#layer-panel label{{display:block}}
.banner{{text-align:center;font-weight:bold;color:#7a0000;background:#fff3c4;border:1px solid #e0c060;font-size:12px}}
.readout{{font:12px monospace;padding:2px 6px}}
"""


def _layers(
    plan: Any, markings: list[Any], levels: tuple[str, ...], audience: str
) -> list[dict[str, Any]]:
    from arcticrecon.export import build, to_geojson
    from arcticrecon.web.maplayers import coastline_geojson, graticule_geojson

    out: list[dict[str, Any]] = [
        {
            "id": "coastline",
            "title": "Coastline",
            "group": "Base",
            "visible": True,
            "data": coastline_geojson(),
        },
        {
            "id": "graticule",
            "title": "Graticule",
            "group": "Base",
            "visible": True,
            "data": graticule_geojson(),
        },
    ]
    for i, ep in enumerate(plan.exercises):
        doc = build.ranking_document(
            plan, ep.exercise.name, markings=markings, levels=levels, audience=audience
        )
        out.append(
            {
                "id": "sites" if i == 0 else f"ranking{i}",
                "title": f"Ranking — {ep.exercise.name}",
                "group": "Exercises",
                "visible": i == 0,
                "data": to_geojson(doc),
            }
        )
    if plan.presence:
        out.append(
            {
                "id": "presence",
                "title": "Presence circles",
                "group": "Mission",
                "visible": True,
                "data": to_geojson(
                    build.presence_document(
                        plan, markings=markings, levels=levels, audience=audience
                    )
                ),
            }
        )
    out.append(
        {
            "id": "routes",
            "title": "Flight legs and sea routes",
            "group": "Mission",
            "visible": False,
            "data": to_geojson(
                build.routes_document(plan, markings=markings, levels=levels, audience=audience)
            ),
        }
    )
    return out


def write_interactive_map(plan: Any, folder: Path, *, markings: list[Any] | None = None) -> Path:
    """Write ``map.html`` and its files into the report ``folder``; return the page path.

    Parameters
    ----------
    plan : Plan
    folder : Path
        The (temporary) report folder being written.
    markings : list of Marking, optional
        Markings of the findings the plan used (the page's marking is their high-water mark).
    """
    from arcticrecon.export import DocumentMarking

    static = Path(str(resources.files("arcticrecon.web") / "static"))
    shutil.copytree(static / "vendor", folder / "vendor")
    shutil.copy2(static / "map.js", folder / "map.js")
    shutil.copy2(Path(__file__).with_name("report-map.js"), folder / "report-map.js")
    levels = tuple(plan.audience_levels) or ("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET")
    layers = _layers(plan, list(markings or []), levels, plan.audience)
    banner = DocumentMarking.of(list(markings or []), levels=levels).banner
    registry = [
        {
            "id": d["id"],
            "title": d["title"],
            "kind": "vector",
            "url": f"/data/{d['id']}",
            "group": d["group"],
            "path": "",
            "note": "",
            "visible": d["visible"],
            "available": True,
        }
        for d in layers
    ]
    data = {
        "registry": registry,
        "layers": {d["id"]: d["data"] for d in layers},
        "levels": list(levels),
    }
    (folder / "map-data.js").write_text(
        "window.ARX_DATA = " + json.dumps(data, separators=(",", ":")) + ";\n", encoding="utf-8"
    )
    (folder / "map.css").write_text(_CSS.replace("{{", "{").replace("}}", "}"), encoding="utf-8")
    title = plan.mission.mission.name
    from html import escape

    page = folder / "map.html"
    page.write_text(_PAGE.format(title=escape(title), banner=escape(banner)), encoding="utf-8")
    return page
