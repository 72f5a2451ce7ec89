"""Signed offline bundles: round trip, tamper / unknown key rejection, idempotent and
out-of-order merges, offline edits kept as a conflict."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from store_helpers import People, seed_mission

from arcticrecon.errors import DataSourceError
from arcticrecon.store import (
    MissionRepository,
    NewAttachment,
    OverrideRepository,
    ReportRepository,
    Store,
    export_bundle,
    import_bundle,
    register_key,
    verify_audit,
)
from arcticrecon.store.models import AuditRow, ReportRow


def _audit_count(store: Store) -> int:
    with store.read() as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(AuditRow)) or 0)


def _state(store: Store) -> list[tuple[str, str, str, list[str]]]:
    with store.read() as s:
        rows = s.scalars(sa.select(ReportRow).order_by(ReportRow.id))
        return [(r.id, r.revision_id, r.text, list(r.heads)) for r in rows]


def _edit_bundle(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    doc = json.loads(path.read_text())
    payload = json.loads(base64.b64decode(doc["payload"]))
    change(payload)
    doc["payload"] = base64.b64encode(json.dumps(payload).encode()).decode()
    path.write_text(json.dumps(doc))


@pytest.fixture()
def pair(open_new: Callable[[], Store]) -> tuple[Store, Store, People]:
    a, b = open_new(), open_new()
    people = seed_mission(a)
    seed_mission(b)
    return a, b, people


def test_import__copies_reports_attachments_overrides_and_people(
    open_new: Callable[[], Store], tmp_path: Path
) -> None:
    a, b = open_new(), open_new()
    people = seed_mission(a)
    with b.write() as s:  # b knows only the mission: people and nations come with the bundle
        MissionRepository(s).init_mission(name="Greenland reconnaissance 2026", lead_nation="DNK")
    with a.write() as s:
        ReportRepository(s, people.bel_restricted).add(
            site="BGGH",
            kind="port",
            text="quay 120 m",
            fields={"quay_length_m": 120},
            rel_to=["DNK", "BEL"],
            level="RESTRICTED",
            attachments=[NewAttachment("q.jpg", b"\x00jpeg")],
        )
        OverrideRepository(s, people.bel_restricted).add(
            site="BGGH", field="quay_length_m", value=120
        )
    export_bundle(a, people.dnk_secret, tmp_path / "a.arx")
    summary = import_bundle(b, tmp_path / "a.arx")
    assert (summary.revisions_new, summary.attachments_new, summary.overrides_new) == (1, 1, 1)
    assert _state(a) == _state(b)
    with b.read() as s:
        jan = MissionRepository(s).reader_for("Jan Peeters")
        rep = ReportRepository(s, jan).list()[0]
        assert (
            ReportRepository(s, jan).attachment_content(rep.id, rep.attachments[0].sha256)
            == b"\x00jpeg"
        )
        assert verify_audit(s).ok


def test_import__into_an_empty_database_joins_the_mission(
    open_new: Callable[[], Store], tmp_path: Path
) -> None:
    a, b = open_new(), open_new()
    people = seed_mission(a)
    with a.write() as s:
        ReportRepository(s, people.bel_restricted).add(
            site="BGSF", kind="airfield", text="x", rel_to=["BEL"]
        )
    export_bundle(a, people.bel_restricted, tmp_path / "a.arx")
    assert import_bundle(b, tmp_path / "a.arx").revisions_new == 1
    with b.read() as s:
        m = MissionRepository(s).get_mission()
        assert (m.name, m.lead_nation, m.nations) == (
            "Greenland reconnaissance 2026",
            "DNK",
            ("DNK", "BEL", "FRA", "DEU", "NLD"),
        )
        jan = MissionRepository(s).reader_for("Jan Peeters")
        assert [r.text for r in ReportRepository(s, jan).list()] == ["x"]
        assert verify_audit(s).ok


def test_import__twice_adds_nothing(pair: tuple[Store, Store, People], tmp_path: Path) -> None:
    a, b, people = pair
    with a.write() as s:
        for i in range(3):
            ReportRepository(s, people.dnk_secret).add(site="BGSF", kind="airfield", text=f"r{i}")
    export_bundle(a, people.dnk_secret, tmp_path / "a.arx")
    first = import_bundle(b, tmp_path / "a.arx")
    n_audit, state = _audit_count(b), _state(b)
    again = import_bundle(b, tmp_path / "a.arx")
    assert (first.revisions_new, again.revisions_new, again.revisions_known) == (3, 0, 3)
    assert _audit_count(b) == n_audit and _state(b) == state


TAMPERS: list[Callable[[dict[str, Any]], None]] = [
    lambda p: p["revisions"][0].update(text="forged"),
    lambda p: p["revisions"][0].update(rel_to=["DNK", "BEL", "FRA", "DEU", "NLD"]),
    lambda p: p["persons"][0].update(clearance="SECRET"),
    lambda p: p.update(revisions=[]),
]


def test_import__tampered_bundle_rejected_and_nothing_written(
    pair: tuple[Store, Store, People], tmp_path: Path
) -> None:
    a, b, people = pair
    with a.write() as s:
        ReportRepository(s, people.dnk_secret).add(
            site="BGSF", kind="airfield", text="t", rel_to=["DNK"]
        )
    export_bundle(a, people.dnk_secret, tmp_path / "a.arx")
    before = _audit_count(b)
    for i, tamper in enumerate(TAMPERS):  # text, marking, clearance, dropped revision
        path = tmp_path / f"t{i}.arx"
        path.write_bytes((tmp_path / "a.arx").read_bytes())
        _edit_bundle(path, tamper)
        with pytest.raises(DataSourceError, match="signature does not verify"):
            import_bundle(b, path)
    assert _audit_count(b) == before and _state(b) == []


def test_import__bad_signature_or_not_a_bundle_rejected(
    pair: tuple[Store, Store, People], tmp_path: Path
) -> None:
    a, b, people = pair
    path = tmp_path / "a.arx"
    export_bundle(a, people.dnk_secret, path)
    doc = json.loads(path.read_text())
    sig = bytearray(base64.b64decode(doc["signature"]))
    sig[0] ^= 1
    doc["signature"] = base64.b64encode(bytes(sig)).decode()
    path.write_text(json.dumps(doc))
    with pytest.raises(DataSourceError, match="signature does not verify"):
        import_bundle(b, path)
    path.write_text("not json")
    with pytest.raises(DataSourceError, match="not readable"):
        import_bundle(b, path)


def test_import__unknown_key_rejected_until_registered(
    pair: tuple[Store, Store, People], tmp_path: Path
) -> None:
    a, b, people = pair
    stranger = Ed25519PrivateKey.generate()
    with a.write() as s:
        ReportRepository(s, people.dnk_secret).add(site="BGSF", kind="airfield", text="t")
    export_bundle(a, people.dnk_secret, tmp_path / "x.arx", private_key=stranger)
    with pytest.raises(DataSourceError, match="unknown key"):
        import_bundle(b, tmp_path / "x.arx")
    assert _state(b) == []
    with b.write() as s:
        register_key(s, stranger.public_key(), name="team north laptop", actor="test")
    assert import_bundle(b, tmp_path / "x.arx").revisions_new == 1


def test_import__out_of_order_gives_the_same_state(
    open_new: Callable[[], Store], tmp_path: Path
) -> None:
    a, b, c = open_new(), open_new(), open_new()
    people = seed_mission(a)
    seed_mission(b)
    seed_mission(c)
    anna = people.dnk_secret
    with a.write() as s:
        rep = ReportRepository(s, anna).add(site="BGSF", kind="airfield", text="v1")
    export_bundle(a, anna, tmp_path / "1.arx")
    t1 = dt.datetime.now(dt.UTC)
    with a.write() as s:
        ReportRepository(s, anna).edit(rep.id, text="v2")
        ReportRepository(s, anna).add(site="BGGH", kind="port", text="other")
    export_bundle(a, anna, tmp_path / "2.arx", since_utc=t1)
    assert import_bundle(b, tmp_path / "2.arx").revisions_new == 2  # edit before its parent
    with b.read() as s:
        assert ReportRepository(s, anna).get(rep.id).text == "v2"
    import_bundle(b, tmp_path / "1.arx")
    import_bundle(c, tmp_path / "1.arx")
    import_bundle(c, tmp_path / "2.arx")
    assert _state(a) == _state(b) == _state(c)
    assert sorted(t for _, _, t, _ in _state(b)) == ["other", "v2"]
    for st in (b, c):
        with st.read() as s:
            assert verify_audit(s).ok


def test_offline_edits__both_kept_flagged_then_resolved(
    pair: tuple[Store, Store, People], tmp_path: Path
) -> None:
    a, b, people = pair
    anna, jan = people.dnk_secret, people.bel_restricted
    with a.write() as s:
        rep = ReportRepository(s, anna).add(
            site="BGSF", kind="airfield", text="base", rel_to=["DNK", "BEL"]
        )
    export_bundle(a, anna, tmp_path / "0.arx")
    import_bundle(b, tmp_path / "0.arx")
    with a.write() as s:
        ReportRepository(s, anna).edit(rep.id, text="edit on laptop A")
    with b.write() as s:
        ReportRepository(s, jan).edit(rep.id, text="edit on laptop B")
    export_bundle(a, anna, tmp_path / "a.arx")
    export_bundle(b, jan, tmp_path / "b.arx")
    assert import_bundle(b, tmp_path / "a.arx").conflicts == (rep.id,)
    assert import_bundle(a, tmp_path / "b.arx").conflicts == (rep.id,)
    for st in (a, b):
        with st.read() as s:
            repo = ReportRepository(s, jan)
            assert repo.get(rep.id).conflict
            (c,) = repo.conflicts()
            assert sorted(h.text for h in c.heads) == ["edit on laptop A", "edit on laptop B"]
    assert _state(a) == _state(b)
    with a.write() as s:
        keep = next(h for h in ReportRepository(s, anna).conflicts()[0].heads if "B" in h.text)
        ReportRepository(s, anna).resolve(rep.id, keep.revision_id[:10], text="merged A+B")
    export_bundle(a, anna, tmp_path / "r.arx")
    import_bundle(b, tmp_path / "r.arx")
    for st in (a, b):
        with st.read() as s:
            got = ReportRepository(s, jan).get(rep.id)
            assert (got.text, got.conflict) == ("merged A+B", False)
            assert ReportRepository(s, jan).conflicts() == []


def test_import__unknown_author_rejected_before_writing(
    open_new: Callable[[], Store], tmp_path: Path
) -> None:
    a, b = open_new(), open_new()
    people = seed_mission(a)
    with b.write() as s:
        MissionRepository(s).init_mission(name="Greenland reconnaissance 2026", lead_nation="DNK")
    with a.write() as s:
        ReportRepository(s, people.dnk_secret).add(site="BGSF", kind="airfield")
    key = Ed25519PrivateKey.generate()
    export_bundle(a, people.dnk_secret, tmp_path / "a.arx", private_key=key)
    doc = json.loads((tmp_path / "a.arx").read_text())
    payload = json.loads(base64.b64decode(doc["payload"]))
    payload["persons"] = []  # a (validly signed) bundle without its authors
    body = json.dumps(payload).encode()
    doc["payload"] = base64.b64encode(body).decode()
    doc["signature"] = base64.b64encode(key.sign(body)).decode()
    (tmp_path / "a.arx").write_text(json.dumps(doc))
    with b.write() as s:
        register_key(s, key.public_key(), name="k", actor="test")
    with pytest.raises(DataSourceError, match="neither in the bundle nor known here"):
        import_bundle(b, tmp_path / "a.arx")
    assert _state(b) == []


def test_import__level_unknown_to_this_mission_rejected(
    open_new: Callable[[], Store], tmp_path: Path
) -> None:
    a, b = open_new(), open_new()
    people = seed_mission(a)
    with b.write() as s:
        MissionRepository(s).init_mission(name="Other", lead_nation="DNK", levels=["PUBLIC"])
    with a.write() as s:
        ReportRepository(s, people.dnk_secret).add(site="BGSF", kind="airfield", level="RESTRICTED")
    export_bundle(a, people.dnk_secret, tmp_path / "a.arx")
    with pytest.raises(DataSourceError, match="not a level of this mission"):
        import_bundle(b, tmp_path / "a.arx")
    assert _state(b) == []
