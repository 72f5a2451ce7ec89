"""Survey form schemas: validation, bad input (one line naming the field), versions."""

from __future__ import annotations

from typing import Any

import pytest

from arcticrecon.errors import InputError
from arcticrecon.survey.forms import (
    SCHEMA_VERSIONS,
    HelicopterLandingZoneSurvey,
    form_payload,
    validate_form,
)
from arcticrecon.zones import read_survey

BASE: dict[str, Any] = {
    "name": "Ridge",
    "team": "Team North",
    "observed_at_utc": "2026-02-03T14:00:00Z",
    "position": "67°03'N 50°36'W",
}


def _hlz(**kw: Any) -> dict[str, Any]:
    return {
        **BASE,
        "form": "hlz",
        "surface": "snow",
        "ground_slope_deg": 4,
        "touchdown_diameter_m": 60,
        **kw,
    }


def _one_line(err: pytest.ExceptionInfo[InputError]) -> str:
    msg = str(err.value)
    assert "\n" not in msg
    return msg


def test_text_positions_read_as_dms_decimal_and_mgrs():
    s = read_survey(_hlz())
    assert (s.position.lat_deg, s.position.lon_deg) == pytest.approx((67.05, -50.6))
    assert s.position.as_entered == "67°03'N 50°36'W"
    s = read_survey(_hlz(position="64.1814, -51.6941"))
    assert s.position.lat_deg == pytest.approx(64.1814)
    s = read_survey(_hlz(position="22WDS6627017412"))  # geo.coords doctest: 64.1814, -51.6941
    assert (round(s.position.lat_deg, 4), round(s.position.lon_deg, 4)) == (64.1814, -51.6941)


def test_text_position_without_parser_is_refused():
    with pytest.raises(InputError, match=r"position: .*needs the coordinate reader"):
        validate_form(_hlz())


def test_slope_120_degrees_names_the_field():
    with pytest.raises(InputError) as e:
        read_survey(_hlz(ground_slope_deg=120))
    assert _one_line(e) == "hlz survey: ground_slope_deg: Input should be less than 90 (got 120)"
    assert e.value.field == "ground_slope_deg"


def test_negative_width_names_the_field():
    data = {
        **BASE,
        "form": "lz",
        "surface": "gravel",
        "longitudinal_slope_pct": 1,
        "transverse_slope_pct": 1,
        "centerline": ["67.0, -50.7", "67.009, -50.7"],
        "width_m": -5,
    }
    with pytest.raises(InputError) as e:
        read_survey(data)
    assert _one_line(e) == "lz survey: width_m: Input should be greater than 0 (got -5)"


def test_negative_touchdown_diameter_and_obstacle_height():
    with pytest.raises(
        InputError, match=r"touchdown_diameter_m: Input should be greater than 0 \(got -3\)"
    ):
        read_survey(_hlz(touchdown_diameter_m=-3))
    obs = [{"description": "mast", "height_m": -1, "distance_m": 10, "where": "approach"}]
    with pytest.raises(
        InputError, match=r"obstacles\[0\]\.height_m: Input should be greater than or equal to 0"
    ):
        read_survey(_hlz(obstacles=obs))


def test_self_crossing_polygon_names_the_field(strip):
    c = strip(67.0, -50.7, 0.0, 1000.0, 30.0)
    data = {
        **BASE,
        "position": c[0],
        "form": "lz",
        "surface": "gravel",
        "longitudinal_slope_pct": 1,
        "transverse_slope_pct": 1,
        "corners": [c[0], c[2], c[1], c[3]],
    }
    with pytest.raises(InputError) as e:
        read_survey(data)
    assert _one_line(e).startswith(
        "lz survey: corners: the outline crosses itself: side 1-2 crosses side 3-4"
    )
    assert e.value.field == "corners"


def test_thickness_grid_with_a_missing_point(strip):
    c = strip(69.2, -51.1, 20.0, 1000.0, 30.0)
    data = {
        **BASE,
        "position": c[0],
        "form": "ice",
        "ice_type": "lake",
        "corners": c,
        "thickness_grid": {"spacing_m": 50, "clear_ice_cm": [[90, 95, 100], [92, 97]]},
    }
    with pytest.raises(InputError) as e:
        read_survey(data)
    assert _one_line(e) == (
        "ice survey: thickness_grid: clear_ice_cm: row 2 has 2 values where the grid has 3: "
        "point (row 2, column 3) is missing"
    )
    data["thickness_grid"]["clear_ice_cm"] = [[90, 95, 100], [92, 97, float("nan")]]
    with pytest.raises(
        InputError, match=r"thickness_grid\.clear_ice_cm\[1\]\[2\]: Input should be a finite number"
    ):
        read_survey(data)


def test_position_far_from_the_zone(strip):
    c = strip(67.0, -50.7, 0.0, 1000.0, 30.0)
    data = {
        **BASE,
        "position": "70.0, -50.7",
        "form": "lz",
        "surface": "gravel",
        "longitudinal_slope_pct": 1,
        "transverse_slope_pct": 1,
        "corners": c,
    }
    with pytest.raises(
        InputError, match=r"lz survey: position: 70.0, -50.7 is 333\.\d km from the zone"
    ):
        read_survey(data)


def test_unknown_key_naive_time_wrong_form_and_newer_version():
    with pytest.raises(InputError, match="unknown field 'slope_deg' for the hlz form"):
        read_survey(_hlz(slope_deg=3))
    with pytest.raises(InputError, match=r"observed_at_utc: .*has no time zone"):
        read_survey(_hlz(observed_at_utc="2026-02-03T14:00:00"))
    with pytest.raises(InputError, match="the sheet is a 'hlz' form, not 'lz'; use --form hlz"):
        read_survey(_hlz(), form="lz")
    with pytest.raises(InputError, match="form 'xyz' is not a survey form"):
        read_survey(_hlz(), form="xyz")
    with pytest.raises(
        InputError, match=r"schema_version 2 of the hlz form is newer than this program knows \(1\)"
    ):
        read_survey(_hlz(schema_version=2))


def test_payload_round_trip_without_parser():
    s = read_survey(_hlz(photos=[{"file": "a.jpg", "position": "67.05, -50.6", "bearing_deg": 90}]))
    payload = form_payload(s)
    assert payload["form"] == "hlz" and payload["schema_version"] == SCHEMA_VERSIONS["hlz"]
    again = validate_form(payload)
    assert isinstance(again, HelicopterLandingZoneSurvey) and again == s
    assert payload["position"] == {
        "lat_deg": 67.05,
        "lon_deg": -50.6,
        "as_entered": "67°03'N 50°36'W",
    }
