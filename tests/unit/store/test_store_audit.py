"""Audit chain: intact after normal use, and every kind of rewrite behind the app's back."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from store_helpers import People

from arcticrecon.errors import DataSourceError
from arcticrecon.store import (
    MissionRepository,
    NewAttachment,
    OverrideRepository,
    ReportRepository,
    Store,
    verify_audit,
)
from arcticrecon.store.models import AuditRow


@pytest.fixture()
def used(store: Store, people: People) -> Store:
    with store.write() as s:
        repo = ReportRepository(s, people.dnk_secret)
        rep = repo.add(
            site="BGSF",
            kind="airfield",
            text="clear",
            rel_to=["DNK"],
            attachments=[NewAttachment("p.txt", b"photo")],
        )
        repo.edit(rep.id, text="ruts")
        OverrideRepository(s, people.dnk_secret).add(site="BGSF", field="beds", value=12)
        MissionRepository(s).add_team(name="North", members=["Anna Holm"])
    return store


def _verify(store: Store) -> tuple[bool, str]:
    with store.read() as s:
        r = verify_audit(s)
    return r.ok, r.reason


def test_verify_audit__intact_after_normal_use(used: Store) -> None:
    with used.read() as s:
        result = verify_audit(s)
        n = s.scalar(sa.select(sa.func.count()).select_from(AuditRow))
    assert result.ok and result.reason == "" and result.entries == n and result.records > 10
    result.raise_if_broken()


TAMPERS = [
    (
        "UPDATE recon_report SET text = 'nothing here'",
        "recon_report .* changed behind the application's back",
    ),
    ("UPDATE report_revision SET text = 'forged'", "report_revision .* changed behind"),
    (
        "UPDATE person SET clearance = 'SECRET' WHERE name = 'Jan Peeters'",
        "person .* changed behind",
    ),
    (
        'UPDATE recon_report SET rel_to = \'["DNK","BEL","FRA"]\'',
        "recon_report .* changed behind",
    ),
    ("UPDATE site_override SET value = '99'", "site_override .* changed behind"),
    ("UPDATE attachment_blob SET size_bytes = 1", "attachment_blob .* changed behind"),
    ("DELETE FROM team_member", "team_member .* deleted behind"),
    (
        "INSERT INTO nation (code, name, position) VALUES ('USA', 'United States', 9)",
        "nation USA has no audit entry",
    ),
    ("UPDATE audit_log SET actor = 'someone else' WHERE seq = 3", "entry 3 .* altered"),
    ("DELETE FROM audit_log WHERE seq = 4", "entry 4 is missing"),
    ("UPDATE audit_log SET prev_hash = entry_hash WHERE seq = 5", "entry 5 does not chain"),
]


def test_verify_audit__detects_each_change_behind_the_apps_back(used: Store) -> None:
    # each raw change is made and verified inside one transaction, then rolled back
    for sql, reason in TAMPERS:
        with used.engine.connect() as conn:
            trans = conn.begin()
            conn.exec_driver_sql(sql)
            result = verify_audit(Session(bind=conn))
            trans.rollback()
        assert not result.ok, sql
        assert "\n" not in result.reason
        assert re.search(reason, result.reason), (sql, result.reason)
        with pytest.raises(DataSourceError, match=reason):
            result.raise_if_broken()
    assert _verify(used) == (True, "")


def test_verify_audit__rewritten_entry_with_recomputed_hash_breaks_the_next_link(
    used: Store,
) -> None:
    # an attacker who recomputes entry 2's own hash still breaks entry 3's prev_hash
    from arcticrecon.store.audit import _entry_fields, _entry_hash

    with used.engine.begin() as conn:
        s = Session(conn)
        e = s.get(AuditRow, 2)
        assert e is not None
        e.actor = "forged"
        e.entry_hash = _entry_hash(_entry_fields(e))
        s.flush()
    ok, why = _verify(used)
    assert not ok and "entry 3 does not chain" in why
