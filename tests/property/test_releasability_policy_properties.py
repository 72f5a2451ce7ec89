"""Properties of the releasability policy (hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from arcticrecon.survey import DEFAULT_LEVELS, Marking, Reader, can_read

NATIONS = ["DNK", "BEL", "FRA", "DEU", "NLD", "NOR", "USA"]
levels = st.sampled_from(DEFAULT_LEVELS)
nations = st.sampled_from(NATIONS)
rel_tos = st.lists(nations, unique=True, max_size=len(NATIONS)).map(tuple)


@given(nation=nations, clearance=levels, level=levels, rel_to=rel_tos)
def test_can_read__higher_clearance_never_sees_less(
    nation: str, clearance: str, level: str, rel_to: tuple[str, ...]
) -> None:
    low = Reader(nation=nation, clearance=clearance)
    for higher in DEFAULT_LEVELS[DEFAULT_LEVELS.index(clearance) :]:
        if can_read(low, Marking(level, rel_to)):
            assert can_read(Reader(nation=nation, clearance=higher), Marking(level, rel_to))


@given(nation=nations, clearance=levels, level=levels, rel_to=rel_tos, extra=nations)
def test_can_read__adding_a_nation_never_hides_a_record(
    nation: str, clearance: str, level: str, rel_to: tuple[str, ...], extra: str
) -> None:
    r = Reader(nation=nation, clearance=clearance)
    if can_read(r, Marking(level, rel_to)):
        assert can_read(r, Marking(level, (*rel_to, extra)))


@given(nation=nations, clearance=levels, level=levels, rel_to=rel_tos, data=st.data())
def test_can_read__rel_to_order_is_irrelevant(
    nation: str, clearance: str, level: str, rel_to: tuple[str, ...], data: st.DataObject
) -> None:
    shuffled = tuple(data.draw(st.permutations(rel_to)))
    r = Reader(nation=nation, clearance=clearance)
    assert can_read(r, Marking(level, rel_to)) == can_read(r, Marking(level, shuffled))


@given(nation=nations, clearance=levels, level=levels, rel_to=rel_tos)
def test_can_read__only_listed_nations_at_sufficient_clearance(
    nation: str, clearance: str, level: str, rel_to: tuple[str, ...]
) -> None:
    allowed = can_read(Reader(nation=nation, clearance=clearance), Marking(level, rel_to))
    assert allowed == (
        nation in rel_to and DEFAULT_LEVELS.index(clearance) >= DEFAULT_LEVELS.index(level)
    )
