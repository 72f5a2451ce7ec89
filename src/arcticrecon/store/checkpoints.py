"""Signed checkpoints of the audit chain: a rewrite of the log needs the signing key.

The hash chain of :mod:`arcticrecon.store.audit` shows that entries were changed, inserted
or deleted — unless someone rewrites the whole chain and recomputes every hash, which
needs no secret. Every write transaction therefore also stores an Ed25519 signature
(RFC 8032) of the new head ``(seq, entry_hash)`` made with this laptop's key
(:func:`arcticrecon.store.keys.load_or_create_laptop_key`). :func:`verify_checkpoints`
checks the signatures of the keys this laptop trusts against the chain: a rewritten entry
at or before a signed head, a forged signature, or entries after the last trusted
checkpoint (checkpoints removed, or entries appended by someone without a trusted key)
fail ``audit verify``.

Trusted keys: this laptop's own key, keys given explicitly, and keys registered in the
mission (``signing_key``) whose registration entry is covered by a checkpoint of a key
already trusted (so a key slipped into the database without a trusted signature over it
is not trusted). Bundles carry the exporter's signed head (:func:`signed_head`), kept by
the importer as an outside anchor (``peer_audit_head``).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.orm import Session

from arcticrecon.store.hashing import canonical_json
from arcticrecon.store.keys import (
    LAPTOP_KEY_FILE,
    key_dir,
    key_id,
    load_or_create_laptop_key,
    public_key_b64,
)
from arcticrecon.store.models import AuditCheckpointRow, AuditRow, SigningKeyRow

__all__ = [
    "CheckpointResult",
    "checkpoint_message",
    "sign_head",
    "signed_head",
    "verify_checkpoints",
]


def checkpoint_message(seq: int, entry_hash: str) -> bytes:
    """The bytes a checkpoint signs: canonical JSON of the head.

    Examples
    --------
    >>> checkpoint_message(3, "ab")
    b'{"entry_hash":"ab","format":"arcticrecon-audit-head","seq":3}'
    """
    return canonical_json(
        {"format": "arcticrecon-audit-head", "seq": seq, "entry_hash": entry_hash}
    )


@functools.lru_cache(maxsize=4)
def _cached_key(path: str, _mtime_ns: int) -> Ed25519PrivateKey:
    return load_or_create_laptop_key(Path(path))


def _laptop_key() -> Ed25519PrivateKey:
    p = key_dir() / LAPTOP_KEY_FILE
    if not p.exists():
        load_or_create_laptop_key(p)
    return _cached_key(str(p), p.stat().st_mtime_ns)


def sign_head(session: Session, key: Ed25519PrivateKey | None = None) -> AuditCheckpointRow | None:
    """Sign the head this write transaction appended (call just before commit).

    Parameters
    ----------
    session : Session
        A :meth:`Store.write` session; ``session.info["audit_head"]`` is the head its
        audit entries ended at (none: nothing was audited, nothing is signed).
    key : Ed25519PrivateKey, optional
        Default: this laptop's key (created on first use).

    Returns
    -------
    AuditCheckpointRow or None
    """
    head = session.info.get("audit_head")
    if head is None:
        return None
    seq, entry_hash = head
    key = key or _laptop_key()
    pub = key.public_key()
    row = AuditCheckpointRow(
        seq=seq,
        entry_hash=entry_hash,
        at_utc=dt.datetime.now(dt.UTC),
        key_id=key_id(pub),
        public_key_b64=public_key_b64(pub),
        signature_b64=base64.b64encode(key.sign(checkpoint_message(seq, entry_hash))).decode(),
    )
    session.merge(row)
    return row


def signed_head(session: Session, key: Ed25519PrivateKey) -> dict[str, Any] | None:
    """The current head of the chain signed with ``key`` (for a bundle), or ``None``.

    Returns
    -------
    dict or None
        ``{"seq", "entry_hash", "at_utc", "key_id", "signature"}``.
    """
    last = session.execute(
        sa.select(AuditRow.seq, AuditRow.entry_hash).order_by(AuditRow.seq.desc()).limit(1)
    ).first()
    if last is None:
        return None
    sig = key.sign(checkpoint_message(last.seq, last.entry_hash))
    return {
        "seq": last.seq,
        "entry_hash": last.entry_hash,
        "at_utc": dt.datetime.now(dt.UTC).isoformat(),
        "key_id": key_id(key.public_key()),
        "signature": base64.b64encode(sig).decode("ascii"),
    }


def verify_signed_head(head: Mapping[str, Any], public_raw: bytes) -> bool:
    """Whether a bundle's signed head verifies with the bundle signer's raw public key."""
    try:
        sig = base64.b64decode(str(head["signature"]), validate=True)
        msg = checkpoint_message(int(head["seq"]), str(head["entry_hash"]))
        Ed25519PublicKey.from_public_bytes(public_raw).verify(sig, msg)
    except (KeyError, ValueError, TypeError, InvalidSignature):
        return False
    return True


@dataclass(frozen=True)
class CheckpointResult:
    """Outcome of :func:`verify_checkpoints`.

    Attributes
    ----------
    reason : str
        First problem (``""`` if none).
    signed_seq : int
        Newest entry covered by a valid checkpoint of a trusted key (0: none).
    signed_at_utc : datetime or None
    signed_by : str
        Key id of that checkpoint.
    verified, untrusted : int
        Checkpoints verified with a trusted key / made by keys this laptop does not trust.
    """

    reason: str
    signed_seq: int
    signed_at_utc: dt.datetime | None
    signed_by: str
    verified: int
    untrusted: int


def _own_keys() -> dict[str, bytes]:
    p = key_dir() / LAPTOP_KEY_FILE
    if not p.exists():
        return {}
    pub = _cached_key(str(p), p.stat().st_mtime_ns).public_key()
    return {key_id(pub): base64.b64decode(public_key_b64(pub))}


def verify_checkpoints(
    session: Session,
    entry_hashes: Mapping[int, str],
    key_registered_at: Mapping[str, int],
    n_entries: int,
    *,
    trusted: Mapping[str, bytes] | None = None,
) -> CheckpointResult:
    """Check every checkpoint of a trusted key against the (already verified) chain.

    Parameters
    ----------
    session : Session
    entry_hashes : mapping of int to str
        ``entry_hash`` of the chain's entries at the checkpoints' seqs.
    key_registered_at : mapping of str to int
        Seq of the audit entry that registered each ``signing_key``.
    n_entries : int
        Entries in the chain.
    trusted : mapping of str to bytes, optional
        Extra trusted keys ``{key_id: raw public key}`` (this laptop's own key always).

    Returns
    -------
    CheckpointResult
    """
    keys = {**_own_keys(), **(trusted or {})}
    registered = {
        r.key_id: base64.b64decode(r.public_key_b64)
        for r in session.scalars(sa.select(SigningKeyRow))
    }
    cps = list(session.scalars(sa.select(AuditCheckpointRow).order_by(AuditCheckpointRow.seq)))
    changed = True
    while changed:  # keys registered under a trusted signature become trusted
        changed = False
        covered = max(
            (c.seq for c in cps if c.key_id in keys and _valid(c, keys, entry_hashes)), default=0
        )
        for kid, raw in registered.items():
            if kid not in keys and key_registered_at.get(kid, n_entries + 1) <= covered:
                keys[kid] = raw
                changed = True
    verified = untrusted = 0
    best: AuditCheckpointRow | None = None
    for c in cps:
        if c.key_id not in keys:
            untrusted += 1
            continue
        if c.seq > n_entries or c.seq not in entry_hashes:
            return CheckpointResult(
                f"audit checkpoint at entry {c.seq} (key {c.key_id}) names an entry the log "
                "does not have: entries were deleted after it was signed",
                0, None, "", verified, untrusted,
            )  # fmt: skip
        if not _valid(c, keys, entry_hashes):
            return CheckpointResult(
                f"audit checkpoint at entry {c.seq} (key {c.key_id}) does not match the log: "
                "the log was rewritten after it was signed",
                0, None, "", verified, untrusted,
            )  # fmt: skip
        verified += 1
        best = c
    if best is None:
        return CheckpointResult("", 0, None, "", verified, untrusted)
    return CheckpointResult("", best.seq, best.at_utc, best.key_id, verified, untrusted)


def _valid(c: AuditCheckpointRow, keys: Mapping[str, bytes], hashes: Mapping[int, str]) -> bool:
    if hashes.get(c.seq) != c.entry_hash:
        return False
    try:
        sig = base64.b64decode(c.signature_b64, validate=True)
        Ed25519PublicKey.from_public_bytes(keys[c.key_id]).verify(
            sig, checkpoint_message(c.seq, c.entry_hash)
        )
    except (ValueError, InvalidSignature):
        return False
    return True
