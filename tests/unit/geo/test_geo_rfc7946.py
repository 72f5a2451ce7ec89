"""RFC 7946 cutting of lon/lat geometries (arcticrecon.geo.rfc7946)."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from arcticrecon.errors import InputError
from arcticrecon.geo import (
    cut_at_antimeridian,
    rfc7946_bbox,
    rfc7946_geometry,
    ring_pole_winding,
)


def test_ring_pole_winding__east_west_and_none():
    east = np.linspace(-180.0, 179.0, 360)
    assert ring_pole_winding(east) == 1
    assert ring_pole_winding(east[::-1]) == -1
    assert ring_pole_winding(np.array([170.0, -170.0, -170.0, 170.0])) == 0
    assert ring_pole_winding(np.array([-50.0, -40.0, -40.0, -50.0])) == 0


def test_cut_at_antimeridian__square_across_180_splits_at_the_line():
    sq = Polygon([(179.0, 60.0), (-179.0, 60.0), (-179.0, 61.0), (179.0, 61.0)])
    cut = cut_at_antimeridian(sq)
    assert isinstance(cut, MultiPolygon)
    bounds = sorted(p.bounds for p in cut.geoms)
    assert bounds[0][0] == -180.0 and bounds[0][2] == pytest.approx(-179.0)
    assert bounds[1][0] == pytest.approx(179.0) and bounds[1][2] == 180.0
    assert all(p.exterior.is_ccw for p in cut.geoms)


def test_cut_at_antimeridian__ring_round_the_north_pole_is_closed_over_it():
    lon = np.linspace(-179.5, 179.5, 360)
    ring = Polygon(np.column_stack([lon, np.full_like(lon, 80.0)]))  # eastwards: pole left
    cut = cut_at_antimeridian(ring)
    assert isinstance(cut, Polygon) and cut.is_valid
    assert cut.contains(Point(0.0, 89.0)) and not cut.contains(Point(0.0, 79.0))
    assert cut.bounds[3] == 90.0 and cut.bounds[0] == -180.0 and cut.bounds[2] == 180.0
    assert rfc7946_bbox(ring) == [-180.0, 80.0, 180.0, 90.0]


def test_cut_at_antimeridian__plain_polygon_is_only_oriented():
    cw = Polygon([(-50.0, 64.0), (-50.0, 65.0), (-49.0, 65.0), (-49.0, 64.0)])
    assert not cw.exterior.is_ccw
    out = cut_at_antimeridian(cw)
    assert out.exterior.is_ccw and out.equals(cw)


def test_cut_at_antimeridian__line_across_180():
    cut = cut_at_antimeridian(LineString([(178.0, 65.0), (-178.0, 66.0)]))
    assert cut.geom_type == "MultiLineString"
    ends = sorted(abs(c[0]) for part in cut.geoms for c in part.coords)
    assert ends[-1] == 180.0 and ends[-2] == 180.0
    assert cut_at_antimeridian(Point(-51.7, 64.2)).equals(Point(-51.7, 64.2))


def test_cut_at_antimeridian__bad_input():
    with pytest.raises(InputError, match=r"outside -180\.\.180"):
        cut_at_antimeridian(Polygon([(190.0, 60.0), (191.0, 60.0), (191.0, 61.0)]))
    from shapely.geometry import GeometryCollection

    with pytest.raises(InputError, match="GeometryCollection"):
        cut_at_antimeridian(GeometryCollection([Point(0.0, 0.0)]))


def test_rfc7946_geometry__rounds_to_six_decimals_and_lists():
    gj = rfc7946_geometry(Polygon([(179.0, 60.0), (-179.0, 60.0), (-179.0, 61.1234567891)]))
    assert gj["type"] == "MultiPolygon"
    flat = [c for poly in gj["coordinates"] for ring in poly for pt in ring for c in pt]
    assert all(isinstance(c, float) for c in flat)
    assert 61.123457 in flat
