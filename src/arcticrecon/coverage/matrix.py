"""The MCLP coverage matrix: which demand points lie within the radius of which sites.

Exact on the WGS 84 ellipsoid: pairs are screened with the spherical distance and only
those near the radius are decided by the geodesic (see :func:`coverage_matrix`).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticrecon.errors import InputError
from arcticrecon.geo import check_lat_lon, geodesic_distance_m

__all__ = ["check_radius", "coverage_matrix"]

# Spherical (mean-radius) distance vs. WGS 84 geodesic: the ratio lies between the extreme
# radii of curvature over the mean radius, 6335.439/6371.009 = 0.9944 (meridian at the
# equator) and 6399.594/6371.009 = 1.0045 (at the poles) (NGA.STND.0036, WGS 84 a, f).
# Pairs whose spherical distance is more than 1 % away from the radius are decided by it;
# only the pairs in the band get the exact geodesic.
_MEAN_RADIUS_M = 6_371_008.8  # IUGG mean radius R1 = (2a + b)/3 of WGS 84
_SPHERE_BAND = 0.01


def coverage_matrix(
    *,
    demand_lat_deg: ArrayLike,
    demand_lon_deg: ArrayLike,
    cand_lat_deg: ArrayLike,
    cand_lon_deg: ArrayLike,
    radius_m: float,
) -> NDArray[np.bool_]:
    """Which demand points lie within ``radius_m`` (WGS 84 geodesic) of which candidates.

    Parameters
    ----------
    demand_lat_deg, demand_lon_deg : array_like, shape (n_demand,)
        Demand positions [deg], WGS 84.
    cand_lat_deg, cand_lon_deg : array_like, shape (n_cand,)
        Candidate site positions [deg], WGS 84.
    radius_m : float
        Coverage radius [m], > 0. A point exactly on the radius is covered.

    Returns
    -------
    covers : ndarray of bool, shape (n_demand, n_cand)

    Raises
    ------
    InputError
        If the arrays disagree in shape or the radius is not positive and finite.
    OutOfDomainError
        If a latitude or longitude is out of range.

    Notes
    -----
    Exact: a pair is first screened with the spherical (haversine) distance on the mean
    radius 6,371,008.8 m, whose ratio to the WGS 84 geodesic lies in 0.9944-1.0045 (the
    extreme radii of curvature); only pairs within 1 % of the radius are decided by the
    geodesic (:func:`arcticrecon.geo.geodesic_distance_m`, Karney 2013).

    Examples
    --------
    Nuuk airport to Pituffik is 1504.05 km (GeographicLib):

    >>> coverage_matrix(demand_lat_deg=[76.531203], demand_lon_deg=[-68.703161],
    ...                 cand_lat_deg=[64.190922], cand_lon_deg=[-51.678064],
    ...                 radius_m=1_504_100.0).tolist()
    [[True]]
    """
    d_lat = np.atleast_1d(np.asarray(demand_lat_deg, dtype=float))
    d_lon = np.atleast_1d(np.asarray(demand_lon_deg, dtype=float))
    c_lat = np.atleast_1d(np.asarray(cand_lat_deg, dtype=float))
    c_lon = np.atleast_1d(np.asarray(cand_lon_deg, dtype=float))
    if d_lat.shape != d_lon.shape or d_lat.ndim != 1:
        raise InputError(
            f"demand latitude shape {d_lat.shape} and longitude shape {d_lon.shape} must be "
            "equal 1-D shapes; pass one value per demand point",
            field="demand_lat_deg",
        )
    if c_lat.shape != c_lon.shape or c_lat.ndim != 1:
        raise InputError(
            f"candidate latitude shape {c_lat.shape} and longitude shape {c_lon.shape} must "
            "be equal 1-D shapes; pass one value per candidate site",
            field="cand_lat_deg",
        )
    check_radius(radius_m)
    check_lat_lon(d_lat, d_lon, what="demand point")
    check_lat_lon(c_lat, c_lon, what="candidate site")
    p1, l1 = np.radians(d_lat)[:, None], np.radians(d_lon)[:, None]
    p2, l2 = np.radians(c_lat)[None, :], np.radians(c_lon)[None, :]
    hav = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    sphere_m = 2 * _MEAN_RADIUS_M * np.arcsin(np.sqrt(np.clip(hav, 0.0, 1.0)))
    covers = sphere_m <= radius_m * (1 - _SPHERE_BAND)
    band = np.abs(sphere_m - radius_m) <= radius_m * _SPHERE_BAND
    if band.any():
        ii, jj = np.nonzero(band)
        exact_m = geodesic_distance_m(
            lat1_deg=d_lat[ii], lon1_deg=d_lon[ii], lat2_deg=c_lat[jj], lon2_deg=c_lon[jj]
        )
        covers[ii, jj] = np.asarray(exact_m) <= radius_m
    result: NDArray[np.bool_] = covers
    return result


def check_radius(radius_m: float) -> None:
    """Raise :class:`InputError` unless the coverage radius is finite and > 0. [m]"""
    if not (math.isfinite(float(radius_m)) and float(radius_m) > 0):
        raise InputError(
            f"coverage radius {radius_m} m must be finite and > 0; give a positive speed "
            "and response time",
            field="radius_m",
            value=radius_m,
            valid_range="> 0",
        )
