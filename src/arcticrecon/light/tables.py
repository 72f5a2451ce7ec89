"""Every-crossing event tables: one row per sunrise, sunset, twilight, transit, moonrise ...

The *plain events* view of the light package (the *intervals* view is
:mod:`arcticrecon.light.intervals`). Built straight from the engines' flat crossing
arrays: per chunk of locations the crossings of all thresholds are merged in NumPy
(one ``lexsort``), the event names become a ``Categorical`` from integer codes, and the
times a tz-aware UTC index, so the table costs about as much as the engine itself.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from arcticrecon.light._core import DayGrid, EngineResult, ud_to_datetime64
from arcticrecon.light.events import (
    _SUB_CHUNK,
    SUN_EVENT_NAMES,
    SUN_THRESHOLDS_DEG,
    Engine,
    _chunks,
    _map,
    _moon_engine,
    _prepare,
    _sun_engine,
    _workers,
)

__all__ = ["moon_event_table", "sun_event_table"]

_SUN_NAMES = {k: (r, s) for k, r, s in SUN_EVENT_NAMES}
_MOON_NAMES = {"moon": ("moonrise", "moonset")}


def _categories(names: dict[str, tuple[str, str]], upper_name: str | None) -> list[str]:
    cats = [n for pair in names.values() for n in pair]
    return [*cats, upper_name] if upper_name else cats


def _table_arrays(
    res: EngineResult,
    grid: DayGrid,
    names: dict[str, tuple[str, str]],
    upper_name: str | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(location, event code, t_ud) of one engine result inside the grid, sorted by (loc, t).

    Event codes index :func:`_categories` (rising then setting name per threshold key,
    in ``names`` order, then the transit name).
    """
    lo, hi = grid.edges_ud[0], grid.edges_ud[-1]
    locs, codes, times = [], [], []
    for i, key in enumerate(names):
        c = res.crossings[key]
        keep = np.flatnonzero((c.t_ud >= lo) & (c.t_ud < hi))
        locs.append(c.loc[keep])
        times.append(c.t_ud[keep])
        codes.append((2 * i + (c.sigma[keep] < 0)).astype(np.int8))
    if upper_name:
        loc, t, _ = res.upper
        keep = np.flatnonzero((t >= lo) & (t < hi))
        locs.append(loc[keep])
        times.append(t[keep])
        codes.append(np.full(keep.size, 2 * len(names), dtype=np.int8))
    loc_a, t_a, code_a = np.concatenate(locs), np.concatenate(times), np.concatenate(codes)
    order = np.lexsort((t_a, loc_a))
    return loc_a[order], code_a[order], t_a[order]


_UTC_NS = pd.DatetimeTZDtype("ns", "UTC")


def utc_series(ns: np.ndarray) -> pd.Series:
    """Nanoseconds since 1970 UTC (int64; int64 min = NaT) as a tz-aware Series, no copy."""
    return pd.Series(ns, dtype=_UTC_NS, copy=False)


def _frame(
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]], categories: list[str]
) -> pd.DataFrame:
    """One DataFrame from per-chunk (location, event code, time [ns]) arrays, no copies."""
    loc = np.concatenate([p[0] for p in parts]).astype(np.int64, copy=False)
    code = np.concatenate([p[1] for p in parts])
    ns = np.concatenate([p[2] for p in parts])
    return pd.DataFrame(
        {
            "location": loc,
            "event": pd.Categorical.from_codes(code, categories=categories),
            "time_utc": utc_series(ns),
        },
        copy=False,
    )


def _table(
    res: EngineResult,
    grid: DayGrid,
    names: dict[str, tuple[str, str]],
    upper_name: str | None,
    loc_offset: int,
) -> pd.DataFrame:
    """Event table of one engine result (used by :mod:`arcticrecon.light.validation`)."""
    loc, code, t = _table_arrays(res, grid, names, upper_name)
    ns = ud_to_datetime64(t).view(np.int64)
    return _frame([(loc + loc_offset, code, ns)], _categories(names, upper_name))


def _event_table(
    body: str,
    lat_deg: Any,
    lon_deg: Any,
    start: Any,
    end: Any,
    elevation_m: Any,
    engine: str,
    tz: str | None,
    workers: int | None,
) -> pd.DataFrame:
    lat, lon, elev, grid = _prepare(lat_deg, lon_deg, start, end, elevation_m, engine, tz)
    if body == "sun":
        fn, names, upper = _sun_engine(engine), _SUN_NAMES, "solar_noon"
    else:
        fn, names, upper = _moon_engine(engine), _MOON_NAMES, "moon_transit"
    if engine == "fast":
        from arcticrecon.light.fast import prepare_tables

        prepare_tables(grid.edges_ud, body)
    slices = _chunks(lat.size, _SUB_CHUNK if engine == "fast" else lat.size)

    def run(s: slice) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        args = (lat[s], lon[s], elev[s], grid.edges_ud)
        res = fn(*args, SUN_THRESHOLDS_DEG) if body == "sun" else fn(*args)
        loc, code, t = _table_arrays(res, grid, names, upper)
        return loc + s.start, code, ud_to_datetime64(t).view(np.int64)

    parts = list(_map(run, slices, _workers(workers, engine, len(slices))))
    return _frame(parts, _categories(names, upper))


def sun_event_table(
    lat_deg: Any,
    lon_deg: Any,
    start: Any,
    end: Any,
    *,
    elevation_m: Any = 0.0,
    engine: Engine = "fast",
    tz: str | None = None,
    workers: int | None = None,
) -> pd.DataFrame:
    """Every sun crossing and solar noon in the day range, one row each (the plain events).

    Parameters are those of :func:`arcticrecon.light.sun_events`.

    Returns
    -------
    pandas.DataFrame
        Columns ``location`` (int64, index into the inputs), ``event`` (categorical:
        ``sunrise``, ``sunset``, ``bmct``, ``eect``, ``bmnt``, ``eent``,
        ``astronomical_dawn``, ``astronomical_dusk``, ``solar_noon``) and ``time_utc``
        (datetime64[ns, UTC]), sorted by location and time; includes second events of one
        kind in one day. Which sunset closes which sunrise:
        :func:`arcticrecon.light.sun_interval_table`.

    Raises
    ------
    OutOfDomainError, InputError
        As :func:`arcticrecon.light.sun_events`.
    """
    return _event_table("sun", lat_deg, lon_deg, start, end, elevation_m, engine, tz, workers)


def moon_event_table(
    lat_deg: Any,
    lon_deg: Any,
    start: Any,
    end: Any,
    *,
    elevation_m: Any = 0.0,
    engine: Engine = "fast",
    tz: str | None = None,
    workers: int | None = None,
) -> pd.DataFrame:
    """Every moonrise, moonset and upper transit in the day range, one row each.

    Parameters are those of :func:`arcticrecon.light.sun_events`.

    Returns
    -------
    pandas.DataFrame
        Columns ``location``, ``event`` (categorical: ``moonrise``, ``moonset``,
        ``moon_transit``), ``time_utc`` (datetime64[ns, UTC]), sorted by location and time.

    Raises
    ------
    OutOfDomainError, InputError
        As :func:`arcticrecon.light.sun_events`.
    """
    return _event_table("moon", lat_deg, lon_deg, start, end, elevation_m, engine, tz, workers)
