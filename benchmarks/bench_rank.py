"""Benchmark: ranking all catalogue sites x 52 weekly windows x 8 concepts, and sensitivity.

Targets (issue 6): ranking <= 2 s; 1,000-draw sensitivity <= 5 s. Reference measured in
the same run: pymcdm applied naively - one decision matrix per concept and window built
with pandas, constraints checked row by row, pymcdm WSM + TOPSIS called per window - and,
for the sensitivity, pymcdm WSM called once per weight draw.

Features: the real catalogue (91 OurAirports sites, hubs BGSF and BGGH, aircraft
C-130J-30 and A400M) through ``planner.build_features``; light from
``arcticrecon.light.sun_events`` when that engine is installed, otherwise seeded random
hours (timing only). The cold/ice/logistics variables (``t2m_mean_degC``,
``frostbite_band``, ``port_access``, ``flight_time_h``) are seeded random values for
timing only: their analyses live on other branches.

Run: ``PYTHONPATH=src python benchmarks/bench_rank.py``.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
from pymcdm.methods import TOPSIS, WSM
from scipy.stats import rankdata

from arcticrecon import light, planner
from arcticrecon.catalog import get_aircraft, load_catalog
from arcticrecon.mission.models import ExerciseConcept
from arcticrecon.rank import CONCEPTS, Concept, get_concept, normalise, rank_options
from arcticrecon.rank.sensitivity import dirichlet_weights

START, END = dt.date(2027, 1, 4), dt.date(2028, 1, 2)  # 52 ISO weeks
SEED = 20260119


def _light(sites: list[Any]) -> tuple[xr.Dataset, str]:
    if hasattr(light, "sun_events"):
        return planner.site_light(sites, START, END), "light engine"
    rng = np.random.default_rng(SEED)
    days = pd.date_range(START, END, freq="D")
    shape = (len(sites), len(days))
    day_h = rng.uniform(0, 24, shape)
    ds = xr.Dataset(
        {
            "daylight_s": (("location", "day"), day_h * 3600),
            "civil_light_s": (("location", "day"), np.minimum(day_h + 2, 24) * 3600),
            "nautical_light_s": (("location", "day"), np.minimum(day_h + 4, 24) * 3600),
            "day_state": (("location", "day"), np.full(shape, "normal", dtype=object)),
        },
        coords={"location": [s.icao for s in sites], "day": days},
    )
    return ds, "synthetic light (light engine not installed; timing only)"


def features() -> tuple[xr.Dataset, str]:
    """The feature Dataset (91 sites x 52 weeks) with every variable the library reads."""
    cat = load_catalog()
    sites = list(cat)
    hubs = [cat.get("BGSF"), cat.get("BGGH")]
    ex = ExerciseConcept.model_validate(
        {
            "name": "bench",
            "kind": "cold_weather_land",
            "season": {"from": START, "to": END},
            "window": "week",
            "aircraft": ["C-130J-30", "A400M"],
        }
    )
    ac = [get_aircraft(a) for a in ex.aircraft]
    lds, how = _light(sites)
    ds = planner.build_features(sites, hubs, ex, ac, lds)
    rng = np.random.default_rng(SEED)
    shape = (ds.sizes["location"], ds.sizes["time"])
    ds["t2m_mean_degC"] = (("location", "time"), rng.uniform(-38, 11, shape))
    ds["frostbite_band"] = (("location", "time"), rng.integers(0, 5, shape).astype(float))
    pa = rng.choice([0.0, 1.0, np.nan], size=shape)
    ds["port_access"] = (("location", "time"), pa)
    ds["flight_time_h"] = ("location", ds["hub_distance_km"].values / 500.0)
    return ds, how


def concepts() -> list[Concept]:
    """The 7 library concepts + cold-weather training with the example mission's weights."""
    out = list(CONCEPTS.values())
    out.append(
        get_concept("cold_weather_land").with_weights(
            {"civil_light": 0.3, "runway": 0.3, "access": 0.4}
        )
    )
    return out


def _identity(x: Any, cost: bool = False) -> Any:
    return x


