"""Look angles to a geostationary (GEO) communications satellite, and their masks.

North of about 81°N a geostationary satellite sits below the horizon from every
longitude: GEO satcom is lost, a real planning factor for Pituffik, Station Nord and the
north coast of Greenland. A terminal also needs a margin above the horizon (terrain,
ice, multipath, antenna pattern): 5° is the customary minimum operational elevation
(ITU-R Recommendation S.1503-3 and most VSAT link budgets use 5°–10°).

Two formulas are given:

* :func:`geo_look_angles` — exact geometry on the WGS 84 ellipsoid: the observer's
  Earth-centred, Earth-fixed (ECEF) position from its geodetic coordinates, the
  satellite on the equatorial plane at the geostationary radius, and the line of sight
  projected on the local east/north/up axes. This is the method of Soler and
  Eisemann [1]_ (also Pratt, Bostian and Allnutt [2]_, §2.2, "look angle
  determination"), and what skyfield computes for a topocentric observer.
* :func:`geo_elevation_spherical_deg` — the textbook spherical-Earth formula
  ``El = arctan[(cos γ − R_E/r_s) / sin γ]``, ``cos γ = cos φ cos Δλ`` [2]_ [3]_,
  which ignores the Earth's flattening (up to ~0.2° at high latitude); kept for
  readers who check the numbers by hand.

Constants
---------
GEO_RADIUS_M = 42 164 172 m is the radius of the geostationary orbit,
``(GM / ω²)^(1/3)`` with GM = 3.986004418e14 m³/s² (WGS 84 / IERS 2010) and
ω = 7.2921150e-5 rad/s (Earth's sidereal rotation rate, IERS 2010), as in [3]_
(42 164 km).

References
----------
.. [1] T. Soler and D. W. Eisemann, "Determination of look angles to geostationary
   communication satellites," J. Surveying Engineering, vol. 120, no. 3, pp. 115-127,
   1994, doi:10.1061/(ASCE)0733-9453(1994)120:3(115).
.. [2] T. Pratt, C. Bostian and J. Allnutt, *Satellite Communications*, 2nd ed., Wiley,
   2003, §2.2 "Look angle determination" (elevation and azimuth to a GEO satellite).
.. [3] G. Maral and M. Bousquet, *Satellite Communications Systems*, 5th ed., Wiley,
   2009, §2.2 (geostationary orbit radius 42 164 km) and §8.3 (elevation angle).
.. [4] National Imagery and Mapping Agency, "Department of Defense World Geodetic
   System 1984," TR8350.2, 3rd ed., 2000 (a = 6 378 137 m, 1/f = 298.257223563).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticrecon.errors import OutOfDomainError
from arcticrecon.geo.geodesic import check_lat_lon

__all__ = [
    "DEFAULT_GEO_LON_DEG",
    "GEO_RADIUS_M",
    "MIN_ELEVATION_DEG",
    "GeoLookAngles",
    "geo_elevation_deg",
    "geo_elevation_spherical_deg",
    "geo_look_angles",
    "geo_visibility_limit_lat_deg",
    "satcom_masks",
]

#: Geostationary orbit radius [m]: (GM / omega^2)^(1/3), GM = 3.986004418e14 m^3/s^2,
#: omega = 7.2921150e-5 rad/s (IERS Conventions 2010); Maral & Bousquet §2.2: 42 164 km.
GEO_RADIUS_M = 42_164_172.0
#: Default sub-satellite longitude [deg east]: 30°W (e.g. Hispasat 30W / Intelsat at
#: 30°W, the slots that serve Greenland from the Atlantic arc).
DEFAULT_GEO_LON_DEG = -30.0
#: Minimum operational elevation of a ground terminal [deg] (customary 5°; ITU-R S.1503).
MIN_ELEVATION_DEG = 5.0

_WGS84_A_M = 6_378_137.0  # NIMA TR8350.2
_WGS84_F = 1.0 / 298.257223563  # NIMA TR8350.2
_WGS84_E2 = _WGS84_F * (2.0 - _WGS84_F)
_MEAN_EARTH_RADIUS_M = 6_371_008.8  # IUGG mean radius R1 = (2a + b) / 3 of WGS 84


@dataclass(frozen=True)
class GeoLookAngles:
    """Look angles from ground points to one geostationary satellite.

    Attributes
    ----------
    elevation_deg : ndarray, shape of the broadcast inputs
        Geometric elevation of the satellite above the local horizon (the plane normal
        to the WGS 84 ellipsoid normal), -90..90; no refraction. [deg]
    azimuth_deg : ndarray, same shape
        Azimuth clockwise from true north, 0..360. [deg]
    slant_range_m : ndarray, same shape
        Straight-line distance from the point to the satellite. [m]
    """

    elevation_deg: NDArray[np.float64]
    azimuth_deg: NDArray[np.float64]
    slant_range_m: NDArray[np.float64]


def _check_sat_lon(sat_lon_deg: float) -> float:
    v = float(sat_lon_deg)
    if not np.isfinite(v) or abs(v) > 180.0:
        raise OutOfDomainError(
            f"satellite longitude {sat_lon_deg} deg is outside -180..180; give the "
            "sub-satellite longitude in degrees east (30°W = -30)",
            field="sat_lon_deg",
            value=sat_lon_deg,
            valid_range=(-180, 180),
        )
    return v


def geo_look_angles(
    *,
    lat_deg: ArrayLike,
    lon_deg: ArrayLike,
    sat_lon_deg: float = DEFAULT_GEO_LON_DEG,
    height_m: ArrayLike = 0.0,
) -> GeoLookAngles:
    """Elevation, azimuth and range to a geostationary satellite on WGS 84 (vectorised).

    Parameters
    ----------
    lat_deg, lon_deg : float or array_like, any broadcastable shapes
        Geodetic WGS 84 latitude -90..90 and longitude -180..180 of the ground points.
        [deg]
    sat_lon_deg : float, optional
        Sub-satellite longitude, degrees east (default -30 = 30°W). [deg]
    height_m : float or array_like, optional
        Height of the terminal above the ellipsoid (default 0). [m]

    Returns
    -------
    GeoLookAngles
        ``elevation_deg``, ``azimuth_deg``, ``slant_range_m``, each of the broadcast
        shape of the inputs.

    Raises
    ------
    OutOfDomainError
        If a latitude or longitude is out of range or not finite (``err.mask`` marks
        which), or ``sat_lon_deg`` is outside -180..180.

    Notes
    -----
    Observer ECEF position (TR8350.2 [4]_): ``N = a / sqrt(1 - e² sin² φ)``,
    ``r = ((N + h) cos φ cos λ, (N + h) cos φ sin λ, (N (1 - e²) + h) sin φ)``. Satellite:
    ``s = r_GEO (cos λ_s, sin λ_s, 0)``. With ``d = s - r``, the elevation is
    ``asin(d·u / |d|)`` with ``u`` the ellipsoid normal, and the azimuth
    ``atan2(d·e, d·n)`` with ``e``, ``n`` the local east and north unit vectors [1]_.
    The geostationary satellite is taken as fixed at its nominal slot (station-keeping
    boxes are ±0.05°-0.1°, negligible here).

    Examples
    --------
    >>> la = geo_look_angles(lat_deg=0.0, lon_deg=-30.0)
    >>> round(float(la.elevation_deg), 6), round(float(la.slant_range_m) / 1e3, 1)
    (90.0, 35786.0)
    >>> la = geo_look_angles(lat_deg=64.18, lon_deg=-51.72)   # Nuuk, 30°W satellite
    >>> round(float(la.elevation_deg), 1), round(float(la.azimuth_deg), 1)
    (15.5, 156.1)
    """
    check_lat_lon(lat_deg, lon_deg, what="satcom point")
    sat_lon = np.radians(_check_sat_lon(sat_lon_deg))
    phi, lam, h = np.broadcast_arrays(
        np.radians(np.asarray(lat_deg, dtype=float)),
        np.radians(np.asarray(lon_deg, dtype=float)),
        np.asarray(height_m, dtype=float),
    )
    sphi, cphi = np.sin(phi), np.cos(phi)
    # longitude relative to the satellite: the geometry only depends on the difference
    dlam = lam - sat_lon
    sdl, cdl = np.sin(dlam), np.cos(dlam)
    n_rad = _WGS84_A_M / np.sqrt(1.0 - _WGS84_E2 * sphi**2)
    # observer in a frame rotated so that the satellite lies on the x axis
    ox = (n_rad + h) * cphi * cdl
    oy = (n_rad + h) * cphi * sdl
    oz = (n_rad * (1.0 - _WGS84_E2) + h) * sphi
    dx, dy, dz = GEO_RADIUS_M - ox, -oy, -oz
    rng = np.sqrt(dx * dx + dy * dy + dz * dz)
    # local up (ellipsoid normal), east and north in the same rotated frame
    up = cphi * cdl * dx + cphi * sdl * dy + sphi * dz
    east = -sdl * dx + cdl * dy
    north = -sphi * cdl * dx - sphi * sdl * dy + cphi * dz
    el = np.degrees(np.arcsin(np.clip(up / rng, -1.0, 1.0)))
    az = np.mod(np.degrees(np.arctan2(east, north)), 360.0)
    return GeoLookAngles(elevation_deg=el, azimuth_deg=az, slant_range_m=rng)


def geo_elevation_deg(
    *,
    lat_deg: ArrayLike,
    lon_deg: ArrayLike,
    sat_lon_deg: float = DEFAULT_GEO_LON_DEG,
    height_m: ArrayLike = 0.0,
) -> Any:
    """Elevation angle to a geostationary satellite on WGS 84 [deg]; see :func:`geo_look_angles`.

    Parameters
    ----------
    lat_deg, lon_deg : float or array_like
        Geodetic latitude and longitude of the ground points. [deg]
    sat_lon_deg : float, optional
        Sub-satellite longitude, degrees east (default -30). [deg]
    height_m : float or array_like, optional
        Terminal height above the ellipsoid. [m]

    Returns
    -------
    elevation_deg : float or ndarray, broadcast shape of the inputs
        Geometric elevation (a Python float for scalar inputs). [deg]

    Raises
    ------
    OutOfDomainError
        As :func:`geo_look_angles`.

    Examples
    --------
    >>> round(geo_elevation_deg(lat_deg=76.53, lon_deg=-68.70), 2)   # Pituffik
    1.81
    """
    el = geo_look_angles(
        lat_deg=lat_deg, lon_deg=lon_deg, sat_lon_deg=sat_lon_deg, height_m=height_m
    ).elevation_deg
    return float(el) if np.ndim(el) == 0 else el


def geo_elevation_spherical_deg(
    *, lat_deg: ArrayLike, lon_deg: ArrayLike, sat_lon_deg: float = DEFAULT_GEO_LON_DEG
) -> Any:
    """Textbook spherical-Earth elevation to a geostationary satellite [deg].

    ``cos γ = cos φ cos(λ - λ_s)``; ``El = atan2(cos γ - R_E / r_GEO, sin γ)`` with
    ``R_E`` = 6 371 008.8 m (IUGG mean radius) and ``r_GEO`` = :data:`GEO_RADIUS_M`
    (Pratt, Bostian & Allnutt §2.2; Maral & Bousquet §8.3).

    Parameters
    ----------
    lat_deg, lon_deg : float or array_like
        Latitude and longitude of the ground points. [deg]
    sat_lon_deg : float, optional
        Sub-satellite longitude, degrees east (default -30). [deg]

    Returns
    -------
    elevation_deg : float or ndarray, broadcast shape of the inputs
        Elevation on a spherical Earth. [deg] Differs from :func:`geo_elevation_deg`
        by up to ~0.2° (flattening) at high latitudes.

    Raises
    ------
    OutOfDomainError
        If a coordinate or the satellite longitude is out of range.

    Examples
    --------
    >>> round(geo_elevation_spherical_deg(lat_deg=0.0, lon_deg=-30.0), 6)
    90.0
    """
    check_lat_lon(lat_deg, lon_deg, what="satcom point")
    sat_lon = _check_sat_lon(sat_lon_deg)
    phi = np.radians(np.asarray(lat_deg, dtype=float))
    dlam = np.radians(np.asarray(lon_deg, dtype=float) - sat_lon)
    cos_g = np.clip(np.cos(phi) * np.cos(dlam), -1.0, 1.0)
    sin_g = np.sqrt(1.0 - cos_g**2)
    el = np.degrees(np.arctan2(cos_g - _MEAN_EARTH_RADIUS_M / GEO_RADIUS_M, sin_g))
    return float(el) if np.ndim(el) == 0 else el


def satcom_masks(
    elevation_deg: ArrayLike, *, min_elevation_deg: float = MIN_ELEVATION_DEG
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Masks of points where GEO satcom is marginal or lost.

    Parameters
    ----------
    elevation_deg : array_like, any shape
        Elevation to the satellite, e.g. from :func:`geo_elevation_deg`. [deg]
    min_elevation_deg : float, optional
        Minimum operational elevation (default 5°, see module notes). [deg]

    Returns
    -------
    below_min : ndarray of bool, same shape
        Elevation below ``min_elevation_deg`` (includes below the horizon).
    below_horizon : ndarray of bool, same shape
        Elevation below 0°: the satellite cannot be seen at all.

    Raises
    ------
    OutOfDomainError
        If an elevation is NaN or outside -90..90, or ``min_elevation_deg`` outside 0..90.

    Examples
    --------
    >>> lo, gone = satcom_masks([10.0, 3.0, -1.0])
    >>> lo.tolist(), gone.tolist()
    ([False, True, True], [False, False, True])
    """
    el = np.asarray(elevation_deg, dtype=float)
    bad = ~np.isfinite(el) | (np.abs(el) > 90.0)
    if bad.any():
        raise OutOfDomainError(
            f"elevation {el[bad].flat[0]} deg is outside -90..90",
            field="elevation_deg",
            value=float(el[bad].flat[0]),
            valid_range=(-90, 90),
            mask=bad,
        )
    if not 0.0 <= float(min_elevation_deg) <= 90.0:
        raise OutOfDomainError(
            f"minimum elevation {min_elevation_deg} deg is outside 0..90",
            field="min_elevation_deg",
            value=min_elevation_deg,
            valid_range=(0, 90),
        )
    return el < float(min_elevation_deg), el < 0.0


