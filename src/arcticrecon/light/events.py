"""Public sun and moon event API: per-day Datasets and every-crossing tables.

Thresholds (geometric altitude of the body's centre, no refraction in the altitude):

========================  ===========  =============================================
threshold key             altitude     rising / setting event names
========================  ===========  =============================================
``sunrise``               -0.8333°     ``sunrise`` / ``sunset``
``civil``                 -6°          ``bmct`` / ``eect``
``nautical``              -12°         ``bmnt`` / ``eent``
``astronomical``          -18°         ``astronomical_dawn`` / ``astronomical_dusk``
``moon``                  -34' - r     ``moonrise`` / ``moonset`` (upper limb)
========================  ===========  =============================================

-0.8333° = 34' mean horizontal refraction + 16' solar semi-diameter; r = the Moon's
topocentric angular radius (USNO, "Rise, Set, and Twilight Definitions",
https://aa.usno.navy.mil/faq/RST_defs).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

import numpy as np
import pandas as pd
import xarray as xr

from arcticrecon.errors import InputError
from arcticrecon.light._core import (
    DayGrid,
    EngineResult,
    assemble_days,
    day_grid,
    normalise_locations,
)

__all__ = [
    "DAY_STATES",
    "SUN_EVENT_NAMES",
    "SUN_THRESHOLDS_DEG",
    "THRESHOLD_STATES",
    "Engine",
    "iter_sun_events",
    "moon_day_table",
    "moon_events",
    "sun_events",
]

Engine = Literal["fast", "skyfield"]

#: Geometric altitude of the Sun's centre at each event [deg]. -50' for sunrise/sunset is
#: 34' refraction + 16' semi-diameter (USNO RST_defs); twilights per USNO/the Astronomical
#: Almanac: civil -6°, nautical -12°, astronomical -18°.
SUN_THRESHOLDS_DEG: dict[str, float] = {
    "sunrise": -50.0 / 60.0,
    "civil": -6.0,
    "nautical": -12.0,
    "astronomical": -18.0,
}

#: (threshold key, rising name, setting name)
SUN_EVENT_NAMES: tuple[tuple[str, str, str], ...] = (
    ("sunrise", "sunrise", "sunset"),
    ("civil", "bmct", "eect"),
    ("nautical", "bmnt", "eent"),
    ("astronomical", "astronomical_dawn", "astronomical_dusk"),
)

#: Values of ``day_state`` (index = internal code 0/1/2).
DAY_STATES = ("normal", "midnight_sun", "polar_night")
#: Values of ``civil_state``/``nautical_state``/``astronomical_state``/``moon_state``.
THRESHOLD_STATES = ("normal", "always_above", "always_below")

_DURATION_NAMES = {
    "sunrise": "daylight_s",
    "civil": "civil_light_s",
    "nautical": "nautical_light_s",
    "astronomical": "astronomical_light_s",
}

_DEFAULT_CHUNK = 4096  # locations per yielded Dataset (iter_sun_events)
_SUB_CHUNK = 128  # locations per engine call: keeps the fast engine's arrays in cache


def _check_engine(engine: str) -> str:
    if engine not in ("fast", "skyfield"):
        raise InputError(
            f"engine {engine!r} is not 'fast' or 'skyfield'",
            field="engine",
            value=engine,
            valid_range=("fast", "skyfield"),
        )
    return engine


def _sun_engine(engine: str) -> Callable[..., EngineResult]:
    if engine == "skyfield":
        from arcticrecon.light.reference import sun_engine_skyfield

        return sun_engine_skyfield
    from arcticrecon.light.fast import sun_engine_fast

    return sun_engine_fast


def _moon_engine(engine: str) -> Callable[..., EngineResult]:
    if engine == "skyfield":
        from arcticrecon.light.reference import moon_engine_skyfield

        return moon_engine_skyfield
    from arcticrecon.light.fast import moon_engine_fast

    return moon_engine_fast


def _chunks(n: int, size: int) -> list[slice]:
    return [slice(i, min(i + size, n)) for i in range(0, n, size)]


def _workers(workers: int | None, engine: str, n_chunks: int) -> int:
    if engine == "skyfield":
        return 1
    w = workers if workers is not None else (os.cpu_count() or 1)
    return max(1, min(int(w), n_chunks))


def _map(fn: Callable[[slice], Any], slices: list[slice], workers: int) -> Iterator[Any]:
    if workers <= 1 or len(slices) <= 1:
        yield from map(fn, slices)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        # bounded look-ahead keeps memory flat for very many chunks
        pending = [pool.submit(fn, s) for s in slices[: 2 * workers]]
        nxt = len(pending)
        while pending:
            fut = pending.pop(0)
            if nxt < len(slices):
                pending.append(pool.submit(fn, slices[nxt]))
                nxt += 1
            yield fut.result()


def _assembled_blocks(
    run: Callable[[slice], dict[str, np.ndarray]],
    n: int,
    out_chunk: int,
    sub_chunk: int,
    workers: int,
) -> Iterator[tuple[slice, dict[str, np.ndarray]]]:
    """Run ``run`` over sub-chunks of locations on threads; yield joined output chunks."""
    sub_chunk = max(1, min(sub_chunk, out_chunk))
    out_chunk = -(-out_chunk // sub_chunk) * sub_chunk  # a whole number of sub-chunks
    subs = _chunks(n, sub_chunk)
    block: dict[str, np.ndarray] = {}
    start = 0
    for s, a in zip(subs, _map(run, subs, workers), strict=True):
        if s.start == start:  # first sub-chunk of a block: allocate the block once
            size = min(out_chunk, n - start)
            block = {k: np.empty((size, *v.shape[1:]), dtype=v.dtype) for k, v in a.items()}
        for k, v in a.items():
            block[k][s.start - start : s.stop - start] = v
        if s.stop - start >= out_chunk or s.stop == n:
            yield slice(start, s.stop), block
            start = s.stop


def _sun_dataset(
    lat: np.ndarray, lon: np.ndarray, grid: DayGrid, a: dict[str, np.ndarray], engine: str
) -> xr.Dataset:
    dims = ("location", "day")
    data: dict[str, Any] = {}
    time_attrs = {"long_name": "", "timezone": "UTC"}
    for key, rise, sett in SUN_EVENT_NAMES:
        for name, part in ((rise, "rise"), (sett, "set")):
            data[name] = (
                dims,
                a[f"{key}:{part}"],
                {**time_attrs, "long_name": f"first {name} of the day (UTC)"},
            )
            data[f"{name}_count"] = (
                dims,
                a[f"{key}:{part}_count"],
                {"long_name": f"number of {name} events in the day", "units": "1"},
            )
    data["solar_noon"] = (
        dims,
        a["upper_t"],
        {"long_name": "upper transit of the Sun (UTC); NaT only if solar_noon_count == 0"},
    )
    data["solar_noon_count"] = (
        dims,
        a["upper_count"],
        {"long_name": "upper transits in the day (0 or 2 only far from the zone meridian)"},
    )
    data["solar_noon_altitude_deg"] = (
        dims,
        a["upper_alt_deg"],
        {
            "units": "degree",
            "long_name": "geometric altitude of the Sun's centre at noon; NaN only where "
            "solar_noon_count == 0",
        },
    )
    data["min_altitude_deg"] = (
        dims,
        a["min_alt_deg"],
        {"units": "degree", "long_name": "lowest geometric altitude of the Sun in the day"},
    )
    data["max_altitude_deg"] = (
        dims,
        a["max_alt_deg"],
        {"units": "degree", "long_name": "highest geometric altitude of the Sun in the day"},
    )
    for key, name in _DURATION_NAMES.items():
        thr = SUN_THRESHOLDS_DEG[key]
        data[name] = (
            dims,
            a[f"{key}:above_s"],
            {
                "units": "s",
                "long_name": f"time within the calendar day with the Sun's centre above "
                f"{thr:.4g} deg",
            },
        )
    data["day_state"] = (
        dims,
        np.asarray(DAY_STATES).take(a["sunrise:state"]),
        {"long_name": "normal | midnight_sun | polar_night (threshold -0.8333 deg)"},
    )
    for key in ("civil", "nautical", "astronomical"):
        data[f"{key}_state"] = (
            dims,
            np.asarray(THRESHOLD_STATES).take(a[f"{key}:state"]),
            {
                "long_name": f"normal | always_above | always_below "
                f"({SUN_THRESHOLDS_DEG[key]:g} deg all day)"
            },
        )
    coords = {
        "location": np.arange(lat.size),
        "day": grid.days,
        "lat_deg": ("location", lat, {"units": "degree_north"}),
        "lon_deg": ("location", lon, {"units": "degree_east"}),
    }
    return xr.Dataset(
        data,
        coords=coords,
        attrs={
            "engine": engine,
            "day_timezone": grid.tz or "UTC",
            "times": "UTC",
            "source": "arcticrecon.light; DE421 ephemeris (skyfield-data)",
        },
    )


def _prepare(
    lat_deg: Any, lon_deg: Any, start: Any, end: Any, elevation_m: Any, engine: str, tz: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray, DayGrid]:
    _check_engine(engine)
    lat, lon, elev = normalise_locations(lat_deg, lon_deg, elevation_m)
    grid = day_grid(start, end, tz)
    return lat, lon, elev, grid


def iter_sun_events(
    lat_deg: Any,
    lon_deg: Any,
    start: Any,
    end: Any,
    *,
    elevation_m: Any = 0.0,
    engine: Engine = "fast",
    tz: str | None = None,
    chunk_size: int = _DEFAULT_CHUNK,
    workers: int | None = None,
) -> Iterator[xr.Dataset]:
    """Like :func:`sun_events`, but yield one Dataset per chunk of locations.

    For grids too large to hold as one Dataset (100,000 points x a year is ~12 GB in
    memory). Chunks come in location order; each chunk's ``location`` coordinate holds
    the global location indices. The fast engine works on sub-chunks of 128 locations
    (its arrays then stay in the CPU cache) on ``workers`` threads (NumPy releases the
    GIL), with at most ``2 * workers`` sub-chunks in flight.

    Parameters
    ----------
    chunk_size : int
        Locations per yielded Dataset (default 4096).
    workers : int, optional
        Threads (default: number of CPUs; the skyfield engine always uses 1).

    Other parameters, returns and errors as :func:`sun_events`.
    """
    lat, lon, elev, grid = _prepare(lat_deg, lon_deg, start, end, elevation_m, engine, tz)
    yield from _iter_sun(lat, lon, elev, grid, engine, chunk_size, workers)


def _iter_sun(
    lat: np.ndarray,
    lon: np.ndarray,
    elev: np.ndarray,
    grid: DayGrid,
    engine: str,
    chunk_size: int,
    workers: int | None,
) -> Iterator[xr.Dataset]:
    fn = _sun_engine(engine)
    chunk_size = max(1, int(chunk_size))
    sub = _SUB_CHUNK if engine == "fast" else chunk_size
    if engine == "fast":
        from arcticrecon.light.fast import prepare_tables

        prepare_tables(grid.edges_ud, "sun")

    def run(s: slice) -> dict[str, np.ndarray]:
        res = fn(lat[s], lon[s], elev[s], grid.edges_ud, SUN_THRESHOLDS_DEG)
        return assemble_days(res, grid, lat[s].size)

    n_sub = -(-lat.size // sub)
    for s, a in _assembled_blocks(run, lat.size, chunk_size, sub, _workers(workers, engine, n_sub)):
        ds = _sun_dataset(lat[s], lon[s], grid, a, engine)
        yield ds.assign_coords(location=np.arange(s.start, s.stop))


def sun_events(
    lat_deg: Any,
    lon_deg: Any,
    start: Any,
    end: Any,
    *,
    elevation_m: Any = 0.0,
    engine: Engine = "fast",
    tz: str | None = None,
    workers: int | None = None,
) -> xr.Dataset:
    """Sun events, twilights, noon, durations and polar states per location and day.

    Parameters
    ----------
    lat_deg, lon_deg : float or array_like, shape (n,)
        WGS 84 latitude [-90, 90] and longitude [-180, 360) of each location. [deg]
    start, end : date-like
        First and last calendar day, both included (``end >= start``).
    elevation_m : float or array_like, shape (n,), optional
        Height above the ellipsoid, used for the observer's position only (no horizon
        dip, as in skyfield and USNO tables). [m]
    engine : {"fast", "skyfield"}
        ``"fast"`` (default): vectorised NumPy engine (:mod:`arcticrecon.light.fast`);
        ``"skyfield"``: skyfield's almanac, the slow reference.
    tz : str, optional
        IANA zone whose local calendar days define ``day`` (e.g. ``"America/Nuuk"``);
        None (default) for UTC days. Times are always UTC.
    workers : int, optional
        Threads for the fast engine (default: number of CPUs).

    Returns
    -------
    xarray.Dataset
        Dims ``(location, day)``; coords ``location`` (0..n-1), ``day`` (datetime64[D]),
        ``lat_deg``, ``lon_deg``. Variables:

        - ``sunrise``, ``sunset``, ``bmct``, ``eect``, ``bmnt``, ``eent``,
          ``astronomical_dawn``, ``astronomical_dusk``: first event of the day, UTC
          datetime64[ns]; NaT when there is none (``<event>_count == 0``; the day's
          state then says why: polar night, midnight sun, white night ...);
        - ``<event>_count`` (int8, 0/1/2): two where the event happens twice in one day;
        - ``solar_noon`` (UTC), ``solar_noon_count``, ``solar_noon_altitude_deg``,
          ``min_altitude_deg``, ``max_altitude_deg`` (geometric, Sun's centre) [deg];
        - ``daylight_s``, ``civil_light_s``, ``nautical_light_s``,
          ``astronomical_light_s``: time within the calendar day with the Sun above
          -0.8333°, -6°, -12°, -18° [s] (``daylight_s`` is *not* the day length, which
          runs from a sunrise to the sunset that closes it: see
          :func:`arcticrecon.light.sun_interval_table`);
        - ``day_state`` in {normal, midnight_sun, polar_night}; ``civil_state``,
          ``nautical_state``, ``astronomical_state`` in {normal, always_above,
          always_below} (civil always_above = civil twilight all night, a white night).

    Raises
    ------
    OutOfDomainError
        If a latitude, longitude or elevation is out of range (``err.mask``).
    InputError
        If ``end < start``, the dates are outside 1900-2052 (DE421), the engine or the
        time zone is unknown.

    Notes
    -----
    A state is ``normal`` when at least one crossing of its threshold happens in the day;
    otherwise the Sun stays above (midnight sun / always_above) or below (polar night /
    always_below) all day. Durations and states are derived from the same crossings, so
    they are always consistent with the event times.

    Examples
    --------
    >>> ds = sun_events(76.53, -68.70, "2026-12-21", "2026-12-21", tz="America/Thule")
    >>> str(ds.day_state.item()), str(ds.sunrise.values[0, 0])
    ('polar_night', 'NaT')
    """
    lat, lon, elev, grid = _prepare(lat_deg, lon_deg, start, end, elevation_m, engine, tz)
    (ds,) = list(_iter_sun(lat, lon, elev, grid, engine, max(lat.size, 1), workers))
    return ds


def _moon_arrays(
    lat: np.ndarray,
    lon: np.ndarray,
    elev: np.ndarray,
    grid: DayGrid,
    engine: str,
    workers: int | None,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Per-day moon arrays (:func:`assemble_days`) and the illuminated fraction per day."""
    from arcticrecon.light.moon import _illumination_ud

    fn = _moon_engine(engine)
    sub = _SUB_CHUNK if engine == "fast" else lat.size
    if engine == "fast":
        from arcticrecon.light.fast import prepare_tables

        prepare_tables(grid.edges_ud, "moon")

    def run(s: slice) -> dict[str, np.ndarray]:
        return assemble_days(fn(lat[s], lon[s], elev[s], grid.edges_ud), grid, lat[s].size)

    n_sub = -(-lat.size // sub)
    ((_, a),) = list(
        _assembled_blocks(run, lat.size, lat.size, sub, _workers(workers, engine, n_sub))
    )
    mid = 0.5 * (grid.edges_ud[:-1] + grid.edges_ud[1:])
    return a, _illumination_ud(mid)


def moon_day_table(
    lat_deg: Any,
    lon_deg: Any,
    start: Any,
    end: Any,
    *,
    elevation_m: Any = 0.0,
    engine: Engine = "fast",
    tz: str | None = None,
) -> pd.DataFrame:
    """The Moon's state and illuminated fraction per location and day, as a DataFrame.

    The light-weight companion of :func:`moon_events` (no ``xarray``), for command-line
    tables. Parameters and errors are those of :func:`moon_events`.

    Returns
    -------
    pandas.DataFrame
        Columns ``location``, ``date`` (calendar day of ``tz``), ``moon_state``
        (normal | always_above | always_below, upper limb all day) and
        ``moon_illumination`` (fraction at the middle of the day, 0..1), one row per
        location and day.
    """
    lat, lon, elev, grid = _prepare(lat_deg, lon_deg, start, end, elevation_m, engine, tz)
    a, illum = _moon_arrays(lat, lon, elev, grid, engine, None)
    n, m = lat.size, grid.days.size
    return pd.DataFrame(
        {
            "location": np.repeat(np.arange(n), m),
            "date": np.tile(grid.days.astype("M8[s]"), n),
            "moon_state": np.asarray(THRESHOLD_STATES).take(a["moon:state"]).ravel(),
            "moon_illumination": np.tile(illum, n),
        }
    )


def moon_events(
    lat_deg: Any,
    lon_deg: Any,
    start: Any,
    end: Any,
    *,
    elevation_m: Any = 0.0,
    engine: Engine = "fast",
    tz: str | None = None,
    workers: int | None = None,
) -> xr.Dataset:
    """Moonrise, moonset, state and illuminated fraction per location and day.

    Parameters are those of :func:`sun_events`.

    Returns
    -------
    xarray.Dataset
        Dims ``(location, day)``, coords as :func:`sun_events`. Variables ``moonrise``,
        ``moonset`` (first of the day, UTC datetime64[ns], NaT when the count is 0),
        ``moonrise_count``, ``moonset_count`` (0/1/2), ``moon_transit`` (upper transit,
        UTC), ``moon_transit_count`` and ``moon_transit_altitude_deg``, ``moon_state``
        in {normal, always_above, always_below} (the Moon's upper limb stays
        above/below the horizon all day), ``moon_illumination`` (illuminated fraction at the middle of the
        day, 0..1, from the phase angle).

    Raises
    ------
    OutOfDomainError, InputError
        As :func:`sun_events`.

    Notes
    -----
    Rise/set: the Moon's upper limb on the horizon with 34' refraction, topocentric
    (USNO RST_defs); a lunar day is ~24 h 50 min, so most months have one day without a
    moonrise and one without a moonset even where nothing is polar.
    """
    lat, lon, elev, grid = _prepare(lat_deg, lon_deg, start, end, elevation_m, engine, tz)
    a, illum = _moon_arrays(lat, lon, elev, grid, engine, workers)
    dims = ("location", "day")
    data = {
        "moonrise": (dims, a["moon:rise"], {"long_name": "first moonrise (UTC)"}),
        "moonset": (dims, a["moon:set"], {"long_name": "first moonset (UTC)"}),
        "moonrise_count": (dims, a["moon:rise_count"], {"units": "1"}),
        "moonset_count": (dims, a["moon:set_count"], {"units": "1"}),
        "moon_transit": (
            dims,
            a["upper_t"],
            {"long_name": "first upper transit (UTC); NaT only where moon_transit_count == 0"},
        ),
        "moon_transit_count": (dims, a["upper_count"], {"units": "1"}),
        "moon_transit_altitude_deg": (
            dims,
            a["upper_alt_deg"],
            {
                "units": "degree",
                "long_name": "topocentric altitude at the first upper transit; "
                "NaN only where the day has no transit (about once a month)",
            },
        ),
        "moon_state": (
            dims,
            np.asarray(THRESHOLD_STATES).take(a["moon:state"]),
            {"long_name": "normal | always_above | always_below (upper limb, all day)"},
        ),
        "moon_illumination": (
            dims,
            np.broadcast_to(illum, (lat.size, illum.size)).copy(),
            {"units": "1", "long_name": "illuminated fraction at the middle of the day"},
        ),
    }
    coords = {
        "location": np.arange(lat.size),
        "day": grid.days,
        "lat_deg": ("location", lat, {"units": "degree_north"}),
        "lon_deg": ("location", lon, {"units": "degree_east"}),
    }
    return xr.Dataset(
        data,
        coords=coords,
        attrs={"engine": engine, "day_timezone": grid.tz or "UTC", "times": "UTC"},
    )
