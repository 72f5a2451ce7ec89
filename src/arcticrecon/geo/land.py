"""Land and sea: the Greenland coastline and a global land mask for route checks.

Two independent sources, so a sea route can be checked against both:

- Greenland's outline at 1:10m from Natural Earth Admin-0 v4.1.0 (public domain), shipped
  as ``data/greenland_outline_ne_10m.geojson`` (see ``data/README.md``);
- the ``global-land-mask`` package: a 1 km (30 arc-second) land/sea grid derived from the
  GLOBE digital elevation model (NOAA NGDC), used for all other land.

Polylines are densified along geodesics (pyproj ``Geod.npts``) before sampling, so a long
straight segment cannot jump over a peninsula.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticrecon.errors import DataSourceError
from arcticrecon.geo.geodesic import WGS84, check_lat_lon

__all__ = [
    "GREENLAND_OUTLINE_FILE",
    "densify_geodesic",
    "greenland_outline",
    "is_land",
    "land_length_m",
]

GREENLAND_OUTLINE_FILE = "greenland_outline_ne_10m.geojson"


def _data_file(name: str) -> Path:
    # importlib.resources directly: arcticrecon.sources imports the catalogue, which
    # would make geo -> sources -> catalog circular when geo is imported first
    return Path(str(resources.files("arcticrecon") / "data" / name))


@lru_cache(maxsize=1)
def greenland_outline() -> Any:
    """Greenland's land outline (Natural Earth 1:10m) as a prepared shapely MultiPolygon.

    Coordinates are (lon, lat) inside shapely, as GeoJSON requires.

    Raises
    ------
    DataSourceError
        If the shipped GeoJSON is missing or malformed.
    """
    import shapely
    from shapely.geometry import shape

    path = _data_file(GREENLAND_OUTLINE_FILE)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        feats = doc["features"] if doc.get("type") == "FeatureCollection" else [doc]
        geom = shapely.union_all([shape(f["geometry"]) for f in feats])
    except (OSError, KeyError, ValueError, TypeError) as err:
        raise DataSourceError(f"Greenland outline {path} is unreadable: {err}") from err
    shapely.prepare(geom)
    return geom


def is_land(*, lat_deg: ArrayLike, lon_deg: ArrayLike, source: str = "globe") -> NDArray[np.bool_]:
    """Whether points are on land.

    Parameters
    ----------
    lat_deg, lon_deg : float or ndarray, shape (n,)
        Positions. [deg]
    source : {"globe", "greenland"}
        ``"globe"``: the ``global-land-mask`` 1 km grid (worldwide); ``"greenland"``:
        inside the Natural Earth 1:10m Greenland outline (ice sheet included).

    Returns
    -------
    ndarray of bool, shape (n,)

    Examples
    --------
    >>> is_land(lat_deg=[72.0, 60.0], lon_deg=[-40.0, -40.0]).tolist()
    [True, False]
    """
    lat = np.atleast_1d(np.asarray(lat_deg, dtype=float))
    lon = np.atleast_1d(np.asarray(lon_deg, dtype=float))
    check_lat_lon(lat, lon)
    if source == "greenland":
        import shapely

        return np.asarray(shapely.contains_xy(greenland_outline(), lon, lat), dtype=bool)
    from global_land_mask import globe

    return np.asarray(globe.is_land(lat, lon), dtype=bool)


def densify_geodesic(
    *, lat_deg: ArrayLike, lon_deg: ArrayLike, step_m: float = 1000.0
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Insert points along each geodesic segment of a polyline, at most ``step_m`` apart.

    Parameters
    ----------
    lat_deg, lon_deg : ndarray, shape (n,)
        Polyline vertices. [deg]
    step_m : float
        Largest spacing of the result. [m]

    Returns
    -------
    lat_deg, lon_deg : ndarray, shape (m,)
        The densified polyline (original vertices kept). [deg]
    """
    lat = np.asarray(lat_deg, dtype=float)
    lon = np.asarray(lon_deg, dtype=float)
    out_lat: list[float] = [float(lat[0])]
    out_lon: list[float] = [float(lon[0])]
    for i in range(len(lat) - 1):
        _, _, d = WGS84.inv(lon[i], lat[i], lon[i + 1], lat[i + 1])
        n = int(np.ceil(d / step_m)) - 1
        if n > 0:
            pts = WGS84.npts(lon[i], lat[i], lon[i + 1], lat[i + 1], n)
            out_lon.extend(p[0] for p in pts)
            out_lat.extend(p[1] for p in pts)
        out_lat.append(float(lat[i + 1]))
        out_lon.append(float(lon[i + 1]))
    return np.asarray(out_lat), np.asarray(out_lon)


def land_length_m(
    *,
    lat_deg: ArrayLike,
    lon_deg: ArrayLike,
    source: str = "globe",
    step_m: float = 1000.0,
) -> float:
    """Length of a polyline that lies on land (sampled every ``step_m``). [m]

    Parameters
    ----------
    lat_deg, lon_deg : ndarray, shape (n,)
        Polyline vertices. [deg]
    source : {"globe", "greenland"}
        Land source, see :func:`is_land`.
    step_m : float
        Sampling step; the result is a multiple of about this. [m]

    Returns
    -------
    float
        Approximate length over land. [m]
    """
    lat, lon = densify_geodesic(lat_deg=lat_deg, lon_deg=lon_deg, step_m=step_m)
    if len(lat) < 2:
        return 0.0
    mid_lat = (lat[:-1] + lat[1:]) / 2.0
    mid_lon = (lon[:-1] + lon[1:]) / 2.0
    _, _, seg = WGS84.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    land = is_land(lat_deg=mid_lat, lon_deg=mid_lon, source=source)
    return float(np.sum(np.asarray(seg)[land]))
