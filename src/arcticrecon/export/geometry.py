"""Geodesic circles for the exports: the RFC 7946 lon/lat polygon of :mod:`arcticrecon.geo`.

One call, :func:`circle_polygon`, used by the builders and the NVG reader; the geometry is
H11G's :func:`arcticrecon.geo.circle_lonlat_geometry` (GeographicLib vertices at most
2 km apart, cut at the antimeridian and closed along the pole as RFC 7946 asks).
"""

from __future__ import annotations

from typing import Any

from arcticrecon.export.model import Circle

__all__ = ["circle_polygon"]


def circle_polygon(circle: Circle) -> Any:
    """The geodesic circle as a shapely (Multi)Polygon in lon/lat, cut for RFC 7946.

    Parameters
    ----------
    circle : Circle

    Returns
    -------
    shapely.geometry.Polygon or MultiPolygon
        Counter-clockwise exterior rings; a circle containing a pole is closed along
        latitude ±90° and cut at 180°; one crossing 180° is split in two.
    """
    from arcticrecon.geo import circle_lonlat_geometry

    return circle_lonlat_geometry(
        lat_deg=circle.lat_deg, lon_deg=circle.lon_deg, radius_m=circle.radius_m
    )
