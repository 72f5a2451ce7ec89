"""The piped table writer (arcticrecon.cli.plain_table) prints exactly what rich prints:
random tables (wide, unicode, empty cells, spaces), the real site catalogue, and a
fallback to rich for whatever it does not handle."""

from __future__ import annotations

import io
import random

import pytest
from rich.table import Table
from rich.text import Text

from arcticrecon.cli import common
from arcticrecon.cli.main import main
from arcticrecon.cli.plain_table import render_plain_table, stdout_is_plain_pipe
from arcticrecon.cli.rich_console import PipeAwareConsole
from arcticrecon.cli.widths import PIPE_WIDTH


def _rich(title: str | None, cols: list[str], rows: list[list[str]]) -> str:
    """What the command line's rich console prints for the table on a pipe (the reference)."""
    buf = io.StringIO()  # not a terminal, encoding None -> utf-8, as a pipe
    table = Table(title=title, show_lines=False, header_style="bold")
    for c in cols:
        table.add_column(c)
    for r in rows:
        table.add_row(*(Text(x) for x in r))
    PipeAwareConsole(file=buf).print(table)
    return buf.getvalue()


ASCII = [*"abcXYZ0189 .,-_/()]{}'\"#%&*+=<>?!|~`^@$\\;", "  ", "   "]
#: Greenlandic/Nordic letters, wide (CJK, fullwidth, emoji), symbols, no-break space,
#: right-to-left letters, a mathematical letter outside the BMP.
UNICODE = [*ASCII, *"æøåÆØÅéüñßĸ東京한ｱ😀❤—°…\u00a0Ωжאب€½²♥✓ﬁⅫ", "𝔸", "ĸ"]


def _text(rng: random.Random, alphabet: list[str], max_len: int) -> str:
    n = rng.choice([0, 0, 1, 2, 5, 10, max_len])
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, n)))


@pytest.mark.parametrize(
    ("seed", "alphabet"), [(1, ASCII), (2, UNICODE), (3, UNICODE), (4, [*ASCII, "", " "])]
)
def test_render_plain_table__equals_rich_on_random_tables(seed: int, alphabet: list[str]) -> None:
    rng = random.Random(seed)
    handled = 0
    n_tables = 200
    for _ in range(n_tables):
        ncol, nrow = rng.randint(1, 9), rng.choice([0, 1, 2, rng.randint(0, 25)])
        cols = [_text(rng, alphabet, 14) for _ in range(ncol)]
        rows = [[_text(rng, alphabet, 40) for _ in range(ncol)] for _ in range(nrow)]
        title = rng.choice([None, "", "91 sites", _text(rng, alphabet, 30)])
        got = render_plain_table(title, cols, rows)
        if got is None:  # e.g. a ":x:" emoji code in a random header
            continue
        handled += 1
        assert got == _rich(title, cols, rows), (title, cols, rows)
    assert handled >= 0.9 * n_tables


@pytest.mark.parametrize(
    ("title", "cols", "rows"),
    [
        ("[bold]x[/]", ["a"], [["1"]]),  # markup in a title
        ("t", ["a[b]"], [["1"]]),  # markup in a header
        ("t", [":smile:"], [["1"]]),  # emoji code in a header
        ("t", ["a"], [["x\ny"]]),  # line break in a cell
        ("t", ["a"], [["x\ty"]]),  # tab
        ("t", ["a"], [["x\ry"]]),  # control character (rich strips it)
        ("t", ["a"], [["e\u0301"]]),  # combining accent
        ("t", ["a"], [["\u0301"]]),  # combining accent alone
        ("t", ["a"], [["👨\u200d👩\u200d👧"]]),  # zero-width joiner sequence
        ("t", ["a"], [["x\u200d"]]),  # trailing zero-width joiner
        ("t", ["a"], [["👍🏽"]]),  # skin-tone modifier
        ("t", ["a"], [["❤️"]]),  # variation selector
        ("t", ["a"], [["🇬🇱"]]),  # regional indicators (a flag)
        ("t", ["a"], [["x\u200by"]]),  # zero-width space
        ("t", ["a"], [["x\u3000y"]]),  # ideographic space
        ("t", ["a", "b"], [["1"]]),  # ragged row
        ("t", [], []),  # no columns (rich prints a blank line)
        ("t", ["a", "b"], [["x" * PIPE_WIDTH, "y"]]),  # wider than the pipe: rich folds
    ],
)
def test_render_plain_table__leaves_what_it_does_not_handle_to_rich(
    title: str, cols: list[str], rows: list[list[str]]
) -> None:
    assert render_plain_table(title, cols, rows) is None


