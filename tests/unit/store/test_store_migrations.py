"""Alembic migrations shipped in the package: from empty to head, idempotent, reversible."""

from __future__ import annotations

import itertools
import threading

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from arcticrecon.store import MissionRepository, make_engine, migrate, open_store
from arcticrecon.store.db import _alembic_config, current_revision, head_revision
from arcticrecon.store.models import Base

TABLES = {
    "ais_assessment",
    "alembic_version",
    "attachment_blob",
    "audit_checkpoint",
    "audit_log",
    "mission",
    "nation",
    "peer_audit_head",
    "person",
    "recon_report",
    "releasing_authority",
    "report_revision",
    "signing_key",
    "site_override",
    "store_generation",
    "team",
    "team_member",
    "tombstone",
    "web_revoked_session",
    "web_user",
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


def test_migrate__upgrade_from_0001_keeps_data_and_the_audit_chain(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database of the previous wave (revision 0001) with data and a web login created
    outside the migrations upgrades to head intact; its first write signs the head."""
    import datetime as dt

    from store_helpers import seed_mission

    from arcticrecon.store import ReportRepository, Store, checkpoints, verify_audit

    engine = make_engine(db_url)
    migrate(engine, "0001")
    store = Store(engine)
    with monkeypatch.context() as m:  # the previous wave wrote no checkpoints
        m.setattr(checkpoints, "sign_head", lambda session, key=None: None)
        people = seed_mission(store)
        with store.write() as s:
            rep = ReportRepository(s, people.dnk_secret)
            rid = rep.add(site="BGSF", kind="airfield", text="v1").id
    with engine.begin() as conn:  # the previous web app created its table itself
        conn.exec_driver_sql(
            "CREATE TABLE web_user (id INTEGER PRIMARY KEY, username VARCHAR(200) UNIQUE NOT NULL, "
            "person_id VARCHAR(36) NOT NULL, password_hash VARCHAR(200) NOT NULL, "
            "is_admin BOOLEAN NOT NULL, disabled BOOLEAN NOT NULL, "
            "created_at_utc TIMESTAMP WITH TIME ZONE NOT NULL)"
            if conn.dialect.name == "postgresql"
            else "CREATE TABLE web_user (id INTEGER PRIMARY KEY, username VARCHAR(200) UNIQUE NOT NULL, "
            "person_id VARCHAR(36) NOT NULL, password_hash VARCHAR(200) NOT NULL, "
            "is_admin BOOLEAN NOT NULL, disabled BOOLEAN NOT NULL, created_at_utc DATETIME NOT NULL)"
        )
        conn.execute(
            sa.text(
                "INSERT INTO web_user (id, username, person_id, password_hash, is_admin, "
                "disabled, created_at_utc) VALUES (1, 'peeters', :p, 'x', false, false, :t)"
            ),
            {"p": people.bel_restricted.person_id, "t": dt.datetime(2026, 1, 20)},
        )
    store.close()
    store = open_store(db_url)  # migrates to head
    try:
        assert current_revision(store.engine) == head_revision()
        with store.read() as s:
            assert ReportRepository(s, people.dnk_secret).get(rid).text == "v1"
            result = verify_audit(s)
            # intact, but nothing is signed yet: verify says so until the next write
            assert not result.ok and "not covered by a checkpoint" in result.reason
            assert result.signed_seq == 0 and result.records > 0
        with store.write() as s:
            ReportRepository(s, people.dnk_secret).edit(rid, text="v2")
        with store.read() as s:
            result = verify_audit(s)
            assert result.ok and result.signed_seq == result.entries > 0, result.reason
    finally:
        store.close()
