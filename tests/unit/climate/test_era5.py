"""Unit tests of arcticrecon.climate.era5 and the land mask."""

import numpy as np
import pytest

from arcticrecon.climate import (
    is_coastal,
    is_land,
    monthly_t2m,
    read_era5_climatology,
    select_cells,
)
from arcticrecon.errors import OutOfDomainError


def test_read_era5_climatology__shape_units_attribution():
    ds = read_era5_climatology()
    assert ds.t2m_mean_degC.shape == (12, 105, 261)
    assert ds.t2m_mean_degC.attrs["units"] == "degC"
    assert "Copernicus" in ds.attrs["licence"]


def test_monthly_t2m__many_sites_dims_and_source():
    t = monthly_t2m(
        np.array([64.191066, 76.53063, 72.58]),
        np.array([-51.67914, -68.700541, -38.45]),
        [86.0, 76.5, 3207.0],
    )
    assert t.dims == ("location", "month") and t.shape == (3, 12)
    assert "ERA5" in t.attrs["source"] and "Copernicus" in t.attrs["source"]
    assert t.elevation_m.values.tolist() == [86.0, 76.5, 3207.0]
    assert t.cell_rule.values.tolist()[2] == "nearest"  # Summit: inland ice sheet


def test_monthly_t2m__outside_grid_raises_with_mask():
    with pytest.raises(OutOfDomainError) as ei:
        monthly_t2m([64.0, 55.0], [-51.0, -51.0])
    assert ei.value.mask.tolist() == [False, True]


def test_select_cells__coastal_rule_prefers_maritime_cell():
    c = select_cells([64.191066], [-51.67914])
    assert bool(c.coastal[0]) and str(c.rule[0].values) == "coastal-min-land"
    assert (float(c.cell_lat_deg[0]), float(c.cell_lon_deg[0])) == (64.25, -52.25)
    assert 0.05 <= float(c.land_fraction[0]) < 0.5


def test_is_coastal__sites():
    assert is_coastal(lat_deg=76.53063, lon_deg=-68.700541)
    assert not is_coastal(lat_deg=72.58, lon_deg=-38.45)


def test_is_land__matches_global_land_mask_package():
    from global_land_mask import globe

    rng = np.random.default_rng(1)
    la, lo = rng.uniform(58, 84, 5000), rng.uniform(-75, -10, 5000)
    assert np.array_equal(is_land(la, lo), globe.is_land(la, lo))


def test_is_land__outside_window():
    with pytest.raises(OutOfDomainError):
        is_land(50.0, -51.0)
