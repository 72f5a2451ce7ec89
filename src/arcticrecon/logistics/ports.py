"""Sea ports for sea lift: the shipped table of European and Greenland ports.

``data/ports.csv`` lists the European ports named in the mission's planning (Antwerp,
Zeebrugge, Brest, Toulon, Kiel, Wilhelmshaven, Den Helder, Aarhus, Copenhagen, Esbjerg,
Frederikshavn, Aalborg) and Greenland's ports. Every position cites its source in the
``coord_source`` column: the ``searoute`` package's port list (UN/LOCODE identifiers),
GeoNames town positions (via ``settlements_gl_towns.csv``) or, for Toulon, Wikipedia's
infobox (GeoNames id 2972328). Depth at the quay is not in any shipped source: it is
``None`` (unknown), never guessed.
"""

from __future__ import annotations

import csv
import difflib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from arcticrecon.errors import DataSourceError, NotFoundError
from arcticrecon.geo.coords import format_lat_lon, parse_lat_lon
from arcticrecon.geo.geodesic import check_lat_lon

__all__ = ["Port", "get_port", "read_ports_csv", "resolve_port"]

PORTS_FILE = "ports.csv"


@dataclass(frozen=True)
class Port:
    """A port (or a point at sea given by coordinates).

    Attributes
    ----------
    name : str
    lat_deg, lon_deg : float
        WGS 84 position. [deg]
    country : str
        ISO 3166-1 alpha-2 (``"DK"``, ``"GL"``); empty for a bare position.
    region : str
        ``"europe"``, ``"greenland"`` or ``""`` for a bare position.
    locode : str
        UN/LOCODE where known.
    aliases : tuple of str
        Other names (Danish names of Greenland towns).
    coord_source : str
        Where the position comes from.
    depth_m : float or None
        Depth alongside at chart datum [m]; ``None`` = unknown.
    """

    name: str
    lat_deg: float
    lon_deg: float
    country: str = ""
    region: str = ""
    locode: str = ""
    aliases: tuple[str, ...] = ()
    coord_source: str = ""
    depth_m: float | None = None


def _data_file(name: str) -> Path:
    from importlib import resources

    return Path(str(resources.files("arcticrecon") / "data" / name))


def read_ports_csv(path: Path | str | None = None) -> tuple[Port, ...]:
    """Read a ports table (the shipped ``data/ports.csv`` by default).

    Raises
    ------
    DataSourceError
        If the file is unreadable or a row is malformed.
    """
    p = Path(path) if path else _data_file(PORTS_FILE)
    out = []
    try:
        with open(p, newline="", encoding="utf-8") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=2):
                try:
                    lat, lon = float(row["lat_deg"]), float(row["lon_deg"])
                    check_lat_lon(lat, lon, what=f"port {row['name']}")
                    out.append(
                        Port(
                            name=row["name"],
                            lat_deg=lat,
                            lon_deg=lon,
                            country=row["country"],
                            region=row["region"],
                            locode=row["locode"],
                            aliases=tuple(a for a in row["aliases"].split(";") if a),
                            coord_source=row["coord_source"],
                        )
                    )
                except (KeyError, ValueError) as err:
                    raise DataSourceError(f"ports table {p} line {i}: {err}") from err
    except OSError as err:
        raise DataSourceError(f"ports table {p} is unreadable: {err.strerror}") from err
    return tuple(out)


@lru_cache(maxsize=1)
def _shipped() -> tuple[Port, ...]:
    return read_ports_csv()


def _fold(s: str) -> str:
    s = s.replace("Ø", "O").replace("ø", "o").replace("Æ", "AE").replace("æ", "ae")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if c.isalnum()).upper()


def get_port(name: str, ports: tuple[Port, ...] | None = None) -> Port:
    """Look a port up by name, alias or UN/LOCODE (case- and accent-insensitive).

    Raises
    ------
    NotFoundError
        If no port matches; the message suggests close names.

    Examples
    --------
    >>> get_port("godthåb").name
    'Nuuk'
    >>> get_port("DKAAL").name
    'Aalborg'
    """
    table = ports if ports is not None else _shipped()
    key = _fold(name)
    for p in table:
        if key in {_fold(p.name), _fold(p.locode), *(_fold(a) for a in p.aliases)} and key:
            return p
    names = [p.name for p in table]
    close = difflib.get_close_matches(name, names, n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise NotFoundError(
        f"port {name!r} is not in the ports table{hint}; known: {', '.join(names)}; "
        "or give a position as LAT,LON",
        field="port",
        value=name,
        valid_range=names,
    )


def resolve_port(text: str, ports: tuple[Port, ...] | None = None) -> Port:
    """A port by name, or a bare position given as ``LAT,LON`` (decimal or DMS).

    Raises
    ------
    NotFoundError
        If ``text`` is neither a known port nor a position.
    """
    if any(ch.isdigit() for ch in text):
        try:
            lat, lon = parse_lat_lon(text)
        except Exception:  # not a position: try the name (it may contain digits)
            pass
        else:
            return Port(name=format_lat_lon(lat_deg=lat, lon_deg=lon), lat_deg=lat, lon_deg=lon)
    return get_port(text, ports)
