"""Unit tests of arcticrecon.ice.polaris."""

import pytest
import xarray as xr

from arcticrecon.errors import InputError, NotFoundError
from arcticrecon.ice import (
    ICE_CLASSES,
    ICE_TYPES,
    operation_level,
    parse_concentration_tenths,
    polaris,
    recommended_speed_limit_kt,
    rio,
    riv_table,
)
from arcticrecon.ice.polaris import decayed_riv_table


def test_riv_table__shape_version_and_ice_free_is_max():
    t = riv_table()
    assert t.shape == (12, 12)
    assert t.attrs["version"].startswith("msc1-circ1519")
    assert list(t.ice_class.values) == list(ICE_CLASSES)
    assert list(t.ice_type.values) == list(ICE_TYPES)
    # the conservative egg-code rule relies on this: ice-free is the largest RIV in each row
    assert (t.sel(ice_type="ice_free") == t.max("ice_type")).all()
    assert (t.sel(ice_type="ice_free") == 3).all()


def test_riv_table__rivs_fall_with_thicker_ice_and_weaker_class():
    t = riv_table()
    assert (t.diff("ice_type") <= 0).all()
    # monotone within the Polar Classes and within the Finnish-Swedish classes + NIS
    assert (t.sel(ice_class=list(ICE_CLASSES[:7])).diff("ice_class") <= 0).all()
    assert (t.sel(ice_class=list(ICE_CLASSES[7:])).diff("ice_class") <= 0).all()


def test_polaris__issue_example():
    r = polaris({"thick_fy": 9, "open_water": 1}, "PC5")
    assert (r.rio, r.operation, r.speed_limit_kt) == (3, "normal", None)


def test_polaris__open_water_inferred_when_missing():
    assert polaris({"thick_fy": 9}, "PC5").concentrations_tenths["ice_free"] == 1.0


def test_polaris__totals_must_add_to_ten():
    with pytest.raises(InputError):
        polaris({"thick_fy": 9, "open_water": 2}, "PC5")
    with pytest.raises(InputError):
        polaris({"thick_fy": 8, "grey_ice": 5}, "PC5")


def test_polaris__unknown_class_and_type():
    with pytest.raises(InputError):
        polaris({"thick_fy": 9}, "PC9")
    with pytest.raises(InputError):
        polaris({"pancake_ice": 9}, "PC5")


def test_polaris__class_aliases():
    assert polaris({"new_ice": 10}, "1AS").ice_class == "IA Super"
    assert polaris({"new_ice": 10}, "nis").ice_class == "Not ice strengthened"


def test_operation_level__pc_has_elevated_band_others_do_not():
    assert operation_level([0, -1, -10, -10.5], "PC7").tolist() == [
        "normal",
        "elevated",
        "elevated",
        "special consideration",
    ]
    assert operation_level([0, -1, -10], "IA").tolist() == [
        "normal",
        "special consideration",
        "special consideration",
    ]


def test_recommended_speed_limit_kt__table():
    assert [
        recommended_speed_limit_kt(c) for c in ("PC1", "PC2", "PC3", "PC5", "PC6", "PC7", "IA")
    ] == [11.0, 8.0, 5.0, 5.0, 3.0, 3.0, 3.0]


def test_parse_concentration_tenths__rules():
    assert parse_concentration_tenths("7-8", range_rule="upper") == 8.0
    assert parse_concentration_tenths("7-8", range_rule="lower") == 7.0
    assert parse_concentration_tenths("9+", range_rule="mid") == 9.5
    assert parse_concentration_tenths("<1", range_rule="lower") == 0.0
    for bad in ("eleven", "11", "-1"):
        with pytest.raises(InputError):
            parse_concentration_tenths(bad)


def test_polaris__egg_code_range_upper_is_conservative():
    upper = polaris({"thick_fy": "7-8"}, "PC7")
    mid = polaris({"thick_fy": "7-8"}, "PC7", range_rule="mid")
    assert upper.rio <= mid.rio


def test_rio__vectorised_matches_scalar():
    c = xr.DataArray(
        [[9, 0, 1], [0, 4, 6]],
        dims=("cell", "ice_type"),
        coords={"ice_type": ["thick_fy", "grey_ice", "open_water"]},
    )
    out = rio(c, "PC6")
    assert out.values.tolist() == [
        polaris({"thick_fy": 9, "open_water": 1}, "PC6").rio,
        polaris({"grey_ice": 4, "open_water": 6}, "PC6").rio,
    ]


def test_rio__too_much_ice_refused():
    c = xr.DataArray(
        [[9, 4]], dims=("cell", "ice_type"), coords={"ice_type": ["thick_fy", "grey_ice"]}
    )
    with pytest.raises(InputError):
        rio(c, "PC5")


def test_decayed_riv_table__not_shipped():
    with pytest.raises(NotFoundError):
        decayed_riv_table()
