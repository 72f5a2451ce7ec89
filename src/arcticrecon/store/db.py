"""Connecting to the store: URL choice, engines, programmatic migrations, sessions.

* ``--db PATH`` (a file) or a URL, else ``ARCTICRECON_DATABASE_URL``, else the default
  file ``$ARCTICRECON_HOME/arcticrecon.sqlite`` (``~/.local/share/arcticrecon``).
* Only an opening with ``create=True`` (``mission init``, ``survey import``) may create a
  new SQLite file, and only ``create_parent=True`` (``mission init``) its folder; every
  other opening of a missing file fails, so a mistyped ``--db`` never answers from an
  empty database. A file created by an opening that then fails is removed again.
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

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from arcticrecon.errors import DataSourceError, InputError, NotFoundError
from arcticrecon.paths import home_dir
from arcticrecon.store.faults import fault_point

log = logging.getLogger(__name__)

__all__ = [
    "DATABASE_URL_ENV",
    "Store",
    "database_at",
    "database_url",
    "default_database_path",
    "make_engine",
    "migrate",
    "open_store",
    "sqlite_file",
]

DATABASE_URL_ENV = "ARCTICRECON_DATABASE_URL"
#: Key of the PostgreSQL advisory lock taken by every write transaction.
WRITE_LOCK_KEY = 0x41524358  # "ARCX"
#: SQLite busy timeout [ms]: how long a writer waits for another one to finish.
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: Connections a SQLite file engine keeps open (and as many more it may open meanwhile).
SQLITE_POOL_SIZE = 20
#: File name endings accepted for a new SQLite database (a typo such as ``notes.txt`` is
#: refused instead of becoming a database of that name).
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")


def default_database_path() -> Path:
    """``$ARCTICRECON_HOME/arcticrecon.sqlite`` (``~/.local/share/arcticrecon`` if unset)."""
    return home_dir() / "arcticrecon.sqlite"


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
        raise InputError(
            f"database URL {url!r} is not valid: {err}; give a SQLite file path or postgresql+psycopg://user@host/db",
            field="db",
            value=url,
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        pool: dict[str, Any] = {}
        if parsed.database not in (None, "", ":memory:"):
            # a file: SQLAlchemy's QueuePool keeps 5 connections and closes every overflow
            # one on return; the web server runs up to 40 requests in threads, and opening
            # a connection (its PRAGMAs) costs more than the query: keep them
            pool = {"pool_size": SQLITE_POOL_SIZE, "max_overflow": SQLITE_POOL_SIZE}
        engine = sa.create_engine(
            parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **pool
        )
        _sqlite_events(engine)
        return engine
    if backend == "postgresql":
        try:
            return sa.create_engine(parsed, pool_pre_ping=True)
        except ImportError as err:
            raise DataSourceError(
                f"database driver for {parsed.drivername!r} is not installed ({err}); install psycopg",
                field="db",
                value=parsed.drivername,
            ) from None
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
        shown = engine.url.render_as_string(hide_password=True)
        log.info("migrating %s from schema %s to %s", shown, current or "(empty)", target)
        command.upgrade(cfg, revision)


class Store:
    """A migrated database: read sessions and serialised write sessions.

    Parameters
    ----------
    engine : sqlalchemy.Engine
        From :func:`make_engine`; the schema must be migrated (see :func:`open_store`).
    """

    def __init__(self, engine: sa.Engine, *, created: list[Path] | None = None) -> None:
        self.engine = engine
        #: SQLite file and folders created when this store was opened (else empty).
        self.created: tuple[Path, ...] = tuple(created or ())

    def discard_created(self) -> None:
        """Close the store and remove the file and folders its opening created.

        For a command that fails after opening a new database: it leaves nothing behind.
        Folders are removed only while empty; a store that created nothing is just closed.
        """
        self.close()
        for p in self.created:  # the file first, then its new folders, deepest first
            if p.is_dir():
                try:
                    p.rmdir()
                except OSError:
                    break
            else:
                for extra in ("", "-wal", "-shm", "-journal"):
                    Path(f"{p}{extra}").unlink(missing_ok=True)
        self.created = ()

    def is_database_file(self, path: str | Path) -> bool:
        """Whether ``path`` is this SQLite database's file or one of its companions.

        Commands that read or write a user-given file (a bundle, an attachment) must not
        touch the database file with plain file I/O while SQLite holds it (see
        :func:`_sqlite_tables`), nor replace it.

        Parameters
        ----------
        path : str or Path
            Any path; a missing one is compared by name.

        Returns
        -------
        bool
            ``True`` for the database file, its ``-wal``, ``-shm`` or ``-journal`` (also
            through another name of the same file); ``False`` on PostgreSQL.
        """
        db = sqlite_file(self.engine.url.render_as_string(hide_password=False))
        if db is None:
            return False
        given = Path(path).expanduser().absolute()
        for extra in ("", "-wal", "-shm", "-journal"):
            other = Path(f"{db}{extra}")
            if given == other:
                return True
            try:
                if given.exists() and other.exists() and os.path.samefile(given, other):
                    return True
            except OSError:
                continue
        return False

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
                if "audit_head" in session.info:
                    from arcticrecon.store.checkpoints import sign_head

                    sign_head(session)  # same transaction: the head is signed or not written
                session.flush()
                fault_point("write")  # test hook (store.faults): die before the commit
                session.commit()
            except BaseException as err:
                session.rollback()
                log.debug("write transaction rolled back (%s: %s)", type(err).__name__, err)
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


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL.

    Returns
    -------
    path : Path or None
        Absolute file path; ``None`` for other backends and in-memory databases.

    Examples
    --------
    >>> str(sqlite_file("sqlite:////tmp/x.sqlite"))
    '/tmp/x.sqlite'
    >>> sqlite_file("postgresql+psycopg://u@h/db") is None
    True
    """
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database).expanduser().absolute()