def test_render_plain_table__at_the_pipe_width_still_equals_rich() -> None:
    # PIPE_WIDTH cells in all: 2 columns -> borders 3 + 2 x (padding 2) = 7
    rows = [["x" * (PIPE_WIDTH - 7 - 1), "y"]]
    got = render_plain_table("t", ["a", "b"], rows)
    assert got is not None and got == _rich("t", ["a", "b"], rows)
    assert render_plain_table("t", ["a", "b"], [["x" * (PIPE_WIDTH - 7), "y"]]) is None


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str], console: object) -> str:
    mp = pytest.MonkeyPatch()
    mp.setattr(common, "console", console)
    try:
        assert main(argv) == 0
    finally:
        mp.undo()
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["sites", "list"],
        ["sites", "list", "--kind", "heliport"],
        ["sites", "list", "--aircraft", "C-130J-30"],  # caveats column filled
        ["sites", "list", "--aircraft", "A400M", "--kind", "airport"],
        ["cold", "--temp", "-20", "--wind", "30"],
        ["cold", "BGSF"],
    ],
)
def test_emit_records__real_outputs_equal_rich_and_skip_it(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    fresh = common._LazyConsole()  # as at start-up: rich not set up yet
    plain = _cli(argv, capsys, fresh)
    assert type(fresh) is common._LazyConsole  # the table went out without rich's console
    assert plain == _cli(argv, capsys, PipeAwareConsole())  # rich, to the same stdout
    assert "┏" in plain


def test_emit_records__a_table_rich_must_render_still_goes_through_rich(
    capsys: pytest.CaptureFixture[str],
) -> None:
    fresh: object = common._LazyConsole()
    mp = pytest.MonkeyPatch()
    mp.setattr(common, "console", fresh)
    try:
        common.emit_records([{"a": "x\ny"}], common.OutputFormat.table, title="t")
    finally:
        mp.undo()
    assert type(fresh) is PipeAwareConsole
    assert capsys.readouterr().out == _rich("t", ["a"], [["x\ny"]])


class _Stream(io.StringIO):
    def __init__(self, *, tty: bool, encoding: str | None) -> None:
        super().__init__()
        self._tty, self._encoding = tty, encoding

    def isatty(self) -> bool:
        return self._tty

    @property
    def encoding(self) -> str | None:  # type: ignore[override]
        return self._encoding


@pytest.mark.parametrize(
    ("env", "tty", "encoding", "plain"),
    [
        ({}, False, "utf-8", True),
        ({}, False, None, True),  # rich's default: utf-8
        ({}, False, "UTF-8", True),
        ({}, True, "utf-8", False),  # a terminal: rich renders for its width
        ({}, False, "ascii", False),  # rich draws an ASCII box
        ({}, False, "latin-1", False),
        ({"FORCE_COLOR": "1"}, False, "utf-8", False),  # rich treats it as a terminal
        ({"FORCE_COLOR": ""}, False, "utf-8", False),  # (rich: not a terminal) left to rich
        ({"TTY_COMPATIBLE": "1"}, False, "utf-8", False),
        ({"TTY_COMPATIBLE": "0"}, False, "utf-8", False),
    ],
)
def test_stdout_is_plain_pipe__only_when_rich_would_see_a_plain_utf8_pipe(
    env: dict[str, str], tty: bool, encoding: str | None, plain: bool
) -> None:
    mp = pytest.MonkeyPatch()
    for k in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        mp.delenv(k, raising=False)
    for k, v in env.items():
        mp.setenv(k, v)
    try:
        stream = _Stream(tty=tty, encoding=encoding)
        assert stdout_is_plain_pipe(stream) is plain
        if plain:  # agrees with rich itself
            c = PipeAwareConsole(file=stream)
            assert not c.is_terminal and c.encoding.startswith("utf")
    finally:
        mp.undo()
