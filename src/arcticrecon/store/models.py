"""SQLAlchemy 2 ORM models of the mission store.

Tables (all timestamps timezone-aware UTC; see :class:`UTCDateTime`)::

    mission          one row: name, lead nation, ordered classification levels
    nation           ISO 3166-1 alpha-3 codes taking part
    releasing_authority  per nation, the person who may release its records (optional)
    person           password-less identities (a later ``user`` table links to person.id)
    team, team_member
    signing_key      Ed25519 public keys registered in the mission (offline bundles)
    report_revision  immutable, content-addressed revisions of reports (id = SHA-256)
    recon_report     the current view of each report (derived from its revisions)
    attachment_blob  attachment contents keyed by SHA-256
    site_override    findings overriding catalogue facts, each with a marking
    ais_assessment   analysts' assessments of AIS events and vessels, each with a marking
    tombstone        deleted records (site overrides) that sync, so no bundle resurrects them
    web_user         web logins linked to people (audited like every record)
    web_revoked_session  logged-out session ids until their expiry (not audited: ephemeral)
    audit_log        append-only, hash-chained log of every create/update/delete
    audit_checkpoint Ed25519 signatures of the chain's head hash (one per write transaction)
    peer_audit_head  the newest signed head received from each other laptop (bundles)
    store_generation one row: a counter every committed change to any other table bumps
                     (database triggers, migration 0005); readers' answer caches key on it

The schema is created by the Alembic migrations in ``arcticrecon/store/migrations``, never
by ``metadata.create_all``; a test checks that the two agree.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

__all__ = [
    "AisAssessmentRow",
    "AttachmentBlobRow",
    "AuditCheckpointRow",
    "AuditRow",
    "Base",
    "JSONText",
    "MissionRow",
    "NationRow",
    "PeerAuditHeadRow",
    "PersonRow",
    "ReleasingAuthorityRow",
    "ReportRevisionRow",
    "ReportRow",
    "SigningKeyRow",
    "SiteOverrideRow",
    "StoreGenerationRow",
    "TeamMemberRow",
    "TeamRow",
    "TombstoneRow",
    "UTCDateTime",
    "UserRow",
    "WebRevokedSessionRow",
]


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend.

    PostgreSQL stores ``timestamp with time zone``; SQLite stores naive UTC text. Values
    come back aware (UTC) from both, so content hashes agree across backends.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        """Refuse naive datetimes; convert to UTC (naive for SQLite)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; attach tzinfo=UTC")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class JSONText(TypeDecorator[Any]):
    """JSON stored as text on every backend.

    SQLite gives a column declared ``JSON`` NUMERIC affinity and turns a stored ``2700.0``
    into the integer 2700 (SQLite documentation, "Datatypes In SQLite", 3.1); storing
    plain text keeps values, and therefore content hashes, identical on both backends.
    """

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        """Serialise to compact JSON (``None`` becomes JSON ``null``)."""
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        """Parse the stored JSON text."""
        return None if value is None else json.loads(value)


