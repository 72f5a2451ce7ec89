"""The web downloads leak nothing: every nation of the mission at every clearance.

The same matrix as ``tests/unit/export/test_export_audience.py``: runway length overrides
with every combination of level and REL TO, each with a unique value (``30NN.3`` m), and
one login per nation and clearance. Four of them start a plan run (each run is corrected
with the overrides its starter may read, so it carries their high-water mark); then every
login downloads every plan-based export (ranking, routes, deployment) of every run, and the
presence and sites exports, in every format. Expected, from an oracle written here (nation
listed and clearance at or above the level), independently of the product's policy:

* a run's files are served (200) exactly to those who may read the run's marking, and a
  hidden run is the plain 404 of a missing one;
* each file is marked (metadata and ``X-Marking``) with the run's marking: the high-water
  mark of the overrides its starter could read (highest level, REL TO their intersection);
* no file holds a runway value the downloader may not read; the sites file holds exactly
  those they may read, marked with them; the audience is named in every file.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from arcticrecon.catalog import Catalog, load_catalog
from arcticrecon.store import MissionRepository, OverrideRepository, open_store
from arcticrecon.web import create_app
from arcticrecon.web.users import add_user
from web._world import PASSWORD, login, settings_for, wait_run

LEVELS = ("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET")
NATIONS = ("DNK", "BEL", "FRA", "DEU", "NLD")
REL_TOS = [("DNK",), ("BEL",), ("DNK", "BEL"), ("FRA", "DEU"), NATIONS, ("NLD",)]
READERS = [(n, lv) for n in NATIONS for lv in LEVELS]
STARTERS = [
    ("DNK", "SECRET"),
    ("BEL", "RESTRICTED"),
    ("FRA", "UNCLASSIFIED"),
    ("NLD", "CONFIDENTIAL"),
]
FORMATS = ("geojson", "nvg", "kml", "gpkg")
MISSION = """
[mission]
name = "Leak test mission"
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

[[contributions]]
nation = "DNK"
personnel = 40
vehicles = 6
home_port = "Aalborg"
airlift = [{ aircraft = "C-130J-30", count = 1, sorties_per_day = 1 }]

