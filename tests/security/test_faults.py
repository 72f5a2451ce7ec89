"""Multi-process faults: ``kill -9`` at a chosen point of an import and of a write, while
other processes write and open extra stores on the same database.

The kill is deterministic: the child process runs with ``ARCTICRECON_TEST_KILL_AT`` set
(:mod:`arcticrecon.store.faults`) and sends itself ``SIGKILL`` inside the N-th transaction
of that point, after its rows are flushed and before the commit. So the exact rows that
must survive are known: every transaction committed before the kill, nothing of the one
killed. After: ``PRAGMA integrity_check`` (SQLite), exact row counts, the audit chain, and
the import resumed to completion.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from arcticrecon.store import (
    OverrideRepository,
    ReportRepository,
    Store,
    export_bundle,
    import_bundle,
    open_store,
    verify_audit,
)
from arcticrecon.store.db import sqlite_file
from arcticrecon.store.faults import KILL_AT_ENV
from arcticrecon.store.models import ReportRevisionRow, ReportRow, SiteOverrideRow

from .test_adversarial_sequences import _seed

#: A writer: N reports, one write transaction each, an extra store opened and closed
#: after each (the pattern that once dropped SQLite's locks and lost committed writes).
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
    print(i, flush=True)  # acknowledged
    extra = open_store(url, create=False)
    with extra.read() as s2:
        MissionRepository(s2).get_mission()
    extra.close()
"""

IMPORT = """
import sys
from arcticrecon.store import open_store, import_bundle
s = import_bundle(open_store(sys.argv[1], create=False), sys.argv[2], batch_reports=5,
                  batch_overrides=4)
print(s.revisions_new, s.revisions_known, s.overrides_new, flush=True)
"""

N_REPORTS, REVISIONS, N_OVERRIDES, BATCH, BATCH_OVERRIDES = 30, 3, 10, 5, 4
KILL_BATCH = 4  # die inside the 4th report transaction: 3 batches = 15 reports survive
WRITERS = ("Jan Peeters", "Lukas Weber")
N_WRITES = 8


def _bundle(new_db_url: Callable[[], str], tmp_path: Path) -> tuple[Path, list[str]]:
    """A bundle of N_REPORTS reports x REVISIONS revisions and N_OVERRIDES overrides."""
    source = open_store(new_db_url())
    readers = _seed(source)
    ids = []
    with source.write() as s:
        repo = ReportRepository(s, readers["Anna Holm"])
        for i in range(N_REPORTS):
            rid = repo.add(site="BGGH", kind="port", text=f"bundle {i}").id
            for v in range(2, REVISIONS + 1):
                repo.edit(rid, text=f"bundle {i} v{v}")
            ids.append(rid)
        over = OverrideRepository(s, readers["Anna Holm"])
        for i in range(N_OVERRIDES):
            over.add(site="BGTL", field="beds", value=i)
    path = tmp_path / "big.arx"
    export_bundle(source, readers["Anna Holm"], path)
    source.close()
    return path, sorted(ids)


def _child(code: str, *args: str, kill_at: str | None = None) -> subprocess.Popen[str]:
    env = os.environ.copy()
    env.pop(KILL_AT_ENV, None)
    if kill_at is not None:
        env[KILL_AT_ENV] = kill_at
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _integrity(url: str) -> None:
    path = sqlite_file(url)
    if path is not None:  # PostgreSQL: the server rolls back a dead client's transaction
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def _counts(store: Store) -> tuple[Counter[str], list[str], int]:
    """(revisions per bundle report, writer report texts, overrides) as stored."""
    with store.read() as s:
        per = Counter(
            s.scalars(
                sa.select(ReportRevisionRow.report_id).where(ReportRevisionRow.site == "BGGH")
            )
        )
        texts = list(
            s.scalars(sa.select(ReportRevisionRow.text).where(ReportRevisionRow.site == "BGSF"))
        )
        n_over = int(s.scalar(sa.select(sa.func.count()).select_from(SiteOverrideRow)) or 0)
        n_reports = int(s.scalar(sa.select(sa.func.count()).select_from(ReportRow)) or 0)
        assert n_reports == len(per) + len(texts)  # one row per report, no orphan
        result = verify_audit(s)
        assert result.ok, result.reason
    return per, texts, n_over


def test_kill_9_inside_an_import_batch__exact_rows_survive_and_the_import_resumes(
    backend: str, new_db_url: Callable[[], str], tmp_path: Path
) -> None:
    bundle, ids = _bundle(new_db_url, tmp_path)
    url = new_db_url()
    store = open_store(url)
    _seed(store)
    store.engine.dispose()  # this process holds no connection while the others run

    writers = [_child(WRITER, url, name, str(N_WRITES)) for name in WRITERS]
    # a third writer dies inside its 4th write transaction: its first 3 reports stay
    doomed = _child(WRITER, url, "Claire Martin", str(N_WRITES), kill_at="write:4")
    importer = _child(IMPORT, url, str(bundle), kill_at=f"import.reports:{KILL_BATCH}")
    _, err = importer.communicate(timeout=300)
    assert importer.returncode == -signal.SIGKILL, err
    out, err = doomed.communicate(timeout=300)
    assert doomed.returncode == -signal.SIGKILL, err
    assert out.split() == ["0", "1", "2"]  # acknowledged before the kill
    outs = [w.communicate(timeout=300) for w in writers]
    assert [w.returncode for w in writers] == [0, 0], [e for _, e in outs]

    _integrity(url)
    per, texts, n_over = _counts(store)
    committed = (KILL_BATCH - 1) * BATCH  # reports go in sorted id order, BATCH at a time
    assert sorted(per) == ids[:committed]
    assert set(per.values()) == {REVISIONS}  # whole reports only
    assert sorted(texts) == sorted(
        [f"{n} {i}" for n in WRITERS for i in range(N_WRITES)]
        + [f"Claire Martin {i}" for i in range(3)]
    )  # every acknowledged write, nothing of the killed transaction
    assert n_over == 0  # the overrides come after the reports

    # again, killed inside the 2nd override transaction: all reports, 1 batch of overrides
    again = _child(IMPORT, url, str(bundle), kill_at="import.overrides:2")
    _, err = again.communicate(timeout=300)
    assert again.returncode == -signal.SIGKILL, err
    _integrity(url)
    per, _, n_over = _counts(store)
    assert sorted(per) == ids and set(per.values()) == {REVISIONS}
    assert n_over == BATCH_OVERRIDES

    summary = import_bundle(store, bundle)  # resumes: only what is missing is new
    assert summary.revisions_new == 0
    assert summary.revisions_known == N_REPORTS * REVISIONS
    assert summary.overrides_new == N_OVERRIDES - BATCH_OVERRIDES
    _integrity(url)
    per, texts, n_over = _counts(store)
    assert sorted(per) == ids and set(per.values()) == {REVISIONS}
    assert n_over == N_OVERRIDES and len(texts) == len(WRITERS) * N_WRITES + 3
    store.close()
