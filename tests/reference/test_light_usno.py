"""Sun and moon events against published U.S. Naval Observatory tables.

Source of every value below: U.S. Naval Observatory, Astronomical Applications Dept.,
"Rise and Set for the Moon for 2023", Location 000 00, N70 00, Universal Time, and
"Rise and Set for the Sun for 2023", FREDONIA, AZ, Location W112 31, N36 57, Zone 7h
West of Greenwich (https://aa.usno.navy.mil/calculated/rstt/year?ID=AA&year=2023...),
as reproduced verbatim in skyfield's repository, file design/test_sunrise_moonrise.py
(skyfielders/python-skyfield, commit 08ef41290f3508f79c2eb495e4a339ac0665f283).
USNO prints times rounded to the minute, so the tolerance is 60 s: 30 s of rounding
plus 30 s of model difference (USNO uses the same -50'/-34' conventions).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from arcticrecon.light import moon_event_table, moon_events, sun_event_table
from arcticrecon.light.events import Engine

TOL_S = 60.0

# (UTC date, event, "HHMM") from the 70 N, 0 E moon table, 2023
MOON_70N_2023 = [
    ("2023-01-01", "moonrise", "1047"),
    ("2023-01-01", "moonset", "0408"),
    ("2023-01-02", "moonrise", "0950"),
    ("2023-01-02", "moonset", "0641"),
    ("2023-01-10", "moonrise", "1745"),
    ("2023-01-10", "moonset", "1226"),
    ("2023-01-13", "moonrise", "2332"),
    ("2023-01-14", "moonset", "1037"),
    ("2023-01-16", "moonrise", "0342"),
    ("2023-01-23", "moonrise", "1149"),
    ("2023-01-23", "moonset", "1628"),
    ("2023-02-06", "moonrise", "1512"),
    ("2023-02-06", "moonset", "1053"),
    ("2023-07-07", "moonrise", "0025"),
    ("2023-07-07", "moonrise", "2349"),
    ("2023-07-07", "moonset", "0720"),
    ("2023-12-03", "moonrise", "1922"),
    ("2023-12-03", "moonset", "1507"),
]

# (local date, sunrise "HHMM", sunset "HHMM"), Fredonia AZ, UTC-7, 2023
SUN_FREDONIA_2023 = [
    ("2023-01-01", "0743", "1724"),
    ("2023-03-20", "0634", "1842"),
    ("2023-06-21", "0511", "1953"),
    ("2023-09-22", "0618", "1827"),
    ("2023-12-21", "0739", "1717"),
]


def _utc(date: str, hhmm: str, offset_h: float = 0.0) -> pd.Timestamp:
    d = dt.datetime.fromisoformat(date) + dt.timedelta(
        hours=int(hhmm[:2]) - offset_h, minutes=int(hhmm[2:])
    )
    return pd.Timestamp(d, tz="UTC")


def _nearest_s(table: pd.DataFrame, event: str, when: pd.Timestamp) -> float:
    t = table.loc[table["event"] == event, "time_utc"]
    return float(np.min(np.abs((t - when).dt.total_seconds())))


@pytest.fixture(scope="module", params=["skyfield", "fast"])
def moon_70n(request: pytest.FixtureRequest) -> tuple[str, pd.DataFrame]:
    return request.param, moon_event_table(
        70.0, 0.0, "2023-01-01", "2023-12-31", engine=request.param
    )


@pytest.mark.parametrize(("date", "event", "hhmm"), MOON_70N_2023)
def test_moon_event_table__usno_70n_2023(
    moon_70n: tuple[str, pd.DataFrame], date: str, event: str, hhmm: str
) -> None:
    _, table = moon_70n
    assert _nearest_s(table, event, _utc(date, hhmm)) <= TOL_S


@pytest.mark.parametrize("engine", ["skyfield", "fast"])
def test_moon_events__usno_70n_2023_continuous_states(engine: Engine) -> None:
    # USNO marks 3-9 Jan 2023 "****" (continuously above the horizon) and 17-22 Jan
    # "----" (continuously below) at 70 N 0 E; 7 July has two moonrises (0025, 2349).
    ds = moon_events(70.0, 0.0, "2023-01-01", "2023-07-31", engine=engine)
    state = ds.moon_state.isel(location=0).to_series()
    assert (state["2023-01-03":"2023-01-09"] == "always_above").all()
    assert (state["2023-01-17":"2023-01-22"] == "always_below").all()
    assert state["2023-01-10"] == "normal"
    assert int(ds.moonrise_count.sel(day="2023-07-07").item()) == 2
    assert pd.isna(ds.moonrise.sel(day="2023-01-05").item())


@pytest.mark.parametrize("engine", ["skyfield", "fast"])
@pytest.mark.parametrize(("date", "rise", "sett"), SUN_FREDONIA_2023)
def test_sun_event_table__usno_fredonia_2023(
    engine: Engine, date: str, rise: str, sett: str
) -> None:
    table = sun_event_table(
        36 + 57 / 60, -(112 + 31 / 60), date, date, engine=engine, tz="America/Phoenix"
    )
    assert _nearest_s(table, "sunrise", _utc(date, rise, offset_h=-7)) <= TOL_S
    assert _nearest_s(table, "sunset", _utc(date, sett, offset_h=-7)) <= TOL_S
