"""Engine-independent parts of the light package: inputs, local days, day assembly.

Both engines (skyfield reference, fast NumPy) reduce a location's sky to a list of
threshold crossings (time, +1 rising / -1 setting), the upper transits with their
altitude, the lower transits with their altitude, the altitude at every day edge and the
state (above/below) at the start of the search window. :func:`assemble_days` turns those
into per-day arrays, identically for both engines, so the two can only differ in the
crossing times themselves.

Internal time axis: float64 UTC days since 1970-01-01T00:00Z ("ud"), ignoring leap
seconds like ``datetime64`` does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from arcticrecon.errors import InputError, OutOfDomainError

__all__ = [
    "Crossings",
    "DayGrid",
    "EngineResult",
    "assemble_days",
    "day_grid",
    "normalise_locations",
    "ud_to_datetime64",
]

_NS_PER_DAY = 86_400_000_000_000
_NAT = np.iinfo(np.int64).min


def _to_date(value: Any, name: str) -> dt.date:
    try:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        result: dt.date = pd.Timestamp(value).date()
        return result
    except (ValueError, TypeError):
        raise InputError(
            f"{name} {value!r} is not a date; give an ISO date such as 2026-01-19",
            field=name,
            value=value,
        ) from None


def normalise_locations(
    lat_deg: Any, lon_deg: Any, elevation_m: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Broadcast and validate locations to three 1-D float arrays of equal length.

    Raises
    ------
    OutOfDomainError
        If a latitude is outside [-90, 90] deg, a longitude outside [-180, 360) deg, an
        elevation outside [-500, 9000] m, or any value is not finite; ``err.mask`` marks
        the offending locations.
    InputError
        If the inputs are not scalars or 1-D arrays of one common length, or empty.
    """
    try:
        lat, lon, elev = np.broadcast_arrays(
            np.atleast_1d(np.asarray(lat_deg, dtype=float)),
            np.atleast_1d(np.asarray(lon_deg, dtype=float)),
            np.atleast_1d(np.asarray(elevation_m, dtype=float)),
        )
    except (ValueError, TypeError):
        raise InputError(
            "lat_deg, lon_deg and elevation_m must be numbers or 1-D arrays of one length",
            field="lat_deg/lon_deg",
        ) from None
    if lat.size == 0:
        raise InputError(
            "no locations given; pass at least one lat_deg/lon_deg pair",
            field="lat_deg",
            value=[],
        )
    if lat.ndim != 1:
        raise InputError(
            f"locations must be scalars or 1-D arrays, got shape {lat.shape}",
            field="lat_deg",
            value=lat.shape,
        )
    for name, arr, lo, hi in (
        ("lat_deg", lat, -90.0, 90.0),
        ("lon_deg", lon, -180.0, 360.0),
        ("elevation_m", elev, -500.0, 9000.0),
    ):
        bad = ~np.isfinite(arr) | (arr < lo) | (arr > hi)
        if name == "lon_deg":
            bad |= arr == hi
        if bad.any():
            first = arr[bad][0]
            raise OutOfDomainError(
                f"{name} {first:g} is outside [{lo:g}, {hi:g}]; give WGS 84 "
                f"{'degrees' if name != 'elevation_m' else 'metres'} inside that range",
                field=name,
                value=float(first),
                valid_range=(lo, hi),
                mask=bad,
            )
    lon = np.where(lon >= 180.0, lon - 360.0, lon)
    return lat.astype(float), lon.astype(float), elev.astype(float)


@dataclass(frozen=True)
class DayGrid:
    """Calendar days and their UTC edges.

    Attributes
    ----------
    days : ndarray of datetime64[D], shape (n_day,)
        The calendar days (local days of ``tz``, or UTC days).
    edges_ud : ndarray, shape (n_day + 1,)
        UTC start of each day and end of the last. [d since 1970-01-01]
    tz : str or None
        IANA zone of the calendar days (None = UTC days).
    """

    days: np.ndarray
    edges_ud: np.ndarray
    tz: str | None


