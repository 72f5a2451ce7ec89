"""Pareto front (non-dominated options) of a value matrix.

An option *dominates* another if it is at least as good on every criterion and strictly
better on at least one; the Pareto front is the set of options no other option dominates
(e.g. M. Ehrgott, *Multicriteria Optimization*, 2nd ed., Springer 2005, def. 2.1). Every
option that is best for some positive weighting of the criteria lies on the front, so the
weighted-sum rank 1 is always on it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticrecon.errors import InputError

__all__ = ["pareto_front"]


def pareto_front(values: ArrayLike) -> NDArray[np.bool_]:
    """Flag the non-dominated rows of a value matrix (larger is better in every column).

    Parameters
    ----------
    values : array_like, shape (n, k)
        Finite values, oriented so that larger is better (e.g. the normalised values of a
        ranking, which are 1 at the best end of each criterion's scale).

    Returns
    -------
    ndarray of bool, shape (n,)
        True for options on the Pareto front. Identical rows are all on the front when
        nothing dominates them (none dominates the other).

    Raises
    ------
    InputError
        If ``values`` is not two-dimensional or holds NaN/inf.

    Notes
    -----
    Rows are visited in decreasing order of their sum (a dominating row has a larger sum);
    each visited row removes every remaining row it dominates. Cost O(n x front x k).

    Examples
    --------
    >>> pareto_front([[1, 0], [0, 1], [0.5, 0.5], [0.4, 0.4], [1, 0]]).tolist()
    [True, True, True, False, True]
    """
    v = np.asarray(values, dtype=float)
    if v.ndim != 2:
        raise InputError(f"values must be a 2-D (options x criteria) array, got shape {v.shape}")
    if not np.isfinite(v).all():
        raise InputError("values must be finite to find the Pareto front", field="values")
    n = v.shape[0]
    idx = np.argsort(-v.sum(axis=1), kind="stable")
    pts = v[idx]
    i = 0
    while i < len(pts):
        p = pts[i]
        dominated = np.all(pts <= p, axis=1) & np.any(pts < p, axis=1)
        keep = ~dominated
        pts, idx = pts[keep], idx[keep]
        i = int(np.count_nonzero(keep[:i])) + 1
    out = np.zeros(n, dtype=bool)
    out[idx] = True
    return out
