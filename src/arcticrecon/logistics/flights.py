"""Flight legs: geodesic distance, course, flight and block time, range check.

Distances and courses are WGS 84 geodesics (:func:`arcticrecon.geo.geodesic_inverse`,
GeographicLib via pyproj). Time en route is distance / ground speed, with ground speed =
true airspeed + mean wind component along the track (tailwind positive), the standard
still-air / wind-component planning method (e.g. FAA Pilot's Handbook of Aeronautical
Knowledge, FAA-H-8083-25C, ch. 16 "Navigation", wind triangle).

Block time adds a fixed allowance for taxi, climb, descent and approach. The allowance is a
**planning assumption** (default 0.5 h, :data:`BLOCK_ALLOWANCE_S`), not a published
figure for any type; give the operator's figure when known (``allowance_s=``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from arcticrecon.catalog import Aircraft, Catalog, Site, site_compatibility
from arcticrecon.errors import InputError, OutOfDomainError
from arcticrecon.geo.coords import format_lat_lon, parse_lat_lon
from arcticrecon.geo.geodesic import geodesic_inverse
from arcticrecon.logistics.assumptions import BLOCK_ALLOWANCE_S
from arcticrecon.units import KM_TO_M, NM_TO_M

__all__ = [
    "BLOCK_ALLOWANCE_S",
    "FlightLeg",
    "Place",
    "flight_leg",
    "flight_time_s",
    "place_from_site",
    "resolve_place",
]


@dataclass(frozen=True)
class Place:
    """A point a flight starts or ends at: a catalogue site or a bare position.

    Attributes
    ----------
    name : str
        ICAO code of a site, or the formatted position.
    lat_deg, lon_deg : float
        WGS 84. [deg]
    site : Site or None
        The catalogue site (runways known), ``None`` for a bare position.
    """

    name: str
    lat_deg: float
    lon_deg: float
    site: Site | None = None


def place_from_site(site: Site) -> Place:
    """A :class:`Place` for a catalogue site."""
    return Place(site.icao, site.lat_deg, site.lon_deg, site)


def resolve_place(text: str, catalog: Catalog) -> Place:
    """An ICAO code / site ident / site name, or ``LAT,LON`` (decimal or DMS).

    Raises
    ------
    UnknownSiteError
        If ``text`` is neither a catalogue site nor a position.
    """
    if any(ch.isdigit() for ch in text) and any(ch in text for ch in ",; °'\""):
        try:
            lat, lon = parse_lat_lon(text)
        except InputError:
            pass
        else:
            return Place(format_lat_lon(lat_deg=lat, lon_deg=lon), lat, lon)
    return place_from_site(catalog.get(text))


def flight_time_s(
    distance_m: float, cruise_speed_m_s: float, wind_component_m_s: float = 0.0
) -> float:
    """Time en route at constant ground speed. [s]

    Parameters
    ----------
    distance_m : float
        Track distance. [m] >= 0.
    cruise_speed_m_s : float
        True airspeed. [m/s] > 0.
    wind_component_m_s : float
        Mean wind component along the track, tailwind positive. [m/s]

    Returns
    -------
    float
        ``distance_m / (cruise_speed_m_s + wind_component_m_s)`` [s]

    Raises
    ------
    OutOfDomainError
        If the ground speed is not positive or the distance is negative.

    Examples
    --------
    AR-12: 812.12 NM at 250 kt in still air.

    >>> round(flight_time_s(812.12 * 1852, 250 * 1852 / 3600) / 3600, 2)
    3.25
    """
    if distance_m < 0 or not math.isfinite(distance_m):
        raise OutOfDomainError(
            f"distance {distance_m} m is negative", field="distance_m", value=distance_m
        )
    gs = cruise_speed_m_s + wind_component_m_s
    if not gs > 0:
        raise OutOfDomainError(
            f"ground speed {gs:.1f} m/s (airspeed {cruise_speed_m_s:.1f} m/s, wind component "
            f"{wind_component_m_s:+.1f} m/s) is not positive; a headwind must be smaller "
            "than the airspeed",
            field="wind_component_m_s",
            value=wind_component_m_s,
            valid_range=(-cruise_speed_m_s, math.inf),
        )
    return distance_m / gs


@dataclass(frozen=True)
class FlightLeg:
    """One flight leg.

    Attributes
    ----------
    origin, destination : Place
    aircraft : str
        Aircraft key.
    distance_m : float
        Geodesic distance. [m]
    initial_course_deg, final_course_deg : float
        True course at departure / arrival, -180..180. [deg]
    flight_time_s, block_time_s : float
        En route time; block time = flight time + allowance. [s]
    wind_component_m_s : float
        Mean wind component used, tailwind positive. [m/s]
    within_range : bool
        Distance <= the aircraft's planning range.
    caveats : tuple of str
        Runway facts the check could not verify.
    """

    origin: Place
    destination: Place
    aircraft: str
    distance_m: float
    initial_course_deg: float
    final_course_deg: float
    flight_time_s: float
    block_time_s: float
    wind_component_m_s: float
    within_range: bool
    caveats: tuple[str, ...] = ()

    @property
    def distance_km(self) -> float:
        """Distance [km]."""
        return self.distance_m / KM_TO_M

    @property
    def distance_nm(self) -> float:
        """Distance [NM]."""
        return self.distance_m / NM_TO_M

    def to_dict(self) -> dict[str, Any]:
        """Plain record for tables and JSON (aviation units at the edge)."""
        return {
            "from": self.origin.name,
            "to": self.destination.name,
            "aircraft": self.aircraft,
            "distance_km": round(self.distance_km, 2),
            "distance_nm": round(self.distance_nm, 2),
            "initial_course_deg": round(self.initial_course_deg, 2),
            "initial_course_true_deg": round(self.initial_course_deg % 360.0, 1),
            "flight_time_h": round(self.flight_time_s / 3600.0, 3),
            "block_time_h": round(self.block_time_s / 3600.0, 3),
            "wind_component_kt": round(self.wind_component_m_s * 3600.0 / NM_TO_M, 1),
            "within_range": self.within_range,
            "caveats": "; ".join(self.caveats),
        }


def flight_leg(
    *,
    origin: Place,
    destination: Place,
    aircraft: Aircraft,
    wind_component_m_s: float = 0.0,
    allowance_s: float = BLOCK_ALLOWANCE_S,
) -> FlightLeg:
    """Distance, course and times of a direct leg (no runway verdict, see routing).

    Parameters
    ----------
    origin, destination : Place
    aircraft : Aircraft
    wind_component_m_s : float
        Mean wind component along the track, tailwind positive. [m/s]
    allowance_s : float
        Fixed block-time allowance (taxi, climb, descent). [s] >= 0.

    Returns
    -------
    FlightLeg

    Raises
    ------
    OutOfDomainError
        If the allowance is negative or the ground speed not positive.

    Examples
    --------
    >>> from arcticrecon.catalog import get_aircraft
    >>> leg = flight_leg(origin=Place("BGGH", 64.190922, -51.678064),
    ...                  destination=Place("BGTL", 76.531203, -68.703161),
    ...                  aircraft=get_aircraft("A400M"))
    >>> round(leg.distance_nm, 2), round(leg.block_time_s / 3600, 2)
    (812.12, 2.43)
    """
    if allowance_s < 0 or not math.isfinite(allowance_s):
        raise OutOfDomainError(
            f"block-time allowance {allowance_s} s is negative; give >= 0",
            field="allowance_s",
            value=allowance_s,
            valid_range=(0, math.inf),
        )
    d, az1, az2 = geodesic_inverse(
        lat1_deg=origin.lat_deg,
        lon1_deg=origin.lon_deg,
        lat2_deg=destination.lat_deg,
        lon2_deg=destination.lon_deg,
    )
    t = flight_time_s(d, aircraft.cruise_speed_m_s, wind_component_m_s)
    caveats: list[str] = []
    for p in (origin, destination):
        if p.site is None:
            caveats.append(f"{p.name}: a bare position, runway not checked")
        else:
            caveats.extend(site_compatibility(aircraft, p.site).caveats)
    return FlightLeg(
        origin=origin,
        destination=destination,
        aircraft=aircraft.key,
        distance_m=float(d),
        initial_course_deg=float(az1),
        final_course_deg=float(az2),
        flight_time_s=t,
        block_time_s=t + allowance_s,
        wind_component_m_s=wind_component_m_s,
        within_range=bool(d <= aircraft.range_m),
        caveats=tuple(dict.fromkeys(caveats)),
    )
