"""Planner light criteria inside the exercise's working hours (issue 11 §2).

Facts used (checked against skyfield/DE421 in tests/reference): Nuuk has 24 h civil light
(white nights) from late May to mid July (public case AR-02, 2025-06-21); Pituffik has
no civil light at all in mid December (polar night, civil twilight absent).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from arcticrecon import planner
from arcticrecon.catalog import load_catalog
from arcticrecon.mission.models import DailyHours, ExerciseConcept
from arcticrecon.planner.features import working_hours_concept
from arcticrecon.rank import get_concept


def _exercise(hours: dict[str, object] | None, season: tuple[dt.date, dt.date]) -> ExerciseConcept:
    data: dict[str, object] = {
        "name": "t",
        "kind": "recon_visit",
        "season": {"from": season[0], "to": season[1]},
        "window": "week",
    }
    if hours is not None:
        data["daily_hours"] = hours
    return ExerciseConcept.model_validate(data)


@pytest.fixture(scope="module")
def sites() -> list:
    cat = load_catalog()
    return [cat.get("BGGH"), cat.get("BGTL")]


def _features(sites: list, ex: ExerciseConcept):
    start, end = ex.season.from_, ex.season.to
    light = planner.site_light(sites, start, end)
    return planner.build_features(sites, sites[:1], ex, [], light)


def test_civil_light_in_working_day__white_night_fills_the_day(sites: list) -> None:
    # Nuuk 14-20 June 2027: civil light all day and night, so the whole 8 h working day
    # and the whole 24 h date are in civil light; Pituffik: midnight sun, likewise
    ex = _exercise({"start": "08:00", "end": "16:00"}, (dt.date(2027, 6, 14), dt.date(2027, 6, 20)))
    f = _features(sites, ex)
    assert f["civil_light_h"].values == pytest.approx(np.full((2, 1), 8.0))
    assert f["nautical_light_h"].values == pytest.approx(np.full((2, 1), 8.0))  # likewise
    plain = _features(sites, _exercise(None, (dt.date(2027, 6, 14), dt.date(2027, 6, 20))))
    assert plain["civil_light_h"].values == pytest.approx(np.full((2, 1), 24.0))
    assert "working hours 08:00-16:00" in f["civil_light_h"].attrs["long_name"]


def test_civil_light_in_working_day__december(sites: list) -> None:
    # Pituffik mid December: no civil light (polar night); Nuuk: civil light ~12:0x-18:4x
    # UTC = 10:0x-16:4x local (UTC-2), so 08:00-16:00 holds less civil light than the
    # whole date, and a 16:00-24:00 shift less again
    season = (dt.date(2027, 12, 13), dt.date(2027, 12, 19))
    day = _features(sites, _exercise({"start": "08:00", "end": "16:00"}, season))
    late = _features(sites, _exercise({"start": "16:00", "end": "24:00"}, season))
    whole = _features(sites, _exercise(None, season))
    nuuk = {
        k: v["civil_light_h"].sel(location="BGGH").item()
        for k, v in (("day", day), ("late", late), ("whole", whole))
    }
    assert day["civil_light_h"].sel(location="BGTL").item() == 0.0
    assert 5.0 < nuuk["day"] < nuuk["whole"] < 8.0
    assert 0.0 < nuuk["late"] < 1.0
    # the two shifts cover the date from 08:00: their sum is the whole date's civil light
    assert nuuk["day"] + nuuk["late"] == pytest.approx(nuuk["whole"], abs=1e-6)


def test_working_hours_concept__scale_is_the_working_day() -> None:
    c = working_hours_concept(get_concept("recon_visit"), DailyHours(start="09:00", end="17:00"))
    crit = {x.name: x for x in c.criteria}
    assert crit["civil_light"].scale == (0.0, 8.0)
    assert "09:00-17:00" in crit["civil_light"].label
