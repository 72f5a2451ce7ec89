"""Light intervals: the daylight and twilight periods that *start* on each local date.

An event table (:func:`arcticrecon.light.sun_event_table`) lists crossings; a per-day
Dataset (:func:`arcticrecon.light.sun_events`) gives the first event of each calendar
day. Neither says which sunset closes which sunrise: in west Greenland in early summer
the sun sets after local midnight, so a calendar day's first sunset closes the
*previous* day's daylight. This module pairs every rising crossing with the setting
crossing that closes it and files the interval under the local date on which it starts.

Interval kinds (threshold: geometric altitude of the Sun's centre, USNO [1]_):

=================  ==========  =====================================  ==============
kind               threshold   interval                               standard names
=================  ==========  =====================================  ==============
``daylight``       -0.8333°    sunrise .. sunset (the *day length*)   USNO
``civil``          -6°         BMCT .. EECT (civil light)             USNO, ATP 3-90
``nautical``       -12°        BMNT .. EENT (nautical light)          USNO, ATP 3-90
``astronomical``   -18°        astronomical dawn .. dusk              USNO
=================  ==========  =====================================  ==============

State of a (date, kind), one of :data:`INTERVAL_STATES` (codes 0-4):

===  ========================  ==========================  ==========================
code daylight                  twilight kinds              meaning
===  ========================  ==========================  ==========================
0    ``normal``                ``normal``                  an interval starts on the date
                                                           and ends before the next date
                                                           is over
1    ``midnight_sun_begins``   ``continuous_begins``       an interval starts on the date
                                                           and lasts through all of the
                                                           next date
2    ``midnight_sun``          ``always_above``            above all date, no crossing
3    ``sunset_only``           ``end_only``                no interval starts, but one
                                                           that began earlier ends
                                                           ("no sunrise but sun sets")
4    ``polar_night``           ``always_below``            below all date, no crossing
===  ========================  ==========================  ==========================

A date may hold two intervals of one kind (two sunrises within 24 h, near the start and
end of polar day); every one is listed. *Day length* is an interval's duration
(sunrise to the sunset that closes it), never time above the horizon within a calendar
day; that quantity is ``in_day_s`` here (and ``daylight_s``, ``civil_light_s`` ... in
:func:`~arcticrecon.light.sun_events`).

References
----------
.. [1] U.S. Naval Observatory, "Rise, Set, and Twilight Definitions,"
   https://aa.usno.navy.mil/faq/RST_defs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from arcticrecon.errors import InputError
from arcticrecon.light._core import (
    Crossings,
    DayGrid,
    _time_above,
    day_grid,
    normalise_locations,
    ud_to_datetime64,
)
from arcticrecon.light.ephemeris import DE421_RANGE_UD

__all__ = [
    "INTERVAL_KINDS",
    "INTERVAL_STATES",
    "IntervalKind",
    "sun_interval_table",
]


@dataclass(frozen=True)
class IntervalKind:
    """One kind of light interval.

    Attributes
    ----------
    name : str
        ``daylight``, ``civil``, ``nautical`` or ``astronomical``.
    threshold : str
        Key of :data:`arcticrecon.light.SUN_THRESHOLDS_DEG`.
    start_event, end_event : str
        Event names of the crossings that open and close it (``sunrise``/``sunset``,
        ``bmct``/``eect``, ``bmnt``/``eent``, ``astronomical_dawn``/``_dusk``).
    states : tuple of str
        State names for codes 0-4 (see the module table).
    """

    name: str
    threshold: str
    start_event: str
    end_event: str
    states: tuple[str, str, str, str, str]


_TWILIGHT_STATES = ("normal", "continuous_begins", "always_above", "end_only", "always_below")

#: The four interval kinds, in display order.
INTERVAL_KINDS: tuple[IntervalKind, ...] = (
    IntervalKind(
        "daylight",
        "sunrise",
        "sunrise",
        "sunset",
        ("normal", "midnight_sun_begins", "midnight_sun", "sunset_only", "polar_night"),
    ),
    IntervalKind("civil", "civil", "bmct", "eect", _TWILIGHT_STATES),
    IntervalKind("nautical", "nautical", "bmnt", "eent", _TWILIGHT_STATES),
    IntervalKind(
        "astronomical", "astronomical", "astronomical_dawn", "astronomical_dusk", _TWILIGHT_STATES
    ),
)

#: kind name -> state names by code.
INTERVAL_STATES: dict[str, tuple[str, ...]] = {k.name: k.states for k in INTERVAL_KINDS}

_KIND_BY_NAME = {k.name: k for k in INTERVAL_KINDS}
_EXTRA_DAYS = 2  # local days computed after ``end`` so that intervals can close
_LONG_SEARCH_D = 200.0  # polar day lasts < 190 d anywhere on Earth [d]


def utc_times(t_ud: np.ndarray) -> pd.Series:
    """UTC days since 1970 (NaN = none) as a tz-aware ``datetime64[ns, UTC]`` Series (NaT)."""
    ns = ud_to_datetime64(t_ud).view(np.int64)
    return pd.Series(ns, dtype=pd.DatetimeTZDtype("ns", "UTC"), copy=False)


def _kinds(kinds: Any) -> tuple[IntervalKind, ...]:
    names = [kinds] if isinstance(kinds, str) else list(kinds)
    out = []
    for n in names:
        if n not in _KIND_BY_NAME:
            raise InputError(
                f"interval kind {n!r} is not one of {', '.join(_KIND_BY_NAME)}",
                field="kinds",
                value=n,
                valid_range=tuple(_KIND_BY_NAME),
            )
        out.append(_KIND_BY_NAME[n])
    if not out:
        raise InputError("no interval kind given", field="kinds", value=names)
    return tuple(out)


def _next_setting(c: Crossings) -> np.ndarray:
    """Index of the next setting crossing of the same location after each crossing (-1)."""
    m = c.t_ud.size
    pos = np.where(c.sigma < 0, np.arange(m), m)
    nxt = np.minimum.accumulate(pos[::-1])[::-1]  # first setting at index >= i
    out = np.full(m, -1, dtype=np.int64)
    if m > 1:
        cand = nxt[1:]
        ok = cand < m
        j = np.flatnonzero(ok)
        same = c.loc[cand[j]] == c.loc[j]
        out[j[same]] = cand[j[same]]
    return out


@dataclass
class _KindResult:
    loc: np.ndarray  # (r,) int64, intervals starting inside the requested dates
    day: np.ndarray  # (r,) int64
    start_ud: np.ndarray  # (r,)
    end_ud: np.ndarray  # (r,) NaN = not closed within the search
    state: np.ndarray  # (n_loc, n_day) int8
    in_day_s: np.ndarray  # (n_loc, n_day)


def _kind_result(
    c: Crossings, edges: np.ndarray, n_day: int, n_loc: int, close_open: Any
) -> _KindResult:
    """Intervals and states of one threshold from its crossings (extended day edges)."""
    n_ext = edges.size - 1
    b = np.searchsorted(edges, c.t_ud, side="right")  # 1..n_ext inside the grid
    above_s, s0 = _time_above(c, b, edges, n_loc)
    nxt = _next_setting(c)
    rise = np.flatnonzero((c.sigma > 0) & (b >= 1) & (b <= n_ext))
    end = np.where(nxt[rise] >= 0, c.t_ud[np.maximum(nxt[rise], 0)], np.nan)
    open_ = np.flatnonzero(np.isnan(end))
    if open_.size:
        end[open_] = close_open(c.loc[rise[open_]], c.t_ud[rise[open_]])
    day = b[rise] - 1
    key = c.loc[rise] * n_ext + day
    n_rise = np.bincount(key, minlength=n_loc * n_ext).reshape(n_loc, n_ext)
    sets = np.flatnonzero((c.sigma < 0) & (b >= 1) & (b <= n_ext))
    n_set = np.bincount(c.loc[sets] * n_ext + b[sets] - 1, minlength=n_loc * n_ext).reshape(
        n_loc, n_ext
    )
    # the last interval of each (loc, day) decides "normal" vs "continuous begins"
    last_end = np.full(n_loc * n_ext, -np.inf)
    np.maximum.at(last_end, key, np.where(np.isnan(end), np.inf, end))
    last_end = last_end.reshape(n_loc, n_ext)[:, :n_day]
    next_day_end = edges[2 : n_day + 2][None, :]
    state = np.where(
        n_rise[:, :n_day] > 0,
        np.where(last_end >= next_day_end, 1, 0),
        np.where(n_set[:, :n_day] > 0, 3, np.where(s0[:, :n_day], 2, 4)),
    ).astype(np.int8)
    keep = day < n_day
    return _KindResult(
        loc=c.loc[rise][keep],
        day=day[keep],
        start_ud=c.t_ud[rise][keep],
        end_ud=end[keep],
        state=state,
        in_day_s=above_s[:, :n_day],
    )


def _closer(
    engine_fn: Any, lat: np.ndarray, lon: np.ndarray, elev: np.ndarray, t_from: float, key: str
) -> Any:
    """Find, for intervals still open at ``t_from``, the first setting within 200 days."""
    from arcticrecon.light.events import SUN_THRESHOLDS_DEG

    def close(loc: np.ndarray, t_start: np.ndarray) -> np.ndarray:
        out = np.full(loc.size, np.nan)
        hi = min(t_from + _LONG_SEARCH_D, DE421_RANGE_UD[1] - 3.0)
        if hi <= t_from + 1.0:
            return out
        u, inv = np.unique(loc, return_inverse=True)
        edges = np.arange(np.floor(t_from), np.ceil(hi) + 1.0)
        res = engine_fn(lat[u], lon[u], elev[u], edges, {key: SUN_THRESHOLDS_DEG[key]})
        c = res.crossings[key]
        sets = np.flatnonzero(c.sigma < 0)
        if sets.size == 0:
            return out
        # first setting after each start, per location: one searchsorted on the key
        # location * span + time (sorted, as crossings are sorted by location and time;
        # a chunk holds a few hundred locations, so the key resolves ~1e-10 d)
        t_set = c.t_ud[sets]
        t_ref = min(float(t_set.min()), float(t_start.min())) - 1.0
        span = max(float(t_set.max()), float(t_start.max())) - t_ref + 1.0
        j = np.searchsorted(c.loc[sets] * span + (t_set - t_ref), inv * span + (t_start - t_ref))
        jj = np.minimum(j, sets.size - 1)
        ok = (j < sets.size) & (c.loc[sets[jj]] == inv)
        out[ok] = t_set[jj[ok]]
        return out

    return close


def _chunk_intervals(
    lat: np.ndarray,
    lon: np.ndarray,
    elev: np.ndarray,
    grid: DayGrid,
    n_day: int,
    engine: str,
    kinds: tuple[IntervalKind, ...],
) -> dict[str, _KindResult]:
    from arcticrecon.light.events import SUN_THRESHOLDS_DEG, _sun_engine

    fn = _sun_engine(engine)
    thresholds = {k.threshold: SUN_THRESHOLDS_DEG[k.threshold] for k in kinds}
    res = fn(lat, lon, elev, grid.edges_ud, thresholds)
    t_last = float(grid.edges_ud[-1])
    return {
        k.name: _kind_result(
            res.crossings[k.threshold],
            grid.edges_ud,
            n_day,
            lat.size,
            _closer(fn, lat, lon, elev, t_last, k.threshold),
        )
        for k in kinds
    }


def _extended_grid(start: Any, end: Any, tz: str | None) -> tuple[DayGrid, int]:
    """The requested local days plus up to two more (so intervals can close)."""
    base = day_grid(start, end, tz)
    n_day = base.days.size
    last = base.days[-1].astype(object)
    extra = min(_EXTRA_DAYS, (dt.date(2052, 12, 28) - last).days)
    if extra <= 0:
        return base, n_day
    return day_grid(base.days[0].astype(object), last + dt.timedelta(days=extra), tz), n_day


def sun_interval_table(
    lat_deg: Any,
    lon_deg: Any,
    start: Any,
    end: Any,
    *,
    elevation_m: Any = 0.0,
    engine: str = "fast",
    tz: str | None = None,
    kinds: Any = ("daylight", "civil", "nautical", "astronomical"),
    workers: int | None = None,
) -> pd.DataFrame:
    """Daylight and twilight intervals that start on each local date, with the date's state.

    Parameters
    ----------
    lat_deg, lon_deg : float or array_like, shape (n,)
        WGS 84 latitude [-90, 90] and longitude [-180, 360). [deg]
    start, end : date-like
        First and last local date, both included.
    elevation_m : float or array_like, shape (n,), optional
        Height of each location (observer position only, no horizon dip). [m]
    engine : {"fast", "skyfield"}
        Crossing engine, as in :func:`arcticrecon.light.sun_events`.
    tz : str, optional
        IANA zone whose calendar dates the intervals are filed under (e.g.
        ``"America/Nuuk"``); None for UTC dates.
    kinds : str or sequence of str
        Any of ``daylight``, ``civil``, ``nautical``, ``astronomical``.
    workers : int, optional
        Threads for the fast engine (default: number of CPUs).

    Returns
    -------
    pandas.DataFrame
        One row per interval that starts on a date, and one row (with NaT times) per
        (location, date, kind) on which none starts; sorted by location, date, kind
        (in ``kinds`` order), start. Columns:

        - ``location`` (int64, index into the inputs), ``date`` (local date,
          datetime64 at midnight), ``kind`` and ``state`` (categorical of str, see
          :data:`INTERVAL_STATES`);
        - ``start_utc``, ``end_utc`` (datetime64[ns, UTC]; ``end_utc`` may be days
          later; NaT for ``end_utc`` only when the interval does not close within 200
          days or before the end of DE421);
        - ``end_date`` (local date of ``end_utc``, datetime64 at midnight, NaT if none);
        - ``duration_s``: ``end_utc - start_utc`` (the day length for ``daylight``) [s];
        - ``in_day_s``: time above the threshold within the local date, whatever the
          intervals (the same value on every row of one location, date and kind). [s]

    Raises
    ------
    OutOfDomainError
        If a latitude, longitude or elevation is out of range (``err.mask``).
    InputError
        If ``end < start``, the dates are outside DE421 (1900-2052), the engine, zone
        or a kind is unknown.

    Notes
    -----
    Crossings are computed over the requested dates plus two local days; an interval
    still open then is closed by a second search of 200 days for those locations only.
    Pairing a rising with the next setting of the same location is exact because the
    crossings of one threshold alternate (see :mod:`arcticrecon.light.fast`).

    Examples
    --------
    >>> t = sun_interval_table(64.19, -51.68, "2026-06-03", "2026-06-03",
    ...                        tz="America/Nuuk", kinds="daylight")
    >>> str(t.state[0]), t.end_utc[0].tz_convert("America/Nuuk").strftime("%d %H:%M")
    ('normal', '04 00:35')
    """
    from arcticrecon.light.events import _SUB_CHUNK, _check_engine, _chunks, _map, _workers
    from arcticrecon.light.fast import prepare_tables

    _check_engine(engine)
    ks = _kinds(kinds)
    lat, lon, elev = normalise_locations(lat_deg, lon_deg, elevation_m)
    grid, n_day = _extended_grid(start, end, tz)
    if engine == "fast":
        prepare_tables(grid.edges_ud, "sun")
    sub = _SUB_CHUNK if engine == "fast" else lat.size
    slices = _chunks(lat.size, sub)

    def run(s: slice) -> dict[str, _KindResult]:
        return _chunk_intervals(lat[s], lon[s], elev[s], grid, n_day, engine, ks)

    parts = list(
        zip(slices, _map(run, slices, _workers(workers, engine, len(slices))), strict=True)
    )
    return _assemble(parts, ks, grid, n_day, lat.size)


def _assemble(
    parts: list[tuple[slice, dict[str, _KindResult]]],
    kinds: tuple[IntervalKind, ...],
    grid: DayGrid,
    n_day: int,
    n_loc: int,
) -> pd.DataFrame:
    days = grid.days[:n_day]
    cols: dict[str, list[np.ndarray]] = {
        k: [] for k in ("loc", "day", "kind", "state", "start", "end", "in_day")
    }
    for ki, k in enumerate(kinds):
        state = np.empty((n_loc, n_day), dtype=np.int8)
        in_day = np.empty((n_loc, n_day))
        for s, res in parts:
            r = res[k.name]
            state[s] = r.state
            in_day[s] = r.in_day_s
            cols["loc"].append(r.loc + s.start)
            cols["day"].append(r.day)
            cols["start"].append(r.start_ud)
            cols["end"].append(r.end_ud)
        # dates on which no interval starts: one row with NaT
        loc0, day0 = np.nonzero(state >= 2)
        cols["loc"].append(loc0)
        cols["day"].append(day0)
        cols["start"].append(np.full(loc0.size, np.nan))
        cols["end"].append(np.full(loc0.size, np.nan))
        n_k = sum(a.size for a in cols["loc"]) - sum(a.size for a in cols["kind"])
        cols["kind"].append(np.full(n_k, ki, dtype=np.int8))
        loc_all = np.concatenate(cols["loc"][-len(parts) - 1 :])
        day_all = np.concatenate(cols["day"][-len(parts) - 1 :])
        cols["state"].append(state[loc_all, day_all])
        cols["in_day"].append(in_day[loc_all, day_all])
    loc = np.concatenate(cols["loc"]).astype(np.int64)
    day = np.concatenate(cols["day"]).astype(np.int64)
    kind = np.concatenate(cols["kind"])
    st = np.concatenate(cols["state"])
    t0 = np.concatenate(cols["start"])
    t1 = np.concatenate(cols["end"])
    # rows come as sorted runs (per kind: intervals by location and time, then the dates
    # without one): a stable sort on (location, date, kind) keeps the start times in
    # order and merges the runs (timsort) in about linear time
    order = np.argsort((loc * n_day + day) * len(kinds) + kind, kind="stable")
    loc, day, kind, st, t0, t1 = (a[order] for a in (loc, day, kind, st, t0, t1))
    in_day_s = np.concatenate(cols["in_day"])[order]
    state_cats = list(dict.fromkeys(n for k in kinds for n in k.states))
    state_code = np.array([[state_cats.index(n) for n in k.states] for k in kinds], np.int8)
    end_day = np.searchsorted(grid.edges_ud, t1, side="right") - 1
    within = (end_day >= 0) & (end_day < grid.days.size) & ~np.isnan(t1)
    end_date = np.full(t1.size, np.datetime64("NaT"), dtype="M8[s]")
    end_date[within] = grid.days[end_day[within]]
    far = np.flatnonzero(~within & ~np.isnan(t1))
    if far.size:  # intervals ending weeks later (midnight sun begins): convert the few
        loc_t = pd.DatetimeIndex(ud_to_datetime64(t1[far])).tz_localize("UTC")
        if grid.tz:
            loc_t = loc_t.tz_convert(grid.tz)
        end_date[far] = loc_t.tz_localize(None).normalize().to_numpy().astype("M8[s]")
    return pd.DataFrame(
        {
            "location": loc,
            "date": days.astype("M8[s]")[day],
            "kind": pd.Categorical.from_codes(kind, categories=[k.name for k in kinds]),
            "state": pd.Categorical.from_codes(state_code[kind, st], categories=state_cats),
            "start_utc": utc_times(t0),
            "end_utc": utc_times(t1),
            "end_date": end_date,
            "duration_s": (t1 - t0) * 86400.0,
            "in_day_s": in_day_s,
        },
        copy=False,
    )
