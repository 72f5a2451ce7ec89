"""Weighted-sum ranking: public cases AR-24 and AR-25 and the invariants."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from arcticrecon.rank import Concept, Constraint, Criterion, rank_options, ranks_from_scores


def _features(values: dict[str, list[float]], ok: list[bool] | None = None) -> xr.Dataset:
    n = len(next(iter(values.values())))
    data = {k: (("location", "time"), np.asarray(v, float)[:, None]) for k, v in values.items()}
    data["ok"] = ("location", ok if ok is not None else [True] * n)
    data["why"] = ("location", ["" if o else "closed" for o in (ok or [True] * n)])
    return xr.Dataset(data, coords={"location": [chr(65 + i) for i in range(n)], "time": [0]})


def _concept(crit: list[Criterion]) -> Concept:
    return Concept("t", "test", "", (Constraint("ok", "ok", "why", "open"),), tuple(crit))


AR24 = [
    Criterion("runway_m", "runway_m", "max", None, "m", "runway", 0.5),
    Criterion("distance_km", "distance_km", "min", None, "km", "distance", 0.3),
    Criterion("fuel_available", "fuel_available", "max", None, "", "fuel", 0.2),
]
AR24_SITES = {
    "runway_m": [3048, 2810, 1799],
    "distance_km": [1200, 600, 300],
    "fuel_available": [0, 0, 0],
}


def test_ranks_from_scores__ar25_rank_not_argsort():
    # Public case AR-25: rank 1 = best, each site's own rank.
    assert ranks_from_scores([0.014, 0.61, 0.27, 0.013, 0.99]).tolist() == [4, 2, 3, 5, 1]


def test_rank_options__constant_criterion_ar24():
    # Public case AR-24: a criterion equal at every site must not make scores NaN nor
    # change the order compared with leaving it out.
    r = rank_options(_features(AR24_SITES), _concept(AR24))
    assert np.isfinite(r.options["score"]).all()
    assert (r.options["fuel_available_contribution"] == 0).all()
    without = rank_options(
        _features({k: v for k, v in AR24_SITES.items() if k != "fuel_available"}),
        _concept(AR24[:2]),
    )
    order = r.options.sort_values("location")["rank"].tolist()
    assert order == without.options.sort_values("location")["rank"].tolist()


def test_rank_options__contributions_sum_to_score():
    r = rank_options(_features(AR24_SITES), _concept(AR24))
    contrib = r.options[[f"{c.name}_contribution" for c in AR24]].sum(axis=1)
    np.testing.assert_allclose(contrib, r.options["score"])


def test_rank_options__scaling_weights_changes_nothing():
    a = rank_options(_features(AR24_SITES), _concept(AR24))
    scaled = [Criterion(c.name, c.variable, c.sense, c.scale, c.unit, c.label, c.weight * 7)
              for c in AR24]  # fmt: skip
    b = rank_options(_features(AR24_SITES), _concept(scaled))
    assert a.options["location"].tolist() == b.options["location"].tolist()
    np.testing.assert_allclose(a.options["score"], b.options["score"])


def test_rank_options__fixed_scale_adding_worse_site_keeps_scores():
    crit = [Criterion("light", "light_h", "max", (0, 24), "h", "light", 1.0),
            Criterion("dist", "dist_km", "min", (0, 2500), "km", "distance", 1.0)]  # fmt: skip
    base = rank_options(_features({"light_h": [10, 12], "dist_km": [100, 900]}), _concept(crit))
    more = rank_options(
        _features({"light_h": [10, 12, 0], "dist_km": [100, 900, 2400]}), _concept(crit)
    )
    b = base.options.set_index("location")["score"]
    m = more.options.set_index("location")["score"]
    assert b["A"] == pytest.approx(m["A"]) and b["B"] == pytest.approx(m["B"])
    assert more.options.set_index("location")["rank"]["C"] == 3


def test_rank_options__excluded_options_keep_reason_and_no_rank():
    r = rank_options(_features(AR24_SITES, ok=[True, False, True]), _concept(AR24))
    b = r.options.set_index("location").loc["B"]
    assert not b["feasible"] and b["rank"] == 0 and b["excluded_reason"] == "open: closed"
    assert b["explanation"] == "excluded — open: closed"


def test_rank_options__unknown_value_contributes_zero_and_is_named():
    crit = [Criterion("rw", "rw_m", "max", (0, 3000), "m", "runway", 1.0)]
    r = rank_options(_features({"rw_m": [np.nan, 2000]}), _concept(crit))
    a = r.options.set_index("location").loc["A"]
    assert a["rw_contribution"] == 0 and "unknown runway" in a["explanation"]
