"""A user's high-resolution DEM: slope and helicopter landing-zone slope classes.

ETOPO5 (5′) cannot show landing-zone slope. ``arcticrecon grid import-dem FILE.tif``
reads a user's DEM (Copernicus GLO-30, ArcticDEM, any GeoTIFF with a CRS), computes the
terrain slope and classes it for helicopter landing zones:

=====  ===========  ===============================================================
class  slope        meaning (FM 3-21.38, Pathfinder Operations, ch. 3, LZ selection)
=====  ===========  ===============================================================
0      <= 7°        acceptable ground slope for a helicopter landing point
1      7° - 15°     landing only with caution / up-slope hover; mission-dependent
2      > 15°        unsuitable for landing
=====  ===========  ===============================================================

Slope: ``atan(|grad z|)`` with the gradient from central differences
(``numpy.gradient``) on the DEM's cell spacing in metres — the projected cell size, or
for a geographic CRS the WGS 84 meridian and parallel arc lengths of a cell at its
latitude (Horn-style 3 x 3 kernels give the same slope to within a fraction of a degree on
smooth terrain).

References
----------
.. [1] Headquarters, Department of the Army, FM 3-21.38 *Pathfinder Operations*, 2006,
   ch. 3 (landing-zone selection: ground slope).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["HLZ_CLASS_BOUNDS_DEG", "import_dem", "slope_classes", "slope_deg"]

#: Upper bounds of HLZ slope classes 0 and 1 [deg] (FM 3-21.38).
HLZ_CLASS_BOUNDS_DEG = (7.0, 15.0)
_WGS84_A_M = 6_378_137.0  # NIMA TR8350.2
_WGS84_E2 = (1.0 / 298.257223563) * (2.0 - 1.0 / 298.257223563)


def slope_deg(z_m: NDArray[np.float64], dx_m: Any, dy_m: Any) -> NDArray[np.float64]:
    """Terrain slope from a DEM.

    Parameters
    ----------
    z_m : ndarray, shape (ny, nx)
        Elevations (NaN = no data). [m]
    dx_m, dy_m : float or ndarray broadcastable to (ny, nx)
        Cell spacing along x (columns) and y (rows), positive. [m]

    Returns
    -------
    ndarray, shape (ny, nx)
        Slope 0-90. [deg]

    Examples
    --------
    >>> z = np.add.outer(np.zeros(4), np.arange(4) * 10.0)   # 10 m rise per 10 m cell
    >>> round(float(slope_deg(z, 10.0, 10.0)[1, 1]), 6)
    45.0
    """
    z = np.asarray(z_m, dtype=float)
    gy, gx = np.gradient(z)
    gx = gx / np.asarray(dx_m, float)
    gy = gy / np.asarray(dy_m, float)
    return np.asarray(np.degrees(np.arctan(np.hypot(gx, gy))))


def slope_classes(slope: NDArray[np.float64]) -> NDArray[np.int8]:
    """HLZ slope class 0 (<= 7°), 1 (7-15°), 2 (> 15°); -1 where the slope is unknown.

    Examples
    --------
    >>> slope_classes(np.array([0.0, 7.0, 7.1, 15.0, 15.1, np.nan])).tolist()
    [0, 0, 1, 1, 2, -1]
    """
    s = np.asarray(slope, float)
    lo, hi = HLZ_CLASS_BOUNDS_DEG
    out = np.where(s <= lo, 0, np.where(s <= hi, 1, 2)).astype(np.int8)
    return np.where(np.isfinite(s), out, -1).astype(np.int8)


def dem_output_paths(path: Path, out_dir: Path) -> dict[str, Path]:
    """The files :func:`import_dem` writes for DEM ``path`` into ``out_dir``.

    Returns
    -------
    dict
        ``slope_deg`` -> ``<stem>_slope_deg.tif``, ``hlz_slope_class`` ->
        ``<stem>_hlz_slope_class.tif``.
    """
    stem = Path(path).stem
    return {
        "slope_deg": Path(out_dir) / f"{stem}_slope_deg.tif",
        "hlz_slope_class": Path(out_dir) / f"{stem}_hlz_slope_class.tif",
    }


def check_dem_outputs(path: Path, out_dir: Path, *, force: bool = False) -> dict[str, Path]:
    """The output paths of :func:`import_dem`, once they may be written.

    Raises
    ------
    InputError
        If ``out_dir`` exists and is not a folder, or an output exists without ``force``
        (naming ``--out`` and the file).
    """
    from arcticrecon.errors import InputError

    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(
            f"--out {str(out_dir)!r} exists and is not a folder; give a folder for the "
            "slope GeoTIFFs",
            field="out",
            value=str(out_dir),
        )
    paths = dem_output_paths(path, out_dir)
    there = [p for p in paths.values() if p.exists()]
    if there and not force:
        raise InputError(
            f"--out {str(out_dir)!r} already holds {there[0].name!r}; use --force to "
            "replace it or choose another folder",
            field="out",
            value=str(out_dir),
        )
    return paths


def import_dem(path: Path, out_dir: Path, *, force: bool = False) -> dict[str, Path]:
    """Read a DEM GeoTIFF, write its slope and HLZ classes as COGs in its own CRS.

    Parameters
    ----------
    path : Path
        GeoTIFF with a CRS (projected or geographic), band 1 = elevation [m].
    out_dir : Path
        Folder for ``<stem>_slope_deg.tif`` and ``<stem>_hlz_slope_class.tif``; each is
        written to a temporary file in the folder and renamed into place (a failure
        leaves the old files, if any, untouched).
    force : bool
        Replace existing output files.

    Returns
    -------
    dict
        ``slope_deg`` and ``hlz_slope_class`` paths.

    Raises
    ------
    InputError
        If the file cannot be read as a raster or has no CRS, ``out_dir`` is a file, or
        an output exists without ``force`` (:func:`check_dem_outputs`).
    """
    import os
    import tempfile

    import rioxarray
    import xarray as xr

    from arcticrecon.errors import InputError
    from arcticrecon.files import default_file_mode

    paths = check_dem_outputs(path, out_dir, force=force)  # before reading the DEM
    try:
        import warnings

        with warnings.catch_warnings():  # e.g. NotGeoreferencedWarning: said below
            warnings.simplefilter("ignore")
            opened = rioxarray.open_rasterio(path, masked=True)
        if not isinstance(opened, xr.DataArray):  # a file of several subdatasets
            raise TypeError("the file holds several rasters, not one elevation band")
    except Exception as err:  # rasterio raises its own error types
        raise InputError(
            f"{path}: cannot read as a GeoTIFF DEM ({type(err).__name__}: {err})",
            field="FILE",
            value=str(path),
        ) from None
    if opened.sizes.get("band", 1) != 1:
        raise InputError(
            f"{path}: has {opened.sizes['band']} bands; a DEM has one (elevation [m]): "
            "give a single-band GeoTIFF",
            field="FILE",
            value=str(path),
        )
    da = opened.squeeze("band", drop=True) if "band" in opened.dims else opened
    if min(da.shape) < 2:
        raise InputError(
            f"{path}: {da.shape[0]} x {da.shape[1]} pixels; a slope needs at least 2 x 2",
            field="FILE",
            value=str(path),
        )
    crs = da.rio.crs
    if crs is None:
        raise InputError(
            f"{path}: the DEM has no CRS; give a GeoTIFF with its coordinate system",
            field="FILE",
            value=str(path),
        )
    z = np.asarray(da.values, float)
    xres, yres = (abs(float(v)) for v in da.rio.resolution())
    if crs.is_geographic:
        lat = np.radians(np.asarray(da["y"].values, float))[:, None]
        w = np.sqrt(1.0 - _WGS84_E2 * np.sin(lat) ** 2)
        m_per_deg_lat = np.radians(1.0) * _WGS84_A_M * (1.0 - _WGS84_E2) / w**3
        m_per_deg_lon = np.radians(1.0) * _WGS84_A_M * np.cos(lat) / w
        dx, dy = xres * m_per_deg_lon, yres * m_per_deg_lat
    else:
        factor = crs.linear_units_factor[1] if crs.linear_units_factor else 1.0
        dx, dy = xres * factor, yres * factor
    slope = slope_deg(z, dx, dy)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    s_da = xr.DataArray(slope.astype(np.float32), coords=da.coords, dims=da.dims)
    s_da.attrs = {"units": "degree", "long_name": "terrain slope", "source": str(path)}
    s_da.rio.write_crs(crs, inplace=True).rio.write_nodata(np.nan, encoded=False, inplace=True)
    c_da = xr.DataArray(slope_classes(slope), coords=da.coords, dims=da.dims)
    c_da.attrs = {
        "units": "1",
        "long_name": "HLZ slope class: 0 <= 7 deg, 1 7-15 deg, 2 > 15 deg (FM 3-21.38)",
    }
    c_da.rio.write_crs(crs, inplace=True).rio.write_nodata(-1, encoded=False, inplace=True)
    tmps: dict[str, Path] = {}
    try:
        for key, arr in (("slope_deg", s_da), ("hlz_slope_class", c_da)):
            fd, name = tempfile.mkstemp(dir=out_dir, prefix=f".{paths[key].name}.", suffix=".tmp")
            os.close(fd)
            tmps[key] = Path(name)
            os.chmod(name, default_file_mode())  # not mkstemp's 0600
            arr.rio.to_raster(tmps[key], driver="COG", compress="DEFLATE")
        for key, tmp in tmps.items():
            os.replace(tmp, paths[key])
    finally:
        for tmp in tmps.values():
            tmp.unlink(missing_ok=True)
    return paths
