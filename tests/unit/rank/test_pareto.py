"""Pareto front on hand examples."""

from __future__ import annotations

import numpy as np
import pytest

from arcticrecon.errors import InputError
from arcticrecon.rank import pareto_front


def test_pareto_front__hand_example():
    # light, access, runway (normalised, 1 = best) of five options:
    values = [
        [0.9, 0.2, 0.5],  # A: best light
        [0.5, 0.8, 0.5],  # B: best access
        [0.5, 0.7, 0.5],  # C: dominated by B (worse access, rest equal)
        [0.4, 0.4, 1.0],  # D: best runway
        [0.3, 0.1, 0.4],  # E: dominated by A, B and D
    ]
    assert pareto_front(values).tolist() == [True, True, False, True, False]


def test_pareto_front__identical_rows_stay_together():
    assert pareto_front([[0.5, 0.5], [0.5, 0.5], [0.2, 0.2]]).tolist() == [True, True, False]


def test_pareto_front__weighted_sum_best_is_on_the_front():
    rng = np.random.default_rng(3)
    v = rng.random((200, 4))
    for w in rng.dirichlet(np.ones(4), 20):
        assert pareto_front(v)[np.argmax(v @ w)]


def test_pareto_front__matches_brute_force():
    rng = np.random.default_rng(4)
    v = rng.integers(0, 4, (60, 3)).astype(float)
    dom = (v[:, None, :] >= v[None, :, :]).all(-1) & (v[:, None, :] > v[None, :, :]).any(-1)
    assert pareto_front(v).tolist() == (~dom.any(axis=0)).tolist()


def test_pareto_front__empty_and_bad_input():
    assert pareto_front(np.zeros((0, 2))).tolist() == []
    with pytest.raises(InputError):
        pareto_front([[np.nan, 1.0]])
    with pytest.raises(InputError):
        pareto_front([1.0, 2.0])


def test_pareto_front__errors_name_the_problem():
    with pytest.raises(InputError) as info:
        pareto_front([1.0, 2.0])
    assert str(info.value) == "values must be a 2-D (options x criteria) array, got shape (2,)"
    for bad in ([[np.nan, 1.0]], [[np.inf, 1.0]], [[1.0, -np.inf]]):
        with pytest.raises(InputError) as info:
            pareto_front(bad)
        assert str(info.value) == "values must be finite to find the Pareto front"
        assert info.value.field == "values"


def test_pareto_front__many_fronts_match_brute_force():
    # Continuous values (no ties) and integer values (many ties and identical rows), more
    # options than criteria and the other way round: each against the definition.
    rng = np.random.default_rng(12)
    for v in (
        rng.random((80, 2)),
        rng.random((40, 5)),
        rng.integers(0, 3, (50, 2)).astype(float),
        rng.integers(0, 2, (30, 4)).astype(float),
        rng.random((3, 8)),
    ):
        dom = (v[:, None, :] >= v[None, :, :]).all(-1) & (v[:, None, :] > v[None, :, :]).any(-1)
        assert pareto_front(v).tolist() == (~dom.any(axis=0)).tolist()