def reference_ranking(ds: xr.Dataset, cs: list[Concept]) -> int:
    """Naive: per concept and window, a pandas table -> pymcdm WSM and TOPSIS -> ranks."""
    wsm, topsis = WSM(_identity), TOPSIS()
    n = 0
    for c in cs:
        for t in ds["time"].values:
            df = ds.sel(time=t).to_dataframe()
            ok = pd.Series(True, index=df.index)
            for con in c.constraints:
                col = df[con.variable]
                if con.op == "true":
                    ok &= col.astype(bool)
                elif con.op == ">=":
                    ok &= col >= con.threshold
                else:
                    ok &= (col <= con.threshold) | col.isna()
            sub = df[ok]
            if len(sub) < 2:
                continue
            m = np.column_stack([normalise(sub[k.variable].to_numpy(), k) for k in c.criteria])
            w = np.array([k.weight for k in c.criteria])
            w = w / w.sum()
            types = np.ones(len(w), dtype=int)
            rankdata(-wsm(m, w, types, validation=False))
            m = m + 1e-9 * np.arange(len(sub))[:, None]  # classic TOPSIS: no constant columns
            rankdata(-topsis(m, w, types, validation=False))
            n += 1
    return n


def reference_sensitivity(ds: xr.Dataset, cs: list[Concept], draws: int) -> None:
    """Naive: per concept, one pymcdm WSM call and one ranking per weight draw."""
    wsm = WSM(_identity)
    for c in cs:
        r = rank_options(ds, c, draws=0)
        f = r.feasible
        m = np.column_stack([f[f"{k.name}_normalised"].to_numpy() for k in r.criteria])
        wd = dirichlet_weights(list(r.weights.values()), draws, seed=0)
        counts = np.zeros(len(f))
        types = np.ones(m.shape[1], dtype=int)
        for wv in wd:
            rk = rankdata(-wsm(m, wv, types, validation=False), method="min")
            counts[rk <= 3] += 1


def main() -> None:
    """Run the benchmark and print times and ratios."""
    ds, how = features()
    cs = concepts()
    print(
        f"features: {ds.sizes['location']} sites x {ds.sizes['time']} weekly windows "
        f"x {len(cs)} concepts ({how})"
    )
    rank_options(ds, cs[0], draws=0)  # warm-up (imports, pymcdm)

    t0 = time.perf_counter()
    for c in cs:
        rank_options(ds, c, draws=0)
    t_rank = time.perf_counter() - t0

    t0 = time.perf_counter()
    for c in cs:
        rank_options(ds, c, draws=1000)
    t_full = time.perf_counter() - t0
    t_sens = t_full - t_rank

    t0 = time.perf_counter()
    n_calls = reference_ranking(ds, cs)
    t_ref_rank = time.perf_counter() - t0

    t0 = time.perf_counter()
    reference_sensitivity(ds, cs, 1000)
    t_ref_sens = time.perf_counter() - t0 - t_rank  # minus its own rank_options calls

    print(
        f"ranking (constraints, weighted sum, TOPSIS, Pareto, explanations, weight to swap): "
        f"{t_rank:.2f} s for 8 concepts (target <= 2 s) "
        f"{'OK' if t_rank <= 2 else 'MISSED'}"
    )
    print(
        f"  reference, pymcdm WSM+TOPSIS per window ({n_calls} windows, no explanations): "
        f"{t_ref_rank:.2f} s  -> ratio reference/ours {t_ref_rank / t_rank:.1f}x"
    )
    print(
        f"sensitivity, 1,000 Dirichlet draws (p_top3 options and sites): {t_sens:.2f} s for "
        f"8 concepts (target <= 5 s) {'OK' if t_sens <= 5 else 'MISSED'}; ranking + "
        f"sensitivity {t_full:.2f} s"
    )
    print(
        f"  reference, pymcdm WSM + rank per draw (options only): {t_ref_sens:.2f} s "
        f"-> ratio reference/ours {t_ref_sens / t_sens:.1f}x"
    )


if __name__ == "__main__":
    main()
