"""Exports of a plan (ranking, presence circles, routes) through the CLI, checked against
the planner's own table, the aircraft's cruise speed and GeographicLib."""

from __future__ import annotations

import json

import pytest
from geographiclib.geodesic import Geodesic

from arcticrecon.catalog import get_aircraft, load_catalog
from arcticrecon.cli.main import main

MISSION = """
[mission]
name = "Export test"
lead_nation = "DNK"
start = 2026-01-19
end = 2026-03-31
hubs = ["BGSF", "BGGH"]

[[exercise]]
name = "Winter test"
kind = "cold_weather_land"
personnel = 50
duration_days = 7
aircraft = ["C-130J-30"]
season = { from = 2027-03-01, to = 2027-03-14 }

[[presence]]
name = "SAR"
aircraft = "AW101"
response_h = 2.0
k = 2
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    tmp = tmp_path_factory.mktemp("plan-export")
    m = tmp / "m.toml"
    m.write_text(MISSION, encoding="utf-8")
    out = {}
    for what in ("ranking", "presence", "routes"):
        path = tmp / f"{what}.geojson"
        assert main(["export", "geojson", what, "--mission", str(m), "--out", str(path)]) == 0
        out[what] = json.loads(path.read_text(encoding="utf-8"))
    from arcticrecon.mission import read_mission_file
    from arcticrecon.planner import make_plan
    from arcticrecon.report.tables import opportunities_frame

    out["frame"] = opportunities_frame(make_plan(read_mission_file(m), load_catalog()))
    return out


def test_ranking_export__best_score_per_site_is_the_planners(exported: dict) -> None:
    df = exported["frame"]
    feas = df[df["feasible"]]
    best = feas.groupby("icao")["score"].max()
    feats = {f["id"]: f["properties"] for f in exported["ranking"]["features"]}
    assert len(feats) == 91
    for icao, score in best.items():
        assert feats[icao]["best_score"] == pytest.approx(score, abs=1e-4)
    excluded = set(df["icao"]) - set(best.index)
    assert excluded and all(feats[i]["best_score"] is None for i in excluded)
    assert exported["ranking"]["marking"]["banner"] == "UNCLASSIFIED"


def test_presence_export__radius_is_cruise_speed_times_response_time(exported: dict) -> None:
    circles = [f for f in exported["presence"]["features"] if "circle_radius_m" in f["properties"]]
    assert len(circles) == 2
    r = get_aircraft("AW101").cruise_speed_m_s * 2.0 * 3600.0
    for f in circles:
        assert f["properties"]["circle_radius_m"] == pytest.approx(r, rel=1e-9)


def test_routes_export__leg_distance_is_geographiclib(exported: dict) -> None:
    cat = load_catalog()
    legs = [f for f in exported["routes"]["features"] if f["properties"]["layer"] == "flight_legs"]
    assert legs
    for f in legs:
        p = f["properties"]
        a, b = cat.get(p["from_icao"]), cat.get(p["to_icao"])
        ref = Geodesic.WGS84.Inverse(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg)
        assert p["distance_km"] == pytest.approx(ref["s12"] / 1000.0, abs=0.05)
        assert p["initial_course_deg"] == pytest.approx(ref["azi1"] % 360.0, abs=0.05)
        assert f["geometry"]["coordinates"][0] == pytest.approx([a.lon_deg, a.lat_deg], abs=1e-6)
