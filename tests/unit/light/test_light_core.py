"""Unit tests of the engine-independent helpers in arcticrecon.light._core and moon."""

from __future__ import annotations

import numpy as np
import pytest

from arcticrecon.errors import InputError
from arcticrecon.light import moon_illumination
from arcticrecon.light._core import _bucket, day_grid, ud_to_datetime64
from arcticrecon.light.moon import illumination_from_phase_angle


@pytest.mark.parametrize("tz", [None, "America/Nuuk", "America/Thule", "America/Scoresbysund"])
def test_bucket__matches_searchsorted_across_clock_changes(tz: str | None) -> None:
    edges = day_grid("2024-01-01", "2026-12-31", tz).edges_ud
    rng = np.random.default_rng(0)
    t = np.concatenate([rng.uniform(edges[0] - 3, edges[-1] + 3, 200_000), edges, edges - 1e-9])
    np.testing.assert_array_equal(_bucket(edges, t), np.searchsorted(edges, t, side="right"))


def test_day_grid__nuuk_spring_forward_day_is_23_hours() -> None:
    g = day_grid("2026-03-28", "2026-03-29", "America/Nuuk")
    hours = np.diff(g.edges_ud) * 24.0
    np.testing.assert_allclose(hours, [23.0, 24.0])
    assert g.tz == "America/Nuuk"


def test_day_grid__scoresbysund_skipped_midnight_starts_at_the_change() -> None:
    # Scoresbysund's clocks jump at 01:00 UTC = local midnight (UTC-2 -> UTC-1):
    # 2026-03-29 00:00 local does not exist; the day starts at the change, 01:00 UTC.
    g = day_grid("2026-03-29", "2026-03-29", "America/Scoresbysund")
    start = ud_to_datetime64(g.edges_ud[:1])[0]
    assert str(start) == "2026-03-29T01:00:00.000000000"


def test_day_grid__end_before_start_raises() -> None:
    with pytest.raises(InputError, match="empty"):
        day_grid("2026-01-02", "2026-01-01", None)


def test_ud_to_datetime64__nan_is_nat_scalar_and_array() -> None:
    out = ud_to_datetime64(np.array([0.0, np.nan, 20454.5]))
    assert str(out[0]) == "1970-01-01T00:00:00.000000000"
    assert np.isnat(out[1])
    assert str(out[2]) == "2026-01-01T12:00:00.000000000"
    assert ud_to_datetime64(np.array(np.nan)).dtype == np.dtype("M8[ns]")


def test_illumination_from_phase_angle__full_new_quarter() -> None:
    k = illumination_from_phase_angle(np.array([0.0, np.pi, np.pi / 2]))
    np.testing.assert_allclose(k, [1.0, 0.0, 0.5], atol=1e-12)


def test_moon_illumination__scalar_and_array_agree() -> None:
    one = moon_illumination("2025-01-10T00:00:00Z")
    many = moon_illumination(["2025-01-10T00:00:00Z", "2025-01-13T22:27:00Z"])
    assert one.shape == (1,) and many.shape == (2,)
    assert one[0] == pytest.approx(many[0])


def test_moon_illumination__bad_time_raises() -> None:
    with pytest.raises(InputError, match="times_utc"):
        moon_illumination(["not a time"])
