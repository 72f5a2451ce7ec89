"""Station climate normals for Greenland (DMI figures as republished, with period/source).

Files (provenance in ``arcticrecon/data/README.md``):

* ``climate_normals_greenland.csv`` — long format: station, wmo_id, lat_deg, lon_deg,
  elev_m, period, month (1-12 or ``annual``), variable, value, unit, source, confidence,
  note. Nuuk 1991-2020 is the only complete production-grade normal; other stations have
  fragments.
* ``climate_facts_greenland.csv`` — scattered normals/records with citations.
* ``greenland_stations_isd.csv`` — station positions (NOAA ISD history).

Every value keeps its period, source and confidence; nothing is filled in. Where a station
has several values for the same month and variable (different sources or periods) all are
returned, ordered by confidence.
"""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass

import arcticrecon.catalog  # noqa: F401  (import first: sources <-> catalog import cycle)
from arcticrecon.errors import DataSourceError, NotFoundError
from arcticrecon.sources.embedded import data_path

__all__ = [
    "CONFIDENCE_ORDER",
    "NORMALS_FILE",
    "STATIONS_FILE",
    "NormalValue",
    "nearest_station",
    "read_isd_stations",
    "read_station_normals",
    "station_names",
    "station_normals",
]

NORMALS_FILE = "climate_normals_greenland.csv"
FACTS_FILE = "climate_facts_greenland.csv"
STATIONS_FILE = "greenland_stations_isd.csv"
CONFIDENCE_ORDER = {"high": 0, "medium-high": 1, "medium": 2, "low": 3}


@dataclass(frozen=True)
class NormalValue:
    """One station climate value with its provenance.

    Attributes
    ----------
    station, wmo_id : str
    lat_deg, lon_deg : float
        Station position. [deg]
    elevation_m : float or None
        [m]
    period : str
        Normal period as the source states it (e.g. ``"1991-2020"``).
    month : int or None
        1-12, ``None`` for annual values.
    variable : str
        ``mean_temperature``, ``mean_daily_max``, ``mean_daily_min``, ``absolute_max``,
        ``absolute_min``, ``precipitation``, ``precipitation_days``.
    value : float
    unit : str
        ``degC``, ``mm`` or ``days``.
    source, confidence, note : str
    """

    station: str
    wmo_id: str
    lat_deg: float
    lon_deg: float
    elevation_m: float | None
    period: str
    month: int | None
    variable: str
    value: float
    unit: str
    source: str
    confidence: str
    note: str


def _f(x: str) -> float | None:
    x = x.strip()
    return float(x) if x else None


@functools.lru_cache(maxsize=1)
def read_station_normals() -> tuple[NormalValue, ...]:
    """All station normal values shipped with arcticrecon.

    Returns
    -------
    tuple of NormalValue

    Raises
    ------
    DataSourceError
        If the shipped file is malformed.
    """
    out = []
    with open(data_path(NORMALS_FILE), encoding="utf-8", newline="") as fh:
        for i, r in enumerate(csv.DictReader(fh), start=2):
            try:
                out.append(
                    NormalValue(
                        station=r["station"],
                        wmo_id=r["wmo_id"],
                        lat_deg=float(r["lat_deg"]),
                        lon_deg=float(r["lon_deg"]),
                        elevation_m=_f(r["elev_m"]),
                        period=r["period"],
                        month=None if r["month"] == "annual" else int(r["month"]),
                        variable=r["variable"],
                        value=float(r["value"]),
                        unit=r["unit"],
                        source=r["source"],
                        confidence=r["confidence"],
                        note=r["note"],
                    )
                )
            except (KeyError, ValueError) as err:
                raise DataSourceError(f"{NORMALS_FILE} line {i} is malformed: {err}") from err
    return tuple(out)


def station_names() -> list[str]:
    """Names of the stations that have normals (sorted)."""
    return sorted({v.station for v in read_station_normals()})


def _match(name: str) -> str:
    key = name.strip().lower()
    names = station_names()
    for n in names:
        if n.lower() == key or n.lower().split(" (")[0].split(" /")[0] == key:
            return n
    for v in read_station_normals():
        if v.wmo_id and v.wmo_id.lstrip("0") == key.lstrip("0") and key.isdigit():
            return v.station
    raise NotFoundError(
        f"station {name!r} has no normals; known stations: {', '.join(names)}",
        field="station",
        value=name,
        valid_range=names,
    )


def station_normals(station: str, *, variable: str | None = None) -> list[NormalValue]:
    """Normal values of one station (by name or WMO id), best confidence first.

    Parameters
    ----------
    station : str
        Station name (``"Nuuk"``) or WMO id (``"04250"``).
    variable : str, optional
        Only this variable.

    Returns
    -------
    list of NormalValue
        Sorted by month, variable, confidence.

    Raises
    ------
    NotFoundError
        If the station has no normals.

    Examples
    --------
    >>> [v.value for v in station_normals("Nuuk", variable="mean_temperature")][:3]
    [-7.5, -8.6, -7.7]
    """
    name = _match(station)
    vals = [v for v in read_station_normals() if v.station == name]
    if variable is not None:
        vals = [v for v in vals if v.variable == variable]
    return sorted(
        vals,
        key=lambda v: (
            13 if v.month is None else v.month,
            v.variable,
            CONFIDENCE_ORDER.get(v.confidence, 9),
        ),
    )


def _km(la1: float, lo1: float, la2: float, lo2: float) -> float:
    p1, p2 = math.radians(la1), math.radians(la2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(a))  # IUGG mean Earth radius [km]


def nearest_station(
    *, lat_deg: float, lon_deg: float, max_km: float = 25.0
) -> tuple[str, float] | None:
    """Nearest station with normals within ``max_km`` of a point.

    Parameters
    ----------
    lat_deg, lon_deg : float
        Position. [deg]
    max_km : float
        Search radius. [km] Default 25 (same settlement / fjord).

    Returns
    -------
    (str, float) or None
        Station name and distance [km], or ``None`` if no station is that close.

    Examples
    --------
    >>> name, d = nearest_station(lat_deg=64.191066, lon_deg=-51.67914)   # BGGH
    >>> name, round(d, 1)
    ('Nuuk', 4.4)
    """
    best: tuple[str, float] | None = None
    seen: set[str] = set()
    for v in read_station_normals():
        if v.station in seen:
            continue
        seen.add(v.station)
        d = _km(lat_deg, lon_deg, v.lat_deg, v.lon_deg)
        if d <= max_km and (best is None or d < best[1]):
            best = (v.station, d)
    return best


@functools.lru_cache(maxsize=1)
def read_isd_stations() -> tuple[dict[str, str], ...]:
    """Station metadata from NOAA ISD history (USAF/WMO/ICAO ids, position, period).

    Returns
    -------
    tuple of dict
        Columns: station, usaf_id, wmo_id, icao, lat_deg, lon_deg, elev_m, isd_begin,
        isd_end, isd_name.
    """
    with open(data_path(STATIONS_FILE), encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))
