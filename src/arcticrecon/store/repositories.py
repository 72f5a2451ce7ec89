"""Repositories: the only way the interfaces read and write the store.

* :class:`MissionRepository` — mission, nations, people, teams, readers.
* :class:`ReportRepository` — reconnaissance reports for one :class:`Reader`; every read
  (get, list, search, conflicts, attachments) filters through
  :func:`arcticrecon.survey.policy.can_read`, and reports the reader may not see are
  indistinguishable from reports that do not exist.
* :class:`OverrideRepository` — site overrides for one reader, same rule.

Reports are stored as immutable revisions whose id is the SHA-256 of their content; each
edit names its parent revision(s). The current view of a report is its newest *head*
(a revision no other revision names as parent); two heads mean two edits made without
seeing each other — a conflict that stays flagged until a person resolves it. Every write
appends to the audit log in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arcticrecon.errors import InputError, NotFoundError
from arcticrecon.mission.nations import nation_code, nation_name
from arcticrecon.store.audit import audit_change
from arcticrecon.store.hashing import canonical_json, record_hash, sha256_hex
from arcticrecon.store.models import (
    AttachmentBlobRow,
    MissionRow,
    NationRow,
    PersonRow,
    ReportRevisionRow,
    ReportRow,
    SiteOverrideRow,
    TeamMemberRow,
    TeamRow,
)
from arcticrecon.survey.marking import (
    DEFAULT_LEVELS,
    Marking,
    Reader,
    normalise_level,
    normalise_levels,
    normalise_rel_to,
)
from arcticrecon.survey.models import (
    AttachmentRef,
    ReconReport,
    ReportKind,
    SiteOverride,
    validate_fields,
    validate_override,
)
from arcticrecon.survey.policy import can_read, writer_marking

__all__ = [
    "PERSON_NAMESPACE",
    "ConflictView",
    "MissionRecord",
    "MissionRepository",
    "NewAttachment",
    "OverrideRepository",
    "PersonRecord",
    "ReportRepository",
    "TeamRecord",
    "local_actor",
    "person_id_for",
    "revision_id",
]

#: UUID namespace of person ids: uuid5(PERSON_NAMESPACE, "<NATION>:<name casefolded>").
PERSON_NAMESPACE = uuid.UUID("6f1c2a52-93a4-4d55-9a43-0c2d8a7e5b10")
TEAM_NAMESPACE = uuid.UUID("0b6f3f0e-5a9c-4e5e-8f5c-54a1c7d2e911")

REVISION_KEYS = (
    "report_id",
    "parents",
    "site",
    "kind",
    "team",
    "author_id",
    "edited_by_id",
    "observed_at_utc",
    "edited_at_utc",
    "fields",
    "text",
    "level",
    "rel_to",
    "attachments",
    "deleted",
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def local_actor() -> str:
    """Audit actor for administrative commands run without ``--as``: ``local:<os user>``."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        user = "unknown"
    return f"local:{user}"


def person_id_for(name: str, nation: str) -> str:
    """Deterministic person id, the same on every laptop (UUID5, RFC 4122).

    Examples
    --------
    >>> person_id_for("Jane  Doe", "BEL") == person_id_for("jane doe", "BEL")
    True
    """
    key = f"{nation}:{' '.join(name.split()).casefold()}"
    return str(uuid.uuid5(PERSON_NAMESPACE, key))


def revision_id(content: Mapping[str, Any]) -> str:
    """SHA-256 of a revision's canonical content (the keys of :data:`REVISION_KEYS`)."""
    return sha256_hex(canonical_json({k: content[k] for k in REVISION_KEYS}))


def _site_code(site: str) -> str:
    """Catalogue ICAO code of ``site`` (raises UnknownSiteError); catalogue cached by mtime."""
    from arcticrecon.catalog.catalog import catalog_files

    files = catalog_files()
    return _catalog_codes(tuple((str(p), p.stat().st_mtime_ns) for p in files)).get(site).icao


@functools.lru_cache(maxsize=2)
def _catalog_codes(_key: tuple[tuple[str, int], ...]) -> Any:
    from arcticrecon.catalog import load_catalog

    return load_catalog()


