"""ReportRepository details the releasability matrix does not reach: resolve's choices and
errors, survey edits (marking, whole-form replacement, site errors), revision metadata,
per-site counts and list order (issue 11 §5: survivors of the policy mutation group)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from store_helpers import People, hlz, seed_mission

from arcticrecon.errors import InputError, NotFoundError, UnknownSiteError
from arcticrecon.store import ReportRepository, Store, export_bundle, import_bundle
from arcticrecon.store.models import ReportRevisionRow


def _conflict(open_new: Callable[[], Store], tmp_path: Path) -> tuple[Store, People, str]:
    """Anna's BGSF report (RESTRICTED, DNK BEL FRA) edited on two laptops: on A Anna raises
    it to CONFIDENTIAL for DNK FRA, on B Claire changes the text; A's bundle reaches B."""
    a, b = open_new(), open_new()
    people = seed_mission(a)
    seed_mission(b)
    anna, claire = people.dnk_secret, people.fra_confidential
    with a.write() as s:
        rid = (
            ReportRepository(s, anna)
            .add(
                site="BGSF",
                kind="airfield",
                text="runway 2,810 m",
                level="RESTRICTED",
                rel_to=["DNK", "BEL", "FRA"],
            )
            .id
        )
    export_bundle(a, anna, tmp_path / "0.arx")
    import_bundle(b, tmp_path / "0.arx")
    with a.write() as s:
        ReportRepository(s, anna).edit(rid, level="CONFIDENTIAL", rel_to=["DNK", "FRA"])
    with b.write() as s:
        ReportRepository(s, claire).edit(rid, text="Claire's text")
    export_bundle(a, anna, tmp_path / "a.arx")
    import_bundle(b, tmp_path / "a.arx")
    return b, people, rid


def test_conflicts__one_view_per_report_with_its_heads_flagged(
    open_new: Callable[[], Store], tmp_path: Path
) -> None:
    b, people, rid = _conflict(open_new, tmp_path)
    with b.read() as s:
        (c,) = ReportRepository(s, people.fra_confidential).conflicts()
    assert c.report_id == rid
    assert len(c.heads) == 2 and all(h.conflict for h in c.heads)
    assert sorted(h.text for h in c.heads) == ["Claire's text", "runway 2,810 m"]


def test_resolve__a_bad_keep_names_the_heads(open_new: Callable[[], Store], tmp_path: Path) -> None:
    b, people, rid = _conflict(open_new, tmp_path)
    with b.read() as s:
        (c,) = ReportRepository(s, people.fra_confidential).conflicts()
    prefixes = ", ".join(sorted(h.revision_id[:12] for h in c.heads))
    for keep in ("zz-not-a-head", "", " "):
        with pytest.raises(InputError) as info, b.write() as s:
            ReportRepository(s, people.fra_confidential).resolve(rid, keep)
        assert str(info.value) == (
            f"revision {keep!r} is not one head of report {rid}; choose one of {prefixes}"
        )
        assert (info.value.field, info.value.value) == ("keep", keep)


def test_resolve__the_originator_keeps_the_chosen_heads_marking_and_new_text(
    open_new: Callable[[], Store], tmp_path: Path
) -> None:
    # Anna (the originator) may release: keeping Claire's head keeps its marking
    # (RESTRICTED, DNK BEL FRA), lower than her own CONFIDENTIAL head; a non-originator
    # gets the high-water mark (test_store_remarking). The text given replaces the kept
    # head's, stripped; the new revision is Anna's, written now, with both heads as parents.
    b, people, rid = _conflict(open_new, tmp_path)
    anna = people.dnk_secret
    with b.read() as s:
        (c,) = ReportRepository(s, anna).conflicts()
    claires = next(h for h in c.heads if h.text == "Claire's text")
    before = dt.datetime.now(dt.UTC)
    with b.write() as s:
        rep = ReportRepository(s, anna).resolve(rid, claires.revision_id[:10], text="  merged ")
    assert (rep.marking.level, set(rep.marking.rel_to)) == ("RESTRICTED", {"DNK", "BEL", "FRA"})
    assert rep.text == "merged"
    with b.read() as s:
        row = s.get(ReportRevisionRow, rep.revision_id)
        assert row is not None
        assert row.edited_by_id == anna.person_id
        assert sorted(row.parents) == sorted(h.revision_id for h in c.heads)
        edited = row.edited_at_utc
        if edited.tzinfo is None:
            edited = edited.replace(tzinfo=dt.UTC)
        assert edited >= before.replace(microsecond=0) - dt.timedelta(seconds=1)
        assert not ReportRepository(s, anna).conflicts()


