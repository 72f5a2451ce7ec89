"""Render a :class:`~arcticrecon.planner.Plan` as one self-contained HTML page.

Everything is inline (CSS, SVG maps, PNG charts as data URIs): the page makes no request
to any host and opens offline.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import jinja2
import numpy as np
import pandas as pd

from arcticrecon import __version__
from arcticrecon.catalog import SiteKind
from arcticrecon.cold import cold_risk_table
from arcticrecon.export.symbols import site_sidc
from arcticrecon.ice import port_access_table
from arcticrecon.mission import nation_name
from arcticrecon.planner import ExercisePlan, Plan
from arcticrecon.report.charts import (
    cold_calendar_svg,
    coverage_curve_svg,
    gantt_svg,
    light_calendar_svg,
    port_season_svg,
)
from arcticrecon.report.marking import plan_marking
from arcticrecon.report.svgmap import MapCircle, MapPoint, greenland_svg, score_colour

__all__ = ["render_html"]

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("arcticrecon", "report/templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
)


def _fmt_value(v: float, unit: str) -> str:
    if not np.isfinite(v):
        return "unknown"
    if unit in {"km", "m"}:
        return f"{v:,.0f} {unit}"
    if unit == "band":
        return f"{v:.0f}"
    if unit == "":
        return f"{v:g}"
    return f"{v:.1f} { {'degC': '°C'}.get(unit, unit) }"


#: the per-site variables of the report's medevac and satcom table
_FACTOR_VARIABLES = (
    "medevac_h",
    "medevac_asset",
    "medevac_hospital",
    "medevac_2h",
    "medevac_reason",
    "satcom_elevation_deg",
    "satcom_flag",
)


def _exercise_context(ep: ExercisePlan, kinds: dict[str, str]) -> dict[str, Any]:
    """Template context of one exercise (``kinds``: ICAO -> site kind, for the symbols)."""
    opts = ep.ranking.options
    best = opts[opts["feasible"]].drop_duplicates("location", keep="first").set_index("location")
    feats = ep.features
    top = ep.top(10)
    points = []
    top3 = set(top["location"].head(3))
    # each site's first option's reason (one pass, not one boolean mask per excluded site)
    first_reason = opts.drop_duplicates("location").set_index("location")["excluded_reason"]
    # the columns once: each feats[...] builds a DataArray with its coordinates
    site_cols = zip(
        feats["location"].values,
        feats["name"].values,
        feats["lat_deg"].values,
        feats["lon_deg"].values,
        strict=True,
    )
    for icao, site_name, lat_v, lon_v in site_cols:
        name = str(site_name)
        lat, lon = float(lat_v), float(lon_v)
        sidc = site_sidc(kinds.get(str(icao), "reported"))
        if icao in best.index:
            sc = float(best.loc[icao, "score"])
            points.append(
                MapPoint(
                    lat,
                    lon,
                    score_colour(sc),
                    5.0 if icao in top3 else 4.0,
                    f"{icao} {name}: best score {sc:.3f} (rank {int(best.loc[icao, 'rank'])})",
                    label=str(icao),
                    ring=icao in top3,
                    symbol=sidc,
                    priority=1.0 + sc,
                )
            )
        else:
            why = first_reason[icao]
            points.append(
                MapPoint(lat, lon, score_colour(None), 3.0, f"{icao} {name}: {why}", symbol=sidc)
            )
    ends = dict(zip(feats["time"].values, feats["window_end"].values, strict=True))
    cav = dict(zip(feats["location"].values, feats["aircraft_caveats"].values, strict=True))
    site_names = dict(zip(feats["location"].values, feats["name"].values, strict=True))
    crits = ep.concept.criteria
    rows = []
    for pos, r in enumerate(top.to_dict("records"), start=1):
        start = pd.Timestamp(r["time"]).date()
        end = pd.Timestamp(ends[np.datetime64(r["time"], "ns")]).date()
        rows.append(
            {
                "pos": pos,
                "rank": r["rank"],
                "icao": r["location"],
                "site": str(site_names[r["location"]]),
                "window": f"{start:%d %b} – {end:%d %b %Y}",
                "score": r["score"],
                "cells": [_fmt_value(r[f"{c.name}_value"], c.unit) for c in crits],
                "explanation": r["explanation"],
                "caveats": cav.get(r["location"], ""),
                "p_top3": r.get("p_top3_site", float("nan")),
                "pareto": bool(r.get("pareto", False)),
                "topsis_rank": r.get("topsis_rank", ""),
            }
        )
    never = opts.groupby("location")["feasible"].any()
    excluded_sites = never[~never].index
    reasons = Counter(
        opts[opts["location"].isin(excluded_sites)].drop_duplicates("location")["excluded_reason"]
    )
    ex = ep.exercise
    sens = ep.ranking.sensitivity
    swap = sens.swap_site.sentence if sens is not None and sens.swap_site is not None else ""
    constraints = []
    for c in ep.concept.constraints:
        txt = c.label
        src = getattr(c, "source", "")
        constraints.append(f"{txt} ({src})" if src else txt)
    criteria_src = [
        f"{c.label} [{c.unit}], scale {c.scale[0]:g}–{c.scale[1]:g}"
        + (f" — {c.source}" if getattr(c, "source", "") else "")
        for c in crits
        if c.scale is not None
    ]
    dep = ep.deployment
    deployment = None
    if dep is not None:
        deployment = {
            "site": f"{dep.site.icao} {dep.site.name}",
            "start": dep.start.isoformat(),
            "closure": dep.closure_date.isoformat() if dep.closure_date else "not closed",
            "days": dep.days_to_close,
            "gantt": gantt_svg(dep, title=f"{ex.name}: deployment to {dep.site.icao}"),
            "unplanned": list(dep.unplanned),
            "assumptions": list(dep.assumptions),
        }
    times = []
    if ex.daily_hours is not None:
        times.append(
            f"Working hours {ex.daily_hours.label()} local time of each site: the light "
            "criteria count civil and nautical light inside them"
        )
    if ex.h_hour is not None:
        txt = f"H-hour {ex.h_hour:%H:%M} local"
        best = ep.ranking.feasible
        if not best.empty and "h_hour_civil_light_days" in ep.features:
            top = best.iloc[0]
            f = ep.features.sel(location=top["location"], time=top["time"])
            n = round(float(f["h_hour_civil_light_days"]))
            m = (pd.Timestamp(f["window_end"].item()) - pd.Timestamp(top["time"])).days + 1
            txt += (
                f": at the best option, {top['location']} from "
                f"{pd.Timestamp(top['time']):%d %b %Y}, the Sun is above -6° (civil light) "
                f"at H-hour on {n} of {m} dates"
            )
        times.append(txt)
    factors = []
    factor_notes: list[str] = []
    if "medevac_h" in feats:
        # the factor variables only: a site of the whole Dataset selects every variable
        per_site = feats[[v for v in _FACTOR_VARIABLES if v in feats]]
        for r in rows:
            f = per_site.sel(location=r["icao"])
            mh = float(f["medevac_h"].item())
            factors.append(
                {
                    "icao": r["icao"],
                    "medevac": (
                        f"{mh:.1f} h by {f['medevac_asset'].item()} to "
                        f"{f['medevac_hospital'].item()}"
                        if np.isfinite(mh)
                        else "no evacuation to surgery by the exercise's aircraft"
                    ),
                    "meets": bool(f["medevac_2h"].item()),
                    "why": "" if np.isfinite(mh) else str(f["medevac_reason"].item()),
                    "satcom": f"{float(f['satcom_elevation_deg'].item()):.1f}°",
                    "satcom_flag": str(f["satcom_flag"].item()),
                }
            )
            note = str(f["medevac_reason"].item())
            if np.isfinite(mh) and note and note not in factor_notes:
                factor_notes.append(note)
    return {
        "factors": factors,
        "factor_notes": factor_notes,
        "medevac_delay": ex.medevac_launch_delay_min,
        "times": times,
        "deployment": deployment,
        "deployment_notes": list(ep.deployment_notes),
        "name": ex.name,
        "kind": ex.kind,
        "concept_label": ep.concept.label,
        "concept_description": ep.concept.description,
        "personnel": ex.personnel,
        "duration_days": ex.duration_days,
        "aircraft": ", ".join(a.key for a in ep.aircraft),
        "season": f"{ex.season.from_} – {ex.season.to}",
        "window": ex.window,
        "weights": ", ".join(f"{k} {v:.2f}" for k, v in ep.ranking.weights.items()),
        "constraints": "; ".join(constraints),
        "criteria_sources": criteria_src,
        "notes": [*ep.ranking.notes, *ep.concept.notes],
        "swap": swap,
        "sens_notes": list(sens.notes) if sens is not None else [],
        "criteria": [f"{c.label} [{c.unit}]" for c in crits],
        "top": rows,
        "map_svg": greenland_svg(points, title=f"{ex.name}: best score per site"),
        "n_feasible": int(opts["feasible"].sum()),
        "n_total": len(opts),
        "n_excluded_sites": len(excluded_sites),
        "exclusions": _short_reasons(reasons),
    }


def _short_reasons(reasons: Counter[str], *, shown: int = 8) -> list[tuple[str, int]]:
    """Exclusion reasons grouped (heliports, missing runways), most common first.

    At most ``shown`` lines; the rest are summed into one "other reasons" line so the
    counts always add up to the number of excluded sites.
    """
    short: Counter[str] = Counter()
    for reason, n in reasons.items():
        txt = reason
        if "is a helipad" in reason or "is a heliport" in reason:
            txt = "an exercise aircraft can land: heliport, no runway for fixed-wing aircraft"
        elif "has no runway in the catalogue" in reason:
            txt = "an exercise aircraft can land: no runway listed in OurAirports"
        short[txt] += n
    ranked = short.most_common()
    if len(ranked) > shown:
        rest = sum(n for _, n in ranked[shown - 1 :])
        ranked = [
            *ranked[: shown - 1],
            (
                f"{len(ranked) - shown + 1} other reasons (runway "
                "length or surface; see opportunities.csv)",
                rest,
            ),
        ]
    return ranked


def _light_context(plan: Plan) -> dict[str, Any]:
    keep = [
        s
        for s in plan.catalog
        if s.kind in {SiteKind.AIRPORT, SiteKind.STRIP} and s.icao in plan.light["location"].values
    ]
    keep.sort(key=lambda s: -s.lat_deg)
    ds = plan.light.sel(location=[s.icao for s in keep])
    svg = light_calendar_svg(
        [f"{s.icao} {s.name[:22]} ({s.lat_deg:.1f}°N)" for s in keep],
        ds["day"].values,
        ds["civil_light_s"].transpose("location", "day").values / 3600.0,
        ds["day_state"].transpose("location", "day").values.astype(str),
    )
    days = pd.DatetimeIndex(ds["day"].values)
    return {"light_svg": svg, "light_span": f"{days[0]:%d %b %Y} – {days[-1]:%d %b %Y}"}


def _cold_context(plan: Plan) -> dict[str, Any]:
    keep = [
        s
        for s in plan.catalog
        if s.kind in {SiteKind.AIRPORT, SiteKind.STRIP}
        and s.icao in plan.t2m_monthly["location"].values
    ]
    keep.sort(key=lambda s: -s.lat_deg)
    winds = sorted({ex.design_wind_kmh for ex in plan.mission.exercise}) or [30.0]
    t2m = plan.t2m_monthly.sel(location=[s.icao for s in keep])
    plain = t2m.drop_vars([c for c in t2m.coords if c not in t2m.dims])
    risk = cold_risk_table(plain, [winds[0]]).isel(wind_kmh=0)
    svg = cold_calendar_svg(
        [f"{s.icao} {s.name[:22]} ({s.lat_deg:.1f}°N)" for s in keep],
        plain.transpose("location", "month").values,
        risk["wind_chill_degC"].transpose("location", "month").values,
        risk["frostbite_band"].transpose("location", "month").values.astype(float),
        design_wind_kmh=winds[0],
    )
    classes = sorted({ex.ship_ice_class for ex in plan.mission.exercise if ex.ship_ice_class})
    ice_class = classes[0] if classes else "IA"
    table = port_access_table(ice_class)
    ports = [str(p) for p in table["port"].values]
    port_svg = port_season_svg(
        ports, table["port_access"].transpose("port", "month").values, ice_class=ice_class
    )
    return {
        "cold_svg": svg,
        "cold_wind": winds[0],
        "cold_source": str(plan.t2m_monthly.attrs.get("source", "")),
        "port_svg": port_svg,
        "port_class": ice_class,
    }


def _presence_context(plan: Plan) -> list[dict[str, Any]]:
    out = []
    for pp in plan.presence:
        r, st = pp.result, pp.study
        d = r.demand
        points = [
            MapPoint(
                float(la),
                float(lo),
                "#4dac26" if cov else "#d6604d",
                1.6 if layer == "coast" else 3.2,
                f"{lab}: {'covered' if cov else 'not covered'}",
            )
            for la, lo, cov, lab, layer in zip(
                d.lat_deg, d.lon_deg, r.covered, d.label, d.layer, strict=True
            )
        ]
        circles = []
        for sc in r.sites:
            kind = plan.catalog.get(sc.icao).kind.value
            points.append(
                MapPoint(
                    sc.lat_deg,
                    sc.lon_deg,
                    "#ffd54a",
                    5.0,
                    f"{sc.icao} {sc.name}: covers {sc.covered_weight:,.0f}",
                    label=sc.icao,
                    ring=True,
                    symbol=site_sidc(kind),
                    priority=10.0,
                )
            )
            circles.append(
                MapCircle(
                    sc.lat_deg,
                    sc.lon_deg,
                    r.radius_m,
                    label=f"{sc.icao}: {r.radius_m / 1000:,.0f} km = {r.aircraft} in {r.response_h:g} h",
                )
            )
        curve = r.coverage_curve
        rows = [
            {
                "icao": sc.icao,
                "name": sc.name,
                "fixed": "existing base (fixed)" if sc.fixed else "chosen",
                "covered": f"{sc.covered_weight:,.0f}",
                "marginal": f"{sc.marginal_value:,.0f}",
                "marginal_reopt": "—"
                if sc.marginal_value_reoptimised is None
                else f"{sc.marginal_value_reoptimised:,.0f}",
                "labels": ", ".join(lab for lab in sc.covered_labels if not lab.startswith("coast"))
                or "—",
            }
            for sc in r.sites
        ]
        title = st.name or f"{r.aircraft}, {r.response_h:g} h response, k = {r.k}"
        out.append(
            {
                "title": title,
                "aircraft": r.aircraft,
                "response_h": r.response_h,
                "radius_km": r.radius_m / 1000.0,
                "k": r.k,
                "fixed": ", ".join(r.fixed) or "none",
                "demand": st.demand,
                "unit": r.demand_unit,
                "covered": r.covered_demand,
                "total": r.total_demand,
                "share": r.covered_demand / r.total_demand if r.total_demand else 0.0,
                "area": r.area,
                "optimal": "proven optimal" if r.optimal else f"not proven optimal ({r.status})",
                "gap": r.mip_gap,
                "rows": rows,
                "notes": [*pp.constraints, *r.notes],
                "map_svg": greenland_svg(
                    points, title=f"Presence option: {title}", legend=False, circles=circles
                ),
                "curve_svg": coverage_curve_svg(
                    [c.k for c in curve],
                    [c.covered_share for c in curve],
                    chosen_k=r.k,
                    title=f"{r.aircraft} within {r.response_h:g} h ({r.radius_m / 1000:,.0f} km)",
                ),
                "curve": [
                    (c.k, f"{100 * c.covered_share:.1f}%", ", ".join(c.sites)) for c in curve
                ],
            }
        )
    return out


def _finding_fields(f: Any) -> str:
    """A finding's structured fields in one line; a survey by its form and zone name."""
    form = getattr(f, "form", None)
    if form is not None:
        return f"{form} survey of {f.fields.get('name', '?')!s} (figures from field surveys below)"
    return ", ".join(f"{k} = {v}" for k, v in f.fields.items())


