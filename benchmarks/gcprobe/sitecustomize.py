"""Benchmark probe: every cyclic garbage collection of the served process, to a file.

``benchmarks/bench_web.py`` puts this folder first on the server's ``PYTHONPATH`` with
``ARX_BENCH_GC_LOG=FILE``; Python imports ``sitecustomize`` at start-up (``site``
module), and :data:`gc.callbacks` then appends one line per collection to FILE:
``generation wall_ms cpu_ms`` (CPU: :func:`time.thread_time` of the collecting thread).
The bench reads the lines each route added. Without the variable it does nothing.
``ARX_BENCH_SWITCH_S`` (optional) sets the served process's GIL switch interval [s]
(:func:`sys.setswitchinterval`; default 0.005) for A/B runs.
"""

import gc
import os
import time

_path = os.environ.get("ARX_BENCH_GC_LOG")
if _path:
    _fd = os.open(_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    _t0 = [0.0, 0.0]

    def _probe(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            _t0[0], _t0[1] = time.perf_counter(), time.thread_time()
            return
        wall_ms = (time.perf_counter() - _t0[0]) * 1e3
        cpu_ms = (time.thread_time() - _t0[1]) * 1e3
        os.write(_fd, f"{info['generation']} {wall_ms:.3f} {cpu_ms:.3f}\n".encode())

    gc.callbacks.append(_probe)

# experiments: ARX_BENCH_SWITCH_S=0.001 sets the GIL switch interval of the served process
if os.environ.get("ARX_BENCH_SWITCH_S"):
    import sys

    sys.setswitchinterval(float(os.environ["ARX_BENCH_SWITCH_S"]))
