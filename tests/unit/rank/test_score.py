"""Weighted-sum ranking: public cases AR-24 and AR-25 and the invariants."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import xarray as xr

from arcticrecon.errors import InputError
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


def test_rank_options__explanation_formats_each_unit_and_unknowns():
    # Weights 0.4 / 0.3 / 0.1 / 0.1 / 0.1 (sum 1). Site A, by hand:
    #   distance 1,234.4 km (min, 0..2,500): 1 - 1234.4 / 2500 = 0.50624 -> x0.4 = 0.202496
    #   runway   2,743 m    (max, 0..3,000): 2743 / 3000 = 0.914333   -> x0.3 = 0.2743
    #   lit      1          (max, 0..1)    : 1                        -> x0.1 = 0.1
    #   band     2          (min, 0..4)    : 1 - 2 / 4 = 0.5          -> x0.1 = 0.05
    #   temp     -12.34 °C  (min, -40..12) : 1 - 27.66 / 52 = 0.468077 -> x0.1 = 0.0468077
    #   score = 0.6736037 -> 0.67; parts in hundredths floor to 27 + 20 + 10 + 5 + 4 = 66,
    #   one short of 67: the largest remainder (temp, .68) gets it -> 5. Listed by
    #   contribution, largest first. Site B knows nothing: every value "unknown", 0.
    crit = [
        Criterion("dist", "dist_km", "min", (0, 2500), "km", "distance", 0.4),
        Criterion("rw", "rw_m", "max", (0, 3000), "m", "runway", 0.3),
        Criterion("lit", "lit", "max", (0, 1), "", "lit", 0.1),
        Criterion("band", "band", "min", (0, 4), "band", "frostbite band", 0.1),
        Criterion("temp", "t_degC", "min", (-40, 12), "degC", "temp", 0.1),
    ]
    nan = np.nan
    f = _features(
        {
            "dist_km": [1234.4, nan],
            "rw_m": [2743.0, nan],
            "lit": [1.0, nan],
            "band": [2.0, nan],
            "t_degC": [-12.34, nan],
        }
    )
    ex = _by_loc(rank_options(f, _concept(crit), draws=0), "explanation")
    assert ex["A"] == (
        "ranked 1: score 0.67 = 2,743 m runway (0.27) + 1,234 km distance (0.20) + 1 lit "
        "(0.10) + 2/4 frostbite band (0.05) + -12.3 °C temp (0.05)"
    )
    assert ex["B"] == (
        "ranked 2: score 0.00 = unknown distance (0.00) + unknown runway (0.00) + unknown "
        "lit (0.00) + unknown frostbite band (0.00) + unknown temp (0.00)"
    )


def test_ranks_from_scores__lower_is_better_nan_and_noise_ties():
    from arcticrecon.errors import InputError

    # lower is better: 1.0 is best, 3.0 worst; ties share the better rank
    assert ranks_from_scores([3.0, 1.0, 2.0, 1.0], higher_is_better=False).tolist() == [4, 1, 3, 1]
    # 3e-13 apart on scores <= 1: below the 1e-12 noise step, a tie; 1e-9 apart: not
    assert ranks_from_scores([0.5, 0.5 + 3e-13]).tolist() == [1, 1]
    assert ranks_from_scores([0.5, 0.5 + 1e-9]).tolist() == [2, 1]
    # on large scores the step scales with the largest: 1e6 and 1e6 + 1e-7 (step 1e-6) tie
    assert ranks_from_scores([1e6, 1e6 + 1e-7, 0.0]).tolist() == [1, 1, 3]
    assert ranks_from_scores([]).tolist() == []
    for bad in (np.nan, np.inf):
        with pytest.raises(InputError) as err:
            ranks_from_scores([0.2, bad])
        assert str(err.value) == "scores must be finite to be ranked"
        assert err.value.field == "scores"


def test_normalise__min_max_over_the_feasible_options_only():
    from arcticrecon.rank import normalise

    c = Criterion("x", "x", "max", None, "", "x", 1.0)
    # feasible 5 and 10 set the range: 0 clips to 0, 7.5 -> 0.5, NaN -> 0
    got = normalise([0.0, 5.0, 7.5, 10.0, np.nan], c, [False, True, True, True, True])
    assert got.tolist() == [0.0, 0.0, 0.5, 1.0, 0.0]
    # without a mask every known value counts: 0..10
    assert normalise([0.0, 5.0, 10.0, np.nan], c).tolist() == [0.0, 0.5, 1.0, 0.0]
    # "min": reversed
    cmin = Criterion("x", "x", "min", None, "", "x", 1.0)
    assert normalise([0.0, 2.5, 10.0], cmin).tolist() == [1.0, 0.75, 0.0]
    # nothing known among the feasible options, or a constant: zeros (AR-24)
    assert normalise([np.nan, 3.0], c, [True, False]).tolist() == [0.0, 0.0]
    assert normalise([4.0, 4.0], c).tolist() == [0.0, 0.0]
    # a fixed scale whose ends are equal also gives zeros, not a division by zero
    flat = Criterion("x", "x", "max", (2.0, 2.0), "", "x", 1.0)
    assert normalise([1.0, 2.0, 3.0], flat).tolist() == [0.0, 0.0, 0.0]
    # a 0/1 mask is a mask (as bools), not indices: options 1 and 2 (5, 10) set the range
    assert normalise([0.0, 5.0, 10.0], c, [0, 1, 1]).tolist() == [0.0, 0.0, 1.0]


def test_rank_options__true_constraint_on_floats_and_caveats_join():
    # "lit" is a 0/1/NaN float constraint that must be true: 1 passes, 0 fails, NaN fails
    # when unknown excludes; two pass-if-unknown constraints both unknown give both
    # caveats, joined by "; ". Without a reason variable the reason states the value and
    # what it needs ("needs true": a "true" constraint has no threshold; this raised a
    # TypeError formatting None before).
    lit = Constraint("lit", "lit", "", "lighted", "true", None, "exclude")
    cold = Constraint("cold", "band", "", "band", "<=", 3.0, "pass")
    warm = Constraint("warm", "t", "", "freezing", "<=", 0.0, "pass")
    crit = [Criterion("rw", "rw_m", "max", (0, 3000), "m", "runway", 1.0)]
    f = _features(
        {
            "rw_m": [1000.0, 2000.0, 3000.0, 1500.0],
            "lit": [1.0, 0.0, np.nan, 1.0],
            "band": [1.0, 1.0, 1.0, np.nan],
            "t": [-5.0, -5.0, -5.0, np.nan],
        }
    )
    r = rank_options(f, Concept("t", "t", "", (lit, cold, warm), tuple(crit)), draws=0)
    why = _by_loc(r, "excluded_reason")
    assert why["B"] == "lighted: lit = 0, needs true"
    assert why["C"] == "lighted: lit unknown"
    assert set(r.feasible["location"]) == {"A", "D"}
    assert _by_loc(r, "explanation")["D"].endswith("; caveat: band unknown; freezing unknown")
    assert "caveat" not in _by_loc(r, "explanation")["A"]


def test_rank_options__input_errors_name_field_and_value():
    from arcticrecon.errors import InputError

    f = _features(SITES)
    with pytest.raises(InputError) as err:
        rank_options(f, _concept(FIXED), draws=-1)
    e = err.value
    assert str(e) == "draws -1 must be >= 0 (0 skips the Monte-Carlo)"
    assert (e.field, e.value, e.valid_range) == ("draws", -1, ">= 0")
    for weights in ((0.0, 0.0, 0.0), (0.5, -0.1, 0.6)):
        crit = [
            Criterion(c.name, c.variable, c.sense, c.scale, c.unit, c.label, w)
            for c, w in zip(FIXED, weights, strict=True)
        ]
        with pytest.raises(InputError) as err:
            rank_options(f, _concept(crit))
        assert str(err.value) == "weights of concept 't' must be >= 0 and not all zero"
        assert err.value.field == "weights"
    only_optional = Concept("t", "t", "", (), (FIXED[0],), optional=frozenset({"light_h"}))
    with pytest.raises(InputError) as err:
        rank_options(f.drop_vars("light_h"), only_optional)
    assert str(err.value) == "concept 't' has no criterion left to score"


def test_rank_options__notes_for_a_dropped_criterion_and_constraint_in_full():
    band = Constraint("cold", "band", "", "frostbite band", "<=", 3.0, "pass")
    crit = [*FIXED, Criterion("t", "t2m_mean_degC", "min", (-40, 12), "degC", "temp", 1.0)]
    c = Concept("t", "t", "", (band,), tuple(crit), optional=frozenset({"t2m_mean_degC", "band"}))
    r = rank_options(_features(SITES), c, draws=0)
    assert r.missing == {"t": "t2m_mean_degC", "cold": "band"}
    assert r.notes == (
        "not scored: temp (t2m_mean_degC not available); its weight is shared among the "
        "other criteria",
        "not checked: frostbite band (band not available)",
    )
    assert r.concept.constraints == () and [k.name for k in r.concept.criteria] == [
        "light",
        "dist",
        "rw",
    ]
    assert "p_top3" not in r.options.columns and r.sensitivity.n_draws == 0


def test_rank_options__order_best_first_ties_and_excluded_by_site_then_time():
    # Three sites x two windows; one criterion on 0..1 equal to the value itself.
    # Scores: Z 0.9/0.5, A 0.5/0.9, M excluded. Ranks: Z-t0 and A-t1 tie at 1 (sorted by
    # site id: A first), then A-t0 and Z-t1 tie at 3 (A first), excluded M last by time.
    f = xr.Dataset(
        {
            "s": (("location", "time"), [[0.9, 0.5], [0.5, 0.9], [0.7, 0.7]]),
            "ok": ("location", [True, True, False]),
            "why": ("location", ["", "", "closed"]),
        },
        coords={"location": ["Z", "A", "M"], "time": [0, 1]},
    )
    crit = [Criterion("s", "s", "max", (0, 1), "", "s", 1.0)]
    o = rank_options(f, _concept(crit), draws=20).options
    assert list(zip(o["location"], o["time"], o["rank"], strict=True)) == [
        ("A", 1, 1),
        ("Z", 0, 1),
        ("A", 0, 3),
        ("Z", 1, 3),
        ("M", 0, 0),
        ("M", 1, 0),
    ]
    # p_top3_site: each site at its best window; only A and Z are feasible (< 3 sites),
    # so both are always among the best 3; the excluded site has 0 for every option
    site = o.set_index(["location", "time"])["p_top3_site"]
    assert site.to_dict() == {
        ("A", 1): 1.0,
        ("Z", 0): 1.0,
        ("A", 0): 1.0,
        ("Z", 1): 1.0,
        ("M", 0): 0.0,
        ("M", 1): 0.0,
    }
    # p_top3: one criterion, so every draw has weight 1 and the scores stay 0.9, 0.9, 0.5,
    # 0.5: the two 0.9 options are always in the best 3, the two 0.5 options share the
    # third place (0.5 each), the excluded ones get 0
    assert o.set_index(["location", "time"])["p_top3"].to_dict() == {
        ("A", 1): 1.0,
        ("Z", 0): 1.0,
        ("A", 0): 0.5,
        ("Z", 1): 0.5,
        ("M", 0): 0.0,
        ("M", 1): 0.0,
    }


def test_rank_options__sensitivity_of_a_tie_by_hand():
    # The dataset of the ordering test: Z 0.9/0.5, A 0.5/0.9, M excluded; one criterion.
    # Options 1 and 2 for the swap are taken in score order, ties by position (Z is the
    # first location): "Z 0" (0.9) and "A 1" (0.9) - they tie, so no weight moves. Sites
    # at their best window: Z 0.9, A 0.9 - a tie too. M has no feasible option and no
    # p_top3_site entry. Integer times are labelled as they are ("Z 0").
    f = xr.Dataset(
        {
            "s": (("location", "time"), [[0.9, 0.5], [0.5, 0.9], [0.7, 0.7]]),
            "ok": ("location", [True, True, False]),
            "why": ("location", ["", "", "closed"]),
        },
        coords={"location": ["Z", "A", "M"], "time": [0, 1]},
    )
    crit = [Criterion("s", "s", "max", (0, 1), "", "s", 1.0)]
    sens = rank_options(f, _concept(crit), draws=20, concentration=12.5, seed=3).sensitivity
    assert (sens.n_draws, sens.concentration, sens.seed) == (20, 12.5, 3)
    assert sens.p_top3_site == {"Z": 1.0, "A": 1.0}
    opt, site = sens.swap_option, sens.swap_site
    assert (opt.first, opt.second, opt.level) == ("Z 0", "A 1", "option")
    assert opt.sentence == "Z 0 and A 1 tie at the chosen weights."
    assert (site.first, site.second, site.level) == ("Z", "A", "site")
    assert site.weight_from == site.weight_to == 1.0 and site.criterion == "s"
    # at a tie no weight moves, and the first of the tied (Z, the first location) stays first
    assert (opt.new_first, site.new_first) == ("Z 0", "Z")
    assert sens.notes == (
        "weights drawn 20 times from a Dirichlet distribution around the chosen weights "
        "(concentration 12.5, seed 3); p_top3 = share of draws in which the option "
        "(p_top3_site: the site at its best window) is among the best 3",
    )
    # one feasible site: no site swap; its two windows still give an option swap
    one = rank_options(f.assign(ok=("location", [True, False, False])), _concept(crit), draws=0)
    assert one.sensitivity.swap_site is None
    assert (one.sensitivity.swap_option.first, one.sensitivity.swap_option.second) == (
        "Z 0",
        "Z 1",
    )


def test_rank_options__reason_variable_empty_and_threshold_defaulting_to_zero():
    # A ">=" constraint without a threshold tests ">= 0" (score.py), and its reason says
    # so (it raised a TypeError formatting None before). A reason variable that is empty
    # for an excluded option gives the label alone.
    crit = [Criterion("rw", "rw_m", "max", (0, 3000), "m", "runway", 1.0)]
    pos = Constraint("pos", "margin", "", "positive margin", ">=")
    f = _features({"rw_m": [1000.0, 2000.0, 3000.0], "margin": [-1.5, 0.0, 2.0]})
    r = rank_options(f, Concept("t", "t", "", (pos,), tuple(crit)), draws=0)
    assert _by_loc(r, "excluded_reason")["A"] == "positive margin: margin = -1.5, needs >= 0"
    assert set(r.feasible["location"]) == {"B", "C"}
    g = f.assign(ok=("location", [False, True, True]), why=("location", ["", "", ""]))
    r = rank_options(g, _concept(crit), draws=0)
    assert _by_loc(r, "excluded_reason")["A"] == "open"


def test_round_to_sum__largest_remainder_by_hand():
    from arcticrecon.rank.score import _round_to_sum

    parts = np.array(
        [
            [0.124, 0.124, 0.252],  # 12.4 12.4 25.2 -> 12 12 25 = 49 of 50: +1 to the
            #                         first largest remainder (0.4, the first of two)
            [0.126, 0.126, 0.248],  # 12.6 12.6 24.8 -> 48 of 50: +1 to 24.8, +1 to the first 12.6
            [0.004, 0.004, 0.0],  # 0.4 0.4 0 -> 0 of rint(0.8) = 1: +1 to the first 0.4
            [0.07, 0.29, 0.0],  # 7 and 29 hundredths exactly (7.000000000000001 in float)
            [0.2, 0.3, 0.5],  # already whole hundredths
            [0.0049, 0.0049, 0.0049],  # three equal remainders, 1 hundredth to give
        ]
    )
    total = np.array([0.5, 0.5, 0.008, 0.36, 1.0, 0.0147])
    assert _round_to_sum(parts, total).tolist() == [
        [13, 12, 25],
        [13, 12, 25],
        [1, 0, 0],
        [7, 29, 0],
        [20, 30, 50],
        [1, 0, 0],
    ]


def test_rank_options__constraint_edges_first_reason_wins_no_caveat_when_excluded():
    # band <= 3 (pass if unknown), then margin >= 1 (exclude if unknown):
    #   A band 3 (= threshold: passes), margin 1 (= threshold: passes) -> feasible
    #   B band 4 fails the first and margin 0 the second: the first reason is kept
    #   C band 5 fails the first; margin unknown would also exclude: first reason kept
    #   D band unknown (passes with a caveat), margin 0 fails: excluded, and an excluded
    #     option shows its reason, not the caveat
    #   E band unknown, margin 2: feasible with the caveat
    cold = Constraint("cold", "band", "", "band", "<=", 3.0, "pass")
    margin = Constraint("margin", "m", "", "margin", ">=", 1.0, "exclude")
    crit = [Criterion("rw", "rw_m", "max", (0, 3000), "m", "runway", 1.0)]
    f = _features(
        {
            "rw_m": [1000.0, 2000.0, 3000.0, 1500.0, 500.0],
            "band": [3.0, 4.0, 5.0, np.nan, np.nan],
            "m": [1.0, 0.0, np.nan, 0.0, 2.0],
        }
    )
    r = rank_options(f, Concept("t", "t", "", (cold, margin), tuple(crit)), draws=0)
    why = _by_loc(r, "excluded_reason")
    assert why.to_dict() == {
        "A": "",
        "E": "",
        "B": "band: band = 4, needs <= 3",
        "C": "band: band = 5, needs <= 3",
        "D": "margin: m = 0, needs >= 1",
    }
    ex = _by_loc(r, "explanation")
    assert ex["D"] == "excluded — margin: m = 0, needs >= 1"
    assert ex["E"] == "ranked 2: score 0.17 = 500 m runway (0.17); caveat: band unknown"
    assert ex["A"] == "ranked 1: score 0.33 = 1,000 m runway (0.33)"


def test_rank_options__bool_constraint_has_no_unknowns_pass_or_exclude_alike():
    # A bool "true" constraint: False fails, True passes; a bool has no unknown value, so
    # "pass if unknown" changes nothing and adds no caveat.
    crit = [Criterion("rw", "rw_m", "max", (0, 3000), "m", "runway", 1.0)]
    f = _features({"rw_m": [1000.0, 2000.0, 3000.0]}, ok=[True, False, True])
    for if_unknown in ("exclude", "pass"):
        con = Constraint("ok", "ok", "why", "open", "true", None, if_unknown)
        r = rank_options(f, Concept("t", "t", "", (con,), tuple(crit)), draws=0)
        assert _by_loc(r, "excluded_reason").to_dict() == {"C": "", "A": "", "B": "open: closed"}
        assert "caveat" not in "".join(r.options["explanation"])


def test_rank_options__variables_in_either_dim_order():
    # c0 given as (time, location), c1 per location; weights 0.5 / 0.5, scales 0..1:
    #   A: t0 0.5 x 0.2 + 0.5 x 1 = 0.6, t1 0.5 x 0.6 + 0.5 = 0.8
    #   B: t0 0.5 x 0.8 + 0 = 0.4, t1 0.5 x 0.4 + 0 = 0.2
    f = xr.Dataset(
        {
            "v0": (("time", "location"), [[0.2, 0.8], [0.6, 0.4]]),
            "v1": ("location", [1.0, 0.0]),
        },
        coords={"location": ["A", "B"], "time": [0, 1]},
    )
    crit = tuple(Criterion(f"c{j}", f"v{j}", "max", (0, 1), "", f"c{j}", 0.5) for j in range(2))
    o = rank_options(f, Concept("t", "t", "", (), crit), draws=0).options
    assert list(zip(o["location"], o["time"], o["rank"], strict=True)) == [
        ("A", 1, 1),
        ("A", 0, 2),
        ("B", 0, 3),
        ("B", 1, 4),
    ]
    assert o["score"].tolist() == pytest.approx([0.8, 0.6, 0.4, 0.2])


def test_rank_options__time_only_and_scalar_variables_broadcast_to_every_site():
    # c0 given per time only (the same at every site), c1 per location, c2 a scalar;
    # weights 0.5 / 0.5 / 0 on scales 0..1 (c2 must only be read, not fail):
    #   A: t0 0.5 x 0.2 + 0.5 x 1 = 0.6, t1 0.5 x 0.6 + 0.5 = 0.8
    #   B: t0 0.5 x 0.2 + 0 = 0.1, t1 0.5 x 0.6 + 0 = 0.3
    f = xr.Dataset(
        {"v0": ("time", [0.2, 0.6]), "v1": ("location", [1.0, 0.0]), "v2": ((), 0.5)},
        coords={"location": ["A", "B"], "time": [0, 1]},
    )
    crit = tuple(
        Criterion(f"c{j}", f"v{j}", "max", (0, 1), "", f"c{j}", w)
        for j, w in enumerate((0.5, 0.5, 0.0))
    )
    o = rank_options(f, Concept("t", "t", "", (), crit), draws=0).options
    assert list(zip(o["location"], o["time"], o["rank"], strict=True)) == [
        ("A", 1, 1),
        ("A", 0, 2),
        ("B", 1, 3),
        ("B", 0, 4),
    ]
    assert o["score"].tolist() == pytest.approx([0.8, 0.6, 0.3, 0.1])
    assert o["c0_value"].tolist() == pytest.approx([0.6, 0.2, 0.6, 0.2])
    assert o["c2_value"].tolist() == [0.5] * 4


def test_rank_options__variable_with_another_dim_is_an_input_error():
    f = xr.Dataset(
        {"v0": (("location", "time", "member"), np.zeros((2, 1, 3)))},
        coords={"location": ["A", "B"], "time": [0]},
    )
    crit = (Criterion("c0", "v0", "max", (0, 1), "", "c0", 1.0),)
    with pytest.raises(InputError, match="feature variable v0 has dims") as e:
        rank_options(f, Concept("t", "t", "", (), crit), draws=0)
    assert (e.value.field, e.value.value) == ("v0", ["location", "time", "member"])


def test_rank_options__defaults_and_p_top3_columns_without_feasible_options():
    r = rank_options(_features(SITES), _concept(FIXED))
    assert (r.sensitivity.seed, r.sensitivity.n_draws) == (0, 1000)
    assert r.sensitivity.concentration == 30.0
    # no feasible option: with draws the probability columns are there and 0; without
    # draws they are absent
    closed = _features(SITES, ok=[False] * 4)
    one = rank_options(closed, _concept(FIXED), draws=1).options
    assert one["p_top3"].tolist() == one["p_top3_site"].tolist() == [0.0] * 4
    none = rank_options(closed, _concept(FIXED), draws=0).options
    assert "p_top3" not in none.columns and "p_top3_site" not in none.columns


def test_rank_options__equal_contributions_listed_in_criterion_order():
    # Four criteria of weight 1/4 on 0..1, values 0, 0, 1, 1: contributions 0, 0, 0.25,
    # 0.25, listed largest first and, among equal ones, in the criteria's order.
    crit = tuple(Criterion(f"c{j}", f"v{j}", "max", (0, 1), "", f"c{j}", 1.0) for j in range(4))
    f = xr.Dataset(
        {f"v{j}": (("location", "time"), [[float(j >= 2)]]) for j in range(4)},
        coords={"location": ["A"], "time": [0]},
    )
    ex = rank_options(f, Concept("t", "t", "", (), crit), draws=0).options["explanation"][0]
    assert ex == "ranked 1: score 0.50 = 1 c2 (0.25) + 1 c3 (0.25) + 0 c0 (0.00) + 0 c1 (0.00)"


def test_round_to_sum__equal_remainders_go_in_column_order():
    from arcticrecon.rank.score import _round_to_sum

    # 1 + 2 + 0.4 + 0.4 hundredths, total 3.8 -> 4: one hundredth for the first 0.4
    assert _round_to_sum(np.array([[0.01, 0.02, 0.004, 0.004]]), np.array([0.038])).tolist() == [
        [1, 2, 1, 0]
    ]
