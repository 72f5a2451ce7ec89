"""Property tests: geodesic circles, their unions and the RFC 7946 cut."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import Point

from arcticrecon.geo import circle_union, geodesic_circle

GEOD = Geod(ellps="WGS84")
arctic_lat = st.floats(min_value=55.0, max_value=90.0, allow_nan=False)
any_lon = st.floats(min_value=-180.0, max_value=180.0, allow_nan=False)
radius_m = st.floats(min_value=5_000.0, max_value=3_000_000.0, allow_nan=False)


def _pole_distance_m(lat: float, lon: float) -> float:
    return float(GEOD.inv(lon, lat, 0.0, 90.0)[2])


@settings(max_examples=40, deadline=None)
@given(arctic_lat, any_lon, radius_m)
def test_geodesic_circle__contains_pole_iff_radius_exceeds_pole_distance(lat, lon, r):
    d = _pole_distance_m(lat, lon)
    assume(abs(d - r) > 5_000.0)  # keep clear of the boundary for the point test
    c = geodesic_circle(lat_deg=lat, lon_deg=lon, radius_m=r)
    assert c.contains_north_pole == (r > d)
    g = c.lonlat_geometry()
    assert g.is_valid
    # a point 1 km from the pole, on the far side from the centre
    near_pole = GEOD.fwd(lon + 180.0, 90.0, 180.0, 1000.0)
    assert g.intersects(Point(near_pole[0], near_pole[1])) == (r > d + 1000.0)


@settings(max_examples=40, deadline=None)
@given(arctic_lat, any_lon, radius_m, st.floats(min_value=-360.0, max_value=360.0))
def test_geodesic_circle__area_does_not_depend_on_longitude(lat, lon, r, shift):
    lon2 = (lon + shift + 180.0) % 360.0 - 180.0
    a = geodesic_circle(lat_deg=lat, lon_deg=lon, radius_m=r)
    b = geodesic_circle(lat_deg=lat, lon_deg=lon2, radius_m=r)  # may now cross 180°
    assert abs(b.area_m2 / a.area_m2 - 1) < 1e-9
    assert abs(b.perimeter_m / a.perimeter_m - 1) < 1e-9


@settings(max_examples=30, deadline=None)
@given(arctic_lat, any_lon, radius_m, st.floats(min_value=1.001, max_value=2.0))
def test_geodesic_circle__area_grows_with_radius_and_stays_below_the_plane(lat, lon, r, k):
    a = geodesic_circle(lat_deg=lat, lon_deg=lon, radius_m=r)
    b = geodesic_circle(lat_deg=lat, lon_deg=lon, radius_m=min(r * k, 9_000_000.0))
    assert b.area_m2 > a.area_m2
    # positive curvature: a geodesic disc is smaller than the flat disc, longer than 0
    assert 0.9 * np.pi * r**2 < a.area_m2 < np.pi * r**2
    assert a.perimeter_m < 2 * np.pi * r


@settings(max_examples=40, deadline=None)
@given(arctic_lat, any_lon, radius_m)
def test_geodesic_circle__cut_parts_keep_the_area_and_rfc7946_form(lat, lon, r):
    c = geodesic_circle(lat_deg=lat, lon_deg=lon, radius_m=r)
    g = c.lonlat_geometry()
    total = 0.0
    for part in getattr(g, "geoms", [g]):
        xy = np.asarray(part.exterior.coords)
        assert part.exterior.is_ccw
        assert np.all(np.abs(xy[:, 0]) <= 180.0) and np.all(xy[:, 1] <= 90.0)
        jump = np.abs(np.diff(xy[:, 0])) > 180.0
        polar = (xy[:-1, 1] == 90.0) & (xy[1:, 1] == 90.0)
        assert not np.any(jump & ~polar)
        total += abs(GEOD.polygon_area_perimeter(xy[:-1, 0], xy[:-1, 1])[0])
    assert abs(total / c.area_m2 - 1) < 1e-4


circle_args = st.tuples(
    st.floats(min_value=60.0, max_value=89.0),
    any_lon,
    st.floats(min_value=50_000.0, max_value=1_500_000.0),
)


@settings(max_examples=25, deadline=None)
@given(st.lists(circle_args, min_size=1, max_size=4))
def test_circle_union__bounded_by_max_and_sum_and_order_free(args):
    cs = [geodesic_circle(lat_deg=a, lon_deg=b, radius_m=r) for a, b, r in args]
    u = circle_union(cs)
    largest = max(c.area_m2 for c in cs)
    total = sum(c.area_m2 for c in cs)
    assert largest * (1 - 1e-7) <= u.area_m2 <= total * (1 + 1e-7)
    assert abs(circle_union(cs[::-1]).area_m2 / u.area_m2 - 1) < 1e-9
    assert abs(circle_union([*cs, cs[0]]).area_m2 / u.area_m2 - 1) < 1e-9
    assert u.contains_north_pole == any(c.contains_north_pole for c in cs)
    assert u.lonlat_geometry().is_valid


@settings(max_examples=25, deadline=None)
@given(circle_args, circle_args)
def test_circle_union__inclusion_exclusion_within_bounds(a, b):
    ca = geodesic_circle(lat_deg=a[0], lon_deg=a[1], radius_m=a[2])
    cb = geodesic_circle(lat_deg=b[0], lon_deg=b[1], radius_m=b[2])
    d = float(GEOD.inv(a[1], a[0], b[1], b[0])[2])
    u = circle_union([ca, cb]).area_m2
    if d > a[2] + b[2] + 1000.0:  # disjoint: the sum
        assert abs(u / (ca.area_m2 + cb.area_m2) - 1) < 1e-8
    elif d + min(a[2], b[2]) < max(a[2], b[2]) - 1000.0:  # nested: the larger
        assert abs(u / max(ca.area_m2, cb.area_m2) - 1) < 1e-8
    else:
        assert max(ca.area_m2, cb.area_m2) <= u * (1 + 1e-8)
        assert u <= (ca.area_m2 + cb.area_m2) * (1 + 1e-8)
