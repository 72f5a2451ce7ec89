"""Atomic file writes: a file is either the old one or the complete new one, never half.

Each writer creates a temporary file in the destination folder, writes and flushes it, then
renames it over the destination with :func:`os.replace` (atomic on POSIX within one file
system, POSIX.1-2017 ``rename``; on Windows ``MoveFileEx`` with replace). A failure removes
the temporary file and leaves the destination untouched.

A base-layer module: the store, the report writers and the CLI all use it.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "OUTPUT_MARKER",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_replaceable_output",
    "default_file_mode",
    "mark_output_folder",
    "output_command",
]

#: File that marks a folder as written by an arcticrecon command (``plan``, ``grid build``);
#: ``--force`` replaces only such a folder, written by the same command, or an empty one.
OUTPUT_MARKER = ".arcticrecon-output.json"


def default_file_mode() -> int:
    """The mode ``open(path, "w")`` gives a new file: 0o666 less the process umask.

    ``tempfile.mkstemp`` creates 0o600 files; a temporary file renamed into place gets
    this mode first, so colleagues on a shared drive can read it as any other output.
    """
    umask = os.umask(0)  # reading the umask means setting it: put it straight back
    os.umask(umask)
    return 0o666 & ~umask


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
        os.fchmod(fd, default_file_mode() if mode is None else mode)
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


def mark_output_folder(folder: Path, kind: str) -> None:
    """Write :data:`OUTPUT_MARKER` into ``folder``: it was written by command ``kind``.

    Parameters
    ----------
    folder : Path
        An output folder (usually still the temporary one, before its rename).
    kind : str
        The command that wrote it, e.g. ``"plan"`` or ``"grid build"``.
    """
    from arcticrecon import __version__

    body = {"written_by": "arcticrecon", "command": kind, "version": __version__}
    atomic_write_text(Path(folder) / OUTPUT_MARKER, json.dumps(body) + "\n")


def output_command(folder: Path) -> str | None:
    """The command whose :data:`OUTPUT_MARKER` ``folder`` holds, or None (none, unreadable)."""
    try:
        body = json.loads((folder / OUTPUT_MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    cmd = body.get("command") if isinstance(body, dict) else None
    return cmd if isinstance(cmd, str) else None


def check_replaceable_output(
    out: Path, kind: str, *, field: str = "out", protected: Iterable[Path] = ()
) -> None:
    """Refuse to let ``--force`` remove a folder that is not an earlier output of ``kind``.

    ``--force`` deletes the old folder, so it may only hit what the same command wrote
    before (it holds :data:`OUTPUT_MARKER` naming ``kind``) or an empty folder; never the
    working directory or a folder above it, and never a folder holding a ``protected``
    file (e.g. the mission file being read).

    Parameters
    ----------
    out : Path
        The existing output folder (absolute).
    kind : str
        The command about to replace it.
    field : str
        The option named in the error (default ``out``).
    protected : iterable of Path
        Files that must survive (their folders and any folder above them are refused).

    Raises
    ------
    InputError
        Naming the option, the folder and why it is not replaced.
    """
    from arcticrecon.errors import InputError

    out = Path(out).resolve()

    def refuse(why: str) -> InputError:
        return InputError(
            f"--{field} {str(out)!r} {why}; --force replaces only an earlier output of "
            f"'arcticrecon {kind}': choose another folder",
            field=field,
            value=str(out),
        )

    cwd = Path.cwd().resolve()
    if cwd == out or out in cwd.parents:
        raise refuse("is the working folder or holds it")
    for f in protected:
        fp = Path(f).expanduser().resolve()
        if out in fp.parents:
            raise refuse(f"holds {str(fp)!r}")
    if not any(out.iterdir()):
        return  # an empty folder: nothing is lost
    cmd = output_command(out)
    if cmd is None:
        raise refuse(f"was not written by arcticrecon (no {OUTPUT_MARKER})")
    if cmd != kind:
        raise refuse(f"was written by 'arcticrecon {cmd}'")
