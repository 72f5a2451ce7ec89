"""End-to-end: `arcticrecon survey new` / `survey check` (no database needed)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from arcticrecon.cli.main import main


def _fill_hlz(path: Path, **values: str) -> Path:
    text = path.read_text(encoding="utf-8")
    defaults = {
        'name = ""': 'name = "Ridge HLZ"',
        'position = ""': "position = \"67°03'N 50°36'W\"",
        'observed_at_utc = ""': "observed_at_utc = 2026-02-03T14:00:00Z",
        'team = ""': 'team = "Team North"',
        "touchdown_diameter_m = 0.0": "touchdown_diameter_m = 110.0",
        "ground_slope_deg = 0.0": "ground_slope_deg = 9.0",
        'surface = ""': 'surface = "gravel"',
    }
    defaults.update(values)
    for a, b in defaults.items():
        assert a in text, a
        text = text.replace(a, b, 1)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("form", ["lz", "ice", "dz", "hlz", "port"])
def test_survey_new__writes_a_toml_sheet_for_each_form(tmp_path, capsys, form):
    out = tmp_path / f"{form}.toml"
    assert main(["survey", "new", "--form", form, "--to", str(out)]) == 0
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert data["form"] == form and data["schema_version"] == 1
    assert f"survey add --form {form}" in capsys.readouterr().out
    # an unfilled sheet is refused field by field, exit 2
    assert main(["survey", "check", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error:" in err and f"survey sheet {form}.toml:" in err


def test_survey_new__refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "hlz.toml"
    out.write_text("keep", encoding="utf-8")
    assert main(["survey", "new", "--form", "hlz", "--to", str(out)]) == 2
    assert "exists; choose another name or add --force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep"
    assert main(["survey", "new", "--form", "xyz", "--to", str(tmp_path / "x.toml")]) == 2
    assert not (tmp_path / "x.toml").exists()


def test_survey_check__verdicts_and_draft_sheet(tmp_path, capsys):
    sheet = tmp_path / "hlz.toml"
    assert main(["survey", "new", "--form", "hlz", "--to", str(sheet)]) == 0
    _fill_hlz(sheet)
    capsys.readouterr()
    html = tmp_path / "draft.html"
    assert (
        main(
            [
                "survey",
                "check",
                str(sheet),
                "--aircraft",
                "AW101",
                "--sheet",
                str(html),
                "-f",
                "json",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    result = json.loads(out)
    (v,) = result["verdicts"]
    assert v["subject"] == "AW101" and v["outcome"] == "restricted"
    assert v["reasons"] == ["slope 9°: AW101 restricted (wheeled: advisory, land upslope)"]
    page = html.read_text(encoding="utf-8")
    assert "DRAFT — NOT STORED, NOT MARKED" in page and "Ridge HLZ" in page


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "ground_slope_deg = 0.0",
            "ground_slope_deg = 120.0",
            "ground_slope_deg: Input should be less than 90 (got 120.0)",
        ),
        (
            "touchdown_diameter_m = 0.0",
            "touchdown_diameter_m = -35.0",
            "touchdown_diameter_m: Input should be greater than 0 (got -35.0)",
        ),
    ],
)
def test_survey_check__bad_input_one_line_exit_2_nothing_written(
    tmp_path, capsys, old, new, message
):
    sheet = tmp_path / "hlz.toml"
    assert main(["survey", "new", "--form", "hlz", "--to", str(sheet)]) == 0
    capsys.readouterr()
    _fill_hlz(sheet, **{old: new})
    html = tmp_path / "draft.html"
    assert main(["survey", "check", str(sheet), "--sheet", str(html)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"error: survey sheet hlz.toml: {message}"
    assert not html.exists()


def test_form_choices_are_the_forms():
    from arcticrecon.cli.survey_forms import FormKey
    from arcticrecon.survey.forms import FORMS

    assert [k.value for k in FormKey] == list(FORMS)
