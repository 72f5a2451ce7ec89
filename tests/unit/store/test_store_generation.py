"""The store generation (migration 0005): bumped by every committed change, by anyone."""

from __future__ import annotations

import sqlalchemy as sa

from arcticrecon.store import MissionRepository, ReportRepository, open_store
from arcticrecon.store.generation import (
    UNTRACKED,
    read_generation,
    trigger_names,
    triggers_complete,
)


def _gen(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return read_generation(conn)


def test_generation__every_table_has_triggers_and_commits_of_another_engine_bump_it(
    db_url: str,
) -> None:
    reader_side = open_store(db_url)  # the web server's engine
    writer_side = open_store(db_url)  # another process: its own engine and connections
    try:
        with reader_side.engine.connect() as conn:
            assert triggers_complete(conn)
            tables = set(sa.inspect(conn).get_table_names()) - UNTRACKED
        assert {"recon_report", "report_revision", "site_override", "person"} <= tables
        g0 = _gen(reader_side.engine)
        with writer_side.write() as s:
            MissionRepository(s).init_mission(name="A", lead_nation="DNK")
            MissionRepository(s).add_person(name="Maj A", nation="DNK", clearance="RESTRICTED")
        g1 = _gen(reader_side.engine)
        assert g1 > g0
        with writer_side.write() as s:
            w = MissionRepository(s).reader_for("Maj A")
            rid = (
                ReportRepository(s, w)
                .add(site="BGSF", kind="airfield", text="x", level="UNCLASSIFIED", rel_to=["DNK"])
                .id
            )
        g2 = _gen(reader_side.engine)
        assert g2 > g1
        # a rolled-back change leaves it alone
        with writer_side.engine.connect() as conn:
            with conn.begin() as tx:
                conn.execute(
                    sa.text("UPDATE recon_report SET site = 'BGGH' WHERE id = :i"), {"i": rid}
                )
                tx.rollback()
        assert _gen(reader_side.engine) == g2
        # a hand-made SQL change (no repository, no ORM) bumps it too: UPDATE, then DELETE
        with writer_side.engine.begin() as conn:
            conn.execute(sa.text("UPDATE recon_report SET site = 'BGGH' WHERE id = :i"), {"i": rid})
        g3 = _gen(reader_side.engine)
        assert g3 > g2
        with writer_side.engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM web_revoked_session"))  # no row: statement only
            conn.execute(sa.text("DELETE FROM recon_report WHERE id = :i"), {"i": rid})
        assert _gen(reader_side.engine) > g3
    finally:
        writer_side.close()
        reader_side.close()


def test_generation__a_table_missing_its_trigger_is_detected(db_url: str) -> None:
    store = open_store(db_url)
    try:
        with store.engine.begin() as conn:
            dialect = conn.dialect.name
            name = trigger_names(dialect, "site_override")[0]
            on = "" if dialect == "sqlite" else " ON site_override"
            conn.exec_driver_sql(f'DROP TRIGGER "{name}"{on}')
        with store.engine.connect() as conn:
            assert not triggers_complete(conn)
    finally:
        store.close()
