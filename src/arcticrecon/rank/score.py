"""Weighted-sum ranking of options (site x time window) with explanations.

Steps, all vectorised over the ``(location, time)`` feature Dataset:

1. hard constraints: an option is feasible only if every constraint variable is true; the
   first failing constraint's reason is kept for every excluded option;
2. value functions: each criterion's raw value is mapped linearly onto [0, 1] over the
   criterion's fixed ``scale`` (clipped), reversed for ``sense="min"``; without a scale,
   min-max over the feasible options, where a constant criterion maps to 0 everywhere
   (no division by zero, no NaN, no reordering: public case AR-24);
3. weighted sum: weights are normalised to sum 1; ``contribution = weight x normalised``
   and ``score = sum of contributions`` (so explanations add up to the score exactly);
4. rank 1 = best, ties share the better rank (``scipy.stats.rankdata(method="min")``;
   each option's rank, not the sort permutation: public case AR-25).

An unknown raw value (NaN: a fact the data lack) contributes 0 — the worst value — and is
named in the explanation as unknown; it is never filled with a guess.

Reference: the simple additive weighting (SAW) method, e.g. C.-L. Hwang and K. Yoon,
*Multiple Attribute Decision Making*, Springer 1981, ch. 3.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
from numpy.typing import ArrayLike, NDArray
from scipy.stats import rankdata

from arcticrecon.errors import InputError
from arcticrecon.rank.concepts import Concept, Criterion

__all__ = ["Ranking", "normalise", "rank_options", "ranks_from_scores"]


def ranks_from_scores(scores: ArrayLike, *, higher_is_better: bool = True) -> NDArray[np.int64]:
    """Competition ranks (1 = best; ties share the better rank) of each score.

    Parameters
    ----------
    scores : array_like, shape (n,)
        Finite scores.
    higher_is_better : bool

    Returns
    -------
    ndarray of int, shape (n,)
        ``rank[i]`` is the rank of option ``i`` (not the sort permutation).

    Examples
    --------
    >>> ranks_from_scores([0.014, 0.61, 0.27, 0.013, 0.99]).tolist()
    [4, 2, 3, 5, 1]
    """
    s = np.asarray(scores, dtype=float)
    if s.size and not np.isfinite(s).all():
        raise InputError("scores must be finite to be ranked", field="scores")
    return np.asarray(rankdata(-s if higher_is_better else s, method="min"), dtype=np.int64)


def normalise(
    values: ArrayLike, criterion: Criterion, feasible: ArrayLike | None = None
) -> NDArray[np.float64]:
    """Value function of one criterion: raw values -> [0, 1] (1 = best).

    Parameters
    ----------
    values : array_like, any shape
        Raw values in the criterion's unit; NaN = unknown.
    criterion : Criterion
    feasible : array_like of bool, same shape, optional
        Options that count for a min-max scale (criteria without a fixed ``scale``).

    Returns
    -------
    ndarray, same shape
        Normalised values in [0, 1]; unknown (NaN) inputs give 0.
    """
    v = np.asarray(values, dtype=float)
    known = np.isfinite(v)
    if criterion.scale is not None:
        lo, hi = criterion.scale
    else:
        mask = known if feasible is None else known & np.asarray(feasible, bool)
        if not mask.any():
            return np.zeros_like(v)
        lo, hi = float(v[mask].min()), float(v[mask].max())
    if hi <= lo:
        return np.zeros_like(v)  # constant criterion: contributes nothing (AR-24)
    x = (np.where(known, v, lo) - lo) / (hi - lo)
    x = np.clip(x, 0.0, 1.0)
    if criterion.sense == "min":
        x = 1.0 - x
    return np.where(known, x, 0.0)


@dataclass(frozen=True)
class Ranking:
    """Ranked options of one exercise concept.

    Attributes
    ----------
    concept : Concept
        With the weights actually used.
    weights : dict
        Criterion name -> normalised weight (sums to 1).
    options : pandas.DataFrame
        One row per (location, time) option: ``location``, ``time``, ``feasible``,
        ``excluded_reason``, ``score``, ``rank`` (0 for excluded options), and per criterion
        ``<name>_value``, ``<name>_normalised``, ``<name>_contribution``; plus
        ``explanation``. Sorted by rank, excluded options last.
    """

    concept: Concept
    weights: dict[str, float]
    options: pd.DataFrame

    @property
    def feasible(self) -> pd.DataFrame:
        """Only the feasible options, best first."""
        return self.options[self.options["feasible"]]


def _fmt(v: float, unit: str) -> str:
    if not np.isfinite(v):
        return "unknown"
    if unit in {"km", "m"}:
        return f"{v:,.0f} {unit}"
    return f"{v:.1f} {unit}"


def rank_options(features: xr.Dataset, concept: Concept) -> Ranking:
    """Apply constraints, score and rank every option of a feature Dataset.

    Parameters
    ----------
    features : xarray.Dataset
        Dims ``(location, time)``; must hold every variable the concept's constraints and
        criteria name (time-invariant variables may have dim ``location`` only).
    concept : Concept
        With the weights to use.

    Returns
    -------
    Ranking

    Raises
    ------
    InputError
        If a variable is missing or all weights are zero.
    """
    for var in [c.variable for c in concept.criteria] + [
        v for c in concept.constraints for v in (c.variable, c.reason_variable)
    ]:
        if var not in features:
            raise InputError(f"feature {var!r} needed by concept {concept.kind!r} is missing")
    shape = (features.sizes["location"], features.sizes["time"])

    def grid(name: str) -> NDArray[Any]:
        da = features[name]
        return np.asarray(da.broadcast_like(features["time"]).transpose("location", "time"))

    feasible = np.ones(shape, dtype=bool)
    reason = np.full(shape, "", dtype=object)
    for con in concept.constraints:
        ok = grid(con.variable).astype(bool)
        why = grid(con.reason_variable)
        newly = feasible & ~ok
        reason[newly] = [f"{con.label}: {w}" if w else con.label for w in why[newly]]
        feasible &= ok

    total = sum(c.weight for c in concept.criteria)
    if total <= 0:
        raise InputError(f"all weights of concept {concept.kind!r} are zero", field="weights")
    weights = {c.name: c.weight / total for c in concept.criteria}

    cols: dict[str, NDArray[Any]] = {}
    score = np.zeros(shape)
    for c in concept.criteria:
        raw = grid(c.variable).astype(float)
        norm = normalise(raw, c, feasible)
        contrib = weights[c.name] * norm
        score += contrib
        cols[f"{c.name}_value"] = raw
        cols[f"{c.name}_normalised"] = norm
        cols[f"{c.name}_contribution"] = contrib

    rank = np.zeros(shape, dtype=np.int64)
    if feasible.any():
        rank[feasible] = ranks_from_scores(score[feasible])

    loc_idx, time_idx = np.meshgrid(np.arange(shape[0]), np.arange(shape[1]), indexing="ij")
    df = pd.DataFrame(
        {
            "location": np.asarray(features["location"].values)[loc_idx.ravel()],
            "time": np.asarray(features["time"].values)[time_idx.ravel()],
            "feasible": feasible.ravel(),
            "excluded_reason": reason.ravel(),
            "score": score.ravel(),
            "rank": rank.ravel(),
            **{k: v.ravel() for k, v in cols.items()},
        }
    )
    df["explanation"] = [
        _explain(row, concept) if row["feasible"] else f"excluded — {row['excluded_reason']}"
        for row in df.to_dict("records")
    ]
    df["_order"] = np.where(df["feasible"], df["rank"], np.iinfo(np.int64).max)
    df = df.sort_values(["_order", "location", "time"], kind="stable").drop(columns="_order")
    return Ranking(concept, weights, df.reset_index(drop=True))


def _explain(row: dict[str, Any], concept: Concept) -> str:
    parts = []
    for c in sorted(concept.criteria, key=lambda c: -row[f"{c.name}_contribution"]):
        v = row[f"{c.name}_value"]
        txt = _fmt(v, c.unit)
        parts.append(f"{txt} {c.label} ({row[f'{c.name}_contribution']:.2f})")
    return f"ranked {row['rank']}: score {row['score']:.2f} = " + " + ".join(parts)
