"""The seeded coalition of the web tests (shared by tests/unit/web and tests/browser).

People (user name = person name, password ``PASSWORD``):

======================  ======  ============  =====
user                    nation  clearance     admin
======================  ======  ============  =====
Cpt Admin Jensen        DNK     CONFIDENTIAL  yes
Maj Peeters             BEL     RESTRICTED    no
Lt Dubois               FRA     UNCLASSIFIED  no
======================  ======  ============  =====

Reports (text names the marking so a leak is easy to spot):

* ``ALL-UNCLAS`` UNCLASSIFIED REL TO all five nations, at BGSF, with a photo;
* ``DNK-BEL-RESTRICTED`` RESTRICTED REL TO DNK, BEL, at BGSF;
* ``DNK-ONLY`` UNCLASSIFIED REL TO DNK, at BGGH;
* ``DNK-CONFIDENTIAL`` CONFIDENTIAL REL TO all, at BGGH;
* override of BGSF ``longest_runway_m`` = 2500 m RESTRICTED REL TO DNK, BEL.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from arcticrecon.store import (
    MissionRepository,
    NewAttachment,
    OverrideRepository,
    ReportRepository,
    Store,
)
from arcticrecon.web import WebSettings
from arcticrecon.web.users import add_user, create_web_tables

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "correct horse battery staple"
SECRET = "test-secret-key-0123456789-abcdefghijklmnop"
NATIONS = ("DNK", "BEL", "FRA", "DEU", "NLD")
ADMIN, BEL, FRA = "Cpt Admin Jensen", "Maj Peeters", "Lt Dubois"
#: 1x1 PNG (a valid image for the photo upload).
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a2cd4b"
    "da0000000049454e44ae426082"
)


@dataclass
class World:
    """The seeded store, the app and the ids of the seeded records."""

    store: Store
    app: FastAPI
    report_ids: dict[str, str]
    photo_sha256: str


def seed(store: Store) -> tuple[dict[str, str], str]:
    """Create the mission, people, logins, reports and an override; return the ids."""
    create_web_tables(store.engine)
    with store.write() as s:
        m = MissionRepository(s)
        m.init_mission(name="Greenland reconnaissance 2026", lead_nation="DNK")
        m.add_nations(NATIONS)
        add_user(
            s,
            username=ADMIN,
            password=PASSWORD,
            nation="DNK",
            clearance="CONFIDENTIAL",
            rank="Cpt",
            is_admin=True,
        )
        add_user(
            s, username=BEL, password=PASSWORD, nation="BEL", clearance="RESTRICTED", rank="Maj"
        )
        add_user(
            s, username=FRA, password=PASSWORD, nation="FRA", clearance="UNCLASSIFIED", rank="Lt"
        )
    ids: dict[str, str] = {}
    when = dt.datetime(2026, 1, 21, 14, 0, tzinfo=dt.UTC)
    with store.write() as s:
        admin = MissionRepository(s).reader_for(ADMIN)
        repo = ReportRepository(s, admin)
        r = repo.add(
            site="BGSF",
            kind="airfield",
            text="ALL-UNCLAS runway clear",
            level="UNCLASSIFIED",
            rel_to=NATIONS,
            observed_at_utc=when,
            fields={"runway_length_measured_m": 2800.0},
            attachments=[NewAttachment("runway.png", PNG_1PX, "image/png")],
        )
        ids["ALL-UNCLAS"] = r.id
        photo = r.attachments[0].sha256
        ids["DNK-BEL-RESTRICTED"] = repo.add(
            site="BGSF",
            kind="airfield",
            text="DNK-BEL-RESTRICTED fuel low",
            level="RESTRICTED",
            rel_to=["DNK", "BEL"],
            observed_at_utc=when,
        ).id
        ids["DNK-ONLY"] = repo.add(
            site="BGGH",
            kind="port",
            text="DNK-ONLY quay damaged",
            level="UNCLASSIFIED",
            rel_to=["DNK"],
            observed_at_utc=when,
        ).id
        ids["DNK-CONFIDENTIAL"] = repo.add(
            site="BGGH",
            kind="port",
            text="DNK-CONFIDENTIAL secret berth",
            level="CONFIDENTIAL",
            rel_to=NATIONS,
            observed_at_utc=when,
        ).id
        OverrideRepository(s, admin).add(
            site="BGSF",
            field="longest_runway_m",
            value=2500.0,
            level="RESTRICTED",
            rel_to=["DNK", "BEL"],
            observed_at_utc=when,
            note="OVERRIDE-DNK-BEL",
        )
    return ids, photo


def settings_for(db: Path, **kw: object) -> WebSettings:
    """Test settings: fixed secret, the example mission, the given SQLite file."""
    base: dict[str, object] = {
        "database_url": f"sqlite:///{db}",
        "secret_key": SECRET,
        "mission_file": ROOT / "examples" / "greenland-recon-2026.toml",
    }
    base.update(kw)
    return WebSettings(**base)  # type: ignore[arg-type]


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    """Log in through the API; return the bearer header (the client also holds the cookie)."""
    r = client.post("/api/auth/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


#: A small mission (one exercise, two weeks) so a real plan run stays quick.
SMALL_MISSION = """
[mission]
name = "Small test mission"
lead_nation = "DNK"
start = 2026-01-19
end = 2026-03-31
hubs = ["BGSF"]

[[exercise]]
name = "Winter test"
kind = "cold_weather_land"
personnel = 50
duration_days = 7
aircraft = ["C-130J-30"]
season = { from = 2027-03-01, to = 2027-03-14 }
"""
#: A Danish contingent with a sea lift (vehicles from Aalborg) and an airlift, to append to
#: a mission (the map's sea-route and deployment layers).
SEA_LIFT = """
[[contributions]]
nation = "DNK"
personnel = 40
vehicles = 6
home_port = "Aalborg"
airlift = [{ aircraft = "C-130J-30", count = 1, sorties_per_day = 1 }]
"""


def wait_run(
    client: TestClient, headers: dict[str, str], run_id: str, timeout_s: float = 120.0
) -> dict[str, Any]:
    """Poll a plan run until it is done or failed (its progress values in ``seen_progress``)."""
    t0 = time.monotonic()
    seen = []
    while time.monotonic() - t0 < timeout_s:
        r = client.get(f"/api/plan-runs/{run_id}", headers=headers)
        assert r.status_code == 200
        run = r.json()
        seen.append(run["progress"])
        if run["status"] in ("done", "failed"):
            run["seen_progress"] = seen
            return run
        time.sleep(0.2)
    raise AssertionError(f"plan run {run_id} did not finish in {timeout_s} s")


def small_catalog(world: World) -> None:
    """Rank a dozen sites (the hub included) so the real run stays short on a busy machine."""
    from arcticrecon.catalog import Catalog

    st = world.app.state.arx
    keep = {"BGSF", "BGGH", "BGTL", "BGKK", "BGJN", "BGUK", "BGAA", "BGBW", "BGCO", "BGUQ"}
    st.catalog = Catalog(tuple(s for s in st.catalog if s.icao in keep), st.catalog.source)
