"""Reference values through the web API (public cases AR-07, AR-13, AR-22)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from arcticrecon.store import MissionRepository, open_store
from arcticrecon.web import WebSettings, create_app
from arcticrecon.web.mapdata import project_m
from arcticrecon.web.users import add_user, create_web_tables

PASSWORD = "reference password"


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    """An app on a fresh store with one DNK user, logged in by bearer token."""
    store = open_store(tmp_path / "ref.sqlite")
    create_web_tables(store.engine)
    with store.write() as s:
        MissionRepository(s).init_mission(name="Reference", lead_nation="DNK")
        add_user(s, username="ref", password=PASSWORD, nation="DNK", clearance="UNCLASSIFIED")
    app = create_app(WebSettings(secret_key="r" * 40), store=store)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        tok = c.post("/api/auth/login", json={"username": "ref", "password": PASSWORD})
        c.headers["Authorization"] = "Bearer " + tok.json()["token"]
        yield c
    app.state.arx.runs.shutdown()
    store.close()


@pytest.mark.parametrize(
    ("lon_deg", "lat_deg", "x_m", "y_m"),
    [
        (-45.0, 71.0, 0.0, -2_076_527.85),
        (-51.6941, 64.1814, -331_433.96, -2_823_872.35),
        (0.0, 90.0, 0.0, 0.0),
    ],
)
def test_project_m__ar13_epsg3413(lon_deg: float, lat_deg: float, x_m: float, y_m: float) -> None:
    # Public case AR-13 (NSIDC polar stereographic north, EPSG:3413; tolerance 1 m). The map
    # rounds to 100 m, so the tolerance here is half that step: 50 m. Keywords make the
    # latitude/longitude order explicit (the case's swapped-axis trap).
    x, y = project_m(lat_deg=lat_deg, lon_deg=lon_deg)
    assert float(x[0]) == pytest.approx(x_m, abs=50.0)
    assert float(y[0]) == pytest.approx(y_m, abs=50.0)


def test_site_light__ar07_qaanaaq_last_sunrise_then_polar_night(client: TestClient) -> None:
    # Public case AR-07 (Qaanaaq town 77.467 N 69.2285 W, America/Thule): 2025-10-24 sunrise
    # 11:30:26-03:00 (14:30:26Z), sunset 15:09:32-03:00, day 03:39:06, tolerance 180 s;
    # first polar-night day 2025-10-29 +- 1 day. BGQQ (the airport) lies 2.6 km from the
    # town point, which moves these times by well under a minute per event here.
    d = client.get("/api/sites/BGQQ/light?start=2025-10-24&end=2025-10-31").json()
    assert d["tz"] == "America/Thule"
    day = d["days"][0]
    (iv,) = day["daylight"]["intervals"]
    sunrise = dt.datetime.fromisoformat(iv["start_utc"].replace("Z", "+00:00"))
    sunset = dt.datetime.fromisoformat(iv["end_utc"].replace("Z", "+00:00"))
    assert (
        abs((sunrise - dt.datetime(2025, 10, 24, 14, 30, 26, tzinfo=dt.UTC)).total_seconds()) <= 180
    )
    assert (
        abs((sunset - dt.datetime(2025, 10, 24, 18, 9, 32, tzinfo=dt.UTC)).total_seconds()) <= 180
    )
    local = sunrise.astimezone(dt.timezone(dt.timedelta(hours=-3)))
    assert iv["start_local"] == local.isoformat(timespec="seconds")
    assert iv["end_date"] == "2025-10-24"
    # day length = sunrise to the sunset that closes it (AR-07: 03:39:06)
    assert day["day_length_h"] * 3600 == pytest.approx(3 * 3600 + 39 * 60 + 6, abs=180)
    first_polar = next(x["date"] for x in d["days"] if x["daylight"]["state"] == "polar_night")
    assert abs((dt.date.fromisoformat(first_polar) - dt.date(2025, 10, 29)).days) <= 1
    polar = next(x for x in d["days"] if x["date"] == first_polar)
    assert polar["daylight"]["intervals"] == [] and polar["day_length_h"] is None
    assert polar["daylight"]["text"] == "polar night"


def test_site_cold__ar22_outside_domain_reports_air_temperature(client: TestClient) -> None:
    # Public case AR-22: below 4.8 km/h (here 3 km/h) or above 10 °C the index is not
    # defined: report the air temperature and flag it, never a warmer "feels like".
    d = client.get("/api/sites/BGGH/cold?wind_kmh=3&wind_kmh=20").json()
    for m in d["months"]:
        calm, breeze = m["winds"]
        assert calm["applicable"] is False
        assert calm["wind_chill_degC"] == pytest.approx(m["t2m_degC"], abs=0.051)
        assert breeze["wind_chill_degC"] <= m["t2m_degC"] + 0.051
        assert breeze["applicable"] is (m["t2m_degC"] <= 10.0)
