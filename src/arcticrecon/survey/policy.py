"""The releasability policy: the one function every read path goes through.

A reader of nation X with clearance C may see a record marked (L, REL TO N) only if
X is in N and C >= L in the mission's ordered level list (the "need to know" of national
releasability plus the clearance dominance rule of NATO security policy, C-M(2002)49).
Anything the policy cannot evaluate — a level or clearance outside the reader's level list,
an empty REL TO — is denied (fail closed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from arcticrecon.errors import ReleasabilityError
from arcticrecon.survey.marking import Marking, Reader

__all__ = ["can_read", "filter_visible", "require_read"]

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
