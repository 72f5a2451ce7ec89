"""Per-audience exports leak nothing: every nation of the mission at every clearance.

A matrix of findings and site overrides carries every combination of level and REL TO,
each with a unique token. For each reader the visible set comes from an oracle written
here (nation listed and clearance >= level), independently of the product's policy; every
file of every format must hold exactly the visible tokens, and its marking must be the
high-water mark of what it holds (highest level, intersection of REL TO).

The plan-based exports (ranking, presence, routes, deployment) are planned on the
catalogue corrected by the reader's visible overrides: each matrix site also gets a
runway length override with a unique value (``30NN.3`` m), so a hidden override would show
in the ranking's ``longest_runway_m``; every plan-based file must hold no hidden value,
every visible one where the ranking lists the site, and the marking of every override the
reader may read (those the plan was corrected with).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pyogrio
import pytest

from arcticrecon.catalog import Catalog, load_catalog
from arcticrecon.cli.export import export_document
from arcticrecon.cli.main import main
from arcticrecon.export import write_export
from arcticrecon.store import MissionRepository, OverrideRepository, ReportRepository, open_store

LEVELS = ("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET")
NATIONS = ("DNK", "BEL", "FRA", "DEU", "NLD")
REL_TOS = [("DNK",), ("BEL",), ("DNK", "BEL"), ("FRA", "DEU"), NATIONS, ("NLD",)]
READERS = [(n, lv) for n in NATIONS for lv in LEVELS]


def oracle(nation: str, clearance: str, level: str, rel_to: tuple[str, ...]) -> bool:
    """The rule, stated independently: nation listed and clearance at or above the level."""
    return nation in rel_to and LEVELS.index(clearance) >= LEVELS.index(level)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple]]:
    """A store with one reader per nation x clearance and the marking matrix."""
    db = tmp_path_factory.mktemp("audience") / "m.sqlite"
    store = open_store(db, create=True)
    with store.write() as s:
        m = MissionRepository(s)
        m.init_mission(name="Leak test", lead_nation="DNK")
        m.add_nations(NATIONS[1:])
        for n, lv in READERS:
            m.add_person(name=f"{n} {lv}", nation=n, clearance=lv)
    sites = [s.icao for s in load_catalog()][: len(LEVELS) * len(REL_TOS)]
    tokens: dict[str, tuple] = {}
    with store.write() as s:
        for i, (level, rel_to) in enumerate(itertools.product(LEVELS, REL_TOS)):
            author = MissionRepository(s).reader_for(f"{rel_to[0]} SECRET")
            ReportRepository(s, author).add(
                site=sites[i], kind="airfield", text=f"tok{i:02d}r", level=level, rel_to=rel_to
            )
            tokens[f"tok{i:02d}r"] = ("findings", level, rel_to)
            OverrideRepository(s, author).add(
                site=sites[i],
                field="beds",
                value=1000 + i,
                level=level,
                rel_to=rel_to,
                note=f"tok{i:02d}o",
            )
            tokens[f"tok{i:02d}o"] = ("sites", level, rel_to)
            # same marking as the beds override of the site: the sites marking is unchanged
            OverrideRepository(s, author).add(
                site=sites[i],
                field="longest_runway_m",
                value=3000.3 + i,
                level=level,
                rel_to=rel_to,
                note=f"tok{i:02d}w",
            )
            tokens[f"tok{i:02d}w"] = ("sites", level, rel_to)
            tokens[f"{3000 + i}.3"] = ("runway", level, rel_to)
    store.close()
    return db, tokens


def _text(path: Path, fmt: str) -> str:
    """Everything a file says, as text (GeoPackage: every table's every cell)."""
    if fmt != "gpkg":
        return path.read_text(encoding="utf-8")
    con = sqlite3.connect(path)
    try:
        out = []
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'"):
            for row in con.execute(f'SELECT * FROM "{table}"'):
                out += [str(v) for v in row if not isinstance(v, bytes)]
        return "\n".join(out)
    finally:
        con.close()


def _marking(path: Path, fmt: str) -> tuple[str, str]:
    """(classification, releasable_to) from a file's metadata."""
    if fmt == "geojson":
        m = json.loads(path.read_text(encoding="utf-8"))["marking"]
        return m["level"], " ".join(m["rel_to"] or [])
    if fmt == "gpkg":
        md = pyogrio.read_info(path, layer=pyogrio.list_layers(path)[0][0])["dataset_metadata"]
        return md["classification"], md.get("releasable_to", "")
    root = ET.parse(path).getroot()
    if fmt == "nvg":
        ns = "{https://tide.act.nato.int/schemas/2012/10/nvg}"
        data = {d.get("key"): d.text or "" for d in root.find(f"{ns}extendedData")}  # type: ignore[union-attr]
        return data["classification"], data["releasable_to"]
    ns = "{http://www.opengis.net/kml/2.2}"
    ext = root.find(f"{ns}Document/{ns}ExtendedData")
    data = {d.get("name"): d.find(f"{ns}value").text or "" for d in ext}  # type: ignore[union-attr]
    return data["classification"], data["releasable_to"]


@pytest.mark.parametrize(("nation", "clearance"), READERS)
def test_export_as_reader__exactly_the_visible_records_and_their_marking(
    world: tuple[Path, dict[str, tuple]], tmp_path: Path, nation: str, clearance: str
) -> None:
    db, tokens = world
    for what in ("findings", "sites"):
        doc = export_document(what, db=str(db), as_=f"{nation} {clearance}")
        mine = {t: (lv, rt) for t, (w, lv, rt) in tokens.items() if w == what}
        visible = {t for t, (lv, rt) in mine.items() if oracle(nation, clearance, lv, rt)}
        assert visible, "every reader sees something (the all-nations UNCLASSIFIED record)"
        top = max((mine[t][0] for t in visible), key=LEVELS.index)
        rel = set(NATIONS)
        for t in visible:
            rel &= set(mine[t][1])
        for fmt in ("geojson", "nvg", "kml", "gpkg"):
            path = write_export(doc, fmt, tmp_path / f"{what}.{fmt}")
            text = _text(path, fmt)
            shown = {t for t in mine if t in text}
            assert shown == visible, (fmt, what, sorted(shown ^ visible))
            assert _marking(path, fmt) == (top, " ".join(sorted(rel))), (fmt, what)
            assert f"{nation} {clearance}" in text  # the audience is named


def test_cli_export__as_reader_writes_the_file_and_names_the_marking(
    world: tuple[Path, dict[str, tuple]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _tokens = world
    out = tmp_path / "f.nvg"
    rc = main(
        ["export", "nvg", "findings", "--out", str(out), "--db", str(db), "--as", "BEL RESTRICTED"]
    )
    assert rc == 0
    said = capsys.readouterr().out
    # BEL RESTRICTED sees U and R records with BEL listed: (BEL), (DNK BEL), all -> BEL only
    assert "RESTRICTED REL TO BEL" in said and "6 features" in said
    assert out.exists()


def test_cli_export__findings_without_identity_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc = main(["export", "kml", "findings", "--out", str(tmp_path / "f.kml")])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "--as PERSON" in err
    assert not (tmp_path / "f.kml").exists()


#: A small mission: one exercise, a sea lift (routes, deployment), a presence study.
PLAN_MISSION = """
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
PLAN_WHATS = ("ranking", "presence", "routes", "deployment")
FORMATS = ("geojson", "nvg", "kml", "gpkg")


@pytest.fixture(scope="module")
def plan_setup(
    world: tuple[Path, dict[str, tuple]], tmp_path_factory: pytest.TempPathFactory
) -> Any:
    """The mission file, the matrix sites (and the hub) as the catalogue, plans memoised.

    A plan is a function of the mission and the corrected catalogue: readers who may read
    the same overrides get the same plan, computed once (the suite stays short).
    """
    import arcticrecon.catalog
    import arcticrecon.planner

    mp = pytest.MonkeyPatch()
    full = load_catalog()
    keep = {s.icao for s in full.sites[: len(LEVELS) * len(REL_TOS)]} | {"BGSF"}
    small = Catalog(tuple(s for s in full if s.icao in keep), full.source)
    real_plan = arcticrecon.planner.make_plan
    plans: dict[str, Any] = {}

    def make_plan(mission: Any, catalog: Any, **kw: Any) -> Any:
        key = repr(catalog.sites)
        if key not in plans:
            plans[key] = real_plan(mission, catalog, **kw)
        return plans[key]

    mp.setattr(arcticrecon.catalog, "load_catalog", lambda: small)
    mp.setattr(arcticrecon.planner, "make_plan", make_plan)
    mission = tmp_path_factory.mktemp("plan") / "mission.toml"
    mission.write_text(PLAN_MISSION, encoding="utf-8")
    out = tmp_path_factory.mktemp("public")
    public = {}
    for what in PLAN_WHATS:  # the public catalogue's files: a value found there is no leak
        doc = export_document(what, mission_file=mission)
        for fmt in FORMATS:
            public[what, fmt] = _text(write_export(doc, fmt, out / f"{what}.{fmt}"), fmt)
    yield mission, public
    mp.undo()


@pytest.mark.parametrize(("nation", "clearance"), READERS)
def test_plan_exports_as_reader__no_hidden_override_and_the_marking_of_the_visible(
    world: tuple[Path, dict[str, tuple]],
    plan_setup: Any,
    tmp_path: Path,
    nation: str,
    clearance: str,
) -> None:
    db, tokens = world
    mission, public = plan_setup
    runway = {t: (lv, rt) for t, (w, lv, rt) in tokens.items() if w == "runway"}
    visible = {t for t, (lv, rt) in runway.items() if oracle(nation, clearance, lv, rt)}
    hidden = set(runway) - visible
    assert visible and hidden
    # the plan is corrected with every override the reader may read: its marking is theirs
    top = max((runway[t][0] for t in visible), key=LEVELS.index)
    rel = set(NATIONS)
    for t in visible:
        rel &= set(runway[t][1])
    for what in PLAN_WHATS:
        doc = export_document(what, db=str(db), as_=f"{nation} {clearance}", mission_file=mission)
        for fmt in FORMATS:
            path = write_export(doc, fmt, tmp_path / f"{what}.{fmt}")
            text = _text(path, fmt)
            leaked = sorted(t for t in hidden if t in text and t not in public[what, fmt])
            assert leaked == [], (what, fmt, leaked)
            assert _marking(path, fmt) == (top, " ".join(sorted(rel))), (what, fmt)
            assert f"{nation} {clearance}" in text  # the audience is named
            if what == "ranking":  # every site is listed, with the runway the reader knows
                assert sorted(visible - {t for t in visible if t in text}) == [], fmt
