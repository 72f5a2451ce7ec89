"""Shared command-line helpers: output formats, tables, consoles.

Atomic writes are re-exported from :mod:`arcticrecon.files`.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import math
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from arcticrecon.cli.widths import PIPE_WIDTH
from arcticrecon.files import atomic_write_text

if TYPE_CHECKING:
    from arcticrecon.cli.rich_console import PipeAwareConsole

__all__ = [
    "PIPE_WIDTH",
    "FormatOpt",
    "OutputFormat",
    "PipeAwareConsole",
    "atomic_write_text",
    "console",
    "emit_records",
    "err_console",
    "to_jsonable",
]


class _LazyConsole:
    """Stands in for a :class:`~arcticrecon.cli.rich_console.PipeAwareConsole` until used.

    The first attribute read or write (``console.print``, ``err_console.is_terminal``,
    ...) imports rich, turns this very object into a ``PipeAwareConsole`` (its class is
    swapped, then the console is initialised with the keyword arguments given here) and
    carries on: every module that imported :data:`console` holds the same, now real,
    console. So command modules import nothing of rich until they print.
    """

    def __init__(self, **kw: Any) -> None:
        object.__setattr__(self, "_console_kw", kw)

    def _become_console(self) -> None:
        from arcticrecon.cli.rich_console import PipeAwareConsole

        kw = self.__dict__.pop("_console_kw")
        object.__setattr__(self, "__class__", PipeAwareConsole)
        PipeAwareConsole.__init__(self, **kw)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> Any:
        # only called for a missing attribute: before the swap, that is every attribute
        if name.startswith("__") or "_console_kw" not in self.__dict__:
            raise AttributeError(name)
        self._become_console()
        return getattr(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        self._become_console()
        setattr(self, name, value)


def __getattr__(name: str) -> Any:
    """``PipeAwareConsole`` on demand (importing it imports rich)."""
    if name == "PipeAwareConsole":
        from arcticrecon.cli.rich_console import PipeAwareConsole

        return PipeAwareConsole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Standard output and standard error of the command line (rich, imported on first use).
console: PipeAwareConsole = cast("PipeAwareConsole", _LazyConsole())
err_console: PipeAwareConsole = cast("PipeAwareConsole", _LazyConsole(stderr=True))


class OutputFormat(enum.StrEnum):
    """``--format`` choices: a rich table for people, CSV/JSON for machines."""

    table = "table"
    csv = "csv"
    json = "json"


#: The ``--format/-f`` option every listing command takes.
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]


def to_jsonable(obj: Any) -> Any:
    """Convert dates, enums, numpy scalars and paths to JSON-able values (recursively)."""
    import datetime as dt

    # numpy values exist only once numpy is imported: a light command never loads it here
    np = sys.modules.get("numpy")
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, dt.datetime | dt.date):
        return obj.isoformat()
    if np is not None and isinstance(obj, np.generic):
        v = obj.item()
        if isinstance(v, float) and not math.isfinite(v):
            return None
        return v
    if isinstance(obj, float) and obj != obj:  # NaN -> null, never a bare NaN in JSON
        return None
    if isinstance(obj, Path):
        return str(obj)
    return obj


def emit_records(
    records: Sequence[dict[str, Any]],
    fmt: OutputFormat,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    json_obj: Any = None,
) -> None:
    """Print records as a rich table, CSV or JSON on standard output.

    Parameters
    ----------
    records : sequence of dict
        One dict per row.
    fmt : OutputFormat
    columns : sequence of str, optional
        Columns (and order) for table/CSV; default the keys of the first record.
    title : str, optional
        Table title.
    json_obj : Any, optional
        What to print for ``json`` instead of ``records`` (e.g. a richer object).
    """
    if fmt is OutputFormat.json:
        sys.stdout.write(
            json.dumps(
                to_jsonable(records if json_obj is None else json_obj), indent=2, ensure_ascii=False
            )
            + "\n"
        )
        return
    cols = list(columns) if columns else (list(records[0]) if records else [])
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        w = csv.DictWriter(buf, cols, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in records:
            w.writerow({k: _csv_cell(r.get(k)) for k in cols})
        sys.stdout.write(buf.getvalue())
        return
    cells = [[_cell(r.get(c)) for c in cols] for r in records]
    if type(cast(object, console)) is _LazyConsole:  # rich not set up: a pipe needs none
        from arcticrecon.cli.plain_table import render_plain_table, stdout_is_plain_pipe

        text = render_plain_table(title, cols, cells) if stdout_is_plain_pipe() else None
        if text is not None:  # the bytes rich would print (cli.plain_table)
            sys.stdout.write(text)
            sys.stdout.flush()  # as rich does: a later stderr line stays after the table
            return
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=False, header_style="bold")
    for c in cols:
        table.add_column(c)
    for row in cells:
        # Text, not str: a value is shown as it is (a "[...]" in a name is not rich markup)
        table.add_row(*(Text(v) for v in row))
    console.print(table)


def _csv_cell(v: Any) -> str:
    """A CSV field: plain numbers (no thousands separators), empty for missing."""
    v = to_jsonable(v)
    if v is None:
        return ""
    if isinstance(v, float):
        return format(v, ".10g")
    if isinstance(v, list):
        return "; ".join(_csv_cell(x) for x in v)
    return str(v)


def _cell(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.1f}" if abs(v) >= 100 else f"{v:.2f}"
    if isinstance(v, enum.Enum):
        return str(v.value)
    if isinstance(v, list | tuple):
        return ", ".join(_cell(x) for x in v)
    return str(v)


def join_nonempty(parts: Iterable[str], sep: str = "; ") -> str:
    """Join the non-empty strings of ``parts``."""
    return sep.join(p for p in parts if p)