class Base(DeclarativeBase):
    """Declarative base with a naming convention Alembic can rely on."""

    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class MissionRow(Base):
    """The mission (one row, ``id = 1``)."""

    __tablename__ = "mission"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(sa.String(200))
    lead_nation: Mapped[str] = mapped_column(sa.String(3))
    levels: Mapped[list[str]] = mapped_column(JSONText)
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class NationRow(Base):
    """A nation taking part (ISO 3166-1 alpha-3); ``position`` keeps the order added."""

    __tablename__ = "nation"
    code: Mapped[str] = mapped_column(sa.String(3), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[int] = mapped_column(sa.Integer)


class PersonRow(Base):
    """A person of the mission; the id is a UUID5 of nation and name (same on every laptop)."""

    __tablename__ = "person"
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    nation: Mapped[str] = mapped_column(sa.ForeignKey("nation.code"))
    rank: Mapped[str] = mapped_column(sa.String(50), default="")
    role: Mapped[str] = mapped_column(sa.String(200), default="")
    clearance: Mapped[str] = mapped_column(sa.String(50))
    arrive: Mapped[dt.date | None] = mapped_column(sa.Date, nullable=True)
    depart: Mapped[dt.date | None] = mapped_column(sa.Date, nullable=True)


class ReleasingAuthorityRow(Base):
    """The person holding the releasing authority of a nation (at most one per nation).

    Besides a record's originator, only this person may lower the level or widen the REL
    TO of records originated by that nation (:func:`arcticrecon.survey.remark_marking`).
    """

    __tablename__ = "releasing_authority"
    nation: Mapped[str] = mapped_column(sa.ForeignKey("nation.code"), primary_key=True)
    person_id: Mapped[str] = mapped_column(sa.ForeignKey("person.id"))


class TeamRow(Base):
    """A reconnaissance team."""

    __tablename__ = "team"
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    tasks: Mapped[list[str]] = mapped_column(JSONText)


class TeamMemberRow(Base):
    """Membership of a person in a team."""

    __tablename__ = "team_member"
    team_id: Mapped[str] = mapped_column(sa.ForeignKey("team.id"), primary_key=True)
    person_id: Mapped[str] = mapped_column(sa.ForeignKey("person.id"), primary_key=True)


class SigningKeyRow(Base):
    """An Ed25519 public key registered in the mission (RFC 8032)."""

    __tablename__ = "signing_key"
    key_id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    public_key_b64: Mapped[str] = mapped_column(sa.String(64))
    team: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)


class ReportRevisionRow(Base):
    """One immutable revision of a report; ``id`` is the SHA-256 of its content."""

    __tablename__ = "report_revision"
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    report_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    parents: Mapped[list[str]] = mapped_column(JSONText)
    site: Mapped[str] = mapped_column(sa.String(16))
    kind: Mapped[str] = mapped_column(sa.String(20))
    team: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    author_id: Mapped[str] = mapped_column(sa.ForeignKey("person.id"))
    edited_by_id: Mapped[str] = mapped_column(sa.ForeignKey("person.id"))
    observed_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    edited_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    fields: Mapped[dict[str, Any]] = mapped_column(JSONText)
    text: Mapped[str] = mapped_column(sa.Text)
    level: Mapped[str] = mapped_column(sa.String(50))
    rel_to: Mapped[list[str]] = mapped_column(JSONText)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSONText)
    deleted: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    origin: Mapped[str] = mapped_column(sa.String(64))


class ReportRow(Base):
    """Current view of a report: the newest head revision, plus the conflict flag."""

    __tablename__ = "recon_report"
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    revision_id: Mapped[str] = mapped_column(sa.String(64))
    site: Mapped[str] = mapped_column(sa.String(16), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    team: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)
    author_id: Mapped[str] = mapped_column(sa.ForeignKey("person.id"))
    observed_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    edited_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    fields: Mapped[dict[str, Any]] = mapped_column(JSONText)
    text: Mapped[str] = mapped_column(sa.Text)
    level: Mapped[str] = mapped_column(sa.String(50))
    rel_to: Mapped[list[str]] = mapped_column(JSONText)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSONText)
    heads: Mapped[list[str]] = mapped_column(JSONText)


class AttachmentBlobRow(Base):
    """Attachment content, stored once per SHA-256 (FIPS 180-4) digest."""

    __tablename__ = "attachment_blob"
    sha256: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    size_bytes: Mapped[int] = mapped_column(sa.Integer)
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)


class SiteOverrideRow(Base):
    """A finding overriding one catalogue fact of a site."""

    __tablename__ = "site_override"
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    site: Mapped[str] = mapped_column(sa.String(16), index=True)
    field: Mapped[str] = mapped_column(sa.String(50))
    value: Mapped[Any] = mapped_column(JSONText)
    author_id: Mapped[str] = mapped_column(sa.ForeignKey("person.id"))
    observed_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    level: Mapped[str] = mapped_column(sa.String(50))
    rel_to: Mapped[list[str]] = mapped_column(JSONText)


