"""Presence options: the maximal covering location problem (MCLP), solved exactly.

- :mod:`arcticrecon.coverage.mclp`: coverage matrix, exact MILP (HiGHS) with demand
  merging and dominated-candidate pruning, brute force, coverage curve, marginal values.
- :mod:`arcticrecon.coverage.demand`: settlements (population), coastline points, user
  points, and their combination.
- :mod:`arcticrecon.coverage.presence`: catalogue sites x aircraft x response time.
"""

from arcticrecon.coverage.demand import (
    COAST_SPACING_KM,
    Demand,
    coastline_demand,
    combine_demand,
    read_demand_csv,
    settlement_demand,
)
from arcticrecon.coverage.mclp import (
    MclpResult,
    coverage_curve,
    coverage_matrix,
    marginal_values,
    solve_mclp,
    solve_mclp_brute_force,
    solve_mclp_matrix,
    solve_mclp_plain,
)
from arcticrecon.coverage.presence import (
    CurvePoint,
    LayerCoverage,
    PresenceResult,
    SiteChoice,
    presence_options,
)

__all__ = [
    "COAST_SPACING_KM",
    "CurvePoint",
    "Demand",
    "LayerCoverage",
    "MclpResult",
    "PresenceResult",
    "SiteChoice",
    "coastline_demand",
    "combine_demand",
    "coverage_curve",
    "coverage_matrix",
    "marginal_values",
    "presence_options",
    "read_demand_csv",
    "settlement_demand",
    "solve_mclp",
    "solve_mclp_brute_force",
    "solve_mclp_matrix",
    "solve_mclp_plain",
]
