"""Unit tests of arcticrecon.cold.calendar."""

import numpy as np
import pytest
import xarray as xr

from arcticrecon.cold import cold_risk_table
from arcticrecon.errors import UnitError


def test_cold_risk_table__dims_and_variables():
    t = xr.DataArray(
        np.array([[-7.5, -20.0, 5.0]]), dims=("location", "month"), coords={"month": [1, 2, 7]}
    )
    ds = cold_risk_table(t)
    assert ds.wind_chill_degC.dims == ("location", "month", "wind_kmh")
    assert ds.wind_kmh.values.tolist() == [10.0, 30.0, 50.0]
    for v in ("applicable", "frostbite_band", "frostbite_label", "risk_class", "risk_label"):
        assert v in ds
    assert "design wind scenarios" in ds.attrs["wind_source"]
    assert ds.wind_chill_degC.attrs["units"] == "degC"


def test_cold_risk_table__values_match_scalar_formula():
    ds = cold_risk_table(xr.DataArray([-20.0], dims="location"), [30.0])
    assert float(ds.wind_chill_degC.sel(wind_kmh=30.0)[0]) == pytest.approx(-32.57, abs=0.01)


def test_cold_risk_table__override_scenarios_and_plain_array():
    ds = cold_risk_table(np.array([-30.0, 12.0]), [5.0, 60.0])
    assert ds.wind_kmh.values.tolist() == [5.0, 60.0]
    assert not bool(ds.applicable.isel(dim_0=1).any())
    assert (ds.wind_chill_degC.isel(dim_0=1) == 12.0).all()


def test_cold_risk_table__kelvin_refused():
    with pytest.raises(UnitError):
        cold_risk_table(np.array([253.0]))
