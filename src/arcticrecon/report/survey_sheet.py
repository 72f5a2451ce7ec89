"""Printable survey sheet (HTML, PDF) of one structured field survey.

Laid out like the standard survey forms — AF Form 3822 *Landing Zone Survey* and AF Form
3823 *Drop Zone Survey* (prescribed by DAFMAN 13-217) — as models for the content
(identification, geometry with corner coordinates, surface, obstacles, verdicts,
certification), not copied. The sheet carries the survey's classification and REL TO in a
banner at the top and bottom of the page and on every printed page.

The page is self-contained (inline CSS and an SVG sketch of the zone): it opens offline
and WeasyPrint renders it to PDF with no request to any host.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import jinja2
import numpy as np

from arcticrecon import __version__
from arcticrecon.geo.coords import format_lat_lon, to_mgrs
from arcticrecon.survey import Marking
from arcticrecon.survey.forms import (
    FORM_TITLES,
    DropZoneSurvey,
    HelicopterLandingZoneSurvey,
    IceRunwaySurvey,
    LandingZoneSurvey,
    PortSurvey,
    Position,
    Survey,
)
from arcticrecon.zones import Assessment
from arcticrecon.zones.geometry import local_plane_xy

__all__ = ["SheetMeta", "render_survey_sheet", "sheet_file_stem", "zone_sketch_svg"]

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("arcticrecon", "report/templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
)
_MEASURED_LABELS = {
    "length_m": ("Usable length", "m"),
    "width_m": ("Usable width", "m"),
    "heading_deg": ("True course end 1 → end 2", "°"),
    "reciprocal_heading_deg": ("True course end 2 → end 1", "°"),
    "ident_true": ("Designators (true)", ""),
    "area_m2": ("Area", "m²"),
    "side_lengths_m": ("Sides 1-2, 2-3, 3-4, 4-1", "m"),
    "method": ("Measured from", ""),
    "points": ("Thickness points", ""),
    "weakest_point": ("Weakest point", ""),
    "effective_thickness_cm": ("Effective thickness there", "cm"),
    "allowable_load_kg": ("Allowable moving load (Gold)", "kg"),
    "gold_a_kg_cm2": ("Gold's A", "kg/cm²"),
    "length_along_run_in_m": ("Length along the run-in", "m"),
    "width_across_run_in_m": ("Width across the run-in", "m"),
    "length_along_run_in_yd": ("Length along the run-in", "yd"),
    "width_across_run_in_yd": ("Width across the run-in", "yd"),
    "run_in_off_axis_deg": ("Run-in off the zone's axis", "°"),
    "capacity": ("Capacity (jumpers / containers / platforms)", ""),
    "touchdown_diameter_m": ("Usable touchdown diameter", "m"),
    "touchdown_basis": ("Diameter from", ""),
    "ground_slope_deg": ("Ground slope", "°"),
    "landing_points": ("Landing points", ""),
    "quay_length_m": ("Quay length", "m"),
    "depth_alongside_m": ("Depth alongside (chart datum)", "m"),
    "tidal_range_m": ("Tidal range", "m"),
    "fast_ice_months": ("Months with fast ice at the quay", ""),
}
_OUTCOME_CLASS = {
    "suitable": "ok",
    "unverified": "unk",
    "restricted": "warn",
    "unsuitable": "bad",
}


@dataclass(frozen=True)
class SheetMeta:
    """Store facts printed on a sheet.

    Attributes
    ----------
    report_id, revision_id : str
        ``""`` for a sheet of an unsaved survey.
    author : str
    stored_at_utc : datetime or None
    """

    report_id: str = ""
    revision_id: str = ""
    author: str = ""
    stored_at_utc: dt.datetime | None = None


def _mgrs(p: Position) -> str:
    return to_mgrs(lat_deg=p.lat_deg, lon_deg=p.lon_deg, precision_m=1)  # UPS beyond 84°N


def _pos_row(label: str, p: Position) -> dict[str, str]:
    return {
        "label": label,
        "entered": p.as_entered or "",
        "decimal": format_lat_lon(lat_deg=p.lat_deg, lon_deg=p.lon_deg, decimals=5),
        "mgrs": _mgrs(p),
    }


def zone_sketch_svg(survey: Survey, *, size_px: int = 320) -> str:
    """Plan sketch of the zone in its local plane: outline, reference point, obstacles.

    North up; a scale bar in metres. Returns ``""`` for a survey without geometry.
    """
    pts: list[Position] = []
    if isinstance(survey, LandingZoneSurvey | IceRunwaySurvey):
        pts = list(survey.corners or survey.centerline or [])
    elif isinstance(survey, DropZoneSurvey):
        pts = list(survey.corners)
    elif isinstance(survey, HelicopterLandingZoneSurvey) and survey.corners:
        pts = list(survey.corners)
    extra: list[tuple[str, Position]] = [("ref", survey.position)]
    for o in getattr(survey, "obstacles", []) or []:
        if o.position is not None:
            extra.append(("obs", o.position))
    allp = [*pts, *(p for _, p in extra)]
    xy = local_plane_xy(allp) if len(allp) > 1 else np.zeros((1, 2))
    span = max(float(np.ptp(xy[:, 0])), float(np.ptp(xy[:, 1])), 1.0)
    if isinstance(survey, HelicopterLandingZoneSurvey) and survey.touchdown_diameter_m:
        span = max(span, survey.touchdown_diameter_m * 1.6)
    pad = 30.0
    scale = (size_px - 2 * pad) / span
    cx, cy = float(xy[:, 0].mean()), float(xy[:, 1].mean())

    def sx(x: float) -> float:
        return size_px / 2 + (x - cx) * scale

    def sy(y: float) -> float:
        return size_px / 2 - (y - cy) * scale

    out = [
        f'<svg class="sketch" viewBox="0 0 {size_px} {size_px}" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="zone sketch">',
        f'<rect x="0" y="0" width="{size_px}" height="{size_px}" fill="#fff" stroke="#d5dbe3"/>',
    ]
    n = len(pts)
    if n == 2:
        (x1, y1), (x2, y2) = xy[0], xy[1]
        w = max(2.0, (getattr(survey, "width_m", None) or 10.0) * scale)
        out.append(
            f'<line x1="{sx(x1):.1f}" y1="{sy(y1):.1f}" x2="{sx(x2):.1f}" y2="{sy(y2):.1f}" '
            f'stroke="#7a8ca0" stroke-width="{w:.1f}" stroke-opacity="0.5"/>'
        )
    elif n >= 3:
        ring = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in xy[:n])
        out.append(f'<polygon points="{ring}" fill="#dfe9f3" stroke="#1b2430" stroke-width="1.5"/>')
    for i in range(n):
        out.append(
            f'<text x="{sx(xy[i, 0]) + 4:.1f}" y="{sy(xy[i, 1]) - 4:.1f}" font-size="11">{i + 1}</text>'
        )
    rx, ry = xy[n] if len(xy) > n else (0.0, 0.0)
    if isinstance(survey, HelicopterLandingZoneSurvey) and survey.touchdown_diameter_m:
        r = survey.touchdown_diameter_m / 2 * scale
        out.append(
            f'<circle cx="{sx(rx):.1f}" cy="{sy(ry):.1f}" r="{r:.1f}" fill="none" stroke="#0b3d2e" stroke-dasharray="4 3"/>'
        )
    out.append(f'<circle cx="{sx(rx):.1f}" cy="{sy(ry):.1f}" r="4" fill="#c62828"/>')
    label = {"dz": "PI", "hlz": "TDP", "port": "quay"}.get(survey.form, "ref")
    out.append(
        f'<text x="{sx(rx) + 6:.1f}" y="{sy(ry) + 12:.1f}" font-size="11" fill="#c62828">{label}</text>'
    )
    for k, (x, y) in zip((k for k, _ in extra[1:]), xy[n + 1 :], strict=False):
        if k == "obs":
            out.append(
                f'<path d="M{sx(x):.1f},{sy(y) - 6:.1f} l5,10 h-10 z" fill="#e0a030" stroke="#7a4b00"/>'
            )
    if isinstance(survey, DropZoneSurvey):
        a = math.radians(survey.run_in_heading_deg)
        x0, y0 = sx(rx) - 60 * math.sin(a), sy(ry) + 60 * math.cos(a)
        out.append(
            f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{sx(rx):.1f}" y2="{sy(ry):.1f}" stroke="#0b3d2e" '
            'stroke-width="2" marker-end="url(#arrow)"/>'
        )
        out.insert(
            1,
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" '
            'markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#0b3d2e"/></marker></defs>',
        )
    # north arrow and scale bar
    out.append(
        f'<path d="M{size_px - 22},38 l6,-18 l6,18 l-6,-5 z" fill="#1b2430"/>'
        f'<text x="{size_px - 20}" y="52" font-size="11">N</text>'
    )
    nice = 10 ** math.floor(math.log10(span / 3))
    bar_m = max(nice * k for k in (1, 2, 5) if nice * k <= span / 2.5) if span >= 3 else 1.0
    bar_px = bar_m * scale
    out.append(
        f'<line x1="12" y1="{size_px - 14}" x2="{12 + bar_px:.1f}" y2="{size_px - 14}" stroke="#1b2430" stroke-width="3"/>'
        f'<text x="12" y="{size_px - 20}" font-size="10">{bar_m:,.0f} m</text>'
    )
    out.append("</svg>")
    return "".join(out)


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:,.1f}".rstrip("0").rstrip(".") if not v.is_integer() else f"{v:,.0f}"
    if isinstance(v, list):
        return ", ".join(_fmt(x) for x in v) or "—"
    if hasattr(v, "value"):
        return str(v.value)
    return str(v)


def _u(v: Any, unit: str) -> str:
    """A value with its unit, or "—" when unknown."""
    return "—" if v is None else f"{_fmt(v)}{'' if unit == '°' else ' '}{unit}"


def _details(survey: Survey) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if isinstance(survey, LandingZoneSurvey):
        s = survey.strength
        rows += [
            ("Surface", survey.surface.value.replace("_", "-")),
            ("Longitudinal gradient", f"{survey.longitudinal_slope_pct:g} %"),
            ("Transverse gradient", f"{survey.transverse_slope_pct:g} %"),
            ("Overruns", f"end 1: {survey.overrun_1_m:,.0f} m; end 2: {survey.overrun_2_m:,.0f} m"),
            ("Lighting", survey.lighting),
            ("CBR readings", _fmt(s.cbr_pct) + (" %" if s.cbr_pct else "")),
            ("DCP readings", _fmt(s.dcp_mm_per_blow) + (" mm/blow" if s.dcp_mm_per_blow else "")),
            (
                "Snow density",
                _fmt(s.snow_density_kg_m3) + (" kg/m³" if s.snow_density_kg_m3 else ""),
            ),
            ("Snow hand hardness", _fmt(s.snow_hardness)),
        ]
    elif isinstance(survey, IceRunwaySurvey):
        rows += [
            ("Ice", f"{survey.ice_type} ice (floating)"),
            ("Gold's A", f"{survey.gold_a_kg_cm2:g} kg/cm²"),
            ("Snow cover", f"{survey.snow_cover_cm:g} cm"),
            ("Cracks / ridges / open water", survey.cracks or "none reported"),
            ("Measured points", str(len(survey.all_points()))),
        ]
    elif isinstance(survey, DropZoneSurvey):
        rows += [
            ("Run-in heading", f"{survey.run_in_heading_deg:g}° true"),
            ("Surface", survey.surface),
            ("Hazards", _fmt(survey.hazards)),
        ]
    elif isinstance(survey, HelicopterLandingZoneSurvey):
        rows += [
            ("Touchdown point diameter (measured)", _u(survey.touchdown_diameter_m, "m")),
            ("Ground slope", f"{survey.ground_slope_deg:g}°"),
            ("Surface", survey.surface.value + (" — loose snow/dust" if survey.loose_snow else "")),
            ("Landing points", str(survey.landing_points)),
            (
                "Approach / departure heading",
                f"{_u(survey.approach_heading_deg, '°')} / {_u(survey.departure_heading_deg, '°')} true",
            ),
            ("Approach path width", _u(survey.approach_path_width_m, "m")),
        ]
    elif isinstance(survey, PortSurvey):
        rows += [
            ("Quay length", _u(survey.quay_length_m, "m")),
            ("Depth alongside (chart datum)", _u(survey.depth_alongside_m, "m")),
            ("Tidal range", _u(survey.tidal_range_m, "m")),
            (
                "Fuel",
                _fmt(survey.fuel_types)
                + (f"; stock {survey.fuel_stock_l:,.0f} L" if survey.fuel_stock_l else ""),
            ),
            (
                "Storage",
                f"covered {_u(survey.covered_storage_m2, 'm²')}, open {_u(survey.open_storage_m2, 'm²')}",
            ),
            (
                "Cranes",
                "; ".join(f"{c.description} {c.capacity_t:g} t" for c in survey.cranes) or "—",
            ),
        ]
        if survey.beach is not None:
            b = survey.beach
            rows.append(
                (
                    "Beach",
                    f"gradient 1:{b.gradient_1_in:g}, {b.surface}, usable {_u(b.usable_length_m, 'm')}; exits: {b.exits or '—'}",
                )
            )
    return rows


def _grid_table(survey: IceRunwaySurvey) -> list[list[str]] | None:
    g = survey.thickness_grid
    if g is None:
        return None
    rows = []
    for r, row in enumerate(g.clear_ice_cm):
        cells = []
        for c, v in enumerate(row):
            w = g.white_ice_cm[r][c] if g.white_ice_cm is not None else 0.0
            cells.append(f"{v:g}" + (f" + {w:g}w" if w else ""))
        rows.append(cells)
    return rows


def render_survey_sheet(
    survey: Survey,
    assessment: Assessment,
    marking: Marking | None,
    *,
    meta: SheetMeta | None = None,
    generated_utc: dt.datetime | None = None,
) -> str:
    """The printable sheet of one survey as a self-contained HTML page.

    Parameters
    ----------
    survey : Survey
    assessment : Assessment
        Its verdicts (:func:`arcticrecon.zones.assess`).
    marking : Marking or None
        The stored survey's classification and REL TO; ``None`` for an unsaved draft
        (the banner then says so).
    meta : SheetMeta, optional
    generated_utc : datetime, optional
        Default now.

    Returns
    -------
    str
        HTML.
    """
    meta = meta or SheetMeta()
    banner = marking.label() if marking is not None else "DRAFT — NOT STORED, NOT MARKED"
    positions = [
        _pos_row(
            "Reference point"
            if survey.form not in {"dz", "hlz"}
            else {"dz": "Point of impact", "hlz": "Touchdown point"}[survey.form],
            survey.position,
        )
    ]
    corners = getattr(survey, "corners", None) or getattr(survey, "centerline", None) or []
    label = "End" if getattr(survey, "centerline", None) else "Corner"
    positions += [_pos_row(f"{label} {i + 1}", p) for i, p in enumerate(corners)]
    sources: list[str] = []
    for v in assessment.verdicts:
        for c in v.criteria:
            for part in [c.source] if c.source else []:
                if part not in sources:
                    sources.append(part)
    # criteria that are the same "not assessed" record for every subject are shown once
    shared: list[dict[str, str]] = []
    if assessment.verdicts:
        first = [c for c in assessment.verdicts[0].criteria if c.status.value == "not_assessed"]
        shared = [
            c.to_dict() for c in first if all(c in v.criteria for v in assessment.verdicts[1:])
        ]
    shared_names = {c["name"] for c in shared} if len(assessment.verdicts) > 1 else set()
    verdicts = [
        {
            "subject": v.subject,
            "kind": v.kind,
            "outcome": v.outcome.value,
            "cls": _OUTCOME_CLASS[v.outcome.value],
            "reasons": v.reasons,
            "criteria": [
                {**c.to_dict(), "ref": sources.index(c.source) + 1 if c.source else None}
                for c in v.criteria
                if c.name not in shared_names or c.status.value != "not_assessed"
            ],
            "caveats": v.caveats,
        }
        for v in assessment.verdicts
    ]
    measured = []
    for k, val in assessment.measured.items():
        if k in {"source", "capacity_note"}:
            continue
        label, unit = _MEASURED_LABELS.get(k, (k.replace("_", " "), ""))
        text = (
            ", ".join(f"{a.replace('_', ' ')} {b}" for a, b in val.items())
            if isinstance(val, dict)
            else _fmt(val)
        )
        sep = "" if unit == "°" else " "
        measured.append((label, f"{text}{sep}{unit}".strip() if text != "—" else text))
    ctx = {
        "title": FORM_TITLES[survey.form],
        "s": survey,
        "banner": banner,
        "css_banner": banner.replace("\\", "\\\\").replace('"', '\\"'),
        "marked": marking is not None,
        "meta": meta,
        "observed": survey.observed_at_utc.strftime("%Y-%m-%d %H:%M UTC"),
        "positions": positions,
        "measured": measured,
        "measure_source": assessment.measured.get("source", ""),
        "capacity_note": assessment.measured.get("capacity_note", ""),
        "details": _details(survey),
        "obstacles": list(getattr(survey, "obstacles", []) or []),
        "grid": _grid_table(survey) if isinstance(survey, IceRunwaySurvey) else None,
        "points": survey.thickness_points if isinstance(survey, IceRunwaySurvey) else [],
        "deliveries": survey.deliveries if isinstance(survey, DropZoneSurvey) else [],
        "vessels": survey.vessels if isinstance(survey, PortSurvey) else [],
        "ice_months": survey.ice_at_quay if isinstance(survey, PortSurvey) else {},
        "verdicts": verdicts,
        "shared": shared if shared_names else [],
        "notes": assessment.notes,
        "sources": sources,
        "sketch": zone_sketch_svg(survey),
        "photos": [
            {
                "file": p.file,
                "position": _pos_row("", p.position)["decimal"] if p.position else "—",
                "bearing": f"{p.bearing_deg:g}°" if p.bearing_deg is not None else "—",
                "caption": p.caption,
            }
            for p in survey.photos
        ],
        "generated": (generated_utc or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
        "provenance": survey.provenance(),
    }
    return _ENV.get_template("survey_sheet.html.j2").render(**ctx)


def sheet_file_stem(survey: Survey, report_id: str = "") -> str:
    """A file name stem for a sheet: ``survey-hlz-ridge-hlz-1a2b3c4d``."""
    slug = "".join(ch.lower() if ch.isalnum() else "-" for ch in survey.name).strip("-")
    slug = "-".join(part for part in slug.split("-") if part)[:40]
    return f"survey-{survey.form}-{slug}" + (f"-{report_id[:8]}" if report_id else "")
