"""`plan --db --as`: findings and site overrides are used only for readers allowed them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from arcticrecon.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "greenland-recon-2026.toml"


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "mission.sqlite")
    steps = [
        ["mission", "init", "--name", "Recon 2026", "--lead", "DNK"],
        ["nation", "add", "DNK", "BEL", "FRA"],
        [
            "person",
            "add",
            "Maj Peeters",
            "--nation",
            "BEL",
            "--rank",
            "Maj",
            "--clearance",
            "RESTRICTED",
        ],
        [
            "person",
            "add",
            "Cne Martin",
            "--nation",
            "FRA",
            "--rank",
            "Cne",
            "--clearance",
            "RESTRICTED",
        ],
        [
            "survey",
            "add",
            "--site",
            "BGSF",
            "--kind",
            "airfield",
            "--as",
            "Maj Peeters",
            "--rel-to",
            "DNK",
            "--rel-to",
            "BEL",
            "--level",
            "RESTRICTED",
            "--text",
            "Apron takes four C-130 at once",
        ],
        [
            "survey",
            "add",
            "--site",
            "BGJN",
            "--kind",
            "airfield",
            "--as",
            "Cne Martin",
            "--rel-to",
            "FRA",
            "--level",
            "RESTRICTED",
            "--text",
            "FRENCH-ONLY-NOTE",
        ],
        [
            "override",
            "add",
            "--site",
            "BGJN",
            "--field",
            "longest_runway_m",
            "--value",
            "2200",
            "--as",
            "Cne Martin",
            "--rel-to",
            "FRA",
            "--level",
            "RESTRICTED",
        ],
    ]
    for argv in steps:
        assert main([*argv, "--db", path]) == 0, argv
    return path


def _bgjn_air_deployment_feasible(folder: Path) -> bool:
    with open(folder / "opportunities.csv", newline="", encoding="utf-8") as fh:
        rows = [
            r
            for r in csv.DictReader(line for line in fh if not line.startswith("# "))
            if r["exercise"] == "Strategic air deployment" and r["icao"] == "BGJN"
        ]
    return any(r["feasible"] == "True" for r in rows)


def test_plan_db__each_audience_sees_only_its_findings(db, tmp_path, capsys):
    fra, bel = tmp_path / "fra", tmp_path / "bel"
    assert (
        main(
            [
                "plan",
                str(EXAMPLE),
                "--out",
                str(fra),
                "--db",
                db,
                "--as",
                "Cne Martin",
                "--format",
                "json",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "plan",
                str(EXAMPLE),
                "--out",
                str(bel),
                "--db",
                db,
                "--as",
                "Maj Peeters",
                "--format",
                "json",
            ]
        )
        == 0
    )
    capsys.readouterr()
    fra_html = (fra / "index.html").read_text(encoding="utf-8")
    bel_html = (bel / "index.html").read_text(encoding="utf-8")
    assert "FRENCH-ONLY-NOTE" in fra_html and "FRENCH-ONLY-NOTE" not in bel_html
    assert "Apron takes four C-130" in bel_html and "Apron takes four C-130" not in fra_html
    assert "RESTRICTED REL TO FRA" in fra_html and "Prepared for Cne Martin" in fra_html
    assert "RESTRICTED REL TO BEL, DNK" in bel_html
    # the FRA-only runway override (2,200 m at Ilulissat) changes FRA's plan only
    assert _bgjn_air_deployment_feasible(fra)
    assert not _bgjn_air_deployment_feasible(bel)
    for folder in (fra, bel):
        for f in folder.iterdir():
            if f.suffix in {".csv", ".geojson"}:
                text = f.read_text(encoding="utf-8")
                assert "FRENCH-ONLY-NOTE" not in text or folder == fra


def test_plan_db__needs_an_identity(db, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("ARCTICRECON_AS", raising=False)
    assert main(["plan", str(EXAMPLE), "--out", str(tmp_path / "r"), "--db", db]) == 2
    assert "--as PERSON" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_plan_db__unknown_person(db, tmp_path, capsys):
    out = tmp_path / "r"
    assert main(["plan", str(EXAMPLE), "--out", str(out), "--db", db, "--as", "Nobody"]) == 2
    assert "Nobody" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("target", ["folder", "parent", "file", "wal", "hard link"])
def test_outputs__never_replace_the_mission_database(db, tmp_path, capsys, target):
    """`plan --out DIR --force` swaps DIR and removes the old one; `export --out F` renames
    over F: neither may reach the database (it would lose the mission's data)."""
    import hashlib
    import shutil

    path = Path(db)
    if target == "parent":  # the database two folders below --out
        (tmp_path / "a" / "b").mkdir(parents=True)
        path = Path(shutil.copy(path, tmp_path / "a" / "b" / "m.sqlite"))
        db = str(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    if target == "hard link":
        (tmp_path / "other.sqlite").hardlink_to(path)
    out = {
        "folder": tmp_path,
        "parent": tmp_path / "a",
        "file": path,
        "wal": Path(f"{path}-wal"),
        "hard link": tmp_path / "other.sqlite",
    }[target]
    if target in ("folder", "parent"):
        argv = ["plan", str(EXAMPLE), "--out", str(out), "--force"]
    else:
        argv = ["export", "kml", "sites", "--out", str(out)]
    code = main([*argv, "--db", db, "--as", "Maj Peeters"])
    err = capsys.readouterr().err
    assert code == 2 and "would replace the mission database" in err, err
    assert f"--out {str(out)!r}" in err
    assert path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("which", ["", "-wal"])
def test_survey_add__refuses_to_attach_the_mission_database(db, tmp_path, capsys, which):
    """The database (or its WAL) as an attachment would carry every record, whatever its
    marking, to anyone who may read the attachment, and in bundles to other laptops."""
    target = Path(f"{db}{which}")
    target.touch()
    argv = ["survey", "add", "--site", "BGSF", "--kind", "airfield", "--text", "x"]
    code = main([*argv, "--attach", str(target), "--as", "Maj Peeters", "--db", db])
    err = capsys.readouterr().err
    assert code == 2 and f"--attach {str(target)!r} is the mission database itself" in err
    assert main(["survey", "list", "--as", "Maj Peeters", "--db", db, "-f", "json"]) == 0
    assert '"text": "x"' not in capsys.readouterr().out  # nothing was filed
