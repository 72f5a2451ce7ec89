"""The marking of every plan output is the high-water mark of the findings AND the site
overrides it used (issue 17, high), for every audience of a seeded store; and an override
that makes a fixed base unusable is a finding-driven constraint, not a failure."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from arcticrecon.cli.main import main

MISSION = """
[mission]
name = "Marking test mission"
lead_nation = "DNK"
start = 2026-01-19
end = 2026-03-31
hubs = ["BGSF"]
classification = "UNCLASSIFIED"

[[contributions]]
nation = "DNK"
roles = ["mission command"]

[[exercise]]
name = "Recon visit"
kind = "recon_visit"
personnel = 6
duration_days = 3
aircraft = ["C-130J-30"]
season = { from = 2027-06-01, to = 2027-06-14 }

[[presence]]
name = "Airlift from Kangerlussuaq"
aircraft = "C-130J-30"
response_h = 1.5
k = 2
fixed = ["BGSF"]
demand = "settlements"
"""

PEOPLE = [
    ("Anna Holm", "DNK", "SECRET"),
    ("Mads Berg", "DNK", "UNCLASSIFIED"),
    ("Jan Peeters", "BEL", "RESTRICTED"),
    ("Claire Martin", "FRA", "CONFIDENTIAL"),
    ("Lukas Weber", "DEU", "SECRET"),
]

#: What each audience may read, and so the marking every output of its plan must carry:
#: a finding UNCLASSIFIED REL TO all four nations; beds = 777 at BGSF RESTRICTED REL TO
#: DNK; BGTL runway 5,000 m SECRET REL TO DNK; BGSF runway 100 m CONFIDENTIAL REL TO DNK,
#: FRA (which makes the fixed base BGSF unusable for a C-130J).
EXPECTED = {
    "Anna Holm": "SECRET REL TO DNK",
    "Mads Berg": "UNCLASSIFIED REL TO BEL, DEU, DNK, FRA",
    "Jan Peeters": "UNCLASSIFIED REL TO BEL, DEU, DNK, FRA",
    "Claire Martin": "CONFIDENTIAL REL TO DNK, FRA",
    "Lukas Weber": "UNCLASSIFIED REL TO BEL, DEU, DNK, FRA",
}
#: Audiences that read the BGSF 100 m finding: their presence study drops the fixed base.
SEES_SHORT_BGSF = {"Anna Holm", "Claire Martin"}


def _override(db: str, site: str, field: str, value: str, level: str, *rel: str) -> list[str]:
    rel_args = [x for n in rel for x in ("--rel-to", n)]
    return [
        "override", "add", "--site", site, "--field", field, "--value", value,
        "--as", "Anna Holm", "--level", level, *rel_args, "--db", db,
    ]  # fmt: skip


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("marking")
    mission = tmp / "mission.toml"
    mission.write_text(MISSION)
    db = str(tmp / "m.sqlite")
    steps = [
        ["mission", "init", "--name", "Marking", "--lead", "DNK", "--db", db],
        ["nation", "add", "BEL", "FRA", "DEU", "--db", db],
        *(
            ["person", "add", n, "--nation", c, "--clearance", cl, "--db", db]
            for n, c, cl in PEOPLE
        ),
        ["survey", "add", "--site", "BGSF", "--kind", "airfield", "--as", "Anna Holm",
         "--level", "UNCLASSIFIED", "--text", "Apron clear of snow", "--db", db],
        _override(db, "BGSF", "beds", "777", "RESTRICTED", "DNK"),
        _override(db, "BGTL", "longest_runway_m", "5000", "SECRET", "DNK"),
        _override(db, "BGSF", "longest_runway_m", "100", "CONFIDENTIAL", "DNK", "FRA"),
    ]  # fmt: skip
    for argv in steps:
        assert main(argv) == 0, argv
    return mission, db


def _plan(seeded: tuple[Path, str], tmp_path: Path, person: str) -> Path:
    mission, db = seeded
    out = tmp_path / "report"
    argv = ["plan", str(mission), "--out", str(out), "--db", db, "--as", person, "-f", "json"]
    assert main(argv) == 0, person
    return out


@pytest.mark.slow
@pytest.mark.parametrize("person", list(EXPECTED))
def test_plan_outputs__marked_with_the_high_water_of_findings_and_overrides(
    seeded: tuple[Path, str], tmp_path: Path, person: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _plan(seeded, tmp_path, person)
    capsys.readouterr()
    banner = EXPECTED[person]
    html = (out / "index.html").read_text(encoding="utf-8")
    body = html[html.index("<body>") :]
    # banner at the top and at the bottom of the page, and nowhere a lower one
    assert re.match(r"<body>\s*<div class=\"marking\">" + re.escape(banner) + "</div>", body)
    assert body.rstrip().endswith(f'<div class="marking">{banner}</div>\n</body>\n</html>')
    # PDF: the @page margin boxes repeat it on every page (top and bottom)
    assert f'@top-center {{ content: "{banner}"' in html
    assert f'@bottom-center {{ content: "{banner} · page "' in html
    for name in ("opportunities.csv", "light.csv"):
        text = (out / name).read_text(encoding="utf-8")
        first, rest = text.split("\n", 1)
        assert first == f"# marking: {banner}", name
        assert next(csv.reader(io.StringIO(rest)))[0] in {"exercise", "icao"}
    gj = json.loads((out / "sites.geojson").read_text(encoding="utf-8"))
    level, _, rel = banner.partition(" REL TO ")
    assert gj["marking"] == {"level": level, "rel_to": rel.split(", "), "banner": banner}
    # the facts of overrides are shown only to those who may read them
    assert ("beds = 777" in html) == (person == "Anna Holm")
    # the fixed base made unusable by a finding: a constraint, the plan carries on
    note = "fixed base BGSF:"
    assert (note in html) == (person in SEES_SHORT_BGSF)
    if person in SEES_SHORT_BGSF:
        assert "per a finding you may read; planned without it" in html


def test_plan_without_store__marked_with_the_mission_classification(
    seeded: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mission, _ = seeded
    out = tmp_path / "plain"
    assert main(["plan", str(mission), "--out", str(out), "-f", "json"]) == 0
    capsys.readouterr()
    assert (out / "opportunities.csv").read_text().startswith("# marking: UNCLASSIFIED\n")
    assert json.loads((out / "sites.geojson").read_text())["marking"] == {
        "level": "UNCLASSIFIED",
        "rel_to": None,
        "banner": "UNCLASSIFIED",
    }
