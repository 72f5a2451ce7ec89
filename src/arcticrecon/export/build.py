"""Export documents of the mission's content: sites, ranking, presence, routes, findings.

Each builder takes plain objects (the catalogue, a :class:`~arcticrecon.planner.Plan`,
visible reports and overrides) and returns an :class:`ExportDocument` whose marking is the
high-water mark of the marked records it used (:meth:`DocumentMarking.of`). The callers
(CLI ``export``, web download routes) load only what the reader may read; the builders
never see anything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from arcticrecon.export.colours import KIND_COLOUR, score_colour
from arcticrecon.export.model import (
    Circle,
    DocumentMarking,
    ExportDocument,
    ExportFeature,
    ExportLayer,
    Style,
)
from arcticrecon.export.symbols import FINDING_SIDC, PORT_SIDC, SITE_KIND_SIDC, site_sidc
from arcticrecon.survey import DEFAULT_LEVELS, Marking

if TYPE_CHECKING:
    from arcticrecon.catalog import Catalog, Site
    from arcticrecon.planner import Plan
    from arcticrecon.survey import ReconReport, SiteOverride

__all__ = [
    "WHAT",
    "best_options",
    "deployment_document",
    "finding_position",
    "findings_document",
    "flight_leg_features",
    "presence_document",
    "presence_document_from_results",
    "ranking_document",
    "ranking_document_from_frame",
    "ranking_feature",
    "routes_document",
    "site_feature",
    "sites_document",
    "surveys_document",
]

#: What can be exported (the CLI's WHAT argument).
WHAT = ("sites", "ranking", "presence", "routes", "deployment", "findings")
_CATALOGUE_SOURCE = "OurAirports Greenland snapshot (public domain), overrides from findings"


def _marking(markings: Iterable[Marking], levels: Sequence[str]) -> DocumentMarking:
    return DocumentMarking.of(list(markings), levels=levels)


def site_feature(
    site: Site,
    *,
    score: float | None = None,
    scored: bool = False,
    extra: Mapping[str, Any] | None = None,
) -> ExportFeature:
    """A catalogue site as a point with its APP-6(B) symbol.

    Parameters
    ----------
    site : Site
    score : float or None
        Best score of the chosen exercise (colours the symbol, viridis); ``None`` with
        ``scored`` = excluded (grey).
    scored : bool
        Whether a ranking colours the sites.
    extra : mapping, optional
        More properties (rank, window).
    """
    from shapely.geometry import Point

    longest = site.longest_runway_m
    props: dict[str, Any] = {
        "icao": site.icao,
        "kind": site.kind.value,
        "elevation_m": site.elevation_m,
        "longest_runway_m": None if longest is None else round(float(longest), 1),
        "municipality": site.municipality or None,
        "tz": site.tz,
    }
    if scored:
        props["best_score"] = None if score is None else round(float(score), 4)
    props.update(extra or {})
    fill = score_colour(score) if scored else KIND_COLOUR.get(site.kind.value, "#3a6ea5")
    return ExportFeature(
        id=site.icao,
        name=f"{site.icao} {site.name}",
        geometry=Point(site.lon_deg, site.lat_deg),
        properties=props,
        symbol=site_sidc(site.kind.value),
        style=Style(stroke="#1b1b1b", stroke_width_px=1.0, fill=fill, fill_opacity=1.0),
    )


def sites_document(
    catalog: Catalog,
    *,
    overrides: Sequence[SiteOverride] = (),
    levels: Sequence[str] = DEFAULT_LEVELS,
    audience: str = "",
) -> ExportDocument:
    """Every catalogue site, with the visible overrides applied (marked by them).

    Parameters
    ----------
    catalog : Catalog
    overrides : sequence of SiteOverride
        Findings that correct catalogue facts, already filtered for the reader.
    levels : sequence of str
    audience : str
    """
    from arcticrecon.survey import apply_site_overrides

    eff: dict[str, dict[str, Any]] = {}
    notes: dict[str, list[str]] = {}
    for o in overrides:
        eff.setdefault(o.site, {})[o.field] = o.value
        if o.note:
            notes.setdefault(o.site, []).append(f"{o.field}: {o.note}")
    corrected, _facts = apply_site_overrides(catalog, eff)
    feats = []
    for s in corrected:
        extra = {f"override_{k}": _plain(v) for k, v in eff.get(s.icao, {}).items()}
        if s.icao in notes:
            extra["override_notes"] = "; ".join(notes[s.icao])
        feats.append(site_feature(s, extra=extra))
    layer = ExportLayer("sites", "Sites", tuple(feats), _CATALOGUE_SOURCE)
    return ExportDocument(
        "sites",
        "arcticrecon — sites",
        (layer,),
        _marking((o.marking for o in overrides), levels),
        audience=audience,
        source=_CATALOGUE_SOURCE,
    )


def _plain(v: Any) -> Any:
    if isinstance(v, list | tuple):
        return ", ".join(str(x) for x in v)
    return v


def _exercise(plan: Plan, exercise: str | None) -> Any:
    from arcticrecon.errors import NotFoundError

    names = [ep.exercise.name for ep in plan.exercises]
    if exercise is None:
        return plan.exercises[0]
    for ep in plan.exercises:
        if ep.exercise.name == exercise:
            return ep
    raise NotFoundError(
        f"exercise {exercise!r} is not in the mission; choose one of {', '.join(names)}",
        field="exercise",
        value=exercise,
        valid_range=tuple(names),
    )


def ranking_document(
    plan: Plan,
    exercise: str | None = None,
    *,
    markings: Iterable[Marking] = (),
    levels: Sequence[str] = DEFAULT_LEVELS,
    audience: str = "",
) -> ExportDocument:
    """Every site of one exercise, coloured by its best score, with rank and window.

    Parameters
    ----------
    plan : Plan
    exercise : str, optional
        Exercise name (default: the first of the mission file).
    markings : iterable of Marking
        Markings of the findings the plan used (overrides), for the document marking.
    levels : sequence of str
    audience : str

    Raises
    ------
    NotFoundError
        If the exercise is not in the plan.
    """
    from arcticrecon.report.tables import opportunities_frame

    ep = _exercise(plan, exercise)
    return ranking_document_from_frame(
        plan.catalog,
        opportunities_frame(plan),
        ep.exercise.name,
        markings=markings,
        levels=levels,
        audience=audience,
        generated_utc=plan.generated_utc,
    )


def best_options(
    frame: Any, exercise: str, *, month: int | None = None, window_start: str | None = None
) -> dict[str, tuple[float, dict[str, Any]]]:
    """Each site's best feasible option of one exercise in an opportunities table.

    Parameters
    ----------
    frame : pandas.DataFrame
        As :func:`ranking_document_from_frame` takes it.
    exercise : str
    month : int, optional
        1..12: only windows starting in that month.
    window_start : str, optional
        ISO date: only that window.

    Returns
    -------
    dict of str to (float, dict)
        ``{icao: (score, {"rank", "window_start", "window_end", "explanation"})}`` of the
        best-ranked feasible option per site; sites without one are absent.
    """
    import pandas as pd

    df = frame[(frame["exercise"] == exercise) & frame["feasible"].astype(bool)]
    starts = pd.to_datetime(df["window_start"])
    if month is not None:
        df = df[starts.dt.month == int(month)]
    if window_start is not None:
        df = df[pd.to_datetime(df["window_start"]).dt.strftime("%Y-%m-%d") == window_start]
    best = df.sort_values(["rank"], kind="stable").drop_duplicates("icao")
    out: dict[str, tuple[float, dict[str, Any]]] = {}
    for icao, rank, w0, w1, expl, score in zip(
        best["icao"],
        best["rank"],
        best["window_start"],
        best["window_end"],
        best["explanation"],
        best["score"],
        strict=True,
    ):
        out[str(icao)] = (
            float(score),
            {
                "rank": int(rank),
                "window_start": str(w0)[:10],
                "window_end": str(w1)[:10],
                "explanation": str(expl),
            },
        )
    return out


def ranking_feature(site: Site, best: tuple[float, Mapping[str, Any]] | None) -> ExportFeature:
    """A site of a ranking: coloured by its best score (grey with ``rank`` None without one).

    Parameters
    ----------
    site : Site
    best : (float, mapping) or None
        The site's entry of :func:`best_options`.
    """
    if best is None:
        return site_feature(site, score=None, scored=True, extra={"rank": None})
    return site_feature(site, score=best[0], scored=True, extra=best[1])


def ranking_document_from_frame(
    catalog: Catalog,
    frame: Any,
    exercise: str,
    *,
    month: int | None = None,
    window_start: str | None = None,
    markings: Iterable[Marking] = (),
    levels: Sequence[str] = DEFAULT_LEVELS,
    audience: str = "",
    generated_utc: dt.datetime | None = None,
) -> ExportDocument:
    """Ranking of one exercise from an opportunities table (the ``opportunities.csv``).

    Each site gets its best feasible option (optionally only among windows starting in
    ``month`` or on ``window_start``), coloured by score; sites with none are grey.

    Parameters
    ----------
    catalog : Catalog
    frame : pandas.DataFrame
        Columns ``exercise``, ``icao``, ``rank``, ``score``, ``feasible``,
        ``window_start``, ``window_end``, ``explanation`` (see
        :func:`arcticrecon.report.tables.opportunities_frame`).
    exercise : str
    month : int, optional
        1..12: only windows starting in that month.
    window_start : str, optional
        ISO date: only that window.
    """
    best = best_options(frame, exercise, month=month, window_start=window_start)
    feats = [ranking_feature(s, best.get(s.icao)) for s in catalog]
    feats.sort(key=lambda f: (f.properties["rank"] is None, f.properties["rank"] or 0))
    layer = ExportLayer(
        "ranking",
        f"Ranking — {exercise}",
        tuple(feats),
        "arcticrecon plan: weighted sum of normalised criteria (see each explanation)",
        "best window per site; grey = excluded or no feasible window",
    )
    return ExportDocument(
        "ranking",
        f"arcticrecon — ranking of {exercise}",
        (layer,),
        _marking(markings, levels),
        generated_utc=generated_utc or dt.datetime.now(dt.UTC),
        audience=audience,
        source=layer.source,
    )


def presence_document(
    plan: Plan,
    *,
    markings: Iterable[Marking] = (),
    levels: Sequence[str] = DEFAULT_LEVELS,
    audience: str = "",
) -> ExportDocument:
    """The plan's presence options: each chosen base and its geodesic response circle."""
    studies = [(pp.study.name, pp.result) for pp in plan.presence]
    return presence_document_from_results(
        plan.catalog,
        studies,
        markings=markings,
        levels=levels,
        audience=audience,
        generated_utc=plan.generated_utc,
    )


