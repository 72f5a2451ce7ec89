"""Hypothesis-driven sequences of operations by random people of random nations and
clearances, checked after every step against the independent oracle (``oracle.py``) over
every library read path, and at the end over exports and imports into a second store.

Operations: add (with an attachment marked at or above the report), edit (text and
re-marking), override, delete an override, export + import. Every refusal the oracle
predicts must happen, and every permitted operation must succeed.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from arcticrecon.errors import InputError, NotFoundError, ReleasabilityError
from arcticrecon.store import (
    MissionRepository,
    NewAttachment,
    OverrideRepository,
    ReportRepository,
    Store,
    export_bundle,
    import_bundle,
    open_store,
    verify_audit,
)
from arcticrecon.survey import Reader
from arcticrecon.testing import in_ci

from .oracle import (
    LEVELS,
    NATIONS,
    PEOPLE,
    Override,
    Person,
    Report,
    edit_marking,
    may_read,
    may_release,
    new_marking,
)

SITES = ("BGSF", "BGGH", "BGTL")

person_i = st.integers(0, len(PEOPLE) - 1)
level_i = st.integers(0, len(LEVELS) - 1)
rel_to = st.lists(st.sampled_from(NATIONS), min_size=1, max_size=4, unique=True).map(tuple)

op = st.one_of(
    st.tuples(st.just("add"), person_i, level_i, rel_to, st.booleans(), st.integers(0, 1)),
    st.tuples(
        st.just("edit"), person_i, st.integers(0, 20), st.one_of(st.none(), level_i),
        st.one_of(st.none(), rel_to),
    ),
    st.tuples(st.just("override"), person_i, level_i, rel_to, st.sampled_from(SITES)),
    st.tuples(st.just("delete_override"), person_i, st.integers(0, 20)),
)  # fmt: skip

#: CI: fixed examples (derandomized by the "ci" profile); locally a few more.
EXAMPLES = {"sqlite": 12 if in_ci() else 20, "postgres": 5}


def _seed(store: Store) -> dict[str, Reader]:
    with store.write() as s:
        repo = MissionRepository(s)
        repo.init_mission(name="Adversarial", lead_nation="DNK")
        repo.add_nations(NATIONS)
        for p in PEOPLE:
            repo.add_person(name=p.name, nation=p.nation, clearance=p.clearance)
        repo.set_releasing_authority("DNK", "Ida Lund")
    with store.read() as s:
        repo = MissionRepository(s)
        return {p.name: repo.reader_for(p.name) for p in PEOPLE}


class World:
    """The product under test plus the oracle's view of what it must hold."""

    def __init__(self, store: Store, readers: dict[str, Reader]) -> None:
        self.store = store
        self.readers = readers
        self.reports: list[Report] = []
        self.overrides: list[Override] = []
        self.n = 0
        #: report ids the second store may hold: those some exporter so far could read
        self.exported: set[str] = set()

    def r(self, p: Person) -> Reader:
        return self.readers[p.name]

    # -- operations ------------------------------------------------------------------
    def add(self, p: Person, lv: int, rel: tuple[str, ...], attach: bool, up: int) -> None:
        self.n += 1
        want = new_marking(p, LEVELS[lv], rel)
        text = f"report-{self.n}"
        att_level = LEVELS[min(lv + up, len(LEVELS) - 1)]
        atts = (
            [NewAttachment(f"{text}.txt", text.encode(), "text/plain", att_level)] if attach else []
        )
        if want is not None and attach and new_marking(p, att_level, rel) is None:
            want = None  # an attachment above the author's clearance refuses the whole add
        if want is None:
            with pytest.raises(InputError), self.store.write() as s:
                ReportRepository(s, self.r(p)).add(site="BGSF", kind="airfield", text=text,
                                                   level=LEVELS[lv], rel_to=rel, attachments=atts)  # fmt: skip
            return
        with self.store.write() as s:
            got = ReportRepository(s, self.r(p)).add(
                site="BGSF", kind="airfield", text=text, level=LEVELS[lv], rel_to=rel,
                attachments=atts,
            )  # fmt: skip
        assert (got.marking.level, set(got.marking.rel_to)) == (want[0], set(want[1]))
        rep = Report(got.id, p, want[0], want[1], text)
        for a in got.attachments:
            rep.attachments[a.sha256] = (a.marking.level, a.marking.rel_to)
        self.reports.append(rep)

    def edit(self, p: Person, slot: int, lv: int | None, rel: tuple[str, ...] | None) -> None:
        if not self.reports:
            return
        rep = self.reports[slot % len(self.reports)]
        self.n += 1
        text = f"edit-{self.n}"
        if not may_read(p, rep.level, rep.rel_to):
            with pytest.raises(NotFoundError), self.store.write() as s:
                ReportRepository(s, self.r(p)).edit(rep.id, text=text)
            return
        level = LEVELS[lv] if lv is not None else rep.level
        want = edit_marking(p, rep, level, rel if rel is not None else rep.rel_to)
        call: dict[str, Any] = {
            "text": text,
            "level": level if lv is not None else None,
            "rel_to": rel,
        }
        if want == "clearance":
            with pytest.raises(InputError), self.store.write() as s:
                ReportRepository(s, self.r(p)).edit(rep.id, **call)
            return
        if want == "release":
            with pytest.raises(ReleasabilityError), self.store.write() as s:
                ReportRepository(s, self.r(p)).edit(rep.id, **call)
            return
        assert isinstance(want, tuple)
        with self.store.write() as s:
            got = ReportRepository(s, self.r(p)).edit(rep.id, **call)
        assert (got.marking.level, set(got.marking.rel_to)) == (want[0], set(want[1]))
        assert got.author == rep.author.name  # the originator never changes
        rep.level, rep.rel_to, rep.text = want[0], want[1], text

    def override(self, p: Person, lv: int, rel: tuple[str, ...], site: str) -> None:
        want = new_marking(p, LEVELS[lv], rel)
        if want is None:
            with pytest.raises(InputError), self.store.write() as s:
                OverrideRepository(s, self.r(p)).add(site=site, field="beds", value=5, level=LEVELS[lv], rel_to=rel)  # fmt: skip
            return
        with self.store.write() as s:
            o = OverrideRepository(s, self.r(p)).add(
                site=site, field="beds", value=len(self.overrides), level=LEVELS[lv], rel_to=rel
            )
        self.overrides.append(Override(o.id, p, want[0], want[1]))

    def delete_override(self, p: Person, slot: int) -> None:
        if not self.overrides:
            return
        o = self.overrides[slot % len(self.overrides)]
        if not may_read(p, o.level, o.rel_to):
            with pytest.raises(NotFoundError), self.store.write() as s:
                OverrideRepository(s, self.r(p)).delete(o.id)
            return
        if not may_release(p, o.author):
            with pytest.raises(ReleasabilityError), self.store.write() as s:
                OverrideRepository(s, self.r(p)).delete(o.id)
            return
        with self.store.write() as s:
            OverrideRepository(s, self.r(p)).delete(o.id)
        self.overrides.remove(o)

    # -- checks ------------------------------------------------------------------------
    def check_reads(self) -> None:
        for p in PEOPLE:
            seen = {r.id: r for r in self.reports if may_read(p, r.level, r.rel_to)}
            with self.store.read() as s:
                repo = ReportRepository(s, self.r(p))
                listed = {x.id: x for x in repo.list()}
                assert set(listed) == set(seen), p
                assert {x.id for x in repo.search("")} == set(seen)
                assert {x.id for x in repo.search("report")} <= set(seen)
                for rep in self.reports:
                    if rep.id in seen:
                        got = repo.get(rep.id)
                        assert got.text == rep.text
                        shown = {a.sha256 for a in got.attachments}
                        assert shown == {h for h, (lv, rt) in rep.attachments.items()
                                         if may_read(p, lv, rt)}  # fmt: skip
                        for h in rep.attachments:
                            if h in shown:
                                assert repo.attachment_content(rep.id, h)
                            else:
                                with pytest.raises(NotFoundError):
                                    repo.attachment_content(rep.id, h)
                    else:
                        with pytest.raises(NotFoundError):
                            repo.get(rep.id)
                        with pytest.raises(NotFoundError):
                            repo.resolve(rep.id, "0" * 12)
                ov = {o.id for o in OverrideRepository(s, self.r(p)).list()}
                assert ov == {o.id for o in self.overrides if may_read(p, o.level, o.rel_to)}

    def check_export_import(self, tmp: Path, other: Store, exporter: Person) -> None:
        path = tmp / f"{exporter.nation}-{self.n}.arx"
        export_bundle(self.store, self.r(exporter), path)
        payload = json.loads(base64.b64decode(json.loads(path.read_text())["payload"]))
        current = {r.id: r for r in self.reports}
        for rev in payload["revisions"]:
            now = current[rev["report_id"]]
            assert may_read(exporter, now.level, now.rel_to)  # current marking readable
            assert may_read(exporter, rev["level"], rev["rel_to"])  # and the revision's own
            for a in rev["attachments"]:
                assert may_read(exporter, a["level"], a["rel_to"])
        for o in payload["overrides"]:
            assert may_read(exporter, o["level"], o["rel_to"])
        for t in payload.get("tombstones", []):
            assert may_read(exporter, t["level"], t["rel_to"])
        import_bundle(other, path)
        # the documented export rule (store.sync.export_bundle): a revision travels only if the
        # exporter may read the report's current marking, the revision's and every attachment
        # it carries; attachments stay on every later revision, so a report holding one the
        # exporter may not read does not travel in that exporter's bundle at all
        self.exported |= {
            r.id
            for r in self.reports
            if may_read(exporter, r.level, r.rel_to)
            and all(may_read(exporter, lv, rt) for lv, rt in r.attachments.values())
        }
        with other.read() as s:
            mr = MissionRepository(s)
            for p in PEOPLE:
                reader = mr.reader_for(p.name)
                got = {x.id for x in ReportRepository(s, reader).list()}
                allowed = {
                    r.id for r in self.reports if may_read(p, r.level, r.rel_to) and r.id in self.exported
                }  # fmt: skip
                assert got == allowed, (exporter, p)
            result = verify_audit(s)
            assert result.ok, result.reason


def _run(store: Store, other: Store, tmp: Path, ops: list[tuple[Any, ...]]) -> None:
    world = World(store, _seed(store))
    for o in ops:
        kind, p = o[0], PEOPLE[o[1]]
        getattr(world, kind)(p, *o[2:])
        world.check_reads()
    for exporter in (PEOPLE[0], PEOPLE[3], PEOPLE[4]):
        world.check_export_import(tmp, other, exporter)
    with store.read() as s:
        assert verify_audit(s).ok


@pytest.mark.parametrize("n_examples", [None])
def test_random_operation_sequences__obey_the_oracle(
    backend: str, new_db_url: Callable[[], str], tmp_path: Path, n_examples: None
) -> None:
    @settings(
        max_examples=EXAMPLES[backend],
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
        # no shrinking: a failure prints its whole sequence (bounded time on 2 cores)
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )
    @given(ops=st.lists(op, min_size=3, max_size=9))
    def run(ops: list[tuple[Any, ...]]) -> None:
        note(f"operations: {ops}")
        store, other = open_store(new_db_url()), open_store(new_db_url())
        try:
            _seed(other)
            _run(store, other, tmp_path, ops)
        finally:
            store.close()
            other.close()

    run()
