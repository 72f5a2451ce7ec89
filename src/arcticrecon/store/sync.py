"""Offline sync: signed bundles of reports, attachments and site overrides.

A bundle (``.arx``) is one JSON document::

    {"format": "arcticrecon-bundle", "version": 1, "key_id": "...",
     "payload": "<base64 of canonical JSON>", "signature": "<base64 Ed25519 signature>"}

The Ed25519 signature (RFC 8032) covers the exact payload bytes. Import verifies it with a
*trusted* key — this laptop's own or one registered in the mission — and rejects bundles
that were changed or signed by an unknown key before touching the database. Every revision
id is re-derived from its content and every attachment's SHA-256 from its bytes.

Merging is idempotent and order-independent because revisions are content-addressed and
immutable: importing twice adds nothing; importing an edit before its parent just adds
both when they arrive. Two edits of the same revision made offline become two heads, and
the report is flagged as a conflict until a person resolves it. Each report is imported in
its own transaction, so an interrupted import (even ``kill -9``) leaves every report either
fully imported or untouched; importing the same bundle again completes it.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import logging
import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from arcticrecon.errors import DataSourceError, InputError
from arcticrecon.files import atomic_write_text
from arcticrecon.mission.nations import nation_code, nation_name
from arcticrecon.store.audit import audit_change
from arcticrecon.store.checkpoints import signed_head
from arcticrecon.store.db import Store
from arcticrecon.store.faults import fault_point
from arcticrecon.store.hashing import canonical_json
from arcticrecon.store.import_checks import check_payload, check_remarking
from arcticrecon.store.key_registry import register_key
from arcticrecon.store.keys import key_id, load_or_create_laptop_key, trusted_keys
from arcticrecon.store.models import (
    AttachmentBlobRow,
    MissionRow,
    NationRow,
    PersonRow,
    ReportRevisionRow,
    ReportRow,
    SiteOverrideRow,
    TombstoneRow,
)
from arcticrecon.store.repositories import (
    REVISION_KEYS,
    MissionRepository,
    refresh_report,
    store_blob,
    store_revision,
)
from arcticrecon.store.tombstones import apply_tombstones, check_tombstones, keep_peer_head
from arcticrecon.survey.marking import Marking, Reader, high_water, normalise_levels
from arcticrecon.survey.policy import can_read

log = logging.getLogger(__name__)

__all__ = [
    "BUNDLE_FORMAT",
    "BUNDLE_VERSION",
    "ExportSummary",
    "ImportSummary",
    "export_bundle",
    "import_bundle",
    "read_bundle",
]

BUNDLE_FORMAT = "arcticrecon-bundle"
BUNDLE_VERSION = 1
_TIME_KEYS = ("observed_at_utc", "edited_at_utc")


@dataclass(frozen=True)
class ExportSummary:
    """What :func:`export_bundle` wrote.

    Attributes
    ----------
    path : Path
    key_id : str
        Signing key id.
    revisions, attachments, overrides : int
        Items written.
    withheld : int
        Items left out because the exporter may not see them (or one of their attachments).
    """

    path: Path
    key_id: str
    revisions: int
    attachments: int
    overrides: int
    withheld: int


@dataclass(frozen=True)
class ImportSummary:
    """What :func:`import_bundle` did.

    Attributes
    ----------
    key_id : str
        Key that signed the bundle.
    revisions_new, revisions_known : int
        Revisions added / already present (a repeated import adds none).
    attachments_new, overrides_new : int
    reports_touched : int
        Reports the bundle carries revisions of.
    conflicts : tuple of str
        Ids of those reports that now have two or more heads.
    deletions : int
        Local records deleted by the bundle's tombstones.
    """

    key_id: str
    revisions_new: int
    revisions_known: int
    attachments_new: int
    overrides_new: int
    reports_touched: int
    conflicts: tuple[str, ...]
    deletions: int = 0


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


def _rev_payload(r: ReportRevisionRow) -> dict[str, Any]:
    d = {k: getattr(r, k) for k in REVISION_KEYS}
    for k in _TIME_KEYS:
        d[k] = _iso(d[k])
    d["id"] = r.id
    return d


def check_output_file(path: Path, *, field: str) -> None:
    """Refuse an output path that can never become a file, before any work is done.

    Parameters
    ----------
    path : Path
        File to be written.
    field : str
        Name of the input field for the message (``"to"``; the command line shows its
        option ``--to``).

    Raises
    ------
    InputError
        If ``path`` is an existing folder, or its nearest existing ancestor is not a
        writable folder.
    """
    if path.is_dir():
        raise InputError(
            f"{field} {str(path)!r} is a folder; give a file name, e.g. {str(path).rstrip('/')}/bundle.arx",
            field=field,
            value=str(path),
        )
    folder = path.absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(
            f"{field} {str(path)!r}: folder {str(folder)!r} is not a writable folder; give a file in a writable folder",
            field=field,
            value=str(path),
        )


def export_bundle(
    store: Store,
    reader: Reader,
    path: Path,
    *,
    since_utc: dt.datetime | None = None,
    private_key: Ed25519PrivateKey | None = None,
) -> ExportSummary:
    """Write a signed bundle of everything ``reader`` may see (edited since ``since_utc``).

    A revision goes in only if the reader may read the report's *current* marking (so an
    upgraded report's older, lower-marked revisions never leave), the revision itself and
    every attachment it carries; others are counted in ``withheld``. The current marking
    of a deleted report is the high-water mark of its heads.

    Parameters
    ----------
    store : Store
    reader : Reader
        The exporting person; nothing they may not read leaves the database.
    path : Path
        Bundle file to write (atomically).
    since_utc : datetime, optional
        Only revisions edited and overrides observed at or after this instant (aware).
    private_key : Ed25519PrivateKey, optional
        Default: this laptop's key (created if missing).

    Raises
    ------
    InputError
        If ``since_utc`` is naive, or ``path`` is a folder or cannot be written (nothing is
        left behind then: the temporary file is removed).
    """
    path = Path(path)
    check_output_file(path, field="to")
    if store.is_database_file(path):
        raise InputError(
            f"to {str(path)!r} is the mission database itself; give a new file, e.g. bundle.arx",
            field="to",
            value=str(path),
        )
    if since_utc is not None and since_utc.tzinfo is None:
        raise InputError(
            "since has no time zone; give UTC, e.g. 2026-01-20T00:00Z",
            field="since",
            value=since_utc,
        )
    key = private_key or load_or_create_laptop_key()
    kid = key_id(key.public_key())
    revisions: list[dict[str, Any]] = []
    blobs: dict[str, str] = {}
    people: set[str] = set()
    withheld = 0
    with store.read() as s:
        mission = MissionRepository(s).get_mission()
        stmt = sa.select(ReportRevisionRow).order_by(
            ReportRevisionRow.report_id, ReportRevisionRow.edited_at_utc, ReportRevisionRow.id
        )
        if since_utc is not None:
            stmt = stmt.where(ReportRevisionRow.edited_at_utc >= since_utc)
        current = _current_markings(s, mission.levels)
        for r in s.scalars(stmt.execution_options(yield_per=500)):
            now = current.get(r.report_id)
            marks = [
                now or Marking(r.level, tuple(r.rel_to)),
                Marking(r.level, tuple(r.rel_to)),
            ] + [Marking(a["level"], tuple(a["rel_to"])) for a in r.attachments]
            if not all(can_read(reader, m) for m in marks):
                withheld += 1
                continue
            revisions.append(_rev_payload(r))
            people.update((r.author_id, r.edited_by_id))
            for a in r.attachments:
                if a["sha256"] not in blobs:
                    blob = s.get(AttachmentBlobRow, a["sha256"])
                    if blob is not None:
                        blobs[a["sha256"]] = base64.b64encode(blob.content).decode("ascii")
        overrides = []
        ostmt = sa.select(SiteOverrideRow).order_by(SiteOverrideRow.id)
        if since_utc is not None:
            ostmt = ostmt.where(SiteOverrideRow.observed_at_utc >= since_utc)
        for o in s.scalars(ostmt):
            if not can_read(reader, Marking(o.level, tuple(o.rel_to))):
                withheld += 1
                continue
            overrides.append(
                {
                    "id": o.id,
                    "site": o.site,
                    "field": o.field,
                    "value": o.value,
                    "author_id": o.author_id,
                    "observed_at_utc": _iso(o.observed_at_utc),
                    "note": o.note,
                    "level": o.level,
                    "rel_to": list(o.rel_to),
                }
            )
            people.add(o.author_id)
        tombstones = []
        tstmt = sa.select(TombstoneRow).where(TombstoneRow.entity == "site_override")
        if since_utc is not None:
            tstmt = tstmt.where(TombstoneRow.deleted_at_utc >= since_utc)
        for t in s.scalars(tstmt.order_by(TombstoneRow.entity_id)):
            if not can_read(reader, Marking(t.level, tuple(t.rel_to))):
                withheld += 1
                continue
            tombstones.append(
                {
                    "entity": t.entity,
                    "entity_id": t.entity_id,
                    "author_id": t.author_id,
                    "deleted_by_id": t.deleted_by_id,
                    "deleted_at_utc": _iso(t.deleted_at_utc),
                    "level": t.level,
                    "rel_to": list(t.rel_to),
                }
            )
            people.update((t.author_id, t.deleted_by_id))
        if reader.person_id:
            people.add(reader.person_id)
        audit_head = signed_head(s, key)
        persons = [
            {
                "id": p.id,
                "name": p.name,
                "nation": p.nation,
                "rank": p.rank,
                "role": p.role,
                "clearance": p.clearance,
            }
            for p in s.scalars(
                sa.select(PersonRow).where(PersonRow.id.in_(people)).order_by(PersonRow.id)
            )
        ]
    payload = {
        "mission": {
            "name": mission.name,
            "lead_nation": mission.lead_nation,
            "levels": list(mission.levels),
        },
        "exported_at_utc": _iso(dt.datetime.now(dt.UTC)),
        "exported_by": reader.person_id,
        "since_utc": None if since_utc is None else _iso(since_utc),
        "nations": list(mission.nations),
        "persons": persons,
        "revisions": revisions,
        "blobs": blobs,
        "overrides": overrides,
        "tombstones": tombstones,
        "audit_head": audit_head,
    }
    body = canonical_json(payload)
    doc = {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "key_id": kid,
        "payload": base64.b64encode(body).decode("ascii"),
        "signature": base64.b64encode(key.sign(body)).decode("ascii"),
    }
    try:
        atomic_write_text(path, json.dumps(doc) + "\n")
    except OSError as err:
        raise InputError(
            f"to {str(path)!r}: cannot write the bundle there ({err.strerror or err}); give a file in a writable folder",
            field="to",
            value=str(path),
        ) from None
    try:  # only a bundle actually written registers its key
        with store.write() as s:
            register_key(
                s, key.public_key(), name=f"laptop {kid[:8]}", actor=reader.person_id or "system"
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    log.info(
        "exported bundle %s (key %s): %d revisions, %d attachments, %d overrides, %d withheld",
        path,
        kid[:8],
        len(revisions),
        len(blobs),
        len(overrides),
        withheld,
    )
    return ExportSummary(path, kid, len(revisions), len(blobs), len(overrides), withheld)


def _current_markings(session: Any, levels: Sequence[str]) -> dict[str, Marking]:
    """Current marking of every report: its view's, or for a deleted report its heads'."""
    out = {
        r.id: Marking(r.level, tuple(r.rel_to))
        for r in session.execute(sa.select(ReportRow.id, ReportRow.level, ReportRow.rel_to))
    }
    deleted: dict[str, list[ReportRevisionRow]] = defaultdict(list)
    stmt = sa.select(ReportRevisionRow).where(ReportRevisionRow.report_id.not_in(list(out)))
    for rev in session.scalars(stmt):
        deleted[rev.report_id].append(rev)
    for rid, revs in deleted.items():
        named = {p for r in revs for p in r.parents}
        heads = [Marking(r.level, tuple(r.rel_to)) for r in revs if r.id not in named]
        out[rid] = high_water(heads or [Marking(r.level, tuple(r.rel_to)) for r in revs], levels)
    return out


def read_bundle(path: Path, trusted: Mapping[str, bytes]) -> tuple[str, dict[str, Any]]:
    """Read a bundle, verify its signature with a trusted key; return (key id, payload).

    Raises
    ------
    DataSourceError
        If the file is unreadable or not a bundle, the key is unknown, or the signature
        does not verify (the content was changed after signing).
    """
    p = Path(path)
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DataSourceError(
            f"bundle {p}: not readable as an arcticrecon bundle ({type(err).__name__}: {err})",
            field="bundle",
            value=str(p),
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != BUNDLE_FORMAT:
        raise DataSourceError(
            f"bundle {p}: not an arcticrecon bundle (format field missing)",
            field="bundle",
            value=str(p),
        )
    if doc.get("version") != BUNDLE_VERSION:
        raise DataSourceError(
            f"bundle {p}: version {doc.get('version')!r} is not supported (this arcticrecon reads {BUNDLE_VERSION})",
            field="bundle",
            value=doc.get("version"),
        )
    kid = str(doc.get("key_id", ""))
    if kid not in trusted:
        raise DataSourceError(
            f"bundle {p}: signed by unknown key {kid}; register the sender's public key if you trust it",
            field="key_id",
            value=kid,
            remedy="keys_add",
        )
    try:
        body = base64.b64decode(str(doc["payload"]), validate=True)
        sig = base64.b64decode(str(doc["signature"]), validate=True)
        Ed25519PublicKey.from_public_bytes(trusted[kid]).verify(sig, body)
    except (KeyError, binascii.Error, InvalidSignature, ValueError):
        raise DataSourceError(
            f"bundle {p}: signature does not verify: the bundle was changed after it was signed; ask for a fresh export",
            field="signature",
            value=str(p),
        ) from None
    return kid, json.loads(body)


def _bundle_levels(payload: Mapping[str, Any]) -> tuple[str, ...]:
    info = payload.get("mission")
    raw = info.get("levels") if isinstance(info, dict) else None
    if not raw:
        raise DataSourceError(
            "this database has no mission and the bundle does not say its levels; create the mission first",
            field="mission",
            remedy="mission_init",
        )
    return normalise_levels(raw)


def import_bundle(
    store: Store, path: Path, *, batch_reports: int = 25, batch_overrides: int = 200
) -> ImportSummary:
    """Verify and merge a bundle (idempotent, any order, whole reports per transaction).

    Each transaction holds up to ``batch_reports`` complete reports (all their revisions
    and attachments), so an interrupted import leaves no report half imported.

    Raises
    ------
    DataSourceError
        Unknown key, bad signature, or content that does not match its hashes / uses a
        level this mission does not have. Nothing is written then.

    Notes
    -----
    A database without a mission (a laptop joining the mission) takes the mission's name,
    lead nation and levels from the bundle; nations and people it does not know are added
    (people it knows are never changed, so a bundle cannot raise anyone's clearance).
    """
    if store.is_database_file(path):
        raise InputError(
            f"bundle {str(path)!r} is the mission database itself, not a bundle; give the .arx file",
            field="bundle",
            value=str(path),
        )
    with store.read() as s:
        try:
            kid, payload = read_bundle(Path(path), trusted_keys(s))
        except DataSourceError as err:  # the caller shows the error; the log keeps the event
            log.info("bundle %s refused: %s", path, err)
            raise
        have_mission = s.get(MissionRow, 1) is not None
        levels = MissionRepository(s).levels() if have_mission else _bundle_levels(payload)
        known_blobs = set(s.scalars(sa.select(AttachmentBlobRow.sha256)))
        local_people = set(s.scalars(sa.select(PersonRow.id)))
    revs, blobs = check_payload(payload, levels, known_blobs)
    people = local_people | {str(p["id"]) for p in payload.get("persons", [])}
    for who in [x for r in revs for x in (r["author_id"], r["edited_by_id"])] + [
        o["author_id"] for o in payload.get("overrides", [])
    ]:
        if who not in people:
            raise DataSourceError(
                f"bundle {Path(path).name}: refers to person {who} that is neither in the bundle nor known here",
                field="person",
                value=who,
            )
    with store.read() as s:  # the CLI's re-marking rule, before anything is written
        check_remarking(s, revs, payload.get("persons", []), levels)
        check_tombstones(s, payload.get("tombstones", []), levels)
        trusted_raw = trusted_keys(s)[kid]
    actor = f"import:{kid}"

    # mission, then people (and their nations): revisions refer to them
    with store.write() as s:
        keep_peer_head(s, kid, payload.get("audit_head"), trusted_raw)
        if s.get(MissionRow, 1) is None:
            info = payload.get("mission") or {}
            MissionRepository(s, actor=actor).init_mission(
                name=str(info.get("name") or "imported mission"),
                lead_nation=str(info.get("lead_nation") or payload["nations"][0]),
                levels=levels,
            )
            MissionRepository(s, actor=actor).add_nations(payload.get("nations", []))
            s.flush()
        nations = {n.code for n in s.scalars(sa.select(NationRow))}
        pos = len(nations)
        for p in payload.get("persons", []):
            code = nation_code(p["nation"])
            if code not in nations:
                row = NationRow(code=code, name=nation_name(code), position=pos)
                pos += 1
                nations.add(code)
                s.add(row)
                audit_change(s, actor=actor, action="create", row=row, before_hash=None)
                s.flush()  # the nation before the people of that nation
            if s.get(PersonRow, p["id"]) is None:  # never overwrite a local person
                clearance = p["clearance"] if p["clearance"] in levels else levels[0]
                prow = PersonRow(
                    id=p["id"],
                    name=p["name"],
                    nation=code,
                    rank=p.get("rank", ""),
                    role=p.get("role", ""),
                    clearance=clearance,
                )
                s.add(prow)
                audit_change(s, actor=actor, action="create", row=prow, before_hash=None)

    by_report: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in revs:
        by_report[r["report_id"]].append(r)
    new = known = new_blobs = 0
    order = sorted(by_report)
    for i in range(0, len(order), batch_reports):
        batch = order[i : i + batch_reports]
        with store.write() as s:  # whole reports only: a crash never leaves half of one
            wanted = [r["id"] for rid in batch for r in by_report[rid]]
            present = set(
                s.scalars(sa.select(ReportRevisionRow.id).where(ReportRevisionRow.id.in_(wanted)))
            )
            for report_id in batch:
                fresh = [r for r in by_report[report_id] if r["id"] not in present]
                known += len(by_report[report_id]) - len(fresh)
                for r in fresh:
                    for a in r["attachments"]:
                        if a["sha256"] in blobs and a["sha256"] not in known_blobs:
                            store_blob(s, blobs[a["sha256"]], actor=actor)
                            known_blobs.add(a["sha256"])
                            new_blobs += 1
                    _, is_new = store_revision(s, r, origin=kid, actor=actor)
                    present.add(r["id"])
                    new += is_new
                    known += not is_new
                if fresh:
                    refresh_report(s, report_id, actor=actor)
            s.flush()
            fault_point("import.reports")  # test hook (store.faults): die before the commit

    tombstones = payload.get("tombstones", [])
    buried = {t["entity_id"] for t in tombstones if t["entity"] == "site_override"}
    overrides = payload.get("overrides", [])
    new_over = 0
    for i in range(0, len(overrides), batch_overrides):
        with store.write() as s:
            for o in overrides[i : i + batch_overrides]:
                if s.get(SiteOverrideRow, o["id"]) is not None or o["id"] in buried:
                    continue
                if s.get(TombstoneRow, ("site_override", o["id"])) is not None:
                    continue  # deleted here: an old bundle never resurrects it
                orow = SiteOverrideRow(
                    id=o["id"],
                    site=o["site"],
                    field=o["field"],
                    value=o["value"],
                    author_id=o["author_id"],
                    observed_at_utc=dt.datetime.fromisoformat(o["observed_at_utc"]),
                    note=o.get("note", ""),
                    level=o["level"],
                    rel_to=list(o["rel_to"]),
                )
                s.add(orow)
                audit_change(s, actor=actor, action="create", row=orow, before_hash=None)
                new_over += 1
            s.flush()
            fault_point("import.overrides")  # test hook (store.faults): die before the commit

    deletions = 0
    if tombstones:
        with store.write() as s:
            deletions = apply_tombstones(s, tombstones, actor=actor)
    with store.read() as s:
        rows = s.execute(sa.select(ReportRow.id, ReportRow.heads))
        conflicts = tuple(sorted(r.id for r in rows if r.id in by_report and len(r.heads) > 1))
    log.info(
        "imported bundle %s (key %s): %d new revisions, %d known, %d attachments, %d overrides, "
        "%d deletions, %d reports in conflict",
        path,
        kid[:8],
        new,
        known,
        new_blobs,
        new_over,
        deletions,
        len(conflicts),
    )
    return ImportSummary(kid, new, known, new_blobs, new_over, len(by_report), conflicts, deletions)
