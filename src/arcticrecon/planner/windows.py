"""Planning windows: the calendar months or ISO weeks of an exercise season."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import xarray as xr
from numpy.typing import NDArray

from arcticrecon.errors import InputError

__all__ = ["window_mean", "window_months", "windows_for"]


def windows_for(start: dt.date, end: dt.date, kind: str = "month") -> list[tuple[dt.date, dt.date]]:
    """Planning windows covering ``start``..``end`` (inclusive), clipped to the season.

    Parameters
    ----------
    start, end : date
    kind : {"month", "week"}
        Calendar months, or ISO weeks (Monday to Sunday).

    Returns
    -------
    list of (start, end) date pairs, inclusive.

    Examples
    --------
    >>> windows_for(dt.date(2027, 1, 15), dt.date(2027, 3, 2))[0]
    (datetime.date(2027, 1, 15), datetime.date(2027, 1, 31))
    >>> len(windows_for(dt.date(2027, 1, 1), dt.date(2027, 12, 31)))
    12
    """
    if end < start:
        raise InputError(f"window end {end} is before start {start}", field="season")
    out = []
    if kind == "month":
        cur = start.replace(day=1)
        while cur <= end:
            nxt = (cur.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            out.append((max(cur, start), min(nxt - dt.timedelta(days=1), end)))
            cur = nxt
    elif kind == "week":
        cur = start - dt.timedelta(days=start.weekday())
        while cur <= end:
            out.append((max(cur, start), min(cur + dt.timedelta(days=6), end)))
            cur += dt.timedelta(days=7)
    else:
        raise InputError(f"window kind {kind!r} is not month or week", field="window")
    return out


def window_mean(daily: xr.DataArray, windows: list[tuple[dt.date, dt.date]]) -> xr.DataArray:
    """Mean of a daily array (dim ``day``) over each window, stacked along ``time``."""
    days = pd.DatetimeIndex(daily["day"].values)
    out = []
    for a, b in windows:
        sel = (days >= pd.Timestamp(a)) & (days <= pd.Timestamp(b))
        out.append(daily.isel(day=np.flatnonzero(sel)).mean("day"))
    return xr.concat(out, dim="time")


def window_months(windows: list[tuple[dt.date, dt.date]]) -> NDArray[np.int64]:
    """Calendar month (1-12) of each window's midpoint."""
    return np.array([(a + (b - a) / 2).month for a, b in windows], dtype=np.int64)
