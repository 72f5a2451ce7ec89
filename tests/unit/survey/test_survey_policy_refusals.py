"""The releasability policy's refusals, exactly: one line naming field and value.

Texts written out from the inputs (what the CLI and web show a reader), plus the edge
cases of remark_marking and dominates the mutation run found untested (issue 11 §5).
"""

from __future__ import annotations

import pytest

from arcticrecon.errors import InputError, ReleasabilityError
from arcticrecon.survey import DEFAULT_LEVELS, Marking, Reader, require_read
from arcticrecon.survey.policy import dominates, remark_marking, writer_marking

LV = ("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET")
BEL = Reader(nation="BEL", clearance="RESTRICTED", levels=LV)


def test_require_read__message_field_value() -> None:
    r = Reader(nation="BEL", clearance="RESTRICTED", levels=DEFAULT_LEVELS)
    with pytest.raises(ReleasabilityError) as info:
        require_read(r, Marking("SECRET", ("BEL",)), what="report X")
    assert str(info.value) == (
        "report X is not released to BEL, RESTRICTED; ask its originator to change "
        "its marking or use an identity that may see it"
    )
    assert (info.value.field, info.value.value) == ("reader", "BEL")


def test_writer_marking__refusals() -> None:
    with pytest.raises(InputError) as above:
        writer_marking(BEL, Marking("SECRET", ("BEL",)))
    assert str(above.value) == (
        "level SECRET is above your clearance RESTRICTED; choose RESTRICTED or lower"
    )
    assert (above.value.field, above.value.value) == ("level", "SECRET")
    with pytest.raises(InputError) as unknown:
        writer_marking(BEL, Marking("NATO SECRET", ("BEL",)))
    assert str(unknown.value) == (
        "level NATO SECRET or the clearance RESTRICTED of the writer is not a level of this "
        "mission (UNCLASSIFIED, RESTRICTED, CONFIDENTIAL, SECRET)"
    )
    assert (unknown.value.field, unknown.value.value) == ("level", "NATO SECRET")
    odd = Reader(nation="BEL", clearance="TOP", levels=LV)
    with pytest.raises(InputError, match="clearance TOP of the writer"):
        writer_marking(odd, Marking("UNCLASSIFIED", ("BEL",)))
    # at the clearance is allowed; the writer's nation is appended, order kept
    assert writer_marking(BEL, Marking("RESTRICTED", ("DNK", "FRA"))) == Marking(
        "RESTRICTED", ("DNK", "FRA", "BEL")
    )
    same = Marking("UNCLASSIFIED", ("BEL", "DNK"))
    assert writer_marking(BEL, same) is same


def test_remark_marking__refusals_name_level_or_added_nations() -> None:
    cur = [Marking("RESTRICTED", ("DNK", "BEL"))]
    with pytest.raises(ReleasabilityError) as low:
        remark_marking(
            BEL, cur, Marking("UNCLASSIFIED", ("DNK", "BEL")), originator_nation="DNK",
            may_release=False,
        )  # fmt: skip
    assert str(low.value) == (
        "level UNCLASSIFIED is below the current RESTRICTED: only the originator or the "
        "releasing authority of DNK may lower a marking; keep RESTRICTED or raise it"
    )
    assert (low.value.field, low.value.value) == ("level", "UNCLASSIFIED")
    with pytest.raises(ReleasabilityError) as wide:
        remark_marking(
            BEL, cur, Marking("RESTRICTED", ("DNK", "BEL", "FRA", "DEU")),
            originator_nation="DNK", may_release=False,
        )  # fmt: skip
    assert str(wide.value) == (
        "rel_to: FRA, DEU would be added to REL TO DNK, BEL: only the originator or the "
        "releasing authority of DNK may widen releasability; keep REL TO or narrow it"
    )
    assert (wide.value.field, wide.value.value) == ("rel_to", ["FRA", "DEU"])


def test_remark_marking__every_parent_counts_and_unknown_levels_refuse() -> None:
    # two parents (a conflict): the new marking must dominate both; lowering below the
    # second parent's CONFIDENTIAL is refused even though it equals the first's level
    fra = Reader(nation="FRA", clearance="CONFIDENTIAL", levels=LV)
    cur = [Marking("RESTRICTED", ("DNK", "FRA")), Marking("CONFIDENTIAL", ("DNK", "FRA"))]
    with pytest.raises(ReleasabilityError, match="below the current CONFIDENTIAL"):
        remark_marking(
            fra, cur, Marking("RESTRICTED", ("DNK", "FRA")), originator_nation="DNK",
            may_release=False,
        )  # fmt: skip
    ok = remark_marking(
        fra, cur, Marking("CONFIDENTIAL", ("FRA",)), originator_nation="DNK", may_release=False
    )
    assert ok == Marking("CONFIDENTIAL", ("FRA", "DNK"))
    # a parent marked with a level outside the mission's list cannot be dominated
    with pytest.raises(ReleasabilityError, match="below the current NATO SECRET"):
        remark_marking(
            fra, [Marking("NATO SECRET", ("DNK", "FRA"))], Marking("CONFIDENTIAL", ("FRA",)),
            originator_nation="DNK", may_release=False,
        )  # fmt: skip
    # the releasing authority may lower and widen; the originator's nation is still added
    rel = remark_marking(
        fra, cur, Marking("UNCLASSIFIED", ("FRA", "BEL")), originator_nation="DNK",
        may_release=True,
    )  # fmt: skip
    assert rel == Marking("UNCLASSIFIED", ("FRA", "BEL", "DNK"))
    # the originator's nation already there: not added twice
    assert remark_marking(
        fra, cur[1:], Marking("CONFIDENTIAL", ("DNK", "FRA")), originator_nation="DNK",
        may_release=False,
    ).rel_to == ("DNK", "FRA")  # fmt: skip


def test_dominates__levels_and_subsets() -> None:
    a = Marking("RESTRICTED", ("DNK",))
    assert dominates(a, a, LV)  # reflexive: equal level, equal REL TO
    assert dominates(Marking("SECRET", ("DNK",)), Marking("RESTRICTED", ("DNK", "BEL")), LV)
    assert not dominates(Marking("UNCLASSIFIED", ("DNK",)), a, LV)  # lower level
    assert not dominates(Marking("SECRET", ("DNK", "BEL")), a, LV)  # wider REL TO
    assert not dominates(Marking("TOP", ("DNK",)), a, LV)  # unknown level
    assert not dominates(a, Marking("TOP", ("DNK",)), LV)
