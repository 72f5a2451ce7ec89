"""The main job: mission file + catalogue -> features -> ranked opportunities.

Data flow (one way)::

    Mission, Catalog  ->  light/geo/cold/ice/logistics features per (location, time)
                      ->  rank.rank_options per exercise concept
                      ->  Plan (plain objects; the report and the CLI format it)

The feature Dataset of one exercise has dims ``(location, time)``: ``location`` holds the
site ids (ICAO or OurAirports ident), ``time`` the window start dates (with ``window_end``
beside them). Every engine below works on whole arrays of locations x times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
from numpy.typing import NDArray

from arcticrecon import light
from arcticrecon.catalog import Aircraft, Catalog, Site, get_aircraft, site_compatibility
from arcticrecon.catalog.models import Surface
from arcticrecon.climate import monthly_t2m
from arcticrecon.cold import cold_risk_table
from arcticrecon.coverage import (
    PresenceResult,
    coastline_demand,
    combine_demand,
    presence_options,
    settlement_demand,
)
from arcticrecon.errors import ArcticReconError, InputError, UnknownSiteError
from arcticrecon.geo import pairwise_distance_m
from arcticrecon.ice import port_access_table, site_port_access
from arcticrecon.logistics.deploy import (
    DeploymentPlan,
    contingents_from_mission,
    plan_deployment,
)
from arcticrecon.logistics.flights import BLOCK_ALLOWANCE_S, flight_time_s
from arcticrecon.logistics.sealift import ice_season_check
from arcticrecon.mission import ExerciseConcept, Mission, PresenceStudy
from arcticrecon.rank import Concept, Ranking, get_concept, rank_options

__all__ = [
    "ExercisePlan",
    "Plan",
    "PresencePlan",
    "build_features",
    "light_frame",
    "make_plan",
    "opportunities_frame",
    "site_light",
    "windows_for",
]

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class ExercisePlan:
    """Result for one exercise of the mission file.

    Attributes
    ----------
    exercise : ExerciseConcept
        As written in the mission file.
    concept : Concept
        The library concept with the mission's weights applied, as scored (criteria whose
        optional variable is absent are left out; see ``ranking.missing``).
    aircraft : list of Aircraft
    features : xarray.Dataset
        Dims ``(location, time)``.
    ranking : Ranking
    deployment : DeploymentPlan or None
        Timeline to close the force at the best-ranked site, from the start of its best
        window (:func:`arcticrecon.logistics.deploy.plan_deployment`); ``None`` when it
        could not be planned (``deployment_notes`` says why).
    deployment_notes : tuple of str
    """

    exercise: ExerciseConcept
    concept: Concept
    aircraft: list[Aircraft]
    features: xr.Dataset
    ranking: Ranking
    deployment: DeploymentPlan | None = None
    deployment_notes: tuple[str, ...] = ()

    def top(self, n: int = 10, *, per_site: bool = True) -> pd.DataFrame:
        """The ``n`` best feasible options (by default the best window of each site)."""
        df = self.ranking.feasible
        if per_site:
            df = df.drop_duplicates("location", keep="first")
        return df.head(n)


@dataclass(frozen=True)
class PresencePlan:
    """Result of one ``[[presence]]`` study of the mission file.

    Attributes
    ----------
    study : PresenceStudy
    result : arcticrecon.coverage.PresenceResult
        Chosen sites, covered demand, coverage curve, marginal values, demand points.
    """

    study: PresenceStudy
    result: PresenceResult


@dataclass(frozen=True)
class Plan:
    """Everything the report needs.

    Attributes
    ----------
    mission : Mission
    catalog : Catalog
    hubs : list of Site
    light : xarray.Dataset
        Daily sun events for every catalogue site over all exercise seasons, dims
        ``(location, day)`` (see :func:`arcticrecon.light.sun_events`).
    exercises : list of ExercisePlan
    presence : list of PresencePlan
    generated_utc : datetime
    sources : list of str
        Data sets and formulas used, with licences.
    """

    mission: Mission
    catalog: Catalog
    hubs: list[Site]
    light: xr.Dataset
    t2m_monthly: xr.DataArray
    exercises: list[ExercisePlan]
    generated_utc: dt.datetime
    sources: list[str] = field(default_factory=list)
    presence: list[PresencePlan] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)
    audience: str = ""
    audience_levels: tuple[str, ...] = ()
    site_facts: dict[str, dict[str, Any]] = field(default_factory=dict)


def windows_for(start: dt.date, end: dt.date, kind: str = "month") -> list[tuple[dt.date, dt.date]]:
    """Planning windows covering ``start``..``end`` (inclusive), clipped to the season.

    Parameters
    ----------
    start, end : date
    kind : {"month", "week"}
        Calendar months, or ISO weeks (Monday to Sunday).

    Returns
    -------
    list of (start, end) date pairs, inclusive.

    Examples
    --------
    >>> windows_for(dt.date(2027, 1, 15), dt.date(2027, 3, 2))[0]
    (datetime.date(2027, 1, 15), datetime.date(2027, 1, 31))
    >>> len(windows_for(dt.date(2027, 1, 1), dt.date(2027, 12, 31)))
    12
    """
    if end < start:
        raise InputError(f"window end {end} is before start {start}", field="season")
    out = []
    if kind == "month":
        cur = start.replace(day=1)
        while cur <= end:
            nxt = (cur.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            out.append((max(cur, start), min(nxt - dt.timedelta(days=1), end)))
            cur = nxt
    elif kind == "week":
        cur = start - dt.timedelta(days=start.weekday())
        while cur <= end:
            out.append((max(cur, start), min(cur + dt.timedelta(days=6), end)))
            cur += dt.timedelta(days=7)
    else:
        raise InputError(f"window kind {kind!r} is not month or week", field="window")
    return out


def site_light(sites: list[Site], start: dt.date, end: dt.date) -> xr.Dataset:
    """Daily sun events for sites (UTC days), with ``location`` = site ids.

    Uses the fast light engine (:func:`arcticrecon.light.sun_events`).
    """
    ds = light.sun_events(
        np.array([s.lat_deg for s in sites]),
        np.array([s.lon_deg for s in sites]),
        start,
        end,
        elevation_m=np.array([s.elevation_m or 0.0 for s in sites]),
    )
    return ds.assign_coords(location=[s.icao for s in sites])


def _window_mean(daily: xr.DataArray, windows: list[tuple[dt.date, dt.date]]) -> xr.DataArray:
    days = pd.DatetimeIndex(daily["day"].values)
    out = []
    for a, b in windows:
        sel = (days >= pd.Timestamp(a)) & (days <= pd.Timestamp(b))
        out.append(daily.isel(day=np.flatnonzero(sel)).mean("day"))
    return xr.concat(out, dim="time")


def _window_months(windows: list[tuple[dt.date, dt.date]]) -> NDArray[np.int64]:
    """Calendar month (1-12) of each window's midpoint."""
    return np.array([(a + (b - a) / 2).month for a, b in windows], dtype=np.int64)


