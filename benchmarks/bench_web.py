"""Load check of the web API: p99 latency of ``/api/sites`` and ``/api/opportunities``
under 50 concurrent clients on loopback, and of the map's feature routes
(``/api/map/layers/*``) under 20 concurrent clients (target: p99 <= 100 ms).

The server runs as ``arcticrecon serve`` in its own process (uvicorn, one worker) on a
temporary SQLite store with one user and a finished plan run of a one-exercise, one-week
mission over the whole catalogue (91 sites). The load generator (httpx, asyncio) keeps
``CLIENTS`` requests in flight until ``REQUESTS`` answers per endpoint are in, then stops
the server. Reference measured in the same run: ``/api/health`` (no authentication, no
data) under the same load; the ratio p99(endpoint) / p99(health) is printed.

With one client each route also shows the server process's CPU time per answer (user +
system, from ``/proc/<pid>/stat``): unlike latency it hardly moves with the machine's load,
and with one uvicorn worker (one process, Python threads) ``clients x CPU per answer`` is
what the p99 at that many clients tends to on a free core.

Run: ``PYTHONPATH=src python benchmarks/bench_web.py``.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

from arcticrecon.store import MissionRepository, open_store
from arcticrecon.web.users import add_user, create_web_tables

CLIENTS = 50
REQUESTS = 600  # answers per endpoint (bounded: the run stops by itself)
SEQUENTIAL = 100  # answers per endpoint for the one-client service time
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
window = "week"

[[contributions]]
nation = "DNK"
personnel = 150
vehicles = 6
home_port = "Aalborg"
airlift = [{ aircraft = "C-130J-30", count = 2, sorties_per_day = 1 }]

[[presence]]
name = "SAR helicopters within 2 h"
aircraft = "AW101"
response_h = 2.0
k = 4
"""
#: The map's feature routes (issue 15: p99 <= 100 ms at 20 concurrent clients).
MAP_CLIENTS = 20
MAP_REQUESTS = 400
MAP_P99_TARGET_MS = 100.0
MAP_ROUTES = (
    "/api/map/layers",
    "/api/map/layers/coastline",
    "/api/map/layers/sites?run_id={run}",
    "/api/map/layers/ranking?run_id={run}",
    "/api/map/layers/presence",
    "/api/map/layers/flight-legs?run_id={run}",
    "/api/map/layers/sea-routes?run_id={run}",
    "/api/map/layers/deployment?run_id={run}",
    "/api/map/layers/findings",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _load(
    base: str, path: str, headers: dict[str, str], clients: int = CLIENTS, n: int = REQUESTS
) -> np.ndarray:
    """Latencies [s] of ``n`` answers with ``clients`` requests in flight."""
    lat: list[float] = []
    errors: list[str] = []
    todo = iter(range(n))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=120) as c:

        async def client() -> None:
            for _ in todo:
                t0 = time.perf_counter()
                try:
                    r = await c.get(path)
                except httpx.TransportError as err:  # counted and reported, not fatal
                    errors.append(type(err).__name__)
                    continue
                lat.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    raise RuntimeError(f"{path}: HTTP {r.status_code} {r.text[:200]}")

        await asyncio.gather(*(client() for _ in range(clients)))
    if errors:
        print(f"  {path}: {len(errors)} transport errors ({', '.join(sorted(set(errors)))})")
    return np.asarray(lat)


