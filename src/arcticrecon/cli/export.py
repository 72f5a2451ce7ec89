"""``arcticrecon export FORMAT WHAT --out FILE``: overlays for C2 (NVG) and GIS tools."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Any

import typer

from arcticrecon.cli.common import console, err_console
from arcticrecon.cli.store_options import AsOpt, DbOpt

__all__ = ["export_command", "export_document"]


class ExportFormat(enum.StrEnum):
    """Export formats."""

    nvg = "nvg"
    kml = "kml"
    gpkg = "gpkg"
    geojson = "geojson"


class ExportWhat(enum.StrEnum):
    """What to export."""

    sites = "sites"
    ranking = "ranking"
    presence = "presence"
    routes = "routes"
    deployment = "deployment"
    findings = "findings"


def _plan(mission_file: Path | None, catalog: Any, what: str) -> Any:
    from arcticrecon.errors import InputError
    from arcticrecon.mission import read_mission_file
    from arcticrecon.planner import make_plan

    if mission_file is None:
        raise InputError(
            f"export {what} needs a mission file: give --mission MISSION.toml",
            field="mission",
        )
    mission = read_mission_file(mission_file)
    return make_plan(mission, catalog)


def export_document(
    what: str,
    *,
    db: str | None = None,
    as_: str | None = None,
    mission_file: Path | None = None,
    exercise: str | None = None,
) -> Any:
    """Build the :class:`~arcticrecon.export.ExportDocument` for ``WHAT``.

    With ``--db``/``--as`` only what that person may read is loaded (overrides correct the
    catalogue; findings); without them only the public catalogue is used.

    Raises
    ------
    InputError
        If a needed option is missing (``--mission`` for a plan, ``--as`` for findings).
    """
    from arcticrecon.catalog import load_catalog
    from arcticrecon.errors import InputError
    from arcticrecon.export import build
    from arcticrecon.survey import DEFAULT_LEVELS

    catalog = load_catalog()
    overrides: list[Any] = []
    reports: list[Any] = []
    levels: tuple[str, ...] = DEFAULT_LEVELS
    audience = ""
    if what == "findings" and db is None and as_ is None:
        raise InputError(
            "export findings needs the store and an identity: give --db FILE --as PERSON",
            field="as",
        )
    if db is not None or as_ is not None:
        from arcticrecon.cli.store_options import open_cli_store, reader_from
        from arcticrecon.store import load_visible_reports, load_visible_site_override_records

        with open_cli_store(db) as store:
            reader = reader_from(store, as_)
            overrides = list(load_visible_site_override_records(store, reader))
            if what == "findings":
                reports = list(load_visible_reports(store, reader))
        levels = tuple(reader.levels)
        audience = reader.label()
    if what == "sites":
        return build.sites_document(catalog, overrides=overrides, levels=levels, audience=audience)
    if what == "findings":
        return build.findings_document(reports, catalog, levels=levels, audience=audience)
    from arcticrecon.survey import apply_site_overrides

    eff: dict[str, dict[str, Any]] = {}
    for o in overrides:
        eff.setdefault(o.site, {})[o.field] = o.value
    corrected, _facts = apply_site_overrides(catalog, eff)
    plan = _plan(mission_file, corrected, what)
    kw: dict[str, Any] = {
        "markings": [o.marking for o in overrides],
        "levels": levels,
        "audience": audience,
    }
    if what == "ranking":
        return build.ranking_document(plan, exercise, **kw)
    if what == "presence":
        return build.presence_document(plan, **kw)
    if what == "deployment":
        return build.deployment_document(plan, **kw)
    return build.routes_document(plan, **kw)


def export_command(
    fmt: Annotated[
        ExportFormat, typer.Argument(metavar="FORMAT", help="nvg, kml, gpkg or geojson.")
    ],
    what: Annotated[
        ExportWhat,
        typer.Argument(
            metavar="WHAT", help="sites, ranking, presence, routes, deployment or findings."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (replaced atomically).")],
    mission_file: Annotated[
        Path | None,
        typer.Option(
            "--mission", "-m", help="Mission file (ranking, presence, routes, deployment)."
        ),
    ] = None,
    exercise: Annotated[
        str | None, typer.Option("--exercise", "-e", help="Exercise name (ranking; default first).")
    ] = None,
    db: DbOpt = None,
    as_: AsOpt = None,
) -> None:
    """Write an overlay: NATO Vector Graphics 2.0.2, KML, GeoPackage or GeoJSON.

    With --db and --as PERSON the file holds only what that person may read, and its
    metadata carries the marking (classification and REL TO) of what it holds.
    """
    from arcticrecon.export import write_export

    if db is not None or as_ is not None:
        from arcticrecon.cli.store_options import refuse_database_target

        refuse_database_target(db, out)
    doc = export_document(what.value, db=db, as_=as_, mission_file=mission_file, exercise=exercise)
    path = write_export(doc, fmt.value, out)
    n = sum(len(layer.features) for layer in doc.layers)
    console.print(
        f"{fmt.value.upper()} written to [bold]{path}[/]: {n} features, marking "
        f"{doc.marking.banner}",
        highlight=False,
        soft_wrap=True,
    )
    if n == 0:
        err_console.print(f"note: the {what.value} export holds no feature", highlight=False)
