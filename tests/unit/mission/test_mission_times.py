"""Times of day in mission files (daily_hours, h_hour) and YAML 1.1 traps (issue 11 §2).

YAML 1.1 (PyYAML) reads an unquoted ``10:30`` as the base-60 integer 630 while ``09:30``
stays text, ``0755`` as octal 493, and ``1e3`` as text; YAML 1.2 (core schema, the
reading used here) gives "10:30", 755 and 1000.0. TOML (tomllib) refuses ``0755`` and an
unquoted ``10:30``, and reads ``1e3`` as 1000.0. The two mission-file paths must agree.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from arcticrecon.cli.main import main
from arcticrecon.errors import InputError
from arcticrecon.mission import DailyHours, load_yaml_text, read_mission_file

TOML = """
[mission]
name = "m"
lead_nation = "DNK"
start = 2026-01-19
end = 2026-03-31
hubs = ["BGSF"]

[[contributions]]
nation = "NO"
cargo_t = 1e3

[[exercise]]
name = "x"
kind = "cold_weather_land"
season = { from = 2027-01-01, to = 2027-12-31 }
daily_hours = { start = "10:30", end = "16:00" }
h_hour = "06:45"
"""

YAML = """
mission:
  name: m
  lead_nation: DNK
  start: 2026-01-19
  end: 2026-03-31
  hubs: [BGSF]
contributions:
  - nation: NO
    cargo_t: 1e3
exercise:
  - name: x
    kind: cold_weather_land
    season: {from: 2027-01-01, to: 2027-12-31}
    daily_hours: {start: 10:30, end: 16:00}
    h_hour: 06:45
"""


def _write(tmp_path: Path, text: str, name: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_yaml_and_toml__same_mission(tmp_path: Path) -> None:
    t = read_mission_file(_write(tmp_path, TOML, "m.toml"))
    y = read_mission_file(_write(tmp_path, YAML, "m.yaml"))
    assert t == y
    ex = y.exercise[0]
    # unquoted 10:30 is a time, never the base-60 integer 630
    assert ex.daily_hours == DailyHours(start=dt.time(10, 30), end=dt.time(16, 0))
    assert ex.h_hour == dt.time(6, 45)
    assert y.contributions[0].nation == "NOR" and y.contributions[0].cargo_t == 1000.0


def test_load_yaml_text__1_2_core_rules() -> None:
    doc = load_yaml_text("a: 10:30\nb: 09:30\nc: 1e3\nd: NO\ne: yes\nf: 0o17\n")
    assert doc == {"a": "10:30", "b": "09:30", "c": 1000.0, "d": "NO", "e": "yes", "f": 15}


@pytest.mark.parametrize(
    ("line", "path", "octal", "plain"),
    [
        ("    personnel: 0150", "exercise[0].personnel", "octal 104", "150"),
        ("    personnel: 089", "exercise[0].personnel", "not a number", "89"),
    ],
)
def test_yaml__leading_zero_refused_naming_key(
    tmp_path: Path, line: str, path: str, octal: str, plain: str
) -> None:
    text = YAML.replace("    h_hour: 06:45", "    h_hour: 06:45\n" + line)
    with pytest.raises(InputError) as err:
        read_mission_file(_write(tmp_path, text, "m.yaml"))
    msg = str(err.value)
    assert path in msg and octal in msg and f"write {plain}" in msg and "quote it" in msg
    assert "\n" not in msg


def test_yaml__quoted_leading_zero_is_text() -> None:
    assert load_yaml_text('code: "0755"\n') == {"code": "0755"}


def test_toml__unquoted_time_hint(tmp_path: Path) -> None:
    text = TOML.replace('h_hour = "06:45"', "h_hour = 06:45")
    with pytest.raises(InputError, match=r'write times of day in quotes, e\.g\. start = "08:00"'):
        read_mission_file(_write(tmp_path, text, "m.toml"))


def test_toml__local_time_value_accepted(tmp_path: Path) -> None:
    text = TOML.replace('h_hour = "06:45"', "h_hour = 06:45:00")
    assert read_mission_file(_write(tmp_path, text, "m.toml")).exercise[0].h_hour == dt.time(6, 45)


@pytest.mark.parametrize(
    ("hours", "text"),
    [
        ('{ start = "25:00", end = "16:00" }', 'daily_hours.start: "25:00" is not a time of day'),
        ('{ start = "8h", end = "16:00" }', 'daily_hours.start: "8h" is not a time of day'),
        ('{ start = "08:00", end = 1600 }', "daily_hours.end: 1600 is not a time of day"),
        ('{ start = "16:00", end = "08:00" }', "end 08:00 is not after start 16:00"),
        ('{ start = "08:00", end = "08:00" }', "end 08:00 is not after start 08:00"),
        (
            '{ start = "08:00", end = "16:00", crosses_midnight = true }',
            "crosses_midnight = true but end 16:00 is not before start 08:00",
        ),
    ],
)
def test_daily_hours__bad_values_one_line(tmp_path: Path, hours: str, text: str) -> None:
    bad = TOML.replace('{ start = "10:30", end = "16:00" }', hours)
    with pytest.raises(InputError) as err:
        read_mission_file(_write(tmp_path, bad, "m.toml"))
    msg = str(err.value)
    assert text in msg and "exercise[0].daily_hours" in msg and "\n" not in msg


def test_daily_hours__night_shift_and_end_of_day() -> None:
    night = DailyHours(start="22:00", end="06:00", crosses_midnight=True)
    assert night.hours == 8.0 and night.label() == "22:00-06:00 (+1 day)"
    late = DailyHours(start="16:00", end="24:00")
    assert late.hours == 8.0 and late.end == dt.time.max and late.label() == "16:00-24:00"
    assert DailyHours(start="08:00", end="16:00").hours == 8.0


def test_plan_cli__bad_daily_hours_exit_2_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = TOML.replace('end = "16:00"', 'end = "25:00"')
    code = main(["plan", str(_write(tmp_path, bad, "m.toml")), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert 'exercise[0].daily_hours.end: "25:00" is not a time of day' in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()