def _cpu_s(pid: int) -> float:
    """User + system CPU time of a process so far (all its threads) [s]; Linux /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _report(
    name: str, lat: np.ndarray, ref_p99: float | None, cpu_ms: float | None = None
) -> float:
    p50, p95, p99 = np.percentile(lat, [50, 95, 99]) * 1000.0
    ratio = "" if ref_p99 is None else f"  p99 ratio to /api/health: {p99 / ref_p99:5.1f}x"
    cpu = "" if cpu_ms is None else f"  server CPU {cpu_ms:5.2f} ms/answer"
    print(
        f"{name:<26} n={lat.size:4d}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
        f"p99 {p99:7.1f} ms{ratio}{cpu}"
    )
    return float(p99)


def main() -> int:
    """Set up, serve, load, print; return 0."""
    tmp = Path(tempfile.mkdtemp(prefix="arx-bench-web-"))
    db = tmp / "bench.sqlite"
    (tmp / "mission.toml").write_text(MISSION, encoding="utf-8")
    with open_store(db) as store:
        create_web_tables(store.engine)
        with store.write() as s:
            MissionRepository(s).init_mission(name="Benchmark mission", lead_nation="DNK")
            add_user(s, username="bench", password=PASSWORD, nation="DNK", clearance="RESTRICTED")
        with store.write() as s:  # 40 findings for the findings layer
            from arcticrecon.catalog import load_catalog
            from arcticrecon.store import ReportRepository

            writer = MissionRepository(s).reader_for("bench")
            sites = [x.icao for x in load_catalog()]
            for i in range(40):
                ReportRepository(s, writer).add(
                    site=sites[i % len(sites)],
                    kind="airfield",
                    text=f"finding {i}",
                    level="UNCLASSIFIED",
                    rel_to=["DNK"],
                )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "ARCTICRECON_SECRET_KEY": "benchmark-secret-key-0123456789-abcdefgh",
        "ARCTICRECON_HOME": str(tmp / "home"),
    }
    cmd = [
        sys.executable,
        "-m",
        "arcticrecon",
        "serve",
        "--port",
        str(port),
        "--db",
        str(db),
        "--mission",
        str(tmp / "mission.toml"),
    ]
    with (
        (tmp / "serve.log").open("w") as log,
        subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env) as proc,
    ):
        try:
            t0 = time.monotonic()
            while True:
                try:
                    if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if proc.poll() is not None or time.monotonic() - t0 > 90:
                    raise RuntimeError("server did not start: " + (tmp / "serve.log").read_text())
                time.sleep(0.2)
            tok = httpx.post(
                base + "/api/auth/login",
                json={"username": "bench", "password": PASSWORD},
                timeout=30,
            ).json()["token"]
            h = {"Authorization": f"Bearer {tok}"}
            run = httpx.post(base + "/api/plan-runs", json={}, headers=h, timeout=30).json()
            t0 = time.monotonic()
            while run["status"] in ("queued", "running"):
                time.sleep(0.5)
                run = httpx.get(f"{base}/api/plan-runs/{run['id']}", headers=h, timeout=30).json()
            if run["status"] != "done":
                raise RuntimeError(f"plan run failed: {run['error']}")
            print(f"setup: plan run of {run['n_options']} options in {time.monotonic() - t0:.1f} s")
            print(f"service time, 1 client, {SEQUENTIAL} answers per endpoint:")
            for path, hh in (
                ("/api/health", {}),
                ("/api/sites", h),
                ("/api/opportunities?limit=200", h),
            ):
                _report(path.split("?")[0], asyncio.run(_load(base, path, hh, 1, SEQUENTIAL)), None)
            print(
                f"{CLIENTS} concurrent clients, {REQUESTS} answers per endpoint, loopback, 1 uvicorn worker"
            )
            ref = _report("/api/health", asyncio.run(_load(base, "/api/health", {})), None)
            _report("/api/sites", asyncio.run(_load(base, "/api/sites", h)), ref)
            _report(
                "/api/opportunities",
                asyncio.run(_load(base, "/api/opportunities?limit=200", h)),
                ref,
            )
            print(
                f"map feature routes: {MAP_CLIENTS} concurrent clients, {MAP_REQUESTS} answers "
                f"per route (target p99 <= {MAP_P99_TARGET_MS:g} ms)"
            )
            ref20 = _report(
                "/api/health",
                asyncio.run(_load(base, "/api/health", {}, MAP_CLIENTS, MAP_REQUESTS)),
                None,
            )
            print(f"map feature routes, service time, 1 client, {SEQUENTIAL} answers per route:")
            for route in ("/api/health", *MAP_ROUTES):
                path = route.format(run=run["id"])
                hh = {} if route == "/api/health" else h
                httpx.get(base + path, headers=hh, timeout=60)  # warm (presence is solved once)
                c0 = _cpu_s(proc.pid)
                lat = asyncio.run(_load(base, path, hh, 1, SEQUENTIAL))
                cpu_ms = (_cpu_s(proc.pid) - c0) * 1000.0 / SEQUENTIAL
                _report(route.split("?")[0], lat, None, cpu_ms)
            worst = 0.0
            for route in MAP_ROUTES:
                path = route.format(run=run["id"])
                lat = asyncio.run(_load(base, path, h, MAP_CLIENTS, MAP_REQUESTS))
                worst = max(worst, _report(route.split("?")[0], lat, ref20))
            verdict = "meets" if worst <= MAP_P99_TARGET_MS else "MISSES"
            print(
                f"map feature routes: worst p99 {worst:.1f} ms {verdict} the {MAP_P99_TARGET_MS:g} ms target"
            )
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
