"""Report maps: APP-6 symbols, labels that never overlap (placed or dropped by priority),
circles round the pole as one closed curve, scale bar from the projection's scale factor,
self-contained SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from pyproj import Proj, Transformer

from arcticrecon.report.svgmap import MapCircle, MapPoint, greenland_svg, place_labels

SVG = "{http://www.w3.org/2000/svg}"


def _boxes(svg: str) -> list[tuple[float, float, float, float]]:
    """Label boxes from the drawn <text> elements (same width rule as the placer)."""
    root = ET.fromstring(svg)
    out = []
    for t in root.iter(f"{SVG}text"):
        if t.get("paint-order") != "stroke":
            continue
        x, y, n = float(t.attrib["x"]), float(t.attrib["y"]), len(t.text or "")
        w, h = 0.58 * 10 * n + 2, 11
        a = t.get("text-anchor")
        x0 = x if a == "start" else (x - w if a == "end" else x - w / 2)
        out.append((x0, y - h * 0.85, x0 + w, y + h * 0.15))
    return out


def test_labels__dense_cluster_never_overlaps_and_keeps_the_priorities() -> None:
    # 30 labelled symbols within ~60 km of Nuuk: most labels must be dropped, never overlap
    rng = np.random.default_rng(1)
    pts = [
        MapPoint(
            64.18 + rng.uniform(-0.3, 0.3),
            -51.7 + rng.uniform(-0.6, 0.6),
            "#80e0ff",
            5.0,
            f"site {i}",
            label=f"GL{i:02d}",
            symbol="SFGPIT----H****",
            priority=float(i),
        )
        for i in range(30)
    ]
    svg = greenland_svg(pts, title="dense")
    boxes = _boxes(svg)
    assert 1 <= len(boxes) < 30
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (
                a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5
            )
    assert "GL29" in svg  # the highest priority label is always placed
    assert svg.count("<title>site") == 30  # a dropped label keeps its tooltip


def test_place_labels__priority_decides_who_gets_the_spot() -> None:
    got = place_labels(
        [(100, 100, 5, "LOW", 0.0), (100, 100, 5, "HIGH", 9.0)], bounds=(0, 0, 200, 200)
    )
    assert [(i, a) for i, _x, _y, a in got] == [(1, "start"), (0, "end")]
    # no room at all: dropped
    got = place_labels([(5, 5, 5, "X" * 40, 1.0)], bounds=(0, 0, 20, 20))
    assert got == []


def test_circle_round_the_pole__one_closed_curve_through_the_right_points() -> None:
    # Pituffik (76.53 N, 68.70 W), 1,600 km: contains the North Pole
    svg = greenland_svg([], title="pole", circles=[MapCircle(76.531203, -68.703161, 1_600_000.0)])
    m = re.search(r'<path d="(M[^"]+)" fill="#c0392b"', svg)
    assert m is not None
    d = m.group(1)
    assert d.count("M") == 1 and d.endswith("Z")
    pts = np.array([[float(v) for v in p.split(",")] for p in d[1:-1].split(" ")])
    # map pixels back to EPSG:3413 and lon/lat: every vertex 1,600 km from Pituffik
    x = -800_000.0 + pts[:, 0] / 720.0 * 1_750_000.0
    y = -550_000.0 - pts[:, 1] / (720.0 * 2_950_000.0 / 1_750_000.0) * 2_950_000.0
    lon, lat = Transformer.from_crs("EPSG:3413", "EPSG:4326", always_xy=True).transform(x, y)
    from geographiclib.geodesic import Geodesic

    for i in range(0, len(lon), max(1, len(lon) // 40)):
        s = Geodesic.WGS84.Inverse(76.531203, -68.703161, lat[i], lon[i])["s12"]
        assert s == pytest.approx(1_600_000.0, rel=2e-3)  # 0.1 px rounding of the path


def test_scale_bar__500_km_at_the_standard_parallel() -> None:
    svg = greenland_svg([], title="scale")
    rects = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="4"', svg)
    total_px = sum(float(w) for _x, w in rects)
    # 720 px for 1,750 km of EPSG:3413 map plane; scale factor 1 at 70°N (true scale)
    assert total_px == pytest.approx(500.0 / 1750.0 * 720.0, abs=0.3)
    k60 = Proj("EPSG:3413").get_factors(-45.0, 60.0).meridional_scale
    assert f"{k60 * 100:.0f} %" in svg


def test_svg__self_contained_with_symbols_and_legend() -> None:
    pts = [
        MapPoint(
            67.0, -50.7, "#fde725", 5.0, "BGSF", label="BGSF", symbol="SFGPIBA---H****", ring=True
        ),
        MapPoint(64.2, -51.7, "#80e0ff", 4.0, "heliport", symbol="SFGPIT----H****"),
        MapPoint(70.0, -30.0, "#b0b0b0", 4.0, "closed", symbol="SFGAIBA---H****"),
    ]
    svg = greenland_svg(pts, title="t")
    ET.fromstring(svg)  # well-formed
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert svg.count('class="app6"') >= 3 + 3  # the points and their legend entries
    assert "airport / air base" in svg and "heliport" in svg and "may re-open" in svg
    assert 'stroke-dasharray="2,1.5"' in svg  # anticipated status: dashed frame


def test_score_colour__viridis_ends_and_grey_for_excluded() -> None:
    from arcticrecon.report.svgmap import score_colour

    # viridis ends as published (van der Walt & Smith, matplotlib _cm_listed): #440154, #fde725
    assert [score_colour(0.0), score_colour(1.0)] == ["#440154", "#fde725"]
    assert score_colour(-3.0) == "#440154" and score_colour(7.0) == "#fde725"  # clipped
    assert score_colour(None) == score_colour(float("nan")) == "#b0b0b0"
    assert score_colour(0.5) == score_colour(0.5) != score_colour(0.6)  # cached map, same
