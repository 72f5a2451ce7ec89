"""Site catalogue built from the embedded OurAirports Greenland snapshot (2026-08-22).

Expected values are read off the OurAirports rows (ourairports-data commit 1fb3eea0):
91 Greenland records; BGSF runway 09/27 9219 ft; BGGH new runway 04/22 7217 ft (opened
Nov 2024) and the old 05/23 3117 ft marked closed; Ilulissat BGJN 2772 ft.
"""

from __future__ import annotations

import pytest

from arcticrecon.catalog import SiteKind, Surface, load_catalog
from arcticrecon.errors import UnknownSiteError
from arcticrecon.units import FT_TO_M


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


def test_load_catalog__has_all_91_greenland_records(cat):
    assert len(cat) == 91
    kinds = {k: sum(1 for s in cat if s.kind is k) for k in SiteKind}
    assert kinds[SiteKind.HELIPORT] == 54
    assert kinds[SiteKind.CLOSED] == 12


def test_bgsf_longest_runway__is_2810_m(cat):
    bgsf = cat.get("BGSF")
    assert bgsf.longest_runway_m == pytest.approx(9219 * 0.3048)
    assert round(bgsf.longest_runway_m) == 2810
    assert bgsf.runways[0].surface is Surface.PAVED
    assert bgsf.tz == "America/Nuuk"


def test_bggh__new_2200_m_runway_and_old_one_closed(cat):
    bggh = cat.get("bggh")  # case-insensitive lookup
    assert round(bggh.longest_runway_m) == 2200
    old = next(r for r in bggh.runways if r.ident == "05/23")
    assert old.closed
    assert old.length_m == pytest.approx(3117 * FT_TO_M)


def test_site_ids__use_icao_or_ourairports_ident(cat):
    assert cat.get("BGMI").name == "Station Nord Landing Strip"  # gps_code only
    assert cat.get("GL-0002").kind is SiteKind.STRIP  # no ICAO: OurAirports ident
    assert cat.get("GL-0012").icao == "BGQO"  # Qaqortoq: ICAO code is the id, ident works
    assert cat.get("Qaqortoq Airport").icao == "BGQO"


def test_time_zones__four_greenland_zones(cat):
    assert cat.get("BGTL").tz == "America/Thule"
    assert cat.get("BGQQ").tz == "America/Thule"  # Qaanaaq, as in public case AR-07
    assert cat.get("BGMI").tz == "America/Danmarkshavn"
    assert cat.get("BGCO").tz == "America/Scoresbysund"  # Constable Pynt, 70.7 N 22.6 W
    assert cat.get("BGKK").tz == "America/Nuuk"  # Kulusuk, east coast 65.6 N
    scoresby = [s for s in cat if s.tz == "America/Scoresbysund"]
    assert scoresby and all(69.5 <= s.lat_deg <= 71.5 for s in scoresby)


def test_get__unknown_code_suggests(cat):
    with pytest.raises(UnknownSiteError) as exc:
        cat.get("BGSX")
    assert "BGSX" in str(exc.value) and exc.value.field == "site"


def test_to_dict__json_schema(cat):
    d = cat.get("BGJN").to_dict()
    assert set(d) >= {"icao", "name", "kind", "lat_deg", "lon_deg", "elevation_m", "tz", "runways"}
    assert d["runways"][0]["length_m"] == pytest.approx(2772 * FT_TO_M, abs=0.01)
    assert set(d["runways"][0]) >= {"length_m", "width_m", "surface", "closed"}
