"""Gridded light: the exact light engine on a lat/lon lattice, interpolated to the cells.

The per-day light quantities of a UTC day vary smoothly with position except at the
state changes (polar night, midnight sun, white nights), where the time above a
threshold grows like the square root of the Sun's altitude margin. The method:

1. **Lattice.** :func:`arcticrecon.light.sun_events` (the fast engine, exact to < 1 s
   against skyfield) runs on a regular lattice of :data:`LATTICE_DLAT_DEG` x
   :data:`LATTICE_DLON_DEG` nodes covering the grid, for every UTC day of the year.
2. **Classes.** For each threshold (sunrise -0.833°, civil -6°, nautical -12°), each
   lattice cell (the square between four nodes) and day is

   - *safe normal* when all four nodes cross the threshold with an altitude margin of
     at least :data:`SAFE_MARGIN_DEG` (highest altitude above, lowest below): the time
     above the threshold ``D`` is then smooth (far from the square-root edge) and is
     interpolated bilinearly;
   - *always below* / *always above* when all four nodes are in that polar state (the
     cell's interpolated highest / lowest altitude, linear in latitude, is then too);
   - *mixed* otherwise (a state edge runs through or near the square).
3. **Mixed cell-days** (a few lattice rows per edge and day): ``D`` is carried as ``g =
   cos(pi D / 86 400 s)``. Near the polar-night edge ``1 - g`` and near the
   midnight-sun edge ``1 + g`` are proportional to the altitude margin (``a_max - h0``
   resp. ``h0 - a_min``), so ``g`` is smooth across the edge and interpolates without
   the square-root error. At nodes in a polar state (no crossing: ``g`` clamped at +-1)
   ``g`` is continued linearly beyond +-1 from the margin, using the ratio ``(1 - g) /
   (a_max - h0)`` of the nearest normal node in latitude ("virtual g"). ``g``, the day's
   highest and lowest altitudes are interpolated bilinearly in (lat, lon); a cell-day is
   in polar night when its interpolated highest altitude is below the threshold, in the
   "always above" state when its lowest altitude is above it, else ``D = 86 400 s x
   arccos(g) / pi``.
4. **Monthly layers without per-day work.** A month's mean of ``D`` over the safe-normal
   days of a lattice cell is the bilinear interpolation of the four nodes' sums over
   those days (interpolation is linear), and the polar-state day counts are the lattice
   cell's counts; only the mixed cell-days are evaluated per cell
   (:func:`cell_light_monthly`; :func:`cell_light_days` gives the same per day, which is
   what the error is measured on).

The error against the exact per-cell engine is measured on a random 1 % sample by
``benchmarks/bench_grid.py`` and the tests. The interpolated highest and lowest
altitudes are linear in latitude (geocentric, constant parallax), so a state differs
from the exact engine's only within ~1e-5 deg of the threshold (a few seconds of light):
no exact recomputation per cell is needed (:func:`cell_light_days` still offers it).

Working-day light
-----------------
Civil light inside an exercise's working day (``daily_hours``, local time of the cell's
zone, :func:`arcticrecon.catalog.timezones.zone_index`) is the overlap of the working
window with each day's civil light interval round solar noon, of length ``D``, split
into morning and evening halves from the day-to-day change of ``D`` (the declination
changes during the day; :func:`_light_interval_halves`). It is computed at the lattice
nodes from their exact ``D`` and noon, for each zone found at or near the node
(:class:`WorkWindows`), as monthly means, and interpolated bilinearly to the cells with
the values of the cell's own zone. Tested against
:func:`arcticrecon.light.light_in_daily_window` (exact crossings) at every catalogued
site, for a day shift and a night shift.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "EXACT_MARGIN_DEG",
    "LATTICE_DLAT_DEG",
    "LATTICE_DLON_DEG",
    "LIGHT_KEYS",
    "SAFE_MARGIN_DEG",
    "LightLattice",
    "WorkWindows",
    "cell_light_days",
    "cell_light_monthly",
    "exact_light_days",
    "lattice_nodes",
    "light_lattice",
    "monthly_light",
    "workday_windows_utc_s",
    "zone_need",
]

#: Thresholds carried on the grid (keys of :data:`arcticrecon.light.SUN_THRESHOLDS_DEG`).
LIGHT_KEYS = ("sunrise", "civil", "nautical")
_DURATION = {"sunrise": "daylight_s", "civil": "civil_light_s", "nautical": "nautical_light_s"}
_STATE = {"sunrise": "day_state", "civil": "civil_state", "nautical": "nautical_state"}
#: Lattice spacing in latitude [deg] (chosen from the 1 % sample error, see the benchmark).
LATTICE_DLAT_DEG = 0.1
#: Lattice spacing in longitude [deg]: event times shift 4 min/deg, durations barely.
LATTICE_DLON_DEG = 1.0
#: Altitude margin below which a cell-day's state is recomputed exactly [deg]
#: (:func:`cell_light_days` with ``exact_near_states``; the build does not need it).
EXACT_MARGIN_DEG = 0.01
#: Smallest altitude margin at all four nodes for ``D`` to be interpolated linearly
#: [deg]: near the edge ``D ~ 9,000 s x sqrt(margin / deg)``, whose linear interpolation
#: over 0.1 deg of latitude errs by ``h^2 / 8 x |D''|`` < 20 s at 0.3 deg.
SAFE_MARGIN_DEG = 1.0
_DAY_S = 86_400.0
# internal state codes: 0 normal, 1 always above, 2 always below (as light.THRESHOLD_STATES)
_NORMAL, _ABOVE, _BELOW = 0, 1, 2
# lattice-cell classes per day and threshold
_MIXED, _SAFE_NORMAL, _ALL_ABOVE, _ALL_BELOW = 0, 1, 2, 3
_N_ZONES = 4  # arcticrecon.catalog.timezones.GREENLAND_ZONES


@dataclass(frozen=True)
class WorkWindows:
    """Working windows of a plan's exercises per Greenland zone, for the lattice.

    Attributes
    ----------
    start_s, end_s : ndarray float64, shape (n_exercise, n_zone, n_day)
        Window edges after 00:00 UTC of each day (:func:`workday_windows_utc_s`); NaN
        rows for exercises without daily hours. [s]
    nautical : tuple of bool, length n_exercise
        Also the nautical light inside the window (the exercise scores it).
    """

    start_s: NDArray[np.float64]
    end_s: NDArray[np.float64]
    nautical: tuple[bool, ...]


@dataclass(frozen=True)
class LightLattice:
    """Exact light on a lat/lon lattice for every UTC day of one year.

    Attributes
    ----------
    lat_deg : ndarray, shape (n_lat,)
        Lattice latitudes, increasing. [deg]
    lon_deg : ndarray, shape (n_lon,)
        Lattice longitudes, increasing. [deg]
    days : ndarray of datetime64[D], shape (n_day,)
    d_s : dict of str -> ndarray float32, shape (n_day, n_lat, n_lon)
        Time above each threshold in the UTC day (exact engine). [s]
    g : dict of str -> ndarray float32, shape (n_day, n_lat, n_lon)
        "Virtual" ``cos(pi D / 86400)`` per threshold key (see the module docstring). [1]
    amax_deg, amin_deg : ndarray float32, shape (n_day, n_lat, n_lon)
        Highest and lowest geometric altitude of the Sun's centre in the day. [deg]
    noon_s : ndarray float64, shape (n_day, n_lon)
        Upper transit of the Sun, seconds after 00:00 UTC of the day. [s]
    work_h, work_nautical_h : ndarray float32, shape (n_exercise, n_zone, 12, n_lat, n_lon)
        Monthly mean civil / nautical light inside each exercise's working window of each
        zone at the nodes (NaN: no daily hours, zone not near the node, or nautical not
        needed). [h/day]
    """

    lat_deg: NDArray[np.float64]
    lon_deg: NDArray[np.float64]
    days: NDArray[np.datetime64]
    d_s: dict[str, NDArray[np.float32]]
    g: dict[str, NDArray[np.float32]]
    amax_deg: NDArray[np.float32]
    amin_deg: NDArray[np.float32]
    noon_s: NDArray[np.float64]
    work_h: NDArray[np.float32]
    work_nautical_h: NDArray[np.float32]

    @functools.cached_property
    def month_of_day(self) -> NDArray[np.int64]:
        """Month index 0-11 of each day."""
        return np.asarray(self.days.astype("datetime64[M]").astype(int) % 12)

    @functools.cached_property
    def tables(self) -> dict[str, dict[str, NDArray[Any]]]:
        """Per threshold key: lattice-cell classes and monthly sums (module docstring §4).

        ``cls`` int8 (n_day, n_lat-1, n_lon-1); ``dsum`` float64 (12, 4, n_lat-1,
        n_lon-1), the sum over the month's safe-normal days of ``D`` at the corners
        (00, 01, 10, 11) [s]; ``n_above``, ``n_below`` int16 (12, n_lat-1, n_lon-1).
        """
        from arcticrecon.light import SUN_THRESHOLDS_DEG

        out: dict[str, dict[str, NDArray[Any]]] = {}
        month = self.month_of_day
        for key in LIGHT_KEYS:
            h0 = SUN_THRESHOLDS_DEG[key]
            d = self.d_s[key]
            safe = (
                (self.amax_deg >= h0 + SAFE_MARGIN_DEG)
                & (self.amin_deg <= h0 - SAFE_MARGIN_DEG)
                & (d > 0.0)
                & (d < _DAY_S)
            )
            below = self.amax_deg < h0
            above = self.amin_deg > h0
            cls = np.full((d.shape[0], d.shape[1] - 1, d.shape[2] - 1), _MIXED, np.int8)
            cls[_corners_all(safe)] = _SAFE_NORMAL
            cls[_corners_all(above)] = _ALL_ABOVE
            cls[_corners_all(below)] = _ALL_BELOW
            sn = cls == _SAFE_NORMAL
            corners = (d[:, :-1, :-1], d[:, :-1, 1:], d[:, 1:, :-1], d[:, 1:, 1:])
            dsum = np.zeros((12, 4, *cls.shape[1:]), np.float64)
            n_above = np.zeros((12, *cls.shape[1:]), np.int16)
            n_below = np.zeros((12, *cls.shape[1:]), np.int16)
            for m in range(12):
                sel = month == m
                if not sel.any():
                    continue
                snm = sn[sel]
                for c, dc in enumerate(corners):
                    dsum[m, c] = np.where(snm, dc[sel], 0.0).sum(axis=0, dtype=np.float64)
                n_above[m] = (cls[sel] == _ALL_ABOVE).sum(axis=0)
                n_below[m] = (cls[sel] == _ALL_BELOW).sum(axis=0)
            out[key] = {"cls": cls, "dsum": dsum, "n_above": n_above, "n_below": n_below}
        return out


def _corners_all(a: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """True where all four corners of a lattice cell are (axes 1, 2 = lat, lon)."""
    return a[:, :-1, :-1] & a[:, :-1, 1:] & a[:, 1:, :-1] & a[:, 1:, 1:]


def lattice_nodes(
    lat_lo: float, lat_hi: float, lon_lo: float, lon_hi: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Lattice latitudes and longitudes covering a lat/lon box (one node beyond each edge).

    Returns
    -------
    lat_deg, lon_deg : ndarray
        Multiples of :data:`LATTICE_DLAT_DEG` / :data:`LATTICE_DLON_DEG`; latitudes
        clipped to [-90, 90]. [deg]
    """
    dla, dlo = LATTICE_DLAT_DEG, LATTICE_DLON_DEG
    i0, i1 = int(np.floor(lat_lo / dla)) - 1, int(np.ceil(lat_hi / dla)) + 1
    j0, j1 = int(np.floor(lon_lo / dlo)) - 1, int(np.ceil(lon_hi / dlo)) + 1
    lat = np.clip(np.arange(i0, i1 + 1) * dla, -90.0, 90.0)
    return np.unique(np.round(lat, 9)), np.round(np.arange(j0, j1 + 1) * dlo, 9)


