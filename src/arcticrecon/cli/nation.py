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
        codes = MissionRepository(s).nations()
    emit_records([{"code": c, "name": nation_name(c)} for c in codes], fmt, title="Nations")
