"""The releasability policy: the one function every read path goes through.

A reader of nation X with clearance C may see a record marked (L, REL TO N) only if
X is in N and C >= L in the mission's ordered level list (the "need to know" of national
releasability plus the clearance dominance rule of NATO security policy, C-M(2002)49).
Anything the policy cannot evaluate — a level or clearance outside the reader's level list,
an empty REL TO — is denied (fail closed).

Writing follows :func:`writer_marking`: nobody marks a record above their own clearance,
and the originator's nation is always releasable, so an author can always read back what
they wrote. Changing the marking of an existing record follows :func:`remark_marking`:
only the originator (or the releasing authority of the originator's nation) may lower the
level or widen REL TO; anyone else who may read it may only raise or narrow it, and the
originator's nation is never dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from arcticrecon.errors import InputError, ReleasabilityError
from arcticrecon.survey.marking import Marking, Reader

__all__ = [
    "can_read",
    "dominates",
    "filter_visible",
    "remark_marking",
    "require_read",
    "writer_marking",
]

T = TypeVar("T")


def can_read(reader: Reader, marking: Marking) -> bool:
    """Whether ``reader`` may see a record with ``marking``.

    Parameters
    ----------
    reader : Reader
        Nation, clearance and the mission's ordered levels.
    marking : Marking
        Level and REL TO nations of the record.

    Returns
    -------
    allowed : bool
        ``True`` only if ``reader.nation`` is in ``marking.rel_to`` and the reader's
        clearance is at or above the marking's level. Unknown levels deny.

    Examples
    --------
    >>> levels = ("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL")
    >>> bel = Reader(nation="BEL", clearance="RESTRICTED", levels=levels)
    >>> can_read(bel, Marking("RESTRICTED", ("DNK", "BEL")))
    True
    >>> can_read(bel, Marking("CONFIDENTIAL", ("DNK", "BEL")))
    False
    >>> can_read(bel, Marking("UNCLASSIFIED", ("DNK",)))
    False
    """
    levels = reader.levels
    if reader.clearance not in levels or marking.level not in levels:
        return False
    if reader.nation not in marking.rel_to:
        return False
    return levels.index(reader.clearance) >= levels.index(marking.level)


def require_read(reader: Reader, marking: Marking, *, what: str) -> None:
    """Raise unless :func:`can_read` allows ``reader`` to see ``marking``.

    Raises
    ------
    ReleasabilityError
        Naming ``what`` and the reader, never the record's content.
    """
    if not can_read(reader, marking):
        raise ReleasabilityError(
            f"{what} is not released to {reader.label()}; ask its originator to change "
            "its marking or use an identity that may see it",
            field="reader",
            value=reader.nation,
        )


def filter_visible(
    reader: Reader, items: Iterable[T], marking_of: Callable[[T], Marking]
) -> list[T]:
    """Keep the items whose marking :func:`can_read` allows (order kept).

    Examples
    --------
    >>> r = Reader(nation="DNK", clearance="UNCLASSIFIED")
    >>> ms = [Marking("UNCLASSIFIED", ("DNK",)), Marking("RESTRICTED", ("DNK",))]
    >>> [m.level for m in filter_visible(r, ms, lambda m: m)]
    ['UNCLASSIFIED']
    """
    return [it for it in items if can_read(reader, marking_of(it))]


def writer_marking(writer: Reader, marking: Marking) -> Marking:
    """The marking ``writer`` may give a record they create or edit.

    Two rules, so that no author writes a record they can never read back:

    * the level may not be above the writer's clearance (a person handles information
      only up to their clearance, NATO C-M(2002)49; an author handles what they write);
    * the writer's nation is added to REL TO if missing: the originating nation is
      implicitly releasable (originator access, in the spirit of STANAG 4774/4778 labels;
      the US CAPCO marking register likewise names the originating country in every
      REL TO list).

    Parameters
    ----------
    writer : Reader
        The author (a person: nation, clearance, the mission's level list).
    marking : Marking
        The requested marking (levels and nations already validated).

    Returns
    -------
    marking : Marking
        Same level; REL TO with the writer's nation appended if it was missing.

    Raises
    ------
    InputError
        If the level is above the writer's clearance (field ``level``), or the level or
        the clearance is not in the mission's level list.

    Examples
    --------
    >>> levels = ("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET")
    >>> bel = Reader(nation="BEL", clearance="RESTRICTED", levels=levels)
    >>> writer_marking(bel, Marking("RESTRICTED", ("FRA",))).rel_to
    ('FRA', 'BEL')
    >>> writer_marking(bel, Marking("SECRET", ("BEL",)))
    Traceback (most recent call last):
    ...
    arcticrecon.errors.InputError: level SECRET is above your clearance RESTRICTED; choose RESTRICTED or lower
    """
    levels = writer.levels
    if writer.clearance not in levels or marking.level not in levels:
        raise InputError(
            f"level {marking.level} or the clearance {writer.clearance} of the writer is not "
            f"a level of this mission ({', '.join(levels)})",
            field="level",
            value=marking.level,
        )
    if levels.index(marking.level) > levels.index(writer.clearance):
        raise InputError(
            f"level {marking.level} is above your clearance {writer.clearance}; "
            f"choose {writer.clearance} or lower",
            field="level",
            value=marking.level,
        )
    if writer.nation in marking.rel_to:
        return marking
    return Marking(marking.level, (*marking.rel_to, writer.nation))


def dominates(a: Marking, b: Marking, levels: Sequence[str]) -> bool:
    """Whether marking ``a`` is at least as restrictive as ``b``.

    ``a`` dominates ``b`` when its level is at or above ``b``'s (in ``levels``, lowest
    first) and its REL TO is a subset of ``b``'s: everyone who may read ``a`` may read
    ``b`` (the dominance relation of lattice-based access control, D. E. Denning, "A
    lattice model of secure information flow", CACM 19(5), 1976, doi:10.1145/360051.360056).

    Examples
    --------
    >>> lv = ("UNCLASSIFIED", "RESTRICTED")
    >>> dominates(Marking("RESTRICTED", ("DNK",)), Marking("UNCLASSIFIED", ("DNK", "BEL")), lv)
    True
    >>> dominates(Marking("RESTRICTED", ("DNK", "FRA")), Marking("RESTRICTED", ("DNK",)), lv)
    False
    """
    if a.level not in levels or b.level not in levels:
        return False
    return levels.index(a.level) >= levels.index(b.level) and set(a.rel_to) <= set(b.rel_to)


def remark_marking(
    editor: Reader,
    current: Sequence[Marking],
    requested: Marking,
    *,
    originator_nation: str,
    may_release: bool,
) -> Marking:
    """The marking ``editor`` may give a new revision of an existing record.

    One rule for every writer (CLI, web, bundle import):

    * the rules of :func:`writer_marking` (never above the editor's clearance; the editor's
      nation is added to REL TO);
    * the originator's nation is always in REL TO (added when missing);
    * unless ``may_release`` (the editor is the originator, or holds the releasing
      authority of the originator's nation), the new marking must dominate every current
      marking (:func:`dominates`): others may raise the level and narrow REL TO, never
      lower or widen (the originator controls release, the "originator control" principle
      of NATO security policy C-M(2002)49 and of ORCON dissemination controls).

    Parameters
    ----------
    editor : Reader
        The person writing the new revision.
    current : sequence of Marking
        Markings of the revision(s) it replaces (its parents; one or more).
    requested : Marking
        The marking asked for (levels and nations validated).
    originator_nation : str
        Nation of the record's originator (the author of its first revision).
    may_release : bool
        Whether the editor is the originator or the releasing authority of
        ``originator_nation``.

    Returns
    -------
    marking : Marking

    Raises
    ------
    InputError
        As :func:`writer_marking` (a level above the editor's clearance).
    ReleasabilityError
        If the editor may not release and the new marking lowers the level (field
        ``level``, value the level asked for) or widens REL TO (field ``rel_to``, value the
        list of nations that would be added).

    Examples
    --------
    >>> lv = ("UNCLASSIFIED", "RESTRICTED", "SECRET")
    >>> bel = Reader(nation="BEL", clearance="RESTRICTED", levels=lv)
    >>> cur = [Marking("RESTRICTED", ("DNK", "BEL", "FRA"))]
    >>> remark_marking(bel, cur, Marking("RESTRICTED", ("BEL",)), originator_nation="DNK",
    ...                may_release=False).rel_to
    ('BEL', 'DNK')
    >>> remark_marking(bel, cur, Marking("UNCLASSIFIED", ("DNK", "BEL", "FRA")),
    ...                originator_nation="DNK", may_release=False)
    Traceback (most recent call last):
    ...
    arcticrecon.errors.ReleasabilityError: level UNCLASSIFIED is below the current RESTRICTED: only the originator or the releasing authority of DNK may lower a marking; keep RESTRICTED or raise it
    """
    m = writer_marking(editor, requested)
    if originator_nation not in m.rel_to:
        m = Marking(m.level, (*m.rel_to, originator_nation))
    if may_release:
        return m
    levels = editor.levels
    for cur in current:
        if cur.level not in levels or levels.index(m.level) < levels.index(cur.level):
            raise ReleasabilityError(
                f"level {m.level} is below the current {cur.level}: only the originator or "
                f"the releasing authority of {originator_nation} may lower a marking; keep "
                f"{cur.level} or raise it",
                field="level",
                value=m.level,
            )
        extra = [n for n in m.rel_to if n not in cur.rel_to]
        if extra:
            raise ReleasabilityError(
                f"rel_to: {', '.join(extra)} would be added to REL TO {', '.join(cur.rel_to)}: "
                f"only the originator or the releasing authority of {originator_nation} may "
                "widen releasability; keep REL TO or narrow it",
                field="rel_to",
                value=extra,
            )
    return m
