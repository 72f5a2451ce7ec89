"""Weighted-sum ranking: public cases AR-24 and AR-25 and the invariants."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import xarray as xr

from arcticrecon.rank import Concept, Constraint, Criterion, rank_options, ranks_from_scores


def _features(values: dict[str, list[float]], ok: list[bool] | None = None) -> xr.Dataset:
    n = len(next(iter(values.values())))
    data: dict[str, tuple[Any, Any]] = {
        k: (("location", "time"), np.asarray(v, float)[:, None]) for k, v in values.items()
    }
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
    scaled = [
        Criterion(c.name, c.variable, c.sense, c.scale, c.unit, c.label, c.weight * 7) for c in AR24
    ]
    b = rank_options(_features(AR24_SITES), _concept(scaled))
    assert a.options["location"].tolist() == b.options["location"].tolist()
    np.testing.assert_allclose(a.options["score"], b.options["score"])


def test_rank_options__fixed_scale_adding_worse_site_keeps_scores():
    crit = [
        Criterion("light", "light_h", "max", (0, 24), "h", "light", 1.0),
        Criterion("dist", "dist_km", "min", (0, 2500), "km", "distance", 1.0),
    ]
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


# --- helpers for the extended cases ----------------------------------------------------------
FIXED = [
    Criterion("light", "light_h", "max", (0, 24), "h/day", "civil light", 0.5),
    Criterion("dist", "dist_km", "min", (0, 2500), "km", "distance", 0.3),
    Criterion("rw", "rw_m", "max", (0, 3000), "m", "runway", 0.2),
]
SITES = {
    "light_h": [9.1, 12.0, 4.0, 20.0],
    "dist_km": [300, 900, 100, 1500],
    "rw_m": [1800, 2800, 900, 3000],
}


def _by_loc(r, col):
    return r.options.set_index("location")[col]


def test_rank_options__ar25_ranks_both_methods():
    # Public case AR-25 through the whole ranking: one criterion on the scale 0..1 makes
    # both the weighted sum and the TOPSIS closeness equal to the value itself.
    crit = [Criterion("s", "s", "max", (0, 1), "", "score", 1.0)]
    r = rank_options(_features({"s": [0.014, 0.61, 0.27, 0.013, 0.99]}), _concept(crit))
    expected = [4, 2, 3, 5, 1]
    assert _by_loc(r, "rank").sort_index().tolist() == expected
    assert _by_loc(r, "topsis_rank").sort_index().tolist() == expected


def test_rank_options__constant_criterion_ar24_topsis():
    r = rank_options(_features(AR24_SITES), _concept(AR24))
    without = rank_options(
        _features({k: v for k, v in AR24_SITES.items() if k != "fuel_available"}),
        _concept(AR24[:2]),
    )
    assert np.isfinite(r.options["topsis_score"]).all()
    assert _by_loc(r, "topsis_rank").sort_index().tolist() == (
        _by_loc(without, "topsis_rank").sort_index().tolist()
    )


def test_rank_options__explanation_parts_sum_to_shown_score():
    import re

    r = rank_options(_features(SITES), _concept(FIXED))
    for row in r.feasible.itertuples():
        shown = float(re.search(r"score (\d+\.\d\d) =", row.explanation).group(1))
        parts = [float(x) for x in re.findall(r"\((\d+\.\d\d)\)", row.explanation)]
        assert len(parts) == 3
        assert round(sum(parts), 2) == shown
        assert shown == pytest.approx(row.score, abs=0.005)
    top = r.options.iloc[0]
    assert top["explanation"].startswith("ranked 1: score ")
    assert "20.0 h/day civil light" in top["explanation"]


def test_rank_options__zero_weight_criterion_changes_nothing():
    base = rank_options(_features(SITES), _concept(FIXED))
    extra = {**SITES, "noise": [5.0, 1.0, 9.0, 2.0]}
    crit = [*FIXED, Criterion("noise", "noise", "max", (0, 10), "", "noise", 0.0)]
    more = rank_options(_features(extra), _concept(crit))
    for col in ("score", "rank", "topsis_score", "topsis_rank", "pareto", "p_top3"):
        np.testing.assert_allclose(_by_loc(base, col).sort_index(), _by_loc(more, col).sort_index())


def test_rank_options__dominated_site_changes_nothing_for_the_others():
    # A site worse than every other on every criterion: weighted sum, TOPSIS (fixed
    # ideals), Pareto flags and p_top3 (same seed) of the others are unchanged.
    base = rank_options(_features(SITES), _concept(FIXED))
    worse = {
        "light_h": [*SITES["light_h"], 1.0],
        "dist_km": [*SITES["dist_km"], 2400],
        "rw_m": [*SITES["rw_m"], 500],
    }
    more = rank_options(_features(worse), _concept(FIXED))
    for col in ("score", "rank", "topsis_score", "topsis_rank", "pareto", "p_top3"):
        np.testing.assert_allclose(
            _by_loc(base, col).sort_index(), _by_loc(more, col).drop("E").sort_index()
        )
    assert _by_loc(more, "rank")["E"] == 5 and not _by_loc(more, "pareto")["E"]


def test_rank_options__scaling_weights_changes_nothing_in_any_method():
    a = rank_options(_features(SITES), _concept(FIXED))
    scaled = [
        Criterion(c.name, c.variable, c.sense, c.scale, c.unit, c.label, c.weight * 9)
        for c in FIXED
    ]
    b = rank_options(_features(SITES), _concept(scaled))
    for col in ("score", "topsis_score", "p_top3", "p_top3_site"):
        np.testing.assert_allclose(a.options[col], b.options[col])
    assert a.sensitivity.swap_site == b.sensitivity.swap_site


def test_rank_options__missing_required_variables_are_all_named():
    from arcticrecon.errors import InputError

    crit = [*FIXED, Criterion("t", "t2m_mean_degC", "min", (-40, 12), "degC", "temp", 1.0)]
    con = Constraint("port", "port_access", "", "port", ">=", 1.0)
    c = Concept("t", "test", "", (Constraint("ok", "ok", "why", "open"), con), tuple(crit))
    with pytest.raises(InputError, match=r"port_access, t2m_mean_degC") as err:
        rank_options(_features(SITES), c)
    assert err.value.value == ["port_access", "t2m_mean_degC"]


def test_rank_options__optional_variable_absent_is_dropped_and_noted():
    crit = [*FIXED, Criterion("t", "t2m_mean_degC", "min", (-40, 12), "degC", "temp", 1.0)]
    c = Concept(
        "t",
        "test",
        "",
        (Constraint("ok", "ok", "why", "open"),),
        tuple(crit),
        optional=frozenset({"t2m_mean_degC"}),
    )
    r = rank_options(_features(SITES), c)
    base = rank_options(_features(SITES), _concept(FIXED))
    assert r.missing == {"t": "t2m_mean_degC"}
    assert "not scored: temp (t2m_mean_degC not available)" in r.notes[0]
    assert "t_value" not in r.options.columns
    assert r.weights == pytest.approx(base.weights)
    np.testing.assert_allclose(r.options["score"], base.options["score"])


def test_rank_options__threshold_constraint_unknown_exclude_or_pass():
    feats = _features({**SITES, "band": [0.0, 4.0, np.nan, 2.0]})
    excl = Constraint("cold", "band", "", "frostbite band", "<=", 3.0, "exclude")
    r = rank_options(feats, Concept("t", "t", "", (excl,), tuple(FIXED)))
    why = _by_loc(r, "excluded_reason")
    assert why["B"] == "frostbite band: band = 4, needs <= 3"
    assert why["C"] == "frostbite band: band unknown"
    assert set(r.feasible["location"]) == {"A", "D"}
    passing = Constraint("cold", "band", "", "frostbite band", "<=", 3.0, "pass")
    r2 = rank_options(feats, Concept("t", "t", "", (passing,), tuple(FIXED)))
    assert set(r2.feasible["location"]) == {"A", "C", "D"}
    assert _by_loc(r2, "explanation")["C"].endswith("; caveat: frostbite band unknown")


def test_rank_options__no_feasible_option_gives_zero_probabilities():
    r = rank_options(_features(SITES, ok=[False] * 4), _concept(FIXED))
    assert r.sensitivity is None and (r.options["p_top3"] == 0).all()
    assert (r.options["rank"] == 0).all() and not r.options["pareto"].any()


def test_rank_options__values_beyond_a_fixed_scale_are_clipped():
    # Runway scale 0..3,000 m (max), distance 0..2,500 km (min), weights 0.5 / 0.5.
    # Pituffik's 3,047 m runway scores 1 (not 3047/3000 = 1.0157) and a site 3,000 km away
    # scores 0 on distance (not 1 - 3000/2500 = -0.2): with the clip a score stays in
    # [0, 1] and the longer runway cannot buy back distance beyond the scale.
    #   A: runway 3,047 m -> 1, distance 3,000 km -> 0      : 0.5 * 1 + 0.5 * 0   = 0.5
    #   B: runway 2,000 m -> 2/3, distance 500 km -> 0.8    : 0.5 * 2/3 + 0.5 * 0.8 = 0.7333
    #   C: runway -10 m (bad data) -> 0, distance -5 km -> 1: 0.5 * 0 + 0.5 * 1   = 0.5
    crit = [
        Criterion("rw", "rw_m", "max", (0.0, 3000.0), "m", "runway", 0.5),
        Criterion("dist", "dist_km", "min", (0.0, 2500.0), "km", "distance", 0.5),
    ]
    f = _features({"rw_m": [3047.0, 2000.0, -10.0], "dist_km": [3000.0, 500.0, -5.0]})
    o = rank_options(f, _concept(crit), draws=0).options.set_index("location")
    assert o["rw_normalised"].to_dict() == {"A": 1.0, "B": pytest.approx(2 / 3), "C": 0.0}
    assert o["dist_normalised"].to_dict() == {"A": 0.0, "B": pytest.approx(0.8), "C": 1.0}
    assert o["score"].to_dict() == {"A": 0.5, "B": pytest.approx(0.7333333), "C": 0.5}
    assert o.loc["B", "rank"] == 1 and o.loc["A", "rank"] == o.loc["C", "rank"] == 2