def database_at(url: str, target: str | Path) -> Path | None:
    """The SQLite database file that writing or replacing ``target`` would destroy.

    An output written with ``--out``/``--to`` replaces its target (a file renamed over it,
    a folder swapped and the old one removed), so a target that *is* the database file or
    one of its companions, or a folder holding it, would lose the mission's data.

    Parameters
    ----------
    url : str
        Database URL (see :func:`database_url`).
    target : str or Path
        The file or folder about to be written (it need not exist).

    Returns
    -------
    Path or None
        The database file at or under ``target``; ``None`` if ``target`` does not reach it
        (and always on PostgreSQL or in-memory SQLite).

    Examples
    --------
    >>> str(database_at("sqlite:////tmp/run/m.sqlite", "/tmp/run"))
    '/tmp/run/m.sqlite'
    >>> database_at("sqlite:////tmp/run/m.sqlite", "/tmp/run/report") is None
    True
    """
    db = sqlite_file(url)
    if db is None:
        return None
    given = Path(target).expanduser().resolve()
    real = db.resolve()
    for extra in ("", "-wal", "-shm", "-journal"):
        if given == Path(f"{real}{extra}"):
            return db
    if given == real.parent or given in real.parents:
        return db
    try:  # another name (hard link) of the same file
        if given.is_file() and db.exists() and os.path.samefile(given, db):
            return db
    except OSError:
        pass
    return None


def _sqlite_tables(path: Path, shown: str) -> list[str]:
    """Table names of an existing SQLite file, read through SQLite itself.

    The file is opened read-only by SQLite (``mode=ro``), never with plain file I/O: on
    POSIX, closing *any* descriptor of a file drops *all* of the process's fcntl locks on
    it, SQLite's included (POSIX.1-2017 ``fcntl``, "all locks associated with a file for a
    given process shall be removed when a file descriptor for that file is closed"; SQLite
    documentation "How To Corrupt An SQLite Database File", 2.2). A process that already
    holds the database would then let another process checkpoint and remove the WAL it
    still uses. SQLite's own VFS shares one lock state per file inside a process and
    defers closing descriptors while locks are held, so a second SQLite connection is safe.

    Returns
    -------
    tables : list of str
        Empty for an empty (0-byte) file or a SQLite file without tables.

    Raises
    ------
    DataSourceError
        If the file is not a SQLite database, or SQLite cannot open it.
    """
    uri = f"{path.as_uri()}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            return [r[0] for r in rows]
    except sqlite3.DatabaseError as err:
        msg = " ".join(str(err).split())
        if "not a database" in msg:
            raise DataSourceError(
                f"database {shown!r} is not an arcticrecon database (SQLite: {msg})",
                field="db",
                value=shown,
            ) from None
        raise DataSourceError(
            f"cannot open database {shown!r}: {msg}", field="db", value=shown
        ) from None


def _check_existing_sqlite(path: Path, shown: str, remedy: str, *, create: bool) -> None:
    """Refuse an existing file that is not an arcticrecon SQLite database (writes nothing).

    An empty file (0 bytes, or SQLite without tables) is accepted only with ``create``; a
    SQLite file holding other tables but no arcticrecon schema is always refused.
    """
    tables = _sqlite_tables(path, shown)
    if "alembic_version" in tables:
        return
    if tables:
        raise DataSourceError(
            f"database {shown!r} is not an arcticrecon database (it holds other tables: {', '.join(sorted(tables)[:3])}); give the mission's database",
            field="db",
            value=shown,
        )
    if not create:
        raise NotFoundError(
            f"database {shown!r} is an empty file with no mission; create the mission first",
            field="db",
            value=shown,
            remedy=remedy,
        )


