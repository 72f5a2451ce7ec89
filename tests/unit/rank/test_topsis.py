"""TOPSIS on fixed scales (pymcdm): AR-24, no rank reversal, and why classic TOPSIS is not used."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from pymcdm.methods import TOPSIS
from pymcdm.normalizations import vector_normalization

from arcticrecon.errors import InputError
from arcticrecon.rank import ranks_from_scores, topsis_closeness


def test_topsis_closeness__hand_values():
    # D+ and D- to the fixed ideal (1, 1) and anti-ideal (0, 0), weights 0.5/0.5.
    c = topsis_closeness([[1.0, 0.0], [0.5, 0.5], [0.0, 0.0], [1.0, 1.0]], [0.5, 0.5])
    np.testing.assert_allclose(c, [0.5, 0.5, 0.0, 1.0])


def test_topsis_closeness__constant_criterion_ar24():
    # Public case AR-24 (min-max values of runway and distance; fuel 0 everywhere): finite,
    # and the same order as without the fuel criterion.
    runway = (np.array([3048, 2810, 1799]) - 1799) / (3048 - 1799)
    dist = (1200 - np.array([1200, 600, 300])) / 900
    with_fuel = topsis_closeness(np.c_[runway, dist, np.zeros(3)], [0.5, 0.3, 0.2])
    without = topsis_closeness(np.c_[runway, dist], [0.5, 0.3])
    assert np.isfinite(with_fuel).all()
    np.testing.assert_allclose(with_fuel, without)
    assert ranks_from_scores(with_fuel).tolist() == ranks_from_scores(without).tolist()


def test_topsis_closeness__dominated_option_changes_no_other_closeness():
    m = np.array([[0.3, 0.4], [0.7, 0.5], [0.4, 0.9]])
    base = topsis_closeness(m, [0.5, 0.5])
    more = topsis_closeness(np.vstack([m, [0.1, 0.3]]), [0.5, 0.5])
    np.testing.assert_allclose(base, more[:3])
    assert ranks_from_scores(more).tolist()[3] == 4


def test_topsis_classic__vector_normalisation_reverses_ranks():
    # Why the product does not use classic TOPSIS: with vector normalisation and ideals
    # taken from the options (pymcdm's TOPSIS(vector_normalization)), adding the dominated
    # option (1, 3) swaps the 2nd and 3rd options. Same matrix as above, raw values x10.
    classic = TOPSIS(vector_normalization)
    m = np.array([[3.0, 4.0], [7.0, 5.0], [4.0, 9.0]])
    types = np.array([1, 1])
    w = np.array([0.5, 0.5])
    before = classic(m, w, types, validation=False)
    after = classic(np.vstack([m, [1.0, 3.0]]), w, types, validation=False)[:3]
    assert before[1] < before[2] and after[1] > after[2]
    # On fixed scales 0..10 with fixed ideals the order does not move.
    fixed = topsis_closeness(np.vstack([m, [1.0, 3.0]]) / 10, w)
    assert (
        ranks_from_scores(fixed[:3]).tolist()
        == ranks_from_scores(topsis_closeness(m / 10, w)).tolist()
    )


def test_topsis_closeness__scaling_and_zero_weight_change_nothing():
    m = np.array([[0.3, 0.4, 0.9], [0.7, 0.5, 0.1], [0.4, 0.9, 0.5]])
    a = topsis_closeness(m[:, :2], [0.2, 0.3])
    np.testing.assert_allclose(a, topsis_closeness(m[:, :2], [2.0, 3.0]))
    np.testing.assert_allclose(a, topsis_closeness(m, [0.2, 0.3, 0.0]))


@pytest.mark.parametrize(
    ("values", "weights"),
    [
        ([[1.2, 0.0]], [0.5, 0.5]),
        ([[np.nan, 0.0]], [0.5, 0.5]),
        ([[0.5, 0.5]], [0.0, 0.0]),
        ([[0.5, 0.5]], [0.5]),
    ],
)
def test_topsis_closeness__bad_input_raises(values, weights):
    with pytest.raises(InputError):
        topsis_closeness(values, weights)


def test_topsis_closeness__no_pyplot_and_pymcdm_stays_whole():
    # A fresh interpreter: TOPSIS without pymcdm.visuals (matplotlib.pyplot), the same
    # values as the package's TOPSIS imported afterwards, and the package complete then.
    code = (
        "import sys\n"
        "from arcticrecon.rank import topsis_closeness\n"
        "c = topsis_closeness([[1.0, 0.0], [0.5, 0.5], [0.2, 0.9]], [0.5, 0.5])\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
        "assert not [m for m in sys.modules if m.startswith('pymcdm')]\n"
        "import numpy as np, pymcdm\n"
        "assert hasattr(pymcdm, 'visuals') and hasattr(pymcdm, 'methods')\n"
        "ref = pymcdm.methods.TOPSIS(lambda x, cost=False: x)(\n"
        "    np.array([[1.0, 0.0], [0.5, 0.5], [0.2, 0.9], [1, 1], [0, 0]]),\n"
        "    np.array([0.5, 0.5]), np.array([1, 1]), validation=False)\n"
        "np.testing.assert_allclose(c, ref[:3])\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr[-2000:]


def test_topsis_closeness__errors_say_what_is_wrong():
    def msg(values, weights):
        with pytest.raises(InputError) as info:
            topsis_closeness(values, weights)
        return str(info.value)

    shape = "normalised must be (n, k) and weights (k,); got "
    assert msg([0.5, 0.5], [0.5, 0.5]) == shape + "(2,) and (2,)"
    assert msg([[0.5, 0.5]], [0.5]) == shape + "(1, 2) and (1,)"
    values = "normalised values must be finite and within [0, 1]"
    for bad in ([[-0.1, 0.0]], [[1.2, 0.0]], [[np.nan, 0.0]], [[np.inf, 0.0]]):
        assert msg(bad, [0.5, 0.5]) == values
    weights = "weights must be non-negative with at least one positive"
    assert msg([[0.5, 0.5]], [-0.5, 1.0]) == weights
    assert msg([[0.5, 0.5]], [0.0, 0.0]) == weights
    # the edges are allowed: values 0 and 1, a zero weight beside a positive one
    assert topsis_closeness([[0.0, 1.0], [1.0, 0.0]], [1.0, 0.0]).tolist() == [0.0, 1.0]


def test_topsis_closeness__no_options():
    c = topsis_closeness(np.zeros((0, 2)), [0.5, 0.5])
    assert c.shape == (0,)


def test_topsis_closeness__constant_among_the_feasible_options_only():
    # Criterion 2 is 0.2 for both feasible options (it varies only through the excluded
    # third), so it is left out: with one criterion of weight 1, D+ = 1 - v and D- = v,
    # closeness = v: 1, 0 and 0.5 for the excluded option.
    m = [[1.0, 0.2], [0.0, 0.2], [0.5, 0.9]]
    np.testing.assert_allclose(topsis_closeness(m, [0.5, 0.5], [True, True, False]), [1, 0, 0.5])
    # over all three options both criteria count: option 0 has D+ = 0.5 x 0.8 = 0.4 and
    # D- = sqrt(0.5^2 + 0.1^2) = sqrt(0.26), closeness sqrt(0.26) / (0.4 + sqrt(0.26))
    c0 = np.sqrt(0.26) / (0.4 + np.sqrt(0.26))
    assert topsis_closeness(m, [0.5, 0.5])[0] == pytest.approx(c0)
    # no feasible option: the criteria that vary over all options count
    np.testing.assert_allclose(
        topsis_closeness(m, [0.5, 0.5], [False, False, False]), topsis_closeness(m, [0.5, 0.5])
    )


def test_topsis_closeness__all_options_equal_keep_every_weighted_criterion():
    # Nothing varies: the weighted criteria are kept (no empty weight vector). At (0.5,
    # 0.5) with weights 1/2 each, D+ = D- = sqrt(2 x 0.25^2): closeness 0.5 for both.
    np.testing.assert_allclose(topsis_closeness([[0.5, 0.5], [0.5, 0.5]], [1.0, 1.0]), [0.5, 0.5])
    # (0.2, 0.2) under any weights w: D+ = 0.8 |w|, D- = 0.2 |w|: closeness 0.2
    np.testing.assert_allclose(topsis_closeness([[0.2, 0.2]], [1.0, 3.0]), [0.2])
