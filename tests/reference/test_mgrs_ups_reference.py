"""MGRS in the polar UPS zones and UPS easting/northing against independent references.

References (none of them is arcticrecon's code):

- the closed-form ellipsoidal polar stereographic projection, J. P. Snyder, "Map
  Projections — A Working Manual", USGS Professional Paper 1395 (1987), eqs. 15-9, 21-33,
  21-34 with the UPS constants k0 = 0.994 and false easting/northing 2,000,000 m (NGA.SIG.0012
  _2.0.0_UTMUPS), evaluated here on WGS 84;
- pyproj's EPSG:32661 "WGS 84 / UPS North (N,E)" in its authority axis order (northing
  first), a second path through PROJ;
- NGA's GEOTRANS MGRS code, through the ``mgrs`` package (whose own latitude switch is
  only used well inside the caps here);
- the published references of the poles, ZAH 00000 00000 (North Pole) and BAN 00000 00000
  (South Pole), as in GeographicLib's MGRS tests (C. F. F. Karney, GeographicLib, class
  ``MGRS``) and GEOTRANS.
"""

from __future__ import annotations

import math

import mgrs
import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Transformer

from arcticrecon.errors import InputError, OutOfDomainError
from arcticrecon.geo import from_mgrs, from_ups, to_mgrs, to_ups

A_M = 6378137.0
F = 1 / 298.257223563
E = math.sqrt(F * (2 - F))
K0 = 0.994


def snyder_ups(lat_deg: float, lon_deg: float) -> tuple[float, float]:
    """UPS (E, N) [m] by Snyder's polar stereographic equations (eqs. 15-9, 21-33, 21-34)."""
    phi = math.radians(abs(lat_deg))
    lam = math.radians(lon_deg)
    t = math.tan(math.pi / 4 - phi / 2) / ((1 - E * math.sin(phi)) / (1 + E * math.sin(phi))) ** (
        E / 2
    )
    rho = 2 * A_M * K0 * t / math.sqrt((1 + E) ** (1 + E) * (1 - E) ** (1 - E))
    if lat_deg > 0:  # north: grid north along 180°E
        return 2e6 + rho * math.sin(lam), 2e6 - rho * math.cos(lam)
    return 2e6 + rho * math.sin(lam), 2e6 + rho * math.cos(lam)  # south: along 0°


POINTS = [
    (85.0, 30.0),
    (85.0, -30.0),
    (86.5, -60.2),  # Lincoln Sea side of the cap
    (84.5, -40.0),  # north of Kap Morris Jesup
    (89.999, 123.0),
    (-85.0, 45.0),
    (-80.5, -170.0),
    (-89.5, 0.0),
]


@pytest.mark.parametrize(("lat", "lon"), POINTS)
def test_to_ups__snyder_closed_form_within_1_mm(lat, lon):
    ups = to_ups(lat_deg=lat, lon_deg=lon)
    e, n = snyder_ups(lat, lon)
    assert (ups.easting_m, ups.northing_m) == pytest.approx((e, n), abs=1e-3)
    assert ups.hemisphere == ("N" if lat > 0 else "S")
    west = e < 2e6
    assert ups.zone == ({True: "Y", False: "Z"} if lat > 0 else {True: "A", False: "B"})[west]


def test_to_ups__agrees_with_pyproj_epsg32661_authority_axis_order():
    t = Transformer.from_crs("EPSG:4326", "EPSG:32661")  # authority order: (lat, lon) -> (N, E)
    for lat, lon in POINTS[:5]:
        n, e = t.transform(lat, lon)
        ups = to_ups(lat_deg=lat, lon_deg=lon)
        assert (ups.easting_m, ups.northing_m) == pytest.approx((e, n), abs=1e-6)


def test_to_mgrs__poles_published():
    # GeographicLib MGRS tests / GEOTRANS: the poles are ZAH 00000 00000 and BAN 00000 00000
    assert to_mgrs(lat_deg=90.0, lon_deg=0.0) == "ZAH0000000000"
    assert to_mgrs(lat_deg=90.0, lon_deg=180.0) == "ZAH0000000000"
    assert to_mgrs(lat_deg=-90.0, lon_deg=0.0) == "BAN0000000000"
    # decoded at the centre of the 1 m square: 0.5 m east and north of the pole
    for ref, pole in (("ZAH0000000000", 90.0), ("BAN0000000000", -90.0)):
        la, lo = from_mgrs(ref)
        assert Geodesic.WGS84.Inverse(la, lo, pole, 0.0)["s12"] == pytest.approx(
            math.sqrt(0.5) / K0, abs=1e-3
        )


def _split(ref: str) -> tuple[str, int, int]:
    digits = ref[3:]
    k = len(digits) // 2
    return ref[:3], int(digits[:k]), int(digits[k:])


