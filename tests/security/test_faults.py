"""Multi-process faults: a ``kill -9`` in the middle of an import while other processes
write and open extra stores on the same database; integrity checked after."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from arcticrecon.store import (
    MissionRepository,
    ReportRepository,
    export_bundle,
    open_store,
    verify_audit,
)
from arcticrecon.store.db import sqlite_file
from arcticrecon.store.models import ReportRevisionRow, ReportRow

from .test_adversarial_sequences import _seed

WRITER = """
import sys
from arcticrecon.store import open_store, MissionRepository, ReportRepository
url, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = open_store(url, create=False)
with store.read() as s:
    reader = MissionRepository(s).reader_for(name)
for i in range(n):
    with store.write() as s:
        ReportRepository(s, reader).add(site="BGSF", kind="airfield", text=f"{name} {i}")
    extra = open_store(url, create=False)  # an extra store opened and closed
    with extra.read() as s2:
        MissionRepository(s2).get_mission()
    extra.close()
"""

IMPORT = """
import sys
from arcticrecon.store import open_store, import_bundle
import_bundle(open_store(sys.argv[1], create=False), sys.argv[2], batch_reports=5)
"""


def test_kill_9_mid_import_with_concurrent_writers_and_extra_opens(
    backend: str, new_db_url: Callable[[], str], tmp_path: Path
) -> None:
    source_url, url = new_db_url(), new_db_url()
    source = open_store(source_url)
    readers = _seed(source)
    with source.write() as s:  # 150 reports of 3 revisions each: 30 import transactions
        repo = ReportRepository(s, readers["Anna Holm"])
        for i in range(150):
            rid = repo.add(site="BGGH", kind="port", text=f"bundle {i}").id
            repo.edit(rid, text=f"bundle {i} v2")
            repo.edit(rid, text=f"bundle {i} v3")
    bundle = tmp_path / "big.arx"
    export_bundle(source, readers["Anna Holm"], bundle)
    source.close()
    store = open_store(url)
    _seed(store)
    store.engine.dispose()  # this process holds no connection while the others run
    env = os.environ.copy()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, name, "15"],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("Jan Peeters", "Lukas Weber")
    ]
    importer = subprocess.Popen([sys.executable, "-c", IMPORT, url, str(bundle)], env=env)
    deadline = time.monotonic() + 120
    imported = 0
    while time.monotonic() < deadline and importer.poll() is None and imported < 20:
        time.sleep(0.05)
        with store.engine.connect() as conn:
            imported = int(
                conn.scalar(
                    sa.select(sa.func.count())
                    .select_from(ReportRow)
                    .where(ReportRow.site == "BGGH")
                )
                or 0
            )
        store.engine.dispose()
    killed = importer.poll() is None
    if killed:
        os.kill(importer.pid, signal.SIGKILL)
    importer.wait(timeout=60)
    errs = [w.communicate(timeout=300)[1] for w in writers]
    assert [w.returncode for w in writers] == [0, 0], errs
    store.engine.dispose()
    path = sqlite_file(url)
    if path is not None:
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with store.read() as s:
        anna = MissionRepository(s).reader_for("Anna Holm")
        texts = [r.text for r in ReportRepository(s, anna).list()]
        assert sorted(t for t in texts if not t.startswith("bundle")) == sorted(
            f"{n} {i}" for n in ("Jan Peeters", "Lukas Weber") for i in range(15)
        )  # every acknowledged write of the writers is there
        per: dict[str, int] = {}
        for rev in s.scalars(sa.select(ReportRevisionRow).where(ReportRevisionRow.site == "BGGH")):
            per[rev.report_id] = per.get(rev.report_id, 0) + 1
        assert set(per.values()) <= {3}  # no report half imported
        assert all(t.endswith("v3") for t in texts if t.startswith("bundle"))
        result = verify_audit(s)
        assert result.ok, result.reason
    store.close()
