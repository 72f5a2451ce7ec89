"""Vendor the map page's JavaScript libraries from the npm registry (``make vendor``).

The web map and the report's interactive map must work on an air-gapped HQ network, so
the libraries are committed under ``src/arcticrecon/web/static/vendor/`` and CI never runs
npm. This script is the one documented way to (re)create them:

1. ``npm pack NAME@VERSION`` for each pinned package in :data:`PACKAGES` (npm checks the
   tarball against the registry's sha512 integrity and prints it);
2. copy the listed dist files and the package's licence file out of the tarball;
3. write ``manifest.json``: package, version, SPDX licence (from the tarball's
   ``package.json``), npm integrity, and the sha256 and size of every copied file.

``tests/unit/web/test_vendor.py`` recomputes every sha256 against the manifest and
refuses files the manifest does not list. Run from the repository root::

    python tools/vendor.py            # or: make vendor
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "src" / "arcticrecon" / "web" / "static" / "vendor"

#: Pinned packages: npm name, exact version, files to copy (path inside the tarball's
#: ``package/`` folder -> name under ``vendor/<name>/``).
PACKAGES: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("ol", "10.10.0", {"dist/ol.js": "ol.js", "ol.css": "ol.css", "LICENSE.md": "LICENSE.md"}),
    ("proj4", "2.22.0", {"dist/proj4.js": "proj4.js", "LICENSE.md": "LICENSE.md"}),
    ("milsymbol", "3.0.4", {"dist/milsymbol.js": "milsymbol.js", "LICENSE": "LICENSE"}),
)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _pack(name: str, version: str, workdir: Path) -> tuple[Path, str]:
    """``npm pack`` one package into ``workdir``; return the tarball and its integrity."""
    out = subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
        cwd=workdir,
    )
    info = json.loads(out.stdout)[0]
    return workdir / info["filename"], str(info["integrity"])


def vendor() -> dict[str, object]:
    """Fetch, copy and record every package of :data:`PACKAGES`; return the manifest."""
    manifest: dict[str, object] = {
        "note": "written by tools/vendor.py (make vendor); checked by tests/unit/web/test_vendor.py",
        "packages": [],
    }
    packages: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, version, files in PACKAGES:
            tarball, integrity = _pack(name, version, Path(tmp))
            dest = VENDOR / name
            dest.mkdir(parents=True, exist_ok=True)
            with tarfile.open(tarball, "r:gz") as tar:
                meta = json.loads(_member(tar, "package.json"))
                if meta.get("version") != version:
                    raise SystemExit(f"{name}: tarball is {meta.get('version')}, pinned {version}")
                entries = []
                for src, target in files.items():
                    data = _member(tar, src)
                    (dest / target).write_bytes(data)
                    entries.append(
                        {
                            "path": f"{name}/{target}",
                            "from": f"package/{src}",
                            "sha256": _sha256(data),
                            "bytes": len(data),
                        }
                    )
            packages.append(
                {
                    "name": name,
                    "version": version,
                    "license": meta.get("license"),
                    "homepage": meta.get("homepage"),
                    "npm_integrity": integrity,
                    "files": entries,
                }
            )
            print(
                f"{name}@{version} ({meta.get('license')}): {len(entries)} files", file=sys.stderr
            )
    manifest["packages"] = packages
    (VENDOR / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _member(tar: tarfile.TarFile, path: str) -> bytes:
    f = tar.extractfile(f"package/{path}")
    if f is None:
        raise SystemExit(f"package/{path} is not a file in the tarball")
    return f.read()


if __name__ == "__main__":
    vendor()
