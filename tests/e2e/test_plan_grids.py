"""End-to-end: `arcticrecon plan --grids DIR` puts the grid's maps into the report."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from PIL import Image

from arcticrecon.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "greenland-recon-2026.toml"
BOX = (-600_000.0, -3_000_000.0, -100_000.0, -2_400_000.0)  # 100 km cells round Nuuk


@pytest.fixture(scope="module")
def grid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from grid_reference import build_small_grid

    return build_small_grid(
        tmp_path_factory.mktemp("grid") / "g", BOX, 100_000.0, maps_months=(1, 7)
    )


@pytest.fixture(scope="module")
def report(grid: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("plan") / "report"
    args = ["plan", str(EXAMPLE), "--out", str(out), "--grids", str(grid), "--format", "json"]
    assert main(args) == 0
    return (out / "index.html").read_text("utf-8")


def _images(html: str) -> dict[str, bytes]:
    out = {}
    for alt, data in re.findall(
        r'<img class="chart" alt="([^"]+)" src="data:image/png;base64,([^"]+)"', html
    ):
        out[alt] = base64.b64decode(data)
    return out


def test_plan_grids__each_exercise_has_its_suitability_map(report: str, grid: Path) -> None:
    from arcticrecon.mission import read_mission_file

    imgs = _images(report)
    for ex in read_mission_file(EXAMPLE).exercise:
        key = re.sub(r"[^a-z0-9]+", "_", ex.name.lower()).strip("_")
        png = imgs[f"Map of {ex.name} suitability per month (EPSG:3413)"]
        assert png == (grid / "maps" / f"{key}__suitability.png").read_bytes()
        assert Image.open(__import__("io").BytesIO(png)).format == "PNG"
    assert report.count("Where else: suitability on the 100 km grid") == len(
        read_mission_file(EXAMPLE).exercise
    )
    # the working-hours exercise says so
    assert "light counted inside the working hours 08:00-16:00" in report


def test_plan_grids__common_maps_with_units_and_sources(report: str) -> None:
    assert 'href="#grids"' in report and 'id="grids"' in report
    for title, units, source in (
        ("mean time per day with the Sun above -6 deg (civil light)", "h d-1", "DE421"),
        ("days of polar night", "d", "lattice"),
        ("mean 2 m air temperature", "degC", "ERA5 monthly means 2000-2025"),
        ("elevation of the geostationary satellite", "degree", "Soler &amp; Eisemann 1994"),
    ):
        assert f"<h3>{title} [{units}]</h3>" in report
        block = report.split(f"<h3>{title} [{units}]</h3>", 1)[1].split("</p>", 1)[0]
        assert "Source and caveat:" in block and source in block, title


def test_plan_grids__not_a_grid_is_one_line_exit_2(tmp_path: Path, capsys) -> None:
    out = tmp_path / "r"
    assert main(["plan", str(EXAMPLE), "--out", str(out), "--grids", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "not an arcticrecon grid" in err and "\n" not in err
    assert not out.exists()


def test_plan_grids__a_grid_of_another_mission_warns(grid: Path, tmp_path: Path, caplog) -> None:
    # the logistics demo's exercise is not in the grid's (greenland-recon-2026) mission
    # file: the report notes it, and a warning (printed on stderr by the command line,
    # tests/e2e/test_cli_logging.py) names the exercise
    demo = ROOT / "examples" / "logistics-demo-2027.toml"
    out = tmp_path / "r"
    args = ["plan", str(demo), "--out", str(out), "--grids", str(grid), "--format", "json"]
    with caplog.at_level("WARNING", logger="arcticrecon"):
        assert main(args) == 0
    line = next(r.getMessage() for r in caplog.records if "no suitability map" in r.getMessage())
    assert line.startswith("--grids ") and "1 of the plan's 1 exercises" in line
    assert "Cold-weather battalion exercise: not in the grid's mission file" in line
    html = (out / "index.html").read_text("utf-8")
    assert "No map for: Cold-weather battalion exercise: not in the grid" in html


def test_plan_grids__an_exercise_changed_since_the_grid_gets_no_stale_map(
    grid: Path, tmp_path: Path, caplog
) -> None:
    # the cold-weather exercise's weights and design wind edited after the grid was built:
    # its old map would not match the ranking above it, so it is left out and said why;
    # the unchanged exercises keep theirs
    text = EXAMPLE.read_text("utf-8")
    old_w = "cold_exposure = 0.3, frost_risk = 0.15, civil_light = 0.2"
    assert old_w in text and "design_wind_kmh = 30 " in text
    edited = tmp_path / "edited.toml"
    edited.write_text(
        text.replace(old_w, "cold_exposure = 0.05, frost_risk = 0.05, civil_light = 0.6").replace(
            "design_wind_kmh = 30 ", "design_wind_kmh = 60 "
        ),
        "utf-8",
    )
    out = tmp_path / "r"
    args = ["plan", str(edited), "--out", str(out), "--grids", str(grid), "--format", "json"]
    with caplog.at_level("WARNING", logger="arcticrecon"):
        assert main(args) == 0
    line = next(r.getMessage() for r in caplog.records if "no suitability map" in r.getMessage())
    assert "1 of the plan's 5 exercises" in line
    assert (
        "Cold-weather company exercise: changed since the grid was built (weights or "
        "constraints, design wind 30.0 -> 60.0 km/h)"
    ) in line
    imgs = _images((out / "index.html").read_text("utf-8"))
    assert "Map of Cold-weather company exercise suitability per month (EPSG:3413)" not in imgs
    assert "Map of Strategic air deployment suitability per month (EPSG:3413)" in imgs
