"""The ``arcticrecon`` command: one typer app, sub-commands registered here.

Exit codes: 0 ok, 2 bad input (any :class:`~arcticrecon.errors.ArcticReconError` or a
usage error), 1 internal error. Errors are one line on standard error, no traceback
(set ``ARCTICRECON_DEBUG=1`` to see one).
"""

from __future__ import annotations

import os
import sys

import click
import typer

from arcticrecon.cli import (
    ais,
    audit,
    climate,
    cold,
    coverage,
    export,
    grid,
    ice,
    keys,
    light,
    logistics,
    mission,
    nation,
    override,
    person,
    plan,
    sites,
    survey,
    team,
    web,
)
from arcticrecon.cli.common import err_console
from arcticrecon.errors import ArcticReconError

__all__ = ["app", "main"]

# typer >= 0.2x vendors its own copy of click (typer._click); catch both families.
_EXIT: tuple[type[BaseException], ...] = (click.exceptions.Exit, typer.Exit)
_ABORT: tuple[type[BaseException], ...] = (click.exceptions.Abort, typer.Abort)
_CLICK_ERR: tuple[type[BaseException], ...] = (click.ClickException,)
try:
    from typer._click.exceptions import ClickException as _TyperClickException

    _CLICK_ERR = (click.ClickException, _TyperClickException)
except ImportError:  # pragma: no cover - older typer uses click itself
    pass

app = typer.Typer(
    name="arcticrecon",
    help="Planning support for the multinational reconnaissance mission in Greenland.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(sites.app, name="sites")
app.command("plan")(plan.plan)
# Further command groups register here, one line each.
app.command("light")(light.light)
app.command("route")(logistics.route)
app.command("sealift")(logistics.sealift)
app.command("deploy")(logistics.deploy)
app.command("itinerary")(logistics.itinerary)
app.command("cold")(cold.cold)
app.add_typer(climate.app, name="climate")
app.add_typer(ice.app, name="ice")
app.command("serve")(web.serve)
app.add_typer(web.user_app, name="user")
app.add_typer(mission.app, name="mission")
app.add_typer(nation.app, name="nation")
app.add_typer(person.app, name="person")
app.add_typer(team.app, name="team")
app.add_typer(survey.app, name="survey")
app.add_typer(override.app, name="override")
app.add_typer(audit.app, name="audit")
app.add_typer(keys.app, name="keys")
app.command("coverage")(coverage.coverage_command)
app.command("export")(export.export_command)
app.add_typer(grid.app, name="grid")
app.add_typer(ais.app, name="ais")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit code (never raises)."""
    try:
        app(args=argv, standalone_mode=False)
    except ArcticReconError as err:
        err_console.print(f"[bold red]error:[/] {err}", highlight=False, soft_wrap=True)
        return 2
    except _EXIT as ex:
        return int(getattr(ex, "exit_code", 0) or 0)
    except _ABORT:
        err_console.print("aborted")
        return 130
    except _CLICK_ERR as err:
        if type(err).__name__ == "NoArgsIsHelpError":
            return 0  # help was printed
        msg = err.format_message()  # type: ignore[attr-defined]
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
        if os.environ.get("ARCTICRECON_DEBUG"):
            raise
        err_console.print(
            f"[bold red]internal error:[/] {type(err).__name__}: {err} "
            "(set ARCTICRECON_DEBUG=1 for the traceback)",
            soft_wrap=True,
        )
        return 1
    return 0


def _entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    _entry()
