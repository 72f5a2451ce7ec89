"""Weight sensitivity of a weighted-sum ranking: Monte-Carlo top-3 odds, weight to swap.

Two questions decision makers ask: "how sure is this order?" and "would the answer change
if we cared a bit more about X?".

* **Monte-Carlo over the weight simplex.** Weight vectors are drawn from a Dirichlet
  distribution centred on the chosen weights, ``alpha_i = concentration x w_i`` (mean
  ``w_i``, variance ``w_i (1 - w_i) / (concentration + 1)``; the stochastic multicriteria
  acceptability analysis of R. Lahdelma, J. Hokkanen and P. Salminen, "SMAA - Stochastic
  multiobjective acceptability analysis", EJOR 106 (1998) 137-143, with the uniform
  weight distribution replaced by one around the decision makers' weights). The default
  concentration 30 gives a weight of 0.30 a standard deviation of 0.08 (about +-25 %
  relative) and a weight of 0.10 one of 0.05. Zero weights stay zero. Draws are seeded
  (``numpy.random.default_rng(seed)``), so results are reproducible. Every draw scores
  every option at once (one matrix product per block of draws).
* **Top-3 probability** ``p_top3``: the share of draws in which an option is among the
  three best. Options tied at the third place share the remaining places equally, so the
  probabilities sum to exactly 3 over the options whenever at least 3 are eligible.
* **Smallest single weight change that swaps ranks 1 and 2** (closed form). Raising the
  raw weight of criterion ``j`` by ``d`` and renormalising turns every score into
  ``(s_i + d v_ij) / (1 + d)``; the order only depends on the lines ``s_i + d v_ij``. The
  runner-up overtakes the leader at the smallest ``|d|`` where the upper envelope of the
  runner-up's lines meets the leader's (for a site: the lines of all its windows), which
  is an intersection of one line of each; all intersections are tried at once. The
  change is reported as the criterion's new normalised weight ``(w_j + d) / (1 + d)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticrecon.errors import InputError

__all__ = [
    "DEFAULT_CONCENTRATION",
    "DEFAULT_DRAWS",
    "Sensitivity",
    "WeightChange",
    "apply_weight_change",
    "dirichlet_weights",
    "top_k_probability",
    "weight_change_to_swap",
]

DEFAULT_CONCENTRATION = 30.0  # Dirichlet concentration: sd 0.08 for a weight of 0.30
DEFAULT_DRAWS = 1000
_TIE_TOL = 1e-12  # scores closer than this count as tied [score units, 0..1]


@dataclass(frozen=True)
class WeightChange:
    """The smallest change of one weight that lets the runner-up overtake the leader.

    Attributes
    ----------
    first, second : str
        Leader and runner-up (a site id, or ``"site window"`` for an option).
    level : {"site", "option"}
        Whether sites (each at its best window) or single options were compared.
    criterion : str or None
        Criterion whose weight changes; ``None`` if no single weight change can put the
        runner-up ahead (it is better than the leader on no criterion).
    label : str
        The criterion's plain-language name (``""`` when ``criterion`` is None).
    weight_from, weight_to : float or None
        The criterion's normalised weight now and at the tie (the other weights scaled by
        ``(1 - weight_to) / (1 - weight_from)``); just beyond ``weight_to`` the runner-up
        scores higher. ``None`` when ``criterion`` is None.
    new_first : str
        Who is first just beyond the change (usually ``second``; a third option can get
        there first); ``""`` when ``criterion`` is None.
    """

    first: str
    second: str
    level: str
    criterion: str | None = None
    label: str = ""
    weight_from: float | None = None
    weight_to: float | None = None
    new_first: str = ""

    @property
    def possible(self) -> bool:
        """Whether one weight change can put the runner-up ahead."""
        return self.criterion is not None

    @property
    def delta(self) -> float | None:
        """Change of the criterion's normalised weight (``weight_to - weight_from``)."""
        if self.weight_to is None or self.weight_from is None:
            return None
        return self.weight_to - self.weight_from

    @property
    def sentence(self) -> str:
        """One plain-language sentence for the report."""
        if self.weight_to is None or self.weight_from is None:
            return (
                f"No single weight change puts {self.second} ahead of {self.first}: it is "
                f"better on no criterion."
            )
        if self.weight_to == self.weight_from:
            return f"{self.first} and {self.second} tie at the chosen weights."
        s = (
            f"{self.first} stays ahead of {self.second} unless the weight of {self.label} "
            f"moves from {self.weight_from:.2f} to {self.weight_to:.2f} "
            f"({self.weight_to - self.weight_from:+.2f})"
        )
        if self.new_first != self.second:
            return f"{s}; {self.new_first} would then rank first."
        return f"{s}."


