"""Markings, readers and the single releasability policy function."""

from __future__ import annotations

import pytest

from arcticrecon.errors import InputError, ReleasabilityError
from arcticrecon.survey import (
    DEFAULT_LEVELS,
    Marking,
    Reader,
    can_read,
    filter_visible,
    normalise_level,
    normalise_levels,
    normalise_rel_to,
    require_read,
)

BEL_R = Reader(nation="BEL", clearance="RESTRICTED", levels=DEFAULT_LEVELS)


@pytest.mark.parametrize(
    ("marking", "expected"),
    [
        (Marking("UNCLASSIFIED", ("BEL",)), True),
        (Marking("RESTRICTED", ("DNK", "BEL")), True),
        (Marking("CONFIDENTIAL", ("DNK", "BEL")), False),  # clearance too low
        (Marking("UNCLASSIFIED", ("DNK", "FRA")), False),  # nation not listed
        (Marking("UNCLASSIFIED", ()), False),  # empty REL TO: nobody
        (Marking("NATO SECRET", ("BEL",)), False),  # unknown level: deny
    ],
)
def test_can_read__nation_listed_and_clearance_dominates(marking: Marking, expected: bool) -> None:
    assert can_read(BEL_R, marking) is expected


def test_can_read__unknown_clearance_denies_everything() -> None:
    odd = Reader(nation="BEL", clearance="TOP", levels=DEFAULT_LEVELS)
    assert not can_read(odd, Marking("UNCLASSIFIED", ("BEL",)))


def test_can_read__custom_level_order_is_respected() -> None:
    levels = ("PUBLIC", "MISSION", "NATIONAL")
    r = Reader(nation="DNK", clearance="MISSION", levels=levels)
    assert can_read(r, Marking("PUBLIC", ("DNK",)))
    assert not can_read(r, Marking("NATIONAL", ("DNK",)))


def test_require_read__raises_without_content() -> None:
    with pytest.raises(ReleasabilityError, match="report X is not released to BEL, RESTRICTED"):
        require_read(BEL_R, Marking("SECRET", ("BEL",)), what="report X")
    require_read(BEL_R, Marking("RESTRICTED", ("BEL",)), what="report Y")


def test_filter_visible__keeps_order() -> None:
    items = [
        ("a", Marking("UNCLASSIFIED", ("BEL",))),
        ("b", Marking("SECRET", ("BEL",))),
        ("c", Marking("RESTRICTED", ("BEL", "DNK"))),
    ]
    assert [k for k, _ in filter_visible(BEL_R, items, lambda it: it[1])] == ["a", "c"]


def test_marking_label_and_dict() -> None:
    m = Marking("RESTRICTED", ("DNK", "BEL"))
    assert m.label() == "RESTRICTED REL TO DNK, BEL"
    assert m.to_dict() == {"level": "RESTRICTED", "rel_to": ["DNK", "BEL"]}
    assert BEL_R.label() == "BEL, RESTRICTED"
    named = Reader(nation="BEL", clearance="RESTRICTED", name="Maj Peeters")
    assert named.label() == "Maj Peeters (BEL, RESTRICTED)"


def test_normalise_levels__upper_case_and_checks() -> None:
    assert normalise_levels(["public", " Mission "]) == ("PUBLIC", "MISSION")
    for bad, msg in [([], "empty"), (["A", "a"], "listed twice"), (["A", " "], "empty level")]:
        with pytest.raises(InputError, match=msg):
            normalise_levels(bad)


def test_normalise_level__unknown_lists_valid_ones() -> None:
    assert normalise_level("secret", DEFAULT_LEVELS) == "SECRET"
    with pytest.raises(InputError, match="choose one of UNCLASSIFIED, RESTRICTED"):
        normalise_level("TOP SECRET", DEFAULT_LEVELS)
    with pytest.raises(InputError):
        normalise_level(3, DEFAULT_LEVELS)


def test_normalise_rel_to__alpha2_dedup_order_kept_norway_not_false() -> None:
    # AR-18: "NO" is Norway, never a boolean
    assert normalise_rel_to(["NO", "dk", "NOR"]) == ("NOR", "DNK")
    with pytest.raises(InputError, match="not a nation code"):
        normalise_rel_to([False])
    with pytest.raises(InputError, match="no nation given"):
        normalise_rel_to([])
