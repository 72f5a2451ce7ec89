"""Presence options on real data, checked against hand-verifiable geodesic distances.

AW101 planning cruise speed 150 kt (Leonardo, shipped aircraft table); 2 h response:
radius = 150 NM/h x 2 h = 300 NM = 555.6 km (1 NM = 1852 m exactly). Towns and 2021
populations: Statistics Greenland via the shipped settlements table; base positions:
OurAirports. Distances below are WGS 84 geodesics (GeographicLib via pyproj), to 0.1 km:

================  =======  ========  ========  ========
town              persons  BGTL km   BGSF km   BGGH km
================  =======  ========  ========  ========
Nuuk              19279    1504.1     318.6       2.2
Sisimiut           5620    1184.1     129.4     319.9
Ilulissat          4737     991.7     246.9     561.4
Aasiaat            2980    1012.5     210.1     506.7
Qaqortoq           3038    1959.8     737.7     484.0
Maniitsoq          2449    1356.4     203.2     148.2
Tasiilaq           1914    1619.2     605.6     682.0
Uummannaq          1450     830.6     412.6     723.3
Narsaq             1315    1938.9     716.6     465.8
Paamiut            1233    1767.6     561.5     265.1
Nanortalik         1139    2034.2     811.8     561.8
Upernavik          1102     556.5     676.6     975.4
Qasigiannguit      1041    1030.0     202.7     516.6
================  =======  ========  ========  ========

So Tasiilaq (605.6 km), Nanortalik (561.8 km) and Upernavik (556.5 km, 0.9 km beyond the
radius) are not covered: 47,297 - 1,914 - 1,139 - 1,102 = 43,142 persons are.
"""

from __future__ import annotations

import pytest

from arcticrecon.catalog import get_aircraft, load_catalog
from arcticrecon.coverage import presence_options, settlement_demand
from arcticrecon.geo import geodesic_distance_m

COVERED = {
    "Nuuk",
    "Sisimiut",
    "Ilulissat",
    "Aasiaat",
    "Qaqortoq",
    "Maniitsoq",
    "Uummannaq",
    "Narsaq",
    "Paamiut",
    "Qasigiannguit",
}


@pytest.fixture(scope="module")
def result():
    return presence_options(
        load_catalog(), get_aircraft("AW101"), 2.0, 3, fixed=["BGTL", "BGSF", "BGGH"]
    )


def test_presence_options__aw101_2h_from_three_bases_covers_ten_towns(result):
    assert result.radius_m == pytest.approx(555_600.0, abs=1e-6)
    covered = {lab for lab, c in zip(result.demand.label, result.covered, strict=True) if c}
    assert covered == COVERED
    assert result.covered_demand == 43142.0  # persons, exact sum of 2021 populations
    assert result.total_demand == 47297.0
    assert result.optimal


def test_presence_options__upernavik_just_beyond_pituffik_radius():
    # Upernavik - Pituffik 556.5 km (table above): 0.9 km beyond 555.6 km; tolerance 0.1 km.
    cat = load_catalog()
    d = settlement_demand()
    i = d.label.index("Upernavik")
    bgtl = cat.get("BGTL")
    dist_km = (
        geodesic_distance_m(
            lat1_deg=d.lat_deg[i],
            lon1_deg=d.lon_deg[i],
            lat2_deg=bgtl.lat_deg,
            lon2_deg=bgtl.lon_deg,
        )
        / 1000
    )
    assert dist_km == pytest.approx(556.5, abs=0.1)
    r = presence_options(
        cat, get_aircraft("AW101"), 2.0, 1, fixed=["BGTL"], reoptimise_marginals=False
    )
    assert r.covered_demand == 0.0
    r2 = presence_options(
        cat, get_aircraft("AW101"), 2.01, 1, fixed=["BGTL"], reoptimise_marginals=False
    )  # 558.4 km radius
    assert r2.covered_demand == 1102.0


def test_presence_options__per_site_coverage_matches_distance_table(result):
    by = {s.icao: set(s.covered_labels) for s in result.sites}
    assert by["BGTL"] == set()
    assert by["BGSF"] == {
        "Nuuk",
        "Sisimiut",
        "Ilulissat",
        "Aasiaat",
        "Maniitsoq",
        "Uummannaq",
        "Qasigiannguit",
    }
    assert by["BGGH"] == {
        "Nuuk",
        "Sisimiut",
        "Aasiaat",
        "Qaqortoq",
        "Maniitsoq",
        "Narsaq",
        "Paamiut",
        "Qasigiannguit",
    }


def test_presence_options__qaanaaq_counted_only_with_explicit_weight():
    # Qaanaaq - Pituffik 105.3 km; the table has no population for Qaanaaq.
    r = presence_options(
        load_catalog(),
        get_aircraft("AW101"),
        2.0,
        1,
        fixed=["BGTL"],
        demand=settlement_demand(unpopulated_weight=1.0),
        reoptimise_marginals=False,
    )
    assert r.covered_demand == 1.0
    assert set(r.sites[0].covered_labels) == {"Qaanaaq"}
