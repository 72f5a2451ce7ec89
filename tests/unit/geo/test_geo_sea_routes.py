"""Sea routes: AR-28 and sanity checks for every European x Greenland port pair."""

from __future__ import annotations

import numpy as np
import pytest

from arcticrecon.errors import InputError
from arcticrecon.geo.land import is_land, land_length_m
from arcticrecon.geo.sea import crossing_latitude_deg, sea_route
from arcticrecon.logistics.ports import read_ports_csv
from arcticrecon.units import NM_TO_M

PORTS = read_ports_csv()
EUROPE = [p for p in PORTS if p.region == "europe"]
GREENLAND = [p for p in PORTS if p.region == "greenland"]


def test_sea_route__ar28_route1_svalbard_positive_and_not_below_geodesic():
    r = sea_route(lat1_deg=80.856, lon1_deg=16.97, lat2_deg=81.142, lon2_deg=19.421)
    assert r.distance_m > 0
    assert r.distance_m / NM_TO_M >= 28.84 - 0.5  # AR-28 tolerance 0.5 NM
    assert r.distance_m >= r.geodesic_m - 1e-3


def test_sea_route__ar28_route2_aalborg_nuuk_rounds_kap_farvel():
    r = sea_route(lat1_deg=57.05, lon1_deg=9.92, lat2_deg=64.17, lon2_deg=-51.72)
    assert r.distance_m / NM_TO_M >= 2004.3 - 0.5
    crossings = crossing_latitude_deg(lat_deg=r.lat_deg, lon_deg=r.lon_deg, meridian_deg=-43.92)
    assert crossings, "the route must cross 43.92 W"
    assert all(lat <= 59.77 for lat in crossings)  # south of Kap Farvel
    assert r.network_greenland_m <= 15_000.0  # never across the ice sheet
    assert r.problems() == []


def test_sea_route__direct_geodesic_crosses_the_ice_sheet():
    # AR-28 note: the direct Aalborg-Nuuk geodesic (1795 NM) crosses Greenland
    gl = land_length_m(lat_deg=[57.05, 64.17], lon_deg=[9.92, -51.72], source="greenland")
    assert gl > 300_000.0


def test_sea_route__same_point_refused():
    with pytest.raises(InputError, match="same point"):
        sea_route(lat1_deg=64.17, lon1_deg=-51.72, lat2_deg=64.17, lon2_deg=-51.72)


def test_sea_route__geojson_is_lon_lat():
    r = sea_route(lat1_deg=57.05, lon1_deg=9.92, lat2_deg=64.17, lon2_deg=-51.72)
    g = r.to_geojson()
    assert g["type"] == "LineString"
    assert g["coordinates"][0] == [9.92, 57.05]
    assert g["coordinates"][-1] == [-51.72, 64.17]


def test_sea_route__coarse_network_reported_as_last_mile():
    # Kangerlussuaq lies at the head of a 170 km fjord the lane network does not enter
    kang = next(p for p in GREENLAND if p.name == "Kangerlussuaq")
    r = sea_route(lat1_deg=57.05, lon1_deg=9.92, lat2_deg=kang.lat_deg, lon2_deg=kang.lon_deg)
    assert r.last_mile_m > 100_000.0
    assert any("too coarse" in w for w in r.warnings)


@pytest.mark.parametrize("eu", EUROPE, ids=lambda p: p.name)
def test_sea_route__sanity_every_european_x_greenland_pair(eu):
    for gl in GREENLAND:
        r = sea_route(
            lat1_deg=eu.lat_deg, lon1_deg=eu.lon_deg, lat2_deg=gl.lat_deg, lon2_deg=gl.lon_deg
        )
        assert r.distance_m > 0, gl.name
        assert r.distance_m >= r.geodesic_m - 1e-3, gl.name
        assert r.problems() == [], (eu.name, gl.name, r.problems())
        # west-coast ports are reached round Kap Farvel, never across the ice sheet
        if gl.lon_deg < -44.0 and gl.lat_deg > 61.0:
            lats = crossing_latitude_deg(lat_deg=r.lat_deg, lon_deg=r.lon_deg, meridian_deg=-43.92)
            assert lats and min(lats) <= 59.77, (eu.name, gl.name, lats)


def test_is_land__greenland_outline_and_globe_agree_on_clear_points():
    lat = np.array([72.0, 75.0, 60.0, 66.0])
    lon = np.array([-40.0, -35.0, -40.0, -30.0])
    assert is_land(lat_deg=lat, lon_deg=lon, source="greenland").tolist() == [
        True,
        True,
        False,
        False,
    ]
    assert is_land(lat_deg=lat, lon_deg=lon).tolist() == [True, True, False, False]


def test_crossing_latitude_deg__no_crossing():
    assert (
        crossing_latitude_deg(
            lat_deg=np.array([60.0, 61.0]), lon_deg=np.array([-40.0, -41.0]), meridian_deg=-43.92
        )
        == []
    )
