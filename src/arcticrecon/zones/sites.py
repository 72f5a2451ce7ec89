"""Surveyed zones as sites of the planning catalogue, with their provenance.

A survey of a zone that is not in the catalogue adds a site (kind ``reported``, or
``heliport`` for an HLZ) under the ident :func:`survey_ident`; a survey naming a catalogue
``site`` overrides that site's figures: the re-measured ``runway`` (or a new surveyed
runway), the elevation, a helipad, the quay. Every changed site says so in its ``source``
("surveyed by TEAM on DATE"), and :class:`SurveyedSite` lists the figures that came from
the survey, for the report.

Only surveys the reader may read reach this function (the store filters them through the
releasability policy); planning never sees the others.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from arcticrecon.catalog.aircraft import Aircraft, Compatibility, site_compatibility
from arcticrecon.catalog.catalog import Catalog
from arcticrecon.catalog.models import Runway, Site, SiteKind, Surface
from arcticrecon.catalog.timezones import zone_for
from arcticrecon.survey import Marking
from arcticrecon.survey.forms import (
    DropZoneSurvey,
    HelicopterLandingZoneSurvey,
    HlzSurface,
    IceRunwaySurvey,
    LandingZoneSurvey,
    PortSurvey,
    Survey,
)
from arcticrecon.survey.models import survey_ident
from arcticrecon.zones.criteria import Outcome, Verdict
from arcticrecon.zones.hlz import touchdown_diameter_m
from arcticrecon.zones.lz import CATALOG_SURFACE, strip_geometry

__all__ = ["SurveyedSite", "apply_surveys", "survey_compatibility", "survey_ident"]

_HLZ_SURFACE = {
    HlzSurface.PAVED: Surface.PAVED,
    HlzSurface.GRAVEL: Surface.GRAVEL,
    HlzSurface.SNOW: Surface.SNOW_ICE,
    HlzSurface.ICE: Surface.SNOW_ICE,
}


@dataclass(frozen=True)
class SurveyedSite:
    """One survey applied to the catalogue.

    Attributes
    ----------
    report_id : str
        Id of the stored survey.
    ident : str
        Catalogue ident of the site it created or changed.
    form : str
    name : str
        Name of the surveyed zone.
    new_site : bool
        ``True`` when the survey added a site.
    provenance : str
        ``"surveyed by TEAM on DATE"``.
    figures : tuple of str
        The catalogue figures that come from the survey, in words.
    marking : Marking
    runway : str or None
        Ident of the runway / helipad the survey created or re-measured (``None`` for
        drop zones and ports).
    verdicts : tuple of Verdict
        The survey's verdict per aircraft of the shipped table (landing zones, ice
        runways, HLZs); :func:`survey_compatibility` makes the plan follow them.
    """

    report_id: str
    ident: str
    form: str
    name: str
    new_site: bool
    provenance: str
    figures: tuple[str, ...]
    marking: Marking
    runway: str | None = None
    verdicts: tuple[Verdict, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """JSON-able dict."""
        return {
            "report_id": self.report_id,
            "ident": self.ident,
            "form": self.form,
            "name": self.name,
            "new_site": self.new_site,
            "provenance": self.provenance,
            "figures": list(self.figures),
            "level": self.marking.level,
            "rel_to": list(self.marking.rel_to),
        }


def _new_site(ident: str, survey: Survey, kind: SiteKind, source: str) -> Site:
    return Site(
        icao=ident,
        name=survey.name,
        kind=kind,
        lat_deg=survey.position.lat_deg,
        lon_deg=survey.position.lon_deg,
        elevation_m=survey.elevation_m,
        tz=zone_for(lat_deg=survey.position.lat_deg, lon_deg=survey.position.lon_deg),
        runways=(),
        source=source,
        ident=ident,
    )


def _with_runway(site: Site, runway: Runway, replace: str | None) -> tuple[Site, str, str]:
    rws = list(site.runways)
    if replace is not None:
        for i, r in enumerate(rws):
            if r.ident.upper() == replace.upper():
                rws[i] = dataclasses.replace(
                    r,
                    length_m=runway.length_m,
                    width_m=runway.width_m,
                    surface=runway.surface,
                    lighted=runway.lighted,
                    le_displaced_threshold_m=0.0,
                    he_displaced_threshold_m=0.0,
                )
                return dataclasses.replace(site, runways=tuple(rws)), f"runway {r.ident}", r.ident
    rws.append(runway)
    return (
        dataclasses.replace(site, runways=tuple(rws)),
        f"runway {runway.ident} (surveyed)",
        runway.ident,
    )


def _apply_one(
    site: Site | None, ident: str, survey: Survey, source: str
) -> tuple[Site, list[str], str | None]:
    figures: list[str] = []
    runway_ident: str | None = None  # drop zones and ports add no runway
    if isinstance(survey, LandingZoneSurvey | IceRunwaySurvey):
        geom = strip_geometry(survey)
        surface = (
            CATALOG_SURFACE[survey.surface]
            if isinstance(survey, LandingZoneSurvey)
            else Surface.SNOW_ICE
        )
        rw = Runway(
            ident=f"S{geom.ident}",
            length_m=geom.length_m,
            width_m=geom.width_m,
            surface=surface,
            lighted=isinstance(survey, LandingZoneSurvey) and survey.lighting != "none",
        )
        base = site or _new_site(ident, survey, SiteKind.REPORTED, source)
        site, what, runway_ident = _with_runway(base, rw, survey.runway)
        figures.append(
            f"{what}: length {geom.length_m:,.0f} m, width {geom.width_m:,.1f} m, surface "
            f"{surface.value} (measured from the surveyed {geom.method})"
        )
    elif isinstance(survey, HelicopterLandingZoneSurvey):
        dia, basis = touchdown_diameter_m(survey)
        pad = Runway(
            ident="HLZ",
            length_m=dia,
            width_m=dia,
            surface=_HLZ_SURFACE.get(survey.surface, Surface.UNKNOWN),
            is_helipad=True,
        )
        base = site or _new_site(ident, survey, SiteKind.HELIPORT, source)
        site = dataclasses.replace(base, runways=(*base.runways, pad))
        runway_ident = pad.ident
        figures.append(
            f"helicopter landing zone: touchdown point {dia:,.0f} m ({basis}), slope {survey.ground_slope_deg:g}°"
        )
    elif isinstance(survey, DropZoneSurvey):
        site = site or _new_site(ident, survey, SiteKind.REPORTED, source)
        figures.append("drop zone (dimensions and capacity on the survey sheet)")
    elif isinstance(survey, PortSurvey):
        site = site or _new_site(ident, survey, SiteKind.REPORTED, source)
        if survey.depth_alongside_m is not None:
            figures.append(f"depth alongside {survey.depth_alongside_m:g} m (chart datum)")
        if survey.quay_length_m is not None:
            figures.append(f"quay length {survey.quay_length_m:g} m")
    else:  # pragma: no cover - every form is handled above
        raise TypeError(type(survey).__name__)
    if survey.elevation_m is not None:
        site = dataclasses.replace(site, elevation_m=survey.elevation_m)
        figures.append(f"elevation {survey.elevation_m:,.0f} m")
    return site, figures, runway_ident


def apply_surveys(
    catalog: Catalog, surveys: Sequence[tuple[str, Survey, Marking]]
) -> tuple[Catalog, list[SurveyedSite]]:
    """The catalogue with the reader's visible surveys applied, and what each changed.

    Parameters
    ----------
    catalog : Catalog
    surveys : sequence of (report_id, Survey, Marking)
        Already filtered by the releasability policy for the reader. Applied oldest first
        (by ``observed_at_utc``), so the newest survey of a figure wins.

    Returns
    -------
    catalog : Catalog
        New sites appended (ident :func:`survey_ident`), surveyed sites changed; their
        ``source`` ends with "; surveyed by TEAM on DATE".
    applied : list of SurveyedSite

    Raises
    ------
    UnknownSiteError
        Never for ``site`` idents the store accepted; a catalogue refreshed since may no
        longer list one, which is then added as a new site instead.
    """
    from arcticrecon.errors import UnknownSiteError
    from arcticrecon.zones.assess import assess

    sites = {s.icao: s for s in catalog}
    order = list(sites)
    applied: list[SurveyedSite] = []
    for report_id, survey, marking in sorted(surveys, key=lambda t: t[1].observed_at_utc):
        current: Site | None = None
        ident = survey_ident(report_id)
        if survey.site is not None:
            try:
                current = sites[catalog.get(survey.site).icao]
                ident = current.icao
            except UnknownSiteError:
                current = None
        elif ident in sites:
            current = sites[ident]
        provenance = survey.provenance()
        source = f"{provenance} (survey {report_id})"
        site, figures, runway_ident = _apply_one(current, ident, survey, source)
        if current is not None and current.source != source:
            site = dataclasses.replace(site, source=f"{current.source}; {source}")
        if ident not in sites:
            order.append(ident)
        sites[ident] = site
        applied.append(
            SurveyedSite(
                report_id=report_id,
                ident=ident,
                form=survey.form,
                name=survey.name,
                new_site=current is None,
                provenance=provenance,
                figures=tuple(figures),
                marking=marking,
                runway=runway_ident,
                verdicts=assess(survey).verdicts if runway_ident is not None else (),
            )
        )
    return dataclasses.replace(catalog, sites=tuple(sites[i] for i in order)), applied


def survey_compatibility(
    applied: Sequence[SurveyedSite],
) -> Callable[[Aircraft, Site], Compatibility]:
    """A :func:`~arcticrecon.catalog.site_compatibility` that follows the survey verdicts.

    On a surveyed runway or helipad an aircraft the survey judged is usable unless its
    verdict is *unsuitable* (the reasons become the compatibility's reason; restricted or
    unverified verdicts pass with their reasons as caveats); the site's other runways are
    judged from the catalogue as before. Sites without a survey, and aircraft the survey
    did not judge, get the catalogue verdict.

    Parameters
    ----------
    applied : sequence of SurveyedSite
        From :func:`apply_surveys` (newest survey of a runway wins).

    Returns
    -------
    callable(Aircraft, Site) -> Compatibility
    """
    by_site: dict[str, dict[str, tuple[str, Verdict]]] = {}
    for a in applied:
        if a.runway is None:
            continue
        for v in a.verdicts:
            by_site.setdefault(a.ident, {})[v.subject] = (a.runway, v)

    def compatibility(aircraft: Aircraft, site: Site) -> Compatibility:
        judged = by_site.get(site.icao, {}).get(aircraft.key)
        if judged is None:
            return site_compatibility(aircraft, site)
        runway, verdict = judged
        others = tuple(r for r in site.runways if r.ident != runway)
        if others:
            other = site_compatibility(aircraft, dataclasses.replace(site, runways=others))
            if other.ok:
                return other
        if not site.is_open:
            return Compatibility(False, f"{site.icao} is listed as closed")
        tag = f"survey of {runway}"
        if verdict.outcome is Outcome.UNSUITABLE:
            return Compatibility(False, f"{tag}: " + "; ".join(verdict.reasons), runway=runway)
        caveats = tuple(f"{tag}: {r}" for r in verdict.reasons)
        if verdict.outcome is Outcome.UNVERIFIED and not verdict.reasons:
            caveats = (f"{tag}: nothing could be assessed",)
        return Compatibility(True, caveats=caveats, runway=runway)

    return compatibility
