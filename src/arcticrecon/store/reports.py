"""Reconnaissance reports for one reader: :class:`ReportRepository`.

Every read (get, list, search, conflicts, attachments) filters through
:func:`arcticrecon.survey.policy.can_read`, and reports the reader may not see are
indistinguishable from reports that do not exist. Reports are stored as immutable
revisions (:mod:`arcticrecon.store.revisions`); each edit names its parent revision(s). The
current view of a report is its newest *head*; two heads mean two edits made without
seeing each other — a conflict that stays flagged until a person resolves it. Every write
appends to the audit log in the same transaction.
"""

from __future__ import annotations

import builtins
import datetime as dt
import functools
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arcticrecon.errors import InputError, NotFoundError, ReleasabilityError
from arcticrecon.store._shared import _marking, _now, _site_code, _utc
from arcticrecon.store.hashing import canonical_json
from arcticrecon.store.mission import MissionRepository
from arcticrecon.store.models import AttachmentBlobRow, PersonRow, ReportRevisionRow, ReportRow
from arcticrecon.store.revisions import (
    REVISION_KEYS,
    _attachment_refs,
    refresh_report,
    store_blob,
    store_revision,
)
from arcticrecon.survey.marking import (
    Marking,
    Reader,
    high_water,
    normalise_level,
    normalise_rel_to,
)
from arcticrecon.survey.models import (
    SURVEY_KINDS,
    ReconReport,
    ReportKind,
    finding_ident,
    form_of_kind,
    survey_ident,
    validate_fields,
)
from arcticrecon.survey.policy import can_read, remark_marking, writer_marking

__all__ = ["ConflictView", "FindingRow", "NewAttachment", "ReportRepository"]


@dataclass(frozen=True)
class NewAttachment:
    """A file to attach to a new report.

    Attributes
    ----------
    filename, media_type : str
    content : bytes
    level : str or None
        Default: the report's level; never lower.
    rel_to : tuple of str or None
        Default: the report's REL TO; never wider.
    """

    filename: str
    content: bytes
    media_type: str = "application/octet-stream"
    level: str | None = None
    rel_to: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ConflictView:
    """A report with two or more unresolved heads.

    Attributes
    ----------
    report_id : str
    heads : tuple of ReconReport
        The heads the reader may see (two or more), oldest edit first. Heads the reader may
        not see are neither shown nor counted, so a conflict never reveals a hidden edit.
    """

    report_id: str
    heads: tuple[ReconReport, ...]


@dataclass(frozen=True)
class FindingRow:
    """A report's current revision as the map's findings layer reads it (no ORM objects).

    What :meth:`ReportRepository.list` gives as a :class:`ReconReport`, less the
    attachments themselves and the conflict flag: ``n_attachments`` counts the
    attachments the reader may see.

    Attributes
    ----------
    id, site, kind, team, author_id, author, text : str
        ``author`` is the author's name (``author_id`` when the person is gone).
    observed_at_utc : datetime
    fields : dict
    marking : Marking
    n_attachments : int
    """

    id: str
    site: str
    kind: str
    team: str | None
    author_id: str
    author: str
    observed_at_utc: dt.datetime
    fields: dict[str, Any]
    text: str
    marking: Marking
    n_attachments: int


@functools.cache
def _site_counts_stmt() -> Any:
    """The statement of :meth:`ReportRepository.site_counts` (built once)."""
    return sa.select(ReportRow.site, ReportRow.level, ReportRow.rel_to)


@functools.cache
def _finding_rows_stmt() -> sa.Select[Any]:
    """The statement of :meth:`ReportRepository.finding_rows` (built once: building costs)."""
    return (
        sa.select(
            ReportRow.id,
            ReportRow.site,
            ReportRow.kind,
            ReportRow.team,
            ReportRow.author_id,
            PersonRow.name,
            ReportRow.observed_at_utc,
            ReportRow.fields,
            ReportRow.text,
            ReportRow.level,
            ReportRow.rel_to,
            ReportRow.attachments,
        )
        .outerjoin(PersonRow, PersonRow.id == ReportRow.author_id)
        .order_by(ReportRow.observed_at_utc, ReportRow.id)
    )