def geo_visibility_limit_lat_deg(
    *,
    lon_deg: float,
    sat_lon_deg: float = DEFAULT_GEO_LON_DEG,
    min_elevation_deg: float = 0.0,
) -> float:
    """Northernmost latitude at a longitude where the satellite is at ``min_elevation_deg``.

    Parameters
    ----------
    lon_deg : float
        Longitude of the meridian. [deg]
    sat_lon_deg : float, optional
        Sub-satellite longitude (default -30). [deg]
    min_elevation_deg : float, optional
        Elevation of the limit (0 = horizon, 5 = operational minimum). [deg]

    Returns
    -------
    lat_deg : float
        Latitude north of which the elevation is below ``min_elevation_deg`` along that
        meridian (elevation falls monotonically northwards from the equator), or NaN if
        the elevation is already below the limit at the equator. [deg]

    Raises
    ------
    OutOfDomainError
        If a longitude is out of range.

    Examples
    --------
    >>> round(geo_visibility_limit_lat_deg(lon_deg=-30.0), 2)   # under the satellite
    81.33
    """
    from scipy.optimize import brentq

    lon = float(lon_deg)
    check_lat_lon(0.0, lon, what="satcom meridian")
    target = float(min_elevation_deg)

    def f(lat: float) -> float:
        return float(geo_elevation_deg(lat_deg=lat, lon_deg=lon, sat_lon_deg=sat_lon_deg)) - target

    if f(0.0) < 0.0:
        return float("nan")
    return float(brentq(f, 0.0, 90.0, xtol=1e-9))
