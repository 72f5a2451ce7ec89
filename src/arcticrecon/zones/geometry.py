"""Geometry of a surveyed zone, measured geodesically from its corner points.

Every length is a geodesic on the WGS 84 ellipsoid (:func:`arcticrecon.geo.geodesic_inverse`,
GeographicLib's algorithm: C. F. F. Karney, "Algorithms for geodesics", J. Geodesy 87
(2013) 43-55, doi:10.1007/s00190-012-0578-z), the area that of the geodesic polygon
(pyproj ``Geod.polygon_area_perimeter``, same reference). Topology (does the outline cross
itself, the largest circle inside it) is decided in a local azimuthal equidistant plane
centred on the first corner: its distance error over a zone of a few kilometres is below
1e-6 relative (scale error of the azimuthal equidistant projection ~ (d/R)^2/6, J. P.
Snyder, *Map Projections: A Working Manual*, USGS PP 1395, 1987, p. 195), and it works at
the pole and across the date line, where longitude/latitude planes do not.

A strip (landing zone, ice runway, drop zone) given by four corners in order around it has
two *ends* (the two opposite sides with the smaller sum) and two *sides*: its usable length
is the shorter side, its width the shorter end (the conservative reading of a surveyed
quadrilateral), its heading the mean true course of the two sides from end 1 (the end that
holds the first corner) to end 2.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from arcticrecon.errors import InputError
from arcticrecon.geo.geodesic import WGS84, geodesic_inverse
from arcticrecon.survey.forms import Position

__all__ = [
    "MAX_ZONE_EXTENT_M",
    "ZoneGeometry",
    "check_polygon",
    "inscribed_diameter_m",
    "local_plane_xy",
    "measure_centerline",
    "measure_strip",
]

#: Largest distance between a zone's corners accepted [m]: a corner farther away is a
#: typing mistake (a landing or drop zone is a few kilometres long at most).
MAX_ZONE_EXTENT_M = 30_000.0
_GEODESY = "geodesics on WGS 84 (pyproj.Geod / GeographicLib, Karney 2013)"


@dataclass(frozen=True)
class ZoneGeometry:
    """Measured geometry of a strip.

    Attributes
    ----------
    length_m : float
        Usable length: the shorter side, or the centre line. [m]
    width_m : float
        Usable width: the shorter end, or the measured width. [m]
    heading_deg : float
        True course from end 1 to end 2, 0 <= x < 360. [deg]
    area_m2 : float
        Area of the geodesic polygon (centre line: length x width). [m^2]
    side_lengths_m : tuple of float
        Corner 1-2, 2-3, 3-4, 4-1 (empty for a centre line). [m]
    method : str
        ``"corners"`` or ``"centerline"``.
    source : str
    """

    length_m: float
    width_m: float
    heading_deg: float
    area_m2: float
    side_lengths_m: tuple[float, ...] = ()
    method: str = "corners"
    source: str = _GEODESY

    @property
    def reciprocal_heading_deg(self) -> float:
        """True course from end 2 to end 1. [deg]"""
        return (self.heading_deg + 180.0) % 360.0

    @property
    def ident(self) -> str:
        """Runway-style designators from the *true* headings, e.g. ``"04/22"``.

        ICAO Annex 14 rounds the magnetic heading to tens of degrees; true is used here: no
        magnetic declination is applied.
        """

        def num(h: float) -> int:
            n = round(h / 10.0) % 36
            return 36 if n == 0 else n

        a, b = num(self.heading_deg), num(self.reciprocal_heading_deg)
        lo, hi = sorted((a, b))
        return f"{lo:02d}/{hi:02d}"

    def to_dict(self) -> dict[str, object]:
        """JSON-able dict."""
        return {
            "length_m": round(self.length_m, 2),
            "width_m": round(self.width_m, 2),
            "heading_deg": round(self.heading_deg, 2),
            "reciprocal_heading_deg": round(self.reciprocal_heading_deg, 2),
            "ident_true": self.ident,
            "area_m2": round(self.area_m2, 1),
            "side_lengths_m": [round(s, 2) for s in self.side_lengths_m],
            "method": self.method,
            "source": self.source,
        }


def _inv(a: Position, b: Position) -> tuple[float, float]:
    d, az, _ = geodesic_inverse(
        lat1_deg=a.lat_deg, lon1_deg=a.lon_deg, lat2_deg=b.lat_deg, lon2_deg=b.lon_deg
    )
    return float(d), float(az) % 360.0


def local_plane_xy(points: Sequence[Position]) -> np.ndarray:
    """Points in a local azimuthal equidistant plane centred on the first point.

    Returns
    -------
    xy : ndarray, shape (n, 2)
        East and north coordinates [m]: ``x = s sin(az)``, ``y = s cos(az)`` with ``s`` the
        geodesic distance and ``az`` the azimuth from the first point.
    """
    o = points[0]
    lat = np.array([p.lat_deg for p in points])
    lon = np.array([p.lon_deg for p in points])
    d, az, _ = geodesic_inverse(
        lat1_deg=np.full_like(lat, o.lat_deg),
        lon1_deg=np.full_like(lon, o.lon_deg),
        lat2_deg=lat,
        lon2_deg=lon,
    )
    a = np.radians(np.asarray(az, dtype=float))
    s = np.asarray(d, dtype=float)
    return np.column_stack([s * np.sin(a), s * np.cos(a)])


def check_polygon(points: Sequence[Position], *, field: str = "corners") -> np.ndarray:
    """Refuse an outline that is not a simple polygon; return it in the local plane.

    Parameters
    ----------
    points : sequence of Position
        Corners in order around the zone (3 or more; the ring closes itself).
    field : str
        Field name for the message.

    Returns
    -------
    xy : ndarray, shape (n, 2)
        The corners in the local plane of :func:`local_plane_xy`. [m]

    Raises
    ------
    InputError
        Naming ``field`` if two corners coincide, a corner is more than
        :data:`MAX_ZONE_EXTENT_M` from the first, all corners lie on one line, or two sides
        cross (the message names them: "side 1-2 crosses side 3-4").
    """
    from shapely.geometry import LineString, Polygon

    n = len(points)
    if n < 3:
        raise InputError(f"{field}: a zone needs at least 3 corners, got {n}", field=field)
    xy = local_plane_xy(points)
    dist = np.hypot(xy[:, 0], xy[:, 1])
    far = int(np.argmax(dist))
    if dist[far] > MAX_ZONE_EXTENT_M:
        raise InputError(
            f"{field}: corner {far + 1} is {dist[far] / 1000:,.1f} km from corner 1; a zone is "
            f"at most {MAX_ZONE_EXTENT_M / 1000:g} km across: check the coordinates",
            field=field,
            value=points[far].label(),
        )
    for i in range(n):
        for j in range(i + 1, n):
            if math.hypot(*(xy[i] - xy[j])) < 0.01:
                raise InputError(
                    f"{field}: corners {i + 1} and {j + 1} are the same point", field=field
                )
    poly = Polygon(xy)
    segs = [LineString([xy[i], xy[(i + 1) % n]]) for i in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                continue  # neighbours share a corner
            if segs[i].intersects(segs[j]):
                raise InputError(
                    f"{field}: the outline crosses itself: side {i + 1}-{(i + 1) % n + 1} "
                    f"crosses side {j + 1}-{(j + 1) % n + 1}; list the corners in order around the zone",
                    field=field,
                )
    if poly.area < 1.0:
        raise InputError(
            f"{field}: the corners lie on one line (area {poly.area:.2f} m^2); list the corners "
            "around the zone",
            field=field,
        )
    return xy


def _geodesic_area_m2(points: Sequence[Position]) -> float:
    area, _ = WGS84.polygon_area_perimeter([p.lon_deg for p in points], [p.lat_deg for p in points])
    return abs(float(area))


def _mean_course_deg(a_deg: float, b_deg: float) -> float:
    ra, rb = math.radians(a_deg), math.radians(b_deg)
    return (
        math.degrees(math.atan2(math.sin(ra) + math.sin(rb), math.cos(ra) + math.cos(rb))) % 360.0
    )


def measure_strip(corners: Sequence[Position], *, field: str = "corners") -> ZoneGeometry:
    """Length, width, heading and area of a strip from its four corners.

    Parameters
    ----------
    corners : sequence of Position, length 4
        In order around the strip.
    field : str
        Field name for messages.

    Returns
    -------
    ZoneGeometry

    Raises
    ------
    InputError
        If there are not four corners or the outline is not a simple polygon
        (:func:`check_polygon`).

    Examples
    --------
    A 1,000 m x 30 m strip laid out along the meridian at 67° N (corners from GeographicLib
    direct problems):

    >>> from arcticrecon.survey.forms import Position as P
    >>> g = measure_strip([P(lat_deg=67.0, lon_deg=-50.0), P(lat_deg=67.0, lon_deg=-49.999312),
    ...                    P(lat_deg=67.008967, lon_deg=-49.999312), P(lat_deg=67.008967, lon_deg=-50.0)])
    >>> round(g.length_m, 1), round(g.width_m, 1), round(g.heading_deg, 2), g.ident
    (1000.0, 30.0, 0.0, '18/36')
    """
    if len(corners) != 4:
        raise InputError(f"{field}: a strip has 4 corners, got {len(corners)}", field=field)
    check_polygon(corners, field=field)
    c = list(corners)
    sides = [_inv(c[i], c[(i + 1) % 4]) for i in range(4)]
    s = [d for d, _ in sides]
    if s[0] + s[2] <= s[1] + s[3]:
        # ends: corners 1-2 and 3-4; sides run 2->3 and 1->4
        ends, long = (s[0], s[2]), (s[1], s[3])
        az = (_inv(c[1], c[2])[1], _inv(c[0], c[3])[1])
    else:
        # ends: corners 4-1 (end 1) and 2-3; sides run 1->2 and 4->3
        ends, long = (s[3], s[1]), (s[0], s[2])
        az = (_inv(c[0], c[1])[1], _inv(c[3], c[2])[1])
    return ZoneGeometry(
        length_m=min(long),
        width_m=min(ends),
        heading_deg=_mean_course_deg(*az),
        area_m2=_geodesic_area_m2(c),
        side_lengths_m=tuple(s),
        method="corners",
    )


def measure_centerline(
    centerline: Sequence[Position], width_m: float, *, field: str = "centerline"
) -> ZoneGeometry:
    """Length and heading of a strip from its centre line (end 1 to end 2) and its width.

    Raises
    ------
    InputError
        If the two points coincide or are more than :data:`MAX_ZONE_EXTENT_M` apart.
    """
    if len(centerline) != 2:
        raise InputError(f"{field}: a centre line has 2 points", field=field)
    d, az = _inv(centerline[0], centerline[1])
    if d < 1.0:
        raise InputError(f"{field}: the two ends are the same point", field=field)
    if d > MAX_ZONE_EXTENT_M:
        raise InputError(
            f"{field}: the ends are {d / 1000:,.1f} km apart; a zone is at most "
            f"{MAX_ZONE_EXTENT_M / 1000:g} km long: check the coordinates",
            field=field,
        )
    return ZoneGeometry(
        length_m=d,
        width_m=float(width_m),
        heading_deg=az,
        area_m2=d * float(width_m),
        method="centerline",
    )


def inscribed_diameter_m(points: Sequence[Position], *, field: str = "corners") -> float:
    """Diameter of the largest circle inside an outline (the usable touchdown area). [m]

    The centre is the pole of inaccessibility (shapely ``polylabel``, V. Agafonkin's
    algorithm, Mapbox 2016) in the local plane, to 0.05 m.

    Raises
    ------
    InputError
        If the outline is not a simple polygon (:func:`check_polygon`).
    """
    from shapely.geometry import Polygon
    from shapely.ops import polylabel

    xy = check_polygon(points, field=field)
    poly = Polygon(xy)
    centre = polylabel(poly, tolerance=0.05)
    return 2.0 * float(poly.exterior.distance(centre))


def distance_m(a: Position, b: Position) -> float:
    """Geodesic distance between two positions. [m]"""
    return _inv(a, b)[0]
