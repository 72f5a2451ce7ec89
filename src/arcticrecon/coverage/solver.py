"""The maximal covering location problem (MCLP), solved exactly with HiGHS.

Modules: :mod:`~arcticrecon.coverage.matrix` (coverage matrix),
:mod:`~arcticrecon.coverage.reductions` (reductions 3-5), this module (model and solve).

Given demand points with weights ``w_i``, candidate sites and a coverage radius, choose
``k`` sites (some of them fixed in advance) so that the total weight of the demand lying
within the radius of at least one chosen site is as large as possible [1]_::

    maximise   sum_i w_i y_i
    subject to y_i <= sum_{j in N_i} x_j     for every demand point i
               sum_j x_j = k
               x_j = 1                       for every fixed site j
               x_j in {0, 1},  0 <= y_i <= 1

where ``N_i`` is the set of candidates within the radius of demand point ``i``. With
binary ``x`` the optimal ``y_i`` is ``min(1, sum x_j)``, so ``y`` may be continuous [2]_.

Exact reductions applied before the MILP (each keeps the optimum value):

1. Demand covered by a fixed site is always covered: it is counted and dropped, and the
   fixed sites leave the model (``k`` falls by their number).
2. Demand covered by no candidate, or with zero weight, cannot change the objective.
3. Demand points with the same set of covering candidates are merged into one row whose
   weight is the sum of theirs (their ``y`` would be equal at an optimum).
4. A candidate whose covered set (over the remaining rows) is a subset of another
   candidate's is dominated and removed (ties: the lower index is kept). Every removed
   candidate has a kept one that covers at least as much, so an optimal solution using a
   removed candidate can be exchanged, one candidate at a time, for one using only kept
   candidates without losing coverage, provided at least ``k`` candidates are kept. If
   fewer are kept, all of them together already cover every coverable row and the optimum
   is known without a solve.
5. Reduced-cost fixing: a greedy + single-swap local search gives a solution of value
   ``LB``; the LP relaxation gives the bound ``UB`` and reduced costs ``d_j``. A site
   whose forced change (0 to 1 or 1 to 0) lowers the LP bound below ``LB`` is fixed,
   because no solution at least as good as the local-search one can make that change.
   If ``UB = LB`` the local-search solution is proven optimal without a MILP.

The model is solved with :func:`scipy.optimize.milp` (HiGHS [3]_) with a relative MIP gap
tolerance of 0, so ``optimal`` means the HiGHS dual bound equals the incumbent (up to its
absolute tolerance of 1e-6).

References
----------
.. [1] R. Church and C. ReVelle, "The maximal covering location problem," Papers of the
   Regional Science Association, vol. 32, pp. 101-118, 1974, doi:10.1007/BF01942293.
.. [2] R. L. Church and A. T. Murray, *Location Covering Models*, Springer, 2018, ch. 5,
   doi:10.1007/978-3-319-99846-6.
.. [3] Q. Huangfu and J. A. J. Hall, "Parallelizing the dual revised simplex method,"
   Math. Prog. Comp., vol. 10, pp. 119-142, 2018, doi:10.1007/s12532-017-0130-5 (HiGHS).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticrecon.coverage.matrix import coverage_matrix
from arcticrecon.coverage.reductions import (
    covered_value,
    dominated_columns,
    local_search,
    lp_relaxation,
    merge_rows,
)
from arcticrecon.errors import InputError

__all__ = [
    "MclpResult",
    "coverage_curve",
    "marginal_values",
    "mclp_result",
    "solve_mclp",
    "solve_mclp_matrix",
    "validate_instance",
]


@dataclass(frozen=True, eq=False)  # holds arrays: compare fields, not objects
class MclpResult:
    """Solution of one MCLP instance.

    Attributes
    ----------
    chosen : tuple of int
        Indices (into the candidate arrays) of the ``k`` chosen sites, ascending; the
        fixed sites are among them.
    fixed : tuple of int
        Indices of the sites that were required.
    k : int
        Number of sites chosen.
    covered_weight : float
        Total weight of the demand within the radius of a chosen site [demand unit].
    total_weight : float
        Total weight of all demand [demand unit].
    coverable_weight : float
        Weight of the demand within the radius of any allowed candidate (the upper limit
        for any ``k``) [demand unit].
    covered : ndarray of bool, shape (n_demand,)
        Which demand points are covered.
    covers : ndarray of bool, shape (n_demand, k)
        ``covers[i, c]``: demand point ``i`` lies within the radius of ``chosen[c]``.
    optimal : bool
        The optimum is proven (HiGHS status 0 with zero relative gap, exhaustive
        enumeration, or a closed-form case after the reductions).
    status : str
        Solver message, or ``"trivial: ..."`` when no MILP was needed.
    mip_gap : float
        Relative gap of the answer on the whole problem, ``(upper_bound_weight -
        covered_weight) / covered_weight`` (HiGHS's definition, |primal - dual| / |primal|,
        HiGHS user guide "mip_rel_gap"; ``inf`` when nothing is covered below a positive
        bound); 0 when proven. [-]
    upper_bound_weight : float
        Proven upper bound on the coverage [demand unit] (equals ``covered_weight`` when
        optimal).
    n_rows : int
        Demand rows left in the MILP after reductions 1-3.
    n_columns : int
        Candidate columns left in the MILP after reductions 4 and 5.
    solve_time_s : float
        Wall time of the reductions and the solve [s].
    """

    chosen: tuple[int, ...]
    fixed: tuple[int, ...]
    k: int
    covered_weight: float
    total_weight: float
    coverable_weight: float
    covered: NDArray[np.bool_]
    covers: NDArray[np.bool_]
    optimal: bool
    status: str
    mip_gap: float
    upper_bound_weight: float
    n_rows: int
    n_columns: int
    solve_time_s: float

    @property
    def covered_share(self) -> float:
        """Covered weight / total weight (0 when there is no demand). [-]"""
        return self.covered_weight / self.total_weight if self.total_weight > 0 else 0.0


def validate_instance(
    covers: ArrayLike,
    weight: ArrayLike,
    k: int,
    fixed: Sequence[int],
    forbidden: Sequence[int],
) -> tuple[NDArray[np.bool_], NDArray[np.float64], tuple[int, ...], tuple[int, ...]]:
    """Check an MCLP instance; return ``(covers, weight, fixed, forbidden)`` normalised.

    ``covers`` as bool (n_demand, n_cand), ``weight`` float (n_demand,), ``fixed`` and
    ``forbidden`` sorted unique index tuples.

    Raises
    ------
    InputError
        If the shapes disagree, a weight is negative or not finite, an index is out of
        range or both fixed and forbidden, or ``k`` is not an integer in
        ``max(1, len(fixed))..n_cand - len(forbidden)``.
    """
    a = np.asarray(covers)
    if a.ndim != 2:
        raise InputError(
            f"coverage matrix must be 2-D (n_demand, n_cand), got shape {a.shape}",
            field="covers",
        )
    a = a.astype(bool, copy=False)
    w = np.asarray(weight, dtype=float).reshape(-1)
    n_d, n_c = a.shape
    if w.shape != (n_d,):
        raise InputError(
            f"demand weight has {w.size} values but there are {n_d} demand points; give "
            "one weight per point",
            field="demand_weight",
            value=w.size,
        )
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        bad = w[~np.isfinite(w) | (w < 0)][0]
        raise InputError(
            f"demand weight {bad} is not allowed; weights must be finite and >= 0",
            field="demand_weight",
            value=float(bad),
            valid_range=">= 0",
        )
    fx = tuple(sorted({int(j) for j in fixed}))
    fb = tuple(sorted({int(j) for j in forbidden}))
    for name, idx in (("fixed", fx), ("forbidden", fb)):
        for j in idx:
            if not 0 <= j < n_c:
                raise InputError(
                    f"{name} site index {j} is outside 0..{n_c - 1}; give indices of the "
                    "candidate arrays",
                    field=name,
                    value=j,
                    valid_range=(0, n_c - 1),
                )
    both = set(fx) & set(fb)
    if both:
        raise InputError(
            f"site index {min(both)} is both fixed and forbidden; drop one of the two",
            field="forbidden",
            value=min(both),
        )
    if not isinstance(k, int | np.integer) or isinstance(k, bool):
        raise InputError(f"k = {k!r} must be an integer", field="k", value=k)
    k = int(k)
    n_allowed = n_c - len(fb)
    if k < max(1, len(fx)) or k > n_allowed:
        raise InputError(
            f"k = {k} sites is outside {max(1, len(fx))}..{n_allowed} (at least the "
            f"{len(fx)} fixed site(s) and 1, at most the {n_allowed} allowed candidates); "
            "change k or the fixed sites",
            field="k",
            value=k,
            valid_range=(max(1, len(fx)), n_allowed),
        )
    return a, w, fx, fb


def mclp_result(
    a: NDArray[np.bool_],
    w: NDArray[np.float64],
    chosen: Sequence[int],
    fixed: tuple[int, ...],
    allowed: NDArray[np.bool_],
    *,
    optimal: bool,
    status: str,
    upper_bound: float | None,
    n_rows: int,
    n_columns: int,
    t0: float,
) -> MclpResult:
    """The :class:`MclpResult` of choosing ``chosen`` (coverage recomputed from ``a``).

    ``upper_bound`` is the proven bound on the whole problem (None: the answer itself);
    the gap is computed from it (see :attr:`MclpResult.mip_gap`).
    """
    ch = tuple(sorted(int(j) for j in chosen))
    covers = a[:, list(ch)]
    covered: NDArray[np.bool_] = np.any(covers, axis=1)
    covered_weight = float(w[covered].sum())
    mip_gap = 0.0
    if upper_bound is not None and not optimal:
        # the gap of what is returned against the whole problem's bound: HiGHS's own gap
        # is of its sub-model (after the reductions) and of its solution, which the
        # incumbent may have replaced, and it is missing when HiGHS stopped before one
        slack = max(upper_bound - covered_weight, 0.0)
        mip_gap = slack / covered_weight if covered_weight > 0 else (np.inf if slack else 0.0)
    return MclpResult(
        chosen=ch,
        fixed=fixed,
        k=len(ch),
        covered_weight=covered_weight,
        total_weight=float(w.sum()),
        coverable_weight=float(w[a[:, allowed].any(axis=1)].sum()),
        covered=covered,
        covers=covers,
        optimal=optimal,
        status=status,
        mip_gap=mip_gap,
        upper_bound_weight=covered_weight if upper_bound is None else upper_bound,
        n_rows=n_rows,
        n_columns=n_columns,
        solve_time_s=time.perf_counter() - t0,
    )


def solve_mclp_matrix(
    covers: ArrayLike,
    demand_weight: ArrayLike,
    k: int,
    *,
    fixed: Sequence[int] = (),
    forbidden: Sequence[int] = (),
    merge: bool = True,
    prune: bool = True,
    bound_fixing: bool = True,
    time_limit_s: float | None = None,
) -> MclpResult:
    """Solve the MCLP for a given coverage matrix (exact MILP with HiGHS).

    Parameters
    ----------
    covers : array_like of bool, shape (n_demand, n_cand)
        ``covers[i, j]``: demand point ``i`` is within the radius of candidate ``j``
        (see :func:`coverage_matrix`).
    demand_weight : array_like of float, shape (n_demand,)
        Demand weights, finite and >= 0 [demand unit, e.g. persons].
    k : int
        Number of sites to choose, ``max(1, len(fixed)) <= k <= n_cand - len(forbidden)``.
    fixed : sequence of int, optional
        Candidate indices that must be chosen (existing bases).
    forbidden : sequence of int, optional
        Candidate indices that must not be chosen.
    merge : bool, optional
        Merge demand rows with the same covering set (reduction 3 of the module notes).
    prune : bool, optional
        Remove dominated candidates (reduction 4).
    bound_fixing : bool, optional
        Reduced-cost fixing against a local-search solution (reduction 5).
    time_limit_s : float, optional
        HiGHS wall time limit [s]; when hit, the best solution found is returned with
        ``optimal=False`` and its gap.

    Returns
    -------
    MclpResult

    Raises
    ------
    InputError
        If the shapes disagree, a weight is negative or not finite, an index is out of
        range, or ``k`` is outside the range above.

    Examples
    --------
    >>> a = np.array([[1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1]], bool)
    >>> r = solve_mclp_matrix(a, [5, 1, 4, 3], k=2)
    >>> r.chosen, r.covered_weight, r.optimal
    ((0, 1), 10.0, True)
    """
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    t0 = time.perf_counter()
    a, w, fx, fb = validate_instance(covers, demand_weight, k, fixed, forbidden)
    n_d, n_c = a.shape
    allowed = np.ones(n_c, dtype=bool)
    allowed[list(fb)] = False
    free = allowed.copy()
    free[list(fx)] = False
    free_idx = np.flatnonzero(free)
    k_free = int(k) - len(fx)
    fixed_cov = a[:, list(fx)].any(axis=1) if fx else np.zeros(n_d, dtype=bool)
    sub = a[~fixed_cov][:, free_idx]
    w_sub = w[~fixed_cov]
    keep = sub.any(axis=1) & (w_sub > 0)
    pattern, w_rows = sub[keep], w_sub[keep]
    if merge:
        pattern, w_rows, _ = merge_rows(pattern, w_rows)
    n_rows = pattern.shape[0]
    fixed_weight = float(w[fixed_cov].sum())

    def done(chosen_free: Sequence[int], status: str, **kw: Any) -> MclpResult:
        chosen = list(fx) + [int(free_idx[j]) for j in chosen_free]
        return mclp_result(a, w, chosen, fx, allowed, status=status, n_rows=n_rows, t0=t0, **kw)

    if k_free == 0:
        return done(
            [],
            "trivial: only the fixed sites",
            optimal=True,
            upper_bound=None,
            n_columns=0,
        )
    cols = np.arange(free_idx.size)
    if prune and n_rows > 0:
        cols = cols[~dominated_columns(pattern)]
    if n_rows == 0 or cols.size <= k_free:
        # Everything coverable is covered by the kept columns; pad with the others
        # in order of how much they cover.
        rest = [j for j in np.argsort(-pattern.sum(axis=0), kind="stable") if j not in set(cols)]
        chosen_free = [*cols.tolist(), *rest][:k_free]
        return done(
            chosen_free,
            "trivial: the kept candidates cover all coverable demand",
            optimal=True,
            upper_bound=None,
            n_columns=int(cols.size),
        )
    p = pattern[:, cols]
    p_all, w_all = p, w_rows  # before reduced-cost fixing
    forced: list[int] = []  # positions in ``cols`` fixed to 1 by reduced costs
    incumbent: list[int] | None = None
    lb = 0.0
    if bound_fixing:
        incumbent = local_search(p, w_rows, k_free)
        lb = float(w_rows[p[:, incumbent].any(axis=1)].sum())
        ub, d_low, d_up = lp_relaxation(p, w_rows, k_free)
        tol = 1e-6 * max(1.0, abs(lb))
        if ub <= lb + tol:
            return done(
                cols[incumbent].tolist(),
                "optimal: the local-search solution meets the LP relaxation bound",
                optimal=True,
                upper_bound=None,
                n_columns=int(cols.size),
            )
        must_out = ub - d_low < lb - tol  # x_j = 1 cannot reach the incumbent
        must_in = ub + d_up < lb - tol  # x_j = 0 cannot reach the incumbent (d_up <= 0)
        forced = np.flatnonzero(must_in).tolist()
        k_left = k_free - len(forced)
        keep_cols = np.flatnonzero(~must_out & ~must_in)
        rows = ~p[:, forced].any(axis=1) if forced else np.ones(p.shape[0], dtype=bool)
        p2 = p[rows][:, keep_cols]
        live = p2.any(axis=1)
        p2, w2 = p2[live], w_rows[rows][live]
        if merge:
            p2, w2, _ = merge_rows(p2, w2)
        if k_left == 0 or keep_cols.size <= k_left or p2.shape[0] == 0:
            pick = list(forced) + keep_cols[: max(k_left, 0)].tolist()
            pick += [j for j in range(cols.size) if j not in set(pick)][: k_free - len(pick)]
            best = pick if covered_value(p, w_rows, pick) >= lb else incumbent
            return done(
                cols[best].tolist(),
                "optimal: reduced-cost fixing left no choice",
                optimal=True,
                upper_bound=None,
                n_columns=int(keep_cols.size),
            )
        sub_cols, p, w_rows, k_milp = keep_cols, p2, w2, k_left
    else:
        sub_cols, k_milp = np.arange(cols.size), k_free
    m, nc = p.shape
    # Variables: x (nc binaries) then y (m continuous in [0, 1]).
    c = np.concatenate([np.zeros(nc), -w_rows])
    a_cover = sparse.hstack([-sparse.csr_array(p.astype(np.float64)), sparse.eye_array(m)])
    a_count = sparse.hstack([sparse.csr_array(np.ones((1, nc))), sparse.csr_array((1, m))])
    constraints = [
        LinearConstraint(a_cover.tocsr(), -np.inf, 0.0),
        LinearConstraint(a_count.tocsr(), k_milp, k_milp),
    ]
    integrality = np.concatenate([np.ones(nc), np.zeros(m)])
    options: dict[str, Any] = {"mip_rel_gap": 0.0, "presolve": True}
    if time_limit_s is not None:
        options["time_limit"] = float(time_limit_s)
    res = milp(
        c,
        constraints=constraints,
        integrality=integrality,
        bounds=Bounds(0.0, 1.0),
        options=options,
    )
    if res.x is None and incumbent is None:
        raise InputError(  # cannot happen for a valid k; kept as a guard with a clear text
            f"HiGHS found no solution ({res.message}); raise the time limit",
            field="time_limit_s",
            value=time_limit_s,
        )
    chosen_pos = [*forced, *sub_cols[res.x[:nc] > 0.5].tolist()] if res.x is not None else []
    optimal = bool(res.status == 0)
    if incumbent is not None and (
        not chosen_pos
        or covered_value(p_all, w_all, chosen_pos) < covered_value(p_all, w_all, incumbent)
    ):
        chosen_pos = incumbent  # only when HiGHS stopped early with a worse solution
    dual = getattr(res, "mip_dual_bound", None)
    forced_w = covered_value(p_all, w_all, forced) if forced else 0.0
    sub_ub = -float(dual) if dual is not None and np.isfinite(dual) else float(w_rows.sum())
    # Solutions worth less than the incumbent were cut away by the fixing: bound = max.
    ub_total = fixed_weight + max(lb, forced_w + sub_ub)
    return done(
        cols[chosen_pos].tolist(),
        str(res.message),
        optimal=optimal,
        upper_bound=None if optimal else max(ub_total, 0.0),
        n_columns=int(nc),
    )


def solve_mclp(
    demand_lat_deg: ArrayLike,
    demand_lon_deg: ArrayLike,
    demand_weight: ArrayLike,
    cand_lat_deg: ArrayLike,
    cand_lon_deg: ArrayLike,
    radius_m: float,
    k: int,
    fixed: Sequence[int] = (),
    *,
    forbidden: Sequence[int] = (),
    time_limit_s: float | None = None,
) -> MclpResult:
    """Choose ``k`` sites covering the most demand within ``radius_m`` (geodesic, WGS 84).

    Parameters
    ----------
    demand_lat_deg, demand_lon_deg : array_like, shape (n_demand,)
        Demand positions [deg].
    demand_weight : array_like, shape (n_demand,)
        Demand weights, >= 0 [demand unit].
    cand_lat_deg, cand_lon_deg : array_like, shape (n_cand,)
        Candidate site positions [deg].
    radius_m : float
        Coverage radius [m] (e.g. cruise speed x response time).
    k : int
        Number of sites to choose (fixed ones included).
    fixed : sequence of int, optional
        Indices of candidates that must be chosen.
    forbidden : sequence of int, optional
        Indices of candidates that must not be chosen.
    time_limit_s : float, optional
        HiGHS time limit [s].

    Returns
    -------
    MclpResult

    Raises
    ------
    InputError, OutOfDomainError
        See :func:`coverage_matrix` and :func:`solve_mclp_matrix`.

    Examples
    --------
    Two towns near Nuuk and one near Pituffik, candidates Nuuk and Pituffik, 300 km:

    >>> r = solve_mclp([64.18, 64.5, 77.47], [-51.72, -51.0, -69.23], [19279, 10, 600],
    ...                [64.19, 76.53], [-51.68, -68.70], 300e3, k=1)
    >>> r.chosen, r.covered_weight
    ((0,), 19289.0)
    """
    a = coverage_matrix(
        demand_lat_deg=demand_lat_deg,
        demand_lon_deg=demand_lon_deg,
        cand_lat_deg=cand_lat_deg,
        cand_lon_deg=cand_lon_deg,
        radius_m=radius_m,
    )
    return solve_mclp_matrix(
        a, demand_weight, k, fixed=fixed, forbidden=forbidden, time_limit_s=time_limit_s
    )


def coverage_curve(
    covers: ArrayLike,
    demand_weight: ArrayLike,
    k_max: int,
    *,
    fixed: Sequence[int] = (),
    forbidden: Sequence[int] = (),
    time_limit_s: float | None = None,
) -> list[MclpResult]:
    """Optimal coverage for every k from ``max(1, len(fixed))`` to ``k_max``.

    Each point is solved on its own (the optimal site sets need not be nested).

    Parameters
    ----------
    covers, demand_weight, fixed, forbidden, time_limit_s
        As :func:`solve_mclp_matrix`.
    k_max : int
        Largest number of sites.

    Returns
    -------
    list of MclpResult
        One per k, ascending. The covered weight never decreases with k.

    Raises
    ------
    InputError
        As :func:`solve_mclp_matrix` for ``k = k_max``.
    """
    k_lo = max(1, len(set(fixed)))
    validate_instance(covers, demand_weight, k_max, fixed, forbidden)
    a = np.asarray(covers, dtype=bool)
    return [
        solve_mclp_matrix(
            a, demand_weight, kk, fixed=fixed, forbidden=forbidden, time_limit_s=time_limit_s
        )
        for kk in range(k_lo, int(k_max) + 1)
    ]


def marginal_values(
    covers: ArrayLike,
    demand_weight: ArrayLike,
    result: MclpResult,
    *,
    forbidden: Sequence[int] = (),
    reoptimise: bool = True,
    time_limit_s: float | None = None,
) -> dict[int, tuple[float, float | None]]:
    """Marginal value of each chosen site: coverage lost if it is removed.

    Parameters
    ----------
    covers, demand_weight, forbidden, time_limit_s
        As for the solve that gave ``result``.
    result : MclpResult
        The solution whose sites are valued.
    reoptimise : bool, optional
        Also compute the re-optimised loss (one MILP per site).

    Returns
    -------
    dict
        ``chosen index -> (held_fixed, reoptimised)`` [demand unit]:

        - ``held_fixed``: weight covered by this site and by no other chosen site, i.e.
          ``covered(S) - covered(S - {j})`` with the other ``k - 1`` sites unchanged.
        - ``reoptimised``: ``covered(S) - best coverage with k sites when j may not be
          used`` (the other non-fixed sites re-chosen; if ``j`` is a fixed site it stops
          being fixed and its slot is filled by the best other site). ``None`` when
          ``reoptimise`` is false or no replacement exists. Never larger than
          ``held_fixed``; never negative for a non-fixed site of an optimal ``result``; for
          a fixed base a negative value means another site would serve better than it.
    """
    a = np.asarray(covers, dtype=bool)
    w = np.asarray(demand_weight, dtype=float)
    out: dict[int, tuple[float, float | None]] = {}
    n_allowed = a.shape[1] - len(set(forbidden))
    for c, j in enumerate(result.chosen):
        others = np.delete(result.covers, c, axis=1).any(axis=1)
        held = float(w[result.covers[:, c] & ~others].sum())
        reopt: float | None = None
        if reoptimise and result.k <= n_allowed - 1:
            r = solve_mclp_matrix(
                a,
                w,
                result.k,
                fixed=[f for f in result.fixed if f != j],
                forbidden=[*forbidden, j],
                time_limit_s=time_limit_s,
            )
            reopt = result.covered_weight - r.covered_weight
        out[j] = (held, reopt)
    return out
