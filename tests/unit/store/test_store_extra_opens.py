"""Writers that open and close extra stores on the same database (issue 17, critical).

On POSIX, closing *any* descriptor of a file drops *all* of the process's fcntl locks on
it, SQLite's included. A store opening that reads the database file with plain Python I/O
while the same process already holds the database through SQLite therefore lets another
process checkpoint and remove the WAL under it: "disk I/O error", "database disk image is
malformed" and lost acknowledged writes. These tests run four processes that each write
reports and open and close a second store between writes, then check exact row counts,
``PRAGMA integrity_check`` and the audit chain.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from store_helpers import PEOPLE, seed_mission

from arcticrecon.errors import InputError
from arcticrecon.store import (
    MissionRepository,
    ReportRepository,
    Store,
    export_bundle,
    import_bundle,
    open_store,
    verify_audit,
)
from arcticrecon.store.db import sqlite_file
from arcticrecon.store.models import AuditRow, ReportRow

#: Each process: write N reports; between writes open a second store on the same
#: database (as ``store.views._session`` does when given a path), read from it, close it.
WRITER_WITH_EXTRA_OPENS = """
import sys
from arcticrecon.store import open_store, MissionRepository, ReportRepository
from arcticrecon.store.views import load_visible_reports
url, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = open_store(url, create=False)
with store.read() as s:
    reader = MissionRepository(s).reader_for(name)
acked = 0
for i in range(n):
    with store.write() as s:
        ReportRepository(s, reader).add(site="BGSF", kind="airfield", text=f"{name} {i}")
    acked += 1
    extra = open_store(url, create=False)
    with extra.read() as s2:
        MissionRepository(s2).get_mission()
    extra.close()
    load_visible_reports(url, reader, site="BGSF")  # opens and closes a store by URL
print(acked)
"""

N_PROCESSES = 4
#: Reports per process, staggered so that early finishers close their last connection
#: (which checkpoints and removes the WAL when no other process holds a lock) while the
#: others still write.
N_EACH = (10, 20, 30, 40)


def _url(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def test_four_writers_opening_extra_stores_lose_nothing(store: Store) -> None:
    url = _url(store)
    seed_mission(store)
    names = [name for name, _, _ in PEOPLE[:N_PROCESSES]]
    store.engine.dispose()  # this process holds no connection: only the writers do
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER_WITH_EXTRA_OPENS, url, name, str(n)],
            env=os.environ.copy(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, n in zip(names, N_EACH, strict=True)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    errors = [err.strip().splitlines()[-1:] for _, err in outs if err.strip()]
    assert [p.returncode for p in procs] == [0] * N_PROCESSES, errors
    assert sum(int(out) for out, _ in outs) == sum(N_EACH)
    store.engine.dispose()
    path = sqlite_file(url)
    if path is not None:
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with store.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(ReportRow)) == sum(N_EACH)
        anna = MissionRepository(s).reader_for("Anna Holm")
        texts = sorted(r.text for r in ReportRepository(s, anna).list())
        assert texts == sorted(
            f"{n} {i}" for n, k in zip(names, N_EACH, strict=True) for i in range(k)
        )
        result = verify_audit(s)
        assert result.ok, result.reason
        seqs = list(s.scalars(sa.select(AuditRow.seq).order_by(AuditRow.seq)))
        assert seqs == list(range(1, len(seqs) + 1))


def test_bundle_paths_that_are_the_database_are_refused(tmp_path: Path) -> None:
    """Export onto, import from, or save an attachment onto the database file: refused.

    Reading the database with plain file I/O while SQLite holds it drops SQLite's locks;
    writing a bundle there replaced the whole database.
    """
    path = tmp_path / "m.sqlite"
    store = open_store(path)
    people = seed_mission(store)
    for target in (path, Path(f"{path}-wal"), tmp_path / "." / "m.sqlite"):
        with pytest.raises(InputError, match="is the mission database itself"):
            export_bundle(store, people.dnk_secret, target)
        with pytest.raises(InputError, match="is the mission database itself"):
            import_bundle(store, target)
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with open_store(path, create=False) as again, again.read() as s:
        assert MissionRepository(s).get_mission().lead_nation == "DNK"
        assert verify_audit(s).ok
