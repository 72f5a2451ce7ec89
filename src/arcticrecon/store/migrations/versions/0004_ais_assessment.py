"""AIS assessments (issue 13): analysts' assessments of AIS events and vessels.

One table, ``ais_assessment``: the subject (an event by its stable ``event_id`` and the
vessel's MMSI, or a vessel by MMSI alone), a verdict, a note, the author, the time and the
marking (level + REL TO) under the same releasability policy as findings.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UTC_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create ``ais_assessment`` and its indexes."""
    op.create_table(
        "ais_assessment",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("subject", sa.String(10), nullable=False),
        sa.Column("event_id", sa.String(32), nullable=True),
        sa.Column("mmsi", sa.BigInteger(), nullable=False),
        sa.Column("verdict", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author_id", sa.String(36), nullable=False),
        sa.Column("assessed_at_utc", UTC_TS, nullable=False),
        sa.Column("level", sa.String(50), nullable=False),
        sa.Column("rel_to", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["person.id"], name="fk_ais_assessment_author_id_person"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_ais_assessment"),
    )
    op.create_index("ix_ais_assessment_event_id", "ais_assessment", ["event_id"])
    op.create_index("ix_ais_assessment_mmsi", "ais_assessment", ["mmsi"])


def downgrade() -> None:
    """Drop ``ais_assessment``."""
    op.drop_index("ix_ais_assessment_mmsi", table_name="ais_assessment")
    op.drop_index("ix_ais_assessment_event_id", table_name="ais_assessment")
    op.drop_table("ais_assessment")
