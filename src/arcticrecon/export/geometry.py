"""Geodesic circles as lon/lat polygons cut as RFC 7946 asks (pole inside, date line).

Interim home: H11G's geometry builders in :mod:`arcticrecon.geo` replace this module's
:func:`circle_polygon` once they land (see the COORD log); the writers only call
:func:`circle_polygon`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from arcticrecon.export.model import Circle

__all__ = ["circle_polygon"]

#: Vertices of a circle's ring (every 2° of azimuth: < 0.02 % radius error between them
#: at the radii of presence options, far below a screen pixel).
N_VERTICES = 180


def circle_polygon(circle: Circle, *, n_vertices: int = N_VERTICES) -> Any:
    """The geodesic circle as a shapely (Multi)Polygon in lon/lat, cut for RFC 7946.

    Vertices are the WGS 84 direct geodesic problem solved from the centre at equal
    azimuth steps (GeographicLib through :class:`pyproj.Geod`). A circle containing the
    North (or South) Pole becomes a polygon that follows the ring and closes along
    latitude ±90°, cut at the antimeridian (RFC 7946 §3.1.9); a circle crossing the
    antimeridian is cut into a MultiPolygon. Exterior rings are counter-clockwise
    (RFC 7946 §3.1.6).

    Parameters
    ----------
    circle : Circle
    n_vertices : int

    Returns
    -------
    shapely.geometry.Polygon or MultiPolygon

    References
    ----------
    .. [1] C. F. F. Karney, "Algorithms for geodesics," J. Geodesy 87 (2013) 43-55.
    .. [2] H. Butler et al., "The GeoJSON Format," RFC 7946, IETF, 2016.
    """
    from pyproj import Geod
    from shapely import set_precision
    from shapely.geometry import MultiPolygon, Polygon, box
    from shapely.geometry.polygon import orient
    from shapely.ops import unary_union

    geod = Geod(ellps="WGS84")
    az = np.linspace(0.0, 360.0, n_vertices, endpoint=False)
    lon, lat, _ = geod.fwd(
        np.full_like(az, circle.lon_deg),
        np.full_like(az, circle.lat_deg),
        az,
        np.full_like(az, circle.radius_m),
    )
    lon = np.rad2deg(np.unwrap(np.deg2rad(np.asarray(lon))))
    lat = np.asarray(lat)
    span = lon[-1] - lon[0] + (lon[1] - lon[0])
    pole = None
    for pole_lat in (90.0, -90.0):
        _a, _b, d_m = geod.inv(circle.lon_deg, circle.lat_deg, circle.lon_deg, pole_lat)
        if d_m < circle.radius_m:
            pole = pole_lat
    if pole is not None and abs(abs(span) - 360.0) < 1.0:
        step = 360.0 if lon[-1] > lon[0] else -360.0
        ring = [
            *zip(lon, lat, strict=True),
            (lon[0] + step, lat[0]),
            (lon[0] + step, pole),
            (lon[0], pole),
        ]
    else:
        ring = list(zip(lon, lat, strict=True))
    plane = Polygon(ring).buffer(0)
    pieces = []
    for k in (-2, -1, 0, 1, 2):
        part = plane.intersection(box(-180.0 + 360.0 * k, -90.0, 180.0 + 360.0 * k, 90.0))
        if not part.is_empty:
            from shapely import affinity

            # snap so that the two sides of the cut meet exactly and merge again
            pieces.append(set_precision(affinity.translate(part, xoff=-360.0 * k), 1e-9))
    merged = unary_union(pieces)
    polys = [g for g in getattr(merged, "geoms", [merged]) if g.geom_type == "Polygon"]
    polys = [orient(p, 1.0) for p in polys if p.area > 0]
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)
