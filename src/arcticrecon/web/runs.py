"""Plan runs: rankings computed in a background thread, with progress and results.

A run ranks the exercises of one mission (:func:`arcticrecon.planner.make_plan`) and keeps
the opportunities table (:func:`arcticrecon.report.tables.opportunities_frame`) and the
plan itself (flight legs, sea routes, deployment for the map) in memory. Runs
are executed one at a time by a single worker thread (the machine is shared; a second
request waits in the queue with ``status="queued"``). Every run carries the marking of
what it used: the high-water mark of the mission file's classification and of the site
overrides that corrected its catalogue (:func:`arcticrecon.survey.high_water_mark`), so
the releasability policy decides who may read it, like any stored record, and every
answer built from it shows that banner.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from arcticrecon.errors import ArcticReconError, NotFoundError
from arcticrecon.survey import DocumentMarking

__all__ = ["PlanRun", "PlanRuns", "RunStatus", "opportunity_records"]

log = logging.getLogger(__name__)


class RunStatus(enum.StrEnum):
    """Life cycle of a run."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass
class PlanRun:
    """One ranking run.

    Attributes
    ----------
    id : str
    mission_name : str
    exercises : list of str
        Exercise names ranked (all of the mission's unless one was chosen).
    level, rel_to : str, tuple of str
        Marking of the run (who may read it): the high-water mark of the mission's
        classification and the overrides the run used; REL TO the nations common to those
        overrides, or every mission nation when it used none.
    started_by : str
    created_utc : datetime
    status : RunStatus
    progress : float
        Fraction done, 0..1.
    step : str
        What the run is doing.
    error : str or None
        One-line error if it failed.
    opportunities : pandas.DataFrame or None
        :func:`arcticrecon.report.tables.opportunities_frame` of the finished plan.
    plan : arcticrecon.planner.Plan or None
        The finished plan when the job returned one (its deployments and routes feed the
        map's sea-route and deployment layers); ``None`` for a job that returned only a
        table.
    document : DocumentMarking or None
        The marking every answer built from the run shows (banner e.g.
        ``"RESTRICTED REL TO BEL, DNK"``; ``rel_to`` ``None`` when no marked record was
        used); ``None``: ``level`` REL TO ``rel_to``.
    """

    id: str
    mission_name: str
    exercises: list[str]
    level: str
    rel_to: tuple[str, ...]
    started_by: str
    created_utc: dt.datetime
    status: RunStatus = RunStatus.QUEUED
    progress: float = 0.0
    step: str = "queued"
    error: str | None = None
    finished_utc: dt.datetime | None = None
    opportunities: pd.DataFrame | None = field(default=None, repr=False)
    plan: Any = field(default=None, repr=False)
    document: DocumentMarking | None = None

    def marking(self) -> dict[str, Any]:
        """``{"level", "rel_to", "banner"}``: the run's marking as its answers show it."""
        if self.document is not None:
            return self.document.to_dict()
        rel = sorted(self.rel_to)
        return {
            "level": self.level,
            "rel_to": rel,
            "banner": f"{self.level} REL TO {', '.join(rel)}",
        }

    def summary(self) -> dict[str, Any]:
        """JSON-able status (no results)."""
        return {
            "id": self.id,
            "mission": self.mission_name,
            "exercises": list(self.exercises),
            "status": self.status.value,
            "progress": round(self.progress, 3),
            "step": self.step,
            "error": self.error,
            "created_utc": self.created_utc,
            "finished_utc": self.finished_utc,
            "level": self.level,
            "rel_to": list(self.rel_to),
            "marking": self.marking(),
            "n_options": None if self.opportunities is None else len(self.opportunities),
        }


