"""Flight legs, multi-hop air routes and place parsing."""

from __future__ import annotations

import pytest
from geographiclib.geodesic import Geodesic

from arcticrecon.catalog import get_aircraft, load_catalog
from arcticrecon.errors import InfeasibleError, OutOfDomainError, UnknownSiteError
from arcticrecon.logistics import (
    Place,
    flight_leg,
    flight_time_s,
    plan_air_route,
    plan_air_route_via,
    resolve_place,
)
from arcticrecon.units import KT_TO_M_S, NM_TO_M


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


def test_flight_time_s__wind_component():
    # 500 NM at 250 kt TAS: still air 2 h, 50 kt headwind 2.5 h, 50 kt tailwind 1 2/3 h
    d = 500 * NM_TO_M
    assert flight_time_s(d, 250 * KT_TO_M_S) == pytest.approx(7200.0)
    assert flight_time_s(d, 250 * KT_TO_M_S, -50 * KT_TO_M_S) == pytest.approx(9000.0)
    assert flight_time_s(d, 250 * KT_TO_M_S, 50 * KT_TO_M_S) == pytest.approx(6000.0)


def test_flight_time_s__headwind_stronger_than_airspeed():
    with pytest.raises(OutOfDomainError, match="ground speed"):
        flight_time_s(1000.0, 50.0, -60.0)


def test_flight_leg__block_time_adds_allowance_and_range_flag():
    # DHC-6 Twin Otter (aircraft.csv, Viking Air): cruise 150 kt = 77.167 m/s, range 775 NM.
    # GeographicLib (WGS 84), computed here: A (64N 51W) - B (64N 41W) 488,815.6 m
    # = 263.94 NM -> 488,815.6 / 77.167 = 6,334.5 s en route, + 900 s allowance = 7,234.5 s;
    # A - C (76.5N 68.7W) 1,531,225.9 m = 826.80 NM > 775 NM: out of range.
    dhc6 = get_aircraft("DHC-6")
    a, b = Place("A", 64.0, -51.0), Place("B", 64.0, -41.0)
    ab_m = Geodesic.WGS84.Inverse(64.0, -51.0, 64.0, -41.0)["s12"]
    assert ab_m == pytest.approx(488_815.6, abs=0.1)
    leg = flight_leg(origin=a, destination=b, aircraft=dhc6, allowance_s=900.0)
    assert leg.distance_m == pytest.approx(ab_m, abs=1.0)
    assert leg.distance_nm == pytest.approx(263.94, abs=0.01)
    assert leg.flight_time_s == pytest.approx(ab_m / (150 * 1852 / 3600), abs=0.5)
    assert leg.flight_time_s == pytest.approx(6_334.5, abs=0.5)
    assert leg.block_time_s == pytest.approx(7_234.5, abs=0.5)
    assert leg.within_range is True
    assert leg.caveats == (
        "A: a bare position, runway not checked",
        "B: a bare position, runway not checked",
    )
    far = flight_leg(origin=a, destination=Place("C", 76.5, -68.7), aircraft=dhc6)
    assert far.distance_nm == pytest.approx(826.80, abs=0.01)
    assert far.within_range is False
    # 604.4 NM (64N 28W) is inside the 775 NM range
    assert flight_leg(origin=a, destination=Place("D", 64.0, -28.0), aircraft=dhc6).within_range


def test_flight_leg__negative_allowance():
    with pytest.raises(OutOfDomainError, match="allowance"):
        flight_leg(
            origin=Place("A", 64, -51),
            destination=Place("B", 65, -51),
            aircraft=get_aircraft("A400M"),
            allowance_s=-1.0,
        )


def test_resolve_place__icao_and_coordinates(cat):
    assert resolve_place("bgsf", cat).site.icao == "BGSF"
    p = resolve_place("64°10'30\"N 51°43'15\"W", cat)
    assert p.site is None and (p.lat_deg, p.lon_deg) == pytest.approx(
        (64.175, -51.720833), abs=1e-6
    )
    with pytest.raises(UnknownSiteError):
        resolve_place("XXXX", cat)


def test_plan_air_route__direct_when_in_range(cat):
    r = plan_air_route(
        origin=resolve_place("BGGH", cat),
        destination=resolve_place("BGTL", cat),
        aircraft=get_aircraft("A400M"),
        catalog=cat,
    )
    assert len(r.legs) == 1
    d = r.to_dict()
    assert set(d) == {"aircraft", "legs", "distance_km", "distance_nm", "block_time_h"}
    assert d["distance_nm"] == pytest.approx(812.1, abs=0.2)


def test_plan_air_route__multi_hop_over_usable_airfields(cat):
    # Belgium -> Kangerlussuaq is ~1880 NM, beyond the C-130J-30's 1800 NM: one stop
    r = plan_air_route(
        origin=resolve_place("50.9,4.5", cat),
        destination=resolve_place("BGSF", cat),
        aircraft=get_aircraft("C-130J-30"),
        catalog=cat,
    )
    assert len(r.legs) == 2
    assert all(leg.distance_m <= get_aircraft("C-130J-30").range_m for leg in r.legs)
    stop = r.legs[0].destination.site
    assert stop is not None and stop.icao == r.legs[1].origin.name


def test_plan_air_route__destination_unusable(cat):
    with pytest.raises(InfeasibleError, match="cannot use the destination BGSC"):
        plan_air_route(
            origin=resolve_place("BGGH", cat),
            destination=resolve_place("BGSC", cat),
            aircraft=get_aircraft("C-17"),
            catalog=cat,
        )


def test_plan_air_route__no_chain_in_range(cat):
    # a Twin Otter (775 NM) cannot reach Greenland from Belgium without stops outside GL
    with pytest.raises(InfeasibleError, match="no route for DHC-6"):
        plan_air_route(
            origin=resolve_place("50.9,4.5", cat),
            destination=resolve_place("BGSF", cat),
            aircraft=get_aircraft("DHC-6"),
            catalog=cat,
        )


def test_plan_air_route_via__forced_stop(cat):
    places = [resolve_place(x, cat) for x in ("BGGH", "BGSF", "BGTL")]
    r = plan_air_route_via(places=places, aircraft=get_aircraft("A400M"), catalog=cat)
    assert [leg.destination.name for leg in r.legs] == ["BGSF", "BGTL"]
    assert r.distance_m == pytest.approx(sum(leg.distance_m for leg in r.legs))
