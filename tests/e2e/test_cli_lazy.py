"""The command line starts fast: sub-commands load lazily, heavy libraries are not imported
at start, and ``--help`` lists every command with its own one-line help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from arcticrecon.cli.main import COMMANDS, load_command

#: Libraries that must never be imported by ``import arcticrecon.cli.main`` (issue 12).
#: pydantic: typer 0.29 imports it to coerce every option (+0.1-0.2 s per command), hence
#: the ``typer<0.29`` pin in pyproject.toml; no command needs it for help or light work.
HEAVY = (
    "pydantic",
    "scipy",
    "pandas",
    "xarray",
    "matplotlib",
    "weasyprint",
    "sqlalchemy",
    "pymcdm",
    "dask",
    "duckdb",
    "pyarrow",
    "rasterio",
    "zarr",
)


def _fresh(code: str) -> str:
    """Run ``code`` in a fresh interpreter; return its standard output."""
    env = {k: v for k, v in os.environ.items() if k != "ARCTICRECON_DEBUG"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_import_cli_main__no_heavy_library() -> None:
    code = (
        "import sys, json, arcticrecon.cli.main;"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    )
    assert json.loads(_fresh(code)) == []


def test_root_help__imports_no_command_module_and_lists_every_command() -> None:
    code = (
        "import sys, io, json, contextlib;"
        "from arcticrecon.cli.main import main;"
        "buf = io.StringIO();"
        "ctx = contextlib.redirect_stdout(buf); ctx.__enter__(); rc = main(['--help']); ctx.__exit__(None, None, None);"
        "mods = sorted(m for m in sys.modules if m.startswith('arcticrecon.cli.') and m not in"
        " ('arcticrecon.cli.main', 'arcticrecon.cli.common', 'arcticrecon.cli.widths'));"
        f"heavy = sorted(m for m in {HEAVY!r} if m in sys.modules);"
        "print(json.dumps({'rc': rc, 'mods': mods, 'heavy': heavy, 'out': buf.getvalue()}))"
    )
    d = json.loads(_fresh(code))
    assert d["rc"] == 0 and d["mods"] == [] and d["heavy"] == []
    lines = d["out"].splitlines()
    for name, (_target, help_line) in COMMANDS.items():
        # piped: one line per command, never folded
        assert any(ln.split()[:1] == [name] and help_line in ln for ln in lines), name


@pytest.mark.parametrize("name", list(COMMANDS))
def test_registry_help__is_the_commands_own_help(name: str) -> None:
    cmd = load_command(name)
    own = (cmd.short_help or (cmd.help or "").strip().split("\n\n")[0]).replace("\n", " ")
    assert COMMANDS[name][1] == own.strip()
    assert cmd.name == name


#: Not needed to print help or the site list either (each costs 10-30 ms at start; the
#: geodesic engines come in through ``arcticrecon.geo``, numpy through ``units``/``catalog``).
NOT_FOR_HELP = (*HEAVY, "numpy", "pyproj", "shapely", "skyfield", "jinja2", "pycountry")

#: Plain (piped) help and CSV/JSON output print through click or ``sys.stdout``, not rich
#: (~40 ms at start): the consoles of ``cli.common`` import it when they first print.
NOT_FOR_PLAIN = (*NOT_FOR_HELP, "rich")


def _argv_modules(argv: list[str], banned: tuple[str, ...]) -> tuple[str, list[str], int]:
    code = (
        "import sys, io, json, contextlib;"
        "from arcticrecon.cli.main import main;"
        "ctx = contextlib.redirect_stdout(io.StringIO()); ctx.__enter__();"
        f"rc = main({argv!r}); ctx.__exit__(None, None, None);"
        f"print(json.dumps([rc, sorted(m for m in {banned!r} if m in sys.modules)]))"
    )
    rc, loaded = json.loads(_fresh(code))
    return " ".join(argv), loaded, rc


def _sub_help_modules(name: str) -> tuple[str, list[str], int]:
    return _argv_modules([name, "--help"], NOT_FOR_PLAIN)


def test_root_help__imports_no_rich() -> None:
    _label, loaded, rc = _argv_modules(["--help"], NOT_FOR_PLAIN)
    assert rc == 0 and loaded == []


def test_every_sub_help__imports_no_heavy_library_nor_numpy_nor_rich() -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_sub_help_modules, COMMANDS))
    bad = {name: loaded for name, loaded, rc in results if loaded or rc != 0}
    assert bad == {}


@pytest.mark.parametrize(
    ("argv", "banned"),
    [
        # the catalogue is stdlib csv: no numpy for listing it, in any format; piped, its
        # table is written by cli.plain_table (rich.cells only, not rich's console/table)
        (["sites", "list"], (*NOT_FOR_HELP, "rich.console", "rich.table", "rich.text")),
        (["sites", "list", "--format", "json"], NOT_FOR_PLAIN),
        (["sites", "list", "--format", "csv", "--aircraft", "C-130J-30"], NOT_FOR_PLAIN),
        # one wind chill value is plain-Python arithmetic (cold.scalar): no numpy, in any
        # format and outside the domain too
        (["cold", "--temp", "-20", "--wind", "30"], NOT_FOR_HELP),
        (["cold", "--temp", "-20", "--wind", "3", "--allow-outside"], NOT_FOR_HELP),
        (["cold", "--temp", "-20", "--wind", "30", "--format", "json"], NOT_FOR_PLAIN),
        (["cold", "--temp", "-20", "--wind", "30", "--format", "csv"], NOT_FOR_PLAIN),
    ],
)
def test_light_commands__import_only_what_they_use(
    argv: list[str], banned: tuple[str, ...]
) -> None:
    _label, loaded, rc = _argv_modules(argv, banned)
    assert rc == 0 and loaded == []


def test_console__becomes_a_rich_console_on_first_use() -> None:
    code = (
        "import sys, io, json, contextlib;"
        "from arcticrecon.cli import common;"
        "from arcticrecon.cli.common import console;"
        "before = 'rich' in sys.modules;"
        "buf = io.StringIO();"
        "ctx = contextlib.redirect_stdout(buf); ctx.__enter__();"
        "console.print('[bold]x[/] ' + 'y' * 300); ctx.__exit__(None, None, None);"
        "import rich.console;"
        "from arcticrecon.cli.rich_console import PipeAwareConsole;"
        "common.err_console.tab_size = 3;"
        "print(json.dumps([before, isinstance(console, PipeAwareConsole),"
        " isinstance(console, rich.console.Console), console is common.console,"
        " common.PipeAwareConsole is PipeAwareConsole,"
        " isinstance(common.err_console, PipeAwareConsole), common.err_console.tab_size,"
        " common.err_console.stderr, console.stderr, buf.getvalue()]))"
    )
    before, *is_console, tab_size, err_stderr, out_stderr, out = json.loads(_fresh(code))
    assert before is False
    assert is_console == [True, True, True, True, True]
    assert (tab_size, err_stderr, out_stderr) == (3, True, False)
    # piped: markup rendered without colour codes, the long line not folded
    assert out == "x " + "y" * 300 + "\n"
