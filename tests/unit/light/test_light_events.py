"""Unit tests of arcticrecon.light.events (sun_events, moon_events, tables)."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd
import pytest

from arcticrecon.errors import InputError, OutOfDomainError
from arcticrecon.light import (
    iter_sun_events,
    moon_event_table,
    moon_events,
    sun_event_table,
    sun_events,
)
from arcticrecon.light.events import Engine
from arcticrecon.tz import utc_offset_hours

SUN_TIME_VARS = [
    "sunrise",
    "sunset",
    "bmct",
    "eect",
    "bmnt",
    "eent",
    "astronomical_dawn",
    "astronomical_dusk",
    "solar_noon",
]


def test_sun_events__scalar_gives_one_location() -> None:
    ds = sun_events(64.19, -51.68, "2026-01-19", "2026-01-21")
    assert dict(ds.sizes) == {"location": 1, "day": 3}
    assert ds.attrs["engine"] == "fast"
    for v in SUN_TIME_VARS:
        assert ds[v].dtype == np.dtype("datetime64[ns]")
    assert ds.day_state.dtype.kind == "U"
    assert ds.daylight_s.attrs["units"] == "s"


def test_sun_events__array_and_coords() -> None:
    lat = np.array([61.16, 64.19, 76.53])
    lon = np.array([-45.42, -51.68, -68.70])
    ds = sun_events(lat, lon, "2026-03-01", "2026-03-02", tz="America/Nuuk")
    np.testing.assert_array_equal(ds.location.values, [0, 1, 2])
    np.testing.assert_allclose(ds.lat_deg.values, lat)
    assert str(ds.day.values[0])[:10] == "2026-03-01"
    assert ds.attrs["day_timezone"] == "America/Nuuk"


@pytest.mark.parametrize(
    ("kwargs", "err", "text"),
    [
        ({"lat_deg": 95.0}, OutOfDomainError, "lat_deg 95"),
        ({"lon_deg": 400.0}, OutOfDomainError, "lon_deg 400"),
        ({"lat_deg": float("nan")}, OutOfDomainError, "lat_deg nan"),
        ({"end": "2026-01-09"}, InputError, "empty"),
        ({"tz": "Greenland/Nowhere"}, InputError, "unknown time zone"),
        ({"engine": "astral"}, InputError, "engine"),
        ({"lat_deg": [], "lon_deg": []}, InputError, "no locations"),
        ({"start": "not a date"}, InputError, "not a date"),
        ({"start": "1850-01-01", "end": "1850-01-03"}, InputError, "DE421"),
    ],
)
def test_sun_events__bad_input_raises(kwargs: dict, err: type, text: str) -> None:
    args: dict[str, Any] = {
        "lat_deg": 64.0,
        "lon_deg": -51.0,
        "start": "2026-01-10",
        "end": "2026-01-12",
    }
    args.update(kwargs)
    with pytest.raises(err, match=text):
        sun_events(**args)


def test_sun_events__out_of_domain_mask_marks_location() -> None:
    with pytest.raises(OutOfDomainError) as info:
        sun_events([64.0, 95.0, 70.0], [-51.0, -51.0, -51.0], "2026-01-01", "2026-01-01")
    np.testing.assert_array_equal(info.value.mask, [False, True, False])


@pytest.mark.parametrize("engine", ["fast", "skyfield"])
def test_sun_events__two_sunsets_in_one_day_counted(engine: Engine) -> None:
    # At the end of the midnight-sun season the Sun first sets just after local
    # midnight and, the next evening, already before midnight: Pituffik local day
    # 2026-08-22 (America/Thule) has two sunsets.
    args = (76.53063, -68.700541, "2026-08-15", "2026-08-31")
    ds = sun_events(*args, engine=engine, tz="America/Thule").isel(location=0)
    table = sun_event_table(*args, engine=engine, tz="America/Thule")
    counts = ds.sunset_count.values
    assert int(ds.sunset_count.sel(day="2026-08-22")) == 2
    assert counts.max() == 2
    # the table lists every event; the Dataset counts them, keeps the first
    assert (table["event"] == "sunset").sum() == counts.sum()
    sets = table.loc[table["event"] == "sunset", "time_utc"]
    local = sets.dt.tz_convert("America/Thule")
    both = sets[local.dt.strftime("%Y-%m-%d") == "2026-08-22"]
    assert len(both) == 2
    assert pd.Timestamp(ds.sunset.sel(day="2026-08-22").item()) == both.min().tz_localize(None)


@pytest.mark.parametrize("engine", ["fast", "skyfield"])
def test_sun_events__date_line_utc_days(engine: Engine) -> None:
    # At lon 179.9 E solar noon falls near 00:00 UTC: some UTC days have 0 or 2 noons.
    ds = sun_events(65.0, 179.9, "2026-01-01", "2026-12-31", engine=engine)
    n = ds.solar_noon_count.isel(location=0).values
    assert set(np.unique(n)) <= {0, 1, 2}
    assert n.sum() in (364, 365, 366)
    # where there is no noon in the day, solar_noon is NaT and the count says why
    assert ds.solar_noon.isel(location=0).values[n == 0].astype("int64").tolist() == [
        np.iinfo(np.int64).min
    ] * int((n == 0).sum())
    # same longitude written as -180.1 gives the same answer
    ds2 = sun_events(65.0, -180.1 + 360.0, "2026-06-01", "2026-06-03", engine=engine)
    assert ds2.lon_deg.item() == pytest.approx(179.9)


def test_sun_events__date_line_engines_agree() -> None:
    args = ([65.0, -70.0], [179.99, -179.99], "2026-03-01", "2026-03-10")
    fast = sun_event_table(*args, engine="fast")
    ref = sun_event_table(*args, engine="skyfield")
    assert len(fast) == len(ref)
    dt = (fast["time_utc"] - ref["time_utc"]).dt.total_seconds().abs()
    assert dt.max() <= 30


@pytest.mark.parametrize(
    ("zone", "lat", "lon"),
    [
        ("America/Nuuk", 64.19, -51.68),
        ("America/Thule", 76.53, -68.70),
        ("America/Scoresbysund", 70.49, -21.97),
        ("America/Danmarkshavn", 81.60, -16.68),
    ],
)
def test_sun_events__local_days_in_greenland_zones(zone: str, lat: float, lon: float) -> None:
    ds = sun_events(lat, lon, "2026-03-25", "2026-04-05", tz=zone).isel(location=0)
    for day, noon in zip(ds.day.values, ds.solar_noon.values, strict=True):
        noon_ts = pd.Timestamp(noon).tz_localize("UTC")
        local = noon_ts.tz_convert(zone)
        # solar noon falls on its own local calendar day
        assert str(local.date()) == str(day)[:10]
        offset_h = local.utcoffset().total_seconds() / 3600
        assert utc_offset_hours(zone, noon_ts.floor("s").to_pydatetime()) == offset_h
    # day lengths of local days sum to the seconds in those days (DST day is 23 h)
    # -> civil light never exceeds the local day length
    starts = [pd.Timestamp(str(d)[:10]).tz_localize(zone) for d in ds.day.values]
    starts.append(pd.Timestamp("2026-04-06").tz_localize(zone))
    lengths = np.array([(b - a).total_seconds() for a, b in itertools.pairwise(starts)])
    assert (ds.astronomical_light_s.values <= lengths + 1e-6).all()
    if zone in ("America/Nuuk", "America/Scoresbysund"):  # EU-style spring forward, 28 Mar
        assert lengths.min() == 23 * 3600


def test_iter_sun_events__chunks_cover_all_locations() -> None:
    lat = np.linspace(60, 83, 300)
    lon = np.full(300, -40.0)
    parts = list(iter_sun_events(lat, lon, "2026-01-01", "2026-01-03", chunk_size=128))
    assert [p.sizes["location"] for p in parts] == [128, 128, 44]
    assert parts[-1].location.values[-1] == 299
    whole = sun_events(lat, lon, "2026-01-01", "2026-01-03")
    np.testing.assert_array_equal(parts[1].sunrise.values, whole.sunrise.values[128:256])


def test_sun_event_table__columns_and_order() -> None:
    t = sun_event_table([64.19, 69.24], [-51.68, -51.06], "2026-03-01", "2026-03-01")
    assert list(t.columns) == ["location", "event", "time_utc"]
    assert str(t["time_utc"].dt.tz) == "UTC"
    first = t[t.location == 0]["event"].tolist()
    assert first == [
        "astronomical_dawn",
        "bmnt",
        "bmct",
        "sunrise",
        "solar_noon",
        "sunset",
        "eect",
        "eent",
        "astronomical_dusk",
    ]


def test_moon_events__variables_and_illumination() -> None:
    ds = moon_events([64.19, 76.53], [-51.68, -68.70], "2025-01-06", "2025-01-14")
    assert {"moonrise", "moonset", "moonrise_count", "moon_state", "moon_illumination"} <= set(
        ds.data_vars
    )
    k = ds.moon_illumination.isel(location=0).values
    assert 0.3 < k[0] < 0.6 and k[-1] > 0.95  # first quarter 6 Jan, full moon 13 Jan
    t = moon_event_table(64.19, -51.68, "2025-01-06", "2025-01-14")
    assert set(t["event"]) == {"moonrise", "moonset", "moon_transit"}
    assert int(ds.moonrise_count.isel(location=0).sum()) == int((t["event"] == "moonrise").sum())
