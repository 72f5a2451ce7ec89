"""The server's heap kept out of the cyclic collector (arcticrecon.web.heap)."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pandas as pd
import pytest

from arcticrecon.web.heap import settle_heap
from arcticrecon.web.runs import PlanRun, PlanRuns, RunStatus


@pytest.fixture()
def _unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


@pytest.mark.usefixtures("_unfrozen")
def test_settle_heap_freezes_the_living_and_collects_the_dead() -> None:
    kept = [object() for _ in range(1000)]  # a list: tracked by the collector
    dead = _Node()
    gone = weakref.ref(dead)
    del dead
    frozen, elapsed_s = settle_heap("test")
    assert gone() is None  # the cycle was collected before freezing
    assert frozen > len(kept) and gc.get_freeze_count() > len(kept)
    assert elapsed_s >= 0.0
    # the permanent generation is not walked: gc.get_objects() lists generations 0-2 only
    assert not any(o is kept for o in gc.get_objects())
    # a cycle that died after the freeze is still collected by the next full collection
    later = _Node()
    gone_later = weakref.ref(later)
    del later
    gc.collect()
    assert gone_later() is None


@pytest.mark.usefixtures("_unfrozen")
def test_settle_heap_unfreezes_first_so_dropped_frozen_cycles_are_freed() -> None:
    old = _Node()
    gone = weakref.ref(old)
    settle_heap("first")
    del old  # a frozen cycle dropped: the collector does not walk it...
    gc.collect()
    assert gone() is not None
    settle_heap("second")  # ...until the next settle, which unfreezes first
    assert gone() is None


@pytest.mark.parametrize("fails", [False, True])
def test_after_run_hook_is_called_once_the_run_has_ended(fails: bool) -> None:
    seen: list[tuple[str, RunStatus]] = []
    ended = threading.Event()

    def hook(run: PlanRun) -> None:
        seen.append((run.id, run.status))
        ended.set()

    runs = PlanRuns(after_run=hook)

    def job(progress: object) -> pd.DataFrame:
        if fails:
            raise RuntimeError("boom")
        return pd.DataFrame({"icao": ["BGSF"]})

    run = runs.start(
        job,
        mission_name="m",
        exercises=["e"],
        level="UNCLASSIFIED",
        rel_to=("DNK",),
        started_by="t",
    )
    assert ended.wait(30)
    runs.shutdown()
    assert seen == [(run.id, RunStatus.FAILED if fails else RunStatus.DONE)]
