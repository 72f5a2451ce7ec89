"""Planning windows worked out on the calendar: months, ISO weeks, window means (issue 11 §5)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from arcticrecon.errors import InputError
from arcticrecon.planner.windows import window_mean, window_months, windows_for

D = dt.date


def test_windows_for__months_clipped_to_the_season_with_february_and_leap_years():
    # 15 Jan .. 2 Mar 2027: Jan from the 15th, all of Feb (28 days in 2027), Mar 1-2.
    assert windows_for(D(2027, 1, 15), D(2027, 3, 2)) == [
        (D(2027, 1, 15), D(2027, 1, 31)),
        (D(2027, 2, 1), D(2027, 2, 28)),
        (D(2027, 3, 1), D(2027, 3, 2)),
    ]
    # 2028 is a leap year: February has 29 days; December rolls over into January
    assert windows_for(D(2028, 2, 10), D(2028, 2, 29)) == [(D(2028, 2, 10), D(2028, 2, 29))]
    assert windows_for(D(2027, 12, 31), D(2028, 1, 1), "month") == [
        (D(2027, 12, 31), D(2027, 12, 31)),
        (D(2028, 1, 1), D(2028, 1, 1)),
    ]
    # a one-day season is one window
    assert windows_for(D(2027, 6, 30), D(2027, 6, 30)) == [(D(2027, 6, 30), D(2027, 6, 30))]


def test_windows_for__iso_weeks_monday_to_sunday():
    # 6 Jan 2027 is a Wednesday: its ISO week runs Mon 4 .. Sun 10 Jan, clipped to the 6th;
    # then 11-17 and 18-20 (the season ends on Wednesday the 20th).
    assert D(2027, 1, 6).isoweekday() == 3
    assert windows_for(D(2027, 1, 6), D(2027, 1, 20), "week") == [
        (D(2027, 1, 6), D(2027, 1, 10)),
        (D(2027, 1, 11), D(2027, 1, 17)),
        (D(2027, 1, 18), D(2027, 1, 20)),
    ]
    # a season starting on a Monday and ending on a Sunday: whole weeks
    assert windows_for(D(2027, 1, 4), D(2027, 1, 17), "week") == [
        (D(2027, 1, 4), D(2027, 1, 10)),
        (D(2027, 1, 11), D(2027, 1, 17)),
    ]


def test_windows_for__errors_name_the_field():
    with pytest.raises(InputError) as err:
        windows_for(D(2027, 3, 1), D(2027, 2, 28))
    assert str(err.value) == "window end 2027-02-28 is before start 2027-03-01"
    assert err.value.field == "season"
    with pytest.raises(InputError) as err:
        windows_for(D(2027, 1, 1), D(2027, 2, 1), "fortnight")
    assert str(err.value) == "window kind 'fortnight' is not month or week"
    assert err.value.field == "window"


def test_window_mean__leaves_nan_days_out_and_keeps_other_dims():
    # Two sites, 1..6 Jan; windows 1-3 and 4-6 Jan.
    #   site A: 1, 2, 3 | 4, NaN, 6   -> means 2 and (4 + 6) / 2 = 5
    #   site B: NaN x 3 | 10, 20, 30  -> NaN (no known day) and 20
    daily = xr.DataArray(
        np.array([[1, 2, 3, 4, np.nan, 6], [np.nan, np.nan, np.nan, 10, 20, 30]], float),
        dims=("location", "day"),
        coords={"location": ["A", "B"], "day": pd.date_range("2027-01-01", periods=6)},
    )
    w = [(D(2027, 1, 1), D(2027, 1, 3)), (D(2027, 1, 4), D(2027, 1, 6))]
    m = window_mean(daily, w)
    assert m.dims == ("time", "location")
    assert m["location"].values.tolist() == ["A", "B"]
    np.testing.assert_array_equal(m.values, [[2.0, np.nan], [5.0, 20.0]])


def test_window_months__month_of_each_windows_midpoint():
    # 25 Jan .. 10 Feb: midpoint 2 Feb (8 days after 25 Jan) -> February;
    # 1 .. 30 Jun: midpoint 15 Jun 12:00 -> June; 28 .. 31 Dec: 29 Dec 12:00 -> December
    w = [
        (D(2027, 1, 25), D(2027, 2, 10)),
        (D(2027, 6, 1), D(2027, 6, 30)),
        (D(2027, 12, 28), D(2027, 12, 31)),
    ]
    got = window_months(w)
    assert got.tolist() == [2, 6, 12] and got.dtype == np.int64
