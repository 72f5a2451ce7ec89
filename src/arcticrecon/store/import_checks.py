"""Checks of a verified bundle payload, run before an import writes anything.

The signature says who sent a bundle, not that its content obeys the mission's rules; a
bundle may therefore do nothing the command line may not (issue 17): content matches its
hashes (:func:`check_payload`), and every revision obeys the writing and re-marking rules
(:func:`check_remarking`, the same :func:`arcticrecon.survey.remark_marking` the
repositories use).
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arcticrecon.errors import ArcticReconError, DataSourceError, InputError
from arcticrecon.mission.nations import nation_code
from arcticrecon.store.hashing import sha256_hex
from arcticrecon.store.models import PersonRow, ReleasingAuthorityRow, ReportRevisionRow
from arcticrecon.store.revisions import revision_id
from arcticrecon.survey.marking import Marking, Reader
from arcticrecon.survey.models import ReportKind, validate_fields
from arcticrecon.survey.policy import remark_marking, writer_marking

__all__ = ["check_payload", "check_remarking"]

_TIME_KEYS = ("observed_at_utc", "edited_at_utc")


def _check_content(r: Mapping[str, Any]) -> None:
    """A revision's kind is known and its fields obey the kind (a survey: its form)."""
    try:
        kind = ReportKind(r["kind"])
    except ValueError:
        raise DataSourceError(
            f"bundle revision {str(r['id'])[:12]} has kind {r['kind']!r}, not one of "
            f"{', '.join(k.value for k in ReportKind)}",
            field="kind",
            value=r["kind"],
        ) from None
    try:
        validate_fields(kind, r["fields"])
    except InputError as err:
        raise DataSourceError(
            f"bundle revision {str(r['id'])[:12]} ({kind.value}): {err}",
            field="fields",
            value=err.field,
        ) from None


def check_payload(
    payload: Mapping[str, Any], levels: Sequence[str], known_blobs: set[str]
) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """Validate a verified payload fully before anything is written.

    Every revision id is re-derived from its content and every attachment's SHA-256 from
    its bytes; levels must be the mission's and nations ISO 3166-1.

    Returns
    -------
    revisions : list of dict
        With aware UTC datetimes.
    blobs : dict of str to bytes

    Raises
    ------
    DataSourceError
        Naming the first revision, attachment or override that fails.
    """
    blobs: dict[str, bytes] = {}
    for digest, b64 in payload.get("blobs", {}).items():
        content = base64.b64decode(b64)
        if sha256_hex(content) != digest:
            raise DataSourceError(
                f"bundle attachment {digest[:12]} does not match its SHA-256",
                field="blob",
                value=digest,
            )
        blobs[digest] = content
    revs = []
    for raw in payload.get("revisions", []):
        r = dict(raw)
        for k in _TIME_KEYS:
            r[k] = dt.datetime.fromisoformat(r[k]).astimezone(dt.UTC)
        if revision_id(r) != r.get("id"):
            raise DataSourceError(
                f"bundle revision {str(r.get('id'))[:12]} does not match its content",
                field="revision",
                value=r.get("id"),
            )
        _check_content(r)
        for m in [r, *r["attachments"]]:
            if m["level"] not in levels:
                raise DataSourceError(
                    f"bundle revision {r['id'][:12]} is marked {m['level']!r}, not a level of this mission ({', '.join(levels)})",
                    field="level",
                    value=m["level"],
                )
            for n in m["rel_to"]:
                nation_code(n, field="rel_to")
        for a in r["attachments"]:
            if a["sha256"] not in blobs and a["sha256"] not in known_blobs:
                raise DataSourceError(
                    f"bundle revision {r['id'][:12]} references attachment {a['sha256'][:12]} that is neither in the bundle nor stored here",
                    field="blob",
                    value=a["sha256"],
                )
        revs.append(r)
    for o in payload.get("overrides", []):
        if o["level"] not in levels:
            raise DataSourceError(
                f"bundle override {o['id']} is marked {o['level']!r}, not a level of this mission",
                field="level",
                value=o["level"],
            )
    return revs, blobs


def _refuse(rev: Mapping[str, Any], why: str, *, field: str = "revision") -> DataSourceError:
    return DataSourceError(
        f"bundle revision {str(rev['id'])[:12]} of report {rev['report_id']}: {why}; "
        "the bundle does what the mission's rules do not allow and is refused",
        field=field,
        value=rev["id"],
    )


