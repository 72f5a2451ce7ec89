"""Tombstones: deletions that sync, so re-importing an old bundle resurrects nothing.

Deleting a site override leaves a :class:`~arcticrecon.store.models.TombstoneRow` (audited)
with the override's author and marking. Bundles carry the tombstones their exporter may
read; an import deletes the local record a tombstone names and never re-creates a record
that has one. Like every import, tombstones obey the CLI's rule: only the originator (or
the releasing authority of the originator's nation) deletes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arcticrecon.errors import DataSourceError
from arcticrecon.mission.nations import nation_code
from arcticrecon.store.audit import audit_change
from arcticrecon.store.checkpoints import verify_signed_head
from arcticrecon.store.hashing import record_hash
from arcticrecon.store.models import (
    PeerAuditHeadRow,
    PersonRow,
    ReleasingAuthorityRow,
    SiteOverrideRow,
    TombstoneRow,
)

__all__ = ["apply_tombstones", "bury_override", "check_tombstones", "keep_peer_head"]

#: Record kinds that leave tombstones (reports delete through deletion revisions instead).
TOMBSTONE_ENTITIES = ("site_override",)


def bury_override(session: Session, row: SiteOverrideRow, *, deleted_by: str, actor: str) -> None:
    """Delete an override and leave its tombstone (both audited, same transaction)."""
    if session.get(TombstoneRow, ("site_override", row.id)) is None:
        stone = TombstoneRow(
            entity="site_override",
            entity_id=row.id,
            author_id=row.author_id,
            deleted_by_id=deleted_by,
            deleted_at_utc=dt.datetime.now(dt.UTC),
            level=row.level,
            rel_to=list(row.rel_to),
        )
        session.add(stone)
        audit_change(session, actor=actor, action="create", row=stone, before_hash=None)
    before = record_hash(row)
    session.delete(row)
    session.flush()
    audit_change(session, actor=actor, action="delete", row=row, before_hash=before)


def check_tombstones(
    session: Session, tombstones: Sequence[Mapping[str, Any]], levels: Sequence[str]
) -> None:
    """Refuse tombstones that are malformed or delete what their deleter may not.

    Raises
    ------
    DataSourceError
        An unknown kind or level, or a deletion by someone other than the originator or
        the releasing authority of the originator's nation (as this database names it).
    """
    authority = {r.nation: r.person_id for r in session.scalars(sa.select(ReleasingAuthorityRow))}
    for t in tombstones:
        what = f"bundle tombstone of {t.get('entity')} {t.get('entity_id')}"
        if t.get("entity") not in TOMBSTONE_ENTITIES:
            raise DataSourceError(f"{what}: unknown kind", field="tombstone", value=t.get("entity"))
        if t["level"] not in levels:
            raise DataSourceError(
                f"{what} is marked {t['level']!r}, not a level of this mission",
                field="level",
                value=t["level"],
            )
        for n in t["rel_to"]:
            nation_code(n, field="rel_to")
        author, deleter = t["author_id"], t["deleted_by_id"]
        if deleter == author:
            continue
        person = session.get(PersonRow, author)
        if person is None or authority.get(person.nation) != deleter:
            raise DataSourceError(
                f"{what}: deleted by someone other than its originator or the releasing "
                "authority of the originator's nation; the bundle is refused",
                field="tombstone",
                value=t["entity_id"],
            )
        local = session.get(SiteOverrideRow, t["entity_id"])
        if local is not None and local.author_id != author:
            raise DataSourceError(
                f"{what}: names another originator than the stored record",
                field="tombstone",
                value=t["entity_id"],
            )


def apply_tombstones(
    session: Session, tombstones: Sequence[Mapping[str, Any]], *, actor: str
) -> int:
    """Store the bundle's tombstones and delete the records they name.

    Returns
    -------
    deleted : int
        Local records deleted.
    """
    deleted = 0
    for t in tombstones:
        key = (t["entity"], t["entity_id"])
        if session.get(TombstoneRow, key) is None:
            stone = TombstoneRow(
                entity=t["entity"],
                entity_id=t["entity_id"],
                author_id=t["author_id"],
                deleted_by_id=t["deleted_by_id"],
                deleted_at_utc=dt.datetime.fromisoformat(t["deleted_at_utc"]),
                level=t["level"],
                rel_to=list(t["rel_to"]),
            )
            session.add(stone)
            audit_change(session, actor=actor, action="create", row=stone, before_hash=None)
        row = session.get(SiteOverrideRow, t["entity_id"])
        if row is not None:
            before = record_hash(row)
            session.delete(row)
            session.flush()
            audit_change(session, actor=actor, action="delete", row=row, before_hash=before)
            deleted += 1
    return deleted


def keep_peer_head(
    session: Session, kid: str, head: Mapping[str, Any] | None, public_raw: bytes
) -> bool:
    """Keep a bundle's signed audit head (the newest per key) if its signature verifies.

    Returns
    -------
    kept : bool
        ``False`` when the bundle has no head, it does not verify, or an equal or newer
        head of that key is already kept.

    Raises
    ------
    DataSourceError
        If the bundle carries a head that does not verify with the bundle's own key.
    """
    if not head:
        return False
    if not verify_signed_head(head, public_raw) or head.get("key_id") != kid:
        raise DataSourceError(
            "bundle audit head: its signature does not verify with the bundle's key",
            field="audit_head",
            value=kid,
        )
    cur = session.get(PeerAuditHeadRow, kid)
    if cur is not None and cur.seq >= int(head["seq"]):
        return False
    row = PeerAuditHeadRow(
        key_id=kid,
        seq=int(head["seq"]),
        entry_hash=str(head["entry_hash"]),
        at_utc=dt.datetime.fromisoformat(str(head["at_utc"])),
        signature_b64=str(head["signature"]),
        received_at_utc=dt.datetime.now(dt.UTC),
    )
    session.merge(row)
    return True
