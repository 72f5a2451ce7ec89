"""Planning factors per site: medevac to surgery (10-1-2) and GEO satcom, as features.

Hand-worked: AW101 150 kt; Kangerlussuaq (BGSF) to Nuuk (town, GeoNames 64.18347 N,
51.72157 W) by GeographicLib; launch delay from the mission file (20 min here).
Satcom flags: Nuuk ~15.5° (ok), Pituffik ~1.8° (below 5°), Station Nord below the horizon
(tests/e2e/test_sites_satcom.py computes the elevations independently).
"""

from __future__ import annotations

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

from arcticrecon.catalog import get_aircraft, load_catalog
from arcticrecon.mission import ExerciseConcept
from arcticrecon.planner.factors import site_factors
from arcticrecon.rank import CONCEPTS


def _exercise(**kw):
    return ExerciseConcept.model_validate(
        {
            "name": "x",
            "kind": "cold_weather_land",
            "season": {"from": "2027-01-01", "to": "2027-03-31"},
            **kw,
        }
    )


def test_site_factors__medevac_and_satcom():
    cat = load_catalog()
    sites = [cat.get(k) for k in ("BGSF", "BGGH", "BGTL", "BGMI")]
    f = site_factors(sites, _exercise(medevac_launch_delay_min=20), [get_aircraft("AW101")], cat)
    bgsf = sites[0]
    d = Geodesic.WGS84.Inverse(bgsf.lat_deg, bgsf.lon_deg, 64.18347, -51.72157)["s12"]
    expected_h = (1200.0 + d / (150.0 * 1852.0 / 3600.0)) / 3600.0
    mh = f["medevac_h"][1]
    assert mh[0] == pytest.approx(expected_h, abs=1e-6)
    assert list(f["medevac_2h"][1])[:2] == [True, True]
    assert np.isnan(mh[2]) and "beyond its range" in f["medevac_reason"][1][2]
    assert f["medevac_hospital"][1][0] == "Dronning Ingrids Hospital"
    assert f["satcom_flag"][1] == ["ok", "ok", "below 5°", "below horizon"]


def test_medevac_is_a_criterion_and_a_patrol_constraint():
    cw = CONCEPTS["cold_weather_land"]
    assert "medevac" in {c.name for c in cw.criteria}
    assert "medevac_2h" in {c.name for c in CONCEPTS["long_range_patrol"].constraints}
    med = next(c for c in cw.criteria if c.name == "medevac")
    assert med.sense == "min" and med.scale == (0.0, 4.0) and "AJP-4.10" in med.source


def test_satcom_flags__boundaries_of_the_5_degree_minimum_and_the_horizon():
    from arcticrecon.planner.factors import satcom_flags

    # 5° minimum elevation (arcticrecon.geo.satcom.MIN_ELEVATION_DEG): exactly 5° is ok,
    # just under is below 5°; exactly 0° (on the horizon) is below 5°, under 0° is below
    # the horizon. Integer input is read as degrees too.
    got = satcom_flags(np.array([5.0, 4.999, 0.0, -1e-9, 90.0]))
    assert got == ["ok", "below 5°", "below 5°", "below horizon", "ok"]
    assert satcom_flags([3, -2]) == ["below 5°", "below horizon"]
