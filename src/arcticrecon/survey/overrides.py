"""Apply visible field findings (site overrides) to the site catalogue.

Planning code receives the overrides a reader may see as plain data
(:func:`arcticrecon.store.load_visible_site_overrides`) and calls
:func:`apply_site_overrides`; it never touches the database. Every changed site says so in
its ``source`` so a report can show that a catalogue fact was replaced by a finding.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from arcticrecon.catalog.catalog import Catalog
from arcticrecon.catalog.models import Runway, Site, SiteKind, Surface
from arcticrecon.survey.models import SiteOverride

__all__ = [
    "CATALOG_OVERRIDE_FIELDS",
    "FINDINGS_SOURCE_NOTE",
    "apply_site_overrides",
    "closed_reason",
    "effective_overrides",
    "override_provenance",
]

#: Override fields that change a :class:`~arcticrecon.catalog.Site`; the other
#: ``OVERRIDE_FIELDS`` (beds, fuel types, port depth, quay length) have no catalogue
#: counterpart and are returned as extra facts.
CATALOG_OVERRIDE_FIELDS = ("elevation_m", "longest_runway_m", "runway_surface", "closed")


#: Written into a changed site's ``source`` by :func:`apply_site_overrides`: planning code
#: recognises a site whose facts come from field findings by it.
FINDINGS_SOURCE_NOTE = "field findings override"


def effective_overrides(records: Iterable[SiteOverride]) -> list[SiteOverride]:
    """The overrides that take effect: per site and field, the newest observation.

    Parameters
    ----------
    records : iterable of SiteOverride
        Overrides one reader may see (already filtered by the releasability policy).

    Returns
    -------
    overrides : list of SiteOverride
        One per (site, field), by site then field; ties in observation time go to the
        larger id (as the store orders them). Their markings are what an output using
        them must carry (:func:`arcticrecon.survey.high_water_mark`).
    """
    best: dict[tuple[str, str], SiteOverride] = {}
    for o in records:
        key = (o.site, o.field)
        cur = best.get(key)
        if cur is None or (o.observed_at_utc, o.id) > (cur.observed_at_utc, cur.id):
            best[key] = o
    return [best[k] for k in sorted(best)]


def override_provenance(
    used: Iterable[SiteOverride], names: Mapping[str, str] | None = None
) -> dict[str, dict[str, str]]:
    """Who observed each override and when, for :func:`apply_site_overrides`.

    Parameters
    ----------
    used : iterable of SiteOverride
        The overrides that take effect (:func:`effective_overrides`).
    names : mapping of str to str, optional
        Person id -> name (the mission's people); an author not in it is shown by id.

    Returns
    -------
    dict of str to dict of str to str
        ``{icao: {field: "NAME, observed YYYY-MM-DD"}}`` (the UTC date of the observation).

    Examples
    --------
    >>> import datetime as dt
    >>> from arcticrecon.survey.marking import Marking
    >>> o = SiteOverride("o1", "BGSF", "closed", "true", "p-7",
    ...                  dt.datetime(2026, 2, 14, 9, 30, tzinfo=dt.UTC), Marking("NATO UNCLASSIFIED", ()))
    >>> override_provenance([o], {"p-7": "Lt Aka Berg"})
    {'BGSF': {'closed': 'Lt Aka Berg, observed 2026-02-14'}}
    """
    names = names or {}
    out: dict[str, dict[str, str]] = {}
    for o in used:
        t = o.observed_at_utc
        day = (t.astimezone(dt.UTC) if t.tzinfo is not None else t).date().isoformat()
        # "; " separates the parts of a site's source: never inside one
        who = names.get(o.author_id, o.author_id).replace(";", ",")
        out.setdefault(o.site, {})[o.field] = f"{who}, observed {day}"
    return out


def _longest_index(site: Site) -> int | None:
    best, best_len = None, -1.0
    for i, r in enumerate(site.runways):
        if r.closed or r.is_helipad:
            continue
        length = -0.5 if r.length_m is None else r.length_m
        if length > best_len:
            best, best_len = i, length
    return best


def _apply(site: Site, facts: Mapping[str, Any], by: Mapping[str, str]) -> Site:
    runways = list(site.runways)
    idx = _longest_index(site)
    if "longest_runway_m" in facts or "runway_surface" in facts:
        surface = Surface(facts["runway_surface"]) if "runway_surface" in facts else None
        if idx is None:
            runways.append(
                Runway(
                    ident="reported",
                    length_m=facts.get("longest_runway_m"),
                    width_m=None,
                    surface=surface or Surface.UNKNOWN,
                )
            )
        else:
            changes: dict[str, Any] = {}
            if "longest_runway_m" in facts:
                changes["length_m"] = float(facts["longest_runway_m"])
            if surface is not None:
                changes["surface"] = surface
            runways[idx] = dataclasses.replace(runways[idx], **changes)
    kind = site.kind
    if facts.get("closed") == "true":
        kind = SiteKind.CLOSED
    elif facts.get("closed") == "false" and site.kind is SiteKind.CLOSED:
        kind = SiteKind.REPORTED
    used = sorted(k for k in facts if k in CATALOG_OVERRIDE_FIELDS)
    who = "".join(f"; {k} per {by[k]}" for k in used if k in by)
    return dataclasses.replace(
        site,
        elevation_m=float(facts["elevation_m"]) if "elevation_m" in facts else site.elevation_m,
        runways=tuple(runways),
        kind=kind,
        source=f"{site.source}; {FINDINGS_SOURCE_NOTE} {', '.join(used)}{who}",
    )


def closed_reason(site: Site) -> str:
    """Why a site is not open: a field finding the reader may read, or OurAirports.

    :func:`apply_site_overrides` names the overridden fields in ``site.source`` after
    :data:`FINDINGS_SOURCE_NOTE`, and with ``provenance`` who observed each and when; a
    site closed by a finding says so, naming the finding's author and date when known;
    any other closed site is closed as listed.

    Examples
    --------
    >>> from arcticrecon.catalog import load_catalog
    >>> cat, _ = apply_site_overrides(load_catalog(), {"BGSF": {"closed": "true"}})
    >>> closed_reason(cat.get("BGSF"))
    'closed per a field finding you may read (site override of closed)'
    >>> cat, _ = apply_site_overrides(load_catalog(), {"BGSF": {"closed": "true"}},
    ...     provenance={"BGSF": {"closed": "Lt Aka Berg, observed 2026-02-14"}})
    >>> closed_reason(cat.get("BGSF"))
    'closed per a field finding you may read (Lt Aka Berg, observed 2026-02-14; site override of closed)'
    """
    if site.is_open:
        return ""
    _, sep, rest = site.source.rpartition(f"{FINDINGS_SOURCE_NOTE} ")
    fields, *parts = rest.split("; ")
    if sep and "closed" in (f.strip() for f in fields.split(",")):
        by = next((p.removeprefix("closed per ") for p in parts if p.startswith("closed per ")), "")
        return f"closed per a field finding you may read ({by}{'; ' if by else ''}site override of closed)"
    return "listed as closed in OurAirports"


def apply_site_overrides(
    catalog: Catalog,
    overrides: Mapping[str, Mapping[str, Any]],
    *,
    provenance: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[Catalog, dict[str, dict[str, Any]]]:
    """Return the catalogue with the reader's visible findings applied.

    Parameters
    ----------
    catalog : Catalog
    overrides : mapping of str to mapping
        ``{icao: {field: value}}`` from
        :func:`arcticrecon.store.load_visible_site_overrides` (already filtered by the
        releasability policy for the reader).
    provenance : mapping, optional
        ``{icao: {field: "NAME, observed DATE"}}`` (:func:`override_provenance`): written
        into the changed sites' ``source`` after the field names, so that
        :func:`closed_reason` can name who closed a site and when.

    Returns
    -------
    catalog : Catalog
        Sites with ``elevation_m`` replaced, the longest open runway's ``length_m`` /
        ``surface`` replaced (a runway ``"reported"`` added where none was listed), and
        ``kind`` set to ``closed`` (or ``reported`` when a closed site is found open);
        each changed site's ``source`` names the overridden fields.
    extra : dict of str to dict
        Facts without a catalogue field (``beds``, ``fuel_types``, ``port_depth_m``,
        ``quay_length_m``) and overrides of sites not in the catalogue, per ICAO code.

    Examples
    --------
    >>> from arcticrecon.catalog import load_catalog
    >>> cat, extra = apply_site_overrides(load_catalog(), {"BGSF": {"longest_runway_m": 2500.0, "beds": 40}})
    >>> cat.get("BGSF").longest_runway_m, extra
    (2500.0, {'BGSF': {'beds': 40}})
    """
    extra: dict[str, dict[str, Any]] = {}
    known = {s.icao for s in catalog}
    for icao, facts in overrides.items():
        rest = {
            k: v for k, v in facts.items() if k not in CATALOG_OVERRIDE_FIELDS or icao not in known
        }
        if rest:
            extra[icao] = rest
    sites = tuple(
        _apply(s, overrides[s.icao], (provenance or {}).get(s.icao, {}))
        if s.icao in overrides and any(k in CATALOG_OVERRIDE_FIELDS for k in overrides[s.icao])
        else s
        for s in catalog
    )
    return dataclasses.replace(catalog, sites=sites), extra
