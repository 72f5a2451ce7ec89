"""``arcticrecon person``: the people of the mission (identities for ``--as``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from arcticrecon.cli.common import FormatOpt, OutputFormat, emit_records
from arcticrecon.cli.store_options import DbOpt, count, open_cli_store
from arcticrecon.errors import InputError

app = typer.Typer(help="People of the mission: name, rank, role, nation, clearance, dates.")


def _date(text: str | None, field: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"--{field} {text!r} is not a date; write YYYY-MM-DD", field=field, value=text
        ) from None


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Full name, e.g. 'Maj Jan Peeters'.")],
    nation: Annotated[str, typer.Option("--nation", help="ISO 3166-1 code of a mission nation.")],
    clearance: Annotated[
        str, typer.Option("--clearance", help="Highest level the person may see.")
    ],
    rank: Annotated[str, typer.Option("--rank", help="Rank, e.g. Maj.")] = "",
    role: Annotated[str, typer.Option("--role", help="Role in the mission.")] = "",
    arrive: Annotated[str | None, typer.Option("--arrive", help="Arrival date YYYY-MM-DD.")] = None,
    depart: Annotated[
        str | None, typer.Option("--depart", help="Departure date YYYY-MM-DD.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Register a person; prints the person's id."""
    from arcticrecon.store import MissionRepository

    with open_cli_store(db) as store, store.write() as s:
        p = MissionRepository(s).add_person(
            name=name,
            nation=nation,
            clearance=clearance,
            rank=rank,
            role=role,
            arrive=_date(arrive, "arrive"),
            depart=_date(depart, "depart"),
        )
    typer.echo(p.id)


@app.command("list")
def list_people(
    nation: Annotated[str | None, typer.Option("--nation", help="Only this nation.")] = None,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List people by nation and name."""
    from arcticrecon.store import MissionRepository

    with open_cli_store(db) as store, store.read() as s:
        people = MissionRepository(s).persons(nation=nation)
    rows = [p.to_dict() for p in people]
    cols = ["name", "rank", "nation", "role", "clearance", "arrive", "depart", "id"]
    emit_records(rows, fmt, columns=cols, title=count(len(rows), "person", "people"))
