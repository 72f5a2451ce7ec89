"""Ports table and sea lift."""

from __future__ import annotations

import datetime as dt

import pytest

from arcticrecon.errors import NotFoundError, OutOfDomainError
from arcticrecon.logistics import get_port, plan_sealift, read_ports_csv, resolve_port
from arcticrecon.units import KT_TO_M_S

EUROPEAN = [
    "Antwerp",
    "Zeebrugge",
    "Brest",
    "Toulon",
    "Kiel",
    "Wilhelmshaven",
    "Den Helder",
    "Aarhus",
    "Copenhagen",
    "Esbjerg",
    "Frederikshavn",
    "Aalborg",
]
GREENLAND = [
    "Nuuk",
    "Sisimiut",
    "Ilulissat",
    "Aasiaat",
    "Qaqortoq",
    "Tasiilaq",
    "Ittoqqortoormiit",
    "Pituffik",
    "Upernavik",
    "Uummannaq",
]


def test_read_ports_csv__every_named_port_with_a_cited_position():
    ports = {p.name: p for p in read_ports_csv()}
    for name in EUROPEAN:
        assert ports[name].region == "europe"
    for name in GREENLAND:
        assert ports[name].region == "greenland"
    for p in ports.values():
        assert p.coord_source, p.name
        assert p.depth_m is None  # unknown, never guessed


def test_get_port__aliases_and_locode():
    assert get_port("Godthåb").name == "Nuuk"
    assert get_port("thule").name == "Pituffik"
    assert get_port("BEANR").name == "Antwerp"
    with pytest.raises(NotFoundError, match="Atlantis"):
        get_port("Atlantis")


def test_resolve_port__position():
    p = resolve_port("64.17,-51.72")
    assert (p.lat_deg, p.lon_deg) == (64.17, -51.72) and p.region == ""


def test_plan_sealift__transit_days_from_speed():
    s = plan_sealift(
        origin=get_port("Aalborg"),
        destination=get_port("Nuuk"),
        speed_m_s=14 * KT_TO_M_S,
        departure=dt.date(2027, 6, 1),
    )
    assert s.transit_days == pytest.approx(s.distance_nm / 14 / 24)
    assert s.arrival == dt.date(2027, 6, 8)  # 6.54 d rounded up
    d = s.to_dict()
    assert {"distance_nm", "transit_days", "route"} <= set(d)
    assert d["route"]["type"] == "LineString" and not s.season_checked


@pytest.mark.parametrize("speed_kt", [0.0, -3.0, 41.0, float("nan")])
def test_plan_sealift__bad_speed(speed_kt):
    with pytest.raises(OutOfDomainError, match="ship speed"):
        plan_sealift(
            origin=get_port("Aalborg"), destination=get_port("Nuuk"), speed_m_s=speed_kt * KT_TO_M_S
        )


def test_plan_sealift__season_check_on_arrival():
    seen = []

    def check(port, day):
        seen.append((port.name, day))
        return "Pituffik: ice" if port.name == "Pituffik" else None

    s = plan_sealift(
        origin=get_port("Aarhus"),
        destination=get_port("Pituffik"),
        speed_m_s=12 * KT_TO_M_S,
        departure=dt.date(2027, 2, 1),
        season_check=check,
    )
    assert s.season_checked and s.season_problems == ("Pituffik: ice",)
    assert seen[0] == ("Aarhus", dt.date(2027, 2, 1)) and seen[1][1] == s.arrival


def test_ice_season_check__adapter_with_a_stand_in_ice_package(monkeypatch):
    import arcticrecon.ice as ice
    from arcticrecon.errors import NotFoundError
    from arcticrecon.logistics import ice_season_check

    def fake_access(port, ice_class):  # the ice package's documented return shape
        if port == "Nuuk":
            raise NotFoundError("unknown port")
        months = {m: "not reachable" if m in (1, 2, 3) else "reachable" for m in range(1, 13)}
        months[6] = "unknown"
        return {"months": months, "conditions": {1: "fast ice"}}

    monkeypatch.setattr(ice, "port_access_months", fake_access, raising=False)
    check = ice_season_check("PC5")
    pit, aal = get_port("Pituffik"), get_port("Aalborg")
    assert check(aal, dt.date(2027, 1, 10)) is None  # European ports are not checked
    assert (
        check(pit, dt.date(2027, 1, 10)) == "Pituffik: not reachable in January for PC5 (fast ice)"
    )
    assert check(pit, dt.date(2027, 7, 10)) is None
    assert "unknown" in check(pit, dt.date(2027, 6, 10))
    assert "no cited ice-season facts" in check(get_port("Nuuk"), dt.date(2027, 7, 1))


def test_ice_season_check__missing_ice_function(monkeypatch):
    import arcticrecon.ice as ice
    from arcticrecon.errors import DataSourceError
    from arcticrecon.logistics import ice_season_check

    monkeypatch.delattr(ice, "port_access_months", raising=False)
    with pytest.raises(DataSourceError, match="port_access_months"):
        ice_season_check("PC5")
