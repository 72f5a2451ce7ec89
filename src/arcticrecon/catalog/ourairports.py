"""OurAirports CSV reader (``airports.csv``, ``runways.csv``).

Source: OurAirports, https://ourairports.com/data/ (public domain). Lengths, widths,
elevations and displaced thresholds arrive in feet and are converted to metres here, once
(1 ft = 0.3048 m exactly, :data:`arcticrecon.units.FT_TO_M`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from arcticrecon.catalog.models import Runway, Site, SiteKind, Surface
from arcticrecon.catalog.timezones import zone_for
from arcticrecon.errors import DataSourceError
from arcticrecon.units import FT_TO_M

__all__ = [
    "AIRPORT_COLUMNS",
    "RUNWAY_COLUMNS",
    "filter_greenland",
    "read_airports_csv",
    "read_runways_csv",
    "sites_from_ourairports",
    "surface_from_code",
]

AIRPORT_COLUMNS = (
    "id",
    "ident",
    "type",
    "name",
    "latitude_deg",
    "longitude_deg",
    "elevation_ft",
    "iso_country",
    "iso_region",
    "municipality",
    "icao_code",
    "iata_code",
    "gps_code",
)
RUNWAY_COLUMNS = (
    "airport_ref",
    "airport_ident",
    "length_ft",
    "width_ft",
    "surface",
    "lighted",
    "closed",
    "le_ident",
    "he_ident",
    "le_displaced_threshold_ft",
    "he_displaced_threshold_ft",
)

# OurAirports surface strings are free text; these are the codes its documentation lists
# (https://ourairports.com/help/data-dictionary.html) plus spellings seen in the GL rows.
_SURFACE_WORDS: tuple[tuple[Surface, tuple[str, ...]], ...] = (
    (Surface.PAVED, ("ASP", "ASPH", "ASPHALT", "CON", "CONC", "CONCRETE", "PEM", "BIT", "TAR")),
    (Surface.GRAVEL, ("GVL", "GRV", "GRVL", "GRAVEL", "GRE", "DIRT", "GRASS", "TURF", "SAND")),
    (Surface.SNOW_ICE, ("ICE", "SNOW", "SNO", "SKIWAY")),
    (Surface.WATER, ("WATER", "WAT")),
)


def surface_from_code(code: str) -> Surface:
    """Map an OurAirports surface string to a :class:`Surface`.

    Matching is case-insensitive on the first word/prefix; unknown strings map to
    ``Surface.UNKNOWN`` (never guessed).

    >>> surface_from_code("ASPH"), surface_from_code("Gravel"), surface_from_code("UNK")
    (<Surface.PAVED: 'paved'>, <Surface.GRAVEL: 'gravel'>, <Surface.UNKNOWN: 'unknown'>)
    """
    c = code.strip().upper()
    if not c:
        return Surface.UNKNOWN
    for surface, words in _SURFACE_WORDS:
        if any(c == w or c.startswith((w + "-", w + " ")) for w in words):
            return surface
    return Surface.UNKNOWN


def _read_csv(path: Path, required: Iterable[str], what: str) -> Iterator[dict[str, str]]:
    try:
        fh = open(path, newline="", encoding="utf-8")
    except OSError as err:
        raise DataSourceError(
            f"cannot read {what} file {str(path)!r}: {err.strerror}", field=what, value=str(path)
        ) from err
    with fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            raise DataSourceError(
                f"{what} file {str(path)!r} lacks column(s) {', '.join(missing)}; "
                "expected the OurAirports CSV format (https://ourairports.com/data/)",
                field=what,
                value=str(path),
            )
        yield from reader


def read_airports_csv(path: Path | str) -> list[dict[str, str]]:
    """Read an OurAirports ``airports.csv`` (world or filtered) as a list of row dicts.

    Raises
    ------
    DataSourceError
        If the file cannot be read or lacks the required columns.
    """
    return list(_read_csv(Path(path), AIRPORT_COLUMNS, "airports"))


def read_runways_csv(path: Path | str) -> list[dict[str, str]]:
    """Read an OurAirports ``runways.csv`` as a list of row dicts.

    Raises
    ------
    DataSourceError
        If the file cannot be read or lacks the required columns.
    """
    return list(_read_csv(Path(path), RUNWAY_COLUMNS, "runways"))


def filter_greenland(
    airports: list[dict[str, str]], runways: list[dict[str, str]]
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Keep the Greenland rows (``iso_country == "GL"``) and their runways."""
    gl = [a for a in airports if a.get("iso_country") == "GL"]
    ids = {a["id"] for a in gl}
    return gl, [r for r in runways if r.get("airport_ref") in ids]


