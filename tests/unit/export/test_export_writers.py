"""The four writers: NVG round trip, KML and GeoPackage read back with pyogrio, GeoJSON
RFC 7946 shape (pole inside a circle, the date line), markings in every file's metadata."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pyogrio
import pytest
from geographiclib.geodesic import Geodesic
from shapely.geometry import LineString, MultiLineString, Point, Polygon, shape

from arcticrecon.errors import InputError
from arcticrecon.export import (
    Circle,
    DocumentMarking,
    ExportDocument,
    ExportFeature,
    ExportLayer,
    Style,
    to_geojson,
    write_export,
)
from arcticrecon.export.geometry import circle_polygon
from arcticrecon.export.nvg import NVG_NS, read_nvg
from arcticrecon.survey import Marking

NVG = f"{{{NVG_NS}}}"
# Pituffik Space Base (BGTL), OurAirports: 76.531203 N, 68.703161 W; 1,600 km reaches the
# North Pole (the pole is 13.47° of latitude away, about 1,500 km along the meridian).
BGTL = (76.531203, -68.703161)
RESTRICTED_DNK_BEL = Marking("RESTRICTED", ("DNK", "BEL"))


def _doc() -> ExportDocument:
    c = Circle(BGTL[0], BGTL[1], 1_600_000.0)
    feats = [
        ExportFeature(
            "BGGH",
            "BGGH Nuuk",
            Point(-51.678064, 64.190922),
            {"icao": "BGGH", "longest_runway_m": 2200.0, "rank": 3, "paved": True, "iata": None},
            symbol="SFGPIBA---H****",
            style=Style(fill="#21918c", fill_opacity=1.0),
        ),
        ExportFeature(
            "leg",
            "BGGH → BGTL",
            LineString([(-51.678064, 64.190922), (-60.0, 70.5), BGTL[::-1]]),
            {"distance_km": 1504.1},
            style=Style(stroke="#1f4e79", dash=True),
        ),
        ExportFeature(
            "box",
            "Training area",
            Polygon([(-50.0, 67.0), (-49.0, 67.0), (-49.0, 67.5), (-50.0, 67.5)]),
            {"area_km2": 2000.0},
            style=Style(stroke="#aa0000", fill="#aa0000", fill_opacity=0.3),
        ),
        ExportFeature("pole", "BGTL 1600 km", circle_polygon(c), {"radius_km": 1600.0}, circle=c),
        ExportFeature("lbl", "KANGERLUSSUAQ", Point(-50.7, 67.0), text=True),
        ExportFeature(
            "f1",
            "airfield BGSF",
            Point(-50.711603, 67.012222),
            {"text_token": "tokF1"},
            symbol="SFGPUCR---*****",
            marking=RESTRICTED_DNK_BEL,
            description="apron takes four C-130",
        ),
        ExportFeature(
            "multi",
            "two legs",
            MultiLineString([[(-50.0, 60.0), (-45.0, 61.0)], [(-40.0, 65.0), (-35.0, 66.0)]]),
        ),
    ]
    return ExportDocument(
        "test",
        "Test overlay",
        (ExportLayer("mixed", "Mixed", tuple(feats), "unit test", "hand-made"),),
        DocumentMarking.of([RESTRICTED_DNK_BEL]),
        audience="Maj Peeters (BEL, RESTRICTED)",
    )


def test_nvg__root_namespace_version_and_symbols(tmp_path: Path) -> None:
    path = write_export(_doc(), "nvg", tmp_path / "o.nvg")
    root = ET.parse(path).getroot()
    assert root.tag == f"{NVG}nvg" and root.get("version") == "2.0.2"
    points = root.findall(f".//{NVG}point")
    assert {p.get("symbol") for p in points} == {"app6b:SFGPIBA---H****", "app6b:SFGPUCR---*****"}
    circle = root.find(f".//{NVG}circle")
    assert circle is not None
    assert (float(circle.attrib["cx"]), float(circle.attrib["cy"]), float(circle.attrib["r"])) == (
        BGTL[1],
        BGTL[0],
        1_600_000.0,
    )
    assert root.find(f".//{NVG}text/{NVG}content").text == "KANGERLUSSUAQ"  # type: ignore[union-attr]
    assert (
        len(root.findall(f".//{NVG}polyline")) == 3 and len(root.findall(f".//{NVG}polygon")) == 1
    )
    meta = {d.get("key"): d.text for d in root.find(f"{NVG}extendedData")}  # type: ignore[union-attr]
    assert meta["classification"] == "RESTRICTED" and meta["releasable_to"] == "BEL DNK"
    assert meta["marking"] == "RESTRICTED REL TO BEL, DNK"
    rights = root.find(f"{NVG}metadata/{{http://purl.org/dc/elements/1.1/}}rights")
    assert rights is not None and rights.text == "RESTRICTED REL TO BEL, DNK"


def test_nvg__round_trip_gives_the_same_features(tmp_path: Path) -> None:
    doc = _doc()
    back = read_nvg(write_export(doc, "nvg", tmp_path / "o.nvg"))
    assert back.marking == doc.marking and back.title == doc.title
    assert back.audience == doc.audience
    (layer,) = back.layers
    assert layer.id == "mixed" and layer.source == "unit test" and layer.caveat == "hand-made"
    by_id = {f.id: f for f in layer.features}
    assert list(by_id) == [f.id for f in doc.layers[0].features]
    for f in doc.layers[0].features:
        g = by_id[f.id]
        assert g.name == f.name and g.symbol == f.symbol and g.marking == f.marking
        assert g.properties == {k: v for k, v in f.properties.items() if v is not None}
        assert g.text == f.text and g.description == f.description and g.circle == f.circle
        assert g.style == f.style
        if f.circle is None:
            assert g.geometry.geom_type == f.geometry.geom_type
            assert g.geometry.equals_exact(f.geometry, 1e-6)
    assert type(by_id["BGGH"].properties["rank"]) is int
    assert by_id["BGGH"].properties["paved"] is True


def test_circle_polygon__vertices_on_the_geodesic_circle_and_pole_inside() -> None:
    c = Circle(BGTL[0], BGTL[1], 1_600_000.0)
    poly = circle_polygon(c)
    assert poly.geom_type == "Polygon" and poly.is_valid
    assert poly.contains(Point(0.0, 89.9)) and poly.contains(Point(179.0, 89.0))
    far = Geodesic.WGS84.Inverse(BGTL[0], BGTL[1], 59.8, -43.9)["s12"]  # Kap Farvel
    assert far > 1_600_000.0 and not poly.contains(Point(-43.9, 59.8))
    xs, ys = np.asarray(poly.exterior.coords).T
    assert xs.min() == -180.0 and xs.max() == 180.0 and ys.max() == 90.0
    ring = [(x, y) for x, y in zip(xs, ys, strict=True) if abs(x) < 180.0 and y < 90.0]
    for x, y in ring:  # GeographicLib (Karney 2013): every vertex 1,600 km from Pituffik
        d = Geodesic.WGS84.Inverse(BGTL[0], BGTL[1], y, x)["s12"]
        assert d == pytest.approx(1_600_000.0, abs=0.01)


def test_circle_polygon__across_the_date_line_is_cut_in_two() -> None:
    poly = circle_polygon(Circle(65.0, 179.0, 300_000.0))
    assert poly.geom_type == "MultiPolygon" and len(poly.geoms) == 2
    east, west = sorted(poly.geoms, key=lambda p: -p.bounds[0])
    assert east.bounds[2] == 180.0 and west.bounds[0] == -180.0
    assert all(-180.0 <= x <= 180.0 for p in poly.geoms for x, _ in p.exterior.coords)


def test_geojson__rfc7946_shape_marking_and_ccw_rings(tmp_path: Path) -> None:
    path = write_export(_doc(), "geojson", tmp_path / "o.geojson")
    gj = json.loads(path.read_text(encoding="utf-8"))
    assert gj["type"] == "FeatureCollection"
    assert gj["marking"] == {
        "level": "RESTRICTED",
        "rel_to": ["BEL", "DNK"],
        "banner": "RESTRICTED REL TO BEL, DNK",
    }
    assert gj["layer"]["id"] == "test"
    feats = {f["id"]: f for f in gj["features"]}
    assert feats["BGGH"]["geometry"] == {"type": "Point", "coordinates": [-51.678064, 64.190922]}
    assert feats["BGGH"]["properties"]["symbol"] == "SFGPIBA---H****"
    assert feats["f1"]["properties"]["marking"]["rel_to"] == ["DNK", "BEL"]
    pole = shape(feats["pole"]["geometry"])
    assert pole.contains(Point(0.0, 89.9))
    for fid in ("pole", "box"):  # RFC 7946 §3.1.6: exterior rings counter-clockwise
        ring = feats[fid]["geometry"]["coordinates"][0]
        x, y = np.asarray(ring).T
        assert 0.5 * np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]) > 0
    assert feats["pole"]["properties"]["circle_radius_m"] == 1_600_000.0


def test_geojson__unmarked_document_has_null_rel_to() -> None:
    layer = ExportLayer("sites", "Sites", [ExportFeature("BGGH", "Nuuk", Point(-51.68, 64.19))])
    gj = to_geojson(ExportDocument("sites", "Sites", [layer], DocumentMarking.of([])))
    assert gj["marking"] == {"level": "UNCLASSIFIED", "rel_to": None, "banner": "UNCLASSIFIED"}


def test_kml__read_back_with_pyogrio_and_styles(tmp_path: Path) -> None:
    path = write_export(_doc(), "kml", tmp_path / "o.kml")
    layers = {name for name, _gt in pyogrio.list_layers(path)}
    assert layers == {"Mixed"}
    meta, table = pyogrio.raw.read(path, layer="Mixed")[0], pyogrio.raw.read(path, layer="Mixed")
    del meta
    fields = list(table[0]["fields"])
    names = list(table[3][fields.index("Name")])
    assert names == [f.name for f in _doc().layers[0].features]
    from shapely import from_wkb

    geoms = [from_wkb(g) for g in table[2]]
    assert geoms[0].x == pytest.approx(-51.678064, abs=1e-6)
    assert geoms[0].y == pytest.approx(64.190922, abs=1e-6)
    root = ET.parse(path).getroot()
    ns = "{http://www.opengis.net/kml/2.2}"
    doc = root.find(f"{ns}Document")
    assert doc is not None
    data = {d.get("name"): d.find(f"{ns}value").text for d in doc.find(f"{ns}ExtendedData")}  # type: ignore[union-attr]
    assert data["classification"] == "RESTRICTED" and data["releasable_to"] == "BEL DNK"
    assert doc.find(f"{ns}Snippet").text == "RESTRICTED REL TO BEL, DNK"  # type: ignore[union-attr]
    # #21918c fill, opaque -> KML aabbggrr "ff8c9121"
    colours = {c.text for c in doc.iter(f"{ns}color")}
    assert "ff8c9121" in colours


def test_gpkg__read_back_with_pyogrio_metadata_and_columns(tmp_path: Path) -> None:
    path = write_export(_doc(), "gpkg", tmp_path / "o.gpkg")
    info = pyogrio.read_info(path, layer="mixed")
    assert info["crs"] == "EPSG:4326" and info["features"] == 7
    for md in (info["dataset_metadata"], info["layer_metadata"]):
        assert md["classification"] == "RESTRICTED" and md["releasable_to"] == "BEL DNK"
        assert md["marking"] == "RESTRICTED REL TO BEL, DNK"
    meta, _fids, geoms, cols = pyogrio.raw.read(path, layer="mixed")
    fields = list(meta["fields"])
    rec = {f: cols[i] for i, f in enumerate(fields)}
    assert list(rec["feature_id"]) == ["BGGH", "leg", "box", "pole", "lbl", "f1", "multi"]
    assert rec["longest_runway_m"][0] == 2200.0
    assert rec["classification"][5] == "RESTRICTED" and rec["releasable_to"][5] == "DNK BEL"
    assert rec["circle_radius_m"][3] == 1_600_000.0
    from shapely import from_wkb

    assert from_wkb(geoms[3]).contains(Point(0.0, 89.9))


def test_writers__refuse_a_missing_folder_and_leave_no_file(tmp_path: Path) -> None:
    for fmt in ("nvg", "kml", "gpkg", "geojson"):
        with pytest.raises(InputError, match="does not exist"):
            write_export(_doc(), fmt, tmp_path / "nope" / f"o.{fmt}")
    assert list(tmp_path.iterdir()) == []


def test_writers__a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "o.gpkg"
    path.write_bytes(b"old")
    empty = ExportDocument("e", "Empty", (ExportLayer("e", "E", ()),), DocumentMarking.of([]))
    with pytest.raises(InputError, match="nothing to write"):
        write_export(empty, "gpkg", path)
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["o.gpkg"]


def test_model__rejects_bad_input() -> None:
    with pytest.raises(InputError, match="colour"):
        Style(stroke="red")
    with pytest.raises(InputError, match="property 'x' is a list"):
        ExportFeature("a", "a", Point(0, 0), {"x": [1, 2]})
    with pytest.raises(InputError, match="positive"):
        Circle(70.0, -40.0, 0.0)
    with pytest.raises(InputError, match="layer id"):
        ExportLayer("Bad Id", "x", ())
    with pytest.raises(InputError, match="format"):
        write_export(_doc(), "shp", Path("x.shp"))
