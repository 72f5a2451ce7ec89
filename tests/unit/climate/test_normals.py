"""Unit tests of station normals and the site climate."""

import pytest

from arcticrecon.climate import (
    nearest_station,
    read_isd_stations,
    site_climate,
    station_names,
    station_normals,
)
from arcticrecon.errors import NotFoundError


def test_station_normals__nuuk_full_year_with_provenance():
    vals = station_normals("Nuuk", variable="mean_temperature")
    monthly = [v for v in vals if v.month is not None and v.period == "1991-2020"]
    assert [v.month for v in monthly] == list(range(1, 13))
    assert all("Danish Meteorological Institute" in v.source for v in monthly)
    assert monthly[0].value == -7.5


def test_station_normals__by_wmo_id():
    assert station_normals("04250")[0].station == "Nuuk"


def test_station_normals__unknown_station():
    with pytest.raises(NotFoundError):
        station_normals("Atlantis")


def test_nearest_station__none_far_away():
    assert nearest_station(lat_deg=72.0, lon_deg=-30.0) is None


def test_station_names_and_isd_stations():
    assert "Nuuk" in station_names()
    assert any(r["icao"] == "BGTL" for r in read_isd_stations())


def test_site_climate__shows_both_and_flags_disagreement():
    c = site_climate(lat_deg=61.16, lon_deg=-45.42)  # Narsarsuaq airport
    assert c["station"] == "Narsarsuaq"
    jan = c["rows"][0]
    assert jan["station_mean_degC"] is not None and jan["era5_t2m_degC"] is not None
    assert jan["agreement"] in ("agree", "station and grid disagree: both shown")
    assert any("Copernicus" in s for s in c["sources"])


def test_site_climate__no_station():
    c = site_climate(lat_deg=72.58, lon_deg=-38.45)
    assert c["station"] is None
    assert all(r["station_mean_degC"] is None for r in c["rows"])
