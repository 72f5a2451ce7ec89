"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from arcticrecon.testing import in_ci

# CI (arcticrecon.testing.in_ci, the one rule) runs hypothesis with a fixed seed sequence (reproducible, no flaky first-time finds);
# locally it explores freely.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if in_ci() else "dev")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def example_mission() -> Path:
    """The example mission file shipped in examples/."""
    return ROOT / "examples" / "greenland-recon-2026.toml"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep user data (refreshed catalogue, default database) inside the test's tmp dir."""
    monkeypatch.setenv("ARCTICRECON_HOME", str(tmp_path / "arcticrecon-home"))


@pytest.fixture(autouse=True)
def _cli_logging_undone() -> Iterator[None]:
    """Undo what an in-process CLI call did to logging (its stderr handler, the INFO level
    of ``arcticrecon serve``), so that a later test's background threads (web plan runs)
    do not write log lines into pytest's own output."""
    yield
    import logging

    from arcticrecon.cli.logs import HANDLER_NAME

    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(handler)
    logging.getLogger("arcticrecon").setLevel(logging.NOTSET)


@pytest.fixture()
def pdf_libraries() -> None:
    """Skip (locally) or fail (under CI) unless WeasyPrint and all its libraries load.

    Names the missing Debian packages: all of Pango/HarfBuzz when WeasyPrint cannot load,
    only ``libharfbuzz-subset0`` when just font subsetting is missing.
    """
    from arcticrecon.report.pdf import pdf_support
    from arcticrecon.testing import require_component

    support = pdf_support()
    require_component(
        support.complete,
        what="WeasyPrint's Pango, HarfBuzz and HarfBuzz-subset libraries",
        debian=support.missing_debian,
        detail=support.reason or "HarfBuzz-subset is missing: fonts cannot be subset",
    )
