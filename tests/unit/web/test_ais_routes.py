"""AIS routes: tracks, events, vessel details and zones from a store of the SYNTHETIC sample."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from arcticrecon.sources.embedded import data_path
from web._world import BEL, World, login


@pytest.fixture(scope="module")
def ais_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from arcticrecon.maritime.store import AisStore

    root = tmp_path_factory.mktemp("ais") / "store"
    AisStore(root).ingest_file(data_path("ais_synthetic_greenland.nmea.gz"))
    return root


def test_ais_routes__tracks_events_vessel_zones(
    world: World, ais_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARCTICRECON_AIS_STORE", str(ais_store))
    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        auth = login(c, BEL)
        r = c.get("/api/ais/tracks", params={"zoom": 5}, headers=auth)
        assert r.status_code == 200, r.text
        tr = r.json()
        assert tr["type"] == "FeatureCollection" and tr["synthetic"] is True
        assert tr["layer"]["id"] == "ais-tracks" and tr["marking"]["banner"] == "UNCLASSIFIED"
        assert len(tr["features"]) == 8
        lon, lat = tr["features"][0]["geometry"]["coordinates"][0][:2]
        assert -180 <= lon <= 180 and 50 <= lat <= 90  # RFC 7946 order: lon, lat
        # the window and the box filter
        r = c.get(
            "/api/ais/tracks",
            params={
                "start": "2026-01-20T00:00:00Z",
                "end": "2026-01-20T12:00:00Z",
                "bbox": "-60,60,-45,67",
            },
            headers=auth,
        )
        names = {f["properties"]["name"] for f in r.json()["features"]}
        assert "SYNTH COASTER" in names and "SYNTH CARGO" not in names
        r = c.get("/api/ais/events", params={"kind": ["gap", "encounter"]}, headers=auth)
        ev = r.json()
        assert {f["properties"]["kind"] for f in ev["features"]} == {"gap", "encounter"}
        assert ev["parameters"]["disabling_min_h"] == 12.0
        r = c.get("/api/ais/vessels/370000401", headers=auth)
        v = r.json()
        assert v["flag"] == "PAN" and v["name"] == "SYNTH CARGO"
        assert [e["kind"] for e in v["events"] if e["kind"] == "gap"] == ["gap"]
        assert c.get("/api/ais/vessels/123456789", headers=auth).status_code == 404
        z = c.get("/api/ais/zones", headers=auth).json()
        assert {f["id"] for f in z["features"]} == {"12nm", "200nm"}
        assert "approximate" in z["layer"]["caveat"]
        assert c.get("/api/ais/events", params={"kind": "fishing"}, headers=auth).status_code in (
            400,
            422,
        )
    with TestClient(world.app, base_url="http://127.0.0.1") as anonymous:
        assert anonymous.get("/api/ais/tracks").status_code == 401


def test_ais_routes__read_the_settings_store_not_only_the_environment(
    world: World, ais_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `serve --ais-store DIR` sets WebSettings.ais_store_dir; the environment names none
    import dataclasses

    from arcticrecon.web import create_app

    monkeypatch.delenv("ARCTICRECON_AIS_STORE", raising=False)
    monkeypatch.setenv("ARCTICRECON_HOME", str(tmp_path / "empty-home"))
    settings = dataclasses.replace(world.app.state.arx.settings, ais_store_dir=ais_store)
    app = create_app(settings, store=world.store)
    try:
        with TestClient(app, base_url="http://127.0.0.1") as c:
            auth = login(c, BEL)
            r = c.get("/api/ais/vessels/370000401", headers=auth)
            assert r.status_code == 200, r.text
            assert r.json()["name"] == "SYNTH CARGO"
        with TestClient(world.app, base_url="http://127.0.0.1") as c:  # no store configured
            auth = login(c, BEL)
            assert c.get("/api/ais/vessels/370000401", headers=auth).status_code == 404
    finally:
        app.state.arx.runs.shutdown()


def test_settings__ais_store_from_the_environment(tmp_path: Path) -> None:
    from arcticrecon.web import WebSettings

    s = WebSettings.from_env({"ARCTICRECON_AIS_STORE": str(tmp_path / "ais")})
    assert s.ais_store_dir == tmp_path / "ais"
    s = WebSettings.from_env({"ARCTICRECON_AIS_STORE": "/x"}, ais_store_dir=tmp_path)
    assert s.ais_store_dir == tmp_path  # the option wins over the environment
