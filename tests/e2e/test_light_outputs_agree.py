"""The light intervals agree across every output (issue 11 §1 and "Done when").

For Nuuk (BGGH, America/Nuuk) in early June 2027, when each date's sunrise is closed by a
sunset after local midnight, and Pituffik (BGTL, America/Thule) around the December
solstice (polar night, nautical light only), the same intervals must come out of:
``arcticrecon light`` as a table, as JSON and as CSV; the web API
``/api/sites/{icao}/light``; the plan's ``light.csv``; and the plan's per-date light (the
data of the report's light calendar). The times themselves are checked against skyfield
in tests/reference/test_light_intervals_skyfield.py; here the outputs are checked against
each other, and the sunset-after-midnight and polar-night facts against skyfield once.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from arcticrecon.cli import common
from arcticrecon.cli.main import main

CASES = {  # site -> (first date, last date)
    "BGGH": ("2027-06-01", "2027-06-04"),
    "BGTL": ("2027-12-19", "2027-12-22"),
}
KINDS = ("daylight", "civil", "nautical")
MISSION = """
[mission]
name = "light agreement"
lead_nation = "DNK"
start = 2027-01-01
end = 2027-12-31
hubs = ["BGSF"]

[[exercise]]
name = "june"
kind = "recon_visit"
season = {{ from = {a}, to = {b} }}
window = "week"
daily_hours = {{ start = "08:00", end = "16:00" }}
"""


@pytest.fixture(autouse=True)
def _wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common.console, "width", 260)


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["light", *args]) == 0
    return capsys.readouterr().out


@functools.lru_cache(maxsize=4)
def _plan(tmp: str, site: str) -> Path:
    a, b = CASES[site]
    mission = Path(tmp) / f"{site}.toml"
    mission.write_text(MISSION.format(a=a, b=b), encoding="utf-8")
    out = Path(tmp) / f"plan-{site}"
    assert main(["plan", str(mission), "--out", str(out), "--format", "json"]) == 0
    return out


@pytest.fixture(scope="module")
def tmpdir_mod(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("agree"))


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    from arcticrecon.store import MissionRepository, open_store
    from arcticrecon.web import WebSettings, create_app
    from arcticrecon.web.users import add_user, create_web_tables

    store = open_store(tmp_path / "agree.sqlite")
    create_web_tables(store.engine)
    with store.write() as s:
        MissionRepository(s).init_mission(name="Agree", lead_nation="DNK")
        add_user(
            s, username="u", password="a long passphrase", nation="DNK", clearance="UNCLASSIFIED"
        )
    app = create_app(WebSettings(secret_key="a" * 40), store=store)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        tok = c.post("/api/auth/login", json={"username": "u", "password": "a long passphrase"})
        c.headers["Authorization"] = "Bearer " + tok.json()["token"]
        yield c
    app.state.arx.runs.shutdown()
    store.close()


def _interval_key(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """(date, kind, state, start_utc, end_utc, end_date, duration_h, in_day_h) per row."""
    out = []
    for r in rows:
        dur = r["duration_h"]
        out.append(
            (
                r["date"],
                r["kind"],
                r["state"],
                r["start_utc"] or None,
                r["end_utc"] or None,
                r["end_date"] or None,
                None if dur in (None, "") else round(float(dur), 4),
                round(float(r["in_day_h"]), 4),
            )
        )
    return out


def _json_rows(days: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for d in days:
        for k in KINDS:
            base = {
                "date": d["date"],
                "kind": k,
                "state": d[k]["state"],
                "in_day_h": d[k]["in_day_h"],
            }
            if not d[k]["intervals"]:
                rows.append(
                    {
                        **base,
                        "start_utc": None,
                        "end_utc": None,
                        "end_date": None,
                        "duration_h": None,
                    }
                )
            for iv in d[k]["intervals"]:
                rows.append(
                    {
                        **base,
                        **{x: iv[x] for x in ("start_utc", "end_utc", "end_date", "duration_h")},
                    }
                )
    return rows


@pytest.mark.slow
@pytest.mark.parametrize("site", list(CASES))
def test_light_outputs__cli_json_csv_web_plan_agree(
    site: str, capsys: pytest.CaptureFixture[str], client: TestClient, tmpdir_mod: str
) -> None:
    a, b = CASES[site]
    cli_json = json.loads(_cli(capsys, site, "--from", a, "--to", b, "--format", "json"))
    cli_csv = [
        r
        for r in csv.DictReader(
            io.StringIO(_cli(capsys, site, "--from", a, "--to", b, "-f", "csv"))
        )
        if r["kind"] in KINDS
    ]
    table = _cli(capsys, site, "--from", a, "--to", b)
    web = client.get(f"/api/sites/{site}/light?start={a}&end={b}").json()
    out = _plan(tmpdir_mod, site)
    with open(out / "light.csv", newline="", encoding="utf-8") as fh:
        plan_rows = [r for r in csv.DictReader(fh) if r["icao"] == site and a <= r["date"] <= b]

    want = _interval_key(_json_rows(cli_json["days"]))
    assert len(want) >= 3 * 4
    assert _interval_key(_json_rows(web["days"])) == want  # web API = CLI JSON
    assert _interval_key(cli_csv) == want  # CLI CSV = CLI JSON
    assert _interval_key(plan_rows) == want  # plan light.csv = CLI JSON
    assert {r["tz"] for r in plan_rows} == {web["tz"]} == {cli_json["timezone"]}
    # the CLI table prints each date's text as the web page does
    for d_cli, d_web in zip(cli_json["days"], web["days"], strict=True):
        for k in KINDS:
            assert d_cli[k]["text"] == d_web[k]["text"]
            assert d_cli[k]["text"] in table
    # the report calendar's data: civil light within each local date, as light.csv
    from arcticrecon.catalog import load_catalog
    from arcticrecon.planner import site_light

    s = load_catalog().get(site)
    ds = site_light([s], dt.date.fromisoformat(a), dt.date.fromisoformat(b))
    civil = {r["date"]: float(r["in_day_h"]) for r in plan_rows if r["kind"] == "civil"}
    cal = ds["civil_light_s"].sel(location=site).values / 3600.0
    assert [round(x, 4) for x in cal] == [civil[d["date"]] for d in cli_json["days"]]
    states = [str(x) for x in ds["day_state"].sel(location=site).values]
    assert states == [d["daylight"]["state"] for d in cli_json["days"]]


@pytest.mark.slow
def test_light_outputs__nuuk_sunset_after_midnight_is_the_next_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # skyfield: the sunset after the 2027-06-02 sunrise at Nuuk falls after local midnight
    import warnings

    import skyfield_data
    from skyfield import almanac
    from skyfield.api import Loader, wgs84

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        load = Loader(skyfield_data.get_skyfield_data_path(), verbose=False)
    ts, eph = load.timescale(builtin=True), load("de421.bsp")
    obs = eph["earth"] + wgs84.latlon(64.191066, -51.67914)  # OurAirports BGGH
    t, ok = almanac.find_settings(
        obs, eph["sun"], ts.utc(2027, 6, 2, 12), ts.utc(2027, 6, 3, 12), horizon_degrees=-50 / 60
    )
    (sett,) = [x for x, y in zip(t.utc_datetime(), ok, strict=True) if y]
    eph.close()
    local = sett.astimezone(dt.timezone(dt.timedelta(hours=-1)))  # Nuuk summer time
    assert local.date() == dt.date(2027, 6, 3)
    day = json.loads(
        _cli(capsys, "BGGH", "--from", "2027-06-02", "--to", "2027-06-02", "-f", "json")
    )["days"][0]
    (iv,) = day["daylight"]["intervals"]
    assert iv["end_date"] == "2027-06-03"
    end = dt.datetime.fromisoformat(iv["end_utc"].replace("Z", "+00:00"))
    assert abs((end - sett).total_seconds()) <= 120
