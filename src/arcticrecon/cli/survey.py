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
    note_default_release,
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


#: The columns of ``survey list`` (table and CSV), also when no report is visible.
_ROW_COLUMNS = (
    "id",
    "site",
    "kind",
    "observed_at_utc",
    "author",
    "marking",
    "conflict",
    "text",
)


def _row(r: ReconReport) -> dict[str, Any]:
    text = r.text
    if r.form is not None:
        name = str(r.fields.get("name", ""))
        text = f"{name}: {text}" if text else name
    return {
        "id": r.id,
        "site": r.site,
        "kind": r.kind.value,
        "observed_at_utc": r.observed_at_utc.strftime("%Y-%m-%d %H:%MZ"),
        "author": r.author,
        "marking": r.marking.label(),
        "conflict": "CONFLICT" if r.conflict else "",
        "text": text if len(text) <= 60 else text[:59] + "…",
    }


def _read_attachments(paths: list[Path], *, field: str, db: str | None) -> list[Any]:
    """The files to attach; the mission database (or its -wal/-shm/-journal) is refused."""
    from arcticrecon.store import NewAttachment

    files = []
    url = None
    if paths:
        from arcticrecon.store import database_url
        from arcticrecon.store.db import database_at

        url = database_url(db)
    for p in paths:
        if url is not None and database_at(url, p) is not None and not p.is_dir():
            # the database file (or its WAL) copied into a report would carry every
            # record, whatever their markings, to whoever may read the attachment
            raise InputError(
                f"{field} {str(p)!r} is the mission database itself; attach another file",
                field=field.removeprefix("--"),
                value=str(p),
            )
        try:
            content = p.read_bytes()
        except OSError as err:
            raise InputError(
                f"{field} {str(p)!r}: {err.strerror}", field=field, value=str(p)
            ) from None
        media = mimetypes.guess_type(p.name)[0] or "application/octet-stream"
        files.append(NewAttachment(p.name, content, media))
    return files


def _photo_paths(sheet: Path, survey: Any) -> list[Path]:
    """The sheet's photos, relative to the sheet; a photo that is not there is an error."""
    out = []
    for i, photo in enumerate(survey.photos):
        p = Path(photo.file)
        p = p if p.is_absolute() else sheet.parent / p
        if not p.is_file():
            raise InputError(
                f"survey sheet {sheet.name}: photos[{i}].file: {photo.file!r} is not a file "
                f"next to the sheet ({p.resolve()}); copy the photo there or remove its [[photos]] block",
                field=f"photos[{i}].file",
                value=photo.file,
            )
        out.append(p)
    return out


