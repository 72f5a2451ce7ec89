"""Canonical JSON and SHA-256 content hashes of stored records.

A record's hash is the SHA-256 (FIPS 180-4) of its canonical JSON: keys sorted, no
whitespace, UTF-8, datetimes as ISO 8601 UTC, dates as ISO 8601, bytes as their own
SHA-256. The same record gives the same hash on SQLite and PostgreSQL, which is what lets
``audit verify`` compare a live row with the hash its last audit entry recorded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import sqlalchemy as sa

__all__ = ["canonical_json", "record_content", "record_hash", "sha256_hex"]


def _default(obj: Any) -> Any:
    if isinstance(obj, dt.datetime):
        if obj.tzinfo is None:
            raise ValueError("naive datetime in hashed content")
        return obj.astimezone(dt.UTC).isoformat()
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, bytes | bytearray | memoryview):
        return "sha256:" + hashlib.sha256(bytes(obj)).hexdigest()
    raise TypeError(f"cannot hash a {type(obj).__name__}")


def canonical_json(obj: Any) -> bytes:
    """Canonical UTF-8 JSON bytes of ``obj`` (sorted keys, no spaces).

    Examples
    --------
    >>> canonical_json({"b": 1, "a": [1.5, "x"]})
    b'{"a":[1.5,"x"],"b":1}'
    """
    text = json.dumps(
        obj,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=_default,
        allow_nan=False,
    )
    return text.encode("utf-8")


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 digest of ``data`` (64 characters).

    Examples
    --------
    >>> sha256_hex(b"")[:16]
    'e3b0c44298fc1c14'
    """
    return hashlib.sha256(data).hexdigest()


def record_content(row: Any) -> dict[str, Any]:
    """All mapped column values of an ORM row, by column name."""
    mapper = sa.inspect(type(row))
    return {attr.key: getattr(row, attr.key) for attr in mapper.column_attrs}


def record_hash(row: Any) -> str:
    """SHA-256 of the canonical JSON of an ORM row's columns (and its table name)."""
    content = {"table": row.__tablename__, "row": record_content(row)}
    return sha256_hex(canonical_json(content))
