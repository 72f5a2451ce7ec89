"""Aircraft planning figures and the runway compatibility check.

The shipped table ``arcticrecon/data/aircraft.csv`` carries manufacturers' and air forces'
published figures (each row cites ``source``/``source_url`` and a ``confidence``); most
runway distances are LOW confidence planning figures and must be verified against the
operator's flight manual before use. The project added only: a short ``key`` and
``aliases`` for the command line, ``surfaces`` normalised to :class:`Surface`, and
``min_runway_width_m`` where a source states one (C-17: 90 ft = 27.4 m, USAF fact sheet).

Surface rule: the catalogue's ``snow_ice`` runways are ice-sheet skiways (Summit, GISP,
Raven...), so only ski-equipped aircraft (LC-130H, DHC-6 on wheel-skis) may use them;
rotorcraft can use any open site.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from arcticrecon.catalog.models import Runway, Site, SiteKind, Surface
from arcticrecon.errors import DataSourceError, NotFoundError
from arcticrecon.sources.embedded import data_path
from arcticrecon.units import KT_TO_M_S, NM_TO_M

__all__ = [
    "Aircraft",
    "Compatibility",
    "get_aircraft",
    "read_aircraft_csv",
    "runway_compatibility",
    "site_compatibility",
]


@dataclass(frozen=True)
class Aircraft:
    """Planning figures of one aircraft type.

    Attributes
    ----------
    key : str
        Short name used on the command line (``"C-130J-30"``).
    cruise_speed_m_s : float
        True airspeed in cruise [m/s].
    range_m : float
        Range under ``range_condition`` [m].
    min_takeoff_m, min_landing_m : float or None
        Required take-off / landing distance [m]; ``None`` for rotorcraft.
    min_runway_width_m : float or None
        Required width [m] where a source states one, else ``None`` (not checked).
    surfaces : frozenset of Surface
        Runway surfaces the type may use (all of them for rotorcraft).
    max_payload_kg : float or None
    distances_surface : Surface or None
        The surface the published distances were measured on when they apply to that
        surface only (LC-130H: snow skiways); ``None`` = any usable surface.
    runway_caveat : str
        Shown with every verdict that passes (reduced weights, low confidence, ...).
    """

    key: str
    name: str
    category: str
    rotorcraft: bool
    cruise_speed_m_s: float
    range_m: float
    range_condition: str
    min_takeoff_m: float | None
    min_landing_m: float | None
    min_runway_width_m: float | None
    surfaces: frozenset[Surface]
    ski_equipped: bool
    max_payload_kg: float | None
    mtow_kg: float | None
    source: str
    source_url: str
    confidence: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    distances_surface: Surface | None = None
    runway_caveat: str = ""

    @property
    def required_runway_m(self) -> float:
        """Runway length needed for both take-off and landing [m] (0 for rotorcraft)."""
        return max(self.min_takeoff_m or 0.0, self.min_landing_m or 0.0)


def _opt(v: str) -> float | None:
    v = v.strip()
    return float(v) if v else None


def read_aircraft_csv(path: Path | str | None = None) -> dict[str, Aircraft]:
    """Read the aircraft table (the shipped one by default).

    Returns
    -------
    dict
        ``key -> Aircraft``.

    Raises
    ------
    DataSourceError
        If a row is malformed.
    """
    p = Path(path) if path else data_path("aircraft.csv")
    out: dict[str, Aircraft] = {}
    with open(p, newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            try:
                surf = row["surfaces"].strip()
                surfaces = (
                    frozenset(Surface)
                    if surf == "any"
                    else frozenset(Surface(s) for s in surf.split(";"))
                )
                ac = Aircraft(
                    key=row["key"],
                    name=row["name"],
                    category=row["category"],
                    rotorcraft=row["rotorcraft"] == "yes",
                    cruise_speed_m_s=float(row["cruise_speed_kt"]) * KT_TO_M_S,
                    range_m=float(row["range_nm"]) * NM_TO_M,
                    range_condition=row["range_condition"],
                    min_takeoff_m=_opt(row["min_takeoff_m"]),
                    min_landing_m=_opt(row["min_landing_m"]),
                    min_runway_width_m=_opt(row["min_runway_width_m"]),
                    surfaces=surfaces,
                    ski_equipped=row["ski_equipped"] == "yes",
                    max_payload_kg=_opt(row["max_payload_kg"]),
                    mtow_kg=_opt(row["mtow_kg"]),
                    source=row["source"],
                    source_url=row["source_url"],
                    confidence=row["confidence"],
                    aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
                    distances_surface=Surface(row["distances_surface"])
                    if row.get("distances_surface")
                    else None,
                    runway_caveat=row.get("runway_caveat", ""),
                )
            except (KeyError, ValueError) as err:
                raise DataSourceError(f"aircraft table {p} line {i}: {err}") from err
            out[ac.key] = ac
    return out


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Aircraft]:
    return read_aircraft_csv()


def _norm(s: str) -> str:
    return "".join(ch for ch in s.upper() if ch.isalnum())


def get_aircraft(name: str) -> Aircraft:
    """Look up a shipped aircraft by key, alias or full name (case/punctuation-insensitive).

    Raises
    ------
    NotFoundError
        If no type matches; the message lists the known keys.

    Examples
    --------
    >>> get_aircraft("c-17").key
    'C-17'
    >>> get_aircraft("Twin Otter").key
    'DHC-6'
    """
    table = _shipped()
    n = _norm(name)
    for ac in table.values():
        if n in {_norm(ac.key), _norm(ac.name), *(_norm(a) for a in ac.aliases)}:
            return ac
    close = difflib.get_close_matches(name, list(table), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise NotFoundError(
        f"aircraft {name!r} is not in the aircraft table{hint}; known: {', '.join(table)}",
        field="aircraft",
        value=name,
        valid_range=list(table),
    )


@dataclass(frozen=True)
class Compatibility:
    """Result of a compatibility check.

    Attributes
    ----------
    ok : bool
        The aircraft may use the site/runway.
    reason : str
        Why not (empty when ``ok``), e.g. ``"runway 845 m < 953 m required"``.
    caveats : tuple of str
        Facts the check could not verify (unknown surface or width).
    runway : str
        Ident of the runway the verdict is for (best usable one when ``ok``).
    """

    ok: bool
    reason: str = ""
    caveats: tuple[str, ...] = ()
    runway: str = ""


def runway_compatibility(aircraft: Aircraft, runway: Runway) -> Compatibility:
    """Can ``aircraft`` use ``runway``? Checks closure, surface, length (LDA) and width.

    Length: the aircraft's take-off distance against the runway length, and its landing
    distance against the landing distance available (length less the displaced threshold,
    :attr:`Runway.landing_distance_available_m`). Width only where a required width is
    published. Unknown surface or width pass with a caveat (never guessed).
    """
    if runway.closed:
        return Compatibility(False, f"runway {runway.ident} is closed", runway=runway.ident)
    if aircraft.rotorcraft:
        return Compatibility(True, runway=runway.ident)
    if runway.is_helipad:
        return Compatibility(False, f"{runway.ident} is a helipad", runway=runway.ident)
    caveats: list[str] = []
    if runway.surface is Surface.UNKNOWN:
        caveats.append(f"runway {runway.ident} surface unknown in OurAirports: verify")
    elif runway.surface not in aircraft.surfaces:
        allowed = "/".join(sorted(s.value for s in aircraft.surfaces))
        return Compatibility(
            False,
            f"runway {runway.ident} surface {runway.surface.value} not usable by "
            f"{aircraft.key} ({allowed})",
            runway=runway.ident,
        )
    if runway.length_m is None:
        return Compatibility(
            False, f"runway {runway.ident} length unknown in OurAirports", runway=runway.ident
        )
    if aircraft.runway_caveat:
        caveats.append(aircraft.runway_caveat)
    if aircraft.distances_surface is not None and runway.surface is not aircraft.distances_surface:
        # the published distances do not apply to this surface: no length check possible
        caveats.append(
            f"runway {runway.ident}: {aircraft.key}'s distances are for "
            f"{aircraft.distances_surface.value} only; length not checked"
        )
        return Compatibility(True, caveats=tuple(caveats), runway=runway.ident)
    lda = runway.landing_distance_available_m or 0.0
    if aircraft.min_takeoff_m and runway.length_m < aircraft.min_takeoff_m:
        return Compatibility(
            False,
            f"runway {runway.ident} {runway.length_m:,.0f} m < {aircraft.min_takeoff_m:,.0f} m "
            f"take-off distance required by {aircraft.key}",
            runway=runway.ident,
        )
    if aircraft.min_landing_m and lda < aircraft.min_landing_m:
        return Compatibility(
            False,
            f"runway {runway.ident} landing distance available {lda:,.0f} m < "
            f"{aircraft.min_landing_m:,.0f} m required by {aircraft.key}",
            runway=runway.ident,
        )
    if aircraft.min_runway_width_m:
        if runway.width_m is None:
            caveats.append(f"runway {runway.ident} width unknown: verify")
        elif runway.width_m < aircraft.min_runway_width_m:
            return Compatibility(
                False,
                f"runway {runway.ident} {runway.width_m:,.1f} m wide < "
                f"{aircraft.min_runway_width_m:,.1f} m required by {aircraft.key}",
                runway=runway.ident,
            )
    return Compatibility(True, caveats=tuple(caveats), runway=runway.ident)


def site_compatibility(aircraft: Aircraft, site: Site) -> Compatibility:
    """Can ``aircraft`` use ``site``? True if any of its runways passes.

    Rotorcraft can use any open site (a helipad or an unprepared landing site). For
    fixed-wing types the verdict of the best runway is returned; when none passes the
    reason of the longest runway is given.
    """
    if not site.is_open:
        return Compatibility(False, f"{site.icao} is listed as closed")
    if aircraft.rotorcraft:
        return Compatibility(True)
    if not site.runways:
        if site.kind is SiteKind.HELIPORT:
            return Compatibility(False, f"{site.icao} is a heliport (no runway listed)")
        return Compatibility(False, f"{site.icao} has no runway in the catalogue")
    verdicts = [runway_compatibility(aircraft, r) for r in site.runways]
    good = [v for v in verdicts if v.ok]
    if good:
        return min(good, key=lambda v: len(v.caveats))
    rws = sorted(
        zip(site.runways, verdicts, strict=True),
        key=lambda rv: (not rv[0].closed, rv[0].length_m or 0.0),
        reverse=True,
    )
    return rws[0][1]