@app.command("add")
def add(
    sheet: Annotated[
        Path | None,
        typer.Argument(
            help="Structured survey sheet (TOML from `survey new`, JSON or YAML); "
            "without it, a free report with --site and --kind.",
        ),
    ] = None,
    form: Annotated[
        survey_forms.FormKey | None,
        typer.Option("--form", help="Expected survey form of SHEET: lz, ice, dz, hlz, port."),
    ] = None,
    site: Annotated[
        str | None, typer.Option("--site", help="ICAO code / catalogue ident, e.g. BGSF.")
    ] = None,
    kind: Annotated[
        ReportKind | None, typer.Option("--kind", help="What a free report describes.")
    ] = None,
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
    """File a report or a structured survey sheet; prints its id.

    A survey sheet is validated (form, values, geometry) before anything is written; its
    photos are attached. Its site is the catalogue site the sheet names, or a new site
    SVY-xxxxxxxx for a zone that is not in the catalogue.
    """
    from arcticrecon.store import ReportRepository

    if sheet is not None:
        _add_sheet(
            sheet, form, site, kind, text, field, observed_at, team, as_, rel_to, level, attach, db
        )
        return
    if form is not None:
        raise InputError("--form needs a survey sheet FILE", field="form", value=form.value)
    if site is None or kind is None:
        missing = "--site" if site is None else "--kind"
        raise InputError(
            f"{missing} is missing: give --site and --kind for a free report, or a survey "
            "sheet FILE (arcticrecon survey new --form lz|ice|dz|hlz|port writes one)",
            field=missing.removeprefix("--"),
        )
    files = _read_attachments(attach or [], field="--attach", db=db)
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
    note_default_release(rel_to, rep.marking)
    typer.echo(rep.id)


def _add_sheet(
    sheet: Path,
    form: survey_forms.FormKey | None,
    site: str | None,
    kind: ReportKind | None,
    text: str,
    field: list[str] | None,
    observed_at: str | None,
    team: str | None,
    as_: str | None,
    rel_to: list[str] | None,
    level: str | None,
    attach: list[Path] | None,
    db: str | None,
) -> None:
    from arcticrecon.cli.common import err_console
    from arcticrecon.store import ReportRepository
    from arcticrecon.survey.forms import form_payload
    from arcticrecon.zones import read_survey_file

    given = {
        "--site": site,
        "--kind": kind,
        "--text": text or None,
        "--field": field,
        "--observed-at": observed_at,
        "--team": team,
    }
    for opt, value in given.items():
        if value:
            raise InputError(
                f"{opt} is for free reports; a survey sheet holds its own "
                f"{opt.removeprefix('--').replace('-', '_')} (edit the sheet)",
                field=opt.removeprefix("--"),
                value=str(value),
            )
    survey = read_survey_file(sheet, form=form.value if form else None)
    files = _read_attachments(_photo_paths(sheet, survey), field="photos", db=db)
    files += _read_attachments(attach or [], field="--attach", db=db)
    with open_cli_store(db) as store:
        reader = reader_from(store, as_)
        with store.write() as s:
            rep = ReportRepository(s, reader).add_survey(
                form_payload(survey), level=level, rel_to=rel_to, attachments=files
            )
    note_originator_added(reader, rel_to, rep.marking)
    note_default_release(rel_to, rep.marking)
    err_console.print(
        f"filed {survey.form} survey {survey.name!r} ({survey.provenance()}) for site "
        f"{rep.site}, marked {rep.marking.label()}",
        highlight=False,
    )
    typer.echo(rep.id)


@app.command("edit")
def edit(
    report_id: Annotated[str, typer.Argument(help="Report id.")],
    sheet: Annotated[
        Path | None,
        typer.Argument(help="New survey sheet for a structured survey (replaces its form)."),
    ] = None,
    as_: AsOpt = None,
    text: Annotated[str | None, typer.Option("--text", help="New free text.")] = None,
    field: FieldOpt = None,
    rel_to: RelToOpt = None,
    level: LevelOpt = None,
    db: DbOpt = None,
) -> None:
    """Edit a report or survey (a new revision); prints the new revision id."""
    from arcticrecon.store import ReportRepository

    survey = None
    if sheet is not None:
        from arcticrecon.survey.forms import form_payload
        from arcticrecon.zones import read_survey_file

        for opt, value in {"--text": text, "--field": field}.items():
            if value:
                raise InputError(
                    f"{opt} is for free reports; edit the survey sheet instead",
                    field=opt.removeprefix("--"),
                )
        survey = form_payload(read_survey_file(sheet))
    with open_cli_store(db) as store:
        reader = reader_from(store, as_)
        with store.write() as s:
            repo = ReportRepository(s, reader)
            if survey is not None:
                rep = repo.edit_survey(report_id, survey, level=level, rel_to=rel_to)
            else:
                rep = repo.edit(
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
        columns=_ROW_COLUMNS,
        title=f"{count(len(reps), 'report')} visible to {reader.label()}",
    )


@app.command("show")
def show(
    report_id: Annotated[str, typer.Argument(help="Report id.")],
    as_: AsOpt = None,
    sheet: Annotated[
        Path | None,
        typer.Option(
            "--sheet", help="Structured survey: write its printable sheet (.html or .pdf)."
        ),
    ] = None,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Show one report or survey (if --as may see it); a survey with its verdicts."""
    from arcticrecon.store import ReportRepository

    with open_cli_store(db) as store:
        reader = reader_from(store, as_)
        with store.read() as s:
            rep = ReportRepository(s, reader).get(report_id)
    if rep.form is not None:
        _show_survey(rep, sheet, fmt)
        return
    if sheet is not None:
        raise InputError(
            f"report {rep.id} is a {rep.kind.value} report, not a structured survey: it has "
            "no survey sheet",
            field="sheet",
            value=str(sheet),
        )
    d = rep.to_dict()
    if fmt is not OutputFormat.table:
        emit_records([d], fmt, json_obj=d)
        return
    console.print(f"[bold]{rep.marking.label()}[/]", highlight=False)
    rows = [{"item": k, "value": v} for k, v in d.items() if k not in {"attachments", "fields"}]
    rows += [{"item": f"field {k}", "value": v} for k, v in rep.fields.items()]
    rows += _attachment_rows(rep)
    emit_records(rows, fmt, title=f"Report {rep.id}")


def _attachment_rows(rep: ReconReport) -> list[dict[str, Any]]:
    return [
        {
            "item": f"attachment {a.filename}",
            "value": f"{a.sha256[:16]}… {a.size_bytes} B {a.marking.label()}",
        }
        for a in rep.attachments
    ]


def _show_survey(rep: ReconReport, sheet: Path | None, fmt: OutputFormat) -> None:
    from arcticrecon.report.survey_sheet import SheetMeta
    from arcticrecon.survey.forms import validate_form
    from arcticrecon.zones import assess

    survey = validate_form(rep.fields, form=rep.form, source=f"stored survey {rep.id}")
    result = assess(survey)
    if sheet is not None:
        meta = SheetMeta(
            report_id=rep.id,
            revision_id=rep.revision_id,
            author=rep.author,
            stored_at_utc=rep.edited_at_utc,
        )
        survey_forms.write_sheet(survey, result, rep.marking, sheet, meta=meta)
    if fmt is not OutputFormat.table:
        d = {**rep.to_dict(), "assessment": result.to_dict()}
        emit_records([d], fmt, json_obj=d)
        return
    console.print(f"[bold]{rep.marking.label()}[/]", highlight=False)
    console.print(
        f"[bold]{survey.name}[/] ({survey.form} survey {rep.id}, site {rep.site}) — "
        f"{survey.provenance()}; filed by {rep.author}",
        highlight=False,
    )
    measured = {k: v for k, v in result.measured.items() if k not in {"source", "capacity_note"}}
    if measured:
        console.print(", ".join(f"{k} {v}" for k, v in measured.items()), highlight=False)
    for n in result.notes:
        console.print(f"[yellow]note:[/] {n}", highlight=False)
    if survey.narrative:
        console.print(survey.narrative, highlight=False)
    rows = [
        {"for": v.subject, "verdict": v.outcome.value, "why": "; ".join(v.reasons)}
        for v in result.verdicts
    ]
    emit_records(rows, fmt, title="Verdicts", columns=["for", "verdict", "why"])
    att = _attachment_rows(rep)
    if att:
        emit_records(att, fmt, title="Attachments")
    if sheet is not None:
        console.print(f"wrote {sheet}", highlight=False)


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
