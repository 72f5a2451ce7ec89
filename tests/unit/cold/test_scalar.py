"""The one-reading wind chill (arcticrecon.cold.scalar, no numpy) against the numpy engine
(arcticrecon.cold.windchill) and the published ECCC and NWS charts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from arcticrecon.cold import scalar, windchill
from arcticrecon.cold.scalar import (
    frostbite_band_scalar,
    wind_chill_index_scalar,
    wind_chill_scalar,
)
from arcticrecon.errors import InputError
from arcticrecon.units import degc_to_degf, degf_to_degc, mph_to_kmh

#: Temperatures [°C]: every 0.5 °C over the accepted range, plus the edges of the index
#: domain (10 °C and the doubles either side) and of the accepted range (-90, 60).
GRID_T = sorted(
    {
        *np.arange(-90.0, 60.01, 0.5).tolist(),
        10.0,
        math.nextafter(10.0, 11.0),
        math.nextafter(10.0, 9.0),
        -90.0,
        math.nextafter(-90.0, 0.0),
        60.0,
        math.nextafter(60.0, 0.0),
        -27.3,
        -39.5,
        -47.5,
        -54.5,
    }
)
#: Winds [km/h]: every 0.5 km/h from calm to the accepted maximum, plus the domain edge
#: 4.8 km/h, the doubles either side, the NWS "above 3 mph" reading (4.83) and 4.79.
GRID_V = sorted(
    {
        *np.arange(0.0, 150.01, 0.5).tolist(),
        4.8,
        math.nextafter(4.8, 0.0),
        math.nextafter(4.8, 5.0),
        4.79,
        4.83,
        150.0,
        math.nextafter(150.0, 0.0),
        0.0,
        1e-300,
    }
)


#: ``s = V**0.16`` is the platform's libm ``pow`` in the scalar path and numpy's
#: ``power`` in the engine (SIMD on AVX-512 CPUs): bit for bit on some machines, a few ulp
#: of ``s`` apart on others (numpy 2.4 on an AVX-512 host: -15.368825202769937 vs ...928
#: at -3 degC, 109.5 km/h). WCI = 13.12 + 0.6215 T + (0.3965 T - 11.37) s, so a few ulp of
#: s (<= 2.2 here, ulp 4.4e-16) move WCI by <= |0.3965 T - 11.37| x 4 x 4.4e-16 < 1e-13
#: degC over the grid (|T| <= 90), plus the sum's rounding: 1e-12 degC bounds both and is
#: far below any reading's precision (0.1 degC).
ATOL_DEGC = 1e-12


def test_wind_chill_scalar__equals_the_numpy_engine_within_1e12_degC_over_the_grid():
    t, v = np.meshgrid(np.array(GRID_T), np.array(GRID_V), indexing="ij")
    ref = windchill.wind_chill(t, v)
    got = [[wind_chill_scalar(a, b) for b in GRID_V] for a in GRID_T]
    wci = np.array([[r.wind_chill_degC for r in row] for row in got])
    ok = np.array([[r.applicable for r in row] for row in got])
    band = np.array([[r.frostbite_band for r in row] for row in got])
    np.testing.assert_allclose(wci, ref.wind_chill_degC, rtol=0.0, atol=ATOL_DEGC)
    assert np.array_equal(ok, ref.applicable)
    assert np.array_equal(band, ref.frostbite_band)
    # the grid covers both sides of the domain and every band
    assert ok.any() and not ok.all()
    assert set(band.ravel().tolist()) == {0, 1, 2, 3, 4}
    # types: plain Python values, not numpy scalars
    r = got[0][-1]
    assert (type(r.wind_chill_degC), type(r.applicable), type(r.frostbite_band)) == (
        float,
        bool,
        int,
    )


def test_wind_chill_index_scalar__equals_the_numpy_engine_inside_the_domain():
    for a in GRID_T:
        for b in GRID_V:
            if a <= 10.0 and b >= 4.8:
                got = wind_chill_index_scalar(a, b)
                ref = windchill.wind_chill_index(a, b)
                assert abs(got - ref) <= ATOL_DEGC, (a, b, got, ref)


def _error(f, *args):
    try:
        f(*args)
    except InputError as err:
        return type(err), str(err), err.field, err.value, err.valid_range
    return None


@pytest.mark.parametrize(
    ("t", "v"),
    [
        (-20.0, 4.79),  # calm: strict index refuses, checked before the temperature
        (12.0, 3.0),
        (math.nextafter(10.0, 11.0), 30.0),
        (12.0, 30.0),
        (253.0, 10.0),  # kelvin
        (math.inf, 10.0),
        (-95.0, 10.0),
        (-math.inf, 10.0),
        (math.nan, 10.0),
        (-20.0, math.nan),
        (-20.0, -0.5),
        (-20.0, 150.5),
        (-20.0, math.inf),
        ("minus twenty", 10.0),
        (-20.0, "calm"),
    ],
)
def test_scalar_paths__refuse_what_the_numpy_engine_refuses_with_the_same_error(t, v):
    assert _error(wind_chill_index_scalar, t, v) == _error(windchill.wind_chill_index, t, v)
    assert _error(wind_chill_scalar, t, v) == _error(windchill.wind_chill, t, v)
    assert _error(wind_chill_index_scalar, t, v) is not None


def test_frostbite_band_scalar__equals_the_numpy_engine_at_and_around_every_band_edge():
    xs = [
        e + d
        for e in (-27.5, -28.0, -39.5, -40.0, -47.5, -48.0, -54.5, -55.0)
        for d in (-0.5, -1e-9, 0.0, 1e-9, 0.5)
    ]
    xs += np.arange(-80.0, 10.0, 0.05).tolist()
    assert [frostbite_band_scalar(x) for x in xs] == windchill.frostbite_band(xs).tolist()


#: Environment Canada, "Wind Chill Calculation Chart" (Meteorological Service of Canada,
#: msc.ec.gc.ca/education/windchill/windchill_chart_e.cfm, archived 2006-02-08 at
#: bac-lac.wayback.archive-it.org): whole-number index for T_air [°C] (columns) and the
#: wind at 10 m V10 [km/h] (rows).
ECCC_T_DEGC = (5, 0, -5, -10, -15, -20, -25, -30, -35, -40, -45, -50)
ECCC_CHART = {
    5: (4, -2, -7, -13, -19, -24, -30, -36, -41, -47, -53, -58),
    10: (3, -3, -9, -15, -21, -27, -33, -39, -45, -51, -57, -63),
    15: (2, -4, -11, -17, -23, -29, -35, -41, -48, -54, -60, -66),
    20: (1, -5, -12, -18, -24, -30, -37, -43, -49, -56, -62, -68),
    25: (1, -6, -12, -19, -25, -32, -38, -44, -51, -57, -64, -70),
    30: (0, -6, -13, -20, -26, -33, -39, -46, -52, -59, -65, -72),
    35: (0, -7, -14, -20, -27, -33, -40, -47, -53, -60, -66, -73),
    40: (-1, -7, -14, -21, -27, -34, -41, -48, -54, -61, -68, -74),
    45: (-1, -8, -15, -21, -28, -35, -42, -48, -55, -62, -69, -75),
    50: (-1, -8, -15, -22, -29, -35, -42, -49, -56, -63, -69, -76),
    55: (-2, -8, -15, -22, -29, -36, -43, -50, -57, -63, -70, -77),
    60: (-2, -9, -16, -23, -30, -36, -43, -50, -57, -64, -71, -78),
    65: (-2, -9, -16, -23, -30, -37, -44, -51, -58, -65, -72, -79),
    70: (-2, -9, -16, -23, -30, -37, -44, -51, -58, -65, -72, -80),
    75: (-3, -10, -17, -24, -31, -38, -45, -52, -59, -66, -73, -80),
    80: (-3, -10, -17, -24, -31, -38, -45, -52, -60, -67, -74, -81),
}


def test_wind_chill_scalar__reproduces_the_eccc_chart_to_the_printed_degree():
    for v_kmh, row in ECCC_CHART.items():
        for t_degC, printed in zip(ECCC_T_DEGC, row, strict=True):
            got = wind_chill_scalar(float(t_degC), float(v_kmh)).wind_chill_degC
            assert round(got) == printed, (t_degC, v_kmh, got)


#: US National Weather Service wind chill chart (2001; weather.gov/safety/cold-wind-chill-chart),
#: rows 40, 0, -20 and -45 °F at 5, 10, ... 60 mph, whole °F.
NWS_V_MPH = tuple(range(5, 61, 5))
NWS_CHART = {
    40: (36, 34, 32, 30, 29, 28, 28, 27, 26, 26, 25, 25),
    0: (-11, -16, -19, -22, -24, -26, -27, -29, -30, -31, -32, -33),
    -20: (-34, -41, -45, -48, -51, -53, -55, -57, -58, -60, -61, -62),
    -45: (-63, -72, -77, -81, -84, -87, -89, -91, -93, -95, -97, -98),
}


def test_wind_chill_scalar__matches_the_nws_chart_in_fahrenheit():
    # the NWS prints its rounded-coefficient imperial form (35.74 + 0.6215 T - ...): the SI
    # formula differs by up to 0.11 °F, so allow half a printed degree plus that
    for t_degf, row in NWS_CHART.items():
        for v_mph, printed in zip(NWS_V_MPH, row, strict=True):
            r = wind_chill_scalar(degf_to_degc(float(t_degf)), mph_to_kmh(float(v_mph)))
            assert r.applicable
            assert abs(degc_to_degf(r.wind_chill_degC) - printed) <= 0.5 + 0.11, (t_degf, v_mph)


def test_constants__are_the_numpy_engines():
    for name in ("FROSTBITE_BANDS", "RISK_CLASSES", "WCI_MAX_AIR_TEMP_DEGC", "WCI_MIN_WIND_KMH"):
        assert getattr(scalar, name) is getattr(windchill, name)
    assert scalar.FROSTBITE_BANDS[0].wci_max_degC == math.inf
