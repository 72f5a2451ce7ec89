"""Per-cell layers other than light: terrain, surface class, cold, marine wind, satcom, reach.

Every function takes 1-D arrays of cell centres (``lat_deg``, ``lon_deg``, shape (n,)) and
returns NumPy arrays; the grid build calls them block by block on the Dask workers and the
tests call them at single points against the point engines.

Sources and methods
-------------------
- Elevation/depth: ETOPO5 (NOAA NGDC 1988, 5′, coarse), bilinear
  (``scipy.ndimage.map_coordinates``, order 1); NaN outside 55-88° N, 80° W-5° E.
- Surface class: 0 sea (1-km GLOBE land mask of ``global-land-mask``, the product's
  shipped 57-85° N, 77-8° W window; -1 unknown outside it), 2 ice-sheet
  interior = land inside the Natural Earth Greenland outline whose ETOPO5 elevation is at
  least :data:`ICE_SHEET_MIN_ELEVATION_M` (a proxy: no ice mask is shipped; the ice sheet
  rises above 1,500 m within ~50-100 km of its margin, while ice-free land above 1,500 m
  is limited to a few east-coast ranges), 1 other land.
- Air temperature: ERA5 2000-2025 monthly means (0.25°). Coastal cells (sea within
  10 km, the product's test :func:`arcticrecon.climate.era5.is_coastal`, vectorised) use
  the product's coastal cell rule (the most maritime cell within 30 km that still holds
  >= 5 % land, :func:`arcticrecon.climate.era5.select_cells`); other cells are bilinear
  between the four surrounding cells, a smooth field for maps (the site analysis uses the
  nearest cell there: the two agree within the cell-to-cell spread). NaN outside
  58-84° N, 75-10° W.
- Wind chill and frostbite band at an exercise's design wind: the product's
  :func:`arcticrecon.cold.windchill.wind_chill` and :func:`frostbite_band`.
- Marine wind: COADS monthly mean scalar wind speed, the 2° cell holding the point, sea
  cells only (NaN over land and where COADS has no ship data).
- Satcom: :func:`arcticrecon.geo.satcom.geo_elevation_deg` (WGS 84).
- Reach: WGS 84 geodesic distance (pyproj) to the nearest hub, flight time = distance /
  cruise speed + the 0.5 h block allowance (as the planner); coverage = within the
  presence option's radius of one of its bases (the test of :mod:`arcticrecon.coverage`).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "ICE_SHEET_MIN_ELEVATION_M",
    "SURFACE_CLASSES",
    "coastal_mask",
    "elevation_m",
    "era5_t2m_degC",
    "marine_wind_m_s",
    "nearest_distance_m",
    "surface_class",
]

#: Land above this ETOPO5 elevation inside the Greenland outline is "ice-sheet interior"
#: [m] (arcticrecon proxy, see the module docstring).
ICE_SHEET_MIN_ELEVATION_M = 1500.0
#: Codes of the ``surface_class`` layer.
SURFACE_CLASSES = {
    -1: "unknown (outside the shipped land mask)",
    0: "sea",
    1: "land (coast, ice-free land, ice margin)",
    2: "ice-sheet interior",
}

ETOPO5_FILE = "etopo5_greenland.nc"
COADS_FILE = "coads_marine_climatology_greenland.nc"
_EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius, as climate.era5 uses for its cell rule


@functools.lru_cache(maxsize=2)
def _grid_file(name: str, var: str) -> tuple[NDArray[np.float64], NDArray[np.float64], Any]:
    import xarray as xr

    from arcticrecon.sources.embedded import data_path

    # read into memory (mmap=False): with scipy's default memory map, closing the file
    # while the loaded arrays still refer to it printed a RuntimeWarning ("Cannot close
    # a netcdf_file opened with mmap=True") on standard error at the end of a build
    with xr.open_dataset(data_path(name), engine="scipy", mmap=False) as ds:
        da = ds[var].load()
    return np.asarray(da["lat"].values, float), np.asarray(da["lon"].values, float), da.values


def _fractional_index(axis: NDArray[np.float64], v: NDArray[np.float64]) -> NDArray[np.float64]:
    """Fractional index of ``v`` on a regular increasing or decreasing axis; NaN outside."""
    step = axis[1] - axis[0]
    f = (v - axis[0]) / step
    return np.where((f >= 0) & (f <= axis.size - 1), f, np.nan)


def _bilinear_regular(
    lat_axis: NDArray[np.float64],
    lon_axis: NDArray[np.float64],
    values: NDArray[Any],
    lat_deg: NDArray[np.float64],
    lon_deg: NDArray[np.float64],
) -> NDArray[np.float64]:
    from scipy.ndimage import map_coordinates

    fi = _fractional_index(lat_axis, lat_deg)
    fj = _fractional_index(lon_axis, lon_deg)
    out = np.full(lat_deg.shape, np.nan)
    ok = np.isfinite(fi) & np.isfinite(fj)
    if ok.any():
        out[ok] = map_coordinates(
            np.asarray(values, float), np.vstack([fi[ok], fj[ok]]), order=1, mode="nearest"
        )
    return out


def elevation_m(lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64]) -> NDArray[np.float64]:
    """ETOPO5 elevation (negative = depth) at points, bilinear; NaN outside the cut. [m]

    Examples
    --------
    >>> round(float(elevation_m(np.array([72.58]), np.array([-38.46]))[0]), -1)  # Summit (3,216 m)
    3190.0
    """
    la, lo, v = _grid_file(ETOPO5_FILE, "elevation_m")
    return _bilinear_regular(la, lo, v, np.asarray(lat_deg, float), np.asarray(lon_deg, float))


def _land(lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64]) -> NDArray[np.float64]:
    """GLOBE 1-km land mask (the product's shipped window): 1 land, 0 sea, NaN outside it.

    The shipped window is 57-85° N, 77-8° W (:mod:`arcticrecon.climate.landmask`); the
    1 GB global mask is not decompressed here, so cells outside the window are unknown.
    """
    from arcticrecon.climate.landmask import _mask
    from arcticrecon.climate.landmask import is_land as is_land_window

    _, mla, mlo, _ = _mask()
    inside = (lat_deg <= mla[0]) & (lat_deg >= mla[-1]) & (lon_deg >= mlo[0]) & (lon_deg <= mlo[-1])
    out = np.full(lat_deg.shape, np.nan)
    if inside.any():
        out[inside] = is_land_window(lat_deg[inside], lon_deg[inside])
    return out


def surface_class(
    lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64], elev_m: NDArray[np.float64]
) -> NDArray[np.int8]:
    """Surface class per point: 0 sea, 1 land, 2 ice-sheet interior, -1 unknown (no mask)."""
    import shapely

    from arcticrecon.geo.land import greenland_outline

    land_f = _land(lat_deg, lon_deg)
    land = land_f == 1.0
    cls = np.where(np.isnan(land_f), -1, land).astype(np.int8)
    high = land & (np.nan_to_num(elev_m, nan=0.0) >= ICE_SHEET_MIN_ELEVATION_M)
    if high.any():
        inside = shapely.contains_xy(greenland_outline(), lon_deg[high], lat_deg[high])
        idx = np.flatnonzero(high)[inside]
        cls[idx] = 2
    return cls


def coastal_mask(
    lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64], coast_km: float | None = None
) -> NDArray[np.bool_]:
    """Vectorised :func:`arcticrecon.climate.era5.is_coastal`: sea within ``coast_km``.

    The same 16 bearings x 9 rings (0 .. ``coast_km``) on the same land mask and the same
    flat-Earth offsets, so a point's answer is the product's answer.
    """
    from arcticrecon.climate.era5 import COAST_KM

    ck = COAST_KM if coast_km is None else coast_km
    rings = np.linspace(0.0, ck, 9)
    bearings = np.radians(np.arange(0, 360, 22.5))
    d, b = np.meshgrid(rings, bearings)
    d, b = d.ravel(), b.ravel()
    la_all = np.asarray(lat_deg, float)
    lo_all = np.asarray(lon_deg, float)
    out_all = np.zeros(la_all.shape, dtype=bool)
    # only points with a sea pixel in the box round their samples can be coastal
    maybe = np.flatnonzero(_sea_in_box(la_all, lo_all, ck))
    la, lo = la_all[maybe], lo_all[maybe]
    dla = np.degrees(d * np.cos(b) / _EARTH_RADIUS_KM)
    out = np.zeros(la.shape, dtype=bool)
    for k in range(d.size):
        dlo = np.degrees(d[k] * np.sin(b[k]) / (_EARTH_RADIUS_KM * np.cos(np.radians(la))))
        todo = ~out
        if not todo.any():
            break
        out[todo] = _land(la[todo] + dla[k], lo[todo] + dlo[todo]) == 0.0
    out_all[maybe] = out
    return out_all


@functools.lru_cache(maxsize=1)
def _sea_integral() -> NDArray[np.int32]:
    """Summed-area table of the land mask's sea pixels, shape (rows + 1, cols + 1)."""
    from arcticrecon.climate.landmask import _mask

    mask = _mask()[0]
    sat = np.zeros((mask.shape[0] + 1, mask.shape[1] + 1), np.int32)
    np.cumsum(np.cumsum(~mask, axis=0, dtype=np.int32), axis=1, out=sat[1:, 1:])
    return sat


def _sea_in_box(la: NDArray[np.float64], lo: NDArray[np.float64], ck: float) -> NDArray[np.bool_]:
    """False where no sea pixel of the land mask lies within the samples' lat/lon box.

    The box holds every sample point of :func:`coastal_mask` (offsets up to ``ck`` km
    north-south and ``ck / cos(lat)`` east-west), widened by one pixel; the mask's pixel
    index is monotone in latitude and longitude, so a box without sea pixels proves every
    sample is land. True (undecided) where the box leaves the mask's window.
    """
    from arcticrecon.climate.landmask import _mask

    mask, mla, mlo, idx = _mask()
    gla, glo, off = idx["global_lat01"], idx["global_lon01"], idx["offset"]
    r_la = np.degrees(ck / _EARTH_RADIUS_KM) * 1.01
    with np.errstate(divide="ignore", invalid="ignore"):
        r_lo = np.degrees(ck / (_EARTH_RADIUS_KM * np.cos(np.radians(la + r_la)))) * 1.01

    def row(a: NDArray[np.float64]) -> NDArray[np.int64]:
        return np.asarray(((a - gla[0]) / (gla[1] - gla[0])).astype(np.int64) - int(off[0]))

    def col(a: NDArray[np.float64]) -> NDArray[np.int64]:
        return np.asarray(((a - glo[0]) / (glo[1] - glo[0])).astype(np.int64) - int(off[1]))

    i_a, i_b = row(la - r_la), row(la + r_la)
    j_a, j_b = col(lo - r_lo), col(lo + r_lo)
    i0 = np.minimum(i_a, i_b) - 1
    i1 = np.maximum(i_a, i_b) + 2
    j0 = np.minimum(j_a, j_b) - 1
    j1 = np.maximum(j_a, j_b) + 2
    inside = (
        (la + r_la <= mla[0])
        & (la - r_la >= mla[-1])
        & (lo - r_lo >= mlo[0])
        & (lo + r_lo <= mlo[-1])
        & np.isfinite(r_lo)
    )
    undecided = np.ones(la.shape, bool)
    if inside.any():
        sat = _sea_integral()
        ny, nx = mask.shape
        a0, a1 = np.clip(i0[inside], 0, ny), np.clip(i1[inside], 0, ny)
        b0, b1 = np.clip(j0[inside], 0, nx), np.clip(j1[inside], 0, nx)
        n_sea = sat[a1, b1] - sat[a0, b1] - sat[a1, b0] + sat[a0, b0]
        undecided[inside] = n_sea > 0
    return undecided


@functools.lru_cache(maxsize=1)
def _era5() -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    from arcticrecon.climate.era5 import read_era5_climatology

    ds = read_era5_climatology()
    t = ds["t2m_mean_degC"].transpose("month", "latitude", "longitude")
    return ds["latitude"].values.astype(float), ds["longitude"].values.astype(float), t.values


@functools.lru_cache(maxsize=1)
def _era5_land_fraction() -> NDArray[np.float64]:
    from arcticrecon.climate.era5 import cell_land_fraction

    glat, glon, _ = _era5()
    la, lo = np.meshgrid(glat, glon, indexing="ij")
    return cell_land_fraction(la.ravel(), lo.ravel()).reshape(la.shape)


def _haversine_km(la1: Any, lo1: Any, la2: Any, lo2: Any) -> NDArray[np.float64]:
    p1, p2 = np.radians(la1), np.radians(la2)
    dp, dl = p2 - p1, np.radians(lo2 - lo1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * _EARTH_RADIUS_KM * np.arcsin(np.sqrt(a)))


def era5_cells(
    lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64], coastal: NDArray[np.bool_]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The product's coastal cell rule, vectorised: (row, col) of the ERA5 cell per point.

    Inland points get -1 (they are interpolated instead). Same candidate window (|dlat| <=
    0.51°, |dlon| <= 1.01°), radius (30 km), land-fraction floor (5 %) and tie-break
    (nearer cell) as :func:`arcticrecon.climate.era5.select_cells`.
    """
    from arcticrecon.climate.era5 import MIN_LAND_FRACTION, SEARCH_RADIUS_KM

    glat, glon, _ = _era5()
    lf = _era5_land_fraction()
    n = lat_deg.size
    ri = np.full(n, -1, np.int64)
    ci = np.full(n, -1, np.int64)
    idx = np.flatnonzero(coastal)
    if idx.size == 0:
        return ri, ci
    a, b = lat_deg[idx], lon_deg[idx]
    i0 = np.rint((glat[0] - a) / (glat[0] - glat[1])).astype(np.int64)  # latitude descending
    j0 = np.rint((b - glon[0]) / (glon[1] - glon[0])).astype(np.int64)
    # candidate offsets: the nearest cell centre is within half a step, so an offset of
    # k steps is at least (k - 1/2) steps away; larger k can never be in the window
    step_la, step_lo = abs(float(glat[0] - glat[1])), abs(float(glon[1] - glon[0]))
    ki = int(np.floor((0.51 + step_la / 2) / step_la))
    kj = int(np.floor((1.01 + step_lo / 2) / step_lo))
    di, dj = np.meshgrid(np.arange(-ki, ki + 1), np.arange(-kj, kj + 1), indexing="ij")
    ii = i0[:, None] + di.ravel()[None, :]
    jj = j0[:, None] + dj.ravel()[None, :]
    valid = (ii >= 0) & (ii < glat.size) & (jj >= 0) & (jj < glon.size)
    iic, jjc = np.clip(ii, 0, glat.size - 1), np.clip(jj, 0, glon.size - 1)
    cla, clo = glat[iic], glon[jjc]
    valid &= (np.abs(cla - a[:, None]) <= 0.51) & (np.abs(clo - b[:, None]) <= 1.01)
    dist = np.where(valid, _haversine_km(a[:, None], b[:, None], cla, clo), np.inf)
    nearest = np.argmin(dist, axis=1)
    f = lf[iic, jjc]
    cand = valid & (dist <= SEARCH_RADIUS_KM) & (f >= MIN_LAND_FRACTION)
    # smallest land fraction, then the nearer cell (lexsort order of select_cells)
    key_f = np.where(cand, f, np.inf)
    best_f = key_f.min(axis=1)
    tie = cand & (key_f == best_f[:, None])
    pick = np.argmin(np.where(tie, dist, np.inf), axis=1)
    pick = np.where(cand.any(axis=1), pick, nearest)
    rows = np.arange(idx.size)
    ri[idx] = iic[rows, pick]
    ci[idx] = jjc[rows, pick]
    return ri, ci


def era5_t2m_degC(
    lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64], coastal: NDArray[np.bool_]
) -> NDArray[np.float64]:
    """Monthly mean 2 m temperature 2000-2025 per point, shape (12, n). [°C]

    Coastal points: the product's coastal cell rule; others bilinear. NaN outside the
    ERA5 cut (58-84° N, 75-10° W).
    """
    glat, glon, t = _era5()
    la = np.asarray(lat_deg, float)
    lo = np.asarray(lon_deg, float)
    out = np.full((12, la.size), np.nan)
    inside = (la >= glat.min()) & (la <= glat.max()) & (lo >= glon.min()) & (lo <= glon.max())
    coastal = np.asarray(coastal, bool) & inside
    ri, ci = era5_cells(la, lo, coastal)
    for m in range(12):
        out[m] = _bilinear_regular(glat, glon, t[m], la, lo)
        out[m, coastal] = t[m, ri[coastal], ci[coastal]]
    out[:, ~inside] = np.nan
    return out


def marine_wind_m_s(
    lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64], sea: NDArray[np.bool_]
) -> NDArray[np.float64]:
    """COADS monthly mean scalar wind speed in the 2° cell holding each sea point, (12, n). [m/s]"""
    la_ax, lo_ax, w = _grid_file(COADS_FILE, "WSPD")
    la = np.asarray(lat_deg, float)
    lo = np.asarray(lon_deg, float)
    i = np.rint((la - la_ax[0]) / (la_ax[1] - la_ax[0])).astype(np.int64)
    j = np.rint((lo - lo_ax[0]) / (lo_ax[1] - lo_ax[0])).astype(np.int64)
    ok = (i >= 0) & (i < la_ax.size) & (j >= 0) & (j < lo_ax.size) & np.asarray(sea, bool)
    out = np.full((12, la.size), np.nan)
    out[:, ok] = np.asarray(w, float)[:, i[ok], j[ok]]
    return out


def nearest_distance_m(
    lat_deg: NDArray[np.float64],
    lon_deg: NDArray[np.float64],
    to_lat_deg: NDArray[np.float64],
    to_lon_deg: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """WGS 84 geodesic distance to the nearest of some places, and which one.

    Returns
    -------
    distance_m : ndarray, shape (n,)
        [m] (pyproj.Geod.inv, GeographicLib).
    index : ndarray of int, shape (n,)
        Index of the nearest place.
    """
    from arcticrecon.geo.geodesic import WGS84

    la = np.asarray(lat_deg, float)
    lo = np.asarray(lon_deg, float)
    to_la = np.asarray(to_lat_deg, float)
    to_lo = np.asarray(to_lon_deg, float)
    best = np.full(la.shape, np.inf)
    arg = np.zeros(la.shape, np.int64)
    if to_la.size == 0:
        return best, arg
    # great-circle distances first: a place can be the nearest on the ellipsoid only if
    # its spherical distance is within 1 % (+1 km) of the smallest (the WGS 84 / sphere
    # ratio varies by < 0.7 %), so most points need one geodesic, not one per place
    sph = np.stack([_haversine_km(la, lo, a, b) for a, b in zip(to_la, to_lo, strict=True)])
    cand = sph <= sph.min(axis=0) * 1.01 + 1.0
    for k in range(to_la.size):
        idx = np.flatnonzero(cand[k])
        if idx.size == 0:
            continue
        _, _, d = WGS84.inv(
            lo[idx], la[idx], np.full(idx.size, to_lo[k]), np.full(idx.size, to_la[k])
        )
        d = np.asarray(d)
        better = d < best[idx]
        best[idx[better]] = d[better]
        arg[idx[better]] = k
    return best, arg
