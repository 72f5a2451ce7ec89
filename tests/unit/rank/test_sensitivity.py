"""Sensitivity: Dirichlet draws, p_top3, the weight change that swaps ranks 1 and 2."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from arcticrecon.errors import InputError
from arcticrecon.rank import (
    Concept,
    Constraint,
    Criterion,
    apply_weight_change,
    dirichlet_weights,
    rank_options,
    top_k_probability,
    weight_change_to_swap,
)

CRIT = (
    Criterion("light", "light_h", "max", (0, 24), "h/day", "civil light", 0.4),
    Criterion("dist", "dist_km", "min", (0, 2500), "km", "distance", 0.35),
    Criterion("rw", "rw_m", "max", (0, 3000), "m", "runway", 0.25),
)


def _concept(crit=CRIT) -> Concept:
    return Concept("t", "test", "", (Constraint("ok", "ok", "why", "open"),), tuple(crit))


def _random_features(seed: int, n_loc: int = 12, n_time: int = 6) -> xr.Dataset:
    rng = np.random.default_rng(seed)
    ok = rng.random(n_loc) > 0.15
    return xr.Dataset(
        {
            "light_h": (("location", "time"), rng.uniform(0, 24, (n_loc, n_time))),
            "dist_km": ("location", rng.uniform(0, 2500, n_loc)),
            "rw_m": ("location", rng.uniform(0, 3000, n_loc)),
            "ok": ("location", ok),
            "why": ("location", np.where(ok, "", "closed")),
        },
        coords={
            "location": [f"S{i:02d}" for i in range(n_loc)],
            "time": pd.date_range("2027-01-04", periods=n_time, freq="7D"),
        },
    )


def _with_weights(concept: Concept, weights: dict[str, float]) -> Concept:
    return concept.with_weights(weights)


def test_dirichlet_weights__rows_sum_to_one_zero_stays_zero_and_mean():
    w = dirichlet_weights([0.5, 0.0, 0.3, 0.2], 4000, concentration=30.0, seed=7)
    np.testing.assert_allclose(w.sum(axis=1), 1.0)
    assert (w[:, 1] == 0).all() and (w >= 0).all()
    # mean = the chosen weights; sd = sqrt(w (1 - w) / (c + 1)) (Dirichlet moments)
    np.testing.assert_allclose(w.mean(axis=0), [0.5, 0, 0.3, 0.2], atol=0.01)
    assert w[:, 2].std() == pytest.approx(np.sqrt(0.3 * 0.7 / 31), rel=0.1)


def test_dirichlet_weights__seeded_and_bad_input():
    np.testing.assert_array_equal(
        dirichlet_weights([1, 2, 3], 5, seed=3), dirichlet_weights([1, 2, 3], 5, seed=3)
    )
    assert not np.array_equal(
        dirichlet_weights([1, 2, 3], 5, seed=3), dirichlet_weights([1, 2, 3], 5, seed=4)
    )
    with pytest.raises(InputError):
        dirichlet_weights([0, 0], 5)
    with pytest.raises(InputError):
        dirichlet_weights([1, 1], 5, concentration=0)


def test_top_k_probability__ties_share_the_remaining_places():
    p = top_k_probability([[1.0], [1.0], [1.0], [1.0], [0.0]], k=3)
    np.testing.assert_allclose(p, [0.75, 0.75, 0.75, 0.75, 0.0])
    assert top_k_probability([[0.2], [0.1]]).tolist() == [1.0, 1.0]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rank_options__p_top3_in_unit_interval_and_sums_to_three(seed):
    r = rank_options(_random_features(seed), _concept(), draws=300, seed=seed)
    p = r.options["p_top3"]
    assert ((p >= 0) & (p <= 1)).all()
    assert p.sum() == pytest.approx(3.0)
    assert (p[~r.options["feasible"]] == 0).all()
    per_site = r.options.drop_duplicates("location").set_index("location")["p_top3_site"]
    assert per_site.sum() == pytest.approx(3.0)
    assert sum(r.sensitivity.p_top3_site.values()) == pytest.approx(3.0)


def test_rank_options__p_top3_is_reproducible_with_the_seed():
    f = _random_features(5)
    a = rank_options(f, _concept(), draws=200, seed=11)
    b = rank_options(f, _concept(), draws=200, seed=11)
    c = rank_options(f, _concept(), draws=200, seed=12)
    np.testing.assert_array_equal(a.options["p_top3"], b.options["p_top3"])
    assert not np.array_equal(a.options["p_top3"], c.options["p_top3"])


def test_weight_change_to_swap__hand_example():
    # Leader A (1, 0), runner-up B (0, 1), weights 0.6/0.4: at 0.5/0.5 they tie.
    j, w_to = weight_change_to_swap([[1.0, 0.0], [0.0, 1.0]], [0.6, 0.4], [0], [1])
    assert w_to == pytest.approx(0.5) and j in (0, 1)
    # A runner-up worse on every criterion can never overtake.
    assert weight_change_to_swap([[1.0, 1.0], [0.5, 0.5]], [0.5, 0.5], [0], [1]) is None


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_rank_options__weight_change_swaps_ranks_1_and_2_when_applied(seed):
    f = _random_features(seed)
    r = rank_options(f, _concept(), draws=0)
    for wc, level in ((r.sensitivity.swap_site, "site"), (r.sensitivity.swap_option, "option")):
        if wc is None or not wc.possible:
            continue
        assert wc.level == level and wc.weight_from == pytest.approx(r.weights[wc.criterion])
        step = 1e-6 if wc.weight_to > wc.weight_from else -1e-6
        new = apply_weight_change(r.weights, wc.criterion, wc.weight_to + step)
        again = rank_options(f, _with_weights(_concept(), new), draws=0).feasible
        if level == "site":
            best = again.drop_duplicates("location").set_index("location")["score"]
            assert best[wc.second] > best[wc.first]
            assert again.iloc[0]["location"] == wc.new_first
        else:
            lab = again["location"] + " " + pd.to_datetime(again["time"]).dt.strftime("%Y-%m-%d")
            sc = dict(zip(lab, again["score"], strict=True))
            assert sc[wc.second] > sc[wc.first]
        # ... and not before: just short of the change the leader still leads.
        short = apply_weight_change(r.weights, wc.criterion, wc.weight_to - 1e3 * step)
        before = rank_options(f, _with_weights(_concept(), short), draws=0).feasible
        if level == "site":
            best = before.drop_duplicates("location").set_index("location")["score"]
            assert best[wc.first] > best[wc.second]


def test_rank_options__weight_change_sentence():
    f = _random_features(0)
    wc = rank_options(f, _concept(), draws=0).sensitivity.swap_site
    assert wc.sentence.startswith(f"{wc.first} stays ahead of {wc.second} unless the weight of")
    assert f"from {wc.weight_from:.2f} to {wc.weight_to:.2f}" in wc.sentence


def test_rank_options__runner_up_better_nowhere_cannot_swap():
    f = _random_features(0, n_loc=2, n_time=1)
    f["light_h"][:] = [[20.0], [10.0]]
    f["dist_km"][:] = [100.0, 900.0]
    f["rw_m"][:] = [3000.0, 1000.0]
    f["ok"][:] = True
    wc = rank_options(f, _concept(), draws=0).sensitivity.swap_site
    assert not wc.possible and wc.delta is None
    assert (
        wc.sentence
        == "No single weight change puts S01 ahead of S00: it is better on no criterion."
    )


def test_apply_weight_change__keeps_the_others_in_proportion():
    new = apply_weight_change({"a": 0.5, "b": 0.3, "c": 0.2}, "a", 0.75)
    assert new == pytest.approx({"a": 0.75, "b": 0.15, "c": 0.1})
    with pytest.raises(InputError):
        apply_weight_change({"a": 1.0}, "b", 0.5)


def test_weight_change_to_swap__subnormal_difference_neither_overflows_nor_swaps():
    # Criterion 1 separates the two options by 2.2e-311 only (a zero-weight criterion
    # whose raw values were 2.2e-310 and 0 on a 0..10 scale: the hypothesis find).
    # Tying through it needs d = ds / dv = 0.5 / -2.2e-311: an overflow, i.e. all the
    # weight on criterion 1, which is no weight in (0, 1). Through criterion 0 the tie
    # needs its weight 0.5 -> 0 (d = -0.5), which no weight can reach. So: None, and no
    # RuntimeWarning (warnings are errors here).
    nm = [[1.0, 2.2e-311], [0.0, 0.0]]
    assert weight_change_to_swap(nm, [0.5, 0.5], [0], [1]) is None
    # a real swap beside the subnormal one is still found: option 1 leads on criterion 2,
    # s_a = 0.5 + 0.25 = 0.75 at w = (0.5, 0.25, 0.25), s_b = 0.25 + 0.25 * 1 = 0.5; tie
    # moving w2 alone: w2' = (0.25 + d) / (1 + d) with 0.75 - 0.5 = d * (1 - 0) -> d = 0.25,
    # w2' = 0.5 / 1.25 = 0.4
    nm3 = [[1.0, 2.2e-311, 0.0], [0.0, 0.0, 1.0]]
    j, w_to = weight_change_to_swap(nm3, [0.5, 0.25, 0.25], [0], [1])
    assert (j, w_to) == (2, pytest.approx(0.4, abs=1e-12))


def test_apply_weight_change__bad_input_names_field_and_range():
    with pytest.raises(InputError) as err:
        apply_weight_change({"a": 0.6, "b": 0.4}, "c", 0.5)
    assert str(err.value) == "no criterion 'c' among ['a', 'b']"
    assert err.value.field == "criterion"
    for bad in (-0.01, 1.01):
        with pytest.raises(InputError) as err:
            apply_weight_change({"a": 0.6, "b": 0.4}, "a", bad)
        assert str(err.value) == f"weight_to {bad} is outside [0, 1]"
        e = err.value
        assert (e.field, e.value, e.valid_range) == ("weight_to", bad, (0.0, 1.0))
    # the ends of [0, 1] are allowed: weight 0 gives the rest all of it, 1 takes it all
    assert apply_weight_change({"a": 0.6, "b": 0.4}, "a", 0.0) == pytest.approx(
        {"a": 0.0, "b": 1.0}
    )
    assert apply_weight_change({"a": 0.6, "b": 0.4}, "a", 1.0) == pytest.approx(
        {"a": 1.0, "b": 0.0}
    )


def test_apply_weight_change__criterion_holding_all_the_weight():
    # "a" holds all the weight: the others (all 0) cannot be rescaled to make up 1 - 0.5
    with pytest.raises(InputError, match="'a' holds all the weight; no other weight"):
        apply_weight_change({"a": 1.0, "b": 0.0}, "a", 0.5)
    # ... but keeping it at 1 is fine and leaves the others at 0 (factor 0, not 1 or a
    # division by zero)
    assert apply_weight_change({"a": 1.0, "b": 0.0}, "a", 1.0) == {"a": 1.0, "b": 0.0}


def test_top_k_probability__ties_within_1e12_share_and_k_1():
    # k = 3 of 4: the third best (1e-12) and the fourth (0.0) differ by exactly 1e-12, i.e.
    # they are tied at the third place (within 1e-12) and share the one place left: 0.5
    # each; the two clearly better options get 1.
    p = top_k_probability([[1.0], [0.5], [1e-12], [0.0]], k=3)
    assert p.tolist() == [1.0, 1.0, 0.5, 0.5]
    # k = 2 of 4: 1e-12 and the three zeros are all tied at the second place (the best
    # is 1e-12, within 1e-12 of 0): the 2 places go 0.5 each, none is "above" the tie.
    p = top_k_probability([[1e-12], [0.0], [0.0], [0.0]], k=2)
    assert p.tolist() == [0.5, 0.5, 0.5, 0.5]
    # k = 1, two draws: the first draw is won by option 0, the second by option 1.
    p = top_k_probability([[0.3, 0.1], [0.2, 0.4], [0.0, 0.0]], k=1)
    assert p.tolist() == [0.5, 0.5, 0.0]


def test_top_k_probability__equals_counting_the_sorted_top_k():
    # Reference: sort every draw and count who is in its first k (no ties in random data).
    rng = np.random.default_rng(8)
    s = rng.random((40, 150))
    for k in (1, 3, 5):
        ref = np.zeros(40)
        for j in range(s.shape[1]):
            ref[np.argsort(-s[:, j])[:k]] += 1
        np.testing.assert_allclose(top_k_probability(s, k=k), ref / s.shape[1], atol=1e-15)


def test_dirichlet_weights__are_numpys_dirichlet_around_the_normalised_weights():
    # Reference: the documented draw, alpha = concentration x (weights / sum), from
    # numpy.random.default_rng(seed).dirichlet; the default seed is 0 and the default
    # concentration 30. Weights 2:1:1 normalise to 0.5/0.25/0.25 -> alpha 15, 7.5, 7.5.
    ref = np.random.default_rng(0).dirichlet([15.0, 7.5, 7.5], size=6)
    np.testing.assert_array_equal(dirichlet_weights([2, 1, 1], 6), ref)
    # concentration 0.5 (below 1, still valid): alpha 0.25, 0.125, 0.125, seed 4
    ref = np.random.default_rng(4).dirichlet([0.25, 0.125, 0.125], size=3)
    np.testing.assert_array_equal(dirichlet_weights([2, 1, 1], 3, concentration=0.5, seed=4), ref)
    # a zero weight is left out of the draw (not drawn with alpha 0) and stays 0:
    # weights 0.5/0/0.5 draw (15, 15) into columns 0 and 2
    ref = np.random.default_rng(2).dirichlet([15.0, 15.0], size=5)
    w = dirichlet_weights([0.5, 0.0, 0.5], 5, seed=2)
    np.testing.assert_array_equal(w[:, [0, 2]], ref)
    assert (w[:, 1] == 0).all()


def test_dirichlet_weights__one_positive_weight_takes_all():
    np.testing.assert_array_equal(
        dirichlet_weights([0.0, 3.0, 0.0], 4), np.tile([0.0, 1.0, 0.0], (4, 1))
    )


def test_dirichlet_weights__errors_say_what_and_name_the_field():
    for bad in ([0.0, 0.0], [0.5, -0.1]):
        with pytest.raises(InputError) as err:
            dirichlet_weights(bad, 5)
        assert str(err.value) == "weights must be non-negative with at least one positive"
    for c in (0.0, -2.0):
        with pytest.raises(InputError) as err:
            dirichlet_weights([1, 1], 5, concentration=c)
        e = err.value
        assert str(e) == f"concentration {c} must be > 0"
        assert (e.field, e.value, e.valid_range) == ("concentration", c, "> 0")


def test_weight_change__sentences_delta_and_possible():
    from arcticrecon.rank import WeightChange

    base = {"first": "BGSF", "second": "BGGH", "level": "site", "criterion": "runway"}
    tie = WeightChange(**base, label="longest runway", weight_from=0.3, weight_to=0.3)
    assert tie.sentence == "BGSF and BGGH tie at the chosen weights."
    assert tie.delta == 0.0 and tie.possible
    up = WeightChange(
        **base, label="longest runway", weight_from=0.3, weight_to=0.45, new_first="BGGH"
    )
    assert up.sentence == (
        "BGSF stays ahead of BGGH unless the weight of longest runway moves from 0.30 to "
        "0.45 (+0.15)."
    )
    assert up.delta == pytest.approx(0.15)
    third = WeightChange(
        **base, label="longest runway", weight_from=0.3, weight_to=0.2, new_first="BGTL"
    )
    assert third.sentence == (
        "BGSF stays ahead of BGGH unless the weight of longest runway moves from 0.30 to "
        "0.20 (-0.10); BGTL would then rank first."
    )
    none = WeightChange(first="BGSF", second="BGGH", level="site")
    assert not none.possible and none.delta is None
    assert none.sentence == (
        "No single weight change puts BGGH ahead of BGSF: it is better on no criterion."
    )


def _unit_concept(weights, ok_var="ok"):
    crit = tuple(
        Criterion(f"c{j}", f"v{j}", "max", (0, 1), "", f"criterion {j}", w)
        for j, w in enumerate(weights)
    )
    return Concept("t", "test", "", (Constraint(ok_var, ok_var, "", "open"),), crit)


def test_rank_options__weight_change_to_swap_by_hand():
    # Criteria on 0..1 (normalised = value), weights 0.5, 0.3, 0.2. A = (1, 0, 0) scores
    # 0.5, B = (0, 1, 0.5) 0.3 + 0.1 = 0.4. Setting one weight to t and scaling the others
    # by (1 - t) / (1 - w_j), the scores tie at:
    #   c0: A = t, B = 0.4 (1 - t) / 0.5          -> t = 4/9 = 0.444 (-0.056)
    #   c1: 0.5 (1 - t) / 0.7 = t + 0.1 (1 - t) / 0.7 -> t = 4/11 = 0.364 (+0.064)
    #   c2: 0.5 (1 - t) / 0.8 = 0.5 t + 0.3 (1 - t) / 0.8 -> t = 1/3 (+0.133)
    # The smallest change is c0 to 4/9; just beyond it B leads.
    f = xr.Dataset(
        {
            "v0": (("location", "time"), [[1.0], [0.0]]),
            "v1": (("location", "time"), [[0.0], [1.0]]),
            "v2": (("location", "time"), [[0.0], [0.5]]),
            "ok": ("location", [True, True]),
        },
        coords={"location": ["A", "B"], "time": [0]},
    )
    sens = rank_options(f, _unit_concept([0.5, 0.3, 0.2]), draws=0).sensitivity
    for wc, first, second in ((sens.swap_option, "A 0", "B 0"), (sens.swap_site, "A", "B")):
        assert (wc.first, wc.second, wc.new_first) == (first, second, second)
        assert (wc.criterion, wc.label) == ("c0", "criterion 0")
        assert wc.weight_from == pytest.approx(0.5)
        assert wc.weight_to == pytest.approx(4 / 9)
        assert wc.sentence == (
            f"{first} stays ahead of {second} unless the weight of criterion 0 moves from "
            "0.50 to 0.44 (-0.06)."
        )
    assert (sens.swap_option.level, sens.swap_site.level) == ("option", "site")


def test_rank_options__p_top3_site_groups_windows_by_site_and_skips_excluded_ones():
    # One criterion (weight 1): every draw has the same scores, so p_top3 is 0 or 1 (or a
    # share of a tie). Windows: A (0.9, 0.1), B (0.2, 0.8), C (0.7 excluded, 0.3),
    # D (0.6, 0.65), E both excluded. Sites at their best feasible window: A 0.9, B 0.8,
    # D 0.65, C 0.3 -> A, B, D in the best 3 sites; options: A0 0.9, B1 0.8, D1 0.65.
    f = xr.Dataset(
        {
            "v0": (
                ("location", "time"),
                [[0.9, 0.1], [0.2, 0.8], [0.7, 0.3], [0.6, 0.65], [1.0, 1.0]],
            ),
            "ok": (
                ("location", "time"),
                [[True, True], [True, True], [False, True], [True, True], [False, False]],
            ),
        },
        coords={"location": ["A", "B", "C", "D", "E"], "time": [0, 1]},
    )
    r = rank_options(f, _unit_concept([1.0]), draws=30)
    assert r.sensitivity.p_top3_site == {"A": 1.0, "B": 1.0, "C": 0.0, "D": 1.0}
    o = r.options.set_index(["location", "time"])
    assert o["p_top3_site"].to_dict() == {
        ("A", 0): 1.0,
        ("B", 1): 1.0,
        ("D", 1): 1.0,
        ("D", 0): 1.0,
        ("C", 1): 0.0,
        ("B", 0): 1.0,
        ("A", 1): 1.0,
        ("C", 0): 0.0,
        ("E", 0): 0.0,
        ("E", 1): 0.0,
    }
    assert o["p_top3"].to_dict() == {
        ("A", 0): 1.0,
        ("B", 1): 1.0,
        ("D", 1): 1.0,
        ("D", 0): 0.0,
        ("C", 1): 0.0,
        ("B", 0): 0.0,
        ("A", 1): 0.0,
        ("C", 0): 0.0,
        ("E", 0): 0.0,
        ("E", 1): 0.0,
    }
    # the swaps: options A0 (0.9) and B1 (0.8); sites A and B. One criterion: no single
    # weight can change the order
    assert (r.sensitivity.swap_option.first, r.sensitivity.swap_option.second) == ("A 0", "B 1")
    assert (r.sensitivity.swap_site.first, r.sensitivity.swap_site.second) == ("A", "B")
    assert not r.sensitivity.swap_site.possible
    # one draw is enough when every draw is the same; no draws: no p_top3 and zeros
    one = rank_options(f, _unit_concept([1.0]), draws=1)
    assert one.options["p_top3"].tolist() == r.options["p_top3"].tolist()
    assert one.sensitivity.p_top3_site == r.sensitivity.p_top3_site
    none = rank_options(f, _unit_concept([1.0]), draws=0)
    assert "p_top3" not in none.options.columns
    assert none.sensitivity.p_top3_site == {"A": 0.0, "B": 0.0, "C": 0.0, "D": 0.0}
    # a single feasible option: nothing to swap at either level
    only = rank_options(f.assign(ok=f["ok"] & (f["v0"] == 0.9)), _unit_concept([1.0]), draws=5)
    assert only.sensitivity.swap_option is None and only.sensitivity.swap_site is None
    assert only.sensitivity.p_top3_site == {"A": 1.0}


def _swap_by_search(nm, w, first, second):
    """Nearest tie by scanning each weight (the test's reference for weight_change_to_swap).

    For criterion j the weight is set to t and the others scaled by (1 - t) / (1 - w_j);
    walking from w_j up and down on a 1e-4 grid, the first t at which the second group's
    best score exceeds the first's brackets the tie, refined by bisection.
    """
    best = None
    for j in range(w.size):

        def gap(t, j=j):
            w2 = w * ((1 - t) / (1 - w[j]))
            w2[j] = t
            s = nm @ w2
            return s[second].max() - s[first].max()

        for direction in (1, -1):
            grid = np.arange(w[j], 1.0 if direction > 0 else 0.0, direction * 1e-4)[1:]
            hit = next((t for t in grid if 1e-9 < t < 1 - 1e-9 and gap(t) > 0), None)
            if hit is None:
                continue
            lo, hi = hit - direction * 1e-4, hit
            for _ in range(60):
                mid = (lo + hi) / 2
                lo, hi = (lo, mid) if gap(mid) > 0 else (mid, hi)
            if best is None or abs(hi - w[j]) < best[0]:
                best = (abs(hi - w[j]), j, hi)
    return None if best is None else (best[1], best[2])


@pytest.mark.parametrize("seed", range(25))
def test_weight_change_to_swap__equals_a_search_over_each_weight(seed):
    # Groups of options (a site's windows): leader rows 0-1, runner-up rows 2-4, three
    # criteria; the closed form must find the same criterion and the same tie weight.
    rng = np.random.default_rng(seed)
    nm = rng.random((5, 3))
    w = rng.dirichlet(np.ones(3))
    first, second = [0, 1], [2, 3, 4]
    s = nm @ w
    if s[second].max() > s[first].max():
        first, second = second, first
    got = weight_change_to_swap(nm, w, first, second)
    ref = _swap_by_search(nm, w, first, second)
    if ref is None:
        assert got is None
    else:
        assert got is not None and got[0] == ref[0]
        assert got[1] == pytest.approx(ref[1], abs=1e-6)


def test_rank_options__weight_change_upwards_by_hand():
    # Weights 0.3, 0.5, 0.2. A = (0, 1, 0) scores 0.5, B = (1, 0, 0) 0.3. Ties at:
    #   c0 up to t:   0.5 (1 - t) / 0.7 = t -> t = 5/12 = 0.417 (+0.117)
    #   c1 down to t: t = 0.3 (1 - t) / 0.5 -> t = 3/8 = 0.375 (-0.125)
    #   c2: both scale by (1 - t) / 0.8, never
    # The smallest is c0 up to 5/12; just beyond it (the others scaled down) B leads.
    f = xr.Dataset(
        {
            "v0": (("location", "time"), [[0.0], [1.0]]),
            "v1": (("location", "time"), [[1.0], [0.0]]),
            "v2": (("location", "time"), [[0.0], [0.0]]),
            "ok": ("location", [True, True]),
        },
        coords={"location": ["A", "B"], "time": [0]},
    )
    wc = rank_options(f, _unit_concept([0.3, 0.5, 0.2]), draws=0).sensitivity.swap_option
    assert (wc.criterion, wc.first, wc.second, wc.new_first) == ("c0", "A 0", "B 0", "B 0")
    assert (wc.weight_from, wc.weight_to) == (pytest.approx(0.3), pytest.approx(5 / 12))
    assert wc.sentence == (
        "A 0 stays ahead of B 0 unless the weight of criterion 0 moves from 0.30 to 0.42 (+0.12)."
    )


def test_weight_change_to_swap__a_tie_returns_the_largest_weight_unchanged():
    # both score 0.5 (0.2 x 1 + 0.5 x 0.6 = 0.5; 0.2 x 0 + 0.5 x 0.4 + 0.3 x 1 = 0.5)
    nm = [[1.0, 0.6, 0.0], [0.0, 0.4, 1.0]]
    assert weight_change_to_swap(nm, [0.2, 0.5, 0.3], [0], [1]) == (1, 0.5)
    # within 1e-12 still a tie; 1e-9 apart it is not
    assert weight_change_to_swap([[0.5 + 1e-13], [0.5]], [1.0], [0], [1]) == (0, 1.0)
    assert weight_change_to_swap([[0.5 + 1e-9], [0.5]], [1.0], [0], [1]) is None


def test_weight_change_to_swap__a_tie_only_at_weight_zero_does_not_count():
    # A = (1, 0.5), B = (0, 0.5), weights 0.5 / 0.5: with c0's weight t, A = t + 0.5 (1 - t)
    # and B = 0.5 (1 - t) tie only at t = 0, where no weight can go: no swap (c1 alone is
    # the same family: raising it to 1 is t = 0).
    assert weight_change_to_swap([[1.0, 0.5], [0.0, 0.5]], [0.5, 0.5], [0], [1]) is None