def build_features(
    sites: list[Site],
    hubs: list[Site],
    exercise: ExerciseConcept,
    aircraft: list[Aircraft],
    light_ds: xr.Dataset,
    t2m_monthly: xr.DataArray | None = None,
) -> xr.Dataset:
    """Feature Dataset of one exercise over sites x windows.

    Parameters
    ----------
    sites : list of Site, length n
    hubs : list of Site
        The mission's hubs; access is the geodesic distance to the nearest one.
    exercise : ExerciseConcept
    aircraft : list of Aircraft
        The exercise's aircraft; a site is reachable if any of them can use it.
    light_ds : xarray.Dataset
        Daily light of the same sites (:func:`site_light`), covering the season.
    t2m_monthly : xarray.DataArray, dims (location, month), optional
        ERA5 monthly mean 2 m temperature of the same sites [°C]
        (:func:`arcticrecon.climate.monthly_t2m`). Without it the cold variables are
        left out (and the ranking says so).

    Returns
    -------
    xarray.Dataset
        Dims ``(location, time)`` (n sites x windows). Variables: ``civil_light_h``,
        ``nautical_light_h``, ``daylight_h`` [h/day, window means], ``polar_night_days``,
        ``midnight_sun_days`` [days in window]; per site ``hub_distance_km`` [km],
        ``nearest_hub``, ``runway_length_m`` [m, NaN = no runway], ``runway_paved``
        (an open non-helipad runway with a paved surface) with ``runway_paved_reason``,
        ``runway_lighted`` [1 = an open runway is flagged lighted in OurAirports, 0 = none
        is], ``site_open``, ``site_open_reason``, ``aircraft_ok``, ``aircraft_reason``,
        ``aircraft_caveats``; ``flight_time_h`` [h]: block time from the nearest hub with
        the quickest of the exercise's aircraft that can use the site (great-circle
        distance / cruise speed + the 0.5 h block allowance of
        :data:`arcticrecon.logistics.flights.BLOCK_ALLOWANCE_S`; NaN when no aircraft is
        listed or none can use the site). Cold (with ``t2m_monthly``): ``t2m_mean_degC``
        [°C] (month of the window's midpoint), ``wind_chill_degC`` [°C] and
        ``frostbite_band`` (0-4, Environment Canada) at the exercise's design wind
        ``design_wind_kmh``. Ice (when the exercise names ``ship_ice_class``):
        ``port_access`` (1 reachable, 0 not, NaN unknown) from the cited port facts.
    """
    windows = windows_for(exercise.season.from_, exercise.season.to, exercise.window)
    ids = [s.icao for s in sites]
    lds = light_ds.sel(location=ids)
    civil = _window_mean(lds["civil_light_s"] / 3600.0, windows)
    nautical = _window_mean(lds["nautical_light_s"] / 3600.0, windows)
    daylight = _window_mean(lds["daylight_s"] / 3600.0, windows)
    pn = _window_mean((lds["day_state"] == "polar_night").astype(float), windows)
    ms = _window_mean((lds["day_state"] == "midnight_sun").astype(float), windows)
    ndays = np.array([(b - a).days + 1 for a, b in windows], dtype=float)

    d_m = pairwise_distance_m(
        lat1_deg=[s.lat_deg for s in sites],
        lon1_deg=[s.lon_deg for s in sites],
        lat2_deg=[h.lat_deg for h in hubs],
        lon2_deg=[h.lon_deg for h in hubs],
    )
    nearest = d_m.argmin(axis=1)

    hub_dist_m = d_m.min(axis=1)
    ok, why, cav, flight_h = [], [], [], []
    for i, s in enumerate(sites):
        if not aircraft:
            ok.append(True)
            why.append("")
            cav.append("")
            flight_h.append(np.nan)
            continue
        verdicts = [(a, site_compatibility(a, s)) for a in aircraft]
        good = [(a, v) for a, v in verdicts if v.ok]
        # quickest usable aircraft from the nearest hub: en-route time + block allowance
        times = [
            flight_time_s(float(hub_dist_m[i]), a.cruise_speed_m_s) + BLOCK_ALLOWANCE_S
            for a, _ in good
        ]
        flight_h.append(min(times) / 3600.0 if times else np.nan)
        ok.append(bool(good))
        why.append("" if good else "; ".join(f"{a.key}: {v.reason}" for a, v in verdicts))
        cav.append("; ".join(c for _, v in good for c in v.caveats))

    strips = [[r for r in s.open_runways if not r.is_helipad] for s in sites]
    paved = [any(r.surface is Surface.PAVED for r in rw) for rw in strips]
    time = pd.DatetimeIndex([pd.Timestamp(a) for a, _ in windows])
    ds = xr.Dataset(
        {
            "civil_light_h": (("time", "location"), civil.values),
            "nautical_light_h": (("time", "location"), nautical.values),
            "daylight_h": (("time", "location"), daylight.values),
            "polar_night_days": (("time", "location"), pn.values * ndays[:, None]),
            "midnight_sun_days": (("time", "location"), ms.values * ndays[:, None]),
            "hub_distance_km": ("location", hub_dist_m / 1000.0),
            "flight_time_h": ("location", np.asarray(flight_h, dtype=float)),
            "nearest_hub": ("location", [hubs[i].icao for i in nearest]),
            "runway_length_m": (
                "location",
                [np.nan if s.longest_runway_m is None else s.longest_runway_m for s in sites],
            ),
            "runway_paved": ("location", paved),
            "runway_paved_reason": (
                "location",
                [
                    "" if p else ("no open runway listed" if not rw else "no paved open runway")
                    for p, rw in zip(paved, strips, strict=True)
                ],
            ),
            "runway_lighted": ("location", [float(any(r.lighted for r in rw)) for rw in strips]),
            "site_open": ("location", [s.is_open for s in sites]),
            "site_open_reason": (
                "location",
                ["" if s.is_open else "listed as closed in OurAirports" for s in sites],
            ),
            "aircraft_ok": ("location", ok),
            "aircraft_reason": ("location", why),
            "aircraft_caveats": ("location", cav),
        },
        coords={
            "location": ids,
            "time": time,
            "window_end": ("time", pd.DatetimeIndex([pd.Timestamp(b) for _, b in windows])),
            "name": ("location", [s.name for s in sites]),
            "lat_deg": ("location", [s.lat_deg for s in sites]),
            "lon_deg": ("location", [s.lon_deg for s in sites]),
        },
    ).transpose("location", "time")
    ds["civil_light_h"].attrs["units"] = "h/day"
    ds["nautical_light_h"].attrs["units"] = "h/day"
    ds["daylight_h"].attrs["units"] = "h/day"
    months = _window_months(windows)
    if t2m_monthly is not None:
        t2m = t2m_monthly.sel(location=ids).sel(month=xr.DataArray(months, dims="time"))
        risk = cold_risk_table(
            t2m.drop_vars([c for c in t2m.coords if c not in t2m.dims]),
            [exercise.design_wind_kmh],
            exposure_h=exercise.exposure_h_per_day,
        ).isel(wind_kmh=0)
        ds["t2m_mean_degC"] = (("location", "time"), t2m.transpose("location", "time").values)
        ds["t2m_mean_degC"].attrs.update(units="degC", source=t2m_monthly.attrs.get("source", ""))
        ds["wind_chill_degC"] = (
            ("location", "time"),
            risk["wind_chill_degC"].transpose("location", "time").values,
        )
        ds["frostbite_band"] = (
            ("location", "time"),
            risk["frostbite_band"].transpose("location", "time").values.astype(float),
        )
        ds["frostbite_band"].attrs["design_wind_kmh"] = exercise.design_wind_kmh
    if exercise.ship_ice_class:
        access = site_port_access(ids, exercise.ship_ice_class)
        ds["port_access"] = (("location", "time"), access.values[:, months - 1])
        ds["port_access"].attrs["source"] = access.attrs.get("source", "")
    ds["hub_distance_km"].attrs["units"] = "km"
    ds["flight_time_h"].attrs["units"] = "h"
    ds["runway_length_m"].attrs["units"] = "m"
    return ds


