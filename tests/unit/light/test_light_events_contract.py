"""What sun_events / moon_events / moon_day_table promise beyond the event times.

The metadata a user reads in ``ds.info()`` or a netCDF file (variable names, dims, units,
long names, the zone of the days), the defaults the docstrings state (sea level, the fast
engine, UTC days), the engine dispatch, and the Moon's per-day state and illuminated
fraction against skyfield computed here (issue 11 §5: these survived mutation testing).
"""

from __future__ import annotations

import datetime as dt
import functools
import warnings
import zoneinfo
from typing import Any

import numpy as np
import pandas as pd

from arcticrecon.light import events, iter_sun_events, moon_day_table, moon_events, sun_events

PITUFFIK = (76.53063, -68.700541)
NUUK = (64.191066, -51.67914)

# The documented variables of sun_events and their metadata (docstring of sun_events; the
# event names of SUN_EVENT_NAMES; thresholds -0.8333, -6, -12, -18 deg)
_SUN_TIMES = ["sunrise", "sunset", "bmct", "eect", "bmnt", "eent"]
_SUN_TIMES += ["astronomical_dawn", "astronomical_dusk"]


def _sun_expected() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for name in _SUN_TIMES:
        out[name] = {"long_name": f"first {name} of the day (UTC)", "timezone": "UTC"}
        out[f"{name}_count"] = {
            "long_name": f"number of {name} events in the day",
            "units": "1",
        }
    out["solar_noon"] = {
        "long_name": "upper transit of the Sun (UTC); NaT only if solar_noon_count == 0"
    }
    out["solar_noon_count"] = {
        "long_name": "upper transits in the day (0 or 2 only far from the zone meridian)"
    }
    out["solar_noon_altitude_deg"] = {
        "units": "degree",
        "long_name": "geometric altitude of the Sun's centre at noon; NaN only where "
        "solar_noon_count == 0",
    }
    out["min_altitude_deg"] = {
        "units": "degree",
        "long_name": "lowest geometric altitude of the Sun in the day",
    }
    out["max_altitude_deg"] = {
        "units": "degree",
        "long_name": "highest geometric altitude of the Sun in the day",
    }
    for name, thr in (
        ("daylight_s", "-0.8333"),
        ("civil_light_s", "-6"),
        ("nautical_light_s", "-12"),
        ("astronomical_light_s", "-18"),
    ):
        out[name] = {
            "units": "s",
            "long_name": f"time within the calendar day with the Sun's centre above {thr} deg",
        }
    out["day_state"] = {"long_name": "normal | midnight_sun | polar_night (threshold -0.8333 deg)"}
    for key, thr in (("civil", "-6"), ("nautical", "-12"), ("astronomical", "-18")):
        out[f"{key}_state"] = {
            "long_name": f"normal | always_above | always_below ({thr} deg all day)"
        }
    return out


_MOON_EXPECTED: dict[str, dict[str, str]] = {
    "moonrise": {"long_name": "first moonrise (UTC)"},
    "moonset": {"long_name": "first moonset (UTC)"},
    "moonrise_count": {"units": "1"},
    "moonset_count": {"units": "1"},
    "moon_transit": {
        "long_name": "first upper transit (UTC); NaT only where moon_transit_count == 0"
    },
    "moon_transit_count": {"units": "1"},
    "moon_transit_altitude_deg": {
        "units": "degree",
        "long_name": "topocentric altitude at the first upper transit; "
        "NaN only where the day has no transit (about once a month)",
    },
    "moon_state": {"long_name": "normal | always_above | always_below (upper limb, all day)"},
    "moon_illumination": {
        "units": "1",
        "long_name": "illuminated fraction at the middle of the day",
    },
}

_COORD_UNITS = {"lat_deg": {"units": "degree_north"}, "lon_deg": {"units": "degree_east"}}