def presence_document_from_results(
    catalog: Catalog,
    studies: Sequence[tuple[str, Any]],
    *,
    markings: Iterable[Marking] = (),
    levels: Sequence[str] = DEFAULT_LEVELS,
    audience: str = "",
    generated_utc: dt.datetime | None = None,
) -> ExportDocument:
    """Presence options as circles (layer ``presence_circles``) and bases.

    Parameters
    ----------
    catalog : Catalog
    studies : sequence of (str, PresenceResult)
        Study name (may be empty) and its result; the radius is cruise speed x response
        time (:class:`arcticrecon.coverage.PresenceResult`).
    """
    from shapely.geometry import Point

    from arcticrecon.export.geometry import circle_polygon

    circles, bases = [], []
    palette = ("#c0392b", "#2471a3", "#1e8449", "#b9770e", "#7d3c98", "#117a65")
    for i, (name, res) in enumerate(studies):
        study = name or f"{res.aircraft} {res.response_h:g} h"
        colour = palette[i % len(palette)]
        area = res.area  # CoverageArea: the same km² as the CLI, report and web API
        for s in res.sites:
            c = Circle(s.lat_deg, s.lon_deg, float(res.radius_m))
            props = {
                "study": study,
                "icao": s.icao,
                "aircraft": res.aircraft,
                "response_h": float(res.response_h),
                "radius_km": round(float(res.radius_m) / 1000.0, 1),
                "fixed": bool(s.fixed),
                "covered_demand": float(s.covered_weight),
                "demand_unit": res.demand_unit,
                "circle_area_km2": round(area.site_circle_km2[s.icao], 1),
                "study_circles_km2": round(area.circles_km2, 1),
                "study_greenland_covered_km2": round(area.greenland_covered_km2, 1),
                "study_greenland_covered_share": round(area.greenland_covered_share, 6),
                "greenland_km2": round(area.greenland_km2, 1),
            }
            circles.append(
                ExportFeature(
                    id=f"{i}-{s.icao}",
                    name=f"{s.icao} {res.response_h:g} h {res.aircraft}",
                    geometry=circle_polygon(c),
                    properties=props,
                    style=Style(stroke=colour, stroke_width_px=2.0, fill=colour, fill_opacity=0.12),
                    circle=c,
                )
            )
            bases.append(
                ExportFeature(
                    id=f"{i}-{s.icao}",
                    name=f"{s.icao} {s.name}",
                    geometry=Point(s.lon_deg, s.lat_deg),
                    properties={"study": study, "icao": s.icao, "fixed": bool(s.fixed)},
                    symbol=site_sidc(catalog.get(s.icao).kind.value),
                    style=Style(
                        stroke="#1b1b1b", stroke_width_px=1.0, fill=colour, fill_opacity=1.0
                    ),
                )
            )
    src = "Maximal covering location problem (Church & ReVelle 1974) solved with HiGHS"
    cav = (
        "radius = cruise speed x response time, geodesic on WGS 84; no winds, no refuelling; "
        "study_* areas: union of the study's circles (overlaps once) and its part over "
        "Greenland (Natural Earth 1:10m outline)"
    )
    return ExportDocument(
        "presence",
        "arcticrecon — presence options",
        (
            ExportLayer("presence_circles", "Response circles", tuple(circles), src, cav),
            ExportLayer("presence_bases", "Presence bases", tuple(bases), src),
        ),
        _marking(markings, levels),
        generated_utc=generated_utc or dt.datetime.now(dt.UTC),
        audience=audience,
        source=src,
        caveat=cav,
    )