def _utc(value: dt.datetime | None, *, field: str) -> dt.datetime:
    if value is None:
        return _now()
    if value.tzinfo is None:
        raise InputError(
            f"{field}: {value.isoformat()} has no time zone; give UTC, e.g. 2026-01-20T14:00Z",
            field=field,
            value=value,
        )
    return value.astimezone(dt.UTC)


@dataclass(frozen=True)
class MissionRecord:
    """The mission.

    Attributes
    ----------
    name, lead_nation : str
    levels : tuple of str
        Classification levels, lowest first.
    nations : tuple of str
        Alpha-3 codes in the order added (lead first).
    created_at_utc : datetime
    """

    name: str
    lead_nation: str
    levels: tuple[str, ...]
    nations: tuple[str, ...]
    created_at_utc: dt.datetime


@dataclass(frozen=True)
class PersonRecord:
    """A person of the mission: a password-less identity (a later login table refers to ``id``).

    Attributes
    ----------
    id : str
        :func:`person_id_for` of name and nation (UUID5), the same on every laptop.
    name, nation, rank, role, clearance : str
    arrive, depart : date or None
    """

    id: str
    name: str
    nation: str
    rank: str
    role: str
    clearance: str
    arrive: dt.date | None
    depart: dt.date | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class TeamRecord:
    """A team: name, member names, tasks."""

    id: str
    name: str
    members: tuple[str, ...]
    tasks: tuple[str, ...]


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


def _person_record(p: PersonRow) -> PersonRecord:
    return PersonRecord(p.id, p.name, p.nation, p.rank, p.role, p.clearance, p.arrive, p.depart)


