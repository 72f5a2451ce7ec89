"""Bad input to the cold engine: exact one-line messages, fields, values and ranges, and the
edges of every valid range (a planner sees these lines; the web and CLI show them as is).
"""

from __future__ import annotations

import numpy as np
import pytest

from arcticrecon.cold import (
    check_air_temp_degC,
    cold_injury_risk_class,
    wind_chill,
    wind_chill_index,
)
from arcticrecon.errors import InputError, OutOfDomainError, UnitError


def test_check_air_temp_degC__kelvin_refused_with_the_conversion():
    # 253 "°C" is 253 K = 253 - 273.15 = -20.15 °C: the message shows -20.1 (rounded .1f)
    with pytest.raises(UnitError) as info:
        check_air_temp_degC([-5.0, 253.0, 300.0])
    e = info.value
    assert str(e) == (
        "air_temp_degC 253 °C is above 60 °C and looks like kelvin (253 K = -20.1 °C); "
        "give the air temperature in °C (valid range -90 to 60 °C)"
    )
    assert (e.field, e.value, e.valid_range) == ("air_temp_degC", 253.0, (-90.0, 60.0))


def test_check_air_temp_degC__colder_than_any_record_names_the_first_and_masks_all():
    with pytest.raises(OutOfDomainError) as info:
        check_air_temp_degC([-20.0, -95.0, -120.0], field="t2m")
    e = info.value
    assert str(e) == "t2m -95 °C is colder than any surface record; valid range -90 to 60 °C"
    assert (e.field, e.value, e.valid_range) == ("t2m", -95.0, (-90.0, 60.0))
    assert e.mask.tolist() == [False, True, True]


def test_check_air_temp_degC__range_ends_are_valid_and_values_come_back_as_float():
    got = check_air_temp_degC([-90, 60])
    assert got.dtype == np.float64 and got.tolist() == [-90.0, 60.0]


def test_check_air_temp_degC__nan_and_text():
    with pytest.raises(InputError) as info:
        check_air_temp_degC([np.nan, 1.0, np.nan])
    e = info.value
    assert str(e) == (
        "air_temp_degC contains NaN at 2 position(s); give measured values or drop the missing ones"
    )
    assert (e.field, e.value, e.valid_range) == ("air_temp_degC", "NaN", "finite numbers")
    with pytest.raises(InputError) as info:
        check_air_temp_degC("cold")
    e = info.value
    assert str(e) == "air_temp_degC 'cold' is not a number; give a number"
    assert (e.field, e.value) == ("air_temp_degC", "cold")


def test_wind_chill_index__negative_and_implausible_winds():
    with pytest.raises(InputError) as info:
        wind_chill_index(-10.0, [10.0, -3.0, -5.0])
    e = info.value
    assert str(e) == (
        "wind_speed_10m_kmh -3 km/h is negative; give a wind speed (not a vector "
        "component) >= 0 km/h"
    )
    assert (e.field, e.value, e.valid_range) == ("wind_speed_10m_kmh", -3.0, (0.0, 150.0))
    with pytest.raises(InputError) as info:
        wind_chill_index(-10.0, [10.0, 151.0])
    e = info.value
    assert str(e) == (
        "wind_speed_10m_kmh 151 km/h is above 150 km/h; the published wind chill charts "
        "stop at 80 km/h (ECCC) / 60 mph (NWS): check the unit (km/h, not m/s x 10 or knots)"
    )
    assert (e.field, e.value, e.valid_range) == ("wind_speed_10m_kmh", 151.0, (0.0, 150.0))
    with pytest.raises(InputError, match="wind_speed_10m_kmh contains NaN at 1 position"):
        wind_chill_index(-10.0, [np.nan, 10.0])


def test_wind_chill_index__domain_edges_and_errors():
    # Domain: air <= 10 °C and wind >= 4.8 km/h, both inclusive. At the corner
    # (10 °C, 4.8 km/h): 13.12 + 0.6215*10 - 11.37*4.8^0.16 + 0.3965*10*4.8^0.16
    # = 19.335 - 7.405 * 1.285283 = 9.8175 °C (published JAG/TI formula, by hand)
    assert wind_chill_index(10.0, 4.8) == pytest.approx(9.8175, abs=0.0001)
    assert wind_chill_index(-90.0, 150.0) < -90.0
    with pytest.raises(OutOfDomainError) as info:
        wind_chill_index([0.0, 12.0], [3.0, 20.0])
    e = info.value
    assert str(e) == (
        "wind 3 km/h is below the wind chill domain (>= 4.8 km/h at 10 m); in calmer air "
        "the index is not defined — use the air temperature"
    )
    assert (e.field, e.value, e.valid_range) == ("wind_speed_10m_kmh", 3.0, (4.8, None))
    assert e.mask.tolist() == [True, True]  # both points are outside the domain
    with pytest.raises(OutOfDomainError) as info:
        wind_chill_index([0.0, 12.0], [20.0, 20.0])
    e = info.value
    assert str(e) == (
        "air temperature 12 °C is above the wind chill domain (<= 10 °C); the index is "
        "not defined — use the air temperature"
    )
    assert (e.field, e.value, e.valid_range) == ("air_temp_degC", 12.0, (None, 10.0))
    assert e.mask.tolist() == [False, True]


def test_wind_chill_index__scalar_in_scalar_out_array_in_array_out():
    assert isinstance(wind_chill_index(-20.0, 30.0), float)
    got = wind_chill_index(np.array([-20.0, -20.0]), np.array([30.0, 30.0]))
    assert isinstance(got, np.ndarray) and got.shape == (2,)
    # -20 °C at 30 km/h: -32.6 °C (Environment Canada wind chill chart)
    assert got.round(1).tolist() == [-32.6, -32.6]


def test_wind_chill__temperature_checked_before_the_formula():
    with pytest.raises(UnitError, match="looks like kelvin"):
        wind_chill(253.0, 20.0)


def test_cold_injury_risk_class__exposure_limits_and_band_threshold():
    # ECCC band 1 (index <= -28): skin freezes in 10-30 min. An exposure of exactly
    # 10 min (1/6 h) is not shorter than 10 min: stays class 1; 9 min lowers it to 0.
    assert cold_injury_risk_class(-30.0, 10 / 60).tolist() == 1
    assert cold_injury_risk_class(-30.0, 9 / 60).tolist() == 0
    assert cold_injury_risk_class([-30.0, -30.0], [0.0, 24.0]).tolist() == [0, 1]
    for bad in (-0.1, 24.5):
        with pytest.raises(InputError) as info:
            cold_injury_risk_class(-30.0, [1.0, bad])
        e = info.value
        assert str(e) == (
            "exposure_h must be between 0 and 24 hours per day; give the daily time outdoors"
        )
        assert (e.field, e.value, e.valid_range) == ("exposure_h", [1.0, bad], (0.0, 24.0))
