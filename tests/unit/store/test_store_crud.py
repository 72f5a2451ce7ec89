"""CRUD through the repositories, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
import sqlalchemy as sa
from store_helpers import People

from arcticrecon.errors import (
    InputError,
    NotFoundError,
    OutOfDomainError,
    UnknownSiteError,
)
from arcticrecon.store import (
    MissionRepository,
    NewAttachment,
    OverrideRepository,
    ReportRepository,
    Store,
    person_id_for,
)
from arcticrecon.store.models import AttachmentBlobRow, ReportRevisionRow
from arcticrecon.survey import ReportKind


def test_init_mission__registers_lead_nation_and_levels(store: Store) -> None:
    with store.write() as s:
        m = MissionRepository(s).init_mission(name=" Recon  2026 ", lead_nation="dk")
    assert (m.name, m.lead_nation, m.nations) == ("Recon 2026", "DNK", ("DNK",))
    assert m.levels == ("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET")


def test_init_mission__same_again_is_a_no_op_other_mission_refused(store: Store) -> None:
    with store.write() as s:
        MissionRepository(s).init_mission(name="A", lead_nation="DNK", levels=["U", "R"])
    with store.write() as s:
        assert MissionRepository(s).init_mission(name="A", lead_nation="DNK").levels == ("U", "R")
    with pytest.raises(InputError, match="already holds mission 'A'"), store.write() as s:
        MissionRepository(s).init_mission(name="B", lead_nation="DNK")


def test_add_nations__alpha2_normalised_present_skipped_norway_kept(store: Store) -> None:
    # AR-18: Norway's code NO must stay a nation, never become False.
    with store.write() as s:
        repo = MissionRepository(s)
        repo.init_mission(name="A", lead_nation="DNK")
        added = repo.add_nations(["DNK", "be", "NO", "BEL"])
    assert added == ["BEL", "NOR"]
    with store.read() as s:
        assert MissionRepository(s).nations() == ["DNK", "BEL", "NOR"]


def test_add_nations__bad_code_adds_nothing(store: Store) -> None:
    with store.write() as s:
        MissionRepository(s).init_mission(name="A", lead_nation="DNK")
    with pytest.raises(InputError, match="XYZ"), store.write() as s:
        MissionRepository(s).add_nations(["BEL", "XYZ"])
    with store.read() as s:
        assert MissionRepository(s).nations() == ["DNK"]


def test_add_nations__without_mission_raises(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no mission yet") as info, store.write() as s:
        MissionRepository(s).add_nations(["BEL"])
    assert info.value.remedy == "mission_init"  # the CLI turns it into `mission init ...`


def test_add_person__checks_nation_clearance_dates_duplicates(store: Store) -> None:
    with store.write() as s:
        repo = MissionRepository(s)
        repo.init_mission(name="A", lead_nation="DNK")
        repo.add_nations(["BEL"])
        p = repo.add_person(
            name="Jan  Peeters",
            nation="BE",
            clearance="restricted",
            rank="Maj",
            arrive=dt.date(2026, 1, 19),
        )
    assert (p.name, p.nation, p.clearance, p.rank) == ("Jan Peeters", "BEL", "RESTRICTED", "Maj")
    assert p.id == person_id_for("jan peeters", "BEL")
    bad: list[tuple[dict[str, Any], str]] = [
        ({"nation": "FRA", "clearance": "RESTRICTED"}, "not a nation of this mission"),
        ({"nation": "BEL", "clearance": "TOP"}, "not a classification level"),
        (
            {
                "nation": "BEL",
                "clearance": "SECRET",
                "arrive": dt.date(2026, 2, 1),
                "depart": dt.date(2026, 1, 1),
            },
            "before arrive",
        ),
    ]
    for kwargs, msg in bad:
        with pytest.raises(InputError, match=msg), store.write() as s:
            MissionRepository(s).add_person(name="X Y", **kwargs)
    with pytest.raises(InputError, match="already exists"), store.write() as s:
        MissionRepository(s).add_person(name="jan peeters", nation="BEL", clearance="SECRET")


def test_find_person__by_name_any_case_or_id_unknown_raises(store: Store, people: People) -> None:
    with store.read() as s:
        repo = MissionRepository(s)
        assert repo.find_person("JAN PEETERS").nation == "BEL"
        assert repo.find_person(people.bel_restricted.person_id or "").name == "Jan Peeters"
        with pytest.raises(NotFoundError, match="no person 'Nobody'"):
            repo.find_person("Nobody")
        assert [p.name for p in repo.persons(nation="DNK")] == ["Anna Holm", "Mads Berg"]


def test_add_team__members_and_tasks(store: Store, people: People) -> None:
    with store.write() as s:
        t = MissionRepository(s).add_team(
            name="North", members=["Jan Peeters", "Anna Holm"], tasks=["survey BGTL"]
        )
    assert t.members == ("Anna Holm", "Jan Peeters") and t.tasks == ("survey BGTL",)
    with store.read() as s:
        assert [x.name for x in MissionRepository(s).teams()] == ["North"]
    with pytest.raises(InputError, match="already exists"), store.write() as s:
        MissionRepository(s).add_team(name="North")


def test_report__create_read_update_delete(store: Store, people: People) -> None:
    anna = people.dnk_secret
    with store.write() as s:
        MissionRepository(s).add_team(name="North", members=["Anna Holm"])
        rep = ReportRepository(s, anna).add(
            site="bgsf",
            kind="airfield",
            text="Runway 10/28 clear",
            team="North",
            fields={"runway_length_measured_m": "2810", "hazards": "ice,wind"},
            level="RESTRICTED",
            rel_to=["DNK", "BEL"],
            observed_at_utc=dt.datetime(2026, 1, 20, 14, 0, tzinfo=dt.UTC),
        )
    assert rep.site == "BGSF" and rep.kind is ReportKind.AIRFIELD and rep.team == "North"
    assert rep.fields == {"hazards": ["ice", "wind"], "runway_length_measured_m": 2810.0}
    assert rep.marking.rel_to == ("DNK", "BEL") and rep.author == "Anna Holm"
    with store.write() as s:
        edited = ReportRepository(s, anna).edit(
            rep.id, text="Runway 10/28 has ruts", fields={"runway_condition_code": 3}
        )
    assert edited.revision_id != rep.revision_id and edited.fields["runway_condition_code"] == 3
    with store.read() as s:
        got = ReportRepository(s, anna).get(rep.id)
        assert got.text == "Runway 10/28 has ruts" and not got.conflict
        assert got.observed_at_utc == dt.datetime(2026, 1, 20, 14, 0, tzinfo=dt.UTC)
        assert len(s.scalars(sa.select(ReportRevisionRow)).all()) == 2
    with store.write() as s:
        ReportRepository(s, anna).delete(rep.id)
    with store.read() as s:
        assert ReportRepository(s, anna).list() == []
        with pytest.raises(NotFoundError):
            ReportRepository(s, anna).get(rep.id)


def test_report_add__defaults_lowest_level_all_mission_nations(
    store: Store, people: People
) -> None:
    with store.write() as s:
        rep = ReportRepository(s, people.bel_restricted).add(site="BGGH", kind="port")
    assert rep.marking.level == "UNCLASSIFIED"
    assert rep.marking.rel_to == ("DNK", "BEL", "FRA", "DEU", "NLD")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"site": "XXXX"}, UnknownSiteError, "XXXX"),
        ({"kind": "bunker"}, InputError, "kind 'bunker'"),
        ({"fields": {"beds": 4}}, InputError, "not a airfield field"),
        ({"fields": {"runway_length_measured_m": -5}}, OutOfDomainError, "outside the valid range"),
        ({"rel_to": ["USA"]}, InputError, "USA is not a nation of this mission"),
        ({"observed_at_utc": dt.datetime(2026, 1, 1)}, InputError, "no time zone"),
    ],
)
def test_report_add__bad_input_raises_and_writes_nothing(
    store: Store, people: People, kwargs: dict[str, object], error: type[Exception], match: str
) -> None:
    args: dict[str, object] = {"site": "BGSF", "kind": "airfield", **kwargs}
    with pytest.raises(error, match=match), store.write() as s:
        ReportRepository(s, people.bel_restricted).add(**args)  # type: ignore[arg-type]
    with store.read() as s:
        assert ReportRepository(s, people.dnk_secret).list() == []


def test_report_add__level_above_the_writers_clearance_is_refused(
    store: Store, people: People
) -> None:
    jan = people.bel_restricted  # BEL, RESTRICTED
    with (
        pytest.raises(
            InputError, match=r"^level SECRET is above your clearance RESTRICTED"
        ) as info,
        store.write() as s,
    ):
        ReportRepository(s, jan).add(site="BGSF", kind="airfield", text="up", level="SECRET")
    assert info.value.field == "level"
    with pytest.raises(InputError, match="above your clearance"), store.write() as s:
        OverrideRepository(s, jan).add(site="BGSF", field="beds", value=4, level="CONFIDENTIAL")
    with pytest.raises(InputError, match="above your clearance"), store.write() as s:
        ReportRepository(s, jan).add(
            site="BGSF", kind="airfield", attachments=[NewAttachment("x.txt", b"x", level="SECRET")]
        )
    with store.read() as s:  # nothing was written
        assert ReportRepository(s, people.dnk_secret).list() == []
        assert OverrideRepository(s, people.dnk_secret).list() == []


def test_report_add__the_writers_nation_is_always_released_to(store: Store, people: People) -> None:
    jan = people.bel_restricted  # BEL, RESTRICTED
    with store.write() as s:
        away = ReportRepository(s, jan).add(
            site="BGSF",
            kind="airfield",
            text="away",
            rel_to=["DNK"],
            attachments=[NewAttachment("a.txt", b"a", rel_to=("DNK",))],
        )
        over = OverrideRepository(s, jan).add(site="BGSF", field="beds", value=4, rel_to=["FRA"])
    assert away.marking.rel_to == ("DNK", "BEL") and away.attachments[0].marking.rel_to == (
        "DNK",
        "BEL",
    )
    assert over.marking.rel_to == ("FRA", "BEL")
    with store.read() as s:  # the author reads back what he wrote
        assert [r.text for r in ReportRepository(s, jan).list()] == ["away"]
        assert (
            ReportRepository(s, jan).attachment_content(away.id, away.attachments[0].sha256) == b"a"
        )
        assert [o.value for o in OverrideRepository(s, jan).list()] == [4]
        assert [r.text for r in ReportRepository(s, people.fra_confidential).list()] == []


def test_report_edit__same_writer_rules(store: Store, people: People) -> None:
    anna, jan = people.dnk_secret, people.bel_restricted
    with store.write() as s:
        rep = ReportRepository(s, anna).add(
            site="BGSF", kind="airfield", text="base", level="RESTRICTED", rel_to=["DNK", "BEL"]
        )
    with (
        pytest.raises(InputError, match=r"^level CONFIDENTIAL is above your clearance RESTRICTED"),
        store.write() as s,
    ):
        ReportRepository(s, jan).edit(rep.id, level="CONFIDENTIAL")
    with store.write() as s:
        edited = ReportRepository(s, jan).edit(rep.id, text="edited", rel_to=["DNK"])
    assert edited.marking.rel_to == ("DNK", "BEL")
    with store.read() as s:
        assert ReportRepository(s, jan).get(rep.id).text == "edited"


def test_attachments__stored_once_by_sha256_marking_not_looser(
    store: Store, people: People
) -> None:
    anna = people.dnk_secret
    blob = b"photo of the apron" * 100
    with store.write() as s:
        repo = ReportRepository(s, anna)
        a = repo.add(
            site="BGSF", kind="airfield", attachments=[NewAttachment("a.jpg", blob, "image/jpeg")]
        )
        b = repo.add(site="BGGH", kind="port", attachments=[NewAttachment("b.jpg", blob)])
    assert a.attachments[0].sha256 == b.attachments[0].sha256
    assert a.attachments[0].sha256 == hashlib.sha256(blob).hexdigest()
    with store.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(AttachmentBlobRow)) == 1
        assert ReportRepository(s, anna).attachment_content(a.id, a.attachments[0].sha256) == blob
    with pytest.raises(InputError, match="less restrictive"), store.write() as s:
        ReportRepository(s, anna).add(
            site="BGSF",
            kind="airfield",
            level="RESTRICTED",
            attachments=[NewAttachment("x.txt", b"x", level="UNCLASSIFIED")],
        )


def test_attachments__rel_to_wider_than_the_report_is_refused(store: Store, people: People) -> None:
    # Same level, but the attachment would be releasable to FRA while its report is
    # DNK/BEL only: a FRA reader could then be shown a file of a report they may not read.
    anna = people.dnk_secret
    with store.read() as s:
        before = len(ReportRepository(s, anna).list())
    with pytest.raises(InputError, match="less restrictive") as info, store.write() as s:
        ReportRepository(s, anna).add(
            site="BGSF",
            kind="airfield",
            level="RESTRICTED",
            rel_to=["DNK", "BEL"],
            attachments=[
                NewAttachment("ok.txt", b"ok", level="RESTRICTED", rel_to=("DNK",)),
                NewAttachment("wide.txt", b"w", level="RESTRICTED", rel_to=("DNK", "BEL", "FRA")),
            ],
        )
    assert info.value.field == "attachment" and info.value.value == "wide.txt"
    assert "FRA" in str(info.value)
    with store.read() as s:  # the whole report was refused, not stored without the file
        assert len(ReportRepository(s, anna).list()) == before
    # equal REL TO (and a narrower one) is allowed
    with store.write() as s:
        rep = ReportRepository(s, anna).add(
            site="BGSF",
            kind="airfield",
            level="RESTRICTED",
            rel_to=["DNK", "BEL"],
            attachments=[NewAttachment("same.txt", b"s", rel_to=("BEL", "DNK"))],
        )
    assert set(rep.attachments[0].marking.rel_to) == {"DNK", "BEL"}


def test_overrides__latest_visible_observation_wins(store: Store, people: People) -> None:
    anna = people.dnk_secret
    t0 = dt.datetime(2026, 1, 20, tzinfo=dt.UTC)
    with store.write() as s:
        repo = OverrideRepository(s, anna)
        repo.add(site="BGSF", field="longest_runway_m", value="2700", observed_at_utc=t0)
        repo.add(
            site="BGSF",
            field="longest_runway_m",
            value=2650,
            observed_at_utc=t0 + dt.timedelta(days=1),
        )
        repo.add(
            site="BGSF", field="beds", value=40, observed_at_utc=t0, rel_to=["DNK"], level="SECRET"
        )
    with store.read() as s:
        assert OverrideRepository(s, anna).effective() == {
            "BGSF": {"longest_runway_m": 2650.0, "beds": 40}
        }
        assert OverrideRepository(s, people.bel_restricted).effective() == {
            "BGSF": {"longest_runway_m": 2650.0}
        }
    with pytest.raises(InputError, match="cannot be overridden"), store.write() as s:
        OverrideRepository(s, anna).add(site="BGSF", field="colour", value="red")


def test_plan_inputs__differ_by_reader_and_planning_gets_plain_objects(
    store: Store, people: People
) -> None:
    from arcticrecon.catalog import load_catalog
    from arcticrecon.store import load_reader, load_visible_reports, load_visible_site_overrides
    from arcticrecon.survey import apply_site_overrides

    with store.write() as s:
        OverrideRepository(s, people.dnk_secret).add(
            site="BGSF", field="longest_runway_m", value=2000, rel_to=["DNK"]
        )
        ReportRepository(s, people.dnk_secret).add(
            site="BGSF", kind="airfield", text="snow", rel_to=["DNK"]
        )
    url = store.engine.url.render_as_string(hide_password=False)
    dnk, bel = load_reader(url, "Anna Holm"), load_reader(store, "Jan Peeters")
    cat_dnk, _ = apply_site_overrides(load_catalog(), load_visible_site_overrides(store, dnk))
    cat_bel, _ = apply_site_overrides(load_catalog(), load_visible_site_overrides(url, bel))
    assert cat_dnk.get("BGSF").longest_runway_m == 2000.0
    assert cat_bel.get("BGSF").longest_runway_m == 2809.9512  # the catalogue fact stays
    assert [r.text for r in load_visible_reports(store, dnk, site="BGSF")] == ["snow"]
    assert load_visible_reports(store, bel) == []
