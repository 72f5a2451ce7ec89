"""planner.build_features: the runway variables added for the concept library."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from arcticrecon import planner
from arcticrecon.catalog import load_catalog
from arcticrecon.mission.models import ExerciseConcept

SITES = ["BGSF", "BGGH", "BGAA", "BGCO", "BGAG"]


def _fake_light(ids: list[str], start: dt.date, end: dt.date) -> xr.Dataset:
    # Constant 10 h / 12 h / 14 h light: these tests are about the site variables.
    days = pd.date_range(start, end, freq="D")
    shape = (len(ids), len(days))
    return xr.Dataset(
        {
            "daylight_s": (("location", "day"), np.full(shape, 10 * 3600.0)),
            "civil_light_s": (("location", "day"), np.full(shape, 12 * 3600.0)),
            "nautical_light_s": (("location", "day"), np.full(shape, 14 * 3600.0)),
            "day_state": (("location", "day"), np.full(shape, "normal", dtype=object)),
        },
        coords={"location": ids, "day": days},
    )


@pytest.fixture(scope="module")
def features() -> xr.Dataset:
    cat = load_catalog()
    sites = [cat.get(i) for i in SITES]
    ex = ExerciseConcept.model_validate(
        {
            "name": "t",
            "kind": "air_deployment",
            "season": {"from": dt.date(2027, 1, 1), "to": dt.date(2027, 3, 31)},
        }
    )
    light = _fake_light(SITES, dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    return planner.build_features(sites, [cat.get("BGSF")], ex, [], light)


def test_build_features__runway_paved_and_reason(features):
    paved = features["runway_paved"].to_series()
    why = features["runway_paved_reason"].to_series()
    # OurAirports: BGSF and BGGH asphalt, BGAA surface not given (UNK), BGCO gravel,
    # BGAG a heliport without runway.
    assert paved.to_dict() == {
        "BGSF": True,
        "BGGH": True,
        "BGAA": False,
        "BGCO": False,
        "BGAG": False,
    }
    assert why["BGCO"] == "no paved open runway" and why["BGAG"] == "no open runway listed"
    assert why["BGSF"] == ""


def test_build_features__runway_lighted_flag(features):
    # BGAG is a heliport: no runway, its length is unknown (NaN, a float column)
    length = features["runway_length_m"]
    assert length.dtype == np.float64 and np.isnan(length.sel(location="BGAG").item())
    lit = features["runway_lighted"].to_series()
    assert lit["BGGH"] == 1.0 and lit["BGAA"] == 0.0 and lit["BGAG"] == 0.0
