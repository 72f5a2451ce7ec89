"""The piped table of :func:`arcticrecon.cli.common.emit_records`, written without rich.

When standard output is not a terminal, :class:`~arcticrecon.cli.rich_console.PipeAwareConsole`
prints a table at its natural width (:data:`~arcticrecon.cli.widths.PIPE_WIDTH` columns,
so nothing is folded), soft-wrapped and without colour. For the tables ``emit_records``
builds (a title, one header line, one line per record, rich's default ``HEAVY_HEAD`` box,
left-justified single-line cells padded by one space) that output is simple enough to write
directly: ``sites list`` (91 rows) spends ~0.1 s CPU in rich's layout engine and ~0.04 s
importing it, a third of the command's start-up budget (issue 12).

:func:`render_plain_table` returns the very bytes rich would print, or ``None`` whenever
the table holds something whose rendering involves more of rich than the above (markup or
emoji codes in a title or header, control characters, line breaks, a table wider than the
pipe width, a non-UTF-8 stream, a terminal forced by ``FORCE_COLOR`` / ``TTY_COMPATIBLE``,
Jupyter or IDLE): the caller then prints through rich as before.
``tests/unit/cli/test_plain_table.py`` compares both on random tables (wide, combining and
emoji characters, empty cells, spaces) and on the real catalogue.

Cell widths are measured with :func:`rich.cells.cell_len` (rich's own measure; importing
``rich.cells`` costs ~2 ms, the console and table machinery ~40 ms).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import TextIO

from arcticrecon.cli.widths import PIPE_WIDTH

__all__ = ["render_plain_table", "stdout_is_plain_pipe"]

#: What rich treats specially in a header or title string (a ``str``, rendered as markup):
#: markup tags ("[b]") and emoji codes (":smile:", rich's ``_emoji_replace`` pattern).
_MARKUP = re.compile(r"\[|:\S*?:")
#: Unicode categories of characters that join or modify their neighbours (combining marks,
#: format characters such as the zero-width joiner, modifier symbols such as skin tones):
#: rich measures and cuts such grapheme clusters its own way, so they go through rich.
_CLUSTER_CATEGORIES = frozenset({"Mn", "Mc", "Me", "Cf", "Sk", "Co", "Cn", "Cs"})
#: Regional indicators (pairs form flags).
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)


def _simple_text(s: str) -> bool:
    """Whether every character of ``s`` stands alone (no control, joiner or modifier)."""
    if s.isascii():
        return s.isprintable()
    import unicodedata

    for ch in s:
        o = ord(ch)
        if o < 0x80:
            if not 0x20 <= o < 0x7F:  # an ASCII control character
                return False
        elif (
            (not ch.isprintable() and ch != "\u00a0")
            or unicodedata.category(ch) in _CLUSTER_CATEGORIES
            or o in _REGIONAL_INDICATORS
        ):
            return False
    return True


def stdout_is_plain_pipe(stream: TextIO | None = None) -> bool:
    """Whether rich would treat ``stream`` (default ``sys.stdout``) as a plain UTF-8 pipe.

    Mirrors :attr:`rich.console.Console.is_terminal` (``TTY_COMPATIBLE``, ``FORCE_COLOR``,
    Jupyter, IDLE, ``isatty``) and :attr:`~rich.console.Console.encoding`, answering
    ``False`` whenever rich might decide otherwise.
    """
    f = sys.stdout if stream is None else stream
    if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
        return False
    if "IPython" in sys.modules or "idlelib" in sys.modules:
        return False
    isatty = getattr(f, "isatty", None)
    try:
        if isatty is None or isatty():
            return False
    except ValueError:  # closed file: rich says "not a terminal"
        pass
    encoding = (getattr(f, "encoding", "utf-8") or "utf-8").lower()
    return encoding.startswith("utf")


def render_plain_table(
    title: str | None, columns: Sequence[str], rows: Sequence[Sequence[str]]
) -> str | None:
    """The text rich prints for this table on a plain pipe, or ``None`` if not simple.

    Parameters
    ----------
    title : str or None
        Table title (rich markup rules: refused here if it has any markup or emoji code).
    columns : sequence of str
        Column headers.
    rows : sequence of sequence of str
        Cell texts, ``len(columns)`` per row (shown as plain text, like ``rich.text.Text``).

    Returns
    -------
    str or None
        Newline-terminated lines, identical to ``PipeAwareConsole.print(table)`` of a
        ``rich.table.Table(title=title, header_style="bold")`` with these columns and
        ``Text`` cells, when standard output is a plain pipe; ``None`` when the table needs
        rich (see the module notes).
    """
    if not columns:
        return None
    for text in (title or "", *columns):
        if _MARKUP.search(text) or not _simple_text(text):
            return None
    if any(len(r) != len(columns) for r in rows):
        return None
    from rich.cells import cell_len

    widths = [cell_len(c) for c in columns]
    lens: list[list[int]] = []
    for r in rows:
        row_lens = []
        for i, cell in enumerate(r):
            if not _simple_text(cell):
                return None
            n = cell_len(cell)
            row_lens.append(n)
            if n > widths[i]:
                widths[i] = n
        lens.append(row_lens)
    # rich's table: one space of padding either side of a cell, one character per border
    if sum(widths) + 3 * len(widths) + 1 > PIPE_WIDTH:
        return None

    def line(cells: Sequence[str], cell_lens: Sequence[int], edge: str) -> str:
        parts = [f" {c}{' ' * (w - n)} " for c, n, w in zip(cells, cell_lens, widths, strict=True)]
        return edge + edge.join(parts) + edge + "\n"

    def rule(left: str, fill: str, mid: str, right: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + right + "\n"

    out = [f"{title}\n"] if title else []
    out.append(rule("┏", "━", "┳", "┓"))
    out.append(line(columns, [cell_len(c) for c in columns], "┃"))
    out.append(rule("┡", "━", "╇", "┩"))
    out.extend(line(r, n, "│") for r, n in zip(rows, lens, strict=True))
    out.append(rule("└", "─", "┴", "┘"))
    return "".join(out)
