"""The store's change counter: ``store_generation.n``, bumped by triggers on every table.

Migration 0005 creates the one-row table and, on every other table, triggers that add 1
to ``n`` in the same transaction as any INSERT, UPDATE or DELETE, whoever writes: this
process, the CLI, a sync import, a hand-made SQL statement. A reader that reads ``n``
*before* its other reads, and later reads the same ``n`` again, knows no change was
committed in between (a cache keyed on ``n`` is never staler than its key says).

* SQLite: three row-level triggers per table (``AFTER INSERT/UPDATE/DELETE ... FOR EACH
  ROW``; SQLite has no statement-level triggers), https://sqlite.org/lang_createtrigger.html
* PostgreSQL: one statement-level trigger per table (``AFTER INSERT OR UPDATE OR DELETE
  OR TRUNCATE ... FOR EACH STATEMENT``) running ``arx_bump_generation()``,
  https://www.postgresql.org/docs/current/sql-createtrigger.html

A later migration that adds a table, or rebuilds one (SQLite ``batch_alter_table`` drops
its triggers), calls :func:`add_generation_triggers` for it; :func:`triggers_complete`
tells whether every table has them (a cache relying on ``n`` checks it first).
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "GENERATION_TABLE",
    "UNTRACKED",
    "add_generation_triggers",
    "read_generation",
    "trigger_names",
    "triggers_complete",
]

GENERATION_TABLE = "store_generation"
#: Tables without the triggers: Alembic's own and the counter itself.
UNTRACKED = frozenset({"alembic_version", GENERATION_TABLE})
_EVENTS = {"ins": "INSERT", "upd": "UPDATE", "del": "DELETE"}
BUMP_SQL = f"UPDATE {GENERATION_TABLE} SET n = n + 1 WHERE id = 1"
_READ = sa.text(f"SELECT n FROM {GENERATION_TABLE} WHERE id = 1")


def trigger_names(dialect: str, table: str) -> list[str]:
    """Names of the generation triggers of ``table`` on ``dialect`` (``"sqlite"``, ...).

    ``arx_gen_<table>_ins``, ``_upd``, ``_del`` on SQLite; ``arx_gen_<table>`` elsewhere.
    """
    if dialect == "sqlite":
        return [f"arx_gen_{table}_{e}" for e in _EVENTS]
    return [f"arx_gen_{table}"]


def add_generation_triggers(conn: sa.Connection, table: str) -> None:
    """Create (or re-create) the triggers that bump the counter on any change of ``table``.

    PostgreSQL needs ``arx_bump_generation()`` (migration 0005 creates it).
    """
    dialect = conn.dialect.name
    names = trigger_names(dialect, table)
    if dialect == "sqlite":
        for name, event in zip(names, _EVENTS.values(), strict=True):
            conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
            conn.exec_driver_sql(
                f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" '
                f"FOR EACH ROW BEGIN {BUMP_SQL}; END"
            )
        return
    (name,) = names
    conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
    conn.exec_driver_sql(
        f'CREATE TRIGGER "{name}" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION arx_bump_generation()"
    )


def read_generation(conn: sa.Connection) -> int:
    """The counter ``n`` as this connection's transaction sees it (one indexed query)."""
    return int(conn.execute(_READ).scalar_one())


def triggers_complete(conn: sa.Connection) -> bool:
    """Whether the counter exists and every other table has all its triggers."""
    tables = set(sa.inspect(conn).get_table_names())
    if GENERATION_TABLE not in tables:
        return False
    dialect = conn.dialect.name
    if dialect == "sqlite":
        q = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    elif dialect == "postgresql":
        q = (
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace"
        )
    else:
        return False
    have = {str(r[0]) for r in conn.exec_driver_sql(q)}
    need = {n for t in tables - UNTRACKED for n in trigger_names(dialect, t)}
    return need <= have
