"""Port access seasons for Greenland ports, by month and ship ice class, from cited facts.

The facts are ``arcticrecon/data/port_access_seasons_facts.csv`` (each with its source);
``port_access_months.csv`` turns them into a status per port and month. Rules:

* A month is ``"reachable"`` only where a cited fact says ships reached the port in that
  month as a matter of routine (Pituffik July-August, with icebreaker escort usually
  required; Qaqortoq and Ilulissat May-December, the two end ports of the Arctic Umiaq
  Line coastal ferry season "late April until early January").
* ``"not reachable"`` only where a fact excludes the month (Pituffik: "accessible by ship
  only July-August", "thickly frozen nine months a year").
* Edge months, single-year observations and conflicting sources are ``"unknown"`` with a
  note; every month without a fact is ``"unknown"``. Nothing is inferred from a
  neighbouring port.

Ice class: the facts concern commercial resupply ships and a passenger ferry whose ice
classes are not stated. "reachable" is therefore reported for every ice class, with the
stated conditions (e.g. escort); "not reachable" holds for every class except PC1-PC3
(the IACS classes for year-round polar operation, IACS UR I1 Table 1), for which the facts
say nothing and the status becomes ``"unknown"``.
"""

from __future__ import annotations

import csv
import functools
from typing import Any

import numpy as np
import xarray as xr

import arcticrecon.catalog  # noqa: F401  (import first: sources <-> catalog import cycle)
from arcticrecon.errors import NotFoundError
from arcticrecon.ice.polaris import ICE_CLASSES, _ice_class
from arcticrecon.sources.embedded import data_path

__all__ = [
    "FACTS_FILE",
    "MONTHS_FILE",
    "PORTS",
    "PORT_BY_ICAO",
    "STATUSES",
    "port_access_months",
    "port_access_table",
    "port_facts",
    "resolve_port",
    "site_port_access",
]

FACTS_FILE = "port_access_seasons_facts.csv"
MONTHS_FILE = "port_access_months.csv"
STATUSES = ("reachable", "not reachable", "unknown")

#: The ports of the season table (issue 5).
PORTS: tuple[str, ...] = (
    "Nuuk",
    "Sisimiut",
    "Ilulissat",
    "Aasiaat",
    "Qaqortoq",
    "Tasiilaq",
    "Ittoqqortoormiit",
    "Pituffik",
    "Upernavik",
    "Uummannaq",
)

#: Catalogue site (ICAO) -> port of the same settlement. Airports: BGGH, BGSS, BGJN, BGAA,
#: BGQO, BGTL, BGUK; heliports: BGUM (Uummannaq), BGAM (Tasiilaq), BGSC (Ittoqqortoormiit).
PORT_BY_ICAO: dict[str, str] = {
    "BGGH": "Nuuk",
    "BGSS": "Sisimiut",
    "BGJN": "Ilulissat",
    "BGAA": "Aasiaat",
    "BGQO": "Qaqortoq",
    "BGAM": "Tasiilaq",
    "BGSC": "Ittoqqortoormiit",
    "BGTL": "Pituffik",
    "BGUK": "Upernavik",
    "BGUM": "Uummannaq",
}

_YEAR_ROUND_CLASSES = frozenset({"PC1", "PC2", "PC3"})
_ALIASES = {
    "thule": "Pituffik",
    "godthab": "Nuuk",
    "scoresbysund": "Ittoqqortoormiit",
    "jakobshavn": "Ilulissat",
    "egedesminde": "Aasiaat",
    "holsteinsborg": "Sisimiut",
    "julianehab": "Qaqortoq",
    "ammassalik": "Tasiilaq",
}


