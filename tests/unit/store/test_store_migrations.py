"""Alembic migrations shipped in the package: from empty to head, idempotent, reversible."""

from __future__ import annotations

import itertools
import threading

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from arcticrecon.store import MissionRepository, make_engine, migrate, open_store
from arcticrecon.store.db import _alembic_config, current_revision, head_revision
from arcticrecon.store.models import Base

TABLES = {
    "alembic_version",
    "attachment_blob",
    "audit_log",
    "mission",
    "nation",
    "person",
    "recon_report",
    "releasing_authority",
    "report_revision",
    "signing_key",
    "site_override",
    "team",
    "team_member",
}


def test_migrate__empty_database_to_head_matches_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) is None
        migrate(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) == TABLES
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(ctx, Base.metadata) == []
    finally:
        engine.dispose()


def test_migrate__second_run_is_a_no_op_and_keeps_data(db_url: str) -> None:
    store = open_store(db_url)
    with store.write() as s:
        MissionRepository(s).init_mission(name="A", lead_nation="DNK")
    store.close()
    store = open_store(db_url)
    with store.read() as s:
        assert MissionRepository(s).get_mission().name == "A"
    store.close()


def test_migrate__downgrade_to_base_drops_every_table(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        migrate(engine)
        with engine.connect() as conn, conn.begin():
            command.downgrade(_alembic_config(conn), "base")
        with engine.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()


def test_open_store__two_threads_on_an_empty_database_migrate_once(db_url: str) -> None:
    errors: list[BaseException] = []

    def opener() -> None:
        try:
            open_store(db_url).close()
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=opener) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    engine = make_engine(db_url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_migrations__one_chain_with_a_single_head() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))  # type: ignore[arg-type]
    assert len(script.get_heads()) == 1, script.get_heads()
    revs = list(script.walk_revisions())  # newest first, each pointing at the next
    assert revs[-1].down_revision is None
    for newer, older in itertools.pairwise(revs):
        assert newer.down_revision == older.revision


def test_migrate__upgrade_from_0001_keeps_data_and_the_audit_chain(db_url: str) -> None:
    """A database of the previous wave (revision 0001) with data upgrades to head intact."""
    from store_helpers import seed_mission

    from arcticrecon.store import ReportRepository, Store, verify_audit

    engine = make_engine(db_url)
    migrate(engine, "0001")
    store = Store(engine)
    people = seed_mission(store)
    with store.write() as s:
        rid = ReportRepository(s, people.dnk_secret).add(site="BGSF", kind="airfield", text="v1").id
    store.close()
    store = open_store(db_url)  # migrates to head
    try:
        assert current_revision(store.engine) == head_revision()
        with store.read() as s:
            assert ReportRepository(s, people.dnk_secret).get(rid).text == "v1"
            result = verify_audit(s)
            assert result.ok and result.entries > 0, result.reason
    finally:
        store.close()
