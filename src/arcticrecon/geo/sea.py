"""Sea routes between two points, with sanity checks (length, land, last mile).

The route follows the shipping-lane network of the ``searoute`` package (Eurostat's
MARNET network as packaged by searoute-py, Apache-2.0; "not for routing purposes": a
planning estimate, not a passage plan). Its nodes can be far from a port in the Arctic —
the ends are then joined to the network by straight "first/last mile" segments, whose
length is reported so a planner sees when the network is too coarse for a fjord.

All lengths are recomputed here as sums of WGS 84 geodesic segments (pyproj /
GeographicLib), not searoute's spherical haversine, so a route is never shorter than the
geodesic between its ends (triangle inequality), and never zero for distinct points.
When the direct geodesic between the two ends stays entirely at sea (no land in the 1 km
``global-land-mask`` grid nor in the Greenland coastline), the direct line is the route.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from arcticrecon.errors import DataSourceError, InputError
from arcticrecon.geo.geodesic import WGS84, check_lat_lon, geodesic_distance_m
from arcticrecon.geo.land import land_length_m

__all__ = [
    "LAND_TOLERANCE_M",
    "SNAP_WARNING_M",
    "SeaRoute",
    "crossing_latitude_deg",
    "sea_route",
]

#: Land a network route may touch before it is called wrong [m]. Planning tolerance for
#: the 1 km land-mask grid and the simplified 1:10m coastline (both misplace narrow
#: sounds and fjord mouths by a few km); not a navigational figure.
LAND_TOLERANCE_M = 15_000.0

#: A first/last mile longer than this is reported as "network too coarse" [m]. Planning
#: assumption (about 10 NM); configurable per call.
SNAP_WARNING_M = 20_000.0


@dataclass(frozen=True)
class SeaRoute:
    """A sea route and its checks.

    Attributes
    ----------
    lat_deg, lon_deg : ndarray, shape (n,)
        Vertices from origin to destination, WGS 84. [deg]
    distance_m : float
        Length along the route (geodesic segments), first and last mile included. [m]
    geodesic_m : float
        Direct geodesic distance between the ends (a lower bound). [m]
    first_mile_m, last_mile_m : float
        Straight segments joining the origin / destination to the lane network. [m]
    method : str
        ``"network"`` (searoute lanes) or ``"direct"`` (geodesic entirely at sea).
    network_land_m : float
        Length of the network part over land in the 1 km global land mask. [m]
    network_greenland_m : float
        Length of the network part inside the Greenland coastline. [m]
    end_land_m : float
        Land crossed by the straight first and last miles (land mask). [m]
    warnings : tuple of str
        Plain-language caveats (coarse network near a port, land on the last mile).
    """

    lat_deg: NDArray[np.float64]
    lon_deg: NDArray[np.float64]
    distance_m: float
    geodesic_m: float
    first_mile_m: float
    last_mile_m: float
    method: str
    network_land_m: float = 0.0
    network_greenland_m: float = 0.0
    end_land_m: float = 0.0
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def problems(self, *, land_tolerance_m: float = LAND_TOLERANCE_M) -> list[str]:
        """Sanity checks that must hold for any usable route (empty list = sane).

        Checks: positive length for distinct ends; not shorter than the geodesic (1 mm
        numerical slack); the network part crosses at most ``land_tolerance_m`` of land
        and of Greenland (so never the ice sheet).
        """
        out = []
        if self.geodesic_m > 0 and self.distance_m <= 0:
            out.append("route length is zero for distinct ends")
        if self.distance_m < self.geodesic_m - 1e-3:
            out.append(
                f"route {self.distance_m:.0f} m is shorter than the geodesic {self.geodesic_m:.0f} m"
            )
        if self.network_land_m > land_tolerance_m:
            out.append(f"route crosses {self.network_land_m / 1000:.0f} km of land")
        if self.network_greenland_m > land_tolerance_m:
            out.append(f"route crosses {self.network_greenland_m / 1000:.0f} km of Greenland")
        return out

    def to_geojson(self) -> dict[str, Any]:
        """The route as a GeoJSON LineString geometry (RFC 7946: [lon, lat] pairs)."""
        return {
            "type": "LineString",
            "coordinates": [
                [round(float(lo), 6), round(float(la), 6)]
                for la, lo in zip(self.lat_deg, self.lon_deg, strict=True)
            ],
        }


def _line_length_m(lat: NDArray[np.float64], lon: NDArray[np.float64]) -> float:
    if len(lat) < 2:
        return 0.0
    return float(WGS84.line_length(lon, lat))


def sea_route(
    *,
    lat1_deg: float,
    lon1_deg: float,
    lat2_deg: float,
    lon2_deg: float,
    snap_warning_m: float = SNAP_WARNING_M,
    allow_direct: bool = True,
) -> SeaRoute:
    """Sea route from one point to another.

    Parameters
    ----------
    lat1_deg, lon1_deg : float
        Origin (a port or a point at sea), WGS 84. [deg]
    lat2_deg, lon2_deg : float
        Destination. [deg]
    snap_warning_m : float
        Report a first/last mile longer than this. [m]
    allow_direct : bool
        Use the direct geodesic when it stays at sea (default True).

    Returns
    -------
    SeaRoute

    Raises
    ------
    InputError
        If origin and destination are the same point.
    OutOfDomainError
        If a coordinate is out of range.
    DataSourceError
        If the network finds no route (e.g. only through a restricted passage).

    Notes
    -----
    The Northwest Passage is excluded (searoute's default restriction): it is not a
    planning route for sea lift to Greenland.

    Examples
    --------
    >>> r = sea_route(lat1_deg=57.05, lon1_deg=9.92, lat2_deg=64.17, lon2_deg=-51.72)
    >>> r.method, r.distance_m > r.geodesic_m
    ('network', True)
    """
    check_lat_lon([lat1_deg, lat2_deg], [lon1_deg, lon2_deg])
    direct_m = float(
        geodesic_distance_m(
            lat1_deg=lat1_deg, lon1_deg=lon1_deg, lat2_deg=lat2_deg, lon2_deg=lon2_deg
        )
    )
    if direct_m < 1.0:
        raise InputError(
            f"sea route origin and destination are the same point ({lat1_deg}, {lon1_deg}); "
            "give two different ports",
            field="to",
            value=(lat2_deg, lon2_deg),
        )
    ends_lat = np.array([lat1_deg, lat2_deg], dtype=float)
    ends_lon = np.array([lon1_deg, lon2_deg], dtype=float)
    if allow_direct:
        land = land_length_m(lat_deg=ends_lat, lon_deg=ends_lon)
        gl = land_length_m(lat_deg=ends_lat, lon_deg=ends_lon, source="greenland")
        if land == 0.0 and gl == 0.0:
            return SeaRoute(ends_lat, ends_lon, direct_m, direct_m, 0.0, 0.0, "direct")

    import warnings as _w

    import searoute as sr

    with _w.catch_warnings():
        _w.simplefilter("ignore")  # searoute warns (and returns []) when no path exists
        feat = sr.searoute(
            [float(lon1_deg), float(lat1_deg)],
            [float(lon2_deg), float(lat2_deg)],
            units="km",
            append_orig_dest=False,
        )
    coords = np.asarray(feat["geometry"]["coordinates"], dtype=float).reshape(-1, 2)
    if len(coords) == 0:
        raise DataSourceError(
            f"the sea-lane network has no route from ({lat1_deg}, {lon1_deg}) to "
            f"({lat2_deg}, {lon2_deg}); check that both ends are on navigable water"
        )
    net_lon = (coords[:, 0] + 180.0) % 360.0 - 180.0
    net_lat = coords[:, 1]
    lat = np.concatenate([[lat1_deg], net_lat, [lat2_deg]])
    lon = np.concatenate([[lon1_deg], net_lon, [lon2_deg]])
    first_m = float(WGS84.inv(lon1_deg, lat1_deg, net_lon[0], net_lat[0])[2])
    last_m = float(WGS84.inv(net_lon[-1], net_lat[-1], lon2_deg, lat2_deg)[2])
    total_m = _line_length_m(lat, lon)
    if len(net_lat) >= 2:
        net_land = land_length_m(lat_deg=net_lat, lon_deg=net_lon)
        net_gl = land_length_m(lat_deg=net_lat, lon_deg=net_lon, source="greenland")
    else:
        net_land = net_gl = 0.0
    end_land = land_length_m(
        lat_deg=[lat1_deg, net_lat[0]], lon_deg=[lon1_deg, net_lon[0]]
    ) + land_length_m(lat_deg=[net_lat[-1], lat2_deg], lon_deg=[net_lon[-1], lon2_deg])
    warns = []
    for label, d in (("origin", first_m), ("destination", last_m)):
        if d > snap_warning_m:
            warns.append(
                f"{label} is {d / 1852:.0f} NM from the nearest sea-lane node: the network is "
                "too coarse here, that leg is a straight line (check it on a chart)"
            )
    if end_land > 1000.0:
        warns.append(
            f"the straight first/last mile crosses about {end_land / 1000:.0f} km of land "
            "(land mask): the real approach is longer"
        )
    return SeaRoute(
        lat_deg=lat,
        lon_deg=lon,
        distance_m=total_m,
        geodesic_m=direct_m,
        first_mile_m=first_m,
        last_mile_m=last_m,
        method="network",
        network_land_m=net_land,
        network_greenland_m=net_gl,
        end_land_m=end_land,
        warnings=tuple(warns),
    )


def crossing_latitude_deg(
    *, lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64], meridian_deg: float
) -> list[float]:
    """Latitudes where a polyline crosses a meridian (linear in lon/lat per segment).

    Parameters
    ----------
    lat_deg, lon_deg : ndarray, shape (n,)
        Polyline. [deg]
    meridian_deg : float
        Longitude of the meridian. [deg]

    Returns
    -------
    list of float
        One latitude per crossing, in route order. [deg]

    Examples
    --------
    >>> crossing_latitude_deg(lat_deg=np.array([60.0, 58.6]),
    ...                       lon_deg=np.array([-40.0, -44.2]), meridian_deg=-42.1)
    [59.3]
    """
    out = []
    for i in range(len(lat_deg) - 1):
        a, b = lon_deg[i] - meridian_deg, lon_deg[i + 1] - meridian_deg
        if a == b or a * b > 0:
            continue
        t = a / (a - b)
        out.append(round(float(lat_deg[i] + t * (lat_deg[i + 1] - lat_deg[i])), 10))
    return out
