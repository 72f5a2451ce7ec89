"""Reference values for the wind chill index and frostbite bands."""

import pytest

from arcticrecon.cold import frostbite_band, wind_chill, wind_chill_degF, wind_chill_index


def test_wind_chill_index__style_guide_example():
    # STYLE.md docstring example / ECCC wind chill calculator: -20 °C, 30 km/h -> -32.6.
    assert wind_chill_index(-20.0, 30.0) == pytest.approx(-32.6, abs=0.05)


@pytest.mark.parametrize(
    ("t_degC", "v_kmh", "expected_degC", "applicable"),
    [(-10, 0, -10, False), (-10, 3, -10, False), (12, 24, 12, False), (-20, 20, -30.5, True)],
)
def test_wind_chill__public_case_ar22(t_degC, v_kmh, expected_degC, applicable):
    # /work/shared/cases/public_cases.json AR-22, tolerance 0.1 °C.
    r = wind_chill(float(t_degC), float(v_kmh))
    assert float(r.wind_chill_degC) == pytest.approx(expected_degC, abs=0.1)
    assert bool(r.applicable) is applicable


def test_wind_chill_degF__nws_chart_value():
    # NWS wind chill chart (2001): 0 °F at 15 mph -> -19 °F (chart rounds to whole °F).
    assert float(wind_chill_degF(0.0, 15.0).wind_chill_degF) == pytest.approx(-19.0, abs=0.5)


def test_frostbite_band__environment_canada_band_edges():
    # Environment Canada frostbite table: <= -28: 10-30 min; <= -40: 5-10; <= -48: 2-5; <= -55: <2.
    assert frostbite_band([-28.0, -40.0, -48.0, -55.0]).tolist() == [1, 2, 3, 4]
    assert frostbite_band([-27.0, -39.0, -47.0, -54.0]).tolist() == [0, 1, 2, 3]


def test_wind_chill_degF__equals_nws_imperial_formula():
    # NWS imperial form (2001): 35.74 + 0.6215 T - 35.75 V^0.16 + 0.4275 T V^0.16, T in °F,
    # V in mph (coefficients rounded by NWS). The SI round trip agrees within 0.11 °F over
    # -60..50 °F, 3..60 mph; tolerance 0.2 °F.
    import numpy as np

    t_f, v_mph = np.meshgrid(np.arange(-60.0, 51.0, 5.0), np.arange(3.0, 61.0, 1.0))
    nws = 35.74 + 0.6215 * t_f - 35.75 * v_mph**0.16 + 0.4275 * t_f * v_mph**0.16
    ours = wind_chill_degF(t_f, v_mph).wind_chill_degF
    assert np.abs(ours - np.minimum(nws, t_f)).max() <= 0.2
