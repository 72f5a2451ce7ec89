"""Exports and resolve never hand over what the current marking hides (issue 17, medium).

* A reader receives a report's revisions only if they may read its *current* marking:
  an upgraded report's old RESTRICTED text does not leave in a bundle (and so cannot come
  back as current under the old marking elsewhere).
* ``resolve`` of a conflict with a head the reader may not read answers exactly like a
  report without a conflict: no hidden revision id is listed, nothing is undone.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from store_helpers import seed_mission

from arcticrecon.errors import NotFoundError
from arcticrecon.store import ReportRepository, Store, export_bundle, import_bundle


def _payload(path: Path) -> dict:
    return json.loads(base64.b64decode(json.loads(path.read_text())["payload"]))


def test_export__no_revision_of_a_report_whose_current_marking_hides_it(
    open_new: Callable[[], Store], tmp_path: Path
) -> None:
    a, b = open_new(), open_new()
    people = seed_mission(a)
    seed_mission(b)
    anna, jan = people.dnk_secret, people.bel_restricted
    with a.write() as s:
        rid = ReportRepository(s, anna).add(
            site="BGSF", kind="airfield", text="ORIGINAL-RESTRICTED-TEXT",
            level="RESTRICTED", rel_to=["DNK", "BEL"],
        ).id  # fmt: skip
        ReportRepository(s, anna).edit(rid, text="now secret", level="SECRET", rel_to=["DNK"])
        ReportRepository(s, anna).add(site="BGGH", kind="port", text="open", rel_to=["DNK", "BEL"])
    summary = export_bundle(a, jan, tmp_path / "jan.arx")
    payload = _payload(tmp_path / "jan.arx")
    assert rid not in {r["report_id"] for r in payload["revisions"]}
    assert "ORIGINAL-RESTRICTED-TEXT" not in (tmp_path / "jan.arx").read_text()
    assert "ORIGINAL-RESTRICTED-TEXT" not in json.dumps(payload)
    assert summary.revisions == 1 and summary.withheld >= 2
    import_bundle(b, tmp_path / "jan.arx")
    with b.read() as s:
        assert [r.text for r in ReportRepository(s, jan).list()] == ["open"]
        assert [r.text for r in ReportRepository(s, anna).list()] == ["open"]
    # the originator exports everything, history included
    export_bundle(a, anna, tmp_path / "anna.arx")
    assert sum(r["report_id"] == rid for r in _payload(tmp_path / "anna.arx")["revisions"]) == 2


def _conflict_with_hidden_head(open_new: Callable[[], Store], tmp_path: Path):
    a, b = open_new(), open_new()
    people = seed_mission(a)
    seed_mission(b)
    anna, jan = people.dnk_secret, people.bel_restricted
    with a.write() as s:
        rid = (
            ReportRepository(s, anna)
            .add(site="BGSF", kind="airfield", text="base", rel_to=["DNK", "BEL"])
            .id
        )
    export_bundle(a, anna, tmp_path / "0.arx")
    import_bundle(b, tmp_path / "0.arx")
    with a.write() as s:  # the originator upgrades on laptop A
        ReportRepository(s, anna).edit(rid, text="SECRET UPGRADE", level="SECRET", rel_to=["DNK"])
    with b.write() as s:  # Jan edits the old version on laptop B
        ReportRepository(s, jan).edit(rid, text="Jan's version")
    export_bundle(a, anna, tmp_path / "a.arx")
    import_bundle(b, tmp_path / "a.arx")
    return b, rid, people


def test_resolve__a_conflict_with_a_hidden_head_is_not_found_and_reveals_nothing(
    open_new: Callable[[], Store], tmp_path: Path
) -> None:
    b, rid, people = _conflict_with_hidden_head(open_new, tmp_path)
    jan, anna = people.bel_restricted, people.dnk_secret
    with b.read() as s:
        repo = ReportRepository(s, jan)
        assert repo.conflicts() == []
        mine = repo.get(rid).revision_id
    with b.read() as s:
        (c,) = ReportRepository(s, anna).conflicts()
        hidden_heads = [h.revision_id for h in c.heads if h.text == "SECRET UPGRADE"]
    answers = []
    for keep in (mine, hidden_heads[0], "0" * 12):
        with pytest.raises(NotFoundError) as info, b.write() as s:
            ReportRepository(s, jan).resolve(rid, keep)
        answers.append(str(info.value))
        assert hidden_heads[0][:12] not in str(info.value)
    # one answer whatever was asked, and the same as for a report without any conflict
    with b.write() as s:
        plain = ReportRepository(s, jan).add(site="BGSF", kind="airfield", text="x").id
    with pytest.raises(NotFoundError) as info, b.write() as s:
        ReportRepository(s, jan).resolve(plain, "0" * 12)
    assert {a.replace(rid, "ID") for a in answers} == {str(info.value).replace(plain, "ID")}
    with b.read() as s:  # nothing undone: the originator's upgrade is still a head
        (c,) = ReportRepository(s, anna).conflicts()
        assert "SECRET UPGRADE" in {h.text for h in c.heads}


def test_resolve__hidden_conflict_and_no_conflict_run_the_same_statements(
    open_new: Callable[[], Store], tmp_path: Path
) -> None:
    """Same database work (so about the same time) for a hidden and an absent conflict.

    Wall-clock timing on a shared machine is noise; the statements executed are what
    would make the two answers take different times, so they are compared (up to the
    number of heads looked up in one ``IN`` list).
    """
    import sqlalchemy as sa

    b, rid, people = _conflict_with_hidden_head(open_new, tmp_path)
    jan = people.bel_restricted
    with b.write() as s:
        plain = ReportRepository(s, jan).add(site="BGSF", kind="airfield", text="x").id

    def statements(report_id: str) -> list[str]:
        seen: list[str] = []

        def log(conn, cursor, statement, *args) -> None:
            seen.append(re.sub(r"IN \(.*", "IN (...)", statement, flags=re.S))

        sa.event.listen(b.engine, "before_cursor_execute", log)
        try:
            with pytest.raises(NotFoundError), b.read() as s:
                ReportRepository(s, jan).resolve(report_id, "0" * 12)
        finally:
            sa.event.remove(b.engine, "before_cursor_execute", log)
        return seen

    assert statements(rid) == statements(plain)