def _prepare_sqlite_file(
    path: Path, shown: str, remedy: str, *, create: bool, create_parent: bool
) -> list[Path]:
    """Check (and with ``create`` prepare) a SQLite file; return the folders created."""
    if path.is_dir():
        raise InputError(
            f"database {shown!r} is a folder, not a file; give a SQLite file such as {shown.rstrip('/')}/mission.sqlite",
            field="db",
            value=shown,
        )
    if path.exists():
        _check_existing_sqlite(path, shown, remedy, create=create)
        return []
    if not create:
        raise NotFoundError(
            f"database {shown!r} does not exist; create the mission database first",
            field="db",
            value=shown,
            remedy=remedy,
        )
    if path.suffix.lower() not in SQLITE_SUFFIXES:
        raise InputError(
            f"database {shown!r} does not exist and its name does not end in {', '.join(SQLITE_SUFFIXES)}; name a new SQLite file e.g. {path.stem}.sqlite",
            field="db",
            value=shown,
        )
    parent = path.parent
    if parent.is_dir():
        return []
    if parent.exists():
        raise InputError(
            f"database {shown!r}: {str(parent)!r} is not a folder", field="db", value=shown
        )
    if not create_parent:
        raise NotFoundError(
            f"folder {str(parent)!r} of database {shown!r} does not exist; create it first or start a new mission database there",
            field="db",
            value=shown,
            remedy="mission_init_db",
        )
    missing = [d for d in [parent, *parent.parents] if not d.exists()]
    try:
        parent.mkdir(parents=True)
    except OSError as err:
        raise InputError(
            f"database {shown!r}: cannot create folder {str(parent)!r}: {err.strerror}",
            field="db",
            value=shown,
        ) from None
    return missing  # deepest first


def open_store(
    db: str | Path | None = None, *, create: bool = True, create_parent: bool | None = None
) -> Store:
    """Open the store, migrating its schema to the newest revision.

    Parameters
    ----------
    db : str or Path, optional
        SQLite file or URL; see :func:`database_url` for the fallbacks.
    create : bool
        Whether a missing SQLite file may be created (``mission init``, ``survey import``
        and library use). With ``False`` a missing file, or a database without the
        arcticrecon schema, is refused and nothing is written.
    create_parent : bool, optional
        Whether a missing folder of a new SQLite file may be created (default: ``create``).

    Returns
    -------
    Store
        Its :attr:`Store.created` lists the file and folders this call created; a caller
        whose command then fails calls :meth:`Store.discard_created`.

    Raises
    ------
    NotFoundError
        If the SQLite file (or its folder) does not exist and may not be created.
    InputError
        If the path is a folder, or a new file's name does not end in a SQLite suffix.
    DataSourceError
        If the file is not a SQLite/arcticrecon database, or the database cannot be
        reached or opened (locked, permission, connection refused...).
    """
    url = database_url(db)
    path = sqlite_file(url)
    shown = sa.make_url(url).render_as_string(hide_password=True)
    created: list[Path] = []
    if path is not None:
        given = str(db) if db is not None and str(db).strip() and "://" not in str(db) else None
        shown = given or str(path)
        # "mission_init_db": name the file in the hint; "mission_init": the default file
        remedy = "mission_init_db" if given else "mission_init"
        parent_ok = create if create_parent is None else create_parent
        dirs = _prepare_sqlite_file(path, shown, remedy, create=create, create_parent=parent_ok)
        if not path.exists():
            created = [path, *dirs]
    engine = make_engine(url)
    store = Store(engine, created=created)
    try:
        if not create and path is None:
            _require_schema(engine, shown)
        migrate(engine)
    except sa.exc.DBAPIError as err:
        store.discard_created()
        msg = " ".join(str(err.orig).split()) if err.orig is not None else str(err)
        if path is not None and "not a database" in msg:
            raise DataSourceError(
                f"database {shown!r} is not an arcticrecon database (SQLite: {msg})",
                field="db",
                value=shown,
            ) from None
        raise DataSourceError(
            f"cannot open database {shown!r}: {msg}",
            field="db",
            value=shown,
            remedy="check_db",
        ) from None
    except BaseException:
        store.discard_created()
        raise
    log.debug("opened store %s (%s%s)", shown, engine.dialect.name, ", new" if created else "")
    return store


def _require_schema(engine: sa.Engine, shown: str) -> None:
    """Refuse an existing server database that does not hold the arcticrecon schema.

    (A SQLite file is checked before its engine is made, by :func:`_check_existing_sqlite`.)
    """
    tables = sa.inspect(engine).get_table_names()
    if "alembic_version" in tables:
        return
    engine.dispose()
    if tables:
        raise DataSourceError(
            f"database {shown!r} is not an arcticrecon database (it holds other tables: {', '.join(sorted(tables)[:3])}); give the mission's database",
            field="db",
            value=shown,
        )
    raise NotFoundError(
        f"database {shown!r} is an empty database with no mission; create the mission first",
        field="db",
        value=shown,
        remedy="mission_init_db",
    )
