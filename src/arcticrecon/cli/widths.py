"""Output widths of the command line.

Shared by :mod:`arcticrecon.cli.common` and :mod:`arcticrecon.cli.rich_console`, in a module
of its own so that neither of the two imports the other.
"""

from __future__ import annotations

__all__ = ["PIPE_WIDTH"]

#: Width used when the output is not a terminal: wide enough that no table cell or
#: message is ever folded (a script reading the output sees one record per line).
PIPE_WIDTH = 100_000
