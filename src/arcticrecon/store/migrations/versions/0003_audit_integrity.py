"""Audit integrity (issue 17): audited web logins, signed checkpoints, tombstones.

Web logins move into the store schema and are audited; signed checkpoints of the audit
head, tombstones of deletions and peer heads from bundles are added.

``web_user`` and ``web_revoked_session`` were created by the web app outside the store's
migrations (``CREATE TABLE IF NOT EXISTS``); an existing database keeps its tables and
rows, and every existing login gets one audit entry (actor ``migration:0003``), so from
now on a login changed in the database file behind the application's back fails
``audit verify``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UTC_TS = sa.DateTime(timezone=True)


def _has(table: str) -> bool:
    return table in sa.inspect(op.get_bind()).get_table_names()


def upgrade() -> None:
    """Create the tables; audit the logins that already exist."""
    if not _has("web_user"):
        op.create_table(
            "web_user",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("username", sa.String(200), nullable=False),
            sa.Column("person_id", sa.String(36), nullable=False),
            sa.Column("password_hash", sa.String(200), nullable=False),
            sa.Column("is_admin", sa.Boolean(), nullable=False),
            sa.Column("disabled", sa.Boolean(), nullable=False),
            sa.Column("created_at_utc", UTC_TS, nullable=False),
            sa.PrimaryKeyConstraint("id", name="pk_web_user"),
            sa.UniqueConstraint("username", name="uq_web_user_username"),
        )
        op.create_index("ix_web_user_person_id", "web_user", ["person_id"])
    if not _has("web_revoked_session"):
        op.create_table(
            "web_revoked_session",
            sa.Column("session_id", sa.String(64), nullable=False),
            sa.Column("expires_at_utc", UTC_TS, nullable=False),
            sa.PrimaryKeyConstraint("session_id", name="pk_web_revoked_session"),
        )
    op.create_table(
        "tombstone",
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("author_id", sa.String(36), nullable=False),
        sa.Column("deleted_by_id", sa.String(36), nullable=False),
        sa.Column("deleted_at_utc", UTC_TS, nullable=False),
        sa.Column("level", sa.String(50), nullable=False),
        sa.Column("rel_to", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "entity_id", name="pk_tombstone"),
    )
    op.create_table(
        "audit_checkpoint",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entry_hash", sa.String(64), nullable=False),
        sa.Column("at_utc", UTC_TS, nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("public_key_b64", sa.String(64), nullable=False),
        sa.Column("signature_b64", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_checkpoint"),
    )
    op.create_table(
        "peer_audit_head",
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entry_hash", sa.String(64), nullable=False),
        sa.Column("at_utc", UTC_TS, nullable=False),
        sa.Column("signature_b64", sa.String(100), nullable=False),
        sa.Column("received_at_utc", UTC_TS, nullable=False),
        sa.PrimaryKeyConstraint("key_id", name="pk_peer_audit_head"),
    )
    _audit_existing_logins()


def _audit_existing_logins() -> None:
    from sqlalchemy.orm import Session

    from arcticrecon.store.audit import audit_change
    from arcticrecon.store.models import UserRow

    session = Session(bind=op.get_bind())
    session.info["write"] = True
    for row in session.scalars(sa.select(UserRow).order_by(UserRow.id)):
        audit_change(session, actor="migration:0003", action="create", row=row, before_hash=None)
    session.flush()  # inside the migration's transaction; committed with it


def downgrade() -> None:
    """Drop the new tables, the web tables included (their logins are lost)."""
    op.drop_table("peer_audit_head")
    op.drop_table("audit_checkpoint")
    op.drop_table("tombstone")
    op.drop_table("web_revoked_session")
    op.drop_index("ix_web_user_person_id", table_name="web_user")
    op.drop_table("web_user")
