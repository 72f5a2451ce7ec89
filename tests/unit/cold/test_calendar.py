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


def test_cold_risk_table__whole_structure_from_integer_input():
    # Plain integers (a user's list) come back as float °C with dims dim_0, dim_1 and the
    # scenario winds as a float coordinate; every variable carries its unit and the
    # labels are the Environment Canada band texts and the risk class names.
    # -20 °C at 30 km/h: index -32.6 °C (ECCC chart) -> band 1 (<= -28: 10-30 min), 4 h
    # outdoors (the default) is not shorter than 10 min -> risk class 1 "elevated";
    # 5 °C at 30 km/h: 13.12 + 3.1075 - (11.37 - 1.9825) * 30^0.16 = 16.2275 - 9.3875 * 1.723270
    # = 0.050 -> 0.1 °C, band 0.
    ds = cold_risk_table([[-20, 5]], [30])
    assert ds["t2m_degC"].dims == ("dim_0", "dim_1", "wind_kmh")
    assert ds["t2m_degC"].dtype == np.float64 and ds["wind_kmh"].dtype == np.float64
    assert ds["wind_kmh"].values.tolist() == [30.0]
    assert ds["wind_kmh"].dims == ("wind_kmh",)
    assert set(ds.data_vars) == {
        "t2m_degC",
        "wind_chill_degC",
        "applicable",
        "frostbite_band",
        "frostbite_label",
        "risk_class",
        "risk_label",
    }
    for v in ds.data_vars:
        assert ds[v].dims == ("dim_0", "dim_1", "wind_kmh"), v
    assert ds["t2m_degC"].attrs == {"units": "degC"}
    assert ds["wind_chill_degC"].attrs == {
        "units": "degC",
        "long_name": "wind chill index (JAG/TI 2001); air temperature where not applicable",
    }
    assert ds["frostbite_band"].attrs == {"units": "1"} and ds["risk_class"].attrs == {"units": "1"}
    wc = ds["wind_chill_degC"].values[0, :, 0]
    assert wc.round(1).tolist() == [-32.6, 0.1]
    assert ds["frostbite_band"].values[0, :, 0].tolist() == [1, 0]
    assert ds["frostbite_label"].values[0, :, 0].tolist() == [
        "exposed skin can freeze in 10-30 min",
        "no frostbite band (index above -28)",
    ]
    assert ds["risk_class"].values[0, :, 0].tolist() == [1, 0]
    assert ds["risk_label"].values[0, :, 0].tolist() == ["elevated", "low"]
    assert ds["frostbite_label"].dtype == object and ds["risk_label"].dtype == object
    assert ds.attrs == {
        "wind_source": "design wind scenarios at 10 m (km/h: 30); no verified wind "
        "climatology is available offline",
        "exposure_h": 4.0,
        "method": "wind chill: JAG/TI 2001 (ECCC/NWS); frostbite bands: Environment Canada",
    }
    assert cold_risk_table([-20.0], exposure_h=0.0)["risk_class"].values.tolist() == [[0, 0, 0]]


def test_cold_risk_table__default_scenarios_are_10_30_50_kmh():
    ds = cold_risk_table(xr.DataArray([-10.0], dims=("location",)))
    assert ds["wind_kmh"].values.tolist() == [10.0, 30.0, 50.0]
    assert ds.attrs["wind_source"].startswith("design wind scenarios at 10 m (km/h: 10, 30, 50)")