class MissionRepository:
    """Mission, nations, people and teams.

    Parameters
    ----------
    session : Session
        A read session, or a write session from :meth:`Store.write` for the ``add_*``
        methods.
    actor : str, optional
        Audit actor for writes (person id; default :func:`local_actor`).
    """

    def __init__(self, session: Session, *, actor: str | None = None) -> None:
        self.session = session
        self.actor = actor or local_actor()

    # -- mission -------------------------------------------------------------------------
    def get_mission(self) -> MissionRecord:
        """The mission.

        Raises
        ------
        NotFoundError
            If the database has no mission yet.
        """
        m = self.session.get(MissionRow, 1)
        if m is None:
            raise NotFoundError(
                "this database has no mission yet; run `arcticrecon mission init --name NAME --lead DNK` first",
                field="mission",
            )
        return MissionRecord(
            m.name, m.lead_nation, tuple(m.levels), tuple(self.nations()), m.created_at_utc
        )

    def levels(self) -> tuple[str, ...]:
        """The mission's ordered classification levels (lowest first)."""
        return self.get_mission().levels

    def init_mission(
        self, *, name: str, lead_nation: str, levels: Sequence[str] = DEFAULT_LEVELS
    ) -> MissionRecord:
        """Create the mission and register its lead nation.

        Idempotent when called again with the same name and lead nation.

        Raises
        ------
        InputError
            If the name is empty, the lead nation is not ISO 3166-1, or a different mission
            already exists in this database.
        """
        name = " ".join(name.split())
        if not name:
            raise InputError("mission name is empty; give --name", field="name", value=name)
        lead = nation_code(lead_nation, field="lead")
        lv = normalise_levels(levels)
        existing = self.session.get(MissionRow, 1)
        if existing is not None:
            if existing.name == name and existing.lead_nation == lead:
                return self.get_mission()
            raise InputError(
                f"this database already holds mission {existing.name!r} led by {existing.lead_nation}; use another --db",
                field="name",
                value=name,
            )
        row = MissionRow(id=1, name=name, lead_nation=lead, levels=list(lv), created_at_utc=_now())
        self.session.add(row)
        audit_change(self.session, actor=self.actor, action="create", row=row, before_hash=None)
        self.add_nations([lead])
        return self.get_mission()

    # -- nations -------------------------------------------------------------------------
    def nations(self) -> list[str]:
        """Mission nations, alpha-3, in the order added (lead first)."""
        rows = self.session.scalars(sa.select(NationRow).order_by(NationRow.position))
        return [r.code for r in rows]

    def add_nations(self, codes: Iterable[object]) -> list[str]:
        """Add nations (alpha-2 or alpha-3); already present ones are skipped.

        Returns
        -------
        added : list of str
            Alpha-3 codes actually added.

        Raises
        ------
        InputError
            If a code is not ISO 3166-1 (nothing is added then).
        NotFoundError
            If there is no mission yet.
        """
        self.get_mission()
        wanted = [nation_code(c, field="nation") for c in codes]
        present = set(self.nations())
        pos = len(present)
        added: list[str] = []
        for code in wanted:
            if code in present:
                continue
            row = NationRow(code=code, name=nation_name(code), position=pos)
            pos += 1
            present.add(code)
            self.session.add(row)
            audit_change(self.session, actor=self.actor, action="create", row=row, before_hash=None)
            added.append(code)
        return added

    def _require_nation(self, code: str, *, field: str) -> str:
        c = nation_code(code, field=field)
        if self.session.get(NationRow, c) is None:
            raise InputError(
                f"{field}: {c} is not a nation of this mission; run `arcticrecon nation add {c}` first",
                field=field,
                value=c,
            )
        return c

    # -- people --------------------------------------------------------------------------
    def add_person(
        self,
        *,
        name: str,
        nation: str,
        clearance: str,
        rank: str = "",
        role: str = "",
        arrive: dt.date | None = None,
        depart: dt.date | None = None,
    ) -> PersonRecord:
        """Register a person (their id is :func:`person_id_for` of name and nation).

        Raises
        ------
        InputError
            If the name is empty, the nation is not in the mission, the clearance is not a
            mission level, depart is before arrive, or the person already exists.
        """
        name = " ".join(name.split())
        if not name:
            raise InputError("person name is empty", field="name", value=name)
        code = self._require_nation(nation, field="nation")
        level = normalise_level(clearance, self.levels(), field="clearance")
        if arrive and depart and depart < arrive:
            raise InputError(
                f"depart {depart} is before arrive {arrive}", field="depart", value=depart
            )
        pid = person_id_for(name, code)
        if self.session.get(PersonRow, pid) is not None:
            raise InputError(
                f"person {name!r} of {code} already exists (id {pid})", field="name", value=name
            )
        row = PersonRow(
            id=pid,
            name=name,
            nation=code,
            rank=rank.strip(),
            role=role.strip(),
            clearance=level,
            arrive=arrive,
            depart=depart,
        )
        self.session.add(row)
        audit_change(self.session, actor=self.actor, action="create", row=row, before_hash=None)
        return _person_record(row)

    def persons(self, *, nation: str | None = None) -> list[PersonRecord]:
        """People, by nation then name.

        Parameters
        ----------
        nation : str, optional
            Only this nation (alpha-2 or alpha-3).

        Returns
        -------
        people : list of PersonRecord
        """
        stmt = sa.select(PersonRow).order_by(PersonRow.nation, PersonRow.name)
        if nation:
            stmt = stmt.where(PersonRow.nation == nation_code(nation))
        return [_person_record(p) for p in self.session.scalars(stmt)]

    def find_person(self, name_or_id: str) -> PersonRecord:
        """A person by id or by name (case-insensitive).

        Raises
        ------
        NotFoundError
            If nobody matches.
        InputError
            If several people share the name (the message lists their ids).
        """
        key = name_or_id.strip()
        row = self.session.get(PersonRow, key)
        if row is not None:
            return _person_record(row)
        folded = " ".join(key.split()).casefold()
        hits = [
            p for p in self.session.scalars(sa.select(PersonRow)) if p.name.casefold() == folded
        ]
        if not hits:
            raise NotFoundError(
                f"no person {name_or_id!r} in this mission; see `arcticrecon person list`",
                field="person",
                value=name_or_id,
            )
        if len(hits) > 1:
            ids = ", ".join(f"{p.id} ({p.nation})" for p in hits)
            raise InputError(
                f"several people are called {name_or_id!r}: {ids}; give the id",
                field="person",
                value=name_or_id,
            )
        return _person_record(hits[0])

    def reader_for(self, name_or_id: str) -> Reader:
        """The :class:`Reader` of a stored person.

        Parameters
        ----------
        name_or_id : str
            Person id or name (case-insensitive).

        Returns
        -------
        Reader
            Nation, clearance, the mission's levels, person id and name.

        Raises
        ------
        NotFoundError
            If nobody matches (or there is no mission).
        InputError
            If the name is ambiguous.
        """
        p = self.find_person(name_or_id)
        return Reader(
            nation=p.nation,
            clearance=p.clearance,
            levels=self.levels(),
            person_id=p.id,
            name=p.name,
        )

    # -- teams ---------------------------------------------------------------------------
    def add_team(
        self, *, name: str, members: Sequence[str] = (), tasks: Sequence[str] = ()
    ) -> TeamRecord:
        """Create a team with members (names or ids of stored people) and tasks.

        Raises
        ------
        InputError
            If the name is empty or taken; :class:`NotFoundError` for an unknown member.
        """
        name = " ".join(name.split())
        if not name:
            raise InputError("team name is empty", field="name", value=name)
        self.get_mission()
        if self.session.scalar(sa.select(TeamRow).where(TeamRow.name == name)) is not None:
            raise InputError(f"team {name!r} already exists", field="name", value=name)
        people = [self.find_person(m) for m in members]
        row = TeamRow(
            id=str(uuid.uuid5(TEAM_NAMESPACE, name.casefold())),
            name=name,
            tasks=[t.strip() for t in tasks if t.strip()],
        )
        self.session.add(row)
        audit_change(self.session, actor=self.actor, action="create", row=row, before_hash=None)
        self.session.flush()  # the team row before its members (no ORM relationship orders them)
        for p in {p.id: p for p in people}.values():
            m = TeamMemberRow(team_id=row.id, person_id=p.id)
            self.session.add(m)
            audit_change(self.session, actor=self.actor, action="create", row=m, before_hash=None)
        return self._team_record(row)

    def _team_record(self, t: TeamRow) -> TeamRecord:
        names = self.session.scalars(
            sa.select(PersonRow.name)
            .join(TeamMemberRow, TeamMemberRow.person_id == PersonRow.id)
            .where(TeamMemberRow.team_id == t.id)
            .order_by(PersonRow.name)
        )
        return TeamRecord(t.id, t.name, tuple(names), tuple(t.tasks))

    def teams(self) -> list[TeamRecord]:
        """Teams by name."""
        return [
            self._team_record(t)
            for t in self.session.scalars(sa.select(TeamRow).order_by(TeamRow.name))
        ]

    def _team_name(self, team: str | None) -> str | None:
        if team is None or not team.strip():
            return None
        row = self.session.scalar(sa.select(TeamRow).where(TeamRow.name == " ".join(team.split())))
        if row is None:
            raise NotFoundError(
                f"no team {team!r}; see `arcticrecon team list`", field="team", value=team
            )
        return row.name


