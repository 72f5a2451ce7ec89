"""``arcticrecon override``: findings that override catalogue facts, with a marking."""

from __future__ import annotations

from typing import Annotated

import typer

from arcticrecon.cli.common import FormatOpt, OutputFormat, emit_records
from arcticrecon.cli.store_options import (
    AsOpt,
    DbOpt,
    count,
    note_originator_added,
    open_cli_store,
    parse_utc,
    reader_from,
)
from arcticrecon.survey import OVERRIDE_FIELDS

app = typer.Typer(help="Site overrides: field findings that correct the catalogue.")


@app.command("add")
def add(
    site: Annotated[str, typer.Option("--site", help="ICAO code / catalogue ident.")],
    field: Annotated[str, typer.Option("--field", help=f"One of: {', '.join(OVERRIDE_FIELDS)}.")],
    value: Annotated[str, typer.Option("--value", help="New value (in the field's unit).")],
    as_: AsOpt = None,
    rel_to: Annotated[
        list[str] | None, typer.Option("--rel-to", help="Releasable to (repeatable).")
    ] = None,
    level: Annotated[str | None, typer.Option("--level", help="Classification level.")] = None,
    note: Annotated[str, typer.Option("--note", help="How it was measured.")] = "",
    observed_at: Annotated[str | None, typer.Option("--observed-at", help="UTC time.")] = None,
    db: DbOpt = None,
) -> None:
    """Record an override; prints its id."""
    from arcticrecon.store import OverrideRepository

    with open_cli_store(db) as store:
        reader = reader_from(store, as_)
        with store.write() as s:
            o = OverrideRepository(s, reader).add(
                site=site,
                field=field,
                value=value,
                level=level,
                rel_to=rel_to,
                note=note,
                observed_at_utc=parse_utc(observed_at, field="observed-at")
                if observed_at
                else None,
            )
    note_originator_added(reader, rel_to, o.marking)
    typer.echo(o.id)


@app.command("list")
def list_overrides(
    as_: AsOpt = None,
    site: Annotated[str | None, typer.Option("--site", help="Only this site.")] = None,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List the overrides --as may see."""
    from arcticrecon.store import OverrideRepository

    with open_cli_store(db) as store:
        reader = reader_from(store, as_)
        with store.read() as s:
            items = OverrideRepository(s, reader).list(site=site)
    emit_records(
        [o.to_dict() for o in items],
        fmt,
        columns=_OVERRIDE_COLUMNS,
        title=count(len(items), "override"),
    )


#: The columns of ``override list`` (the keys of ``SiteOverride.to_dict``), also when none is visible.
_OVERRIDE_COLUMNS = (
    "id",
    "site",
    "field",
    "value",
    "author_id",
    "observed_at_utc",
    "level",
    "rel_to",
    "note",
)
