"""Light inside a daily time window (a working day): hours of civil light 08:00-16:00.

A commander asks how much of the working day has civil light, not how much of 24 h has.
:func:`light_in_daily_window` answers that for many locations and dates at once, from the
same threshold crossings as :func:`arcticrecon.light.sun_events` (fast engine by
default), so it is as exact as the crossing times (seconds).

The window is given in local wall-clock time of one IANA zone; for a grid spanning
Greenland's four zones, call once per zone (``arcticrecon.catalog.timezones.zone_for``
tells which cell is in which).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import xarray as xr

from arcticrecon.errors import InputError
from arcticrecon.light._core import (
    Crossings,
    _time_above,
    day_grid,
    normalise_locations,
    ud_to_datetime64,
)
from arcticrecon.light.intervals import _KIND_BY_NAME, _kinds
from arcticrecon.tz import parse_time_of_day

__all__ = ["light_in_daily_window"]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _local_ud(day: dt.date, t: dt.time, zone: Any, plus_days: int) -> float:
    """A local wall-clock time on ``day`` (+ days) as UTC days since 1970.

    A time skipped by a clock change is read with the offset before the change; a time
    that occurs twice is its first occurrence (``fold=0``, PEP 495).
    """
    d = day + dt.timedelta(days=plus_days)
    if t == dt.time.max:  # 24:00 = next midnight
        d, t = d + dt.timedelta(days=1), dt.time(0, 0)
    local = dt.datetime.combine(d, t, tzinfo=zone)
    return (local.astimezone(dt.UTC) - _EPOCH).total_seconds() / 86400.0


def _window_seconds(c: Crossings, w0: np.ndarray, w1: np.ndarray, n_loc: int) -> np.ndarray:
    """Time above the threshold in each window [w0_d, w1_d], shape (n_loc, n_day) [s].

    The cumulative time above A(t) is evaluated at every window edge from the crossings
    (as :func:`arcticrecon.light._core._time_above` does per day), and the window's time is
    A(w1) - A(w0).
    """
    q = np.unique(np.concatenate([w0, w1]))
    b = np.searchsorted(q, c.t_ud, side="right")
    per_bin, _ = _time_above(c, b, q, n_loc)  # (n_loc, q.size - 1) [s]
    cum = np.zeros((n_loc, q.size))
    np.cumsum(per_bin, axis=1, out=cum[:, 1:])
    i0, i1 = np.searchsorted(q, w0), np.searchsorted(q, w1)
    return cum[:, i1] - cum[:, i0]


def light_in_daily_window(
    lat_deg: Any,
    lon_deg: Any,
    start: Any,
    end: Any,
    *,
    window_start: Any,
    window_end: Any,
    tz: str,
    crosses_midnight: bool = False,
    kinds: Any = ("civil",),
    elevation_m: Any = 0.0,
    engine: str = "fast",
    workers: int | None = None,
) -> xr.Dataset:
    """Time with the Sun above each threshold inside a daily local time window.

    Parameters
    ----------
    lat_deg, lon_deg : float or array_like, shape (n,)
        WGS 84 positions. [deg]
    start, end : date-like
        First and last local date (inclusive); the window of date D starts on D.
    window_start, window_end : str or datetime.time
        Local wall-clock times ``"HH:MM"`` (``window_end`` may be ``"24:00"``).
    tz : str
        IANA zone of the wall clock (``"America/Nuuk"``).
    crosses_midnight : bool
        The window ends on the next date (a night shift, ``"22:00"`` to ``"06:00"``).
        Without it ``window_end`` must be after ``window_start``.
    kinds : str or sequence of str
        Any of ``daylight`` (-0.8333°), ``civil`` (-6°), ``nautical`` (-12°),
        ``astronomical`` (-18°).
    elevation_m : float or array_like, shape (n,), optional
        Heights (observer position only). [m]
    engine : {"fast", "skyfield"}
    workers : int, optional
        Threads for the fast engine (default: number of CPUs).

    Returns
    -------
    xarray.Dataset
        Dims ``(location, day)`` (``day`` = local dates, datetime64[D]); variables
        ``<kind>_in_window_s`` [s] for each kind and ``window_s`` [s] (the window's
        length that date, 23-25 h days included); coords ``window_start_utc`` and
        ``window_end_utc`` (per day, UTC), ``lat_deg``, ``lon_deg``.

    Raises
    ------
    InputError
        If a time is not ``"HH:MM"``, the window is empty or (without
        ``crosses_midnight``) ends before it starts, or as
        :func:`arcticrecon.light.sun_events`.
    OutOfDomainError
        As :func:`arcticrecon.light.sun_events`.

    Notes
    -----
    Local times skipped by a clock change are read with the offset before the change;
    repeated ones at their first occurrence (PEP 495 ``fold=0``).

    Examples
    --------
    >>> ds = light_in_daily_window(64.19, -51.68, "2026-12-21", "2026-12-21",
    ...     window_start="08:00", window_end="16:00", tz="America/Nuuk")
    >>> round(float(ds.civil_in_window_s[0, 0]) / 3600, 2)
    5.96
    """
    from arcticrecon.light.events import (
        _SUB_CHUNK,
        SUN_THRESHOLDS_DEG,
        _check_engine,
        _chunks,
        _map,
        _sun_engine,
        _workers,
    )
    from arcticrecon.light.fast import prepare_tables

    _check_engine(engine)
    ks = _kinds(kinds)
    t0 = parse_time_of_day(window_start, field="window_start")
    t1 = parse_time_of_day(window_end, field="window_end", allow_24=True)
    if not crosses_midnight and t1 <= t0:
        raise InputError(
            f"window_end {t1:%H:%M} is not after window_start {t0:%H:%M}; for a window "
            "that ends the next day pass crosses_midnight=True",
            field="window_end",
            value=f"{t1:%H:%M}",
        )
    if crosses_midnight and t1 == dt.time.max:
        raise InputError(
            "window_end 24:00 with crosses_midnight would end two dates later",
            field="window_end",
            value="24:00",
        )
    lat, lon, elev = normalise_locations(lat_deg, lon_deg, elevation_m)
    base = day_grid(start, end, tz)
    last = base.days[-1].astype(object)
    extra = max(0, min(2, (dt.date(2052, 12, 28) - last).days))
    grid = day_grid(base.days[0].astype(object), last + dt.timedelta(days=extra), tz)
    from arcticrecon.tz import get_zone

    zone = get_zone(tz)
    days = [d.astype(object) for d in base.days]
    w0 = np.array([_local_ud(d, t0, zone, 0) for d in days])
    w1 = np.array([_local_ud(d, t1, zone, int(crosses_midnight)) for d in days])
    if (w1 <= w0).any():  # "22:30" to "22:45" on a day whose 22:00-23:00 is skipped
        w1 = np.maximum(w1, w0)
    if engine == "fast":
        prepare_tables(grid.edges_ud, "sun")
    fn = _sun_engine(engine)
    thresholds = {k.threshold: SUN_THRESHOLDS_DEG[k.threshold] for k in ks}
    slices = _chunks(lat.size, _SUB_CHUNK if engine == "fast" else lat.size)

    def run(s: slice) -> dict[str, np.ndarray]:
        res = fn(lat[s], lon[s], elev[s], grid.edges_ud, thresholds)
        n = lat[s].size
        return {k.name: _window_seconds(res.crossings[k.threshold], w0, w1, n) for k in ks}

    out = {k.name: np.empty((lat.size, len(days))) for k in ks}
    for s, part in zip(
        slices, _map(run, slices, _workers(workers, engine, len(slices))), strict=True
    ):
        for name, arr in part.items():
            out[name][s] = arr
    data: dict[str, Any] = {
        f"{name}_in_window_s": (
            ("location", "day"),
            arr,
            {
                "units": "s",
                "long_name": f"time with the Sun's centre above "
                f"{SUN_THRESHOLDS_DEG[_KIND_BY_NAME[name].threshold]:.4g} deg inside "
                f"the daily window {t0:%H:%M}-{'24:00' if t1 == dt.time.max else f'{t1:%H:%M}'}"
                f"{' (next day)' if crosses_midnight else ''} {tz}",
            },
        )
        for name, arr in out.items()
    }
    data["window_s"] = ("day", (w1 - w0) * 86400.0, {"units": "s"})
    return xr.Dataset(
        data,
        coords={
            "location": np.arange(lat.size),
            "day": base.days,
            "window_start_utc": ("day", ud_to_datetime64(w0)),
            "window_end_utc": ("day", ud_to_datetime64(w1)),
            "lat_deg": ("location", lat, {"units": "degree_north"}),
            "lon_deg": ("location", lon, {"units": "degree_east"}),
        },
        attrs={"engine": engine, "day_timezone": zone.key, "times": "UTC"},
    )
