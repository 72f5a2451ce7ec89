"""Deployment timeline: how many sorties and days to close each nation's force at a site.

Model (simple, explicit, hand-checkable):

1. Each nation's contingent (personnel, cargo, vehicles) comes from its
   ``[[contributions]]`` entry; its airlift from ``airlift = [...]``.
2. Air movement: people (``personnel x person_mass_kg``) and, unless sent by sea, cargo.
   A sortie carries at most ``max_payload_kg x payload_fraction`` and, where a seat limit
   is given for the type, that many people. Only aircraft types that can use the site's
   runway (:func:`arcticrecon.catalog.site_compatibility`) fly.
3. Day by day from the start date, each available asset flies ``count x sorties_per_day``
   sorties (fractional rates accumulate), in file order, until the site's daily sortie cap
   (shared by all nations) is reached. A nation has closed on the day its last sortie lands.
4. Vehicles (and cargo when ``cargo_by="sea"``, or when no usable airlift exists) go by sea
   from the nation's ``home_port`` to the Greenland port nearest the site:
   ``port_handling_days`` + transit at ``ship_speed_kt`` (+ the season gate if given).

Not modelled (reported, not guessed): the flight time from the home base (captured only by
the asset's ``sorties_per_day``), aircraft range from Europe, ship capacity, the last leg
from the port to an inland site. Every default below is a **planning assumption** unless a
source is named; all can be overridden.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from arcticrecon.catalog import Aircraft, Site, get_aircraft, site_compatibility
from arcticrecon.errors import InfeasibleError, InputError, NotFoundError, OutOfDomainError
from arcticrecon.geo.geodesic import geodesic_distance_m
from arcticrecon.logistics.ports import Port, read_ports_csv, resolve_port
from arcticrecon.logistics.sealift import SeasonCheck, plan_sealift
from arcticrecon.mission.models import Contribution, ExerciseConcept, Mission
from arcticrecon.units import KT_TO_M_S

__all__ = [
    "DEFAULT_SEATS",
    "Activity",
    "AirliftLine",
    "Contingent",
    "DeployParameters",
    "DeploymentPlan",
    "contingents_from_mission",
    "nearest_port",
    "plan_deployment",
    "with_overrides",
]


#: Troop seats per sortie of the transport types, from the manufacturers' / operators'
#: published figures (verify the configuration with the operator):
#: A400M 116 troops (Airbus Defence and Space, A400M product page); C-17 102 troops /
#: paratroops (USAF C-17 Globemaster III fact sheet); C-130J-30 128 combat troops and
#: C-130J 92 (Lockheed Martin / USAF C-130 Hercules fact sheet); C-295 71 troops (Airbus
#: C295 product page); DHC-6 19 passengers (De Havilland Canada Twin Otter).
DEFAULT_SEATS: dict[str, int] = {
    "A400M": 116,
    "C-17": 102,
    "C-130J-30": 128,
    "C-130J": 92,
    "C-295": 71,
    "DHC-6": 19,
}


@dataclass(frozen=True)
class DeployParameters:
    """Planning parameters of a deployment (all overridable).

    Attributes
    ----------
    person_mass_kg : float
        Mass per person with personal equipment and baggage. [kg] Planning assumption
        (100 kg); set the figure of the movement order.
    payload_fraction : float
        Share of the aircraft table's maximum payload loaded per sortie, (0, 1]. Planning
        assumption (1.0 = published maximum); real allowable cabin loads are lower with
        fuel for long legs.
    seats_by_aircraft : dict of str to int
        Seats per sortie by aircraft key; default :data:`DEFAULT_SEATS` (published troop
        seating). A type not listed is limited by mass only.
    site_sorties_per_day : int
        Arrivals per day the site can handle (parking, handling, fuel). Planning
        assumption (6); ask the airfield for its maximum on ground.
    cargo_by : {"air", "sea"}
        How palletised cargo travels; vehicles always go by sea.
    ship_speed_kt : float
        Planning speed of the sea lift. [kt] Planning assumption (14 kt).
    port_handling_days : float
        Loading plus unloading time of a sea lift. [d] Planning assumption (2 d).
    destination_port : str or None
        Greenland port of discharge; ``None``: the port nearest the site.
    """

    person_mass_kg: float = 100.0
    payload_fraction: float = 1.0
    seats_by_aircraft: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_SEATS))
    site_sorties_per_day: int = 6
    cargo_by: Literal["air", "sea"] = "air"
    ship_speed_kt: float = 14.0
    port_handling_days: float = 2.0
    destination_port: str | None = None

    def check(self) -> None:
        """Raise :class:`OutOfDomainError` for a value outside its range."""
        for name, v, lo, hi in (
            ("person_mass_kg", self.person_mass_kg, 0.0, 500.0),
            ("payload_fraction", self.payload_fraction, 0.0, 1.0),
            ("site_sorties_per_day", self.site_sorties_per_day, 0.0, 1000.0),
            ("ship_speed_kt", self.ship_speed_kt, 0.0, 40.0),
        ):
            if not (lo < v <= hi):
                raise OutOfDomainError(
                    f"deploy parameter {name} = {v} is outside ({lo:g}, {hi:g}]",
                    field=name,
                    value=v,
                    valid_range=(lo, hi),
                )
        if self.cargo_by not in ("air", "sea"):
            raise InputError(
                f"deploy parameter cargo_by = {self.cargo_by!r} must be 'air' or 'sea'",
                field="cargo_by",
                value=self.cargo_by,
                valid_range=["air", "sea"],
            )
        if self.port_handling_days < 0:
            raise OutOfDomainError(
                f"port_handling_days = {self.port_handling_days} is negative",
                field="port_handling_days",
                value=self.port_handling_days,
            )

    def assumptions(self) -> list[str]:
        """The planning assumptions in force, one line each (for the report)."""
        seats = (
            ", ".join(f"{k}: {v}" for k, v in self.seats_by_aircraft.items())
            or "not limited (seat capacity unknown)"
        )
        return [
            f"{self.person_mass_kg:g} kg per person with kit (planning assumption)",
            f"{self.payload_fraction:.0%} of published maximum payload per sortie "
            "(planning assumption)",
            f"seats per sortie: {seats}; other types limited by mass only",
            f"site handles {self.site_sorties_per_day} arrivals per day (planning assumption)",
            f"cargo by {self.cargo_by}; vehicles by sea",
            f"sea lift at {self.ship_speed_kt:g} kt plus {self.port_handling_days:g} days "
            "loading/unloading (planning assumption)",
        ]


@dataclass(frozen=True)
class AirliftLine:
    """One nation's airlift asset: ``count`` aircraft of one type.

    Attributes
    ----------
    aircraft : Aircraft
    count : int
        Number of aircraft. >= 1.
    available_from : datetime.date or None
        First day the aircraft fly; ``None`` = from the start.
    sorties_per_day : float
        Sorties into the site per aircraft per day (fractions accumulate: 0.5 = every
        other day). Encodes the cycle time from the home base, which is not modelled.
    """

    aircraft: Aircraft
    count: int = 1
    available_from: dt.date | None = None
    sorties_per_day: float = 1.0


@dataclass(frozen=True)
class Contingent:
    """What one nation moves to the site.

    Attributes
    ----------
    nation : str
        ISO 3166-1 alpha-3.
    personnel : int or None
        ``None`` = not published (not planned, reported).
    cargo_kg : float
        Palletised cargo. [kg]
    vehicles : int
    airlift : tuple of AirliftLine
    home_port : str or None
    note : str
        Where the figures come from (e.g. a planning assumption of the fallback).
    """

    nation: str
    personnel: int | None
    cargo_kg: float = 0.0
    vehicles: int = 0
    airlift: tuple[AirliftLine, ...] = ()
    home_port: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Activity:
    """One bar of the timeline.

    Attributes
    ----------
    nation : str
    mode : {"air", "sea"}
    start, end : datetime.date
        First and last day (inclusive).
    sorties : int
        Sorties flown (air), 0 for sea.
    detail : str
        What moves and how.
    caveats : tuple of str
    duration_d : float or None
        The real duration where the plan knows it finer than whole days (sea lift:
        transit plus port handling). [d] ``None``: the activity fills its days (the
        airlift is planned day by day).
    path_lat_deg, path_lon_deg : tuple of float
        The sea route's polyline for a sea movement (from
        :func:`arcticrecon.geo.sea_route`), empty for air (the origin of the airlift is
        not modelled). [deg]
    """

    nation: str
    mode: str
    start: dt.date
    end: dt.date
    sorties: int
    detail: str
    caveats: tuple[str, ...] = ()
    duration_d: float | None = None
    path_lat_deg: tuple[float, ...] = ()
    path_lon_deg: tuple[float, ...] = ()

    @property
    def days(self) -> int:
        """Duration, inclusive of both ends. [d]"""
        return (self.end - self.start).days + 1

    def to_dict(self) -> dict[str, Any]:
        """Plain record (the ``deploy`` table row)."""
        return {
            "nation": self.nation,
            "mode": self.mode,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "sorties": self.sorties,
            "detail": self.detail,
            "caveats": "; ".join(self.caveats),
            "duration_d": None if self.duration_d is None else round(self.duration_d, 2),
        }


@dataclass(frozen=True)
class DeploymentPlan:
    """A deployment timeline to one site.

    Attributes
    ----------
    site : Site
    start : datetime.date
    activities : tuple of Activity
    unplanned : tuple of str
        Parts of contingents that could not be planned, with the reason.
    assumptions : tuple of str
    """

    site: Site
    start: dt.date
    activities: tuple[Activity, ...]
    unplanned: tuple[str, ...]
    assumptions: tuple[str, ...]

    @property
    def closure_date(self) -> dt.date | None:
        """Day the last planned activity ends, ``None`` if nothing was planned."""
        return max((a.end for a in self.activities), default=None)

    @property
    def days_to_close(self) -> int | None:
        """Days from the start to closure, inclusive. [d]"""
        c = self.closure_date
        return None if c is None else (c - self.start).days + 1

    def to_dict(self) -> dict[str, Any]:
        """JSON-able timeline (``deploy --format json``)."""
        return {
            "site": self.site.icao,
            "start": self.start.isoformat(),
            "closure_date": self.closure_date.isoformat() if self.closure_date else None,
            "days_to_close": self.days_to_close,
            "activities": [a.to_dict() for a in self.activities],
            "unplanned": list(self.unplanned),
            "assumptions": list(self.assumptions),
        }


def contingents_from_mission(
    mission: Mission, exercise: ExerciseConcept | None = None
) -> tuple[list[Contingent], list[str]]:
    """Contingents of the mission's contributions.

    Contributions that describe a deployment (airlift, cargo or vehicles) are contingents;
    personnel-only entries are the reconnaissance mission's own staff. If there is no such
    contribution and an ``exercise`` is given, the exercise becomes one contingent of its personnel,
    flown by **one aircraft of each type it lists, one sortie a day** — a planning
    assumption stated in the returned notes.

    Returns
    -------
    contingents : list of Contingent
    notes : list of str

    Raises
    ------
    NotFoundError
        If an airlift aircraft type is not in the aircraft table.
    """
    out: list[Contingent] = []
    notes: list[str] = []

    def lines(c: Contribution) -> tuple[AirliftLine, ...]:
        return tuple(
            AirliftLine(get_aircraft(a.aircraft), a.count, a.available_from, a.sorties_per_day)
            for a in c.airlift
        )

    for c in mission.contributions:
        if c.cargo_t or c.vehicles or c.airlift:
            out.append(
                Contingent(
                    nation=c.nation,
                    personnel=c.personnel,
                    cargo_kg=c.cargo_t * 1000.0,
                    vehicles=c.vehicles,
                    airlift=lines(c),
                    home_port=c.home_port,
                )
            )
    if not out and exercise is not None:
        note = (
            f"the mission file lists no contingents: planned the exercise's "
            f"{exercise.personnel} personnel with one aircraft of each listed type "
            f"({', '.join(exercise.aircraft) or 'none'}) flying one sortie a day "
            "(planning assumption)"
        )
        notes.append(note)
        out.append(
            Contingent(
                nation=mission.mission.lead_nation,
                personnel=exercise.personnel,
                airlift=tuple(AirliftLine(get_aircraft(a)) for a in exercise.aircraft),
                note=note,
            )
        )
    return out, notes


def nearest_port(site: Site, ports: tuple[Port, ...] | None = None) -> tuple[Port, float]:
    """The Greenland port nearest a site and its geodesic distance [m]."""
    table = [p for p in (ports or read_ports_csv()) if p.region == "greenland"]
    if not table:
        raise NotFoundError("the ports table has no Greenland port")
    d = [
        float(
            geodesic_distance_m(
                lat1_deg=site.lat_deg, lon1_deg=site.lon_deg, lat2_deg=p.lat_deg, lon2_deg=p.lon_deg
            )
        )
        for p in table
    ]
    i = min(range(len(d)), key=d.__getitem__)
    return table[i], d[i]


@dataclass
class _AirState:
    nation: str
    people_left: int
    cargo_left_kg: float
    lines: list[tuple[AirliftLine, float, int | None]]  # line, payload per sortie, seats
    credit: list[float]
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    sorties: int = 0
    types: dict[str, int] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        return self.people_left <= 0 and self.cargo_left_kg <= 1e-6


def _fly_sortie(st: _AirState, payload_kg: float, seats: int | None, person_kg: float) -> None:
    cap_people = int(payload_kg // person_kg) if person_kg > 0 else st.people_left
    if seats is not None:
        cap_people = min(cap_people, seats)
    n = min(st.people_left, cap_people)
    st.people_left -= n
    room = payload_kg - n * person_kg
    load = min(room, st.cargo_left_kg)
    st.cargo_left_kg -= load


def plan_deployment(
    *,
    contingents: list[Contingent],
    site: Site,
    start: dt.date,
    params: DeployParameters | None = None,
    season_check: SeasonCheck | None = None,
    max_days: int = 365,
) -> DeploymentPlan:
    """Timeline of air and sea movements closing the contingents at ``site``.

    Parameters
    ----------
    contingents : list of Contingent
    site : Site
        Destination airfield (runway compatibility is checked per aircraft type).
    start : datetime.date
        Day 1 of the deployment.
    params : DeployParameters, optional
    season_check : SeasonCheck, optional
        Port season gate for sea lift (from the ``ice`` package); ``None``: not checked.
    max_days : int
        Give up after this many days of airlift. [d]

    Returns
    -------
    DeploymentPlan

    Raises
    ------
    InfeasibleError
        If no part of any contingent can be planned (e.g. no aircraft can use the site
        and nothing goes by sea), or the airlift does not finish within ``max_days``.
    OutOfDomainError
        If a parameter is out of range.

    Examples
    --------
    100 people (100 kg each, 10 t) and 20 t cargo with one A400M (37 t) at one sortie a
    day: 30 t / 37 t -> 1 sortie, closed on day 1.

    >>> from arcticrecon.catalog import load_catalog
    >>> c = Contingent("DNK", 100, cargo_kg=20_000,
    ...                airlift=(AirliftLine(get_aircraft("A400M")),))
    >>> p = plan_deployment(contingents=[c], site=load_catalog().get("BGSF"),
    ...                     start=dt.date(2027, 3, 1))
    >>> p.days_to_close, p.activities[0].sorties
    (1, 1)
    """
    prm = params or DeployParameters()
    prm.check()
    activities: list[Activity] = []
    unplanned: list[str] = []
    air: list[_AirState] = []
    sea_jobs: list[tuple[Contingent, float, int]] = []
    for c in contingents:
        people = c.personnel or 0
        if c.personnel is None:
            unplanned.append(f"{c.nation}: personnel not published, not planned")
        usable: list[tuple[AirliftLine, float, int | None]] = []
        reasons: list[str] = []
        for line in c.airlift:
            v = site_compatibility(line.aircraft, site)
            if not v.ok:
                reasons.append(f"{line.aircraft.key}: {v.reason}")
                continue
            if not line.aircraft.max_payload_kg:
                reasons.append(f"{line.aircraft.key}: maximum payload unknown in the table")
                continue
            usable.append(
                (
                    line,
                    line.aircraft.max_payload_kg * prm.payload_fraction,
                    prm.seats_by_aircraft.get(line.aircraft.key),
                )
            )
        cargo_air = c.cargo_kg if prm.cargo_by == "air" else 0.0
        cargo_sea = c.cargo_kg - cargo_air
        if usable and any(p >= prm.person_mass_kg for _, p, _ in usable):
            if people or cargo_air:
                air.append(_AirState(c.nation, people, cargo_air, usable, [0.0] * len(usable)))
        else:
            why = "; ".join(reasons) or "no airlift listed"
            if people:
                unplanned.append(
                    f"{c.nation}: {people} personnel not planned by air at {site.icao} ({why})"
                )
            cargo_sea += cargo_air
        if c.vehicles or cargo_sea > 0:
            sea_jobs.append((c, cargo_sea, c.vehicles))

    # day-by-day airlift under the site's daily cap
    day = start
    for _ in range(max_days):
        if all(s.done for s in air):
            break
        cap = prm.site_sorties_per_day
        for st in air:
            for k, (line, payload, seats) in enumerate(st.lines):
                if line.available_from and day < line.available_from:
                    continue
                st.credit[k] += line.count * line.sorties_per_day
                n_today = math.floor(st.credit[k] + 1e-9)
                flown = 0
                while flown < n_today and cap > 0 and not st.done:
                    _fly_sortie(st, payload, seats, prm.person_mass_kg)
                    flown += 1
                    cap -= 1
                    st.sorties += 1
                    st.types[line.aircraft.key] = st.types.get(line.aircraft.key, 0) + 1
                    st.first_day = st.first_day or day
                    st.last_day = day
                st.credit[k] -= n_today  # a sortie not flown today (cap) is lost
        day += dt.timedelta(days=1)
    else:
        left = [s.nation for s in air if not s.done]
        raise InfeasibleError(
            f"airlift to {site.icao} does not close within {max_days} days for "
            f"{', '.join(left)}; add aircraft or raise the site's daily sortie cap",
            field="site_sorties_per_day",
            value=prm.site_sorties_per_day,
        )
    for st in air:
        if st.sorties == 0 or st.first_day is None or st.last_day is None:
            continue
        c = next(x for x in contingents if x.nation == st.nation)
        what = []
        if c.personnel:
            what.append(f"{c.personnel} personnel")
        if prm.cargo_by == "air" and c.cargo_kg:
            what.append(f"{c.cargo_kg / 1000:g} t cargo")
        types = ", ".join(f"{n} x {k}" for k, n in st.types.items())
        caveats = tuple(
            dict.fromkeys(
                cv
                for line, _, _ in st.lines
                for cv in site_compatibility(line.aircraft, site).caveats
            )
        )
        activities.append(
            Activity(
                st.nation,
                "air",
                st.first_day,
                st.last_day,
                st.sorties,
                f"{' and '.join(what)} in {st.sorties} sorties ({types})",
                caveats + ((c.note,) if c.note else ()),
            )
        )

    # sea lift of vehicles and heavy cargo
    if sea_jobs:
        if prm.destination_port:
            dest = resolve_port(prm.destination_port)
            last_km = (
                float(
                    geodesic_distance_m(
                        lat1_deg=site.lat_deg,
                        lon1_deg=site.lon_deg,
                        lat2_deg=dest.lat_deg,
                        lon2_deg=dest.lon_deg,
                    )
                )
                / 1000.0
            )
        else:
            dest, d_m = nearest_port(site)
            last_km = d_m / 1000.0
        for c, cargo_kg, vehicles in sea_jobs:
            load = ", ".join(
                x
                for x in (
                    f"{vehicles} vehicles" if vehicles else "",
                    f"{cargo_kg / 1000:g} t cargo" if cargo_kg else "",
                )
                if x
            )
            if not c.home_port:
                unplanned.append(f"{c.nation}: {load} by sea not planned (no home_port given)")
                continue
            lift = plan_sealift(
                origin=resolve_port(c.home_port),
                destination=dest,
                speed_m_s=prm.ship_speed_kt * KT_TO_M_S,
                departure=start,
                season_check=season_check,
            )
            days = math.ceil(lift.transit_days + prm.port_handling_days)
            sea_caveats = list(lift.warnings) + list(lift.season_problems)
            if not lift.season_checked:
                sea_caveats.append("port ice season not checked")
            if last_km > 1.0:
                sea_caveats.append(f"{last_km:.0f} km from {dest.name} to {site.icao} not planned")
            activities.append(
                Activity(
                    c.nation,
                    "sea",
                    start,
                    start + dt.timedelta(days=max(days - 1, 0)),
                    0,
                    f"{load} by sea {lift.origin.name} -> {dest.name}, "
                    f"{lift.distance_nm:,.0f} NM, {lift.transit_days:.1f} d at "
                    f"{prm.ship_speed_kt:g} kt + {prm.port_handling_days:g} d handling",
                    tuple(sea_caveats),
                    duration_d=lift.transit_days + prm.port_handling_days,
                    path_lat_deg=tuple(float(v) for v in lift.route.lat_deg),
                    path_lon_deg=tuple(float(v) for v in lift.route.lon_deg),
                )
            )
    if not activities:
        raise InfeasibleError(
            f"nothing can be planned to {site.icao}: {'; '.join(unplanned) or 'no contingent'}"
            "; give personnel and airlift that can use the site, or a home_port for sea lift",
            field="contributions",
        )
    return DeploymentPlan(
        site=site,
        start=start,
        activities=tuple(activities),
        unplanned=tuple(unplanned),
        assumptions=tuple(prm.assumptions()),
    )


def with_overrides(params: DeployParameters, **kw: Any) -> DeployParameters:
    """A copy of ``params`` with the non-``None`` keyword values replaced.

    Raises
    ------
    InputError
        If a keyword is not a parameter.
    """
    known = set(DeployParameters.__dataclass_fields__)
    bad = set(kw) - known
    if bad:
        raise InputError(f"unknown deploy parameter(s) {sorted(bad)}; known: {sorted(known)}")
    return replace(params, **{k: v for k, v in kw.items() if v is not None})
