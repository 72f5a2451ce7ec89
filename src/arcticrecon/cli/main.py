"""The ``arcticrecon`` command: one typer app whose sub-commands load lazily.

Every sub-command is listed in :data:`COMMANDS` as ``name -> (target, one-line help)``;
its module is imported only when that command runs (or its own ``--help`` is asked for).
``arcticrecon --help`` lists every command with the one-line help from this table, so it
imports no command module at all (a test checks that each line equals the command's own
help). Command modules import heavy libraries (scipy, pandas, xarray, matplotlib,
weasyprint, sqlalchemy, pymcdm, ...) inside the functions that need them.

Registering a new sub-command is one line in :data:`COMMANDS`:

* a command group: ``"ais": ("arcticrecon.cli.ais:app", "AIS ...")`` where ``app`` is a
  :class:`typer.Typer` (its sub-commands are its own);
* a single command: ``"export": ("arcticrecon.cli.export:export_command", "Export ...")``
  where the target is the command function (typer reads its parameters).

Exit codes: 0 ok, 2 bad input (any :class:`~arcticrecon.errors.ArcticReconError` or a
usage error), 1 internal error. Errors are one line on standard error, no traceback
(set ``ARCTICRECON_DEBUG=1`` to see one).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:
    # typer >= 0.2x vendors its own copy of click (typer._click): its commands, contexts
    # and formatters are of that family, not of a separately installed click
    from typer._click.core import Command, Context
    from typer._click.formatting import HelpFormatter

from arcticrecon.cli.common import PIPE_WIDTH, err_console
from arcticrecon.errors import ArcticReconError

__all__ = ["COMMANDS", "app", "load_command", "main"]

#: Sub-commands in ``--help`` order: name -> ("module:attribute", one-line help).
#: The attribute is a :class:`typer.Typer` (a group) or a command function.
COMMANDS: dict[str, tuple[str, str]] = {
    "plan": (
        "arcticrecon.cli.plan:plan",
        "Rank exercise opportunities for a mission file and write the report folder.",
    ),
    "light": (
        "arcticrecon.cli.light:light",
        "Light intervals per local date: BMNT → EENT, BMCT → EECT, sunrise → sunset, moon.",
    ),
    "route": (
        "arcticrecon.cli.logistics:route",
        "Flight legs FROM -> TO: distance, course, block time; multi-hop if out of range.",
    ),
    "sealift": (
        "arcticrecon.cli.logistics:sealift",
        "Sea route FROM_PORT -> TO_PORT: distance, transit days, route GeoJSON.",
    ),
    "deploy": (
        "arcticrecon.cli.logistics:deploy",
        "Deployment timeline for an exercise: sorties and days to close each nation's force.",
    ),
    "itinerary": (
        "arcticrecon.cli.logistics:itinerary",
        "Order of site visits for a team that finishes soonest, flying in civil daylight.",
    ),
    "cold": (
        "arcticrecon.cli.cold:cold",
        "Wind chill (2001 JAG/TI) and frostbite band; `cold SITE` gives the monthly table.",
    ),
    "serve": (
        "arcticrecon.cli.web:serve",
        "Serve the web application (JSON API + map page) with uvicorn.",
    ),
    "coverage": (
        "arcticrecon.cli.coverage:coverage_command",
        "Choose k sites covering the most demand within a response time (exact MCLP).",
    ),
    "sites": (
        "arcticrecon.cli.sites:app",
        "The site catalogue: Greenland's airfields, heliports and strips.",
    ),
    "climate": (
        "arcticrecon.cli.climate:app",
        "Climatology: ERA5 grid, station normals, your own observation files.",
    ),
    "ice": (
        "arcticrecon.cli.ice:app",
        "Sea ice and ports: IMO POLARIS, ice load (Gold), port seasons.",
    ),
    "user": (
        "arcticrecon.cli.web:user_app",
        "Web logins (each belongs to a person of a nation with a clearance).",
    ),
    "mission": (
        "arcticrecon.cli.mission:app",
        "The mission in the store: name, lead nation, classification levels.",
    ),
    "nation": ("arcticrecon.cli.nation:app", "Nations of the mission."),
    "person": (
        "arcticrecon.cli.person:app",
        "People of the mission: name, rank, role, nation, clearance, dates.",
    ),
    "team": ("arcticrecon.cli.team:app", "Reconnaissance teams."),
    "survey": (
        "arcticrecon.cli.survey:app",
        "Reconnaissance reports, releasability-filtered for --as.",
    ),
    "override": (
        "arcticrecon.cli.override:app",
        "Site overrides: field findings that correct the catalogue.",
    ),
    "audit": ("arcticrecon.cli.audit:app", "Audit trail of every create/update/delete."),
    "keys": ("arcticrecon.cli.keys:app", "Ed25519 keys that sign offline bundles."),
    "grid": (
        "arcticrecon.cli.grid:app",
        "Gridded maps of light, cold, terrain, reach, satcom and suitability (EPSG:3413).",
    ),
    "ais": (
        "arcticrecon.cli.ais:app",
        "Maritime picture from AIS: ingest, listen, events, vessels, picture, assess.",
    ),
    "export": (
        "arcticrecon.cli.export:export_command",
        "Write an overlay: NATO Vector Graphics 2.0.2, KML, GeoPackage or GeoJSON.",
    ),
}


def load_command(name: str) -> Command:
    """Import the module of sub-command ``name`` and build its click command.

    Raises
    ------
    KeyError
        If ``name`` is not in :data:`COMMANDS`.
    """
    target, _help = COMMANDS[name]
    module, _, attr = target.partition(":")
    obj = getattr(importlib.import_module(module), attr)
    if isinstance(obj, typer.Typer):
        cmd: Command = typer.main.get_group(obj)
    else:
        single = typer.Typer(add_completion=False)
        single.command(name)(obj)
        cmd = typer.main.get_command(single)
    cmd.name = name
    _help_as_text(cmd)
    return cmd


def _help_as_text(cmd: Command) -> None:
    """Drop reST inline-literal marks from ``cmd``'s help texts (and its sub-commands').

    Command docstrings are the API docs as well (reST: ``--force``); in ``--help`` the
    double backticks are noise. Only the marks go; the words stay.
    """
    for attr in ("help", "short_help"):
        text = getattr(cmd, attr, None)
        if isinstance(text, str) and "``" in text:
            setattr(cmd, attr, text.replace("``", ""))
    for param in getattr(cmd, "params", ()):
        text = getattr(param, "help", None)
        if isinstance(text, str) and "``" in text:
            param.help = text.replace("``", "")
    for sub in getattr(cmd, "commands", {}).values():
        _help_as_text(sub)


class LazyGroup(TyperGroup):
    """The root group: lists :data:`COMMANDS` and loads a command only when it is used.

    While the root's own help is formatted, :meth:`get_command` answers with a stub that
    carries the one-line help of :data:`COMMANDS`, so ``arcticrecon --help`` imports no
    command module.
    """

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self._listing = False
        self._loaded: dict[str, Command] = {}

    def list_commands(self, ctx: Context) -> list[str]:
        """Eagerly registered commands (none today), then :data:`COMMANDS` in order."""
        return [*super().list_commands(ctx), *(n for n in COMMANDS if n not in self.commands)]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        """The command ``cmd_name`` (imported on first use), or ``None`` if unknown."""
        eager = super().get_command(ctx, cmd_name)
        if eager is not None or cmd_name not in COMMANDS:
            return eager
        if self._listing:
            return TyperCommand(name=cmd_name, help=COMMANDS[cmd_name][1], callback=None)
        if cmd_name not in self._loaded:
            cmd = load_command(cmd_name)
            if self.rich_markup_mode is None:
                _plain_help(cmd)
            self._loaded[cmd_name] = cmd
        return self._loaded[cmd_name]

    @contextmanager
    def _stubs(self) -> Iterator[None]:
        self._listing = True
        try:
            yield
        finally:
            self._listing = False

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The root help: usage, options and every command's one-line help."""
        with self._stubs():
            super().format_help(ctx, formatter)


