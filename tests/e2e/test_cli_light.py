"""End-to-end tests of ``arcticrecon light`` through the command-line entry point."""

from __future__ import annotations

import csv
import io
import json

import pytest

from arcticrecon.cli import common
from arcticrecon.cli.main import main


@pytest.fixture(autouse=True)
def _wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    # a 12-column table: give rich room so cells are not wrapped
    monkeypatch.setattr(common.console, "width", 220)


def test_light__pituffik_polar_night_table(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["light", "BGTL", "--from", "2026-12-20", "--to", "2026-12-21"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Pituffik" in out and "America/Thule" in out
    assert "polar night" in out and "no civil twilight" in out
    assert "2026-12-21" in out


def test_light__nuuk_white_night_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["light", "BGGH", "--from", "2025-06-21", "--to", "2025-06-21", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert code == 0 and len(rows) == 1
    row = rows[0]
    # AR-02: sunrise 03:53:20 local (UTC-1); no civil dawn/dusk
    assert row["sunrise"].startswith("2025-06-21T03:53")
    assert row["sunrise"].endswith("-01:00")
    assert row["civil_state"] == "always_above" and row["day_state"] == "normal"


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
    assert day["day_state"] == "midnight_sun" and day["sunrise"] is None
    assert day["solar_noon"].startswith("2025-07-10T15:29")  # AR-01: 14:29:51-01:00


def test_light__two_sunsets_in_one_day_shown(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["light", "BGTL", "--from", "2026-08-22", "--to", "2026-08-22", "--format", "table"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "00:15, 23:59" in out


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
