"""What one user may read and write: the :class:`PolicyView` every data route works through.

The :func:`arcticrecon.web.deps.policy` dependency authenticates the request and builds
the view; endpoints read and write *only* through it. Each of its methods goes through the
store's repositories, which filter with :func:`arcticrecon.survey.policy.can_read`. Plan
runs (kept in memory, not in the store) are filtered here with the same function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from arcticrecon.errors import NotFoundError
from arcticrecon.store import (
    MissionRepository,
    NewAttachment,
    OverrideRepository,
    ReportRepository,
    verify_audit,
)
from arcticrecon.store.reports import FindingRow
from arcticrecon.survey import (
    Marking,
    Reader,
    ReconReport,
    SiteOverride,
    can_read,
)
from arcticrecon.web.runs import PlanRun
from arcticrecon.web.security import SessionClaims
from arcticrecon.web.state import AppState
from arcticrecon.web.users import RevokedSessionRow, WebUser

__all__ = ["PolicyView"]


class PolicyView:
    """What one user may read and write, and nothing else.

    Parameters
    ----------
    state : AppState
    user : WebUser
    claims : SessionClaims
    """

    def __init__(self, state: AppState, user: WebUser, claims: SessionClaims) -> None:
        self._state = state
        self.user = user
        self.claims = claims

    @property
    def reader(self) -> Reader:
        """The user's reading identity."""
        return self.user.reader

    def allows(self, marking: Marking) -> bool:
        """:func:`arcticrecon.survey.can_read` for this reader."""
        return can_read(self.reader, marking)

    # -- store reads -----------------------------------------------------------------------
    def reports(
        self, *, site: str | None = None, kind: str | None = None, query: str | None = None
    ) -> list[ReconReport]:
        """Visible reports (optionally of one site / kind / containing ``query``)."""
        with self._state.store.read() as s:
            repo = ReportRepository(s, self.reader)
            if query:
                return repo.search(query, site=site, kind=kind)
            return repo.list(site=site, kind=kind)

    def finding_rows(self) -> list[FindingRow]:
        """Visible reports as plain rows (:meth:`ReportRepository.finding_rows`; the map)."""
        with self._state.store.read() as s:
            return ReportRepository(s, self.reader).finding_rows()

    def report(self, report_id: str) -> ReconReport:
        """One visible report (:class:`NotFoundError` if missing *or* not released)."""
        with self._state.store.read() as s:
            return ReportRepository(s, self.reader).get(report_id)

    def attachment(self, report_id: str, sha256: str) -> tuple[bytes, str, str]:
        """Content, media type and file name of a visible attachment of a visible report."""
        with self._state.store.read() as s:
            repo = ReportRepository(s, self.reader)
            rep = repo.get(report_id)
            content = repo.attachment_content(report_id, sha256)
        ref = next(a for a in rep.attachments if a.sha256 == sha256)
        return content, ref.media_type, ref.filename

    def overrides(self, *, site: str | None = None) -> list[SiteOverride]:
        """Visible site overrides (all sites, or one)."""
        with self._state.store.read() as s:
            return OverrideRepository(s, self.reader).list(site=site)

    def effective_overrides(self) -> dict[str, dict[str, Any]]:
        """``{icao: {field: value}}`` from the newest visible override of each field."""
        with self._state.store.read() as s:
            return OverrideRepository(s, self.reader).effective()

    def report_counts(self) -> dict[str, int]:
        """Visible reports per site."""
        with self._state.store.read() as s:
            return ReportRepository(s, self.reader).site_counts()

    def mission(self) -> dict[str, Any]:
        """The stored mission (name, lead, nations, levels)."""
        with self._state.store.read() as s:
            m = MissionRepository(s).get_mission()
        return {
            "name": m.name,
            "lead_nation": m.lead_nation,
            "nations": list(m.nations),
            "levels": list(m.levels),
        }

    def roster(self) -> dict[str, Any]:
        """People and teams of the mission (not marked: every mission member sees them)."""
        with self._state.store.read() as s:
            repo = MissionRepository(s)
            persons = [p.to_dict() for p in repo.persons()]
            teams = [
                {"id": t.id, "name": t.name, "members": list(t.members), "tasks": list(t.tasks)}
                for t in repo.teams()
            ]
        return {"persons": persons, "teams": teams}

    # -- store writes ----------------------------------------------------------------------
    def add_report(
        self,
        *,
        site: str | None,
        kind: str,
        text: str,
        fields: dict[str, Any] | None,
        level: str | None,
        rel_to: Sequence[str] | None,
        observed_at_utc: dt.datetime | None,
        team: str | None,
        attachments: Sequence[NewAttachment] = (),
    ) -> tuple[str, ReconReport | None]:
        """File a report as the user (their person is the author; audited by the store).

        The store refuses a level above the user's clearance and always adds the user's
        nation to REL TO (:func:`arcticrecon.survey.writer_marking`), so the author can read
        back what they wrote.

        Returns
        -------
        report_id : str
        report : ReconReport or None
            The report as the user may read it now; ``None`` if its marking hides it from
            them.
        """
        with self._state.store.write() as s:
            written = ReportRepository(s, self.reader).add(
                site=site,
                kind=kind,
                text=text,
                fields=fields,
                level=level,
                rel_to=rel_to,
                observed_at_utc=observed_at_utc,
                team=team,
                attachments=attachments,
            )
        return written.id, self._readable(written.id)

    def add_survey(
        self, form: dict[str, Any], *, level: str | None, rel_to: Sequence[str] | None
    ) -> tuple[str, ReconReport | None]:
        """File a structured field survey as the user (same rules as :meth:`add_report`).

        ``form`` is a validated form's payload (:func:`arcticrecon.zones.read_survey` then
        :func:`arcticrecon.survey.forms.form_payload`); the store validates it again.

        Returns
        -------
        report_id, report
            As :meth:`add_report`.
        """
        with self._state.store.write() as s:
            written = ReportRepository(s, self.reader).add_survey(form, level=level, rel_to=rel_to)
        return written.id, self._readable(written.id)

    def attach(self, report_id: str, attachment: NewAttachment) -> tuple[str, ReconReport | None]:
        """Add a file to a visible report (a new revision with the extra attachment).

        Returns
        -------
        report_id, report
            As :meth:`add_report` (the report as the user may read it afterwards).

        Raises
        ------
        NotFoundError
            If the report does not exist or is not released to the user.
        InputError
            If the attachment's marking is less restrictive than the report's.
        """
        with self._state.store.write() as s:
            repo = ReportRepository(s, self.reader)
            # The store has no public "attach" yet: the same steps as its ``edit`` (a new
            # revision derived from the current one), with one more attachment whose
            # marking the store checks against the report's.
            _, base = repo._current_revision(report_id)
            marking = Marking(base.level, tuple(base.rel_to))
            new = repo._attachment_dicts([attachment], marking, repo._writer())
            repo._derive(base, [base.id], attachments=[*base.attachments, *new])
        return report_id, self._readable(report_id)

    def _readable(self, report_id: str) -> ReconReport | None:
        try:
            return self.report(report_id)
        except NotFoundError:
            return None

    # -- plan runs (in memory; same policy function) -----------------------------------------
    def run(self, run_id: str) -> PlanRun:
        """A plan run the reader may see (:class:`NotFoundError` otherwise, same message)."""
        try:
            run = self._state.runs.get(run_id)
        except NotFoundError:
            run = None
        if run is None or not self.allows(Marking(run.level, run.rel_to)):
            raise NotFoundError(
                f"no plan run {run_id!r} visible to {self.reader.label()}; start one with "
                "POST /api/plan-runs",
                field="run_id",
                value=run_id,
            )
        return run

    def runs(self) -> list[PlanRun]:
        """Plan runs the reader may see, newest first."""
        return [r for r in self._state.runs.all() if self.allows(Marking(r.level, r.rel_to))]

    # -- admin ---------------------------------------------------------------------------
    def verify_audit(self) -> dict[str, Any]:
        """Verify the audit chain (admins only; see :func:`require_admin`)."""
        with self._state.store.read() as s:
            res = verify_audit(s)
        return {
            "ok": res.ok,
            "entries": res.entries,
            "records": res.records,
            "reason": res.reason,
            "head_hash": res.head_hash,
        }

    def logout(self) -> None:
        """Revoke this session (the token stops working everywhere)."""
        expires = dt.datetime.now(dt.UTC) + dt.timedelta(hours=self._state.settings.session_hours)
        with self._state.store.write() as s:
            if s.get(RevokedSessionRow, self.claims.session_id) is None:
                s.add(RevokedSessionRow(session_id=self.claims.session_id, expires_at_utc=expires))
            s.execute(
                sa.delete(RevokedSessionRow).where(
                    RevokedSessionRow.expires_at_utc < dt.datetime.now(dt.UTC)
                )
            )
