"""Exercise-opportunity ranking: concept library, constraints, scores, explanations."""

from arcticrecon.rank.concepts import (
    CONCEPTS,
    CRITERIA,
    Concept,
    Constraint,
    Criterion,
    get_concept,
)
from arcticrecon.rank.score import Ranking, normalise, rank_options, ranks_from_scores

__all__ = [
    "CONCEPTS",
    "CRITERIA",
    "Concept",
    "Constraint",
    "Criterion",
    "Ranking",
    "get_concept",
    "normalise",
    "rank_options",
    "ranks_from_scores",
]
