"""Releasing authority per nation (issue 17: who besides the originator may release).

A separate table rather than a column of ``nation``, so the content hashes of existing
nation rows (and with them ``audit verify``) are unchanged by the upgrade.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``releasing_authority``."""
    op.create_table(
        "releasing_authority",
        sa.Column("nation", sa.String(3), nullable=False),
        sa.Column("person_id", sa.String(36), nullable=False),
        sa.ForeignKeyConstraint(
            ["nation"], ["nation.code"], name="fk_releasing_authority_nation_nation"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name="fk_releasing_authority_person_id_person"
        ),
        sa.PrimaryKeyConstraint("nation", name="pk_releasing_authority"),
    )


def downgrade() -> None:
    """Drop ``releasing_authority``."""
    op.drop_table("releasing_authority")
