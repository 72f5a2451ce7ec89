"""Reference values for geodesy: AR-12 (geodesic leg), AR-13 (EPSG:3413), GeographicLib.

Sources: the values of AR-12/AR-13 in public_cases.json (WGS 84 geodesic, GeographicLib;
NSIDC polar stereographic north), and the ``geographiclib`` package (C. F. F. Karney,
J. Geodesy 87 (2013) 43-55) computed in the same run. Distances within 1 m.
"""

from __future__ import annotations

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

from arcticrecon.catalog import get_aircraft
from arcticrecon.geo import geodesic_inverse, pairwise_distance_m, to_polar_stereo
from arcticrecon.logistics import Place, flight_leg, flight_time_s
from arcticrecon.units import KT_TO_M_S, NM_TO_M

NUUK = {"lat_deg": 64.190922, "lon_deg": -51.678064}  # BGGH, AR-12
PITUFFIK = {"lat_deg": 76.531203, "lon_deg": -68.703161}  # BGTL, AR-12


def test_geodesic_inverse__ar12_nuuk_pituffik():
    d, course, _ = geodesic_inverse(
        lat1_deg=NUUK["lat_deg"],
        lon1_deg=NUUK["lon_deg"],
        lat2_deg=PITUFFIK["lat_deg"],
        lon2_deg=PITUFFIK["lon_deg"],
    )
    assert d / 1000 == pytest.approx(1504.05, rel=0.005)
    assert d / NM_TO_M == pytest.approx(812.12, rel=0.005)
    assert course == pytest.approx(-17.03, abs=0.5)  # = 343 deg true
    # the lat/lon swap gives a very different (and wrong) answer: the API is keyword-only
    d_swapped, _, _ = geodesic_inverse(
        lat1_deg=NUUK["lon_deg"],
        lon1_deg=NUUK["lat_deg"],
        lat2_deg=PITUFFIK["lon_deg"],
        lon2_deg=PITUFFIK["lat_deg"],
    )
    assert d_swapped / 1000 == pytest.approx(2007.5, rel=0.005)


def test_flight_time_s__ar12_250_kt_still_air():
    d, _, _ = geodesic_inverse(
        lat1_deg=NUUK["lat_deg"],
        lon1_deg=NUUK["lon_deg"],
        lat2_deg=PITUFFIK["lat_deg"],
        lon2_deg=PITUFFIK["lon_deg"],
    )
    assert flight_time_s(d, 250 * KT_TO_M_S) / 3600 == pytest.approx(3.25, abs=0.02)


def test_flight_leg__ar12_block_time_is_flight_time_plus_allowance():
    leg = flight_leg(
        origin=Place("BGGH", **NUUK),
        destination=Place("BGTL", **PITUFFIK),
        aircraft=get_aircraft("A400M"),
        allowance_s=0.0,
    )
    assert leg.distance_km == pytest.approx(1504.05, abs=0.01)
    assert leg.block_time_s == pytest.approx(leg.flight_time_s)
    assert leg.to_dict()["initial_course_true_deg"] == pytest.approx(343.0, abs=0.5)


# GeographicLib in the same run: 1 m tolerance (in practice < 1 mm)
PAIRS = [
    (64.190922, -51.678064, 76.531203, -68.703161),  # Nuuk - Pituffik
    (67.017, -50.689, 81.6, -16.67),  # Kangerlussuaq - Station Nord
    (57.05, 9.92, 64.17, -51.72),  # Aalborg - Nuuk
    (50.9, 4.5, 76.53, -68.70),  # Brussels area - Pituffik
    (60.0, -45.0, 60.0, 135.0),  # across the pole region
    (0.0, 0.0, 0.5, 179.5),  # nearly antipodal
]


@pytest.mark.parametrize(("la1", "lo1", "la2", "lo2"), PAIRS)
def test_geodesic_inverse__matches_geographiclib_to_1_m(la1, lo1, la2, lo2):
    ref = Geodesic.WGS84.Inverse(la1, lo1, la2, lo2)
    d, az1, az2 = geodesic_inverse(lat1_deg=la1, lon1_deg=lo1, lat2_deg=la2, lon2_deg=lo2)
    assert d == pytest.approx(ref["s12"], abs=1.0)
    # azimuths compared modulo 360 (-180 and 180 are the same course)
    assert (az1 - ref["azi1"] + 180.0) % 360.0 - 180.0 == pytest.approx(0.0, abs=1e-6)
    assert (az2 - ref["azi2"] + 180.0) % 360.0 - 180.0 == pytest.approx(0.0, abs=1e-6)


def test_pairwise_distance_m__matches_geographiclib_matrix():
    lat = np.array([p[0] for p in PAIRS])
    lon = np.array([p[1] for p in PAIRS])
    m = pairwise_distance_m(lat1_deg=lat, lon1_deg=lon, lat2_deg=lat, lon2_deg=lon)
    assert m.shape == (len(PAIRS), len(PAIRS))
    for i in range(len(PAIRS)):
        for j in range(len(PAIRS)):
            ref = Geodesic.WGS84.Inverse(lat[i], lon[i], lat[j], lon[j])["s12"]
            assert m[i, j] == pytest.approx(ref, abs=1.0)


# AR-13: EPSG:3413, 1 m
@pytest.mark.parametrize(
    ("lon", "lat", "x", "y"),
    [
        (-45.0, 71.0, 0.0, -2076527.85),
        (-51.6941, 64.1814, -331433.96, -2823872.35),
        (0.0, 90.0, 0.0, 0.0),
    ],
)
def test_to_polar_stereo__ar13(lon, lat, x, y):
    got_x, got_y = to_polar_stereo(lat_deg=lat, lon_deg=lon)
    assert (got_x, got_y) == pytest.approx((x, y), abs=1.0)
