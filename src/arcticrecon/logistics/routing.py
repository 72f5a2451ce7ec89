"""Multi-hop air routes: the quickest chain of usable airfields within range.

The graph (networkx) has the origin, the destination and every catalogue site the aircraft
may use (:func:`arcticrecon.catalog.site_compatibility`: closure, surface, length, LDA,
width) as nodes, and an edge wherever the geodesic distance is within the aircraft's
planning range. Edge weight = block time of the leg, so every extra stop costs its fixed
allowance; Dijkstra's algorithm gives the route with the least total block time.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from arcticrecon.catalog import Aircraft, Catalog, site_compatibility
from arcticrecon.errors import InfeasibleError, InputError, OutOfDomainError
from arcticrecon.geo.geodesic import pairwise_distance_m
from arcticrecon.logistics.flights import (
    BLOCK_ALLOWANCE_S,
    FlightLeg,
    Place,
    flight_leg,
    place_from_site,
)
from arcticrecon.units import KM_TO_M, NM_TO_M

__all__ = ["AirRoute", "plan_air_route", "plan_air_route_via"]


@dataclass(frozen=True)
class AirRoute:
    """A route of one or more legs flown by one aircraft type.

    Attributes
    ----------
    legs : tuple of FlightLeg
    aircraft : str
    """

    legs: tuple[FlightLeg, ...]
    aircraft: str

    @property
    def distance_m(self) -> float:
        """Total distance. [m]"""
        return float(sum(leg.distance_m for leg in self.legs))

    @property
    def block_time_s(self) -> float:
        """Total block time (ground time at stops not included). [s]"""
        return float(sum(leg.block_time_s for leg in self.legs))

    def to_dict(self) -> dict[str, Any]:
        """The ``route --format json`` schema."""
        return {
            "aircraft": self.aircraft,
            "legs": [leg.to_dict() for leg in self.legs],
            "distance_km": round(self.distance_m / KM_TO_M, 2),
            "distance_nm": round(self.distance_m / NM_TO_M, 2),
            "block_time_h": round(self.block_time_s / 3600.0, 3),
        }


def _check_end(place: Place, aircraft: Aircraft, role: str) -> None:
    if place.site is None:
        return
    v = site_compatibility(aircraft, place.site)
    if not v.ok:
        raise InfeasibleError(
            f"{aircraft.key} cannot use the {role} {place.site.icao} ({place.site.name}): "
            f"{v.reason}; choose another aircraft or airfield",
            field=role,
            value=place.site.icao,
        )


def plan_air_route(
    *,
    origin: Place,
    destination: Place,
    aircraft: Aircraft,
    catalog: Catalog,
    wind_component_m_s: float = 0.0,
    allowance_s: float = BLOCK_ALLOWANCE_S,
    usable_range_fraction: float = 1.0,
) -> AirRoute:
    """Quickest route from ``origin`` to ``destination`` over usable airfields.

    Parameters
    ----------
    origin, destination : Place
        Catalogue sites (runways checked) or bare positions (not checked, caveat).
    aircraft : Aircraft
    catalog : Catalog
        Airfields that may serve as stops.
    wind_component_m_s : float
        Mean wind component on every leg, tailwind positive. [m/s]
    allowance_s : float
        Block-time allowance per leg, see :data:`BLOCK_ALLOWANCE_S`. [s]
    usable_range_fraction : float
        Share of the published planning range a leg may use, (0, 1]. 1.0 = the table's
        range (which holds only under its ``range_condition``); lower it for reserves.

    Returns
    -------
    AirRoute

    Raises
    ------
    InfeasibleError
        If the aircraft cannot use the origin or destination, or no chain of usable
        airfields within range connects them.
    OutOfDomainError
        If ``usable_range_fraction`` is outside (0, 1].
    """
    if not 0 < usable_range_fraction <= 1:
        raise OutOfDomainError(
            f"usable range fraction {usable_range_fraction} is outside (0, 1]",
            field="usable_range_fraction",
            value=usable_range_fraction,
            valid_range=(0, 1),
        )
    _check_end(origin, aircraft, "origin")
    _check_end(destination, aircraft, "destination")
    range_m = aircraft.range_m * usable_range_fraction

    def leg(a: Place, b: Place) -> FlightLeg:
        return flight_leg(
            origin=a,
            destination=b,
            aircraft=aircraft,
            wind_component_m_s=wind_component_m_s,
            allowance_s=allowance_s,
        )

    if (origin.lat_deg, origin.lon_deg) == (destination.lat_deg, destination.lon_deg):
        raise InputError(
            f"origin and destination are the same place ({origin.name}); give two places",
            field="destination",
            value=destination.name,
        )
    direct = leg(origin, destination)
    if direct.distance_m <= range_m:
        return AirRoute((direct,), aircraft.key)
    ends = {origin.name, destination.name}
    stops = [
        place_from_site(s)
        for s in catalog
        if s.icao not in ends and site_compatibility(aircraft, s).ok
    ]
    nodes = [origin, destination, *stops]
    lat = np.array([p.lat_deg for p in nodes])
    lon = np.array([p.lon_deg for p in nodes])
    dist = pairwise_distance_m(lat1_deg=lat, lon1_deg=lon, lat2_deg=lat, lon2_deg=lon)
    gs = aircraft.cruise_speed_m_s + wind_component_m_s
    g = nx.Graph()
    g.add_nodes_from(range(len(nodes)))
    ii, jj = np.nonzero((dist <= range_m) & (dist > 0))
    for i, j in zip(ii.tolist(), jj.tolist(), strict=True):
        if i < j:
            g.add_edge(i, j, weight=dist[i, j] / gs + allowance_s)
    try:
        path = nx.dijkstra_path(g, 0, 1, weight="weight")
    except nx.NetworkXNoPath:
        raise InfeasibleError(
            f"no route for {aircraft.key} from {origin.name} to {destination.name}: the direct "
            f"leg is {direct.distance_nm:,.0f} NM, beyond its {range_m / NM_TO_M:,.0f} NM "
            f"planning range, and no chain of usable catalogue airfields closes the gap "
            f"(the catalogue holds Greenland only); add a stop with --via LAT,LON or choose "
            f"another aircraft",
            field="aircraft",
            value=aircraft.key,
            valid_range=(0, range_m),
        ) from None
    legs = tuple(leg(nodes[a], nodes[b]) for a, b in itertools.pairwise(path))
    return AirRoute(legs, aircraft.key)


def plan_air_route_via(
    *,
    places: list[Place],
    aircraft: Aircraft,
    catalog: Catalog,
    wind_component_m_s: float = 0.0,
    allowance_s: float = BLOCK_ALLOWANCE_S,
    usable_range_fraction: float = 1.0,
) -> AirRoute:
    """Route through the given places in order (each hop planned by :func:`plan_air_route`).

    Raises
    ------
    InfeasibleError
        As :func:`plan_air_route`, for any hop.
    """
    legs: list[FlightLeg] = []
    for a, b in itertools.pairwise(places):
        legs.extend(
            plan_air_route(
                origin=a,
                destination=b,
                aircraft=aircraft,
                catalog=catalog,
                wind_component_m_s=wind_component_m_s,
                allowance_s=allowance_s,
                usable_range_fraction=usable_range_fraction,
            ).legs
        )
    return AirRoute(tuple(legs), aircraft.key)
