"""The server's long-lived heap kept out of Python's cyclic garbage collector.

A serving process holds a large heap that lives as long as the process: the imported
libraries, the catalogue, and each finished plan run (pandas frames, xarray datasets,
the plan's objects; ~300,000 tracked objects with one run). CPython's generational
collector walks every tracked object of the oldest generation in each *full* (gen-2)
collection, and under load the objects of in-flight requests promoted past gen 1 trigger
one every few seconds (the threshold is 25 % of the long-lived count, CPython 3.11
``Modules/gcmodule.c``): measured with ``gc.callbacks`` in ``arcticrecon serve`` under
``benchmarks/bench_web.py --quick``, 14 gen-2 collections in 100 s of load, each
130-635 ms of wall time with ~310,000 tracked objects, the single worker stalled
meanwhile: the 100-350 ms p99 of even ``/api/health``.

:func:`settle_heap` collects once and then moves every surviving object to the
permanent generation (:func:`gc.freeze`, CPython >= 3.7, the remedy its documentation
gives for pre-fork servers and large static heaps): later collections walk only what
was allocated since. It is called when the application starts serving and after each
plan run ends (the run's results are the new long-lived heap); it first unfreezes, so
cyclic garbage of runs dropped since is still collected then. Objects frozen stay
freed by reference counting as usual; only cycles among them wait for the next call.
"""

from __future__ import annotations

import gc
import logging
import threading
import time

__all__ = ["settle_heap"]

log = logging.getLogger(__name__)
_lock = threading.Lock()


def settle_heap(reason: str) -> tuple[int, float]:
    """Collect all generations, then freeze the survivors (:func:`gc.freeze`).

    Parameters
    ----------
    reason : str
        For the log line ("start-up", "plan run 1a2b3c done").

    Returns
    -------
    frozen : int
        Objects in the permanent generation afterwards (:func:`gc.get_freeze_count`).
    elapsed_s : float
        Wall time of the collection. [s]
    """
    with _lock:
        t0 = time.perf_counter()
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        elapsed_s = time.perf_counter() - t0
        frozen = gc.get_freeze_count()
    log.info("heap settled (%s): %d objects frozen in %.0f ms", reason, frozen, elapsed_s * 1e3)
    return frozen, elapsed_s
