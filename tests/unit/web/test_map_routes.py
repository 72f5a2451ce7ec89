"""Map routes: layer registry, layers in the agreed shape and only what the caller may read,
geodesic measure (GeographicLib), coordinates (DD, DMS, MGRS), downloads per reader."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from geographiclib.geodesic import Geodesic

from web._world import (
    ADMIN,
    BEL,
    FRA,
    PNG_1PX,
    SEA_LIFT,
    SMALL_MISSION,
    World,
    login,
    small_catalog,
    wait_run,
)

LAYERS = ("coastline", "graticule", "sites", "presence", "findings")


def test_layer_registry__own_layers_available_slots_for_others(client: TestClient) -> None:
    h = login(client, BEL)
    reg = {d["id"]: d for d in client.get("/api/map/layers", headers=h).json()}
    for lid in (*LAYERS, "ranking", "flight-legs", "sea-routes", "deployment"):
        assert reg[lid]["available"] is True and reg[lid]["kind"] == "vector", reg[lid]
    # slots for H13 (AIS), H14 (grids), H16 (surveys): listed, not mounted on this app
    for lid in ("ais-tracks", "ais-events", "grids", "surveys"):
        assert lid in reg and set(reg[lid]) >= {"id", "title", "kind", "url", "group", "note"}
    # the grid images (issue 14): an image layer of the chosen exercise and month
    assert reg["grids"]["kind"] == "image" and reg["grids"]["available"] is True
    assert reg["grids"]["url"] == "/api/grids?exercise={exercise}&month={month}"


#: The registry entry and the image answer other packages build on (web/maplayers.py):
#: a field removed or renamed here breaks their layers.
ENTRY = {"id", "title", "kind", "url", "group", "path", "note", "visible", "available"}
IMAGE = {"id", "title", "url", "extent_3413_m", "opacity", "units"}


def test_layer_registry__the_documented_shape_is_stable(client: TestClient) -> None:
    from arcticrecon.web.schemas import ImageLayerCollection, MapImage

    reg = client.get("/api/map/layers", headers=login(client, BEL)).json()
    ids = [d["id"] for d in reg]
    assert len(ids) == len(set(ids))
    for d in reg:
        assert set(d) == ENTRY, d["id"]
        assert d["kind"] in ("vector", "image") and d["url"].split("?")[0] == d["path"], d["id"]
        assert d["url"].startswith("/api/"), d["id"]  # same origin: the page is offline
    assert set(MapImage.model_fields) == IMAGE
    assert set(ImageLayerCollection.model_fields) == {"marking", "layer", "images"}
    img = MapImage.model_json_schema()
    assert set(img["required"]) == {"id", "title", "url", "extent_3413_m"}


@pytest.mark.parametrize("lid", LAYERS)
def test_layer__rfc7946_collection_with_marking_and_layer_members(
    client: TestClient, lid: str
) -> None:
    h = login(client, BEL)
    r = client.get(f"/api/map/layers/{lid}", headers=h)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    gj = r.json()
    assert gj["type"] == "FeatureCollection" and gj["layer"]["id"] == lid
    assert set(gj["marking"]) == {"level", "rel_to", "banner"}
    for f in gj["features"]:
        for x, y in _coords(f["geometry"]):
            assert -180.0 <= x <= 180.0 and -90.0 <= y <= 90.0


def _coords(g: dict) -> list[tuple[float, float]]:
    def walk(c: object) -> list[tuple[float, float]]:
        if isinstance(c, list) and c and isinstance(c[0], int | float):
            return [(float(c[0]), float(c[1]))]
        return [p for sub in c for p in walk(sub)] if isinstance(c, list) else []

    return walk(g["coordinates"])


def test_sites_layer__symbols_and_the_readers_overrides(client: TestClient) -> None:
    gj = client.get("/api/map/layers/sites", headers=login(client, BEL)).json()
    by = {f["id"]: f["properties"] for f in gj["features"]}
    assert len(by) == 91
    assert by["BGSF"]["symbol"] == "SFGPIBA---H****"  # airport/air base installation
    assert by["BGSF"]["override_longest_runway_m"] == 2500.0  # RESTRICTED REL TO DNK, BEL
    assert gj["marking"]["banner"] == "RESTRICTED REL TO BEL, DNK"
    client.cookies.clear()
    gj = client.get("/api/map/layers/sites", headers=login(client, FRA)).json()
    assert "override_longest_runway_m" not in json.dumps(gj)
    assert gj["marking"]["banner"] == "UNCLASSIFIED"


@pytest.mark.parametrize(
    ("user", "seen"),
    [
        (ADMIN, {"ALL-UNCLAS", "DNK-BEL-RESTRICTED", "DNK-ONLY", "DNK-CONFIDENTIAL"}),
        (BEL, {"ALL-UNCLAS", "DNK-BEL-RESTRICTED"}),
        (FRA, {"ALL-UNCLAS"}),
    ],
)
def test_findings_layer__only_what_the_reader_may_read(
    client: TestClient, world: World, user: str, seen: set[str]
) -> None:
    text = client.get("/api/map/layers/findings", headers=login(client, user)).text
    tokens = {"ALL-UNCLAS", "DNK-BEL-RESTRICTED", "DNK-ONLY", "DNK-CONFIDENTIAL"}
    assert {t for t in tokens if t in text} == seen


@pytest.mark.parametrize("user", [ADMIN, BEL, FRA])
def test_findings_layer__same_features_and_marking_as_the_geojson_download(
    client: TestClient, world: World, user: str
) -> None:
    """The layer (plain rows) against the download (ORM reports -> export document)."""
    from arcticrecon.store import MissionRepository, NewAttachment, ReportRepository

    with world.store.write() as s:  # own position, a list field, a DNK-only photo
        admin = MissionRepository(s).reader_for(ADMIN)
        ReportRepository(s, admin).add(
            site="BGSF",
            kind="training_area",
            text="POSITIONED ice camp",
            level="UNCLASSIFIED",
            rel_to=["DNK", "BEL", "FRA"],
            fields={"lat_deg": 71.25, "lon_deg": -38.5, "hazards": ["crevasses", "whiteout"]},
            attachments=[
                NewAttachment("a.png", PNG_1PX, "image/png"),
                NewAttachment("b.png", PNG_1PX + b"x", "image/png", rel_to=("DNK",)),
            ],
        )
    h = login(client, user)
    layer = client.get("/api/map/layers/findings", headers=h).json()
    download = client.get("/api/export/findings.geojson", headers=h).json()
    assert layer["features"] == download["features"]
    assert layer["marking"] == download["marking"]
    assert layer["metadata"]["marking"] == download["metadata"]["marking"]
    camp = next(f for f in layer["features"] if "POSITIONED" in f["properties"]["description"])
    assert camp["geometry"]["coordinates"] == [-38.5, 71.25]
    assert camp["properties"]["field_hazards"] == "crevasses, whiteout"
    assert camp["properties"]["n_attachments"] == (2 if user == ADMIN else 1)


def test_presence_layer__circles_of_the_mission_studies(client: TestClient) -> None:
    gj = client.get("/api/map/layers/presence", headers=login(client, FRA)).json()
    circles = [f for f in gj["features"] if "circle_radius_m" in f["properties"]]
    assert circles and all(
        f["properties"]["symbol"] if "symbol" in f["properties"] else True for f in gj["features"]
    )
    # SAR study of the example mission: AW101 within 2 h -> radius = cruise speed x 2 h
    radii = {f["properties"]["radius_km"] for f in circles}
    assert 555.6 in radii  # 150 kt x 2 h = 300 NM = 555.6 km


def test_geo_inverse__matches_geographiclib(client: TestClient) -> None:
    h = login(client, FRA)
    # Nuuk (BGGH) to Pituffik (BGTL), OurAirports positions
    q = "lat1=64.190922&lon1=-51.678064&lat2=76.531203&lon2=-68.703161"
    r = client.get(f"/api/geo/inverse?{q}", headers=h).json()
    ref = Geodesic.WGS84.Inverse(64.190922, -51.678064, 76.531203, -68.703161)
    assert r["distance_m"] == pytest.approx(ref["s12"], abs=0.1)
    assert r["initial_course_deg"] == pytest.approx(ref["azi1"] % 360.0, abs=0.01)
    assert r["distance_nm"] == pytest.approx(ref["s12"] / 1852.0, abs=0.001)


def test_geo_coords__dms_and_mgrs(client: TestClient) -> None:
    h = login(client, FRA)
    r = client.get("/api/geo/coords?lat=64.190922&lon=-51.678064", headers=h).json()
    # 64.190922° = 64° 11' 27.3"; 51.678064° = 51° 40' 41.0"
    assert r["dms"] == "64°11'27.3\"N 51°40'41.0\"W"
    assert r["mgrs"].replace(" ", "").startswith("22W")  # UTM zone 22, band W (64-72°N)
    assert r["ups"] is None
    # north of 84°N: the UPS part of MGRS (zone Y west of 0°) and UPS E/N, both as NGA's
    # GEOTRANS (mgrs package) and Snyder's polar stereographic give them (reference tests)
    r = client.get("/api/geo/coords?lat=85&lon=-30", headers=h).json()
    assert r["mgrs"] == "YXC22271895"
    assert r["ups"] == "Y 1722271mE 1518959mN"
    assert client.get("/api/geo/coords?lat=95&lon=0", headers=h).status_code == 422


def test_site_aircraft__verdicts(client: TestClient) -> None:
    rows = client.get("/api/sites/BGTL/aircraft", headers=login(client, FRA)).json()
    by = {r["aircraft"]: r for r in rows}
    assert by["C-17"]["ok"] is True  # Pituffik: 3,048 m paved runway


@pytest.mark.parametrize("fmt", ["nvg", "kml", "gpkg", "geojson"])
def test_export_download__per_reader_and_marked(client: TestClient, fmt: str) -> None:
    r = client.get(f"/api/export/findings.{fmt}", headers=login(client, BEL))
    assert r.status_code == 200
    assert r.headers["x-marking"] == "RESTRICTED REL TO BEL, DNK"
    assert b"DNK-ONLY" not in r.content and b"DNK-CONFIDENTIAL" not in r.content
    if fmt != "gpkg":
        assert b"DNK-BEL-RESTRICTED" in r.content


def test_layers_need_a_login(client: TestClient) -> None:
    for lid in LAYERS:
        assert client.get(f"/api/map/layers/{lid}").status_code == 401
    assert client.get("/api/map/layers").status_code == 401


# ---------------------------------------------------------------------------------------
# the layers of a plan run: sea routes and deployment (and their downloads)
# ---------------------------------------------------------------------------------------

#: The small mission with a Danish sea lift (vehicles from Aalborg) and an airlift.
SEA_MISSION = SMALL_MISSION + SEA_LIFT
#: UN/LOCODE DKAAL (Aalborg): 57°03'N 9°55'E.
AALBORG = (57.05, 9.9167)


def test_run_layers__sea_routes_and_deployment_for_who_may_read_the_run(
    world: World, client: TestClient
) -> None:
    small_catalog(world)
    h = login(client, BEL)
    r = client.post("/api/plan-runs", json={"mission_toml": SEA_MISSION}, headers=h)
    run = wait_run(client, h, r.json()["id"])
    assert run["status"] == "done", run["error"]
    q = f"run_id={run['id']}&exercise=Winter%20test"
    sea = client.get(f"/api/map/layers/sea-routes?{q}", headers=h).json()
    dep = client.get(f"/api/map/layers/deployment?{q}", headers=h).json()
    (line,) = sea["features"]
    lon0, lat0 = line["geometry"]["coordinates"][0]
    assert Geodesic.WGS84.Inverse(AALBORG[0], AALBORG[1], lat0, lon0)["s12"] < 2000.0
    assert line["properties"]["nation"] == "DNK" and "6 vehicles" in line["properties"]["detail"]
    best = client.get(f"/api/opportunities?{q}&feasible_only=true&limit=1", headers=h).json()
    (dest,) = [f for f in dep["features"] if f["properties"].get("text")]
    assert dest["properties"]["icao"] == best["items"][0]["icao"]
    assert "DNK air" in dest["properties"]["activities"]
    assert "DNK sea" in dest["properties"]["activities"]
    # marked like the run (it used BEL's RESTRICTED REL TO DNK, BEL runway override)
    for gj in (sea, dep):
        assert gj["marking"]["banner"] == "RESTRICTED REL TO BEL, DNK"
    for what, fmt in (("routes", "geojson"), ("deployment", "nvg"), ("deployment", "kml")):
        d = client.get(f"/api/export/{what}.{fmt}?{q}", headers=h)
        assert d.status_code == 200 and d.headers["x-marking"] == "RESTRICTED REL TO BEL, DNK"
        assert b"sea lift" in d.content
    # FRA may not read BEL's run: neither its layers nor its downloads
    client.cookies.clear()
    hf = login(client, FRA)
    assert client.get(f"/api/map/layers/sea-routes?{q}", headers=hf).status_code == 404
    assert client.get(f"/api/export/deployment.nvg?{q}", headers=hf).status_code == 404
    empty = client.get("/api/map/layers/deployment", headers=hf).json()
    assert empty["features"] == [] and empty["layer"]["caveat"] == "no finished plan run yet"


def test_sites_layer__sent_text_is_the_layer_document_for_each_reader(
    world: World, client: TestClient
) -> None:
    """The route splices memoised feature text; it must parse to the layer's own dict."""
    from arcticrecon.web import maplayers
    from arcticrecon.web.policy import PolicyView
    from arcticrecon.web.security import SessionClaims
    from arcticrecon.web.users import user_by_name

    small_catalog(world)
    st = world.app.state.arx

    def check(user: str, run_id: str | None) -> dict[str, Any]:
        q = f"?run_id={run_id}&exercise=Winter%20test" if run_id else ""
        sent = client.get(f"/api/map/layers/sites{q}", headers=login(client, user)).json()
        client.cookies.clear()
        with world.store.read() as s:
            u = user_by_name(s, user)
        assert u is not None
        view = PolicyView(st, u, SessionClaims(u.id, "test", "test"))
        run = st.runs.get(run_id) if run_id else None
        ex = "Winter test" if run_id else None
        ref = maplayers.sites_geojson(st, view, run=run, exercise=ex)
        for d in (sent, ref):
            d["metadata"].pop("generated_utc")
        assert sent == ref
        return sent

    for user in (ADMIN, BEL, FRA):  # no run yet: coloured by kind, BEL's override shown
        gj = check(user, None)
        n = {f["id"]: f["properties"]["n_reports"] for f in gj["features"]}
        assert n["BGSF"] == {ADMIN: 2, BEL: 2, FRA: 1}[user]
    h = login(client, BEL)
    r = client.post("/api/plan-runs", json={"mission_toml": SMALL_MISSION}, headers=h)
    run = wait_run(client, h, r.json()["id"])
    client.cookies.clear()
    assert run["status"] == "done", run["error"]
    for user in (ADMIN, BEL):
        gj = check(user, run["id"])
        assert gj["marking"]["banner"] == "RESTRICTED REL TO BEL, DNK"


def test_run_layers__a_run_without_a_plan_says_so(world: World, client: TestClient) -> None:
    from arcticrecon.report.tables import opportunities_frame

    small_catalog(world)
    h = login(client, BEL)
    r = client.post("/api/plan-runs", json={"mission_toml": SMALL_MISSION}, headers=h)
    done = wait_run(client, h, r.json()["id"])
    assert done["status"] == "done"
    run = world.app.state.arx.runs.get(done["id"])
    frame = run.opportunities
    assert frame.equals(opportunities_frame(run.plan))
    run.plan = None  # a job that returned only the table
    gj = client.get(f"/api/map/layers/sea-routes?run_id={run.id}", headers=h).json()
    assert gj["features"] == [] and "kept no plan" in gj["layer"]["caveat"]
    d = client.get(f"/api/export/routes.kml?run_id={run.id}", headers=h)
    assert d.status_code == 404 and "kept no plan" in d.text
