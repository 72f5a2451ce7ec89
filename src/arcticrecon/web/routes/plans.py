"""Plan runs, ranked opportunities and presence options (coverage).

``/api/plan-runs``, ``/api/opportunities``, ``/api/coverage``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, status

from arcticrecon.errors import InputError, NotFoundError
from arcticrecon.web.deps import StateDep, ViewDep, policy
from arcticrecon.web.mapdata import project_m
from arcticrecon.web.policy import PolicyView
from arcticrecon.web.runs import RunStatus, opportunity_records
from arcticrecon.web.schemas import (
    CoverageResult,
    OpportunityPage,
    OpportunitySort,
    PlanRunCreate,
    PlanRunSummary,
)

__all__ = ["COVERAGE_TIME_LIMIT_S", "MAX_PENDING_RUNS", "router"]

router = APIRouter(prefix="/api", tags=["plans"], dependencies=[Depends(policy)])

#: Plan runs queued or running at once (one worker thread; more requests get HTTP 429).
MAX_PENDING_RUNS = 4


@router.post("/plan-runs", status_code=status.HTTP_202_ACCEPTED, response_model=PlanRunSummary)
def start_plan_run(view: ViewDep, st: StateDep, body: PlanRunCreate) -> dict[str, Any]:
    """Start ranking the mission's exercises (or one) in the background; poll its progress.

    The ranking uses the catalogue corrected by the site overrides released to the caller.
    The run is marked with the high-water mark of the mission's classification and those
    overrides (highest level, common REL TO; every mission nation when it used none) and
    is visible to whoever may read that marking; every answer about it shows the banner.
    """
    import tomllib

    from arcticrecon.mission import mission_from_dict
    from arcticrecon.planner import make_plan

    if body.mission_toml is not None:
        try:
            data = tomllib.loads(body.mission_toml)
        except tomllib.TOMLDecodeError as err:
            raise InputError(
                f"mission_toml is not valid TOML: {err}", field="mission_toml"
            ) from None
        m = mission_from_dict(data, source="mission_toml")
    elif st.mission is not None:
        m = st.mission
    else:
        raise InputError(
            "no mission to rank: the server has no mission file (serve --mission FILE) and "
            "the request gave no mission_toml",
            field="mission_toml",
        )
    if body.exercise is not None:
        chosen = [e for e in m.exercise if e.name == body.exercise]
        if not chosen:
            raise NotFoundError(
                f"exercise {body.exercise!r} is not in mission {m.mission.name!r}; choose one "
                f"of {', '.join(e.name for e in m.exercise)}",
                field="exercise",
                value=body.exercise,
                valid_range=tuple(e.name for e in m.exercise),
            )
        m = m.model_copy(update={"exercise": chosen})
    if st.runs.pending() >= MAX_PENDING_RUNS:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=f"{MAX_PENDING_RUNS} plan runs are already waiting; try again when one is done",
            headers={"Retry-After": "30"},
        )
    from arcticrecon.survey import apply_site_overrides, high_water_mark
    from arcticrecon.survey.overrides import effective_overrides

    # the reader's visible findings correct the catalogue; the run is marked with the
    # high-water mark of the mission's classification and of the overrides it used, so
    # whoever may read the run may read each of them (and the starter may read the run)
    used = effective_overrides(view.overrides())
    facts: dict[str, dict[str, Any]] = {}
    for o in used:
        facts.setdefault(o.site, {})[o.field] = o.value
    catalog, _extra = apply_site_overrides(st.catalog, facts)
    stored = view.mission()
    levels, nations = tuple(stored["levels"]), tuple(stored["nations"])
    base = m.mission.classification
    if base not in levels:
        raise InputError(
            f"mission classification {base!r} is not a level of this mission; use one of "
            f"{', '.join(levels)}",
            field="classification",
            value=base,
            valid_range=levels,
        )
    doc = high_water_mark(base, [o.marking for o in used], levels)
    if levels.index(doc.level) > levels.index(view.user.clearance):
        raise InputError(
            f"mission classification {base} is above your clearance {view.user.clearance}; "
            "a plan run of it would not be yours to read",
            field="classification",
            value=base,
        )

    def job(progress: Any) -> Any:
        return make_plan(m, catalog, progress=progress)

    run = st.runs.start(
        job,
        mission_name=m.mission.name,
        exercises=[e.name for e in m.exercise],
        level=doc.level,
        rel_to=doc.rel_to if doc.rel_to is not None else nations,
        started_by=view.user.username,
        document=doc,
    )
    return run.summary()


@router.get("/plan-runs", response_model=list[PlanRunSummary])
def list_plan_runs(view: ViewDep) -> list[dict[str, Any]]:
    """Plan runs the reader may see, newest first."""
    return [r.summary() for r in view.runs()]


@router.get("/plan-runs/{run_id}", response_model=PlanRunSummary)
def get_plan_run(view: ViewDep, run_id: str) -> dict[str, Any]:
    """Status and progress (0..1) of a run."""
    return view.run(run_id).summary()


def _opportunities(
    view: PolicyView,
    run_id: str | None,
    exercise: str | None,
    icao: str | None,
    feasible_only: bool,
    sort: OpportunitySort,
    descending: bool,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    if run_id is None:
        done = [r for r in view.runs() if r.status is RunStatus.DONE]
        if not done:
            raise NotFoundError(
                "no finished plan run yet; start one with POST /api/plan-runs", field="run_id"
            )
        run = done[0]
    else:
        run = view.run(run_id)
    if run.status is not RunStatus.DONE or run.opportunities is None:
        raise NotFoundError(
            f"plan run {run.id} is {run.status.value} ({run.progress:.0%}); results appear when done",
            field="run_id",
            value=run.id,
        )
    df = run.opportunities
    if exercise is not None:
        df = df[df["exercise"] == exercise]
    if icao is not None:
        df = df[df["icao"] == icao.strip().upper()]
    if feasible_only:
        df = df[df["feasible"]]
    df = df.sort_values([sort.value, "exercise"], ascending=not descending, kind="stable")
    total = len(df)
    page = df.iloc[offset : offset + limit]
    return {
        "run_id": run.id,
        "exercises": list(run.exercises),
        "total": total,
        "offset": offset,
        "columns": list(df.columns),
        "items": opportunity_records(page),
        "marking": run.marking(),
    }


@router.get("/opportunities", response_model=OpportunityPage)
def opportunities(
    view: ViewDep,
    run_id: Annotated[str | None, Query(max_length=64)] = None,
    exercise: Annotated[str | None, Query(max_length=200)] = None,
    icao: Annotated[str | None, Query(max_length=16)] = None,
    feasible_only: bool = False,
    sort: OpportunitySort = OpportunitySort.rank,
    descending: bool = False,
    limit: Annotated[int, Query(ge=1, le=5000)] = 200,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """Ranked options (site x window) with scores and explanations, from a finished run.

    Default: the newest finished run the reader may see.
    """
    return _opportunities(
        view, run_id, exercise, icao, feasible_only, sort, descending, limit, offset
    )


#: Bound on one coverage solve [s] so a request cannot hold a worker for long.
COVERAGE_TIME_LIMIT_S = 10.0


@router.get("/coverage", response_model=CoverageResult)
def coverage(
    view: ViewDep,
    st: StateDep,
    aircraft: Annotated[
        str, Query(min_length=1, max_length=40, description="aircraft key, e.g. AW101")
    ],
    response_h: Annotated[float, Query(gt=0.0, le=48.0, description="response time [h]")],
    k: Annotated[int, Query(ge=1, le=30, description="number of sites")],
    fixed: Annotated[
        list[str] | None, Query(max_length=30, description="bases that must stay")
    ] = None,
) -> dict[str, Any]:
    """Presence option: ``k`` sites covering the most settlements within the response time.

    Maximal covering location problem (Church & ReVelle 1974) solved exactly by
    :func:`arcticrecon.coverage.presence_options`; sites get EPSG:3413 ``x_m``/``y_m``.
    """
    from arcticrecon.catalog import get_aircraft
    from arcticrecon.coverage import presence_options

    res = presence_options(
        st.catalog,
        get_aircraft(aircraft),
        response_h,
        k,
        fixed=fixed or (),
        reoptimise_marginals=False,
        time_limit_s=COVERAGE_TIME_LIMIT_S,
    )
    out = res.to_dict()
    for d in out["site_details"]:
        x, y = project_m(lat_deg=d["lat_deg"], lon_deg=d["lon_deg"])
        d["x_m"], d["y_m"] = float(x[0]), float(y[0])
    return out
