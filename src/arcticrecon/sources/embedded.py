"""Paths of the data files shipped inside the package (``arcticrecon/data``).

Provenance and licences of every file are in ``arcticrecon/data/README.md``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from arcticrecon.errors import DataSourceError
from arcticrecon.paths import home_dir

__all__ = ["data_path", "user_data_dir"]


def data_path(name: str) -> Path:
    """Absolute path of an embedded data file.

    Parameters
    ----------
    name : str
        File name inside ``arcticrecon/data`` (e.g. ``"ourairports_gl_airports.csv"``).

    Raises
    ------
    DataSourceError
        If the file is not shipped (a broken installation).
    """
    p = Path(str(resources.files("arcticrecon") / "data" / name))
    if not p.exists():
        raise DataSourceError(f"embedded data file {name!r} is missing; reinstall arcticrecon")
    return p


def user_data_dir() -> Path:
    """Directory for user-refreshed data (``sites update``), ``$ARCTICRECON_HOME/data``.

    Defaults to ``~/.local/share/arcticrecon/data``. Not created here.
    """
    return home_dir() / "data"
