"""``arcticrecon survey``: reconnaissance reports — file, list, show, sync, conflicts.

Every listing shows only what the ``--as`` identity may see (nation in REL TO and
clearance at or above the level); a hidden report looks exactly like a missing one.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Annotated, Any

import typer

from arcticrecon.cli import survey_forms
from arcticrecon.cli.common import FormatOpt, OutputFormat, console, emit_records
from arcticrecon.cli.store_options import (
    AsOpt,
    DbOpt,
    count,
    note_originator_added,
    open_cli_store,
    parse_utc,
    reader_from,
)
from arcticrecon.errors import InputError
from arcticrecon.files import atomic_write_bytes
from arcticrecon.survey import ReconReport, ReportKind

app = typer.Typer(help="Reconnaissance reports, releasability-filtered for --as.")
app.command("new")(survey_forms.new)
app.command("check")(survey_forms.check)

RelToOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rel-to", help="Releasable to this nation (repeatable; default: all mission nations)."
    ),
]
LevelOpt = Annotated[str | None, typer.Option("--level", help="Classification level.")]
FieldOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--field",
        help="Structured field NAME=VALUE (repeatable), e.g. runway_length_measured_m=2810.",
    ),
]


def _fields(items: list[str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--field {item!r} is not NAME=VALUE", field="field", value=item)
        out[key.strip()] = value.strip()
    return out


def _row(r: ReconReport) -> dict[str, Any]:
    return {
        "id": r.id,
        "site": r.site,
        "kind": r.kind.value,
        "observed_at_utc": r.observed_at_utc.strftime("%Y-%m-%d %H:%MZ"),
        "author": r.author,
        "marking": r.marking.label(),
        "conflict": "CONFLICT" if r.conflict else "",
        "text": r.text if len(r.text) <= 60 else r.text[:59] + "…",
    }


@app.command("add")
def add(
    site: Annotated[str, typer.Option("--site", help="ICAO code / catalogue ident, e.g. BGSF.")],
    kind: Annotated[ReportKind, typer.Option("--kind", help="What the report describes.")],
    as_: AsOpt = None,
    rel_to: RelToOpt = None,
    level: LevelOpt = None,
    text: Annotated[str, typer.Option("--text", help="Free text.")] = "",
    field: FieldOpt = None,
    observed_at: Annotated[
        str | None, typer.Option("--observed-at", help="When observed, UTC (default now).")
    ] = None,
    team: Annotated[str | None, typer.Option("--team", help="Team name.")] = None,
    attach: Annotated[
        list[Path] | None, typer.Option("--attach", help="File to attach (repeatable).")
    ] = None,
    db: DbOpt = None,
) -> None:
    """File a report; prints its id."""
    from arcticrecon.store import NewAttachment, ReportRepository

    files = []
    if attach:
        from arcticrecon.store import database_url
        from arcticrecon.store.db import database_at

        url = database_url(db)
    for p in attach or []:
        if database_at(url, p) is not None and not p.is_dir():
            # the database file (or its WAL) copied into a report would carry every
            # record, whatever their markings, to whoever may read the attachment
            raise InputError(
                f"--attach {str(p)!r} is the mission database itself; attach another file",
                field="attach",
                value=str(p),
            )
        try:
            content = p.read_bytes()
        except OSError as err:
            raise InputError(
                f"--attach {str(p)!r}: {err.strerror}", field="attach", value=str(p)
            ) from None
        media = mimetypes.guess_type(p.name)[0] or "application/octet-stream"
        files.append(NewAttachment(p.name, content, media))
    with open_cli_store(db) as store:
        reader = reader_from(store, as_)
        with store.write() as s:
            rep = ReportRepository(s, reader).add(
                site=site,
                kind=kind,
                text=text,
                fields=_fields(field),
                level=level,
                rel_to=rel_to,
                observed_at_utc=parse_utc(observed_at, field="observed-at")
                if observed_at
                else None,
                team=team,
                attachments=files,
            )
    note_originator_added(reader, rel_to, rep.marking)
    typer.echo(rep.id)


@app.command("edit")
def edit(
    report_id: Annotated[str, typer.Argument(help="Report id.")],
    as_: AsOpt = None,
    text: Annotated[str | None, typer.Option("--text", help="New free text.")] = None,
    field: FieldOpt = None,
    rel_to: RelToOpt = None,
    level: LevelOpt = None,
    db: DbOpt = None,
) -> None:
    """Edit a report (a new revision); prints the new revision id."""
    from arcticrecon.store import ReportRepository

    with open_cli_store(db) as store:
        reader = reader_from(store, as_)
        with store.write() as s:
            rep = ReportRepository(s, reader).edit(
                report_id,
                text=text,
                fields=_fields(field) if field else None,
                level=level,
                rel_to=rel_to,
            )
    note_originator_added(reader, rel_to, rep.marking)
    typer.echo(rep.revision_id)


@app.command("list")
def list_reports(
    as_: AsOpt = None,
    site: Annotated[str | None, typer.Option("--site", help="Only this site.")] = None,
    kind: Annotated[ReportKind | None, typer.Option("--kind", help="Only this kind.")] = None,
    search: Annotated[str | None, typer.Option("--search", help="Text to look for.")] = None,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List the reports --as may see."""
    from arcticrecon.store import ReportRepository

    with open_cli_store(db) as store:
        reader = reader_from(store, as_)
        with store.read() as s:
            repo = ReportRepository(s, reader)
            reps = (
                repo.search(search, site=site, kind=kind)
                if search
                else repo.list(site=site, kind=kind)
            )
    if fmt is OutputFormat.json:
        emit_records([], fmt, json_obj=[r.to_dict() for r in reps])
        return
    emit_records(
        [_row(r) for r in reps],
        fmt,
        title=f"{count(len(reps), 'report')} visible to {reader.label()}",
    )


