"""Mission, nations, people and teams: :class:`MissionRepository` and its records."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arcticrecon.errors import InputError, NotFoundError
from arcticrecon.mission.nations import nation_code, nation_name
from arcticrecon.store._shared import _now, local_actor
from arcticrecon.store.audit import audit_change
from arcticrecon.store.hashing import record_hash
from arcticrecon.store.models import (
    MissionRow,
    NationRow,
    PersonRow,
    ReleasingAuthorityRow,
    TeamMemberRow,
    TeamRow,
)
from arcticrecon.survey.marking import (
    DEFAULT_LEVELS,
    Reader,
    normalise_level,
    normalise_levels,
)

__all__ = [
    "PERSON_NAMESPACE",
    "MissionRecord",
    "MissionRepository",
    "PersonRecord",
    "TeamRecord",
    "person_id_for",
]

#: UUID namespace of person ids: uuid5(PERSON_NAMESPACE, "<NATION>:<name casefolded>").
PERSON_NAMESPACE = uuid.UUID("6f1c2a52-93a4-4d55-9a43-0c2d8a7e5b10")
TEAM_NAMESPACE = uuid.UUID("0b6f3f0e-5a9c-4e5e-8f5c-54a1c7d2e911")


def person_id_for(name: str, nation: str) -> str:
    """Deterministic person id, the same on every laptop (UUID5, RFC 4122).

    Examples
    --------
    >>> person_id_for("Jane  Doe", "BEL") == person_id_for("jane doe", "BEL")
    True
    """
    key = f"{nation}:{' '.join(name.split()).casefold()}"
    return str(uuid.uuid5(PERSON_NAMESPACE, key))


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
                "this database has no mission yet; create the mission first",
                field="mission",
                remedy="mission_init",
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
            raise InputError(
                "name: the mission name is empty", field="name", value=name, remedy="give_option"
            )
        lead = nation_code(lead_nation, field="lead")
        lv = normalise_levels(levels)
        existing = self.session.get(MissionRow, 1)
        if existing is not None:
            if existing.name == name and existing.lead_nation == lead:
                return self.get_mission()
            raise InputError(
                f"this database already holds mission {existing.name!r} led by {existing.lead_nation}; use another database",
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
                f"{field}: {c} is not a nation of this mission; add it first",
                field=field,
                value=c,
                remedy="nation_add",
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
                f"no person {name_or_id!r} in this mission",
                field="person",
                value=name_or_id,
                remedy="person_list",
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

    # -- releasing authority -------------------------------------------------------------
    def releasing_authority(self, nation: str) -> PersonRecord | None:
        """The person holding the releasing authority of ``nation``, if the mission names one.

        Parameters
        ----------
        nation : str
            Alpha-2 or alpha-3 code.
        """
        row = self.session.get(ReleasingAuthorityRow, nation_code(nation, field="nation"))
        if row is None:
            return None
        person = self.session.get(PersonRow, row.person_id)
        return None if person is None else _person_record(person)

    def set_releasing_authority(self, nation: str, person: str | None) -> PersonRecord | None:
        """Name (or with ``None`` remove) the releasing authority of a mission nation.

        Besides a record's originator, only this person may lower the level or widen the
        REL TO of records originated by ``nation`` (see
        :func:`arcticrecon.survey.remark_marking`).

        Parameters
        ----------
        nation : str
            A nation of the mission.
        person : str or None
            Name or id of a stored person of that nation.

        Returns
        -------
        PersonRecord or None
            The new authority.

        Raises
        ------
        InputError
            If the nation is not in the mission or the person is not of that nation.
        NotFoundError
            If the person does not exist.
        """
        code = self._require_nation(nation, field="nation")
        row = self.session.get(ReleasingAuthorityRow, code)
        if person is None:
            if row is not None:
                before = record_hash(row)
                self.session.delete(row)
                self.session.flush()
                audit_change(
                    self.session, actor=self.actor, action="delete", row=row, before_hash=before
                )
            return None
        p = self.find_person(person)
        if p.nation != code:
            raise InputError(
                f"releasing authority of {code}: {p.name} is not a person of {code} ({p.nation})",
                field="person",
                value=person,
            )
        if row is None:
            row = ReleasingAuthorityRow(nation=code, person_id=p.id)
            self.session.add(row)
            audit_change(self.session, actor=self.actor, action="create", row=row, before_hash=None)
        elif row.person_id != p.id:
            before = record_hash(row)
            row.person_id = p.id
            audit_change(
                self.session, actor=self.actor, action="update", row=row, before_hash=before
            )
        return p

    def may_release(self, person_id: str | None, originator_id: str) -> bool:
        """Whether ``person_id`` may lower/widen records originated by ``originator_id``.

        True for the originator themself and for the releasing authority of the
        originator's nation; False for everyone else (and for an unknown originator).
        """
        if person_id is None:
            return False
        if person_id == originator_id:
            return True
        author = self.session.get(PersonRow, originator_id)
        if author is None:
            return False
        row = self.session.get(ReleasingAuthorityRow, author.nation)
        return row is not None and row.person_id == person_id

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
            raise NotFoundError(f"no team {team!r}", field="team", value=team, remedy="team_list")
        return row.name
