"""Verdicts of a surveyed zone: one per aircraft, helicopter, delivery method or vessel.

A :class:`Verdict` lists every criterion checked (:class:`Criterion`) with what was
measured, what is required, the reason in words and the source of the requirement. Its
:class:`Outcome` is the worst criterion:

* ``unsuitable`` — a criterion fails;
* ``restricted`` — usable under a limitation (e.g. a 7-15° slope: wheeled helicopters land
  upslope, FM 3-21.38);
* ``unverified`` — nothing fails, but a required fact is unknown (or nothing could be
  assessed);
* ``suitable`` — every criterion that has a cited requirement passes.

Criteria without a cited requirement in the product are ``not_assessed``: they are shown
with the measured value and what would fill them, and never change the outcome.

The per-aircraft criteria tables shipped here (``data/lz_minimums.csv``,
``data/hlz_touchdown_classes.csv``) cite their source and confidence per row.
"""

from __future__ import annotations

import csv
import enum
from dataclasses import dataclass, field
from functools import lru_cache

from arcticrecon.errors import DataSourceError
from arcticrecon.sources.embedded import data_path

__all__ = [
    "FM_3_21_38",
    "HLZ_TOUCHDOWN_DIAMETER_M",
    "Assessment",
    "Criterion",
    "HlzClass",
    "LzMinimum",
    "Outcome",
    "Status",
    "Verdict",
    "hlz_class",
    "lz_minimum",
]

#: Citation of the HLZ criteria.
FM_3_21_38 = (
    "FM 3-21.38 Pathfinder Operations (Department of the Army, 25 April 2006), ch. 4 "
    "helicopter landing zones, as summarised in public pathfinder study material"
)
#: Touchdown point diameter per helicopter size class [m] (FM 3-21.38 ch. 4: size 1 light
#: observation 25 m, 2 light utility 35 m, 3 utility/attack 50 m, 4 cargo 80 m, 5 sling
#: loads by day and aircraft of unknown origin 100 m).
HLZ_TOUCHDOWN_DIAMETER_M: dict[int, float] = {1: 25.0, 2: 35.0, 3: 50.0, 4: 80.0, 5: 100.0}


class Status(enum.StrEnum):
    """Result of one criterion."""

    PASS = "pass"
    FAIL = "fail"
    RESTRICTED = "restricted"
    UNKNOWN = "unknown"
    NOT_ASSESSED = "not_assessed"


class Outcome(enum.StrEnum):
    """Overall verdict (worst criterion; ``not_assessed`` criteria do not count)."""

    SUITABLE = "suitable"
    UNVERIFIED = "unverified"
    RESTRICTED = "restricted"
    UNSUITABLE = "unsuitable"


_RANK = {
    Status.PASS: 0,
    Status.NOT_ASSESSED: 0,
    Status.UNKNOWN: 1,
    Status.RESTRICTED: 2,
    Status.FAIL: 3,
}
_OUTCOME = {
    0: Outcome.SUITABLE,
    1: Outcome.UNVERIFIED,
    2: Outcome.RESTRICTED,
    3: Outcome.UNSUITABLE,
}


@dataclass(frozen=True)
class Criterion:
    """One checked criterion.

    Attributes
    ----------
    name : str
        ``"length"``, ``"width"``, ``"slope"``, ``"bearing"``...
    status : Status
    measured, required : str
        With units, e.g. ``"650 yd (594 m)"`` / ``"700 yd (640 m)"``; ``""`` if none.
    reason : str
        The sentence a reader sees, e.g. ``"width 18 m < 30 m required by ..."``.
    source : str
        Where the requirement comes from (with its confidence where it has one).
    """

    name: str
    status: Status
    measured: str
    required: str
    reason: str
    source: str

    def to_dict(self) -> dict[str, str]:
        """JSON-able dict."""
        return {
            "name": self.name,
            "status": self.status.value,
            "measured": self.measured,
            "required": self.required,
            "reason": self.reason,
            "source": self.source,
        }


