"""Releasability through the web API: no endpoint ever returns a record not released to
the caller's nation at or below their clearance.

The seeded records (see conftest) carry their marking in their text, so a leak is a
substring of a response body. Every GET route of the app is exercised as every user, with
path parameters filled with the ids of hidden and visible records.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from typing import Any

import pandas as pd
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from arcticrecon.store import MissionRepository, NewAttachment, ReportRepository
from arcticrecon.web.deps import policy
from arcticrecon.web.routes import routers
from arcticrecon.web.runs import RunStatus
from web._world import ADMIN, BEL, FRA, PNG_1PX, World, login

#: What each user must never see (texts, notes and values of the seeded records).
FORBIDDEN = {
    BEL: [
        "DNK-ONLY",
        "DNK-CONFIDENTIAL",
        "quay damaged",
        "secret berth",
        "ATT-DNK-ONLY",
        "RUN-DNK-CONF",
    ],
    FRA: [
        "DNK-BEL-RESTRICTED",
        "DNK-ONLY",
        "DNK-CONFIDENTIAL",
        "fuel low",
        "OVERRIDE-DNK-BEL",
        "ATT-DNK-ONLY",
        "RUN-DNK-CONF",
        "RUN-BEL-RESTRICTED",
    ],
    ADMIN: ["RUN-BEL-RESTRICTED"],
}
PUBLIC = {"/api/health", "/api/auth/login"}


def _hidden_extras(world: World) -> dict[str, str]:
    """A DNK-only attachment on the all-nations report, and two marked plan runs."""
    with world.store.write() as s:
        admin = MissionRepository(s).reader_for(ADMIN)
        repo = ReportRepository(s, admin)
        _, base = repo._current_revision(world.report_ids["ALL-UNCLAS"])
        new = repo._attachment_dicts(
            [
                NewAttachment(
                    "ATT-DNK-ONLY.png",
                    PNG_1PX + b"dnk",
                    "image/png",
                    level="UNCLASSIFIED",
                    rel_to=("DNK",),
                )
            ],
            repo._check_marking(None, None),
            admin.person_id or "",
        )
        rep = repo._derive(base, [base.id], attachments=[*base.attachments, *new])
    sha = next(a.sha256 for a in rep.attachments if a.filename.startswith("ATT-DNK-ONLY"))
    runs = world.app.state.arx.runs
    ids = {"attachment": sha}
    for tag, level, nation in (
        ("RUN-DNK-CONF", "CONFIDENTIAL", "DNK"),
        ("RUN-BEL-RESTRICTED", "RESTRICTED", "BEL"),
    ):
        df = pd.DataFrame(
            {
                "exercise": [tag],
                "kind": ["k"],
                "rank": [1],
                "icao": ["BGSF"],
                "site": ["s"],
                "window_start": ["2027-01-01"],
                "window_end": ["2027-01-31"],
                "score": [0.5],
                "feasible": [True],
                "explanation": [tag],
            }
        )
        run = runs.start(
            lambda _p, df=df: df,
            mission_name=tag,
            exercises=[tag],
            level=level,
            rel_to=(nation,),
            started_by=tag,
        )
        ids[tag] = run.id
    deadline = time.monotonic() + 60.0
    while any(
        runs.get(ids[t]).status is not RunStatus.DONE
        for t in ("RUN-DNK-CONF", "RUN-BEL-RESTRICTED")
    ):
        assert time.monotonic() < deadline, "fake plan runs did not finish"
        time.sleep(0.02)
    return ids


def _fill(path: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def _api_routes() -> list[APIRoute]:
    """Routes of the routers of ``arcticrecon.web.routes`` under /api."""
    return [
        r
        for router in routers()
        for r in router.routes
        if isinstance(r, APIRoute) and r.path.startswith("/api/")
    ]


def _get_routes(world: World) -> list[APIRoute]:
    return [r for r in _api_routes() if "GET" in (r.methods or ())]


def _uses_policy(route: APIRoute) -> bool:
    stack = list(route.dependant.dependencies)
    while stack:
        d = stack.pop()
        if d.call is policy:
            return True
        stack.extend(d.dependencies)
    return False


def test_every_api_route__goes_through_the_policy_dependency(world: World) -> None:
    routes = _api_routes()
    # the app serves no /api path outside these routers
    with TestClient(world.app) as c:
        paths = c.get("/openapi.json", headers=login(c, BEL)).json()["paths"]
        schema_paths = {p for p in paths if p.startswith("/api/")}
    assert schema_paths == {r.path for r in routes}
    missing = [r.path for r in routes if r.path not in PUBLIC and not _uses_policy(r)]
    assert routes and missing == []
    # ... and the public ones return no record
    assert {r.path for r in routes if not _uses_policy(r)} == PUBLIC


@pytest.mark.parametrize("user", [BEL, FRA, ADMIN])
def test_no_endpoint_leaks__every_get_route_every_hidden_id(world: World, user: str) -> None:
    extras = _hidden_extras(world)
    ids = world.report_ids
    report_ids = list(ids.values())
    run_ids = [extras["RUN-DNK-CONF"], extras["RUN-BEL-RESTRICTED"]]
    checked = 0
    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        h = login(c, user)
        for route in _get_routes(world):
            names = set(re.findall(r"\{(\w+)\}", route.path))
            options: dict[str, list[str]] = {
                "icao": ["BGSF", "BGGH"],
                "report_id": report_ids,
                "sha256": [extras["attachment"], world.photo_sha256],
                "run_id": run_ids,
                "what": ["sites", "findings", "ranking", "presence"],
                "fmt": ["geojson", "kml", "nvg"],
                "mmsi": ["370000401"],  # AIS vessel (no store in this world: 404)
                "layer": ["suitability", "civil_light_h"],  # grids (none served here: 404)
                "month": ["1", "7"],
            }
            combos = itertools.product(*(options[n] for n in sorted(names))) if names else [()]
            for combo in combos:
                path = _fill(route.path, dict(zip(sorted(names), combo, strict=True)))
                queries = [""]
                if route.path == "/api/opportunities":
                    queries = ["", *[f"?run_id={r}" for r in run_ids]]
                if route.path == "/api/coverage":
                    queries = ["?aircraft=AW101&response_h=2&k=1&fixed=BGSF"]
                if route.path.endswith("/light"):
                    queries = ["?start=2026-03-01&end=2026-03-02"]
                if route.path.startswith(("/api/map/layers/", "/api/export/")):
                    queries = ["", *[f"?run_id={r}" for r in run_ids]]
                if route.path == "/api/geo/inverse":
                    queries = ["?lat1=64.19&lon1=-51.68&lat2=76.53&lon2=-68.70"]
                if route.path == "/api/geo/coords":
                    queries = ["?lat=64.19&lon=-51.68", "?lat=89.5&lon=10"]
                for q in queries:
                    r = c.get(path + q, headers=h)
                    assert r.status_code < 500, (path + q, r.text)
                    body = r.content.decode("utf-8", "replace")
                    for bad in FORBIDDEN[user]:
                        assert bad not in body, (user, path + q, bad)
                    checked += 1
    assert checked > 30


@pytest.mark.parametrize(
    ("user", "key", "visible"),
    [
        (BEL, "ALL-UNCLAS", True),
        (BEL, "DNK-BEL-RESTRICTED", True),
        (BEL, "DNK-ONLY", False),
        (BEL, "DNK-CONFIDENTIAL", False),
        (FRA, "ALL-UNCLAS", True),
        (FRA, "DNK-BEL-RESTRICTED", False),
        (ADMIN, "DNK-ONLY", True),
        (ADMIN, "DNK-CONFIDENTIAL", True),
    ],
)
def test_get_survey__hidden_is_plain_404(world: World, user: str, key: str, visible: bool) -> None:
    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        h = login(c, user)
        rid = world.report_ids[key]
        r = c.get(f"/api/surveys/{rid}", headers=h)
        assert r.status_code == (200 if visible else 404)
        missing = c.get("/api/surveys/00000000-0000-0000-0000-000000000000", headers=h)
        if not visible:  # same status and same kind of answer as a report that does not exist
            assert missing.status_code == 404 and r.json()["error"] == missing.json()["error"]
        listed = {s["id"] for s in c.get("/api/surveys", headers=h).json()}
        assert (rid in listed) is visible


def test_surveys_list__exact_sets_per_nation(world: World) -> None:
    expect = {
        BEL: {"ALL-UNCLAS", "DNK-BEL-RESTRICTED"},
        FRA: {"ALL-UNCLAS"},
        ADMIN: {"ALL-UNCLAS", "DNK-BEL-RESTRICTED", "DNK-ONLY", "DNK-CONFIDENTIAL"},
    }
    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        for user, keys in expect.items():
            h = login(c, user)
            got = {s["id"] for s in c.get("/api/surveys", headers=h).json()}
            assert got == {world.report_ids[k] for k in keys}, user


def test_site_overrides__only_for_released_readers(world: World) -> None:
    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        bel = {s["icao"]: s for s in c.get("/api/sites", headers=login(c, BEL)).json()}
        fra = {s["icao"]: s for s in c.get("/api/sites", headers=login(c, FRA)).json()}
    assert bel["BGSF"]["longest_runway_m"] == 2500.0 and bel["BGSF"]["overrides"] == {
        "longest_runway_m": 2500.0
    }
    assert fra["BGSF"]["longest_runway_m"] == pytest.approx(2809.9, abs=0.1)
    assert fra["BGSF"]["overrides"] == {} and fra["BGSF"]["catalogue"] == {}
    assert (bel["BGSF"]["n_reports"], fra["BGSF"]["n_reports"], fra["BGGH"]["n_reports"]) == (
        2,
        1,
        0,
    )


def test_attachments__hidden_attachment_of_visible_report(world: World) -> None:
    extras = _hidden_extras(world)
    rid = world.report_ids["ALL-UNCLAS"]
    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        for user, visible in ((BEL, False), (FRA, False), (ADMIN, True)):
            h = login(c, user)
            rep = c.get(f"/api/surveys/{rid}", headers=h).json()
            names = [a["filename"] for a in rep["attachments"]]
            assert ("ATT-DNK-ONLY.png" in names) is visible, user
            r = c.get(f"/api/surveys/{rid}/attachments/{extras['attachment']}", headers=h)
            assert r.status_code == (200 if visible else 404), user
            assert (
                c.get(f"/api/surveys/{rid}/attachments/{world.photo_sha256}", headers=h).status_code
                == 200
            )


def test_attach__to_hidden_report_is_404(world: World) -> None:
    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        h = login(c, FRA)
        rid = world.report_ids["DNK-BEL-RESTRICTED"]
        r = c.post(
            f"/api/surveys/{rid}/attachments",
            files={"file": ("a.png", PNG_1PX, "image/png")},
            headers=h,
        )
        assert r.status_code == 404
        assert "DNK-BEL" not in r.text


def test_plan_runs__visible_by_marking(world: World) -> None:
    extras = _hidden_extras(world)
    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        seen: dict[str, set[str]] = {}
        for user in (BEL, FRA, ADMIN):
            h = login(c, user)
            seen[user] = {r["mission"] for r in c.get("/api/plan-runs", headers=h).json()}
            for tag in ("RUN-DNK-CONF", "RUN-BEL-RESTRICTED"):
                code = c.get(f"/api/plan-runs/{extras[tag]}", headers=h).status_code
                assert code == (200 if tag in seen[user] else 404)
    assert seen == {BEL: {"RUN-BEL-RESTRICTED"}, FRA: set(), ADMIN: {"RUN-DNK-CONF"}}


def test_opportunities__default_run_is_the_newest_visible(world: World) -> None:
    _hidden_extras(world)
    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        got: dict[str, Any] = {}
        for user in (BEL, ADMIN):
            body = c.get("/api/opportunities", headers=login(c, user)).json()
            got[user] = json.dumps(body)
        assert c.get("/api/opportunities", headers=login(c, FRA)).status_code == 404
    assert "RUN-BEL-RESTRICTED" in got[BEL] and "RUN-DNK-CONF" in got[ADMIN]
