"""The one dependency every data endpoint goes through: who is asking, and what they see.

:func:`policy` authenticates the request (bearer token or session cookie, with the CSRF
check for cookie-authenticated writes), loads the user's reader identity (nation,
clearance, mission levels) and returns a :class:`PolicyView`. Endpoints read and write
*only* through that view; each of its methods goes through the store's repositories,
which filter with :func:`arcticrecon.survey.policy.can_read`. Plan runs (kept in memory,
not in the store) are filtered here with the same function. The API router attaches
:func:`policy` to every route, and a test walks the route table to prove no data route
lacks it.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from fastapi import Depends, HTTPException, Request, status

from arcticrecon.errors import NotFoundError
from arcticrecon.store import (
    MissionRepository,
    NewAttachment,
    OverrideRepository,
    ReportRepository,
    verify_audit,
)
from arcticrecon.survey import (
    Marking,
    Reader,
    ReconReport,
    SiteOverride,
    can_read,
)
from arcticrecon.web.runs import PlanRun
from arcticrecon.web.security import SessionClaims, password_fingerprint
from arcticrecon.web.users import RevokedSessionRow, WebUser, get_user

if TYPE_CHECKING:
    from arcticrecon.web.app import AppState

__all__ = ["SESSION_COOKIE", "PolicyView", "authenticate", "policy", "require_admin"]

SESSION_COOKIE = "arx_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _state(request: Request) -> AppState:
    return request.app.state.arx  # type: ignore[no-any-return]


def _unauthorised(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


async def authenticate(request: Request) -> tuple[WebUser, SessionClaims]:
    """The user behind a request, from ``Authorization: Bearer`` or the session cookie.

    Raises
    ------
    HTTPException
        401 without a valid, unrevoked token of an active user; 403 when a
        cookie-authenticated unsafe request lacks the session's CSRF token.
    """
    st = _state(request)
    auth = request.headers.get("authorization", "")
    by_cookie = False
    if auth.lower().startswith("bearer "):
        token = auth[7:].strip()
    else:
        token = request.cookies.get(SESSION_COOKIE, "")
        by_cookie = True
    if not token:
        raise _unauthorised("not logged in; POST /api/auth/login or open /login")
    claims = st.signer.check(token)
    if claims is None:
        raise _unauthorised("session expired or invalid; log in again")
    with st.store.read() as s:
        user = get_user(s, claims.user_id)
        revoked = s.get(RevokedSessionRow, claims.session_id) is not None
    if user is None or revoked or claims.pw != password_fingerprint(user.password_hash):
        raise _unauthorised("session ended; log in again")
    if by_cookie and request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not sent and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            form = await request.form()
            value = form.get("csrf_token")
            sent = value if isinstance(value, str) else ""
        if not sent or not hmac.compare_digest(sent, claims.csrf_token):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=f"missing or wrong CSRF token; send the {CSRF_HEADER} header of the page",
            )
    return user, claims


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
        out: dict[str, int] = {}
        for r in self.reports():
            out[r.site] = out.get(r.site, 0) + 1
        return out

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
        site: str,
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


async def policy(request: Request) -> PolicyView:
    """FastAPI dependency: the :class:`PolicyView` of the authenticated user.

    Raises
    ------
    HTTPException
        401 (not logged in) or 403 (CSRF), see :func:`authenticate`.
    """
    cached = getattr(request.state, "arx_view", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    user, claims = await authenticate(request)
    view = PolicyView(_state(request), user, claims)
    request.state.arx_view = view
    return view


def require_admin(view: PolicyView = Depends(policy)) -> PolicyView:
    """Dependency for admin-only endpoints.

    Raises
    ------
    HTTPException
        403 if the user is not an admin.
    """
    if not view.user.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="admins only; ask an administrator")
    return view
