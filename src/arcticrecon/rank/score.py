"""Ranking of options (site x time window): constraints, weighted sum, TOPSIS, explanations.

Steps, all vectorised over the ``(location, time)`` feature Dataset:

1. variables: every variable the concept reads must be present, except those the concept
   declares optional (:attr:`Concept.optional`); absent optional variables drop the
   criteria/constraints that read them (named in ``Ranking.missing`` and ``notes``);
2. hard constraints: an option is feasible only if every constraint holds; the first
   failing constraint's reason is kept for every excluded option; an unknown (NaN) value
   excludes or passes with a caveat, as the constraint says;
3. value functions: each criterion's raw value is mapped linearly onto [0, 1] over the
   criterion's fixed ``scale`` (clipped), reversed for ``sense="min"``; without a scale,
   min-max over the feasible options, where a constant criterion maps to 0 everywhere
   (no division by zero, no NaN, no reordering: public case AR-24);
4. weighted sum (the primary method): weights are normalised to sum 1;
   ``contribution = weight x normalised`` and ``score = sum of contributions`` (so the
   explanations add up to the score exactly);
5. TOPSIS beside it (``topsis_score``, ``topsis_rank``; see :mod:`.topsis`);
6. rank 1 = best, ties share the better rank (as ``scipy.stats.rankdata(method="min")``;
   each option's rank, not the sort permutation: public case AR-25);
7. Pareto front (``pareto``) over the positively weighted criteria and sensitivity
   (``p_top3``, ``p_top3_site``, the weight change that swaps ranks 1 and 2; see
   :mod:`.sensitivity`).

An unknown raw value (NaN: a fact the data lack) contributes 0 — the worst value — and is
named in the explanation as unknown; it is never filled with a guess.

What is invariant (tests in ``tests/unit/rank`` and ``tests/property``): for the weighted
sum with fixed scales, scaling all weights, adding a zero-weight criterion or adding an
option worse than every other on every criterion changes no other option's score, rank,
Pareto flag or (same seed) ``p_top3``. With min-max scales (``scale=None``) adding an
option that widens a range rescales that criterion and can reorder the others: the
library uses fixed scales only.

Reference: the simple additive weighting (SAW) method, e.g. C.-L. Hwang and K. Yoon,
*Multiple Attribute Decision Making*, Springer 1981, ch. 3.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
from numpy.typing import ArrayLike, NDArray

from arcticrecon.errors import InputError
from arcticrecon.rank.concepts import Concept, Constraint, Criterion
from arcticrecon.rank.pareto import pareto_front
from arcticrecon.rank.sensitivity import (
    DEFAULT_CONCENTRATION,
    DEFAULT_DRAWS,
    Sensitivity,
    WeightChange,
    dirichlet_weights,
    top_k_probability,
    weight_change_to_swap,
)
from arcticrecon.rank.topsis import topsis_closeness

__all__ = ["Ranking", "normalise", "rank_options", "ranks_from_scores"]


def ranks_from_scores(scores: ArrayLike, *, higher_is_better: bool = True) -> NDArray[np.int64]:
    """Competition ranks (1 = best; ties share the better rank) of each score.

    Scores that differ by less than 1e-12 of the largest score are floating-point noise
    of the same sum taken in another order and count as ties.

    Parameters
    ----------
    scores : array_like, shape (n,)
        Finite scores.
    higher_is_better : bool

    Returns
    -------
    ndarray of int, shape (n,)
        ``rank[i]`` is the rank of option ``i`` (not the sort permutation).

    Raises
    ------
    InputError
        If a score is NaN or infinite.

    Examples
    --------
    >>> ranks_from_scores([0.014, 0.61, 0.27, 0.013, 0.99]).tolist()
    [4, 2, 3, 5, 1]
    """
    s = np.asarray(scores, dtype=float)
    if s.size and not np.isfinite(s).all():
        raise InputError("scores must be finite to be ranked", field="scores")
    if s.size:
        step = 1e-12 * max(1.0, float(np.abs(s).max()))
        s = np.round(s / step) * step
    v = -s if higher_is_better else s
    # competition ("min") ranks: 1 + the number of strictly better scores, as
    # scipy.stats.rankdata(method="min") (tested against it) without importing scipy.stats
    return np.searchsorted(np.sort(v), v, side="left").astype(np.int64) + 1


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

    Examples
    --------
    >>> from arcticrecon.rank.concepts import CRITERIA
    >>> normalise([0.0, 625.0, np.nan, 9000.0], CRITERIA["access"]).tolist()
    [1.0, 0.75, 0.0, 0.0]
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
        The concept as scored: with the weights asked for, and without the criteria and
        constraints whose optional variable is absent (those are listed in ``missing``).
    weights : dict
        Criterion name -> normalised weight actually used (sums to 1; criteria left out
        because their optional variable is absent are not in it).
    options : pandas.DataFrame
        One row per (location, time) option: ``location``, ``time``, ``feasible``,
        ``excluded_reason``, ``score``, ``rank`` (0 for excluded options),
        ``topsis_score`` (closeness in [0, 1]), ``topsis_rank`` (0 for excluded),
        ``pareto`` (bool, non-dominated among the feasible options), ``p_top3`` and
        ``p_top3_site`` (Monte-Carlo probabilities; present when draws > 0), and per
        criterion ``<name>_value``, ``<name>_normalised``, ``<name>_contribution``; plus
        ``explanation``. Sorted by rank, excluded options last.
    missing : dict
        Criterion or constraint name -> absent optional variable it would have read.
    notes : tuple of str
        Plain-language notes the report must show (what was not scored and why).
    sensitivity : Sensitivity or None
        ``None`` if there is no feasible option.
    """

    concept: Concept
    weights: dict[str, float]
    options: pd.DataFrame
    missing: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    sensitivity: Sensitivity | None = None

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """The criteria actually scored (``concept.criteria``)."""
        return self.concept.criteria

    @property
    def feasible(self) -> pd.DataFrame:
        """Only the feasible options, best first."""
        return self.options[self.options["feasible"]]


