"""GeoJSON geometry that follows RFC 7946: cut at the antimeridian, poles closed, CCW rings.

RFC 7946 (H. Butler et al., "The GeoJSON Format", IETF, 2016) asks that

- §3.1.9: a geometry crossing the antimeridian is cut in two (or more) parts, each with
  longitudes in -180..180, so that no edge spans more than 180° of longitude;
- §3.1.6: polygon exterior rings are counter-clockwise, holes clockwise (right-hand rule);
- §5.2/§5.3: a bounding box crossing the antimeridian has west > east; one containing a
  pole spans -180..180 and reaches that pole's latitude;
- §11.2: six decimal places (about 10 cm) are enough for coordinates.

A polygon containing a pole cannot be drawn in longitude/latitude without touching the
antimeridian: it is cut there and closed along the antimeridian and the pole, i.e. its
ring runs ``(-180, lat_a) … (180, lat_a), (180, 90), (-180, 90)`` (the form GDAL, QGIS and
the ``antimeridian`` package use). The cutting is done by the ``antimeridian`` package
(P. Gadomski, Apache-2.0). Crossing latitudes are interpolated linearly in (unwrapped)
longitude, since RFC 7946 §3.1.1 takes an edge to be a straight line in longitude/latitude;
on the densified rings built in :mod:`arcticrecon.geo.circles` (edges of at most a few km)
the difference from the ellipsoidal geodesic is far below a metre.

Input convention for every function here: shapely geometries in (lon_deg, lat_deg),
longitudes in -180..180, each edge taken the *short way round* (an edge whose longitude
jumps by more than 180° crosses the antimeridian), and a polygon is the region to the left
of its exterior ring (counter-clockwise as seen from outside the globe).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from numpy.typing import NDArray

from arcticrecon.errors import InputError

__all__ = ["cut_at_antimeridian", "rfc7946_bbox", "rfc7946_geometry", "ring_pole_winding"]


def ring_pole_winding(lon_deg: NDArray[np.float64]) -> int:
    """How many times a closed ring winds eastwards round the Earth's axis.

    Parameters
    ----------
    lon_deg : ndarray, shape (n,)
        Ring longitudes in -180..180 [deg] (closed or not; each edge the short way round).

    Returns
    -------
    int
        ``+1``: the ring goes once eastwards round the axis (with the region on its left
        it contains the North Pole); ``-1``: once westwards (contains the South Pole);
        ``0``: it does not encircle the axis.

    Examples
    --------
    >>> ring_pole_winding(np.array([0.0, 90.0, 180.0, -90.0]))
    1
    >>> ring_pole_winding(np.array([170.0, -170.0, -170.0, 170.0]))
    0
    """
    lon = np.asarray(lon_deg, dtype=float)
    steps = np.diff(np.append(lon, lon[0]))
    steps = (steps + 180.0) % 360.0 - 180.0  # short way round
    return int(np.rint(steps.sum() / 360.0))


def _orient(geom: Any) -> Any:
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.geometry.polygon import orient

    if isinstance(geom, Polygon):
        return orient(geom, sign=1.0)
    if isinstance(geom, MultiPolygon):
        return MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])
    return geom


def _cut_polygon(poly: Any, north_pole: bool | None, south_pole: bool | None) -> list[Any]:
    import antimeridian
    from shapely.geometry import MultiPolygon, Polygon

    lon = np.asarray(poly.exterior.coords, dtype=float)[:, 0]
    winding = ring_pole_winding(lon[:-1])
    north = winding > 0 if north_pole is None else north_pole
    south = winding < 0 if south_pole is None else south_pole
    crosses = bool(np.any(np.abs(np.diff(lon)) > 180.0)) or any(
        np.any(np.abs(np.diff(np.asarray(r.coords, dtype=float)[:, 0])) > 180.0)
        for r in poly.interiors
    )
    if not crosses and not (north or south):
        return [poly]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the package warns when it reverses a winding
        fixed = antimeridian.fix_polygon(
            poly,
            force_north_pole=bool(north),
            force_south_pole=bool(south),
            fix_winding=False,
            great_circle=False,
        )
    parts = list(fixed.geoms) if isinstance(fixed, MultiPolygon) else [fixed]
    return [p for p in parts if isinstance(p, Polygon) and not p.is_empty]


def cut_at_antimeridian(
    geometry: Any, *, north_pole: bool | None = None, south_pole: bool | None = None
) -> Any:
    """Cut a lon/lat geometry at the antimeridian (RFC 7946 §3.1.9), closing polar caps.

    Parameters
    ----------
    geometry : shapely Point, MultiPoint, LineString, MultiLineString, Polygon or MultiPolygon
        In (lon_deg, lat_deg) [deg], longitudes in -180..180, edges the short way round,
        polygons to the left of their exterior ring (see the module docstring).
    north_pole, south_pole : bool, optional
        Whether the polygon(s) contain that pole. ``None`` (default): inferred from the
        exterior ring's winding (:func:`ring_pole_winding`); give them when known (a
        circle's own test is exact, the winding needs a well-oriented ring).

    Returns
    -------
    shapely geometry
        Same kind (a Polygon may become a MultiPolygon, a LineString a
        MultiLineString); no edge crosses the antimeridian; polygon exteriors are
        counter-clockwise and holes clockwise in the lon/lat plane (RFC 7946 §3.1.6); a
        polygon containing a pole is closed along ±180° and that pole's latitude.

    Raises
    ------
    InputError
        If the geometry is of another kind, or a longitude/latitude is out of range.

    Examples
    --------
    >>> from shapely.geometry import Polygon
    >>> sq = Polygon([(179, 60), (-179, 60), (-179, 61), (179, 61)])
    >>> cut = cut_at_antimeridian(sq)
    >>> cut.geom_type, sorted(round(p.bounds[0]) for p in cut.geoms)
    ('MultiPolygon', [-180, 179])
    """
    import antimeridian
    from shapely.geometry import (
        LineString,
        MultiLineString,
        MultiPoint,
        MultiPolygon,
        Point,
        Polygon,
    )

    if geometry.is_empty:
        return geometry
    xy = np.asarray(
        [c for g in getattr(geometry, "geoms", [geometry]) for c in _coords(g)], dtype=float
    )
    if xy.size and (np.any(np.abs(xy[:, 0]) > 180.0) or np.any(np.abs(xy[:, 1]) > 90.0)):
        raise InputError(
            "geometry has a longitude outside -180..180 or a latitude outside -90..90; "
            "give (lon_deg, lat_deg) in range",
            field="geometry",
        )
    if isinstance(geometry, Point | MultiPoint):
        return geometry
    if isinstance(geometry, LineString):
        return antimeridian.fix_line_string(geometry, great_circle=False)
    if isinstance(geometry, MultiLineString):
        return antimeridian.fix_multi_line_string(geometry, great_circle=False)
    if isinstance(geometry, Polygon | MultiPolygon):
        polys = list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]
        parts = [p for poly in polys for p in _cut_polygon(poly, north_pole, south_pole)]
        out = parts[0] if len(parts) == 1 else MultiPolygon(parts)
        return _orient(out)
    raise InputError(
        f"cannot cut a {geometry.geom_type} at the antimeridian; give points, lines or polygons",
        field="geometry",
        value=geometry.geom_type,
    )


def _coords(g: Any) -> list[tuple[float, ...]]:
    if hasattr(g, "exterior"):
        return [*g.exterior.coords, *(c for r in g.interiors for c in r.coords)]
    return list(g.coords)


def rfc7946_geometry(geometry: Any, *, decimals: int = 6, cut: bool = True) -> dict[str, Any]:
    """GeoJSON geometry object (a dict) following RFC 7946.

    Parameters
    ----------
    geometry : shapely geometry
        In (lon_deg, lat_deg), see :func:`cut_at_antimeridian`.
    decimals : int
        Decimal places kept (RFC 7946 §11.2: 6 ≈ 0.1 m).
    cut : bool
        Cut at the antimeridian first (default); ``False`` if already cut.

    Returns
    -------
    dict
        ``{"type": ..., "coordinates": ...}`` with [lon, lat] positions.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> rfc7946_geometry(Point(-51.72361234567, 64.175))
    {'type': 'Point', 'coordinates': [-51.723612, 64.175]}
    """
    import shapely
    from shapely.geometry import mapping

    g = cut_at_antimeridian(geometry) if cut else _orient(geometry)
    g = shapely.transform(g, lambda a: np.round(a, decimals))
    result: dict[str, Any] = _listify(dict(mapping(g)))
    return result


def _listify(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _listify(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_listify(v) for v in obj]
    if isinstance(obj, np.floating):
        return float(obj)
    return obj + 0.0 if isinstance(obj, float) else obj


def rfc7946_bbox(geometry: Any) -> list[float]:
    """Bounding box ``[west, south, east, north]`` per RFC 7946 §5.2-5.3 [deg].

    The geometry is cut first (:func:`cut_at_antimeridian`). A box crossing the
    antimeridian has ``west > east``; one containing a pole spans -180..180 and reaches
    ±90.

    Examples
    --------
    >>> from shapely.geometry import Polygon
    >>> rfc7946_bbox(Polygon([(179, 60), (-179, 60), (-179, 61), (179, 61)]))
    [179.0, 60.0, -179.0, 61.0]
    """
    import antimeridian
    from shapely.geometry import MultiPolygon, Polygon

    g = cut_at_antimeridian(geometry)
    if isinstance(g, Polygon | MultiPolygon):
        return [float(v) for v in antimeridian.bbox(g)]
    return [float(v) for v in g.bounds]
