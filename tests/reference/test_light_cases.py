"""Public light cases AR-01, AR-02, AR-04, AR-07, AR-08 and Pituffik in December/June.

Expected values and tolerances are copied from the project's public case file
(cases/public_cases.json, ids as named); elevations there are geometric (no refraction).
Both engines must pass.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from arcticrecon.light import moon_illumination, sun_events
from arcticrecon.light.events import Engine

ENGINES: list[Engine] = ["fast", "skyfield"]


def _local(ts: str) -> pd.Timestamp:
    return pd.Timestamp(ts).tz_convert("UTC").tz_localize(None)


def _close_s(value: np.datetime64, expected: str, tol_s: float) -> bool:
    return abs((pd.Timestamp(value) - _local(expected)).total_seconds()) <= tol_s


@pytest.mark.parametrize("engine", ENGINES)
def test_sun_events__ar01_ilulissat_midnight_sun(engine: Engine) -> None:
    # AR-01: Ilulissat 69.2198 N 51.0986 W, 2025-07-10 (America/Nuuk); tol 120 s, 0.3 deg
    ds = sun_events(
        69.2198, -51.0986, "2025-07-10", "2025-07-10", tz="America/Nuuk", engine=engine
    ).isel(location=0, day=0)
    assert ds.day_state.item() == "midnight_sun"
    assert pd.isna(ds.sunrise.item()) and pd.isna(ds.sunset.item())
    assert pd.isna(ds.eect.item()) and pd.isna(ds.eent.item())
    assert ds.civil_state.item() == "always_above"
    assert ds.nautical_state.item() == "always_above"
    assert _close_s(ds.solar_noon.values, "2025-07-10T14:29:51-01:00", 120)
    assert abs(float(ds.min_altitude_deg) - 1.43) <= 0.3
    assert abs(float(ds.solar_noon_altitude_deg) - 42.92) <= 0.3
    assert float(ds.daylight_s) == 86400.0


@pytest.mark.parametrize("engine", ENGINES)
def test_sun_events__ar02_nuuk_white_night(engine: Engine) -> None:
    # AR-02: Nuuk 64.1814 N 51.6941 W, 2025-06-21; sunrise 03:53:20-01:00, no civil
    # dawn/dusk, min elevation -2.38 deg; tol 120 s, 0.3 deg
    ds = sun_events(
        64.1814, -51.6941, "2025-06-21", "2025-06-21", tz="America/Nuuk", engine=engine
    ).isel(location=0, day=0)
    assert _close_s(ds.sunrise.values, "2025-06-21T03:53:20-01:00", 120)
    assert ds.day_state.item() == "normal"
    assert pd.isna(ds.bmct.item()) and pd.isna(ds.eect.item())
    assert ds.civil_state.item() == "always_above"
    assert abs(float(ds.min_altitude_deg) - (-2.38)) <= 0.3


@pytest.mark.parametrize("engine", ENGINES)
def test_sun_events__ar04_ilulissat_polar_night_twilight(engine: Engine) -> None:
    # AR-04: Ilulissat 2025-12-21; polar night with civil and nautical twilight; tol 180 s
    ds = sun_events(
        69.2198, -51.0986, "2025-12-21", "2025-12-21", tz="America/Nuuk", engine=engine
    ).isel(location=0, day=0)
    assert ds.day_state.item() == "polar_night"
    assert pd.isna(ds.sunrise.item()) and pd.isna(ds.sunset.item())
    assert _close_s(ds.bmct.values, "2025-12-21T11:03:31-02:00", 180)
    assert _close_s(ds.eect.values, "2025-12-21T15:41:45-02:00", 180)
    assert _close_s(ds.bmnt.values, "2025-12-21T09:23:35-02:00", 180)
    assert _close_s(ds.eent.values, "2025-12-21T17:21:42-02:00", 180)
    assert _close_s(ds.solar_noon.values, "2025-12-21T13:22:38-02:00", 180)
    assert abs(float(ds.solar_noon_altitude_deg) - (-2.66)) <= 0.3
    # about 4.6 h of civil twilight
    assert abs(float(ds.civil_light_s) / 3600 - 4.64) <= 0.1


@pytest.mark.parametrize("engine", ENGINES)
def test_sun_events__ar07_qaanaaq_last_sunrise(engine: Engine) -> None:
    # AR-07: Qaanaaq 77.467 N 69.2285 W (America/Thule); tol 180 s; first polar-night day
    # 2025-10-29 +- 1 day
    ds = sun_events(
        77.467, -69.2285, "2025-10-20", "2025-11-05", tz="America/Thule", engine=engine
    ).isel(location=0)
    d24 = ds.sel(day="2025-10-24")
    assert _close_s(d24.sunrise.values, "2025-10-24T11:30:26-03:00", 180)
    assert _close_s(d24.sunset.values, "2025-10-24T15:09:32-03:00", 180)
    assert abs(float(d24.daylight_s) - (3 * 3600 + 39 * 60 + 6)) <= 180
    assert ds.sel(day="2025-10-29").day_state.item() == "polar_night"
    first = ds.day.values[np.argmax(ds.day_state.values == "polar_night")]
    assert abs((pd.Timestamp(first) - pd.Timestamp("2025-10-29")).days) <= 1


def test_moon_illumination__ar08_phase_angle_not_age() -> None:
    # AR-08: illuminated fraction 0.5, 0.817, 0.998 at these instants; tol 0.01
    k = moon_illumination(["2025-01-06T23:56:00Z", "2025-01-10T00:00:00Z", "2025-01-13T22:27:00Z"])
    np.testing.assert_allclose(k, [0.5, 0.817, 0.998], atol=0.01)
    # not the lunation fraction 0.359
    assert abs(k[1] - 0.359) > 0.4


@pytest.mark.parametrize("engine", ENGINES)
def test_sun_events__pituffik_december_polar_night(engine: Engine) -> None:
    # Pituffik 76.53 N: the Sun stays below -0.83 deg from early November to February;
    # at the December solstice it stays below -6 deg (no civil twilight), noon altitude
    # = -(90 - 76.53 - 23.44) = -9.97 deg (geometric), tol 0.3 deg.
    ds = sun_events(
        76.53063, -68.700541, "2026-12-01", "2026-12-31", tz="America/Thule", engine=engine
    ).isel(location=0)
    assert (ds.day_state == "polar_night").all()
    assert ds.sunrise_count.sum() == 0 and (ds.daylight_s == 0).all()
    sol = ds.sel(day="2026-12-21")
    assert sol.civil_state.item() == "always_below"
    assert abs(float(sol.solar_noon_altitude_deg) - (-9.97)) <= 0.3
    assert sol.nautical_state.item() == "normal"


@pytest.mark.parametrize("engine", ENGINES)
def test_sun_events__pituffik_june_midnight_sun(engine: Engine) -> None:
    # Pituffik in June: midnight sun all month; lowest altitude at the solstice
    # = 76.53 + 23.44 - 90 = 9.97 deg (geometric), tol 0.3 deg.
    ds = sun_events(
        76.53063, -68.700541, "2026-06-01", "2026-06-30", tz="America/Thule", engine=engine
    ).isel(location=0)
    assert (ds.day_state == "midnight_sun").all()
    assert (ds.daylight_s == 86400.0).all()
    assert abs(float(ds.sel(day="2026-06-21").min_altitude_deg) - 9.97) <= 0.3
