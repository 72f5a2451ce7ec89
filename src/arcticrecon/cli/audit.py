"""``arcticrecon audit``: check the hash-chained audit log and every stored record."""

from __future__ import annotations

from typing import Annotated

import typer

from arcticrecon.cli.common import OutputFormat, console, emit_records
from arcticrecon.cli.store_options import DbOpt, open_cli_store
from arcticrecon.store import verify_audit

app = typer.Typer(help="Audit trail of every create/update/delete.")

FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]


@app.command("verify")
def verify(db: DbOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """Exit 0 if the chain and all records are intact; else one line naming the problem, exit 2."""
    with open_cli_store(db) as store, store.read() as s:
        result = verify_audit(s)
    if fmt is OutputFormat.json:
        emit_records([], fmt, json_obj=result.__dict__)
    elif result.ok:
        console.print(
            f"audit intact: {result.entries} entries, {result.records} records match; "
            f"head {result.head_hash[:16]}"
        )
    result.raise_if_broken()
