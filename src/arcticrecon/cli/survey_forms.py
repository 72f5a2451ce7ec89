"""``arcticrecon survey new|check``: structured survey sheets (forms lz, ice, dz, hlz, port).

``survey new --form F`` writes a TOML sheet to fill in the field; ``survey check FILE``
validates a filled sheet and prints its verdicts without a database (for the field laptop
before filing), optionally writing the draft sheet as HTML/PDF. Filing a sheet in the
mission store is ``survey add --form F FILE``. Heavy modules are imported inside the
commands.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from arcticrecon.cli.common import FormatOpt, OutputFormat, console, emit_records
from arcticrecon.errors import InputError

__all__ = ["FormKey", "check", "new"]


class FormKey(enum.StrEnum):
    """``--form`` choices: the keys of :data:`arcticrecon.survey.forms.FORMS`.

    Kept here (a test checks they agree) so that ``--help`` does not import pydantic.
    """

    lz = "lz"
    ice = "ice"
    dz = "dz"
    hlz = "hlz"
    port = "port"


FormOpt = Annotated[FormKey, typer.Option("--form", help="Survey form: lz, ice, dz, hlz, port.")]


def new(
    form: FormOpt,
    to: Annotated[
        Path | None,
        typer.Option("--to", help="Sheet to write (default: <form>-survey.toml here)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a blank survey sheet (TOML with guidance) to fill in."""
    from arcticrecon.cli.common import atomic_write_text
    from arcticrecon.survey.forms import blank_sheet

    path = to if to is not None else Path(f"{form.value}-survey.toml")
    if path.is_dir():
        raise InputError(
            f"--to {str(path)!r} is a folder; give a file name", field="to", value=str(path)
        )
    if path.exists() and not force:
        raise InputError(
            f"--to {str(path)!r} exists; choose another name or add --force",
            field="to",
            value=str(path),
        )
    try:
        atomic_write_text(path, blank_sheet(form.value))
    except OSError as err:
        raise InputError(
            f"--to {str(path)!r}: cannot write there ({err.strerror or err})",
            field="to",
            value=str(path),
        ) from None
    console.print(
        f"wrote {path}: fill it in, then `arcticrecon survey check {path}` and "
        f"`arcticrecon survey add --form {form.value} {path}`",
        highlight=False,
    )


def check(
    file: Annotated[Path, typer.Argument(help="Filled survey sheet (TOML).")],
    form: Annotated[FormKey | None, typer.Option("--form", help="Expected form.")] = None,
    aircraft: Annotated[
        list[str] | None,
        typer.Option("--aircraft", help="Aircraft/helicopter to judge (repeatable; default all)."),
    ] = None,
    sheet: Annotated[
        Path | None, typer.Option("--sheet", help="Also write the draft sheet (.html or .pdf).")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Validate a sheet and print its verdicts (nothing is stored)."""
    from arcticrecon.catalog import get_aircraft
    from arcticrecon.zones import assess, read_survey_file

    survey = read_survey_file(file, form=form.value if form else None)
    fleet = [get_aircraft(a) for a in aircraft] if aircraft else None
    result = assess(survey, fleet)
    if sheet is not None:
        write_sheet(survey, result, None, sheet)
    rows = [
        {"for": v.subject, "verdict": v.outcome.value, "why": "; ".join(v.reasons)}
        for v in result.verdicts
    ]
    if fmt is OutputFormat.json:
        emit_records([], fmt, json_obj=result.to_dict())
        return
    if fmt is OutputFormat.csv:
        emit_records(rows, fmt)
        return
    console.print(
        f"[bold]{survey.name}[/] ({survey.form} form) — {survey.provenance()}", highlight=False
    )
    measured = {k: v for k, v in result.measured.items() if k not in {"source", "capacity_note"}}
    console.print(", ".join(f"{k} {v}" for k, v in measured.items()), highlight=False)
    for n in result.notes:
        console.print(f"[yellow]note:[/] {n}", highlight=False)
    emit_records(rows, fmt, title="Verdicts", columns=["for", "verdict", "why"])
    if sheet is not None:
        console.print(f"wrote {sheet}", highlight=False)


def write_sheet(survey, result, marking, path: Path, *, meta=None) -> Path:
    """Write the printable sheet as HTML, or PDF when ``path`` ends in ``.pdf``.

    Raises
    ------
    InputError
        If the file cannot be written.
    """
    from arcticrecon.cli.common import atomic_write_text
    from arcticrecon.report.survey_sheet import render_survey_sheet

    page = render_survey_sheet(survey, result, marking, meta=meta)
    try:
        if path.suffix.lower() == ".pdf":
            from arcticrecon.report.pdf import write_pdf

            tmp = path.with_name(f".{path.name}.tmp")
            try:
                write_pdf(page, tmp)
                tmp.replace(path)
            finally:
                tmp.unlink(missing_ok=True)
        else:
            atomic_write_text(path, page)
    except OSError as err:
        raise InputError(
            f"--sheet {str(path)!r}: cannot write there ({err.strerror or err})",
            field="sheet",
            value=str(path),
        ) from None
    return path
