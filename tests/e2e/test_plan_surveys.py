"""A survey filed offline on a field laptop, bundled, imported at HQ, changes the plan
for the readers of its nation and not for others (issue 16, "Done when")."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from geographiclib.geodesic import Geodesic

from arcticrecon.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "greenland-recon-2026.toml"

# Ilulissat (BGJN) reference point and runway 06/24 per OurAirports; the catalogue lists it
# 845 m long, too short for the A400M and C-17 of the example's "Strategic air deployment".
BGJN_LAT, BGJN_LON, RWY_TRUE_DEG = 69.243202, -51.057098, 60.0


def _lz_sheet(path: Path) -> None:
    """A 2,200 m x 45 m paved re-survey of BGJN 06/24: ends 1,100 m either side of the
    reference point along 060°/240° true (GeographicLib, independent of the product)."""
    g = Geodesic.WGS84
    e1 = g.Direct(BGJN_LAT, BGJN_LON, RWY_TRUE_DEG + 180.0, 1100.0)
    e2 = g.Direct(BGJN_LAT, BGJN_LON, RWY_TRUE_DEG, 1100.0)
    form = {
        "form": "lz",
        "name": "Ilulissat runway re-survey",
        "site": "BGJN",
        "runway": "06/24",
        "team": "Team West",
        "observed_at_utc": "2026-02-10T12:00:00Z",
        "position": [BGJN_LAT, BGJN_LON],
        "centerline": [[e1["lat2"], e1["lon2"]], [e2["lat2"], e2["lon2"]]],
        "width_m": 45,
        "surface": "paved",
        "longitudinal_slope_pct": 0.5,
        "transverse_slope_pct": 1.0,
        "overrun_1_m": 150,
        "overrun_2_m": 150,
    }
    path.write_text(json.dumps(form), encoding="utf-8")


HLZ_TOML = """\
form = "hlz"
name = "Disko Bay ridge HLZ"
position = "69°10'N 51°20'W"
observed_at_utc = 2026-02-11T09:00:00Z
team = "Team West"
touchdown_diameter_m = 60.0
ground_slope_deg = 4.0
surface = "rock"
"""


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCTICRECON_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ARCTICRECON_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.delenv("ARCTICRECON_DATABASE_URL", raising=False)
    monkeypatch.delenv("ARCTICRECON_AS", raising=False)


def _ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, (argv, out, err)
    return out


def _mission(capsys: pytest.CaptureFixture[str], db: str) -> None:
    _ok(capsys, "mission", "init", "--name", "Recon 2026", "--lead", "DNK", "--db", db)
    _ok(capsys, "nation", "add", "DNK", "BEL", "FRA", "--db", db)
    for name, nation in (("Maj Peeters", "BEL"), ("Cne Martin", "FRA")):
        _ok(capsys, "person", "add", name, "--nation", nation, "--clearance", "RESTRICTED",
            "--db", db)  # fmt: skip


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("# ")))


def _bgjn_air_deployment_feasible(folder: Path) -> bool:
    return any(
        r["feasible"] == "True"
        for r in _rows(folder, "opportunities.csv")
        if r["exercise"] == "Strategic air deployment" and r["icao"] == "BGJN"
    )


def test_field_survey__bundle_to_hq__changes_the_plan_for_its_readers_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, hq = str(tmp_path / "laptop.sqlite"), str(tmp_path / "hq.sqlite")
    _mission(capsys, laptop)
    _mission(capsys, hq)
    lz, hlz = tmp_path / "bgjn.json", tmp_path / "hlz.toml"
    _lz_sheet(lz)
    hlz.write_text(HLZ_TOML, encoding="utf-8")
    fra_only = ["--as", "Cne Martin", "--rel-to", "FRA", "--level", "RESTRICTED", "--db", laptop]
    _ok(capsys, "survey", "add", str(lz), "--form", "lz", *fra_only)
    hlz_id = _ok(capsys, "survey", "add", str(hlz), *fra_only).strip()
    bundle = tmp_path / "laptop.arx"
    _ok(capsys, "survey", "export", "--as", "Cne Martin", "--to", str(bundle), "--db", laptop)
    _ok(capsys, "survey", "import", str(bundle), "--db", hq)

    fra, bel = tmp_path / "fra", tmp_path / "bel"
    for who, folder in (("Cne Martin", fra), ("Maj Peeters", bel)):
        _ok(capsys, "plan", str(EXAMPLE), "--out", str(folder), "--db", hq, "--as", who,
            "--format", "json")  # fmt: skip

    # the re-measured runway (2,200 m paved; the A400M and C-17 need far less than that,
    # far more than the catalogue's 845 m) opens BGJN to the air deployment for FRA only
    assert _bgjn_air_deployment_feasible(fra)
    assert not _bgjn_air_deployment_feasible(bel)
    # the new HLZ is a site of FRA's catalogue only, with its provenance
    ident = "SVY-" + hlz_id.replace("-", "")[:8].upper()
    fra_sites = json.loads((fra / "sites.geojson").read_text(encoding="utf-8"))
    bel_sites = json.loads((bel / "sites.geojson").read_text(encoding="utf-8"))

    def ids(doc: dict[str, object]) -> set[str]:
        feats = doc["features"]
        assert isinstance(feats, list)
        return {str(f["properties"].get("icao")) for f in feats}

    assert ident in ids(fra_sites) and ident not in ids(bel_sites)
    # the report lists the figures that came from surveys, and who surveyed them when
    fra_html = (fra / "index.html").read_text(encoding="utf-8")
    bel_html = (bel / "index.html").read_text(encoding="utf-8")
    assert "Figures from field surveys" in fra_html
    assert "surveyed by Team West on 2026-02-10" in fra_html
    assert "runway 06/24: length 2,200 m, width 45.0 m, surface paved" in fra_html
    assert "RESTRICTED REL TO FRA" in fra_html
    for text in ("Figures from field surveys", "Team West", ident, "Ilulissat runway re-survey"):
        assert text not in bel_html
    for f in bel.iterdir():
        if f.suffix in {".csv", ".geojson"}:
            assert ident not in f.read_text(encoding="utf-8") and "Team West" not in f.read_text(
                encoding="utf-8"
            )
