"""Reconnaissance itinerary: the visiting order that finishes soonest, flying in daylight.

Problem: a team starts at a hub at ``start_utc``, visits each of its sites once (staying
``visit_duration_s`` on the ground) and, by default, returns to the hub. Every flight must
lie entirely inside a civil-daylight window at both its departure and its arrival site
(a conservative reading of "fly only in civil daylight": the Sun at or above -6° at both
ends for the whole block time). Waiting on the ground for the next window is allowed.
Objective: the earliest completion time.

Method: exact dynamic programming over subsets (Held & Karp 1962) with time-dependent
travel times. With waiting allowed, the earliest arrival is a non-decreasing function of
the ready time (the FIFO property), so keeping only the earliest ready time per
(visited set, last site) state is exact (the label-setting argument of time-dependent
shortest paths, e.g. Ichoua, Gendreau & Potvin 2003, doi:10.1016/S0377-2217(02)00147-9).
Complexity O(2^n n^2) window look-ups: exact up to :data:`MAX_EXACT_SITES` sites.

References
----------
.. [1] M. Held and R. M. Karp, "A dynamic programming approach to sequencing problems",
   J. SIAM 10(1) (1962) 196-210, doi:10.1137/0110015.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from arcticrecon.catalog import Aircraft, Site, site_compatibility
from arcticrecon.errors import DataSourceError, InfeasibleError, InputError, OutOfDomainError
from arcticrecon.logistics.assumptions import BLOCK_ALLOWANCE_S, VISIT_DURATION_S
from arcticrecon.logistics.flights import FlightLeg, flight_leg, place_from_site

__all__ = [
    "MAX_EXACT_SITES",
    "VISIT_DURATION_S",
    "DaylightProvider",
    "Itinerary",
    "ItineraryStop",
    "civil_daylight_provider",
    "civil_windows_from_events",
    "plan_itinerary",
    "plan_team_itinerary",
]

#: Largest number of sites solved exactly (2^n n^2 look-ups).
MAX_EXACT_SITES = 10


#: ``provider(site, date) -> [(start_utc, end_utc), ...]``: civil-daylight windows of a
#: site on a UTC date (timezone-aware datetimes); an empty list = no daylight that day.
DaylightProvider = Callable[[Site, dt.date], list[tuple[dt.datetime, dt.datetime]]]


@dataclass(frozen=True)
class ItineraryStop:
    """One flight of the itinerary and the visit after it.

    Attributes
    ----------
    leg : FlightLeg
    depart_utc, arrive_utc : datetime.datetime
        Take-off and landing (block times). UTC.
    wait_s : float
        Ground waiting before take-off beyond the visit (for daylight). [s]
    leave_utc : datetime.datetime or None
        End of the visit at the arrival site (``None`` for the return to the hub).
    """

    leg: FlightLeg
    depart_utc: dt.datetime
    arrive_utc: dt.datetime
    wait_s: float
    leave_utc: dt.datetime | None

    def to_dict(self) -> dict[str, Any]:
        """Plain record (the ``itinerary`` table row)."""
        return {
            "from": self.leg.origin.name,
            "to": self.leg.destination.name,
            "depart_utc": self.depart_utc.isoformat(timespec="minutes"),
            "arrive_utc": self.arrive_utc.isoformat(timespec="minutes"),
            "block_time_h": round(self.leg.block_time_s / 3600.0, 2),
            "wait_h": round(self.wait_s / 3600.0, 2),
            "distance_nm": round(self.leg.distance_nm, 1),
            "visit_until_utc": self.leave_utc.isoformat(timespec="minutes")
            if self.leave_utc
            else None,
        }


@dataclass(frozen=True)
class Itinerary:
    """An itinerary and its total.

    Attributes
    ----------
    aircraft : str
    start_utc, end_utc : datetime.datetime
    stops : tuple of ItineraryStop
    order : tuple of str
        Sites in visiting order (ICAO codes), hub excluded.
    method : str
    notes : tuple of str
        Other aircraft tried and why they were not chosen, caveats.
    """

    aircraft: str
    start_utc: dt.datetime
    end_utc: dt.datetime
    stops: tuple[ItineraryStop, ...]
    order: tuple[str, ...]
    method: str
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def total_s(self) -> float:
        """Elapsed time from the start to the end. [s]"""
        return (self.end_utc - self.start_utc).total_seconds()

    @property
    def flying_s(self) -> float:
        """Sum of block times. [s]"""
        return sum(s.leg.block_time_s for s in self.stops)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able itinerary."""
        return {
            "aircraft": self.aircraft,
            "order": list(self.order),
            "start_utc": self.start_utc.isoformat(timespec="minutes"),
            "end_utc": self.end_utc.isoformat(timespec="minutes"),
            "total_h": round(self.total_s / 3600.0, 2),
            "flying_h": round(self.flying_s / 3600.0, 2),
            "method": self.method,
            "legs": [s.to_dict() for s in self.stops],
            "notes": list(self.notes),
        }


