"""Pituffik (76.5° N) in December and June (STYLE.md: always include both).

Sources: port_access_seasons_facts.csv rows 1-6 — US Military Sealift Command (2016):
"the only times to access Thule by sea is from the beginning of July through end of August";
USSF (2008): first ship arrival 30 June 2008. Exact statuses, no tolerance.
ERA5 monthly means (2000-2025) at the rule cell 76.5 N 69.25 W: December -19.5 °C, June 1.7 °C
(values of the shipped file, tolerance 0.05 °C; no station normal is available to compare).
"""

import pytest

from arcticrecon.catalog import load_catalog
from arcticrecon.climate import monthly_t2m
from arcticrecon.ice import port_access_months

DEC, JUN = -19.49, 1.74


def test_port_access_months__pituffik_december_not_reachable_june_unknown():
    r = port_access_months("BGTL", "IA")
    assert r["months"][12] == "not reachable"
    assert r["months"][6] == "unknown"
    assert "30 June 2008" in r["notes"][6]


def test_monthly_t2m__pituffik_december_and_june():
    s = load_catalog().get("BGTL")
    t = monthly_t2m([s.lat_deg], [s.lon_deg], [s.elevation_m])
    assert float(t.sel(month=12)[0]) == pytest.approx(DEC, abs=0.05)
    assert float(t.sel(month=6)[0]) == pytest.approx(JUN, abs=0.05)