def _resolve_hubs(mission: Mission, catalog: Catalog) -> list[Site]:
    hubs = []
    for i, h in enumerate(mission.mission.hubs):
        try:
            hubs.append(catalog.get(h))
        except UnknownSiteError as err:
            raise UnknownSiteError(
                f"mission.hubs[{i}]: {err}", field=f"mission.hubs[{i}]", value=h
            ) from None
    return hubs


def _resolve_exercise(i: int, ex: ExerciseConcept) -> tuple[Concept, list[Aircraft]]:
    concept = get_concept(ex.kind, field_path=f"exercise[{i}].kind").with_weights(
        ex.weights, field_path=f"exercise[{i}].weights"
    )
    if ex.ship_ice_class:
        try:
            port_access_table(ex.ship_ice_class)
        except ArcticReconError as err:
            raise InputError(
                f"exercise[{i}].ship_ice_class: {err}",
                field=f"exercise[{i}].ship_ice_class",
                value=ex.ship_ice_class,
            ) from None
    aircraft = []
    for j, name in enumerate(ex.aircraft):
        try:
            aircraft.append(get_aircraft(name))
        except ArcticReconError as err:
            raise InputError(
                f"exercise[{i}].aircraft[{j}]: {err}",
                field=f"exercise[{i}].aircraft[{j}]",
                value=name,
            ) from None
    return concept, aircraft