def _fmt_values(v: NDArray[np.float64], unit: str) -> list[str]:
    if unit in {"km", "m"}:
        return [f"{x:,.0f} {unit}" if np.isfinite(x) else "unknown" for x in v]
    if unit == "":
        return [f"{x:g}" if np.isfinite(x) else "unknown" for x in v]
    if unit == "band":
        return [f"{x:.0f}/4" if np.isfinite(x) else "unknown" for x in v]
    shown = {"degC": "°C"}.get(unit, unit)
    return [f"{x:.1f} {shown}" if np.isfinite(x) else "unknown" for x in v]


def _round_to_sum(parts: NDArray[np.float64], total: NDArray[np.float64]) -> NDArray[np.int64]:
    """Parts in hundredths, rounded so they add up to the rounded total (largest remainder)."""
    scaled = parts * 100.0
    fl = np.floor(scaled + 1e-9)
    target = np.rint(total * 100.0)
    short = np.clip(target - fl.sum(axis=1), 0, parts.shape[1]).astype(np.int64)
    order = np.argsort(-(scaled - fl), axis=1, kind="stable")
    pos = np.empty_like(order)
    np.put_along_axis(pos, order, np.arange(parts.shape[1])[None, :], axis=1)
    result: NDArray[np.int64] = (fl + (pos < short[:, None])).astype(np.int64)
    return result


def _check_variables(features: xr.Dataset, concept: Concept) -> list[str]:
    absent = [v for v in concept.variables if v not in features]
    required = [v for v in absent if v not in concept.optional]
    if required:
        raise InputError(
            f"concept {concept.kind!r} needs feature variable(s) {', '.join(required)} "
            f"that are missing from the features (the analysis that provides them has not "
            f"run; see arcticrecon.rank.concepts); choose another exercise kind",
            field="features",
            value=required,
        )
    return absent


def _apply_constraints(
    cons: tuple[Constraint, ...], grid: Any, shape: tuple[int, int]
) -> tuple[NDArray[np.bool_], NDArray[Any], NDArray[Any]]:
    feasible = np.ones(shape, dtype=bool)
    reason = np.full(shape, "", dtype=object)
    caveat = np.full(shape, "", dtype=object)
    for con in cons:
        raw = grid(con.variable)
        if con.op == "true":
            if raw.dtype.kind == "f":
                known = np.isfinite(raw)
                ok = known & (np.where(known, raw, 0.0) != 0)
            else:
                known = np.ones(shape, dtype=bool)
                ok = raw.astype(bool)
        else:
            v = raw.astype(float)
            known = np.isfinite(v)
            thr = float(con.threshold if con.threshold is not None else 0.0)
            with np.errstate(invalid="ignore"):
                ok = known & ((v >= thr) if con.op == ">=" else (v <= thr))
        if con.if_unknown == "pass":
            fails = known & ~ok
            pc = feasible & ~known
            caveat[pc] = [
                f"{c}; {con.label} unknown" if c else f"{con.label} unknown" for c in caveat[pc]
            ]
        else:
            fails = ~ok
        newly = feasible & fails
        if newly.any():
            if con.reason_variable:
                why = grid(con.reason_variable)[newly]
                reason[newly] = [f"{con.label}: {w}" if w else con.label for w in why]
            else:
                vals = grid(con.variable)[newly].astype(float)
                thr_shown = con.threshold if con.threshold is not None else 0.0
                need = "true" if con.op == "true" else f"{con.op} {thr_shown:g}"
                reason[newly] = [
                    f"{con.label}: {con.variable} unknown"
                    if not np.isfinite(x)
                    else f"{con.label}: {con.variable} = {x:g}, needs {need}"
                    for x in vals
                ]
        feasible &= ~fails
    return feasible, reason, caveat


