"""Site overrides (findings that correct catalogue facts) for one reader."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arcticrecon.errors import NotFoundError, ReleasabilityError
from arcticrecon.store._shared import _marking, _site_code, _utc
from arcticrecon.store.audit import audit_change
from arcticrecon.store.mission import MissionRepository
from arcticrecon.store.models import SiteOverrideRow
from arcticrecon.store.reports import ReportRepository
from arcticrecon.store.tombstones import bury_override
from arcticrecon.survey.marking import Reader
from arcticrecon.survey.models import SiteOverride, validate_override
from arcticrecon.survey.overrides import effective_overrides
from arcticrecon.survey.policy import can_read

__all__ = ["OverrideRepository"]


def _override(row: SiteOverrideRow) -> SiteOverride:
    return SiteOverride(
        row.id,
        row.site,
        row.field,
        row.value,
        row.author_id,
        row.observed_at_utc,
        _marking(row.level, row.rel_to),
        row.note,
    )


class OverrideRepository:
    """Site overrides (findings that correct catalogue facts) for one reader.

    Parameters
    ----------
    session : Session
    reader : Reader
    """

    def __init__(self, session: Session, reader: Reader) -> None:
        self.session = session
        self.reader = reader

    def list(self, *, site: str | None = None) -> list[SiteOverride]:
        """Visible overrides, by site, field, then observation time.

        Parameters
        ----------
        site : str, optional
            Only this ICAO code / ident.

        Returns
        -------
        overrides : list of SiteOverride
        """
        stmt = sa.select(SiteOverrideRow).order_by(
            SiteOverrideRow.site,
            SiteOverrideRow.field,
            SiteOverrideRow.observed_at_utc,
            SiteOverrideRow.id,
        )
        if site:
            stmt = stmt.where(SiteOverrideRow.site == site.strip().upper())
        rows = self.session.scalars(stmt).all()
        return [_override(r) for r in rows if can_read(self.reader, _marking(r.level, r.rel_to))]

    def effective(self) -> dict[str, dict[str, Any]]:
        """Effective overrides for this reader.

        Returns
        -------
        overrides : dict of str to dict
            ``{icao: {field: value}}``: per site and field, the value of the newest
            observation the reader may see (units in the field names, e.g. ``_m``).
        """
        out: dict[str, dict[str, Any]] = {}
        for o in effective_overrides(self.list()):
            out.setdefault(o.site, {})[o.field] = o.value
        return out

    def add(
        self,
        *,
        site: str,
        field: str,
        value: Any,
        level: str | None = None,
        rel_to: Sequence[str] | None = None,
        observed_at_utc: dt.datetime | None = None,
        note: str = "",
    ) -> SiteOverride:
        """Record an override of one catalogue fact (see ``OVERRIDE_FIELDS``).

        The marking follows :func:`arcticrecon.survey.writer_marking` (never above the
        author's clearance; the author's nation is always in REL TO).

        Raises
        ------
        InputError, UnknownSiteError
            Bad field, value or marking (a level above the author's clearance); unknown site.
        """
        reports = ReportRepository(self.session, self.reader)
        writer = reports._writer()
        icao = _site_code(site)
        marking = reports._check_marking(level, rel_to)
        row = SiteOverrideRow(
            id=str(uuid.uuid4()),
            site=icao,
            field=field,
            value=validate_override(field, value),
            author_id=writer,
            observed_at_utc=_utc(observed_at_utc, field="observed_at"),
            note=note.strip(),
            level=marking.level,
            rel_to=list(marking.rel_to),
        )
        self.session.add(row)
        audit_change(self.session, actor=writer, action="create", row=row, before_hash=None)
        return _override(row)

    def delete(self, override_id: str) -> None:
        """Delete a visible override, leaving a tombstone that syncs.

        Raises
        ------
        NotFoundError
            If it does not exist or is not visible to the reader.
        ReleasabilityError
            If the reader is neither its author nor the releasing authority of the
            author's nation (the same rule as for reports).
        """
        row = self.session.get(SiteOverrideRow, override_id)
        if row is None or not can_read(self.reader, _marking(row.level, row.rel_to)):
            raise NotFoundError(
                f"no override {override_id!r} visible to {self.reader.label()}",
                field="override",
                value=override_id,
            )
        writer = ReportRepository(self.session, self.reader)._writer()
        if not MissionRepository(self.session).may_release(writer, row.author_id):
            raise ReleasabilityError(
                f"override {override_id}: only its originator or the releasing authority of "
                "the originator's nation may delete it",
                field="override",
                value=override_id,
            )
        bury_override(self.session, row, deleted_by=writer, actor=writer)
