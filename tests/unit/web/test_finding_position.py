"""A finding filed from the map keeps its clicked position (fresh-user tester's defect:
a click at 80°N 40°W was stored at NEEM Camp, 222 km away).

Distances to the catalogue are computed here with GeographicLib (independent of the
product's pyproj geodesic); the 5 km rule is the route's NEAR_SITE_M.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from geographiclib.geodesic import Geodesic

from arcticrecon.catalog import load_catalog
from web._world import BEL, FRA, login

ICE_SHEET = (80.0, -40.0)  # the tester's click: central Greenland ice sheet


def _nearest_km(lat: float, lon: float) -> tuple[str, float]:
    best = min(
        load_catalog(), key=lambda s: Geodesic.WGS84.Inverse(lat, lon, s.lat_deg, s.lon_deg)["s12"]
    )
    return best.icao, Geodesic.WGS84.Inverse(lat, lon, best.lat_deg, best.lon_deg)["s12"] / 1e3


def _feature(client: TestClient, h: dict[str, str], report_id: str) -> dict[str, Any] | None:
    gj = client.get("/api/map/layers/findings", headers=h).json()
    return next((f for f in gj["features"] if f["properties"]["report_id"] == report_id), None)


def test_finding__far_from_every_site_keeps_its_position_and_no_site(client: TestClient) -> None:
    icao, km = _nearest_km(*ICE_SHEET)
    assert km > 50, (icao, km)  # the click is far from every catalogue site
    h = login(client, FRA)
    body = {"kind": "training_area", "text": "ICE-SHEET-FINDING", "lat_deg": 80.0, "lon_deg": -40.0}
    r = client.post("/api/surveys", json=body, headers=h)
    assert r.status_code == 201, r.text
    rep = r.json()
    assert rep["site"].startswith("POS-") and rep["site"] != icao
    assert (rep["fields"]["lat_deg"], rep["fields"]["lon_deg"]) == ICE_SHEET
    stored = client.get(f"/api/surveys/{rep['id']}", headers=h).json()
    assert (stored["fields"]["lat_deg"], stored["fields"]["lon_deg"]) == ICE_SHEET
    f = _feature(client, h, rep["id"])
    assert f is not None and f["geometry"]["coordinates"] == [-40.0, 80.0]


def test_finding__within_5_km_of_a_site_belongs_to_it_at_its_own_position(
    client: TestClient,
) -> None:
    s = load_catalog().get("BGSF")
    p = Geodesic.WGS84.Direct(s.lat_deg, s.lon_deg, 60.0, 2_000.0)  # 2 km NE of Kangerlussuaq
    assert _nearest_km(p["lat2"], p["lon2"])[0] == "BGSF"
    h = login(client, BEL)
    body = {"kind": "airfield", "lat_deg": p["lat2"], "lon_deg": p["lon2"], "text": "NEAR"}
    rep = client.post("/api/surveys", json=body, headers=h).json()
    assert rep["site"] == "BGSF"
    f = _feature(client, h, rep["id"])
    assert f is not None
    lon, lat = f["geometry"]["coordinates"]
    assert (
        Geodesic.WGS84.Inverse(lat, lon, p["lat2"], p["lon2"])["s12"] < 0.1
    )  # GeoJSON rounds to 1e-7 deg
    # 6 km out it stands on its own
    q = Geodesic.WGS84.Direct(s.lat_deg, s.lon_deg, 60.0, 6_000.0)
    far = {"kind": "airfield", "lat_deg": q["lat2"], "lon_deg": q["lon2"]}
    assert client.post("/api/surveys", json=far, headers=h).json()["site"].startswith("POS-")


def test_finding__named_site_far_from_the_position_is_refused(client: TestClient) -> None:
    h = login(client, FRA)
    body = {"site": "GL-0001", "kind": "airfield", "lat_deg": 80.0, "lon_deg": -40.0}
    r = client.post("/api/surveys", json=body, headers=h)
    assert r.status_code == 422, r.text
    s = load_catalog().get("GL-0001")
    km = Geodesic.WGS84.Inverse(80.0, -40.0, s.lat_deg, s.lon_deg)["s12"] / 1e3
    assert f"site=GL-0001 is {km:.1f} km from the position" in r.json()["detail"]
    assert "ICE" not in client.get("/api/surveys", headers=h).text  # nothing stored


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ({"kind": "airfield", "lat_deg": 80.0}, "lon_deg"),
        ({"kind": "airfield", "lon_deg": -40.0}, "lat_deg"),
        ({"kind": "airfield"}, "site"),
        ({"kind": "airfield", "lat_deg": 91.0, "lon_deg": -40.0}, "lat_deg"),
    ],
)
def test_finding__half_or_no_position_is_refused(
    client: TestClient, body: dict[str, Any], word: str
) -> None:
    h = login(client, FRA)
    r = client.post("/api/surveys", json=body, headers=h)
    assert r.status_code == 422, r.text
    assert word in r.text


def test_finding__position_only_finding_keeps_its_marking(client: TestClient) -> None:
    # the same releasability as any finding: BEL's RESTRICTED REL TO DNK, BEL one is not FRA's
    bel, fra = login(client, BEL), login(client, FRA)
    body = {
        "kind": "training_area",
        "text": "POS-BEL-ONLY",
        "lat_deg": 80.0,
        "lon_deg": -40.0,
        "level": "RESTRICTED",
        "rel_to": ["DNK", "BEL"],
    }
    rep = client.post("/api/surveys", json=body, headers=bel).json()
    assert rep["marking"] == "RESTRICTED REL TO DNK, BEL"
    assert _feature(client, bel, rep["id"]) is not None
    assert _feature(client, fra, rep["id"]) is None
    assert "POS-BEL-ONLY" not in client.get("/api/map/layers/findings", headers=fra).text
    assert client.get(f"/api/surveys/{rep['id']}", headers=fra).status_code == 404