def rank_options(
    features: xr.Dataset,
    concept: Concept,
    *,
    draws: int = DEFAULT_DRAWS,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int = 0,
) -> Ranking:
    """Apply constraints, score, rank and test the sensitivity of every option.

    Parameters
    ----------
    features : xarray.Dataset
        Dims ``(location, time)``; must hold every variable the concept's constraints and
        criteria name, except the concept's optional ones. A variable may have its dims in
        either order, or only one of them (``location``: time-invariant; ``time``: the
        same at every site), or none (a scalar); it is broadcast to ``(location, time)``.
    concept : Concept
        With the weights to use.
    draws : int
        Monte-Carlo weight draws for ``p_top3`` (0: skip the Monte-Carlo; the closed-form
        weight change is still computed).
    concentration : float
        Dirichlet concentration around the weights (see :mod:`.sensitivity`).
    seed : int
        Seed of the weight draws.

    Returns
    -------
    Ranking

    Raises
    ------
    InputError
        If required variables are missing (all are named), a variable the concept reads
        has a dim other than ``location`` and ``time``, a weight is negative, all weights
        are zero, or ``draws`` is negative.
    """
    if draws < 0:
        raise InputError(
            f"draws {draws} must be >= 0 (0 skips the Monte-Carlo)",
            field="draws",
            value=draws,
            valid_range=">= 0",
        )
    absent = _check_variables(features, concept)
    missing: dict[str, str] = {}
    notes: list[str] = []
    criteria = tuple(c for c in concept.criteria if c.variable not in absent)
    for c in concept.criteria:
        if c.variable in absent:
            missing[c.name] = c.variable
            notes.append(
                f"not scored: {c.label} ({c.variable} not available); its weight is shared "
                f"among the other criteria"
            )
    cons = tuple(c for c in concept.constraints if c.variable not in absent)
    for k in concept.constraints:
        if k.variable in absent:
            missing[k.name] = k.variable
            notes.append(f"not checked: {k.label} ({k.variable} not available)")
    if not criteria:
        raise InputError(f"concept {concept.kind!r} has no criterion left to score")
    n_loc, n_time = features.sizes["location"], features.sizes["time"]
    shape = (n_loc, n_time)

    def grid(name: str) -> NDArray[Any]:
        var = features.variables[name]  # (location, time) or (location,): numpy, no xarray
        if var.dims == ("location", "time"):
            return np.asarray(var.values)
        if var.dims == ("location",):
            return np.repeat(np.asarray(var.values)[:, None], n_time, axis=1)
        da = features[name]  # (time, location), (time,) or a scalar: broadcast to both
        extra = [d for d in da.dims if d not in ("location", "time")]
        if extra:
            raise InputError(
                f"feature variable {name} has dims {da.dims}: only location and time are allowed",
                field=name,
                value=list(da.dims),
            )
        both = xr.broadcast(da, features["location"], features["time"])[0]
        return np.asarray(both.transpose("location", "time"))

    feasible, reason, caveat = _apply_constraints(cons, grid, shape)

    total = sum(c.weight for c in criteria)
    if total <= 0 or any(c.weight < 0 for c in criteria):
        raise InputError(
            f"weights of concept {concept.kind!r} must be >= 0 and not all zero",
            field="weights",
        )
    weights = {c.name: c.weight / total for c in criteria}
    w = np.array([weights[c.name] for c in criteria])

    raw = np.stack([grid(c.variable).astype(float) for c in criteria], axis=-1)
    norm = np.stack(
        [normalise(raw[..., j], c, feasible) for j, c in enumerate(criteria)], axis=-1
    )  # (n_loc, n_time, k)
    contrib = norm * w
    score = contrib.sum(axis=-1)

    flat_norm = norm.reshape(-1, len(criteria))
    feas = feasible.ravel()
    rank = np.zeros(n_loc * n_time, dtype=np.int64)
    t_rank = np.zeros(n_loc * n_time, dtype=np.int64)
    t_score = topsis_closeness(flat_norm, w, feas)
    pareto = np.zeros(n_loc * n_time, dtype=bool)
    if feas.any():
        rank[feas] = ranks_from_scores(score.ravel()[feas])
        t_rank[feas] = ranks_from_scores(t_score[feas])
        pareto[feas] = pareto_front(flat_norm[feas][:, w > 0])

    loc_ids = np.asarray(features["location"].values)
    time_vals = np.asarray(features["time"].values)
    loc_idx, time_idx = np.meshgrid(np.arange(n_loc), np.arange(n_time), indexing="ij")
    cols: dict[str, Any] = {
        "location": loc_ids[loc_idx.ravel()],
        "time": time_vals[time_idx.ravel()],
        "feasible": feas,
        "excluded_reason": reason.ravel(),
        "score": score.ravel(),
        "rank": rank,
        "topsis_score": t_score,
        "topsis_rank": t_rank,
        "pareto": pareto,
    }

    sens = None
    if feas.any():
        sens, p_opt, p_site = _sensitivity(
            flat_norm,
            w,
            criteria,
            feasible,
            score,
            loc_ids,
            time_vals,
            draws=draws,
            concentration=concentration,
            seed=seed,
        )
        if draws > 0:
            cols["p_top3"] = p_opt
            cols["p_top3_site"] = p_site[loc_idx.ravel()]
    elif draws > 0:
        cols["p_top3"] = np.zeros(n_loc * n_time)
        cols["p_top3_site"] = np.zeros(n_loc * n_time)

    flat_raw = raw.reshape(-1, len(criteria))
    flat_contrib = contrib.reshape(-1, len(criteria))
    for j, c in enumerate(criteria):
        cols[f"{c.name}_value"] = flat_raw[:, j]
        cols[f"{c.name}_normalised"] = flat_norm[:, j]
        cols[f"{c.name}_contribution"] = flat_contrib[:, j]
    df = pd.DataFrame(cols)
    df["explanation"] = _explain(
        criteria,
        flat_raw,
        flat_contrib,
        score.ravel(),
        rank,
        feas,
        reason.ravel(),
        caveat.ravel(),
    )
    by_name = np.empty(n_loc, dtype=np.int64)  # ties and excluded options: by site id, time
    by_name[np.argsort(loc_ids.astype(str), kind="stable")] = np.arange(n_loc)
    order = np.lexsort(
        (time_idx.ravel(), by_name[loc_idx.ravel()], np.where(feas, rank, np.iinfo(np.int64).max))
    )
    df = df.iloc[order].reset_index(drop=True)
    scored = replace(concept, criteria=criteria, constraints=cons)
    return Ranking(scored, weights, df, missing, tuple(notes), sens)


