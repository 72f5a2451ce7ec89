"""Benchmark: the command line answers at once (issue 12).

Measured in one run, each command as a fresh process (what a planner types), stdout to
a pipe, median of ``--runs`` runs (default 7) after one warm-up run:

- the reference: ``python -c "import typer"`` (the floor of any typer CLI);
- ``arcticrecon --help``, every ``arcticrecon SUB --help``, ``arcticrecon sites list`` and
  ``arcticrecon cold --temp -20 --wind 30``.

Target: each <= 0.3 s wall, i.e. within 0.2 s of the reference. Printed per command: the
median wall time, the CPU time of the process (user + system, less noisy on a shared
machine), the ratio to the reference and the difference from it.

Run: ``python benchmarks/bench_cli.py [--runs 7]`` (uses the ``arcticrecon`` script next
to the interpreter). Exit code 1 if a target is missed (``--check``).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_S = 0.3
MARGIN_S = 0.2


def _exe() -> list[str]:
    exe = Path(sys.executable).with_name("arcticrecon")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "arcticrecon"]


def _run_once(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(argv, capture_output=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {r.returncode}: {r.stderr.decode()[:300]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(argv: list[str], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds over ``runs`` runs (after one warm-up)."""
    _run_once(argv)
    walls, cpus = zip(*(_run_once(argv) for _ in range(runs)), strict=True)
    return statistics.median(walls), statistics.median(cpus)


def commands() -> list[tuple[str, list[str]]]:
    """The measured command lines (label, argv)."""
    from arcticrecon.cli.main import COMMANDS

    exe = _exe()
    out = [("arcticrecon --help", [*exe, "--help"])]
    out += [(f"arcticrecon {name} --help", [*exe, name, "--help"]) for name in COMMANDS]
    out += [
        ("arcticrecon sites list", [*exe, "sites", "list"]),
        ("arcticrecon cold --temp -20 --wind 30", [*exe, "cold", "--temp", "-20", "--wind", "30"]),
    ]
    return out


def main() -> int:
    """Run the benchmark; print one line per command."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = ap.parse_args()
    env_note = f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    ref_wall, ref_cpu = measure([sys.executable, "-c", "import typer"], args.runs)
    print(f"CLI start-up, median of {args.runs} runs ({env_note})")
    print(f"reference  python -c 'import typer': {ref_wall:.3f} s wall, {ref_cpu:.3f} s CPU")
    print(f"{'command':48s} {'wall s':>7s} {'CPU s':>7s} {'ratio':>6s} {'+ref s':>7s}  target")
    missed = []
    for label, argv in commands():
        wall, cpu = measure(argv, args.runs)
        ok = wall <= TARGET_S or wall - ref_wall <= MARGIN_S
        if not ok:
            missed.append(label)
        print(
            f"{label:48s} {wall:7.3f} {cpu:7.3f} {wall / ref_wall:6.2f} {wall - ref_wall:+7.3f}  "
            f"{'ok' if ok else 'MISSED'}"
        )
    print(
        f"target: <= {TARGET_S} s wall or within {MARGIN_S} s of the reference; "
        f"{len(missed)} missed"
    )
    return 1 if (missed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