def _seconds_of_day(t: NDArray[Any], days: NDArray[np.datetime64]) -> NDArray[np.float64]:
    return np.asarray((t - days.astype("datetime64[ns]")) / np.timedelta64(1, "s"), dtype=float)


def zone_need(lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Zones whose working windows a lattice node needs: (n_zone, n_lat, n_lon) bool.

    A node needs its own zone (:func:`arcticrecon.catalog.timezones.zone_index`) and
    those of the nodes within 3 lattice steps (0.3 deg latitude, 3 deg longitude), so
    that every corner of a lattice cell holding a cell of a zone has that zone's values
    (the zones are regions of >= 2 deg latitude or a 150 km circle).
    """
    from scipy.ndimage import binary_dilation

    from arcticrecon.catalog.timezones import zone_index

    la, lo = np.meshgrid(lat_deg, lon_deg, indexing="ij")
    lo = np.where(lo >= 180.0, lo - 360.0, np.where(lo < -180.0, lo + 360.0, lo))
    z = zone_index(lat_deg=la, lon_deg=lo)
    st = np.ones((7, 7), bool)
    return np.stack([binary_dilation(z == k, structure=st) for k in range(_N_ZONES)])


def _engine_days(
    lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64], year: int
) -> dict[str, NDArray[Any]]:
    """The fast sun engine's per-day arrays for the grid's three thresholds, (n, n_day).

    What :func:`arcticrecon.light.sun_events` computes (the same engine, the same
    sub-chunks of 128 locations), without building its Dataset of strings and times:
    ``<key>:above_s`` [s], ``<key>:state`` (0 normal, 1 always above, 2 always below),
    ``max_alt_deg``, ``min_alt_deg`` [deg], ``upper_s`` (noon after 00:00 UTC) [s].
    """
    from arcticrecon.light import SUN_THRESHOLDS_DEG
    from arcticrecon.light._core import assemble_days, day_grid, normalise_locations
    from arcticrecon.light.fast import prepare_tables, sun_engine_fast

    lat, lon, elev = normalise_locations(lat_deg, lon_deg, 0.0)
    grid = day_grid(dt.date(year, 1, 1), dt.date(year, 12, 31), None)
    prepare_tables(grid.edges_ud, "sun")
    thresholds = {k: SUN_THRESHOLDS_DEG[k] for k in LIGHT_KEYS}
    keep = [f"{k}:{p}" for k in LIGHT_KEYS for p in ("above_s", "state")]
    keep += ["max_alt_deg", "min_alt_deg"]
    n, n_day = lat.size, grid.edges_ud.size - 1
    out = {k: np.empty((n, n_day), np.int8 if k.endswith("state") else np.float64) for k in keep}
    out["upper_s"] = np.empty((n, n_day))
    day0 = np.asarray(grid.days).astype("datetime64[ns]")[None, :]
    for s in range(0, n, 128):
        sl = slice(s, min(s + 128, n))
        res = sun_engine_fast(lat[sl], lon[sl], elev[sl], grid.edges_ud, thresholds)
        a = assemble_days(res, grid, sl.stop - sl.start)
        for k in keep:
            out[k][sl] = a[k]
        out["upper_s"][sl] = (a["upper_t"] - day0) / np.timedelta64(1, "s")
    return out


def lattice_rows(
    lat_deg: NDArray[np.float64],
    lon_deg: NDArray[np.float64],
    year: int,
    windows: WorkWindows | None = None,
    need: NDArray[np.bool_] | None = None,
) -> dict[str, NDArray[Any]]:
    """Exact light at the lattice nodes of some latitude rows (one Dask task).

    Parameters
    ----------
    lat_deg : ndarray, shape (n_lat,)
    lon_deg : ndarray, shape (n_lon,)
    year : int
        Calendar year of the UTC days.
    windows : WorkWindows, optional
        Working windows: the monthly working-day light is computed at the nodes too.
    need : ndarray bool, shape (n_zone, n_lat, n_lon), optional
        Zones computed per node (:func:`zone_need`; default: every zone).

    Returns
    -------
    dict
        ``D_<key>`` float32 [s], ``S_<key>`` (state codes), shape (n_day, n_lat, n_lon);
        ``amax``, ``amin`` float32 [deg]; ``noon_s`` [s], shape (n_day, n_lat, n_lon);
        ``work_h``, ``work_nautical_h`` float32 (n_exercise, n_zone, 12, n_lat, n_lon)
        [h/day] when ``windows`` is given.
    """
    la, lo = np.meshgrid(lat_deg, lon_deg, indexing="ij")
    lo = np.where(lo >= 180.0, lo - 360.0, lo)
    lo = np.where(lo < -180.0, lo + 360.0, lo)
    a = _engine_days(la.ravel(), lo.ravel(), year)
    n_day = a["max_alt_deg"].shape[1]
    shape = (lat_deg.size, lon_deg.size, n_day)

    def arr(name: str) -> NDArray[Any]:
        return np.moveaxis(a[name].reshape(shape), -1, 0)

    out: dict[str, NDArray[Any]] = {}
    for key in LIGHT_KEYS:
        out[f"D_{key}"] = arr(f"{key}:above_s").astype(np.float32)
        # engine codes: 0 normal, 1 always above (midnight sun), 2 always below
        out[f"S_{key}"] = arr(f"{key}:state").astype(np.int8)
    out["amax"] = arr("max_alt_deg").astype(np.float32)
    out["amin"] = arr("min_alt_deg").astype(np.float32)
    days = np.arange(np.datetime64(f"{year}-01-01"), np.datetime64(f"{year + 1}-01-01"))
    out["noon_s"] = arr("upper_s")
    if windows is not None:
        out["work_h"], out["work_nautical_h"] = _node_workday(out, days, windows, need)
    return out


def _node_workday(
    rows: dict[str, NDArray[Any]],
    days: NDArray[np.datetime64],
    windows: WorkWindows,
    need: NDArray[np.bool_] | None,
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Monthly mean light inside the working windows at the nodes of ``rows``. [h/day]"""
    n_day, n_lat, n_lon = rows["D_civil"].shape
    n_ex, n_z = windows.start_s.shape[:2]
    month = days.astype("datetime64[M]").astype(int) % 12
    work = np.full((n_ex, n_z, 12, n_lat * n_lon), np.nan, np.float32)
    naut = np.full((n_ex, n_z, 12, n_lat * n_lon), np.nan, np.float32)
    d_civ = rows["D_civil"].reshape(n_day, -1)
    d_nau = rows["D_nautical"].reshape(n_day, -1)
    noon = rows["noon_s"].reshape(n_day, -1)
    for z in range(n_z):
        nodes = np.arange(n_lat * n_lon) if need is None else np.flatnonzero(need[z].ravel())
        if nodes.size == 0:
            continue
        for e in range(n_ex):
            w0, w1 = windows.start_s[e, z], windows.end_s[e, z]
            if not np.isfinite(w0).all():
                continue
            pairs = [(work, d_civ)] + ([(naut, d_nau)] if windows.nautical[e] else [])
            for target, d in pairs:
                wl = workday_light_s(d[:, nodes], noon[:, nodes], w0[:, None], w1[:, None])
                for m in range(12):
                    target[e, z, m, nodes] = wl[month == m].mean(axis=0) / 3600.0
    shape = (n_ex, n_z, 12, n_lat, n_lon)
    return work.reshape(shape), naut.reshape(shape)


def _nearest_fill(values: NDArray[np.float64], ok: NDArray[np.bool_], axis: int) -> NDArray[Any]:
    """Fill ``values`` where ``~ok`` with the nearest ``ok`` value along ``axis``."""
    v = np.moveaxis(values, axis, -1)
    m = np.moveaxis(ok, axis, -1)
    n = v.shape[-1]
    idx = np.arange(n)
    fwd = np.where(m, idx, -1)
    np.maximum.accumulate(fwd, axis=-1, out=fwd)
    bwd = np.where(m, idx, n)
    bwd = np.flip(np.minimum.accumulate(np.flip(bwd, -1), axis=-1), -1)
    d_f = np.where(fwd >= 0, idx - fwd, n + 1)
    d_b = np.where(bwd < n, bwd - idx, n + 1)
    pick = np.where(d_f <= d_b, fwd, bwd)
    pick = np.clip(pick, 0, n - 1)
    out = np.take_along_axis(v, pick, axis=-1)
    return np.moveaxis(out, -1, axis)


#: Mixed (day, cell) pairs per piece of :func:`cell_light_monthly` (bounds its memory).
_MIXED_PAIRS = 2_000_000
#: Days per slice of :func:`_virtual_g`'s float64 work (bounds its temporaries).
_G_DAYS = 16


def _virtual_g(
    d_s: NDArray[Any],
    state: NDArray[np.int8],
    amax: NDArray[Any],
    amin: NDArray[Any],
    h0: float,
) -> NDArray[np.float32]:
    """``cos(pi D / day)`` continued beyond +-1 in polar states (axis 1 = latitude).

    Each day is independent, so the float64 work runs on slices of :data:`_G_DAYS`
    days (the same values; the temporaries of a whole year were ~1 GB at 32,000 nodes).
    """
    n_day = int(np.shape(d_s)[0])
    out = np.empty(np.shape(d_s), np.float32)
    for k0 in range(0, n_day, _G_DAYS):
        sl = slice(k0, k0 + _G_DAYS)
        out[sl] = _virtual_g_days(d_s[sl], state[sl], amax[sl], amin[sl], h0)
    return out


def _virtual_g_days(
    d_s: NDArray[Any],
    state: NDArray[np.int8],
    amax: NDArray[Any],
    amin: NDArray[Any],
    h0: float,
) -> NDArray[np.float64]:
    """:func:`_virtual_g` of some days, in float64."""
    d_s = np.asarray(d_s, np.float64)
    amax = np.asarray(amax, np.float64)
    amin = np.asarray(amin, np.float64)
    g = np.cos(np.pi * d_s / _DAY_S)
    normal = state == _NORMAL
    with np.errstate(divide="ignore", invalid="ignore"):
        r_below = np.where(normal & (amax > h0), (1.0 - g) / (amax - h0), np.nan)
        r_above = np.where(normal & (amin < h0), (1.0 + g) / (h0 - amin), np.nan)
    ok_b = np.isfinite(r_below)
    ok_a = np.isfinite(r_above)
    rb = _nearest_fill(np.where(ok_b, r_below, 0.0), ok_b, axis=1)
    ra = _nearest_fill(np.where(ok_a, r_above, 0.0), ok_a, axis=1)
    g = np.where(state == _BELOW, 1.0 - rb * (amax - h0), g)
    g = np.where(state == _ABOVE, -1.0 + ra * (h0 - amin), g)
    return g


def light_lattice(
    lat_deg: NDArray[np.float64],
    lon_deg: NDArray[np.float64],
    year: int,
    rows: list[dict[str, NDArray[Any]]] | None = None,
    windows: WorkWindows | None = None,
) -> LightLattice:
    """Assemble the lattice (from :func:`lattice_rows` results, computed here if absent).

    Parameters
    ----------
    lat_deg, lon_deg : ndarray
        Lattice axes (:func:`lattice_nodes`). [deg]
    year : int
    rows : list of dict, optional
        :func:`lattice_rows` results for consecutive latitude slices, in order (the grid
        build computes them on the Dask cluster, with the same ``windows``).
    windows : WorkWindows, optional
        Working windows of the exercises (for ``rows`` computed here); without them
        the working-day light is NaN.

    Returns
    -------
    LightLattice
    """
    from arcticrecon.light import SUN_THRESHOLDS_DEG

    if rows is None:
        need = zone_need(lat_deg, lon_deg) if windows is not None else None
        rows = [lattice_rows(lat_deg, lon_deg, year, windows, need)]
    # C order (day, lat, lon): the engine's arrays come day-last in memory, and the cells'
    # gathers read a flat view (one slice given: used as it is when already C-ordered)
    cat = {
        k: np.ascontiguousarray(
            rows[0][k]
            if len(rows) == 1
            else np.concatenate([r[k] for r in rows], axis=-2 if k.startswith("work") else 1)
        )
        for k in rows[0]
    }
    g = {
        key: _virtual_g(
            cat[f"D_{key}"], cat[f"S_{key}"], cat["amax"], cat["amin"], SUN_THRESHOLDS_DEG[key]
        )
        for key in LIGHT_KEYS
    }
    days = np.arange(np.datetime64(f"{year}-01-01"), np.datetime64(f"{year + 1}-01-01"))
    noon = cat["noon_s"][:, cat["noon_s"].shape[1] // 2, :]
    empty = np.full((0, _N_ZONES, 12, lat_deg.size, lon_deg.size), np.nan, np.float32)
    return LightLattice(
        lat_deg=np.asarray(lat_deg, float),
        lon_deg=np.asarray(lon_deg, float),
        days=days,
        d_s={key: cat[f"D_{key}"].astype(np.float32, copy=False) for key in LIGHT_KEYS},
        g=g,
        amax_deg=cat["amax"].astype(np.float32, copy=False),
        amin_deg=cat["amin"].astype(np.float32, copy=False),
        noon_s=noon,
        work_h=cat.get("work_h", empty),
        work_nautical_h=cat.get("work_nautical_h", empty),
    )


def _weights(
    lat: LightLattice, lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32], NDArray[np.float32]]:
    la, lo = lat.lat_deg, lat.lon_deg
    lon = np.asarray(lon_deg, float)
    # bring longitudes into the lattice's range (it may extend past +-180)
    lon = np.where(lon < lo[0], lon + 360.0, lon)
    lon = np.where(lon > lo[-1], lon - 360.0, lon)
    i = np.clip(np.searchsorted(la, lat_deg, side="right") - 1, 0, la.size - 2)
    j = np.clip(np.searchsorted(lo, lon, side="right") - 1, 0, lo.size - 2)
    fi = ((lat_deg - la[i]) / (la[i + 1] - la[i])).astype(np.float32)
    fj = ((lon - lo[j]) / (lo[j + 1] - lo[j])).astype(np.float32)
    return i, j, fi, fj


def _bilinear(
    a: NDArray[Any], i: NDArray[np.int64], j: NDArray[np.int64], fi: Any, fj: Any
) -> NDArray[np.float32]:
    """Bilinear interpolation of ``a`` (..., n_lat, n_lon) at cells: (..., n_cell)."""
    a00 = a[..., i, j]
    a01 = a[..., i, j + 1]
    a10 = a[..., i + 1, j]
    a11 = a[..., i + 1, j + 1]
    top = a00 + (a01 - a00) * fj
    bot = a10 + (a11 - a10) * fj
    return np.asarray(top + (bot - top) * fi, dtype=np.float32)


def exact_light_days(
    lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64], year: int
) -> dict[str, NDArray[Any]]:
    """The exact per-cell engine for whole years: ``D_<key>`` [s], ``S_<key>``, (n_day, n).

    This is the reference the lattice method is measured against (and what the benchmark
    times per cell).
    """
    from arcticrecon.light import DAY_STATES, THRESHOLD_STATES, sun_events

    ds = sun_events(lat_deg, lon_deg, dt.date(year, 1, 1), dt.date(year, 12, 31), workers=1)
    out: dict[str, NDArray[Any]] = {}
    for key in LIGHT_KEYS:
        out[f"D_{key}"] = np.asarray(ds[_DURATION[key]].values, float).T
        names = DAY_STATES if key == "sunrise" else THRESHOLD_STATES
        codes = {n: i for i, n in enumerate(names)}
        st = np.asarray(ds[_STATE[key]].values)
        out[f"S_{key}"] = np.vectorize(codes.__getitem__, otypes=[np.int8])(st).T
    days = np.asarray(ds["day"].values).astype("datetime64[D]")
    out["noon_s"] = _seconds_of_day(np.asarray(ds["solar_noon"].values), days[None, :]).T
    return out


