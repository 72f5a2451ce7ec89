"""Land/sea mask for Greenland at 1 km (NOAA GLOBE via global-land-mask), shipped subset.

``landmask_greenland_globe_1km.npz`` is the 57-85° N, 77-8° W window of the
``global-land-mask`` package's mask (GLOBE 1-km DEM, NOAA, public domain; package MIT),
cut by ``tools/make_greenland_landmask.py`` at the same resolution and with the same
indexing rule, so :func:`is_land` returns what ``global_land_mask.globe.is_land`` returns
without decompressing the ~1 GB global mask on import.
"""

from __future__ import annotations

import functools

import numpy as np
from numpy.typing import ArrayLike, NDArray

import arcticrecon.catalog  # noqa: F401  (import first: sources <-> catalog import cycle)
from arcticrecon.errors import OutOfDomainError
from arcticrecon.sources.embedded import data_path

__all__ = ["LANDMASK_FILE", "is_land"]

LANDMASK_FILE = "landmask_greenland_globe_1km.npz"


@functools.lru_cache(maxsize=1)
def _mask() -> tuple[
    NDArray[np.bool_], NDArray[np.float64], NDArray[np.float64], dict[str, NDArray[np.float64]]
]:
    with np.load(data_path(LANDMASK_FILE)) as f:
        shape = tuple(int(x) for x in f["shape"])
        ocean = np.unpackbits(f["ocean_bits"], count=shape[0] * shape[1]).astype(bool)
        idx = {k: f[k] for k in ("global_lat01", "global_lon01", "offset")}
        return ~ocean.reshape(shape), f["lat"].astype(float), f["lon"].astype(float), idx


def is_land(lat_deg: ArrayLike, lon_deg: ArrayLike) -> NDArray[np.bool_]:
    """Whether points are land (1-km GLOBE mask, Greenland window).

    Parameters
    ----------
    lat_deg, lon_deg : float or ndarray, broadcastable
        Positions. [deg] Valid range: 57-85° N, 77-8° W.

    Returns
    -------
    ndarray of bool
        ``True`` on land (including the ice sheet).

    Raises
    ------
    OutOfDomainError
        If a point lies outside the shipped window.

    Examples
    --------
    >>> is_land([72.58, 64.0], [-38.45, -53.0]).tolist()   # Summit; Davis Strait
    [True, False]
    """
    mask, lat, lon, idx = _mask()
    la, lo = np.broadcast_arrays(np.asarray(lat_deg, dtype=float), np.asarray(lon_deg, dtype=float))
    bad = (
        (la > lat[0])
        | (la < lat[-1])
        | (lo < lon[0])
        | (lo > lon[-1])
        | np.isnan(la)
        | np.isnan(lo)
    )
    if bad.any():
        raise OutOfDomainError(
            f"land mask covers {lat[-1]:.2f}-{lat[0]:.2f} N and {lon[0]:.2f}-{lon[-1]:.2f} E only",
            field="lat_deg/lon_deg",
            mask=bad,
        )
    gla, glo, off = idx["global_lat01"], idx["global_lon01"], idx["offset"]
    i = ((la - gla[0]) / (gla[1] - gla[0])).astype(int) - int(off[0])
    j = ((lo - glo[0]) / (glo[1] - glo[0])).astype(int) - int(off[1])
    result: NDArray[np.bool_] = mask[
        np.clip(i, 0, mask.shape[0] - 1), np.clip(j, 0, mask.shape[1] - 1)
    ]
    return result