def _merge(windows: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(windows):
        if b <= a:
            continue
        if out and a <= out[-1][1] + 1e-6:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


class _Windows:
    """Cached, merged daylight windows per site as epoch seconds."""

    def __init__(self, provider: DaylightProvider | None, first: dt.date, days: int) -> None:
        self.provider = provider
        self.first = first
        self.days = days
        self.cache: dict[str, list[tuple[float, float]]] = {}

    def of(self, site: Site) -> list[tuple[float, float]]:
        if self.provider is None:
            return [(-1e18, 1e18)]
        if site.icao not in self.cache:
            raw: list[tuple[float, float]] = []
            for k in range(-1, self.days + 1):
                day = self.first + dt.timedelta(days=k)
                for a, b in self.provider(site, day):
                    if a.tzinfo is None or b.tzinfo is None:
                        raise InputError(
                            f"daylight window {a}..{b} of {site.icao} is not timezone-aware; "
                            "the provider must return UTC datetimes"
                        )
                    raw.append((a.timestamp(), b.timestamp()))
            self.cache[site.icao] = _merge(raw)
        return self.cache[site.icao]


def _earliest_departure(
    wa: list[tuple[float, float]], wb: list[tuple[float, float]], ready: float, block: float
) -> float | None:
    """Earliest t >= ready with [t, t + block] inside one window of ``wa`` and of ``wb``."""
    i = max(bisect.bisect_right(wa, (ready, float("inf"))) - 1, 0)
    j = max(bisect.bisect_right(wb, (ready, float("inf"))) - 1, 0)
    while i < len(wa) and j < len(wb):
        lo = max(ready, wa[i][0], wb[j][0])
        hi = min(wa[i][1], wb[j][1])
        if lo + block <= hi:
            return lo
        if wa[i][1] < wb[j][1]:
            i += 1
        else:
            j += 1
    return None


def plan_itinerary(
    *,
    hub: Site,
    sites: Sequence[Site],
    aircraft: Aircraft,
    start_utc: dt.datetime,
    daylight: DaylightProvider | None,
    visit_duration_s: float = VISIT_DURATION_S,
    allowance_s: float = BLOCK_ALLOWANCE_S,
    return_to_hub: bool = True,
    horizon_days: int = 30,
) -> Itinerary:
    """Quickest daylight-only itinerary for one aircraft type (exact).

    Parameters
    ----------
    hub : Site
        Start (and end) airfield.
    sites : sequence of Site
        Sites to visit once each; at most :data:`MAX_EXACT_SITES`.
    aircraft : Aircraft
    start_utc : datetime.datetime
        Earliest take-off, timezone-aware.
    daylight : DaylightProvider or None
        Civil-daylight windows; ``None`` = fly at any time (no light constraint).
    visit_duration_s : float
        Ground time at each site. [s] Planning assumption, see :data:`VISIT_DURATION_S`.
    allowance_s : float
        Block-time allowance per leg. [s]
    return_to_hub : bool
        End with the flight back to the hub.
    horizon_days : int
        Search daylight windows this many days ahead. [d]

    Returns
    -------
    Itinerary

    Raises
    ------
    InfeasibleError
        If the aircraft cannot use a site, a needed leg exceeds its range, or no order
        fits the daylight windows within the horizon (polar night).
    InputError
        If there are too many sites, a site is repeated, or ``start_utc`` is naive.
    """
    if start_utc.tzinfo is None:
        raise InputError("start_utc must be timezone-aware (UTC)", field="start_utc")
    if visit_duration_s < 0:
        raise OutOfDomainError(
            f"visit duration {visit_duration_s} s is negative", field="visit_duration_s"
        )
    codes = [s.icao for s in sites]
    if len(set(codes)) != len(codes) or hub.icao in codes:
        raise InputError(
            f"itinerary sites {codes} repeat a site or the hub {hub.icao}; list each once",
            field="sites",
            value=codes,
        )
    n = len(sites)
    if n > MAX_EXACT_SITES:
        raise InputError(
            f"{n} sites exceed the {MAX_EXACT_SITES} the exact solver handles; split the team's "
            "sites into smaller trips",
            field="sites",
            value=n,
            valid_range=(1, MAX_EXACT_SITES),
        )
    for s in (hub, *sites):
        v = site_compatibility(aircraft, s)
        if not v.ok:
            raise InfeasibleError(
                f"{aircraft.key} cannot use {s.icao} ({s.name}): {v.reason}",
                field="aircraft",
                value=aircraft.key,
            )
    places = [place_from_site(s) for s in (hub, *sites)]
    allsites = [hub, *sites]
    legs: dict[tuple[int, int], FlightLeg] = {}
    for a in range(n + 1):
        for b in range(n + 1):
            if a != b:
                leg = flight_leg(
                    origin=places[a],
                    destination=places[b],
                    aircraft=aircraft,
                    allowance_s=allowance_s,
                )
                if leg.within_range:
                    legs[(a, b)] = leg
    win = _Windows(daylight, start_utc.astimezone(dt.UTC).date(), horizon_days)
    t0 = start_utc.timestamp()
    # best[(mask, j)] = (ready time at j, predecessor, departure time of the leg into j)
    best: dict[tuple[int, int], tuple[float, int, float]] = {}
    for j in range(1, n + 1):
        if (0, j) in legs:
            blk = legs[(0, j)].block_time_s
            dep = _earliest_departure(win.of(hub), win.of(allsites[j]), t0, blk)
            if dep is not None:
                best[(1 << (j - 1), j)] = (dep + blk + visit_duration_s, 0, dep)
    for mask in range(1, 1 << n):
        for j in range(1, n + 1):
            state = best.get((mask, j))
            if state is None:
                continue
            ready = state[0]
            for k in range(1, n + 1):
                bit = 1 << (k - 1)
                if mask & bit or (j, k) not in legs:
                    continue
                blk = legs[(j, k)].block_time_s
                dep = _earliest_departure(win.of(allsites[j]), win.of(allsites[k]), ready, blk)
                if dep is None:
                    continue
                cand = dep + blk + visit_duration_s
                key = (mask | bit, k)
                if key not in best or cand < best[key][0] - 1e-6:
                    best[key] = (cand, j, dep)
    full = (1 << n) - 1
    finals: list[tuple[float, int, float | None]] = []
    for j in range(1, n + 1):
        state = best.get((full, j))
        if state is None:
            continue
        if not return_to_hub:
            finals.append((state[0], j, None))
        elif (j, 0) in legs:
            blk = legs[(j, 0)].block_time_s
            dep = _earliest_departure(win.of(allsites[j]), win.of(hub), state[0], blk)
            if dep is not None:
                finals.append((dep + blk, j, dep))
    if n == 0:
        raise InputError("the team has no sites to visit", field="sites")
    if not finals:
        out_of_range = sorted(
            {
                f"{places[a].name}-{places[b].name}"
                for a in range(n + 1)
                for b in range(n + 1)
                if a != b and (a, b) not in legs
            }
        )
        why = (
            f"legs beyond {aircraft.key}'s range: {', '.join(out_of_range[:6])}; "
            if out_of_range
            else ""
        )
        raise InfeasibleError(
            f"no itinerary for {aircraft.key} from {hub.icao} visits {', '.join(codes)} "
            f"within {horizon_days} days: {why}or no civil-daylight window fits the flights "
            "(polar night?); choose another date, aircraft or fewer sites",
            field="sites",
            value=codes,
        )
    end, last, dep_home = min(finals)
    # reconstruct the order
    seq: list[int] = []
    mask, j = full, last
    while j != 0:
        seq.append(j)
        _, prev, _ = best[(mask, j)]
        mask &= ~(1 << (j - 1))
        j = prev
    seq.reverse()
    stops: list[ItineraryStop] = []
    prev_i, prev_ready = 0, t0
    utc = dt.UTC
    for i in seq:
        mask_i = 0
        for x in seq[: seq.index(i) + 1]:
            mask_i |= 1 << (x - 1)
        ready_i, _, dep = best[(mask_i, i)]
        leg = legs[(prev_i, i)]
        arr = dep + leg.block_time_s
        stops.append(
            ItineraryStop(
                leg,
                dt.datetime.fromtimestamp(dep, utc),
                dt.datetime.fromtimestamp(arr, utc),
                dep - prev_ready,
                dt.datetime.fromtimestamp(ready_i, utc),
            )
        )
        prev_i, prev_ready = i, ready_i
    if return_to_hub and dep_home is not None:
        leg = legs[(prev_i, 0)]
        stops.append(
            ItineraryStop(
                leg,
                dt.datetime.fromtimestamp(dep_home, utc),
                dt.datetime.fromtimestamp(dep_home + leg.block_time_s, utc),
                dep_home - prev_ready,
                None,
            )
        )
    return Itinerary(
        aircraft=aircraft.key,
        start_utc=start_utc,
        end_utc=dt.datetime.fromtimestamp(end, utc),
        stops=tuple(stops),
        order=tuple(allsites[i].icao for i in seq),
        method="exact (Held-Karp, time-dependent)",
        notes=() if daylight is not None else ("no daylight constraint applied",),
    )


def plan_team_itinerary(
    *,
    hub: Site,
    sites: Sequence[Site],
    aircraft: Sequence[Aircraft],
    start_utc: dt.datetime,
    daylight: DaylightProvider | None,
    **kwargs: Any,
) -> Itinerary:
    """Best itinerary over the team's aircraft types (each type flies the whole trip).

    Raises
    ------
    InputError
        If no aircraft type is given.
    InfeasibleError
        If no type can fly the itinerary; the message gives each type's reason.
    """
    if not aircraft:
        raise InputError(
            'the team lists no aircraft; add e.g. aircraft = ["DHC-6"] to the team',
            field="aircraft",
        )
    results: list[Itinerary] = []
    reasons: list[str] = []
    for ac in aircraft:
        try:
            results.append(
                plan_itinerary(
                    hub=hub,
                    sites=sites,
                    aircraft=ac,
                    start_utc=start_utc,
                    daylight=daylight,
                    **kwargs,
                )
            )
        except InfeasibleError as err:
            reasons.append(f"{ac.key}: {err}")
    if not results:
        raise InfeasibleError(" | ".join(reasons), field="aircraft")
    best = min(results, key=lambda r: (r.end_utc, r.flying_s))
    others = [f"{r.aircraft}: {r.total_s / 3600:.1f} h" for r in results if r is not best]
    notes = (
        list(best.notes)
        + [f"also feasible: {o}" for o in others]
        + [f"not feasible: {r}" for r in reasons]
    )
    return Itinerary(
        best.aircraft,
        best.start_utc,
        best.end_utc,
        best.stops,
        best.order,
        best.method,
        tuple(notes),
    )


def civil_daylight_provider(engine: str | None = None) -> DaylightProvider:
    """Civil-daylight windows from :func:`arcticrecon.light.sun_events`.

    A window runs from the begin of morning civil twilight (``bmct``) to the end of
    evening civil twilight (``eect``); a day with ``civil_state == "always_above"`` is one
    whole-day window, ``"always_below"`` has none.

    Raises
    ------
    DataSourceError
        If the light package is not available in this build.
    """
    try:
        from arcticrecon import light
    except ImportError as err:  # pragma: no cover - light is part of the package
        raise DataSourceError(f"the light package is unavailable: {err}") from err
    sun_events = getattr(light, "sun_events", None)
    if sun_events is None:
        raise DataSourceError(
            "arcticrecon.light.sun_events is not in this build yet; the itinerary needs "
            "it for civil daylight (or run with --no-daylight to ignore light)"
        )
    return _light_adapter(sun_events, engine)


def _light_adapter(sun_events: Any, engine: str | None) -> DaylightProvider:
    block_days = 45
    cache: dict[
        tuple[float, float, dt.date], dict[dt.date, list[tuple[dt.datetime, dt.datetime]]]
    ] = {}

    def provider(site: Site, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        first = day - dt.timedelta(days=(day.toordinal() % block_days))
        key = (site.lat_deg, site.lon_deg, first)
        if key not in cache:
            kw = {} if engine is None else {"engine": engine}
            ds = sun_events(
                site.lat_deg, site.lon_deg, first, first + dt.timedelta(days=block_days - 1), **kw
            )
            cache[key] = civil_windows_from_events(
                days=[np.datetime64(d, "D").astype(object) for d in ds["day"].values],
                bmct=ds["bmct"].values.reshape(-1),
                eect=ds["eect"].values.reshape(-1),
                civil_state=ds["civil_state"].values.reshape(-1),
            )
        return cache[key].get(day, [])

    return provider


def _utc(t: Any) -> dt.datetime | None:
    if np.isnat(t):
        return None
    us = int(np.datetime64(t, "us").astype("int64"))
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=us)


def civil_windows_from_events(
    *, days: Sequence[dt.date], bmct: Any, eect: Any, civil_state: Sequence[str]
) -> dict[dt.date, list[tuple[dt.datetime, dt.datetime]]]:
    """Civil-daylight windows per UTC day from the light package's event arrays.

    Parameters
    ----------
    days : sequence of datetime.date, shape (d,)
        UTC days.
    bmct, eect : ndarray of datetime64, shape (d,)
        First begin of morning / end of evening civil twilight of each day (NaT if none).
    civil_state : sequence of str, shape (d,)
        ``"normal"``, ``"always_above"`` (whole day civil light) or ``"always_below"``.

    Returns
    -------
    dict
        ``date -> [(start_utc, end_utc), ...]``. On a normal day the Sun is above -6°
        from ``bmct`` to ``eect``; when ``eect`` comes first (the previous local evening
        ends after 00 UTC, usual west of Greenwich) the day has two windows, from 00 UTC
        to ``eect`` and from ``bmct`` to 24 UTC. Only the first event of a day is known,
        so a rare second crossing near the polar-day transitions is not represented.

    Examples
    --------
    >>> import numpy as np
    >>> w = civil_windows_from_events(days=[dt.date(2026, 1, 19)],
    ...     bmct=np.array(["2026-01-19T11:39"], "datetime64[ns]"),
    ...     eect=np.array(["2026-01-19T20:49"], "datetime64[ns]"), civil_state=["normal"])
    >>> [(a.strftime("%H:%M"), b.strftime("%H:%M")) for a, b in w[dt.date(2026, 1, 19)]]
    [('11:39', '20:49')]
    """
    out: dict[dt.date, list[tuple[dt.datetime, dt.datetime]]] = {}
    for k, day in enumerate(days):
        d0 = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        d1 = d0 + dt.timedelta(days=1)
        state = str(civil_state[k])
        if state == "always_above":
            out[day] = [(d0, d1)]
            continue
        if state == "always_below":
            out[day] = []
            continue
        up, down = _utc(bmct[k]), _utc(eect[k])
        if up is not None and down is not None:
            out[day] = [(up, down)] if up < down else [(d0, down), (up, d1)]
        elif up is not None:
            out[day] = [(up, d1)]
        elif down is not None:
            out[day] = [(d0, down)]
        else:
            out[day] = []
    return out
