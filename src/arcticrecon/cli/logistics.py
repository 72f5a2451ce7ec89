"""``arcticrecon route | sealift | deploy | itinerary``: logistics reach.

Thin: parse the arguments, call :mod:`arcticrecon.logistics`, format the result.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from arcticrecon.cli.common import FormatOpt, OutputFormat, atomic_write_text, console, emit_records
from arcticrecon.errors import InputError, NotFoundError
from arcticrecon.logistics.assumptions import BLOCK_ALLOWANCE_S, VISIT_DURATION_S
from arcticrecon.units import KT_TO_M_S

__all__ = ["deploy", "itinerary", "route", "sealift"]

IceClassOpt = Annotated[
    str | None,
    typer.Option("--ice-class", help="Ship ice class for the port season check (ice package)."),
]


def route(
    origin: Annotated[str, typer.Argument(metavar="FROM", help="ICAO code or LAT,LON.")],
    destination: Annotated[str, typer.Argument(metavar="TO", help="ICAO code or LAT,LON.")],
    aircraft: Annotated[str, typer.Option("--aircraft", "-a", help="Aircraft type.")],
    via: Annotated[
        list[str] | None, typer.Option("--via", help="Forced stop (ICAO or LAT,LON), repeatable.")
    ] = None,
    wind_kt: Annotated[
        float, typer.Option("--wind-kt", help="Mean wind component, tailwind positive [kt].")
    ] = 0.0,
    allowance_h: Annotated[
        float,
        typer.Option(
            "--allowance-h", help="Block-time allowance per leg [h] (planning assumption)."
        ),
    ] = BLOCK_ALLOWANCE_S / 3600.0,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Flight legs FROM -> TO: distance, course, block time; multi-hop if out of range."""
    from arcticrecon.catalog import get_aircraft, load_catalog
    from arcticrecon.logistics import plan_air_route_via, resolve_place

    cat = load_catalog()
    ac = get_aircraft(aircraft)
    places = [resolve_place(p, cat) for p in [origin, *(via or []), destination]]
    r = plan_air_route_via(
        places=places,
        aircraft=ac,
        catalog=cat,
        wind_component_m_s=wind_kt * KT_TO_M_S,
        allowance_s=allowance_h * 3600.0,
    )
    d = r.to_dict()
    if fmt is OutputFormat.json:
        emit_records([], fmt, json_obj=d)
        return
    cols = [
        "from",
        "to",
        "distance_km",
        "distance_nm",
        "initial_course_true_deg",
        "flight_time_h",
        "block_time_h",
        "caveats",
    ]
    emit_records(d["legs"], fmt, columns=cols, title=f"Route for {ac.key}")
    if fmt is OutputFormat.table:
        console.print(
            f"Total {d['distance_km']:,.1f} km / {d['distance_nm']:,.1f} NM, block time "
            f"{d['block_time_h']:.2f} h (allowance {allowance_h:g} h per leg, planning "
            "assumption)"
        )


