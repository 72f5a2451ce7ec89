"""AIS assessments: marked store records read under the releasability policy of findings."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from store_helpers import People

from arcticrecon.errors import InputError
from arcticrecon.maritime.events import event_id
from arcticrecon.store import AisAssessmentRepository, Store, verify_audit
from arcticrecon.store.models import AisAssessmentRow, AuditRow
from arcticrecon.survey import DEFAULT_LEVELS, Reader

T0 = dt.datetime(2026, 1, 21, 9, 30, tzinfo=dt.UTC)
GAP = event_id("gap", 636000201, 1_768_960_800_000)  # a gap's id as `ais events` prints it


def test_add_and_list__each_reader_sees_what_the_policy_lets_them(
    store: Store, people: People
) -> None:
    with store.write() as s:
        repo = AisAssessmentRepository(s, people.dnk_secret)
        a_open = repo.add(
            mmsi=636000201,
            event_id=GAP.upper(),
            verdict="Suspicious",
            note="AIS off 14 h within reach of Scoresby Sund",
            rel_to=["BEL", "FRA", "DEU"],
            assessed_at_utc=T0,
        )
        a_secret = repo.add(
            mmsi=636000201, verdict="hostile", level="SECRET", rel_to=["DEU"], assessed_at_utc=T0
        )
    assert a_open.subject == "event" and a_open.event_id == GAP and a_open.verdict == "suspicious"
    assert a_secret.subject == "vessel" and a_secret.event_id is None
    # the author's nation is always in REL TO; the level defaults to the lowest
    assert a_open.marking.level == DEFAULT_LEVELS[0]
    assert set(a_open.marking.rel_to) == {"DNK", "BEL", "FRA", "DEU"}
    with store.read() as s:
        seen = {
            who: {a.id for a in AisAssessmentRepository(s, r).list(mmsi=636000201)}
            for who, r in (
                ("dnk_secret", people.dnk_secret),
                ("dnk_unclass", people.dnk_unclass),
                ("bel", people.bel_restricted),
                ("deu_secret", people.deu_secret),
                ("nld", Reader(nation="NLD", clearance="SECRET", levels=DEFAULT_LEVELS)),
            )
        }
        by_event = AisAssessmentRepository(s, people.bel_restricted).list(event_id=GAP)
        other = AisAssessmentRepository(s, people.dnk_secret).list(mmsi=273000301)
    assert seen == {
        "dnk_secret": {a_open.id, a_secret.id},
        "dnk_unclass": {a_open.id},  # SECRET is above an UNCLASSIFIED clearance
        "bel": {a_open.id},
        "deu_secret": {a_open.id, a_secret.id},
        "nld": set(),  # not in any REL TO
    }
    assert [a.id for a in by_event] == [a_open.id] and other == []
    assert a_open.to_dict()["assessed_at_utc"] == "2026-01-21T09:30:00Z"


def test_add__audited_and_the_chain_verifies(store: Store, people: People) -> None:
    with store.write() as s:
        a = AisAssessmentRepository(s, people.bel_restricted).add(mmsi=331000501, verdict="routine")
    with store.read() as s:
        entry = s.scalars(sa.select(AuditRow).where(AuditRow.entity == "ais_assessment")).one()
        logged = (entry.entity_id, entry.action, entry.actor)
        result = verify_audit(s)
    assert logged == (a.id, "create", people.bel_restricted.person_id)
    assert result.ok, result.reason


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"mmsi": 0, "verdict": "routine"}, "mmsi"),
        ({"mmsi": 1_000_000_000, "verdict": "routine"}, "mmsi"),
        ({"mmsi": 331000501, "verdict": "fishy"}, "verdict"),
        ({"mmsi": 331000501, "verdict": "routine", "event_id": "xyz"}, "event_id"),
        ({"mmsi": 331000501, "verdict": "routine", "level": "SECRET"}, "level"),
    ],
)
def test_add__bad_input_names_the_field_and_adds_nothing(
    store: Store, people: People, kw: dict[str, object], field: str
) -> None:
    # Jan Peeters is cleared RESTRICTED: SECRET is above his clearance
    with pytest.raises(InputError) as err, store.write() as s:
        AisAssessmentRepository(s, people.bel_restricted).add(**kw)  # type: ignore[arg-type]
    assert err.value.field == field
    with store.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(AisAssessmentRow)) == 0


def test_add__an_audience_that_is_no_person_may_not_write(store: Store, people: People) -> None:
    audience = Reader(nation="BEL", clearance="RESTRICTED", levels=DEFAULT_LEVELS)
    with pytest.raises(InputError, match="person identity") as err, store.write() as s:
        AisAssessmentRepository(s, audience).add(mmsi=331000501, verdict="routine")
    assert err.value.field == "as"