def _g_method(
    lattice: LightLattice,
    key: str,
    k: NDArray[np.int64],
    i: NDArray[np.int64],
    j: NDArray[np.int64],
    fi: NDArray[np.float32],
    fj: NDArray[np.float32],
) -> tuple[NDArray[np.float32], NDArray[np.int8]]:
    """``D`` [s] and state of cell-days ``(k, cell)`` by the virtual-g interpolation."""
    from arcticrecon.light import SUN_THRESHOLDS_DEG

    h0 = SUN_THRESHOLDS_DEG[key]

    n_lat, n_lon = lattice.amax_deg.shape[1:]
    flat = (k * n_lat + i) * n_lon + j  # the four corners: flat, +1, +n_lon, +n_lon + 1

    def interp(a: NDArray[Any]) -> NDArray[np.float32]:
        v = a.reshape(-1)
        a00, a01 = v.take(flat), v.take(flat + 1)
        a10, a11 = v.take(flat + n_lon), v.take(flat + n_lon + 1)
        top = a00 + (a01 - a00) * fj
        bot = a10 + (a11 - a10) * fj
        return np.asarray(top + (bot - top) * fi, np.float32)

    amax = interp(lattice.amax_deg)
    amin = interp(lattice.amin_deg)
    g = interp(lattice.g[key])
    st = np.where(amax < h0, _BELOW, np.where(amin > h0, _ABOVE, _NORMAL)).astype(np.int8)
    d = np.float32(_DAY_S / np.pi) * np.arccos(np.clip(g, -1.0, 1.0))
    d = np.where(st == _BELOW, 0.0, np.where(st == _ABOVE, _DAY_S, d)).astype(np.float32)
    return d, st


