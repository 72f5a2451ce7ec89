"""`plan --db --as`: a site closed by a field finding is excluded with a reason that names
the finding's author and the date it was observed (fresh-user finding)."""

from __future__ import annotations

import csv
from pathlib import Path

from arcticrecon.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "greenland-recon-2026.toml"


def test_plan__closed_by_a_finding_names_its_author_and_date(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "mission.sqlite")
    steps = [
        ["mission", "init", "--name", "Recon 2026", "--lead", "DNK"],
        ["person", "add", "Kapt Aka Berg", "--nation", "DNK", "--clearance", "RESTRICTED"],
        [
            *("override", "add", "--site", "BGSF", "--field", "closed", "--value", "true"),
            *("--as", "Kapt Aka Berg", "--rel-to", "DNK", "--level", "RESTRICTED"),
            *("--observed-at", "2026-02-14T09:30Z"),
        ],
    ]
    for argv in steps:
        assert main([*argv, "--db", db]) == 0, argv
    out = tmp_path / "plan"
    argv = ["plan", str(EXAMPLE), "--out", str(out), "--db", db, "--as", "Kapt Aka Berg"]
    assert main([*argv, "--format", "json"]) == 0
    capsys.readouterr()
    with open(out / "opportunities.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(ln for ln in fh if not ln.startswith("# ")))
    reasons = {r["excluded_reason"] for r in rows if r["icao"] == "BGSF"}
    want = (
        "closed per a field finding you may read "
        "(Kapt Aka Berg, observed 2026-02-14; site override of closed)"
    )
    assert reasons and all(want in r for r in reasons), reasons
    assert want in (out / "index.html").read_text(encoding="utf-8")