def test_to_mgrs__polar_caps_agree_with_geotrans():
    """Every 0.37° x 7.3° grid point of both caps: same zone and 100 km square as NGA's
    GEOTRANS, digits within the 1 m truncation (GEOTRANS and PROJ differ by < 1 mm, so a
    point a fraction of a millimetre below a metre line may truncate one metre apart)."""
    ref = mgrs.MGRS()
    n_exact = n = 0
    lats = [*np.arange(84.05, 90.0, 0.37), *np.arange(-89.9, -80.05, 0.41)]
    for lat in lats:
        for lon in np.arange(-180.0, 180.0, 7.3):
            ours = to_mgrs(lat_deg=float(lat), lon_deg=float(lon))
            theirs = ref.toMGRS(float(lat), float(lon), MGRSPrecision=5)
            sq, e, nn = _split(ours)
            sq2, e2, n2 = _split(theirs)
            assert sq == sq2, (lat, lon, ours, theirs)
            assert abs(e - e2) <= 1 and abs(nn - n2) <= 1, (lat, lon, ours, theirs)
            n += 1
            n_exact += ours == theirs
    assert n == 2100 and n_exact >= 2090


@pytest.mark.parametrize(("lat", "lon"), POINTS)
def test_from_mgrs__polar_reference_decodes_like_geotrans(lat, lon):
    for p in (1, 10, 1000):  # both decode to the centre of the square
        ref = to_mgrs(lat_deg=lat, lon_deg=lon, precision_m=p)
        la, lo = from_mgrs(ref)
        la2, lo2 = mgrs.MGRS().toLatLon(ref)
        assert Geodesic.WGS84.Inverse(la, lo, la2, lo2)["s12"] < 0.01


@settings(max_examples=300, deadline=None)
@given(
    lat=st.one_of(
        st.floats(84.0, 90.0, exclude_min=True), st.floats(-90.0, -80.0, exclude_max=True)
    ),
    lon=st.floats(-180.0, 180.0),
)
def test_mgrs_ups_round_trip__within_one_metre(lat, lon):
    """1 m reference -> centre of its 1 m square: each of E, N within 0.5 m, < 1 m apart."""
    ups = to_ups(lat_deg=lat, lon_deg=lon)
    la, lo = from_mgrs(to_mgrs(lat_deg=lat, lon_deg=lon, precision_m=1))
    e, n = snyder_ups(la, lo)
    assert abs(ups.easting_m - e) <= 0.5 + 1e-6
    assert abs(ups.northing_m - n) <= 0.5 + 1e-6
    assert Geodesic.WGS84.Inverse(lat, lon, la, lo)["s12"] < 1.0
    lat2, lon2 = from_ups(
        hemisphere=ups.hemisphere, easting_m=ups.easting_m, northing_m=ups.northing_m
    )
    assert Geodesic.WGS84.Inverse(lat, lon, lat2, lon2)["s12"] < 1e-3


def test_to_mgrs__switches_to_ups_north_of_84_and_south_of_80():
    assert to_mgrs(lat_deg=84.0, lon_deg=-30.0).startswith("26X")  # band X closed at 84°N
    assert to_mgrs(lat_deg=84.000001, lon_deg=-30.0)[0] == "Y"
    assert to_mgrs(lat_deg=84.000001, lon_deg=30.0)[0] == "Z"
    assert to_mgrs(lat_deg=-80.0, lon_deg=10.0).startswith("32C")  # band C closed low
    assert to_mgrs(lat_deg=-80.000001, lon_deg=10.0)[0] == "B"
    assert to_mgrs(lat_deg=-80.000001, lon_deg=-10.0)[0] == "A"


def test_to_mgrs__polar_precision_truncates():
    full = to_mgrs(lat_deg=86.5, lon_deg=-60.2, precision_m=1)
    sq, e, n = _split(full)
    for p, k in ((10, 4), (100, 3), (1000, 2), (10000, 1)):
        assert to_mgrs(lat_deg=86.5, lon_deg=-60.2, precision_m=p) == (
            f"{sq}{str(e).zfill(5)[:k]}{str(n).zfill(5)[:k]}"
        )
    assert to_mgrs(lat_deg=86.5, lon_deg=-60.2, precision_m=100000) == sq


def test_to_ups__outside_the_caps_is_refused():
    with pytest.raises(OutOfDomainError, match="outside UPS's polar caps"):
        to_ups(lat_deg=76.5, lon_deg=-68.7)


@pytest.mark.parametrize(
    ("ref", "match"),
    [
        ("ZSA", "column letter 'S' is not used in UPS zone Z"),
        ("YAA", "column letter 'A' is not used in UPS zone Y"),
        ("ZAQ", "row letter 'Q' is not used in UPS zone Z"),
        ("BAA0000000000", "outside the UPS cap of zone B"),
        ("ZAH123", "0, 2, 4, 6, 8 or 10 digits"),
    ],
)
def test_from_mgrs__bad_polar_references(ref, match):
    with pytest.raises(InputError, match=match):
        from_mgrs(ref)
