"""Per-audience exports leak nothing: every nation of the mission at every clearance.

A matrix of findings and site overrides carries every combination of level and REL TO,
each with a unique token. For each reader the visible set comes from an oracle written
here (nation listed and clearance >= level), independently of the product's policy; every
file of every format must hold exactly the visible tokens, and its marking must be the
high-water mark of what it holds (highest level, intersection of REL TO).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pyogrio
import pytest

from arcticrecon.catalog import load_catalog
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
