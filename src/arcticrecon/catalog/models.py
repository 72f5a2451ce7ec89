"""Site catalogue model: sites (airfields, heliports, ice/snow strips) and their runways.

Lengths and widths are metres inside (OurAirports gives feet; converted once on ingest by
:mod:`arcticrecon.catalog.ourairports`). Coordinates are WGS 84 degrees, latitude first.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = ["Runway", "Site", "SiteKind", "Surface"]


class Surface(enum.StrEnum):
    """Runway surface class used for aircraft compatibility.

    Mapped from OurAirports' free-text ``surface`` codes by
    :func:`arcticrecon.catalog.ourairports.surface_from_code`.
    """

    PAVED = "paved"
    GRAVEL = "gravel"
    SNOW_ICE = "snow_ice"
    WATER = "water"
    UNKNOWN = "unknown"


class SiteKind(enum.StrEnum):
    """What kind of site a catalogue entry is.

    ``airport``: a fixed-wing aerodrome; ``heliport``; ``strip``: an ice, snow or gravel
    landing strip / skiway without airport infrastructure; ``closed``: listed as closed by
    OurAirports (kept: a closed strip may be re-opened for an exercise); ``reported``: a
    site added by a reconnaissance team.
    """

    AIRPORT = "airport"
    HELIPORT = "heliport"
    STRIP = "strip"
    CLOSED = "closed"
    REPORTED = "reported"


@dataclass(frozen=True)
class Runway:
    """One runway, helipad or skiway.

    Attributes
    ----------
    ident : str
        Designators of both ends, e.g. ``"04/22"``; helipads ``"H1"``.
    length_m, width_m : float or None
        Physical dimensions [m]; ``None`` where the source does not say.
    surface : Surface
    closed : bool
    le_displaced_threshold_m, he_displaced_threshold_m : float
        Displaced threshold at the low-/high-numbered end [m]; 0 where none is given.
    is_helipad : bool
    """

    ident: str
    length_m: float | None
    width_m: float | None
    surface: Surface
    closed: bool = False
    lighted: bool = False
    le_displaced_threshold_m: float = 0.0
    he_displaced_threshold_m: float = 0.0
    is_helipad: bool = False

    @property
    def landing_distance_available_m(self) -> float | None:
        """Landing distance available [m] in the worse direction (conservative).

        LDA = length minus the displaced threshold at the landing end (ICAO Annex 14,
        Vol. I, 1.1 'Landing distance available'). Landing towards the high end uses the
        low end's displaced threshold and vice versa. The wind, not the planner, picks the
        landing direction, so the shorter of the two is returned (public case AR-27: a
        9219 ft runway with a 1000 ft displaced landing threshold has 2505.15 m, and an
        aircraft needing 2600 m is refused). ``None`` if the length is unknown; see
        :attr:`landing_distance_available_by_end_m` for both directions.
        """
        by_end = self.landing_distance_available_by_end_m
        return None if by_end is None else min(by_end.values())

    @property
    def landing_distance_available_by_end_m(self) -> dict[str, float] | None:
        """LDA [m] per landing direction: ``{"towards_he": ..., "towards_le": ...}``."""
        if self.length_m is None:
            return None
        return {
            "towards_he": self.length_m - self.le_displaced_threshold_m,
            "towards_le": self.length_m - self.he_displaced_threshold_m,
        }


@dataclass(frozen=True)
class Site:
    """A catalogue site.

    Attributes
    ----------
    icao : str
        ICAO location indicator (``"BGSF"``), else the OurAirports ident (``"GL-0002"``).
    name : str
    kind : SiteKind
    lat_deg, lon_deg : float
        WGS 84 position [deg].
    elevation_m : float or None
        [m] above mean sea level; ``None`` where unknown.
    tz : str
        IANA time zone for local display (see :func:`arcticrecon.catalog.timezones.zone_for`).
    runways : tuple of Runway
    iata, municipality, ourairports_type, source, ident : str
        Provenance and extra identifiers (``ident``: the OurAirports ident).
    """

    icao: str
    name: str
    kind: SiteKind
    lat_deg: float
    lon_deg: float
    elevation_m: float | None
    tz: str
    runways: tuple[Runway, ...] = field(default_factory=tuple)
    iata: str = ""
    municipality: str = ""
    ourairports_type: str = ""
    source: str = ""
    ident: str = ""

    @property
    def open_runways(self) -> tuple[Runway, ...]:
        """Runways not marked closed."""
        return tuple(r for r in self.runways if not r.closed)

    @property
    def longest_runway_m(self) -> float | None:
        """Length of the longest open non-helipad runway [m], or ``None``."""
        lengths = [
            r.length_m for r in self.open_runways if r.length_m is not None and not r.is_helipad
        ]
        return max(lengths) if lengths else None

    @property
    def is_open(self) -> bool:
        """Whether the site is usable at all (not listed as closed)."""
        return self.kind is not SiteKind.CLOSED

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-able dict (the ``sites list --format json`` schema)."""
        return {
            "icao": self.icao,
            "name": self.name,
            "kind": self.kind.value,
            "lat_deg": self.lat_deg,
            "lon_deg": self.lon_deg,
            "elevation_m": self.elevation_m,
            "tz": self.tz,
            "iata": self.iata or None,
            "municipality": self.municipality or None,
            "runways": [
                {
                    "ident": r.ident,
                    "length_m": None if r.length_m is None else round(r.length_m, 2),
                    "width_m": None if r.width_m is None else round(r.width_m, 2),
                    "surface": r.surface.value,
                    "closed": r.closed,
                    "helipad": r.is_helipad,
                    "landing_distance_available_m": (
                        None
                        if r.landing_distance_available_m is None
                        else round(r.landing_distance_available_m, 2)
                    ),
                }
                for r in self.runways
            ],
        }