def cell_light_days(
    lattice: LightLattice,
    lat_deg: NDArray[np.float64],
    lon_deg: NDArray[np.float64],
    *,
    exact_near_states: bool = False,
) -> dict[str, NDArray[Any]]:
    """Per-day light at cells by the lattice method (module docstring §2-3).

    The per-day form of :func:`cell_light_monthly` (same method, same values): what
    the error against the exact engine is measured on.

    Parameters
    ----------
    lattice : LightLattice
    lat_deg, lon_deg : ndarray, shape (n,)
        Cell centres. [deg]
    exact_near_states : bool
        Recompute cell-days within :data:`EXACT_MARGIN_DEG` of a state change with the
        exact engine (not needed: see the module docstring).

    Returns
    -------
    dict
        ``D_<key>`` float32 [s] and ``S_<key>`` int8 (0 normal, 1 always above, 2 always
        below), shape (n_day, n); ``noon_s`` [s] (n_day, n); ``n_exact`` (int, cell-days
        recomputed).
    """
    from arcticrecon.light import SUN_THRESHOLDS_DEG, sun_events

    lat_deg = np.asarray(lat_deg, float)
    lon_deg = np.asarray(lon_deg, float)
    i, j, fi, fj = _weights(lattice, lat_deg, lon_deg)
    n_day, n = lattice.days.size, lat_deg.size
    no = lattice.noon_s
    noon = no[:, j] + (no[:, j + 1] - no[:, j]) * fj.astype(np.float64)
    out: dict[str, Any] = {"noon_s": noon}
    uncertain = np.zeros((n_day, n), dtype=bool)
    kk = np.repeat(np.arange(n_day), n)
    ii, jj = np.tile(i, n_day), np.tile(j, n_day)
    ffi, ffj = np.tile(fi, n_day), np.tile(fj, n_day)
    amax = _bilinear(lattice.amax_deg, i, j, fi, fj)
    amin = _bilinear(lattice.amin_deg, i, j, fi, fj)
    for key in LIGHT_KEYS:
        h0 = SUN_THRESHOLDS_DEG[key]
        cls = lattice.tables[key]["cls"][:, i, j]
        d_g, st_g = _g_method(lattice, key, kk, ii, jj, ffi, ffj)
        d_lin = _bilinear(lattice.d_s[key], i, j, fi, fj)
        sn = cls == _SAFE_NORMAL
        d = np.where(sn, d_lin, d_g.reshape(n_day, n)).astype(np.float32)
        st = np.where(sn, _NORMAL, st_g.reshape(n_day, n)).astype(np.int8)
        out[f"D_{key}"], out[f"S_{key}"] = d, st
        uncertain |= (np.abs(amax - h0) < EXACT_MARGIN_DEG) | (np.abs(amin - h0) < EXACT_MARGIN_DEG)
    n_exact = 0
    if exact_near_states and uncertain.any():
        for k in np.flatnonzero(uncertain.any(axis=1)):
            cells = np.flatnonzero(uncertain[k])
            day = lattice.days[k].astype(dt.date)
            ds = sun_events(lat_deg[cells], lon_deg[cells], day, day, workers=1)
            for key in LIGHT_KEYS:
                out[f"D_{key}"][k, cells] = np.asarray(ds[_DURATION[key]].values[:, 0], float)
                st = np.asarray(ds[_STATE[key]].values[:, 0])
                out[f"S_{key}"][k, cells] = np.select(
                    [st == "normal", (st == "midnight_sun") | (st == "always_above")],
                    [_NORMAL, _ABOVE],
                    _BELOW,
                )
            n_exact += cells.size
    out["n_exact"] = n_exact
    return out


