"""Atomic writes (arcticrecon.files) and the store/survey layer not knowing the CLI."""

from __future__ import annotations

import ast
import os
import stat
from pathlib import Path

import pytest

import arcticrecon
from arcticrecon.files import atomic_write_bytes, atomic_write_text

SRC = Path(arcticrecon.__file__).parent


def test_atomic_write_text__creates_folder_and_replaces(tmp_path: Path) -> None:
    p = tmp_path / "a" / "b.csv"
    atomic_write_text(p, "x,y\r\n1,2\n")
    assert p.read_bytes() == b"x,y\r\n1,2\n"  # newlines as given
    atomic_write_text(p, "new")
    assert p.read_text() == "new"
    assert sorted(x.name for x in p.parent.iterdir()) == ["b.csv"]


def test_atomic_write_bytes__failure_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = tmp_path / "keep.bin"
    p.write_bytes(b"old")

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="No space"):
        atomic_write_bytes(p, b"new content")
    assert p.read_bytes() == b"old"
    assert [x.name for x in tmp_path.iterdir()] == ["keep.bin"]


def test_atomic_write_bytes__mode(tmp_path: Path) -> None:
    p = tmp_path / "secret.pem"
    atomic_write_bytes(p, b"k", mode=0o600)
    assert stat.S_IMODE(p.stat().st_mode) == 0o600
    q = tmp_path / "plain.txt"
    atomic_write_bytes(q, b"k")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(q.stat().st_mode) == 0o666 & ~umask


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (function-level imports included)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


@pytest.mark.parametrize("package", ["store", "survey"])
def test_store_and_survey_never_import_the_interfaces(package: str) -> None:
    bad = {
        f"{f.relative_to(SRC)}: {m}"
        for f in sorted((SRC / package).rglob("*.py"))
        for m in _imports(f)
        if m.split(".")[:2]
        in (["arcticrecon", "cli"], ["arcticrecon", "web"], ["arcticrecon", "report"])
    }
    assert not bad, sorted(bad)