def _geodesic_line(lat1: float, lon1: float, lat2: float, lon2: float) -> Any:
    from pyproj import Geod
    from shapely.geometry import LineString

    pts = Geod(ellps="WGS84").npts(lon1, lat1, lon2, lat2, 64)
    return LineString([(lon1, lat1), *pts, (lon2, lat2)])


def flight_leg_features(
    exercise: str, hubs: Sequence[Site], sites: Sequence[Site], aircraft: Sequence[Any]
) -> list[ExportFeature]:
    """Geodesic flight legs ``hubs[i] -> sites[i]`` by the fastest usable aircraft.

    A leg is left out when the site is its own hub or no aircraft can use it
    (:func:`arcticrecon.catalog.site_compatibility`). Distance and initial course from
    GeographicLib (:func:`arcticrecon.logistics.flights.flight_leg`).
    """
    from arcticrecon.catalog import site_compatibility
    from arcticrecon.logistics.flights import flight_leg, place_from_site

    out = []
    for hub, site in zip(hubs, sites, strict=True):
        usable = [a for a in aircraft if site_compatibility(a, site).ok]
        if hub.icao == site.icao or not usable:
            continue
        ac = max(usable, key=lambda a: a.cruise_speed_m_s)
        leg = flight_leg(
            origin=place_from_site(hub), destination=place_from_site(site), aircraft=ac
        )
        out.append(
            ExportFeature(
                id=f"{exercise}:{hub.icao}-{site.icao}",
                name=f"{hub.icao} → {site.icao} ({ac.name})",
                geometry=_geodesic_line(hub.lat_deg, hub.lon_deg, site.lat_deg, site.lon_deg),
                properties={
                    "exercise": exercise,
                    "from_icao": hub.icao,
                    "to_icao": site.icao,
                    "aircraft": ac.name,
                    "distance_km": round(leg.distance_m / 1000.0, 1),
                    "distance_nm": round(leg.distance_m / 1852.0, 1),
                    "initial_course_deg": round(leg.initial_course_deg % 360.0, 1),
                    "block_time_h": round(leg.block_time_s / 3600.0, 2),
                },
                style=Style(stroke="#1f4e79", stroke_width_px=2.0, dash=True),
            )
        )
    return out


