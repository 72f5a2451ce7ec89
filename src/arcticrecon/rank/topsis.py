"""TOPSIS closeness on fixed value scales, computed with pymcdm.

The second ranking method beside the weighted sum. The distances and the closeness
coefficient are pymcdm's :class:`pymcdm.methods.TOPSIS` (Hwang and Yoon 1981); two
choices make it safe for this product:

1. **Normalisation = the criteria's fixed value functions** (the same normalised values
   as the weighted sum, already oriented so 1 is best), not TOPSIS's classic vector
   normalisation ``x / ||x||``, which divides by zero on an all-zero criterion (public
   case AR-24) and changes every option's value when an option is added.
2. **Fixed ideal and anti-ideal**: the positive ideal is 1 and the negative ideal 0 on
   every criterion (the ends of the fixed scales), instead of the best/worst option
   present. pymcdm takes the ideals from the matrix, so the two reference rows are
   appended before the call and dropped after. This is the remedy for TOPSIS rank
   reversal proposed by M. S. Garcia-Cascales and M. T. Lamata, "On rank reversal and
   TOPSIS method", Math. Comput. Modelling 56 (2012) 123-132,
   doi:10.1016/j.mcm.2011.12.022.

What holds (tested in ``tests/unit/rank/test_topsis.py``):

* A criterion constant over the feasible options is left out of the distances (it
  cannot discriminate; classic TOPSIS drops it implicitly because its ideal equals its
  anti-ideal). Scores stay finite and the ranking equals the ranking without it (AR-24).
* With the fixed ideals each option's closeness depends only on its own values and the
  weights, so adding any option (e.g. a dominated one) leaves the others' closeness and
  order unchanged - *unless* the new option makes a previously constant criterion vary,
  which brings that criterion back into the distances. The weighted sum has no such
  exception and stays the primary method.
* Scaling all weights changes nothing (weights are normalised); a zero-weight criterion
  contributes no distance.

Classic TOPSIS (vector normalisation, ideals from the options) can reverse ranks when a
dominated option is added; ``test_topsis.py`` keeps an example.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticrecon.errors import InputError

__all__ = ["topsis_closeness"]


def _fixed_scale(x: NDArray[np.float64], cost: bool = False) -> NDArray[np.float64]:
    # The values are already normalised on fixed scales (1 = best): identity.
    return x


_IMPORT_LOCK = threading.Lock()


def _topsis_class() -> Any:
    """``pymcdm.methods.TOPSIS``, imported without pymcdm's plotting subpackage.

    ``pymcdm/__init__`` imports every subpackage, ``pymcdm.visuals`` among them, which
    imports ``matplotlib.pyplot``: about 0.5 s of the plan command for a class that
    needs numpy only. When pymcdm is not imported yet, ``pymcdm.methods`` is imported
    under a bare package module (made from pymcdm's spec; its ``__init__`` not run),
    and that package and its submodules are then dropped from ``sys.modules``, so a
    later ``import pymcdm`` anywhere runs the whole package as usual. The class (and
    the module globals its methods use) stays alive through the reference returned.
    """
    with _IMPORT_LOCK:
        if "pymcdm" in sys.modules:
            from pymcdm.methods import TOPSIS

            return TOPSIS
        spec = importlib.util.find_spec("pymcdm")
        if spec is None:  # pragma: no cover - a declared dependency
            raise ModuleNotFoundError("pymcdm is not installed", name="pymcdm")
        sys.modules["pymcdm"] = importlib.util.module_from_spec(spec)
        try:
            from pymcdm.methods import TOPSIS
        finally:
            for name in [m for m in sys.modules if m == "pymcdm" or m.startswith("pymcdm.")]:
                del sys.modules[name]
        return TOPSIS


@lru_cache(maxsize=1)
def _topsis() -> Any:
    """Pymcdm's TOPSIS on the fixed scales (imported on first use: :func:`_topsis_class`)."""
    return _topsis_class()(normalization_function=_fixed_scale)


def topsis_closeness(
    normalised: ArrayLike, weights: ArrayLike, feasible: ArrayLike | None = None
) -> NDArray[np.float64]:
    """TOPSIS relative closeness of each option to the fixed ideal.

    Parameters
    ----------
    normalised : array_like, shape (n, k)
        Normalised criterion values in [0, 1], 1 = best (value functions of
        :func:`arcticrecon.rank.score.normalise`).
    weights : array_like, shape (k,)
        Non-negative weights (any positive sum; normalised here).
    feasible : array_like of bool, shape (n,), optional
        Options that decide which criteria are constant (default: all).

    Returns
    -------
    ndarray, shape (n,)
        Closeness ``D- / (D+ + D-)`` in [0, 1] (1 = at the ideal); finite everywhere.

    Raises
    ------
    InputError
        If the shapes disagree, a value is outside [0, 1] or NaN, or no weight is
        positive.

    Examples
    --------
    >>> topsis_closeness([[1.0, 0.0], [0.5, 0.5], [0.0, 0.0]], [0.5, 0.5]).round(3).tolist()
    [0.5, 0.5, 0.0]
    """
    n_mat = np.asarray(normalised, dtype=float)
    w = np.asarray(weights, dtype=float)
    if n_mat.ndim != 2 or w.shape != (n_mat.shape[1],):
        raise InputError(
            f"normalised must be (n, k) and weights (k,); got {n_mat.shape} and {w.shape}"
        )
    if not np.isfinite(n_mat).all() or (n_mat < 0).any() or (n_mat > 1).any():
        raise InputError("normalised values must be finite and within [0, 1]")
    if (w < 0).any() or not (w > 0).any():
        raise InputError("weights must be non-negative with at least one positive")
    n = n_mat.shape[0]
    if n == 0:
        return np.zeros(0)
    feas = np.ones(n, bool) if feasible is None else np.asarray(feasible, bool)
    ref = n_mat[feas] if feas.any() else n_mat
    use = (w > 0) & (np.ptp(ref, axis=0) > 0)
    if not use.any():  # all options equal on every weighted criterion
        use = w > 0
    ww = w[use] / w[use].sum()
    k = int(use.sum())
    m = np.vstack([n_mat[:, use], np.ones((1, k)), np.zeros((1, k))])
    pref = _topsis()(m, ww, np.ones(k, dtype=int), validation=False)
    return np.asarray(pref[:-2], dtype=float)
