"""POLARIS worked examples (IMO MSC.1/Circ.1519; RIVs of the standard-ice table).

Reference RIVs: the Circular's standard-ice table as transcribed identically by
MPAS-Analysis (climatology_map_risk_index_outcome.py) and the FMI pysiral RIO module.
Tolerance: exact (integers).
"""

import pytest

from arcticrecon.ice import polaris, riv_table


@pytest.mark.parametrize(
    ("ice_class", "ice_type", "riv"),
    [
        ("PC1", "heavy_my", 1),
        ("PC2", "heavy_my", 0),
        ("PC3", "second_year", 1),
        ("PC4", "thick_fy", 1),
        ("PC5", "medium_fy_lt1m", 1),
        ("PC6", "medium_fy", 0),
        ("PC7", "thin_fy_1st", 1),
        ("IA Super", "thin_fy_1st", 2),
        ("IA", "thin_fy_2nd", 0),
        ("IB", "grey_white_ice", 1),
        ("IC", "heavy_my", -8),
        ("Not ice strengthened", "new_ice", 1),
        ("Not ice strengthened", "grey_ice", 0),
        ("IC", "light_my", -7),
    ],
)
def test_riv_table__spot_values(ice_class, ice_type, riv):
    assert int(riv_table().sel(ice_class=ice_class, ice_type=ice_type)) == riv


def test_polaris__worked_example_pc7_medium_first_year():
    # 5/10 medium FY + 3/10 thin FY 2nd stage + 2/10 open water, PC7:
    # 5 x (-1) + 3 x 1 + 2 x 3 = 4 -> normal operation.
    r = polaris({"medium_fy": 5, "thin_fy_2nd": 3, "open_water": 2}, "PC7")
    assert (r.rio, r.operation) == (4, "normal")


def test_polaris__worked_example_pc6_elevated_with_speed_limit():
    # 9/10 thick FY + 1/10 open water, PC6: 9 x (-1) + 1 x 3 = -6 -> elevated, 3 kn.
    r = polaris({"thick_fy": 9, "open_water": 1}, "PC6")
    assert (r.rio, r.operation, r.speed_limit_kt) == (-6, "elevated", 3.0)


def test_polaris__worked_example_ia_special_consideration():
    # Same regime, IA (below PC7): 9 x (-3) + 3 = -24 -> special consideration, no limit.
    r = polaris({"thick_fy": 9, "open_water": 1}, "IA")
    assert (r.rio, r.operation, r.speed_limit_kt) == (-24, "special consideration", None)


def test_polaris__worked_example_pc4_multi_year():
    # 6/10 second-year + 4/10 thick FY, PC4: 6 x 0 + 4 x 1 = 4 -> normal.
    assert polaris({"second_year": 6, "thick_fy": 4}, "PC4").rio == 4


def test_polaris__worked_example_heavy_multi_year_pc2_pc3():
    # 10/10 heavy MY: PC2 RIV 0 -> RIO 0 normal; PC3 RIV -1 -> RIO -10 elevated, 5 kn.
    assert polaris({"heavy_my": 10}, "PC2").operation == "normal"
    r = polaris({"heavy_my": 10}, "PC3")
    assert (r.rio, r.operation, r.speed_limit_kt) == (-10, "elevated", 5.0)


def test_recommended_speed_limit_kt__circular_table():
    # Circular Table 1.2: PC1 11 kn, PC2 8 kn, PC3-PC5 5 kn, below PC5 3 kn. (PC1/PC2 have no
    # negative RIV in the standard table, so no standard regime reaches their limits.)
    from arcticrecon.ice import recommended_speed_limit_kt

    assert [recommended_speed_limit_kt(c) for c in ("PC1", "PC2", "PC4", "PC6", "IC")] == [
        11.0,
        8.0,
        5.0,
        3.0,
        3.0,
    ]
    assert int(riv_table().sel(ice_class=["PC1", "PC2"]).min()) == 0
