"""Security markings: classification level + REL TO nations, and the reading identity.

A :class:`Marking` is a minimal confidentiality label in the spirit of STANAG 4774
("Confidentiality Metadata Label Syntax", NATO, ed. 1, 2017): a policy-defined
classification taken from an ordered list, plus a releasability category listing the
nations the record is "RELEASABLE TO" (REL TO). The ordered list of levels is configurable
per mission (:data:`DEFAULT_LEVELS` otherwise); a :class:`Reader` carries the mission's
list so the single policy function :func:`arcticrecon.survey.policy.can_read` can compare
levels without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from arcticrecon.errors import InputError
from arcticrecon.mission.nations import nation_code

__all__ = [
    "DEFAULT_LEVELS",
    "DocumentMarking",
    "Marking",
    "Reader",
    "document_marking",
    "high_water",
    "high_water_mark",
    "normalise_level",
    "normalise_levels",
    "normalise_rel_to",
]

#: Default ordered classification list, lowest first (NATO unclassified and the national
#: equivalents of NATO RESTRICTED / CONFIDENTIAL / SECRET; NATO C-M(2002)49 security policy).
DEFAULT_LEVELS: tuple[str, ...] = ("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET")


def normalise_levels(levels: Iterable[str]) -> tuple[str, ...]:
    """Validate an ordered classification list (lowest first).

    Parameters
    ----------
    levels : iterable of str
        Level names; upper-cased and stripped. At least one, no duplicates.

    Returns
    -------
    levels : tuple of str

    Raises
    ------
    InputError
        If the list is empty, has an empty name or a duplicate.

    Examples
    --------
    >>> normalise_levels(["unclassified", "Restricted"])
    ('UNCLASSIFIED', 'RESTRICTED')
    """
    out: list[str] = []
    for raw in levels:
        name = str(raw).strip().upper()
        if not name:
            raise InputError(
                "classification levels: an empty level name; give names such as UNCLASSIFIED,RESTRICTED",
                field="levels",
                value=list(levels),
            )
        if name in out:
            raise InputError(
                f"classification levels: {name} is listed twice; each level once, lowest first",
                field="levels",
                value=name,
            )
        out.append(name)
    if not out:
        raise InputError(
            "classification levels: the list is empty; give at least one level, lowest first",
            field="levels",
            value=[],
        )
    return tuple(out)


def normalise_level(value: object, levels: Sequence[str], *, field: str = "level") -> str:
    """Upper-case a level name and check it is one of the mission's ``levels``.

    Raises
    ------
    InputError
        If the level is not in ``levels`` (the message lists the valid ones).

    Examples
    --------
    >>> normalise_level("restricted", DEFAULT_LEVELS)
    'RESTRICTED'
    """
    name = str(value).strip().upper() if isinstance(value, str) else ""
    if name not in levels:
        raise InputError(
            f"{field}: {value!r} is not a classification level of this mission; "
            f"choose one of {', '.join(levels)}",
            field=field,
            value=value,
            valid_range=tuple(levels),
        )
    return name


def normalise_rel_to(values: Iterable[object], *, field: str = "rel_to") -> tuple[str, ...]:
    """ISO 3166-1 alpha-3 codes in the given order, duplicates removed.

    Raises
    ------
    InputError
        If a code is not an ISO 3166-1 code, or the list is empty.

    Examples
    --------
    >>> normalise_rel_to(["dk", "BEL", "DNK"])
    ('DNK', 'BEL')
    """
    out: list[str] = []
    for v in values:
        code = nation_code(v, field=field)
        if code not in out:
            out.append(code)
    if not out:
        raise InputError(
            f"{field}: no nation given; a record must be releasable to at least one nation",
            field=field,
            value=[],
        )
    return tuple(out)


@dataclass(frozen=True)
class Marking:
    """Classification level and REL TO nations of one record.

    Attributes
    ----------
    level : str
        Classification level, one of the mission's ordered levels.
    rel_to : tuple of str
        ISO 3166-1 alpha-3 codes of the nations the record is releasable to, in the order
        given by the originator (order carries no meaning for the policy).
    """

    level: str
    rel_to: tuple[str, ...]

    def label(self) -> str:
        """Banner text, e.g. ``"RESTRICTED REL TO DNK, BEL"``.

        Examples
        --------
        >>> Marking("RESTRICTED", ("DNK", "BEL")).label()
        'RESTRICTED REL TO DNK, BEL'
        """
        return f"{self.level} REL TO {', '.join(self.rel_to)}"

    def to_dict(self) -> dict[str, Any]:
        """Plain ``{"level": ..., "rel_to": [...]}``."""
        return {"level": self.level, "rel_to": list(self.rel_to)}


@dataclass(frozen=True)
class Reader:
    """Who is reading: a nation, a clearance and the mission's ordered level list.

    Built from a stored person by :func:`arcticrecon.store.reader_for`, or directly for an
    audience (``Reader(nation="FRA", clearance="RESTRICTED", levels=...)``) when a report is
    produced for a nation rather than a person.

    Attributes
    ----------
    nation : str
        ISO 3166-1 alpha-3 code.
    clearance : str
        Highest level the reader may see (a name from ``levels``).
    levels : tuple of str
        The mission's classification levels, lowest first.
    person_id : str or None
        Stored person id when the reader is a person.
    name : str or None
        Display name.
    """

    nation: str
    clearance: str
    levels: tuple[str, ...] = DEFAULT_LEVELS
    person_id: str | None = None
    name: str | None = None

    def label(self) -> str:
        """``"Maj X (BEL, RESTRICTED)"`` or ``"BEL, RESTRICTED"`` for an audience."""
        who = f"{self.name} " if self.name else ""
        return (
            f"{who}({self.nation}, {self.clearance})" if who else f"{self.nation}, {self.clearance}"
        )


@dataclass(frozen=True)
class DocumentMarking:
    """Marking of an output (report, table, map layer, export) built from marked records.

    Attributes
    ----------
    level : str
        Highest level of everything the output used (at least the document's base level).
    rel_to : tuple of str or None
        Nations every record used is released to (intersection of their REL TO, sorted);
        ``None`` when no marked record was used (then only ``level`` applies).
    banner : str
        The text shown at the top and bottom of every page, e.g.
        ``"RESTRICTED REL TO BEL, DNK"``, or the level alone.
    """

    level: str
    rel_to: tuple[str, ...] | None
    banner: str

    def to_dict(self) -> dict[str, Any]:
        """``{"level": ..., "rel_to": [...] or None, "banner": ...}`` (GeoJSON member)."""
        return {
            "level": self.level,
            "rel_to": None if self.rel_to is None else list(self.rel_to),
            "banner": self.banner,
        }

    @classmethod
    def of(
        cls,
        markings: Iterable[Marking],
        *,
        levels: Sequence[str] = DEFAULT_LEVELS,
        base_level: str | None = None,
    ) -> DocumentMarking:
        """:func:`high_water_mark` of ``markings`` (base level default: the lowest level).

        Examples
        --------
        >>> DocumentMarking.of([Marking("RESTRICTED", ("DNK", "BEL")),
        ...                     Marking("UNCLASSIFIED", ("BEL", "DNK", "FRA"))]).banner
        'RESTRICTED REL TO BEL, DNK'
        >>> DocumentMarking.of([]).rel_to is None
        True
        """
        return high_water_mark(base_level or levels[0], markings, levels)

    def csv_comment(self) -> str:
        """First line of every CSV output: ``# marking: <banner>`` (no newline)."""
        return f"# marking: {self.banner}"


def high_water_mark(
    base_level: str, markings: Iterable[Marking], levels: Sequence[str] = DEFAULT_LEVELS
) -> DocumentMarking:
    """Marking of a document that includes records with the given markings.

    The one rule for the marking of every output (HTML, PDF, CSV, GeoJSON, exports): the
    document takes the highest level among ``base_level`` and the records (in the
    mission's ``levels`` order, lowest first) and is releasable only to the nations every
    included record is released to (the intersection of their REL TO lists), the
    aggregation ("high-water mark") rule of STANAG 4774 confidentiality labels and of NATO
    security policy for compilations. With no records the marking is ``base_level``
    alone. A level not in ``levels`` ranks lowest.

    Parameters
    ----------
    base_level : str
        The document's own classification (the mission file's ``classification``).
    markings : iterable of Marking
        Of every record the document used: findings *and* site overrides (and any other
        marked record: surveys, AIS assessments).
    levels : sequence of str
        The mission's ordered levels, lowest first.

    Returns
    -------
    DocumentMarking

    Examples
    --------
    >>> m = high_water_mark("UNCLASSIFIED", [Marking("RESTRICTED", ("DNK", "BEL")),
    ...                                      Marking("UNCLASSIFIED", ("BEL", "FRA", "DNK"))])
    >>> m.level, m.rel_to, m.banner
    ('RESTRICTED', ('BEL', 'DNK'), 'RESTRICTED REL TO BEL, DNK')
    >>> high_water_mark("UNCLASSIFIED", []).to_dict()
    {'level': 'UNCLASSIFIED', 'rel_to': None, 'banner': 'UNCLASSIFIED'}
    """
    order = {name: i for i, name in enumerate(levels)}
    top = base_level
    rel: set[str] | None = None
    for m in markings:
        if order.get(m.level, -1) > order.get(top, -1):
            top = m.level
        rel = set(m.rel_to) if rel is None else rel & set(m.rel_to)
    if rel is None:
        return DocumentMarking(top, None, top)
    common = tuple(sorted(rel))
    return DocumentMarking(top, common, f"{top} REL TO {', '.join(common) or '(no common nation)'}")


def document_marking(
    base_level: str, markings: Iterable[Marking], levels: Sequence[str] = DEFAULT_LEVELS
) -> str:
    """Banner of a document that includes records with the given markings.

    The banner of :func:`high_water_mark` (the one rule; see there).

    Examples
    --------
    >>> document_marking("UNCLASSIFIED", [Marking("RESTRICTED", ("DNK", "BEL")),
    ...                                   Marking("UNCLASSIFIED", ("BEL", "FRA", "DNK"))])
    'RESTRICTED REL TO BEL, DNK'
    >>> document_marking("UNCLASSIFIED", [])
    'UNCLASSIFIED'
    """
    return high_water_mark(base_level, markings, levels).banner


def high_water(markings: Sequence[Marking], levels: Sequence[str]) -> Marking:
    """The least marking that dominates all of ``markings``, as a record marking.

    :func:`high_water_mark` of the records (highest level, common REL TO, sorted).

    Raises
    ------
    ValueError
        If ``markings`` is empty.

    Examples
    --------
    >>> lv = ("UNCLASSIFIED", "RESTRICTED")
    >>> high_water([Marking("RESTRICTED", ("DNK", "BEL")),
    ...             Marking("UNCLASSIFIED", ("BEL", "DNK", "FRA"))], lv)
    Marking(level='RESTRICTED', rel_to=('BEL', 'DNK'))
    """
    if not markings:
        raise ValueError("high_water of no markings")
    doc = high_water_mark(levels[0], markings, levels)
    return Marking(doc.level, doc.rel_to or ())