def _findings_context(plan: Plan) -> dict[str, Any]:
    """Findings visible to the report's audience and the document marking.

    The banner is :func:`arcticrecon.report.marking.plan_marking`: the high-water mark of
    the findings and the site overrides the plan used.
    """
    rows = [
        {
            "site": f.site,
            "kind": f.kind.value,
            "observed": f.observed_at_utc.strftime("%Y-%m-%d %H:%MZ"),
            "marking": f.marking.label(),
            "author": f.author,
            "text": f.text if len(f.text) <= 400 else f.text[:400] + " …",
            "fields": _finding_fields(f),
            "conflict": f.conflict,
        }
        for f in plan.findings
    ]
    marking = plan_marking(plan).banner
    facts = [
        {"site": icao, "facts": ", ".join(f"{k} = {v}" for k, v in d.items())}
        for icao, d in sorted(plan.site_facts.items())
    ]
    surveyed = [
        {
            "ident": a.ident,
            "name": a.name,
            "form": a.form,
            "new": a.new_site,
            "provenance": a.provenance,
            "figures": "; ".join(a.figures),
            "marking": a.marking.label(),
        }
        for a in plan.surveyed
    ]
    return {
        "findings": rows,
        "marking": marking,
        "audience": plan.audience,
        "facts": facts,
        "surveyed": surveyed,
    }


