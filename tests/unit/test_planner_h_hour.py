"""planner.h_hour_light against skyfield/DE421: civil light at H-hour per site and date.

Reference, built here: the Sun's apparent topocentric altitude from skyfield with the JPL
DE421 ephemeris (``skyfield-data``) at H-hour + 30 s local (``zoneinfo``), the middle of
the minute the planner reads; civil light = above -6°. Dates where that altitude is
within 0.1° of -6° (the Sun moves about 0.1° a minute there) are left out as too close
to call. Sites in three zones, one of them with its elevation unknown (sea level).
"""

from __future__ import annotations

import datetime as dt
import warnings
import zoneinfo
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from arcticrecon.catalog import load_catalog
from arcticrecon.planner.features import h_hour_light

ORDER = ["BGTL", "BGGH", "BGCO", "BGKK"]  # America/Thule, Nuuk, Scoresbysund, Nuuk


@pytest.fixture(scope="module")
def sky() -> Iterator[tuple]:
    import skyfield_data
    from skyfield.api import Loader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = skyfield_data.get_skyfield_data_path()
    load = Loader(path, verbose=False)
    eph = load("de421.bsp")
    yield load.timescale(builtin=True), eph
    eph.close()  # the kernel's open file, else a ResourceWarning in a later test


@pytest.fixture(scope="module")
def sites() -> list:
    cat = load_catalog()
    out = [cat.get(s) for s in ORDER]
    out[3] = replace(out[3], elevation_m=None)
    return out


def _reference(sky, site, days: pd.DatetimeIndex, h: dt.time) -> np.ndarray:
    from skyfield.api import wgs84

    ts, eph = sky
    zone = zoneinfo.ZoneInfo(site.tz)
    utc = [
        (dt.datetime.combine(d.date(), h, tzinfo=zone) + dt.timedelta(seconds=30)).astimezone(
            dt.UTC
        )
        for d in days
    ]
    t = ts.from_datetimes(utc)
    obs = eph["earth"] + wgs84.latlon(site.lat_deg, site.lon_deg, site.elevation_m or 0.0)
    alt = obs.at(t).observe(eph["sun"]).apparent().altaz()[0].degrees
    out = (alt > -6.0).astype(float)
    out[np.abs(alt + 6.0) < 0.1] = np.nan  # too close to call
    return out


@pytest.mark.parametrize(
    ("h", "windows"),
    [
        # late January to early February: dawn passes 09:00 at Nuuk, Pituffik still dark
        (
            dt.time(9, 0),
            [
                (dt.date(2027, 1, 20), dt.date(2027, 1, 24)),
                (dt.date(2027, 1, 25), dt.date(2027, 1, 31)),
                (dt.date(2027, 2, 1), dt.date(2027, 2, 9)),
            ],
        ),
        # the last minute of the date (its end is 24:00): white nights in June
        (dt.time(23, 59), [(dt.date(2027, 6, 14), dt.date(2027, 6, 16))]),
        (dt.time(23, 59), [(dt.date(2027, 12, 14), dt.date(2027, 12, 16))]),
        # evening in autumn: dusk passes 18:30
        (
            dt.time(18, 30),
            [
                (dt.date(2027, 9, 20), dt.date(2027, 9, 26)),
                (dt.date(2027, 9, 27), dt.date(2027, 10, 3)),
            ],
        ),
    ],
)
def test_h_hour_light__matches_skyfield(sky, sites, h, windows) -> None:
    got = h_hour_light(sites, windows, h)
    assert got.dims == ("location", "day")
    assert list(got["location"].values) == ORDER
    days = pd.DatetimeIndex(got["day"].values)
    assert days[0] == pd.Timestamp(windows[0][0]) and days[-1] == pd.Timestamp(windows[-1][1])
    assert len(days) == (windows[-1][1] - windows[0][0]).days + 1
    assert set(np.unique(got.values)) <= {0.0, 1.0}
    checked = 0
    for i, s in enumerate(sites):
        want = _reference(sky, s, days, h)
        ok = np.isfinite(want)
        np.testing.assert_array_equal(got.values[i][ok], want[ok], err_msg=s.icao)
        checked += int(ok.sum())
    assert checked >= 0.9 * got.size


def test_h_hour_light__both_answers_occur(sites) -> None:
    # Nuuk in late January: dark at 09:00 on the first dates, light on the last ones
    wins = [(dt.date(2027, 1, 20), dt.date(2027, 2, 9))]
    nuuk = h_hour_light(sites, wins, dt.time(9, 0)).sel(location="BGGH").values
    assert nuuk[0] == 0.0 and nuuk[-1] == 1.0
