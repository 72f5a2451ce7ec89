"""The browser tests fail (not skip) in CI when Chromium is missing."""

from __future__ import annotations

import pytest

from browser._browser import chromium_path


def test_chromium_path__missing_in_ci_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCTICRECON_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="needs Chromium: apt-get install chromium"):
        chromium_path()


def test_chromium_path__missing_locally_skips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCTICRECON_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        chromium_path()


def test_chromium_path__env_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    from pathlib import Path

    fake = Path(str(tmp_path)) / "chromium"
    fake.write_text("")
    monkeypatch.setenv("ARCTICRECON_CHROMIUM", str(fake))
    assert chromium_path() == str(fake)
