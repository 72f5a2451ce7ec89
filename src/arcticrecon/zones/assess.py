"""One entry point for the verdicts of any survey form (:func:`assess`)."""

from __future__ import annotations

from collections.abc import Sequence

from arcticrecon.catalog.aircraft import Aircraft, read_aircraft_csv
from arcticrecon.survey.forms import (
    DropZoneSurvey,
    HelicopterLandingZoneSurvey,
    IceRunwaySurvey,
    LandingZoneSurvey,
    PortSurvey,
    Survey,
)
from arcticrecon.zones.criteria import Assessment
from arcticrecon.zones.dz import assess_drop_zone
from arcticrecon.zones.hlz import assess_hlz
from arcticrecon.zones.lz import assess_ice_runway, assess_landing_zone
from arcticrecon.zones.port import assess_port

__all__ = ["assess"]


def assess(survey: Survey, aircraft: Sequence[Aircraft] | None = None) -> Assessment:
    """Verdicts of any survey.

    Parameters
    ----------
    survey : Survey
    aircraft : sequence of Aircraft, optional
        Aircraft to judge landing zones, ice runways (fixed-wing) and HLZs (rotorcraft)
        for; default: every type of the shipped aircraft table. Ignored for drop zones
        (per delivery method) and ports (per vessel of the survey).

    Returns
    -------
    Assessment
    """
    fleet = list(aircraft) if aircraft is not None else list(read_aircraft_csv().values())
    if isinstance(survey, LandingZoneSurvey):
        return assess_landing_zone(survey, fleet)
    if isinstance(survey, IceRunwaySurvey):
        return assess_ice_runway(survey, fleet)
    if isinstance(survey, DropZoneSurvey):
        return assess_drop_zone(survey)
    if isinstance(survey, HelicopterLandingZoneSurvey):
        return assess_hlz(survey, fleet)
    if isinstance(survey, PortSurvey):
        return assess_port(survey)
    raise TypeError(f"not a survey form: {type(survey).__name__}")