@app.command("show")
def show(
    report_id: Annotated[str, typer.Argument(help="Report id.")],
    as_: AsOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Show one report (if --as may see it)."""
    from arcticrecon.store import ReportRepository

    with open_cli_store(db) as store:
        reader = reader_from(store, as_)
        with store.read() as s:
            rep = ReportRepository(s, reader).get(report_id)
    d = rep.to_dict()
    if fmt is not OutputFormat.table:
        emit_records([d], fmt, json_obj=d)
        return
    console.print(f"[bold]{rep.marking.label()}[/]", highlight=False)
    rows = [{"item": k, "value": v} for k, v in d.items() if k not in {"attachments", "fields"}]
    rows += [{"item": f"field {k}", "value": v} for k, v in rep.fields.items()]
    rows += [
        {
            "item": f"attachment {a.filename}",
            "value": f"{a.sha256[:16]}… {a.size_bytes} B {a.marking.label()}",
        }
        for a in rep.attachments
    ]
    emit_records(rows, fmt, title=f"Report {rep.id}")


@app.command("conflicts")
def conflicts(as_: AsOpt = None, db: DbOpt = None, fmt: FormatOpt = OutputFormat.table) -> None:
    """Reports with two offline edits to resolve (heads --as may see)."""
    from arcticrecon.store import ReportRepository

    with open_cli_store(db) as store:
        reader = reader_from(store, as_)
        with store.read() as s:
            found = ReportRepository(s, reader).conflicts()
    rows = [
        {
            "report_id": c.report_id,
            "revision_id": h.revision_id,
            "edited_at_utc": h.edited_at_utc,
            "author": h.author,
            "text": h.text,
            "level": h.marking.level,
            "rel_to": list(h.marking.rel_to),
        }
        for c in found
        for h in c.heads
    ]
    cols = ["report_id", "revision_id", "edited_at_utc", "author", "text", "level", "rel_to"]
    emit_records(rows, fmt, columns=cols, title=f"{count(len(found), 'report')} in conflict")


@app.command("resolve")
def resolve(
    report_id: Annotated[str, typer.Argument(help="Report id.")],
    keep: Annotated[str, typer.Option("--keep", help="Revision id (prefix) to keep.")],
    as_: AsOpt = None,
    text: Annotated[str | None, typer.Option("--text", help="Merged free text.")] = None,
    db: DbOpt = None,
) -> None:
    """Resolve a conflict by keeping one head (optionally with merged text)."""
    from arcticrecon.store import ReportRepository

    with open_cli_store(db) as store:
        reader = reader_from(store, as_)
        with store.write() as s:
            rep = ReportRepository(s, reader).resolve(report_id, keep, text=text)
    typer.echo(rep.revision_id)


@app.command("export")
def export(
    to: Annotated[Path, typer.Option("--to", help="Bundle file to write (.arx).")],
    as_: AsOpt = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only edits since this UTC time/date.")
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option("--key", help="Ed25519 private key PEM (default: this laptop's)."),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Write a signed bundle of what --as may see, for another laptop or HQ."""
    from arcticrecon.store import export_bundle
    from arcticrecon.store.keys import load_or_create_laptop_key
    from arcticrecon.store.sync import check_output_file

    check_output_file(to, field="to")
    with open_cli_store(db) as store:
        reader = reader_from(store, as_)
        pk = load_or_create_laptop_key(key) if key else None
        summary = export_bundle(
            store,
            reader,
            to,
            since_utc=parse_utc(since, field="since") if since else None,
            private_key=pk,
        )
    console.print(
        f"wrote {summary.path}: {count(summary.revisions, 'revision')}, "
        f"{count(summary.attachments, 'attachment')}, {count(summary.overrides, 'override')}; "
        f"key {summary.key_id}"
        + (
            f"; {count(summary.withheld, 'item')} withheld (not releasable to you)"
            if summary.withheld
            else ""
        ),
        highlight=False,
    )


@app.command("import")
def import_(
    bundle: Annotated[Path, typer.Argument(help="Bundle file (.arx).")],
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Verify a bundle's signature and merge it (safe to repeat, any order).

    A new database file is created if missing (a laptop joins the mission from a bundle);
    it is removed again if the bundle is refused.
    """
    from arcticrecon.store import import_bundle

    with open_cli_store(db, create=True) as store:
        summary = import_bundle(store, bundle)
    if fmt is OutputFormat.json:
        emit_records([], fmt, json_obj=summary.__dict__)
        return
    console.print(
        f"imported {count(summary.revisions_new, 'new revision')} "
        f"({summary.revisions_known} already known), "
        f"{count(summary.attachments_new, 'attachment')}, "
        f"{count(summary.overrides_new, 'override')} from key {summary.key_id}"
        + (
            f"; {count(len(summary.conflicts), 'report')} in conflict: see `arcticrecon survey conflicts`"
            if summary.conflicts
            else ""
        ),
        highlight=False,
    )


@app.command("attachment")
def attachment(
    report_id: Annotated[str, typer.Argument(help="Report id.")],
    sha256: Annotated[str, typer.Argument(help="Attachment SHA-256 (from `survey show`).")],
    to: Annotated[Path, typer.Option("--to", help="File to write.")],
    as_: AsOpt = None,
    db: DbOpt = None,
) -> None:
    """Save an attachment (if --as may see the report and the attachment)."""
    from arcticrecon.store import ReportRepository
    from arcticrecon.store.sync import check_output_file

    check_output_file(to, field="to")
    with open_cli_store(db) as store:
        if store.is_database_file(to):
            raise InputError(
                f"--to {str(to)!r} is the mission database itself; give another file",
                field="to",
                value=str(to),
            )
        reader = reader_from(store, as_)
        with store.read() as s:
            content = ReportRepository(s, reader).attachment_content(report_id, sha256.strip())
    try:
        atomic_write_bytes(to, content)
    except OSError as err:
        raise InputError(
            f"--to {str(to)!r}: cannot write the attachment there ({err.strerror or err}); give a file in a writable folder",
            field="to",
            value=str(to),
        ) from None
    console.print(f"wrote {to} ({count(len(content), 'byte')})", highlight=False)