def check_remarking(
    session: Session,
    revisions: Sequence[Mapping[str, Any]],
    persons: Sequence[Mapping[str, Any]],
    levels: Sequence[str],
) -> None:
    """Refuse revisions that break the writing or re-marking rules.

    For every revision: a first revision is written by its author; an edit keeps the
    originator (author) of its parents; its marking is what
    :func:`~arcticrecon.survey.writer_marking` (first revisions) or
    :func:`~arcticrecon.survey.remark_marking` (edits, against every parent) gives its
    editor — so only the originator or the releasing authority of the originator's nation
    (as this database names it) lowers a level, widens REL TO or deletes; the originator's
    nation is never dropped. People known here keep their local nation and clearance.

    Parameters
    ----------
    session : Session
        A read session of the importing store.
    revisions : sequence of dict
        From :func:`check_payload`.
    persons : sequence of dict
        The bundle's people (``id``, ``nation``, ``clearance``).
    levels : sequence of str
        The importing mission's levels.

    Raises
    ------
    DataSourceError
        Naming the first offending revision and the rule.
    """
    who: dict[str, tuple[str, str]] = {}
    for p in persons:
        clearance = p["clearance"] if p["clearance"] in levels else levels[0]
        who[str(p["id"])] = (nation_code(p["nation"]), clearance)
    ids = {r["author_id"] for r in revisions} | {r["edited_by_id"] for r in revisions}
    for row in session.scalars(sa.select(PersonRow).where(PersonRow.id.in_(ids))):
        who[row.id] = (row.nation, row.clearance)  # local people win
    authority = {r.nation: r.person_id for r in session.scalars(sa.select(ReleasingAuthorityRow))}
    in_bundle = {r["id"]: r for r in revisions}
    parent_ids = {p for r in revisions for p in r["parents"]} - set(in_bundle)
    local = {
        r.id: {
            "report_id": r.report_id,
            "author_id": r.author_id,
            "level": r.level,
            "rel_to": list(r.rel_to),
            "deleted": r.deleted,
        }
        for r in session.scalars(
            sa.select(ReportRevisionRow).where(ReportRevisionRow.id.in_(parent_ids))
        )
    }
    lv = tuple(levels)
    for r in revisions:
        author, editor = r["author_id"], r["edited_by_id"]
        nation, clearance = who[editor]
        reader = Reader(nation=nation, clearance=clearance, levels=lv, person_id=editor)
        wanted = Marking(r["level"], tuple(r["rel_to"]))
        origin_nation = who[author][0]
        may = editor == author or authority.get(origin_nation) == editor
        try:
            if not r["parents"]:
                if editor != author:
                    raise _refuse(
                        r, "a first revision written by someone other than its originator"
                    )
                got = writer_marking(reader, wanted)
                parents: list[Mapping[str, Any] | None] = []
            else:
                parents = [in_bundle.get(p) or local.get(p) for p in r["parents"]]
                known = [p for p in parents if p is not None]
                if any(p["report_id"] != r["report_id"] for p in known):
                    raise _refuse(r, "its parent belongs to another report")
                if any(p["author_id"] != author for p in known):
                    raise _refuse(r, "it changes the originator of the report", field="author")
                if len(known) < len(parents) and not may:
                    raise _refuse(
                        r,
                        "an edit by someone other than the originator whose parent revision "
                        "is neither in the bundle nor here (import the earlier bundle first)",
                    )
                current = [Marking(p["level"], tuple(p["rel_to"])) for p in known]
                got = remark_marking(
                    reader, current, wanted, originator_nation=origin_nation, may_release=may
                )
                if r["deleted"] and not may and not all(p["deleted"] for p in known):
                    raise _refuse(r, "a deletion by someone other than the originator")
        except DataSourceError:
            raise
        except ArcticReconError as err:
            raise _refuse(r, f"{err} (originator rule)", field=err.field or "level") from None
        if got.level != wanted.level or set(got.rel_to) != set(wanted.rel_to):
            raise _refuse(
                r,
                f"its marking {wanted.label()} drops the originator's or the editor's nation "
                f"(the rules give {got.label()})",
                field="rel_to",
            )
