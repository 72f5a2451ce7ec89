"""GEO look angles against skyfield: a WGS 84 point at the geostationary radius.

The reference is skyfield (B. Rhodes, https://rhodesmill.org/skyfield/) computing the
topocentric altitude and azimuth of a point fixed to the Earth at the geostationary
radius above the equator at the sub-satellite longitude, seen from each ground point
(skyfield's ``wgs84.latlon`` positions, no refraction). A GEO satellite is fixed in the
Earth frame, so any instant gives the same answer. Tolerance 0.001 deg.
"""

from __future__ import annotations

import numpy as np
import pytest
from skyfield.api import load, wgs84

from arcticrecon.errors import OutOfDomainError
from arcticrecon.geo.satcom import (
    GEO_RADIUS_M,
    geo_elevation_deg,
    geo_elevation_spherical_deg,
    geo_look_angles,
    geo_visibility_limit_lat_deg,
    satcom_masks,
)

_A_M = 6_378_137.0  # WGS 84 equatorial radius: at the equator the height is r - a
_TS = load.timescale()
_T = _TS.utc(2026, 1, 19, 12)

# Catalogue places (OurAirports coordinates): Nuuk BGGH, Pituffik BGTL, Station Nord
# BGMO (81.6N: beyond the GEO horizon), Qaanaaq BGQQ, Ittoqqortoormiit, Summit.
_PLACES = [
    ("Nuuk", 64.190922, -51.678064, 0.0),
    ("Pituffik", 76.531203, -68.703161, 77.0),
    ("Station Nord", 81.597601, -16.654699, 36.0),
    ("Qaanaaq", 77.488602, -69.388702, 15.0),
    ("Ittoqqortoormiit", 70.4856, -21.9667, 30.0),
    ("Summit", 72.5796, -38.4592, 3216.0),
    ("Kap Morris Jesup", 83.65, -33.4, 0.0),
    ("Equator under the satellite", 0.0, -30.0, 0.0),
    ("Date line", 40.0, 179.9, 0.0),
    ("North Pole", 90.0, 0.0, 0.0),
]


def _skyfield_altaz(lat_deg, lon_deg, height_m, sat_lon_deg):
    sat = wgs84.latlon(0.0, sat_lon_deg, elevation_m=GEO_RADIUS_M - _A_M)
    obs = wgs84.latlon(lat_deg, lon_deg, elevation_m=height_m)
    alt, az, dist = (sat - obs).at(_T).altaz()
    return alt.degrees, az.degrees, dist.m


@pytest.mark.parametrize("sat_lon_deg", [-30.0, -55.5, 1.0])
@pytest.mark.parametrize(("name", "lat", "lon", "h"), _PLACES, ids=[p[0] for p in _PLACES])
def test_geo_look_angles__matches_skyfield(name, lat, lon, h, sat_lon_deg):
    alt, az, dist = _skyfield_altaz(lat, lon, h, sat_lon_deg)
    la = geo_look_angles(lat_deg=lat, lon_deg=lon, sat_lon_deg=sat_lon_deg, height_m=h)
    assert float(la.elevation_deg) == pytest.approx(alt, abs=1e-3)
    assert float(la.slant_range_m) == pytest.approx(dist, abs=5.0)
    if lat < 89.9 and abs(alt) < 89.9:  # azimuth undefined at the pole / the zenith
        diff = (float(la.azimuth_deg) - az + 180.0) % 360.0 - 180.0
        assert diff == pytest.approx(0.0, abs=1e-3)


def test_geo_elevation_deg__vectorised_grid_matches_skyfield():
    rng = np.random.default_rng(14)
    lat = rng.uniform(55.0, 88.0, size=(7, 9))
    lon = rng.uniform(-80.0, 5.0, size=(7, 9))
    el = geo_elevation_deg(lat_deg=lat, lon_deg=lon)
    assert el.shape == (7, 9)
    ref = np.array(
        [
            _skyfield_altaz(a, o, 0.0, -30.0)[0]
            for a, o in zip(lat.ravel(), lon.ravel(), strict=True)
        ]
    ).reshape(7, 9)
    np.testing.assert_allclose(el, ref, atol=1e-3)


def test_geo_elevation_deg__north_coast_loses_geo():
    # Station Nord (81.6N) is below the horizon of a 30W satellite; Pituffik is marginal
    # (< 5 deg); Nuuk comfortably above: the planning fact the issue states
    el = geo_elevation_deg(
        lat_deg=np.array([81.597601, 76.531203, 64.190922]),
        lon_deg=np.array([-16.654699, -68.703161, -51.678064]),
    )
    below_min, below_horizon = satcom_masks(el)
    assert below_horizon.tolist() == [True, False, False]
    assert below_min.tolist() == [True, True, False]
    # the same masks from skyfield's altitudes
    ref = [_skyfield_altaz(*p, 0.0, -30.0)[0] for p in ((81.5976, -16.6547), (76.5312, -68.7032))]
    assert ref[0] < 0.0 < ref[1] < 5.0


def test_geo_visibility_limit_lat_deg__horizon_matches_skyfield():
    lat0 = geo_visibility_limit_lat_deg(lon_deg=-30.0)
    assert _skyfield_altaz(lat0 - 0.01, -30.0, 0.0, -30.0)[0] > 0.0
    assert _skyfield_altaz(lat0 + 0.01, -30.0, 0.0, -30.0)[0] < 0.0
    lat5 = geo_visibility_limit_lat_deg(lon_deg=-60.0, min_elevation_deg=5.0)
    assert _skyfield_altaz(lat5, -60.0, 0.0, -30.0)[0] == pytest.approx(5.0, abs=1e-3)
    # 120 deg away from the satellite it is below the horizon already at the equator
    assert np.isnan(geo_visibility_limit_lat_deg(lon_deg=150.0))


def test_geo_elevation_spherical_deg__textbook_within_flattening():
    # the spherical formula (Pratt & Bostian 2.2) departs from the ellipsoid by < 0.25 deg
    lat = np.linspace(0.0, 85.0, 18)
    for lon in (-30.0, -70.0, 10.0):
        ref = np.array([_skyfield_altaz(a, lon, 0.0, -30.0)[0] for a in lat])
        sph = geo_elevation_spherical_deg(lat_deg=lat, lon_deg=lon)
        np.testing.assert_allclose(sph, ref, atol=0.25)


def test_satcom__bad_input_names_the_field():
    with pytest.raises(OutOfDomainError, match="latitude 95"):
        geo_elevation_deg(lat_deg=95.0, lon_deg=0.0)
    with pytest.raises(OutOfDomainError, match="satellite longitude 200"):
        geo_look_angles(lat_deg=70.0, lon_deg=-40.0, sat_lon_deg=200.0)
    with pytest.raises(OutOfDomainError) as err:
        satcom_masks([1.0, float("nan")])
    assert err.value.mask.tolist() == [False, True]
    with pytest.raises(OutOfDomainError, match="minimum elevation"):
        satcom_masks([1.0], min_elevation_deg=-3.0)
