"""Atomic output files for the writers: a temporary sibling, renamed into place at the end.

A failed write leaves the previous file (if any) untouched and no temporary file behind;
an unwritable destination is one :class:`~arcticrecon.errors.InputError` naming it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from arcticrecon.errors import InputError

__all__ = ["atomic_output", "atomic_write_bytes"]


def _check_target(path: Path) -> Path:
    path = Path(path).expanduser()
    if path.exists() and path.is_dir():
        raise InputError(
            f"--out {str(path)!r} is a folder; give a file name", field="out", value=str(path)
        )
    if not path.parent.exists():
        raise InputError(
            f"--out {str(path)!r}: folder {str(path.parent)!r} does not exist",
            field="out",
            value=str(path),
        )
    return path


@contextmanager
def atomic_output(path: Path, *, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it to ``path`` if the block succeeds.

    Parameters
    ----------
    path : Path
        Destination file.
    suffix : str
        Suffix of the temporary file (GDAL picks some drivers by extension).

    Raises
    ------
    InputError
        If ``path`` is a folder, its folder does not exist or is not writable.
    """
    path = _check_target(path)
    try:
        fd, tmp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp" + suffix
        )
    except OSError as err:
        raise InputError(
            f"--out {str(path)!r}: cannot write in {str(path.parent)!r} ({err.strerror})",
            field="out",
            value=str(path),
        ) from None
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # writers (GDAL) create the file themselves
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically.

    Raises
    ------
    InputError
        See :func:`atomic_output`.
    """
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)
