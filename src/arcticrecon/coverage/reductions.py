"""Exact reductions of the MCLP before the MILP (see :mod:`arcticrecon.coverage.solver`).

Merging rows with equal covering sets, removing dominated candidates, and the two halves
of reduced-cost fixing: a local-search incumbent (lower bound) and the LP relaxation
(upper bound and reduced costs).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["covered_value", "dominated_columns", "local_search", "lp_relaxation", "merge_rows"]


def merge_rows(
    pattern: NDArray[np.bool_], weight: NDArray[np.float64]
) -> tuple[NDArray[np.bool_], NDArray[np.float64], NDArray[np.intp]]:
    """Merge rows with the same covering set, summing their weights.

    Parameters
    ----------
    pattern : ndarray of bool, shape (n, m)
    weight : ndarray of float, shape (n,)

    Returns
    -------
    unique : ndarray of bool, shape (u, m)
    merged_weight : ndarray of float, shape (u,)
    inverse : ndarray of int, shape (n,)
        Row of ``unique`` each input row went to.

    Examples
    --------
    >>> u, w, inv = merge_rows(np.array([[1, 0], [1, 0], [0, 1]], bool), np.array([1., 2., 5.]))
    >>> u.astype(int).tolist(), w.tolist(), inv.tolist()
    ([[0, 1], [1, 0]], [5.0, 3.0], [1, 1, 0])
    """
    if pattern.shape[0] == 0:
        return pattern, weight, np.zeros(0, dtype=np.intp)
    packed = np.packbits(pattern, axis=1)
    _, first, inverse = np.unique(packed, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    # float64 already (weights given); numpy's stub types it as an int count
    merged = np.bincount(inverse, weights=weight, minlength=first.size).astype(
        np.float64, copy=False
    )
    return pattern[first], merged, inverse


def dominated_columns(pattern: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Columns whose covered row set is contained in another column's (reduction 4 of :mod:`arcticrecon.coverage.solver`).

    Parameters
    ----------
    pattern : ndarray of bool, shape (n, m)

    Returns
    -------
    dominated : ndarray of bool, shape (m,)
        ``True`` for a column covered by a kept column (subset; on equal sets the lower
        index is kept). Every dominated column has a non-dominated dominator.

    Examples
    --------
    >>> dominated_columns(np.array([[1, 1, 1], [0, 1, 1], [0, 0, 1]], bool)).tolist()
    [True, True, False]
    """
    m = pattern.shape[1]
    if m == 0:
        return np.zeros(0, dtype=bool)
    p = pattern.astype(np.float64)
    inter = p.T @ p  # inter[j, l] = |N_j & N_l| (exact in float64 for < 2**53 rows)
    size = np.diag(inter).copy()
    subset = inter == size[:, None]  # N_j within N_l
    idx = np.arange(m)
    strictly_larger = size[None, :] > size[:, None]
    tie_lower = (size[None, :] == size[:, None]) & (idx[None, :] < idx[:, None])
    dom = subset & (strictly_larger | tie_lower)
    np.fill_diagonal(dom, False)
    return np.asarray(dom.any(axis=1))


def covered_value(p: NDArray[np.bool_], w: NDArray[np.float64], cols: Sequence[int]) -> float:
    """Weight of the rows of ``p`` covered by the given columns."""
    return float(w[p[:, list(cols)].any(axis=1)].sum()) if len(cols) else 0.0


def local_search(p: NDArray[np.bool_], w: NDArray[np.float64], k: int) -> list[int]:
    """Greedy start, then best-improvement single swaps until none improves.

    A heuristic (no optimality claim): its value is only used as a lower bound for
    reduced-cost fixing. Shapes: ``p`` (m, n) with ``k < n``, ``w`` (m,).
    """
    pf = p.astype(np.float64)
    n = p.shape[1]
    cnt = np.zeros(p.shape[0])
    chosen: list[int] = []
    for _ in range(k):
        gain = pf[cnt == 0].T @ w[cnt == 0]
        gain[chosen] = -1.0
        j = int(np.argmax(gain))
        chosen.append(j)
        cnt += pf[:, j]
    tol = 1e-9 * max(1.0, float(w.sum()))
    for _ in range(10 * n):  # each pass improves the value strictly; bounded for safety
        best = (0.0, -1, -1)
        for pos, j in enumerate(chosen):
            unc = (cnt - pf[:, j]) == 0
            loss = float(w[unc & p[:, j]].sum())
            gain = pf[unc].T @ w[unc]
            gain[chosen] = -np.inf
            l_best = int(np.argmax(gain))
            if gain[l_best] - loss > best[0] + tol:
                best = (float(gain[l_best] - loss), pos, l_best)
        if best[1] < 0:
            break
        _, pos, l_best = best
        cnt += pf[:, l_best] - pf[:, chosen[pos]]
        chosen[pos] = l_best
    return chosen


def lp_relaxation(
    p: NDArray[np.bool_], w: NDArray[np.float64], k: int
) -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
    """LP relaxation of the reduced MCLP (HiGHS): bound and reduced costs of ``x``.

    Returns the maximum covered weight of the relaxation and, per column, the marginal
    of the objective (minimisation of ``-w y``) with respect to the lower and the upper
    bound of ``x_j`` (``>= 0`` and ``<= 0``). The LP value is convex in a bound, so
    forcing ``x_j`` from 0 to 1 lowers the maximum by at least ``d_low[j]``, and from 1
    to 0 by at least ``-d_up[j]`` (reduced-cost fixing, e.g. Nemhauser and Wolsey,
    *Integer and Combinatorial Optimization*, 1988, sec. II.5.1).
    """
    from scipy import sparse
    from scipy.optimize import linprog

    m, n = p.shape
    c = np.concatenate([np.zeros(n), -w])
    a_ub = sparse.hstack([-sparse.csr_array(p.astype(np.float64)), sparse.eye_array(m)])
    a_eq = sparse.hstack([sparse.csr_array(np.ones((1, n))), sparse.csr_array((1, m))])
    res = linprog(
        c,
        A_ub=a_ub.tocsr(),
        b_ub=np.zeros(m),
        A_eq=a_eq.tocsr(),
        b_eq=[k],
        bounds=(0.0, 1.0),
        method="highs",
    )
    if res.status != 0:  # pragma: no cover - the relaxation is always feasible and bounded
        return float(w.sum()), np.zeros(n), np.zeros(n)
    return float(-res.fun), np.asarray(res.lower.marginals[:n]), np.asarray(res.upper.marginals[:n])
