"""Options and helpers shared by the store commands (``--db``, ``--as``, UTC times)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from arcticrecon.cli.common import err_console
from arcticrecon.errors import InputError
from arcticrecon.survey import Marking, Reader, normalise_rel_to

if TYPE_CHECKING:
    from arcticrecon.store import Store

__all__ = [
    "AsOpt",
    "DbOpt",
    "count",
    "note_originator_added",
    "open_cli_store",
    "parse_utc",
    "reader_from",
    "refuse_database_target",
    "require_as",
]

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite file or database URL (default: $ARCTICRECON_DATABASE_URL, else "
        "$ARCTICRECON_HOME/arcticrecon.sqlite). Must exist: `arcticrecon mission init` "
        "creates it.",
    ),
]
AsOpt = Annotated[
    str | None,
    typer.Option(
        "--as", help="Identity to read/write as: a person's name or id ($ARCTICRECON_AS)."
    ),
]


def refuse_database_target(db: str | None, target: object, *, field: str = "out") -> None:
    """Refuse an output target that is the mission database or a folder holding it.

    Raises
    ------
    InputError
        Naming the option and the database (``--force`` would otherwise replace the
        database file or remove the folder it is in).
    """
    from pathlib import Path

    from arcticrecon.store import database_url
    from arcticrecon.store.db import database_at

    hit = database_at(database_url(db), Path(str(target)))
    if hit is not None:
        raise InputError(
            f"--{field} {str(target)!r} would replace the mission database {str(hit)!r}; "
            "write the output to another file or folder",
            field=field,
            value=str(target),
        )


@contextmanager
def open_cli_store(
    db: str | None, *, create: bool = False, create_parent: bool = False
) -> Iterator[Store]:
    """Open the store for one command; close it after.

    Parameters
    ----------
    db : str or None
        ``--db`` (SQLite file or URL); see :func:`arcticrecon.store.database_url`.
    create : bool
        Whether a missing SQLite file may be created (only ``mission init`` and
        ``survey import``); otherwise a missing file fails with one line naming
        ``mission init``.
    create_parent : bool
        Whether a missing folder may be created too (only ``mission init``).

    Raises
    ------
    NotFoundError, InputError, DataSourceError
        See :func:`arcticrecon.store.open_store`. If the command fails after this call
        created the database, the new file (and folder) is removed again.
    """
    from arcticrecon.store import open_store

    store = open_store(db, create=create, create_parent=create_parent)
    try:
        yield store
    except BaseException:
        store.discard_created()
        raise
    finally:
        store.close()


def require_as(as_: str | None) -> str:
    """The ``--as`` identity, or ``$ARCTICRECON_AS``.

    Raises
    ------
    InputError
        If neither is given (nothing marked is shown without an identity).
    """
    who = (as_ or os.environ.get("ARCTICRECON_AS", "")).strip()
    if not who:
        raise InputError(
            "this command needs an identity: give --as PERSON (a name from `arcticrecon person list`)",
            field="as",
        )
    return who


def reader_from(store: Store, as_: str | None) -> Reader:
    """The :class:`Reader` for ``--as``."""
    from arcticrecon.store import MissionRepository

    who = require_as(as_)
    with store.read() as s:
        return MissionRepository(s).reader_for(who)


def note_originator_added(reader: Reader, requested: list[str] | None, written: Marking) -> None:
    """Print one note on stderr if the writer's nation was added to the asked ``--rel-to``.

    Parameters
    ----------
    reader : Reader
        The writer.
    requested : list of str or None
        The ``--rel-to`` values given (``None``: the default, nothing to note).
    written : Marking
        The marking the record got (see :func:`arcticrecon.survey.writer_marking`).
    """
    if not requested or reader.nation not in written.rel_to:
        return
    if reader.nation in normalise_rel_to(requested):
        return
    err_console.print(
        f"note: added {reader.nation} (your nation) to REL TO: the originator's nation is "
        f"always releasable; marking {written.label()}",
        highlight=False,
        soft_wrap=True,
    )


def note_default_release(requested: list[str] | None, written: Marking) -> None:
    """Print one note on stderr when a new record got the default REL TO (no ``--rel-to``).

    The default releases a record to every nation of the mission; a writer who forgot
    ``--rel-to`` must see that at once, not find out from a reader of another nation.

    Parameters
    ----------
    requested : list of str or None
        The ``--rel-to`` values given; ``None`` or empty: the default was used.
    written : Marking
        The marking the record got.
    """
    if requested:
        return
    err_console.print(
        f"note: no --rel-to given: released to every mission nation; marking "
        f"{written.label()} (--rel-to narrows it)",
        highlight=False,
        soft_wrap=True,
    )


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` with the noun in singular for exactly one, else plural.

    Parameters
    ----------
    n : int
    noun : str
        Singular form.
    plural : str, optional
        Plural form (default: ``noun + "s"``).

    Examples
    --------
    >>> count(1, "report"), count(2, "report"), count(0, "entry", "entries")
    ('1 report', '2 reports', '0 entries')
    """
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def parse_utc(text: str, *, field: str) -> dt.datetime:
    """Parse an ISO 8601 instant; a bare date means 00:00 UTC; an offset is required.

    Raises
    ------
    InputError
        If the text is not ISO 8601 or has a time but no offset.

    Examples
    --------
    >>> parse_utc("2026-01-20T14:00Z", field="since").isoformat()
    '2026-01-20T14:00:00+00:00'
    >>> parse_utc("2026-01-20", field="since").isoformat()
    '2026-01-20T00:00:00+00:00'
    """
    raw = text.strip()
    try:
        if len(raw) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(raw), dt.time(0), tzinfo=dt.UTC)
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise InputError(
            f"--{field} {text!r} is not an ISO 8601 time; write e.g. 2026-01-20T14:00Z",
            field=field,
            value=text,
        ) from None
    if value.tzinfo is None:
        raise InputError(
            f"--{field} {text!r} has no time zone; add Z for UTC (2026-01-20T14:00Z)",
            field=field,
            value=text,
        )
    return value.astimezone(dt.UTC)
