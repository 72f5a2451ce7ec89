"""Medical evacuation from each site to the nearest hospital with surgery: the 10-1-2 timeline.

The 10-1-2 timeline of NATO medical support doctrine: first aid (bleeding and airway
control) within 10 minutes of wounding, advanced (enhanced field) care within 1 hour,
damage control surgery within 2 hours — AJP-4.10 *Allied Joint Doctrine for Medical
Support*, Edition B (2015) para 2.3.2 and Edition C (September 2019) [1]_ (the United
States recorded a reservation to the specific clinical timelines [2]_); summarised as
"The 10-1-2 timeline" in BMJ Military Health [3]_. The first two legs are the exercise's
own medical plan (medics and a Role 1 with the force); what the product computes is the
third: can a casualty be in surgery within 2 h?

Model (planning assumptions, stated with every result):

* the evacuation asset is on standby at the site with the exercise, and leaves after a
  stated **launch delay** (:data:`DEFAULT_LAUNCH_DELAY_S`, a planning assumption, not a
  readiness standard: set the exercise's own);
* helicopters fly the geodesic from the site to the hospital's town (a helipad at the
  hospital is assumed), within their planning range;
* fixed-wing aircraft need a runway they may use at the site and at the hospital town's
  airfield (:func:`arcticrecon.catalog.site_compatibility`); the ground transfer from that
  airfield to the hospital is not known and not added (shown as a caveat);
* en route time is distance / cruise speed in still air (:func:`flight_time_s`).

Hospitals (``data/hospitals_gl.csv``): Dronning Ingrids Hospital in Nuuk, the national
hospital with a department of surgery, and the regional hospitals named by Selvstyrets
bekendtgørelse nr. 6 af 24. marts 2011 (Ilulissat, Aasiaat, Sisimiut, Qaqortoq). Each
row's surgical capability is ``yes`` or ``limited`` where a source says so, else
``unknown`` (never guessed); positions are those of their towns (GeoNames, the towns
table).

References
----------
.. [1] NATO Standardization Office, AJP-4.10 *Allied Joint Doctrine for Medical Support*,
   Edition C Version 1, September 2019 (STANAG 2228).
.. [2] NATO Standardization Office, AJP-4.10 Edition B Version 1, May 2015, Record of
   reservations (U.S.: para 2.3.2 sub-para 7.a-c, clinical timelines).
.. [3] BMJ Military Health, table "The 10-1-2 timeline" (10 min enhanced first aid; 1 h
   enhanced field care; 2 h damage control surgery).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from arcticrecon.catalog import Aircraft, Catalog, Site, site_compatibility
from arcticrecon.errors import DataSourceError, InputError, UnknownSiteError
from arcticrecon.geo.geodesic import pairwise_distance_m
from arcticrecon.logistics.flights import flight_time_s
from arcticrecon.sources.embedded import data_path

__all__ = [
    "DEFAULT_LAUNCH_DELAY_S",
    "TIMELINE_10_1_2_S",
    "TIMELINE_SOURCE",
    "Hospital",
    "MedevacOption",
    "load_hospitals",
    "medevac_options",
]

#: The 10-1-2 timeline [s]: first aid, advanced (enhanced field) care, surgery (AJP-4.10).
TIMELINE_10_1_2_S = {"first_aid": 600.0, "advanced_care": 3600.0, "surgery": 7200.0}
TIMELINE_SOURCE = (
    "NATO AJP-4.10 Allied Joint Doctrine for Medical Support (Ed. B 2015 para 2.3.2; Ed. C "
    "2019): 10-1-2 timeline — first aid 10 min, advanced care 1 h, surgery 2 h"
)
#: Launch delay of the evacuation asset [s]: a planning assumption (30 min), not a
#: readiness standard; give the exercise's own figure.
DEFAULT_LAUNCH_DELAY_S = 1800.0


@dataclass(frozen=True)
class Hospital:
    """A hospital of the medevac table.

    Attributes
    ----------
    name, town : str
    lat_deg, lon_deg : float
        The town's position (GeoNames, ``settlements_gl_towns.csv``). [deg]
    airfield : str
        Nearest airfield of the town (towns table).
    role : str
    surgery : {"yes", "limited", "unknown"}
    capability, source, source_url, confidence : str
    """

    name: str
    town: str
    lat_deg: float
    lon_deg: float
    airfield: str
    role: str
    surgery: str
    capability: str
    source: str
    source_url: str
    confidence: str


@lru_cache(maxsize=1)
def _hospitals() -> tuple[Hospital, ...]:
    towns: dict[str, dict[str, str]] = {}
    with open(data_path("settlements_gl_towns.csv"), newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            towns[row["town"]] = row
    p = data_path("hospitals_gl.csv")
    out = []
    with open(p, newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            t = towns.get(row["town"])
            if t is None or row["surgery"] not in {"yes", "limited", "unknown"}:
                raise DataSourceError(f"{p} line {i}: town {row['town']!r} or surgery invalid")
            out.append(
                Hospital(
                    name=row["hospital"],
                    town=row["town"],
                    lat_deg=float(t["lat"]),
                    lon_deg=float(t["lon"]),
                    airfield=t["nearest_airfield_ident"],
                    role=row["role"],
                    surgery=row["surgery"],
                    capability=row["capability"],
                    source=row["source"],
                    source_url=row["source_url"],
                    confidence=row["confidence"],
                )
            )
    return tuple(out)


def load_hospitals(*, surgery: Sequence[str] = ("yes", "limited", "unknown")) -> list[Hospital]:
    """The shipped hospital table, filtered by surgical capability.

    Examples
    --------
    >>> [h.town for h in load_hospitals(surgery=("yes",))]
    ['Nuuk']
    """
    return [h for h in _hospitals() if h.surgery in surgery]


@dataclass(frozen=True)
class MedevacOption:
    """The fastest evacuation from one site to surgery.

    Attributes
    ----------
    site : str
    hospital : Hospital or None
        ``None`` when no asset can reach a hospital with surgery (``reason`` says why).
    asset : str
        Aircraft key.
    distance_m : float
        Site to the hospital town (helicopter) or airfield (fixed-wing). [m]
    launch_delay_s, flight_s, total_s : float
        ``total_s = launch_delay_s + flight_s`` (``inf`` when unreachable). [s]
    meets_surgery_2h : bool
        ``total_s <= 2 h`` (10-1-2 timeline).
    caveats : tuple of str
    reason : str
        Why there is no option (empty otherwise).
    """

    site: str
    hospital: Hospital | None
    asset: str
    distance_m: float
    launch_delay_s: float
    flight_s: float
    total_s: float
    meets_surgery_2h: bool
    caveats: tuple[str, ...] = field(default_factory=tuple)
    reason: str = ""

    @property
    def total_h(self) -> float:
        """Total time to the hospital. [h]"""
        return self.total_s / 3600.0

    def to_dict(self) -> dict[str, object]:
        """JSON-able dict (hours rounded to 0.01)."""
        return {
            "site": self.site,
            "hospital": self.hospital.name if self.hospital else None,
            "town": self.hospital.town if self.hospital else None,
            "asset": self.asset or None,
            "distance_km": round(self.distance_m / 1000.0, 1)
            if np.isfinite(self.distance_m)
            else None,
            "launch_delay_h": round(self.launch_delay_s / 3600.0, 2),
            "total_h": round(self.total_h, 2) if np.isfinite(self.total_s) else None,
            "meets_surgery_2h": self.meets_surgery_2h,
            "caveats": list(self.caveats),
            "reason": self.reason,
        }


def medevac_options(
    sites: Sequence[Site],
    aircraft: Sequence[Aircraft],
    *,
    catalog: Catalog,
    launch_delay_s: float = DEFAULT_LAUNCH_DELAY_S,
    surgery: Sequence[str] = ("yes",),
) -> list[MedevacOption]:
    """Fastest evacuation from every site to a hospital with surgery, by the given assets.

    Parameters
    ----------
    sites : sequence of Site, length n
    aircraft : sequence of Aircraft
        The exercise's helicopters and aircraft.
    catalog : Catalog
        To look up the hospitals' airfields for fixed-wing aircraft.
    launch_delay_s : float
        Time from the call to take-off. [s] 0-86,400.
    surgery : sequence of str
        Hospital capabilities that count: ``("yes",)`` (default) or ``("yes", "limited")``.

    Returns
    -------
    list of MedevacOption, length n
        In site order.

    Raises
    ------
    InputError
        If the launch delay is outside 0-24 h or ``surgery`` names an unknown class.

    Examples
    --------
    Worked by hand: Kangerlussuaq (BGSF) to Nuuk by AW101 (150 kt = 77.17 m/s): the towns'
    geodesic is about 320 km, so 320 km / 77.17 m/s = 69 min + 30 min launch delay = 1.65 h,
    inside the 2 h surgery leg (tests check it against GeographicLib).
    """
    if not (0.0 <= launch_delay_s <= 86_400.0):
        raise InputError(
            f"launch delay {launch_delay_s / 60:g} min is outside 0-1440 min",
            field="launch_delay_min",
            value=launch_delay_s / 60,
            valid_range=(0, 1440),
        )
    bad = [s for s in surgery if s not in {"yes", "limited", "unknown"}]
    if bad:
        raise InputError(
            f"surgery class {bad[0]!r} is not yes, limited or unknown",
            field="surgery",
            value=bad[0],
        )
    hospitals = load_hospitals(surgery=surgery)
    n = len(sites)
    if n == 0:
        return []
    lat = np.array([s.lat_deg for s in sites])
    lon = np.array([s.lon_deg for s in sites])
    d = pairwise_distance_m(
        lat1_deg=lat,
        lon1_deg=lon,
        lat2_deg=np.array([h.lat_deg for h in hospitals]),
        lon2_deg=np.array([h.lon_deg for h in hospitals]),
    )  # shape (n, H)
    airfields: list[Site | None] = []
    for h in hospitals:
        try:
            airfields.append(catalog.get(h.airfield))
        except UnknownSiteError:
            airfields.append(None)
    # distance to each hospital's airfield (its town's position where it is not listed)
    af_lat = [a.lat_deg if a else h.lat_deg for a, h in zip(airfields, hospitals, strict=True)]
    af_lon = [a.lon_deg if a else h.lon_deg for a, h in zip(airfields, hospitals, strict=True)]
    af_d = pairwise_distance_m(
        lat1_deg=lat, lon1_deg=lon, lat2_deg=np.array(af_lat), lon2_deg=np.array(af_lon)
    )
    best: list[MedevacOption | None] = [None] * n
    why: list[list[str]] = [[] for _ in range(n)]
    for ac in aircraft:
        usable = [True] * n
        if not ac.rotorcraft:
            for i, site in enumerate(sites):
                comp = site_compatibility(ac, site)
                if not comp.ok:
                    usable[i] = False
                    why[i].append(f"{ac.key}: {comp.reason}")
        for j, h in enumerate(hospitals):
            af = airfields[j]
            if not ac.rotorcraft and (af is None or not site_compatibility(ac, af).ok):
                for i in range(n):
                    why[i].append(f"{ac.key} cannot use {h.town}'s airfield {h.airfield}")
                continue
            for i, site in enumerate(sites):
                if not usable[i]:
                    continue
                if ac.rotorcraft:
                    dist = float(d[i, j])
                    caveats: tuple[str, ...] = (f"{h.name}: a helipad at the hospital is assumed",)
                else:
                    assert af is not None
                    dist = float(af_d[i, j])
                    caveats = (
                        f"landing at {af.icao}; ground transfer to {h.name} not known, not included",
                    )
                if dist > ac.range_m:
                    why[i].append(f"{ac.key}: {dist / 1000:,.0f} km to {h.town} beyond its range")
                    continue
                t = launch_delay_s + flight_time_s(dist, ac.cruise_speed_m_s)
                cur = best[i]
                if cur is None or t < cur.total_s:
                    best[i] = MedevacOption(
                        site=site.icao,
                        hospital=h,
                        asset=ac.key,
                        distance_m=dist,
                        launch_delay_s=launch_delay_s,
                        flight_s=t - launch_delay_s,
                        total_s=t,
                        meets_surgery_2h=t <= TIMELINE_10_1_2_S["surgery"],
                        caveats=caveats,
                    )
    out = []
    for i, site in enumerate(sites):
        b = best[i]
        if b is not None:
            out.append(b)
            continue
        reason = (
            "; ".join(dict.fromkeys(why[i]))
            if why[i]
            else (
                "no evacuation asset among the exercise's aircraft"
                if not aircraft
                else "no hospital with surgery"
            )
        )
        out.append(
            MedevacOption(
                site=site.icao,
                hospital=None,
                asset="",
                distance_m=float("inf"),
                launch_delay_s=launch_delay_s,
                flight_s=float("inf"),
                total_s=float("inf"),
                meets_surgery_2h=False,
                reason=reason,
            )
        )
    return out
