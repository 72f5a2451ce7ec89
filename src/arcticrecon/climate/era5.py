"""ERA5 2 m temperature monthly climatology (2000-2025, 0.25°) and the coastal cell rule.

The shipped file ``era5_t2m_monthly_climatology_2000_2025_greenland.nc`` holds
``t2m_mean_degC(month, latitude, longitude)`` for 58-84° N, 75-10° W. Contains modified
Copernicus Climate Change Service information 2000-2025 (ERA5 monthly averaged
reanalysis, ECMWF/C3S; provenance in ``arcticrecon/data/README.md``).

Why a cell rule
---------------
A 0.25° cell (about 12 x 28 km at 64° N) mixes sea, land and ice-sheet margin. Greenland's
towns sit on the outer coast, where the sea moderates winter cold, while the nearest ERA5
cell often reaches inland toward higher, ice-covered terrain: for Nuuk the nearest cell
gives -11.4 °C in January against the station's -7.5 °C (DMI 1991-2020).

The rule (``COASTAL_MIN_LAND_RULE``), applied per location:

1. The site is *coastal* when the sea (1-km GLOBE land mask of ``global-land-mask``, :mod:`arcticrecon.climate.landmask`) is
   within :data:`COAST_KM` (10 km) of it; otherwise *inland*.
2. Inland sites (and the ice sheet) use the nearest cell.
3. Coastal sites use, among the cells whose centre lies within :data:`SEARCH_RADIUS_KM`
   (30 km), the one with the **smallest land fraction that still contains land**
   (>= :data:`MIN_LAND_FRACTION`, 5 %) — the most maritime cell that still represents the
   coast, not open water or sea ice. Ties go to the nearer cell; if no candidate contains
   land, the nearest cell is used. Land fractions are the share of 21 x 21 mask samples
   inside each cell.

Validation (tests/reference), ERA5 minus station, 12 monthly means [°C]:

=================  =====================  ==========================  ==================
station (normal)   rule cell              bias / RMS / January (rule)  nearest cell
=================  =====================  ==========================  ==================
Nuuk 1991-2020     64.25 N 52.25 W        -0.34 / 0.57 / -0.6          -1.17 / 2.14 / -3.9
Narsarsuaq [*]_    61.00 N 45.50 W        -1.46 / 1.58 / -2.1          -3.03 / 3.09 / -2.7
Qaqortoq [*]_      60.50 N 46.00 W        -1.04 / 1.87 / +0.7          -1.12 / 1.37 / -2.2
=================  =====================  ==========================  ==================

.. [*] visitgreenland.com monthly means, period not printed (annual values match DMI
   1991-2020), confidence medium.

The rule fixes Nuuk (the only production-grade normal) and halves the Narsarsuaq error;
at Qaqortoq it removes the January cold bias but its maritime cell is too cool in summer,
so the RMS is worse than the nearest cell's. The periods differ (ERA5 2000-2025, stations
1991-2020). The table output shows station and grid side by side wherever both exist.

No lapse-rate correction is applied: it needs the elevation of each ERA5 cell (the ERA5
orography field ``z``), which is not in the shipped file. The site elevation is carried in
the output so a user who adds the field can apply the standard-atmosphere lapse rate of
6.5 K/km (ICAO Doc 7488, U.S. Standard Atmosphere 1976).
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import xarray as xr
from numpy.typing import ArrayLike, NDArray

import arcticrecon.catalog  # noqa: F401  (import first: sources <-> catalog import cycle)
from arcticrecon.climate.landmask import is_land
from arcticrecon.errors import DataSourceError, InputError, OutOfDomainError
from arcticrecon.sources.embedded import data_path

__all__ = [
    "COASTAL_MIN_LAND_RULE",
    "COAST_KM",
    "ERA5_ATTRIBUTION",
    "ERA5_FILE",
    "MIN_LAND_FRACTION",
    "SEARCH_RADIUS_KM",
    "cell_land_fraction",
    "is_coastal",
    "monthly_t2m",
    "read_era5_climatology",
    "select_cells",
]

ERA5_FILE = "era5_t2m_monthly_climatology_2000_2025_greenland.nc"
ERA5_ATTRIBUTION = "Contains modified Copernicus Climate Change Service information 2000-2025"
COASTAL_MIN_LAND_RULE = "coastal-min-land-v1"
#: Distance within which sea makes a site coastal [km] (arcticrecon choice, about one cell).
COAST_KM = 10.0
#: Search radius for candidate cells of a coastal site [km] (about one cell diagonal).
SEARCH_RADIUS_KM = 30.0
#: Minimum land fraction for a cell to represent a coastal site [1].
MIN_LAND_FRACTION = 0.05
_EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius (used for neighbourhood tests only)
_GRID_STEP_DEG = 0.25


@functools.lru_cache(maxsize=4)
def _open(path: str) -> xr.Dataset:
    try:
        ds = xr.open_dataset(path, engine="h5netcdf").load()
    except (OSError, ValueError) as err:
        raise DataSourceError(
            f"cannot read ERA5 climatology {path!r}: {err}", field="path", value=path
        ) from err
    return ds


def read_era5_climatology(path: Path | str | None = None) -> xr.Dataset:
    """Read the ERA5 monthly 2 m temperature climatology.

    Parameters
    ----------
    path : path, optional
        NetCDF file with ``t2m_mean_degC(month, latitude, longitude)`` in °C; default the
        shipped file.

    Returns
    -------
    xarray.Dataset
        ``t2m_mean_degC`` [°C], dims (month: 12, latitude, longitude), latitude
        descending; attrs carry source, licence and caveats.

    Raises
    ------
    DataSourceError
        If the file cannot be read or lacks the variable / the °C units.

    Examples
    --------
    >>> ds = read_era5_climatology()
    >>> round(float(ds.t2m_mean_degC.sel(month=1, latitude=64.25, longitude=-51.75)), 1)
    -11.4
    """
    p = str(path) if path is not None else str(data_path(ERA5_FILE))
    ds = _open(p)
    if "t2m_mean_degC" not in ds or set(ds["t2m_mean_degC"].dims) != {
        "month",
        "latitude",
        "longitude",
    }:
        raise DataSourceError(
            f"{p!r} lacks t2m_mean_degC(month, latitude, longitude); expected the arcticrecon "
            "ERA5 climatology format",
            field="path",
            value=p,
        )
    if ds["t2m_mean_degC"].attrs.get("units") != "degC":
        raise DataSourceError(
            f"{p!r}: t2m_mean_degC units are {ds['t2m_mean_degC'].attrs.get('units')!r}, not degC",
            field="units",
            value=ds["t2m_mean_degC"].attrs.get("units"),
        )
    return ds


def _land(lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64]) -> NDArray[np.bool_]:
    return np.asarray(is_land(lat_deg, lon_deg))


def cell_land_fraction(
    lat_deg: ArrayLike, lon_deg: ArrayLike, *, n: int = 21
) -> NDArray[np.float64]:
    """Land share of 0.25° cells centred on the given points.

    Parameters
    ----------
    lat_deg, lon_deg : float or ndarray, shape (m,)
        Cell centres. [deg]
    n : int
        Samples per side (n x n points of ``global-land-mask``).

    Returns
    -------
    ndarray, shape (m,)
        Land fraction 0-1. [1]
    """
    la = np.atleast_1d(np.asarray(lat_deg, dtype=float))
    lo = np.atleast_1d(np.asarray(lon_deg, dtype=float))
    off = np.linspace(-_GRID_STEP_DEG / 2, _GRID_STEP_DEG / 2, n)
    dla, dlo = np.meshgrid(off, off, indexing="ij")
    pts_la = la[:, None, None] + dla[None]
    pts_lo = lo[:, None, None] + dlo[None]
    return np.asarray(_land(pts_la, pts_lo).mean(axis=(1, 2)), dtype=float)


def _offsets_deg(
    lat_deg: float, dist_km: NDArray[np.float64], bearing_rad: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    dlat = np.degrees(dist_km * np.cos(bearing_rad) / _EARTH_RADIUS_KM)
    dlon = np.degrees(
        dist_km * np.sin(bearing_rad) / (_EARTH_RADIUS_KM * np.cos(np.radians(lat_deg)))
    )
    return dlat, dlon


def is_coastal(*, lat_deg: float, lon_deg: float, coast_km: float = COAST_KM) -> bool:
    """Whether sea lies within ``coast_km`` of a point (``global-land-mask``).

    Parameters
    ----------
    lat_deg, lon_deg : float
        Position. [deg]
    coast_km : float
        Search distance. [km]

    Returns
    -------
    bool
        ``True`` if any of 16 bearings x 8 rings (up to ``coast_km``) or the point is sea.

    Examples
    --------
    >>> is_coastal(lat_deg=64.1910, lon_deg=-51.6791)   # Nuuk airport
    True
    >>> is_coastal(lat_deg=72.58, lon_deg=-38.45)       # Summit, ice sheet
    False
    """
    rings = np.linspace(0.0, coast_km, 9)
    bearings = np.radians(np.arange(0, 360, 22.5))
    d, b = np.meshgrid(rings, bearings)
    dla, dlo = _offsets_deg(lat_deg, d.ravel(), b.ravel())
    return bool((~_land(lat_deg + dla, lon_deg + dlo)).any())


def _haversine_km(
    la1: float, lo1: float, la2: NDArray[np.float64], lo2: NDArray[np.float64]
) -> NDArray[np.float64]:
    p1, p2 = np.radians(la1), np.radians(la2)
    dp, dl = p2 - p1, np.radians(lo2 - lo1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * _EARTH_RADIUS_KM * np.arcsin(np.sqrt(a)))


def select_cells(
    lat_deg: ArrayLike, lon_deg: ArrayLike, *, ds: xr.Dataset | None = None
) -> xr.Dataset:
    """Apply the coastal cell rule to many locations.

    Parameters
    ----------
    lat_deg, lon_deg : float or ndarray, shape (n,)
        Site positions. [deg] Must lie inside the grid (58-84° N, 75-10° W).
    ds : xarray.Dataset, optional
        Climatology (default the shipped one).

    Returns
    -------
    xarray.Dataset, dim (location,)
        ``cell_lat_deg``, ``cell_lon_deg`` [deg], ``distance_km`` [km] to the cell centre,
        ``land_fraction`` [1], ``coastal`` (bool), ``rule`` (str: "nearest",
        "coastal-min-land" or "coastal-fallback-nearest").

    Raises
    ------
    OutOfDomainError
        If a location lies outside the grid; ``err.mask`` marks which.
    """
    ds = ds if ds is not None else read_era5_climatology()
    la = np.atleast_1d(np.asarray(lat_deg, dtype=float))
    lo = np.atleast_1d(np.asarray(lon_deg, dtype=float))
    if la.shape != lo.shape:
        raise InputError("lat_deg and lon_deg must have the same shape", field="lat_deg")
    glat, glon = ds["latitude"].values, ds["longitude"].values
    out_mask = (
        (la < glat.min())
        | (la > glat.max())
        | (lo < glon.min())
        | (lo > glon.max())
        | np.isnan(la)
        | np.isnan(lo)
    )
    if out_mask.any():
        i = int(np.flatnonzero(out_mask)[0])
        raise OutOfDomainError(
            f"position {la[i]:g} N {lo[i]:g} E is outside the ERA5 climatology grid "
            f"({glat.min():g}-{glat.max():g} N, {glon.min():g}-{glon.max():g} E); the grid "
            "covers Greenland only",
            field="lat_deg/lon_deg",
            value=(float(la[i]), float(lo[i])),
            valid_range=(
                (float(glat.min()), float(glat.max())),
                (float(glon.min()), float(glon.max())),
            ),
            mask=out_mask,
        )
    res: dict[str, list[object]] = {
        k: []
        for k in ("cell_lat_deg", "cell_lon_deg", "distance_km", "land_fraction", "coastal", "rule")
    }
    for a, b in zip(la.tolist(), lo.tolist(), strict=True):
        ilat = np.flatnonzero(np.abs(glat - a) <= 0.51)
        ilon = np.flatnonzero(np.abs(glon - b) <= 1.01)
        cla, clo = np.meshgrid(glat[ilat], glon[ilon], indexing="ij")
        cla, clo = cla.ravel(), clo.ravel()
        dist = _haversine_km(a, b, cla, clo)
        nearest = int(np.argmin(dist))
        coastal = is_coastal(lat_deg=a, lon_deg=b)
        pick, rule = nearest, "nearest"
        within = np.flatnonzero(dist <= SEARCH_RADIUS_KM)
        lf_all = np.full(cla.shape, np.nan)
        if coastal and within.size:
            lf = cell_land_fraction(cla[within], clo[within])
            lf_all[within] = lf
            ok = lf >= MIN_LAND_FRACTION
            if ok.any():
                cand = within[ok]
                order = np.lexsort((dist[cand], lf[ok]))
                pick, rule = int(cand[order[0]]), "coastal-min-land"
            else:
                rule = "coastal-fallback-nearest"
        if np.isnan(lf_all[pick]):
            lf_all[pick] = cell_land_fraction(cla[pick], clo[pick])[0]
        res["cell_lat_deg"].append(float(cla[pick]))
        res["cell_lon_deg"].append(float(clo[pick]))
        res["distance_km"].append(float(dist[pick]))
        res["land_fraction"].append(float(lf_all[pick]))
        res["coastal"].append(coastal)
        res["rule"].append(rule)
    return xr.Dataset({k: ("location", np.asarray(v)) for k, v in res.items()})


def monthly_t2m(
    lat_deg: ArrayLike, lon_deg: ArrayLike, elevation_m: ArrayLike | None = None
) -> xr.DataArray:
    """ERA5 monthly mean 2 m temperature at many sites, with the coastal cell rule.

    Parameters
    ----------
    lat_deg, lon_deg : float or ndarray, shape (n,)
        Site positions (WGS 84). [deg]
    elevation_m : float or ndarray, shape (n,), optional
        Site elevations [m]; carried as a coordinate (no lapse-rate correction: the cell
        elevations are not in the file, see the module docstring).

    Returns
    -------
    xarray.DataArray, shape (n, 12), dims (location, month)
        Mean air temperature 2000-2025. [°C] Coordinates: ``lat_deg``, ``lon_deg``,
        ``cell_lat_deg``, ``cell_lon_deg``, ``cell_rule``, ``land_fraction``,
        ``elevation_m``; ``attrs["source"]`` names ERA5, the rule and the attribution.

    Raises
    ------
    OutOfDomainError
        If a site is outside the grid.

    Examples
    --------
    >>> t = monthly_t2m([64.167], [-51.75])   # Nuuk station position
    >>> float(t.sel(month=1).round(1)[0]), str(t.cell_rule[0].values)
    (-8.1, 'coastal-min-land')
    """
    ds = read_era5_climatology()
    la = np.atleast_1d(np.asarray(lat_deg, dtype=float))
    lo = np.atleast_1d(np.asarray(lon_deg, dtype=float))
    cells = select_cells(la, lo, ds=ds)
    t = (
        ds["t2m_mean_degC"]
        .sel(
            latitude=xr.DataArray(cells.cell_lat_deg.values, dims="location"),
            longitude=xr.DataArray(cells.cell_lon_deg.values, dims="location"),
        )
        .transpose("location", "month")
    )
    elev = (
        np.full(la.shape, np.nan)
        if elevation_m is None
        else np.broadcast_to(np.asarray(elevation_m, dtype=float), la.shape)
    )
    out = xr.DataArray(
        t.values.astype(float),
        dims=("location", "month"),
        coords={
            "month": ds["month"].values,
            "lat_deg": ("location", la),
            "lon_deg": ("location", lo),
            "elevation_m": ("location", elev),
            "cell_lat_deg": ("location", cells.cell_lat_deg.values),
            "cell_lon_deg": ("location", cells.cell_lon_deg.values),
            "cell_rule": ("location", cells.rule.values),
            "land_fraction": ("location", cells.land_fraction.values),
        },
        name="t2m_degC",
        attrs={
            "units": "degC",
            "long_name": "mean 2 m air temperature of the calendar month, 2000-2025",
            "source": (
                f"ERA5 monthly means 2000-2025 (ECMWF/C3S), 0.25 deg, cell rule "
                f"{COASTAL_MIN_LAND_RULE}; {ERA5_ATTRIBUTION}"
            ),
        },
    )
    return out