# ---------------------------------------------------------------------------------------
# reports
# ---------------------------------------------------------------------------------------


def _marking(level: str, rel_to: Sequence[str]) -> Marking:
    return Marking(level=level, rel_to=tuple(rel_to))


def _attachment_refs(items: Sequence[Mapping[str, Any]]) -> tuple[AttachmentRef, ...]:
    return tuple(
        AttachmentRef(
            a["sha256"],
            a["filename"],
            a["media_type"],
            int(a["size_bytes"]),
            _marking(a["level"], a["rel_to"]),
        )
        for a in items
    )


def refresh_report(session: Session, report_id: str, *, actor: str) -> None:
    """Recompute the current view (``recon_report`` row) of a report from its revisions.

    The current revision is the newest head by ``edited_at_utc`` (ties: larger id) among
    heads that are not deletions; when every head is a deletion the view is removed. The
    result depends only on the set of revisions present, not on the order they arrived.
    """
    revs = list(
        session.scalars(
            sa.select(ReportRevisionRow).where(ReportRevisionRow.report_id == report_id)
        )
    )
    existing = session.get(ReportRow, report_id)
    named = {p for r in revs for p in r.parents}
    heads = [r for r in revs if r.id not in named]
    live = [r for r in heads if not r.deleted]
    if not live:
        if existing is not None:
            before = record_hash(existing)
            session.delete(existing)
            session.flush()
            audit_change(session, actor=actor, action="delete", row=existing, before_hash=before)
        return
    cur = max(live, key=lambda r: (r.edited_at_utc, r.id))
    values = {
        "revision_id": cur.id,
        "site": cur.site,
        "kind": cur.kind,
        "team": cur.team,
        "author_id": cur.author_id,
        "observed_at_utc": cur.observed_at_utc,
        "edited_at_utc": cur.edited_at_utc,
        "fields": cur.fields,
        "text": cur.text,
        "level": cur.level,
        "rel_to": cur.rel_to,
        "attachments": cur.attachments,
        "heads": sorted(h.id for h in heads),
    }
    if existing is None:
        row = ReportRow(id=report_id, **values)
        session.add(row)
        audit_change(session, actor=actor, action="create", row=row, before_hash=None)
        return
    if all(getattr(existing, k) == v for k, v in values.items()):
        return
    before = record_hash(existing)
    for k, v in values.items():
        setattr(existing, k, v)
    audit_change(session, actor=actor, action="update", row=existing, before_hash=before)