@dataclass(frozen=True)
class Verdict:
    """Verdict of a zone for one aircraft / helicopter / method / vessel.

    Attributes
    ----------
    subject : str
        ``"C-130J-30"``, ``"AW101"``, ``"CDS 5 containers"``, ``"MV Example"``.
    kind : {"aircraft", "helicopter", "method", "vessel"}
    criteria : tuple of Criterion
    caveats : tuple of str
        Validity limits and facts not checked.
    """

    subject: str
    kind: str
    criteria: tuple[Criterion, ...]
    caveats: tuple[str, ...] = ()

    @property
    def outcome(self) -> Outcome:
        """Worst criterion (see the module docstring)."""
        checked = [c for c in self.criteria if c.status is not Status.NOT_ASSESSED]
        if not checked:
            return Outcome.UNVERIFIED
        return _OUTCOME[max(_RANK[c.status] for c in checked)]

    @property
    def reasons(self) -> tuple[str, ...]:
        """Reasons of the criteria that decide the outcome (fail, restricted, unknown)."""
        decisive = {
            Outcome.UNSUITABLE: {Status.FAIL},
            Outcome.RESTRICTED: {Status.RESTRICTED},
            Outcome.UNVERIFIED: {Status.UNKNOWN},
            Outcome.SUITABLE: set(),
        }[self.outcome]
        return tuple(c.reason for c in self.criteria if c.status in decisive)

    def summary(self) -> str:
        """``"C-130J-30: unsuitable — width 18 m < 18.3 m required ..."``."""
        why = "; ".join(self.reasons)
        return f"{self.subject}: {self.outcome.value}" + (f" — {why}" if why else "")

    def to_dict(self) -> dict[str, object]:
        """JSON-able dict."""
        return {
            "subject": self.subject,
            "kind": self.kind,
            "outcome": self.outcome.value,
            "reasons": list(self.reasons),
            "criteria": [c.to_dict() for c in self.criteria],
            "caveats": list(self.caveats),
        }


@dataclass(frozen=True)
class Assessment:
    """All verdicts of one survey.

    Attributes
    ----------
    form : str
    name : str
        Name of the surveyed zone.
    measured : dict
        Measured geometry and derived figures (JSON-able), e.g. ``length_m``.
    verdicts : tuple of Verdict
    notes : tuple of str
        Remarks on the whole survey (point of impact outside the zone, ...).
    """

    form: str
    name: str
    measured: dict[str, object]
    verdicts: tuple[Verdict, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def verdict(self, subject: str) -> Verdict:
        """The verdict for ``subject``.

        Raises
        ------
        KeyError
            If there is none.
        """
        for v in self.verdicts:
            if v.subject == subject:
                return v
        raise KeyError(subject)

    def to_dict(self) -> dict[str, object]:
        """JSON-able dict."""
        return {
            "form": self.form,
            "name": self.name,
            "measured": self.measured,
            "verdicts": [v.to_dict() for v in self.verdicts],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class LzMinimum:
    """Minimum landing-zone runway of an aircraft (``data/lz_minimums.csv``)."""

    key: str
    min_length_m: float
    min_width_m: float
    basis: str
    source: str
    source_url: str
    confidence: str

    def citation(self) -> str:
        """Source and confidence in one string."""
        return f"{self.source} ({self.basis}; confidence {self.confidence})"


@dataclass(frozen=True)
class HlzClass:
    """Touchdown point size class of a helicopter (``data/hlz_touchdown_classes.csv``)."""

    key: str
    size_class: int
    touchdown_diameter_m: float
    gear: str
    basis: str
    confidence: str


@lru_cache(maxsize=1)
def _lz_table() -> dict[str, LzMinimum]:
    p = data_path("lz_minimums.csv")
    out: dict[str, LzMinimum] = {}
    with open(p, newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            try:
                out[row["key"]] = LzMinimum(
                    key=row["key"],
                    min_length_m=float(row["min_length_m"]),
                    min_width_m=float(row["min_width_m"]),
                    basis=row["basis"],
                    source=row["source"],
                    source_url=row["source_url"],
                    confidence=row["confidence"],
                )
            except (KeyError, ValueError) as err:
                raise DataSourceError(f"{p} line {i}: {err}") from err
    return out


@lru_cache(maxsize=1)
def _hlz_table() -> dict[str, HlzClass]:
    p = data_path("hlz_touchdown_classes.csv")
    out: dict[str, HlzClass] = {}
    with open(p, newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            try:
                cls = int(row["size_class"])
                dia = float(row["touchdown_diameter_m"])
                if HLZ_TOUCHDOWN_DIAMETER_M.get(cls) != dia or row["gear"] not in {
                    "skids",
                    "wheels",
                }:
                    raise ValueError(f"size {cls} / {dia} m / gear {row['gear']!r} inconsistent")
                out[row["key"]] = HlzClass(
                    row["key"], cls, dia, row["gear"], row["basis"], row["confidence"]
                )
            except (KeyError, ValueError) as err:
                raise DataSourceError(f"{p} line {i}: {err}") from err
    return out


def lz_minimum(aircraft_key: str) -> LzMinimum | None:
    """Published minimum LZ runway of an aircraft, or ``None`` where the product has none."""
    return _lz_table().get(aircraft_key)


def hlz_class(aircraft_key: str) -> HlzClass | None:
    """Touchdown size class of a helicopter, or ``None`` where the product has none."""
    return _hlz_table().get(aircraft_key)