def _sea_lift_features(exercise: str, dep: Any) -> list[ExportFeature]:
    """The sea movements of a deployment plan as polylines of their sea routes."""
    from shapely.geometry import LineString

    out = []
    for j, act in enumerate(dep.activities if dep else ()):
        if act.mode != "sea" or len(act.path_lat_deg) < 2:
            continue
        out.append(
            ExportFeature(
                id=f"{exercise}:sea{j}",
                name=f"{act.nation} sea lift to {dep.site.icao}",
                geometry=LineString(zip(act.path_lon_deg, act.path_lat_deg, strict=True)),
                properties={
                    "exercise": exercise,
                    "nation": act.nation,
                    "start": act.start.isoformat(),
                    "end": act.end.isoformat(),
                    "detail": act.detail,
                    "caveats": "; ".join(act.caveats),
                },
                style=Style(stroke="#117a65", stroke_width_px=2.0),
            )
        )
    return out


def routes_document(
    plan: Plan,
    *,
    top: int = 5,
    markings: Iterable[Marking] = (),
    levels: Sequence[str] = DEFAULT_LEVELS,
    audience: str = "",
) -> ExportDocument:
    """Flight legs from the nearest hub to each exercise's best sites, and sea routes.

    ``top`` best sites per exercise (each site's best window) get a leg, flown by the
    fastest of the exercise's aircraft that can use the site.

    Flight legs are geodesics (GeographicLib through :func:`arcticrecon.logistics.flight_leg`)
    flown by the exercise's quickest aircraft that can use the site; sea routes are the
    deployment's sea movements (:func:`arcticrecon.geo.sea_route`).
    """
    legs: list[ExportFeature] = []
    seas: list[ExportFeature] = []
    for ep in plan.exercises:
        best = ep.ranking.feasible.drop_duplicates("location", keep="first").head(top)
        if best.empty:
            continue
        sites = [plan.catalog.get(str(i)) for i in best["location"]]
        hubs = [
            plan.catalog.get(str(ep.features["nearest_hub"].sel(location=t.icao).item()))
            for t in sites
        ]
        legs += flight_leg_features(ep.exercise.name, hubs, sites, ep.aircraft)
        seas += _sea_lift_features(ep.exercise.name, ep.deployment)
    src = "GeographicLib geodesics on WGS 84; sea routes from searoute + the shipped coastline"
    return ExportDocument(
        "routes",
        "arcticrecon — routes",
        (
            ExportLayer("flight_legs", "Flight legs", tuple(legs), src, "from the nearest hub"),
            ExportLayer("sea_routes", "Sea routes", tuple(seas), src),
        ),
        _marking(markings, levels),
        generated_utc=plan.generated_utc,
        audience=audience,
        source=src,
    )


