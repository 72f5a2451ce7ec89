"""Exports of a plan (ranking, presence circles, routes) through the CLI, checked against
the planner's own table, the aircraft's cruise speed and GeographicLib."""

from __future__ import annotations

import itertools
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


# ---------------------------------------------------------------------------------------
# deployment (sea lift) and the NVG round trip of every plan document
# ---------------------------------------------------------------------------------------

#: UN/LOCODE DKAAL (Aalborg) 5703N 00955E; GeoNames 3422906 Kangerlussuaq 67.00860 N,
#: 50.68940 W (the town, beside BGSF): where the DNK sea lift starts and ends.
AALBORG = (57.05, 9.9167)
KANGERLUSSUAQ = (67.0086, -50.6894)


@pytest.fixture(scope="module")
def logistics(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The logistics demo (two sea lifts, four airlifts) plus a presence study."""
    from pathlib import Path

    from arcticrecon.cli.export import export_document
    from arcticrecon.mission import read_mission_file
    from arcticrecon.planner import make_plan
    from arcticrecon.report.tables import opportunities_frame

    tmp = tmp_path_factory.mktemp("deploy-export")
    demo = Path(__file__).resolve().parents[3] / "examples" / "logistics-demo-2027.toml"
    mission = tmp / "demo.toml"
    presence = MISSION[MISSION.index("[[presence]]") :]
    mission.write_text(demo.read_text(encoding="utf-8") + "\n" + presence, encoding="utf-8")
    out: dict[str, object] = {}
    for what in ("deployment", "routes"):
        path = tmp / f"{what}.geojson"
        args = ["export", "geojson", what, "--mission", str(mission), "--out", str(path)]
        assert main(args) == 0
        out[what] = json.loads(path.read_text(encoding="utf-8"))
    out["frame"] = opportunities_frame(make_plan(read_mission_file(mission), load_catalog()))
    out["mission"] = mission
    out["doc"] = export_document  # built again per document in the NVG round trip
    out["tmp"] = tmp
    return out


def _geodesic_length_m(coords: list[list[float]]) -> float:
    g = Geodesic.WGS84
    return sum(g.Inverse(a[1], a[0], b[1], b[0])["s12"] for a, b in itertools.pairwise(coords))


def test_deployment_export__destination_sea_lifts_and_the_unplanned_last_stretch(
    logistics: dict,
) -> None:
    cat = load_catalog()
    df = logistics["frame"]
    best = df[df["feasible"].astype(bool)].sort_values("rank", kind="stable").iloc[0]
    feats = logistics["deployment"]["features"]
    (dest,) = [f for f in feats if f["properties"].get("text")]
    site = cat.get(best["icao"])
    assert dest["properties"]["icao"] == site.icao
    assert dest["geometry"]["coordinates"] == pytest.approx([site.lon_deg, site.lat_deg])
    assert dest["properties"]["start"] == str(best["window_start"])[:10]
    assert "DNK sea" in dest["properties"]["activities"]
    seas = {f["properties"]["nation"]: f for f in feats if f["id"].endswith(("sea4", "sea5"))}
    assert set(seas) == {"DNK", "FRA"}  # the two contingents with vehicles and a home port
    dnk = seas["DNK"]["geometry"]["coordinates"]
    start = Geodesic.WGS84.Inverse(AALBORG[0], AALBORG[1], dnk[0][1], dnk[0][0])["s12"]
    end = Geodesic.WGS84.Inverse(KANGERLUSSUAQ[0], KANGERLUSSUAQ[1], dnk[-1][1], dnk[-1][0])
    assert start < 2_000.0 and end["s12"] < 2_000.0
    # the NM the plan states are the route's length along its polyline (GeographicLib)
    stated_nm = float(
        seas["DNK"]["properties"]["detail"].split(" NM")[0].split()[-1].replace(",", "")
    )
    assert stated_nm == pytest.approx(_geodesic_length_m(dnk) / 1852.0, rel=0.005)
    # the port (town) is ~1 km from the runway: that stretch is drawn as not planned
    gaps = [f for f in feats if f["properties"].get("planned") is False]
    assert len(gaps) == 2
    for g in gaps:
        a = g["geometry"]["coordinates"][0]
        ref = Geodesic.WGS84.Inverse(a[1], a[0], site.lat_deg, site.lon_deg)["s12"]
        assert ref > 1000.0 and g["properties"]["distance_km"] == pytest.approx(
            ref / 1000, abs=0.05
        )
    # the routes document carries the same sea lifts
    route_seas = [
        f for f in logistics["routes"]["features"] if f["properties"]["layer"] == "sea_routes"
    ]
    assert [f["geometry"] for f in route_seas] == [seas["DNK"]["geometry"], seas["FRA"]["geometry"]]
    assert logistics["deployment"]["marking"]["banner"] == "UNCLASSIFIED"


@pytest.mark.parametrize("what", ["sites", "presence", "ranking", "routes", "deployment"])
def test_plan_documents__nvg_round_trip_gives_the_same_features(logistics: dict, what: str) -> None:
    from arcticrecon.export import write_export
    from arcticrecon.export.nvg import read_nvg

    doc = logistics["doc"](what, mission_file=logistics["mission"])
    path = write_export(doc, "nvg", logistics["tmp"] / f"{what}.nvg")
    back = read_nvg(path)
    assert back.marking == doc.marking and back.title == doc.title
    assert [lay.id for lay in back.layers] == [lay.id for lay in doc.layers]
    mine = {f.id: f for lay in doc.layers for f in lay.features}
    theirs = {f.id: f for lay in back.layers for f in lay.features}
    assert list(theirs) == list(mine) and mine
    for fid, f in mine.items():
        g = theirs[fid]
        assert (g.name, g.symbol, g.text, g.circle, g.style) == (
            f.name,
            f.symbol,
            f.text,
            f.circle,
            f.style,
        ), fid
        assert g.properties == {k: v for k, v in f.properties.items() if v is not None}, fid
        if f.circle is None:
            assert g.geometry.equals_exact(f.geometry, 1e-6), fid
