"""Load check of the web API: p99 latency of the map's feature routes
(``/api/map/layers/*``) under 20 concurrent clients (issue 15 target: p99 <= 100 ms), and
of ``/api/sites`` and ``/api/opportunities`` under 50.

The server runs as ``arcticrecon serve`` in its own process (one uvicorn worker: plan runs
live in that process's memory) on a temporary SQLite store with one user, 40 findings
and a finished plan run of a one-exercise, one-week mission over the whole catalogue (91
sites). The store does not change during the load, so after its first answer the sites
and findings layers are served from the per-reader answer cache
(:mod:`arcticrecon.web.answers`: one generation query per request); a change to the
store makes the next answer a rebuild (~2-3 ms of CPU, the figure before the cache).

Load generators (closed loop: each client sends its next request when the answer is in,
over one keep-alive connection, as 20 people at 20 browsers would):

* ``wrk`` (C, epoll; Debian package ``wrk``) — the main figure: it spends a few
  microseconds of CPU per request, so on this 2-core machine the server gets the cores.
  Percentiles come from wrk's own latency histogram (Lua ``done`` hook). Skipped, with a
  note, when ``wrk`` is not on ``PATH``.
* httpx + asyncio in this Python process — kept for comparison: its own CPU per request
  (printed) is of the order of the server's, and it shares the two cores with the server,
  so its p99 is partly the client's.

Reference measured in the same run under the same load: ``/api/health`` (no
authentication, no data); each route prints its p99 ratio to it. Beside each figure: the
server's CPU time per answer (all its processes, user + system, ``/proc``) and the
client's (wrk: ``RUSAGE_CHILDREN``; httpx: this process's ``time.process_time``) — unlike
latency these hardly move with the machine's load.

Beside each figure, the machine's load (1 min) when the route's load ended and the
server's cyclic garbage collections meanwhile (``GC gen1 n=.. max wall/CPU ms, gen2
...``; ``benchmarks/gcprobe/sitecustomize.py`` on the server's ``PYTHONPATH`` logs each
one). A full (gen-2) collection stalls the one worker: ~155-170 ms of CPU each over the
heap of a finished plan run before :mod:`arcticrecon.web.heap` (``serve`` freezes the
long-lived heap), ~1-2 ms after. A p99 far above ``20 x CPU`` with no long collection
is the machine's scheduling (its load).

Run: ``PYTHONPATH=src python benchmarks/bench_web.py [--quick]`` (``--quick``: the map
routes with wrk only).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np

from arcticrecon.store import MissionRepository, open_store
from arcticrecon.web.users import add_user, create_web_tables

CLIENTS = 50
REQUESTS = 600  # httpx: answers per endpoint (bounded: the run stops by itself)
SEQUENTIAL = 100  # answers per endpoint for the one-client service time
WRK_SECONDS = 5  # wrk: seconds of load per endpoint
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
#: wrk script: percentiles [us] of its latency histogram and the error counts, as JSON.
WRK_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'ARX {"n": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d, "connect": %d, "read": %d, '
    .. '"write": %d, "status": %d, "timeout": %d}\\n',
    summary.requests, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass(frozen=True)
class Load:
    """One load measurement: latencies [ms], answers, CPU per answer [ms]."""

    generator: str
    n: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    server_cpu_ms: float
    client_cpu_ms: float
    gc: str = ""  # the server's collections meanwhile (:func:`_gc_summary`)
    load: float = float("nan")  # machine load (1 min) at the end


@dataclass(frozen=True)
class Served:
    """A running benchmark server."""

    proc: subprocess.Popen[bytes]
    base: str
    headers: dict[str, str]
    run_id: str
    gc_log: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tree_cpu_s(pid: int) -> float:
    """User + system CPU time so far of a process and its live descendants [s]; Linux /proc."""
    parent: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        parent[int(d.name)] = int(fields[1])
        ticks[int(d.name)] = int(fields[11]) + int(fields[12])
    tree, grew = {pid}, True
    while grew:
        new = {p for p, pp in parent.items() if pp in tree} - tree
        tree |= new
        grew = bool(new)
    return sum(ticks.get(p, 0) for p in tree) / os.sysconf("SC_CLK_TCK")


def _setup_store(tmp: Path) -> Path:
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
    return db


@contextmanager
def served() -> Iterator[Served]:
    """Start ``arcticrecon serve`` on a fresh store, log in, finish one plan run."""
    tmp = Path(tempfile.mkdtemp(prefix="arx-bench-web-"))
    db = _setup_store(tmp)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "ARCTICRECON_SECRET_KEY": "benchmark-secret-key-0123456789-abcdefgh",
        "ARCTICRECON_HOME": str(tmp / "home"),
        # the server's garbage collections, one line each (benchmarks/gcprobe)
        "ARX_BENCH_GC_LOG": str(tmp / "gc.log"),
        "PYTHONPATH": os.pathsep.join(
            [str(Path(__file__).resolve().parent / "gcprobe"), os.environ.get("PYTHONPATH", "")]
        ),
    }
    cmd = [sys.executable, "-m", "arcticrecon", "serve", "--port", str(port), "--db", str(db),
           "--mission", str(tmp / "mission.toml")]  # fmt: skip
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
            yield Served(proc, base, h, run["id"], tmp / "gc.log")
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


async def _httpx_latencies(
    base: str, path: str, headers: dict[str, str], clients: int, n: int
) -> np.ndarray:
    """Latencies [s] of ``n`` answers with ``clients`` requests in flight (httpx, asyncio)."""
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


def _gc_offset(srv: Served) -> int:
    return srv.gc_log.stat().st_size if srv.gc_log.exists() else 0


def _gc_summary(srv: Served, offset: int) -> str:
    """The server's gen-1 and gen-2 collections since ``offset`` of its GC log.

    ``gen2 n=3 max 1.2/0.9 ms``: count, longest wall/CPU time (benchmarks/gcprobe).
    """
    if not srv.gc_log.exists():
        return "gc: no log"
    with srv.gc_log.open("rb") as f:
        f.seek(offset)
        rows = [x.split() for x in f.read().decode().splitlines() if x.strip()]
    out = []
    for gen in ("1", "2"):
        sel = [(float(w), float(c)) for g, w, c in rows if g == gen]
        if sel:
            w, c = max(sel)
            out.append(f"gen{gen} n={len(sel)} max {w:.1f}/{c:.1f} ms")
        else:
            out.append(f"gen{gen} n=0")
    return "GC " + ", ".join(out)


def load_httpx(
    srv: Served, path: str, headers: dict[str, str], clients: int, n: int = REQUESTS
) -> Load:
    """``n`` answers with ``clients`` in flight from httpx in this process."""
    g0 = _gc_offset(srv)
    s0, c0 = _tree_cpu_s(srv.proc.pid), time.process_time()
    lat = asyncio.run(_httpx_latencies(srv.base, path, headers, clients, n))
    c1, s1 = time.process_time(), _tree_cpu_s(srv.proc.pid)
    p50, p95, p99 = np.percentile(lat, [50, 95, 99]) * 1000.0
    per = 1000.0 / max(lat.size, 1)
    return Load(
        "httpx", lat.size, p50, p95, p99, (s1 - s0) * per, (c1 - c0) * per,
        _gc_summary(srv, g0), os.getloadavg()[0],
    )  # fmt: skip


def load_wrk(
    srv: Served, path: str, headers: dict[str, str], clients: int, seconds: int = WRK_SECONDS
) -> Load:
    """``clients`` connections for ``seconds`` from ``wrk`` (one thread).

    Raises
    ------
    RuntimeError
        On any error wrk counted (non-2xx answers, socket errors, timeouts).
    """
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_LUA)
    cmd = ["wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "--timeout", "30s", "-s", f.name]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    cmd.append(srv.base + path)
    g0 = _gc_offset(srv)
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    s0 = _tree_cpu_s(srv.proc.pid)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    s1 = _tree_cpu_s(srv.proc.pid)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    os.unlink(f.name)
    line = next(x for x in out.splitlines() if x.startswith("ARX "))
    d = json.loads(line[4:])
    errs = {k: d[k] for k in ("connect", "read", "write", "status", "timeout") if d[k]}
    if errs:
        raise RuntimeError(f"{path}: wrk counted errors {errs}\n{out}")
    per = 1000.0 / max(d["n"], 1)
    client = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
    return Load(
        "wrk", d["n"], d["p50"] / 1e3, d["p95"] / 1e3, d["p99"] / 1e3, (s1 - s0) * per,
        client * per, _gc_summary(srv, g0), os.getloadavg()[0],
    )  # fmt: skip


def _report(name: str, m: Load, ref: Load | None = None, clients: int = 1) -> float:
    """Print one line; return its p99 [ms].

    With ``clients`` > 1 also ``clients x server CPU per answer``: the time one round of
    the closed loop needs on one free core (one uvicorn worker), what p50 tends to on a
    quiet machine; the p99 beyond it is the machine's scheduling.
    """
    ratio = "" if ref is None else f"  x{m.p99_ms / ref.p99_ms:5.1f} health"
    rnd = "" if clients == 1 else f"  {clients} x CPU = {clients * m.server_cpu_ms:5.1f} ms"
    print(
        f"  {name:<26} {m.generator:<5} n={m.n:5d}  p50 {m.p50_ms:6.1f}  p95 {m.p95_ms:6.1f}  "
        f"p99 {m.p99_ms:6.1f} ms{ratio}  CPU/answer: server {m.server_cpu_ms:5.2f} ms, "
        f"client {m.client_cpu_ms:5.2f} ms{rnd}  load {m.load:4.1f}  {m.gc}"
    )
    return m.p99_ms


def main(argv: list[str] | None = None) -> int:
    """Set up, serve, load, print; return 0."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="map routes with wrk only")
    args = ap.parse_args(argv)
    has_wrk = shutil.which("wrk") is not None
    if not has_wrk:
        print("note: wrk is not on PATH (apt install wrk): httpx figures only")
    print(f"server: arcticrecon serve (1 uvicorn worker); machine: {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.2f}")  # fmt: skip
    with served() as srv:
        h = srv.headers
        paths = [(r.split("?")[0], r.format(run=srv.run_id)) for r in MAP_ROUTES]
        for _name, path in [("", "/api/health"), *paths]:
            httpx.get(srv.base + path, headers=h, timeout=60)  # warm (presence is solved once)
        print(f"service time, 1 client, {SEQUENTIAL} answers per route (httpx):")
        for name, path in [("/api/health", "/api/health"), *paths]:
            _report(name, load_httpx(srv, path, {} if name == "/api/health" else h, 1, SEQUENTIAL))
        print(
            f"map feature routes: {MAP_CLIENTS} concurrent clients, loopback "
            f"(target p99 <= {MAP_P99_TARGET_MS:g} ms)"
        )
        worst: dict[str, float] = {}
        gens = (["wrk"] if has_wrk else []) + ([] if args.quick and has_wrk else ["httpx"])
        for gen in gens:

            def run(path: str, hh: dict[str, str], clients: int, gen: str = gen) -> Load:
                if gen == "wrk":
                    return load_wrk(srv, path, hh, clients)
                return load_httpx(srv, path, hh, clients, MAP_REQUESTS)

            ref = run("/api/health", {}, MAP_CLIENTS)
            _report("/api/health", ref, None, MAP_CLIENTS)
            worst[gen] = max(
                _report(name, run(path, h, MAP_CLIENTS), ref, MAP_CLIENTS) for name, path in paths
            )
        if not args.quick:
            print(f"{CLIENTS} concurrent clients, loopback:")
            for gen in gens:
                run50 = (
                    (lambda p, hh: load_wrk(srv, p, hh, CLIENTS))
                    if gen == "wrk"
                    else (lambda p, hh: load_httpx(srv, p, hh, CLIENTS))
                )
                ref = run50("/api/health", {})
                _report("/api/health", ref)
                _report("/api/sites", run50("/api/sites", h), ref)
                _report("/api/opportunities", run50("/api/opportunities?limit=200", h), ref)
        for gen, w in worst.items():
            verdict = "meets" if w <= MAP_P99_TARGET_MS else "MISSES"
            print(
                f"map feature routes ({gen}): worst p99 {w:.1f} ms {verdict} the "
                f"{MAP_P99_TARGET_MS:g} ms target"
            )
    print(f"machine load at the end: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
