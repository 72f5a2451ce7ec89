"""Tests of arcticrecon.tz, including public cases AR-09 and AR-11."""

from __future__ import annotations

import datetime as dt

import pytest

from arcticrecon.errors import InputError
from arcticrecon.tz import get_zone, local_to_utc, utc_offset_hours

UTC = dt.UTC

# AR-09 (cases/public_cases.json): Nuuk offsets; tolerance 0 h; alias must match.
AR09 = {
    "2022-01-15": -3,
    "2023-01-15": -3,
    "2023-07-15": -2,
    "2023-11-15": -2,
    "2024-01-15": -2,
    "2024-07-15": -1,
    "2025-01-15": -2,
}


@pytest.mark.parametrize(("day", "offset_h"), sorted(AR09.items()))
@pytest.mark.parametrize("name", ["America/Nuuk", "America/Godthab"])
def test_utc_offset_hours__ar09_nuuk_and_alias(name: str, day: str, offset_h: int) -> None:
    instant = dt.datetime.fromisoformat(f"{day}T12:00").replace(tzinfo=UTC)
    assert utc_offset_hours(name, instant) == offset_h


def test_get_zone__alias_resolves_to_nuuk() -> None:
    assert get_zone("America/Godthab").key == "America/Nuuk"


@pytest.mark.parametrize(
    ("zone", "winter_h", "summer_h"),
    [
        ("America/Nuuk", -2, -1),
        ("America/Thule", -4, -3),
        ("America/Scoresbysund", -2, -1),
        ("America/Danmarkshavn", 0, 0),
    ],
)
def test_utc_offset_hours__greenland_four_zones_2026(
    zone: str, winter_h: int, summer_h: int
) -> None:
    # tzdata 2024b+: Scoresbysund follows Nuuk (UTC-2/-1) since 2024-03-31;
    # Danmarkshavn is UTC+0 all year; Thule uses US/Canada-style DST (UTC-4/-3).
    assert utc_offset_hours(zone, dt.datetime(2026, 1, 15, 12)) == winter_h
    assert utc_offset_hours(zone, dt.datetime(2026, 7, 15, 12)) == summer_h


def test_local_to_utc__ar11_nonexistent_rejected() -> None:
    # AR-11: 2025-03-29T23:30 does not exist in America/Nuuk (23:00 -> 00:00 at 01:00Z)
    with pytest.raises(InputError, match="2025-03-29T23:30:00 does not exist"):
        local_to_utc(dt.datetime(2025, 3, 29, 23, 30), "America/Nuuk")


def test_local_to_utc__ar11_ambiguous_needs_fold() -> None:
    # AR-11: 2025-10-25T23:30 happens at 00:30Z (UTC-1) and 01:30Z (UTC-2)
    naive = dt.datetime(2025, 10, 25, 23, 30)
    with pytest.raises(InputError, match="ambiguous") as err:
        local_to_utc(naive, "America/Nuuk")
    assert "2025-10-25T23:30" in str(err.value)
    assert local_to_utc(naive, "America/Nuuk", fold=0) == dt.datetime(
        2025, 10, 26, 0, 30, tzinfo=UTC
    )
    assert local_to_utc(naive, "America/Nuuk", fold=1) == dt.datetime(
        2025, 10, 26, 1, 30, tzinfo=UTC
    )


def test_local_to_utc__normal_time() -> None:
    assert local_to_utc(dt.datetime(2026, 1, 19, 8, 0), "America/Nuuk") == dt.datetime(
        2026, 1, 19, 10, 0, tzinfo=UTC
    )


@pytest.mark.parametrize("name", ["", "Mars/Olympus", "../etc/passwd", "america/nuuk"])
def test_get_zone__unknown_raises_input_error(name: str) -> None:
    with pytest.raises(InputError, match="time zone"):
        get_zone(name)


def test_local_to_utc__aware_input_rejected() -> None:
    with pytest.raises(InputError, match="already has a time zone"):
        local_to_utc(dt.datetime(2026, 1, 1, tzinfo=UTC), "America/Nuuk")
