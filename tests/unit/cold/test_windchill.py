"""Unit tests of arcticrecon.cold.windchill."""

import numpy as np
import pytest

from arcticrecon.cold import (
    FROSTBITE_BANDS,
    cold_injury_risk_class,
    frostbite_band,
    wind_chill,
    wind_chill_degF,
    wind_chill_index,
)
from arcticrecon.errors import InputError, OutOfDomainError, UnitError


def test_wind_chill_index__scalar_returns_float():
    assert isinstance(wind_chill_index(-20.0, 30.0), float)


def test_wind_chill_index__array_shape_kept():
    out = wind_chill_index(np.array([-20.0, -10.0, 0.0]), np.array([30.0, 20.0, 10.0]))
    assert out.shape == (3,)
    assert np.all(out < np.array([-20.0, -10.0, 0.0]))


def test_wind_chill_index__wind_below_domain_raises_with_mask():
    with pytest.raises(OutOfDomainError) as ei:
        wind_chill_index([-10.0, -10.0], [3.0, 20.0])
    assert ei.value.mask.tolist() == [True, False]
    assert "4.8" in str(ei.value)


def test_wind_chill_index__temperature_above_domain_raises():
    with pytest.raises(OutOfDomainError):
        wind_chill_index(12.0, 24.0)


def test_wind_chill_index__kelvin_refused_with_unit_error():
    with pytest.raises(UnitError) as ei:
        wind_chill_index(253.0, 30.0)
    assert "kelvin" in str(ei.value)


def test_wind_chill__kelvin_refused_with_unit_error():
    with pytest.raises(UnitError):
        wind_chill([-20.0, 253.15], [30.0, 30.0])


def test_wind_chill__nan_refused():
    with pytest.raises(InputError):
        wind_chill([np.nan], [10.0])


def test_wind_chill__negative_wind_refused():
    with pytest.raises(InputError):
        wind_chill(-10.0, -5.0)


def test_wind_chill__boundary_4p8_is_inside_domain():
    r = wind_chill([-10.0, -10.0], [4.8, 4.79])
    assert r.applicable.tolist() == [True, False]
    assert r.wind_chill_degC[0] < -10.0
    assert r.wind_chill_degC[1] == -10.0


def test_wind_chill__boundary_10degC_is_inside_domain():
    r = wind_chill([10.0, 10.01], [20.0, 20.0])
    assert r.applicable.tolist() == [True, False]
    assert r.wind_chill_degC[0] < 10.0
    assert r.wind_chill_degC[1] == pytest.approx(10.01)


def test_wind_chill__outside_domain_returns_air_temperature_never_nan():
    t = np.array([-10.0, 12.0, 25.0, -40.0])
    v = np.array([0.0, 24.0, 2.0, 1.0])
    r = wind_chill(t, v)
    assert not r.applicable.any()
    assert np.array_equal(r.wind_chill_degC, t)
    assert np.isfinite(r.wind_chill_degC).all()


def test_wind_chill__broadcasts_scalar_wind():
    r = wind_chill(np.array([-5.0, -25.0]), 30.0)
    assert r.wind_chill_degC.shape == (2,)


def test_wind_chill_degF__returns_fahrenheit():
    r = wind_chill_degF(50.0, 1.0)  # 1 mph is below the domain: air temperature back
    assert float(r.wind_chill_degF) == pytest.approx(50.0)
    assert not hasattr(r, "wind_chill_degC")  # a °F value never sits in a _degC field
    assert not bool(r.applicable)


def test_frostbite_band__thresholds():
    assert frostbite_band([-27.0, -28.0, -39.4, -39.6, -48.0, -55.0, -70.0]).tolist() == [
        0,
        1,
        1,
        2,
        3,
        4,
        4,
    ]


def test_frostbite_band__labels_match_environment_canada_table():
    assert [b.short for b in FROSTBITE_BANDS] == [
        "none",
        "10-30 min",
        "5-10 min",
        "2-5 min",
        "<2 min",
    ]
    assert [b.wci_max_degC for b in FROSTBITE_BANDS[1:]] == [-28.0, -40.0, -48.0, -55.0]


def test_cold_injury_risk_class__short_exposure_lowers_class():
    assert cold_injury_risk_class(-30.0, 0.1).tolist() == 0  # 6 min < 10 min
    assert cold_injury_risk_class(-30.0, 1.0).tolist() == 1


def test_cold_injury_risk_class__no_exposure_is_low():
    assert int(cold_injury_risk_class(-60.0, 0.0)) == 0


def test_cold_injury_risk_class__exposure_out_of_range():
    with pytest.raises(InputError):
        cold_injury_risk_class(-30.0, 25.0)