def store_revision(
    session: Session, content: Mapping[str, Any], *, origin: str, actor: str
) -> tuple[ReportRevisionRow, bool]:
    """Insert a revision unless present; return it and whether it was new.

    Raises
    ------
    InputError
        If ``content["id"]`` is given and does not match the content's SHA-256.
    """
    rid = revision_id(content)
    if content.get("id", rid) != rid:
        raise InputError(
            f"revision {content.get('id')} does not match its content (hash {rid}); the data was altered",
            field="revision",
            value=content.get("id"),
        )
    existing = session.get(ReportRevisionRow, rid)
    if existing is not None:
        return existing, False
    row = ReportRevisionRow(id=rid, origin=origin, **{k: content[k] for k in REVISION_KEYS})
    session.add(row)
    audit_change(session, actor=actor, action="create", row=row, before_hash=None)
    return row, True


def store_blob(session: Session, content: bytes, *, actor: str) -> str:
    """Store attachment content once under its SHA-256; return the hex digest."""
    digest = sha256_hex(content)
    if session.get(AttachmentBlobRow, digest) is None:
        row = AttachmentBlobRow(sha256=digest, size_bytes=len(content), content=content)
        session.add(row)
        audit_change(session, actor=actor, action="create", row=row, before_hash=None)
    return digest


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

    def _visible_rows(self, stmt: sa.Select[tuple[ReportRow]]) -> list[ReportRow]:
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
            raise NotFoundError(
                f"no report {report_id!r} visible to {self.reader.label()} (it does not exist or is not released to you)",
                field="report",
                value=report_id,
            )
        return self._convert([row])[0]

    def _select(
        self, *, site: str | None, kind: ReportKind | str | None, since_utc: dt.datetime | None
    ) -> sa.Select[tuple[ReportRow]]:
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

    def search(
        self, query: str, *, site: str | None = None, kind: ReportKind | str | None = None
    ) -> list[ReconReport]:
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

    def conflicts(self) -> list[ConflictView]:
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
            raise InputError("writing needs a person identity; give --as PERSON", field="as")
        return self.reader.person_id

    def _check_marking(
        self, level: str | None, rel_to: Sequence[str] | None, *, default: Marking | None = None
    ) -> Marking:
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
                    f"rel_to: {n} is not a nation of this mission; run `arcticrecon nation add {n}` first",
                    field="rel_to",
                    value=n,
                )
        # Never above the writer's clearance; the writer's nation is always in REL TO
        # (originator access): the author can always read back what they wrote.
        return writer_marking(self.reader, Marking(lv, nations))

    def _attachment_dicts(
        self, items: Sequence[NewAttachment], marking: Marking, writer: str
    ) -> list[dict[str, Any]]:
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
        site: str,
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
        site : str
            ICAO code / catalogue ident (checked against the catalogue).
        kind : ReportKind or str
        text : str
        fields : mapping, optional
            Structured fields for ``kind`` (:data:`~arcticrecon.survey.REPORT_FIELDS`).
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
        icao = _site_code(site)
        marking = self._check_marking(level, rel_to)
        content = {
            "report_id": str(uuid.uuid4()),
            "parents": [],
            "site": icao,
            "kind": k.value,
            "team": MissionRepository(self.session)._team_name(team),
            "author_id": writer,
            "edited_by_id": writer,
            "observed_at_utc": _utc(observed_at_utc, field="observed_at"),
            "edited_at_utc": _now(),
            "fields": validate_fields(k, fields or {}),
            "text": text.strip(),
            "level": marking.level,
            "rel_to": list(marking.rel_to),
            "attachments": self._attachment_dicts(attachments, marking, writer),
            "deleted": False,
        }
        row, _ = store_revision(self.session, content, origin="local", actor=writer)
        refresh_report(self.session, content["report_id"], actor=writer)
        return self._written(row)

    def _current_revision(self, report_id: str) -> tuple[ReportRow, ReportRevisionRow]:
        self.get(report_id)  # visibility check (same error for missing and hidden)
        row = self.session.get(ReportRow, report_id)
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

        The new marking follows :func:`arcticrecon.survey.writer_marking` (never above the
        editor's clearance; the editor's nation is kept in REL TO).

        Raises
        ------
        NotFoundError
            If the report is not visible to the editor.
        InputError
            Bad fields or marking, or a level above the editor's clearance.
        """
        _, base = self._current_revision(report_id)
        marking = self._check_marking(level, rel_to, default=_marking(base.level, base.rel_to))
        changes: dict[str, Any] = {"level": marking.level, "rel_to": list(marking.rel_to)}
        if text is not None:
            changes["text"] = text.strip()
        if fields is not None:
            merged = {**base.fields, **fields}
            changes["fields"] = validate_fields(ReportKind(base.kind), merged)
        return self._derive(base, [base.id], **changes)

    def resolve(
        self, report_id: str, keep_revision_id: str, *, text: str | None = None
    ) -> ReconReport:
        """Resolve a conflict: a new revision with every head as parent, content of ``keep``.

        Raises
        ------
        InputError
            If the report has no conflict or ``keep_revision_id`` is not one of its heads.
        """
        row, _ = self._current_revision(report_id)
        heads = list(row.heads)
        match = [h for h in heads if h.startswith(keep_revision_id.strip())]
        if len(heads) < 2:
            raise InputError(
                f"report {report_id} has no conflict to resolve", field="report", value=report_id
            )
        if len(match) != 1:
            raise InputError(
                f"revision {keep_revision_id!r} is not one head of report {report_id}; choose one of {', '.join(h[:12] for h in heads)}",
                field="keep",
                value=keep_revision_id,
            )
        keep = self.session.get(ReportRevisionRow, match[0])
        if keep is None or not can_read(self.reader, _marking(keep.level, keep.rel_to)):
            raise NotFoundError(
                f"revision {keep_revision_id} is not visible to {self.reader.label()}",
                field="keep",
                value=keep_revision_id,
            )
        changes = {} if text is None else {"text": text.strip()}
        return self._derive(keep, heads, **changes)

    def delete(self, report_id: str) -> None:
        """Delete a report (a deletion revision, so the deletion also syncs)."""
        _, base = self._current_revision(report_id)
        self._derive(base, [base.id], deleted=True)


# ---------------------------------------------------------------------------------------
# site overrides
# ---------------------------------------------------------------------------------------


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
        for o in self.list():  # sorted by observation time: later ones win
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
        """Delete a visible override.

        Raises
        ------
        NotFoundError
            If it does not exist or is not visible to the reader.
        """
        row = self.session.get(SiteOverrideRow, override_id)
        if row is None or not can_read(self.reader, _marking(row.level, row.rel_to)):
            raise NotFoundError(
                f"no override {override_id!r} visible to {self.reader.label()}",
                field="override",
                value=override_id,
            )
        writer = ReportRepository(self.session, self.reader)._writer()
        before = record_hash(row)
        self.session.delete(row)
        self.session.flush()
        audit_change(self.session, actor=writer, action="delete", row=row, before_hash=before)
