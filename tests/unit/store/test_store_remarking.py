"""Re-marking (issue 17, high): only the originator, or the releasing authority of the
originator's nation, may lower a level or widen REL TO; others may edit text and fields
and only raise the level or narrow REL TO; the originator's nation is never dropped.
The same rule holds for edits, resolutions, deletions and bundle imports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from store_helpers import People, derived_revision, resign_bundle, seed_mission

from arcticrecon.errors import DataSourceError, InputError, NotFoundError, ReleasabilityError
from arcticrecon.store import (
    MissionRepository,
    ReportRepository,
    Store,
    export_bundle,
    import_bundle,
    verify_audit,
)
from arcticrecon.store.models import AuditRow, ReportRevisionRow
from arcticrecon.survey import Reader

ALL = ["DNK", "BEL", "FRA", "DEU", "NLD"]


def _anna_report(store: Store, people: People, **kw: Any) -> str:
    marking = {"level": "RESTRICTED", "rel_to": ["DNK", "BEL", "FRA"], **kw}
    with store.write() as s:
        return (
            ReportRepository(s, people.dnk_secret)
            .add(site="BGSF", kind="airfield", text="runway 2,810 m", **marking)
            .id
        )


def _marking(store: Store, reader: Reader, report_id: str) -> tuple[str, tuple[str, ...]]:
    with store.read() as s:
        m = ReportRepository(s, reader).get(report_id).marking
        return m.level, m.rel_to


def test_edit__a_reader_may_not_lower_or_widen_someone_elses_report(
    store: Store, people: People
) -> None:
    rid = _anna_report(store, people)
    jan = people.bel_restricted
    with pytest.raises(ReleasabilityError, match="only the originator") as info:
        with store.write() as s:
            ReportRepository(s, jan).edit(rid, level="UNCLASSIFIED")
    assert info.value.field == "level" and info.value.value == "UNCLASSIFIED"
    with pytest.raises(ReleasabilityError, match="only the originator") as info:
        with store.write() as s:
            ReportRepository(s, jan).edit(rid, rel_to=["DNK", "BEL", "FRA", "DEU"])
    assert info.value.field == "rel_to" and info.value.value == ["DEU"]
    # the attack: lower and give to others at once
    with pytest.raises(ReleasabilityError), store.write() as s:
        ReportRepository(s, jan).edit(rid, level="UNCLASSIFIED", rel_to=ALL)
    assert _marking(store, people.dnk_secret, rid) == ("RESTRICTED", ("DNK", "BEL", "FRA"))
    # text and fields: allowed, marking kept
    with store.write() as s:
        rep = ReportRepository(s, jan).edit(rid, text="runway 2,800 m, ice patches")
    assert (rep.text, rep.marking.level) == ("runway 2,800 m, ice patches", "RESTRICTED")
    assert rep.author_id == people.dnk_secret.person_id  # an edit never changes the originator


def test_edit__others_may_raise_and_narrow_but_never_drop_the_originators_nation(
    store: Store, people: People
) -> None:
    rid = _anna_report(store, people)
    claire = people.fra_confidential
    with store.write() as s:
        rep = ReportRepository(s, claire).edit(rid, level="CONFIDENTIAL", rel_to=["FRA"])
    assert rep.marking.level == "CONFIDENTIAL"
    assert set(rep.marking.rel_to) == {"FRA", "DNK"}  # DNK (originator) kept
    with store.read() as s, pytest.raises(NotFoundError):
        ReportRepository(s, people.bel_restricted).get(rid)
    assert _marking(store, people.dnk_secret, rid)[0] == "CONFIDENTIAL"  # author still reads


def test_edit__the_originator_may_lower_and_widen(store: Store, people: People) -> None:
    rid = _anna_report(store, people, level="SECRET", rel_to=["DNK"])
    with store.write() as s:
        ReportRepository(s, people.dnk_secret).edit(rid, level="UNCLASSIFIED", rel_to=ALL)
    assert _marking(store, people.deu_secret, rid) == ("UNCLASSIFIED", tuple(ALL))


def test_edit__releasing_authority_of_the_originators_nation_only(
    store: Store, people: People
) -> None:
    with store.write() as s:
        repo = MissionRepository(s)
        repo.add_person(name="Ida Lund", nation="DNK", clearance="SECRET")
        repo.set_releasing_authority("DNK", "Ida Lund")
        repo.set_releasing_authority("FRA", "Claire Martin")
    with store.read() as s:
        repo = MissionRepository(s)
        ida = repo.reader_for("Ida Lund")
        dnk = repo.releasing_authority("DNK")
        assert dnk is not None and dnk.name == "Ida Lund"
        assert repo.releasing_authority("BEL") is None
    rid = _anna_report(store, people)
    with pytest.raises(ReleasabilityError), store.write() as s:  # FRA's authority: not DNK's
        ReportRepository(s, people.fra_confidential).edit(rid, level="UNCLASSIFIED")
    with store.write() as s:
        rep = ReportRepository(s, ida).edit(rid, level="UNCLASSIFIED", rel_to=ALL)
    assert (rep.marking.level, rep.marking.rel_to) == ("UNCLASSIFIED", tuple(ALL))
    with pytest.raises(InputError, match="not a person of BEL"), store.write() as s:
        MissionRepository(s).set_releasing_authority("BEL", "Ida Lund")
    with store.read() as s:
        assert verify_audit(s).ok


def test_delete__only_the_originator_or_the_releasing_authority(
    store: Store, people: People
) -> None:
    rid = _anna_report(store, people)
    with pytest.raises(ReleasabilityError, match="only the originator"), store.write() as s:
        ReportRepository(s, people.bel_restricted).delete(rid)
    with store.write() as s:
        ReportRepository(s, people.dnk_secret).delete(rid)
    with store.read() as s, pytest.raises(NotFoundError):
        ReportRepository(s, people.dnk_secret).get(rid)


def test_resolve__a_non_originator_keeps_the_highest_marking_of_the_heads(
    open_new: Callable[[], Store], tmp_path: Path
) -> None:
    a, b = open_new(), open_new()
    people = seed_mission(a)
    seed_mission(b)
    anna, claire = people.dnk_secret, people.fra_confidential
    rid = _anna_report(a, people)
    export_bundle(a, anna, tmp_path / "0.arx")
    import_bundle(b, tmp_path / "0.arx")
    with a.write() as s:  # Anna upgrades on laptop A
        ReportRepository(s, anna).edit(rid, level="CONFIDENTIAL", rel_to=["DNK", "FRA"])
    with b.write() as s:  # Claire edits the text on laptop B
        ReportRepository(s, claire).edit(rid, text="Claire's text")
    export_bundle(a, anna, tmp_path / "a.arx")
    import_bundle(b, tmp_path / "a.arx")
    with b.write() as s:
        repo = ReportRepository(s, claire)
        (c,) = repo.conflicts()
        mine = next(h for h in c.heads if h.text == "Claire's text")
        rep = repo.resolve(rid, mine.revision_id)
    assert rep.text == "Claire's text"
    assert (rep.marking.level, set(rep.marking.rel_to)) == ("CONFIDENTIAL", {"DNK", "FRA"})
    with b.read() as s, pytest.raises(NotFoundError):
        ReportRepository(s, people.bel_restricted).get(rid)


@pytest.mark.parametrize(
    "forgery",
    [
        pytest.param(lambda base, jan: {"level": "UNCLASSIFIED", "edited_by_id": jan}, id="lower"),
        pytest.param(lambda base, jan: {"rel_to": ALL, "edited_by_id": jan}, id="widen"),
        pytest.param(
            lambda base, jan: {"author_id": jan, "edited_by_id": jan, "level": "UNCLASSIFIED"},
            id="take-over-authorship",
        ),
        pytest.param(lambda base, jan: {"rel_to": ["BEL"], "edited_by_id": jan}, id="drop-dnk"),
    ],
)
def test_import__a_bundle_may_not_remark_what_the_cli_may_not(
    open_new: Callable[[], Store], tmp_path: Path, forgery: Callable[[dict[str, Any], str], dict]
) -> None:
    a, b = open_new(), open_new()
    people = seed_mission(a)
    seed_mission(b)
    rid = _anna_report(a, people)
    path = tmp_path / "x.arx"
    export_bundle(a, people.dnk_secret, path)
    jan = people.bel_restricted.person_id
    assert jan is not None

    def forge(payload: dict[str, Any]) -> None:
        (base,) = [r for r in payload["revisions"] if r["report_id"] == rid]
        payload["revisions"].append(derived_revision(base, **forgery(base, jan)))

    resign_bundle(path, forge)
    with b.read() as s:
        before = s.scalar(sa.select(sa.func.count()).select_from(AuditRow))
    with pytest.raises(DataSourceError, match="originator"):
        import_bundle(b, path)
    with b.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(AuditRow)) == before
        assert s.scalar(sa.select(sa.func.count()).select_from(ReportRevisionRow)) == 0