def test_edit__the_revision_is_the_editors_and_written_now(store: Store, people: People) -> None:
    with store.write() as s:
        rep = ReportRepository(s, people.dnk_secret).add(
            site="BGSF",
            kind="airfield",
            text="x",
            level="RESTRICTED",
            rel_to=["DNK", "BEL"],
            observed_at_utc=dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
        )
    with store.read() as s:
        first = s.get(ReportRevisionRow, rep.revision_id)
        assert first is not None
        t_first = first.edited_at_utc
    with store.write() as s:
        new = ReportRepository(s, people.bel_restricted).edit(rep.id, text="y")
    with store.read() as s:
        row = s.get(ReportRevisionRow, new.revision_id)
        assert row is not None
        assert row.edited_by_id == people.bel_restricted.person_id
        assert row.author_id == people.dnk_secret.person_id
        assert row.edited_at_utc >= t_first and row.edited_at_utc != t_first


def test_edit_survey__marking_and_the_whole_form_replaced(store: Store, people: People) -> None:
    jan = people.bel_restricted
    with store.write() as s:
        rep = ReportRepository(s, jan).add_survey(
            hlz(approach_heading_deg=90), level="RESTRICTED", rel_to=["DNK", "BEL"]
        )
    assert rep.fields["approach_heading_deg"] == 90
    form = hlz()  # an optional field left out of the new form is gone, not merged
    with store.write() as s:
        new = ReportRepository(s, jan).edit_survey(rep.id, form, level="RESTRICTED", rel_to=["BEL"])
    assert new.fields.get("approach_heading_deg") is None and new.fields["name"] == "Ridge HLZ"
    assert (new.marking.level, new.marking.rel_to) == ("RESTRICTED", ("BEL",))
    with store.write() as s:
        up = ReportRepository(s, jan).edit_survey(rep.id, form, level="UNCLASSIFIED")
    assert up.marking.level == "UNCLASSIFIED"
    # a bad form is named as the survey of its form
    with pytest.raises(InputError, match=r"^hlz survey: ground_slope_deg"), store.write() as s:
        ReportRepository(s, jan).edit_survey(rep.id, hlz(ground_slope_deg=120))


def test_surveys__site_errors_name_the_field_and_value(store: Store, people: People) -> None:
    jan = people.bel_restricted
    with pytest.raises(UnknownSiteError) as unknown, store.write() as s:
        ReportRepository(s, jan).add_survey(hlz(site="ZZZZ"))
    assert (unknown.value.field, unknown.value.value) == ("site", "ZZZZ")
    with store.write() as s:
        at_bgsf = ReportRepository(s, jan).add_survey(hlz(site="BGSF"))
        zone = ReportRepository(s, jan).add_survey(hlz())
    assert at_bgsf.id != zone.id
    with pytest.raises(InputError) as info, store.write() as s:  # the new form names no site
        ReportRepository(s, jan).edit_survey(at_bgsf.id, hlz())
    assert str(info.value) == (
        f"survey {at_bgsf.id}: site: the survey is of BGSF, the new form names a new zone; "
        "file a new survey for another site"
    )
    assert (info.value.field, info.value.value) == ("site", None)
    with pytest.raises(InputError) as info, store.write() as s:
        ReportRepository(s, jan).edit_survey(zone.id, hlz(site="BGSF"))
    assert (info.value.field, info.value.value) == ("site", "BGSF")
    with pytest.raises(UnknownSiteError) as unknown, store.write() as s:
        ReportRepository(s, jan).edit_survey(zone.id, hlz(site="ZZZZ"))
    assert (unknown.value.field, unknown.value.value) == ("site", "ZZZZ")


