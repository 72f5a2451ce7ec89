"""Web logins: a user table beside the mission store, linked to the store's people.

Each login belongs to one stored person (:class:`arcticrecon.store.models.PersonRow`); the
person's nation and clearance are the reader identity the releasability policy uses, so
they are kept in one place. The login table holds only the user name, the Argon2id hash,
the admin flag and a link to the person; revoked sessions (logouts) are kept until their
token would have expired anyway.

The tables are part of the store's schema (:class:`arcticrecon.store.models.UserRow`,
migration 0003) and every change of a login is in the audit log, so giving a login admin
rights or another person's identity in the database file fails ``audit verify``.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arcticrecon.errors import InputError
from arcticrecon.mission.nations import nation_code
from arcticrecon.store.audit import audit_change
from arcticrecon.store.models import PersonRow, UserRow
from arcticrecon.store.models import WebRevokedSessionRow as RevokedSessionRow
from arcticrecon.store.repositories import local_actor
from arcticrecon.survey import Reader
from arcticrecon.web.security import MIN_PASSWORD_CHARS, hash_password

__all__ = [
    "RevokedSessionRow",
    "UserRow",
    "WebUser",
    "add_user",
    "create_web_tables",
    "get_user",
    "session_user",
    "user_by_name",
]


def create_web_tables(engine: sa.Engine) -> None:
    """Make sure the web tables exist (they are part of the store's migrations since 0003).

    Kept for callers of the previous wave: migrating the store creates them.
    """
    from arcticrecon.store.db import migrate

    migrate(engine)


@dataclass(frozen=True)
class WebUser:
    """A logged-in user as the endpoints see it.

    Attributes
    ----------
    id : int
    username : str
    person_id, name, rank : str
        The linked person.
    nation : str
        ISO 3166-1 alpha-3 code.
    clearance : str
    is_admin : bool
    password_hash : str
    levels : tuple of str
        The mission's ordered classification levels.
    """

    id: int
    username: str
    person_id: str
    name: str
    rank: str
    nation: str
    clearance: str
    is_admin: bool
    password_hash: str
    levels: tuple[str, ...]

    @property
    def reader(self) -> Reader:
        """The reading identity for :func:`arcticrecon.survey.can_read`."""
        return Reader(
            nation=self.nation,
            clearance=self.clearance,
            levels=self.levels,
            person_id=self.person_id,
            name=self.name,
        )

    def public(self) -> dict[str, object]:
        """What the API shows about the user (never the hash)."""
        return {
            "username": self.username,
            "name": self.name,
            "rank": self.rank,
            "nation": self.nation,
            "clearance": self.clearance,
            "is_admin": self.is_admin,
            "levels": list(self.levels),
        }


def _to_user(session: Session, row: UserRow) -> WebUser | None:
    from arcticrecon.store.repositories import MissionRepository

    person = session.get(PersonRow, row.person_id)
    if person is None or row.disabled:
        return None
    levels = MissionRepository(session).levels()
    return WebUser(
        id=row.id,
        username=row.username,
        person_id=person.id,
        name=person.name,
        rank=person.rank,
        nation=person.nation,
        clearance=person.clearance,
        is_admin=row.is_admin,
        password_hash=row.password_hash,
        levels=tuple(levels),
    )


def get_user(session: Session, user_id: int) -> WebUser | None:
    """The active user with this id, or ``None`` (unknown, disabled or person gone)."""
    row = session.get(UserRow, user_id)
    return None if row is None else _to_user(session, row)


@functools.cache
def _session_user_stmt() -> Any:
    """The statement of :func:`session_user`, built once (bound ``user_id``, ``session_id``).

    Building a select (column coercion, cache key) costs more CPU than running it on
    SQLite; every authenticated request runs this one.
    """
    from arcticrecon.store.models import MissionRow

    levels = sa.select(MissionRow.levels).where(MissionRow.id == 1).scalar_subquery()
    revoked = sa.exists().where(RevokedSessionRow.session_id == sa.bindparam("session_id"))
    return (
        sa.select(
            UserRow.id,
            UserRow.username,
            UserRow.is_admin,
            UserRow.password_hash,
            UserRow.disabled,
            PersonRow.id.label("person_id"),
            PersonRow.name,
            PersonRow.rank,
            PersonRow.nation,
            PersonRow.clearance,
            levels.label("levels"),
            revoked.label("revoked"),
        )
        .join(PersonRow, PersonRow.id == UserRow.person_id)
        .where(UserRow.id == sa.bindparam("user_id"))
    )


def session_user(
    session: Session | sa.Connection, user_id: int, session_id: str
) -> tuple[WebUser | None, bool]:
    """The active user with this id and whether the session was revoked, in one query.

    What :func:`get_user` and a look-up of :class:`RevokedSessionRow` give together,
    but in one round trip (every authenticated request asks it): the login, its person,
    the mission's levels and the revocation, joined. Run on the connection (SQLAlchemy
    Core, statement built once), not through the ORM.

    Parameters
    ----------
    session : Session or Connection
        A read session or a plain connection of the store's engine.
    user_id : int
    session_id : str

    Returns
    -------
    user : WebUser or None
        ``None`` when the login is unknown or disabled, or its person is gone.
    revoked : bool
        Whether ``session_id`` was logged out.
    """
    conn = session.connection() if isinstance(session, Session) else session
    params = {"user_id": user_id, "session_id": session_id}
    row = conn.execute(_session_user_stmt(), params).one_or_none()
    if row is None or row.disabled:
        return None, bool(row is not None and row.revoked)
    if row.levels is None:  # no mission: the store's own error
        from arcticrecon.store.repositories import MissionRepository

        with Session(conn) as s:
            MissionRepository(s).levels()
    user = WebUser(
        id=row.id,
        username=row.username,
        person_id=row.person_id,
        name=row.name,
        rank=row.rank,
        nation=row.nation,
        clearance=row.clearance,
        is_admin=row.is_admin,
        password_hash=row.password_hash,
        levels=tuple(row.levels),
    )
    return user, bool(row.revoked)


def user_by_name(session: Session, username: str) -> WebUser | None:
    """The active user with this user name (exact, after trimming), or ``None``."""
    row = session.scalar(sa.select(UserRow).where(UserRow.username == username.strip()))
    return None if row is None else _to_user(session, row)


def add_user(
    session: Session,
    *,
    username: str,
    password: str,
    nation: str,
    clearance: str,
    rank: str = "",
    is_admin: bool = False,
    actor: str | None = None,
) -> WebUser:
    """Create a login (and its person, if the mission has none of that name and nation).

    Parameters
    ----------
    session : Session
        A write session of the store (:meth:`arcticrecon.store.db.Store.write`).
    username : str
        Login name, also the person's name.
    password : str
        At least :data:`~arcticrecon.web.security.MIN_PASSWORD_CHARS` characters.
    nation : str
        ISO 3166 code of a mission nation.
    clearance : str
        A mission classification level.
    rank : str
    is_admin : bool
        May verify the audit log.
    actor : str, optional
        Audit actor (default ``local:<os user>``, :func:`arcticrecon.store.repositories.local_actor`).

    Returns
    -------
    WebUser

    Raises
    ------
    InputError
        Empty name, short password, a taken user name, a nation not in the mission, an
        unknown clearance, or an existing person with a different clearance.
    NotFoundError
        If the database has no mission yet.
    """
    from arcticrecon.store.repositories import MissionRepository, person_id_for

    name = " ".join(username.split())
    if not name:
        raise InputError("user name is empty; give NAME", field="name", value=username)
    if len(password) < MIN_PASSWORD_CHARS:
        raise InputError(
            f"password has {len(password)} characters; give at least {MIN_PASSWORD_CHARS}",
            field="password",
            valid_range=f">= {MIN_PASSWORD_CHARS} characters",
        )
    if session.scalar(sa.select(UserRow).where(UserRow.username == name)) is not None:
        raise InputError(
            f"user {name!r} already exists; choose another name", field="name", value=name
        )
    missions = MissionRepository(session)
    code = nation_code(nation, field="nation")
    if code not in missions.nations():
        raise InputError(
            f"nation {code} is not in this mission; run `arcticrecon nation add {code}` first",
            field="nation",
            value=code,
        )
    person_row = session.get(PersonRow, person_id_for(name, code))
    if person_row is None:
        person = missions.add_person(name=name, nation=code, clearance=clearance, rank=rank)
        person_id = person.id
    else:
        from arcticrecon.survey import normalise_level

        level = normalise_level(clearance, missions.levels(), field="clearance")
        if level != person_row.clearance:
            raise InputError(
                f"person {name!r} of {code} is stored with clearance {person_row.clearance}, "
                f"not {level}; give --clearance {person_row.clearance}",
                field="clearance",
                value=level,
            )
        person_id = person_row.id
    row = UserRow(
        username=name,
        person_id=person_id,
        password_hash=hash_password(password),
        is_admin=is_admin,
        disabled=False,
        created_at_utc=dt.datetime.now(dt.UTC),
    )
    session.add(row)
    session.flush()  # the id
    audit_change(session, actor=actor or local_actor(), action="create", row=row, before_hash=None)
    user = _to_user(session, row)
    assert user is not None
    return user