def opportunity_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of an opportunities table as JSON-able dicts (NaN -> ``None``, dates ISO)."""
    out = []
    cols = list(df.columns)
    for row in df.itertuples(index=False, name=None):
        rec: dict[str, Any] = {}
        for c, v in zip(cols, row, strict=True):
            if isinstance(v, np.generic):
                v = v.item()
            if v is pd.NaT or v is None:
                v = None
            elif isinstance(v, float) and not np.isfinite(v):
                v = None
            elif isinstance(v, dt.date):
                v = v.isoformat()
            rec[c] = v
        out.append(rec)
    return out


class PlanRuns:
    """The registry of runs and its worker thread.

    Parameters
    ----------
    max_runs : int
        Finished runs kept in memory (oldest dropped first).
    after_run : callable, optional
        Called with each run once it is done or failed, on the worker thread (the server
        freezes its heap there: :func:`arcticrecon.web.heap.settle_heap`).
    """

    def __init__(
        self, *, max_runs: int = 20, after_run: Callable[[PlanRun], None] | None = None
    ) -> None:
        self.after_run = after_run
        self._runs: dict[str, PlanRun] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="arx-plan")
        self.max_runs = max_runs

    def start(
        self,
        job: Callable[[Callable[[str, float], None]], Any],
        *,
        mission_name: str,
        exercises: list[str],
        level: str,
        rel_to: tuple[str, ...],
        started_by: str,
        document: DocumentMarking | None = None,
    ) -> PlanRun:
        """Queue ``job(progress)``; return the run.

        ``job`` returns a :class:`~arcticrecon.planner.Plan` (kept, and its opportunities
        table made) or an opportunities table (:class:`pandas.DataFrame`) alone.
        ``level`` and ``rel_to`` decide who may read the run; ``document`` is the marking
        its answers show (default: ``level`` REL TO ``rel_to``).
        """
        run = PlanRun(
            id=uuid.uuid4().hex[:12],
            mission_name=mission_name,
            exercises=exercises,
            level=level,
            rel_to=rel_to,
            started_by=started_by,
            created_utc=dt.datetime.now(dt.UTC),
            document=document,
        )
        with self._lock:
            self._runs[run.id] = run
            self._trim()
        self._pool.submit(self._execute, run, job)
        return run

    def _trim(self) -> None:
        done = [r for r in self._runs.values() if r.status in (RunStatus.DONE, RunStatus.FAILED)]
        for r in sorted(done, key=lambda r: r.created_utc)[
            : max(0, len(self._runs) - self.max_runs)
        ]:
            del self._runs[r.id]

    def _execute(self, run: PlanRun, job: Callable[[Callable[[str, float], None]], Any]) -> None:
        def progress(step: str, frac: float) -> None:
            run.step, run.progress = step, float(min(max(frac, 0.0), 1.0))

        run.status, run.step = RunStatus.RUNNING, "starting"
        log.info("plan run %s (%s) started", run.id, run.mission_name)
        try:
            out = job(progress)
            if isinstance(out, pd.DataFrame):
                run.opportunities = out
            else:
                from arcticrecon.report.tables import opportunities_frame

                run.opportunities, run.plan = opportunities_frame(out), out
            run.status, run.progress, run.step = RunStatus.DONE, 1.0, "done"
            log.info("plan run %s (%s) done", run.id, run.mission_name)
        except ArcticReconError as err:
            # bad input or infeasible mission: the one-line message is the answer
            log.info("plan run %s failed: %s", run.id, err)
            run.status, run.error, run.step = RunStatus.FAILED, str(err), "failed"
        except Exception as err:  # a bug must not kill the worker; the run reports it
            # the traceback goes to the server log; the client sees the kind and the run id
            log.exception(
                "plan run %s (%s) failed with an internal error", run.id, run.mission_name
            )
            run.status, run.step = RunStatus.FAILED, "failed"
            run.error = (
                f"internal error ({type(err).__name__}: {err}); the server log has the "
                f"traceback of run {run.id}"
            )
        run.finished_utc = dt.datetime.now(dt.UTC)
        if self.after_run is not None:
            try:
                self.after_run(run)
            except Exception:  # a hook's bug must not kill the worker either
                log.exception("after-run hook of plan run %s failed", run.id)

    def get(self, run_id: str) -> PlanRun:
        """A run by id.

        Raises
        ------
        NotFoundError
            If no such run is kept.
        """
        with self._lock:
            run = self._runs.get(run_id)
        if run is None:
            raise NotFoundError(
                f"no plan run {run_id!r}; start one with POST /api/plan-runs",
                field="run_id",
                value=run_id,
            )
        return run

    def pending(self) -> int:
        """Runs queued or running."""
        with self._lock:
            return sum(
                r.status in (RunStatus.QUEUED, RunStatus.RUNNING) for r in self._runs.values()
            )

    def all(self) -> list[PlanRun]:
        """All kept runs, newest first."""
        with self._lock:
            return sorted(self._runs.values(), key=lambda r: r.created_utc, reverse=True)

    def shutdown(self) -> None:
        """Stop the worker (queued runs are cancelled, a running one finishes)."""
        self._pool.shutdown(wait=False, cancel_futures=True)
