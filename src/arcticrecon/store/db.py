"""Connecting to the store: URL choice, engines, programmatic migrations, sessions.

* ``--db PATH`` (a file) or a URL, else ``ARCTICRECON_DATABASE_URL``, else the default
  file ``$ARCTICRECON_HOME/arcticrecon.sqlite`` (``~/.local/share/arcticrecon``).
* SQLite runs in WAL mode (write-ahead log: readers never block the writer; SQLite
  documentation "Write-Ahead Logging"), with foreign keys on, ``synchronous=NORMAL``
  and a busy timeout so concurrent writers wait instead of failing. Write transactions
  start with ``BEGIN IMMEDIATE`` so two writers never deadlock on a lock upgrade.
* PostgreSQL write transactions take one transaction-level advisory lock first, which
  serialises writers and keeps the audit chain linear.
* The schema is brought to the newest Alembic revision on first use (under the same lock),
  so two processes opening an empty database at once migrate it exactly once.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from arcticrecon.errors import DataSourceError, InputError

__all__ = [
    "DATABASE_URL_ENV",
    "Store",
    "database_url",
    "default_database_path",
    "make_engine",
    "migrate",
    "open_store",
]

DATABASE_URL_ENV = "ARCTICRECON_DATABASE_URL"
#: Key of the PostgreSQL advisory lock taken by every write transaction.
WRITE_LOCK_KEY = 0x41524358  # "ARCX"
#: SQLite busy timeout [ms]: how long a writer waits for another one to finish.
SQLITE_BUSY_TIMEOUT_MS = 30_000


def default_database_path() -> Path:
    """``$ARCTICRECON_HOME/arcticrecon.sqlite`` (``~/.local/share/arcticrecon`` if unset)."""
    home = os.environ.get("ARCTICRECON_HOME")
    base = Path(home) if home else Path.home() / ".local" / "share" / "arcticrecon"
    return base / "arcticrecon.sqlite"


def database_url(db: str | Path | None = None) -> str:
    """The database URL to use.

    Parameters
    ----------
    db : str or Path, optional
        A SQLite file path, or a full SQLAlchemy URL (contains ``://``).

    Returns
    -------
    url : str
        ``db`` if given, else ``$ARCTICRECON_DATABASE_URL``, else the default SQLite file.

    Examples
    --------
    >>> database_url("/tmp/x.sqlite")
    'sqlite:////tmp/x.sqlite'
    """
    if db is not None and str(db).strip():
        text = str(db)
        if "://" in text:
            return text
        return f"sqlite:///{Path(text).expanduser().absolute()}"
    env = os.environ.get(DATABASE_URL_ENV, "").strip()
    if env:
        return env
    return f"sqlite:///{default_database_path()}"


def make_engine(url: str) -> sa.Engine:
    """Create an engine with the store's SQLite/PostgreSQL settings.

    Raises
    ------
    InputError
        If the URL cannot be parsed or names an unsupported backend.
    """
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as err:
        raise InputError(f"database URL {url!r} is not valid: {err}; give a SQLite file path or postgresql+psycopg://user@host/db", field="db", value=url) from None  # fmt: skip
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _sqlite_events(engine)
        return engine
    if backend == "postgresql":
        return sa.create_engine(parsed, pool_pre_ping=True)
    raise InputError(
        f"database backend {backend!r} is not supported; use SQLite or PostgreSQL",
        field="db",
        value=url,
    )


def _sqlite_events(engine: sa.Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (pysqlite quirk)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # Switching a new file to WAL needs an exclusive lock and may report "database is
        # locked" without waiting for the busy timeout while another process creates the
        # same file: retry for up to the busy timeout.
        deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                cur.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        write = conn.get_execution_options().get("arx_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _lock_for_write(conn: sa.Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})


def _alembic_config(conn: sa.Connection) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("arcticrecon.store") / "migrations"))
    cfg.attributes["connection"] = conn
    return cfg


def head_revision() -> str:
    """Newest Alembic revision shipped with the package (``"0001"``, ...)."""
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(None)  # type: ignore[arg-type]
    head = ScriptDirectory.from_config(cfg).get_current_head()
    return str(head)


def current_revision(engine: sa.Engine) -> str | None:
    """The database's Alembic revision, ``None`` for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: sa.Engine, revision: str = "head") -> None:
    """Upgrade the schema to ``revision`` under the write lock (idempotent).

    Raises
    ------
    DataSourceError
        If the database carries a revision newer than this version of arcticrecon knows.
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with engine.execution_options(arx_write=True).connect() as conn, conn.begin():
        _lock_for_write(conn)
        cfg = _alembic_config(conn)
        script = ScriptDirectory.from_config(cfg)
        current = MigrationContext.configure(conn).get_current_revision()
        target = script.get_current_head() if revision == "head" else revision
        if current == target:
            return
        if current is not None and current not in {r.revision for r in script.walk_revisions()}:
            raise DataSourceError(
                f"database schema revision {current!r} is newer than this arcticrecon "
                f"knows (head {target!r}); upgrade arcticrecon",
                field="db",
                value=current,
            )
        command.upgrade(cfg, revision)


class Store:
    """A migrated database: read sessions and serialised write sessions.

    Parameters
    ----------
    engine : sqlalchemy.Engine
        From :func:`make_engine`; the schema must be migrated (see :func:`open_store`).
    """

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        """Database URL with the password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading.

        Yields
        ------
        Session
            Rolled back at the end (reads never change the database).
        """
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: locked against other writers, committed on success.

        Yields
        ------
        Session
            Holding the writer lock (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL:
            ``pg_advisory_xact_lock``) until the block ends; committed if the block
            returns, rolled back if it raises. Repositories append audit entries to it.
        """
        bind = self.engine.execution_options(arx_write=True)
        with Session(bind, expire_on_commit=False) as session:
            session.info["write"] = True
            _lock_for_write(session.connection())
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
            finally:
                session.info.pop("audit_head", None)

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        """Use as a context manager (closes on exit)."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the store."""
        self.close()


def open_store(db: str | Path | None = None) -> Store:
    """Open (and create/migrate on first use) the store.

    Parameters
    ----------
    db : str or Path, optional
        SQLite file or URL; see :func:`database_url` for the fallbacks.

    Raises
    ------
    DataSourceError
        If the database cannot be reached or opened.
    """
    url = database_url(db)
    engine = make_engine(url)
    try:
        migrate(engine)
    except sa.exc.OperationalError as err:
        engine.dispose()
        msg = " ".join(str(err.orig).split()) if err.orig else str(err)
        shown = sa.make_url(url).render_as_string(hide_password=True)
        raise DataSourceError(
            f"cannot open database {shown}: {msg}; check --db or {DATABASE_URL_ENV}",
            field="db",
            value=shown,
        ) from None
    return Store(engine)
