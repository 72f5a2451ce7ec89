"""Sea lift: route, distance and transit time between ports, with an optional season gate.

Transit time = route length / speed through the water (no current, no weather routing,
no port time): the simple planning estimate. The route is :func:`arcticrecon.geo.sea_route`
(shipping-lane network, geodesic lengths, sanity checks). Whether a Greenland port can be
reached in a given month belongs to the ``ice`` package; this module only accepts a
``season_check`` callable so that the gate can be wired in without a dependency here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from arcticrecon.errors import DataSourceError, NotFoundError, OutOfDomainError
from arcticrecon.geo.sea import SeaRoute, sea_route
from arcticrecon.logistics.ports import Port
from arcticrecon.units import KT_TO_M_S, NM_TO_M

__all__ = [
    "MAX_SPEED_KT",
    "SeaLift",
    "SeasonCheck",
    "check_speed_m_s",
    "ice_season_check",
    "plan_sealift",
]

#: Largest speed accepted [kt]: a sanity bound (fast naval auxiliaries and ro-ro ships
#: cruise at 15-25 kt); a larger value is almost surely a unit mistake (km/h for kt).
MAX_SPEED_KT = 40.0

#: ``season_check(port, date) -> None`` if the port can be used on that date, else a
#: one-line reason (e.g. "Pituffik: sea ice, open about July-September").
SeasonCheck = Callable[[Port, dt.date], str | None]


@dataclass(frozen=True)
class SeaLift:
    """A sea lift between two ports.

    Attributes
    ----------
    origin, destination : Port
    route : SeaRoute
    speed_m_s : float
        Speed through the water. [m/s]
    transit_s : float
        Route length / speed. [s]
    departure : datetime.date or None
    arrival : datetime.date or None
        Departure date + transit time (rounded up to whole days).
    season_problems : tuple of str
        Reasons from the season check (empty = open, or not checked).
    season_checked : bool
        Whether a season check was applied.
    """

    origin: Port
    destination: Port
    route: SeaRoute
    speed_m_s: float
    transit_s: float
    departure: dt.date | None = None
    arrival: dt.date | None = None
    season_problems: tuple[str, ...] = ()
    season_checked: bool = False
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def distance_nm(self) -> float:
        """Route length. [NM]"""
        return self.route.distance_m / NM_TO_M

    @property
    def transit_days(self) -> float:
        """Transit time. [d]"""
        return self.transit_s / 86400.0

    def to_dict(self) -> dict[str, Any]:
        """The ``sealift --format json`` schema."""
        return {
            "from": self.origin.name,
            "to": self.destination.name,
            "distance_nm": round(self.distance_nm, 1),
            "geodesic_nm": round(self.route.geodesic_m / NM_TO_M, 1),
            "speed_kt": round(self.speed_m_s / KT_TO_M_S, 2),
            "transit_days": round(self.transit_days, 2),
            "first_mile_nm": round(self.route.first_mile_m / NM_TO_M, 1),
            "last_mile_nm": round(self.route.last_mile_m / NM_TO_M, 1),
            "method": self.route.method,
            "departure": self.departure.isoformat() if self.departure else None,
            "arrival": self.arrival.isoformat() if self.arrival else None,
            "season_checked": self.season_checked,
            "season_problems": list(self.season_problems),
            "warnings": list(self.warnings),
            "route": self.route.to_geojson(),
        }


def check_speed_m_s(speed_m_s: float) -> float:
    """Validate a ship speed [m/s]: 0 < speed <= :data:`MAX_SPEED_KT`.

    Raises
    ------
    OutOfDomainError
        Otherwise.
    """
    if not math.isfinite(speed_m_s) or not 0 < speed_m_s <= MAX_SPEED_KT * KT_TO_M_S:
        kt = speed_m_s / KT_TO_M_S if math.isfinite(speed_m_s) else speed_m_s
        raise OutOfDomainError(
            f"ship speed {kt:g} kt is outside 0 < speed <= {MAX_SPEED_KT:g} kt; "
            "give the planned speed through the water in knots, e.g. --speed-kt 14",
            field="speed_kt",
            value=kt,
            valid_range=(0, MAX_SPEED_KT),
        )
    return speed_m_s


def plan_sealift(
    *,
    origin: Port,
    destination: Port,
    speed_m_s: float,
    departure: dt.date | None = None,
    season_check: SeasonCheck | None = None,
) -> SeaLift:
    """Route and transit time of a sea lift.

    Parameters
    ----------
    origin, destination : Port
    speed_m_s : float
        Speed through the water. [m/s] 0 < speed <= 40 kt.
    departure : datetime.date, optional
        Sailing date; needed for the season check and the arrival date.
    season_check : SeasonCheck, optional
        ``(port, date) -> reason or None``, applied to the origin on ``departure`` and to
        the destination on the arrival date. ``None``: not checked (``season_checked``
        False in the result) — the ``ice`` package provides the real one.

    Returns
    -------
    SeaLift

    Raises
    ------
    OutOfDomainError
        If the speed is out of range.
    InputError
        If origin and destination are the same point.
    DataSourceError
        If the route fails its sanity checks (shorter than the geodesic, across land).

    Examples
    --------
    >>> from arcticrecon.logistics.ports import get_port
    >>> s = plan_sealift(origin=get_port("Aalborg"), destination=get_port("Nuuk"),
    ...                  speed_m_s=14 * 1852 / 3600)
    >>> round(s.distance_nm), round(s.transit_days, 1)
    (2197, 6.5)
    """
    check_speed_m_s(speed_m_s)
    route = sea_route(
        lat1_deg=origin.lat_deg,
        lon1_deg=origin.lon_deg,
        lat2_deg=destination.lat_deg,
        lon2_deg=destination.lon_deg,
    )
    problems = route.problems()
    if problems:
        raise DataSourceError(
            f"sea route {origin.name} -> {destination.name} fails its sanity checks: "
            f"{'; '.join(problems)}; the lane network cannot be trusted here"
        )
    transit_s = route.distance_m / speed_m_s
    arrival = None
    season: list[str] = []
    if departure is not None:
        arrival = departure + dt.timedelta(days=math.ceil(transit_s / 86400.0))
        if season_check is not None:
            for port, day in ((origin, departure), (destination, arrival)):
                why = season_check(port, day)
                if why:
                    season.append(why)
    return SeaLift(
        origin=origin,
        destination=destination,
        route=route,
        speed_m_s=speed_m_s,
        transit_s=transit_s,
        departure=departure,
        arrival=arrival,
        season_problems=tuple(season),
        season_checked=season_check is not None and departure is not None,
        warnings=route.warnings,
    )


def ice_season_check(ice_class: str) -> SeasonCheck:
    """A :data:`SeasonCheck` from the ``ice`` package's cited port-access facts.

    Uses ``arcticrecon.ice.port_access_months(port, ice_class)`` (imported when called,
    so this module does not depend on ``ice``). European ports are not checked. For a
    Greenland port the month's verdict is used: ``"not reachable"`` and ``"unknown"``
    (no cited fact) both give a reason, worded differently; ``"reachable"`` gives ``None``.

    Parameters
    ----------
    ice_class : str
        POLARIS ice class of the ship (``"PC5"``, ``"IA"``, ``"Not ice strengthened"``).

    Returns
    -------
    SeasonCheck

    Raises
    ------
    DataSourceError
        If the ``ice`` package (``port_access_months``) is not in this build.
    """
    try:
        from arcticrecon import ice
    except ImportError as err:  # pragma: no cover - ice is part of the package
        raise DataSourceError(f"the ice package is unavailable: {err}") from err
    access = getattr(ice, "port_access_months", None)
    if access is None:
        raise DataSourceError(
            "arcticrecon.ice.port_access_months is not in this build yet; run without "
            "--ice-class (the port season is then reported as not checked)"
        )

    def check(port: Port, day: dt.date) -> str | None:
        if port.region != "greenland":
            return None
        try:
            r = access(port.name, ice_class)
        except NotFoundError:
            return f"{port.name}: no cited ice-season facts for this port (access unknown)"
        verdict = r["months"].get(day.month, "unknown")
        month = day.strftime("%B")
        if verdict == "reachable":
            return None
        if verdict == "not reachable":
            cond = r.get("conditions", {}).get(day.month, "")
            return f"{port.name}: not reachable in {month} for {ice_class}" + (
                f" ({cond})" if cond else ""
            )
        return f"{port.name}: access in {month} for {ice_class} unknown (no cited fact)"

    return check