def _ft(value: str, field: str, ident: str) -> float | None:
    v = value.strip()
    if not v:
        return None
    try:
        return float(v) * FT_TO_M
    except ValueError as err:
        raise DataSourceError(
            f"{ident}: {field} {v!r} is not a number of feet", field=field, value=v
        ) from err


def _float(value: str, field: str, ident: str) -> float:
    try:
        return float(value)
    except ValueError as err:
        raise DataSourceError(
            f"{ident}: {field} {value!r} is not a number", field=field, value=value
        ) from err


def _site_id(row: dict[str, str]) -> str:
    for key in ("icao_code", "gps_code"):
        v = row.get(key, "").strip().upper()
        if len(v) == 4 and v.isalpha():
            return v
    return row["ident"].strip()


def _kind(row: dict[str, str], runways: list[Runway]) -> SiteKind:
    t = row["type"]
    if t == "closed":
        return SiteKind.CLOSED
    if t == "heliport":
        return SiteKind.HELIPORT
    name = row["name"].lower()
    if t == "small_airport" and (
        any(w in name for w in ("strip", "skiway", "icestrip", "camp"))
        or (runways and all(r.surface is Surface.SNOW_ICE for r in runways))
    ):
        return SiteKind.STRIP
    return SiteKind.AIRPORT


def _runway(row: dict[str, str]) -> Runway:
    ident = row["airport_ident"]
    le, he = row.get("le_ident", "").strip(), row.get("he_ident", "").strip()
    rid = f"{le}/{he}" if le and he else (le or he or "?")
    return Runway(
        ident=rid,
        length_m=_ft(row["length_ft"], "length_ft", ident),
        width_m=_ft(row["width_ft"], "width_ft", ident),
        surface=surface_from_code(row["surface"]),
        closed=row.get("closed", "0").strip() == "1",
        lighted=row.get("lighted", "0").strip() == "1",
        le_displaced_threshold_m=_ft(row["le_displaced_threshold_ft"], "le_displaced", ident)
        or 0.0,
        he_displaced_threshold_m=_ft(row["he_displaced_threshold_ft"], "he_displaced", ident)
        or 0.0,
        is_helipad=le.upper().startswith("H") and not he,
    )


def sites_from_ourairports(
    airports: list[dict[str, str]], runways: list[dict[str, str]], *, source: str = "OurAirports"
) -> list[Site]:
    """Build catalogue sites from OurAirports rows (already filtered to Greenland).

    Parameters
    ----------
    airports, runways : list of dict
        Rows as returned by :func:`read_airports_csv` / :func:`read_runways_csv`.
    source : str
        Provenance text stored on each site.

    Returns
    -------
    list of Site
        Sorted by site id; lengths in metres.

    Raises
    ------
    DataSourceError
        On a non-numeric coordinate or length.
    """
    by_airport: dict[str, list[Runway]] = {}
    for r in runways:
        by_airport.setdefault(r["airport_ref"], []).append(_runway(r))
    sites = []
    for a in airports:
        rws = by_airport.get(a["id"], [])
        lat = _float(a["latitude_deg"], "latitude_deg", a["ident"])
        lon = _float(a["longitude_deg"], "longitude_deg", a["ident"])
        sites.append(
            Site(
                icao=_site_id(a),
                name=a["name"].strip(),
                kind=_kind(a, rws),
                lat_deg=lat,
                lon_deg=lon,
                elevation_m=_ft(a.get("elevation_ft", ""), "elevation_ft", a["ident"]),
                tz=zone_for(lat_deg=lat, lon_deg=lon, region=a.get("iso_region", "")),
                runways=tuple(rws),
                iata=a.get("iata_code", "").strip(),
                municipality=a.get("municipality", "").strip(),
                ourairports_type=a["type"],
                source=a.get("record_source", "").strip() or source,
                ident=a["ident"].strip(),
            )
        )
    return sorted(sites, key=lambda s: s.icao)
