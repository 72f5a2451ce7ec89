"""``arcticrecon coverage``: presence options (maximal covering location problem)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from arcticrecon.cli.common import OutputFormat, console, emit_records
from arcticrecon.coverage.assumptions import COAST_SPACING_KM
from arcticrecon.errors import InputError

if TYPE_CHECKING:
    from arcticrecon.coverage import Demand, PresenceResult

__all__ = ["coverage_command", "demand_from_option"]

DEMAND_CHOICES = ("settlements", "coast", "both")


def demand_from_option(
    value: str, *, coast_spacing_km: float, unpopulated_weight: float | None
) -> Demand:
    """Demand for ``--demand settlements|coast|both|FILE``.

    ``both`` = settlements and coast, each scaled to half of the total (see
    :func:`arcticrecon.coverage.combine_demand`); ``FILE`` = a CSV ``lat_deg,lon_deg,weight``.

    Raises
    ------
    InputError
        If ``value`` is neither a choice nor an existing file, or the file is invalid.
    """
    from arcticrecon.coverage import (
        coastline_demand,
        combine_demand,
        read_demand_csv,
        settlement_demand,
    )

    v = value.strip()
    if v.lower() == "settlements":
        return settlement_demand(unpopulated_weight=unpopulated_weight)
    if v.lower() == "coast":
        return coastline_demand(spacing_km=coast_spacing_km)
    if v.lower() == "both":
        return combine_demand(
            [
                settlement_demand(unpopulated_weight=unpopulated_weight),
                coastline_demand(spacing_km=coast_spacing_km),
            ]
        )
    if Path(v).is_file():
        return read_demand_csv(v)
    raise InputError(
        f"--demand {value!r} is neither {', '.join(DEMAND_CHOICES)} nor an existing CSV file; "
        "give one of those or the path of a lat_deg,lon_deg,weight file",
        field="demand",
        value=value,
        valid_range=[*DEMAND_CHOICES, "FILE"],
    )


def coverage_command(
    aircraft: Annotated[str, typer.Option("--aircraft", help="Aircraft type, e.g. AW101.")],
    response_h: Annotated[float, typer.Option("--response-h", help="Response time in hours.")],
    k: Annotated[int, typer.Option("--k", "-k", help="Number of sites (fixed ones included).")],
    fixed: Annotated[
        list[str] | None,
        typer.Option("--fixed", help="Existing base that must stay (repeatable), e.g. BGTL."),
    ] = None,
    demand: Annotated[
        str,
        typer.Option("--demand", help="settlements | coast | both | a CSV lat_deg,lon_deg,weight."),
    ] = "settlements",
    coast_spacing_km: Annotated[
        float, typer.Option("--coast-spacing-km", help="Coastline point spacing in km.")
    ] = COAST_SPACING_KM,
    unpopulated_weight: Annotated[
        float | None,
        typer.Option(
            "--unpopulated-weight",
            help="Weight for places listed without population (default: left out).",
        ),
    ] = None,
    curve_to: Annotated[
        int | None, typer.Option("--curve-to", help="Largest k of the coverage curve (default k).")
    ] = None,
    time_limit_s: Annotated[
        float | None, typer.Option("--time-limit-s", help="Solver time limit per solve in seconds.")
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = (
        OutputFormat.table
    ),
) -> None:
    """Choose k sites covering the most demand within a response time (exact MCLP)."""
    from arcticrecon.catalog import get_aircraft, load_catalog
    from arcticrecon.coverage import presence_options

    dem = demand_from_option(
        demand, coast_spacing_km=coast_spacing_km, unpopulated_weight=unpopulated_weight
    )
    res = presence_options(
        load_catalog(),
        get_aircraft(aircraft),
        response_h,
        k,
        fixed=fixed or (),
        demand=dem,
        curve_k_max=curve_to,
        time_limit_s=time_limit_s,
    )
    rows = [
        {
            "icao": s.icao,
            "name": s.name,
            "fixed": "fixed" if s.fixed else "",
            "lat_deg": round(s.lat_deg, 5),
            "lon_deg": round(s.lon_deg, 5),
            "covered": s.covered_weight,
            "marginal_value": s.marginal_value,
            "marginal_value_reoptimised": s.marginal_value_reoptimised,
            "circle_area_km2": round(res.area.site_circle_km2[s.icao], 1),
            "covers": _covers_text(s.covered_labels),
        }
        for s in res.sites
    ]
    if fmt is OutputFormat.json:
        emit_records(rows, fmt, json_obj=res.to_dict())
        return
    if fmt is OutputFormat.csv:  # plain numbers for machines (no thousands separators)
        emit_records([{c: _plain(v) for c, v in r.items()} for r in rows], fmt)
        return
    _print_table(res, rows)


def _plain(v: object) -> object:
    return repr(round(v, 6)) if isinstance(v, float) else v


def _amount(v: float, unit: str) -> str:
    if unit == "share":
        return f"{v:.1%}"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.1f}"


def _covers_text(labels: tuple[str, ...]) -> str:
    named = [lab for lab in labels if not lab.startswith("coast ")]
    n_coast = len(labels) - len(named)
    return ", ".join(named + ([f"{n_coast} coast points"] if n_coast else []))


def _print_table(res: PresenceResult, rows: Sequence[Mapping[str, object]]) -> None:
    share = res.covered_demand / res.total_demand if res.total_demand > 0 else 0.0
    proof = "proven optimal" if res.optimal else f"NOT proven optimal (gap {res.mip_gap:.2%})"
    if res.demand_unit == "share":
        what = f"{share:.1%} of the combined demand (layers below)"
    else:
        what = (
            f"{_amount(res.covered_demand, res.demand_unit)} of "
            f"{_amount(res.total_demand, res.demand_unit)} {res.demand_unit} ({share:.1%})"
        )
    console.print(
        f"[bold]{res.aircraft}[/], {res.response_h:g} h response = "
        f"{res.radius_m / 1000:,.1f} km ({res.radius_m / 1852:,.0f} NM) radius: "
        f"{res.k} sites cover {what} — {proof}",
        highlight=False,
    )
    shown = [
        {
            **r,
            **{
                c: None if r[c] is None else _amount(float(r[c]), res.demand_unit)  # type: ignore[arg-type]
                for c in ("covered", "marginal_value", "marginal_value_reoptimised")
            },
        }
        for r in rows
    ]
    emit_records(
        shown,
        OutputFormat.table,
        title=f"Chosen sites (demand in {res.demand_unit})",
        columns=[
            "icao",
            "name",
            "fixed",
            "covered",
            "marginal_value",
            "marginal_value_reoptimised",
            "covers",
        ],
    )
    emit_records(
        [
            {
                "k": p.k,
                "covered": _amount(p.covered_weight, res.demand_unit),
                "share": f"{p.covered_share:.1%}",
                "optimal": "yes" if p.optimal else "no",
                "sites": ", ".join(p.sites),
            }
            for p in res.coverage_curve
        ],
        OutputFormat.table,
        title="Coverage curve",
    )
    console.print(res.area.summary(), highlight=False)
    for b in res.by_layer:
        console.print(
            f"{b.layer}: {_amount(b.covered, b.unit)} of {_amount(b.total, b.unit)} "
            f"{b.unit} covered",
            highlight=False,
        )
    uncovered = sorted(
        {
            lab
            for lab, c in zip(res.demand.label, res.covered, strict=True)
            if not c and not lab.startswith("coast ")
        }
    )
    if uncovered:
        console.print("Not covered: " + ", ".join(uncovered), highlight=False)
    for n in res.notes:
        console.print(f"[dim]note: {n}[/]", highlight=False)
