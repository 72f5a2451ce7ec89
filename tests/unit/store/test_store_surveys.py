"""Structured field surveys in the store: kinds ``*_survey``, the form as the payload.

The form is validated against its schema on every write and on import; the survey gets the
store's marking, releasability, revisions and audit like any report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from store_helpers import People, derived_revision, hlz, resign_bundle, seed_mission

from arcticrecon.errors import DataSourceError, InputError, NotFoundError, UnknownSiteError
from arcticrecon.store import (
    MissionRepository,
    ReportRepository,
    Store,
    export_bundle,
    import_bundle,
    verify_audit,
)
from arcticrecon.store.models import AuditRow, ReportRevisionRow, ReportRow
from arcticrecon.survey import ReportKind

RESTRICTED_DNK_BEL: dict[str, Any] = {"level": "RESTRICTED", "rel_to": ["DNK", "BEL"]}


def _count(store: Store, table: type) -> int:
    with store.read() as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(table)) or 0)


def test_add_survey__stored_as_a_marked_versioned_report(store: Store, people: People) -> None:
    audit_before = _count(store, AuditRow)
    with store.write() as s:
        rep = ReportRepository(s, people.bel_restricted).add_survey(hlz(), **RESTRICTED_DNK_BEL)
    assert rep.kind is ReportKind.HLZ_SURVEY and rep.form == "hlz"
    # a zone not in the catalogue: its own ident, the first 8 hex digits of the report id
    assert rep.site == "SVY-" + rep.id.replace("-", "")[:8].upper()
    assert rep.fields["schema_version"] == 1 and rep.fields["ground_slope_deg"] == 9.0
    assert rep.fields["position"] == {"lat_deg": 67.05, "lon_deg": -50.6, "as_entered": ""}
    assert rep.observed_at_utc.isoformat() == "2026-02-03T14:00:00+00:00"
    assert rep.text == "ridge top, wind-scoured"
    assert rep.team is None  # "Team North" is not a stored team: the form keeps the name
    assert (rep.marking.level, set(rep.marking.rel_to)) == ("RESTRICTED", {"DNK", "BEL"})
    assert _count(store, AuditRow) > audit_before
    with store.read() as s:
        assert verify_audit(s).ok
        assert ReportRepository(s, people.dnk_secret).get(rep.id).fields == rep.fields
        assert [r.id for r in ReportRepository(s, people.dnk_secret).list(kind="hlz_survey")] == [
            rep.id
        ]
        for outsider in (people.fra_confidential, people.dnk_unclass):
            with pytest.raises(NotFoundError, match="does not exist or is not released"):
                ReportRepository(s, outsider).get(rep.id)
            assert ReportRepository(s, outsider).list() == []


def test_add_survey__of_a_catalogue_site_and_a_stored_team(store: Store, people: People) -> None:
    with store.write() as s:
        MissionRepository(s).add_team(name="Team North", members=["Jan Peeters"])
    with store.write() as s:
        rep = ReportRepository(s, people.bel_restricted).add_survey(hlz(site="bgsf"))
    assert rep.site == "BGSF" and rep.team == "Team North"


def test_add_survey__bad_forms_name_the_field_and_write_nothing(
    store: Store, people: People
) -> None:
    cases = [
        (hlz(ground_slope_deg=120), InputError, r"hlz survey: ground_slope_deg: .*\(got 120\)"),
        (hlz(touchdown_diameter_m=-3), InputError, "touchdown_diameter_m"),
        (hlz(slope=3), InputError, "unknown field 'slope'"),
        (hlz(form="xyz"), InputError, "'xyz' is not a survey form"),
        (hlz(site="ZZZZ"), UnknownSiteError, "survey: site: .*ZZZZ"),
        (hlz(schema_version=2), InputError, "newer than this program knows"),
    ]
    for form, error, match in cases:
        with pytest.raises(error, match=match), store.write() as s:
            ReportRepository(s, people.bel_restricted).add_survey(form)
    with pytest.raises(InputError, match="structured survey: file its form"), store.write() as s:
        ReportRepository(s, people.bel_restricted).add(site="BGSF", kind="hlz_survey")
    assert _count(store, ReportRevisionRow) == 0 and _count(store, ReportRow) == 0


def test_edit_survey__new_revision_same_site_same_form(store: Store, people: People) -> None:
    jan = people.bel_restricted
    with store.write() as s:
        rep = ReportRepository(s, jan).add_survey(hlz(), **RESTRICTED_DNK_BEL)
    with store.write() as s:
        new = ReportRepository(s, jan).edit_survey(
            rep.id, hlz(ground_slope_deg=5, observed_at_utc="2026-02-05T10:00:00Z", narrative="")
        )
    assert new.revision_id != rep.revision_id and new.fields["ground_slope_deg"] == 5.0
    assert new.observed_at_utc.isoformat() == "2026-02-05T10:00:00+00:00" and new.text == ""
    assert new.marking == rep.marking and new.site == rep.site
    with store.write() as s:  # a partial edit merges into the stored form
        part = ReportRepository(s, jan).edit(rep.id, fields={"ground_slope_deg": 6})
    assert part.fields["ground_slope_deg"] == 6.0 and part.fields["name"] == "Ridge HLZ"
    bad = [
        (hlz(form="dz"), "the sheet is a 'dz' form, not 'hlz'"),
        (hlz(site="BGSF"), "site: the survey is of SVY-"),
        (hlz(ground_slope_deg=-1), "ground_slope_deg"),
    ]
    for form, match in bad:
        with pytest.raises(InputError, match=match), store.write() as s:
            ReportRepository(s, jan).edit_survey(rep.id, form)
    with store.write() as s:
        free = ReportRepository(s, jan).add(site="BGSF", kind="airfield", text="x")
    with pytest.raises(InputError, match="not a structured survey"), store.write() as s:
        ReportRepository(s, jan).edit_survey(free.id, hlz())
    with store.read() as s:
        revs = s.scalars(
            sa.select(ReportRevisionRow).where(ReportRevisionRow.report_id == rep.id)
        ).all()
        slopes = sorted(r.fields["ground_slope_deg"] for r in revs)
    assert slopes == [5.0, 6.0, 9.0]


def test_bundle__carries_surveys_and_refuses_a_bad_form(
    open_new: Callable[[], Store], tmp_path: Path
) -> None:
    a, b = open_new(), open_new()
    people = seed_mission(a)
    seed_mission(b)
    with a.write() as s:
        rep = ReportRepository(s, people.bel_restricted).add_survey(hlz(), **RESTRICTED_DNK_BEL)
    good = tmp_path / "a.arx"
    export_bundle(a, people.bel_restricted, good)
    for name, change, match in [
        ("slope", {"ground_slope_deg": 120}, r"\(hlz_survey\): hlz survey: ground_slope_deg"),
        ("kind", None, "kind 'ufo_survey', not one of"),
    ]:
        path = tmp_path / f"{name}.arx"
        path.write_bytes(good.read_bytes())

        def forge(payload: dict[str, Any], change: dict[str, Any] | None = change) -> None:
            (base,) = payload["revisions"]
            if change is None:
                payload["revisions"] = [derived_revision(base, parents=[], kind="ufo_survey")]
            else:
                fields = {**base["fields"], **change}
                payload["revisions"] = [derived_revision(base, parents=[], fields=fields)]

        resign_bundle(path, forge)
        with pytest.raises(DataSourceError, match=match):
            import_bundle(b, path)
    assert _count(b, ReportRevisionRow) == 0
    assert import_bundle(b, good).revisions_new == 1
    with b.read() as s:
        got = ReportRepository(s, people.dnk_secret).get(rep.id)
    assert got.fields == rep.fields and got.kind is ReportKind.HLZ_SURVEY