def _check_common(ds: Any, *, n: int, days: list[str], tz: str | None, engine: str) -> None:
    assert dict(ds.sizes) == {"location": n, "day": len(days)}
    for v in ds.data_vars:
        assert ds[v].dims == ("location", "day"), v
    assert [str(d)[:10] for d in ds.day.values] == days
    for c, attrs in _COORD_UNITS.items():
        assert ds[c].dims == ("location",)
        assert dict(ds[c].attrs) == attrs
    assert ds.attrs["engine"] == engine
    assert ds.attrs["day_timezone"] == (tz or "UTC")
    assert ds.attrs["times"] == "UTC"


def test_sun_events__metadata_of_every_variable() -> None:
    ds = sun_events(*NUUK, "2026-06-20", "2026-06-21", tz="America/Nuuk")
    expected = _sun_expected()
    assert set(ds.data_vars) == set(expected)
    for name, attrs in expected.items():
        assert dict(ds[name].attrs) == attrs, name
    _check_common(ds, n=1, days=["2026-06-20", "2026-06-21"], tz="America/Nuuk", engine="fast")
    assert ds.attrs["source"] == "arcticrecon.light; DE421 ephemeris (skyfield-data)"
    # without tz the days are UTC days
    assert sun_events(*NUUK, "2026-06-20", "2026-06-20").attrs["day_timezone"] == "UTC"


def test_moon_events__metadata_of_every_variable() -> None:
    lat = [NUUK[0], PITUFFIK[0]]
    lon = [NUUK[1], PITUFFIK[1]]
    ds = moon_events(lat, lon, "2026-01-01", "2026-01-03", tz="America/Thule")
    assert set(ds.data_vars) == set(_MOON_EXPECTED)
    for name, attrs in _MOON_EXPECTED.items():
        assert dict(ds[name].attrs) == attrs, name
    np.testing.assert_array_equal(ds.location.values, [0, 1])
    np.testing.assert_allclose(ds.lat_deg.values, lat)
    days = ["2026-01-01", "2026-01-02", "2026-01-03"]
    _check_common(ds, n=2, days=days, tz="America/Thule", engine="fast")
    utc = moon_events(*NUUK, "2026-01-01", "2026-01-01")
    assert utc.attrs["day_timezone"] == "UTC"
    assert utc.attrs["engine"] == "fast"


def test_iter_sun_events__same_metadata_engine_and_local_days() -> None:
    lat = np.array([NUUK[0], PITUFFIK[0], 70.0])
    lon = np.array([NUUK[1], PITUFFIK[1], -22.0])
    parts = list(
        iter_sun_events(lat, lon, "2026-03-28", "2026-03-29", tz="America/Nuuk", chunk_size=2)
    )
    assert [p.sizes["location"] for p in parts] == [2, 1]
    for p in parts:
        assert p.attrs["engine"] == "fast"
        assert p.attrs["day_timezone"] == "America/Nuuk"
        for name, attrs in _sun_expected().items():
            assert dict(p[name].attrs) == attrs, name
    # Nuuk's solar noon (~15:27 UTC) falls on its own local date in the zone of the days
    noon = pd.Timestamp(parts[0].solar_noon.values[0, 0]).tz_localize("UTC")
    assert str(noon.tz_convert("America/Nuuk").date()) == "2026-03-28"


def _rel(a: np.ndarray, b: np.ndarray) -> bool:
    """Exactly equal, NaN/NaT in the same places."""
    return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fmM"))


def test_defaults__sea_level_fast_engine_utc_days() -> None:
    # the docstrings: elevation_m defaults to 0 m, engine to "fast", tz to UTC days. A
    # different default changes the observer (the Moon's topocentric altitude moves by
    # ~1e-7 deg per metre: 1 m / 384,400 km in radians), the engine attribute or the days.
    args = (PITUFFIK[0], PITUFFIK[1], "2026-01-10", "2026-01-12")
    explicit: dict[str, Any] = {"elevation_m": 0.0, "engine": "fast", "tz": None}
    m0, m1 = moon_events(*args), moon_events(*args, **explicit)
    for v in ("moon_transit_altitude_deg", "moonrise", "moonset"):
        assert _rel(m0[v].values, m1[v].values), v
    m_high = moon_events(*args, elevation_m=1.0)
    assert not _rel(m0.moon_transit_altitude_deg.values, m_high.moon_transit_altitude_deg.values)
    march = (PITUFFIK[0], PITUFFIK[1], "2026-03-01", "2026-03-10")
    (i0,) = list(iter_sun_events(*march))
    (i1,) = list(iter_sun_events(*march, **explicit))
    for name in i0.data_vars:
        assert _rel(i0[name].values, i1[name].values), name
    t0 = moon_day_table(*args)
    t1 = moon_day_table(*args, **explicit)
    pd.testing.assert_frame_equal(t0, t1)


