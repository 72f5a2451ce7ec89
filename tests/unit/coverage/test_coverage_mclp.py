"""Unit tests of the exact MCLP (coverage matrix, reductions, solver) and the brute-force
reference it is checked against."""

from __future__ import annotations

import itertools

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