def sealift(
    origin: Annotated[str, typer.Argument(metavar="FROM_PORT", help="Port name or LAT,LON.")],
    destination: Annotated[str, typer.Argument(metavar="TO_PORT", help="Port name or LAT,LON.")],
    speed_kt: Annotated[
        float, typer.Option("--speed-kt", help="Speed through the water [kt].")
    ] = 14.0,
    departure: Annotated[
        str | None, typer.Option("--departure", help="Sailing date YYYY-MM-DD.")
    ] = None,
    ice_class: IceClassOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Sea route FROM_PORT -> TO_PORT: distance, transit days, route GeoJSON."""
    from arcticrecon.logistics import ice_season_check, plan_sealift, resolve_port

    dep = _date(departure, "--departure") if departure else None
    if ice_class and dep is None:
        raise InputError(
            "--ice-class needs --departure (the season check is per month)", field="departure"
        )
    s = plan_sealift(
        origin=resolve_port(origin),
        destination=resolve_port(destination),
        speed_m_s=speed_kt * KT_TO_M_S,
        departure=dep,
        season_check=ice_season_check(ice_class) if ice_class else None,
    )
    d = s.to_dict()
    if fmt is OutputFormat.json:
        emit_records([], fmt, json_obj=d)
        return
    row = {k: v for k, v in d.items() if k not in {"route", "season_problems", "warnings"}}
    row["warnings"] = "; ".join(d["warnings"])
    if fmt is OutputFormat.csv:
        emit_records([row], fmt)
        return
    emit_records(
        [{"quantity": k, "value": v} for k, v in row.items() if k != "warnings"],
        fmt,
        title=f"Sea lift {s.origin.name} -> {s.destination.name}",
    )
    for w in d["warnings"]:
        console.print(f"[yellow]warning:[/] {w}")
    for sp in d["season_problems"]:
        console.print(f"[yellow]season:[/] {sp}")
    if not s.season_checked:
        console.print("Port ice season: not checked (give --departure and --ice-class).")


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"{option} {text!r} is not a date; write YYYY-MM-DD", field=option, value=text
        ) from None


def deploy(
    mission_file: Annotated[Path, typer.Argument(help="Mission file (TOML).")],
    exercise: Annotated[str, typer.Option("--exercise", "-e", help="Exercise name.")],
    site: Annotated[
        str | None, typer.Option("--site", help="Destination airfield (default: first hub).")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="Day 1, YYYY-MM-DD (default: season start).")
    ] = None,
    person_kg: Annotated[
        float | None, typer.Option("--person-kg", help="Mass per person with kit [kg].")
    ] = None,
    site_sorties: Annotated[
        int | None, typer.Option("--site-sorties-per-day", help="Arrivals per day at the site.")
    ] = None,
    payload_fraction: Annotated[
        float | None, typer.Option("--payload-fraction", help="Share of max payload per sortie.")
    ] = None,
    cargo_by: Annotated[str | None, typer.Option("--cargo-by", help="air or sea.")] = None,
    speed_kt: Annotated[
        float | None, typer.Option("--ship-speed-kt", help="Sea lift speed [kt].")
    ] = None,
    port: Annotated[str | None, typer.Option("--port", help="Greenland port of discharge.")] = None,
    gantt: Annotated[
        Path | None, typer.Option("--gantt", help="Write the Gantt chart as SVG here.")
    ] = None,
    ice_class: IceClassOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Deployment timeline for an exercise: sorties and days to close each nation's force."""
    from arcticrecon.catalog import load_catalog
    from arcticrecon.logistics import (
        DeployParameters,
        contingents_from_mission,
        ice_season_check,
        plan_deployment,
    )
    from arcticrecon.logistics.deploy import with_overrides
    from arcticrecon.mission import read_mission_file

    mission = read_mission_file(mission_file)
    ex = next((e for e in mission.exercise if e.name.casefold() == exercise.casefold()), None)
    if ex is None:
        names = [e.name for e in mission.exercise]
        raise NotFoundError(
            f"exercise {exercise!r} is not in {mission_file.name}; known: {', '.join(names)}",
            field="exercise",
            value=exercise,
            valid_range=names,
        )
    if cargo_by not in {None, "air", "sea"}:
        raise InputError(f"--cargo-by {cargo_by!r} must be air or sea", field="cargo_by")
    cat = load_catalog()
    dest = cat.get(site or mission.mission.hubs[0])
    day1 = _date(start, "--start") if start else ex.season.from_
    params = with_overrides(
        DeployParameters(),
        person_mass_kg=person_kg,
        payload_fraction=payload_fraction,
        site_sorties_per_day=site_sorties,
        cargo_by=cargo_by,
        ship_speed_kt=speed_kt,
        destination_port=port,
    )
    contingents, notes = contingents_from_mission(mission, ex)
    plan = plan_deployment(
        contingents=contingents,
        site=dest,
        start=day1,
        params=params,
        season_check=ice_season_check(ice_class) if ice_class else None,
    )
    if gantt is not None:
        from arcticrecon.report.charts import gantt_svg

        atomic_write_text(gantt, gantt_svg(plan, title=f"{ex.name}: deployment to {dest.icao}"))
    if fmt is OutputFormat.json:
        emit_records([], fmt, json_obj={"exercise": ex.name, **plan.to_dict(), "notes": notes})
        return
    cols = ["nation", "mode", "start", "end", "days", "sorties", "detail"]
    emit_records(
        [a.to_dict() for a in plan.activities],
        fmt,
        columns=None if fmt is OutputFormat.csv else cols,
        title=f"{ex.name}: deployment to {dest.icao} {dest.name}",
    )
    if fmt is OutputFormat.table:
        for cv in dict.fromkeys(c for a in plan.activities for c in a.caveats):
            console.print(f"caveat: {cv}")
        console.print(f"Force closed on {plan.closure_date} (day {plan.days_to_close}).")
        for u in plan.unplanned:
            console.print(f"[yellow]not planned:[/] {u}")
        for a in plan.assumptions:
            console.print(f"assumption: {a}")


def itinerary(
    mission_file: Annotated[Path, typer.Argument(help="Mission file (TOML).")],
    team: Annotated[str, typer.Option("--team", "-t", help="Team name.")],
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            help="Earliest take-off, YYYY-MM-DD[THH:MM] UTC (default: mission start 08:00).",
        ),
    ] = None,
    visit_h: Annotated[
        float, typer.Option("--visit-h", help="Ground time per site [h] (planning assumption).")
    ] = VISIT_DURATION_S / 3600.0,
    no_return: Annotated[
        bool, typer.Option("--no-return", help="Do not fly back to the start hub.")
    ] = False,
    no_daylight: Annotated[
        bool, typer.Option("--no-daylight", help="Ignore civil daylight (fly at any time).")
    ] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Order of site visits for a team that finishes soonest, flying in civil daylight."""
    from arcticrecon.catalog import get_aircraft, load_catalog
    from arcticrecon.logistics import civil_daylight_provider, plan_team_itinerary
    from arcticrecon.mission import read_mission_file

    mission = read_mission_file(mission_file)
    tm = next((t for t in mission.teams if t.name.casefold() == team.casefold()), None)
    if tm is None:
        names = [t.name for t in mission.teams]
        raise NotFoundError(
            f"team {team!r} is not in {mission_file.name}; known: {', '.join(names) or 'none'}",
            field="team",
            value=team,
            valid_range=names,
        )
    if start:
        try:
            t0 = dt.datetime.fromisoformat(start)
        except ValueError:
            raise InputError(
                f"--start {start!r} is not a date/time; write YYYY-MM-DD or YYYY-MM-DDTHH:MM",
                field="start",
                value=start,
            ) from None
        if t0.tzinfo is None:
            t0 = t0.replace(tzinfo=dt.UTC)
        if len(start) <= 10:
            t0 = t0.replace(hour=8)
    else:
        t0 = dt.datetime.combine(mission.mission.start, dt.time(8, 0), tzinfo=dt.UTC)
    if visit_h < 0:
        raise InputError(f"--visit-h {visit_h} is negative", field="visit_h", value=visit_h)
    cat = load_catalog()
    hub = cat.get(tm.start_hub or mission.mission.hubs[0])
    sites = [cat.get(s) for s in tm.sites]
    it = plan_team_itinerary(
        hub=hub,
        sites=sites,
        aircraft=[get_aircraft(a) for a in tm.aircraft],
        start_utc=t0,
        daylight=None if no_daylight else civil_daylight_provider(),
        visit_duration_s=visit_h * 3600.0,
        return_to_hub=not no_return,
    )
    d = it.to_dict()
    if it.end_utc.date() > mission.mission.end:
        d["notes"].append(
            f"the itinerary ends {it.end_utc.date()}, after the mission end {mission.mission.end}"
        )
    if fmt is OutputFormat.json:
        emit_records([], fmt, json_obj={"team": tm.name, "hub": hub.icao, **d})
        return
    emit_records(d["legs"], fmt, title=f"Team {tm.name}: {it.aircraft} from {hub.icao}")
    if fmt is OutputFormat.table:
        console.print(
            f"Order {' -> '.join([hub.icao, *it.order])}; total {d['total_h']:.1f} h "
            f"(flying {d['flying_h']:.1f} h), ends {d['end_utc']} UTC; "
            f"{'any time' if no_daylight else 'civil daylight only'}; {it.method}."
        )
        for n in d["notes"]:
            console.print(f"note: {n}")
