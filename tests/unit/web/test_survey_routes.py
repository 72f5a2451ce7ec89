"""Structured field surveys on the web: forms, filing through the policy, sheet, map layer."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from web._world import ADMIN, BEL, FRA, login

RIDGE_HLZ: dict[str, Any] = {
    "form": "hlz",
    "name": "Ridge HLZ",
    "team": "Team North",
    "position": "67°03'N 50°36'W",
    "observed_at_utc": "2026-02-03T14:00:00Z",
    "touchdown_diameter_m": 110,
    "ground_slope_deg": 9,
    "surface": "gravel",
}


def _file(client: TestClient, h: dict[str, str], form: dict[str, Any], **marking: Any) -> Any:
    return client.post("/api/surveys/forms", json={"form": form, **marking}, headers=h)


def test_survey_forms__every_form_with_its_json_schema(client: TestClient) -> None:
    h = login(client, FRA)
    forms = client.get("/api/survey-forms", headers=h).json()["forms"]
    assert [f["form"] for f in forms] == ["lz", "ice", "dz", "hlz", "port"]
    hlz = next(f for f in forms if f["form"] == "hlz")
    assert hlz["schema_version"] == 1 and hlz["title"] == "Helicopter landing zone survey"
    slope = hlz["schema"]["properties"]["ground_slope_deg"]
    assert (slope["minimum"], slope["exclusiveMaximum"]) == (0.0, 90.0)
    assert "ground_slope_deg" in hlz["schema"]["required"]


def test_structured_survey__filed_marked_and_shown_only_to_its_readers(
    client: TestClient,
) -> None:
    bel, fra, dnk = login(client, BEL), login(client, FRA), login(client, ADMIN)
    r = _file(client, bel, RIDGE_HLZ, level="RESTRICTED", rel_to=["BEL"])
    assert r.status_code == 201, r.text
    rep = r.json()
    rid = rep["id"]
    assert (rep["kind"], rep["form"], rep["level"], rep["rel_to"]) == (
        "hlz_survey",
        "hlz",
        "RESTRICTED",
        ["BEL"],
    )
    assert rep["site"] == "SVY-" + rid.replace("-", "")[:8].upper()
    # 67°03'N 50°36'W read as the CLI reads it: 67 + 3/60, -(50 + 36/60)
    assert (rep["fields"]["position"]["lat_deg"], rep["fields"]["position"]["lon_deg"]) == (
        67.05,
        -50.6,
    )
    # the sheet: marked, with the verdicts (9°: AW101 restricted, FM 3-21.38 slope bands)
    sheet = client.get(f"/api/surveys/{rid}/sheet", headers=bel)
    assert sheet.status_code == 200 and sheet.headers["content-type"].startswith("text/html")
    assert "RESTRICTED REL TO BEL" in sheet.text and "slope 9°: AW101 restricted" in sheet.text
    # the map layer: one point for BEL, coloured by its best verdict (restricted)
    layer = client.get("/api/map/surveys", headers=bel).json()
    (feat,) = [f for f in layer["features"] if f["geometry"]["type"] == "Point"]
    props = feat["properties"]
    assert props["report_id"] == rid and props["best_verdict"] == "restricted"
    assert "AW101" in props["verdict_restricted"] and "Bell 212" in props["verdict_unsuitable"]
    assert props["provenance"] == "surveyed by Team North on 2026-02-03"
    assert feat["geometry"]["coordinates"] == [-50.6, 67.05]
    assert layer["marking"]["banner"] == "RESTRICTED REL TO BEL"
    # FRA (outside REL TO) and a DNK reader: nothing, exactly as for a missing survey
    for h in (fra, dnk):
        assert client.get(f"/api/surveys/{rid}", headers=h).status_code == 404
        assert client.get(f"/api/surveys/{rid}/sheet", headers=h).status_code == 404
        assert client.get("/api/map/surveys", headers=h).json()["features"] == []
        assert rid not in client.get("/api/surveys", headers=h).text


def test_structured_survey__bad_form_names_the_field_and_stores_nothing(
    client: TestClient,
) -> None:
    h = login(client, BEL)
    before = len(client.get("/api/surveys", headers=h).json())
    cases = [
        ({**RIDGE_HLZ, "ground_slope_deg": 120}, "ground_slope_deg", "hlz survey: ground_slope_deg"),
        ({**RIDGE_HLZ, "touchdown_diameter_m": -5}, "touchdown_diameter_m", "greater than 0"),
        ({**RIDGE_HLZ, "position": "north of the lake"}, "position", "hlz survey: position"),
        (
            # a bow tie: corners 1-2-3-4 of a square taken as 1-3-2-4
            {**RIDGE_HLZ, "corners": ["67.0500, -50.6010", "67.0509, -50.5990",
                                      "67.0509, -50.6010", "67.0500, -50.5990"]},
            "corners",
            "crosses itself",
        ),
        ({**RIDGE_HLZ, "slope": 3}, "slope", "unknown field 'slope'"),
    ]  # fmt: skip
    for form, field, text in cases:
        r = _file(client, h, form)
        assert r.status_code == 422, (form, r.text)
        body = r.json()
        assert body["field"] == field and text in body["detail"], body
        assert "\n" not in body["detail"]
    assert len(client.get("/api/surveys", headers=h).json()) == before


def test_structured_survey__sheet_of_a_free_report_is_404(client: TestClient, world) -> None:
    h = login(client, BEL)
    rid = world.report_ids["ALL-UNCLAS"]
    r = client.get(f"/api/surveys/{rid}/sheet", headers=h)
    assert r.status_code == 404 and "not a structured survey" in r.json()["detail"]


def test_survey_page__needs_a_login_and_the_layer_is_registered(client: TestClient) -> None:
    r = client.get("/surveys/new", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    h = login(client, BEL)
    layers = {d["id"]: d for d in client.get("/api/map/layers", headers=h).json()}
    assert layers["surveys"]["available"] and layers["surveys"]["url"] == "/api/map/surveys"
    page = client.get("/surveys/new")  # the client holds the session cookie
    assert page.status_code == 200 and 'id="survey-form"' in page.text
