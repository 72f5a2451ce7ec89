"""Presence options: the maximal covering location problem (MCLP), solved exactly.

- :mod:`arcticrecon.coverage.matrix`: which demand points lie within the radius of which
  candidate sites (WGS 84 geodesic).
- :mod:`arcticrecon.coverage.reductions`: exact reductions (merged rows, dominated
  candidates, reduced-cost fixing against a local-search incumbent).
- :mod:`arcticrecon.coverage.solver`: the MCLP model, exact MILP (HiGHS), coverage curve,
  marginal values. (The brute-force and plain-MILP references live in
  ``tests/mclp_reference.py``, for the tests and ``benchmarks/bench_mclp.py``.)
- :mod:`arcticrecon.coverage.demand`: settlements (population), coastline points, user
  points, and their combination.
- :mod:`arcticrecon.coverage.presence`: catalogue sites x aircraft x response time.
"""

from typing import TYPE_CHECKING

from arcticrecon._lazy import attach

if TYPE_CHECKING:  # the lazy names below, for type checkers and readers
    from arcticrecon.coverage.demand import (
        COAST_SPACING_KM,
        Demand,
        coastline_demand,
        combine_demand,
        read_demand_csv,
        settlement_demand,
    )
    from arcticrecon.coverage.matrix import coverage_matrix
    from arcticrecon.coverage.presence import (
        CoverageArea,
        CurvePoint,
        LayerCoverage,
        PresenceResult,
        SiteChoice,
        greenland_land_area_km2,
        presence_options,
    )
    from arcticrecon.coverage.solver import (
        MclpResult,
        coverage_curve,
        marginal_values,
        solve_mclp,
        solve_mclp_matrix,
    )

__all__ = [
    "COAST_SPACING_KM",
    "CoverageArea",
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
    "greenland_land_area_km2",
    "marginal_values",
    "presence_options",
    "read_demand_csv",
    "settlement_demand",
    "solve_mclp",
    "solve_mclp_matrix",
]

__getattr__, __dir__ = attach(
    __name__,
    {
        "arcticrecon.coverage.demand": [
            "COAST_SPACING_KM",
            "Demand",
            "coastline_demand",
            "combine_demand",
            "read_demand_csv",
            "settlement_demand",
        ],
        "arcticrecon.coverage.matrix": ["coverage_matrix"],
        "arcticrecon.coverage.presence": [
            "CoverageArea",
            "CurvePoint",
            "LayerCoverage",
            "PresenceResult",
            "SiteChoice",
            "greenland_land_area_km2",
            "presence_options",
        ],
        "arcticrecon.coverage.solver": [
            "MclpResult",
            "coverage_curve",
            "marginal_values",
            "solve_mclp",
            "solve_mclp_matrix",
        ],
    },
)