SOURCES = [
    "Sites and runways: OurAirports (https://ourairports.com/data/), public domain; "
    "Greenland rows of the 2026-08-22 snapshot (ourairports-data commit 1fb3eea0).",
    "Aircraft planning figures: manufacturers' and air forces' published data as cited per "
    "row in aircraft.csv (confidence stated; runway distances mostly LOW confidence).",
    "Sun positions: skyfield with the JPL DE421 ephemeris (skyfield-data package); sunrise/"
    "sunset at -0.833 deg (USNO), civil -6 deg, nautical -12 deg.",
    "Geodesics: WGS 84 via pyproj.Geod (GeographicLib, Karney 2013).",
    "Coastline: Natural Earth Admin-0 1:50m v4.1.0 (public domain), via world-atlas 2.0.2 (ISC).",
    "Air temperature: ERA5 monthly averaged reanalysis, 2 m temperature climatology 2000-2025 "
    "at 0.25 deg (ECMWF / Copernicus Climate Change Service). Contains modified Copernicus "
    "Climate Change Service information 2000-2025. Coastal sites use the sea-side cell rule of "
    "arcticrecon.climate.era5 (checked against DMI's Nuuk 1991-2020 normals).",
    "Wind chill: 2001 JAG/TI index (Environment Canada / US NWS; Osczevski and Bluestein, "
    "BAMS 86 (2005) 1453-1458); frostbite bands from Environment Canada's wind chill table. "
    "Winds are design scenarios (no verified wind climatology is available offline).",
    "Port seasons: cited facts (US Military Sealift Command, USTRANSCOM, US Space Force, Royal "
    "Arctic Line and others, see port_access_seasons_facts.csv); months without a fact are "
    "unknown. Ship ice class per IMO Polar Code POLARIS (MSC.1/Circ.1519).",
    "Ranking: simple additive weighting and TOPSIS (C.-L. Hwang and K. Yoon, Multiple Attribute "
    "Decision Making, Springer 1981); fixed ideal/anti-ideal after M. S. García-Cascales and "
    "M. T. Lamata, Math. Comput. Model. 56 (2012) 123-132; TOPSIS computed with pymcdm (MIT).",
    "Presence options: maximal covering location problem (R. Church and C. ReVelle, Papers "
    "Reg. Sci. Assoc. 32 (1974) 101-118) solved exactly with HiGHS via scipy.optimize.milp; "
    "demand: Statistics Greenland 2021 town populations, Natural Earth coastline.",
    "Weight sensitivity: Monte-Carlo over the weight simplex in the spirit of SMAA (R. Lahdelma, "
    "J. Hokkanen, P. Salminen, Eur. J. Oper. Res. 106 (1998) 137-143).",
]


