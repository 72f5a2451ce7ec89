"""``arcticrecon plan``: the main job."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer

from arcticrecon.cli.common import OutputFormat, console, emit_records, err_console
from arcticrecon.cli.store_options import AsOpt, DbOpt


def plan(
    mission_file: Annotated[Path, typer.Argument(help="Mission file (TOML).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Report folder to write.")] = Path(
        "build/plan"
    ),
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out.")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write report.pdf.")] = False,
    interactive: Annotated[
        bool,
        typer.Option(
            "--interactive",
            help="Also write map.html: the OpenLayers map with the plan's layers (offline).",
        ),
    ] = False,
    grids: Annotated[
        Path | None,
        typer.Option(
            "--grids",
            help="Folder of `arcticrecon grid build`: its maps go into the report.",
        ),
    ] = None,
    db: DbOpt = None,
    as_: AsOpt = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Options shown per exercise.")] = 5,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Summary format on stdout.")
    ] = OutputFormat.table,
) -> None:
    """Rank exercise opportunities for a mission file and write the report folder.

    With ``--db`` (and ``--as PERSON``) the findings of the mission store that this person
    may read are used: their site overrides correct the catalogue, their structured field
    surveys add or re-measure sites (and their verdicts decide which aircraft may use a
    surveyed runway or helicopter landing zone), and the report lists them, with the
    figures that came from surveys, and is marked for that audience only.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from arcticrecon.catalog import load_catalog
    from arcticrecon.mission import read_mission_file
    from arcticrecon.planner import make_plan
    from arcticrecon.report import write_plan_folder

    if db is not None or as_ is not None:
        from arcticrecon.cli.store_options import refuse_database_target

        refuse_database_target(db, out)
    from arcticrecon.report.writer import _check_writable

    # before the planning: an existing --out without --force, or one --force may not
    # replace, fails at once in one line
    _check_writable(out, force, kind="plan", protected=[mission_file])
    mission = read_mission_file(mission_file)
    if grids is not None:  # a wrong folder fails before the planning, in one line
        from arcticrecon.grid.output import open_grid

        open_grid(grids)
    catalog = load_catalog()
    findings: list[object] = []
    overrides: list[object] = []
    audience = ""
    audience_levels: tuple[str, ...] = ()
    site_facts: dict[str, dict[str, object]] = {}
    markings: list[object] = []
    surveyed: list[object] = []
    compatibility = None
    if db is not None or as_ is not None:
        from arcticrecon.cli.store_options import open_cli_store, reader_from
        from arcticrecon.store import (
            MissionRepository,
            load_visible_reports,
            load_visible_site_override_records,
        )
        from arcticrecon.survey import apply_site_overrides
        from arcticrecon.survey.overrides import effective_overrides, override_provenance

        with open_cli_store(db) as store:
            reader = reader_from(store, as_)
            used = effective_overrides(load_visible_site_override_records(store, reader))
            facts: dict[str, dict[str, object]] = {}
            for o in used:
                facts.setdefault(o.site, {})[o.field] = o.value
            with store.read() as s:  # authors by name in the sites' source / closed reason
                names = {p.id: p.name for p in MissionRepository(s).persons()}
            catalog, site_facts = apply_site_overrides(
                catalog, facts, provenance=override_provenance(used, names)
            )
            overrides = list(used)
            reports = load_visible_reports(store, reader)
            findings = list(reports)
            # surveys after overrides: a zone's survey measures more than one override field
            from arcticrecon.survey.models import stored_surveys
            from arcticrecon.zones import apply_surveys, survey_compatibility

            catalog, applied = apply_surveys(catalog, stored_surveys(reports))
            if applied:
                surveyed = list(applied)
                compatibility = survey_compatibility(applied)
            if interactive:
                from arcticrecon.store import load_visible_site_override_records

                markings = [o.marking for o in load_visible_site_override_records(store, reader)]
                markings += [r.marking for r in findings]  # type: ignore[attr-defined]
            audience = reader.label()
            audience_levels = tuple(reader.levels)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=fmt is not OutputFormat.table or not err_console.is_terminal,
    ) as bar:
        task = bar.add_task("planning", total=1.0)

        def progress(label: str, frac: float) -> None:
            bar.update(task, description=label, completed=frac)

        result = make_plan(mission, catalog, progress=progress, compatibility=compatibility)
        if audience:
            result = dataclasses.replace(
                result,
                findings=findings,
                overrides=overrides,
                audience=audience,
                audience_levels=audience_levels,
                site_facts=site_facts,
                surveyed=surveyed,
            )
        bar.update(task, description="writing the report", completed=0.95)
        extra = None
        if interactive:
            from arcticrecon.report.interactive import write_interactive_map

            def extra(tmp: Path) -> None:
                write_interactive_map(result, tmp, markings=markings)

        folder = write_plan_folder(
            result,
            out,
            force=force,
            mission_file=mission_file.name,
            pdf=pdf,
            extra=extra,
            grids=grids,
            protected=[mission_file],
        )
    rows = []
    for ep in result.exercises:
        for pos, r in enumerate(ep.top(top).to_dict("records"), start=1):
            rows.append(
                {
                    "exercise": ep.exercise.name,
                    "site_rank": pos,
                    "rank": int(r["rank"]),
                    "icao": r["location"],
                    "site": str(ep.features["name"].sel(location=r["location"]).item()),
                    "window_start": str(r["time"])[:10],
                    "score": float(r["score"]),
                    "explanation": r["explanation"],
                }
            )
    if fmt is not OutputFormat.table:
        emit_records(rows, fmt, json_obj={"report": str(folder), "top": rows})
        return
    for ep in result.exercises:
        sub = [r for r in rows if r["exercise"] == ep.exercise.name]
        emit_records(
            sub,
            fmt,
            title=f"{ep.exercise.name} — best window per site",
            columns=["site_rank", "icao", "site", "window_start", "score", "rank"],
        )
        if sub:
            console.print(f"  [dim]{sub[0]['explanation']}[/]")
    console.print(f"Report written to [bold]{folder}/index.html[/]")
    if interactive:
        console.print(f"Interactive map: [bold]{folder}/map.html[/] (opens offline)")
