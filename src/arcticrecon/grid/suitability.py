"""Per-cell suitability of an exercise concept, on the site ranking's fixed scales.

The site ranking (:func:`arcticrecon.rank.rank_options`) scores each option by simple
additive weighting of criteria normalised on *fixed* scales (:mod:`arcticrecon.rank.concepts`),
after hard constraints. A grid cell is scored the same way, with the same
:func:`arcticrecon.rank.score.normalise`, the same weights and the same constraint
semantics, over the criteria that exist for an arbitrary cell:

=====================  ======================================================
criterion              grid layer
=====================  ======================================================
``civil_light``        ``civil_light_h`` (month)
``nautical_light``     ``nautical_light_h`` (month)
``access``             ``hub_distance_km``
``reach``              ``flight_time_h`` of the exercise (quickest aircraft)
``cold_exposure``      ``t2m_mean_degC`` (month)
``frost_risk``         ``frostbite_band`` of the exercise (month)
=====================  ======================================================

A bare cell may also lie where the concept cannot happen at all, which a catalogued site
never does (an airfield is on land, a port at the coast): the grid adds a *surface*
constraint per concept kind (:data:`SURFACE_CONSTRAINTS`, on the ``surface_class`` layer:
0 sea, 1 land, 2 ice-sheet interior) — land exercises (cold-weather training, air
deployment, fighter detachment, long-range patrol, reconnaissance visit) on land or the
ice sheet, an amphibious landing at the coast (sea or land, not the ice-sheet interior);
search and rescue anywhere. An unknown class passes.

Criteria and constraints that read a *site* fact (runway length and lighting, site open,
aircraft compatibility, paved runway, port access) do not exist for a bare cell: they are
left out, the remaining weights are renormalised (as the ranking does for an absent
optional variable), and the layer's attributes say so. A site's own score, restricted to
the same criteria, therefore equals the score of its position on the grid (tested for
every catalogued site).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from arcticrecon.rank.concepts import Concept, Constraint, Criterion

__all__ = [
    "GRID_VARIABLES",
    "SURFACE_CONSTRAINTS",
    "GridScoring",
    "constraint_failures",
    "grid_scoring",
    "suitability",
    "suitability_status",
]

#: Feature variables that have a grid layer.
GRID_VARIABLES = frozenset(
    {
        "surface_class",
        "civil_light_h",
        "nautical_light_h",
        "hub_distance_km",
        "flight_time_h",
        "t2m_mean_degC",
        "frostbite_band",
    }
)


_ON_LAND = Constraint(
    "on_land",
    "surface_class",
    "",
    "on land or the ice sheet (not sea)",
    ">=",
    1.0,
    "pass",
    "grid surface class (GLOBE 1-km land mask, ETOPO5 ice-sheet interior): a land "
    "exercise is not scored over the sea; unknown passes",
)
_AT_THE_COAST = Constraint(
    "at_the_coast",
    "surface_class",
    "",
    "at the coast: sea or land, not the ice-sheet interior",
    "<=",
    1.0,
    "pass",
    "grid surface class (GLOBE 1-km land mask, ETOPO5 ice-sheet interior): a landing "
    "from ships is not scored on the ice-sheet interior; unknown passes",
)
#: Grid-only constraints per concept kind (a catalogued site satisfies them by being
#: where it is; a bare cell need not). Kinds not listed (search and rescue) have none.
SURFACE_CONSTRAINTS: dict[str, tuple[Constraint, ...]] = {
    "cold_weather_land": (_ON_LAND,),
    "air_deployment": (_ON_LAND,),
    "fighter_detachment": (_ON_LAND,),
    "long_range_patrol": (_ON_LAND,),
    "recon_visit": (_ON_LAND,),
    "amphibious_landing": (_AT_THE_COAST,),
}


@dataclass(frozen=True)
class GridScoring:
    """The part of a concept that a grid cell can be scored on.

    Attributes
    ----------
    criteria : tuple of Criterion
        Criteria whose variable has a grid layer.
    weights : dict of str -> float
        Their weights renormalised to sum 1.
    constraints : tuple of Constraint
        Constraints whose variable has a grid layer.
    left_out : tuple of str
        Names of the criteria and constraints that need site facts.
    """

    criteria: tuple[Criterion, ...]
    weights: dict[str, float]
    constraints: tuple[Constraint, ...]
    left_out: tuple[str, ...]

    def describe(self) -> str:
        """One line for the layer's attributes and the report."""
        w = ", ".join(f"{c.name} {self.weights[c.name]:.2f}" for c in self.criteria)
        cons = ", ".join(c.name for c in self.constraints) or "none"
        out = ", ".join(self.left_out) or "none"
        return (
            f"simple additive weighting on the ranking's fixed scales; weights {w}; "
            f"constraints {cons}; left out (site facts, not mapped): {out}"
        )