def _deployment(
    mission: Mission, ex: ExerciseConcept, ranking: Ranking, catalog: Catalog
) -> tuple[DeploymentPlan | None, tuple[str, ...]]:
    """Deployment timeline to the best option of an exercise (or why there is none)."""
    best = ranking.feasible
    if best.empty:
        return None, ("no feasible site: no deployment planned",)
    top = best.iloc[0]
    site = catalog.get(str(top["location"]))
    start = pd.Timestamp(top["time"]).date()
    try:
        contingents, notes = contingents_from_mission(mission, ex)
        season = ice_season_check(ex.ship_ice_class) if ex.ship_ice_class else None
        plan = plan_deployment(contingents=contingents, site=site, start=start, season_check=season)
    except ArcticReconError as err:
        return None, (f"deployment to {site.icao} not planned: {err}",)
    return plan, tuple(notes)


def _presence(i: int, study: PresenceStudy, catalog: Catalog) -> PresencePlan:
    field_path = f"presence[{i}]"
    try:
        aircraft = get_aircraft(study.aircraft)
        demand = {
            "settlements": settlement_demand,
            "coast": coastline_demand,
            "both": lambda: combine_demand([settlement_demand(), coastline_demand()]),
        }[study.demand]()
        result = presence_options(
            catalog,
            aircraft,
            study.response_h,
            study.k,
            study.fixed,
            demand,
            curve_k_max=max(study.curve_to or study.k, study.k),
        )
    except ArcticReconError as err:
        raise InputError(f"{field_path}: {err}", field=field_path, value=study.aircraft) from None
    return PresencePlan(study, result)


