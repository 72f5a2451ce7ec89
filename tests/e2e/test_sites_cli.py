"""End-to-end: `arcticrecon sites ...`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from arcticrecon.catalog import load_catalog
from arcticrecon.cli.main import main
from arcticrecon.sources.embedded import data_path


def _json(capsys: pytest.CaptureFixture[str]) -> object:
    return json.loads(capsys.readouterr().out)


def test_sites_list__json_schema(capsys):
    assert main(["sites", "list", "--format", "json"]) == 0
    sites = _json(capsys)
    assert len(sites) == 91
    keys = {"icao", "name", "kind", "lat_deg", "lon_deg", "elevation_m", "tz", "runways"}
    assert all(keys <= set(s) for s in sites)
    bgsf = next(s for s in sites if s["icao"] == "BGSF")
    assert bgsf["runways"][0] == pytest.approx(
        {
            "ident": "09/27",
            "length_m": 2809.95,
            "width_m": 60.05,
            "surface": "paved",
            "closed": False,
            "helipad": False,
            "landing_distance_available_m": 2809.95,
        }
    )


def test_sites_list__aircraft_filter_and_kind(capsys):
    assert main(["sites", "list", "--aircraft", "C-17", "--format", "json"]) == 0
    assert sorted(s["icao"] for s in _json(capsys)) == [
        "BGBW",
        "BGGH",
        "BGKK",
        "BGQO",
        "BGSF",
        "BGTL",
    ]
    assert main(["sites", "list", "--kind", "closed", "--format", "csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert len(rows) == 12 and {r["kind"] for r in rows} == {"closed"}


def test_sites_show__reasons(capsys):
    assert main(["sites", "show", "BGJN", "--format", "json"]) == 0
    d = _json(capsys)
    assert d["aircraft"]["C-17"]["ok"] is False
    assert "845 m < 1,064 m" in d["aircraft"]["C-17"]["reason"]
    assert d["aircraft"]["DHC-6"]["ok"] is True


def test_sites_show__table(capsys):
    assert main(["sites", "show", "BGGH"]) == 0
    out = capsys.readouterr().out
    assert "Nuuk International Airport" in out and "7217" in out


@pytest.mark.parametrize(
    ("argv", "msg"),
    [
        (["sites", "show", "BGXX"], "site 'BGXX' is not in the catalogue"),
        (["sites", "list", "--aircraft", "Concorde"], "aircraft 'Concorde' is not in"),
        (["sites", "list", "--kind", "castle"], "castle"),
    ],
)
def test_sites__bad_input(capsys, argv, msg):
    assert main(argv) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert msg in err and "Traceback" not in err


def _world_files(tmp_path: Path) -> tuple[Path, Path]:
    """A small 'world' file: the Greenland rows plus one Icelandic airport."""
    a_src, r_src = data_path("ourairports_gl_airports.csv"), data_path("ourairports_gl_runways.csv")
    with open(a_src, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    cols = [c for c in rows[0] if c != "record_source"]
    iceland = dict.fromkeys(cols, "")
    iceland.update(
        id="2611",
        ident="BIKF",
        type="large_airport",
        name="Keflavik",
        latitude_deg="63.985",
        longitude_deg="-22.6056",
        elevation_ft="171",
        iso_country="IS",
        iso_region="IS-2",
        icao_code="BIKF",
    )
    a = tmp_path / "airports.csv"
    with open(a, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, cols, extrasaction="ignore")
        w.writeheader()
        w.writerow(iceland)
        w.writerows(rows)
    r = tmp_path / "runways.csv"
    r.write_bytes(r_src.read_bytes())
    return a, r


def test_sites_update__filters_to_greenland(tmp_path, capsys):
    a, r = _world_files(tmp_path)
    assert main(["sites", "update", "--airports", str(a), "--runways", str(r)]) == 0
    assert "91 sites" in capsys.readouterr().out
    cat = load_catalog()
    assert len(cat) == 91 and "arcticrecon-home" in cat.source


def test_sites_update__malformed_file_keeps_catalogue(tmp_path, capsys):
    _, r = _world_files(tmp_path)
    bad = tmp_path / "bad-airports.csv"
    bad.write_text("a,b\n1,2\n")
    assert main(["sites", "update", "--airports", str(bad), "--runways", str(r)]) == 2
    assert "lacks column(s)" in capsys.readouterr().err
    assert "arcticrecon-home" not in load_catalog().source
