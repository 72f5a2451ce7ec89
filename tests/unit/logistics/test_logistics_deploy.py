"""Deployment timelines against hand-computed answers on small inputs."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from arcticrecon.catalog import get_aircraft, load_catalog
from arcticrecon.errors import InfeasibleError, OutOfDomainError
from arcticrecon.logistics import (
    AirliftLine,
    Contingent,
    DeployParameters,
    contingents_from_mission,
    nearest_port,
    plan_deployment,
)
from arcticrecon.mission.io import mission_from_dict

D1 = dt.date(2027, 3, 1)


def day(n: int) -> dt.date:
    return D1 + dt.timedelta(days=n - 1)


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


def _air(key: str, count: int = 1, per_day: float = 1.0, available_from=None):
    return AirliftLine(get_aircraft(key), count, available_from, per_day)


def test_plan_deployment__seats_limit_sorties(cat):
    # 250 people, A400M 116 seats, 2 sorties/day: 116 + 116 on day 1, 18 on day 2
    c = Contingent("DEU", 250, airlift=(_air("A400M", per_day=2.0),))
    p = plan_deployment(contingents=[c], site=cat.get("BGSF"), start=D1)
    (a,) = p.activities
    assert (a.sorties, a.start, a.end) == (3, day(1), day(2))
    assert p.days_to_close == 2 and p.closure_date == day(2)


def test_plan_deployment__mass_limit_and_payload_fraction(cat):
    # 100 t cargo, C-17 max payload 77 519 kg: ceil(100000/77519) = 2 sorties;
    # at 50 %: ceil(100000/38759.5) = 3 sorties, one a day -> day 3
    c = Contingent("FRA", 0, cargo_kg=100_000.0, airlift=(_air("C-17"),))
    p = plan_deployment(contingents=[c], site=cat.get("BGSF"), start=D1)
    assert p.activities[0].sorties == 2
    half = DeployParameters(payload_fraction=0.5)
    p2 = plan_deployment(contingents=[c], site=cat.get("BGSF"), start=D1, params=half)
    assert p2.activities[0].sorties == math.ceil(100_000 / (77_519 * 0.5)) == 3
    assert p2.days_to_close == 3


def test_plan_deployment__site_cap_is_shared(cat):
    # cap 1 arrival a day: nation A flies day 1, nation B day 2
    a = Contingent("BEL", 50, airlift=(_air("A400M"),))
    b = Contingent("NLD", 50, airlift=(_air("A400M"),))
    p = plan_deployment(
        contingents=[a, b],
        site=cat.get("BGSF"),
        start=D1,
        params=DeployParameters(site_sorties_per_day=1),
    )
    got = {x.nation: (x.start, x.end) for x in p.activities}
    assert got == {"BEL": (day(1), day(1)), "NLD": (day(2), day(2))}


def test_plan_deployment__availability_and_fractional_rate(cat):
    # available from day 3; 0.5 sorties/day -> flies on days 4 and 6 for 2 sorties
    c = Contingent("DNK", 200, airlift=(_air("A400M", per_day=0.5, available_from=day(3)),))
    p = plan_deployment(contingents=[c], site=cat.get("BGSF"), start=D1)
    (a,) = p.activities
    assert (a.sorties, a.start, a.end) == (2, day(4), day(6))


def test_plan_deployment__runway_incompatible_type_is_reported(cat):
    # Ilulissat's 845 m runway: no C-17; the DHC-6 flies (19 seats: 40 people -> 3 sorties)
    c = Contingent("DNK", 40, airlift=(_air("C-17"), _air("DHC-6", per_day=3.0)))
    p = plan_deployment(contingents=[c], site=cat.get("BGJN"), start=D1)
    assert p.activities[0].sorties == 3 and "3 x DHC-6" in p.activities[0].detail
    only_c17 = Contingent("DNK", 40, airlift=(_air("C-17"),))
    with pytest.raises(InfeasibleError, match="C-17"):
        plan_deployment(contingents=[only_c17], site=cat.get("BGJN"), start=D1)


def test_plan_deployment__vehicles_by_sea_to_the_nearest_port(cat):
    # Aalborg -> Nuuk 2196.5 NM at 14 kt = 6.54 d, + 2 d handling -> 9 days (day 1..9)
    c = Contingent("DNK", 0, vehicles=10, home_port="Aalborg")
    p = plan_deployment(contingents=[c], site=cat.get("BGGH"), start=D1)
    (a,) = p.activities
    assert a.mode == "sea" and a.start == day(1) and a.end == day(9)
    assert "port ice season not checked" in a.caveats


def test_plan_deployment__season_check_is_applied(cat):
    c = Contingent("DNK", 0, vehicles=2, home_port="Aalborg")

    def closed(port, date):
        return f"{port.name} closed by ice" if port.region == "greenland" else None

    p = plan_deployment(contingents=[c], site=cat.get("BGGH"), start=D1, season_check=closed)
    assert "Nuuk closed by ice" in p.activities[0].caveats


def test_plan_deployment__missing_home_port_and_unknown_personnel(cat):
    a = Contingent("FRA", None, vehicles=3, airlift=(_air("A400M"),))
    b = Contingent("DEU", 10, airlift=(_air("A400M"),))
    p = plan_deployment(contingents=[a, b], site=cat.get("BGSF"), start=D1)
    assert any("FRA: personnel not published" in u for u in p.unplanned)
    assert any("no home_port" in u for u in p.unplanned)


def test_plan_deployment__bad_parameter(cat):
    with pytest.raises(OutOfDomainError, match="person_mass_kg"):
        plan_deployment(
            contingents=[],
            site=cat.get("BGSF"),
            start=D1,
            params=DeployParameters(person_mass_kg=0),
        )


def test_nearest_port__kangerlussuaq(cat):
    port, d_m = nearest_port(cat.get("BGSF"))
    assert port.name == "Kangerlussuaq" and d_m < 10_000


def test_contingents_from_mission__contributions_and_fallback():
    base = {
        "mission": {
            "name": "m",
            "lead_nation": "DNK",
            "start": dt.date(2027, 1, 1),
            "end": dt.date(2027, 2, 1),
            "hubs": ["BGSF"],
        },
        "exercise": [
            {
                "name": "x",
                "kind": "air_deployment",
                "personnel": 60,
                "aircraft": ["A400M"],
                "season": {"from": dt.date(2027, 1, 1), "to": dt.date(2027, 12, 31)},
            }
        ],
    }
    m = mission_from_dict({**base, "contributions": [{"nation": "BEL", "personnel": 1}]})
    cs, notes = contingents_from_mission(m, m.exercise[0])
    assert [(c.nation, c.personnel) for c in cs] == [("DNK", 60)] and notes
    m2 = mission_from_dict(
        {
            **base,
            "contributions": [
                {
                    "nation": "NLD",
                    "personnel": 80,
                    "cargo_t": 5,
                    "airlift": [{"aircraft": "C-130J-30", "count": 2}],
                }
            ],
        }
    )
    cs2, notes2 = contingents_from_mission(m2, m2.exercise[0])
    assert cs2[0].nation == "NLD" and cs2[0].cargo_kg == 5000 and cs2[0].airlift[0].count == 2
    assert notes2 == []
