"""``arcticrecon mission``: create and show the mission held in the store."""

from __future__ import annotations

from typing import Annotated

import typer

from arcticrecon.cli.common import FormatOpt, OutputFormat, console, emit_records
from arcticrecon.cli.store_options import DbOpt, open_cli_store
from arcticrecon.survey import DEFAULT_LEVELS

app = typer.Typer(help="The mission in the store: name, lead nation, classification levels.")


@app.command("init")
def init(
    name: Annotated[str, typer.Option("--name", help="Mission name.")],
    lead: Annotated[str, typer.Option("--lead", help="Lead nation, ISO 3166-1 (DNK).")],
    levels: Annotated[
        str,
        typer.Option("--levels", help="Classification levels, lowest first, comma-separated."),
    ] = ",".join(DEFAULT_LEVELS),
    db: DbOpt = None,
) -> None:
    """Create the mission (and the database file and its folder if missing)."""
    from arcticrecon.store import MissionRepository

    with open_cli_store(db, create=True, create_parent=True) as store, store.write() as s:
        m = MissionRepository(s).init_mission(name=name, lead_nation=lead, levels=levels.split(","))
    console.print(f"mission {m.name!r} led by {m.lead_nation}; levels {' < '.join(m.levels)}")


@app.command("show")
def show(db: DbOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """Show the mission, its nations and how many people, teams and reports it holds."""
    from arcticrecon.store import MissionRepository

    with open_cli_store(db) as store, store.read() as s:
        repo = MissionRepository(s)
        m = repo.get_mission()
        d = {
            "name": m.name,
            "lead_nation": m.lead_nation,
            "levels": list(m.levels),
            "nations": list(m.nations),
            "people": len(repo.persons()),
            "teams": len(repo.teams()),
            "created_at_utc": m.created_at_utc,
            "database": store.url,
        }
    if fmt is OutputFormat.table:
        emit_records([{"setting": k, "value": v} for k, v in d.items()], fmt, title="Mission")
    else:
        emit_records([d], fmt, json_obj=d)
