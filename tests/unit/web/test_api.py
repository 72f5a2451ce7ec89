"""Every endpoint of the JSON API, as a logged-in user (releasability: test_policy.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from web._world import ADMIN, BEL, FRA, PNG_1PX, SMALL_MISSION, World, login
from web._world import small_catalog as _small_catalog
from web._world import wait_run as _wait


def test_health__public(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"status": "ok"}


def test_me__nation_and_clearance(client: TestClient) -> None:
    h = login(client, FRA)
    me = client.get("/api/me", headers=h).json()
    assert (me["nation"], me["clearance"], me["is_admin"]) == ("FRA", "UNCLASSIFIED", False)


def test_mission__store_and_exercises(client: TestClient) -> None:
    h = login(client, BEL)
    m = client.get("/api/mission", headers=h).json()
    assert m["lead_nation"] == "DNK" and m["nations"] == ["DNK", "BEL", "FRA", "DEU", "NLD"]
    assert m["levels"][0] == "UNCLASSIFIED"
    assert "Cold-weather company exercise" in [e["name"] for e in m["exercises"]]
    assert m["hubs"] == ["BGSF", "BGGH"] and m["tile_url"] is None


def test_map_base__epsg3413_coastline(client: TestClient) -> None:
    h = login(client, BEL)
    m = client.get("/api/map/base", headers=h).json()
    assert m["crs"] == "EPSG:3413" and len(m["coastline"]) >= 1
    x0, y0, x1, y1 = m["extent_m"]
    pts = [p for ring in m["coastline"] for p in ring]
    inside = sum(x0 <= x <= x1 and y0 <= y <= y1 for x, y in pts) / len(pts)
    assert inside > 0.99
    assert "Natural Earth" in m["source"]
    grat = [p for g in m["graticule"] for p in g["points"]]
    assert grat and all(x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1 for x, y in grat)


def test_sites__catalogue_with_projection(client: TestClient) -> None:
    h = login(client, FRA)
    sites = client.get("/api/sites", headers=h).json()
    assert len(sites) == 91
    by = {s["icao"]: s for s in sites}
    sf = by["BGSF"]
    # Kangerlussuaq: 67.01 N 50.72 W; EPSG:3413 by pyproj (arcticrecon.geo), 100 m rounding
    assert sf["x_m"] == pytest.approx(-251_300, abs=100) and sf["y_m"] == pytest.approx(
        -2_510_500, abs=100
    )
    assert sf["longest_runway_m"] == pytest.approx(2809.9, abs=0.1)
    assert sf["overrides"] == {} and sf["n_reports"] == 1


def test_sites__kind_filter(client: TestClient) -> None:
    h = login(client, FRA)
    heli = client.get("/api/sites?kind=heliport", headers=h).json()
    assert heli and all(s["kind"] == "heliport" for s in heli)


def test_site_detail__runways_and_findings(client: TestClient) -> None:
    h = login(client, BEL)
    d = client.get("/api/sites/bgsf", headers=h).json()
    assert d["icao"] == "BGSF" and d["runways"][0]["length_m"] > 2000
    assert {r["text"] for r in d["reports"]} == {
        "ALL-UNCLAS runway clear",
        "DNK-BEL-RESTRICTED fuel low",
    }
    assert d["longest_runway_m"] == 2500.0 and d["catalogue"]["longest_runway_m"] == pytest.approx(
        2809.9, abs=0.1
    )
    assert d["override_records"][0]["level"] == "RESTRICTED"


def test_site_detail__unknown_site_404(client: TestClient) -> None:
    h = login(client, BEL)
    r = client.get("/api/sites/BGXX", headers=h)
    assert r.status_code == 404 and "BGXX" in r.json()["detail"]
    assert r.json()["error"] == "UnknownSiteError"


def test_site_light__pituffik_december_polar_night(client: TestClient) -> None:
    # Pituffik (76.5 N) has no sunrise around the December solstice (polar night)
    h = login(client, BEL)
    d = client.get("/api/sites/BGTL/light?start=2026-12-20&end=2026-12-22", headers=h).json()
    assert d["tz"] == "America/Thule" and len(d["days"]) == 3
    day = d["days"][0]
    assert day["daylight"]["state"] == "polar_night" and day["daylight"]["intervals"] == []
    assert day["daylight"]["in_day_h"] == 0.0 and day["day_length_h"] is None


def test_site_light__pituffik_june_midnight_sun(client: TestClient) -> None:
    h = login(client, BEL)
    d = client.get("/api/sites/BGTL/light?start=2026-06-21&end=2026-06-21", headers=h).json()
    assert d["days"][0]["daylight"]["state"] == "midnight_sun"
    assert d["days"][0]["daylight"]["in_day_h"] == pytest.approx(24.0, abs=1e-6)


def test_site_light__nuuk_local_times(client: TestClient) -> None:
    # Nuuk 2026-03-20 (equinox): sunrise ~09:3x UTC; local clock (UTC-2) ~07:3x
    h = login(client, BEL)
    d = client.get("/api/sites/BGGH/light?start=2026-03-20&end=2026-03-20", headers=h).json()
    (iv,) = d["days"][0]["daylight"]["intervals"]
    assert iv["start_utc"].startswith("2026-03-20T09:")
    assert iv["start_local"].startswith("2026-03-20T07:") and iv["start_local"].endswith("-02:00")
    assert 12.0 < d["days"][0]["day_length_h"] < 12.5


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=2026-13-01", "start"),
        ("start=2026-03-02&end=2026-03-01", "end"),
        ("start=2026-01-01&end=2027-12-31", "end"),
    ],
)
def test_site_light__bad_dates_422(client: TestClient, query: str, field: str) -> None:
    h = login(client, BEL)
    r = client.get(f"/api/sites/BGGH/light?{query}", headers=h)
    assert r.status_code == 422 and r.json()["field"] == field


def test_plan_run__progress_results_and_opportunities(world: World, client: TestClient) -> None:
    _small_catalog(world)
    h = login(client, BEL)
    r = client.post("/api/plan-runs", json={"mission_toml": SMALL_MISSION}, headers=h)
    assert r.status_code == 202, r.text
    run = _wait(client, h, r.json()["id"])
    assert run["status"] == "done", run["error"]
    assert run["progress"] == 1.0 and run["exercises"] == ["Winter test"]
    # marked with the one override it used (BGSF runway, RESTRICTED REL TO DNK, BEL)
    assert (run["level"], sorted(run["rel_to"])) == ("RESTRICTED", ["BEL", "DNK"])
    assert run["marking"]["banner"] == "RESTRICTED REL TO BEL, DNK"
    assert [x["id"] for x in client.get("/api/plan-runs", headers=h).json()] == [run["id"]]
    opp = client.get("/api/opportunities?feasible_only=true&limit=5", headers=h).json()
    assert opp["run_id"] == run["id"] and 0 < len(opp["items"]) <= 5
    assert opp["marking"] == run["marking"]
    first = opp["items"][0]
    assert first["rank"] == 1 and first["feasible"] is True and 0 <= first["score"] <= 1
    assert first["explanation"].startswith("ranked 1: score")
    assert first["window_start"] == "2027-03-01"
    ranks = [o["rank"] for o in opp["items"]]
    assert ranks == sorted(ranks)
    by_score = client.get(
        f"/api/opportunities?run_id={run['id']}&sort=score&descending=true&limit=50", headers=h
    ).json()
    scores = [o["score"] for o in by_score["items"] if o["score"] is not None]
    assert scores == sorted(scores, reverse=True)
    one = client.get(f"/api/opportunities?run_id={run['id']}&icao=BGSF", headers=h).json()
    assert {o["icao"] for o in one["items"]} == {"BGSF"}
    assert client.get("/api/opportunities?exercise=nope", headers=h).json()["total"] == 0


def test_plan_run__uses_the_readers_findings(world: World, client: TestClient) -> None:
    # the RESTRICTED REL TO DNK, BEL runway finding (2500 m at BGSF) counts for BEL only
    _small_catalog(world)
    got = {}
    for user in (BEL, FRA):
        h = login(client, user)
        r = client.post("/api/plan-runs", json={"mission_toml": SMALL_MISSION}, headers=h)
        run = _wait(client, h, r.json()["id"])
        assert run["status"] == "done", run["error"]
        rows = client.get(f"/api/opportunities?run_id={run['id']}&icao=BGSF", headers=h).json()
        got[user] = rows["items"][0]["runway_value"]
    assert got[BEL] == pytest.approx(2500.0)
    assert got[FRA] == pytest.approx(2809.95, abs=0.1)


def test_plan_run__marked_per_audience(world: World, client: TestClient) -> None:
    """A run carries the high-water mark of what it used and is shown to exactly those who
    may read that: BEL's run used the RESTRICTED REL TO DNK, BEL runway override, FRA's
    used nothing marked (UNCLASSIFIED mission, all five nations)."""
    _small_catalog(world)
    runs: dict[str, dict[str, Any]] = {}
    for user in (BEL, FRA):
        h = login(client, user)
        r = client.post("/api/plan-runs", json={"mission_toml": SMALL_MISSION}, headers=h)
        assert r.status_code == 202, r.text
        runs[user] = _wait(client, h, r.json()["id"])
        assert runs[user]["status"] == "done", runs[user]["error"]
    assert runs[BEL]["marking"] == {
        "level": "RESTRICTED",
        "rel_to": ["BEL", "DNK"],
        "banner": "RESTRICTED REL TO BEL, DNK",
    }
    assert runs[FRA]["marking"] == {
        "level": "UNCLASSIFIED",
        "rel_to": None,
        "banner": "UNCLASSIFIED",
    }
    # who sees which run: the read rule applied to those markings, by hand
    want = {BEL: {BEL, FRA}, FRA: {FRA}, ADMIN: {BEL, FRA}}
    banners: dict[tuple[str, str], str] = {}
    site_banners: dict[tuple[str, str], str] = {}
    runway: dict[tuple[str, str], float] = {}
    for viewer, starters in want.items():
        h = login(client, viewer)
        listed = {x["id"] for x in client.get("/api/plan-runs", headers=h).json()}
        assert listed == {runs[u]["id"] for u in starters}, viewer
        for u, run in runs.items():
            page = client.get(f"/api/opportunities?run_id={run['id']}&limit=1", headers=h)
            assert page.status_code == (200 if u in starters else 404), (viewer, u)
            if u in starters:
                assert page.json()["marking"] == run["marking"]
                layer = client.get(f"/api/map/layers/ranking?run_id={run['id']}", headers=h)
                banners[viewer, u] = layer.json()["marking"]["banner"]
                sites = client.get(f"/api/map/layers/sites?run_id={run['id']}", headers=h)
                site_banners[viewer, u] = sites.json()["marking"]["banner"]
                bgsf = next(f for f in sites.json()["features"] if f["id"] == "BGSF")
                runway[viewer, u] = bgsf["properties"]["longest_runway_m"]
    # the ranking labels come from the run alone (rank, score, position): the run's marking,
    # whoever looks; a run that used no marked record is not REL TO anyone
    assert banners == {
        (BEL, BEL): "RESTRICTED REL TO BEL, DNK",
        (BEL, FRA): "UNCLASSIFIED",
        (FRA, FRA): "UNCLASSIFIED",
        (ADMIN, BEL): "RESTRICTED REL TO BEL, DNK",
        (ADMIN, FRA): "UNCLASSIFIED",
    }
    # the sites layer shows the viewer's own overrides too: BEL and the admin see the
    # RESTRICTED REL TO DNK, BEL runway of BGSF (2500 m) whichever run; FRA may not
    assert site_banners == {
        (BEL, BEL): "RESTRICTED REL TO BEL, DNK",
        (BEL, FRA): "RESTRICTED REL TO BEL, DNK",
        (FRA, FRA): "UNCLASSIFIED",
        (ADMIN, BEL): "RESTRICTED REL TO BEL, DNK",
        (ADMIN, FRA): "RESTRICTED REL TO BEL, DNK",
    }
    assert {k: v == pytest.approx(2500.0) for k, v in runway.items()} == {
        (BEL, BEL): True,
        (BEL, FRA): True,
        (FRA, FRA): False,
        (ADMIN, BEL): True,
        (ADMIN, FRA): True,
    }


def test_plan_run__classification_outside_the_callers_reach_refused(client: TestClient) -> None:
    h = login(client, BEL)  # RESTRICTED
    secret = SMALL_MISSION.replace(
        'lead_nation = "DNK"', 'lead_nation = "DNK"\nclassification = "SECRET"'
    )
    r = client.post("/api/plan-runs", json={"mission_toml": secret}, headers=h)
    assert r.status_code == 422 and r.json()["field"] == "classification"
    assert "above your clearance RESTRICTED" in r.json()["detail"]
    odd = SMALL_MISSION.replace(
        'lead_nation = "DNK"', 'lead_nation = "DNK"\nclassification = "TOP"'
    )
    r = client.post("/api/plan-runs", json={"mission_toml": odd}, headers=h)
    assert r.status_code == 422 and "'TOP' is not a level" in r.json()["detail"]
    assert client.get("/api/plan-runs", headers=h).json() == []


def test_plan_run__unknown_exercise_and_bad_toml(client: TestClient) -> None:
    h = login(client, BEL)
    r = client.post("/api/plan-runs", json={"exercise": "Nope"}, headers=h)
    assert r.status_code == 404 and "Cold-weather company exercise" in r.json()["detail"]
    r = client.post("/api/plan-runs", json={"mission_toml": "[mission"}, headers=h)
    assert r.status_code == 422 and r.json()["field"] == "mission_toml"
    r = client.post("/api/plan-runs", json={"mission_toml": "[mission]\nname = 1\n"}, headers=h)
    assert r.status_code == 422


def test_plan_run__failure_reported_not_raised(world: World, client: TestClient) -> None:
    from arcticrecon.errors import InfeasibleError

    h = login(client, BEL)

    def job(progress: Any) -> Any:
        progress("half", 0.5)
        raise InfeasibleError("no site fits")

    run = world.app.state.arx.runs.start(
        job, mission_name="m", exercises=["e"], level="RESTRICTED", rel_to=("BEL",), started_by=BEL
    )
    done = _wait(client, h, run.id)
    assert done["status"] == "failed" and done["error"] == "no site fits"
    assert client.get(f"/api/opportunities?run_id={run.id}", headers=h).status_code == 404


def test_plan_run__queue_is_bounded(world: World, client: TestClient) -> None:
    import threading

    import pandas as pd

    from arcticrecon.web.routes.plans import MAX_PENDING_RUNS

    h = login(client, BEL)
    gate = threading.Event()
    runs = world.app.state.arx.runs
    for _ in range(MAX_PENDING_RUNS):
        runs.start(
            lambda _p: (gate.wait(30), pd.DataFrame())[1],
            mission_name="m",
            exercises=["e"],
            level="RESTRICTED",
            rel_to=("BEL",),
            started_by=BEL,
        )
    r = client.post("/api/plan-runs", json={"mission_toml": SMALL_MISSION}, headers=h)
    assert r.status_code == 429 and r.headers["retry-after"] == "30"
    gate.set()


def test_opportunities__none_yet_404(client: TestClient) -> None:
    h = login(client, BEL)
    r = client.get("/api/opportunities", headers=h)
    assert r.status_code == 404 and "POST /api/plan-runs" in r.json()["detail"]


def test_surveys__list_create_get(client: TestClient) -> None:
    h = login(client, BEL)
    body = {
        "site": "bgsf",
        "kind": "airfield",
        "text": "new finding",
        "level": "RESTRICTED",
        "rel_to": ["DNK", "BEL"],
        "fields": {"runway_length_measured_m": 2700},
        "observed_at_utc": "2026-01-22T10:00:00Z",
    }
    r = client.post("/api/surveys", json=body, headers=h)
    assert r.status_code == 201, r.text
    rep = r.json()
    assert (rep["site"], rep["level"], rep["rel_to"], rep["author"]) == (
        "BGSF",
        "RESTRICTED",
        ["DNK", "BEL"],
        BEL,
    )
    assert rep["fields"]["runway_length_measured_m"] == 2700.0
    assert client.get(f"/api/surveys/{rep['id']}", headers=h).json()["text"] == "new finding"
    texts = [s["text"] for s in client.get("/api/surveys?site=BGSF", headers=h).json()]
    assert "new finding" in texts
    assert [s["text"] for s in client.get("/api/surveys?q=FUEL", headers=h).json()] == [
        "DNK-BEL-RESTRICTED fuel low"
    ]
    assert client.get("/api/surveys?kind=port", headers=h).json() == []


def test_surveys__defaults_lowest_level_all_nations(client: TestClient) -> None:
    h = login(client, FRA)
    rep = client.post("/api/surveys", json={"site": "BGGH", "kind": "port"}, headers=h).json()
    assert rep["level"] == "UNCLASSIFIED" and rep["rel_to"] == ["DNK", "BEL", "FRA", "DEU", "NLD"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"site": "BGXX", "kind": "airfield"}, 404),
        ({"site": "BGSF", "kind": "volcano"}, 422),
        ({"site": "BGSF", "kind": "airfield", "level": "TOPSECRET"}, 422),
        ({"site": "BGSF", "kind": "airfield", "rel_to": ["XXX"]}, 422),
        ({"site": "BGSF", "kind": "airfield", "fields": {"runway_length_measured_m": -5}}, 422),
        ({"site": "BGSF", "kind": "airfield", "observed_at_utc": "2026-01-22T10:00:00"}, 422),
        ({"site": "BGSF", "kind": "airfield", "colour": "red"}, 422),
    ],
)
def test_surveys__bad_input(client: TestClient, body: dict[str, Any], code: int) -> None:
    h = login(client, BEL)
    r = client.post("/api/surveys", json=body, headers=h)
    assert r.status_code == code, r.text
    assert r.json()["detail"]


def test_surveys__above_own_clearance_is_refused(client: TestClient) -> None:
    # nobody writes a report they could never read back: level <= own clearance
    h = login(client, BEL)  # RESTRICTED
    body = {"site": "BGSF", "kind": "airfield", "text": "WRITE-UP secret", "level": "CONFIDENTIAL"}
    r = client.post("/api/surveys", json=body, headers=h)
    assert r.status_code == 422, r.text
    assert "above your clearance RESTRICTED" in r.json()["detail"]
    admin = login(client, ADMIN)
    assert "WRITE-UP" not in client.get("/api/surveys", headers=admin).text


def test_surveys__own_nation_is_added_to_rel_to(client: TestClient) -> None:
    # the originator's nation is always releasable: the author reads back what he wrote
    h = login(client, BEL)
    body = {"site": "BGSF", "kind": "airfield", "text": "for DNK", "rel_to": ["DNK"]}
    r = client.post("/api/surveys", json=body, headers=h)
    assert r.status_code == 201, r.text
    rec = r.json()
    assert rec["rel_to"] == ["DNK", "BEL"] and rec["text"] == "for DNK"
    assert client.get(f"/api/surveys/{rec['id']}", headers=h).json()["text"] == "for DNK"


def test_attachment__upload_and_download_photo(client: TestClient) -> None:
    h = login(client, BEL)
    rep = client.post(
        "/api/surveys", json={"site": "BGSF", "kind": "airfield", "text": "with photo"}, headers=h
    ).json()
    r = client.post(
        f"/api/surveys/{rep['id']}/attachments",
        files={"file": ("apron.png", PNG_1PX, "image/png")},
        headers=h,
    )
    assert r.status_code == 201, r.text
    att = r.json()["attachments"][0]
    assert att["filename"] == "apron.png" and att["size_bytes"] == len(PNG_1PX)
    assert att["level"] == "UNCLASSIFIED"
    got = client.get(att["url"], headers=h)
    assert got.status_code == 200 and got.content == PNG_1PX
    assert got.headers["content-type"] == "image/png"
    assert got.headers["x-content-type-options"] == "nosniff"


def test_attachment__html_is_served_as_download(client: TestClient) -> None:
    h = login(client, BEL)
    rep = client.post("/api/surveys", json={"site": "BGSF", "kind": "airfield"}, headers=h).json()
    r = client.post(
        f"/api/surveys/{rep['id']}/attachments",
        files={"file": ("x.html", b"<script>alert(1)</script>", "text/html")},
        headers=h,
    )
    got = client.get(r.json()["attachments"][0]["url"], headers=h)
    assert got.headers["content-type"] == "application/octet-stream"
    assert got.headers["content-disposition"].startswith("attachment")


def test_attachment__empty_and_too_large_refused(world: World, client: TestClient) -> None:
    h = login(client, BEL)
    rep = client.post("/api/surveys", json={"site": "BGSF", "kind": "airfield"}, headers=h).json()
    r = client.post(
        f"/api/surveys/{rep['id']}/attachments",
        files={"file": ("a.png", b"", "image/png")},
        headers=h,
    )
    assert r.status_code == 422
    world.app.state.arx.settings = world.app.state.arx.settings.with_(max_upload_bytes=10)
    r = client.post(
        f"/api/surveys/{rep['id']}/attachments",
        files={"file": ("a.png", PNG_1PX, "image/png")},
        headers=h,
    )
    assert r.status_code == 422 and "larger than 10 bytes" in r.json()["detail"]


def test_attachment__marking_less_strict_than_report_refused(client: TestClient) -> None:
    h = login(client, BEL)
    rep = client.post(
        "/api/surveys",
        json={"site": "BGSF", "kind": "airfield", "level": "RESTRICTED", "rel_to": ["BEL"]},
        headers=h,
    ).json()
    r = client.post(
        f"/api/surveys/{rep['id']}/attachments",
        data={"level": "UNCLASSIFIED"},
        files={"file": ("a.png", PNG_1PX, "image/png")},
        headers=h,
    )
    assert r.status_code == 422 and "less restrictive" in r.json()["detail"]


def test_roster__people_and_teams(client: TestClient) -> None:
    h = login(client, FRA)
    r = client.get("/api/roster", headers=h).json()
    names = {(p["name"], p["nation"]) for p in r["persons"]}
    assert names == {(ADMIN, "DNK"), (BEL, "BEL"), (FRA, "FRA")}
    assert r["teams"] == []


def test_audit_verify__admin_only_and_detects_tamper(world: World, client: TestClient) -> None:
    import sqlalchemy as sa

    from arcticrecon.store.models import ReportRow

    assert client.get("/api/audit/verify", headers=login(client, BEL)).status_code == 403
    h = login(client, ADMIN)
    ok = client.get("/api/audit/verify", headers=h).json()
    assert ok["ok"] is True and ok["entries"] > 5 and ok["reason"] == ""
    with world.store.write() as s:
        s.execute(
            sa.update(ReportRow)
            .where(ReportRow.id == world.report_ids["DNK-ONLY"])
            .values(text="rewritten")
        )
    bad = client.get("/api/audit/verify", headers=h).json()
    assert bad["ok"] is False and bad["reason"]


def test_openapi__no_cdn_docs_pages(client: TestClient) -> None:
    # Swagger UI and ReDoc would load scripts from a CDN: not served
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404


def test_openapi__schema_lists_the_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json", headers=login(client, BEL)).json()["paths"]
    for p in (
        "/api/sites",
        "/api/sites/{icao}/light",
        "/api/sites/{icao}/cold",
        "/api/plan-runs",
        "/api/opportunities",
        "/api/coverage",
        "/api/surveys",
        "/api/surveys/{report_id}/attachments",
        "/api/roster",
        "/api/audit/verify",
    ):
        assert p in paths, p


def test_create_app__nothing_at_import(tmp_path: Path) -> None:
    # a fresh interpreter: importing the package must open no database and read no settings
    code = (
        "import sys, importlib, arcticrecon.web as w, arcticrecon.web.app as a;"
        "from arcticrecon.web.routes import ROUTE_MODULES as R;"
        "ms = [w, a] + [importlib.import_module('arcticrecon.web.routes.' + n) for n in R];"
        "bad = [k for m in ms for k, v in vars(m).items()"
        " if type(v).__name__ in ('Engine', 'Store', 'FastAPI', 'WebSettings', 'AppState')];"
        "print(bad)"
    )
    env = {**os.environ, "ARCTICRECON_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert out.stdout.strip() == "[]"
    assert not list(tmp_path.iterdir())


def _wci_degC(t_degC: float, v_kmh: float) -> float:
    """JAG/TI wind chill index (Environment Canada / US NWS 2001), the published equation."""
    return 13.12 + 0.6215 * t_degC - 11.37 * v_kmh**0.16 + 0.3965 * t_degC * v_kmh**0.16


def test_site_cold__monthly_wind_chill_table(client: TestClient) -> None:
    h = login(client, BEL)
    d = client.get("/api/sites/BGGH/cold", headers=h).json()
    assert d["icao"] == "BGGH" and d["wind_kmh"] == [10.0, 30.0, 50.0]
    assert [m["month"] for m in d["months"]] == list(range(1, 13))
    assert "design scenarios" in d["source"] and "JAG/TI" in d["source"]
    jan = d["months"][0]
    assert jan["t2m_degC"] < 0
    for w in jan["winds"]:
        assert w["applicable"] is True
        # rounded to 0.1 °C by the endpoint; the formula from the 2001 JAG/TI index
        assert w["wind_chill_degC"] == pytest.approx(
            _wci_degC(jan["t2m_degC"], w["wind_kmh"]), abs=0.051
        )
        assert w["wind_chill_degC"] <= jan["t2m_degC"]
    # Nuuk's July mean (station, DMI) is below the index's 10 °C limit: still computed
    july = d["months"][6]
    assert july["t2m_degC"] <= 10.0
    for w in july["winds"]:
        assert w["applicable"] is True
        assert w["wind_chill_degC"] == pytest.approx(
            _wci_degC(july["t2m_degC"], w["wind_kmh"]), abs=0.051
        )
    # Narsarsuaq's July station mean, 11.2 °C, is outside the domain (air temperature
    # <= 10 °C): the table shows the air temperature and flags it, never a "feels like"
    bw = client.get("/api/sites/BGBW/cold", headers=h).json()["months"][6]
    assert bw["t2m_degC"] == 11.2
    assert [w["applicable"] for w in bw["winds"]] == [False, False, False]
    assert [w["wind_chill_degC"] for w in bw["winds"]] == [11.2, 11.2, 11.2]


def test_site_cold__reference_value_and_bad_wind(client: TestClient) -> None:
    # -20 °C and 30 km/h give -32.6 °C (Environment Canada wind chill chart)
    assert _wci_degC(-20.0, 30.0) == pytest.approx(-32.6, abs=0.05)
    h = login(client, BEL)
    r = client.get("/api/sites/BGGH/cold?wind_kmh=30&wind_kmh=500", headers=h)
    assert r.status_code == 422 and r.json()["field"] == "wind_kmh"
    one = client.get("/api/sites/BGGH/cold?wind_kmh=30", headers=h).json()
    assert one["wind_kmh"] == [30.0] and len(one["months"][0]["winds"]) == 1


def test_coverage__presence_option_with_fixed_bases(client: TestClient) -> None:
    h = login(client, BEL)
    q = "aircraft=AW101&response_h=2&k=3&fixed=BGTL&fixed=BGSF&fixed=BGGH"
    d = client.get(f"/api/coverage?{q}", headers=h).json()
    assert d["sites"] == ["BGTL", "BGSF", "BGGH"] and d["optimal"] is True
    assert d["radius_m"] > 0 and 0 < d["covered_demand"] <= d["total_demand"]
    assert {s["icao"] for s in d["site_details"]} == {"BGTL", "BGSF", "BGGH"}
    assert all("x_m" in s and "y_m" in s for s in d["site_details"])
    # the area covered is the one `arcticrecon coverage --format json` prints
    from arcticrecon.catalog import get_aircraft, load_catalog
    from arcticrecon.coverage import presence_options

    ref = presence_options(
        load_catalog(),
        get_aircraft("AW101"),
        2.0,
        3,
        fixed=["BGTL", "BGSF", "BGGH"],
        reoptimise_marginals=False,
    ).to_dict()["area"]
    assert d["area"] == ref
    assert 0 < d["area"]["greenland_covered_km2"] < d["area"]["circles_km2"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("aircraft=NOPE&response_h=2&k=1", 404),
        ("aircraft=AW101&response_h=0&k=1", 422),
        ("aircraft=AW101&response_h=2&k=0", 422),
        ("aircraft=AW101&response_h=2&k=1&fixed=BGXX", 404),
    ],
)
def test_coverage__bad_input(client: TestClient, query: str, code: int) -> None:
    h = login(client, BEL)
    r = client.get(f"/api/coverage?{query}", headers=h)
    assert r.status_code == code, r.text
