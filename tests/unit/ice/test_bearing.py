"""Unit tests of arcticrecon.ice.bearing (Gold's formula)."""

import numpy as np
import pytest

from arcticrecon.errors import InputError, OutOfDomainError
from arcticrecon.ice import (
    A_PRESETS_KG_CM2,
    allowable_load_gold,
    effective_thickness_cm,
    required_thickness_gold_cm,
)


def test_allowable_load_gold__issue_example():
    r = allowable_load_gold(80.0, a_kg_cm2=4.0)
    assert r.allowable_load_kg == pytest.approx(25600.0)
    assert r.valid_for_stationary_loads is False
    assert "stationary" in r.note


def test_allowable_load_gold__presets_scale_linearly():
    loads = [allowable_load_gold(50.0, a_kg_cm2=a).allowable_load_kg for a in A_PRESETS_KG_CM2]
    assert loads == pytest.approx([a * 2500.0 for a in A_PRESETS_KG_CM2])


def test_allowable_load_gold__white_ice_counts_half():
    r = allowable_load_gold(60.0, a_kg_cm2=4.0, white_ice_cm=40.0)
    assert r.effective_thickness_cm == 80.0
    assert r.allowable_load_kg == pytest.approx(25600.0)


def test_allowable_load_gold__a_outside_range():
    with pytest.raises(OutOfDomainError):
        allowable_load_gold(80.0, a_kg_cm2=10.0)


def test_allowable_load_gold__bad_thickness():
    with pytest.raises(InputError):
        allowable_load_gold(-5.0)
    with pytest.raises(InputError):
        allowable_load_gold(0.0)


def test_required_thickness_gold_cm__inverse_of_load_array():
    h = required_thickness_gold_cm(np.array([25600.0, 350000.0]), a_kg_cm2=4.0)
    assert h[0] == pytest.approx(80.0)
    assert allowable_load_gold(float(h[1]), a_kg_cm2=4.0).allowable_load_kg == pytest.approx(
        350000.0
    )


def test_effective_thickness_cm__array():
    assert effective_thickness_cm(np.array([10.0, 20.0]), 10.0).tolist() == [15.0, 25.0]
