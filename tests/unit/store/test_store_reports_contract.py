"""ReportRepository's answers to bad requests and its read filters, exactly.

Each refusal is one line naming the field and the value (developers' guide: bad input);
the texts below are the ones the CLI and web show, written out from the inputs. The read
filters (site, kind, since, search) are checked on hand-built reports (issue 11 §5: these
survived mutation testing of store/reports.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from store_helpers import People

from arcticrecon.errors import InputError, NotFoundError, ReleasabilityError
from arcticrecon.store import NewAttachment, ReportRepository, Store
from arcticrecon.survey import Marking, ReportKind

T0 = dt.datetime(2026, 1, 20, 12, 0, tzinfo=dt.UTC)


def test_refusals__one_line_naming_field_and_value(store: Store, people: People) -> None:
    anna, jan = people.dnk_secret, people.bel_restricted
    with store.write() as s:
        rep = ReportRepository(s, anna).add(
            site="BGSF", kind="airfield", text="t", level="RESTRICTED", rel_to=["DNK", "BEL"]
        )
    with store.read() as s, pytest.raises(NotFoundError) as nf:
        ReportRepository(s, jan).get("nope")
    assert str(nf.value) == (
        f"no report 'nope' visible to {jan.label()} (it does not exist or is not released to you)"
    )
    assert (nf.value.field, nf.value.value) == ("report", "nope")
    with store.read() as s, pytest.raises(NotFoundError) as na:
        ReportRepository(s, jan).attachment_content(rep.id, "ab" * 32)
    assert (
        str(na.value) == f"no attachment abababababab… of report {rep.id} visible to {jan.label()}"
    )
    assert (na.value.field, na.value.value) == ("attachment", "ab" * 32)
    nobody = dataclasses.replace(jan, person_id=None)
    with store.write() as s, pytest.raises(InputError) as w:
        ReportRepository(s, nobody).add(site="BGSF", kind="airfield")
    assert str(w.value) == "writing needs a person identity (the reader has no person id)"
    assert (w.value.field, w.value.remedy) == ("as", "give_option")
    with store.write() as s, pytest.raises(InputError) as nat:
        ReportRepository(s, anna).add(site="BGSF", kind="airfield", rel_to=["DNK", "USA"])
    assert str(nat.value) == "rel_to: USA is not a nation of this mission; add it first"
    assert (nat.value.field, nat.value.value, nat.value.remedy) == ("rel_to", "USA", "nation_add")
    with store.write() as s, pytest.raises(InputError) as k:
        ReportRepository(s, anna).add(site="BGSF", kind="bunker")
    kinds = ", ".join(x.value for x in ReportKind)
    assert str(k.value) == f"kind 'bunker' is not one of {kinds}"
    assert (k.value.field, k.value.value) == ("kind", "bunker")
    with store.write() as s, pytest.raises(InputError) as sv:
        ReportRepository(s, anna).add(site="BGSF", kind="hlz_survey")
    assert str(sv.value) == (
        "kind 'hlz_survey' is a structured survey: file its form "
        "(arcticrecon survey add FORM.toml), not free fields"
    )
    assert (sv.value.field, sv.value.value) == ("kind", "hlz_survey")
    with store.write() as s, pytest.raises(InputError) as att:
        ReportRepository(s, anna).add(
            site="BGSF",
            kind="airfield",
            level="RESTRICTED",
            rel_to=["DNK", "BEL"],
            attachments=[NewAttachment("x.txt", b"x", level="UNCLASSIFIED")],
        )
    assert str(att.value) == (
        "attachment 'x.txt': its marking UNCLASSIFIED REL TO DNK, BEL is less restrictive "
        "than the report's RESTRICTED REL TO DNK, BEL"
    )
    assert (att.value.field, att.value.value) == ("attachment", "x.txt")
    with store.write() as s, pytest.raises(InputError) as es:
        ReportRepository(s, anna).edit_survey(rep.id, {"form": "hlz"})
    assert str(es.value) == (
        f"report {rep.id} is a airfield report, not a structured survey; "
        "edit it with --text/--field"
    )
    assert (es.value.field, es.value.value) == ("report", rep.id)
    with store.write() as s, pytest.raises(ReleasabilityError) as d:
        ReportRepository(s, jan).delete(rep.id)
    assert str(d.value) == (
        f"report {rep.id}: only the originator or the releasing authority of DNK may delete it"
    )
    assert (d.value.field, d.value.value) == ("report", rep.id)


def test_resolve__refusals_name_the_heads(store: Store, people: People) -> None:
    anna = people.dnk_secret
    with store.write() as s:
        rep = ReportRepository(s, anna).add(site="BGSF", kind="airfield", text="t")
    with store.write() as s, pytest.raises(NotFoundError) as no:
        ReportRepository(s, anna).resolve(rep.id, "abc")
    assert str(no.value) == f"report {rep.id} has no conflict visible to {anna.label()}"
    assert (no.value.field, no.value.value) == ("report", rep.id)
    with store.write() as s, pytest.raises(NotFoundError) as gone:
        ReportRepository(s, anna).resolve("nope", "abc")
    assert (gone.value.field, gone.value.value) == ("report", "nope")


def test_list_and_search__filters(store: Store, people: People) -> None:
    anna = people.dnk_secret
    with store.write() as s:
        repo = ReportRepository(s, anna)
        a = repo.add(
            site="BGSF",
            kind="airfield",
            text="Runway ICED over",
            observed_at_utc=T0,
            fields={"hazards": "crosswind"},
        )
        b = repo.add(site="BGGH", kind="port", text="Quay clear", observed_at_utc=T0)
        c = repo.add(
            site="BGSF", kind="port", text="Fuel jetty", observed_at_utc=T0 - dt.timedelta(days=1)
        )
    with store.read() as s:
        repo = ReportRepository(s, anna)
        # oldest observation first: c (19 Jan) before a and b (20 Jan, by id)
        assert [r.id for r in repo.list()] == [c.id, *sorted([a.id, b.id])]
        assert [r.id for r in repo.list(site=" bgsf ")] == [c.id, a.id]
        assert [r.id for r in repo.list(kind="port")] == [c.id, b.id]
        assert [r.id for r in repo.list(site="BGSF", kind=ReportKind.AIRFIELD)] == [a.id]
        # since: edited at or after; all three were edited just now
        assert len(repo.list(since_utc=a.edited_at_utc)) >= 1
        assert repo.list(since_utc=dt.datetime(2100, 1, 1, tzinfo=dt.UTC)) == []
        assert a.id in {r.id for r in repo.list(since_utc=a.edited_at_utc)}
        # search: case-insensitive substring of text, site or fields; stripped query
        assert [r.id for r in repo.search("  iced ")] == [a.id]
        assert [r.id for r in repo.search("CROSSWIND")] == [a.id]
        assert [r.id for r in repo.search("bggh")] == [b.id]
        assert [r.id for r in repo.search("e", site="BGSF", kind="port")] == [c.id]
        assert repo.search("nothing like it") == []
        got = repo.get(f" {a.id} ")
        assert got.author == "Anna Holm" and got.text == "Runway ICED over"


def test_attachments__stored_fields_and_default_marking(store: Store, people: People) -> None:
    # 22 bytes of content, no marking given: the attachment takes the report's
    anna, jan, claire = people.dnk_secret, people.bel_restricted, people.fra_confidential
    content = b"apron photo, 20 Jan 26"
    assert len(content) == 22
    with store.write() as s:
        rep = ReportRepository(s, anna).add(
            site="BGSF",
            kind="airfield",
            level="RESTRICTED",
            rel_to=["DNK", "BEL"],
            attachments=[
                NewAttachment("apron.jpg", content, "image/jpeg"),
                NewAttachment("dnk.txt", b"dnk only", level="CONFIDENTIAL", rel_to=("DNK",)),
            ],
        )
    first = rep.attachments[0]
    assert (first.filename, first.media_type, first.size_bytes) == ("apron.jpg", "image/jpeg", 22)
    assert first.marking.level == "RESTRICTED" and set(first.marking.rel_to) == {"DNK", "BEL"}
    assert rep.attachments[1].marking == Marking("CONFIDENTIAL", ("DNK",))
    with store.read() as s:
        # Jan (BEL, RESTRICTED) sees the report and only the attachment released to him
        seen = ReportRepository(s, jan).get(rep.id)
        assert [a.filename for a in seen.attachments] == ["apron.jpg"]
        assert seen.attachments[0].size_bytes == 22
        assert ReportRepository(s, jan).attachment_content(rep.id, first.sha256) == content
        with pytest.raises(NotFoundError):
            ReportRepository(s, jan).attachment_content(rep.id, rep.attachments[1].sha256)
        # Claire (FRA) sees nothing of it: not in REL TO
        assert ReportRepository(s, claire).list() == []
        with pytest.raises(NotFoundError):
            ReportRepository(s, claire).get(rep.id)
        # the author sees both
        both = ReportRepository(s, anna).get(rep.id)
        assert [a.filename for a in both.attachments] == ["apron.jpg", "dnk.txt"]