def test_engine_dispatch__both_engines() -> None:
    # (no "skyfield" in the name: the light_events mutation group deselects -k skyfield)
    from arcticrecon.light.fast import moon_engine_fast, sun_engine_fast
    from arcticrecon.light.reference import moon_engine_skyfield, sun_engine_skyfield

    assert events._moon_engine("skyfield") is moon_engine_skyfield
    assert events._moon_engine("fast") is moon_engine_fast
    assert events._sun_engine("skyfield") is sun_engine_skyfield
    assert events._sun_engine("fast") is sun_engine_fast
    # the reference engine really runs: its times agree with the fast engine's within
    # 120 s (issue 3's tolerance) but are not the same computation, bit for bit
    ref = moon_events(*NUUK, "2026-01-10", "2026-01-12", engine="skyfield")
    fast = moon_events(*NUUK, "2026-01-10", "2026-01-12", engine="fast")
    assert ref.attrs["engine"] == "skyfield"
    d = (ref.moonrise - fast.moonrise).values.astype("timedelta64[ms]").astype(float) / 1e3
    assert np.nanmax(np.abs(d)) <= 120.0
    assert not np.array_equal(ref.moonrise.values, fast.moonrise.values)
    sref = sun_events(*NUUK, "2026-03-01", "2026-03-02", engine="skyfield")
    sfast = sun_events(*NUUK, "2026-03-01", "2026-03-02", engine="fast")
    assert sref.attrs["engine"] == "skyfield"
    d = (sref.sunrise - sfast.sunrise).values.astype("timedelta64[ms]").astype(float) / 1e3
    assert np.abs(d).max() <= 120.0
    assert not np.array_equal(sref.sunrise.values, sfast.sunrise.values)


@functools.lru_cache(maxsize=1)
def _sky() -> tuple[Any, Any]:
    import skyfield_data
    from skyfield.api import Loader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # skyfield-data's bundled finals2000A.all expiry
        path = skyfield_data.get_skyfield_data_path()
    load = Loader(path, verbose=False)
    return load.timescale(builtin=True), load("de421.bsp")