def grid_scoring(concept: Concept) -> GridScoring:
    """Restrict a concept (with its mission weights) to the grid's variables.

    Raises
    ------
    InputError
        If no criterion of the concept has a grid layer or the weights left sum to 0.
    """
    from arcticrecon.errors import InputError

    crit = tuple(c for c in concept.criteria if c.variable in GRID_VARIABLES)
    cons = tuple(c for c in concept.constraints if c.variable in GRID_VARIABLES)
    cons += SURFACE_CONSTRAINTS.get(concept.kind, ())
    left = tuple(c.name for c in concept.criteria if c.variable not in GRID_VARIABLES) + tuple(
        c.name for c in concept.constraints if c.variable not in GRID_VARIABLES
    )
    total = sum(c.weight for c in crit)
    if not crit or total <= 0:
        raise InputError(
            f"concept {concept.kind!r} has no weighted criterion that can be mapped on a grid",
            field="kind",
            value=concept.kind,
        )
    return GridScoring(crit, {c.name: c.weight / total for c in crit}, cons, left)


def suitability(
    scoring: GridScoring, layers: Mapping[str, NDArray[np.float64]]
) -> tuple[NDArray[np.float32], NDArray[np.bool_]]:
    """Score cells: weighted sum of normalised criteria, and the constraint mask.

    Parameters
    ----------
    scoring : GridScoring
    layers : mapping of variable name -> ndarray, shape (12, n) or (n,)
        Every variable of ``scoring``'s criteria and constraints (NaN = unknown).

    Returns
    -------
    score : ndarray float32, shape (12, n)
        Suitability 0-1 (1 = best on every criterion); NaN where a constraint fails.
    feasible : ndarray of bool, shape (12, n)
        Whether every mapped constraint holds (unknown values follow the constraint's
        ``if_unknown``, as in the ranking).
    """
    from arcticrecon.rank.score import normalise

    shape = next(v.shape for v in layers.values() if np.ndim(v) == 2)

    def full(name: str) -> NDArray[np.float64]:
        return np.broadcast_to(np.asarray(layers[name], dtype=float), shape)

    score = np.zeros(shape)
    for c in scoring.criteria:
        score += scoring.weights[c.name] * normalise(full(c.variable), c)
    feasible = np.ones(shape, dtype=bool)
    for fails in constraint_failures(scoring, layers, shape):
        feasible &= ~fails
    return np.where(feasible, score, np.nan).astype(np.float32), feasible


def constraint_failures(
    scoring: GridScoring, layers: Mapping[str, NDArray[np.float64]], shape: tuple[int, ...]
) -> list[NDArray[np.bool_]]:
    """Where each mapped constraint fails, in the order of ``scoring.constraints``.

    An unknown (NaN) value fails a constraint whose ``if_unknown`` is ``"exclude"`` and
    passes one whose ``if_unknown`` is ``"pass"`` (as in the ranking).
    """
    out = []
    for con in scoring.constraints:
        v = np.broadcast_to(np.asarray(layers[con.variable], dtype=float), shape)
        known = np.isfinite(v)
        thr = float(con.threshold if con.threshold is not None else 0.0)
        with np.errstate(invalid="ignore"):
            if con.op == "true":
                ok = known & (np.where(known, v, 0.0) != 0)
            else:
                ok = known & ((v >= thr) if con.op == ">=" else (v <= thr))
        out.append((known & ~ok) if con.if_unknown == "pass" else ~ok)
    return out


def suitability_status(
    scoring: GridScoring,
    layers: Mapping[str, NDArray[np.float64]],
    unknown: NDArray[np.bool_],
) -> NDArray[np.int8]:
    """Why a cell has no suitability: 0 scored, -1 an input unknown, k excluded by constraint k.

    ``k`` is 1-based in ``scoring.constraints`` (the first failing one); a failing
    constraint wins over an unknown criterion input. ``unknown`` (shape of the score)
    marks cells where a criterion's input is NaN.
    """
    shape = unknown.shape
    status = np.where(unknown, -1, 0).astype(np.int8)
    fails = constraint_failures(scoring, layers, shape)
    for k in range(len(fails), 0, -1):
        status[fails[k - 1]] = k
    return status