def deployment_document(
    plan: Plan,
    *,
    markings: Iterable[Marking] = (),
    levels: Sequence[str] = DEFAULT_LEVELS,
    audience: str = "",
) -> ExportDocument:
    """The deployment of each exercise to its best option: destination, sea lifts, gaps.

    Per exercise with a planned deployment (:attr:`ExercisePlan.deployment
    <arcticrecon.planner.ExercisePlan>`, :func:`arcticrecon.logistics.plan_deployment`):

    - a text feature at the destination site naming the exercise, the first day, the
      closure date and each nation's movement (air sorties, sea lift), with the
      unplanned parts in ``unplanned``;
    - each sea movement as the polyline of its sea route
      (:func:`arcticrecon.geo.sea_route`, in ``path_lat_deg``/``path_lon_deg``), and
      when the route ends at a port away from the site, that last stretch as a dotted
      straight line marked ``planned = false`` (the plan does not cover it).

    Airlift is drawn as the destination only: its origin is not modelled (the sorties per
    day stand for the cycle time from the home base), so no air line is invented.
    """
    from pyproj import Geod
    from shapely.geometry import Point

    feats: list[ExportFeature] = []
    for ep in plan.exercises:
        dep = ep.deployment
        if dep is None:
            continue
        name = ep.exercise.name
        site = dep.site
        close = dep.closure_date
        moves = "; ".join(
            f"{a.nation} {a.mode} {a.start.isoformat()}..{a.end.isoformat()}: {a.detail}"
            for a in dep.activities
        )
        feats.append(
            ExportFeature(
                id=f"{name}:deploy",
                name=(
                    f"DEPLOY {name} → {site.icao} from {dep.start.isoformat()}, "
                    + (f"closed {close.isoformat()}" if close else "closure not planned")
                ),
                geometry=Point(site.lon_deg, site.lat_deg),
                properties={
                    "exercise": name,
                    "icao": site.icao,
                    "start": dep.start.isoformat(),
                    "closure_date": close.isoformat() if close else None,
                    "days_to_close": dep.days_to_close,
                    "activities": moves,
                    "unplanned": "; ".join(dep.unplanned),
                },
                style=Style(stroke="#6c3483"),
                text=True,
                description=moves,
            )
        )
        feats += _sea_lift_features(name, dep)
        for j, act in enumerate(dep.activities):
            if act.mode != "sea" or len(act.path_lat_deg) < 2:
                continue
            end_lat, end_lon = act.path_lat_deg[-1], act.path_lon_deg[-1]
            _az1, _az2, gap_m = Geod(ellps="WGS84").inv(
                end_lon, end_lat, site.lon_deg, site.lat_deg
            )
            if gap_m > 1000.0:  # [m] the rule of plan_deployment's "... not planned" caveat
                feats.append(
                    ExportFeature(
                        id=f"{name}:sea{j}:last",
                        name=f"port to {site.icao}: {gap_m / 1000:.0f} km not planned",
                        geometry=_geodesic_line(end_lat, end_lon, site.lat_deg, site.lon_deg),
                        properties={
                            "exercise": name,
                            "nation": act.nation,
                            "planned": False,
                            "distance_km": round(gap_m / 1000.0, 1),
                        },
                        style=Style(stroke="#117a65", stroke_width_px=1.0, dash=True),
                    )
                )
    src = (
        "arcticrecon deployment plan (logistics.plan_deployment); sea routes from searoute "
        "+ the shipped coastline"
    )
    return ExportDocument(
        "deployment",
        "arcticrecon — deployment",
        (
            ExportLayer(
                "deployment", "Deployment", tuple(feats), src, "airlift origin not modelled"
            ),
        ),
        _marking(markings, levels),
        generated_utc=plan.generated_utc,
        audience=audience,
        source=src,
    )


