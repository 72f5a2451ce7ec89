"""Append-only, hash-chained audit log and its verification.

Every create/update/delete of a stored record appends one entry: who, when, what
(entity + id), the SHA-256 of the record before and after (:func:`record_hash`), the
previous entry's hash and its own hash::

    entry_hash = SHA-256(canonical_json({seq, at_utc, actor, action, entity, entity_id,
                                         before_hash, after_hash, prev_hash}))

The first entry chains to :data:`GENESIS_HASH`. Rewriting, inserting or deleting any entry
breaks the chain (a hash chain as in Haber & Stornetta, "How to time-stamp a digital
document", J. Cryptology 3(2), 1991, doi:10.1007/BF00196791). :func:`verify_audit` also
re-hashes every live record and compares it with the ``after_hash`` of the record's last
entry, which catches a row changed behind the application's back. Appends happen inside
the store's serialised write transaction, so the chain stays linear with many writers.

Every write transaction also signs the new head with the laptop's Ed25519 key
(:mod:`arcticrecon.store.checkpoints`), so a rewrite of the chain with recomputed hashes,
and entries appended or checkpoints removed without a trusted key, fail verification too;
:func:`verify_audit` reports the last signed checkpoint. Bundles carry the exporter's
signed head, which the importing laptop keeps as an outside anchor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arcticrecon.errors import DataSourceError
from arcticrecon.store.hashing import canonical_json, record_hash, sha256_hex
from arcticrecon.store.models import (
    AisAssessmentRow,
    AttachmentBlobRow,
    AuditRow,
    Base,
    MissionRow,
    NationRow,
    PersonRow,
    ReleasingAuthorityRow,
    ReportRevisionRow,
    ReportRow,
    SigningKeyRow,
    SiteOverrideRow,
    TeamMemberRow,
    TeamRow,
    TombstoneRow,
    UserRow,
)

__all__ = ["GENESIS_HASH", "AuditResult", "audit_change", "entity_key", "verify_audit"]

#: prev_hash of the first entry.
GENESIS_HASH = "0" * 64

#: Audited tables and how each row is named in the log.
AUDITED: dict[str, type[Base]] = {
    "mission": MissionRow,
    "nation": NationRow,
    "person": PersonRow,
    "releasing_authority": ReleasingAuthorityRow,
    "team": TeamRow,
    "team_member": TeamMemberRow,
    "signing_key": SigningKeyRow,
    "report_revision": ReportRevisionRow,
    "recon_report": ReportRow,
    "attachment_blob": AttachmentBlobRow,
    "site_override": SiteOverrideRow,
    "ais_assessment": AisAssessmentRow,
    "tombstone": TombstoneRow,
    "web_user": UserRow,
}


def entity_key(row: Any) -> str:
    """Stable id of a row for the log: its primary key values joined by ``/``."""
    mapper = sa.inspect(type(row))
    return "/".join(str(getattr(row, c.key)) for c in mapper.primary_key)


def _entry_hash(fields: dict[str, Any]) -> str:
    return sha256_hex(canonical_json(fields))


def _entry_fields(e: AuditRow) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "at_utc": e.at_utc,
        "actor": e.actor,
        "action": e.action,
        "entity": e.entity,
        "entity_id": e.entity_id,
        "before_hash": e.before_hash,
        "after_hash": e.after_hash,
        "prev_hash": e.prev_hash,
    }


def audit_change(
    session: Session,
    *,
    actor: str,
    action: str,
    row: Any,
    before_hash: str | None,
) -> AuditRow:
    """Append one entry for ``row`` (call after the row is flushed).

    Parameters
    ----------
    session : Session
        A write session from :meth:`Store.write` (holds the writer lock).
    actor : str
        Person id, ``"import:<key id>"`` or ``"system"``.
    action : {"create", "update", "delete"}
    row : ORM row
        The record with its final values (no flush needed); for ``delete`` the row just
        deleted (its key names the entity).
    before_hash : str or None
        :func:`record_hash` before the change (``None`` for create).

    Raises
    ------
    RuntimeError
        If called outside a write session (a programming error).
    """
    if not session.info.get("write"):
        raise RuntimeError("audit_change needs a Store.write() session")
    if action not in {"create", "update", "delete"}:
        raise ValueError(f"unknown audit action {action!r}")
    # the write lock is held for the whole transaction: the chain head read once stays valid
    head = session.info.get("audit_head")
    if head is None:
        last = session.execute(
            sa.select(AuditRow.seq, AuditRow.entry_hash).order_by(AuditRow.seq.desc()).limit(1)
        ).first()
        head = (0, GENESIS_HASH) if last is None else (last.seq, last.entry_hash)
    seq, prev = head[0] + 1, head[1]
    entry = AuditRow(
        seq=seq,
        at_utc=dt.datetime.now(dt.UTC),
        actor=actor[:100],
        action=action,
        entity=row.__tablename__,
        entity_id=entity_key(row),
        before_hash=before_hash,
        after_hash=None if action == "delete" else record_hash(row),
        prev_hash=prev,
        entry_hash="",
    )
    entry.entry_hash = _entry_hash(_entry_fields(entry))
    session.add(entry)
    session.info["audit_head"] = (seq, entry.entry_hash)
    return entry


@dataclass(frozen=True)
class AuditResult:
    """Outcome of :func:`verify_audit`.

    Attributes
    ----------
    ok : bool
    entries : int
        Audit entries checked.
    records : int
        Live records re-hashed.
    reason : str
        One line naming the first problem (``""`` when intact).
    head_hash : str
        Hash of the newest entry (write it down to anchor the chain).
    signed_seq : int
        Newest entry covered by a checkpoint signed by a trusted key (0: none).
    signed_at_utc : datetime or None
        When that checkpoint was signed.
    signed_by : str
        Its key id.
    checkpoints_untrusted : int
        Checkpoints signed by keys this laptop does not trust (not used as evidence).
    """

    ok: bool
    entries: int
    records: int
    reason: str
    head_hash: str
    signed_seq: int = 0
    signed_at_utc: dt.datetime | None = None
    signed_by: str = ""
    checkpoints_untrusted: int = 0

    @property
    def unsigned(self) -> int:
        """Entries after the last trusted signed checkpoint."""
        return self.entries - self.signed_seq

    def raise_if_broken(self) -> None:
        """Raise :class:`DataSourceError` with :attr:`reason` unless intact."""
        if not self.ok:
            raise DataSourceError(self.reason, field="audit", value=self.head_hash)


def _stream(session: Session, stmt: sa.Select[Any]) -> Iterator[Any]:
    """Iterate rows in batches; the (server-side) cursor is closed even on early exit."""
    result = session.scalars(stmt.execution_options(yield_per=1000))
    try:
        yield from result
    finally:
        result.close()


def _check_chain(
    session: Session,
    last_after: dict[tuple[str, str], str | None],
    wanted: set[int] | None = None,
    hashes: dict[int, str] | None = None,
    registered: dict[str, int] | None = None,
) -> tuple[int, str, str]:
    prev = GENESIS_HASH
    n = 0
    entries = _stream(session, sa.select(AuditRow).order_by(AuditRow.seq))
    try:
        for e in entries:
            n += 1
            if e.seq != n:
                return (
                    n,
                    prev,
                    f"audit log entry {n} is missing (next is {e.seq}): entries were deleted",
                )
            if e.prev_hash != prev:
                return (
                    n,
                    prev,
                    f"audit log entry {e.seq} does not chain to entry {e.seq - 1}: the log was rewritten",
                )
            if _entry_hash(_entry_fields(e)) != e.entry_hash:
                return (
                    n,
                    prev,
                    f"audit log entry {e.seq} ({e.action} {e.entity} {e.entity_id}) was altered after it was written",
                )
            prev = e.entry_hash
            last_after[(e.entity, e.entity_id)] = e.after_hash
            if hashes is not None and wanted is not None and e.seq in wanted:
                hashes[e.seq] = e.entry_hash
            if registered is not None and e.entity == "signing_key" and e.action == "create":
                registered.setdefault(e.entity_id, e.seq)
    finally:
        entries.close()  # type: ignore[attr-defined]
    return n, prev, ""


def _check_records(
    session: Session, last_after: dict[tuple[str, str], str | None]
) -> tuple[int, str]:
    records = 0
    for entity, model in AUDITED.items():
        seen: set[str] = set()
        rows = _stream(session, sa.select(model))
        try:
            for row in rows:
                records += 1
                key = entity_key(row)
                seen.add(key)
                if (entity, key) not in last_after:
                    return (
                        records,
                        f"{entity} {key} has no audit entry: it was written behind the application's back",
                    )
                expected = last_after[(entity, key)]
                if expected is None:
                    return records, f"{entity} {key} was deleted per the audit log but exists again"
                if entity == "attachment_blob" and sha256_hex(row.content) != row.sha256:
                    return records, f"attachment {key} content no longer matches its SHA-256"
                if record_hash(row) != expected:
                    return (
                        records,
                        f"{entity} {key} was changed behind the application's back (its content no longer matches its last audit entry)",
                    )
        finally:
            rows.close()  # type: ignore[attr-defined]
        for (ent, key), after in last_after.items():
            if ent == entity and after is not None and key not in seen:
                return records, f"{entity} {key} was deleted behind the application's back"
    return records, ""


def verify_audit(session: Session, *, trusted: dict[str, bytes] | None = None) -> AuditResult:
    """Check the chain, the signed checkpoints, and every live record against the log.

    Parameters
    ----------
    session : Session
    trusted : dict of str to bytes, optional
        Extra keys ``{key_id: raw public key}`` whose checkpoints count (this laptop's
        own key and keys registered under a trusted signature always do).

    Returns
    -------
    AuditResult
        ``ok`` and a one-line ``reason`` for the first problem found: a broken or
        altered chain, a checkpoint of a trusted key that does not match the chain (the
        chain was rewritten), entries after the last trusted checkpoint (checkpoints
        removed or entries appended without a trusted key), or a record changed behind
        the application's back.
    """
    from arcticrecon.store.checkpoints import verify_checkpoints
    from arcticrecon.store.models import AuditCheckpointRow

    wanted = set(session.scalars(sa.select(AuditCheckpointRow.seq)))
    hashes: dict[int, str] = {}
    registered: dict[str, int] = {}
    last_after: dict[tuple[str, str], str | None] = {}
    n, head, reason = _check_chain(session, last_after, wanted, hashes, registered)
    if reason:
        return AuditResult(False, n, 0, reason, head)
    cp = verify_checkpoints(session, hashes, registered, n, trusted=trusted)

    def result(ok: bool, records: int, reason: str) -> AuditResult:
        return AuditResult(
            ok,
            n,
            records,
            reason,
            head,
            signed_seq=cp.signed_seq,
            signed_at_utc=cp.signed_at_utc,
            signed_by=cp.signed_by,
            checkpoints_untrusted=cp.untrusted,
        )

    if cp.reason:
        return result(False, 0, cp.reason)
    records, reason = _check_records(session, last_after)
    if not reason and cp.signed_seq < n:
        first = cp.signed_seq + 1
        reason = (
            f"audit log entries {first}–{n} are not covered by a checkpoint signed by a key "
            "this laptop trusts: the log may have been rewritten or extended without the key "
            "(a database just upgraded, or written only by another laptop, is signed by its "
            "next write here)"
        )
    return result(not reason, records, reason)