[[presence]]
name = "SAR within 2 h"
aircraft = "AW101"
response_h = 2.0
k = 2
"""


def oracle(nation: str, clearance: str, level: str, rel_to: tuple[str, ...]) -> bool:
    """The rule, stated independently: nation listed and clearance at or above the level."""
    return nation in rel_to and LEVELS.index(clearance) >= LEVELS.index(level)


def high_water(markings: list[tuple[str, tuple[str, ...]]]) -> tuple[str, tuple[str, ...]]:
    """Highest level, intersection of REL TO (STANAG 4774 aggregation), stated here."""
    top = max((lv for lv, _ in markings), key=LEVELS.index)
    rel = set(NATIONS)
    for _, rt in markings:
        rel &= set(rt)
    return top, tuple(sorted(rel))


def _user(nation: str, clearance: str) -> str:
    return f"{nation} {clearance}"


class Matrix:
    """The served app, its tokens and the runs of the starters."""

    def __init__(self, client: TestClient, tokens: dict[str, tuple[str, tuple[str, ...]]]):
        self.client = client
        self.tokens = tokens  # runway value text -> (level, rel_to)
        self.runs: dict[tuple[str, str], dict[str, Any]] = {}
        self.headers: dict[tuple[str, str], dict[str, str]] = {}

    def h(self, reader: tuple[str, str]) -> dict[str, str]:
        if reader not in self.headers:
            self.client.cookies.clear()
            self.headers[reader] = login(self.client, _user(*reader))
        return self.headers[reader]

    def visible(self, reader: tuple[str, str]) -> set[str]:
        return {t for t, (lv, rt) in self.tokens.items() if oracle(*reader, lv, rt)}


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matrix]:
    from argon2 import PasswordHasher

    from arcticrecon.web import security

    mp = pytest.MonkeyPatch()
    mp.setattr(security, "_HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    tmp = tmp_path_factory.mktemp("web-audience")
    mp.setenv("ARCTICRECON_HOME", str(tmp / "home"))
    mp.setenv("ARCTICRECON_KEY_DIR", str(tmp / "keys"))
    db = tmp / "web.sqlite"
    store = open_store(db)
    full = load_catalog()
    sites = [s.icao for s in full.sites[: len(LEVELS) * len(REL_TOS)]]
    with store.write() as s:
        m = MissionRepository(s)
        m.init_mission(name="Leak test", lead_nation="DNK")
        m.add_nations(NATIONS[1:])
        for n, lv in READERS:
            add_user(s, username=_user(n, lv), password=PASSWORD, nation=n, clearance=lv)
    tokens: dict[str, tuple[str, tuple[str, ...]]] = {}
    with store.write() as s:
        for i, (level, rel_to) in enumerate(itertools.product(LEVELS, REL_TOS)):
            author = MissionRepository(s).reader_for(_user(rel_to[0], "SECRET"))
            OverrideRepository(s, author).add(
                site=sites[i],
                field="longest_runway_m",
                value=3000.3 + i,
                level=level,
                rel_to=rel_to,
            )
            tokens[f"{3000 + i}.3"] = (level, rel_to)
    (tmp / "mission.toml").write_text(MISSION, encoding="utf-8")
    app = create_app(settings_for(db, mission_file=tmp / "mission.toml"), store=store)
    st = app.state.arx
    keep = set(sites) | {"BGSF"}
    st.catalog = Catalog(tuple(s for s in st.catalog if s.icao in keep), st.catalog.source)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        mx = Matrix(client, tokens)
        started = {}
        for starter in STARTERS:
            r = client.post("/api/plan-runs", json={}, headers=mx.h(starter))
            assert r.status_code == 202, r.text
            started[starter] = r.json()["id"]
        for starter, run_id in started.items():
            run = wait_run(client, mx.h(starter), run_id, timeout_s=600.0)
            assert run["status"] == "done", run["error"]
            mx.runs[starter] = run
        yield mx
    st.runs.shutdown()
    store.close()
    mp.undo()


def _fresh(tmp: Path) -> Path:
    """A new file name for each GeoPackage read (GDAL must not see an earlier file's state)."""
    return tmp / f"f{len(list(tmp.iterdir()))}.gpkg"


def _text(content: bytes, fmt: str, tmp: Path) -> str:
    """Everything a file says, as text (GeoPackage: every table's every cell)."""
    if fmt != "gpkg":
        return content.decode("utf-8")
    path = _fresh(tmp)
    path.write_bytes(content)
    con = sqlite3.connect(path)
    try:
        out = []
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'"):
            for row in con.execute(f'SELECT * FROM "{table}"'):
                out += [str(v) for v in row if not isinstance(v, bytes)]
        return "\n".join(out)
    finally:
        con.close()


def _marking(content: bytes, fmt: str, tmp: Path) -> tuple[str, str]:
    """(classification, releasable_to) from a file's metadata (the export tests' reader)."""
    import json
    import xml.etree.ElementTree as ET

    import pyogrio

    if fmt == "geojson":
        m = json.loads(content)["marking"]
        return m["level"], " ".join(m["rel_to"] or [])
    if fmt == "gpkg":
        path = _fresh(tmp)
        path.write_bytes(content)
        md = pyogrio.read_info(path, layer=pyogrio.list_layers(path)[0][0])["dataset_metadata"]
        return md["classification"], md.get("releasable_to", "")
    root = ET.fromstring(content)
    if fmt == "nvg":
        ns = "{https://tide.act.nato.int/schemas/2012/10/nvg}"
        data = {d.get("key"): d.text or "" for d in root.find(f"{ns}extendedData")}  # type: ignore[union-attr]
        return data["classification"], data["releasable_to"]
    ns = "{http://www.opengis.net/kml/2.2}"
    ext = root.find(f"{ns}Document/{ns}ExtendedData")
    data = {d.get("name"): d.find(f"{ns}value").text or "" for d in ext}  # type: ignore[union-attr]
    return data["classification"], data["releasable_to"]


def test_runs__each_marked_with_what_its_starter_could_read(matrix: Matrix) -> None:
    for starter, run in matrix.runs.items():
        level, rel = high_water([matrix.tokens[t] for t in matrix.visible(starter)])
        assert (run["marking"]["level"], tuple(run["marking"]["rel_to"] or ())) == (level, rel)


@pytest.mark.parametrize("reader", READERS, ids=[_user(*r) for r in READERS])
def test_downloads__nothing_hidden_and_the_marking_of_what_they_hold(
    matrix: Matrix, reader: tuple[str, str], tmp_path: Path
) -> None:
    c, h = matrix.client, matrix.h(reader)
    visible = matrix.visible(reader)
    hidden = set(matrix.tokens) - visible
    label = f"({reader[0]}, {reader[1]})"  # the audience: "NAT LEVEL (NAT, LEVEL)"
    for starter, run in matrix.runs.items():
        level, rel = high_water([matrix.tokens[t] for t in matrix.visible(starter)])
        may = oracle(*reader, level, rel)
        for what in ("ranking", "routes", "deployment"):
            for fmt in FORMATS:
                r = c.get(f"/api/export/{what}.{fmt}?run_id={run['id']}", headers=h)
                if not may:
                    assert r.status_code == 404, (starter, what, fmt)
                    assert r.json()["error"] == "NotFoundError"  # as for a missing run
                    continue
                assert r.status_code == 200, (starter, what, fmt, r.text[:200])
                text = _text(r.content, fmt, tmp_path)
                assert sorted(t for t in hidden if t in text) == [], (starter, what, fmt)
                assert _marking(r.content, fmt, tmp_path) == (level, " ".join(rel)), (
                    starter,
                    what,
                    fmt,
                )
                assert r.headers["x-marking"] == f"{level} REL TO {', '.join(rel)}"
                assert label in text
    for fmt in FORMATS:
        # presence: the server's mission file alone, no marked record
        r = c.get(f"/api/export/presence.{fmt}", headers=h)
        assert r.status_code == 200
        text = _text(r.content, fmt, tmp_path)
        assert sorted(t for t in hidden if t in text) == [] and label in text
        assert _marking(r.content, fmt, tmp_path) == ("UNCLASSIFIED", "")
        # sites: exactly the runway values the reader may read, marked with them
        r = c.get(f"/api/export/sites.{fmt}", headers=h)
        text = _text(r.content, fmt, tmp_path)
        assert {t for t in matrix.tokens if t in text} == visible, fmt
        s_level, s_rel = high_water([matrix.tokens[t] for t in visible])
        assert _marking(r.content, fmt, tmp_path) == (s_level, " ".join(s_rel)), fmt
