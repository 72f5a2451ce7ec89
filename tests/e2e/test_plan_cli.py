"""End-to-end: `arcticrecon plan` on the example mission and on bad input."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from arcticrecon.cli.main import main
from arcticrecon.testing import require_component, require_tool

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "greenland-recon-2026.toml"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("plan") / "report"
    assert main(["plan", str(EXAMPLE), "--out", str(out), "--format", "json"]) == 0
    return out


def test_plan__writes_the_report_folder(report):
    assert sorted(p.name for p in report.iterdir()) == [
        ".arcticrecon-output.json",  # what a later `plan --force` may replace
        "index.html",
        "light.csv",
        "opportunities.csv",
        "presence.csv",
        "presence.geojson",
        "sites.geojson",
    ]
    leftovers = [p for p in report.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []  # no temporary folder left behind


def test_plan__presence_area_agrees_across_cli_csv_geojson_and_report(report, capsys):
    """The first presence study (AW101, 2 h, k = 4, BGTL + BGSF fixed, settlements): the
    km² of `arcticrecon coverage --format json`, presence.csv, presence.geojson and the
    report are the same figures (the values themselves: tests/reference)."""
    capsys.readouterr()
    argv = ["coverage", "--aircraft", "AW101", "--response-h", "2", "--k", "4"]
    assert main([*argv, "--fixed", "BGTL", "--fixed", "BGSF", "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    area = cli["area"]
    assert 0 < area["greenland_covered_km2"] < area["greenland_km2"]
    assert (
        area["greenland_covered_km2"] < area["circles_km2"] < sum(area["site_circle_km2"].values())
    )
    assert area["greenland_covered_share"] == pytest.approx(
        area["greenland_covered_km2"] / area["greenland_km2"], abs=1e-6
    )
    study = "SAR helicopters within 2 h of the towns"
    text = (report / "presence.csv").read_text("utf-8").splitlines()
    assert text[0].startswith("# marking: ")
    rows = [r for r in csv.DictReader(text[1:]) if r["study"] == study]
    assert [r["icao"] for r in rows] == cli["sites"]
    for r in rows:
        assert float(r["circle_area_km2"]) == area["site_circle_km2"][r["icao"]]
        assert float(r["study_circles_km2"]) == area["circles_km2"]
        assert float(r["greenland_km2"]) == area["greenland_km2"]
        assert float(r["study_greenland_covered_km2"]) == area["greenland_covered_km2"]
        assert float(r["study_greenland_covered_share"]) == area["greenland_covered_share"]
        assert float(r["study_covered_share"]) == pytest.approx(cli["covered_share"], abs=1e-12)
    gj = json.loads((report / "presence.geojson").read_text("utf-8"))
    assert gj["type"] == "FeatureCollection" and "banner" in gj["marking"]
    circles = [
        f["properties"]
        for f in gj["features"]
        if f["properties"].get("study") == study and "circle_radius_m" in f["properties"]
    ]
    assert sorted(c["icao"] for c in circles) == sorted(cli["sites"])
    for c in circles:
        assert c["circle_area_km2"] == area["site_circle_km2"][c["icao"]]
        assert c["study_circles_km2"] == area["circles_km2"]
        assert c["study_greenland_covered_km2"] == area["greenland_covered_km2"]
        assert c["study_greenland_covered_share"] == area["greenland_covered_share"]
    html = (report / "index.html").read_text("utf-8")
    shown = (
        f"Area within reach: <b>{area['circles_km2']:,.0f} km²</b> (union of the response "
        f"circles, land and sea); of Greenland's {area['greenland_km2']:,.0f} km², "
        f"<b>{area['greenland_covered_km2']:,.0f} km² "
        f"({100 * area['greenland_covered_share']:.1f} %)</b>"
    )
    assert shown in html


def test_plan__presence_geojson_circles_follow_rfc7946(report):
    """Every circle of presence.geojson: valid, counter-clockwise exterior rings inside
    ±180°/±90° (RFC 7946 §3.1.6, §3.1.9), running up to 90° exactly when the radius exceeds
    the centre's distance to the pole (none of the example's circles does; circles round
    the pole: tests/reference/test_circles_reference.py)."""
    from geographiclib.geodesic import Geodesic
    from shapely.geometry import shape

    gj = json.loads((report / "presence.geojson").read_text("utf-8"))
    for f in gj["features"]:
        p = f["properties"]
        if "circle_radius_m" not in p:
            continue
        g = shape(f["geometry"])
        assert g.is_valid
        polys = getattr(g, "geoms", [g])
        for poly in polys:
            assert poly.exterior.is_ccw
            xs, ys = poly.exterior.xy
            assert -180 <= min(xs) and max(xs) <= 180 and -90 <= min(ys) and max(ys) <= 90
        pole_m = Geodesic.WGS84.Inverse(
            p["circle_center_lat_deg"], p["circle_center_lon_deg"], 90.0, 0.0
        )["s12"]
        reaches_pole = max(max(poly.exterior.xy[1]) for poly in polys) == 90.0
        assert reaches_pole == (p["circle_radius_m"] > pole_m)


def test_plan__opportunities_csv_columns_and_explanations(report):
    with open(report / "opportunities.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("# ")))
    cols = set(rows[0])
    assert {"rank", "exercise", "icao", "site", "window_start", "window_end", "score"} <= cols
    assert {"civil_light_value", "civil_light_normalised", "civil_light_contribution"} <= cols
    best = [r for r in rows if r["exercise"] == "Strategic air deployment" and r["rank"] == "1"]
    assert best and best[0]["icao"] in {"BGSF", "BGGH", "BGTL", "BGBW", "BGKK", "BGQO"}
    # every feasible option's contributions add up to its score
    crit = [c[: -len("_contribution")] for c in cols if c.endswith("_contribution")]
    for r in rows[:200]:
        total = sum(float(r[f"{c}_contribution"]) for c in crit if r[f"{c}_contribution"])
        assert total == pytest.approx(float(r["score"]), abs=1e-5)
    # a C-17 / A400M exercise excludes Danmarkshavn with the runway reason
    bgdh = [r for r in rows if r["exercise"] == "Strategic air deployment" and r["icao"] == "BGDH"]
    assert bgdh[0]["feasible"] == "False"
    assert "650 m < 1,064 m" in bgdh[0]["excluded_reason"]


def test_plan__sites_geojson(report):
    gj = json.loads((report / "sites.geojson").read_text())
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 91
    bgsf = next(f for f in gj["features"] if f["properties"]["icao"] == "BGSF")
    assert bgsf["geometry"]["coordinates"] == pytest.approx([-50.715294, 67.010446])


def test_plan__light_csv_has_polar_night_at_pituffik(report):
    with open(report / "light.csv", newline="", encoding="utf-8") as fh:
        rows = [
            r
            for r in csv.DictReader(line for line in fh if not line.startswith("# "))
            if r["icao"] == "BGTL"
        ]
    day = {r["date"]: r for r in rows if r["kind"] == "daylight"}
    assert {r["tz"] for r in rows} == {"America/Thule"}  # Pituffik's local dates
    assert day["2027-12-21"]["state"] == "polar_night" and day["2027-12-21"]["start_utc"] == ""
    assert day["2027-06-21"]["state"] == "midnight_sun" and day["2027-06-21"]["in_day_h"] == "24.0"


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for k, v in attrs:
            if k in {"src", "href", "action", "data", "poster"} and v:
                self.refs.append(v)


def test_plan__html_is_self_contained(report):
    html = (report / "index.html").read_text(encoding="utf-8")
    p = _Refs()
    p.feed(html)
    external = [r for r in p.refs if not (r.startswith(("#", "data:")))]
    assert external == []
    # no CSS/SVG url() to a file or host (inline data: and #fragment references only)
    assert not re.search(r"url\((?!['\"]?(data:|#))", html)
    assert "@import" not in html
    assert "Belgium (BEL)" in html and "Light calendar" in html


@pytest.mark.browser
def test_plan__html_makes_no_network_request(report):
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("ARCTICRECON_CHROMIUM", "/usr/bin/chromium")
    require_component(
        Path(chromium).exists(), what="Chromium", debian="chromium", detail=f"not at {chromium}"
    )
    urls: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page()
        page.on("request", lambda r: urls.append(r.url))
        page.goto((report / "index.html").as_uri())
        page.wait_for_load_state("networkidle")
        assert page.locator("svg.map").count() >= 3
        browser.close()
    assert [u for u in urls if not u.startswith(("file://", "data:"))] == []


BAD_TOML = "[mission\nname = 'x'"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: BAD_TOML, "is not valid TOML"),
        (
            lambda t: t.replace('hubs = ["BGSF", "BGGH"]', 'hubs = ["BGSF", "BGZZ"]'),
            "mission.hubs[1]: site 'BGZZ' is not in the catalogue",
        ),
        (
            lambda t: t.replace('nation = "BEL"', 'nation = "BLG"'),
            "contributions[1].nation: 'BLG' is not an ISO 3166-1 alpha-3",
        ),
        (
            lambda t: t.replace("end = 2026-03-31", "end = 2025-12-31"),
            "mission: end 2025-12-31 is before start 2026-01-19",
        ),
        (
            lambda t: t.replace('aircraft = ["A400M", "C-17"]', 'aircraft = ["A400M", "C-5M"]'),
            "exercise[1].aircraft[1]: aircraft 'C-5M' is not in the aircraft table",
        ),
        (
            lambda t: t.replace('kind = "recon_visit"', 'kind = "beach_party"'),
            "exercise[4].kind: unknown exercise kind 'beach_party'",
        ),
    ],
)
def test_plan__bad_input_one_line_exit_2(tmp_path, capsys, edit, message):
    bad = tmp_path / "bad.toml"
    bad.write_text(edit(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["plan", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert message in " ".join(err.split())
    assert "Traceback" not in err
    assert not out.exists()


def test_plan__unwritable_out(tmp_path, capsys):
    # /proc refuses new folders even for root: a portable "unwritable" place
    assert main(["plan", str(EXAMPLE), "--out", "/proc/arcticrecon-test/report"]) == 2
    err = capsys.readouterr().err
    assert "--out '/proc/arcticrecon-test/report'" in " ".join(err.split())


def test_plan__out_is_a_file(tmp_path, capsys):
    f = tmp_path / "file.txt"
    f.write_text("keep me")
    assert main(["plan", str(EXAMPLE), "--out", str(f)]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err
    assert f.read_text() == "keep me"


def test_plan__existing_out_needs_force(tmp_path, capsys):
    out = tmp_path / "r"
    out.mkdir()
    (out / "mine.txt").write_text("keep")
    assert main(["plan", str(EXAMPLE), "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (out / "mine.txt").read_text() == "keep"


def test_plan__force_replaces_only_an_earlier_plan_output(tmp_path, capsys, monkeypatch):
    import shutil

    from arcticrecon.files import mark_output_folder

    def run(out: Path, mission: Path = EXAMPLE) -> tuple[int, str]:
        rc = main(["plan", str(mission), "--out", str(out), "--force", "--format", "json"])
        return rc, capsys.readouterr().err.strip()

    # a folder of the user's own files: refused, in one line, before any planning
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    rc, err = run(mine)
    assert rc == 2 and "\n" not in err, err
    assert "--out" in err and "not written by arcticrecon" in err and "plan" in err
    assert (mine / "notes.txt").read_text() == "keep"
    # another command's output (a grid build) is not a plan's either
    grid = tmp_path / "grid"
    grid.mkdir()
    (grid / "grid.zarr").mkdir()
    mark_output_folder(grid, "grid build")
    rc, err = run(grid)
    assert rc == 2 and "'arcticrecon grid build'" in err, err
    assert (grid / "grid.zarr").is_dir()
    # the folder holding the mission file being read, even when it is a plan output
    held = tmp_path / "held"
    held.mkdir()
    mission = held / "m.toml"
    shutil.copy(EXAMPLE, mission)
    mark_output_folder(held, "plan")
    rc, err = run(held, mission)
    assert rc == 2 and "holds" in err and "m.toml" in err, err
    assert mission.read_bytes() == EXAMPLE.read_bytes()
    # the working folder
    work = tmp_path / "work"
    work.mkdir()
    (work / "x.txt").write_text("keep")
    mark_output_folder(work, "plan")
    monkeypatch.chdir(work)
    rc, err = run(Path("."))
    assert rc == 2 and "working folder" in err, err
    assert (work / "x.txt").read_text() == "keep"
    # an empty folder and an earlier plan output are replaced
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(empty)[0] == 0 and (empty / "index.html").is_file()
    (empty / "stale.txt").write_text("old run")
    assert run(empty)[0] == 0
    assert (empty / "index.html").is_file() and not (empty / "stale.txt").exists()


@pytest.mark.usefixtures("pdf_libraries")
def test_plan__pdf(tmp_path, capsys):
    out = tmp_path / "r"
    assert main(["plan", str(EXAMPLE), "--out", str(out), "--pdf", "--format", "json"]) == 0
    pdf = (out / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 50_000
    pdfinfo = require_tool("pdfinfo", debian="poppler-utils")
    info = subprocess.run([pdfinfo, str(out / "report.pdf")], capture_output=True, text=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    assert pages >= 8  # roster, 5 exercises, presence, calendars, sources


def test_plan__deployment_timeline_in_report(tmp_path):
    # the logistics demo lists contingents and airlift: the report shows the Gantt chart
    out = tmp_path / "r"
    demo = ROOT / "examples" / "logistics-demo-2027.toml"
    assert main(["plan", str(demo), "--out", str(out), "--format", "json"]) == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Deployment to the best site" in html and "force closed 2027-" in html
    assert "<svg" in html.split("Deployment to the best site")[1][:5000]


def test_plan__exclusion_reasons_follow_their_heading(report):
    # "... sites excluded in every window. Main reasons:" then the reasons list, before
    # the deployment block (the list was printed after the deployment chart)
    html = (report / "index.html").read_text(encoding="utf-8")
    parts = html.split("sites excluded in every window. Main reasons:</p>")
    assert len(parts) > 2  # one per exercise
    for after in parts[1:]:
        assert after.lstrip().startswith('<ul class="muted"><li>'), after[:200]
