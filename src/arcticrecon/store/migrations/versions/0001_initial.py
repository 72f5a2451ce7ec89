"""Initial schema: mission, people, teams, keys, reports, attachments, overrides, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UTC_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create every table of the store."""
    op.create_table(
        "mission",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("lead_nation", sa.String(3), nullable=False),
        sa.Column("levels", sa.Text(), nullable=False),
        sa.Column("created_at_utc", UTC_TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_mission"),
    )
    op.create_table(
        "nation",
        sa.Column("code", sa.String(3), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_nation"),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("nation", sa.String(3), nullable=False),
        sa.Column("rank", sa.String(50), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("clearance", sa.String(50), nullable=False),
        sa.Column("arrive", sa.Date(), nullable=True),
        sa.Column("depart", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["nation"], ["nation.code"], name="fk_person_nation_nation"),
        sa.PrimaryKeyConstraint("id", name="pk_person"),
    )
    op.create_index("ix_person_name", "person", ["name"])
    op.create_table(
        "team",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("tasks", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_team"),
        sa.UniqueConstraint("name", name="uq_team_name"),
    )
    op.create_table(
        "team_member",
        sa.Column("team_id", sa.String(36), nullable=False),
        sa.Column("person_id", sa.String(36), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name="fk_team_member_team_id_team"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name="fk_team_member_person_id_person"
        ),
        sa.PrimaryKeyConstraint("team_id", "person_id", name="pk_team_member"),
    )
    op.create_table(
        "signing_key",
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("public_key_b64", sa.String(64), nullable=False),
        sa.Column("team", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("key_id", name="pk_signing_key"),
    )

    def report_columns() -> list[sa.Column[object]]:
        return [
            sa.Column("site", sa.String(16), nullable=False),
            sa.Column("kind", sa.String(20), nullable=False),
            sa.Column("team", sa.String(200), nullable=True),
            sa.Column("author_id", sa.String(36), nullable=False),
        ]

    op.create_table(
        "report_revision",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("report_id", sa.String(36), nullable=False),
        sa.Column("parents", sa.Text(), nullable=False),
        *report_columns(),
        sa.Column("edited_by_id", sa.String(36), nullable=False),
        sa.Column("observed_at_utc", UTC_TS, nullable=False),
        sa.Column("edited_at_utc", UTC_TS, nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("level", sa.String(50), nullable=False),
        sa.Column("rel_to", sa.Text(), nullable=False),
        sa.Column("attachments", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("origin", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["person.id"], name="fk_report_revision_author_id_person"
        ),
        sa.ForeignKeyConstraint(
            ["edited_by_id"], ["person.id"], name="fk_report_revision_edited_by_id_person"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_report_revision"),
    )
    op.create_index("ix_report_revision_report_id", "report_revision", ["report_id"])
    op.create_table(
        "recon_report",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("revision_id", sa.String(64), nullable=False),
        *report_columns(),
        sa.Column("observed_at_utc", UTC_TS, nullable=False),
        sa.Column("edited_at_utc", UTC_TS, nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("level", sa.String(50), nullable=False),
        sa.Column("rel_to", sa.Text(), nullable=False),
        sa.Column("attachments", sa.Text(), nullable=False),
        sa.Column("heads", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["person.id"], name="fk_recon_report_author_id_person"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_recon_report"),
    )
    op.create_index("ix_recon_report_site", "recon_report", ["site"])
    op.create_table(
        "attachment_blob",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_attachment_blob"),
    )
    op.create_table(
        "site_override",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("site", sa.String(16), nullable=False),
        sa.Column("field", sa.String(50), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("author_id", sa.String(36), nullable=False),
        sa.Column("observed_at_utc", UTC_TS, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("level", sa.String(50), nullable=False),
        sa.Column("rel_to", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["person.id"], name="fk_site_override_author_id_person"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_site_override"),
    )
    op.create_index("ix_site_override_site", "site_override", ["site"])
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at_utc", UTC_TS, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("before_hash", sa.String(64), nullable=True),
        sa.Column("after_hash", sa.String(64), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("entry_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_log"),
    )


def downgrade() -> None:
    """Drop every table of the store."""
    for table in (
        "audit_log",
        "site_override",
        "attachment_blob",
        "recon_report",
        "report_revision",
        "signing_key",
        "team_member",
        "team",
        "person",
        "nation",
        "mission",
    ):
        op.drop_table(table)