def _explain(
    criteria: tuple[Criterion, ...],
    raw: NDArray[np.float64],
    contrib: NDArray[np.float64],
    score: NDArray[np.float64],
    rank: NDArray[np.int64],
    feasible: NDArray[np.bool_],
    reason: NDArray[Any],
    caveat: NDArray[Any],
) -> list[str]:
    """Plain-language explanation per option; the shown parts add up to the shown score."""
    out = [f"excluded — {r}" for r in reason]
    idx = np.flatnonzero(feasible)
    if idx.size == 0:
        return out
    parts = _round_to_sum(contrib[idx], score[idx])
    text = [
        [f"{t} {c.label}" for t in _fmt_values(raw[idx, j], c.unit)] for j, c in enumerate(criteria)
    ]
    order = np.argsort(-contrib[idx], axis=1, kind="stable")
    total = parts.sum(axis=1)
    for n, i in enumerate(idx):
        body = " + ".join(f"{text[j][n]} ({parts[n, j] / 100:.2f})" for j in order[n])
        s = f"ranked {rank[i]}: score {total[n] / 100:.2f} = {body}"
        out[i] = f"{s}; caveat: {caveat[i]}" if caveat[i] else s
    return out


def _label(loc: Any, time: Any) -> str:
    if isinstance(time, (np.datetime64, pd.Timestamp, dt.date)) and not pd.isna(time):
        return f"{loc} {pd.Timestamp(time).date().isoformat()}"
    return f"{loc} {time}"


