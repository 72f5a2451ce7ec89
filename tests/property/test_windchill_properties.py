"""Property tests: wind chill never above the air temperature, falls as wind rises."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from arcticrecon.cold import WCI_MAX_AIR_TEMP_DEGC, WCI_MIN_WIND_KMH, wind_chill, wind_chill_index
from arcticrecon.cold.windchill import MAX_WIND_KMH

temps = st.floats(min_value=-90.0, max_value=WCI_MAX_AIR_TEMP_DEGC, allow_nan=False)
winds = st.floats(min_value=WCI_MIN_WIND_KMH, max_value=MAX_WIND_KMH, allow_nan=False)
any_temps = st.floats(min_value=-90.0, max_value=60.0, allow_nan=False)
any_winds = st.floats(min_value=0.0, max_value=MAX_WIND_KMH, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(temps, winds)
def test_wind_chill_index__never_above_air_temperature_in_domain(t, v):
    assert wind_chill_index(t, v) <= t


@settings(max_examples=300, deadline=None)
@given(temps, winds, st.floats(min_value=0.01, max_value=100.0))
def test_wind_chill_index__falls_as_wind_rises(t, v, dv):
    v2 = min(v + dv, MAX_WIND_KMH)
    assert wind_chill_index(t, v2) <= wind_chill_index(t, v)


@settings(max_examples=300, deadline=None)
@given(any_temps, any_winds)
def test_wind_chill__never_nan_never_warmer_anywhere(t, v):
    r = wind_chill(t, v)
    assert np.isfinite(r.wind_chill_degC)
    assert float(r.wind_chill_degC) <= t
    if not bool(r.applicable):
        assert float(r.wind_chill_degC) == t
