"""End-to-end: `survey add FILE` / `show` / `list` / `edit` for structured survey sheets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arcticrecon.cli.main import main

HLZ_TOML = """\
form = "hlz"
schema_version = 1
name = "Ridge HLZ"
position = "67°03'N 50°36'W"
observed_at_utc = 2026-02-03T14:00:00Z
team = "Team North"
narrative = "ridge top, wind-scoured"
touchdown_diameter_m = 110.0
ground_slope_deg = 9.0
surface = "gravel"

[[photos]]
file = "IMG_0001.jpg"
position = "67.0110, -50.6990"
bearing_deg = 95
"""

HLZ_YAML = """\
form: hlz
name: Ridge HLZ
position: "67.05, -50.6"
observed_at_utc: "2026-02-03T14:00:00Z"
team: Team North
touchdown_diameter_m: 110
ground_slope_deg: 9
surface: gravel
"""

PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCTICRECON_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ARCTICRECON_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.delenv("ARCTICRECON_DATABASE_URL", raising=False)
    monkeypatch.delenv("ARCTICRECON_AS", raising=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "mission.sqlite")
    for argv in (
        ["mission", "init", "--name", "Recon 2026", "--lead", "DNK"],
        ["nation", "add", "DNK", "BEL", "FRA"],
        ["person", "add", "Maj Peeters", "--nation", "BEL", "--clearance", "RESTRICTED"],
        ["person", "add", "Cne Martin", "--nation", "FRA", "--clearance", "RESTRICTED"],
    ):
        assert run(capsys, *argv, "--db", path)[0] == 0, argv
    return path


def _sheet(tmp_path: Path, text: str = HLZ_TOML, name: str = "hlz.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    (tmp_path / "IMG_0001.jpg").write_bytes(PHOTO)
    return p


def _listed(capsys: pytest.CaptureFixture[str], db: str, who: str) -> list[dict[str, object]]:
    code, out, _ = run(capsys, "survey", "list", "--as", who, "--db", db, "-f", "json")
    assert code == 0
    return list(json.loads(out))


def test_survey_add__files_the_sheet_marked_with_its_photo(tmp_path, capsys, db):
    sheet = _sheet(tmp_path)
    code, out, err = run(
        capsys,
        "survey", "add", str(sheet), "--form", "hlz", "--as", "Maj Peeters", "--db", db,
        "--rel-to", "BEL", "--level", "RESTRICTED",
    )  # fmt: skip
    assert code == 0, err
    rid = out.strip()
    ident = "SVY-" + rid.replace("-", "")[:8].upper()
    assert (
        f"filed hlz survey 'Ridge HLZ' (surveyed by Team North on 2026-02-03) for site {ident}"
        in err
    )
    (rep,) = _listed(capsys, db, "Maj Peeters")
    assert rep["id"] == rid and rep["kind"] == "hlz_survey" and rep["form"] == "hlz"
    assert rep["site"] == ident and rep["marking"] == "RESTRICTED REL TO BEL"
    fields = rep["fields"]
    assert isinstance(fields, dict)
    # 67°03'N 50°36'W = 67.05, -50.6 (degrees + minutes / 60)
    assert fields["position"] == {
        "lat_deg": 67.05,
        "lon_deg": -50.6,
        "as_entered": "67°03'N 50°36'W",
    }
    (att,) = rep["attachments"]
    assert att["filename"] == "IMG_0001.jpg" and att["size_bytes"] == len(PHOTO)
    assert att["level"] == "RESTRICTED" and att["rel_to"] == ["BEL"]
    # not releasable to FRA: not listed, and `show` answers as for a missing report
    assert _listed(capsys, db, "Cne Martin") == []
    code, _, err = run(capsys, "survey", "show", rid, "--as", "Cne Martin", "--db", db)
    assert code == 2 and "does not exist or is not released to you" in err
    # show: the verdicts (a 9° slope: AW101 restricted, FM 3-21.38 bands) and the sheet
    html = tmp_path / "sheet.html"
    code, out, err = run(
        capsys, "survey", "show", rid, "--as", "Maj Peeters", "--db", db, "--sheet", str(html)
    )
    assert code == 0, err
    assert "RESTRICTED REL TO BEL" in out and "Ridge HLZ" in out
    assert "slope 9°: AW101 restricted" in out
    page = html.read_text(encoding="utf-8")
    assert "RESTRICTED REL TO BEL" in page and rid in page and "DRAFT" not in page
    code, out, _ = run(
        capsys, "survey", "show", rid, "--as", "Maj Peeters", "--db", db, "-f", "json"
    )
    got = json.loads(out)
    verdict = {v["subject"]: v["outcome"] for v in got["assessment"]["verdicts"]}
    assert verdict["AW101"] == "restricted" and verdict["Bell 212"] == "unsuitable"


def test_survey_add__json_and_yaml_sheets_store_the_same_form(tmp_path, capsys, db):
    yaml_sheet = _sheet(tmp_path, HLZ_YAML, "hlz.yaml")
    as_json = {
        "form": "hlz",
        "name": "Ridge HLZ",
        "position": {"lat_deg": 67.05, "lon_deg": -50.6},
        "observed_at_utc": "2026-02-03T14:00:00Z",
        "team": "Team North",
        "touchdown_diameter_m": 110,
        "ground_slope_deg": 9,
        "surface": "gravel",
    }
    json_sheet = _sheet(tmp_path, json.dumps(as_json), "hlz.json")
    for sheet in (yaml_sheet, json_sheet):
        code, _, err = run(capsys, "survey", "add", str(sheet), "--as", "Maj Peeters", "--db", db)
        assert code == 0, err
    stored = [dict(r["fields"]) for r in _listed(capsys, db, "Maj Peeters")]
    entered = sorted(f.pop("position")["as_entered"] for f in stored)
    assert entered == ["", "67.05, -50.6"]  # YAML gave text, JSON numbers
    assert stored[0] == stored[1]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("ground_slope_deg = 9.0", "ground_slope_deg = 120.0",
         "survey sheet hlz.toml: ground_slope_deg: Input should be less than 90 (got 120.0)"),
        ("touchdown_diameter_m = 110.0", "touchdown_diameter_m = -35.0",
         "survey sheet hlz.toml: touchdown_diameter_m: Input should be greater than 0 (got -35.0)"),
        ('form = "hlz"', 'form = "dz"', "survey sheet hlz.toml: the sheet is a 'dz' form, not 'hlz'"),
        ('file = "IMG_0001.jpg"', 'file = "IMG_0002.jpg"',
         "survey sheet hlz.toml: photos[0].file: 'IMG_0002.jpg' is not a file next to the sheet"),
        ('name = "Ridge HLZ"', 'name = "Ridge HLZ"\nsite = "ZZZZ"', "survey: site: "),
    ],
)  # fmt: skip
def test_survey_add__bad_sheet_one_line_exit_2_nothing_saved(
    tmp_path, capsys, db, old, new, message
):
    sheet = _sheet(tmp_path, HLZ_TOML.replace(old, new, 1))
    code, out, err = run(
        capsys, "survey", "add", str(sheet), "--form", "hlz", "--as", "Maj Peeters", "--db", db
    )
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"error: {message}"), err
    assert _listed(capsys, db, "Maj Peeters") == []


def test_survey_add__free_report_options_are_refused_with_a_sheet(tmp_path, capsys, db):
    sheet = _sheet(tmp_path)
    code, _, err = run(
        capsys, "survey", "add", str(sheet), "--site", "BGSF", "--as", "Maj Peeters", "--db", db
    )
    assert code == 2 and "--site is for free reports" in err
    code, _, err = run(capsys, "survey", "add", "--as", "Maj Peeters", "--db", db)
    assert code == 2 and "--site is missing" in err
    assert _listed(capsys, db, "Maj Peeters") == []


def test_survey_edit__a_new_sheet_is_a_new_revision(tmp_path, capsys, db):
    sheet = _sheet(tmp_path)
    code, out, _ = run(
        capsys, "survey", "add", str(sheet), "--as", "Maj Peeters", "--db", db, "--rel-to", "BEL"
    )
    rid = out.strip()
    (before,) = _listed(capsys, db, "Maj Peeters")
    better = _sheet(tmp_path, HLZ_TOML.replace("ground_slope_deg = 9.0", "ground_slope_deg = 5.0"))
    code, out, err = run(
        capsys, "survey", "edit", rid, str(better), "--as", "Cne Martin", "--db", db
    )
    assert code == 2 and "not released to you" in err  # FRA may not see it, so may not edit it
    code, out, err = run(
        capsys, "survey", "edit", rid, str(better), "--as", "Maj Peeters", "--db", db
    )
    assert code == 0, err
    (after,) = _listed(capsys, db, "Maj Peeters")
    assert out.strip() == after["revision_id"] != before["revision_id"]
    assert after["fields"]["ground_slope_deg"] == 5.0
    code, out, _ = run(capsys, "survey", "show", rid, "--as", "Maj Peeters", "--db", db)
    assert "slope 9°" not in out and "AW101" in out
    # the edit did not open the survey to anyone new
    assert after["marking"] == before["marking"]
