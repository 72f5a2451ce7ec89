"""A kill -9 in the middle of a large import, and concurrent writers (processes, threads)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa
from store_helpers import People, seed_mission

from arcticrecon.store import (
    MissionRepository,
    ReportRepository,
    Store,
    import_bundle,
    load_or_create_laptop_key,
    verify_audit,
)
from arcticrecon.store.hashing import canonical_json, sha256_hex
from arcticrecon.store.models import AttachmentBlobRow, AuditRow, ReportRevisionRow, ReportRow
from arcticrecon.store.repositories import revision_id

IMPORT_SCRIPT = """
import sys
from arcticrecon.store import open_store, import_bundle
store = open_store(sys.argv[1])
import_bundle(store, sys.argv[2])
"""

WRITER_SCRIPT = """
import sys
from arcticrecon.store import open_store, MissionRepository, ReportRepository
store = open_store(sys.argv[1])
with store.read() as s:
    reader = MissionRepository(s).reader_for(sys.argv[2])
for i in range(int(sys.argv[3])):
    with store.write() as s:
        ReportRepository(s, reader).add(site="BGSF", kind="airfield", text=f"{sys.argv[2]} {i}")
"""


def _large_bundle(path: Path, people: People, n_reports: int) -> set[str]:
    """A signed bundle of n reports, each a create + an edit + its own attachment."""
    anna = people.dnk_secret.person_id
    t0 = dt.datetime(2026, 1, 20, tzinfo=dt.UTC)
    revisions, blobs, ids = [], {}, set()
    for i in range(n_reports):
        content = f"photo {i} ".encode() * 20
        digest = sha256_hex(content)
        blobs[digest] = base64.b64encode(content).decode()
        rid = str(uuid.uuid4())
        ids.add(rid)
        rev = {
            "report_id": rid,
            "parents": [],
            "site": "BGSF",
            "kind": "airfield",
            "team": None,
            "author_id": anna,
            "edited_by_id": anna,
            "observed_at_utc": t0,
            "edited_at_utc": t0 + dt.timedelta(seconds=i),
            "fields": {},
            "text": f"imported {i}",
            "level": "UNCLASSIFIED",
            "rel_to": ["DNK"],
            "attachments": [
                {
                    "sha256": digest,
                    "filename": f"{i}.jpg",
                    "media_type": "image/jpeg",
                    "size_bytes": len(content),
                    "level": "UNCLASSIFIED",
                    "rel_to": ["DNK"],
                }
            ],
            "deleted": False,
        }
        edit = {
            **rev,
            "parents": [revision_id(rev)],
            "text": f"imported {i} (edited)",
            "edited_at_utc": t0 + dt.timedelta(seconds=i, milliseconds=500),
        }
        for r in (rev, edit):
            out = {**r, "id": revision_id(r)}
            out["observed_at_utc"] = r["observed_at_utc"].isoformat()
            out["edited_at_utc"] = r["edited_at_utc"].isoformat()
            revisions.append(out)
    persons = [
        {
            "id": anna,
            "name": "Anna Holm",
            "nation": "DNK",
            "rank": "Maj",
            "role": "",
            "clearance": "SECRET",
        }
    ]
    payload = {
        "mission": {"name": "m", "lead_nation": "DNK", "levels": ["UNCLASSIFIED"]},
        "exported_at_utc": t0.isoformat(),
        "exported_by": anna,
        "since_utc": None,
        "nations": ["DNK"],
        "persons": persons,
        "revisions": revisions,
        "blobs": blobs,
        "overrides": [],
    }
    body = canonical_json(payload)
    key = load_or_create_laptop_key()
    from arcticrecon.store.keys import key_id

    doc = {
        "format": "arcticrecon-bundle",
        "version": 1,
        "key_id": key_id(key.public_key()),
        "payload": base64.b64encode(body).decode(),
        "signature": base64.b64encode(key.sign(body)).decode(),
    }
    path.write_text(json.dumps(doc))
    return ids


def _count(engine: sa.Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


def _url(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def test_import__kill_9_loses_nothing_committed_and_leaves_no_half_report(
    store: Store, tmp_path: Path
) -> None:
    db_url = _url(store)
    people = seed_mission(store)
    with store.write() as s:
        local = [
            ReportRepository(s, people.dnk_secret)
            .add(site="BGGH", kind="port", text=f"local {i}")
            .id
            for i in range(5)
        ]
    bundle = tmp_path / "big.arx"
    ids = _large_bundle(bundle, people, n_reports=200)
    baseline = _count(store.engine, ReportRow)
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPORT_SCRIPT, db_url, str(bundle)], env=os.environ.copy()
    )
    seen = baseline
    deadline = time.monotonic() + 60
    while seen < baseline + 10 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
        seen = _count(store.engine, ReportRow)
    assert proc.poll() is None, (
        "the import finished before it could be killed; make the bundle larger"
    )
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    store.engine.dispose()  # fresh connections (the server may still be cleaning up)
    after = _count(store.engine, ReportRow)
    assert baseline + 10 <= seen <= after < baseline + len(ids), (seen, after)
    with store.read() as s:
        rows = {r.id: r for r in s.scalars(sa.select(ReportRow))}
        assert all(i in rows for i in local)  # committed before the import: still there
        revs = s.scalars(sa.select(ReportRevisionRow)).all()
        per_report: dict[str, int] = {}
        for r in revs:
            per_report[r.report_id] = per_report.get(r.report_id, 0) + 1
        imported = set(per_report) & ids
        assert set(per_report) == set(rows)  # no revision without its report view
        assert all(per_report[i] == 2 for i in imported)  # no report half imported
        assert all(rows[i].text.endswith("(edited)") for i in imported)
        blobs = set(s.scalars(sa.select(AttachmentBlobRow.sha256)))
        assert all(rows[i].attachments[0]["sha256"] in blobs for i in imported)
        assert verify_audit(s).ok
    summary = import_bundle(store, bundle)  # the same bundle again completes the import
    assert summary.revisions_new == 2 * (len(ids) - len(imported))
    assert _count(store.engine, ReportRow) == baseline + len(ids)
    with store.read() as s:
        assert verify_audit(s).ok


def _check_writers(store: Store, names: list[str], n_each: int) -> None:
    with store.read() as s:
        anna = MissionRepository(s).reader_for("Anna Holm")
        texts = sorted(r.text for r in ReportRepository(s, anna).list())
        assert texts == sorted(f"{name} {i}" for name in names for i in range(n_each))
        result = verify_audit(s)
        assert result.ok, result.reason
        seqs = list(s.scalars(sa.select(AuditRow.seq).order_by(AuditRow.seq)))
        assert seqs == list(range(1, len(seqs) + 1))


def test_two_processes_write_concurrently(store: Store) -> None:
    db_url = _url(store)
    seed_mission(store)
    names, n_each = ["Anna Holm", "Lukas Weber"], 12
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER_SCRIPT, db_url, name, str(n_each)], env=os.environ.copy()
        )
        for name in names
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    _check_writers(store, names, n_each)


def test_two_threads_write_concurrently(store: Store) -> None:
    seed_mission(store)
    names, n_each = ["Anna Holm", "Lukas Weber"], 20
    errors: list[BaseException] = []

    def write(name: str) -> None:
        try:
            with store.read() as s:
                reader = MissionRepository(s).reader_for(name)
            for i in range(n_each):
                with store.write() as s:
                    ReportRepository(s, reader).add(
                        site="BGSF", kind="airfield", text=f"{name} {i}"
                    )
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=write, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    _check_writers(store, names, n_each)
