"""``$ARCTICRECON_HOME`` is resolved by one function, and every user folder follows it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from arcticrecon.paths import HOME_ENV, home_dir

SRC = Path(__file__).resolve().parents[2] / "src" / "arcticrecon"


def test_only_paths_reads_the_variable() -> None:
    readers = []
    for p in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value == HOME_ENV:
                readers.append(str(p.relative_to(SRC)))
    assert sorted(set(readers)) == ["paths.py"]


def test_user_folders_follow_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from arcticrecon.maritime.store import default_store_dir
    from arcticrecon.sources.embedded import user_data_dir
    from arcticrecon.store.db import default_database_path
    from arcticrecon.store.keys import key_dir

    monkeypatch.setenv(HOME_ENV, str(tmp_path / "h"))
    monkeypatch.delenv("ARCTICRECON_AIS_STORE", raising=False)
    monkeypatch.delenv("ARCTICRECON_KEY_DIR", raising=False)
    assert home_dir() == tmp_path / "h"
    assert user_data_dir() == tmp_path / "h" / "data"
    assert default_database_path() == tmp_path / "h" / "arcticrecon.sqlite"
    assert key_dir() == tmp_path / "h" / "keys"
    assert default_store_dir() == tmp_path / "h" / "ais"


def test_blank_and_tilde(monkeypatch: pytest.MonkeyPatch) -> None:
    assert home_dir({HOME_ENV: "  "}) == Path.home() / ".local" / "share" / "arcticrecon"
    assert home_dir({HOME_ENV: "~/arx"}) == Path.home() / "arx"
