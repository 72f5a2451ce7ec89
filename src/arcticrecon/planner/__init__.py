"""The main job: mission file + catalogue -> features -> ranked opportunities.

Data flow (one way)::

    Mission, Catalog  ->  light/geo/cold/ice/logistics features per (location, time)
                      ->  rank.rank_options per exercise concept
                      ->  Plan (plain objects; the report and the CLI format it)

Modules: :mod:`~arcticrecon.planner.windows` (planning windows),
:mod:`~arcticrecon.planner.features` (features of an exercise over sites x windows),
:mod:`~arcticrecon.planner.plan` (:func:`make_plan` and the :class:`Plan` objects). The
plan's tables (``opportunities.csv``, ``light.csv``) are made by
:mod:`arcticrecon.report.tables`.
"""

from arcticrecon.planner.features import build_features, site_light
from arcticrecon.planner.plan import SOURCES, ExercisePlan, Plan, PresencePlan, make_plan
from arcticrecon.planner.windows import windows_for

__all__ = [
    "SOURCES",
    "ExercisePlan",
    "Plan",
    "PresencePlan",
    "build_features",
    "make_plan",
    "site_light",
    "windows_for",
]
