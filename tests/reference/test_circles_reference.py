"""Geodesic circles and their unions against independent references computed here.

References (none of them uses arcticrecon's polygon method):

- the closed-form area of an ellipsoidal polar cap, pi a² (q_p - q(phi)), with
  q(phi) = (1 - e²) [sin phi / (1 - e² sin² phi) - ln((1 - e sin phi) / (1 + e sin phi)) / (2e)]
  (J. P. Snyder, "Map Projections — A Working Manual", USGS Professional Paper 1395, 1987,
  eqs. 3-11, 3-12), and the length of a parallel, 2 pi N cos phi (Snyder eq. 4-20);
- for a circle anywhere, the area in geodesic polar coordinates, integral over azimuth
  alpha and distance s of the reduced length m(s; alpha) (Gauss's lemma: the metric is
  ds² + m² dalpha²), and its perimeter, integral of m(r; alpha) dalpha, with m from the
  ``geographiclib`` package (C. F. F. Karney, J. Geodesy 87 (2013) 43-55) and
  Gauss-Legendre / trapezoid quadrature;
- for unions, the area in a Lambert azimuthal equal-area plane (exactly equal-area on the
  ellipsoid, Snyder §24) as 1/2 the integral of R(theta)² over the polar angle round a
  point inside every circle, R found by bisection on exact geodesic distances — no
  polygons, no shapely.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from pyproj import Transformer
from shapely.geometry import Point, Polygon, shape

from arcticrecon.geo import (
    circle_union,
    geodesic_circle,
    greenland_outline,
    rfc7946_bbox,
    union_area_km2,
)

GEOD = Geodesic.WGS84
A_M = GEOD.a
E2 = GEOD.f * (2 - GEOD.f)
E = math.sqrt(E2)


def _q(phi_rad: float) -> float:
    s = math.sin(phi_rad)
    return (1 - E2) * (s / (1 - E2 * s * s) - math.log((1 - E * s) / (1 + E * s)) / (2 * E))


def _polar_cap(radius_m: float) -> tuple[float, float]:
    """Area [m²] and boundary length [m] of the geodesic circle centred on the North Pole."""
    phi = math.radians(GEOD.Direct(90.0, 0.0, 180.0, radius_m)["lat2"])
    area = math.pi * A_M**2 * (_q(math.pi / 2) - _q(phi))
    n = A_M / math.sqrt(1 - E2 * math.sin(phi) ** 2)
    return area, 2 * math.pi * n * math.cos(phi)


def _polar_coordinate_area(lat: float, lon: float, radius_m: float) -> tuple[float, float]:
    """Area [m²] and perimeter [m] from the reduced length m(s; alpha) (Gauss's lemma)."""
    n_az, n_s = 96, 24  # periodic trapezoid in alpha (spectral), Gauss-Legendre in s
    x, w = np.polynomial.legendre.leggauss(n_s)
    s_nodes = (x + 1) * radius_m / 2
    s_weights = w * radius_m / 2
    area = perim = 0.0
    for k in range(n_az):
        line = GEOD.Line(lat, lon, 360.0 * k / n_az, Geodesic.DISTANCE_IN | Geodesic.REDUCEDLENGTH)
        m = [line.Position(s, Geodesic.REDUCEDLENGTH)["m12"] for s in s_nodes]
        area += float(np.dot(s_weights, m))
        perim += line.Position(radius_m, Geodesic.REDUCEDLENGTH)["m12"]
    d_alpha = 2 * math.pi / n_az
    return area * d_alpha, perim * d_alpha


def _star_union_area(circles, lat0: float, lon0: float, n_theta: int = 16384) -> float:
    """Union area [m²] as 1/2 ∫ R(θ)² dθ in the equal-area plane round (lat0, lon0)."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    inv = Transformer.from_crs(
        f"+proj=laea +lat_0={lat0} +lon_0={lon0} +ellps=WGS84", "EPSG:4326", always_xy=True
    )
    theta = (np.arange(n_theta) + 0.5) * 2 * np.pi / n_theta

    def inside(rho):
        lo, la = inv.transform(rho * np.cos(theta), rho * np.sin(theta))
        hit = np.zeros(n_theta, dtype=bool)
        for c in circles:
            _, _, d = geod.inv(
                np.full(n_theta, c.centre_lon_deg), np.full(n_theta, c.centre_lat_deg), lo, la
            )
            hit |= np.asarray(d) <= c.radius_m
        return hit

    lo_r, hi_r = np.zeros(n_theta), np.full(n_theta, 6.0e6)
    for _ in range(40):  # 6,000 km / 2^40 < 10 µm
        mid = (lo_r + hi_r) / 2
        hit = inside(mid)
        lo_r, hi_r = np.where(hit, mid, lo_r), np.where(hit, hi_r, mid)
    r = (lo_r + hi_r) / 2
    return float(0.5 * np.sum(r**2) * 2 * np.pi / n_theta)


def _assert_rfc7946_edges(xy: np.ndarray) -> None:
    """No edge spans more than 180° of longitude, except along a pole (lat ±90)."""
    jump = np.abs(np.diff(xy[:, 0])) > 180.0
    polar = (np.abs(xy[:-1, 1]) == 90.0) & (np.abs(xy[1:, 1]) == 90.0)
    assert not np.any(jump & ~polar)


@pytest.mark.parametrize("radius_km", [10.0, 150.0, 556.0, 1500.0, 4000.0])
def test_geodesic_circle__polar_cap_closed_form(radius_km):
    c = geodesic_circle(lat_deg=90.0, lon_deg=0.0, radius_m=radius_km * 1000)
    area, perim = _polar_cap(radius_km * 1000)
    assert c.area_m2 == pytest.approx(area, rel=1e-8)
    assert c.perimeter_m == pytest.approx(perim, rel=1e-9)
    assert c.contains_north_pole


@pytest.mark.parametrize(
    ("lat", "lon", "radius_km"),
    [
        (76.531203, -68.703161, 556.0),  # Pituffik (BGTL), AW101 2 h reach
        (85.0, -40.0, 1000.0),  # contains the North Pole
        (66.0, 179.5, 800.0),  # crosses the antimeridian
        (88.0, 180.0, 400.0),  # both
        (-85.0, 10.0, 700.0),  # contains the South Pole
        (0.0, 0.0, 2500.0),
    ],
)
def test_geodesic_circle__area_and_perimeter_vs_reduced_length_quadrature(lat, lon, radius_km):
    c = geodesic_circle(lat_deg=lat, lon_deg=lon, radius_m=radius_km * 1000)
    area, perim = _polar_coordinate_area(lat, lon, radius_km * 1000)
    assert c.area_m2 == pytest.approx(area, rel=1e-8)
    assert c.perimeter_m == pytest.approx(perim, rel=1e-8)


def test_geodesic_circle__pole_inside_exactly_when_radius_exceeds_distance():
    lat, lon = 85.0, -40.0
    d_pole = GEOD.Inverse(lat, lon, 90.0, 0.0)["s12"]  # 558.5 km
    inside = geodesic_circle(lat_deg=lat, lon_deg=lon, radius_m=d_pole + 2000.0)
    outside = geodesic_circle(lat_deg=lat, lon_deg=lon, radius_m=d_pole - 2000.0)
    assert inside.contains_north_pole and not outside.contains_north_pole
    g_in, g_out = inside.lonlat_geometry(), outside.lonlat_geometry()
    for lon_test in (-180.0, -120.0, -40.0, 0.0, 90.0, 140.0, 179.999):
        assert g_in.intersects(Point(lon_test, 89.999))
        assert not g_out.intersects(Point(lon_test, 89.999))
    # just beyond the pole along the centre's meridian: 1 km inside / outside the radius
    for c in (inside, outside):
        near = GEOD.Direct(lat, lon, 0.0, c.radius_m - 1000.0)
        far = GEOD.Direct(lat, lon, 0.0, c.radius_m + 1000.0)
        g = c.lonlat_geometry()
        assert g.contains(Point(near["lon2"], near["lat2"]))
        assert not g.contains(Point(far["lon2"], far["lat2"]))
        x, y = c.projected_xy("EPSG:3413")  # the EPSG:3413 map ring needs no cut
        ring = Polygon(np.column_stack([x, y]))
        t = Transformer.from_crs("EPSG:4326", "EPSG:3413", always_xy=True)
        assert ring.contains(Point(*t.transform(near["lon2"], near["lat2"])))
        assert not ring.contains(Point(*t.transform(far["lon2"], far["lat2"])))
        assert ring.contains(Point(0.0, 0.0)) == c.contains_north_pole


def test_geodesic_circle__pole_case_geojson_closes_over_the_pole():
    c = geodesic_circle(lat_deg=86.0, lon_deg=-30.0, radius_m=900_000.0)
    gj = c.geojson_geometry()
    assert gj["type"] == "Polygon"
    ext = np.asarray(gj["coordinates"][0])
    _assert_rfc7946_edges(ext)
    assert {(-180.0, 90.0), (180.0, 90.0)} <= {tuple(p) for p in ext.tolist()}
    assert Polygon(ext).exterior.is_ccw  # RFC 7946 §3.1.6
    assert rfc7946_bbox(c.lonlat_geometry())[::2] == [-180.0, 180.0]  # §5.3
    assert rfc7946_bbox(c.lonlat_geometry())[3] == 90.0
    # the cut polygon's geodesic area is the circle's area (the ±180° and 90° edges add 0)
    area = GEOD.Polygon()
    for lon_v, lat_v in ext[:-1]:
        area.AddPoint(lat_v, lon_v)
    assert area.Compute()[2] == pytest.approx(c.area_m2, rel=1e-5)


def test_geodesic_circle__across_the_antimeridian():
    c = geodesic_circle(lat_deg=66.0, lon_deg=179.8, radius_m=300_000.0)
    assert c.crosses_antimeridian and not c.contains_north_pole
    g = c.lonlat_geometry()
    assert g.geom_type == "MultiPolygon" and len(g.geoms) == 2
    for part in g.geoms:
        xy = np.asarray(part.exterior.coords)
        assert np.all(np.abs(xy[:, 0]) <= 180.0)
        assert np.all(np.abs(np.diff(xy[:, 0])) < 180.0)  # no edge jumps across
        assert part.exterior.is_ccw
    total = 0.0
    for part in g.geoms:
        p = GEOD.Polygon()
        for lon_v, lat_v in np.asarray(part.exterior.coords)[:-1]:
            p.AddPoint(lat_v, lon_v)
        total += p.Compute()[2]
    assert total == pytest.approx(c.area_m2, rel=1e-5)
    for lon_t in (179.9, -179.9, 180.0, -180.0):
        assert g.intersects(Point(lon_t, 66.0))
    west, _, east, _ = rfc7946_bbox(g)
    assert west > east  # RFC 7946 §5.2
    # shifting the centre across 180° changes nothing on the ellipsoid
    c0 = geodesic_circle(lat_deg=66.0, lon_deg=-40.0, radius_m=300_000.0)
    assert c.area_m2 == pytest.approx(c0.area_m2, rel=1e-12)


def test_circle_union__disjoint_is_the_sum():
    cs = [
        geodesic_circle(lat_deg=64.19, lon_deg=-51.68, radius_m=300_000.0),
        geodesic_circle(lat_deg=76.53, lon_deg=-68.70, radius_m=400_000.0),
        geodesic_circle(lat_deg=70.0, lon_deg=179.0, radius_m=200_000.0),  # across 180°
    ]
    u = circle_union(cs[:2])
    assert u.area_m2 == pytest.approx(cs[0].area_m2 + cs[1].area_m2, rel=1e-9)
    assert u.perimeter_m == pytest.approx(cs[0].perimeter_m + cs[1].perimeter_m, rel=1e-9)


def test_circle_union__nested_is_the_larger():
    big = geodesic_circle(lat_deg=86.0, lon_deg=-30.0, radius_m=1_200_000.0)  # has the pole
    small = geodesic_circle(lat_deg=88.0, lon_deg=120.0, radius_m=200_000.0)
    assert union_area_km2([small, big]) == pytest.approx(big.area_km2, rel=1e-9)
    area, _ = _polar_coordinate_area(86.0, -30.0, 1_200_000.0)
    assert union_area_km2([big, small]) * 1e6 == pytest.approx(area, rel=1e-8)


@pytest.mark.parametrize(
    ("centres", "radii_km", "star"),
    [
        ([(70.0, -50.0), (72.0, -45.0)], [400.0, 300.0], (71.0, -47.5)),
        ([(85.0, -40.0), (84.0, 60.0)], [800.0, 700.0], (88.0, 0.0)),  # over the pole
        ([(67.0, 179.0), (66.0, -178.0)], [250.0, 200.0], (66.5, -179.8)),  # over 180°
        (
            [(76.53, -68.70), (67.01, -50.71), (64.19, -51.68)],  # BGTL, BGSF, BGGH
            [1300.0, 900.0, 900.0],
            (67.5, -57.0),
        ),
    ],
)
def test_circle_union__overlapping_vs_equal_area_quadrature(centres, radii_km, star):
    cs = [
        geodesic_circle(lat_deg=la, lon_deg=lo, radius_m=r * 1000)
        for (la, lo), r in zip(centres, radii_km, strict=True)
    ]
    assert all(c.contains(lat_deg=star[0], lon_deg=star[1])[0] for c in cs)  # star centre
    ref = _star_union_area(cs, *star)
    u = circle_union(cs)
    assert u.area_m2 == pytest.approx(ref, rel=2e-8)
    assert max(c.area_m2 for c in cs) < u.area_m2 < sum(c.area_m2 for c in cs)


def test_circle_union__annulus_round_the_pole_has_a_hole_and_cuts_as_a_band():
    cs = [
        geodesic_circle(lat_deg=80.0, lon_deg=float(lon), radius_m=350_000.0)
        for lon in range(-173, 187, 30)
    ]
    u = circle_union(cs)
    assert not u.contains_north_pole
    assert len(u.geometry.interiors) == 1
    g = u.lonlat_geometry()
    assert g.is_valid and not g.intersects(Point(0.0, 89.9))
    assert g.contains(Point(-173.0, 80.0)) and g.contains(Point(-3.0, 80.0))
    hole_free = circle_union(cs).area_m2
    assert hole_free < sum(c.area_m2 for c in cs)
    # area of the cut band from GeographicLib directly
    p = GEOD.Polygon()
    for lon_v, lat_v in np.asarray(g.exterior.coords)[:-1]:
        p.AddPoint(lat_v, lon_v)
    assert p.Compute()[2] == pytest.approx(u.area_m2, rel=1e-5)


def test_circle_union__geojson_round_trip_is_valid_rfc7946():
    cs = [
        geodesic_circle(lat_deg=85.0, lon_deg=-40.0, radius_m=900_000.0),
        geodesic_circle(lat_deg=70.0, lon_deg=178.0, radius_m=400_000.0),
    ]
    gj = circle_union(cs).geojson_geometry()
    g = shape(gj)
    assert g.is_valid
    for part in getattr(g, "geoms", [g]):
        xy = np.asarray(part.exterior.coords)
        assert part.exterior.is_ccw
        assert np.all(np.abs(xy[:, 0]) <= 180.0) and np.all(np.abs(xy[:, 1]) <= 90.0)
        _assert_rfc7946_edges(xy)


def test_circle_union__greenland_inside_a_large_circle_is_the_outline_area():
    gl = greenland_outline()
    p_area = 0.0
    for poly in gl.geoms:  # ellipsoidal area of the Natural Earth outline, GeographicLib
        p = GEOD.Polygon()
        for lon_v, lat_v in np.asarray(poly.exterior.coords)[:-1]:
            p.AddPoint(lat_v, lon_v)
        p_area += abs(p.Compute()[2])
        for hole in poly.interiors:
            h = GEOD.Polygon()
            for lon_v, lat_v in np.asarray(hole.coords)[:-1]:
                h.AddPoint(lat_v, lon_v)
            p_area -= abs(h.Compute()[2])
    big = circle_union([geodesic_circle(lat_deg=72.0, lon_deg=-40.0, radius_m=3_000_000.0)])
    assert big.intersection_area_m2(gl) == pytest.approx(p_area, rel=1e-7)
    half = circle_union([geodesic_circle(lat_deg=72.0, lon_deg=-40.0, radius_m=500_000.0)])
    assert 0 < half.intersection_area_m2(gl) < half.area_m2