def _skyfield_moon_days(
    lat: float, lon: float, tz: str, days: list[dt.date]
) -> list[tuple[str | None, float]]:
    """Per local date: the Moon's state (None when grazing) and its illuminated fraction.

    State from the topocentric apparent altitude of the Moon's upper limb (centre
    altitude + angular radius 1737.4 km / distance, 34' refraction as in USNO RST_defs)
    sampled every 5 minutes through the local day: always_above if it never drops below
    -34', always_below if it never reaches it; days whose extreme is within 0.05 deg of
    -34' are grazing (5-minute sampling cannot decide them). Illuminated fraction from
    skyfield's almanac.fraction_illuminated at the middle of the local day.
    """
    from skyfield import almanac
    from skyfield.api import wgs84

    ts, eph = _sky()
    obs = eph["earth"] + wgs84.latlon(lat, lon)
    zone = zoneinfo.ZoneInfo(tz)
    horizon = -34.0 / 60.0
    bounds = [
        dt.datetime.combine(day + dt.timedelta(days=k), dt.time(), zone).astimezone(dt.UTC)
        for day in days
        for k in (0, 1)
    ]
    per_day = [
        int((b - a).total_seconds() // 300) + 1
        for a, b in zip(bounds[::2], bounds[1::2], strict=True)
    ]
    samples = [
        a + dt.timedelta(seconds=300 * i)
        for a, n in zip(bounds[::2], per_day, strict=True)
        for i in range(n)
    ]
    alt, _, dist = obs.at(ts.from_datetimes(samples)).observe(eph["moon"]).apparent().altaz()
    limb = alt.degrees + np.degrees(np.arcsin(1737.4 / dist.km))
    mids = [a + (b - a) / 2 for a, b in zip(bounds[::2], bounds[1::2], strict=True)]
    illum = almanac.fraction_illuminated(eph, "moon", ts.from_datetimes(mids))
    out: list[tuple[str | None, float]] = []
    for k, part in enumerate(np.split(limb, np.cumsum(per_day)[:-1])):
        lo, hi = float(part.min()), float(part.max())
        if min(abs(lo - horizon), abs(hi - horizon)) < 0.05:
            state = None
        elif lo > horizon:
            state = "always_above"
        elif hi < horizon:
            state = "always_below"
        else:
            state = "normal"
        out.append((state, float(illum[k])))
    return out


def test_moon_day_table__states_and_illumination_by_reference() -> None:
    # Pituffik, January 2026: near the full moon of 3 January the Moon (declination about
    # +28 deg at this lunar standstill epoch) stays above the horizon all day at 76.5 N, two
    # weeks later below it all day; Nuuk (64.2 N) sees it rise and set. Local days of
    # America/Thule (UTC-4) and America/Nuuk (UTC-2): the middle of the day, at which the
    # illuminated fraction is taken, is 16:00 or 14:00 UTC, not 12:00.
    first, last = dt.date(2026, 1, 1), dt.date(2026, 1, 28)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    sites = [(*PITUFFIK, "America/Thule"), (*NUUK, "America/Nuuk")]
    for lat, lon, tz in sites:
        t = moon_day_table(lat, lon, first.isoformat(), last.isoformat(), tz=tz)
        assert list(t.columns) == ["location", "date", "moon_state", "moon_illumination"]
        assert t["location"].tolist() == [0] * len(days)
        assert [d.date() for d in t["date"]] == days
        ref = _skyfield_moon_days(lat, lon, tz, days)
        decided = [(s, got) for (s, _), got in zip(ref, t["moon_state"], strict=True) if s]
        assert len(decided) >= len(days) - 3
        assert [got for _, got in decided] == [s for s, _ in decided]
        np.testing.assert_allclose(t["moon_illumination"], [k for _, k in ref], atol=2e-3)
        if tz == "America/Thule":
            assert {"always_above", "always_below"} <= {s for s, _ in decided}
    # two locations: location-major rows, each location with every date
    two = moon_day_table(
        [PITUFFIK[0], NUUK[0]], [PITUFFIK[1], NUUK[1]], "2026-01-01", "2026-01-03", tz="UTC"
    )
    assert two["location"].tolist() == [0, 0, 0, 1, 1, 1]
    assert [str(d.date()) for d in two["date"]] == ["2026-01-01", "2026-01-02", "2026-01-03"] * 2
    one = moon_day_table(*NUUK, "2026-01-01", "2026-01-03", tz="UTC")
    assert two["moon_state"].tolist()[3:] == one["moon_state"].tolist()
    np.testing.assert_array_equal(two["moon_illumination"].values[3:], one["moon_illumination"])


def test_unknown_engine__one_line_naming_field_value_and_choices() -> None:
    from arcticrecon.errors import InputError

    for call in (sun_events, moon_events, moon_day_table):
        try:
            call(*NUUK, "2026-01-10", "2026-01-10", engine="astral")  # type: ignore[arg-type]
        except InputError as err:
            assert str(err) == "engine 'astral' is not 'fast' or 'skyfield'"
            assert (err.field, err.value, err.valid_range) == (
                "engine",
                "astral",
                ("fast", "skyfield"),
            )
        else:
            raise AssertionError(f"{call.__name__} accepted engine='astral'")
    # both real engines pass the check
    assert events._check_engine("fast") == "fast"
    assert events._check_engine("skyfield") == "skyfield"
