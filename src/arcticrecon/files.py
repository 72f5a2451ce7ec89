"""Atomic file writes: a file is either the old one or the complete new one, never half.

Each writer creates a temporary file in the destination folder, writes and flushes it, then
renames it over the destination with :func:`os.replace` (atomic on POSIX within one file
system, POSIX.1-2017 ``rename``; on Windows ``MoveFileEx`` with replace). A failure removes
the temporary file and leaves the destination untouched.

A base-layer module: the store, the report writers and the CLI all use it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write_bytes", "atomic_write_text"]


def atomic_write_bytes(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, rename).

    Parameters
    ----------
    path : Path
        Destination file; its folder is created if missing.
    data : bytes
    mode : int, optional
        File mode for the new file (e.g. ``0o600``); default the ``mkstemp`` mode 0600
        widened by the process umask, as for a file created with ``open``.

    Raises
    ------
    OSError
        If the folder cannot be created or written; nothing is left behind then.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    r"""Write ``text`` to ``path`` atomically (see :func:`atomic_write_bytes`).

    Newlines are written as given (no platform translation).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a" / "b.txt"
    >>> atomic_write_text(p, "x\n")
    >>> p.read_text()
    'x\n'
    """
    atomic_write_bytes(path, text.encode(encoding))
