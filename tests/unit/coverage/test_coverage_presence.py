"""Unit tests of arcticrecon.coverage.presence."""

from __future__ import annotations

import dataclasses

import pytest

from arcticrecon.catalog import Catalog, SiteKind, get_aircraft, load_catalog
from arcticrecon.coverage import coastline_demand, presence_options, settlement_demand
from arcticrecon.errors import InfeasibleError, InputError, UnknownSiteError

AW101 = get_aircraft("AW101")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_presence_options__fixed_sites_first_and_curve(catalog):
    r = presence_options(catalog, AW101, 2.0, 3, fixed=["BGTL"], curve_k_max=5)
    assert r.sites[0].icao == "BGTL" and r.sites[0].fixed
    assert len(r.sites) == 3 and r.optimal
    assert r.radius_m == pytest.approx(555_600.0)  # 150 kt x 2 h = 300 NM x 1852 m
    assert [p.k for p in r.coverage_curve] == [1, 2, 3, 4, 5]
    vals = [p.covered_weight for p in r.coverage_curve]
    assert vals == sorted(vals)
    assert r.coverage_curve[2].covered_weight == r.covered_demand
    assert all("BGTL" in p.sites for p in r.coverage_curve)
    assert r.total_demand == 47297.0
    assert len(r.candidates) == 79  # every open catalogue site (rotorcraft)
    d = r.to_dict()
    assert d["optimal"] is True and d["sites"][0] == "BGTL"
    assert set(d["marginal_value"]) == {s.icao for s in r.sites}


def test_presence_options__marginal_value_is_uniquely_covered_demand(catalog):
    r = presence_options(catalog, AW101, 2.0, 3, fixed=["BGTL", "BGSF", "BGGH"])
    mv = {s.icao: s.marginal_value for s in r.sites}
    # BGSF alone covers Ilulissat 4737 + Uummannaq 1450; BGGH alone Qaqortoq 3038 +
    # Narsaq 1315 + Paamiut 1233; BGTL covers no populated town (Qaanaaq has no figure).
    assert mv == {"BGTL": 0.0, "BGSF": 6187.0, "BGGH": 5586.0}


def test_presence_options__layers_reported_in_own_units(catalog):
    from arcticrecon.coverage import combine_demand

    dem = combine_demand([settlement_demand(), coastline_demand(spacing_km=100)])
    r = presence_options(catalog, AW101, 1.0, 2, demand=dem, reoptimise_marginals=False)
    units = {b.layer: b.unit for b in r.by_layer}
    assert units == {"settlements": "persons (2021)", "coast": "km of coastline"}
    assert r.demand_unit == "share"
    assert r.total_demand == pytest.approx(1.0)
    assert all(s.marginal_value_reoptimised is None for s in r.sites)


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"response_h": 0.0}, InputError, "response time"),
        ({"response_h": -2.0}, InputError, "response time"),
        ({"response_h": float("nan")}, InputError, "response time"),
        ({"k": 1, "fixed": ["BGTL", "BGSF"]}, InputError, "k = 1"),
        ({"k": 0}, InputError, "k = 0"),
        ({"k": 500}, InputError, "k = 500"),
        ({"fixed": ["BGXX"]}, UnknownSiteError, "BGXX"),
        ({"fixed": ["BGTL", "bgtl"]}, InputError, "twice"),
        ({"curve_k_max": 1, "k": 3, "fixed": ["BGTL", "BGSF"]}, InputError, "curve"),
    ],
)
def test_presence_options__bad_input_raises(catalog, kwargs, exc, match):
    args = {"response_h": 2.0, "k": 3, "fixed": ()} | kwargs
    with pytest.raises(exc, match=match):
        presence_options(catalog, AW101, args.pop("response_h"), args.pop("k"), **args)


def test_presence_options__aircraft_that_can_use_no_site(catalog):
    closed = tuple(dataclasses.replace(s, kind=SiteKind.CLOSED) for s in catalog)
    with pytest.raises(InfeasibleError, match="can use none"):
        presence_options(Catalog(closed), AW101, 2.0, 1)


def test_presence_options__fixed_site_unusable_by_aircraft(catalog):
    # BGAG Aappilattoq is a heliport without a runway: no C-17 there.
    with pytest.raises(InputError, match="BGAG cannot be used by the C-17"):
        presence_options(catalog, get_aircraft("C-17"), 2.0, 2, fixed=["BGAG"])
