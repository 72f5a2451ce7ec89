"""``arcticrecon team``: reconnaissance teams, their members and tasks."""

from __future__ import annotations

from typing import Annotated

import typer

from arcticrecon.cli.common import FormatOpt, OutputFormat, console, emit_records
from arcticrecon.cli.store_options import DbOpt, count, open_cli_store

app = typer.Typer(help="Reconnaissance teams.")


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Team name.")],
    member: Annotated[
        list[str] | None, typer.Option("--member", help="A member's name or id (repeatable).")
    ] = None,
    task: Annotated[list[str] | None, typer.Option("--task", help="A task (repeatable).")] = None,
    db: DbOpt = None,
) -> None:
    """Create a team."""
    from arcticrecon.store import MissionRepository

    with open_cli_store(db) as store, store.write() as s:
        t = MissionRepository(s).add_team(name=name, members=member or [], tasks=task or [])
    console.print(
        f"team {t.name!r}: {count(len(t.members), 'member')}, {count(len(t.tasks), 'task')}"
    )


@app.command("list")
def list_teams(db: DbOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """List teams with members and tasks."""
    from arcticrecon.store import MissionRepository

    with open_cli_store(db) as store, store.read() as s:
        teams = MissionRepository(s).teams()
    rows = [
        {"name": t.name, "members": list(t.members), "tasks": list(t.tasks), "id": t.id}
        for t in teams
    ]
    emit_records(rows, fmt, title=count(len(rows), "team"))
