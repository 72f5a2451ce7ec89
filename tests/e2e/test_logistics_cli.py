"""End-to-end: `arcticrecon route | sealift | deploy | itinerary`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arcticrecon.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "logistics-demo-2027.toml"


def _run(capsys, *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def test_route__json_schema_nuuk_pituffik(capsys):
    rc, out, _ = _run(capsys, "route", "BGGH", "BGTL", "--aircraft", "A400M", "--format", "json")
    assert rc == 0
    d = json.loads(out)
    assert set(d) >= {"legs", "distance_km", "distance_nm", "block_time_h"}
    assert d["distance_km"] == pytest.approx(1503.9, abs=0.5)
    assert d["block_time_h"] == pytest.approx(812.06 / 420 + 0.5, abs=0.01)


def test_route__dms_coordinates_and_table(capsys):
    rc, out, _ = _run(capsys, "route", "64°10'30\"N 51°43'15\"W", "BGSF", "--aircraft", "DHC-6")
    assert rc == 0 and "BGSF" in out and "block time" in out


def test_route__wind_and_csv(capsys):
    rc, out, _ = _run(
        capsys,
        "route",
        "BGGH",
        "BGSF",
        "--aircraft",
        "DHC-6",
        "--wind-kt",
        "-20",
        "--format",
        "csv",
    )
    assert rc == 0
    assert out.splitlines()[0].startswith("from,to,distance_km")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["route", "BGGH", "BGSC", "--aircraft", "C-17"], "cannot use the destination BGSC"),
        (["route", "BGGH", "XXXX", "--aircraft", "A400M"], "not in the catalogue"),
        (["route", "BGGH", "BGSF", "--aircraft", "Concorde"], "not in the aircraft table"),
        (["route", "50.9,4.5", "BGSF", "--aircraft", "DHC-6"], "no route for DHC-6"),
        (["sealift", "Atlantis", "Nuuk"], "port 'Atlantis' is not in the ports table"),
        (["sealift", "Aalborg", "Nuuk", "--speed-kt", "0"], "ship speed 0 kt"),
        (["sealift", "Nuuk", "Nuuk"], "same point"),
    ],
)
def test_bad_input__one_line_exit_2(capsys, args, needle):
    rc, _, err = _run(capsys, *args)
    assert rc == 2
    assert needle in " ".join(err.split())
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_sealift__json_schema(capsys):
    rc, out, _ = _run(capsys, "sealift", "Aalborg", "Nuuk", "--speed-kt", "14", "--format", "json")
    assert rc == 0
    d = json.loads(out)
    assert d["distance_nm"] >= 2004.3 and d["transit_days"] == pytest.approx(
        d["distance_nm"] / 14 / 24, abs=0.01
    )
    assert d["route"]["type"] == "LineString"
    assert d["route"]["coordinates"][0] == [9.916667, 57.05]


def test_sealift__table_reports_coarse_network(capsys):
    rc, out, _ = _run(capsys, "sealift", "Aalborg", "Kangerlussuaq")
    assert rc == 0 and "too coarse" in " ".join(out.split())


def test_deploy__demo_json_and_gantt(capsys, tmp_path):
    svg = tmp_path / "gantt.svg"
    rc, out, _ = _run(
        capsys,
        "deploy",
        str(DEMO),
        "--exercise",
        "Cold-weather battalion exercise",
        "--format",
        "json",
        "--gantt",
        str(svg),
    )
    assert rc == 0
    d = json.loads(out)
    air = {a["nation"]: a for a in d["activities"] if a["mode"] == "air"}
    # DNK: 120 x 100 kg + 40 t = 52 t, C-130J-30 19.958 t -> 3 sorties, 2 aircraft -> 2 days
    assert air["DNK"]["sorties"] == 3 and air["DNK"]["days"] == 2
    assert {a["nation"] for a in d["activities"] if a["mode"] == "sea"} == {"DNK", "FRA"}
    assert d["assumptions"] and svg.read_text().lstrip().startswith("<?xml")


def test_deploy__example_mission_falls_back_to_the_exercise(capsys, example_mission):
    rc, out, _ = _run(
        capsys,
        "deploy",
        str(example_mission),
        "--exercise",
        "Strategic air deployment",
        "--format",
        "json",
    )
    assert rc == 0
    d = json.loads(out)
    assert d["notes"] and "planning assumption" in d["notes"][0]


@pytest.mark.parametrize(
    ("opt", "value", "needle"),
    [
        ("--site-sorties-per-day", "0", "site_sorties_per_day = 0"),
        ("--cargo-by", "rail", "must be air or sea"),
        ("--site", "XXXX", "not in the catalogue"),
        ("--start", "March", "not a date"),
    ],
)
def test_deploy__bad_options(capsys, opt, value, needle):
    rc, _, err = _run(
        capsys, "deploy", str(DEMO), "--exercise", "Cold-weather battalion exercise", opt, value
    )
    assert rc == 2 and needle in " ".join(err.split())


def test_deploy__unknown_exercise(capsys):
    rc, _, err = _run(capsys, "deploy", str(DEMO), "--exercise", "Nope")
    assert rc == 2 and "exercise 'Nope'" in err


def test_itinerary__demo_team_json(capsys):
    rc, out, _ = _run(capsys, "itinerary", str(DEMO), "--team", "West coast", "--format", "json")
    assert rc == 0
    d = json.loads(out)
    assert d["aircraft"] == "DHC-6" and sorted(d["order"]) == sorted(
        ["BGGH", "BGSS", "BGAA", "BGJN", "BGUK"]
    )
    assert d["legs"][-1]["to"] == "BGSF"


def test_itinerary__unknown_team(capsys):
    rc, _, err = _run(capsys, "itinerary", str(DEMO), "--team", "East")
    assert rc == 2 and "team 'East'" in err
