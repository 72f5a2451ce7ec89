"""Benchmark: vectorised wind chill vs a scalar loop of the published JAG/TI equation.

Reference implementation: the equation as printed by ECCC/NWS, evaluated per element in
pure Python (what a spreadsheet-style implementation does). Prints both times and the
ratio; also checks that both give the same numbers. Run:
``PYTHONPATH=src python benchmarks/bench_windchill.py``.
"""

from __future__ import annotations

import time

import numpy as np

from arcticrecon.cold import cold_risk_table, wind_chill


def reference_loop(t_degC: np.ndarray, v_kmh: np.ndarray) -> list[float]:
    out = []
    for t, v in zip(t_degC.tolist(), v_kmh.tolist(), strict=True):
        if t <= 10.0 and v >= 4.8:
            out.append(min(13.12 + 0.6215 * t - 11.37 * v**0.16 + 0.3965 * t * v**0.16, t))
        else:
            out.append(t)
    return out


def main() -> None:
    rng = np.random.default_rng(0)
    n = 1_000_000  # e.g. 90 sites x 365 days x 30 hours... an hourly year for ~115 sites
    t = rng.uniform(-50.0, 15.0, n)
    v = rng.uniform(0.0, 90.0, n)
    t0 = time.perf_counter()
    ours = wind_chill(t, v).wind_chill_degC
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    ref = np.asarray(reference_loop(t, v))
    t_ref = time.perf_counter() - t0
    assert np.allclose(ours, ref, atol=1e-9)
    print(
        f"wind_chill, {n:,} values: arcticrecon {t_ours * 1e3:.1f} ms, reference loop {t_ref * 1e3:.1f} ms, ratio {t_ref / t_ours:.1f}x"
    )
    grid = rng.uniform(-40.0, 10.0, (1000, 12))
    t0 = time.perf_counter()
    cold_risk_table(grid)
    print(
        f"cold_risk_table, 1000 locations x 12 months x 3 winds: {(time.perf_counter() - t0) * 1e3:.1f} ms"
    )


if __name__ == "__main__":
    main()