class AisAssessmentRow(Base):
    """An analyst's assessment of one AIS event (``event_id``) or of a vessel (MMSI)."""

    __tablename__ = "ais_assessment"
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    subject: Mapped[str] = mapped_column(sa.String(10))  # "event" or "vessel"
    event_id: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    mmsi: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    verdict: Mapped[str] = mapped_column(sa.String(20))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[str] = mapped_column(sa.ForeignKey("person.id"))
    assessed_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    level: Mapped[str] = mapped_column(sa.String(50))
    rel_to: Mapped[list[str]] = mapped_column(JSONText)


class AuditRow(Base):
    """One audit entry; ``entry_hash`` chains it to the previous one (``prev_hash``)."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(sa.String(100))
    action: Mapped[str] = mapped_column(sa.String(10))
    entity: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[str] = mapped_column(sa.String(200))
    before_hash: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    after_hash: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    entry_hash: Mapped[str] = mapped_column(sa.String(64))


class TombstoneRow(Base):
    """A deleted record (today: a site override), kept so the deletion syncs.

    An import never re-creates a record that has a tombstone, and a tombstone received in
    a bundle deletes the local record: re-importing an old bundle resurrects nothing. The
    record's marking is kept, so only readers who could see the record receive it.
    """

    __tablename__ = "tombstone"
    entity: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    entity_id: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    author_id: Mapped[str] = mapped_column(sa.String(36))
    deleted_by_id: Mapped[str] = mapped_column(sa.String(36))
    deleted_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    level: Mapped[str] = mapped_column(sa.String(50))
    rel_to: Mapped[list[str]] = mapped_column(JSONText)


class UserRow(Base):
    """A web login: user name, Argon2id hash, admin flag, linked person id (audited)."""

    __tablename__ = "web_user"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(sa.String(200), unique=True)
    person_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    is_admin: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    disabled: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class WebRevokedSessionRow(Base):
    """A session id that was logged out (kept until ``expires_at_utc``)."""

    __tablename__ = "web_revoked_session"
    session_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    expires_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class AuditCheckpointRow(Base):
    """An Ed25519 signature (RFC 8032) of the audit chain's head at entry ``seq``.

    ``signature_b64`` signs :func:`arcticrecon.store.audit.checkpoint_message` of
    ``(seq, entry_hash)``; a rewrite of any entry up to ``seq`` then needs the key.
    """

    __tablename__ = "audit_checkpoint"
    seq: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    entry_hash: Mapped[str] = mapped_column(sa.String(64))
    at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    key_id: Mapped[str] = mapped_column(sa.String(32))
    public_key_b64: Mapped[str] = mapped_column(sa.String(64))
    signature_b64: Mapped[str] = mapped_column(sa.String(100))


class PeerAuditHeadRow(Base):
    """The newest signed audit head another laptop sent in a bundle (an outside anchor)."""

    __tablename__ = "peer_audit_head"
    key_id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    seq: Mapped[int] = mapped_column(sa.Integer)
    entry_hash: Mapped[str] = mapped_column(sa.String(64))
    at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    signature_b64: Mapped[str] = mapped_column(sa.String(100))
    received_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class StoreGenerationRow(Base):
    """The store's change counter (one row, ``id = 1``): ``n`` grows with every change.

    Triggers of migration 0005 bump ``n`` in the same transaction as every INSERT, UPDATE
    or DELETE on any other table, whoever writes (this process, the CLI, a sync import, a
    hand-made SQL statement), so a reader seeing ``n`` unchanged knows no committed change
    happened in between (:mod:`arcticrecon.web.answers`). Never written by the code.
    """

    __tablename__ = "store_generation"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(sa.BigInteger)