@dataclass(frozen=True)
class Sensitivity:
    """Sensitivity of a ranking to its weights.

    Attributes
    ----------
    n_draws : int
        Monte-Carlo draws (0: not run).
    concentration : float
        Dirichlet concentration used.
    seed : int
    p_top3_site : dict of str to float
        Per site with a feasible option: probability of being among the 3 best sites
        (each site scored at its best window).
    swap_site : WeightChange or None
        Smallest weight change that puts the second-best site ahead of the best one
        (``possible`` False if no single weight can); ``None`` if fewer than 2 sites are
        feasible.
    swap_option : WeightChange or None
        The same for the options ranked 1 and 2.
    notes : tuple of str
        Plain-language summary lines (method, concentration, draws).
    """

    n_draws: int
    concentration: float
    seed: int
    p_top3_site: dict[str, float]
    swap_site: WeightChange | None
    swap_option: WeightChange | None
    notes: tuple[str, ...] = ()


def dirichlet_weights(
    weights: ArrayLike,
    n_draws: int,
    *,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int = 0,
) -> NDArray[np.float64]:
    """Weight vectors drawn from a Dirichlet distribution around ``weights``.

    Parameters
    ----------
    weights : array_like, shape (k,)
        Non-negative weights (normalised here); zero weights stay zero in every draw.
    n_draws : int
    concentration : float
        ``alpha = concentration x weights``; larger = closer to ``weights``. > 0.
    seed : int

    Returns
    -------
    ndarray, shape (n_draws, k)
        Each row sums to 1.

    Raises
    ------
    InputError
        If no weight is positive, a weight is negative, or ``concentration <= 0``.

    Examples
    --------
    >>> w = dirichlet_weights([0.5, 0.0, 0.5], 4, seed=1)
    >>> w.shape, bool((w[:, 1] == 0).all()), bool(np.allclose(w.sum(axis=1), 1))
    ((4, 3), True, True)
    """
    w = np.asarray(weights, dtype=float)
    if (w < 0).any() or not (w > 0).any():
        raise InputError("weights must be non-negative with at least one positive")
    if not concentration > 0:
        raise InputError(
            f"concentration {concentration} must be > 0",
            field="concentration",
            value=concentration,
            valid_range="> 0",
        )
    w = w / w.sum()
    pos = w > 0
    out = np.zeros((n_draws, w.size))
    rng = np.random.default_rng(seed)
    if pos.sum() == 1:
        out[:, pos] = 1.0
    else:
        out[:, pos] = rng.dirichlet(concentration * w[pos], size=n_draws)
    return out


def top_k_probability(scores: ArrayLike, k: int = 3) -> NDArray[np.float64]:
    """Share of draws in which each option is among the ``k`` best.

    Parameters
    ----------
    scores : array_like, shape (n, d)
        Scores of ``n`` eligible options in ``d`` draws (higher is better).
    k : int

    Returns
    -------
    ndarray, shape (n,)
        In [0, 1]; sums to ``min(k, n)``. Options tied at the k-th place (within 1e-12)
        share the remaining places equally.

    Examples
    --------
    >>> top_k_probability([[3.0, 1.0], [2.0, 2.0], [1.0, 3.0], [0.0, 0.0]], k=2).tolist()
    [0.5, 1.0, 0.5, 0.0]
    """
    s = np.asarray(scores, dtype=float)
    n, d = s.shape
    if n <= k:
        return np.ones(n)
    sd = np.ascontiguousarray(s.T)  # (d, n): partition along contiguous rows
    part = np.argpartition(sd, n - k - 1, axis=1)
    rows = np.arange(d)[:, None]
    top = part[:, n - k :]  # the k best of each draw, in any order
    kth = sd[rows, top].min(axis=1)
    nxt = sd[np.arange(d), part[:, n - k - 1]]  # the (k+1)-th best
    clear = kth - nxt > _TIE_TOL
    credit = np.bincount(top[clear].ravel(), minlength=n).astype(float)
    if not clear.all():  # a tie at the k-th place: the tied options share the places left
        st = sd[~clear]
        kt = kth[~clear][:, None]
        above = st > kt + _TIE_TOL
        tied = np.abs(st - kt) <= _TIE_TOL
        free = (k - above.sum(axis=1))[:, None]
        credit += (above + tied * (free / tied.sum(axis=1)[:, None])).sum(axis=0)
    result: NDArray[np.float64] = credit / d
    return result


