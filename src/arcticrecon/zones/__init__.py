"""Surveyed zones: geometry measured geodesically, verdicts per aircraft / method / vessel.

Planning layer: reads the survey forms (:mod:`arcticrecon.survey.forms`), measures their
geometry on WGS 84 (:mod:`arcticrecon.geo`), applies Gold's formula for ice
(:mod:`arcticrecon.ice`) and the product's aircraft table (:mod:`arcticrecon.catalog`).
Never touches the store, the web or the command line.
"""

from __future__ import annotations

from arcticrecon.zones.assess import assess
from arcticrecon.zones.criteria import Assessment, Criterion, Outcome, Status, Verdict
from arcticrecon.zones.dz import assess_drop_zone, dz_capacity, dz_required_yd
from arcticrecon.zones.geometry import ZoneGeometry, measure_centerline, measure_strip
from arcticrecon.zones.hlz import assess_hlz
from arcticrecon.zones.lz import assess_ice_runway, assess_landing_zone, cbr_from_dcp
from arcticrecon.zones.port import assess_port
from arcticrecon.zones.reading import parse_position_text, read_survey, read_survey_file
from arcticrecon.zones.sites import (
    SurveyedSite,
    apply_surveys,
    survey_compatibility,
    survey_ident,
)

__all__ = [
    "Assessment",
    "Criterion",
    "Outcome",
    "Status",
    "SurveyedSite",
    "Verdict",
    "ZoneGeometry",
    "apply_surveys",
    "assess",
    "assess_drop_zone",
    "assess_hlz",
    "assess_ice_runway",
    "assess_landing_zone",
    "assess_port",
    "cbr_from_dcp",
    "dz_capacity",
    "dz_required_yd",
    "measure_centerline",
    "measure_strip",
    "parse_position_text",
    "read_survey",
    "read_survey_file",
    "survey_compatibility",
    "survey_ident",
]
