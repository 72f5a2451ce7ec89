"""Map projections: NSIDC Sea Ice Polar Stereographic North (EPSG:3413) for Greenland maps.

Transformers are built with ``always_xy=True`` so that the lon/lat order is explicit and
never taken from the CRS's authority axis order (EPSG:4326 is latitude-first by authority
and EPSG:3413's axes both point "south"). Callers pass ``lat_deg=``/``lon_deg=`` keywords.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from pyproj import Transformer

from arcticrecon.geo.geodesic import check_lat_lon

__all__ = ["POLAR_CRS", "from_polar_stereo", "to_polar_stereo"]

POLAR_CRS = "EPSG:3413"  # WGS 84 / NSIDC Sea Ice Polar Stereographic North, lon_0 = -45


@lru_cache(maxsize=4)
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def to_polar_stereo(*, lat_deg: ArrayLike, lon_deg: ArrayLike) -> tuple[Any, Any]:
    """WGS 84 degrees to EPSG:3413 easting/northing [m].

    Examples
    --------
    >>> x, y = to_polar_stereo(lat_deg=71.0, lon_deg=-45.0)
    >>> round(x, 2), round(y, 2)
    (0.0, -2076527.85)
    """
    check_lat_lon(lat_deg, lon_deg)
    x, y = _transformer("EPSG:4326", POLAR_CRS).transform(
        np.asarray(lon_deg, float), np.asarray(lat_deg, float)
    )
    if np.ndim(x) == 0:
        return float(x) + 0.0, float(y) + 0.0
    return np.asarray(x), np.asarray(y)


def from_polar_stereo(*, x_m: ArrayLike, y_m: ArrayLike) -> tuple[Any, Any]:
    """EPSG:3413 easting/northing [m] back to (lat_deg, lon_deg)."""
    lon, lat = _transformer(POLAR_CRS, "EPSG:4326").transform(
        np.asarray(x_m, float), np.asarray(y_m, float)
    )
    if np.ndim(lat) == 0:
        return float(lat), float(lon)
    return np.asarray(lat), np.asarray(lon)
