"""Geodesic geometry of surveyed zones: lengths, widths, headings, areas from corner points.

Reference values: the distances and azimuths the corners were laid out with by
GeographicLib's direct problem (tests/unit/zones/conftest.py), and GeographicLib's own
polygon area (``Geodesic.WGS84.Polygon``), computed here.
"""

from __future__ import annotations

import math

import pytest
from geographiclib.geodesic import Geodesic

from arcticrecon.errors import InputError
from arcticrecon.survey.forms import Position
from arcticrecon.zones.geometry import (
    check_polygon,
    inscribed_diameter_m,
    measure_centerline,
    measure_strip,
)


def _pos(corners: list[dict[str, float]]) -> list[Position]:
    return [Position(**c) for c in corners]


def _geographiclib_area(corners: list[dict[str, float]]) -> float:
    poly = Geodesic.WGS84.Polygon()
    for c in corners:
        poly.AddPoint(c["lat_deg"], c["lon_deg"])
    _, _, area = poly.Compute(False, True)
    return abs(area)


@pytest.mark.parametrize(
    ("lat", "lon", "heading", "length", "width"),
    [
        (67.0108, -50.7000, 95.0, 2810.0, 45.0),  # Kangerlussuaq-like, east-west
        (76.5312, -68.7032, 260.0, 3047.0, 46.0),  # Pituffik
        (81.6000, -16.6600, 30.0, 1800.0, 30.0),  # Station Nord, far north
        (89.9900, 0.0, 180.0, 900.0, 30.0),  # 1.1 km from the North Pole
        (65.0000, 179.9950, 90.0, 1500.0, 40.0),  # across the 180° meridian
    ],
)
def test_measure_strip__matches_geographiclib_layout(strip, lat, lon, heading, length, width):
    corners = strip(lat, lon, heading, length, width)
    g = measure_strip(_pos(corners))
    assert g.length_m == pytest.approx(length, abs=0.05)
    assert g.width_m == pytest.approx(width, abs=0.01)
    # heading: mean true course of the two sides leaving end 1 (GeographicLib azimuths; they
    # differ by the convergence of the meridians, 1.5° at 1 km from the pole)
    side2 = Geodesic.WGS84.Inverse(
        corners[1]["lat_deg"], corners[1]["lon_deg"], corners[2]["lat_deg"], corners[2]["lon_deg"]
    )["azi1"]
    expected = math.degrees(
        math.atan2(
            math.sin(math.radians(heading)) + math.sin(math.radians(side2)),
            math.cos(math.radians(heading)) + math.cos(math.radians(side2)),
        )
    )
    assert (g.heading_deg - expected + 180.0) % 360.0 - 180.0 == pytest.approx(0.0, abs=1e-6)
    assert g.area_m2 == pytest.approx(_geographiclib_area(corners), rel=1e-6)
    assert g.area_m2 == pytest.approx(length * width, rel=1e-3)


def test_measure_strip__corner_order_is_free(strip):
    """Starting at another corner or going the other way round measures the same strip."""
    corners = strip(67.0, -50.7, 97.0, 2000.0, 40.0)
    a = measure_strip(_pos(corners))
    b = measure_strip(_pos(corners[1:] + corners[:1]))
    c = measure_strip(_pos(corners[::-1]))
    for g in (b, c):
        assert g.length_m == pytest.approx(a.length_m, abs=1e-6)
        assert g.width_m == pytest.approx(a.width_m, abs=1e-6)
    assert a.ident == "10/28"  # true heading 97° -> 10, reciprocal 277° -> 28


def test_measure_strip__quadrilateral_takes_the_shorter_side(strip):
    corners = strip(67.0, -50.7, 0.0, 1000.0, 30.0)
    r = Geodesic.WGS84.Direct(corners[2]["lat_deg"], corners[2]["lon_deg"], 0.0, 50.0)
    corners[2] = {"lat_deg": r["lat2"], "lon_deg": r["lon2"]}  # one side 50 m longer
    g = measure_strip(_pos(corners))
    assert g.length_m == pytest.approx(1000.0, abs=0.05)


def test_measure_centerline__geodesic_length_and_course():
    a = (64.1909, -51.6781)
    r = Geodesic.WGS84.Direct(*a, 44.0, 2200.0)
    g = measure_centerline(
        [Position(lat_deg=a[0], lon_deg=a[1]), Position(lat_deg=r["lat2"], lon_deg=r["lon2"])],
        45.0,
    )
    assert g.length_m == pytest.approx(2200.0, abs=1e-6)
    assert g.heading_deg == pytest.approx(44.0, abs=1e-9)
    assert g.ident == "04/22"
    assert g.width_m == 45.0


def test_check_polygon__self_crossing_names_the_sides(strip):
    c = strip(67.0, -50.7, 0.0, 1000.0, 30.0)
    bowtie = [c[0], c[2], c[1], c[3]]  # 1-3-2-4: sides 1-2 and 3-4 cross
    with pytest.raises(InputError, match=r"crosses itself: side 1-2 crosses side 3-4") as e:
        check_polygon(_pos(bowtie))
    assert e.value.field == "corners"


def test_check_polygon__duplicate_collinear_and_far_corners(strip):
    c = _pos(strip(67.0, -50.7, 0.0, 1000.0, 30.0))
    with pytest.raises(InputError, match="corners 2 and 3 are the same point"):
        check_polygon([c[0], c[1], c[1], c[3]])
    mid = Geodesic.WGS84.Direct(67.0, -50.7, 0.0, 500.0)
    end = Geodesic.WGS84.Direct(67.0, -50.7, 0.0, 1000.0)
    line = [
        Position(lat_deg=67.0, lon_deg=-50.7),
        Position(lat_deg=mid["lat2"], lon_deg=mid["lon2"]),
        Position(lat_deg=end["lat2"], lon_deg=end["lon2"]),
    ]
    with pytest.raises(InputError, match="lie on one line"):
        check_polygon(line)
    far = [c[0], c[1], Position(lat_deg=72.0, lon_deg=-50.0), c[3]]
    with pytest.raises(InputError, match=r"corner 3 is \d[\d,.]* km from corner 1"):
        check_polygon(far)


def test_inscribed_diameter__square_and_rectangle(strip):
    square = _pos(strip(70.0, -40.0, 30.0, 80.0, 80.0))
    assert inscribed_diameter_m(square) == pytest.approx(80.0, abs=0.2)
    rect = _pos(strip(70.0, -40.0, 30.0, 200.0, 60.0))
    assert inscribed_diameter_m(rect) == pytest.approx(60.0, abs=0.2)


def test_parse_position_text__polar_mgrs_reference():
    # a survey position written in the UPS part of MGRS (Lincoln Sea side, 85°N 30°W)
    from arcticrecon.zones.reading import parse_position_text

    assert parse_position_text("YXC 22271 18959") == pytest.approx((85.0, -30.0), abs=1e-4)
