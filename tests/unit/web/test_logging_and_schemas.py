"""The web app logs failed logins and internal errors (with tracebacks); every JSON route
declares a response model."""

from __future__ import annotations

import logging
import time

import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from arcticrecon.web.routes import routers
from web._world import BEL, PASSWORD, World, login

#: Routes that answer with no JSON body (binary download, HTML/PDF sheet, 204).
NO_JSON_BODY = {
    ("GET", "/api/surveys/{report_id}/attachments/{sha256}"),
    ("GET", "/api/surveys/{report_id}/sheet"),
    ("POST", "/api/auth/logout"),
    ("GET", "/api/export/{what}.{fmt}"),
    ("GET", "/api/grids/{layer}/{month}.png"),
}


def test_every_json_api_route__declares_a_response_model() -> None:
    routes = [
        (m, r)
        for router in routers()
        for r in router.routes
        if isinstance(r, APIRoute) and r.path.startswith("/api/")
        for m in r.methods or ()
    ]
    assert len(routes) >= 20
    missing = [
        f"{m} {r.path}"
        for m, r in routes
        if (m, r.path) not in NO_JSON_BODY and r.response_model is None
    ]
    assert missing == []


def test_failed_login__is_logged_without_the_password(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="arcticrecon.web"):
        r = client.post("/api/auth/login", json={"username": BEL, "password": "not-it-at-all"})
    assert r.status_code == 401
    recs = [x for x in caplog.records if x.name == "arcticrecon.web.routes.auth"]
    assert len(recs) == 1 and recs[0].levelno == logging.WARNING
    msg = recs[0].getMessage()
    assert "failed login" in msg and BEL in msg and "wrong password" in msg
    assert "not-it-at-all" not in caplog.text


def test_internal_error__logged_with_traceback_and_500_without_internals(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    boom = APIRouter()

    @boom.get("/api/_boom")
    def _boom() -> dict[str, str]:
        raise ZeroDivisionError("secret internals")

    world.app.include_router(boom)
    with (
        TestClient(world.app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c,
        caplog.at_level(logging.ERROR, logger="arcticrecon.web"),
    ):
        r = c.get("/api/_boom")
    assert r.status_code == 500
    assert r.json()["error"] == "InternalError" and "secret" not in r.text
    rec = next(x for x in caplog.records if x.name == "arcticrecon.web.app")
    assert "GET /api/_boom" in rec.getMessage()
    assert rec.exc_info is not None and rec.exc_info[0] is ZeroDivisionError


def test_plan_run_bug__logged_with_traceback_run_says_internal_error(
    world: World, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    def job(_progress: object) -> object:
        empty: dict[str, object] = {}
        return empty["missing"]  # a bug: KeyError

    runs = world.app.state.arx.runs
    with caplog.at_level(logging.ERROR, logger="arcticrecon.web"):
        run = runs.start(
            job,
            mission_name="m",
            exercises=["e"],
            level="RESTRICTED",
            rel_to=("BEL",),
            started_by=BEL,
        )
        deadline = time.monotonic() + 30
        while runs.get(run.id).status.value not in ("done", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.01)
    h = login(client, BEL, PASSWORD)
    body = client.get(f"/api/plan-runs/{run.id}", headers=h).json()
    assert body["status"] == "failed"
    assert body["error"].startswith("internal error (KeyError") and run.id in body["error"]
    rec = next(x for x in caplog.records if x.name == "arcticrecon.web.runs")
    assert rec.exc_info is not None and rec.exc_info[0] is KeyError
