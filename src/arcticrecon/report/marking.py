"""The marking of a plan's outputs: one value for the HTML, PDF, CSV and GeoJSON files."""

from __future__ import annotations

from arcticrecon.planner import Plan
from arcticrecon.survey import DEFAULT_LEVELS, DocumentMarking, high_water_mark

__all__ = ["plan_marking"]


def plan_marking(plan: Plan) -> DocumentMarking:
    """High-water mark of everything a plan used: findings, site overrides and surveys.

    Parameters
    ----------
    plan : Plan
        With ``findings`` and ``overrides`` for one audience (empty without a store).

    Returns
    -------
    DocumentMarking
        :func:`arcticrecon.survey.high_water_mark` of the mission file's
        ``classification`` and the markings of every finding, effective override and
        field survey the plan used, in the audience's mission level order. Every file of the report folder
        carries it: HTML banner top and bottom, PDF every page, CSV first line
        ``# marking: ...``, GeoJSON top-level ``marking``.
    """
    used = [f.marking for f in plan.findings] + [o.marking for o in plan.overrides]
    used += [a.marking for a in plan.surveyed]
    return high_water_mark(
        plan.mission.mission.classification, used, plan.audience_levels or DEFAULT_LEVELS
    )
