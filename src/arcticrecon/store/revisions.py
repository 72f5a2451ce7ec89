"""Report revisions and attachment blobs: content-addressed, immutable, shared by sync.

A revision's id is the SHA-256 of its canonical content (:data:`REVISION_KEYS`); an
attachment blob is stored once under the SHA-256 of its bytes. :func:`refresh_report`
derives the current view of a report from the set of its revisions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arcticrecon.errors import InputError
from arcticrecon.store._shared import _marking
from arcticrecon.store.audit import audit_change
from arcticrecon.store.hashing import canonical_json, record_hash, sha256_hex
from arcticrecon.store.models import AttachmentBlobRow, ReportRevisionRow, ReportRow
from arcticrecon.survey.models import AttachmentRef

__all__ = ["REVISION_KEYS", "refresh_report", "revision_id", "store_blob", "store_revision"]

REVISION_KEYS = (
    "report_id",
    "parents",
    "site",
    "kind",
    "team",
    "author_id",
    "edited_by_id",
    "observed_at_utc",
    "edited_at_utc",
    "fields",
    "text",
    "level",
    "rel_to",
    "attachments",
    "deleted",
)


def revision_id(content: Mapping[str, Any]) -> str:
    """SHA-256 of a revision's canonical content (the keys of :data:`REVISION_KEYS`)."""
    return sha256_hex(canonical_json({k: content[k] for k in REVISION_KEYS}))


def _attachment_refs(items: Sequence[Mapping[str, Any]]) -> tuple[AttachmentRef, ...]:
    return tuple(
        AttachmentRef(
            a["sha256"],
            a["filename"],
            a["media_type"],
            int(a["size_bytes"]),
            _marking(a["level"], a["rel_to"]),
        )
        for a in items
    )


def refresh_report(session: Session, report_id: str, *, actor: str) -> None:
    """Recompute the current view (``recon_report`` row) of a report from its revisions.

    The current revision is the newest head by ``edited_at_utc`` (ties: larger id) among
    heads that are not deletions; when every head is a deletion the view is removed. The
    result depends only on the set of revisions present, not on the order they arrived.
    """
    revs = list(
        session.scalars(
            sa.select(ReportRevisionRow).where(ReportRevisionRow.report_id == report_id)
        )
    )
    existing = session.get(ReportRow, report_id)
    named = {p for r in revs for p in r.parents}
    heads = [r for r in revs if r.id not in named]
    live = [r for r in heads if not r.deleted]
    if not live:
        if existing is not None:
            before = record_hash(existing)
            session.delete(existing)
            session.flush()
            audit_change(session, actor=actor, action="delete", row=existing, before_hash=before)
        return
    cur = max(live, key=lambda r: (r.edited_at_utc, r.id))
    values = {
        "revision_id": cur.id,
        "site": cur.site,
        "kind": cur.kind,
        "team": cur.team,
        "author_id": cur.author_id,
        "observed_at_utc": cur.observed_at_utc,
        "edited_at_utc": cur.edited_at_utc,
        "fields": cur.fields,
        "text": cur.text,
        "level": cur.level,
        "rel_to": cur.rel_to,
        "attachments": cur.attachments,
        "heads": sorted(h.id for h in heads),
    }
    if existing is None:
        row = ReportRow(id=report_id, **values)
        session.add(row)
        audit_change(session, actor=actor, action="create", row=row, before_hash=None)
        return
    if all(getattr(existing, k) == v for k, v in values.items()):
        return
    before = record_hash(existing)
    for k, v in values.items():
        setattr(existing, k, v)
    audit_change(session, actor=actor, action="update", row=existing, before_hash=before)


def store_revision(
    session: Session, content: Mapping[str, Any], *, origin: str, actor: str
) -> tuple[ReportRevisionRow, bool]:
    """Insert a revision unless present; return it and whether it was new.

    Raises
    ------
    InputError
        If ``content["id"]`` is given and does not match the content's SHA-256.
    """
    rid = revision_id(content)
    if content.get("id", rid) != rid:
        raise InputError(
            f"revision {content.get('id')} does not match its content (hash {rid}); the data was altered",
            field="revision",
            value=content.get("id"),
        )
    existing = session.get(ReportRevisionRow, rid)
    if existing is not None:
        return existing, False
    row = ReportRevisionRow(id=rid, origin=origin, **{k: content[k] for k in REVISION_KEYS})
    session.add(row)
    audit_change(session, actor=actor, action="create", row=row, before_hash=None)
    return row, True


def store_blob(session: Session, content: bytes, *, actor: str) -> str:
    """Store attachment content once under its SHA-256; return the hex digest."""
    digest = sha256_hex(content)
    if session.get(AttachmentBlobRow, digest) is None:
        row = AttachmentBlobRow(sha256=digest, size_bytes=len(content), content=content)
        session.add(row)
        audit_change(session, actor=actor, action="create", row=row, before_hash=None)
    return digest
