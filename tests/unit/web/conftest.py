"""Fixtures for the web tests: a fresh SQLite store per test with a small coalition.

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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from arcticrecon.store import MissionRepository, NewAttachment, OverrideRepository, ReportRepository, Store, open_store
from arcticrecon.web import WebSettings, create_app
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
        add_user(s, username=ADMIN, password=PASSWORD, nation="DNK", clearance="CONFIDENTIAL", rank="Cpt", is_admin=True)  # fmt: skip
        add_user(s, username=BEL, password=PASSWORD, nation="BEL", clearance="RESTRICTED", rank="Maj")  # fmt: skip
        add_user(s, username=FRA, password=PASSWORD, nation="FRA", clearance="UNCLASSIFIED", rank="Lt")  # fmt: skip
    ids: dict[str, str] = {}
    when = dt.datetime(2026, 1, 21, 14, 0, tzinfo=dt.UTC)
    with store.write() as s:
        admin = MissionRepository(s).reader_for(ADMIN)
        repo = ReportRepository(s, admin)
        r = repo.add(site="BGSF", kind="airfield", text="ALL-UNCLAS runway clear",
                     level="UNCLASSIFIED", rel_to=NATIONS, observed_at_utc=when,
                     fields={"runway_length_measured_m": 2800.0},
                     attachments=[NewAttachment("runway.png", PNG_1PX, "image/png")])  # fmt: skip
        ids["ALL-UNCLAS"] = r.id
        photo = r.attachments[0].sha256
        ids["DNK-BEL-RESTRICTED"] = repo.add(site="BGSF", kind="airfield", text="DNK-BEL-RESTRICTED fuel low", level="RESTRICTED", rel_to=["DNK", "BEL"], observed_at_utc=when).id  # fmt: skip
        ids["DNK-ONLY"] = repo.add(site="BGGH", kind="port", text="DNK-ONLY quay damaged", level="UNCLASSIFIED", rel_to=["DNK"], observed_at_utc=when).id  # fmt: skip
        ids["DNK-CONFIDENTIAL"] = repo.add(site="BGGH", kind="port", text="DNK-CONFIDENTIAL secret berth", level="CONFIDENTIAL", rel_to=NATIONS, observed_at_utc=when).id  # fmt: skip
        OverrideRepository(s, admin).add(site="BGSF", field="longest_runway_m", value=2500.0, level="RESTRICTED", rel_to=["DNK", "BEL"], observed_at_utc=when, note="OVERRIDE-DNK-BEL")  # fmt: skip
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


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with minimal cost in tests (the product keeps the RFC 9106 defaults).

    Verification reads the parameters from the stored hash, so the login path is the same.
    """
    from argon2 import PasswordHasher

    from arcticrecon.web import security

    monkeypatch.setattr(security, "_HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))  # fmt: skip


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], str]:
    """The seeded database, built once; each test gets its own copy of the file."""
    from argon2 import PasswordHasher

    from arcticrecon.web import security

    mp = pytest.MonkeyPatch()
    mp.setattr(security, "_HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    mp.setenv("ARCTICRECON_HOME", str(tmp_path_factory.mktemp("home")))
    path = tmp_path_factory.mktemp("template") / "web.sqlite"
    store = open_store(path)
    try:
        ids, photo = seed(store)
    finally:
        store.close()
        mp.undo()
    return path, ids, photo


@pytest.fixture()
def world(tmp_path: Path, _template_db: tuple[Path, dict[str, str], str]) -> Iterator[World]:
    """A seeded store (a fresh copy of the template file) and an app on it."""
    import shutil

    template, ids, photo = _template_db
    db = tmp_path / "web.sqlite"
    shutil.copyfile(template, db)
    store = open_store(db)
    app = create_app(settings_for(db), store=store)
    yield World(store, app, ids, photo)
    app.state.arx.runs.shutdown()
    store.close()


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    """Log in through the API; return the bearer header (the client also holds the cookie)."""
    r = client.post("/api/auth/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


@pytest.fixture()
def client(world: World) -> Iterator[TestClient]:
    """A TestClient on the world's app (no login yet)."""
    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        yield c
