"""``arcticrecon nation``: the nations taking part (ISO 3166-1 alpha-3)."""

from __future__ import annotations

from typing import Annotated

import typer

from arcticrecon.cli.common import FormatOpt, OutputFormat, console, emit_records
from arcticrecon.cli.store_options import DbOpt, open_cli_store
from arcticrecon.mission import nation_name
from arcticrecon.mission.nations import nation_code

app = typer.Typer(help="Nations of the mission.")


@app.command("add")
def add(
    codes: Annotated[list[str], typer.Argument(help="ISO 3166-1 codes, e.g. DNK BEL FRA.")],
    db: DbOpt = None,
) -> None:
    """Add nations (already present ones are kept as they are and named in the reply)."""
    from arcticrecon.store import MissionRepository

    with open_cli_store(db) as store, store.write() as s:
        repo = MissionRepository(s)
        added = repo.add_nations(codes)
        present = [c for c in dict.fromkeys(nation_code(c) for c in codes) if c not in added]
    parts = [f"added {', '.join(added)}"] if added else ["no new nation"]
    if present:
        parts.append(f"already present: {', '.join(present)}")
    console.print("; ".join(parts), highlight=False)


@app.command("list")
def list_nations(db: DbOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """List the mission's nations (lead first)."""
    from arcticrecon.store import MissionRepository

    with open_cli_store(db) as store, store.read() as s:
        repo = MissionRepository(s)
        rows = []
        for c in repo.nations():
            ra = repo.releasing_authority(c)
            rows.append(
                {"code": c, "name": nation_name(c), "releasing_authority": ra.name if ra else ""}
            )
    emit_records(rows, fmt, title="Nations")


@app.command("authority")
def authority(
    nation: Annotated[str, typer.Argument(help="Mission nation, e.g. DNK.")],
    person: Annotated[
        str | None,
        typer.Option("--person", help="Name or id of a person of that nation (omit to show)."),
    ] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="Remove the nation's releasing authority.")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Show or name the releasing authority of a nation.

    Besides a record's originator, only this person may lower the level, widen REL TO or
    delete the records originated by that nation; everyone else may only raise or narrow.
    """
    from arcticrecon.store import MissionRepository

    with open_cli_store(db) as store:
        if person is None and not clear:
            with store.read() as s:
                ra = MissionRepository(s).releasing_authority(nation)
            code = nation_code(nation)
            console.print(
                f"{code}: releasing authority {ra.name} ({ra.id})"
                if ra
                else f"{code}: no releasing authority (only originators may release)",
                highlight=False,
            )
            return
        with store.write() as s:
            ra = MissionRepository(s).set_releasing_authority(nation, None if clear else person)
    code = nation_code(nation)
    console.print(
        f"{code}: releasing authority is now {ra.name}"
        if ra
        else f"{code}: releasing authority removed",
        highlight=False,
    )