def make_plan(
    mission: Mission,
    catalog: Catalog,
    *,
    progress: Progress | None = None,
    now_utc: dt.datetime | None = None,
) -> Plan:
    """Run the main job: validate against the catalogue, compute features, rank.

    Parameters
    ----------
    mission : Mission
    catalog : Catalog
    progress : callable(str, float), optional
        Called with a step label and the fraction done (0..1).
    now_utc : datetime, optional
        Timestamp stored in the plan (default: now).

    Returns
    -------
    Plan

    Raises
    ------
    UnknownSiteError
        If a hub is not in the catalogue (field ``mission.hubs[i]``).
    InputError
        For an unknown exercise kind, aircraft or weight name (field path named).
    """

    def step(label: str, frac: float) -> None:
        if progress:
            progress(label, frac)

    hubs = _resolve_hubs(mission, catalog)
    resolved = [_resolve_exercise(i, ex) for i, ex in enumerate(mission.exercise)]
    sites = list(catalog)
    start = min(ex.season.from_ for ex in mission.exercise)
    end = max(ex.season.to for ex in mission.exercise)
    step("light: sun events for every site and day", 0.05)
    light_ds = site_light(sites, start, end)
    step("climate: ERA5 monthly temperature at every site", 0.25)
    t2m = monthly_t2m(
        np.array([s.lat_deg for s in sites]),
        np.array([s.lon_deg for s in sites]),
        np.array([s.elevation_m if s.elevation_m is not None else np.nan for s in sites]),
    ).assign_coords(location=[s.icao for s in sites])
    plans = []
    for i, (ex, (concept, aircraft)) in enumerate(zip(mission.exercise, resolved, strict=True)):
        step(f"ranking {ex.name}", 0.3 + 0.6 * i / len(mission.exercise))
        feats = build_features(sites, hubs, ex, aircraft, light_ds, t2m)
        ranking = rank_options(feats, concept)
        # ranking.concept: as scored (criteria whose optional variable is absent left out)
        deployment, notes = _deployment(mission, ex, ranking, catalog)
        plans.append(ExercisePlan(ex, ranking.concept, aircraft, feats, ranking, deployment, notes))
    presence = []
    for i, study in enumerate(mission.presence):
        step(f"presence options: {study.name or study.aircraft}", 0.9)
        presence.append(_presence(i, study, catalog))
    step("done", 1.0)
    return Plan(
        mission=mission,
        catalog=catalog,
        hubs=hubs,
        light=light_ds,
        t2m_monthly=t2m,
        exercises=plans,
        presence=presence,
        generated_utc=now_utc or dt.datetime.now(dt.UTC),
        sources=list(SOURCES),
    )


def opportunities_frame(plan: Plan) -> pd.DataFrame:
    """All ranked options of all exercises as one table (the ``opportunities.csv``).

    Columns: ``exercise``, ``kind``, ``rank``, ``icao``, ``site``, ``window_start``,
    ``window_end``, ``score``, ``p_top3``, ``p_top3_site``, ``pareto``, ``topsis_score``,
    ``topsis_rank`` (see :class:`arcticrecon.rank.Ranking`), ``feasible``,
    ``excluded_reason``, then per criterion
    ``<c>_value``, ``<c>_normalised``, ``<c>_contribution``, and ``explanation``.
    """
    frames = []
    for ep in plan.exercises:
        df = ep.ranking.options.copy()
        names = dict(zip(ep.features["location"].values, ep.features["name"].values, strict=True))
        ends = pd.Series(
            pd.DatetimeIndex(ep.features["window_end"].values),
            index=pd.DatetimeIndex(ep.features["time"].values),
        )
        df.insert(0, "exercise", ep.exercise.name)
        df.insert(1, "kind", ep.exercise.kind)
        df = df.rename(columns={"location": "icao", "time": "window_start"})
        df.insert(df.columns.get_loc("icao") + 1, "site", df["icao"].map(names))
        df.insert(
            df.columns.get_loc("window_start") + 1,
            "window_end",
            pd.DatetimeIndex(df["window_start"]).map(ends),
        )
        df["window_start"] = pd.to_datetime(df["window_start"]).dt.date
        df["window_end"] = pd.to_datetime(df["window_end"]).dt.date
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    lead = ["exercise", "kind", "rank", "icao", "site", "window_start", "window_end", "score"]
    lead += [
        c
        for c in ("p_top3", "p_top3_site", "pareto", "topsis_score", "topsis_rank")
        if c in out.columns
    ]
    rest = [c for c in out.columns if c not in lead and c != "explanation"]
    return out[[*lead, *rest, "explanation"]]


def light_frame(plan: Plan) -> pd.DataFrame:
    """Daily light per site (the ``light.csv``): events in UTC ISO format, states, hours."""
    ds = plan.light
    rows: dict[str, Any] = {}
    n_loc, n_day = ds.sizes["location"], ds.sizes["day"]
    rows["icao"] = np.repeat(ds["location"].values, n_day)
    rows["date"] = np.tile(pd.DatetimeIndex(ds["day"].values).date, n_loc)
    for v in ("bmnt", "bmct", "sunrise", "solar_noon", "sunset", "eect", "eent"):
        vals = pd.DatetimeIndex(ds[v].transpose("location", "day").values.ravel())
        rows[f"{v}_utc"] = [None if pd.isna(t) else t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in vals]
    for v in ("daylight_s", "civil_light_s", "nautical_light_s"):
        rows[v.replace("_s", "_h")] = np.round(
            ds[v].transpose("location", "day").values.ravel() / 3600.0, 3
        )
    for v in ("day_state", "civil_state", "nautical_state"):
        rows[v] = ds[v].transpose("location", "day").values.ravel()
    return pd.DataFrame(rows)