def finding_position(report: ReconReport, catalog: Catalog) -> tuple[float, float] | None:
    """``(lat_deg, lon_deg)`` of a report: its own position if it has one, else its site's."""
    lat, lon = getattr(report, "lat_deg", None), getattr(report, "lon_deg", None)
    if lat is not None and lon is not None:
        return float(lat), float(lon)
    try:
        s = catalog.get(report.site)
    except LookupError:
        return None
    return s.lat_deg, s.lon_deg


def findings_document(
    reports: Sequence[ReconReport],
    catalog: Catalog,
    *,
    levels: Sequence[str] = DEFAULT_LEVELS,
    audience: str = "",
) -> ExportDocument:
    """Reconnaissance reports as points (APP-6(B) reconnaissance symbol), each marked.

    Parameters
    ----------
    reports : sequence of ReconReport
        Already filtered for the reader.
    catalog : Catalog
        For the position of reports that only name a site.
    """
    from shapely.geometry import Point

    feats = []
    for r in reports:
        if getattr(r, "form", None) is not None:
            continue  # structured surveys: their own layer (surveys_document)
        pos = finding_position(r, catalog)
        if pos is None:
            continue
        props: dict[str, Any] = {
            "report_id": r.id,
            "site": r.site,
            "kind": r.kind.value,
            "team": r.team,
            "author": r.author,
            "observed_at_utc": r.observed_at_utc.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "n_attachments": len(r.attachments),
        }
        for k, v in r.fields.items():
            props[f"field_{k}"] = _plain(v)
        feats.append(
            ExportFeature(
                id=r.id,
                name=f"{r.kind.value} {r.site}",
                geometry=Point(pos[1], pos[0]),
                properties=props,
                symbol=FINDING_SIDC,
                style=Style(
                    stroke="#1b1b1b", stroke_width_px=1.0, fill="#80e0ff", fill_opacity=1.0
                ),
                marking=r.marking,
                description=r.text,
            )
        )
    src = "the coalition's reconnaissance reports (arcticrecon store)"
    return ExportDocument(
        "findings",
        "arcticrecon — findings",
        (ExportLayer("findings", "Findings", tuple(feats), src),),
        _marking((r.marking for r in reports), levels),
        audience=audience,
        source=src,
    )


