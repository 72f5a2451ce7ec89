"""Zero leaks: every read path, as readers of every nation and clearance.

A matrix of reports, attachments, overrides and a conflict carries every combination of
level and REL TO; each record's text holds a unique token. For each reader the expected
visibility comes from an oracle written here independently of the product's policy
function, and no output of any path may contain a token the reader may not see.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from store_helpers import People, seed_mission

from arcticrecon.catalog import load_catalog
from arcticrecon.errors import NotFoundError
from arcticrecon.store import (
    MissionRepository,
    NewAttachment,
    OverrideRepository,
    ReportRepository,
    Store,
    audience_report_data,
    export_bundle,
    load_visible_reports,
    load_visible_site_override_records,
    load_visible_site_overrides,
)
from arcticrecon.store.models import ReportRevisionRow
from arcticrecon.store.repositories import REVISION_KEYS, refresh_report, store_revision
from arcticrecon.survey import DEFAULT_LEVELS, Reader

REL_TOS = [
    ("DNK",),
    ("BEL",),
    ("DNK", "BEL"),
    ("FRA", "DEU"),
    ("DNK", "BEL", "FRA", "DEU", "NLD"),
    ("NLD",),
]


def oracle(reader: Reader, level: str, rel_to: tuple[str, ...]) -> bool:
    """Independent statement of the rule: nation listed and clearance >= level."""
    order = {"UNCLASSIFIED": 0, "RESTRICTED": 1, "CONFIDENTIAL": 2, "SECRET": 3}
    if reader.clearance not in order:
        return False
    return reader.nation in rel_to and order[reader.clearance] >= order[level]


@dataclass
class World:
    store: Store
    people: People
    reports: dict[str, tuple[str, str, tuple[str, ...]]]  # id -> (token, level, rel_to)
    attachments: dict[
        str, tuple[str, str, str, tuple[str, ...]]
    ]  # sha -> (report, token, level, rel_to)
    overrides: dict[str, tuple[str, str, tuple[str, ...]]]  # site -> (token, level, rel_to)
    conflict_heads: dict[str, tuple[str, str, tuple[str, ...]]]  # revision -> (token, ...)
    conflict_report: str

    def readers(self) -> list[Reader]:
        extra = [
            Reader(nation="NLD", clearance="SECRET", levels=DEFAULT_LEVELS),  # audience
            Reader(nation="USA", clearance="SECRET", levels=DEFAULT_LEVELS),  # not in mission
            Reader(nation="DNK", clearance="COSMIC", levels=DEFAULT_LEVELS),  # unknown level
        ]
        return self.people.all() + extra

    def all_tokens(self) -> set[str]:
        toks = {t for t, _, _ in self.reports.values()} | {t for t, _, _ in self.overrides.values()}
        toks |= {t for _, t, _, _ in self.attachments.values()}
        return toks | {t for t, _, _ in self.conflict_heads.values()}

    def forbidden(self, reader: Reader) -> set[str]:
        out = {t for t, lv, rt in self.reports.values() if not oracle(reader, lv, rt)}
        out |= {t for t, lv, rt in self.overrides.values() if not oracle(reader, lv, rt)}
        out |= {
            t
            for rid, t, lv, rt in self.attachments.values()
            if not (oracle(reader, lv, rt) and oracle(reader, *self.reports[rid][1:]))
        }
        out |= {t for t, lv, rt in self.conflict_heads.values() if not oracle(reader, lv, rt)}
        return out


@pytest.fixture()
def world(store: Store) -> World:
    people = seed_mission(store)
    author = people.dnk_secret
    # an author may not write above their clearance and is always in REL TO: each marking
    # of the matrix is written by a SECRET-cleared author of its first REL TO nation
    with store.write() as s:
        mrepo = MissionRepository(s)
        for nation in sorted({r[0] for r in REL_TOS} - {"DNK"}):
            mrepo.add_person(name=f"Author {nation}", nation=nation, clearance="SECRET")
    with store.read() as s:
        authors = {
            n: MissionRepository(s).reader_for(f"Author {n}")
            for n in {r[0] for r in REL_TOS} - {"DNK"}
        }
    authors["DNK"] = author
    sites = [s.icao for s in load_catalog()][: len(DEFAULT_LEVELS) * len(REL_TOS)]
    reports, atts, overrides = {}, {}, {}
    with store.write() as s:
        for i, (level, rel_to) in enumerate(itertools.product(DEFAULT_LEVELS, REL_TOS)):
            writer = authors[rel_to[0]]
            repo, orepo = ReportRepository(s, writer), OverrideRepository(s, writer)
            tok = f"tok{i:02d}r"
            files = []
            if i % 3 == 0:  # an attachment more restrictive than its report
                a_level = "SECRET"
                a_rel = rel_to[:1]
                files.append(
                    NewAttachment(
                        f"{tok}.txt",
                        f"attachment tok{i:02d}a".encode(),
                        level=a_level,
                        rel_to=a_rel,
                    )
                )
            rep = repo.add(
                site=sites[i],
                kind="airfield",
                text=f"finding {tok}",
                level=level,
                rel_to=list(rel_to),
                attachments=files,
            )
            reports[rep.id] = (tok, level, rel_to)
            for a in rep.attachments:
                atts[a.sha256] = (rep.id, f"tok{i:02d}a", a.marking.level, a.marking.rel_to)
            orepo.add(
                site=sites[i],
                field="beds",
                value=i,
                level=level,
                rel_to=list(rel_to),
                note=f"tok{i:02d}o",
            )
            overrides[sites[i]] = (f"tok{i:02d}o", level, rel_to)
        # a conflict: two offline edits of one UNCLASSIFIED report, marked differently
        repo = ReportRepository(s, author)
        base = repo.add(site="BGSF", kind="port", text="base tok99r", rel_to=["DNK", "BEL", "FRA"])
        reports[base.id] = ("tok99r", "UNCLASSIFIED", ("DNK", "BEL", "FRA"))
        root = s.get(ReportRevisionRow, base.revision_id)
        assert root is not None
        heads: dict[str, tuple[str, str, tuple[str, ...]]] = {}
        for tok, level, rel_to in [
            ("tok98h", "RESTRICTED", ("DNK", "BEL")),
            ("tok97h", "CONFIDENTIAL", ("DNK", "FRA")),
        ]:
            content = {k: getattr(root, k) for k in REVISION_KEYS}
            content.update(
                parents=[root.id],
                text=tok,
                level=level,
                rel_to=list(rel_to),
                edited_at_utc=dt.datetime.now(dt.UTC),
            )
            row, _ = store_revision(s, content, origin="test", actor=author.person_id or "")
            heads[row.id] = (tok, level, rel_to)
        refresh_report(s, base.id, actor="test")
        # the report's current view is the newer head: its marking decides visibility now
        newest = max(heads, key=lambda h: s.get(ReportRevisionRow, h).edited_at_utc)  # type: ignore[union-attr]
        reports[base.id] = ("tok99r-view", heads[newest][1], heads[newest][2])
    return World(store, people, reports, atts, overrides, heads, base.id)


def _assert_no_leak(world: World, reader: Reader, text: str) -> None:
    leaked = sorted(t for t in world.forbidden(reader) if t in text)
    assert leaked == [], f"{reader.label()} sees {leaked}"


def test_finding_rows__the_listed_reports_as_plain_rows(world: World) -> None:
    # The map's findings layer reads finding_rows instead of list: for every reader the
    # same reports (the oracle's), in list's order, with the same values, and as attachment
    # count the attachments the oracle lets that reader see.
    for reader in world.readers():
        expected = {rid for rid, (_, lv, rt) in world.reports.items() if oracle(reader, lv, rt)}
        with world.store.read() as s:
            repo = ReportRepository(s, reader)
            rows, listed = repo.finding_rows(), repo.list()
        assert [f.id for f in rows] == [r.id for r in listed], reader.label()
        assert {f.id for f in rows} == expected, reader.label()
        for f, r in zip(rows, listed, strict=True):
            assert (f.site, f.kind, f.team, f.author_id, f.author) == (
                r.site,
                str(r.kind),
                r.team,
                r.author_id,
                r.author,
            )
            assert (f.observed_at_utc, f.fields, f.text, f.marking) == (
                r.observed_at_utc,
                r.fields,
                r.text,
                r.marking,
            )
            seen = sum(
                1
                for rep, _, lv, rt in world.attachments.values()
                if rep == f.id and oracle(reader, lv, rt)
            )
            assert f.n_attachments == seen == len(r.attachments), (reader.label(), f.id)


def test_list_get_search_export__exactly_the_visible_records(world: World, tmp_path: Path) -> None:
    _check_export(world, tmp_path)
    for reader in world.readers():
        expected = {rid for rid, (_, lv, rt) in world.reports.items() if oracle(reader, lv, rt)}
        with world.store.read() as s:
            repo = ReportRepository(s, reader)
            listed = repo.list()
            assert {r.id for r in listed} == expected, reader.label()
            # the map's per-site counts: the same visible set (checked just above), counted
            want_counts: dict[str, int] = {}
            for r in listed:
                want_counts[r.site] = want_counts.get(r.site, 0) + 1
            assert repo.site_counts() == want_counts, reader.label()
            assert {r.id for r in repo.search("TOK")} <= expected
            assert {r.id for r in repo.search("finding")} == expected - {world.conflict_report}
            out = [json.dumps([r.to_dict() for r in listed])]
            for rid in world.reports:
                if rid in expected:
                    out.append(json.dumps(repo.get(rid).to_dict()))
                else:
                    with pytest.raises(
                        NotFoundError, match="does not exist or is not released"
                    ) as ei:
                        repo.get(rid)
                    out.append(str(ei.value))
            for tok in world.forbidden(reader):
                assert repo.search(tok) == [], (reader.label(), tok)
            for site in {r.site for r in listed}:
                assert {r.id for r in repo.list(site=site)} <= expected
        _assert_no_leak(world, reader, "\n".join(out))


def _check_attachments(world: World) -> None:
    for reader in world.readers():
        with world.store.read() as s:
            repo = ReportRepository(s, reader)
            shown = {a.sha256 for r in repo.list() for a in r.attachments}
            for sha, (rid, _tok, lv, rt) in world.attachments.items():
                allowed = oracle(reader, lv, rt) and oracle(reader, *world.reports[rid][1:])
                assert (sha in shown) == allowed, reader.label()
                if allowed:
                    assert b"attachment" in repo.attachment_content(rid, sha)
                else:
                    with pytest.raises(NotFoundError):
                        repo.attachment_content(rid, sha)


def _check_conflicts(world: World) -> None:
    for reader in world.readers():
        with world.store.read() as s:
            repo = ReportRepository(s, reader)
            found = repo.conflicts()
            listed = {r.id: r for r in repo.list()}
        visible = {h for h, (_, lv, rt) in world.conflict_heads.items() if oracle(reader, lv, rt)}
        shown = {h.revision_id for c in found for h in c.heads}
        # a conflict is shown only when two heads are visible: a hidden edit is never hinted
        assert shown == (visible if len(visible) >= 2 else set()), reader.label()
        if world.conflict_report in listed:
            assert listed[world.conflict_report].conflict == (len(visible) >= 2)
        _assert_no_leak(world, reader, json.dumps([h.to_dict() for c in found for h in c.heads]))


def _check_export(world: World, tmp_path: Path) -> None:
    for i, reader in enumerate(world.readers()):
        path = tmp_path / f"b{i}.arx"
        export_bundle(world.store, reader, path)
        payload = base64.b64decode(json.loads(path.read_text())["payload"]).decode()
        blobs = json.loads(payload)["blobs"]
        decoded = payload + "".join(base64.b64decode(b).decode() for b in blobs.values())
        _assert_no_leak(world, reader, decoded)
        revs = json.loads(payload)["revisions"]
        assert all(oracle(reader, r["level"], tuple(r["rel_to"])) for r in revs)


def _check_views(world: World) -> None:
    for reader in world.readers():
        expected_sites = {
            site for site, (_, lv, rt) in world.overrides.items() if oracle(reader, lv, rt)
        }
        eff = load_visible_site_overrides(world.store, reader)
        assert set(eff) == expected_sites, reader.label()
        recs = load_visible_site_override_records(world.store, reader)
        reps = load_visible_reports(world.store, reader)
        data = audience_report_data(world.store, reader)
        assert {r.id for r in data.reports} == {r.id for r in reps}
        assert {o.id for o in data.overrides} == {o.id for o in recs}
        text = json.dumps(
            [r.to_dict() for r in data.reports] + [o.to_dict() for o in data.overrides]
        )
        _assert_no_leak(world, reader, text + repr(eff) + data.banner)
        if data.reports:
            assert data.banner.endswith(f"released to {reader.nation}")


def test_attachments_conflicts_views__filtered_per_reader(world: World) -> None:
    """Attachments need both markings; conflicts show visible heads; views and the
    per-audience report data hold only what the audience may see."""
    # guards the test itself: tokens are unique and every reader is denied something
    assert len(world.all_tokens()) == len(world.reports) + len(world.overrides) + len(
        world.attachments
    ) + len(world.conflict_heads)
    assert all(world.forbidden(reader) for reader in world.readers())
    _check_attachments(world)
    _check_conflicts(world)
    _check_views(world)
