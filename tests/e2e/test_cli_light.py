"""End-to-end tests of ``arcticrecon light`` through the command-line entry point."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from typing import Any

import pytest

from arcticrecon.cli import common
from arcticrecon.cli.main import main

PITUFFIK_DEG = (76.53063, -68.700541)  # OurAirports BGTL
NUUK_DEG = (64.191066, -51.67914)  # OurAirports BGGH


@functools.lru_cache(maxsize=1)
def _sky() -> tuple[Any, Any]:
    import warnings

    import skyfield_data
    from skyfield.api import Loader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # skyfield-data's bundled finals2000A.all expiry
        load = Loader(skyfield_data.get_skyfield_data_path(), verbose=False)
    return load.timescale(builtin=True), load("de421.bsp")


def _skyfield_sun(lat: float, lon: float, start: str, end: str) -> list[tuple[dt.datetime, int]]:
    """Sunrises (+1) and sunsets (-1) from skyfield's almanac with DE421, UTC, sorted."""
    from skyfield import almanac
    from skyfield.api import wgs84

    ts, eph = _sky()
    obs = eph["earth"] + wgs84.latlon(lat, lon)
    a, b = (
        ts.from_datetime(dt.datetime.fromisoformat(x).replace(tzinfo=dt.UTC)) for x in (start, end)
    )
    out = []
    for fn, sign in ((almanac.find_risings, 1), (almanac.find_settings, -1)):
        t, ok = fn(obs, eph["sun"], a, b, horizon_degrees=-50 / 60)
        out += [
            (x.replace(tzinfo=dt.UTC), sign) for x, y in zip(t.utc_datetime(), ok, strict=True) if y
        ]
    return sorted(out)


def _local_hhmm(t: dt.datetime, tz: str) -> str:
    from zoneinfo import ZoneInfo

    # nearest minute, never rounded into the next date (as the table prints)
    loc = t.astimezone(ZoneInfo(tz))
    r = loc + dt.timedelta(seconds=30)
    return (r if r.date() == loc.date() else loc).strftime("%H:%M")


@pytest.fixture(autouse=True)
def _wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    # a 12-column table: give rich room so cells are not wrapped
    monkeypatch.setattr(common.console, "width", 220)


def test_light__pituffik_polar_night_table(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["light", "BGTL", "--from", "2026-12-20", "--to", "2026-12-21"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Pituffik" in out and "America/Thule" in out
    assert "polar night" in out and "no civil light" in out
    assert "2026-12-21" in out


def test_light__nuuk_white_night_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["light", "BGGH", "--from", "2025-06-21", "--to", "2025-06-21", "--format", "csv"])
    rows = {r["kind"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert code == 0 and set(rows) == {"daylight", "civil", "nautical", "astronomical"}
    day = rows["daylight"]
    # AR-02: sunrise 03:53:20 local (UTC-1); no civil dawn/dusk (24 h civil light)
    assert day["start_local"].startswith("2025-06-21T03:53")
    assert day["start_local"].endswith("-01:00")
    assert day["state"] == "normal"
    # the sunset that closes it is after local midnight, on the next date (skyfield)
    rise, sett = _skyfield_sun(*NUUK_DEG, "2025-06-21T04:00", "2025-06-22T04:00")
    assert rise[1] == 1 and sett[1] == -1
    end = dt.datetime.fromisoformat(day["end_utc"].replace("Z", "+00:00"))
    assert abs((end - sett[0]).total_seconds()) <= 120
    assert day["end_date"] == "2025-06-22" and day["end_local"].startswith("2025-06-22T0")
    assert rows["civil"]["state"] == "always_above" and rows["civil"]["start_utc"] == ""
    assert float(rows["civil"]["in_day_h"]) == 24.0


def test_light__latlon_json_utc(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "light",
            "69.2198,-51.0986",
            "--from",
            "2025-07-10",
            "--to",
            "2025-07-11",
            "--tz",
            "utc",
            "--format",
            "json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["timezone"] == "UTC" and len(data["days"]) == 2
    day = data["days"][0]
    assert day["daylight"]["state"] == "midnight_sun" and day["daylight"]["intervals"] == []
    assert day["day_length_h"] is None and day["daylight"]["in_day_h"] == 24.0
    assert day["solar_noon_utc"][0].startswith("2025-07-10T15:29")  # AR-01: 14:29:51-01:00


def test_light__sunset_after_midnight_closes_the_previous_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Pituffik 2026-08-22 has two sunsets (00:15 and 23:59 local): the first closes the
    # daylight that began on the 21st, so it is shown there, with its date
    code = main(["light", "BGTL", "--from", "2026-08-21", "--to", "2026-08-22"])
    out = capsys.readouterr().out
    assert code == 0
    # skyfield: rise 21st, set 22nd 00:15, rise 22nd, set 22nd 23:59 (America/Thule)
    ev = _skyfield_sun(*PITUFFIK_DEG, "2026-08-21T04:00", "2026-08-23T04:00")
    assert [s for _, s in ev] == [1, -1, 1, -1]
    r1, s1, r2, s2 = (_local_hhmm(t, "America/Thule") for t, _ in ev)
    assert s1.startswith("00:") and s2.startswith("23:")
    assert f"{r1} → {s1} (22 Aug)" in out
    assert f"{r2} → {s2} " in out


def test_light__events_lists_both_sunsets(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["light", "BGTL", "--from", "2026-08-22", "--to", "2026-08-22", "--events", "-f", "csv"]
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert code == 0
    sunsets = [r["utc"] for r in rows if r["event"] == "sunset"]
    ref = [
        t for t, s in _skyfield_sun(*PITUFFIK_DEG, "2026-08-22T03:00", "2026-08-23T03:00") if s < 0
    ]
    assert len(sunsets) == len(ref) == 2
    for got, want in zip(sunsets, ref, strict=True):
        t = dt.datetime.fromisoformat(got.replace("Z", "+00:00"))
        assert abs((t - want).total_seconds()) <= 120


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["95,0"], "95 deg is outside -90..90 for a latitude"),
        (["64,200"], "200 deg is outside -180..180 for a longitude"),
        (["BGGH", "--from", "2026-01-10", "--to", "2026-01-09"], "empty"),
        (["BGGH", "--tz", "Mars/Base"], "unknown time zone"),
        (["BGGH", "--from", "2026-13-01"], "not a date"),
        (["ZZZZ"], "ZZZZ"),
        (["10,10"], "no local time zone"),
    ],
)
def test_light__bad_input_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], text: str
) -> None:
    code = main(["light", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert text in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