class ReportRepository:
    """Reconnaissance reports as one reader may see them.

    Parameters
    ----------
    session : Session
        A read session, or a write session (:meth:`Store.write`) for ``add``/``edit``/
        ``resolve``/``delete``.
    reader : Reader
        Who reads (and, for writes, who writes: ``reader.person_id`` must be set).
    """

    def __init__(self, session: Session, reader: Reader) -> None:
        self.session = session
        self.reader = reader

    # -- reading ---------------------------------------------------------------------------
    def _names(self, ids: Iterable[str]) -> dict[str, str]:
        ids = set(ids)
        if not ids:
            return {}
        rows = self.session.execute(
            sa.select(PersonRow.id, PersonRow.name).where(PersonRow.id.in_(ids))
        )
        return {r.id: r.name for r in rows}

    def _to_report(
        self,
        row: ReportRow | ReportRevisionRow,
        names: Mapping[str, str],
        *,
        conflict: bool,
        as_written: bool = False,
    ) -> ReconReport:
        refs = [
            a
            for a in _attachment_refs(row.attachments)
            if as_written or can_read(self.reader, a.marking)
        ]
        rev = row.revision_id if isinstance(row, ReportRow) else row.id
        rid = row.id if isinstance(row, ReportRow) else row.report_id
        return ReconReport(
            id=rid,
            revision_id=rev,
            site=row.site,
            kind=ReportKind(row.kind),
            team=row.team,
            author_id=row.author_id,
            author=names.get(row.author_id, row.author_id),
            observed_at_utc=row.observed_at_utc,
            edited_at_utc=row.edited_at_utc,
            fields=dict(row.fields),
            text=row.text,
            marking=_marking(row.level, row.rel_to),
            attachments=tuple(refs),
            conflict=conflict,
        )

    def _visible_rows(self, stmt: sa.Select[ReportRow]) -> list[ReportRow]:
        rows = self.session.scalars(stmt).all()
        return [r for r in rows if can_read(self.reader, _marking(r.level, r.rel_to))]

    def _visible_heads(self, row: ReportRow) -> list[ReportRevisionRow]:
        if len(row.heads) < 2:
            return []
        revs = self.session.scalars(
            sa.select(ReportRevisionRow).where(ReportRevisionRow.id.in_(row.heads))
        ).all()
        return [r for r in revs if can_read(self.reader, _marking(r.level, r.rel_to))]

    def _convert(self, rows: Sequence[ReportRow]) -> list[ReconReport]:
        names = self._names(r.author_id for r in rows)
        # a conflict is flagged only when the reader may see two heads: never hint at a
        # hidden edit
        return [self._to_report(r, names, conflict=len(self._visible_heads(r)) > 1) for r in rows]

    def get(self, report_id: str) -> ReconReport:
        """One report.

        Raises
        ------
        NotFoundError
            If it does not exist *or* is not released to the reader (same message).
        """
        row = self.session.get(ReportRow, report_id.strip())
        if row is None or not can_read(self.reader, _marking(row.level, row.rel_to)):
            raise self._not_found(report_id)
        return self._convert([row])[0]

    def _not_found(self, report_id: str) -> NotFoundError:
        """The one answer for a report that does not exist or is not released to the reader."""
        return NotFoundError(
            f"no report {report_id!r} visible to {self.reader.label()} (it does not exist or is not released to you)",
            field="report",
            value=report_id,
        )

    def _select(
        self, *, site: str | None, kind: ReportKind | str | None, since_utc: dt.datetime | None
    ) -> sa.Select[ReportRow]:
        stmt = sa.select(ReportRow).order_by(ReportRow.observed_at_utc, ReportRow.id)
        if site:
            stmt = stmt.where(ReportRow.site == site.strip().upper())
        if kind:
            stmt = stmt.where(ReportRow.kind == ReportKind(kind).value)
        if since_utc is not None:
            stmt = stmt.where(ReportRow.edited_at_utc >= _utc(since_utc, field="since"))
        return stmt

    def list(
        self,
        *,
        site: str | None = None,
        kind: ReportKind | str | None = None,
        since_utc: dt.datetime | None = None,
    ) -> list[ReconReport]:
        """Reports the reader may see, oldest observation first.

        Parameters
        ----------
        site : str, optional
            Only this ICAO code / ident.
        kind : ReportKind or str, optional
        since_utc : datetime, optional
            Only reports whose current revision was edited at or after this instant.

        Returns
        -------
        reports : list of ReconReport
            Current revisions that passed :func:`~arcticrecon.survey.can_read`; attachments
            the reader may not see are left out.
        """
        return self._convert(
            self._visible_rows(self._select(site=site, kind=kind, since_utc=since_utc))
        )

    def finding_rows(self) -> builtins.list[FindingRow]:
        """Every report the reader may see, oldest observation first, as plain rows.

        The same reports, order and attachment filter as :meth:`list` (each row passes
        :func:`~arcticrecon.survey.can_read`; only attachments that pass it are counted),
        read with one SQLAlchemy Core query instead of ORM objects: the map's findings
        layer reads them on every request.

        Returns
        -------
        rows : list of FindingRow
        """
        out = []
        for r in self.session.connection().execute(_finding_rows_stmt()):
            marking = _marking(r.level, r.rel_to)
            if not can_read(self.reader, marking):
                continue
            n_att = sum(
                can_read(self.reader, _marking(a["level"], a["rel_to"])) for a in r.attachments
            )
            out.append(
                FindingRow(
                    id=r.id,
                    site=r.site,
                    kind=r.kind,
                    team=r.team,
                    author_id=r.author_id,
                    author=r.author_id if r.name is None else r.name,
                    observed_at_utc=r.observed_at_utc,
                    fields=dict(r.fields),
                    text=r.text,
                    marking=marking,
                    n_attachments=n_att,
                )
            )
        return out

    def site_counts(self) -> dict[str, int]:
        """Reports the reader may see, per site (what :meth:`list` holds, counted).

        Reads only the site and marking of each report's current revision (the map
        layers count findings per site on every request).

        Returns
        -------
        counts : dict of str to int
            ``{icao: number of visible reports}``; sites without one are absent.
        """
        rows = self.session.connection().execute(_site_counts_stmt())
        out: dict[str, int] = {}
        for site, level, rel_to in rows:
            if can_read(self.reader, _marking(level, rel_to)):
                out[site] = out.get(site, 0) + 1
        return out

    def search(
        self, query: str, *, site: str | None = None, kind: ReportKind | str | None = None
    ) -> builtins.list[ReconReport]:
        """Visible reports whose text, site or structured fields contain ``query``.

        Parameters
        ----------
        query : str
            Text to look for (case-insensitive substring).
        site, kind : optional
            As in :meth:`list`.

        Returns
        -------
        reports : list of ReconReport
            Only reports the reader may see are searched, so a hidden report can never be
            inferred from a hit.
        """
        q = query.strip().casefold()
        hits = []
        for r in self._visible_rows(self._select(site=site, kind=kind, since_utc=None)):
            hay = " ".join([r.text, r.site, canonical_json(r.fields).decode()]).casefold()
            if q in hay:
                hits.append(r)
        return self._convert(hits)

    def conflicts(self) -> builtins.list[ConflictView]:
        """Reports with unresolved offline edits.

        Returns
        -------
        conflicts : list of ConflictView
            One per report with two or more heads the reader may see.
        """
        out = []
        for row in self.session.scalars(sa.select(ReportRow).order_by(ReportRow.id)):
            vis = self._visible_heads(row)
            if len(vis) < 2:
                continue
            names = self._names(r.author_id for r in vis)
            heads = tuple(
                self._to_report(r, names, conflict=True)
                for r in sorted(vis, key=lambda r: (r.edited_at_utc, r.id))
            )
            out.append(ConflictView(row.id, heads))
        return out

    def attachment_content(self, report_id: str, sha256: str) -> bytes:
        """Content of an attachment of a visible report, if its own marking allows.

        Raises
        ------
        NotFoundError
            If the report or attachment is not visible to the reader.
        """
        rep = self.get(report_id)
        for a in rep.attachments:
            if a.sha256 == sha256:
                blob = self.session.get(AttachmentBlobRow, sha256)
                if blob is not None:
                    return bytes(blob.content)
        raise NotFoundError(
            f"no attachment {sha256[:12]}… of report {report_id} visible to {self.reader.label()}",
            field="attachment",
            value=sha256,
        )

    # -- writing ---------------------------------------------------------------------------
    def _writer(self) -> str:
        if not self.reader.person_id:
            raise InputError(
                "writing needs a person identity (the reader has no person id)",
                field="as",
                remedy="give_option",
            )
        return self.reader.person_id

    def _requested_marking(
        self, level: str | None, rel_to: Sequence[str] | None, *, default: Marking | None = None
    ) -> Marking:
        """The marking asked for, validated against the mission (levels, nations)."""
        mission = MissionRepository(self.session)
        levels = mission.levels()
        lv = (
            normalise_level(level, levels)
            if level is not None
            else (default.level if default else levels[0])
        )
        if rel_to is not None:
            nations = normalise_rel_to(rel_to)
        elif default is not None:
            nations = default.rel_to
        else:
            nations = tuple(mission.nations())
        known = set(mission.nations())
        for n in nations:
            if n not in known:
                raise InputError(
                    f"rel_to: {n} is not a nation of this mission; add it first",
                    field="rel_to",
                    value=n,
                    remedy="nation_add",
                )
        return Marking(lv, nations)

    def _check_marking(
        self, level: str | None, rel_to: Sequence[str] | None, *, default: Marking | None = None
    ) -> Marking:
        """Marking of a new record: never above the writer's clearance, their nation in REL TO."""
        return writer_marking(self.reader, self._requested_marking(level, rel_to, default=default))

    def _remark(self, author_id: str, current: Sequence[Marking], requested: Marking) -> Marking:
        """Marking of a new revision of an existing report (:func:`remark_marking`)."""
        author = self.session.get(PersonRow, author_id)
        if author is None:
            raise NotFoundError(
                f"originator {author_id} of this report is not a person of this mission",
                field="author",
                value=author_id,
            )
        may = MissionRepository(self.session).may_release(self.reader.person_id, author_id)
        return remark_marking(
            self.reader, current, requested, originator_nation=author.nation, may_release=may
        )

    def _attachment_dicts(
        self, items: Sequence[NewAttachment], marking: Marking, writer: str
    ) -> builtins.list[dict[str, Any]]:
        levels = MissionRepository(self.session).levels()
        out = []
        for a in items:
            m = self._check_marking(a.level, a.rel_to, default=marking)
            if levels.index(m.level) < levels.index(marking.level) or not set(m.rel_to) <= set(
                marking.rel_to
            ):
                raise InputError(
                    f"attachment {a.filename!r}: its marking {m.label()} is less restrictive than the report's {marking.label()}",
                    field="attachment",
                    value=a.filename,
                )
            digest = store_blob(self.session, a.content, actor=writer)
            out.append(
                {
                    "sha256": digest,
                    "filename": a.filename,
                    "media_type": a.media_type,
                    "size_bytes": len(a.content),
                    "level": m.level,
                    "rel_to": list(m.rel_to),
                }
            )
        return out

    def add(
        self,
        *,
        site: str | None,
        kind: ReportKind | str,
        text: str = "",
        fields: Mapping[str, Any] | None = None,
        level: str | None = None,
        rel_to: Sequence[str] | None = None,
        observed_at_utc: dt.datetime | None = None,
        team: str | None = None,
        attachments: Sequence[NewAttachment] = (),
    ) -> ReconReport:
        """File a new report as the reader (a person).

        Parameters
        ----------
        site : str or None
            ICAO code / catalogue ident (checked against the catalogue); ``None`` (or empty)
            for a finding away from every site, which then needs its position in ``fields``
            and is stored under :func:`~arcticrecon.survey.models.finding_ident`.
        kind : ReportKind or str
        text : str
        fields : mapping, optional
            Structured fields for ``kind`` (:data:`~arcticrecon.survey.REPORT_FIELDS`), and
            the finding's own position ``lat_deg``/``lon_deg`` (both or neither).
        level : str, optional
            Default: the lowest mission level.
        rel_to : sequence of str, optional
            Default: all mission nations.
        observed_at_utc : datetime, optional
            Timezone-aware; default now.
        team : str, optional
            Name of a stored team.
        attachments : sequence of NewAttachment

        Returns
        -------
        ReconReport
            The report as written; its REL TO always includes the author's nation (see
            :func:`arcticrecon.survey.writer_marking`), so the author can read it back.

        Raises
        ------
        InputError, UnknownSiteError
            Bad kind, fields or marking (unknown level, non-mission nation, a level above
            the author's clearance), unknown site.
        """
        writer = self._writer()
        try:
            k = ReportKind(kind)
        except ValueError:
            raise InputError(
                f"kind {kind!r} is not one of {', '.join(x.value for x in ReportKind)}",
                field="kind",
                value=kind,
            ) from None
        if form_of_kind(k) is not None:
            raise InputError(
                f"kind {k.value!r} is a structured survey: file its form "
                f"(arcticrecon survey add FORM.toml), not free fields",
                field="kind",
                value=k.value,
            )
        checked = validate_fields(k, fields or {})
        report_id = str(uuid.uuid4())
        if site is None or not site.strip():
            if "lat_deg" not in checked:
                raise InputError(
                    "site is empty and no position given; name a site or give lat_deg/lon_deg",
                    field="site",
                    value=site,
                )
            code = finding_ident(report_id)  # a position away from every catalogue site
        else:
            code = _site_code(site)
        return self._add(
            writer,
            report_id,
            site=code,
            kind=k,
            text=text,
            fields=checked,
            level=level,
            rel_to=rel_to,
            observed_at_utc=observed_at_utc,
            team=MissionRepository(self.session)._team_name(team),
            attachments=attachments,
        )

    def _add(
        self,
        writer: str,
        report_id: str,
        *,
        site: str,
        kind: ReportKind,
        text: str,
        fields: dict[str, Any],
        level: str | None,
        rel_to: Sequence[str] | None,
        observed_at_utc: dt.datetime | None,
        team: str | None,
        attachments: Sequence[NewAttachment],
    ) -> ReconReport:
        marking = self._check_marking(level, rel_to)
        content: dict[str, Any] = {
            "report_id": report_id,
            "parents": [],
            "site": site,
            "kind": kind.value,
            "team": team,
            "author_id": writer,
            "edited_by_id": writer,
            "observed_at_utc": _utc(observed_at_utc, field="observed_at"),
            "edited_at_utc": _now(),
            "fields": fields,
            "text": text.strip(),
            "level": marking.level,
            "rel_to": list(marking.rel_to),
            "attachments": self._attachment_dicts(attachments, marking, writer),
            "deleted": False,
        }
        row, _ = store_revision(self.session, content, origin="local", actor=writer)
        refresh_report(self.session, report_id, actor=writer)
        return self._written(row)

    def _survey_site(self, form_site: str | None, report_id: str) -> str:
        """Report site of a survey: the catalogue code it names, else its own ident."""
        if form_site is None:
            return survey_ident(report_id)
        from arcticrecon.errors import UnknownSiteError

        try:
            return _site_code(form_site)
        except UnknownSiteError as err:
            raise UnknownSiteError(
                f"survey: site: {err}; leave site out for a zone that is not in the catalogue",
                field="site",
                value=form_site,
            ) from None

    def _known_team(self, name: str) -> str | None:
        """The stored team of that name, else ``None`` (the form keeps the name it gives)."""
        try:
            return MissionRepository(self.session)._team_name(name)
        except NotFoundError:
            return None

    def add_survey(
        self,
        form: Mapping[str, Any],
        *,
        level: str | None = None,
        rel_to: Sequence[str] | None = None,
        attachments: Sequence[NewAttachment] = (),
    ) -> ReconReport:
        """File a structured field survey as the reader (a person).

        The survey becomes a report of kind ``<form>_survey`` whose ``fields`` are the
        whole form, validated against its versioned schema (decimal positions; check the
        geometry first with :func:`arcticrecon.zones.read_survey`, which the command line
        and the web do). Its site is the catalogue code the form names in ``site``, or
        :func:`~arcticrecon.survey.survey_ident` of the new report for a zone that is not
        in the catalogue; its observation time and text are the form's ``observed_at_utc``
        and ``narrative``; its team the stored team of the form's ``team`` name, if any.
        Marking, releasability, revisions and audit are those of every report.

        Parameters
        ----------
        form : mapping
            The survey form (``form`` names it: ``lz``, ``ice``, ``dz``, ``hlz``, ``port``).
        level, rel_to, attachments
            As in :meth:`add`.

        Returns
        -------
        ReconReport

        Raises
        ------
        InputError
            One line naming the form field (``"hlz survey: ground_slope_deg: ..."``), an
            unknown catalogue ``site`` (field ``site``) or a bad marking; nothing is written.
        """
        writer = self._writer()
        from arcticrecon.survey.forms import form_payload, validate_form

        survey = validate_form(form)
        report_id = str(uuid.uuid4())
        return self._add(
            writer,
            report_id,
            site=self._survey_site(survey.site, report_id),
            kind=SURVEY_KINDS[survey.form],
            text=survey.narrative,
            fields=form_payload(survey),
            level=level,
            rel_to=rel_to,
            observed_at_utc=survey.observed_at_utc,
            team=self._known_team(survey.team),
            attachments=attachments,
        )

    def _current_revision(self, report_id: str) -> tuple[ReportRow, ReportRevisionRow]:
        self.get(report_id)  # visibility check (same error for missing and hidden)
        row = self.session.get(ReportRow, report_id.strip())  # as get() looks it up
        rev = self.session.get(ReportRevisionRow, row.revision_id) if row else None
        if row is None or rev is None:
            raise NotFoundError(
                f"report {report_id} has no current revision", field="report", value=report_id
            )
        return row, rev

    def _derive(
        self, base: ReportRevisionRow, parents: Sequence[str], **changes: Any
    ) -> ReconReport:
        writer = self._writer()
        content = {k: getattr(base, k) for k in REVISION_KEYS}
        content.update(
            parents=sorted(parents), edited_by_id=writer, edited_at_utc=_now(), **changes
        )
        row, _ = store_revision(self.session, content, origin="local", actor=writer)
        refresh_report(self.session, base.report_id, actor=writer)
        return self._written(row)

    def _written(self, rev: ReportRevisionRow) -> ReconReport:
        """The revision just written, as its writer wrote it (no read check: they wrote it)."""
        view = self.session.get(ReportRow, rev.report_id)
        conflict = view is not None and len(self._visible_heads(view)) > 1
        return self._to_report(
            rev, self._names([rev.author_id]), conflict=conflict, as_written=True
        )

    def edit(
        self,
        report_id: str,
        *,
        text: str | None = None,
        fields: Mapping[str, Any] | None = None,
        level: str | None = None,
        rel_to: Sequence[str] | None = None,
    ) -> ReconReport:
        """Record an edit of the current revision (fields given replace those present).

        The new marking follows :func:`arcticrecon.survey.remark_marking`: never above the
        editor's clearance; the editor's and the originator's nations stay in REL TO; only
        the originator (or the releasing authority of the originator's nation) may lower
        the level or widen REL TO. The originator (author) never changes.

        Raises
        ------
        NotFoundError
            If the report is not visible to the editor.
        InputError
            Bad fields or marking, or a level above the editor's clearance.
        ReleasabilityError
            If someone other than the originator or releasing authority lowers the level
            (field ``level``) or widens REL TO (field ``rel_to``).
        """
        _, base = self._current_revision(report_id)
        return self._edit(base, text=text, fields=fields, level=level, rel_to=rel_to)

    def _edit(
        self,
        base: ReportRevisionRow,
        *,
        text: str | None,
        fields: Mapping[str, Any] | None,
        level: str | None,
        rel_to: Sequence[str] | None,
        replace_fields: bool = False,
    ) -> ReconReport:
        current = _marking(base.level, base.rel_to)
        requested = self._requested_marking(level, rel_to, default=current)
        marking = self._remark(base.author_id, [current], requested)
        changes: dict[str, Any] = {"level": marking.level, "rel_to": list(marking.rel_to)}
        if text is not None:
            changes["text"] = text.strip()
        if fields is not None:
            merged = dict(fields) if replace_fields else {**base.fields, **fields}
            changes["fields"] = validate_fields(ReportKind(base.kind), merged)
            if form_of_kind(base.kind) is not None:
                changes.update(self._survey_changes(base, changes["fields"]))
        return self._derive(base, [base.id], **changes)

    def _survey_changes(self, base: ReportRevisionRow, payload: dict[str, Any]) -> dict[str, Any]:
        """Report columns that follow a survey's form: site (checked), time, narrative."""
        from arcticrecon.survey.forms import validate_form

        survey = validate_form(payload)
        site = self._survey_site(survey.site, base.report_id)
        if site != base.site:
            raise InputError(
                f"survey {base.report_id}: site: the survey is of {base.site}, the new form "
                f"names {survey.site or 'a new zone'}; file a new survey for another site",
                field="site",
                value=survey.site,
            )
        return {"observed_at_utc": survey.observed_at_utc, "text": survey.narrative}

    def edit_survey(
        self,
        report_id: str,
        form: Mapping[str, Any],
        *,
        level: str | None = None,
        rel_to: Sequence[str] | None = None,
    ) -> ReconReport:
        """Record a new revision of a structured survey with a whole new form.

        The form replaces the stored one (same form, same site); observation time and text
        follow it. Marking rules, conflicts and audit are those of :meth:`edit`.

        Raises
        ------
        NotFoundError
            If the survey is not visible to the editor.
        InputError
            The report is not a survey, the form is another form or names another site, or
            a form field is invalid (one line naming it).
        ReleasabilityError
            As :meth:`edit`.
        """
        _, base = self._current_revision(report_id)
        expected = form_of_kind(base.kind)
        if expected is None:
            raise InputError(
                f"report {report_id} is a {base.kind} report, not a structured survey; "
                "edit it with --text/--field",
                field="report",
                value=report_id,
            )
        from arcticrecon.survey.forms import validate_form

        validate_form(form, form=expected, source=f"{expected} survey")
        return self._edit(
            base, text=None, fields=form, level=level, rel_to=rel_to, replace_fields=True
        )

    def _no_conflict(self, report_id: str) -> NotFoundError:
        """One answer for "no conflict" and "a conflict with heads you may not read"."""
        return NotFoundError(
            f"report {report_id} has no conflict visible to {self.reader.label()}",
            field="report",
            value=report_id,
        )

    def resolve(
        self, report_id: str, keep_revision_id: str, *, text: str | None = None
    ) -> ReconReport:
        """Resolve a conflict: a new revision with every head as parent, content of ``keep``.

        A conflict one of whose heads the reader may not read is not theirs to see or
        resolve: it is answered exactly like a report without a conflict (same error and
        text), so resolving never reveals a hidden revision. The resolution keeps the
        content of ``keep``; its marking is ``keep``'s if the resolver is the originator
        or the releasing authority of the originator's nation, otherwise the high-water
        mark of all heads (nobody else may lower a marking by choosing a lower head).

        Raises
        ------
        NotFoundError
            If the report is not visible, has no conflict, or has a head the reader may
            not read (one message for the last two).
        InputError
            If ``keep_revision_id`` is not one of its heads.
        """
        row = self.session.get(ReportRow, report_id.strip())
        if row is None or not can_read(self.reader, _marking(row.level, row.rel_to)):
            raise self._not_found(report_id)
        # the same statements whether the conflict is absent or hidden (same timing)
        heads = self.session.scalars(
            sa.select(ReportRevisionRow).where(ReportRevisionRow.id.in_(list(row.heads)))
        ).all()
        markings = [_marking(h.level, h.rel_to) for h in heads]
        if len(heads) < 2 or not all(can_read(self.reader, m) for m in markings):
            raise self._no_conflict(report_id)
        match = [h for h in heads if h.id.startswith(keep_revision_id.strip())]
        if len(match) != 1 or not keep_revision_id.strip():
            raise InputError(
                f"revision {keep_revision_id!r} is not one head of report {report_id}; choose one of {', '.join(sorted(h.id[:12] for h in heads))}",
                field="keep",
                value=keep_revision_id,
            )
        keep = match[0]
        levels = self.reader.levels
        may = MissionRepository(self.session).may_release(self.reader.person_id, keep.author_id)
        requested = _marking(keep.level, keep.rel_to) if may else high_water(markings, levels)
        marking = self._remark(keep.author_id, markings, requested)
        changes: dict[str, Any] = {"level": marking.level, "rel_to": list(marking.rel_to)}
        if text is not None:
            changes["text"] = text.strip()
        return self._derive(keep, [h.id for h in heads], **changes)

    def delete(self, report_id: str) -> None:
        """Delete a report (a deletion revision, so the deletion also syncs).

        Raises
        ------
        NotFoundError
            If the report is not visible to the reader.
        ReleasabilityError
            If the reader is neither the originator nor the releasing authority of the
            originator's nation (a deletion withdraws the report from everyone).
        """
        _, base = self._current_revision(report_id)
        author = self.session.get(PersonRow, base.author_id)
        if not MissionRepository(self.session).may_release(self.reader.person_id, base.author_id):
            nation = author.nation if author is not None else "the originator's nation"
            raise ReleasabilityError(
                f"report {report_id}: only the originator or the releasing authority of "
                f"{nation} may delete it",
                field="report",
                value=report_id,
            )
        self._derive(base, [base.id], deleted=True)
