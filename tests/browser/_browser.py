"""Browser test helpers: Chromium lookup, the live-server record, screenshots.

Chromium comes from the system (``ARCTICRECON_CHROMIUM``, default ``/usr/bin/chromium``);
Playwright never downloads a browser here. Without Chromium the tests skip locally and
FAIL in CI (:func:`arcticrecon.testing.in_ci`), so a missing browser cannot pass unnoticed.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from arcticrecon.testing import require_component

#: Chromium flags: no sandbox (root in CI), no GPU, and nothing that phones home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def _world() -> ModuleType:
    """The seeded coalition shared with tests/unit/web (loaded by path: unique name)."""
    path = Path(__file__).resolve().parents[1] / "unit" / "web" / "_world.py"
    spec = importlib.util.spec_from_file_location("arx_web_world", path)
    assert spec and spec.loader
    if spec.name in sys.modules:
        return sys.modules[spec.name]
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while being built
    spec.loader.exec_module(mod)
    return mod


def chromium_path() -> str:
    """Path of the system Chromium; fail in CI, skip elsewhere, when it is missing."""
    path = os.environ.get("ARCTICRECON_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    require_component(
        Path(path).exists(),
        what="Chromium",
        debian="chromium",
        detail=f"not found at {path}; or set ARCTICRECON_CHROMIUM",
    )
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    """A running server: base URL, the seeded world module and ids."""

    url: str
    world: ModuleType
    report_ids: dict[str, str]
    requests: list[str] = field(default_factory=list)


def shot(page: object, name: str) -> Path:
    """Save a full-page screenshot under build/screenshots/ and return its path."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path
