"""Property tests of the exact MCLP (hypothesis): brute force, monotone in k, fixed kept."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from arcticrecon.coverage import solve_mclp_matrix
from mclp_reference import solve_mclp_brute_force


@st.composite
def instances(draw, max_demand=14, max_cand=7):
    """A small MCLP instance: coverage matrix, integer weights, k and fixed sites."""
    n_d = draw(st.integers(1, max_demand))
    n_c = draw(st.integers(1, max_cand))
    bits = draw(st.lists(st.booleans(), min_size=n_d * n_c, max_size=n_d * n_c))
    a = np.array(bits, dtype=bool).reshape(n_d, n_c)
    w = np.array(draw(st.lists(st.integers(0, 50), min_size=n_d, max_size=n_d)), float)
    k = draw(st.integers(1, n_c))
    fixed = draw(st.lists(st.integers(0, n_c - 1), unique=True, max_size=k))
    return a, w, k, fixed


@settings(max_examples=80, deadline=None)
@given(instances())
def test_solve_mclp_matrix__equals_brute_force(inst):
    a, w, k, fixed = inst
    exact = solve_mclp_matrix(a, w, k, fixed=fixed)
    brute = solve_mclp_brute_force(a, w, k, fixed=fixed)
    assert exact.optimal
    assert abs(exact.covered_weight - brute.covered_weight) < 1e-9
    # the reported coverage is that of the reported sites
    assert abs(float(w[a[:, list(exact.chosen)].any(axis=1)].sum()) - exact.covered_weight) < 1e-9


@settings(max_examples=50, deadline=None)
@given(instances())
def test_solve_mclp_matrix__fixed_sites_always_present_and_k_sites(inst):
    a, w, k, fixed = inst
    r = solve_mclp_matrix(a, w, k, fixed=fixed)
    assert set(fixed) <= set(r.chosen)
    assert r.k == k == len(set(r.chosen))


@settings(max_examples=40, deadline=None)
@given(instances())
def test_solve_mclp_matrix__coverage_never_drops_as_k_grows(inst):
    a, w, _, fixed = inst
    n_c = a.shape[1]
    vals = [
        solve_mclp_matrix(a, w, k, fixed=fixed).covered_weight
        for k in range(max(1, len(fixed)), n_c + 1)
    ]
    assert all(b >= x - 1e-9 for x, b in itertools.pairwise(vals))
    # with every site chosen, all coverable demand is covered
    assert abs(vals[-1] - float(w[a.any(axis=1)].sum())) < 1e-9


@settings(max_examples=40, deadline=None)
@given(instances(), st.data())
def test_solve_mclp_matrix__reductions_keep_the_optimum(inst, data):
    a, w, k, fixed = inst
    reps = data.draw(st.lists(st.integers(0, a.shape[0] - 1), max_size=10))
    a2, w2 = np.vstack([a, a[reps]]), np.concatenate([w, w[reps]])  # duplicated points
    plain = solve_mclp_matrix(a2, w2, k, fixed=fixed, merge=False, prune=False, bound_fixing=False)
    reduced = solve_mclp_matrix(a2, w2, k, fixed=fixed)
    assert abs(plain.covered_weight - reduced.covered_weight) < 1e-9
