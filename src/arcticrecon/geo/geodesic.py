"""Geodesics on the WGS 84 ellipsoid — the one wrapper around ``pyproj.Geod``.

pyproj's ``Geod.inv`` implements C. F. F. Karney, "Algorithms for geodesics",
J. Geodesy 87 (2013) 43-55, doi:10.1007/s00190-012-0578-z (GeographicLib), accurate to
~15 nm. Latitude and longitude are passed by keyword everywhere in arcticrecon; this module
is the only place that turns them into pyproj's lon-first argument order.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import Geod

from arcticrecon.errors import OutOfDomainError

__all__ = [
    "WGS84",
    "check_lat_lon",
    "geodesic_distance_m",
    "geodesic_inverse",
    "pairwise_distance_m",
]

WGS84 = Geod(ellps="WGS84")


def check_lat_lon(lat_deg: ArrayLike, lon_deg: ArrayLike, *, what: str = "position") -> None:
    """Raise :class:`OutOfDomainError` unless -90 <= lat <= 90 and -180 <= lon <= 180.

    Non-finite values are refused too. ``err.mask`` marks the offending elements.
    """
    lat = np.asarray(lat_deg, dtype=float)
    lon = np.asarray(lon_deg, dtype=float)
    bad_lat = ~np.isfinite(lat) | (np.abs(lat) > 90)
    if bad_lat.any():
        v = lat[bad_lat].flat[0] if lat.ndim else float(lat)
        raise OutOfDomainError(
            f"{what}: latitude {v} deg is outside -90..90",
            field="lat_deg",
            value=float(v),
            valid_range=(-90, 90),
            mask=bad_lat,
        )
    bad_lon = ~np.isfinite(lon) | (np.abs(lon) > 180)
    if bad_lon.any():
        v = lon[bad_lon].flat[0] if lon.ndim else float(lon)
        raise OutOfDomainError(
            f"{what}: longitude {v} deg is outside -180..180",
            field="lon_deg",
            value=float(v),
            valid_range=(-180, 180),
            mask=bad_lon,
        )


def geodesic_inverse(
    *, lat1_deg: ArrayLike, lon1_deg: ArrayLike, lat2_deg: ArrayLike, lon2_deg: ArrayLike
) -> tuple[Any, Any, Any]:
    """Distance and azimuths between points on WGS 84 (broadcasting arrays).

    Parameters
    ----------
    lat1_deg, lon1_deg, lat2_deg, lon2_deg : float or ndarray
        Start and end positions [deg]; arrays broadcast against each other.

    Returns
    -------
    distance_m : float or ndarray
        Geodesic distance [m].
    initial_course_deg : float or ndarray
        Forward azimuth at the start, -180..180 [deg] clockwise from true north.
    final_course_deg : float or ndarray
        Forward azimuth at the end, -180..180 [deg].

    Raises
    ------
    OutOfDomainError
        If a latitude or longitude is out of range.

    Examples
    --------
    Nuuk (BGGH) to Pituffik (BGTL), GeographicLib: 1504.05 km, initial course -17.03 deg.

    >>> d, az, _ = geodesic_inverse(lat1_deg=64.190922, lon1_deg=-51.678064,
    ...                             lat2_deg=76.531203, lon2_deg=-68.703161)
    >>> round(d / 1000, 2), round(az, 2)
    (1504.05, -17.03)
    """
    arrays = np.broadcast_arrays(
        np.asarray(lat1_deg, float),
        np.asarray(lon1_deg, float),
        np.asarray(lat2_deg, float),
        np.asarray(lon2_deg, float),
    )
    check_lat_lon(arrays[0], arrays[1], what="start")
    check_lat_lon(arrays[2], arrays[3], what="end")
    la1, lo1, la2, lo2 = (np.ascontiguousarray(a, dtype=float) for a in arrays)
    az12, az21, dist = WGS84.inv(lo1, la1, lo2, la2)
    final = (np.asarray(az21) + 360.0) % 360.0 - 180.0  # back azimuth -> forward at end
    if arrays[0].ndim == 0:
        return float(np.ravel(dist)[0]), float(np.ravel(az12)[0]), float(np.ravel(final)[0])
    return np.asarray(dist), np.asarray(az12), final


def geodesic_distance_m(
    *, lat1_deg: ArrayLike, lon1_deg: ArrayLike, lat2_deg: ArrayLike, lon2_deg: ArrayLike
) -> Any:
    """Geodesic distance on WGS 84 [m]; see :func:`geodesic_inverse`."""
    return geodesic_inverse(
        lat1_deg=lat1_deg, lon1_deg=lon1_deg, lat2_deg=lat2_deg, lon2_deg=lon2_deg
    )[0]


def pairwise_distance_m(
    *, lat1_deg: ArrayLike, lon1_deg: ArrayLike, lat2_deg: ArrayLike, lon2_deg: ArrayLike
) -> NDArray[np.float64]:
    """Distance matrix [m], shape (n1, n2), between two 1-D sets of points."""
    a_lat = np.asarray(lat1_deg, float)[:, None]
    a_lon = np.asarray(lon1_deg, float)[:, None]
    b_lat = np.asarray(lat2_deg, float)[None, :]
    b_lon = np.asarray(lon2_deg, float)[None, :]
    return np.asarray(
        geodesic_distance_m(lat1_deg=a_lat, lon1_deg=a_lon, lat2_deg=b_lat, lon2_deg=b_lon)
    )