#: Symbol per survey form: airfield (landing zone, ice runway), heliport (HLZ), port; a
#: drop zone as a generic installation.
_SURVEY_SIDC = {
    "lz": SITE_KIND_SIDC["airport"],
    "ice": SITE_KIND_SIDC["airport"],
    "hlz": SITE_KIND_SIDC["heliport"],
    "port": PORT_SIDC,
    "dz": SITE_KIND_SIDC["reported"],
}
#: Fill by the survey's best verdict (suitable for someone / restricted only / unsuitable
#: for all / nothing assessable).
_VERDICT_FILL = {
    "suitable": "#2e9d3a",
    "restricted": "#e0a800",
    "unsuitable": "#c62828",
    "unverified": "#9e9e9e",
}


def surveys_document(
    reports: Sequence[ReconReport],
    *,
    levels: Sequence[str] = DEFAULT_LEVELS,
    audience: str = "",
) -> ExportDocument:
    """Structured field surveys as points at their reference position, outlines as polygons.

    Parameters
    ----------
    reports : sequence of ReconReport
        Already filtered for the reader; free reports are skipped.

    Notes
    -----
    Each point carries the form, zone name, provenance, site, the verdict per aircraft /
    method / vessel (:func:`arcticrecon.zones.assess`) and a fill colour by the best
    verdict; the zone's surveyed outline (corners) is a second, unfilled feature.
    """
    from shapely.geometry import Point, Polygon

    from arcticrecon.survey.models import stored_surveys
    from arcticrecon.zones import Outcome, assess

    report_of = {r.id: r for r in reports}
    surveys = stored_surveys(reports)
    feats = []
    for rid, survey, marking in surveys:
        rep = report_of[rid]
        result = assess(survey)
        by: dict[str, list[str]] = {}
        for v in result.verdicts:
            by.setdefault(v.outcome.value, []).append(v.subject)
        best = next(
            (o.value for o in (Outcome.SUITABLE, Outcome.RESTRICTED, Outcome.UNSUITABLE)
             if o.value in by),
            Outcome.UNVERIFIED.value,
        )  # fmt: skip
        props: dict[str, Any] = {
            "report_id": rid,
            "form": survey.form,
            "site": rep.site,
            "provenance": survey.provenance(),
            "author": rep.author,
            "best_verdict": best,
            "sheet_url": f"/api/surveys/{rid}/sheet",
            **{f"verdict_{k}": ", ".join(v) for k, v in sorted(by.items())},
        }
        fill = _VERDICT_FILL[best]
        feats.append(
            ExportFeature(
                id=rid,
                name=survey.name,
                geometry=Point(survey.position.lon_deg, survey.position.lat_deg),
                properties=props,
                symbol=_SURVEY_SIDC[survey.form],
                style=Style(stroke="#1b1b1b", stroke_width_px=1.0, fill=fill, fill_opacity=1.0),
                marking=marking,
                description=survey.narrative,
            )
        )
        corners = getattr(survey, "corners", None)
        if corners and len(corners) >= 3:
            feats.append(
                ExportFeature(
                    id=f"{rid}-outline",
                    name="",
                    geometry=Polygon([(c.lon_deg, c.lat_deg) for c in corners]),
                    properties={"report_id": rid, "form": survey.form, "outline": True},
                    style=Style(stroke=fill, stroke_width_px=2.0, fill=fill, fill_opacity=0.2),
                    marking=marking,
                )
            )
    src = (
        "structured field surveys of the coalition (arcticrecon store); verdicts: arcticrecon.zones"
    )
    return ExportDocument(
        "surveys",
        "arcticrecon — field surveys",
        (ExportLayer("surveys", "Field surveys", tuple(feats), src),),
        _marking((m for _, _, m in surveys), levels),
        audience=audience,
        source=src,
    )
