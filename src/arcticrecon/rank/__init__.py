"""Exercise-opportunity ranking: concept library, constraints, scores, explanations.

Weighted sum (primary) and TOPSIS (pymcdm) over fixed value scales, Pareto front,
Monte-Carlo weight sensitivity and the weight change that swaps ranks 1 and 2.
"""

from arcticrecon.rank.concepts import (
    CONCEPTS,
    CONSTRAINTS,
    CRITERIA,
    Concept,
    Constraint,
    Criterion,
    get_concept,
)
from arcticrecon.rank.pareto import pareto_front
from arcticrecon.rank.score import Ranking, normalise, rank_options, ranks_from_scores
from arcticrecon.rank.sensitivity import (
    DEFAULT_CONCENTRATION,
    DEFAULT_DRAWS,
    Sensitivity,
    WeightChange,
    apply_weight_change,
    dirichlet_weights,
    top_k_probability,
    weight_change_to_swap,
)
from arcticrecon.rank.topsis import topsis_closeness

__all__ = [
    "CONCEPTS",
    "CONSTRAINTS",
    "CRITERIA",
    "DEFAULT_CONCENTRATION",
    "DEFAULT_DRAWS",
    "Concept",
    "Constraint",
    "Criterion",
    "Ranking",
    "Sensitivity",
    "WeightChange",
    "apply_weight_change",
    "dirichlet_weights",
    "get_concept",
    "normalise",
    "pareto_front",
    "rank_options",
    "ranks_from_scores",
    "top_k_probability",
    "topsis_closeness",
    "weight_change_to_swap",
]
