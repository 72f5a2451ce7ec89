"""Small helpers shared by the store repositories: clock, UTC checks, site codes, markings."""

from __future__ import annotations

import datetime as dt
import functools
import getpass
from collections.abc import Sequence
from typing import Any

from arcticrecon.errors import InputError
from arcticrecon.survey.marking import Marking

__all__ = ["local_actor"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def local_actor() -> str:
    """Audit actor for administrative commands run without ``--as``: ``local:<os user>``."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        user = "unknown"
    return f"local:{user}"


def _site_code(site: str) -> str:
    """Catalogue ICAO code of ``site`` (raises UnknownSiteError); catalogue cached by mtime."""
    from arcticrecon.catalog.catalog import catalog_files

    files = catalog_files()
    return _catalog_codes(tuple((str(p), p.stat().st_mtime_ns) for p in files)).get(site).icao


@functools.lru_cache(maxsize=2)
def _catalog_codes(_key: tuple[tuple[str, int], ...]) -> Any:
    from arcticrecon.catalog import load_catalog

    return load_catalog()


def _utc(value: dt.datetime | None, *, field: str) -> dt.datetime:
    if value is None:
        return _now()
    if value.tzinfo is None:
        raise InputError(
            f"{field}: {value.isoformat()} has no time zone; give UTC, e.g. 2026-01-20T14:00Z",
            field=field,
            value=value,
        )
    return value.astimezone(dt.UTC)


def _marking(level: str, rel_to: Sequence[str]) -> Marking:
    return Marking(level=level, rel_to=tuple(rel_to))
