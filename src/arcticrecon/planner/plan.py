"""The plan: mission file + catalogue -> features -> ranked opportunities (:func:`make_plan`).

The result is plain objects (:class:`Plan`); :mod:`arcticrecon.report` formats them
(tables, charts, HTML/PDF) and the CLI prints them.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from arcticrecon._xarray_dask import defer_dask_array_import
from arcticrecon.catalog import Aircraft, Catalog, Site, get_aircraft
from arcticrecon.climate import monthly_t2m
from arcticrecon.coverage import (
    PresenceResult,
    coastline_demand,
    combine_demand,
    presence_options,
    settlement_demand,
)
from arcticrecon.errors import ArcticReconError, InputError, UnknownSiteError
from arcticrecon.ice import port_access_table
from arcticrecon.logistics.deploy import (
    DeploymentPlan,
    contingents_from_mission,
    plan_deployment,
)
from arcticrecon.logistics.sealift import ice_season_check
from arcticrecon.mission import ExerciseConcept, Mission, PresenceStudy
from arcticrecon.planner.factors import site_factors
from arcticrecon.planner.features import (
    build_features,
    site_light,
    site_light_intervals,
    working_hours_concept,
)
from arcticrecon.rank import Concept, Ranking, get_concept, rank_options

log = logging.getLogger(__name__)

__all__ = ["SOURCES", "ExercisePlan", "Plan", "PresencePlan", "Progress", "make_plan"]

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
    constraints : tuple of str
        Finding-driven constraints, e.g. a fixed base a field finding made unusable for
        the study's aircraft (planned without it).
    """

    study: PresenceStudy
    result: PresenceResult
    constraints: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    """Everything the report needs.

    Attributes
    ----------
    mission : Mission
    catalog : Catalog
    hubs : list of Site
    light : xarray.Dataset
        Light per catalogue site and local date (each site's zone) over all exercise
        seasons, dims ``(location, day)`` (see :func:`~arcticrecon.planner.site_light`).
    light_intervals : pandas.DataFrame or None
        The daylight/civil/nautical/astronomical intervals starting on each of those
        dates (:func:`~arcticrecon.planner.features.site_light_intervals`; the
        ``light.csv``).
    exercises : list of ExercisePlan
    presence : list of PresencePlan
    generated_utc : datetime
    sources : list of str
        Data sets and formulas used, with licences.
    findings, overrides : list
        Reports and the effective site overrides (``SiteOverride``) the plan used, for
        one audience (empty without a store); the outputs' marking is their high-water
        mark (:func:`arcticrecon.report.plan_marking`).
    surveyed : list
        Field surveys applied to the catalogue for the audience
        (:class:`arcticrecon.zones.SurveyedSite`), listed by the report.
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
    overrides: list[Any] = field(default_factory=list)
    audience: str = ""
    audience_levels: tuple[str, ...] = ()
    site_facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    light_intervals: pd.DataFrame | None = None
    surveyed: list[Any] = field(default_factory=list)


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
    if ex.daily_hours is not None:  # light criteria count light inside the working day
        concept = working_hours_concept(concept, ex.daily_hours)
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
    "Medical evacuation: the 10-1-2 timeline of NATO AJP-4.10 (Ed. B 2015 para 2.3.2, Ed. C "
    "2019): surgery within 2 h; hospitals: Dronning Ingrids Hospital (surgery, University of "
    "Copenhagen research profile) and the regional hospitals of Selvstyrets bekendtgørelse "
    "nr. 6 of 24 March 2011 (capabilities cited or unknown); positions GeoNames; launch "
    "delay per exercise (planning assumption).",
    "GEO satcom: elevation to a geostationary satellite at 30°W on WGS 84 (Soler and "
    "Eisemann, J. Surv. Eng. 120 (1994) 115-127), flagged below 5° and below the horizon.",
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


def _usable_fixed(
    study: PresenceStudy, catalog: Catalog, aircraft: Any
) -> tuple[list[str], tuple[str, ...]]:
    """Fixed bases of a study, less those a field finding made unusable (with why)."""
    from arcticrecon.catalog import site_compatibility
    from arcticrecon.survey.overrides import FINDINGS_SOURCE_NOTE

    kept, constraints = [], []
    for ident in study.fixed:
        site = catalog.get(ident)
        verdict = site_compatibility(aircraft, site)
        if not verdict.ok and FINDINGS_SOURCE_NOTE in site.source:
            constraints.append(
                f"fixed base {site.icao}: {verdict.reason} per a finding you may read; "
                f"planned without it"
            )
            continue
        kept.append(ident)
    return kept, tuple(constraints)


def _presence(i: int, study: PresenceStudy, catalog: Catalog) -> PresencePlan:
    field_path = f"presence[{i}]"
    try:
        aircraft = get_aircraft(study.aircraft)
        fixed, constraints = _usable_fixed(study, catalog, aircraft)
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
            fixed,
            demand,
            curve_k_max=max(study.curve_to or study.k, study.k),
        )
    except ArcticReconError as err:
        raise InputError(f"{field_path}: {err}", field=field_path, value=study.aircraft) from None
    return PresencePlan(study, result, constraints)


def make_plan(
    mission: Mission,
    catalog: Catalog,
    *,
    progress: Progress | None = None,
    now_utc: dt.datetime | None = None,
    compatibility: Callable[[Aircraft, Site], Any] | None = None,
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
    compatibility : callable(Aircraft, Site) -> Compatibility, optional
        Aircraft-site compatibility (default the catalogue rule; with field surveys
        :func:`arcticrecon.zones.survey_compatibility`).

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
    t0 = time.perf_counter()
    defer_dask_array_import()  # the plan's arrays are numpy: no dask.array import (0.4 s)

    def step(label: str, frac: float) -> None:
        log.debug("plan %s: %s (%.1f s)", mission.mission.name, label, time.perf_counter() - t0)
        if progress:
            progress(label, frac)

    hubs = _resolve_hubs(mission, catalog)
    resolved = [_resolve_exercise(i, ex) for i, ex in enumerate(mission.exercise)]
    sites = list(catalog)
    start = min(ex.season.from_ for ex in mission.exercise)
    end = max(ex.season.to for ex in mission.exercise)
    step("light: daylight and twilight intervals for every site and date", 0.05)
    intervals = site_light_intervals(sites, start, end)
    light_ds = site_light(sites, start, end, intervals)
    step("climate: ERA5 monthly temperature at every site", 0.25)
    t2m = monthly_t2m(
        np.array([s.lat_deg for s in sites]),
        np.array([s.lon_deg for s in sites]),
        np.array([s.elevation_m if s.elevation_m is not None else np.nan for s in sites]),
    ).assign_coords(location=[s.icao for s in sites])
    plans = []
    for i, (ex, (concept, aircraft)) in enumerate(zip(mission.exercise, resolved, strict=True)):
        step(f"ranking {ex.name}", 0.3 + 0.6 * i / len(mission.exercise))
        feats = build_features(
            sites,
            hubs,
            ex,
            aircraft,
            light_ds,
            t2m,
            **({"compatibility": compatibility} if compatibility else {}),
        )
        feats = feats.assign(site_factors(sites, ex, aircraft, catalog))
        ranking = rank_options(feats, concept)
        # ranking.concept: as scored (criteria whose optional variable is absent left out)
        deployment, notes = _deployment(mission, ex, ranking, catalog)
        plans.append(ExercisePlan(ex, ranking.concept, aircraft, feats, ranking, deployment, notes))
    presence = []
    for i, study in enumerate(mission.presence):
        step(f"presence options: {study.name or study.aircraft}", 0.9)
        presence.append(_presence(i, study, catalog))
    step("done", 1.0)
    log.info(
        "plan %s: %d sites, %d exercises, %d presence studies in %.1f s",
        mission.mission.name,
        len(sites),
        len(plans),
        len(presence),
        time.perf_counter() - t0,
    )
    return Plan(
        mission=mission,
        catalog=catalog,
        hubs=hubs,
        light=light_ds,
        light_intervals=intervals,
        t2m_monthly=t2m,
        exercises=plans,
        presence=presence,
        generated_utc=now_utc or dt.datetime.now(dt.UTC),
        sources=list(SOURCES),
    )
