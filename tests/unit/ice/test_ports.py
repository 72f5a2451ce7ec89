"""Unit tests of arcticrecon.ice.ports."""

import pytest

from arcticrecon.catalog import load_catalog
from arcticrecon.errors import InputError, NotFoundError
from arcticrecon.ice import (
    PORT_BY_ICAO,
    PORTS,
    port_access_months,
    port_access_table,
    port_facts,
    resolve_port,
)


def test_port_access_months__pituffik_summer_only():
    r = port_access_months("Pituffik", "PC7")
    assert [m for m, s in r["months"].items() if s == "reachable"] == [7, 8]
    assert r["months"][12] == "not reachable"
    assert r["months"][6] == r["months"][9] == "unknown"
    assert "escort" in r["conditions"][7]
    assert any("msc.navy.mil" in s["source_url"] for s in r["sources"])


def test_port_access_months__year_round_classes_unknown_not_blocked():
    r = port_access_months("BGTL", "PC1")
    assert r["months"][1] == "unknown"
    assert r["months"][7] == "reachable"


def test_port_access_months__no_fact_means_unknown():
    for port in ("Tasiilaq", "Nuuk", "Sisimiut", "Aasiaat"):
        months = port_access_months(port, "IA")["months"]
        assert set(months.values()) == {"unknown"}


def test_port_access_months__ferry_ports():
    r = port_access_months("Qaqortoq", "Not ice strengthened")
    assert [m for m, s in r["months"].items() if s == "reachable"] == list(range(5, 13))
    assert r["months"][1] == "unknown"


def test_port_access_months__site_object_and_icao():
    site = load_catalog().get("BGJN")
    assert port_access_months(site, "PC5")["port"] == "Ilulissat"


def test_port_access_months__bad_inputs():
    with pytest.raises(NotFoundError):
        port_access_months("Copenhagen", "PC5")
    with pytest.raises(InputError):
        port_access_months("Nuuk", "PC9")


def test_port_by_icao__all_ports_mapped_and_in_catalogue():
    cat = load_catalog()
    assert set(PORT_BY_ICAO.values()) == set(PORTS)
    for icao in PORT_BY_ICAO:
        cat.get(icao)


def test_resolve_port__former_names():
    assert resolve_port("Scoresbysund") == "Ittoqqortoormiit"


def test_port_access_table__dims():
    ds = port_access_table("PC5")
    assert ds.status.shape == (10, 12)
    assert int(ds.status_code.sel(port="Pituffik", month=1)) == 0


def test_port_facts__ten_cited_rows():
    facts = port_facts()
    assert len(facts) == 10
    assert all(f["source_url"].startswith("http") for f in facts)


def test_site_port_access__nan_is_unknown_or_no_port():
    import numpy as np

    from arcticrecon.ice import site_port_access

    a = site_port_access(["BGTL", "BGGH", "BGSF"], "PC5")
    assert a.dims == ("location", "month") and a.shape == (3, 12)
    assert a.sel(month=1).values[0] == 0.0 and a.sel(month=7).values[0] == 1.0
    assert np.isnan(a.values[1]).all()  # Nuuk: no cited fact
    assert a.port.values.tolist() == ["Pituffik", "Nuuk", ""]