def cell_light_monthly(
    lattice: LightLattice,
    lat_deg: NDArray[np.float64],
    lon_deg: NDArray[np.float64],
    zone: NDArray[np.integer[Any]] | None = None,
) -> dict[str, NDArray[np.float32]]:
    """Monthly light layers at cells without per-day work (module docstring §4).

    Equal (to float rounding) to ``monthly_light(days, cell_light_days(...))``: the
    safe-normal days enter through the bilinear interpolation of the nodes' monthly
    sums, the polar-state days through the lattice cell's counts, and only the mixed
    cell-days are evaluated per cell.

    Parameters
    ----------
    lattice : LightLattice
    lat_deg, lon_deg : ndarray, shape (n,)
        Cell centres. [deg]
    zone : ndarray of int, shape (n,), optional
        Index into :data:`arcticrecon.catalog.timezones.GREENLAND_ZONES` of each cell,
        for the working-day light (default: :func:`zone_index` of the cells).

    Returns
    -------
    dict of name -> ndarray float32
        As :func:`monthly_light` (shape (12, n)); plus ``civil_light_workday_h`` and
        ``nautical_workday_h``, shape (n_exercise, 12, n) [h/day].
    """
    from arcticrecon.catalog.timezones import zone_index

    lat_deg = np.asarray(lat_deg, float)
    lon_deg = np.asarray(lon_deg, float)
    n = lat_deg.size
    i, j, fi, fj = _weights(lattice, lat_deg, lon_deg)
    w = np.stack([(1 - fi) * (1 - fj), (1 - fi) * fj, fi * (1 - fj), fi * fj]).astype(np.float64)
    month = lattice.month_of_day
    n_days = np.bincount(month, minlength=12).astype(np.float64)
    n_lon_c = lattice.lon_deg.size - 1
    lij = i * n_lon_c + j
    # cells grouped by lattice cell (for the mixed cell-days)
    occ, inv = np.unique(lij, return_inverse=True)
    order = np.argsort(inv, kind="stable")
    start = np.searchsorted(inv[order], np.arange(occ.size))
    count = np.diff(np.append(start, n))
    out: dict[str, NDArray[np.float32]] = {}
    names = {"sunrise": "daylight_h", "civil": "civil_light_h", "nautical": "nautical_light_h"}
    for key in LIGHT_KEYS:
        t = lattice.tables[key]
        dsum = t["dsum"].reshape(12, 4, -1)[:, :, lij]  # (12, 4, n)
        total = np.einsum("mcn,cn->mn", dsum, w)
        n_above = t["n_above"].reshape(12, -1)[:, lij].astype(np.float64)
        n_below = t["n_below"].reshape(12, -1)[:, lij].astype(np.float64)
        total += n_above * _DAY_S
        # mixed cell-days: (day, lattice cell) pairs -> (day, cell) pairs
        cls = t["cls"].reshape(t["cls"].shape[0], -1)[:, occ]
        mk_all, mu_all = np.nonzero(cls == _MIXED)
        n_pairs = int(count[mu_all].sum())
        # in pieces of ~_MIXED_PAIRS (day, cell) pairs: a 1 km block has tens of millions,
        # and each pair costs ~60 bytes of int64 indices and float32 corners at once
        step = max(1, int(mk_all.size * _MIXED_PAIRS / max(n_pairs, 1)))
        for a in range(0, mk_all.size, step):
            mk, mu = mk_all[a : a + step], mu_all[a : a + step]
            cnt = count[mu]
            tot = int(cnt.sum())
            if not tot:
                continue
            day = np.repeat(mk, cnt)
            base = np.repeat(start[mu] - (np.cumsum(cnt) - cnt), cnt)
            cell = order[base + np.arange(tot)]
            d, st = _g_method(lattice, key, day, i[cell], j[cell], fi[cell], fj[cell])
            flat = month[day] * n + cell
            total += np.bincount(flat, weights=d, minlength=12 * n).reshape(12, n)
            if key == "sunrise":
                n_above += np.bincount(flat[st == _ABOVE], minlength=12 * n).reshape(12, n)
                n_below += np.bincount(flat[st == _BELOW], minlength=12 * n).reshape(12, n)
        out[names[key]] = (total / n_days[:, None] / 3600.0).astype(np.float32)
        if key == "sunrise":
            out["polar_night_days"] = n_below.astype(np.float32)
            out["midnight_sun_days"] = n_above.astype(np.float32)
    z = zone_index(lat_deg=lat_deg, lon_deg=lon_deg) if zone is None else np.asarray(zone)
    n_ex = lattice.work_h.shape[0]
    for name, src in (
        ("civil_light_workday_h", lattice.work_h),
        ("nautical_workday_h", lattice.work_nautical_h),
    ):
        res = np.full((n_ex, 12, n), np.nan, np.float32)
        for e in range(n_ex):
            for zz in np.unique(z):
                sel = np.flatnonzero(z == zz)
                a = src[e, int(zz)]  # (12, n_lat, n_lon)
                if np.isnan(a).all():
                    continue
                res[e][:, sel] = _bilinear(a, i[sel], j[sel], fi[sel], fj[sel])
        out[name] = res
    return out


