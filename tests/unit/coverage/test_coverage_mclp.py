"""Unit tests of the exact MCLP (coverage matrix, reductions, solver) and the brute-force
reference it is checked against."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest

from arcticrecon.coverage.matrix import coverage_matrix
from arcticrecon.coverage.reductions import dominated_columns, merge_rows
from arcticrecon.coverage.solver import (
    coverage_curve,
    marginal_values,
    solve_mclp,
    solve_mclp_matrix,
)
from arcticrecon.errors import InputError, OutOfDomainError
from arcticrecon.geo import pairwise_distance_m
from mclp_reference import solve_mclp_brute_force, solve_mclp_plain

# Demand 0..3, candidates 0..2: cand 0 covers {0, 1}, cand 1 covers {1, 2}, cand 2 covers {3}.
A = np.array([[1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1]], dtype=bool)
W = np.array([5.0, 1.0, 4.0, 3.0])


def _random_instance(seed: int, n_d: int = 40, n_c: int = 9, density: float = 0.25):
    rng = np.random.default_rng(seed)
    return rng.random((n_d, n_c)) < density, rng.integers(0, 20, n_d).astype(float)


def test_solve_mclp_matrix__hand_example():
    r = solve_mclp_matrix(A, W, 2)
    # {0, 1} covers 5 + 1 + 4 = 10; {0, 2} covers 5 + 1 + 3 = 9; {1, 2} covers 1 + 4 + 3 = 8.
    assert r.chosen == (0, 1)
    assert r.covered_weight == 10.0
    assert r.total_weight == 13.0
    assert r.coverable_weight == 13.0
    assert r.optimal and r.mip_gap == 0.0
    assert r.covered.tolist() == [True, True, True, False]
    assert r.covers.shape == (4, 2)
    assert r.covered_share == pytest.approx(10 / 13)


def test_solve_mclp_matrix__fixed_site_kept_even_if_worse():
    r = solve_mclp_matrix(A, W, 2, fixed=[2])
    assert 2 in r.chosen
    assert r.covered_weight == 5 + 1 + 3  # {0, 2} beats {1, 2} (8)


def test_solve_mclp_matrix__forbidden_site_not_used():
    r = solve_mclp_matrix(A, W, 2, forbidden=[0])
    assert r.chosen == (1, 2)
    assert r.covered_weight == 8.0
    assert r.coverable_weight == 8.0  # demand 0 only reachable from the forbidden site


def test_solve_mclp_matrix__only_fixed_sites_is_trivial():
    r = solve_mclp_matrix(A, W, 2, fixed=[0, 2])
    assert r.chosen == (0, 2)
    assert r.status.startswith("trivial")
    assert r.covered_weight == 9.0


def test_solve_mclp_matrix__k_larger_than_needed_pads_to_k_sites():
    a = np.array([[1, 1, 0, 0], [0, 0, 0, 0]], dtype=bool)
    r = solve_mclp_matrix(a, [2.0, 7.0], 3)
    assert r.k == 3 and len(set(r.chosen)) == 3
    assert r.covered_weight == 2.0 and r.optimal


def test_solve_mclp_matrix__no_demand_weight():
    r = solve_mclp_matrix(A, np.zeros(4), 1)
    assert r.covered_weight == 0.0 and r.k == 1 and r.optimal


@pytest.mark.parametrize("seed", range(12))
def test_solve_mclp_matrix__equals_brute_force_seeded(seed):
    a, w = _random_instance(seed)
    rng = np.random.default_rng(1000 + seed)
    k = int(rng.integers(1, 6))
    fixed = [int(j) for j in rng.choice(9, size=int(rng.integers(0, min(k, 3) + 1)), replace=False)]
    exact = solve_mclp_matrix(a, w, k, fixed=fixed)
    brute = solve_mclp_brute_force(a, w, k, fixed=fixed)
    assert exact.optimal
    assert exact.covered_weight == pytest.approx(brute.covered_weight, abs=1e-9)
    assert set(fixed) <= set(exact.chosen)
    assert exact.k == k == brute.k


@pytest.mark.parametrize("seed", range(6))
def test_solve_mclp_matrix__reductions_do_not_change_optimum(seed):
    a, w = _random_instance(seed, n_d=60, n_c=10, density=0.2)
    base = solve_mclp_matrix(a, w, 3, merge=False, prune=False, bound_fixing=False)
    for merge, prune, fixing in itertools.product((False, True), repeat=3):
        r = solve_mclp_matrix(a, w, 3, merge=merge, prune=prune, bound_fixing=fixing)
        assert r.covered_weight == pytest.approx(base.covered_weight, abs=1e-9)
        assert r.optimal
    assert solve_mclp_matrix(a, w, 3).n_rows <= base.n_rows


def test_solve_mclp_matrix__merge_of_duplicated_points_same_optimum():
    a, w = _random_instance(3)
    a2 = np.vstack([a, a])  # every point twice: merged rows carry the summed weight
    r1 = solve_mclp_matrix(a, w, 3)
    r2 = solve_mclp_matrix(a2, np.concatenate([w, w]), 3)
    assert r2.covered_weight == pytest.approx(2 * r1.covered_weight)
    assert r2.n_rows == r1.n_rows


def test_solve_mclp_plain__agrees_with_reduced_model():
    a, w = _random_instance(7)
    assert solve_mclp_plain(a, w, 3, fixed=[1]).covered_weight == pytest.approx(
        solve_mclp_matrix(a, w, 3, fixed=[1]).covered_weight
    )


@pytest.mark.parametrize(
    ("k", "fixed", "forbidden", "field"),
    [
        (0, (), (), "k"),
        (1, (0, 1), (), "k"),
        (4, (), (), "k"),
        (3, (), (0,), "k"),
        (2, (5,), (), "fixed"),
        (2, (0,), (0,), "forbidden"),
    ],
)
def test_solve_mclp_matrix__bad_input_raises(k, fixed, forbidden, field):
    with pytest.raises(InputError) as info:
        solve_mclp_matrix(A, W, k, fixed=fixed, forbidden=forbidden)
    assert info.value.field == field


def test_solve_mclp_matrix__bad_weights_raise():
    with pytest.raises(InputError, match="weight"):
        solve_mclp_matrix(A, [1.0, -1.0, 0.0, 0.0], 1)
    with pytest.raises(InputError, match="weight"):
        solve_mclp_matrix(A, [1.0, np.nan, 0.0, 0.0], 1)
    with pytest.raises(InputError, match="3 values"):
        solve_mclp_matrix(A, [1.0, 1.0, 1.0], 1)


def test_solve_mclp_matrix__non_integer_k_raises():
    with pytest.raises(InputError, match="integer"):
        solve_mclp_matrix(A, W, 1.5)


def test_solve_mclp_brute_force__refuses_huge_enumeration():
    a = np.ones((2, 60), dtype=bool)
    with pytest.raises(InputError, match="brute force"):
        solve_mclp_brute_force(a, [1.0, 1.0], 10)


def test_merge_rows__sums_weights_of_equal_patterns():
    p = np.array([[1, 0], [0, 1], [1, 0]], dtype=bool)
    u, w, inv = merge_rows(p, np.array([1.0, 2.0, 3.0]))
    assert u.shape == (2, 2)
    assert sorted(w.tolist()) == [2.0, 4.0]
    assert (u[inv] == p).all()


def test_dominated_columns__subset_and_tie():
    p = np.array([[1, 1, 1, 0], [0, 1, 1, 0], [0, 0, 0, 1]], dtype=bool)
    # col 0 within col 1; cols 1 and 2 equal (lower index 1 kept); col 3 alone.
    assert dominated_columns(p).tolist() == [True, False, True, False]


def test_dominated_columns__empty_column_dominated():
    p = np.array([[1, 0], [1, 0]], dtype=bool)
    assert dominated_columns(p).tolist() == [False, True]


def test_coverage_matrix__equals_full_geodesic():
    rng = np.random.default_rng(11)
    d_lat, d_lon = rng.uniform(59.5, 83.5, 400), rng.uniform(-73, -12, 400)
    c_lat, c_lon = rng.uniform(59.5, 83.5, 15), rng.uniform(-73, -12, 15)
    for radius_m in (50e3, 278e3, 900e3):
        a = coverage_matrix(
            demand_lat_deg=d_lat,
            demand_lon_deg=d_lon,
            cand_lat_deg=c_lat,
            cand_lon_deg=c_lon,
            radius_m=radius_m,
        )
        d = pairwise_distance_m(lat1_deg=d_lat, lon1_deg=d_lon, lat2_deg=c_lat, lon2_deg=c_lon)
        assert np.array_equal(a, d <= radius_m)


def test_coverage_matrix__boundary_point_is_covered():
    # Nuuk airport (BGGH) to Pituffik (BGTL): 1504.05 km (GeographicLib, see geo doctest).
    kw = {
        "demand_lat_deg": [76.531203],
        "demand_lon_deg": [-68.703161],
        "cand_lat_deg": [64.190922],
        "cand_lon_deg": [-51.678064],
    }
    d = float(
        pairwise_distance_m(
            lat1_deg=[76.531203], lon1_deg=[-68.703161], lat2_deg=[64.190922], lon2_deg=[-51.678064]
        )[0, 0]
    )
    assert coverage_matrix(radius_m=d, **kw)[0, 0]
    assert not coverage_matrix(radius_m=d - 1.0, **kw)[0, 0]


def test_coverage_matrix__bad_input_raises():
    with pytest.raises(InputError, match="radius"):
        coverage_matrix(
            demand_lat_deg=[70],
            demand_lon_deg=[-50],
            cand_lat_deg=[70],
            cand_lon_deg=[-50],
            radius_m=0.0,
        )
    with pytest.raises(OutOfDomainError):
        coverage_matrix(
            demand_lat_deg=[95],
            demand_lon_deg=[-50],
            cand_lat_deg=[70],
            cand_lon_deg=[-50],
            radius_m=1e3,
        )
    with pytest.raises(InputError, match="shape"):
        coverage_matrix(
            demand_lat_deg=[70, 71],
            demand_lon_deg=[-50],
            cand_lat_deg=[70],
            cand_lon_deg=[-50],
            radius_m=1e3,
        )


def test_solve_mclp__scalar_geography():
    # Nuuk (19,279) and a point 40 km away vs Qaanaaq: one site at Nuuk covers both.
    r = solve_mclp(
        [64.18, 64.5, 77.47],
        [-51.72, -51.0, -69.23],
        [19279, 10, 600],
        [64.19, 76.53],
        [-51.68, -68.70],
        300e3,
        1,
    )
    assert r.chosen == (0,)
    assert r.covered_weight == 19289.0
    r2 = solve_mclp(
        [64.18, 64.5, 77.47],
        [-51.72, -51.0, -69.23],
        [19279, 10, 600],
        [64.19, 76.53],
        [-51.68, -68.70],
        300e3,
        2,
    )
    assert r2.covered_weight == 19889.0


def test_coverage_curve__starts_at_fixed_count_and_never_drops():
    a, w = _random_instance(5)
    curve = coverage_curve(a, w, 6, fixed=[0, 4])
    assert [r.k for r in curve] == [2, 3, 4, 5, 6]
    vals = [r.covered_weight for r in curve]
    assert all(b >= a_ - 1e-9 for a_, b in itertools.pairwise(vals))
    assert all({0, 4} <= set(r.chosen) for r in curve)


def test_marginal_values__hand_example():
    r = solve_mclp_matrix(A, W, 2)  # chosen {0, 1}, covered 10
    m = marginal_values(A, W, r)
    # held fixed: site 0 alone covers demand 0 (5); site 1 alone covers demand 2 (4).
    # re-optimised: without 0 the best pair is {1, 2} = 8 (loss 2); without 1, {0, 2} = 9.
    assert m == {0: (5.0, 2.0), 1: (4.0, 1.0)}


def test_marginal_values__fixed_base_replacement_can_be_negative():
    r = solve_mclp_matrix(A, W, 2, fixed=[2])  # {0, 2} = 9; {0, 1} would give 10
    m = marginal_values(A, W, r)
    assert m[2] == (3.0, -1.0)
    assert marginal_values(A, W, r, reoptimise=False)[2] == (3.0, None)


@pytest.mark.parametrize("seed", range(4))
def test_solve_mclp_matrix__larger_instance_matches_unreduced_model(seed):
    # 250 points x 22 candidates: enough rows for the LP bound and the fixing to matter.
    a, w = _random_instance(100 + seed, n_d=250, n_c=22, density=0.12)
    for k in (3, 6):
        r = solve_mclp_matrix(a, w, k, fixed=[0])
        ref = solve_mclp_matrix(a, w, k, fixed=[0], merge=False, prune=False, bound_fixing=False)
        assert r.optimal and ref.optimal
        assert r.covered_weight == pytest.approx(ref.covered_weight, abs=1e-9)


def test_solve_mclp_matrix__default_path_weighs_the_demand():
    # Strongly unequal weights (log-normal, as towns' populations are): the optimum by
    # weight differs from the optimum by count of points, and on these instances neither
    # the local-search incumbent nor the LP bound settles it, so the default path (merge,
    # prune, bound fixing) reaches HiGHS. An objective that dropped the weights (max the
    # number of points covered) passes every equal-weight test but fails here: seeds 7, 13,
    # 31, 59 and 64 are instances where it does (found by applying that mutation).
    reached_milp = 0
    for seed in range(70):
        rng = np.random.default_rng(seed)
        a = rng.random((30, 8)) < 0.3
        w = np.round(rng.lognormal(0.0, 1.5, 30), 1)
        for k in (2, 3):
            r = solve_mclp_matrix(a, w, k)
            ref = solve_mclp_brute_force(a, w, k)
            assert r.covered_weight == pytest.approx(ref.covered_weight, abs=1e-9), (seed, k)
            reached_milp += "HiGHS" in r.status
    assert reached_milp >= 5  # the instances exercise the MILP, not only the shortcuts


def test_validate_instance__each_error_names_field_value_and_range():
    # A: 4 demand points x 3 candidates. Every message is one line saying what to do.
    def err(*args, **kw):
        with pytest.raises(InputError) as info:
            solve_mclp_matrix(*args, **kw)
        return info.value

    e = err(np.ones(3, bool), [1.0], 1)
    assert (str(e), e.field) == (
        "coverage matrix must be 2-D (n_demand, n_cand), got shape (3,)",
        "covers",
    )
    e = err(A, [1.0, 1.0, 1.0], 1)
    assert str(e) == (
        "demand weight has 3 values but there are 4 demand points; give one weight per point"
    )
    assert (e.field, e.value) == ("demand_weight", 3)
    e = err(A, [1.0, -2.0, np.nan, 0.0], 1)  # the first bad value is named
    assert str(e) == "demand weight -2.0 is not allowed; weights must be finite and >= 0"
    assert (e.field, e.value, e.valid_range) == ("demand_weight", -2.0, ">= 0")
    e = err(A, W, 2, fixed=[3])
    assert str(e) == ("fixed site index 3 is outside 0..2; give indices of the candidate arrays")
    assert (e.field, e.value, e.valid_range) == ("fixed", 3, (0, 2))
    e = err(A, W, 2, forbidden=[-1])
    assert (e.field, e.value, e.valid_range) == ("forbidden", -1, (0, 2))
    e = err(A, W, 2, fixed=[1, 0], forbidden=[1, 0])
    assert str(e) == "site index 0 is both fixed and forbidden; drop one of the two"
    assert (e.field, e.value) == ("forbidden", 0)
    e = err(A, W, True)
    assert (str(e), e.field, e.value) == ("k = True must be an integer", "k", True)
    # 3 candidates, 1 forbidden: 2 allowed; 1 fixed: k in 1..2
    e = err(A, W, 3, fixed=[0], forbidden=[2])
    assert str(e) == (
        "k = 3 sites is outside 1..2 (at least the 1 fixed site(s) and 1, at most the 2 "
        "allowed candidates); change k or the fixed sites"
    )
    assert (e.field, e.value, e.valid_range) == ("k", 3, (1, 2))
    e = err(A, W, 1, fixed=[0, 1])
    assert (e.value, e.valid_range) == (1, (2, 3))
    # the edges are allowed: k = number of allowed candidates, k = number of fixed sites,
    # index 0 and n_cand - 1, numpy integers for k
    assert solve_mclp_matrix(A, W, 2, forbidden=[2]).chosen == (0, 1)
    assert solve_mclp_matrix(A, W, np.int64(2), fixed=[0, 2]).chosen == (0, 2)


def test_solve_mclp_matrix__statuses_and_model_sizes_by_hand():
    # A, k = 2: no row merges (4 distinct covering sets), no candidate is dominated
    # ({0, 1}, {1, 2}, {3}). Greedy: site 0 (5 + 1 = 6), then site 1 (+4) = 10. LP bound:
    # 5 y0 + y1 + 4 y2 + 3 y3 <= 5 x0 + 1 + 4 x1 + 3 x2 <= 10 with x0 + x1 + x2 = 2, so
    # the local-search solution is proven optimal without a MILP.
    r = solve_mclp_matrix(A, W, 2)
    assert r.status == "optimal: the local-search solution meets the LP relaxation bound"
    assert (r.n_rows, r.n_columns, r.upper_bound_weight) == (4, 3, 10.0)
    # fixed {0, 2} cover demand 0, 1, 3: one row (demand 2) is left and no column is solved
    r = solve_mclp_matrix(A, W, 2, fixed=[0, 2])
    assert (r.status, r.n_rows, r.n_columns) == ("trivial: only the fixed sites", 1, 0)
    assert r.upper_bound_weight == r.covered_weight == 9.0
    # demand 0 is covered by sites 0 and 1 (equal sets: 1 is dominated by the lower index),
    # sites 2 and 3 cover nothing; demand 1 by none. Site 0 covers all that can be covered;
    # k = 3 pads with the others by how much they cover, then by index: 1, then 2.
    a = np.array([[1, 1, 0, 0], [0, 0, 0, 0]], dtype=bool)
    r = solve_mclp_matrix(a, [2.0, 7.0], 3)
    assert r.status == "trivial: the kept candidates cover all coverable demand"
    assert (r.chosen, r.n_rows, r.n_columns) == ((0, 1, 2), 1, 1)
    assert (r.covered_weight, r.coverable_weight, r.total_weight) == (2.0, 2.0, 9.0)
    assert r.covered.tolist() == [True, False]


def test_local_search__greedy_then_a_swap_by_hand():
    from arcticrecon.coverage.reductions import covered_value, local_search, lp_relaxation

    # Six rows of weight 1, k = 2. c0 covers rows 0-3, c1 rows 0, 1, 4, c2 rows 2, 3, 5.
    # Greedy takes c0 (4 rows), then c1 (+1, row 4; c2 would also give +1, the first
    # maximum wins): {c0, c1} = 5. Swapping c0 for c2 loses rows 2, 3 (only c0 covers them
    # among the chosen) and gains rows 2, 3, 5: +1 -> {c2, c1} = 6 = every row. No swap
    # improves on 6. The LP bound is 6 as well (all the weight).
    p = np.zeros((6, 3), dtype=bool)
    p[[0, 1, 2, 3], 0] = True
    p[[0, 1, 4], 1] = True
    p[[2, 3, 5], 2] = True
    w = np.ones(6)
    chosen = local_search(p, w, 2)
    assert chosen == [2, 1]
    assert covered_value(p, w, chosen) == 6.0
    assert covered_value(p, w, []) == 0.0
    assert covered_value(p, w, [0]) == 4.0
    ub, d_low, d_up = lp_relaxation(p, w, 2)
    assert ub == pytest.approx(6.0)
    assert d_low.shape == d_up.shape == (3,)
    # k = 1: greedy c0 (4) and no single swap beats it (c1, c2 cover 3)
    assert local_search(p, w, 1) == [0]


def test_coverage_curve_and_marginal_values__by_hand_on_the_4x3_example():
    # A: site 0 covers demand 0, 1 (5 + 1), site 1 demand 1, 2 (1 + 4), site 2 demand 3 (3).
    # Best single site: 0 (6); best pair {0, 1} (10); all three cover 13.
    curve = coverage_curve(A, W, 3)
    assert [r.k for r in curve] == [1, 2, 3]
    assert [r.covered_weight for r in curve] == [6.0, 10.0, 13.0]
    assert [r.chosen for r in curve] == [(0,), (0, 1), (0, 1, 2)]
    # a repeated fixed index counts once: k starts at 1
    assert [r.k for r in coverage_curve(A, W, 2, fixed=[2, 2])] == [1, 2]
    with pytest.raises(InputError):
        coverage_curve(A, W, 4)
    # k = 3 = every candidate: no site is left to replace one, so no re-optimised value;
    # each site alone covers: 0 -> demand 0 (5), 1 -> demand 2 (4), 2 -> demand 3 (3)
    r = curve[-1]
    assert marginal_values(A, W, r) == {0: (5.0, None), 1: (4.0, None), 2: (3.0, None)}
    # with site 2 forbidden only 2 candidates are allowed and k = 2: no replacement either
    r = solve_mclp_matrix(A, W, 2, forbidden=[2])
    assert marginal_values(A, W, r, forbidden=[2]) == {0: (5.0, None), 1: (4.0, None)}


def test_mclp_result__covered_share_without_demand_is_zero():
    r = solve_mclp_matrix(A, np.zeros(4), 1)
    assert (r.total_weight, r.covered_share) == (0.0, 0.0)


# --- the paths behind the shortcuts: time limits, bounds, reduced-cost fixing ------------------
# K4: four candidates, six demand points of weight 1, point (i, j) covered by i and j only.
# Any two sites cover 5 of the 6 points (all but the pair of the other two), so the optimum
# is 5; the LP relaxation puts x = 1/2 on each site and covers all 6 (each pair sums to 1),
# so neither the local search (5) nor the LP bound (6) settles it and HiGHS must run.
K4_PAIRS = list(itertools.combinations(range(4), 2))
K4 = np.zeros((6, 4), dtype=bool)
for _row, (_i, _j) in enumerate(K4_PAIRS):
    K4[_row, [_i, _j]] = True

# 8 demand points x 5 candidates, k = 2 (found by a random search for an instance where the
# greedy + swap start is not optimal). Brute force over the 10 pairs: (2, 4) covers every
# row (site 4 rows 0, 2, 3, 4, 6; site 2 rows 1, 2, 4, 5, 6, 7): 1+5+2+4+6+6+4+2 = 30; the
# next best, (0, 1), (0, 2) and (1, 2), cover 29.
P8 = np.array(
    [
        [0, 0, 0, 0, 1],
        [1, 1, 1, 1, 0],
        [1, 0, 1, 0, 1],
        [1, 1, 0, 0, 1],
        [0, 1, 1, 1, 1],
        [0, 1, 1, 0, 0],
        [0, 1, 1, 1, 1],
        [1, 0, 1, 0, 0],
    ],
    dtype=bool,
)
W8 = np.array([1.0, 5.0, 2.0, 4.0, 6.0, 6.0, 4.0, 2.0])


def test_solve_mclp_matrix__time_limit_keeps_the_incumbent_and_a_true_bound():
    # K4 plus a fixed fifth site covering a seventh point of weight 2: k = 3 = the fixed
    # site + 2 free. With no time for HiGHS (limit 0 s) the result is the local-search
    # incumbent: greedy takes site 0 (3 points), then site 1 (+2): 5 free + 2 fixed = 7,
    # which brute force confirms is optimal. HiGHS returns no dual bound, so the proven
    # bound is the fixed sites' 2 + all 6 points still in the model = 8.
    a = np.zeros((7, 5), dtype=bool)
    a[:6, :4] = K4
    a[6, 4] = True
    w = np.array([1.0] * 6 + [2.0])
    brute = solve_mclp_brute_force(a, w, 3, fixed=[4])
    assert brute.covered_weight == 7.0
    r = solve_mclp_matrix(a, w, 3, fixed=[4], time_limit_s=0.0)
    assert not r.optimal
    assert r.status.startswith("Time limit reached")
    assert (r.chosen, r.covered_weight) == ((0, 1, 4), 7.0)
    assert r.upper_bound_weight == 8.0
    # HiGHS stopped before any solution (no gap of its own): the gap is the answer's
    # against the bound, |primal - dual| / |primal| = (8 - 7) / 7 (it was reported as 0)
    assert r.mip_gap == pytest.approx(1 / 7, rel=1e-12)
    assert r.upper_bound_weight >= brute.covered_weight
    # with time, HiGHS proves 7 (its own solution: any two of sites 0-3 with site 4)
    r = solve_mclp_matrix(a, w, 3, fixed=[4])
    assert r.optimal and r.covered_weight == 7.0 and r.upper_bound_weight == 7.0
    assert "HiGHS" in r.status and 4 in r.chosen


def test_solve_mclp_matrix__time_limit_without_incumbent_is_a_clear_error():
    # Without bound fixing there is no local-search incumbent to fall back on.
    with pytest.raises(InputError) as info:
        solve_mclp_matrix(K4, np.ones(6), 2, bound_fixing=False, time_limit_s=0.0)
    e = info.value
    assert str(e).startswith("HiGHS found no solution (Time limit reached")
    assert str(e).endswith("); raise the time limit")
    assert (e.field, e.value) == ("time_limit_s", 0.0)


def test_solve_mclp_matrix__time_limit_can_leave_a_worse_solution():
    # P8, k = 2: the greedy + swap start covers 29 (brute force: 30 is the optimum), so
    # with no time for HiGHS the answer is worse than the optimum, flagged not optimal, and
    # its bound (the LP relaxation's 30, kept as the fixing's bound) is still >= 30.
    brute = solve_mclp_brute_force(P8, W8, 2)
    assert brute.covered_weight == 30.0
    r = solve_mclp_matrix(P8, W8, 2, time_limit_s=0.0)
    assert not r.optimal and r.covered_weight == 29.0
    assert r.upper_bound_weight >= brute.covered_weight
    assert r.mip_gap == pytest.approx((r.upper_bound_weight - 29.0) / 29.0, rel=1e-12)
    assert r.mip_gap >= 1 / 29  # at least the true shortfall, 30 - 29
    r = solve_mclp_matrix(P8, W8, 2)
    assert r.optimal and r.chosen == (2, 4) and r.covered_weight == 30.0
    # site 3 (rows 1, 4, 6) is dominated by site 2; the LP's only nonzero reduced cost is
    # site 4's upper bound, -1: forcing site 4 out lands on 30 - 1 = 29, the incumbent,
    # which proves nothing; so no site is fixed and 4 columns reach HiGHS
    lp = _lp(P8[:, [0, 1, 2, 4]], W8, 2)
    assert lp.upper.marginals[:4] == pytest.approx([0, 0, 0, -1])
    assert lp.lower.marginals[:4] == pytest.approx([0, 0, 0, 0])
    assert r.n_columns == 4


def test_solve_mclp_matrix__solve_time_is_the_wall_time_of_the_call():
    t0 = time.perf_counter()
    r = solve_mclp_matrix(K4, np.ones(6), 2)
    wall = time.perf_counter() - t0
    assert 0.0 < r.solve_time_s <= wall


def _lp(p, w, k, fix=None):
    """The LP relaxation of the plain MCLP (scipy/HiGHS, built here), optionally with one
    ``x_j`` fixed: ``fix = (j, value)``. Returns the result of :func:`scipy.optimize.linprog`."""
    from scipy.optimize import linprog

    m, n = p.shape
    c = np.concatenate([np.zeros(n), -w])
    a_ub = np.hstack([-p.astype(float), np.eye(m)])
    a_eq = np.concatenate([np.ones(n), np.zeros(m)])[None, :]
    bounds = [(0.0, 1.0)] * (n + m)
    if fix is not None:
        bounds[fix[0]] = (fix[1], fix[1])
    return linprog(c, A_ub=a_ub, b_ub=np.zeros(m), A_eq=a_eq, b_eq=[k], bounds=bounds)


def test_solve_mclp_matrix__reduced_cost_fixing_removes_the_column_that_cannot_pay():
    # 7 points x 5 candidates, k = 2: no rows merge and no candidate is dominated. Brute
    # force: 15 is the optimum (the local search finds it too). The LP relaxation bounds
    # the coverage by 16, so the fixing runs. HiGHS's reduced costs at the LP optimum: the
    # lower bound of x_3 has marginal 2 (site 3 covers only points 0 and 2), every other
    # marginal is 0; so forcing x_3 = 1 costs at least 2: 16 - 2 = 14 < 15 and site 3
    # leaves the model (re-solving the LP with x_3 = 1 confirms the bound drops below 15).
    # No other reduced cost proves anything: 4 columns reach HiGHS.
    p = np.array(
        [
            [0, 1, 1, 1, 0],
            [0, 0, 0, 0, 1],
            [0, 0, 0, 1, 0],
            [1, 1, 0, 0, 0],
            [1, 0, 1, 0, 0],
            [1, 0, 0, 0, 0],
            [0, 1, 1, 0, 0],
        ],
        dtype=bool,
    )
    w = np.array([2.0, 3.0, 1.0, 5.0, 3.0, 1.0, 4.0])
    opt = solve_mclp_brute_force(p, w, 2).covered_weight
    assert opt == 15.0
    lp = _lp(p, w, 2)
    assert -lp.fun == pytest.approx(16.0)
    assert lp.lower.marginals[:5] == pytest.approx([0, 0, 0, 2, 0])
    assert lp.upper.marginals[:5] == pytest.approx([0, 0, 0, 0, 0])
    assert -_lp(p, w, 2, fix=(3, 1.0)).fun < opt
    r = solve_mclp_matrix(p, w, 2)
    assert "HiGHS" in r.status and r.optimal
    assert (r.n_rows, r.n_columns, r.covered_weight) == (7, 4, 15.0)
    # without the fixing all 5 columns reach HiGHS
    assert solve_mclp_matrix(p, w, 2, bound_fixing=False).n_columns == 5


def test_solve_mclp_matrix__zero_weight_and_uncoverable_rows_leave_the_model():
    # A plus a point of weight 0 covered by site 0 and a point of weight 9 covered by
    # nobody: both leave the model (4 rows, as for A), and the 9 counts in the total only.
    a = np.vstack([A, [[True, False, False], [False, False, False]]])
    w = np.concatenate([W, [0.0, 9.0]])
    r = solve_mclp_matrix(a, w, 2)
    assert (r.n_rows, r.covered_weight, r.coverable_weight, r.total_weight) == (
        4,
        10.0,
        13.0,
        22.0,
    )
    assert r.covered.tolist() == [True, True, True, False, True, False]


def test_solve_mclp__passes_fixed_forbidden_and_time_limit_on():
    # Nuuk example of test_solve_mclp__scalar_geography: site 0 (Nuuk) covers 19,289,
    # site 1 (Pituffik) the 600 of Qaanaaq (~105 km away).
    args = (
        [64.18, 64.5, 77.47],
        [-51.72, -51.0, -69.23],
        [19279, 10, 600],
        [64.19, 76.53],
        [-51.68, -68.70],
        300e3,
        1,
    )
    assert solve_mclp(*args, fixed=[1]).chosen == (1,)
    assert solve_mclp(*args, forbidden=[0]).chosen == (1,)
    # K4 on the globe: the candidates are a regular tetrahedron's vertices (the North Pole
    # and three points at latitude -asin(1/3)), the demand the edges' midpoints. A midpoint
    # is 54.7 deg of arc (~6,080 km) from its edge's ends and 125.3 deg (~13,900 km) from
    # the other two: a 9,000 km radius gives the K4 matrix.
    lat = [90.0] + [-np.degrees(np.arcsin(1 / 3))] * 3
    lon = [0.0, 0.0, 120.0, -120.0]
    xyz = np.array(
        [
            [
                np.cos(np.radians(la)) * np.cos(np.radians(lo)),
                np.cos(np.radians(la)) * np.sin(np.radians(lo)),
                np.sin(np.radians(la)),
            ]
            for la, lo in zip(lat, lon, strict=True)
        ]
    )
    mid = np.array([xyz[i] + xyz[j] for i, j in K4_PAIRS])
    mid /= np.linalg.norm(mid, axis=1)[:, None]
    d_lat = np.degrees(np.arcsin(mid[:, 2]))
    d_lon = np.degrees(np.arctan2(mid[:, 1], mid[:, 0]))
    assert np.array_equal(
        coverage_matrix(
            demand_lat_deg=d_lat,
            demand_lon_deg=d_lon,
            cand_lat_deg=lat,
            cand_lon_deg=lon,
            radius_m=9e6,
        ),
        K4,
    )
    r = solve_mclp(d_lat, d_lon, np.ones(6), lat, lon, 9e6, 2)
    assert r.optimal and r.covered_weight == 5.0
    r = solve_mclp(d_lat, d_lon, np.ones(6), lat, lon, 9e6, 2, time_limit_s=0.0)
    assert not r.optimal and r.covered_weight == 5.0 and r.upper_bound_weight == 6.0


def test_coverage_curve__passes_forbidden_and_time_limit_on():
    # A without site 0: best single site 1 (1 + 4 = 5), then {1, 2} = 8.
    curve = coverage_curve(A, W, 2, forbidden=[0])
    assert [(r.chosen, r.covered_weight) for r in curve] == [((1,), 5.0), ((1, 2), 8.0)]
    # P8 with no time for HiGHS: k = 1 has no LP gap (one site: the LP is the best
    # column), k = 2 stops at the local search's 29 < 30 (brute force), not optimal.
    curve = coverage_curve(P8, W8, 2, time_limit_s=0.0)
    assert [r.optimal for r in curve] == [True, False]
    assert curve[0].covered_weight == solve_mclp_brute_force(P8, W8, 1).covered_weight
    assert curve[1].covered_weight < solve_mclp_brute_force(P8, W8, 2).covered_weight


def test_marginal_values__reoptimised_solves_keep_the_other_fixed_sites():
    # d0 (5) by site 0, d1 (4) by sites 1 and 3, d2 (1) by site 2, d3 (3) by site 3.
    # k = 2 with site 2 fixed: 2 + 0 = 6, 2 + 1 = 5, 2 + 3 = 1 + 7 = 8 -> {2, 3}, 8.
    a = np.array([[1, 0, 0, 0], [0, 1, 0, 1], [0, 0, 1, 0], [0, 0, 0, 1]], dtype=bool)
    w = np.array([5.0, 4.0, 1.0, 3.0])
    r = solve_mclp_matrix(a, w, 2, fixed=[2])
    assert (r.chosen, r.covered_weight) == ((2, 3), 8.0)
    # site 2 alone covers d2 (1), site 3 alone d1 + d3 (7). Without site 2 (no longer
    # fixed) the best pair is {0, 3} = 12: -4. Without site 3, site 2 stays fixed: {0, 2}
    # = 6: 2 (were site 2 not kept, {0, 1} = 9 would give -1).
    assert marginal_values(a, w, r) == {2: (1.0, -4.0), 3: (7.0, 2.0)}


def test_marginal_values__time_limit_reaches_the_replacement_solves():
    # 8 points x 5 candidates, k = 2 (a random instance where the local search misses the
    # best replacement). Brute force: {1, 3} covers 33 (the optimum); without site 3 the
    # best pair is {2, 4} = 27 (loss 6). With no time for HiGHS the replacement is the
    # unproven local-search one, which covers less: the loss shown is larger.
    p = np.array(
        [
            [1, 1, 1, 0, 0],
            [1, 0, 0, 1, 1],
            [0, 0, 1, 0, 0],
            [0, 1, 0, 0, 1],
            [1, 0, 0, 1, 1],
            [1, 1, 0, 1, 1],
            [0, 1, 1, 0, 0],
            [0, 0, 0, 1, 0],
        ],
        dtype=bool,
    )
    w = np.array([2.0, 7.0, 1.0, 1.0, 6.0, 3.0, 7.0, 7.0])
    r = solve_mclp_matrix(p, w, 2)
    assert (r.chosen, r.covered_weight) == ((1, 3), 33.0)
    without_3 = solve_mclp_brute_force(p, w, 2, forbidden=[3]).covered_weight
    assert without_3 == 27.0
    assert marginal_values(p, w, r)[3][1] == 33.0 - without_3
    assert marginal_values(p, w, r, time_limit_s=0.0)[3][1] > 33.0 - without_3


def test_dominated_columns__no_columns():
    d = dominated_columns(np.zeros((3, 0), dtype=bool))
    assert d.shape == (0,) and d.dtype == bool
    # one column: nothing can dominate it
    assert dominated_columns(np.array([[True], [False]])).tolist() == [False]


def test_merge_rows__no_rows_and_no_columns():
    # no rows: nothing to merge, an empty int index
    u, w, inv = merge_rows(np.zeros((0, 3), dtype=bool), np.zeros(0))
    assert (u.shape, w.shape, inv.shape, inv.dtype) == ((0, 3), (0,), (0,), np.intp)
    # no columns: every row has the same (empty) covering set -> one row, weights summed
    u, w, inv = merge_rows(np.zeros((3, 0), dtype=bool), np.array([1.0, 2.0, 3.0]))
    assert (u.shape, w.tolist(), inv.tolist()) == ((1, 0), [6.0], [0, 0, 0])
    # one row: itself, index 0
    u, w, inv = merge_rows(np.array([[True, False]]), np.array([2.0]))
    assert (u.tolist(), w.tolist(), inv.tolist()) == ([[True, False]], [2.0], [0])


def test_solve_mclp_matrix__proven_shortcuts_report_zero_gap_and_their_sizes():
    # each shortcut is a proof: gap 0, bound = coverage (values by hand as in
    # test_solve_mclp_matrix__statuses_and_model_sizes_by_hand)
    r = solve_mclp_matrix(A, W, 2, fixed=[0, 2])  # only the fixed sites
    assert (r.mip_gap, r.upper_bound_weight) == (0.0, 9.0)
    # k = 3 = the 3 kept candidates (none dominated): trivially all of them, 13
    r = solve_mclp_matrix(A, W, 3)
    assert r.status == "trivial: the kept candidates cover all coverable demand"
    assert (r.chosen, r.covered_weight, r.mip_gap, r.n_columns) == ((0, 1, 2), 13.0, 0.0, 3)
    # no weight left: no rows, nothing to prune, all 3 candidates stay columns
    r = solve_mclp_matrix(A, np.zeros(4), 1)
    assert (r.n_rows, r.n_columns, r.mip_gap) == (0, 3, 0.0)
    # the local-search solution meets the LP bound
    r = solve_mclp_matrix(A, W, 2)
    assert r.mip_gap == 0.0


def test_solve_mclp_matrix__prune_off_keeps_dominated_columns():
    # A plus a fourth site covering demand 3 only, like site 2: equal sets, site 3 is
    # dominated (the lower index 2 is kept) -> 3 columns; without pruning 4 reach HiGHS.
    a = np.hstack([A, A[:, [2]]])
    r = solve_mclp_matrix(a, W, 2, bound_fixing=False)
    assert (r.n_columns, r.covered_weight) == (3, 10.0)
    r = solve_mclp_matrix(a, W, 2, prune=False, bound_fixing=False)
    assert (r.n_columns, r.covered_weight) == (4, 10.0)


def test_solve_mclp_matrix__padding_is_by_coverage_then_by_index_among_many():
    # 20 candidates: those with index divisible by 3 (0, 3, ..., 18) cover demand 0, the
    # others nothing; demand 1 (weight 1) is covered by none. All covering sets are equal
    # or empty, so only site 0 is kept and covers all that can be covered; k = 8 pads with
    # the other covering sites (3, 6, ..., 18: six) and then the first non-covering one (1).
    a = np.zeros((2, 20), dtype=bool)
    a[0, ::3] = True
    r = solve_mclp_matrix(a, [4.0, 1.0], 8)
    assert r.status == "trivial: the kept candidates cover all coverable demand"
    assert r.chosen == (0, 1, 3, 6, 9, 12, 15, 18)
    assert (r.covered_weight, r.n_rows, r.n_columns) == (4.0, 1, 1)


def _local_search_reference(p, w, k):
    """Greedy + best-improvement single swaps written with Python sets (the test's own).

    Greedy: add the site covering the most not-yet-covered weight (lowest index on ties).
    Then, while some swap of a chosen site (earliest position first) for an unchosen one
    (lowest index first) strictly raises the covered weight, make the best such swap.
    """
    cover = [set(np.flatnonzero(p[:, j]).tolist()) for j in range(p.shape[1])]

    def value(sites):
        rows = set().union(*(cover[j] for j in sites)) if sites else set()
        return sum(w[i] for i in rows)

    chosen: list[int] = []
    for _ in range(k):
        rest = [j for j in range(p.shape[1]) if j not in chosen]
        chosen.append(max(rest, key=lambda j: (value([*chosen, j]), -j)))
    while True:
        base, best = value(chosen), None
        for pos in range(k):
            for j in range(p.shape[1]):
                if j in chosen:
                    continue
                gain = value([*chosen[:pos], j, *chosen[pos + 1 :]]) - base
                if gain > 0 and (best is None or gain > best[0]):
                    best = (gain, pos, j)
        if best is None:
            return chosen
        chosen[best[1]] = best[2]


def test_local_search__equals_a_plain_reference_and_stops_on_a_plateau():
    from arcticrecon.coverage.reductions import local_search

    # P8, k = 2, by hand. Greedy: sites 1 and 2 both cover 25 (site 1 first), then of
    # rows 0, 2, 7 left (1, 2, 2) sites 0 and 2 add 4 (site 0 first): [1, 0] = 29.
    # Swaps: site 1 -> 2 loses rows 4-6 (16) and gains 16; site 0 -> 2 loses rows 2, 7 (4)
    # and gains 4: no strict improvement, so the search stops at 29 although (2, 4)
    # covers 30 (a move along the plateau would reach it).
    assert local_search(P8, W8, 2) == [1, 0]
    # integer weights: equal values are exact ties, broken the same way by both
    for seed in range(60):
        rng = np.random.default_rng(seed)
        p = rng.random((12, 7)) < 0.35
        w = rng.integers(1, 9, 12).astype(float)
        for k in (2, 3, 4):
            assert local_search(p, w, k) == _local_search_reference(p, w, k), (seed, k)


def test_local_search__swaps_below_one_billionth_of_the_total_are_noise():
    from arcticrecon.coverage.reductions import local_search

    # Rows 0-3 by site 0, rows 0, 1, 4 by site 1, rows 2, 3, 5 by site 2 (the 6-row example
    # of test_local_search__greedy_then_a_swap_by_hand). Greedy: [0, 1]; swapping site 0
    # for site 2 gains the weight of row 5 only. That swap is made when the gain exceeds
    # 1e-9 x max(1, total weight) and not otherwise.
    p = np.zeros((6, 3), dtype=bool)
    p[[0, 1, 2, 3], 0] = True
    p[[0, 1, 4], 1] = True
    p[[2, 3, 5], 2] = True
    # total 1e6 + 2e-4: threshold ~1e-3 > 1e-4 -> no swap
    assert local_search(p, np.array([2.5e5] * 4 + [1e-4, 1e-4]), 2) == [0, 1]
    # total 0.5 + 3e-9 < 1: threshold 1e-9 < 1.5e-9 -> the swap is made
    assert local_search(p, np.array([0.125] * 4 + [1.5e-9, 1.5e-9]), 2) == [2, 1]


# 9 points x 6 sites, k = 3 (random instance; no merges, nothing dominated)
P9 = np.array(
    [
        [0, 1, 1, 0, 1, 0],
        [0, 1, 0, 0, 1, 0],
        [0, 0, 1, 0, 1, 0],
        [1, 0, 1, 0, 0, 1],
        [0, 0, 0, 1, 1, 1],
        [0, 0, 1, 1, 1, 1],
        [0, 0, 0, 1, 0, 0],
        [1, 0, 0, 1, 0, 0],
        [0, 1, 0, 0, 0, 0],
    ],
    dtype=bool,
)
W9 = np.array([6.0, 8.0, 8.0, 3.0, 1.0, 7.0, 8.0, 2.0, 1.0])


@pytest.mark.parametrize(
    ("p", "w", "lb", "ub", "d_up", "d_low", "n_columns"),
    [
        # 9 points x 6 sites, k = 3 (random instance; no merges, nothing dominated). Local
        # search 43, LP bound 44, optimum 44 (brute force). Forcing site 3 out costs at
        # least 8 (44 - 8 = 36 < 43): it is fixed in; forcing site 1 out costs 1: 43 is
        # not below the incumbent, so site 1 stays free. 5 columns reach HiGHS.
        (
            P9,
            W9,
            43.0,
            44.0,
            [0, -1, 0, -8, 0, 0],
            [0, 0, 0, 0, 0, 0],
            5,
        ),
        # 9 points x 5 sites, k = 3. Local search 39, LP bound 41, optimum 41. Forcing
        # site 3 in costs 2 and site 0 out costs 2: both land exactly on the incumbent's
        # 39, which does not prove them worse, so nothing is fixed: 5 columns.
        (
            [
                [0, 1, 0, 0, 0],
                [0, 0, 0, 0, 1],
                [1, 1, 1, 0, 0],
                [0, 0, 1, 1, 0],
                [1, 0, 0, 0, 0],
                [0, 0, 1, 0, 0],
                [0, 0, 0, 1, 1],
                [1, 1, 0, 0, 1],
                [1, 0, 1, 0, 0],
            ],
            [5.0, 3.0, 4.0, 4.0, 7.0, 4.0, 7.0, 5.0, 7.0],
            39.0,
            41.0,
            [-2, 0, 0, 0, 0],
            [0, 0, 0, 2, 0],
            5,
        ),
    ],
)
def test_solve_mclp_matrix__reduced_cost_fixing_is_strict(p, w, lb, ub, d_up, d_low, n_columns):
    p, w = np.array(p, dtype=bool), np.array(w)
    k = 3
    opt = solve_mclp_brute_force(p, w, k).covered_weight
    lp = _lp(p, w, k)
    n = p.shape[1]
    ls = _local_search_reference(p, w, k)
    assert float(w[p[:, ls].any(axis=1)].sum()) == lb
    assert -lp.fun == pytest.approx(ub) and opt == ub
    assert lp.upper.marginals[:n] == pytest.approx(d_up)
    assert lp.lower.marginals[:n] == pytest.approx(d_low)
    r = solve_mclp_matrix(p, w, k)
    assert "HiGHS" in r.status and r.optimal
    assert (r.n_rows, r.n_columns, r.covered_weight) == (9, n_columns, opt)


def test_solve_mclp_matrix__time_limit_bound_counts_the_forced_site():
    # P9, k = 3, no time for HiGHS: the incumbent is the local search's 43 (brute force:
    # 44). Site 3 is fixed in by its reduced cost (test above). The bound is what the
    # forced site covers (rows 4-7: 1 + 7 + 8 + 2 = 18) plus every row left in the model
    # (rows 0-3 and 8: 6 + 8 + 8 + 3 + 1 = 26) = 44, above the incumbent's 43.
    assert float(W9[P9[:, _local_search_reference(P9, W9, 3)].any(axis=1)].sum()) == 43.0
    r = solve_mclp_matrix(P9, W9, 3, time_limit_s=0.0)
    assert not r.optimal and r.status.startswith("Time limit reached")
    assert (r.covered_weight, r.upper_bound_weight, r.n_columns) == (43.0, 44.0, 5)
    assert r.mip_gap == pytest.approx(1 / 43, rel=1e-12)  # (44 - 43) / 43


def _fake_highs(monkeypatch, *, sites=None, drop=(), **fields):
    """Replace scipy's ``milp`` by HiGHS's own answer with some fields changed.

    The real solve runs; its result is returned with ``fields`` set (e.g. ``status=1`` for
    a stop at the time limit, ``mip_dual_bound``), the keys in ``drop`` removed, and, if
    ``sites`` is given, ``x`` replaced by the choice of those sub-model columns (positions
    among the MILP's binaries) -- what HiGHS could hold when it stops early.
    """
    import scipy.optimize
    from scipy.optimize import OptimizeResult

    real = scipy.optimize.milp

    def fake(c, **kw):
        res = dict(real(c, **kw))
        if sites is not None:
            nc = int(np.sum(kw["integrality"]))
            x = np.zeros(len(c))
            x[list(sites)] = 1.0
            x[nc:] = 0.0
            res["x"] = x
        res.update(fields)
        for key in drop:
            res.pop(key, None)
        return OptimizeResult(res)

    monkeypatch.setattr(scipy.optimize, "milp", fake)


STOPPED = {"status": 1, "message": "Time limit reached. (HiGHS Status 13)"}


def test_solve_mclp_matrix__early_stop_reports_highs_gap_and_dual_bound(monkeypatch):
    # P9, k = 3: site 3 is fixed in by its reduced cost (it covers rows 4-7: 18), the MILP
    # gets the other 5 sites and rows 0-3, 8 (weight 26). HiGHS stops early holding its
    # optimum (sites 1, 2 with 3: 44, brute force) with a gap of 2 % and a dual bound of
    # -26.5 on its sub-model: the result is its solution, not optimal, bound 18 (forced)
    # + 26.5 = 44.5 (above the incumbent's 43, so that is the bound). The gap reported is
    # the whole problem's, (44.5 - 44) / 44, not HiGHS's 2 % of its sub-model.
    _fake_highs(monkeypatch, mip_gap=0.02, mip_dual_bound=-26.5, **STOPPED)
    r = solve_mclp_matrix(P9, W9, 3)
    assert (r.chosen, r.covered_weight, r.optimal) == ((1, 2, 3), 44.0, False)
    assert r.status == STOPPED["message"]
    assert r.mip_gap == pytest.approx(0.5 / 44, rel=1e-12)
    assert r.upper_bound_weight == 44.5
    assert r.n_columns == 5


def test_solve_mclp_matrix__early_stop_without_gap_or_bound_fields(monkeypatch):
    # The same stop with a result that has no mip_gap / mip_dual_bound: the bound is the
    # forced site's 18 + all 26 left in the sub-model = 44, which the answer reaches: the
    # gap is 0 though HiGHS did not prove it (not optimal: the flag says what was proven).
    _fake_highs(monkeypatch, drop=("mip_gap", "mip_dual_bound"), **STOPPED)
    r = solve_mclp_matrix(P9, W9, 3)
    assert (r.chosen, r.covered_weight, r.optimal) == ((1, 2, 3), 44.0, False)
    assert r.mip_gap == 0.0
    assert r.upper_bound_weight == 44.0


def test_solve_mclp_matrix__early_stop_keeps_the_incumbent_over_a_worse_solution(monkeypatch):
    # HiGHS stops holding sub-model columns 0 and 1 (sites 0, 1; with site 3: rows 0, 1, 3-8
    # = 6 + 8 + 3 + 1 + 7 + 8 + 2 + 1 = 36), worse than the local search's (0, 3, 4) = 43:
    # the incumbent is returned.
    _fake_highs(monkeypatch, sites=(0, 1), mip_dual_bound=-26.5, **STOPPED)
    r = solve_mclp_matrix(P9, W9, 3)
    assert (r.chosen, r.covered_weight, r.optimal) == ((0, 3, 4), 43.0, False)
    # one as good as the incumbent (sites 2, 4 with 3: rows 0-7 = 43) is HiGHS's and kept
    _fake_highs(monkeypatch, sites=(2, 3), mip_dual_bound=-26.5, **STOPPED)
    r = solve_mclp_matrix(P9, W9, 3)
    assert (r.chosen, r.covered_weight, r.optimal) == ((2, 3, 4), 43.0, False)


def test_solve_mclp_matrix__early_stop_bound_below_one_without_fixing(monkeypatch):
    # P9 with weights / 100 (total 0.44), no reduced-cost fixing: no incumbent, the
    # lower bound is 0 and the proven bound is HiGHS's dual bound alone, 0.445 (< 1).
    _fake_highs(monkeypatch, mip_gap=0.01, mip_dual_bound=-0.445, **STOPPED)
    r = solve_mclp_matrix(P9, W9 / 100, 3, bound_fixing=False)
    assert (r.chosen, r.covered_weight, r.optimal) == ((1, 2, 3), pytest.approx(0.44), False)
    assert r.upper_bound_weight == 0.445
    assert r.mip_gap == pytest.approx((0.445 - 0.44) / 0.44, rel=1e-9)


def test_solve_mclp_matrix__proven_optimum_reports_zero_gap_and_its_own_value(monkeypatch):
    # HiGHS proves the optimum (status 0) with a dual bound a hair off the incumbent and a
    # tiny gap, both within its tolerances: the result reports gap 0 and the covered
    # weight, 44, as the bound.
    _fake_highs(monkeypatch, status=0, mip_gap=1e-9, mip_dual_bound=-(26.0 + 1e-7))
    r = solve_mclp_matrix(P9, W9, 3)
    assert (r.chosen, r.covered_weight, r.optimal) == ((1, 2, 3), 44.0, True)
    assert r.mip_gap == 0.0
    assert r.upper_bound_weight == 44.0


def test_solve_mclp_matrix__real_highs_optimum_has_zero_gap():
    r = solve_mclp_matrix(P9, W9, 3)
    assert "HiGHS" in r.status and r.optimal
    assert (r.mip_gap, r.upper_bound_weight, r.covered_weight) == (0.0, 44.0, 44.0)


def test_solve_mclp_matrix__weights_as_a_column_unsigned_or_bool():
    # The 4 x 3 example (5, 1, 4, 3; best pair sites 0, 1: rows 0-2 = 10), weights given
    # as an (n, 1) column, as uint8 (negated for the MILP objective: must be float first)
    # and as a bool mask (1, 0, 1, 1: every pair covers 2). merge and bound fixing off,
    # so the weights reach the MILP objective as given.
    a = np.array([[1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1]], bool)
    for w in (np.array([[5], [1], [4], [3]]), np.array([5, 1, 4, 3], np.uint8)):
        r = solve_mclp_matrix(a, w, 2, merge=False, bound_fixing=False)
        assert (r.chosen, r.covered_weight, r.total_weight) == ((0, 1), 10.0, 13.0)
    r = solve_mclp_matrix(
        a, np.array([True, False, True, True]), 2, merge=False, bound_fixing=False
    )
    assert (r.covered_weight, r.total_weight) == (2.0, 3.0)


def test_validate_instance__the_first_bad_weight_is_named_not_a_small_one():
    with pytest.raises(InputError) as info:
        solve_mclp_matrix(np.ones((3, 2), bool), [0.5, 0.0, -2.0], 1)
    assert info.value.value == -2.0
    assert str(info.value).startswith("demand weight -2.0 is not allowed")
