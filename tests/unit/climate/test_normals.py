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
    # One outcome per month, not either: the flag is |station - ERA5| > 1.0 °C
    # (DISAGREE_DEGC), computed here from the two values the row shows.
    # January: station -6.1 °C vs ERA5 -8.2 °C, 2.1 °C apart -> disagree;
    # July: 11.2 vs 10.2, exactly 1.0 apart -> agree (the threshold is strict);
    # August: 9.8 vs 9.5 -> agree.
    assert (jan["station_mean_degC"], jan["era5_t2m_degC"]) == (-6.1, -8.2)
    assert jan["diff_station_minus_era5_degC"] == 2.1
    assert jan["agreement"] == "station and grid disagree: both shown"
    flags = {r["month"]: r["agreement"] for r in c["rows"]}
    assert flags[7] == "agree" and flags[8] == "agree"
    for r in c["rows"]:
        diff = round(r["station_mean_degC"] - r["era5_t2m_degC"], 1)
        assert r["diff_station_minus_era5_degC"] == diff
        want = "station and grid disagree: both shown" if abs(diff) > 1.0 else "agree"
        assert r["agreement"] == want, r
    assert set(flags.values()) == {"agree", "station and grid disagree: both shown"}
    assert any("Copernicus" in s for s in c["sources"])


def test_site_climate__no_station():
    c = site_climate(lat_deg=72.58, lon_deg=-38.45)
    assert c["station"] is None
    assert all(r["station_mean_degC"] is None for r in c["rows"])
