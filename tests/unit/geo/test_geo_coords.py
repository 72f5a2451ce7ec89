"""Coordinate strings: DMS parsing (AR-15) and MGRS (AR-16)."""

from __future__ import annotations

import pytest

from arcticrecon.errors import InputError, OutOfDomainError
from arcticrecon.geo.coords import (
    format_lat_lon,
    from_mgrs,
    parse_coordinate,
    parse_lat_lon,
    to_mgrs,
)

# AR-15 (public_cases.json), tolerance 1e-6 deg
TOL = 1e-6


def test_parse_lat_lon__ar15_dms_pair():
    assert parse_lat_lon("64°10'30\"N 51°43'15\"W") == pytest.approx((64.175, -51.720833), abs=TOL)


def test_parse_lat_lon__ar15_minutes_only_near_greenwich():
    assert parse_lat_lon("53°44'N 0°20'W") == pytest.approx((53.733333, -0.333333), abs=TOL)


def test_parse_coordinate__ar15_negative_zero_degrees_carries_sign():
    assert parse_coordinate("-0°20'00\"") == pytest.approx(-0.333333, abs=TOL)


def test_parse_coordinate__ar15_sign_and_hemisphere_rejected():
    with pytest.raises(InputError, match="conflicts with the hemisphere letter"):
        parse_coordinate("-42°17'40\" N")


def test_parse_coordinate__plus_sign_with_letter_rejected_too():
    with pytest.raises(InputError, match="either a sign or a letter"):
        parse_coordinate("+42°17'40\"S")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("64.175", 64.175),
        ("-51.7208", -51.7208),
        ("64.175N", 64.175),
        ("W 51°43'15\"", -51.720833),
        ("51 43 15 W", -51.720833),
        ("64°10.5'N", 64.175),
        ("64°10′30″N", 64.175),
        ("−0°20′", -0.333333),
        ("0°20'00\"S", -0.333333),
    ],
)
def test_parse_coordinate__accepted_forms(text, expected):
    assert parse_coordinate(text) == pytest.approx(expected, abs=TOL)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("64°61'N", "below 60"),
        ("64°10'75\"N", "below 60"),
        ("64.5°30'", "only the last component"),
        ("abc", "not a decimal"),
        ("", "not a decimal"),
        ("N64°E", "two hemisphere letters"),
    ],
)
def test_parse_coordinate__malformed(text, match):
    with pytest.raises(InputError, match=match):
        parse_coordinate(text)


def test_parse_coordinate__latitude_range():
    with pytest.raises(OutOfDomainError, match=r"-90\.\.90"):
        parse_coordinate("95N")


def test_parse_coordinate__letter_must_fit_axis():
    with pytest.raises(InputError, match="marks a longitude where a latitude"):
        parse_coordinate("51°W", axis="lat")


@pytest.mark.parametrize(
    "text",
    ["64.17,-51.72", "64.17, -51.72", "64.17 -51.72", "64.17;-51.72"],
)
def test_parse_lat_lon__decimal_forms(text):
    assert parse_lat_lon(text) == pytest.approx((64.17, -51.72))


def test_parse_lat_lon__letters_decide_order():
    assert parse_lat_lon("51°43'15\"W 64°10'30\"N") == pytest.approx((64.175, -51.720833), abs=TOL)


def test_parse_lat_lon__dms_with_spaces_and_leading_letters():
    assert parse_lat_lon("N64 10 30 W51 43 15") == pytest.approx((64.175, -51.720833), abs=TOL)
    assert parse_lat_lon("64 10 30 N 51 43 15 W") == pytest.approx((64.175, -51.720833), abs=TOL)


def test_parse_lat_lon__ambiguous_split_refused():
    with pytest.raises(InputError, match="ambiguous"):
        parse_lat_lon("64 10 51 43")


def test_parse_lat_lon__latitude_out_of_range_in_first_place():
    # a swapped pair with |lat| > 90 is caught; Greenland's swaps are not (AR-12 note)
    with pytest.raises(OutOfDomainError):
        parse_lat_lon("-120.5, 64.1")


def test_format_lat_lon__hemispheres():
    assert format_lat_lon(lat_deg=-1.5, lon_deg=2.25, decimals=2) == "1.50°S 2.25°E"


# AR-16: exact strings, digits truncated (not rounded); band/zone limits closed low
@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (64.1814, -51.6941, "22WDS6627017412"),
        (72.0, -54.0, "22XCE9656691508"),
        (64.0, -48.0, "23WLM5330400467"),
    ],
)
def test_to_mgrs__ar16_exact(lat, lon, expected):
    assert to_mgrs(lat_deg=lat, lon_deg=lon, precision_m=1) == expected


def test_to_mgrs__truncates_not_rounds():
    # 1 m reference 22WDS 66270 17412 -> 1 km: 66 / 17 (rounding would give 66/17 too,
    # so check 100 m: 662 / 174, where rounding 66270 -> 663 would differ)
    assert to_mgrs(lat_deg=64.1814, lon_deg=-51.6941, precision_m=100) == "22WDS662174"
    assert to_mgrs(lat_deg=72.0, lon_deg=-54.0, precision_m=10) == "22XCE96569150"


def test_to_mgrs__bad_precision():
    with pytest.raises(InputError, match="precision"):
        to_mgrs(lat_deg=64.0, lon_deg=-50.0, precision_m=5)


def test_to_mgrs__north_of_84_uses_ups_zones_y_and_z():
    # the same strings as NGA GEOTRANS (mgrs package) for these points; more in
    # tests/reference/test_mgrs_ups_reference.py
    assert to_mgrs(lat_deg=85.0, lon_deg=-30.0) == "YXC2227118959"
    assert to_mgrs(lat_deg=85.0, lon_deg=30.0) == "ZCC7772818959"
    assert from_mgrs("YXC 22271 18959") == pytest.approx((85.0, -30.0), abs=1e-4)


def test_to_mgrs__position_out_of_range():
    with pytest.raises(OutOfDomainError):
        to_mgrs(lat_deg=91.0, lon_deg=0.0)


def test_from_mgrs__round_trip_to_the_centre_of_the_square():
    lat, lon = from_mgrs("22WDS6627017412")
    assert (lat, lon) == pytest.approx((64.1814, -51.6941), abs=2e-5)


def test_from_mgrs__malformed():
    with pytest.raises(InputError, match="malformed"):
        from_mgrs("not-a-grid")
