"""ERA5 cell rule against the Nuuk station normals (DMI 1991-2020, station 04250).

Reference: climate_normals_greenland.csv, Nuuk 1991-2020 monthly mean temperature
(bluegreenatlas.com table citing the Danish Meteorological Institute). The ERA5 field is
2000-2025, so a small warm offset is expected. Tolerances: |mean bias| <= 0.5 °C,
RMS <= 1.0 °C, every month within 1.5 °C.

Measured (station position 64.167 N 51.75 W): rule cell 64.25 N 52.25 W, bias -0.34 °C,
RMS 0.57 °C; nearest cell 64.25 N 51.75 W: bias -1.17 °C, RMS 2.14 °C.
"""

import numpy as np
import pytest

from arcticrecon.climate import monthly_t2m, read_era5_climatology, station_normals

NUUK_1991_2020 = np.array([-7.5, -8.6, -7.7, -3.0, 1.2, 5.0, 7.4, 7.0, 4.0, 0.2, -3.3, -5.5])


def test_station_normals__nuuk_values_as_shipped():
    vals = [
        v.value
        for v in station_normals("Nuuk", variable="mean_temperature")
        if v.month and v.period == "1991-2020"
    ]
    assert vals == NUUK_1991_2020.tolist()


@pytest.mark.parametrize(
    ("lat_deg", "lon_deg"), [(64.167, -51.75), (64.191066, -51.67914)]
)  # station, BGGH
def test_monthly_t2m__nuuk_rule_matches_station_normals(lat_deg, lon_deg):
    t = monthly_t2m([lat_deg], [lon_deg]).values[0]
    diff = t - NUUK_1991_2020
    assert abs(diff.mean()) <= 0.5
    assert np.sqrt((diff**2).mean()) <= 1.0
    assert np.abs(diff).max() <= 1.5


def test_monthly_t2m__rule_beats_nearest_cell_for_nuuk():
    ds = read_era5_climatology()
    nearest = ds.t2m_mean_degC.sel(latitude=64.25, longitude=-51.75).values
    rule = monthly_t2m([64.167], [-51.75]).values[0]
    rms = lambda x: float(np.sqrt(((x - NUUK_1991_2020) ** 2).mean()))  # noqa: E731
    assert rms(rule) < rms(nearest)
    assert rms(nearest) == pytest.approx(2.14, abs=0.01)
    assert rms(rule) == pytest.approx(0.57, abs=0.01)