def _plain_help(cmd: Command) -> None:
    """Plain click help (no panels, no colour) for ``cmd`` and its sub-commands."""
    if hasattr(cmd, "rich_markup_mode"):
        cmd.rich_markup_mode = None
    for sub in getattr(cmd, "commands", {}).values():
        _plain_help(sub)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


app = typer.Typer(
    name="arcticrecon",
    help="Planning support for the multinational reconnaissance mission in Greenland.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    cls=LazyGroup,
)


@app.callback()
def _root() -> None:
    """Planning support for the multinational reconnaissance mission in Greenland."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit code (never raises).

    When standard output is not a terminal, help is plain text with one line per option
    and command (no panels, no colour, never folded) and command output is not wrapped
    (:class:`~arcticrecon.cli.common.PipeAwareConsole`).
    """
    try:
        root = typer.main.get_command(app)
        extra: dict[str, Any] = {}
        if not _is_terminal(sys.stdout):
            _plain_help(root)
            extra = {"terminal_width": PIPE_WIDTH, "max_content_width": PIPE_WIDTH}
        rv = root.main(args=argv, prog_name="arcticrecon", standalone_mode=False, **extra)
        # typer turns Ctrl-C (KeyboardInterrupt) into Exit(130), which its non-standalone
        # main returns as the code instead of raising (commands themselves return None)
        if isinstance(rv, int) and not isinstance(rv, bool) and rv:
            if rv == 130:
                err_console.print("interrupted")
            return rv
    except ArcticReconError as err:
        from rich.markup import escape

        from arcticrecon.cli.hints import render_error

        # escaped: a message may quote a sheet's "[[photos]]" or a field path "corners[2]"
        err_console.print(
            f"[bold red]error:[/] {escape(render_error(err))}", highlight=False, soft_wrap=True
        )
        return 2
    except typer.Exit as ex:
        return int(ex.exit_code or 0)
    except typer.Abort:
        err_console.print("aborted")
        return 130
    except typer.TyperException as err:
        # typer >= 0.26 vendors click: usage errors are typer._click ClickExceptions,
        # subclasses of the public TyperException
        if type(err).__name__ == "NoArgsIsHelpError":
            return 0  # help was printed
        msg = err.format_message()
        hint = ""
        ctx = getattr(err, "ctx", None)
        if ctx is not None:
            hint = f" (see `{ctx.command_path} --help`)"
        err_console.print(f"[bold red]error:[/] {msg}{hint}", soft_wrap=True, highlight=False)
        return 2
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    except Exception as err:
        from arcticrecon.cli.logs import debug_enabled

        if debug_enabled():
            raise
        err_console.print(
            f"[bold red]internal error:[/] {type(err).__name__}: {err} "
            "(set ARCTICRECON_DEBUG=1 for the traceback)",
            soft_wrap=True,
        )
        return 1
    return 0


def _entry() -> None:
    """The ``arcticrecon`` console script: configure logging, run, exit with the code."""
    from arcticrecon.cli.logs import configure_logging

    configure_logging()
    sys.exit(main())


if __name__ == "__main__":
    _entry()
