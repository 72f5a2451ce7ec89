"""``arcticrecon serve`` and ``arcticrecon user add``: the web application and its logins."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from arcticrecon.cli.common import OutputFormat, console, emit_records
from arcticrecon.errors import InputError

__all__ = ["serve", "user_app"]

user_app = typer.Typer(help="Web logins (each belongs to a person of a nation with a clearance).")

DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or database URL (else ARCTICRECON_DATABASE_URL)."),
]


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        text = sys.stdin.readline()
        return text.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InputError(
            "no terminal to ask the password on; pass --password-stdin and pipe it",
            field="password",
        )
    pw = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return str(pw)


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="Login and person name, e.g. 'Maj A. Peeters'.")],
    nation: Annotated[str, typer.Option("--nation", help="ISO 3166 code of a mission nation.")],
    clearance: Annotated[str, typer.Option("--clearance", help="A mission classification level.")],
    rank: Annotated[str, typer.Option("--rank", help="Rank, e.g. Maj.")] = "",
    admin: Annotated[bool, typer.Option("--admin", help="May verify the audit log.")] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    db: DbOpt = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Create a login (and the person, if the mission has none of that name and nation)."""
    from arcticrecon.store import open_store
    from arcticrecon.web.users import add_user, create_web_tables

    password = _read_password(password_stdin)
    with open_store(db, create=False) as store:  # the mission must exist already
        create_web_tables(store.engine)
        with store.write() as s:
            user = add_user(
                s,
                username=name,
                password=password,
                nation=nation,
                clearance=clearance,
                rank=rank,
                is_admin=admin,
            )
    emit_records([user.public()], fmt, title="user added")


@user_app.command("list")
def user_list(
    db: DbOpt = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """List logins with nation, clearance and admin flag."""
    import sqlalchemy as sa

    from arcticrecon.store import open_store
    from arcticrecon.web.users import UserRow, create_web_tables, get_user

    with open_store(db, create=False) as store:
        create_web_tables(store.engine)
        with store.read() as s:
            ids = s.scalars(sa.select(UserRow.id).order_by(UserRow.username)).all()
            users = [u.public() for i in ids if (u := get_user(s, i)) is not None]
    emit_records(users, fmt, columns=["username", "name", "nation", "clearance", "is_admin"])


def serve(
    host: Annotated[
        str | None, typer.Option("--host", help="Bind address (default 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help="TCP port (default 8000).")] = None,
    db: DbOpt = None,
    mission: Annotated[
        Path | None, typer.Option("--mission", help="Mission file the plan runs rank.")
    ] = None,
    grids: Annotated[
        Path | None,
        typer.Option("--grids", help="Folder of `arcticrecon grid build` to show on the map."),
    ] = None,
    ais_store: Annotated[
        Path | None,
        typer.Option(
            "--ais-store",
            help="AIS store folder (`arcticrecon ais ingest --store`) for the maritime "
            "picture (default $ARCTICRECON_AIS_STORE, else $ARCTICRECON_HOME/ais).",
        ),
    ] = None,
) -> None:
    """Serve the web application (JSON API + map page) with uvicorn."""
    import uvicorn

    from arcticrecon.cli.logs import configure_logging
    from arcticrecon.store import open_store
    from arcticrecon.web import WebSettings, create_app

    configure_logging(level=logging.INFO)  # the server log: logins, plan runs, errors
    if grids is not None:
        from arcticrecon.grid.output import open_grid

        open_grid(grids)  # a wrong folder fails here, in one line, not on the first request
    if ais_store is not None:
        from arcticrecon.maritime.store import AisStore

        ais_store = ais_store.expanduser()
        if AisStore(ais_store).is_empty():  # as --grids: refused here, not per request
            raise InputError(
                f"--ais-store {str(ais_store)!r} holds no AIS positions; give the folder of "
                "`arcticrecon ais ingest FILE --store DIR`",
                field="ais_store",
                value=str(ais_store),
            )
    settings = WebSettings.from_env(
        host=host,
        port=port,
        database_url=db,
        mission_file=mission,
        grids_dir=grids,
        ais_store_dir=ais_store,
    )
    app = create_app(
        settings, store=open_store(settings.database_url, create=False), freeze_heap=True
    )
    console.print(f"arcticrecon web on http://{settings.host}:{settings.port}/ (Ctrl-C stops)")
    if not settings.on_loopback:
        console.print(
            "note: listening beyond loopback: session cookies are Secure (HTTPS only); put a "
            "TLS proxy in front (ARCTICRECON_TRUSTED_PROXIES names it)",
            highlight=False,
        )
    if "ARCTICRECON_SECRET_KEY" not in os.environ:
        console.print(
            "note: ARCTICRECON_SECRET_KEY is not set; logins end when the server stops",
            highlight=False,
        )
    uvicorn.run(app, **uvicorn_options(settings))


def uvicorn_options(settings: Any) -> dict[str, Any]:
    """Keyword arguments of ``uvicorn.run`` for the settings.

    ``X-Forwarded-For`` is believed only from ``settings.trusted_proxies`` (uvicorn would
    otherwise trust it from loopback by default).
    """
    proxies = tuple(settings.trusted_proxies)
    opts: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_level": "warning",
        "proxy_headers": bool(proxies),
    }
    if proxies:
        opts["forwarded_allow_ips"] = ",".join(proxies)
    return opts
