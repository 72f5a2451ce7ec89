"""Registering a public key in the mission (audited).

Apart from :mod:`arcticrecon.store.keys` so the key helpers do not depend on the audit log
(which signs its head with them).
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.orm import Session

from arcticrecon.store.audit import audit_change
from arcticrecon.store.keys import key_id, public_key_b64
from arcticrecon.store.models import SigningKeyRow

__all__ = ["register_key"]


def register_key(
    session: Session, public: Ed25519PublicKey, *, name: str, team: str | None = None, actor: str
) -> str:
    """Register a public key in the mission (idempotent); return its key id."""
    kid = key_id(public)
    if session.get(SigningKeyRow, kid) is None:
        row = SigningKeyRow(
            key_id=kid, name=name.strip() or kid, public_key_b64=public_key_b64(public), team=team
        )
        session.add(row)
        audit_change(session, actor=actor, action="create", row=row, before_hash=None)
    return kid
