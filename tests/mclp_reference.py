"""Reference MCLP solvers for the tests and benchmarks (not part of the product).

* :func:`solve_mclp_brute_force` enumerates every admissible site set (small instances):
  the independent reference of the property and unit tests.
* :func:`solve_mclp_plain` is the textbook MILP (binary x and y for every demand point, as
  spopt builds it) with HiGHS default options: the fair reference of
  ``benchmarks/bench_mclp.py``.

Import it as ``mclp_reference`` (``tests/`` is on ``sys.path`` under pytest; the
benchmark adds it).
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from arcticrecon.coverage.solver import MclpResult, mclp_result, validate_instance
from arcticrecon.errors import InputError

__all__ = ["BRUTE_FORCE_MAX_SUBSETS", "solve_mclp_brute_force", "solve_mclp_plain"]

#: Largest number of site subsets :func:`solve_mclp_brute_force` will enumerate.
BRUTE_FORCE_MAX_SUBSETS = 2_000_000


def solve_mclp_brute_force(
    covers: ArrayLike,
    demand_weight: ArrayLike,
    k: int,
    *,
    fixed: Sequence[int] = (),
    forbidden: Sequence[int] = (),
) -> MclpResult:
    """Solve the MCLP by enumerating every admissible set of ``k`` sites (small instances).

    Same parameters, result and errors as :func:`arcticrecon.coverage.solve_mclp_matrix`;
    ties are broken by the lexicographically first site set. The tests' independent
    reference: it shares only the input check and the result record with the solver.

    Raises
    ------
    InputError
        Also when there are more than :data:`BRUTE_FORCE_MAX_SUBSETS` subsets to try.

    Examples
    --------
    >>> a = np.array([[1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1]], bool)
    >>> solve_mclp_brute_force(a, [5, 1, 4, 3], k=2).covered_weight
    10.0
    """
    t0 = time.perf_counter()
    a, w, fx, fb = validate_instance(covers, demand_weight, k, fixed, forbidden)
    n_c = a.shape[1]
    allowed = np.ones(n_c, dtype=bool)
    allowed[list(fb)] = False
    free = [j for j in range(n_c) if allowed[j] and j not in fx]
    k_free = int(k) - len(fx)
    n_sets = math.comb(len(free), k_free)
    if n_sets > BRUTE_FORCE_MAX_SUBSETS:
        raise InputError(
            f"brute force would try {n_sets:,} site sets, more than "
            f"{BRUTE_FORCE_MAX_SUBSETS:,}; use arcticrecon.coverage.solve_mclp_matrix",
            field="k",
            value=k,
        )
    base = a[:, list(fx)].any(axis=1) if fx else np.zeros(a.shape[0], dtype=bool)
    best: tuple[int, ...] = ()
    best_w = -1.0
    for combo in itertools.combinations(free, k_free):
        cov = base | a[:, list(combo)].any(axis=1) if combo else base
        val = float(w[cov].sum())
        if val > best_w:
            best_w, best = val, combo
    return mclp_result(
        a,
        w,
        list(fx) + list(best),
        fx,
        allowed,
        optimal=True,
        status=f"brute force over {n_sets:,} site sets",
        upper_bound=None,
        n_rows=a.shape[0],
        n_columns=len(free),
        t0=t0,
    )


def solve_mclp_plain(
    covers: ArrayLike,
    demand_weight: ArrayLike,
    k: int,
    *,
    fixed: Sequence[int] = (),
    time_limit_s: float | None = None,
) -> MclpResult:
    """The textbook MCLP MILP on every demand point, without any reduction (reference).

    Binary ``x`` and binary ``y`` for every demand point, as spopt builds it; solved with
    :func:`scipy.optimize.milp` (HiGHS, default options). The benchmarks' fair
    reference for :func:`arcticrecon.coverage.solve_mclp_matrix`.

    Parameters and errors as :func:`arcticrecon.coverage.solve_mclp_matrix`.

    Examples
    --------
    >>> a = np.array([[1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1]], bool)
    >>> solve_mclp_plain(a, [5, 1, 4, 3], k=2).covered_weight
    10.0
    """
    t0 = time.perf_counter()
    a, w, fx, _ = validate_instance(covers, demand_weight, k, fixed, ())
    n_d, n_c = a.shape
    c = np.concatenate([np.zeros(n_c), -w])
    a_cover = sparse.hstack([-sparse.csr_array(a.astype(np.float64)), sparse.eye_array(n_d)])
    a_count = sparse.hstack([sparse.csr_array(np.ones((1, n_c))), sparse.csr_array((1, n_d))])
    lb = np.zeros(n_c + n_d)
    lb[list(fx)] = 1.0
    options: dict[str, Any] = {}
    if time_limit_s is not None:
        options["time_limit"] = float(time_limit_s)
    res = milp(
        c,
        constraints=[
            LinearConstraint(a_cover.tocsr(), -np.inf, 0.0),
            LinearConstraint(a_count.tocsr(), k, k),
        ],
        integrality=np.ones(n_c + n_d),
        bounds=Bounds(lb, 1.0),
        options=options,
    )
    chosen = np.flatnonzero(res.x[:n_c] > 0.5) if res.x is not None else np.zeros(0, int)
    return mclp_result(
        a,
        w,
        chosen.tolist(),
        fx,
        np.ones(n_c, bool),
        optimal=bool(res.status == 0),
        status=str(res.message),
        upper_bound=None,
        n_rows=n_d,
        n_columns=n_c,
        t0=t0,
    )
