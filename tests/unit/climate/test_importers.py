"""Each importer on a small file of its real format; statistics checked by hand.

The hourly fixture: 3 January days, -22 °C except -15 °C from 10 to 16 UTC, wind 36 km/h.
Wind chill at -22 °C / 36 km/h = -36.2 °C (JAG/TI) -> <= -28 but not <= -40; at -15 °C
it is -26.9 °C. So 18 h/day x 3 days = 54 h <= -28 °C, 0 h <= -40 °C.
"""

from pathlib import Path

import pytest

from arcticrecon.climate import (
    SUMMARY_COLUMNS,
    import_observations,
    read_era5_single_level,
    summarise_monthly,
)
from arcticrecon.errors import DataSourceError, InputError, UnitError

MEAN = (-22.0 * 18 + -15.0 * 6) / 24  # -20.25 °C


def _check_hourly(rows, site):
    assert len(rows) == 1
    r = rows[0]
    assert set(r) == set(SUMMARY_COLUMNS)
    assert (r["site"], r["month"], r["n_days"]) == (site, 1, 3)
    assert r["mean_temp_degC"] == pytest.approx(MEAN, abs=0.01)
    assert r["p10_daily_min_degC"] == pytest.approx(-22.0)
    assert r["p90_wind_kmh"] == pytest.approx(36.0, abs=0.05)
    assert r["hours_wci_le_m28"] == 54.0
    assert r["hours_wci_le_m40"] == 0.0
    assert r["hours_wci_le_m48"] == 0.0


def test_import_observations__isd_lite(isd_file: Path):
    rows = import_observations(isd_file, "isd")
    _check_hourly(rows, "042500-99999")
    assert rows[0]["source_file"] == isd_file.name and rows[0]["format"] == "isd"


def test_import_observations__meteostat_hourly(meteostat_hourly_file: Path):
    _check_hourly(import_observations(meteostat_hourly_file, "meteostat"), "04250")


def test_import_observations__meteostat_bulk(meteostat_bulk_file: Path):
    _check_hourly(import_observations(meteostat_bulk_file, "meteostat"), "04250_bulk")


def test_import_observations__dmi_json(dmi_json_file: Path):
    _check_hourly(import_observations(dmi_json_file, "dmi"), "04250")


def test_import_observations__dmi_csv(dmi_csv_file: Path):
    _check_hourly(import_observations(dmi_csv_file, "dmi"), "04250")


def test_import_observations__era5_single_level(era5_file: Path):
    rows = import_observations(era5_file, "era5")
    assert len(rows) == 4  # 2 x 2 cells
    for r in rows:
        assert r["site"].startswith("ERA5 ")
        assert r["mean_temp_degC"] == pytest.approx(MEAN, abs=0.01)
        assert r["p90_wind_kmh"] == pytest.approx(36.0, abs=0.05)
        assert r["hours_wci_le_m28"] == 54.0


def test_import_observations__gsod_daily(gsod_file: Path):
    rows = import_observations(gsod_file, "gsod")
    r = rows[0]
    assert r["site"] == "04250099999" and r["resolution"] == "daily"
    # TEMP 14.0 / 23.0 °F -> -10.0 / -5.0 °C
    assert r["mean_temp_degC"] == pytest.approx(-7.5, abs=0.01)
    # MIN 5.0 / 17.6 °F -> -15.0 / -8.0 °C; 10th percentile (linear) = -14.3
    assert r["p10_daily_min_degC"] == pytest.approx(-14.3, abs=0.01)
    # WDSP 19.4 / 9.7 kn -> 35.93 / 17.96 km/h; 90th percentile = 34.1
    assert r["p90_wind_kmh"] == pytest.approx(34.1, abs=0.1)
    assert r["hours_wci_le_m28"] is None


def test_import_observations__meteostat_daily(meteostat_daily_file: Path):
    r = import_observations(meteostat_daily_file, "meteostat")[0]
    assert r["mean_temp_degC"] == pytest.approx(-19.0)
    assert r["p10_daily_min_degC"] == pytest.approx(-24.7, abs=0.01)
    assert r["hours_wci_le_m40"] is None


def test_read_era5_single_level__shipped_climatology_gives_means_only():
    from arcticrecon.sources.embedded import data_path

    obs = read_era5_single_level(data_path("era5_t2m_monthly_climatology_2000_2025_greenland.nc"))
    rows = summarise_monthly(obs, source_file="clim.nc", fmt="era5")
    assert len(rows) == 12 * 105 * 261
    nuuk = next(r for r in rows if r["site"] == "ERA5 64.25N -51.75E" and r["month"] == 1)
    assert nuuk["mean_temp_degC"] == pytest.approx(-11.4, abs=0.05)
    assert nuuk["p90_wind_kmh"] is None


def test_import_observations__malformed_files(tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_text("this is not, an observation file\n1 2 3\n")
    for fmt in ("isd", "gsod", "meteostat", "dmi", "era5"):
        with pytest.raises(DataSourceError):
            import_observations(bad, fmt)


def test_import_observations__missing_file_and_unknown_format(tmp_path: Path):
    with pytest.raises(DataSourceError):
        import_observations(tmp_path / "nope.csv", "gsod")
    with pytest.raises(InputError):
        import_observations(tmp_path / "nope.csv", "xlsx")


def test_import_observations__kelvin_in_meteostat_refused(tmp_path: Path):
    p = tmp_path / "k.csv"
    p.write_text("time,temp,wspd\n2024-01-01 00:00:00,253.1,10\n")
    with pytest.raises(UnitError):
        import_observations(p, "meteostat")