def test_list_site_counts_and_search__order_counts_and_one_haystack(
    store: Store, people: People
) -> None:
    # Three BGSF reports and one BGTL: observed 3, 1, 2 Feb and 1 Feb (two on 1 Feb: by id)
    anna = people.dnk_secret
    days = [3, 1, 2, 1]
    sites = ["BGSF", "BGSF", "BGSF", "BGTL"]
    with store.write() as s:
        repo = ReportRepository(s, anna)
        ids = [
            repo.add(
                site=site,
                kind="airfield",
                text=f"note {i}",
                level="UNCLASSIFIED",
                rel_to=["DNK"],
                observed_at_utc=dt.datetime(2026, 2, d, tzinfo=dt.UTC),
            ).id
            for i, (site, d) in enumerate(zip(sites, days, strict=True))
        ]
    want = sorted(range(4), key=lambda i: (days[i], ids[i]))
    with store.read() as s:
        repo = ReportRepository(s, anna)
        assert [r.id for r in repo.list()] == [ids[i] for i in want]
        assert repo.site_counts() == {"BGSF": 3, "BGTL": 1}
        # text and site are searched as one space-joined text ("note 3 BGTL ...")
        assert [r.id for r in repo.search("note 3 bgtl")] == [ids[3]]


def test_edit_and_delete__take_the_id_with_spaces_round_it_as_get_does(store: Store) -> None:
    """An id pasted with spaces round it (a CLI argument, a form field) finds the report
    for edit, survey edit and delete as it does for get (it said "has no current
    revision" after passing the visibility check)."""
    people = seed_mission(store)
    anna = people.dnk_secret
    with store.write() as s:
        repo = ReportRepository(s, anna)
        rid = repo.add(site="BGSF", kind="airfield", text="runway 2,810 m").id
        sid = repo.add_survey(hlz()).id
    with store.write() as s:
        edited = ReportRepository(s, anna).edit(f"  {rid} ", text="runway 2,810 m, wet")
    assert edited.id == rid and edited.text == "runway 2,810 m, wet"
    with store.write() as s:
        resurveyed = ReportRepository(s, anna).edit_survey(
            f"\t{sid}\n", hlz(narrative="ridge top, drifted")
        )
    assert resurveyed.id == sid
    with store.write() as s:
        ReportRepository(s, anna).delete(f" {rid} ")
    with store.read() as s, pytest.raises(NotFoundError):
        ReportRepository(s, anna).get(rid)


@pytest.mark.parametrize("site", [None, "", "   "])
def test_add__no_site_and_no_position_is_one_named_error(
    open_new: Callable[[], Store], site: str | None
) -> None:
    store = open_new()
    people = seed_mission(store)
    with store.write() as s, pytest.raises(InputError) as ei:
        ReportRepository(s, people.dnk_secret).add(site=site, kind="airfield", text="x")
    err = ei.value
    assert str(err) == ("site is empty and no position given; name a site or give lat_deg/lon_deg")
    assert err.field == "site" and err.value == site
    with store.read() as s:
        assert ReportRepository(s, people.dnk_secret).list() == []


@pytest.mark.parametrize("site", [None, "", "   "])
def test_add__by_position_only_files_under_its_own_ident(
    open_new: Callable[[], Store], site: str | None
) -> None:
    # a finding away from every catalogue site: its ident is POS- and the first 8 hex
    # digits of its own id (arcticrecon.survey.models.finding_ident), written out here
    store = open_new()
    people = seed_mission(store)
    with store.write() as s:
        rep = ReportRepository(s, people.dnk_secret).add(
            site=site, kind="airfield", fields={"lat_deg": 81.6, "lon_deg": -16.7}
        )
    assert rep.site == "POS-" + rep.id.replace("-", "")[:8].upper()
    assert rep.text == ""  # no text given: none invented
    assert rep.fields["lat_deg"] == 81.6 and rep.fields["lon_deg"] == -16.7
    with store.read() as s:
        (back,) = ReportRepository(s, people.dnk_secret).list()
    assert back.site == rep.site and back.text == ""


def test_edit__the_written_report_says_whether_it_is_still_in_conflict(
    open_new: Callable[[], Store], tmp_path: Path
) -> None:
    # on B the report has two heads Claire may read (hers and Anna's, imported): an
    # edit derives from the current head only, so two heads stay and the answer says so
    b, people, rid = _conflict(open_new, tmp_path)
    with b.write() as s:
        rep = ReportRepository(s, people.fra_confidential).edit(rid, text="Claire again")
    assert rep.conflict is True and rep.text == "Claire again"
    # resolving leaves one head; a later edit is no conflict
    with b.write() as s:
        repo = ReportRepository(s, people.fra_confidential)
        (c,) = repo.conflicts()
        repo.resolve(rid, c.heads[0].revision_id)
        rep = repo.edit(rid, text="settled")
    assert rep.conflict is False and rep.text == "settled"
