"""Benchmark: arcticrecon's pairwise geodesic matrix vs the geographiclib reference.

Run: ``python benchmarks/bench_geodesic.py``. Prints the time of both and the ratio, and
checks the largest difference (must be < 1 m).
"""

from __future__ import annotations

import time

import numpy as np
from geographiclib.geodesic import Geodesic

from arcticrecon.geo import pairwise_distance_m


def main(n: int = 120) -> None:
    """Time an n x n distance matrix of Greenland points."""
    rng = np.random.default_rng(0)
    lat = rng.uniform(59.0, 84.0, n)
    lon = rng.uniform(-74.0, -10.0, n)
    t0 = time.perf_counter()
    ours = pairwise_distance_m(lat1_deg=lat, lon1_deg=lon, lat2_deg=lat, lon2_deg=lon)
    t1 = time.perf_counter()
    ref = np.array(
        [
            [Geodesic.WGS84.Inverse(a, b, c, d)["s12"] for c, d in zip(lat, lon, strict=True)]
            for a, b in zip(lat, lon, strict=True)
        ]
    )
    t2 = time.perf_counter()
    diff = float(np.max(np.abs(ours - ref)))
    print(
        f"{n}x{n} geodesics: arcticrecon {t1 - t0:.4f} s, geographiclib {t2 - t1:.4f} s, "
        f"speed-up x{(t2 - t1) / (t1 - t0):.1f}, max |diff| {diff:.2e} m"
    )
    assert diff < 1.0


if __name__ == "__main__":
    main()
