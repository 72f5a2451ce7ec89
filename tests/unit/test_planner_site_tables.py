"""planner per-site tables: light intervals, working-day light, medevac/satcom factors.

The planner groups sites by time zone and scatters each zone's results back into the
caller's site order. References here: the same public light functions called one site
at a time with that site's zone (no grouping), and for the GEO satellite's elevation the
ECEF geometry written out below with pyproj (issue 11 §5).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from pyproj import Transformer

from arcticrecon import light, planner
from arcticrecon.catalog import get_aircraft, load_catalog
from arcticrecon.logistics.medevac import medevac_options
from arcticrecon.mission.models import DailyHours, ExerciseConcept
from arcticrecon.planner.factors import satcom_flags, site_factors
from arcticrecon.planner.features import PLAN_LIGHT_KINDS, working_day_light

# zones interleaved: Thule, Nuuk, Scoresbysund, Nuuk
ORDER = ["BGTL", "BGGH", "BGCO", "BGKK"]
START, END = dt.date(2027, 3, 10), dt.date(2027, 3, 13)


@pytest.fixture(scope="module")
def sites() -> list:
    cat = load_catalog()
    out = [cat.get(s) for s in ORDER]
    out[3] = replace(out[3], elevation_m=None)  # unknown elevation: read as sea level
    return out


def _one(site, **kw) -> pd.DataFrame:
    return light.sun_interval_table(
        np.array([site.lat_deg]),
        np.array([site.lon_deg]),
        START,
        END,
        elevation_m=np.array([site.elevation_m or 0.0]),
        tz=site.tz,
        kinds=PLAN_LIGHT_KINDS,
        **kw,
    )


def test_site_light_intervals__each_site_in_its_zone(sites: list) -> None:
    got = planner.features.site_light_intervals(sites, START, END)
    assert list(got.columns[:3]) == ["location", "icao", "tz"]
    assert got.index.equals(pd.RangeIndex(len(got)))
    for i, s in enumerate(sites):
        mine = got[got["location"] == i].drop(columns=["icao", "tz"]).reset_index(drop=True)
        ref = _one(s)
        ref["location"] = i
        pd.testing.assert_frame_equal(mine, ref, check_dtype=False)
        assert set(got.loc[got["location"] == i, "icao"]) == {s.icao}
        assert set(got.loc[got["location"] == i, "tz"]) == {s.tz}
    # sorted by site then date, and within a date in the engine's kind order
    assert list(got["location"]) == sorted(got["location"])
    # the unknown elevation is sea level: the same as elevation 0
    zero = planner.features.site_light_intervals([replace(sites[3], elevation_m=0.0)], START, END)
    pd.testing.assert_frame_equal(
        got[got["location"] == 3].drop(columns="location").reset_index(drop=True),
        zero.drop(columns="location"),
    )


@pytest.mark.parametrize(
    "hours",
    [
        DailyHours(start="08:00", end="16:00"),
        DailyHours(start="22:00", end="06:00", crosses_midnight=True),
    ],
)
def test_working_day_light__each_site_in_its_zone(sites: list, hours: DailyHours) -> None:
    got = working_day_light(
        sites, [(START, dt.date(2027, 3, 11)), (dt.date(2027, 3, 12), END)], hours
    )
    assert list(got["location"].values) == ORDER
    for v in ("civil_in_window_s", "nautical_in_window_s", "window_s"):
        assert got[v].dims == ("location", "day") and got[v].attrs == {"units": "s"}
    for i, s in enumerate(sites):
        ref = light.light_in_daily_window(
            np.array([s.lat_deg]),
            np.array([s.lon_deg]),
            START,
            END,
            window_start=hours.start,
            window_end=hours.end,
            crosses_midnight=hours.crosses_midnight,
            tz=s.tz,
            kinds=("civil", "nautical"),
            elevation_m=np.array([s.elevation_m or 0.0]),
        )
        for v in ("civil_in_window_s", "nautical_in_window_s"):
            np.testing.assert_array_equal(got[v].values[i], ref[v].values[0])
        np.testing.assert_array_equal(
            got["window_s"].values[i], np.broadcast_to(ref["window_s"].values, (1, 4))[0]
        )
    # an 8 h working day is 28,800 s; but the night of 13-14 March 2027 is 7 h at Pituffik
    # (America/Thule follows the US rule: summer time from Sunday 14 March 2027, 02:00;
    # the other Greenland zones change on the last Sunday of March)
    want = np.full((4, 4), 8 * 3600.0)
    if hours.crosses_midnight:
        want[0, 3] = 7 * 3600.0
    np.testing.assert_allclose(got["window_s"].values, want, atol=1e-3)


def _geo_elevation_deg(lat: float, lon: float, h: float, sat_lon: float) -> float:
    # ECEF of the site (WGS 84, pyproj) and of the satellite on the equator at radius
    # 42,164,172 m; elevation = asin(up . los / |los|), up = the ellipsoid normal
    to_ecef = Transformer.from_crs("EPSG:4979", "EPSG:4978", always_xy=True)
    x, y, z = to_ecef.transform(lon, lat, h)
    r = 42_164_172.0
    sx, sy = r * np.cos(np.radians(sat_lon)), r * np.sin(np.radians(sat_lon))
    los = np.array([sx - x, sy - y, -z])
    up = np.array(
        [
            np.cos(np.radians(lat)) * np.cos(np.radians(lon)),
            np.cos(np.radians(lat)) * np.sin(np.radians(lon)),
            np.sin(np.radians(lat)),
        ]
    )
    return float(np.degrees(np.arcsin(up @ los / np.linalg.norm(los))))


def test_site_factors__satcom_elevation_height_and_slot(sites: list) -> None:
    ex = ExerciseConcept.model_validate(
        {"name": "f", "kind": "recon_visit", "season": {"from": START, "to": END}}
    )
    cat = load_catalog()
    high = [replace(sites[1], elevation_m=3000.0), replace(sites[1], elevation_m=0.0), *sites]
    for slot in (-30.0, -60.0):
        f = site_factors(high, ex, [], cat, sat_lon_deg=slot)
        el = np.asarray(f["satcom_elevation_deg"][1], dtype=float)
        want = [_geo_elevation_deg(s.lat_deg, s.lon_deg, s.elevation_m or 0.0, slot) for s in high]
        np.testing.assert_allclose(el, want, atol=1e-6)
        # 3,000 m up changes the elevation by the reference's amount (about 0.004 deg)
        assert el[0] - el[1] == pytest.approx(want[0] - want[1], abs=1e-7)
        assert abs(el[0] - el[1]) > 1e-3
        assert f["satcom_flag"][1] == satcom_flags(el)
    # the unknown elevation (BGKK) gives exactly the sea-level answer
    zero = site_factors([replace(sites[3], elevation_m=0.0)], ex, [], cat)
    assert (
        site_factors([sites[3]], ex, [], cat)["satcom_elevation_deg"][1][0]
        == (zero["satcom_elevation_deg"][1][0])
    )


def test_site_factors__medevac_columns_and_dims(sites: list) -> None:
    cat = load_catalog()
    ex = ExerciseConcept.model_validate(
        {
            "name": "f",
            "kind": "recon_visit",
            "season": {"from": START, "to": END},
            "medevac_launch_delay_min": 20,
        }
    )
    aircraft = [get_aircraft("AW101"), get_aircraft("DHC-6")]
    f = site_factors(sites, ex, aircraft, cat)
    ds = xr.Dataset(f, coords={"location": ORDER})
    assert set(ds.data_vars) == {
        "medevac_h",
        "medevac_2h",
        "medevac_hospital",
        "medevac_asset",
        "medevac_reason",
        "satcom_elevation_deg",
        "satcom_flag",
    }
    assert all(ds[v].dims == ("location",) for v in ds.data_vars)
    opts = medevac_options(sites, aircraft, catalog=cat, launch_delay_s=20 * 60.0)
    for i, o in enumerate(opts):
        if o.hospital is None:
            assert np.isnan(ds["medevac_h"].values[i]) and ds["medevac_hospital"].values[i] == ""
        else:
            assert ds["medevac_h"].values[i] == o.total_h
            assert ds["medevac_hospital"].values[i] == o.hospital.name
        assert ds["medevac_asset"].values[i] == o.asset
        assert ds["medevac_2h"].values[i] == o.meets_surgery_2h
        assert ds["medevac_reason"].values[i] == (o.reason or "; ".join(o.caveats))
    # without any aircraft no hospital is reachable: empty names, NaN hours, a reason
    none = site_factors(sites, ex, [], cat)
    assert list(none["medevac_hospital"][1]) == [""] * 4
    assert np.isnan(np.asarray(none["medevac_h"][1], dtype=float)).all()
    assert all(none["medevac_reason"][1])