def render_html(
    plan: Plan, *, mission_file: str = "", grid_maps: dict[str, Any] | None = None
) -> str:
    """The consultation report as one self-contained HTML string.

    ``grid_maps``: :func:`arcticrecon.report.grid_maps.grid_maps_context` of a built grid
    (``plan --grids DIR``): each exercise's suitability map and the common maps.
    """
    m = plan.mission
    roster = []
    for c in m.contributions:
        roster.append(
            {
                "nation": c.nation,
                "nation_name": nation_name(c.nation),
                "role": "lead nation" if c.nation == m.mission.lead_nation else "contributor",
                "personnel": c.personnel,
                "roles": ", ".join(c.roles),
                "arrive": c.arrive,
            }
        )
    if m.mission.lead_nation not in {c.nation for c in m.contributions}:
        roster.insert(
            0,
            {
                "nation": m.mission.lead_nation,
                "nation_name": nation_name(m.mission.lead_nation),
                "role": "lead nation",
                "personnel": None,
                "roles": "",
                "arrive": None,
            },
        )
    ctx = {
        "m": m.mission,
        "lead_name": nation_name(m.mission.lead_nation),
        "hubs": [f"{h.icao} {h.name}" for h in plan.hubs],
        "generated": plan.generated_utc.strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
        "mission_file": mission_file,
        "roster": roster,
        "people": m.people,
        "exercises": [
            _exercise_context(ep, {x.icao: x.kind.value for x in plan.catalog})
            for ep in plan.exercises
        ],
        "sources": plan.sources,
        **_light_context(plan),
        **_cold_context(plan),
        "presence": _presence_context(plan),
        **_findings_context(plan),
        "grid_maps": grid_maps,
    }
    return _ENV.get_template("report.html.j2").render(**ctx)
