"""AR-27: a runway in feet with a 1000 ft displaced threshold (LDA 2505.15 m)."""

from __future__ import annotations

import dataclasses

import pytest

from arcticrecon.catalog import Runway, Surface, get_aircraft, runway_compatibility
from arcticrecon.catalog.ourairports import sites_from_ourairports

AIRPORT_ROW = {
    "id": "1",
    "ident": "TEST",
    "type": "medium_airport",
    "name": "Test field",
    "latitude_deg": "67.0",
    "longitude_deg": "-50.7",
    "elevation_ft": "165",
    "continent": "NA",
    "iso_country": "GL",
    "iso_region": "GL-QE",
    "municipality": "",
    "scheduled_service": "no",
    "icao_code": "TEST",
    "iata_code": "",
    "gps_code": "TEST",
    "local_code": "",
    "home_link": "",
    "wikipedia_link": "",
    "keywords": "",
    "record_source": "test",
}
RUNWAY_ROW = {
    "id": "2",
    "airport_ref": "1",
    "airport_ident": "TEST",
    "length_ft": "9219",
    "width_ft": "148",
    "surface": "ASP",
    "lighted": "1",
    "closed": "0",
    "le_ident": "09",
    "le_latitude_deg": "",
    "le_longitude_deg": "",
    "le_elevation_ft": "",
    "le_heading_degT": "",
    "le_displaced_threshold_ft": "1000",
    "he_ident": "27",
    "he_latitude_deg": "",
    "he_longitude_deg": "",
    "he_elevation_ft": "",
    "he_heading_degT": "",
    "he_displaced_threshold_ft": "",
}


def _aircraft_needing(landing_m: float):
    # a C-17 profile with only the landing distance changed (take-off 1064 m passes)
    return dataclasses.replace(get_aircraft("C-17"), min_landing_m=landing_m)


def test_runway__ar27_lda_from_feet_ingest():
    (site,) = sites_from_ourairports([AIRPORT_ROW], [RUNWAY_ROW])
    rw = site.runways[0]
    assert rw.length_m == pytest.approx(2809.95, abs=0.01)
    assert rw.landing_distance_available_m == pytest.approx(2505.15, abs=0.5)


@pytest.mark.parametrize(("need_m", "ok"), [(2400.0, True), (2600.0, False)])
def test_runway_compatibility__ar27_verdicts(need_m, ok):
    (site,) = sites_from_ourairports([AIRPORT_ROW], [RUNWAY_ROW])
    verdict = runway_compatibility(_aircraft_needing(need_m), site.runways[0])
    assert verdict.ok is ok
    if not ok:
        assert "landing distance available 2,505 m" in verdict.reason


def test_runway__lda_is_the_worse_direction():
    # the wind picks the landing direction: plan with the shorter LDA
    rw = Runway(
        "09/27",
        2000.0,
        45.0,
        Surface.PAVED,
        le_displaced_threshold_m=300.0,
        he_displaced_threshold_m=100.0,
    )
    assert rw.landing_distance_available_m == pytest.approx(1700.0)
    assert rw.landing_distance_available_by_end_m == pytest.approx(
        {"towards_he": 1700.0, "towards_le": 1900.0}
    )


def test_runway__lda_unknown_length():
    rw = Runway("09/27", None, None, Surface.UNKNOWN)
    assert rw.landing_distance_available_m is None
