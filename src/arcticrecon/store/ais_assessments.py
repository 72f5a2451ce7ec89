"""Analysts' assessments of AIS events and vessels, each marked (level + REL TO).

An assessment says what an analyst makes of one AIS event (a gap, loitering, an encounter,
a port visit, a zone crossing: named by its stable ``event_id`` from
:func:`arcticrecon.maritime.events.event_id`) or of a vessel (its MMSI). It is a store
record like a finding: audited, written only by a person of the mission, marked never
above the author's clearance with the author's nation always in REL TO
(:func:`arcticrecon.survey.writer_marking`), and read only by those the releasability
policy lets read it (:func:`arcticrecon.survey.policy.can_read`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arcticrecon.errors import InputError
from arcticrecon.store._shared import _marking, _utc
from arcticrecon.store.audit import audit_change
from arcticrecon.store.models import AisAssessmentRow
from arcticrecon.store.reports import ReportRepository
from arcticrecon.survey.marking import Marking, Reader
from arcticrecon.survey.policy import can_read

__all__ = ["VERDICTS", "AisAssessment", "AisAssessmentRepository"]

#: What an analyst may conclude about an event or a vessel, mildest first.
VERDICTS = ("routine", "unexplained", "suspicious", "hostile")
_MMSI_RANGE = (1, 999_999_999)  # nine decimal digits (ITU-R M.585)


@dataclass(frozen=True)
class AisAssessment:
    """One assessment as a reader sees it.

    Attributes
    ----------
    id : str
    subject : {"event", "vessel"}
    event_id : str or None
        The event's stable id (``None`` for a vessel assessment).
    mmsi : int
    verdict : str
        One of :data:`VERDICTS`.
    note : str
    author_id : str
    assessed_at_utc : datetime
    marking : Marking
    """

    id: str
    subject: str
    event_id: str | None
    mmsi: int
    verdict: str
    note: str
    author_id: str
    assessed_at_utc: dt.datetime
    marking: Marking

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (ISO 8601 UTC time, marking as ``level``, ``rel_to`` and its ``marking`` label)."""
        return {
            "id": self.id,
            "subject": self.subject,
            "event_id": self.event_id,
            "mmsi": self.mmsi,
            "verdict": self.verdict,
            "note": self.note,
            "author_id": self.author_id,
            "assessed_at_utc": self.assessed_at_utc.isoformat().replace("+00:00", "Z"),
            "level": self.marking.level,
            "rel_to": list(self.marking.rel_to),
            "marking": self.marking.label(),
        }


def _assessment(row: AisAssessmentRow) -> AisAssessment:
    return AisAssessment(
        row.id,
        row.subject,
        row.event_id,
        int(row.mmsi),
        row.verdict,
        row.note,
        row.author_id,
        row.assessed_at_utc,
        _marking(row.level, row.rel_to),
    )


class AisAssessmentRepository:
    """AIS assessments for one reader.

    Parameters
    ----------
    session : Session
        A read session to list, a write session (:meth:`Store.write`) to add.
    reader : Reader
        Who reads; to add, a person of the mission.
    """

    def __init__(self, session: Session, reader: Reader) -> None:
        self.session = session
        self.reader = reader

    def list(self, *, mmsi: int | None = None, event_id: str | None = None) -> list[AisAssessment]:
        """The assessments the reader may read, oldest first.

        Parameters
        ----------
        mmsi : int, optional
            Only those about this vessel (its events' and its own).
        event_id : str, optional
            Only those about this event.

        Returns
        -------
        list of AisAssessment
        """
        stmt = sa.select(AisAssessmentRow).order_by(
            AisAssessmentRow.assessed_at_utc, AisAssessmentRow.id
        )
        if mmsi is not None:
            stmt = stmt.where(AisAssessmentRow.mmsi == int(mmsi))
        if event_id is not None:
            stmt = stmt.where(AisAssessmentRow.event_id == event_id.strip().lower())
        rows = self.session.scalars(stmt).all()
        return [_assessment(r) for r in rows if can_read(self.reader, _marking(r.level, r.rel_to))]

    def add(
        self,
        *,
        mmsi: int,
        verdict: str,
        event_id: str | None = None,
        note: str = "",
        level: str | None = None,
        rel_to: Sequence[str] | None = None,
        assessed_at_utc: dt.datetime | None = None,
    ) -> AisAssessment:
        """Record an assessment of an event (``event_id`` given) or of a vessel.

        Parameters
        ----------
        mmsi : int
            The vessel (for an encounter: either of the two).
        verdict : str
            One of :data:`VERDICTS`.
        event_id : str, optional
            16 hex digits (:func:`arcticrecon.maritime.events.event_id`).
        note, level, rel_to, assessed_at_utc
            Free text; marking (default as for findings: the lowest level, releasable
            to every nation of the mission; the author's nation always added); time
            (default now, UTC).

        Raises
        ------
        InputError
            An MMSI outside 1-999999999, an unknown verdict, a malformed event id, a time
            without zone, a marking above the author's clearance, or a reader that is no
            person (an audience cannot write).
        """
        try:
            mmsi_i = int(mmsi)
        except (TypeError, ValueError):
            mmsi_i = -1
        if not _MMSI_RANGE[0] <= mmsi_i <= _MMSI_RANGE[1]:
            raise InputError(
                f"mmsi {mmsi!r} is not a nine-digit MMSI (1-999999999)",
                field="mmsi",
                value=mmsi,
                valid_range=_MMSI_RANGE,
            )
        v = verdict.strip().lower()
        if v not in VERDICTS:
            raise InputError(
                f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}",
                field="verdict",
                value=verdict,
                valid_range=VERDICTS,
            )
        eid = None
        if event_id is not None:
            eid = event_id.strip().lower()
            if len(eid) != 16 or any(c not in "0123456789abcdef" for c in eid):
                raise InputError(
                    f"event id {event_id!r} is not 16 hex digits (the event_id column of "
                    "`arcticrecon ais events`)",
                    field="event_id",
                    value=event_id,
                )
        reports = ReportRepository(self.session, self.reader)
        writer = reports._writer()
        marking = reports._check_marking(level, rel_to)
        row = AisAssessmentRow(
            id=str(uuid.uuid4()),
            subject="event" if eid else "vessel",
            event_id=eid,
            mmsi=mmsi_i,
            verdict=v,
            note=note.strip(),
            author_id=writer,
            assessed_at_utc=_utc(assessed_at_utc, field="assessed_at"),
            level=marking.level,
            rel_to=list(marking.rel_to),
        )
        self.session.add(row)
        audit_change(self.session, actor=writer, action="create", row=row, before_hash=None)
        return _assessment(row)
