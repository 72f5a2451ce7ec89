"""``arcticrecon keys``: this laptop's bundle-signing key and the mission's trusted keys."""

from __future__ import annotations

from typing import Annotated

import typer

from arcticrecon.cli.common import FormatOpt, OutputFormat, console, emit_records
from arcticrecon.cli.store_options import DbOpt, count, open_cli_store

app = typer.Typer(help="Ed25519 keys that sign offline bundles.")


@app.command("show")
def show() -> None:
    """Print this laptop's public key (created on first use) to give to other laptops."""
    from arcticrecon.store import load_or_create_laptop_key
    from arcticrecon.store.keys import key_id, public_key_b64

    pub = load_or_create_laptop_key().public_key()
    console.print(f"key id {key_id(pub)}", highlight=False)
    typer.echo(public_key_b64(pub))


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Whose key, e.g. 'team north laptop'.")],
    public_key: Annotated[
        str, typer.Argument(help="Public key: base64 (from `keys show`) or PEM.")
    ],
    team: Annotated[str | None, typer.Option("--team", help="Team using the key.")] = None,
    db: DbOpt = None,
) -> None:
    """Register another laptop's public key so its bundles are accepted."""
    from arcticrecon.store import read_public_key, register_key
    from arcticrecon.store.repositories import local_actor

    pub = read_public_key(public_key)
    with open_cli_store(db) as store, store.write() as s:
        kid = register_key(s, pub, name=name, team=team, actor=local_actor())
    console.print(f"registered key {kid} ({name})", highlight=False)


@app.command("list")
def list_keys(db: DbOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """List the keys registered in the mission."""
    import sqlalchemy as sa

    from arcticrecon.store.models import SigningKeyRow

    with open_cli_store(db) as store, store.read() as s:
        rows = [
            {"key_id": k.key_id, "name": k.name, "team": k.team, "public_key": k.public_key_b64}
            for k in s.scalars(sa.select(SigningKeyRow).order_by(SigningKeyRow.name))
        ]
    emit_records(rows, fmt, title=count(len(rows), "registered key"))
