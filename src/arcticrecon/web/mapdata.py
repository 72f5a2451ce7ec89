"""Base map for the page: the shipped coastline and graticule projected to EPSG:3413.

The browser receives coordinates already in metres of the NSIDC Sea Ice Polar
Stereographic North projection (EPSG:3413: true scale at 70°N, central meridian 45°W,
WGS 84), so the page draws them as SVG with no projection code and no tiles. The
coastline is the Natural Earth 1:50m outline shipped in ``arcticrecon/data`` (public
domain), the same one the HTML report draws.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import numpy as np

import arcticrecon.catalog  # noqa: F401  (imports sources in the order they need)
from arcticrecon.geo import to_polar_stereo

__all__ = ["MAP_EXTENT_M", "base_map", "project_m"]

#: Shown extent in EPSG:3413 [m]: (x_min, y_min, x_max, y_max) — Greenland with a margin,
#: the extent of :mod:`arcticrecon.report.svgmap`.
MAP_EXTENT_M: tuple[float, float, float, float] = (-800_000.0, -3_500_000.0, 950_000.0, -550_000.0)
#: Coordinates are rounded to this step [m] (well below one screen pixel of the map).
ROUND_M = 100.0


def project_m(*, lat_deg: Any, lon_deg: Any) -> tuple[np.ndarray, np.ndarray]:
    """EPSG:3413 easting and northing [m], rounded to :data:`ROUND_M`.

    Parameters
    ----------
    lat_deg, lon_deg : float or array_like, shape (n,)
        WGS 84 position. [deg]

    Returns
    -------
    x_m, y_m : ndarray, shape (n,)
        [m]

    Examples
    --------
    >>> x, y = project_m(lat_deg=64.19, lon_deg=-51.68)   # Nuuk
    >>> bool(MAP_EXTENT_M[0] < x[0] < MAP_EXTENT_M[2]), bool(MAP_EXTENT_M[1] < y[0] < MAP_EXTENT_M[3])
    (True, True)
    """
    x, y = to_polar_stereo(
        lat_deg=np.atleast_1d(np.asarray(lat_deg, dtype=float)),
        lon_deg=np.atleast_1d(np.asarray(lon_deg, dtype=float)),
    )
    return (
        np.round(np.asarray(x, dtype=float) / ROUND_M) * ROUND_M,
        np.round(np.asarray(y, dtype=float) / ROUND_M) * ROUND_M,
    )


def _line(lat: np.ndarray, lon: np.ndarray) -> list[list[float]]:
    x, y = project_m(lat_deg=lat, lon_deg=lon)
    return [[float(a), float(b)] for a, b in zip(x, y, strict=True)]


def _clipped(lat: np.ndarray, lon: np.ndarray) -> list[list[list[float]]]:
    """A graticule line cut to :data:`MAP_EXTENT_M` (a list of pieces)."""
    from shapely.geometry import LineString, box

    cut = LineString(_line(lat, lon)).intersection(box(*MAP_EXTENT_M))
    parts = getattr(cut, "geoms", [cut])
    return [[[round(x, 1), round(y, 1)] for x, y in p.coords] for p in parts if not p.is_empty]


@lru_cache(maxsize=1)
def base_map() -> dict[str, Any]:
    """The coastline rings and graticule lines in EPSG:3413 metres.

    Returns
    -------
    dict
        ``crs`` (``"EPSG:3413"``), ``extent_m`` ([x_min, y_min, x_max, y_max]),
        ``coastline`` (list of rings, each a list of [x_m, y_m]), ``graticule`` (list of
        {``label``, ``points``}, cut to the extent), ``source`` (attribution text).
    """
    from arcticrecon.sources.embedded import data_path  # after catalog: import order

    gj = json.loads(data_path("greenland_outline_ne_50m.geojson").read_text(encoding="utf-8"))
    rings: list[list[list[float]]] = []
    for feat in gj["features"]:
        geom = feat["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        for poly in polys:
            for ring in poly:
                arr = np.asarray(ring, dtype=float)
                rings.append(_line(arr[:, 1], arr[:, 0]))
    grat = []
    for lat_v in (60, 65, 70, 75, 80):
        lon = np.linspace(-80.0, 0.0, 81)
        for piece in _clipped(np.full_like(lon, lat_v), lon):
            grat.append({"label": f"{lat_v}°N", "points": piece})
    for lon_v in (-70, -60, -50, -40, -30, -20, -10):
        lat = np.linspace(58.0, 84.0, 27)
        for piece in _clipped(lat, np.full_like(lat, lon_v)):
            grat.append({"label": f"{-lon_v}°W", "points": piece})
    return {
        "crs": "EPSG:3413",
        "extent_m": list(MAP_EXTENT_M),
        "coastline": rings,
        "graticule": grat,
        "source": "Coastline: Natural Earth 1:50m (public domain); projection EPSG:3413",
    }
