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
    """Mean of a daily array (dim ``day``) over each window, stacked along ``time``.

    NaN days are left out of a window's mean (NaN when the window has none); the other
    dims keep their order and coordinates after ``time``.
    """
    days = pd.DatetimeIndex(daily["day"].values)
    rest = [d for d in daily.dims if d != "day"]
    vals = np.asarray(daily.transpose("day", *rest).values, dtype=float)
    ok = np.isfinite(vals)
    filled = np.where(ok, vals, 0.0)
    out = np.empty((len(windows), *vals.shape[1:]))
    for i, (a, b) in enumerate(windows):
        sel = np.flatnonzero((days >= pd.Timestamp(a)) & (days <= pd.Timestamp(b)))
        n = ok[sel].sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[i] = np.where(n > 0, filled[sel].sum(axis=0) / n, np.nan)
    coords = {k: v for k, v in daily.coords.items() if "day" not in v.dims}
    return xr.DataArray(out, dims=("time", *rest), coords=coords)


def window_months(windows: list[tuple[dt.date, dt.date]]) -> NDArray[np.int64]:
    """Calendar month (1-12) of each window's midpoint."""
    return np.array([(a + (b - a) / 2).month for a, b in windows], dtype=np.int64)
