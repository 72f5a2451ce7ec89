"""Where arcticrecon keeps the user's files: ``$ARCTICRECON_HOME``, resolved in one place.

Everything the product writes for the user outside the folders they name (refreshed
catalogue data, the default database, signing keys, the AIS store) lives under
:func:`home_dir`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["HOME_ENV", "home_dir"]

#: The environment variable naming the user data folder.
HOME_ENV = "ARCTICRECON_HOME"


def home_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The user data folder: ``$ARCTICRECON_HOME``, else ``~/.local/share/arcticrecon``.

    ``~`` in the variable is expanded; an empty or blank value counts as unset. The folder
    is not created here.

    Parameters
    ----------
    environ : mapping, optional
        Default :data:`os.environ`.

    Examples
    --------
    >>> home_dir({"ARCTICRECON_HOME": "/srv/arx"}).as_posix()
    '/srv/arx'
    >>> home_dir({}) == Path.home() / ".local" / "share" / "arcticrecon"
    True
    """
    env = os.environ if environ is None else environ
    value = env.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else Path.home() / ".local" / "share" / "arcticrecon"