def day_grid(start: Any, end: Any, tz: str | None) -> DayGrid:
    """Local calendar days ``start..end`` (inclusive) and their UTC edges.

    Parameters
    ----------
    start, end : date-like
        First and last calendar day (inclusive).
    tz : str or None
        IANA zone of the calendar (None: UTC days). The start of a local day is the
        earliest instant whose local date is that day (a midnight skipped by a clock
        change starts the day at the change).

    Raises
    ------
    InputError
        If ``end`` is before ``start``, the range is longer than 100 years, or ``tz`` is
        unknown.
    """
    from arcticrecon.tz import UTC, get_zone

    d0 = _to_date(start, "start")
    d1 = _to_date(end, "end")
    if d1 < d0:
        raise InputError(
            f"date range {d0}..{d1} is empty (end before start); give end >= start "
            "(both days are included)",
            field="end",
            value=str(d1),
            valid_range=f">= {d0}",
        )
    if d0 < dt.date(1900, 1, 3) or d1 > dt.date(2052, 12, 28):
        raise InputError(
            f"date range {d0}..{d1} is outside 1900-01-03..2052-12-28, the span of the "
            "DE421 ephemeris used here; choose dates inside it",
            field="start/end",
            value=f"{d0}..{d1}",
            valid_range=("1900-01-03", "2052-12-28"),
        )
    n = (d1 - d0).days + 1
    if n > 36525:
        raise InputError(
            f"date range {d0}..{d1} is {n} days; give at most 100 years",
            field="end",
            value=str(d1),
        )
    days = np.arange(np.datetime64(d0, "D"), np.datetime64(d1, "D") + 2)
    if tz is None:
        edges = days.astype("int64").astype(float)
        return DayGrid(days=days[:-1], edges_ud=edges, tz=None)
    zone = get_zone(tz)
    edges = np.empty(n + 1)
    epoch = dt.datetime(1970, 1, 1, tzinfo=UTC)
    for i, d in enumerate(days.astype(object)):
        local = dt.datetime(d.year, d.month, d.day, tzinfo=zone, fold=0)
        edges[i] = (local.astimezone(UTC) - epoch).total_seconds() / 86400.0
    return DayGrid(days=days[:-1], edges_ud=edges, tz=zone.key)


def ud_to_datetime64(ud: np.ndarray) -> np.ndarray:
    """UTC days since 1970 (NaN = no time) to ``datetime64[ns]`` (NaT).

    Resolution: float64 spacing at 2026 is 256 ns, far below the engines' accuracy.
    """
    arr = np.asarray(ud, dtype=float)
    ns = arr.reshape(-1) * float(_NS_PER_DAY)
    np.nan_to_num(ns, copy=False, nan=float(_NAT))  # -2**63 is exact: NaN -> NaT
    return ns.astype(np.int64).view("M8[ns]").reshape(arr.shape)


@dataclass
class Crossings:
    """Threshold crossings of many locations, flat, sorted by (location, time).

    Attributes
    ----------
    loc : ndarray of int, shape (m,)
    t_ud : ndarray of float, shape (m,)
        UTC time. [d since 1970-01-01]
    sigma : ndarray of int8, shape (m,)
        +1 rising (upward through the threshold), -1 setting.
    above_at_start : ndarray of bool, shape (n_loc,)
        Whether the body is above the threshold at the start of the search window
        (before every listed crossing).
    """

    loc: np.ndarray
    t_ud: np.ndarray
    sigma: np.ndarray
    above_at_start: np.ndarray


@dataclass
class EngineResult:
    """What an engine returns for a set of locations and a day grid.

    ``crossings`` maps a threshold key (``"sunrise"``, ``"civil"``, ``"nautical"``,
    ``"astronomical"``, ``"moon"``) to :class:`Crossings`; ``upper``/``lower`` are the
    (loc, t_ud, altitude_deg) of upper/lower transits, flat and sorted by (loc, t);
    ``edge_alt_deg`` (n_loc, n_day + 1) the altitude at each day edge.
    """

    crossings: dict[str, Crossings]
    upper: tuple[np.ndarray, np.ndarray, np.ndarray]
    lower: tuple[np.ndarray, np.ndarray, np.ndarray]
    edge_alt_deg: np.ndarray
    extra: dict[str, np.ndarray] = field(default_factory=dict)