def weight_change_to_swap(
    normalised: ArrayLike,
    weights: ArrayLike,
    first: Sequence[int],
    second: Sequence[int],
) -> tuple[int, float] | None:
    """Smallest single-weight change that lets group ``second`` overtake group ``first``.

    Parameters
    ----------
    normalised : array_like, shape (n, k)
        Normalised values of the options.
    weights : array_like, shape (k,)
        Normalised weights (sum 1).
    first, second : sequence of int
        Row indices of the leader's and the runner-up's options (a group scores its best
        option; one index each for single options).

    Returns
    -------
    (j, weight_to) or None
        Criterion index and its new normalised weight at which both groups tie (the
        smallest ``|weight_to - weights[j]|`` over all criteria); just beyond it the
        runner-up scores higher. ``None`` if no single weight in (0, 1) does that (a tie
        reached only at weight 0 does not count: no weight can go lower). If the two
        already tie, the largest weight is returned unchanged.

    Examples
    --------
    >>> j, w_to = weight_change_to_swap([[1, 0, 0.5], [0, 1, 0.5]], [0.5, 0.2, 0.3], [0], [1])
    >>> j, round(w_to, 4)
    (1, 0.3846)
    """
    nm = np.asarray(normalised, dtype=float)
    w = np.asarray(weights, dtype=float)
    a, b = np.asarray(first, dtype=int), np.asarray(second, dtype=int)
    s = nm @ w
    if s[b].max() >= s[a].max() - _TIE_TOL:
        j = int(np.argmax(w))
        return j, float(w[j])
    best: tuple[float, int, float] | None = None
    for j in range(w.size):
        va, vb = nm[a, j], nm[b, j]
        dv = vb[None, :] - va[:, None]  # (|a|, |b|)
        ds = s[a][:, None] - s[b][None, :]
        # d = ds / dv; a difference dv so small (subnormal, e.g. a criterion's value
        # 2e-311 against 0) that d overflows needs all the weight on j: no swap in (0, 1)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            d = np.where(dv != 0, ds / dv, np.nan).ravel()
        d = d[np.isfinite(d) & (d > -w[j] + 1e-12) & (d > -1.0)]  # weight stays > 0
        d = d[(w[j] + d) / (1.0 + d) < 1.0]  # weight stays < 1 (in floating point)
        if d.size == 0:
            continue
        gap = (s[b][None, :] + d[:, None] * vb[None, :]).max(axis=1) - (
            s[a][None, :] + d[:, None] * va[None, :]
        ).max(axis=1)
        d = d[gap >= -1e-9]
        for side in (d[d > 0], d[d < 0]):
            if side.size == 0:
                continue
            dd = float(side[np.argmin(np.abs(side))])
            w_to = (w[j] + dd) / (1.0 + dd)
            if best is None or abs(w_to - w[j]) < best[0]:
                best = (abs(w_to - w[j]), j, w_to)
    if best is None:
        return None
    return best[1], float(best[2])


def apply_weight_change(
    weights: dict[str, float], criterion: str, weight_to: float
) -> dict[str, float]:
    """Weights with one criterion set to ``weight_to`` and the others rescaled to sum 1.

    Parameters
    ----------
    weights : dict of str to float
        Normalised weights (sum 1).
    criterion : str
    weight_to : float
        New normalised weight, in [0, 1).

    Returns
    -------
    dict of str to float

    Raises
    ------
    InputError
        If ``criterion`` is unknown or ``weight_to`` is outside [0, 1], or the other
        weights are all zero while ``weight_to < 1``.

    Examples
    --------
    >>> apply_weight_change({"a": 0.6, "b": 0.4}, "b", 0.5)
    {'a': 0.5, 'b': 0.5}
    """
    if criterion not in weights:
        raise InputError(f"no criterion {criterion!r} among {sorted(weights)}", field="criterion")
    if not 0.0 <= weight_to <= 1.0:
        raise InputError(
            f"weight_to {weight_to} is outside [0, 1]",
            field="weight_to",
            value=weight_to,
            valid_range=(0.0, 1.0),
        )
    rest = 1.0 - weights[criterion]
    if rest <= 0 and weight_to < 1.0:
        raise InputError(f"{criterion!r} holds all the weight; no other weight to rescale")
    f = (1.0 - weight_to) / rest if rest > 0 else 0.0
    return {k: (weight_to if k == criterion else v * f) for k, v in weights.items()}
