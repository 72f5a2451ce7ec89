"""Benchmark: ``arcticrecon plan examples/greenland-recon-2026.toml`` (issue 12: <= 5 s wall).

The whole command as a planner runs it (a fresh process: imports, the plan, the report
folder with HTML, charts and CSV files), median of ``--runs`` runs (default 3) after one
warm-up, stdout to a pipe. Printed beside it in the same run:

- the import floor: a fresh process importing what the command needs
  (``arcticrecon.planner``, ``arcticrecon.report``) and doing nothing else;
- the CPU time of the command (user + system; less noisy than wall time on a shared
  machine) and the ratio of the wall time to the 5 s target.

``--profile`` also prints the top functions by cumulative time (cProfile, one run).

Run: ``python benchmarks/bench_plan.py [--runs 3] [--profile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MISSION = ROOT / "examples" / "greenland-recon-2026.toml"
TARGET_S = 5.0


def _exe() -> list[str]:
    exe = Path(sys.executable).with_name("arcticrecon")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "arcticrecon"]


def _once(argv: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(argv, capture_output=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {r.returncode}: {r.stderr.decode()[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(argv: list[str], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds over ``runs`` runs after one warm-up."""
    _once(argv)
    walls, cpus = zip(*(_once(argv) for _ in range(runs)), strict=True)
    return statistics.median(walls), statistics.median(cpus)


def profile(out: Path) -> str:
    """cProfile of one in-process run: the 25 functions with the most cumulative time."""
    from arcticrecon.cli.main import main

    prof = cProfile.Profile()
    prof.enable()
    rc = main(["plan", str(MISSION), "--out", str(out), "--force", "--format", "json"])
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(25)
    return f"(exit {rc})\n" + buf.getvalue()


def main() -> int:
    """Run the benchmark and print the medians and ratios."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report"
        plan = [*_exe(), "plan", str(MISSION), "--out", str(out), "--force"]
        floor = [sys.executable, "-c", "import arcticrecon.planner, arcticrecon.report"]
        f_wall, f_cpu = measure(floor, args.runs)
        p_wall, p_cpu = measure(plan, args.runs)
        load = os.getloadavg()[0]
        print(
            f"plan {MISSION.name}, median of {args.runs} runs (load {load:.1f}, {os.cpu_count()} cores)"
        )
        print(f"  import floor     {f_wall:6.2f} s wall  {f_cpu:6.2f} s CPU")
        print(f"  plan (whole run) {p_wall:6.2f} s wall  {p_cpu:6.2f} s CPU")
        print(
            f"  ratio to the {TARGET_S:g} s target: {p_wall / TARGET_S:.2f} (wall), "
            f"{p_cpu / TARGET_S:.2f} (CPU); plan / import floor: {p_wall / f_wall:.2f}; "
            f"{'ok' if p_wall <= TARGET_S else 'MISSED'}"
        )
        if args.profile:
            print(profile(Path(tmp) / "profiled"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
