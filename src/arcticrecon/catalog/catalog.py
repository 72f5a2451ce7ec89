"""The site catalogue: load it, look sites up.

By default the catalogue is the embedded OurAirports Greenland snapshot (commit 1fb3eea0,
data of 2026-08-22, public domain). ``arcticrecon sites update`` writes a refreshed copy to
the user data directory, which then takes precedence.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from arcticrecon.catalog.models import Site, SiteKind
from arcticrecon.errors import UnknownSiteError
from arcticrecon.sources.embedded import data_path, user_data_dir

__all__ = ["AIRPORTS_FILE", "RUNWAYS_FILE", "Catalog", "catalog_files", "load_catalog"]

AIRPORTS_FILE = "ourairports_gl_airports.csv"
RUNWAYS_FILE = "ourairports_gl_runways.csv"


@dataclass(frozen=True)
class Catalog:
    """An ordered, immutable collection of :class:`Site`, indexed by ``icao``.

    Attributes
    ----------
    sites : tuple of Site
    source : str
        Where the data came from (file paths).
    """

    sites: tuple[Site, ...]
    source: str = ""

    def __iter__(self) -> Iterator[Site]:
        """Iterate over sites in id order."""
        return iter(self.sites)

    def __len__(self) -> int:
        """Number of sites."""
        return len(self.sites)

    def get(self, ident: str) -> Site:
        """Site by ICAO code, OurAirports ident or exact name (case-insensitive).

        Raises
        ------
        UnknownSiteError
            With the closest known codes in the message.
        """
        site = self._index.get(ident.strip().upper())
        if site is not None:
            return site
        names = [s.icao for s in self.sites] + [s.name for s in self.sites]
        close = difflib.get_close_matches(ident, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownSiteError(
            f"site {ident!r} is not in the catalogue ({len(self)} Greenland sites){hint} "
            "— see `arcticrecon sites list`",
            field="site",
            value=ident,
        )

    @cached_property
    def _index(self) -> dict[str, Site]:
        """Upper-cased ICAO code, ident and name -> the first site (in order) having it."""
        out: dict[str, Site] = {}
        for s in self.sites:
            for key in (s.icao.upper(), s.ident.upper(), s.name.upper()):
                out.setdefault(key, s)
        return out

    def filter(self, *, kinds: set[SiteKind] | None = None) -> Catalog:
        """A catalogue with only the given kinds."""
        if kinds is None:
            return self
        return Catalog(tuple(s for s in self.sites if s.kind in kinds), self.source)


def catalog_files() -> tuple[Path, Path]:
    """The airports and runways files in use: the user's refreshed copy, else embedded."""
    d = user_data_dir()
    a, r = d / AIRPORTS_FILE, d / RUNWAYS_FILE
    if a.exists() and r.exists():
        return a, r
    return data_path(AIRPORTS_FILE), data_path(RUNWAYS_FILE)


def load_catalog(airports: Path | None = None, runways: Path | None = None) -> Catalog:
    """Load the Greenland site catalogue.

    Parameters
    ----------
    airports, runways : Path, optional
        OurAirports-format CSVs (Greenland rows). Default: :func:`catalog_files`.

    Raises
    ------
    DataSourceError
        If a file is unreadable or malformed.
    """
    from arcticrecon.catalog.ourairports import (
        read_airports_csv,
        read_runways_csv,
        sites_from_ourairports,
    )

    if airports is None or runways is None:
        airports, runways = catalog_files()
    sites = sites_from_ourairports(read_airports_csv(airports), read_runways_csv(runways))
    return Catalog(tuple(sites), source=f"{airports}; {runways}")
