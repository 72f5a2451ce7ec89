"""An independent model of who may read and re-mark what, written for the tests.

It does not call the product's policy (``arcticrecon.survey.policy``): it restates the
mission's rules from the issue text, so a product bug and the oracle cannot agree by
sharing code.

* Read: a person of nation N with clearance C reads a record marked (L, REL TO R) iff N
  is in R and C is at or above L.
* Write: a new record's level is at most the author's clearance; the author's nation is
  added to REL TO.
* Re-mark: an edit's level is at most the editor's clearance; the editor's and the
  originator's nations are added to REL TO; unless the editor is the originator or the
  releasing authority of the originator's nation, the new level is not below the
  current one and the new REL TO is within the current one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEVELS = ("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET")
NATIONS = ("DNK", "BEL", "FRA", "DEU")


@dataclass(frozen=True)
class Person:
    name: str
    nation: str
    clearance: str


PEOPLE = (
    Person("Anna Holm", "DNK", "SECRET"),
    Person("Mads Berg", "DNK", "UNCLASSIFIED"),
    Person("Ida Lund", "DNK", "CONFIDENTIAL"),  # releasing authority of DNK
    Person("Jan Peeters", "BEL", "RESTRICTED"),
    Person("Claire Martin", "FRA", "CONFIDENTIAL"),
    Person("Lukas Weber", "DEU", "SECRET"),
)
AUTHORITY = {"DNK": "Ida Lund"}


def may_read(p: Person, level: str, rel_to: tuple[str, ...] | list[str]) -> bool:
    """The read rule, restated."""
    return p.nation in rel_to and LEVELS.index(p.clearance) >= LEVELS.index(level)


def may_release(editor: Person, originator: Person) -> bool:
    return editor.name == originator.name or AUTHORITY.get(originator.nation) == editor.name


@dataclass
class Report:
    id: str
    author: Person
    level: str
    rel_to: tuple[str, ...]
    text: str
    attachments: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)


@dataclass
class Override:
    id: str
    author: Person
    level: str
    rel_to: tuple[str, ...]


def with_nations(rel_to: tuple[str, ...], *nations: str) -> tuple[str, ...]:
    out = list(rel_to)
    for n in nations:
        if n not in out:
            out.append(n)
    return tuple(out)


def new_marking(
    author: Person, level: str, rel_to: tuple[str, ...]
) -> tuple[str, tuple[str, ...]] | None:
    """Marking a new record gets, or None if refused."""
    if LEVELS.index(level) > LEVELS.index(author.clearance):
        return None
    return level, with_nations(rel_to, author.nation)


def edit_marking(
    editor: Person, rep: Report, level: str, rel_to: tuple[str, ...]
) -> tuple[str, tuple[str, ...]] | str:
    """Marking an edit gets, or the name of the refusal (``"clearance"``, ``"release"``)."""
    if LEVELS.index(level) > LEVELS.index(editor.clearance):
        return "clearance"
    rel = with_nations(rel_to, editor.nation, rep.author.nation)
    if not may_release(editor, rep.author) and (
        LEVELS.index(level) < LEVELS.index(rep.level) or not set(rel) <= set(rep.rel_to)
    ):
        return "release"
    return level, rel
