"""The vendored map libraries are exactly what ``make vendor`` recorded (tools/vendor.py)."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources
from pathlib import Path

import pytest

VENDOR = Path(str(resources.files("arcticrecon.web") / "static" / "vendor"))
MANIFEST = json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))
FILES = [f for p in MANIFEST["packages"] for f in p["files"]]


@pytest.mark.parametrize("entry", FILES, ids=[f["path"] for f in FILES])
def test_vendored_file__sha256_and_size_match_the_manifest(entry: dict[str, object]) -> None:
    data = (VENDOR / str(entry["path"])).read_bytes()
    assert len(data) == entry["bytes"]
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_vendor_folder__holds_only_listed_files() -> None:
    listed = {str(f["path"]) for f in FILES} | {"manifest.json"}
    present = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()}
    assert present == listed


def test_vendor__pinned_majors_and_licences() -> None:
    pkgs = {p["name"]: p for p in MANIFEST["packages"]}
    assert set(pkgs) == {"ol", "proj4", "milsymbol"}
    # the issue pins the majors: ol 10.x, proj4 2.x, milsymbol 3.x (exact versions)
    for name, major in (("ol", "10"), ("proj4", "2"), ("milsymbol", "3")):
        assert re.fullmatch(rf"{major}\.\d+\.\d+", pkgs[name]["version"]), pkgs[name]
        assert pkgs[name]["npm_integrity"].startswith("sha512-")
    assert pkgs["ol"]["license"] == "BSD-2-Clause"
    assert pkgs["proj4"]["license"] == "MIT" and pkgs["milsymbol"]["license"] == "MIT"
    for p in pkgs.values():
        lic = [f for f in p["files"] if "LICENSE" in str(f["path"])]
        assert lic, f"{p['name']}: no licence file vendored"
        text = (VENDOR / str(lic[0]["path"])).read_text(encoding="utf-8")
        assert "Permission" in text or "Redistribution" in text


def test_vendor__pins_agree_with_the_tool() -> None:
    """The manifest was written by the tool at its current pins (no hand edits)."""
    import importlib.util

    path = Path(__file__).resolve().parents[3] / "tools" / "vendor.py"
    spec = importlib.util.spec_from_file_location("arx_vendor_tool", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    pins = {n: v for n, v, _files in mod.PACKAGES}
    assert pins == {p["name"]: p["version"] for p in MANIFEST["packages"]}