def _sensitivity(
    flat_norm: NDArray[np.float64],
    w: NDArray[np.float64],
    criteria: tuple[Criterion, ...],
    feasible: NDArray[np.bool_],
    score: NDArray[np.float64],
    loc_ids: NDArray[Any],
    time_vals: NDArray[Any],
    *,
    draws: int,
    concentration: float,
    seed: int,
) -> tuple[Sensitivity, NDArray[np.float64], NDArray[np.float64]]:
    n_loc, n_time = feasible.shape
    feas = feasible.ravel()
    fidx = np.flatnonzero(feas)
    site_ok = feasible.any(axis=1)
    p_opt = np.zeros(n_loc * n_time)
    p_site = np.zeros(n_loc)
    if draws > 0:
        wd = dirichlet_weights(w, draws, concentration=concentration, seed=seed)
        fn = flat_norm[fidx]
        acc_opt = np.zeros(fidx.size)
        acc_site = np.zeros(int(site_ok.sum()))
        # feasible options are sorted by location (flat index = location x n_time + time)
        starts = np.flatnonzero(np.r_[True, np.diff(fidx // n_time) != 0])
        block = max(1, int(4_000_000 // max(1, fidx.size)))
        for start in range(0, draws, block):
            wb = wd[start : start + block]
            s_f = fn @ wb.T  # (n_feasible, block)
            acc_opt += top_k_probability(s_f) * wb.shape[0]
            site_best = np.maximum.reduceat(s_f, starts, axis=0)
            acc_site += top_k_probability(site_best) * wb.shape[0]
        p_opt[fidx] = acc_opt / draws
        p_site[site_ok] = acc_site / draws

    names = [c.name for c in criteria]
    weights = dict(zip(names, w, strict=True))
    flat_score = score.ravel()

    # option level: the options ranked 1 and 2 (ties: the first two in sort order)
    order = fidx[np.lexsort((fidx, -flat_score[fidx]))]
    swap_option = None
    if order.size >= 2:
        a, b = int(order[0]), int(order[1])
        lab = [_label(loc_ids[i // n_time], time_vals[i % n_time]) for i in (a, b)]
        swap_option = _weight_change(
            flat_norm,
            weights,
            criteria,
            [a],
            [b],
            lab,
            "option",
            fidx,
            lambda i: _label(loc_ids[i // n_time], time_vals[i % n_time]),
        )
    # site level: each site at its best feasible window
    best = np.where(feasible, score, -np.inf).max(axis=1)
    sites = np.flatnonzero(site_ok)
    sites = sites[np.lexsort((sites, -best[sites]))]
    swap_site = None
    if sites.size >= 2:
        ga = [int(sites[0]) * n_time + t for t in np.flatnonzero(feasible[sites[0]])]
        gb = [int(sites[1]) * n_time + t for t in np.flatnonzero(feasible[sites[1]])]
        swap_site = _weight_change(
            flat_norm,
            weights,
            criteria,
            ga,
            gb,
            [str(loc_ids[sites[0]]), str(loc_ids[sites[1]])],
            "site",
            fidx,
            lambda i: str(loc_ids[i // n_time]),
        )
    notes = (
        f"weights drawn {draws} times from a Dirichlet distribution around the chosen "
        f"weights (concentration {concentration:g}, seed {seed}); p_top3 = share of draws "
        f"in which the option (p_top3_site: the site at its best window) is among the best 3",
    )
    sens = Sensitivity(
        n_draws=draws,
        concentration=concentration,
        seed=seed,
        p_top3_site={str(loc_ids[i]): float(p_site[i]) for i in np.flatnonzero(site_ok)},
        swap_site=swap_site,
        swap_option=swap_option,
        notes=notes,
    )
    return sens, p_opt, p_site


def _weight_change(
    flat_norm: NDArray[np.float64],
    weights: dict[str, float],
    criteria: tuple[Criterion, ...],
    first: list[int],
    second: list[int],
    labels: list[str],
    level: str,
    fidx: NDArray[np.int64],
    label_of: Any,
) -> WeightChange:
    w = np.array(list(weights.values()))
    found = weight_change_to_swap(flat_norm, w, first, second)
    if found is None:
        return WeightChange(first=labels[0], second=labels[1], level=level)
    j, w_to = found
    # who leads just beyond the change (a third option may overtake first)
    step = 1e-9 if w_to >= w[j] else -1e-9
    w_new = w * ((1.0 - (w_to + step)) / (1.0 - w[j])) if w[j] < 1 else np.zeros_like(w)
    w_new[j] = min(max(w_to + step, 0.0), 1.0)
    s_new = flat_norm[fidx] @ w_new
    new_first = label_of(int(fidx[int(np.argmax(s_new))]))
    return WeightChange(
        criterion=criteria[j].name,
        label=criteria[j].label,
        weight_from=float(w[j]),
        weight_to=float(w_to),
        first=labels[0],
        second=labels[1],
        new_first=new_first,
        level=level,
    )
