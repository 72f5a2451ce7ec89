"""Audit chain (issue 17): web logins audited, signed checkpoints of the head, and the
attacks that rewrote the chain without a key."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session
from store_helpers import People, seed_mission

from arcticrecon.store import ReportRepository, Store, export_bundle, import_bundle, verify_audit
from arcticrecon.store.audit import GENESIS_HASH, _entry_fields, _entry_hash, audit_change
from arcticrecon.store.checkpoints import checkpoint_message
from arcticrecon.store.keys import key_id, public_key_b64
from arcticrecon.store.models import (
    AuditCheckpointRow,
    AuditRow,
    PeerAuditHeadRow,
    SigningKeyRow,
    UserRow,
)
from arcticrecon.web.users import add_user


@pytest.fixture()
def used(store: Store, people: People) -> Store:
    with store.write() as s:
        repo = ReportRepository(s, people.dnk_secret)
        rep = repo.add(site="BGSF", kind="airfield", text="clear", rel_to=["DNK"])
        repo.edit(rep.id, text="ruts")
        add_user(s, username="Jan Peeters", password="correct horse battery", nation="BEL",
                 clearance="RESTRICTED")  # fmt: skip
    return store


def _verify(store: Store, conn: sa.Connection | None = None) -> tuple[bool, str]:
    if conn is not None:
        r = verify_audit(Session(bind=conn))
    else:
        with store.read() as s:
            r = verify_audit(s)
    return r.ok, r.reason


def test_verify__intact_and_reports_the_last_signed_checkpoint(used: Store) -> None:
    with used.read() as s:
        r = verify_audit(s)
        last = s.scalar(sa.select(sa.func.max(AuditRow.seq)))
        cp = s.get(AuditCheckpointRow, last)
        assert cp is not None
        key, at = cp.key_id, cp.at_utc
    assert r.ok, r.reason
    assert r.signed_seq == r.entries == last and r.unsigned == 0
    assert r.signed_by == key and r.signed_at_utc == at


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE web_user SET is_admin = true",
        "UPDATE web_user SET person_id = (SELECT id FROM person WHERE name = 'Anna Holm')",
        "UPDATE web_user SET password_hash = 'x'",
    ],
)
def test_verify__a_login_changed_in_the_database_file_is_detected(used: Store, sql: str) -> None:
    with used.engine.connect() as conn:
        trans = conn.begin()
        conn.exec_driver_sql(sql)
        ok, why = _verify(used, conn)
        trans.rollback()
    assert not ok and "web_user" in why and "behind the application's back" in why


def _rewrite_chain(s: Session, change: Callable[[Session], None]) -> None:
    """Change a record, then rewrite its audit entries and recompute every hash."""
    from arcticrecon.store.audit import entity_key
    from arcticrecon.store.hashing import record_hash
    from arcticrecon.store.models import ReportRow

    change(s)
    s.flush()
    row = s.scalars(sa.select(ReportRow)).one()
    prev = GENESIS_HASH
    for e in s.scalars(sa.select(AuditRow).order_by(AuditRow.seq)):
        if e.entity == "recon_report" and e.entity_id == entity_key(row) and e.after_hash:
            e.after_hash = record_hash(row)
        e.prev_hash = prev
        e.entry_hash = _entry_hash(_entry_fields(e))
        prev = e.entry_hash
    s.flush()


def test_verify__a_chain_rewritten_with_recomputed_hashes_is_detected(used: Store) -> None:
    from arcticrecon.store.models import ReportRow

    def forge(s: Session) -> None:
        s.execute(sa.update(ReportRow).values(text="forged", rel_to=["DNK", "BEL", "FRA"]))

    with used.engine.connect() as conn:
        trans = conn.begin()
        s = Session(bind=conn)
        _rewrite_chain(s, forge)
        ok, why = _verify(used, conn)
        # ... and removing the checkpoints instead leaves the log unsigned
        s.execute(sa.delete(AuditCheckpointRow))
        s.flush()
        ok2, why2 = _verify(used, conn)
        trans.rollback()
    assert not ok and "does not match the log: the log was rewritten" in why
    assert not ok2 and "not covered by a checkpoint signed by a key this laptop trusts" in why2
    assert _verify(used) == (True, "")


def test_verify__entries_appended_and_signed_with_a_new_key_are_not_trusted(used: Store) -> None:
    """An attacker appends a key registration and signs the new head with that key."""
    evil = Ed25519PrivateKey.generate()
    with used.engine.connect() as conn:
        trans = conn.begin()
        s = Session(bind=conn)
        s.info["write"] = True
        row = SigningKeyRow(key_id=key_id(evil.public_key()), name="evil",
                            public_key_b64=public_key_b64(evil.public_key()), team=None)  # fmt: skip
        s.add(row)
        audit_change(s, actor="system", action="create", row=row, before_hash=None)
        s.flush()
        seq, head = s.info["audit_head"]
        sig = evil.sign(checkpoint_message(seq, head))
        s.add(
            AuditCheckpointRow(
                seq=seq, entry_hash=head, at_utc=row_time(), key_id=row.key_id,
                public_key_b64=row.public_key_b64, signature_b64=base64.b64encode(sig).decode(),
            )
        )  # fmt: skip
        s.flush()
        with_evil = verify_audit(s)
        trans.rollback()
    assert not with_evil.ok and with_evil.checkpoints_untrusted == 1
    assert with_evil.signed_seq == with_evil.entries - 1
    assert "not covered by a checkpoint" in with_evil.reason


def row_time():
    import datetime as dt

    return dt.datetime.now(dt.UTC)


def test_bundle__carries_the_signed_head_and_the_importer_keeps_it(
    open_new: Callable[[], Store], tmp_path: Path
) -> None:
    a, b = open_new(), open_new()
    people = seed_mission(a)
    seed_mission(b)
    with a.write() as s:
        ReportRepository(s, people.dnk_secret).add(site="BGSF", kind="airfield", text="x")
    summary = export_bundle(a, people.dnk_secret, tmp_path / "x.arx")
    with a.read() as s:
        head = s.execute(
            sa.select(AuditRow.seq, AuditRow.entry_hash).order_by(AuditRow.seq.desc()).limit(1)
        ).one()
    import_bundle(b, tmp_path / "x.arx")
    with b.read() as s:
        peer = s.get(PeerAuditHeadRow, summary.key_id)
        assert peer is not None
        # the exporter's head when it signed the bundle (its key registration came after)
        assert (peer.seq, peer.entry_hash) == (head.seq - 1, peer.entry_hash)
        assert verify_audit(s).ok


def test_web_user__added_logins_are_audited(used: Store) -> None:
    with used.read() as s:
        (uid,) = s.scalars(sa.select(UserRow.id)).all()
        entries = s.execute(
            sa.select(AuditRow.action, AuditRow.entity_id).where(AuditRow.entity == "web_user")
        ).all()
    assert [tuple(e) for e in entries] == [("create", str(uid))]