@functools.lru_cache(maxsize=1)
def port_facts() -> tuple[dict[str, str], ...]:
    """The cited port facts (rows of ``port_access_seasons_facts.csv``, 1-based order).

    Returns
    -------
    tuple of dict
        Columns: location, fact_type, value, period_or_date, source_name, source_url,
        confidence, notes.
    """
    with open(data_path(FACTS_FILE), encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@functools.lru_cache(maxsize=1)
def _months_table() -> dict[tuple[str, int], dict[str, str]]:
    with open(data_path(MONTHS_FILE), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    return {(r["port"], int(r["month"])): r for r in rows}


def resolve_port(port_name_or_site: Any) -> str:
    """Port name for a port name, former name, ICAO code or catalogue ``Site``.

    Parameters
    ----------
    port_name_or_site : str or Site
        ``"Nuuk"``, ``"Thule"``, ``"BGGH"`` or an object with an ``icao`` attribute.

    Returns
    -------
    str
        One of :data:`PORTS`.

    Raises
    ------
    NotFoundError
        If no port of the table matches.

    Examples
    --------
    >>> resolve_port("BGTL"), resolve_port("thule")
    ('Pituffik', 'Pituffik')
    """
    key = str(getattr(port_name_or_site, "icao", port_name_or_site)).strip()
    if key.upper() in PORT_BY_ICAO:
        return PORT_BY_ICAO[key.upper()]
    for p in PORTS:
        if p.lower() == key.lower():
            return p
    if key.lower() in _ALIASES:
        return _ALIASES[key.lower()]
    raise NotFoundError(
        f"port {key!r} is not in the port-season table; choose one of {', '.join(PORTS)} "
        f"or an ICAO code {', '.join(PORT_BY_ICAO)}",
        field="port",
        value=key,
        valid_range=list(PORTS),
    )


def port_access_months(port_name_or_site: Any, ice_class: str) -> dict[str, Any]:
    """Months a ship of ``ice_class`` can reach a port, from the cited facts.

    Parameters
    ----------
    port_name_or_site : str or Site
        Port name, ICAO code (:data:`PORT_BY_ICAO`) or catalogue site.
    ice_class : str
        POLARIS ice class (``PC1``...``Not ice strengthened``, aliases as in
        :func:`arcticrecon.ice.polaris.polaris`).

    Returns
    -------
    dict
        ``{"port", "ice_class", "months": {1..12: "reachable" | "not reachable" |
        "unknown"}, "conditions": {month: str}, "notes": {month: str},
        "sources": [{"fact", "source_name", "source_url", "confidence"}], "rule": str}``.

    Raises
    ------
    NotFoundError
        On an unknown port.
    InputError
        On an unknown ice class.

    Examples
    --------
    >>> r = port_access_months("BGTL", "PC5")
    >>> r["months"][7], r["months"][1], r["months"][6]
    ('reachable', 'not reachable', 'unknown')
    >>> port_access_months("Pituffik", "PC2")["months"][1]
    'unknown'
    >>> set(port_access_months("Tasiilaq", "IA")["months"].values())
    {'unknown'}
    """
    port = resolve_port(port_name_or_site)
    cls = _ice_class(ice_class)
    table = _months_table()
    facts = port_facts()
    months: dict[int, str] = {}
    conditions: dict[int, str] = {}
    notes: dict[int, str] = {}
    used: set[int] = set()
    for m in range(1, 13):
        row = table.get((port, m))
        if row is None:
            months[m] = "unknown"
            notes[m] = "no cited fact for this port and month"
            continue
        status = row["status"]
        if status == "not reachable" and cls in _YEAR_ROUND_CLASSES:
            status = "unknown"
            notes[m] = (
                f"the facts describe ordinary resupply shipping; they say nothing about "
                f"{cls} (year-round polar class). " + row["note"]
            )
        else:
            notes[m] = row["note"]
        months[m] = status
        if row["conditions"]:
            conditions[m] = row["conditions"]
        used.update(int(x) for x in row["facts"].split(";") if x)
    sources = [
        {
            "fact": i,
            "source_name": facts[i - 1]["source_name"],
            "source_url": facts[i - 1]["source_url"],
            "confidence": facts[i - 1]["confidence"],
            "value": facts[i - 1]["value"],
        }
        for i in sorted(used)
    ]
    return {
        "port": port,
        "ice_class": cls,
        "months": months,
        "conditions": conditions,
        "notes": notes,
        "sources": sources,
        "rule": (
            "reachable/not reachable only where a cited fact says so (port_access_months.csv); "
            "ice classes of the ships in the facts are not stated; 'not reachable' becomes "
            "'unknown' for PC1-PC3"
        ),
    }


def port_access_table(ice_class: str, ports: tuple[str, ...] = PORTS) -> xr.Dataset:
    """Port x month access status for one ice class (for the port-season chart).

    Parameters
    ----------
    ice_class : str
        POLARIS ice class.
    ports : tuple of str
        Ports (names or ICAO codes); default all of :data:`PORTS`.

    Returns
    -------
    xarray.Dataset, dims (port, month)
        ``status`` (str), ``status_code`` (int: 1 reachable, 0 not reachable, -1 unknown),
        ``port_access`` (float: 1.0 / 0.0 / NaN where unknown — NaN is the explicit
        "unknown" of the ranking criteria), ``conditions`` (str); ``attrs["ice_class"]``,
        ``attrs["source"]``.

    Examples
    --------
    >>> ds = port_access_table("PC5")
    >>> str(ds.status.sel(port="Pituffik", month=8).item())
    'reachable'
    """
    names = [resolve_port(p) for p in ports]
    rows = [port_access_months(p, ice_class) for p in names]
    status = np.array([[r["months"][m] for m in range(1, 13)] for r in rows], dtype=object)
    cond = np.array(
        [[r["conditions"].get(m, "") for m in range(1, 13)] for r in rows], dtype=object
    )
    code = np.vectorize({"reachable": 1, "not reachable": 0, "unknown": -1}.get, otypes=[int])(
        status
    )
    coords = {"port": names, "month": np.arange(1, 13)}
    return xr.Dataset(
        {
            "status": (("port", "month"), status),
            "status_code": (("port", "month"), code),
            "port_access": (
                ("port", "month"),
                np.where(code < 0, np.nan, code.astype(float)),
                {
                    "units": "1",
                    "meaning": "1 reachable, 0 not reachable, NaN unknown (no cited fact)",
                },
            ),
            "conditions": (("port", "month"), cond),
        },
        coords=coords,
        attrs={
            "ice_class": _ice_class(ice_class),
            "source": f"{FACTS_FILE} via {MONTHS_FILE} (arcticrecon)",
            "ice_classes": ", ".join(ICE_CLASSES),
        },
    )


def site_port_access(icao: list[str] | tuple[str, ...], ice_class: str) -> xr.DataArray:
    """Port access per catalogue site and month (1 / 0 / NaN = unknown) for the planner.

    Parameters
    ----------
    icao : sequence of str, shape (n,)
        Catalogue site codes; sites without a port in :data:`PORT_BY_ICAO` get NaN.
    ice_class : str
        POLARIS ice class of the ships.

    Returns
    -------
    xarray.DataArray, shape (n, 12), dims (location, month)
        1.0 reachable, 0.0 not reachable, NaN unknown or no port. Coordinates ``icao``,
        ``port`` ("" where the site has no port in the table); ``attrs["source"]``.

    Raises
    ------
    InputError
        On an unknown ice class.

    Examples
    --------
    >>> a = site_port_access(["BGTL", "BGSF"], "PC5")
    >>> a.sel(month=8).values.tolist()
    [1.0, nan]
    """
    table = port_access_table(ice_class)
    codes = [c.upper() for c in icao]
    ports = [PORT_BY_ICAO.get(c, "") for c in codes]
    values = np.full((len(codes), 12), np.nan)
    for i, p in enumerate(ports):
        if p:
            values[i] = table["port_access"].sel(port=p).values
    return xr.DataArray(
        values,
        dims=("location", "month"),
        coords={
            "icao": ("location", codes),
            "port": ("location", ports),
            "month": np.arange(1, 13),
        },
        name="port_access",
        attrs={
            "units": "1",
            "meaning": "1 reachable, 0 not reachable, NaN unknown (no cited fact or no port)",
            "ice_class": table.attrs["ice_class"],
            "source": table.attrs["source"],
        },
    )
