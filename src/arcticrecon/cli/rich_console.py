"""The rich console of the command line (imported on first output, never for ``--help``).

:mod:`arcticrecon.cli.common` hands out :data:`~arcticrecon.cli.common.console` and
:data:`~arcticrecon.cli.common.err_console` as stand-ins that become a
:class:`PipeAwareConsole` the first time they are used, so importing a command module (and
printing its help) does not import rich (~40 ms of start-up, issue 12).
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, ConsoleDimensions

from arcticrecon.cli.widths import PIPE_WIDTH

__all__ = ["PipeAwareConsole"]


class PipeAwareConsole(Console):
    """A rich console that never wraps and never colours when it is not a terminal.

    On a terminal it behaves as :class:`rich.console.Console`. Piped or redirected, lines
    are not folded (``soft_wrap``), tables get their natural width, and colour is off
    (rich already drops colour codes when the stream is not a terminal; ``NO_COLOR`` is
    honoured too). The stream is looked up at print time, so tests capturing
    ``sys.stdout`` see the piped behaviour.
    """

    @property
    def size(self) -> ConsoleDimensions:
        """Terminal size, or (:data:`~arcticrecon.cli.widths.PIPE_WIDTH`, 25) when not a terminal."""
        if not self.is_terminal:  # piped: wins over $COLUMNS too
            return ConsoleDimensions(PIPE_WIDTH, 25)
        return Console.size.fget(self)  # type: ignore[attr-defined]

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]

    def print(self, *objects: Any, soft_wrap: bool | None = None, **kw: Any) -> None:
        """:meth:`rich.console.Console.print`, soft-wrapped when not a terminal."""
        if soft_wrap is None and not self.is_terminal:
            soft_wrap = True
        super().print(*objects, soft_wrap=soft_wrap, **kw)
