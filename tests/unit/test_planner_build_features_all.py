"""planner.build_features with every optional part: temperature, ship ice class, H-hour.

A made-up light table (constant hours, a few polar-night and midnight-sun dates), a
made-up monthly temperature table and a compatibility rule written here, so each value
follows by arithmetic from the inputs (worked out in the comments); the wind chill is the
JAG/TI formula written out here, port access and the frostbite band come from their own
public functions (tested against their references in tests/unit/ice and tests/unit/cold).
Also the planning windows and window means at their edges (issue 11 §5).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from arcticrecon import planner
from arcticrecon.catalog import Compatibility, get_aircraft, load_catalog
from arcticrecon.cold import cold_risk_table
from arcticrecon.ice import site_port_access
from arcticrecon.mission.models import DailyHours, ExerciseConcept
from arcticrecon.planner.features import h_hour_light, working_hours_concept
from arcticrecon.planner.windows import window_mean, window_months, windows_for
from arcticrecon.rank import get_concept

SITES = ["BGGH", "BGKK", "BGJN", "BGTL"]
START, END = dt.date(2027, 1, 1), dt.date(2027, 2, 28)
JAN, FEB = pd.Timestamp("2027-01-01"), pd.Timestamp("2027-02-01")


def _light() -> xr.Dataset:
    days = pd.date_range(START, END, freq="D")
    shape = (len(SITES), len(days))
    state = np.full(shape, "normal", dtype=object)
    state[3, :5] = "polar_night"  # BGTL: 1-5 January
    state[3, 31:34] = "midnight_sun"  # BGTL: 1-3 February (made up)
    return xr.Dataset(
        {
            "daylight_s": (("location", "day"), np.full(shape, 5 * 3600.0)),
            "civil_light_s": (("location", "day"), np.full(shape, 7 * 3600.0)),
            "nautical_light_s": (("location", "day"), np.full(shape, 9 * 3600.0)),
            "day_state": (("location", "day"), state),
        },
        coords={"location": SITES, "day": days},
    )


def _t2m() -> xr.DataArray:
    # site i, month m: -(10 i + m) degC, so BGGH January -1, BGTL February -32
    vals = -np.array([[10.0 * i + m for m in range(1, 13)] for i in range(len(SITES))])
    return xr.DataArray(
        vals,
        dims=("location", "month"),
        coords={"location": SITES, "month": np.arange(1, 13)},
        attrs={"source": "made up for the test"},
    )


def _rule(aircraft, site) -> Compatibility:
    # C-130J-30 refused at BGKK and BGJN, DHC-6 refused at BGJN, two caveats for DHC-6 at BGGH
    if site.icao == "BGJN":
        return Compatibility(False, f"no {aircraft.key} at {site.icao}")
    if site.icao == "BGKK" and aircraft.key == "C-130J-30":
        return Compatibility(False, "too short")
    caveats = (
        ("surface unknown", "width unknown")
        if (site.icao, aircraft.key) == ("BGGH", "DHC-6")
        else ()
    )
    return Compatibility(True, "", caveats)


def _exercise(**extra: object) -> ExerciseConcept:
    return ExerciseConcept.model_validate(
        {
            "name": "all",
            "kind": "amphibious_landing",
            "season": {"from": START, "to": END},
            "ship_ice_class": "IA",
            "h_hour": "09:00",
            "design_wind_kmh": 20,
            "exposure_h_per_day": 6,
        }
        | extra
    )


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def ds(catalog) -> xr.Dataset:
    sites = [catalog.get(s) for s in SITES]
    aircraft = [get_aircraft("C-130J-30"), get_aircraft("DHC-6")]
    return planner.build_features(
        sites, sites[:1], _exercise(), aircraft, _light(), _t2m(), compatibility=_rule
    )


def test_features__dims_coords_and_units(ds: xr.Dataset, catalog) -> None:
    assert list(ds["location"].values) == SITES
    assert list(pd.DatetimeIndex(ds["time"].values)) == [JAN, FEB]
    assert list(pd.DatetimeIndex(ds["window_end"].values)) == [
        pd.Timestamp("2027-01-31"),
        pd.Timestamp("2027-02-28"),
    ]
    assert list(ds["name"].values) == [catalog.get(s).name for s in SITES]
    assert list(ds["lat_deg"].values) == [catalog.get(s).lat_deg for s in SITES]
    assert list(ds["lon_deg"].values) == [catalog.get(s).lon_deg for s in SITES]
    two = [
        "civil_light_h",
        "nautical_light_h",
        "daylight_h",
        "polar_night_days",
        "midnight_sun_days",
        "t2m_mean_degC",
        "wind_chill_degC",
        "frostbite_band",
        "port_access",
        "h_hour_civil_light_days",
    ]
    for v in two:
        assert ds[v].dims == ("location", "time"), v
    for v in ["hub_distance_km", "flight_time_h", "nearest_hub", "aircraft_ok", "site_open"]:
        assert ds[v].dims == ("location",), v
    units = {
        "civil_light_h": "h/day",
        "nautical_light_h": "h/day",
        "daylight_h": "h/day",
        "hub_distance_km": "km",
        "flight_time_h": "h",
        "runway_length_m": "m",
        "t2m_mean_degC": "degC",
        "h_hour_civil_light_days": "days",
    }
    assert {v: ds[v].attrs["units"] for v in units} == units
    assert ds["civil_light_h"].attrs["long_name"] == (
        "mean hours with the Sun above -6 deg per local date"
    )
    assert ds["nautical_light_h"].attrs["long_name"] == (
        "mean hours with the Sun above -12 deg per local date"
    )
    assert ds["daylight_h"].attrs["long_name"] == (
        "mean hours with the Sun above -0.833 deg per local date"
    )
    assert ds["h_hour_civil_light_days"].attrs["long_name"] == (
        "dates in the window with the Sun above -6 deg at H-hour 09:00 local"
    )
    assert ds["t2m_mean_degC"].attrs["source"] == "made up for the test"
    assert ds["frostbite_band"].attrs["design_wind_kmh"] == 20.0
    assert ds["port_access"].attrs["source"] == site_port_access(SITES, "IA").attrs["source"]
    assert ds["port_access"].attrs["source"]  # the cited facts are named


def test_features__light_hours_and_state_days(ds: xr.Dataset) -> None:
    # constant 7 h civil, 9 h nautical, 5 h day length: every window mean is that value
    assert (ds["civil_light_h"].values == 7.0).all()
    assert (ds["nautical_light_h"].values == 9.0).all()
    assert (ds["daylight_h"].values == 5.0).all()
    # BGTL: 5 polar-night dates in January, 3 midnight-sun dates in February; else none
    pn = ds["polar_night_days"].to_series().unstack("time")
    ms = ds["midnight_sun_days"].to_series().unstack("time")
    assert pn.loc["BGTL"].tolist() == pytest.approx([5.0, 0.0])
    assert ms.loc["BGTL"].tolist() == pytest.approx([0.0, 3.0])
    assert pn.drop("BGTL").to_numpy().sum() == 0.0 and ms.drop("BGTL").to_numpy().sum() == 0.0


def test_features__aircraft_verdicts_and_reasons(ds: xr.Dataset) -> None:
    ok = ds["aircraft_ok"].to_series().to_dict()
    assert ok == {"BGGH": True, "BGKK": True, "BGJN": False, "BGTL": True}
    why = ds["aircraft_reason"].to_series().to_dict()
    assert why == {
        "BGGH": "",
        "BGKK": "",
        "BGJN": "C-130J-30: no C-130J-30 at BGJN; DHC-6: no DHC-6 at BGJN",
        "BGTL": "",
    }
    assert ds["aircraft_caveats"].to_series().to_dict() == {
        "BGGH": "surface unknown; width unknown",
        "BGKK": "",
        "BGJN": "",
        "BGTL": "",
    }
    # BGJN: no aircraft can use it, so no flight time; BGGH is the hub: 0 km + 0.5 h
    ft = ds["flight_time_h"].to_series()
    assert np.isnan(ft["BGJN"]) and ft["BGGH"] == 0.5
    # BGKK: only the DHC-6 (cruise 150 kt per aircraft.csv = 77.1667 m/s) may fly there
    speed = get_aircraft("DHC-6").cruise_speed_m_s
    d_m = ds["hub_distance_km"].sel(location="BGKK").item() * 1e3
    assert ft["BGKK"] == pytest.approx(d_m / speed / 3600.0 + 0.5, rel=1e-9)


def test_features__without_aircraft_every_site_is_reachable_without_a_time(catalog) -> None:
    sites = [catalog.get(s) for s in SITES]
    f = planner.build_features(sites, sites[:1], _exercise(h_hour=None), [], _light())
    assert f["aircraft_ok"].values.all()
    assert set(f["aircraft_reason"].values) == {""} and set(f["aircraft_caveats"].values) == {""}
    assert np.isnan(f["flight_time_h"].values).all()
    assert "h_hour_civil_light_days" not in f and "t2m_mean_degC" not in f


def test_features__temperature_wind_chill_and_frostbite(ds: xr.Dataset) -> None:
    t = ds["t2m_mean_degC"].to_series().unstack("time")
    # window midpoints: 16 January, 14/15 February -> months 1 and 2
    assert t.loc["BGGH"].tolist() == [-1.0, -2.0]
    assert t.loc["BGTL"].tolist() == [-31.0, -32.0]
    # JAG/TI wind chill at 20 km/h: 13.12 + 0.6215 T - 11.37 v^0.16 + 0.3965 T v^0.16
    v16 = 20.0**0.16
    want = 13.12 + 0.6215 * ds["t2m_mean_degC"] - 11.37 * v16 + 0.3965 * ds["t2m_mean_degC"] * v16
    np.testing.assert_allclose(ds["wind_chill_degC"].values, want.values, atol=0.05)
    ref = cold_risk_table(
        xr.DataArray(
            -np.array([[1.0, 2.0], [11.0, 12.0], [21.0, 22.0], [31.0, 32.0]]),
            dims=("location", "month"),
        ),
        [20.0],
        exposure_h=6.0,
    ).isel(wind_kmh=0)
    np.testing.assert_array_equal(ds["frostbite_band"].values, ref["frostbite_band"].values)
    assert ds["frostbite_band"].dtype == np.float64


def test_features__port_access_of_the_window_month(ds: xr.Dataset) -> None:
    access = site_port_access(SITES, "IA")  # dims (location, month 1..12)
    want = access.values[:, [0, 1]]  # January, February
    np.testing.assert_array_equal(ds["port_access"].values, want)


def test_features__h_hour_days_count_the_window_dates(ds: xr.Dataset, catalog) -> None:
    sites = [catalog.get(s) for s in SITES]
    daily = h_hour_light(sites, [(START, END)], dt.time(9, 0)).to_pandas()
    days = pd.DatetimeIndex(daily.columns)
    want = np.stack(
        [daily.loc[:, days.month == 1].sum(axis=1), daily.loc[:, days.month == 2].sum(axis=1)],
        axis=1,
    )
    np.testing.assert_array_equal(ds["h_hour_civil_light_days"].values, want)
    # Pituffik in January: polar night, no civil light at 09:00; Nuuk: civil light at
    # 09:00 on more February dates than January ones (the days lengthen)
    h = ds["h_hour_civil_light_days"]
    assert h.sel(location="BGTL", time=JAN).item() == 0.0
    assert h.sel(location="BGGH", time=FEB).item() > h.sel(location="BGGH", time=JAN).item()


def test_features__working_hours_long_name(catalog) -> None:
    sites = [catalog.get(s) for s in SITES[:1]]
    light = _light().sel(location=SITES[:1])
    ex = _exercise(h_hour=None, ship_ice_class=None, daily_hours={"start": "10:00", "end": "14:00"})
    f = planner.build_features(sites, sites, ex, [], light)
    assert f["civil_light_h"].attrs["long_name"] == (
        "mean hours with the Sun above -6 deg inside the working hours 10:00-14:00"
    )
    assert f["nautical_light_h"].attrs["long_name"].endswith("inside the working hours 10:00-14:00")
    assert "port_access" not in f


def test_working_hours_concept__both_light_criteria_rescaled() -> None:
    # search_and_rescue scores civil and nautical light; a 09:00-15:00 day is 6 h
    base = get_concept("search_and_rescue")
    c = working_hours_concept(base, DailyHours(start="09:00", end="15:00"))
    crit = {x.name: x for x in c.criteria}
    old = {x.name: x for x in base.criteria}
    for name in ("civil_light", "nautical_light"):
        assert crit[name].scale == (0.0, 6.0)
        assert crit[name].label == f"{old[name].label} in working hours 09:00-15:00"
        assert crit[name].source == (
            f"{old[name].source}; counted inside the working hours 09:00-15:00 (local time of "
            "each site's zone); scale = 0 to the working day's length"
        )
    assert crit["access"] == old["access"]


def test_windows_for__edges() -> None:
    # a season from the 1st starts its first window on the 1st; one ending on the 1st
    # has a one-date last window
    assert windows_for(dt.date(2027, 1, 1), dt.date(2027, 3, 1)) == [
        (dt.date(2027, 1, 1), dt.date(2027, 1, 31)),
        (dt.date(2027, 2, 1), dt.date(2027, 2, 28)),
        (dt.date(2027, 3, 1), dt.date(2027, 3, 1)),
    ]
    # weeks: Monday 4 January 2027 .. Sunday; a season ending on a Monday has a 1-date week
    assert windows_for(dt.date(2027, 1, 6), dt.date(2027, 1, 18), "week") == [
        (dt.date(2027, 1, 6), dt.date(2027, 1, 10)),
        (dt.date(2027, 1, 11), dt.date(2027, 1, 17)),
        (dt.date(2027, 1, 18), dt.date(2027, 1, 18)),
    ]


def test_window_mean__nan_days_and_one_day_windows() -> None:
    days = pd.date_range("2027-01-01", "2027-01-05", freq="D")
    daily = xr.DataArray(
        [[1.0, np.nan, 3.0, np.nan, np.nan]], dims=("location", "day"), coords={"day": days}
    )
    wins = [
        (dt.date(2027, 1, 1), dt.date(2027, 1, 3)),  # 1, NaN, 3 -> mean 2
        (dt.date(2027, 1, 3), dt.date(2027, 1, 3)),  # one date -> 3
        (dt.date(2027, 1, 4), dt.date(2027, 1, 5)),  # only NaN -> NaN
    ]
    out = window_mean(daily, wins)
    assert out.dims == ("time", "location")
    np.testing.assert_array_equal(out.values[:, 0], [2.0, 3.0, np.nan])
    assert window_months(wins).tolist() == [1, 1, 1]
    assert window_months([(dt.date(2027, 1, 20), dt.date(2027, 2, 20))]).tolist() == [2]


def test_site_light__uses_the_intervals_it_is_given(catalog) -> None:
    sites = [catalog.get("BGGH")]
    three = planner.features.site_light_intervals(sites, dt.date(2027, 3, 1), dt.date(2027, 3, 3))
    got = planner.site_light(sites, dt.date(2027, 3, 1), dt.date(2027, 3, 10), three)
    assert got.sizes["day"] == 3
