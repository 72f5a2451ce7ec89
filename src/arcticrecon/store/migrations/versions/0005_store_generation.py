"""Store generation (issue 15): a change counter bumped by triggers on every table.

One table, ``store_generation`` (one row, ``id = 1``, counter ``n``), and triggers that
add 1 to ``n`` in the same transaction as every INSERT, UPDATE or DELETE on each other
table of the schema, whoever writes (the web app, the CLI, a sync import, a hand-made SQL
statement). A process that caches an answer built from the store keys it on ``n`` read
*before* the answer's own reads: an unchanged ``n`` later means no committed change in
between (:mod:`arcticrecon.web.answers`).

Trigger kinds per dialect, names and the helper a later migration uses for a new or
rebuilt table: :mod:`arcticrecon.store.generation`.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from arcticrecon.store.generation import (
    BUMP_SQL,
    GENERATION_TABLE,
    UNTRACKED,
    add_generation_triggers,
    trigger_names,
)

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLE = GENERATION_TABLE


def upgrade() -> None:
    """Create the counter row and the triggers of every table there is."""
    conn = op.get_bind()
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{TABLE}"),
    )
    conn.exec_driver_sql(f"INSERT INTO {TABLE} (id, n) VALUES (1, 0)")
    if conn.dialect.name != "sqlite":
        conn.exec_driver_sql(
            # the schema in force now, whatever search_path the writing session has
            "CREATE OR REPLACE FUNCTION arx_bump_generation() RETURNS trigger "
            "LANGUAGE plpgsql SET search_path FROM CURRENT "
            f"AS $$ BEGIN {BUMP_SQL}; RETURN NULL; END $$"
        )
    for table in sorted(set(sa.inspect(conn).get_table_names()) - UNTRACKED):
        add_generation_triggers(conn, table)


def downgrade() -> None:
    """Drop the triggers, the function and the counter."""
    conn = op.get_bind()
    dialect = conn.dialect.name
    for table in sorted(set(sa.inspect(conn).get_table_names()) - UNTRACKED):
        for name in trigger_names(dialect, table):
            on = "" if dialect == "sqlite" else f' ON "{table}"'
            conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"{on}')
    if dialect != "sqlite":
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS arx_bump_generation()")
    op.drop_table(TABLE)
