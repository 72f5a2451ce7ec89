"""Planner features and a multi-criterion ranking worked out by hand (issue 11 §5).

Three catalogue sites (Nuuk BGGH, Kulusuk BGKK, Ilulissat BGJN), two hubs (Kangerlussuaq
BGSF, Kulusuk BGKK), two monthly windows (January, February 2027) and a light table made
up for the test, so every feature and every score below follows from the inputs by
arithmetic written out in the comments. Distances: GeographicLib (WGS 84), an independent
reference, computed in the test. Catches the planner scoring day length (Sun above
-0.833°) where civil light (-6°) is asked for, and access or flight time measured from the
*farthest* hub instead of the nearest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from geographiclib.geodesic import Geodesic

from arcticrecon import planner
from arcticrecon.catalog import Compatibility, get_aircraft, load_catalog
from arcticrecon.mission.models import ExerciseConcept
from arcticrecon.rank import Concept, rank_options
from arcticrecon.rank.concepts import CRITERIA, SITE_OPEN

SITES = ["BGGH", "BGKK", "BGJN"]
HUBS = ["BGSF", "BGKK"]
# Hours per day, by site and month: (January, February). Civil light is what the criteria
# score; day length (Sun above -0.833°) is set 2 h shorter and nautical light 2 h longer,
# so scoring the wrong one changes every number below.
CIVIL_H = {"BGGH": (6.0, 9.0), "BGKK": (5.0, 8.0), "BGJN": (3.0, 7.0)}
JAN, FEB = pd.Timestamp("2027-01-01"), pd.Timestamp("2027-02-01")


def _light(start: dt.date, end: dt.date) -> xr.Dataset:
    days = pd.date_range(start, end, freq="D")
    civil = np.array([[CIVIL_H[s][d.month - 1] for d in days] for s in SITES]) * 3600.0
    return xr.Dataset(
        {
            "daylight_s": (("location", "day"), civil - 2 * 3600.0),
            "civil_light_s": (("location", "day"), civil),
            "nautical_light_s": (("location", "day"), civil + 2 * 3600.0),
            "day_state": (("location", "day"), np.full(civil.shape, "normal", dtype=object)),
        },
        coords={"location": SITES, "day": days},
    )


def _always_ok(aircraft, site) -> Compatibility:
    return Compatibility(True, "", (), "")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def features(catalog) -> xr.Dataset:
    ex = ExerciseConcept.model_validate(
        {
            "name": "hand",
            "kind": "air_deployment",
            "season": {"from": dt.date(2027, 1, 1), "to": dt.date(2027, 2, 28)},
        }
    )
    return planner.build_features(
        [catalog.get(s) for s in SITES],
        [catalog.get(h) for h in HUBS],
        ex,
        [get_aircraft("C-130J-30")],
        _light(dt.date(2027, 1, 1), dt.date(2027, 2, 28)),
        compatibility=_always_ok,
    )


def _km(catalog, a: str, b: str) -> float:
    sa, sb = catalog.get(a), catalog.get(b)
    return Geodesic.WGS84.Inverse(sa.lat_deg, sa.lon_deg, sb.lat_deg, sb.lon_deg)["s12"] / 1e3


def test_build_features__nearest_hub_and_its_distance(features, catalog):
    # GeographicLib: BGGH-BGSF 317.481 km, BGGH-BGKK 704.975 km -> BGSF;
    # BGKK is itself a hub (0 km; BGSF would be 629.336 km);
    # BGJN-BGSF 249.440 km, BGJN-BGKK 721.699 km -> BGSF.
    assert features["nearest_hub"].to_series().to_dict() == {
        "BGGH": "BGSF",
        "BGKK": "BGKK",
        "BGJN": "BGSF",
    }
    got = features["hub_distance_km"].to_series()
    for s in SITES:
        want = min(_km(catalog, s, h) for h in HUBS)
        assert got[s] == pytest.approx(want, abs=1e-3)  # 1 m
    assert got["BGGH"] == pytest.approx(317.481, abs=1e-3)
    assert got["BGKK"] == 0.0


def test_build_features__flight_time_from_the_nearest_hub(features, catalog):
    # C-130J-30 cruise 348 kt (aircraft.csv, Lockheed Martin) = 348 * 1852 / 3600
    # = 179.027 m/s; block time = distance / speed + 0.5 h allowance:
    # BGGH 317,481 m / 179.027 m/s = 1,773.4 s = 0.4926 h -> 0.9926 h; BGKK 0 + 0.5 h.
    speed_m_s = 348 * 1852 / 3600
    got = features["flight_time_h"].to_series()
    for s in SITES:
        want = min(_km(catalog, s, h) for h in HUBS) * 1e3 / speed_m_s / 3600 + 0.5
        assert got[s] == pytest.approx(want, abs=1e-6)
    assert got["BGGH"] == pytest.approx(0.9926, abs=1e-4)
    assert got["BGKK"] == 0.5


def test_build_features__civil_light_is_civil_not_day_length(features):
    # Window means of constant months: January = the January value, February likewise.
    civil = features["civil_light_h"]
    for s in SITES:
        assert civil.sel(location=s, time=JAN).item() == CIVIL_H[s][0]
        assert civil.sel(location=s, time=FEB).item() == CIVIL_H[s][1]
    assert features["daylight_h"].sel(location="BGGH", time=JAN).item() == 4.0
    assert features["nautical_light_h"].sel(location="BGGH", time=FEB).item() == 11.0
    assert (
        features["civil_light_h"]
        .attrs["long_name"]
        .startswith("mean hours with the Sun above -6 deg")
    )


def test_rank_options__hand_computed_three_criterion_ranking(features):
    # Weights: runway 0.2, access 0.5, civil light 0.3 (sum 1). Value functions (fixed
    # scales of the criteria library): runway / 3,000 m, 1 - distance / 2,500 km,
    # civil light / 24 h.
    #   runway (OurAirports): BGGH 2,199.74 m -> 0.733247; BGKK 1,199.08 m -> 0.399694;
    #                         BGJN 844.91 m -> 0.281635
    #   access: BGGH 1 - 317.481/2500 = 0.873007; BGKK 1; BGJN 1 - 249.440/2500 = 0.900224
    #   civil:  BGGH 6/24 = 0.25, 9/24 = 0.375; BGKK 5/24, 8/24; BGJN 3/24, 7/24
    # score = 0.2 r + 0.5 a + 0.3 c:
    #   BGGH Feb 0.146649 + 0.436504 + 0.1125 = 0.695653   rank 1
    #   BGKK Feb 0.079939 + 0.5      + 0.1    = 0.679939   rank 2
    #   BGGH Jan 0.146649 + 0.436504 + 0.075  = 0.658153   rank 3
    #   BGKK Jan 0.079939 + 0.5      + 0.0625 = 0.642439   rank 4
    #   BGJN Feb 0.056327 + 0.450112 + 0.0875 = 0.593939   rank 5
    #   BGJN Jan 0.056327 + 0.450112 + 0.0375 = 0.543939   rank 6
    crit = tuple(
        replace(CRITERIA[n], weight=w)
        for n, w in (("runway", 0.2), ("access", 0.5), ("civil_light", 0.3))
    )
    concept = Concept("hand", "hand", "", (SITE_OPEN,), crit)
    r = rank_options(features, concept, draws=0)
    got = [
        (row.location, pd.Timestamp(row.time).month, row.score) for row in r.options.itertuples()
    ]
    want = [
        ("BGGH", 2, 0.695653),
        ("BGKK", 2, 0.679939),
        ("BGGH", 1, 0.658153),
        ("BGKK", 1, 0.642439),
        ("BGJN", 2, 0.593939),
        ("BGJN", 1, 0.543939),
    ]
    assert [g[:2] for g in got] == [w[:2] for w in want]
    for g, w in zip(got, want, strict=True):
        assert g[2] == pytest.approx(w[2], abs=2e-6), g
    assert r.options["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    top = r.options.iloc[0]
    assert top["access_contribution"] == pytest.approx(0.436504, abs=1e-6)
    assert top["civil_light_normalised"] == 0.375
    # the explanation's parts add up to the shown score, largest first
    assert top["explanation"].startswith("ranked 1: score 0.70 = ")
    assert "(0.44)" in top["explanation"] and "(0.15)" in top["explanation"]
    # Smallest single-weight change that lets BGKK Feb (rank 2) tie BGGH Feb: moving
    # weight j alone gives w' = (w + d e_j) / (1 + d) with d = (s1 - s2) / (v2_j - v1_j),
    # s1 - s2 = 0.695653 - 0.679939 = 0.015714:
    #   runway: d = 0.015714 / (0.399694 - 0.733247) = -0.047112 -> 0.2 -> 0.160447 (0.0396)
    #   access: d = 0.015714 / (1 - 0.873007) = 0.123742 -> 0.5 -> 0.555058 (0.0551)
    #   civil:  d = 0.015714 / (0.333333 - 0.375) = -0.377 < -0.3: no weight reaches it
    # -> lower the runway weight to 0.1604
    swap = r.sensitivity.swap_option
    assert swap.criterion == "runway"
    assert swap.weight_from == pytest.approx(0.2)
    assert swap.weight_to == pytest.approx(0.160447, abs=1e-6)
    assert swap.new_first == "BGKK 2027-02-01"
