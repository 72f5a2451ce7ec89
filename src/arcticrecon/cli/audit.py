"""``arcticrecon audit``: check the hash-chained audit log and every stored record."""

from __future__ import annotations

import typer

from arcticrecon.cli.common import FormatOpt, OutputFormat, console, emit_records
from arcticrecon.cli.store_options import DbOpt, count, open_cli_store

app = typer.Typer(help="Audit trail of every create/update/delete.")


@app.command("verify")
def verify(db: DbOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """Exit 0 if the chain and all records are intact; else one line naming the problem, exit 2."""
    from arcticrecon.store import verify_audit

    with open_cli_store(db) as store, store.read() as s:
        result = verify_audit(s)
    if fmt is OutputFormat.json:
        emit_records([], fmt, json_obj=result.__dict__)
    elif result.ok:
        console.print(
            f"audit intact: {count(result.entries, 'entry', 'entries')}, "
            f"{count(result.records, 'record')} match; "
            f"head {result.head_hash[:16]}"
        )
    result.raise_if_broken()
