"""Tracks for maps: one line per vessel, split where the track is broken, simplified.

A vessel's cleaned fixes become a MultiLineString in lon/lat: a new part starts at every
segment start (an impossible jump, see :mod:`arcticrecon.maritime.clean`) and at every AIS
gap of at least ``gap_min_h`` (a gap is shown as a gap event, never as a straight line).
Parts are simplified with Douglas-Peucker in EPSG:3413 metres, the tolerance given or
chosen from a web-map zoom level.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from arcticrecon.maritime.params import EventParams

__all__ = ["SHIP_TYPE_GROUPS", "ship_type_group", "tolerance_for_zoom_m", "track_lines"]

#: Ship-type groups of ITU-R M.1371-5 Annex 8 table 53 (first digit of the type code) and
#: the colour the picture draws them in.
SHIP_TYPE_GROUPS: dict[str, tuple[str, str]] = {
    "fishing": ("Fishing (30)", "#d95f02"),
    "special": (
        "Towing, dredging, diving, military, law enforcement, tugs, SAR (31-35, 50-59)",
        "#7570b3",
    ),
    "pleasure": ("Sailing and pleasure craft (36-37)", "#e7298a"),
    "hsc": ("High-speed craft (40-49)", "#e6ab02"),
    "passenger": ("Passenger (60-69)", "#1b9e77"),
    "cargo": ("Cargo (70-79)", "#1f78b4"),
    "tanker": ("Tanker (80-89)", "#a6761d"),
    "other": ("Other (90-99)", "#666666"),
    "unknown": ("Not reported", "#999999"),
}


def ship_type_group(ship_type: int | None) -> str:
    """Group key of an AIS ship-type code (ITU-R M.1371-5 table 53).

    Examples
    --------
    >>> ship_type_group(30), ship_type_group(52), ship_type_group(None)
    ('fishing', 'special', 'unknown')
    """
    if ship_type is None:
        return "unknown"
    t = int(ship_type)
    if t == 30:
        return "fishing"
    if 31 <= t <= 35 or 50 <= t <= 59:
        return "special"
    if t in (36, 37):
        return "pleasure"
    groups = {4: "hsc", 6: "passenger", 7: "cargo", 8: "tanker", 9: "other"}
    return groups.get(t // 10, "unknown")


def tolerance_for_zoom_m(zoom: float) -> float:
    """Simplification tolerance for a web-map zoom level: about one pixel. [m]

    A 256-pixel tile spans 40 075 km / 2**zoom at the equator (Web Mercator); the result
    is that span divided by 256, at least 10 m.
    """
    return max(10.0, 40_075_016.7 / math.pow(2.0, zoom) / 256.0)


def track_lines(
    tracks: dict[str, NDArray[Any]],
    *,
    params: EventParams | None = None,
    tolerance_m: float = 200.0,
) -> list[dict[str, Any]]:
    """One simplified line geometry per vessel.

    Parameters
    ----------
    tracks : dict of str to ndarray
        Cleaned positions (``clean_tracks``), sorted by ``(mmsi, t_utc_ms)``.
    params : EventParams, optional
        ``gap_min_h`` splits the lines.
    tolerance_m : float
        Douglas-Peucker tolerance in EPSG:3413. [m]

    Returns
    -------
    list of dict
        ``{"mmsi", "geometry" (shapely LineString/MultiLineString in lon/lat), "start_utc_ms",
        "end_utc_ms", "positions"}``; a vessel with a single fix gets a Point.
    """
    import shapely

    from arcticrecon.geo.projection import from_polar_stereo, to_polar_stereo

    params = params or EventParams()
    mmsi = tracks["mmsi"]
    n = len(mmsi)
    if n == 0:
        return []
    t = tracks["t_utc_ms"]
    brk = tracks["seg_start"].copy()
    brk |= tracks["step_s"] >= params.gap_min_h * 3600.0
    x, y = to_polar_stereo(lat_deg=tracks["lat_deg"], lon_deg=tracks["lon_deg"])
    x, y = np.atleast_1d(x), np.atleast_1d(y)
    vstart = np.flatnonzero(np.r_[True, mmsi[1:] != mmsi[:-1]])
    vend = np.r_[vstart[1:], n]
    out = []
    for a, b in zip(vstart.tolist(), vend.tolist(), strict=True):
        cuts = [a, *(np.flatnonzero(brk[a + 1 : b]) + a + 1).tolist(), b]
        parts = []
        for c0, c1 in itertools.pairwise(cuts):
            if c1 - c0 < 2:
                continue
            line = shapely.simplify(
                shapely.linestrings(np.column_stack([x[c0:c1], y[c0:c1]])), tolerance_m
            )
            xy = shapely.get_coordinates(line)
            lat, lon = from_polar_stereo(x_m=xy[:, 0], y_m=xy[:, 1])
            parts.append(shapely.linestrings(np.column_stack([lon, lat])))
        if not parts:
            geom: Any = shapely.points(float(tracks["lon_deg"][a]), float(tracks["lat_deg"][a]))
        elif len(parts) == 1:
            geom = parts[0]
        else:
            geom = shapely.multilinestrings(parts)
        out.append(
            {
                "mmsi": int(mmsi[a]),
                "geometry": geom,
                "start_utc_ms": int(t[a]),
                "end_utc_ms": int(t[b - 1]),
                "positions": b - a,
            }
        )
    return out