def workday_windows_utc_s(
    days: NDArray[np.datetime64],
    zone: str,
    start_hhmm: str,
    end_hhmm: str,
    crosses_midnight: bool = False,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Working window of each day in seconds after 00:00 UTC of that day.

    Parameters
    ----------
    days : ndarray of datetime64[D], shape (n_day,)
    zone : str
        IANA zone of the local working hours (e.g. ``"America/Nuuk"``).
    start_hhmm, end_hhmm : str
        Local start and end, ``"HH:MM"``; ``end_hhmm`` may be ``"24:00"`` (midnight at
        the end of the date).
    crosses_midnight : bool
        The window ends on the next local date (a night shift, ``"22:00"``-``"06:00"``),
        as :class:`arcticrecon.mission.models.DailyHours` says.

    Returns
    -------
    start_s, end_s : ndarray, shape (n_day,)
        Window edges [s after 00:00 UTC of the same calendar day; may be < 0 or > 86 400].
    """
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone)
    h0, m0 = (int(x) for x in start_hhmm.split(":"))
    h1, m1 = (int(x) for x in end_hhmm.split(":"))
    s, e = [], []
    for d in days.astype(dt.date):
        d_end = d + dt.timedelta(days=1) if crosses_midnight or h1 == 24 else d
        a = dt.datetime(d.year, d.month, d.day, h0, m0, tzinfo=tz)
        b = dt.datetime(d_end.year, d_end.month, d_end.day, h1 % 24, m1, tzinfo=tz)
        base = dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC)
        s.append((a - base).total_seconds())
        e.append((b - base).total_seconds())
    return np.asarray(s), np.asarray(e)


def _shift_days(a: NDArray[Any], k: int) -> NDArray[Any]:
    """Values of day ``d + k`` at day ``d`` along axis 0 (the first/last day repeated)."""
    if k == 0 or a.shape[0] < 2:
        return a
    out = np.roll(a, -k, axis=0)
    if k > 0:
        out[-k:] = a[-k:]
    else:
        out[:-k] = a[:-k]
    return out


def _light_interval_halves(
    d_s: NDArray[Any], noon_s: NDArray[Any], iterations: int = 3
) -> tuple[NDArray[Any], NDArray[Any]]:
    """Morning and evening halves ``H_m``, ``H_e`` of each day's light interval. [s]

    The light interval of day ``d`` is ``[noon - H_m, noon + H_e]``; its length ``L = H_m
    + H_e`` is not the UTC day's time above the threshold ``D`` when the interval crosses
    00:00 UTC (a noon at 16:30 UTC puts the evening twilight into the next UTC day):
    ``D[d] = L[d] - tail[d] - head[d] + tail[d-1] + head[d+1]`` with ``tail`` the part
    after 24:00 UTC and ``head`` the part before 00:00 UTC. ``L`` is solved by fixed-point
    iteration from ``L = D``.

    The halves differ because the declination changes during the day: with the half-arc
    ``h(t)`` linear in time, slope ``s = dh/dt = (L[d+1] - L[d-1]) / (4 x 86 400 s)``,
    ``H_m = h(noon - H_m)`` and ``H_e = h(noon + H_e)`` give ``H_m = L (1 - s) / 2`` and
    ``H_e = L (1 + s) / 2``. Days in or next to a polar state (``D`` = 0 or 24 h) keep
    ``L = D`` and ``s = 0``.
    """
    d = np.asarray(d_s, dtype=np.float64)
    noon = np.asarray(noon_s, dtype=np.float64)
    if d.shape[0] < 3:
        return d / 2.0, d / 2.0
    inside = (d > 0.0) & (d < _DAY_S)
    normal = inside & _shift_days(inside, -1) & _shift_days(inside, 1)
    length = d.copy()
    h_m, h_e = d / 2.0, d / 2.0
    for _ in range(iterations + 1):
        slope = np.gradient(length, axis=0) / (2.0 * _DAY_S)
        slope = np.where(normal, np.clip(slope, -0.25, 0.25), 0.0)
        h_m, h_e = length * (1.0 - slope) / 2.0, length * (1.0 + slope) / 2.0
        tail = np.maximum(noon + h_e - _DAY_S, 0.0)
        head = np.maximum(h_m - noon, 0.0)
        new = d + tail + head - _shift_days(tail, -1) - _shift_days(head, 1)
        length = np.where(normal, np.clip(new, 0.0, _DAY_S), d)
    return h_m, h_e


def workday_light_s(
    d_s: NDArray[Any], noon_s: NDArray[Any], w0_s: NDArray[Any], w1_s: NDArray[Any]
) -> NDArray[np.float32]:
    """Light inside a working window: each day's light interval round its solar noon.

    The interval of day ``d`` is ``[noon - H_m, noon + H_e]`` with the morning/evening
    halves of :func:`_light_interval_halves`; a window reaching into the previous or next
    UTC day (a night shift, a zone offset) meets that day's own interval.

    Parameters
    ----------
    d_s : ndarray, shape (n_day, n)
        Light per day (e.g. civil) on consecutive UTC days. [s]
    noon_s : ndarray, shape (n_day, n)
        Solar noon after 00:00 UTC. [s]
    w0_s, w1_s : ndarray, broadcastable to (n_day, n)
        Working window after 00:00 UTC of each day. [s]

    Returns
    -------
    ndarray float32, shape (n_day, n)
        Seconds of light inside the window. [s]
    """
    noon = np.asarray(noon_s, dtype=np.float64)
    h_m, h_e = _light_interval_halves(d_s, noon)
    d = np.asarray(d_s, dtype=np.float64)
    day = _shift_days
    total = np.zeros(np.broadcast_shapes(d.shape, np.shape(w0_s)), dtype=np.float64)
    for k in (-1, 0, 1):  # the light of the previous and next days too
        c = day(noon, k) + k * _DAY_S
        lo = np.maximum(c - day(h_m, k), w0_s)
        hi = np.minimum(c + day(h_e, k), w1_s)
        total += np.maximum(hi - lo, 0.0)
    result: NDArray[np.float32] = np.minimum(total, np.asarray(w1_s) - np.asarray(w0_s)).astype(
        np.float32
    )
    return result


def monthly_light(
    days: NDArray[np.datetime64], daily: dict[str, NDArray[Any]]
) -> dict[str, NDArray[np.float32]]:
    """Monthly layers from per-day light (n_day, n) arrays.

    Returns
    -------
    dict of name -> ndarray float32, shape (12, n)
        ``polar_night_days``, ``midnight_sun_days`` [d]; ``daylight_h``,
        ``civil_light_h``, ``nautical_light_h`` [h/day, monthly means].
    """
    month = days.astype("datetime64[M]").astype(int) % 12
    n = daily["D_civil"].shape[1]
    out = {
        k: np.zeros((12, n), np.float32)
        for k in (
            "polar_night_days",
            "midnight_sun_days",
            "daylight_h",
            "civil_light_h",
            "nautical_light_h",
        )
    }
    for m in range(12):
        sel = month == m
        if not sel.any():
            continue
        s = daily["S_sunrise"][sel]
        out["polar_night_days"][m] = (s == _BELOW).sum(axis=0)
        out["midnight_sun_days"][m] = (s == _ABOVE).sum(axis=0)
        for key, name in (
            ("sunrise", "daylight_h"),
            ("civil", "civil_light_h"),
            ("nautical", "nautical_light_h"),
        ):
            out[name][m] = daily[f"D_{key}"][sel].mean(axis=0, dtype=np.float64) / 3600.0
    return out