def _bucket(edges: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Count the day edges <= t (0: before day 0; n_day + 1: after the last day).

    Same as ``np.searchsorted(edges, t, side="right")`` for days of 23-25 h, in O(1)
    per element: a first guess assuming 24-h days, corrected by one step either way
    (clock changes shift an edge by far less than a day).
    """
    n = edges.size
    k = np.clip(np.floor(t - edges[0]).astype(np.int64) + 1, 0, n)
    ext = np.empty(n + 2)
    ext[0], ext[1:-1], ext[-1] = -np.inf, edges, np.inf
    k -= t < ext[k]
    k += t >= ext[k + 1]
    result: np.ndarray = k
    return result


def _first_per_day(
    loc: np.ndarray, t: np.ndarray, b: np.ndarray, n_day: int, n_loc: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bucket sorted (loc, t) events into days.

    Returns the first time (datetime64[ns], NaT if none), the count and the index of
    the first event, each (n_loc, n_day).
    """
    inside = (b >= 1) & (b <= n_day)
    idx = np.flatnonzero(inside)
    key = loc[idx] * n_day + (b[idx] - 1)
    first = np.ones(key.size, dtype=bool)
    first[1:] = key[1:] != key[:-1]
    out = np.full(n_loc * n_day, _NAT, dtype=np.int64)
    kf = key[first]
    out[kf] = ud_to_datetime64(t[idx[first]]).view(np.int64)
    count = np.bincount(key, minlength=n_loc * n_day).reshape(n_loc, n_day)
    first_idx = np.full(n_loc * n_day, -1, dtype=np.int64)
    first_idx[kf] = idx[first]
    return out.view("M8[ns]").reshape(n_loc, n_day), count, first_idx.reshape(n_loc, n_day)


def _time_above(
    c: Crossings, b: np.ndarray, edges: np.ndarray, n_loc: int
) -> tuple[np.ndarray, np.ndarray]:
    """Seconds above the threshold per day and state at each day start.

    Time above within [a, b] = s(a) (b - a) + sum_j sigma_j (b - c_j) over the
    crossings c_j in the day; s(a) = state at window start + the net count of crossings
    before a (so durations and states follow from the crossings alone, consistently).
    """
    n_day = edges.size - 1
    key = c.loc * (n_day + 2) + b
    net = np.bincount(key, weights=c.sigma, minlength=n_loc * (n_day + 2))
    net = net.reshape(n_loc, n_day + 2)
    s_edge = c.above_at_start[:, None].astype(float) + np.cumsum(net, axis=1)[:, : n_day + 1]
    s_edge = np.clip(np.rint(s_edge), 0.0, 1.0)
    inside = np.flatnonzero((b >= 1) & (b <= n_day))
    day = b[inside] - 1
    w = c.sigma[inside] * (edges[day + 1] - c.t_ud[inside])
    part = np.bincount(c.loc[inside] * n_day + day, weights=w, minlength=n_loc * n_day).reshape(
        n_loc, n_day
    )
    length = np.diff(edges)[None, :]
    above = s_edge[:, :n_day] * length + part
    above = np.clip(above, 0.0, length) * 86400.0
    return above, s_edge[:, :n_day].astype(bool)


def assemble_days(res: EngineResult, grid: DayGrid, n_loc: int) -> dict[str, np.ndarray]:
    """Turn an engine's crossings and transits into per-day arrays.

    Returns a dict of (n_loc, n_day) arrays: for every threshold key ``k`` in
    ``res.crossings`` ``k:rise``/``k:set`` (first UTC time, datetime64[ns], NaT if none),
    ``k:rise_count``/``k:set_count``, ``k:above_s`` (seconds above the threshold),
    ``k:state`` (0 normal, 1 always above, 2 always below); ``upper_t`` (datetime64[ns]),
    ``upper_alt_deg``, ``upper_count``, ``min_alt_deg``, ``max_alt_deg``.
    """
    edges = grid.edges_ud
    out: dict[str, np.ndarray] = {}
    n_day = edges.size - 1
    for k, c in res.crossings.items():
        b = _bucket(edges, c.t_ud)
        for sign, name in ((1, "rise"), (-1, "set")):
            m = np.flatnonzero(c.sigma == sign)
            t, cnt, _ = _first_per_day(c.loc[m], c.t_ud[m], b[m], n_day, n_loc)
            out[f"{k}:{name}"] = t
            out[f"{k}:{name}_count"] = cnt.astype(np.int8)
        above_s, s0 = _time_above(c, b, edges, n_loc)
        out[f"{k}:above_s"] = above_s
        n_cross = out[f"{k}:rise_count"] + out[f"{k}:set_count"]
        state = np.where(n_cross > 0, 0, np.where(s0, 1, 2)).astype(np.int8)
        out[f"{k}:state"] = state
    uloc, ut, ualt = res.upper
    t, cnt, fi = _first_per_day(uloc, ut, _bucket(edges, ut), n_day, n_loc)
    out["upper_t"] = t
    out["upper_count"] = cnt.astype(np.int8)
    out["upper_alt_deg"] = np.where(fi >= 0, ualt[np.maximum(fi, 0)], np.nan)
    ea = res.edge_alt_deg
    mn = np.minimum(ea[:, :-1], ea[:, 1:]).ravel()
    mx = np.maximum(ea[:, :-1], ea[:, 1:]).ravel()
    for (loc, tt, alt), fn, arr in (
        (res.lower, np.minimum, mn),
        (res.upper, np.maximum, mx),
    ):
        b = _bucket(edges, tt)
        inside = (b >= 1) & (b <= n_day)
        fn.at(arr, loc[inside] * n_day + b[inside] - 1, alt[inside])
    out["min_alt_deg"] = mn.reshape(n_loc, n_day)
    out["max_alt_deg"] = mx.reshape(n_loc, n_day)
    return out
