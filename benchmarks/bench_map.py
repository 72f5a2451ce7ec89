"""First render of the map page in Debian's Chromium (Playwright performance timing).

Target (issue 15): the map page's first render <= 1.5 s with the 91 catalogue sites, 4
presence circles and 5,000 AIS track points. The server runs as ``arcticrecon serve``
(uvicorn, one worker) on a temporary store with a mission holding one presence study of
k = 4; the track layer (50 tracks x 100 points) is served to the page by Playwright in
the agreed ``/api/ais/tracks`` shape, and the layer registry answer is edited to make it
visible (H13's route is not needed for the measurement). "First render" is
``performance.now()`` at OpenLayers' first ``rendercomplete`` after every visible layer
loaded, from the navigation start of the page. Reference in the same run: the login page
(same server, same browser, no map) until its ``load`` event; the ratio is printed.

Run: ``PYTHONPATH=src python benchmarks/bench_map.py`` (needs /usr/bin/chromium).
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

from arcticrecon.store import MissionRepository, open_store
from arcticrecon.web.users import add_user, create_web_tables

LOADS = 7
TARGET_MS = 1500.0
PASSWORD = "benchmark password"
MISSION = """
[mission]
name = "Benchmark mission"
lead_nation = "DNK"
start = 2026-01-19
end = 2026-03-31
hubs = ["BGSF", "BGGH"]

[[exercise]]
name = "Winter week"
kind = "cold_weather_land"
personnel = 150
duration_days = 7
aircraft = ["C-130J-30", "A400M"]
season = { from = 2027-02-01, to = 2027-02-07 }

[[presence]]
name = "SAR helicopters within 2 h"
aircraft = "AW101"
response_h = 2.0
k = 4
"""


def _tracks() -> dict[str, object]:
    feats = [
        {
            "type": "Feature",
            "id": f"mmsi{i}",
            "properties": {"name": f"mmsi{i}", "style": {"stroke": "#2060a0"}},
            "geometry": {
                "type": "LineString",
                "coordinates": [
                    [-60.0 + 0.3 * i + 0.05 * k, 58.0 + 0.25 * k + 0.5 * math.sin(k / 7 + i)]
                    for k in range(100)
                ],
            },
        }
        for i in range(50)
    ]
    return {
        "type": "FeatureCollection",
        "marking": {"level": "UNCLASSIFIED", "rel_to": None, "banner": "UNCLASSIFIED"},
        "layer": {"id": "ais-tracks", "title": "AIS tracks", "source": "synthetic", "caveat": ""},
        "features": feats,
    }


def _serve(tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    from bench_web import _free_port  # same folder

    db = tmp / "bench.sqlite"
    (tmp / "mission.toml").write_text(MISSION, encoding="utf-8")
    with open_store(db) as store:
        create_web_tables(store.engine)
        with store.write() as s:
            MissionRepository(s).init_mission(name="Benchmark mission", lead_nation="DNK")
            add_user(s, username="bench", password=PASSWORD, nation="DNK", clearance="RESTRICTED")
    port = _free_port()
    env = {
        **os.environ,
        "ARCTICRECON_SECRET_KEY": "benchmark-secret-key-0123456789-abcdefgh",
        "ARCTICRECON_HOME": str(tmp / "home"),
    }
    cmd = [sys.executable, "-m", "arcticrecon", "serve", "--port", str(port), "--db", str(db),
           "--mission", str(tmp / "mission.toml")]  # fmt: skip
    log = (tmp / "serve.log").open("w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    t0 = time.monotonic()
    while True:
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() - t0 > 90:
            raise RuntimeError("server did not start: " + (tmp / "serve.log").read_text())
        time.sleep(0.2)


def main() -> int:
    """Serve, load the page ``LOADS`` times, print median and ratio; return 0."""
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="arx-bench-map-"))
    proc, base = _serve(tmp)
    tracks = json.dumps(_tracks())
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=os.environ.get("ARCTICRECON_CHROMIUM", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-gpu"],
                headless=True,
            )
            page = browser.new_page(viewport={"width": 1400, "height": 900})

            def registry(route) -> None:
                r = route.fetch()
                reg = r.json()
                for d in reg:
                    if d["id"] == "ais-tracks":
                        d["available"] = d["visible"] = True
                route.fulfill(response=r, body=json.dumps(reg))

            page.route("**/api/map/layers", registry)
            page.route(
                "**/api/ais/tracks*",
                lambda route: route.fulfill(
                    status=200, content_type="application/geo+json", body=tracks
                ),
            )
            logins = []
            for _ in range(LOADS):
                page.goto(base + "/login")
                logins.append(
                    page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
                )
            page.fill("#username", "bench")
            page.fill("#password", PASSWORD)
            page.click("#login-button")
            page.wait_for_selector("body[data-ready='1']", timeout=60_000)  # warms the server
            times, points = [], 0
            for _ in range(LOADS):
                page.reload()
                page.wait_for_selector("body[data-ready='1']", timeout=60_000)
                times.append(page.evaluate("window.arxFirstRenderMs"))
                points = page.evaluate(
                    "ArxMap.layers['ais-tracks'].layer.getSource().getFeatures()"
                    ".reduce((n, f) => n + f.getGeometry().getCoordinates().length, 0)"
                )
                sites = page.evaluate("ArxMap.layers.sites.count")
                circles = page.evaluate(
                    "ArxMap.layers.presence.layer.getSource().getFeatures()"
                    ".filter(f => f.get('circle_radius_m')).length"
                )
            browser.close()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    t = np.asarray(times)
    ref = float(np.median(logins))
    med = float(np.median(t))
    print(
        f"map page: {sites} sites, {circles} presence circles, {points} track points, {LOADS} loads"
    )
    print(
        f"first render [ms]: median {med:.0f}, min {t.min():.0f}, max {t.max():.0f}  (all: {np.round(t).tolist()})"
    )
    print(f"reference, login page load [ms]: median {ref:.0f}; ratio map / login: {med / ref:.1f}x")
    print(f"target <= {TARGET_MS:.0f} ms: {'met' if med <= TARGET_MS else 'MISSED'} (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
