"""Medevac to surgery (10-1-2 timeline): times worked by hand from GeographicLib distances.

Positions: catalogue sites (OurAirports) and the towns table (GeoNames): Nuuk 64.18347 N,
51.72157 W; Ilulissat 69.21981 N, 51.09861 W. AW101 cruise 150 kt, range 750 NM; C-130J-30
348 kt (aircraft table). 1 kt = 1852/3600 m/s.
"""

from __future__ import annotations

import pytest
from geographiclib.geodesic import Geodesic

from arcticrecon.catalog import get_aircraft, load_catalog
from arcticrecon.errors import InputError
from arcticrecon.logistics.medevac import TIMELINE_10_1_2_S, load_hospitals, medevac_options

KT = 1852.0 / 3600.0
NUUK = (64.18347, -51.72157)
ILULISSAT = (69.21981, -51.09861)


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


def _d(a: tuple[float, float], b: tuple[float, float]) -> float:
    return Geodesic.WGS84.Inverse(a[0], a[1], b[0], b[1])["s12"]


def test_timeline_is_10_1_2():
    assert TIMELINE_10_1_2_S == {"first_aid": 600.0, "advanced_care": 3600.0, "surgery": 7200.0}


def test_hospitals__capabilities_cited_or_unknown():
    hs = {h.town: h for h in load_hospitals()}
    assert hs["Nuuk"].name == "Dronning Ingrids Hospital" and hs["Nuuk"].surgery == "yes"
    assert (hs["Nuuk"].lat_deg, hs["Nuuk"].lon_deg) == NUUK
    assert hs["Aasiaat"].surgery == "unknown" and hs["Qaqortoq"].surgery == "unknown"
    assert {hs["Sisimiut"].surgery, hs["Ilulissat"].surgery} == {"limited"}
    assert all(h.source and h.source_url.startswith("http") for h in hs.values())


def test_helicopter_from_kangerlussuaq_to_nuuk(cat):
    bgsf = cat.get("BGSF")
    (o,) = medevac_options([bgsf], [get_aircraft("AW101")], catalog=cat, launch_delay_s=1800.0)
    dist = _d((bgsf.lat_deg, bgsf.lon_deg), NUUK)
    expected = 1800.0 + dist / (150.0 * KT)
    assert o.hospital is not None and o.hospital.town == "Nuuk" and o.asset == "AW101"
    assert o.distance_m == pytest.approx(dist, abs=0.01)
    assert o.total_s == pytest.approx(expected, abs=0.01)
    assert o.meets_surgery_2h is (expected <= 7200.0) is True


def test_fixed_wing_lands_at_the_hospital_airfield(cat):
    bgsf, bggh = cat.get("BGSF"), cat.get("BGGH")
    (o,) = medevac_options([bgsf], [get_aircraft("C-130J-30")], catalog=cat, launch_delay_s=900.0)
    dist = _d((bgsf.lat_deg, bgsf.lon_deg), (bggh.lat_deg, bggh.lon_deg))
    assert o.total_s == pytest.approx(900.0 + dist / (348.0 * KT), abs=0.01)
    assert any("ground transfer" in c for c in o.caveats)


def test_out_of_range_and_no_runway_give_a_reason(cat):
    (o,) = medevac_options(
        [cat.get("BGTL")], [get_aircraft("AW101")], catalog=cat, launch_delay_s=1800.0
    )
    # Pituffik - Nuuk is about 1,500 km > 750 NM = 1,389 km
    assert o.hospital is None and o.meets_surgery_2h is False
    assert "beyond its range" in o.reason
    (o,) = medevac_options([cat.get("BGJN")], [get_aircraft("C-17")], catalog=cat)
    assert o.hospital is None and "C-17" in o.reason


def test_limited_hospitals_count_only_when_asked(cat):
    bgjn = cat.get("BGJN")
    (only_yes,) = medevac_options([bgjn], [get_aircraft("AW101")], catalog=cat)
    (with_limited,) = medevac_options(
        [bgjn], [get_aircraft("AW101")], catalog=cat, surgery=("yes", "limited")
    )
    assert only_yes.hospital.town == "Nuuk"
    assert with_limited.hospital.town == "Ilulissat"
    assert with_limited.distance_m == pytest.approx(
        _d((bgjn.lat_deg, bgjn.lon_deg), ILULISSAT), abs=0.01
    )


def test_bad_launch_delay(cat):
    with pytest.raises(InputError, match="launch delay -5 min is outside 0-1440 min"):
        medevac_options([cat.get("BGSF")], [], catalog=cat, launch_delay_s=-300.0)
