"""Shared pytest fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def example_mission() -> Path:
    """The example mission file shipped in examples/."""
    return ROOT / "examples" / "greenland-recon-2026.toml"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep user data (refreshed catalogue, default database) inside the test's tmp dir."""
    monkeypatch.setenv("ARCTICRECON_HOME", str(tmp_path / "arcticrecon-home"))
