"""``python -m arcticrecon`` runs the command line."""

from arcticrecon.cli.main import _entry

_entry()
