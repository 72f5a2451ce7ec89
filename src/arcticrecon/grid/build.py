"""``arcticrecon grid build``: run the layer graph on a Dask cluster and write the outputs.

Steps (each a set of Dask tasks on the same cluster):

1. the exact light engine on the lat/lon lattice (:func:`arcticrecon.grid.light.lattice_rows`,
   one task per slice of latitude rows), assembled and broadcast to the workers;
2. every layer of each band of raster rows (:func:`arcticrecon.grid.blocks.compute_block`),
   written by the worker straight into its region of the Zarr store;
3. Cloud-Optimized GeoTIFFs per layer and month (tasks on the workers) and, at the same
   time in a thread of the calling process, PNG maps per exercise
   (:mod:`arcticrecon.grid.output`).

By default a ``distributed.LocalCluster`` sized to the machine (one single-threaded worker
process per core); ``scheduler="tcp://host:8786"`` runs the same graph on an existing
cluster whose workers have arcticrecon installed.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from arcticrecon.grid.blocks import BuildPlan, compute_block, work_windows
from arcticrecon.grid.light import (
    LightLattice,
    lattice_nodes,
    lattice_rows,
    light_lattice,
    zone_need,
)

__all__ = [
    "BuildResult",
    "build_grid",
    "build_tmp_dir",
    "check_build_dir",
    "check_scheduler_address",
    "domain_lat_lon_bounds",
    "open_client",
]

log = logging.getLogger(__name__)

#: Rows per Dask block and Zarr chunk (a full-width band of the raster).
CHUNK_ROWS = 128


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and how long it took."""

    zarr_path: Path
    cogs: tuple[Path, ...]
    maps: tuple[Path, ...]
    seconds: dict[str, float]
    n_cells: int
    n_exact_light: int


def domain_lat_lon_bounds(plan: BuildPlan) -> tuple[float, float, float, float]:
    """(lat_lo, lat_hi, lon_lo, lon_hi) covering every cell centre of the grid. [deg]

    The extremes of a polar-stereographic box lie on its edges (or at the pole when the
    box contains it); edges are sampled every cell.
    """
    from arcticrecon.geo.projection import from_polar_stereo

    s = plan.spec
    x, y = s.x_m, s.y_m
    ex = np.concatenate([x, x, np.full(y.size, x[0]), np.full(y.size, x[-1])])
    ey = np.concatenate([np.full(x.size, y[0]), np.full(x.size, y[-1]), y, y])
    lat, lon = from_polar_stereo(x_m=ex, y_m=ey)
    contains_pole = s.xmin_m < 0 < s.xmax_m and s.ymin_m < 0 < s.ymax_m
    if contains_pole:
        return float(lat.min()), 90.0, -180.0, 180.0
    # the box does not contain the pole: longitudes form one interval (unwrap round it)
    lon_u = np.degrees(np.unwrap(np.radians(lon)))
    lo, hi = float(lon_u.min()), float(lon_u.max())
    # latitude is highest at the edge point nearest the pole
    return float(lat.min()), float(min(lat.max() + 0.2, 90.0)), lo, hi


# SCHEME://HOST:PORT with one of distributed's network schemes (distributed.comm
# registry: tcp, tls, ws, wss; inproc and ucx are not reachable from another machine)
_SCHEDULER_RE = re.compile(
    r"(?:tcp|tls|ws|wss)://(?P<host>\[[0-9A-Fa-f:]+\]|[^\s:/\[\]]+):(?P<port>[0-9]{1,5})"
)


#: Longest wait for an existing scheduler to answer [s]: the TCP connect has distributed's
#: 10 s timeout, but a server that accepts and never speaks dask (an HTTP server on the
#: port) held the handshake forever.
CONNECT_DEADLINE_S = 20.0


def check_scheduler_address(address: str) -> str:
    """``address`` stripped, if it is ``tcp|tls|ws|wss://HOST:PORT`` (port 1-65535).

    Raises
    ------
    InputError
        Naming ``--scheduler`` and the value (distributed itself raised ValueError
        tracebacks: "missing port number", "unknown address scheme 'http'").
    """
    from arcticrecon.errors import InputError

    m = _SCHEDULER_RE.fullmatch(address.strip())
    if m is None or not 0 < int(m["port"]) < 65536:
        raise InputError(
            f"--scheduler {address!r} is not a dask scheduler address; give "
            "SCHEME://HOST:PORT, e.g. tcp://host:8786 (schemes tcp, tls, ws, wss)",
            field="scheduler",
            value=address,
        )
    return address.strip()


def _connect(client_cls: Any, address: str) -> Any:
    """``Client(address)`` within :data:`CONNECT_DEADLINE_S`, or a one-line InputError."""
    from arcticrecon.errors import InputError

    got: dict[str, Any] = {}

    def attempt() -> None:
        try:
            got["client"] = client_cls(address, timeout="10s")
        except BaseException as err:  # handed to the calling thread
            got["error"] = err

    # a daemon thread: one stuck in a handshake does not keep the process alive
    t = threading.Thread(target=attempt, name="dask-connect", daemon=True)
    t.start()
    t.join(CONNECT_DEADLINE_S)
    err = got.get("error")
    if "client" in got:
        return got["client"]
    if t.is_alive():
        why = f"no dask scheduler answered within {CONNECT_DEADLINE_S:g} s"
    elif isinstance(err, (OSError, ValueError, TypeError)):
        why = str(err)
    else:
        raise err if err is not None else RuntimeError("dask connect ended without a client")
    raise InputError(
        f"--scheduler {address}: cannot connect ({why}); give the address of a running "
        "dask scheduler, e.g. tcp://host:8786",
        field="scheduler",
        value=address,
    )


def open_client(scheduler: str | None, n_workers: int | None = None) -> tuple[Any, Any]:
    """A distributed Client: to ``scheduler``, or to a new LocalCluster.

    Returns
    -------
    (client, cluster)
        ``cluster`` is None when connecting to an existing scheduler.

    Raises
    ------
    InputError
        If the scheduler address is malformed (not ``tcp|tls|ws|wss://HOST:PORT``),
        cannot be reached within 10 s, or does not answer as a dask scheduler within
        :data:`CONNECT_DEADLINE_S`.

    Notes
    -----
    The local workers are spawned without distributed's default
    ``MALLOC_TRIM_THRESHOLD_=65536``: that setting also turns off glibc's adaptive mmap
    threshold, so every NumPy temporary above 128 kB is mmap'ed, page-faulted in and
    unmapped again, and the light engine and the layer blocks ran 3-4x slower in the
    workers than in one process (5 km lattice rows, warm worker: 6.1 s vs 1.7 s CPU).
    Freed blocks above glibc's adaptive threshold (<= 32 MB) still go back to the
    system at once. A ``MALLOC_TRIM_THRESHOLD_`` set in the environment still applies.

    Each local worker may use the machine's memory divided by the workers
    (``memory_limit="auto"``): a fixed 3 GiB per worker made ``--domain arctic`` (16x the
    Greenland box) fail at any resolution, the nanny killing workers over their limit.
    The Greenland 1 km build peaks at ~1.3 GiB per worker.
    """
    import dask
    from distributed import Client, LocalCluster

    dask.config.set({"distributed.worker.daemon": False})
    if scheduler:
        # an existing cluster keeps its own configuration (set by whoever started it)
        return _connect(Client, check_scheduler_address(scheduler)), None
    n = n_workers or max(1, os.cpu_count() or 1)
    log.debug("starting a local dask cluster of %d worker processes", n)
    # the worker processes start with SIGINT ignored (inherited; Python keeps an ignored
    # SIGINT): a Ctrl-C in the terminal reaches the whole process group, and each worker
    # died with its own KeyboardInterrupt traceback. The command (this process) still
    # gets it, stops the build and closes the cluster, which ends the workers.
    main_thread = threading.current_thread() is threading.main_thread()
    old_int = signal.signal(signal.SIGINT, signal.SIG_IGN) if main_thread else None
    try:
        cluster = _local_cluster(LocalCluster, n)
    finally:
        if main_thread:
            signal.signal(signal.SIGINT, old_int)
    return Client(cluster), cluster


def _local_cluster(cluster_cls: Any, n: int) -> Any:
    import dask

    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        return cluster_cls(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            memory_limit="auto",
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        )


def _compute_lattice(client: Any, plan: BuildPlan, n_parts: int) -> LightLattice:
    lat_lo, lat_hi, lon_lo, lon_hi = domain_lat_lon_bounds(plan)
    la, lo = lattice_nodes(lat_lo, lat_hi, lon_lo, lon_hi)
    windows = work_windows(plan)
    need = zone_need(la, lo)
    parts = [p for p in np.array_split(np.arange(la.size), max(1, n_parts)) if p.size]
    futs = [
        client.submit(lattice_rows, la[p], lo, plan.year, windows, need[:, p], pure=False)
        for p in parts
    ]
    rows = client.gather(futs)
    del futs  # the workers' copies
    # joined here key by key, each slice's arrays dropped once joined: the driver holds
    # the rows once (not the slices and their concatenation side by side)
    joined = {
        k: np.concatenate([r.pop(k) for r in rows], axis=-2 if k.startswith("work") else 1)
        for k in list(rows[0])
    }
    del rows
    lattice = light_lattice(la, lo, plan.year, [joined])
    del joined
    _ = lattice.tables  # the monthly tables, once here rather than on every worker
    return lattice


def _for_workers(lattice: LightLattice) -> LightLattice:
    """The lattice without the nodes' ``d_s``, its monthly tables already computed."""
    import dataclasses

    slim = dataclasses.replace(lattice, d_s={})
    # cached properties live in the instance dict (pickled with it)
    for name in ("tables", "month_of_day"):
        slim.__dict__[name] = getattr(lattice, name)
    return slim


def trim_heap() -> bool:
    """Give the C heap's free memory back to the system (glibc ``malloc_trim(0)``).

    NumPy's freed arrays below glibc's adaptive mmap threshold (up to 32 MB) go back to
    the heap, not to the system: a worker's resident set then stays at the high-water
    mark of its biggest task. Called after each block and once the driver has handed
    the light lattice to the workers; it costs milliseconds (glibc's ``malloc_trim(3)``).

    Returns
    -------
    bool
        True when glibc trimmed (released) memory; False when nothing was released or the
        C library is not glibc (then it does nothing).
    """
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.malloc_trim(0))
    except (OSError, AttributeError):
        return False


def _block_to_zarr(plan: BuildPlan, lattice: Any, row0: int, row1: int, zarr_path: str) -> int:
    from arcticrecon.grid.output import block_dataset

    arrays = compute_block(plan, lattice, row0, row1)
    n_exact = int(arrays.pop("n_exact"))
    ds = block_dataset(plan, arrays)
    ds.to_zarr(zarr_path, region={"y": slice(row0, row1)}, mode="r+", zarr_format=2)
    del arrays, ds
    trim_heap()
    return n_exact


def build_tmp_dir(out_dir: Path) -> Path:
    """The temporary sibling folder a build of ``out_dir`` writes into (``OUT.tmp-build``)."""
    out_dir = Path(out_dir)
    return out_dir.with_name(out_dir.name + ".tmp-build")


def check_build_dir(out_dir: Path) -> Path:
    """The build folder of ``out_dir`` (:func:`build_tmp_dir`), once it may be (re)used.

    A leftover of a killed build (it holds the grid-build marker,
    :func:`arcticrecon.files.output_command`) may be removed; anything else is not ours.

    Raises
    ------
    InputError
        If the folder exists and was not left by a grid build (naming ``--out``).
    """
    from arcticrecon.errors import InputError
    from arcticrecon.files import output_command

    tmp = build_tmp_dir(out_dir)
    if tmp.exists() and output_command(tmp) != "grid build":
        raise InputError(
            f"--out {str(out_dir)!r}: the build folder {str(tmp)!r} exists and was not left "
            "by an interrupted grid build; move it away or choose another --out",
            field="out",
            value=str(out_dir),
        )
    return tmp


def build_grid(
    plan: BuildPlan,
    out_dir: Path,
    client: Any,
    *,
    months: tuple[int, ...] = tuple(range(1, 13)),
    cogs: bool = True,
    maps: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> BuildResult:
    """Build every layer of ``plan`` into ``out_dir`` on ``client``'s cluster.

    Parameters
    ----------
    plan : BuildPlan
    out_dir : Path
        Output folder (created; ``grid.zarr``, ``cogs/``, ``maps/`` inside). It is written
        to a temporary sibling first and moved into place at the end, so a failed build
        leaves nothing half-written.
    client : distributed.Client
    months : tuple of int
        Months (1-12) for which COGs and maps are written (the Zarr holds all 12).
    cogs, maps : bool
        Write the GeoTIFFs / PNG maps.
    progress : callable(stage, done, total), optional

    Raises
    ------
    InputError
        If the build folder ``OUT.tmp-build`` exists and is not the leftover of a killed
        grid build (it holds no grid-build marker): it is not removed.

    Returns
    -------
    BuildResult
    """
    from distributed import as_completed

    from arcticrecon.files import mark_output_folder
    from arcticrecon.grid.output import init_zarr, write_cogs, write_maps

    out_dir = Path(out_dir)
    tmp = check_build_dir(out_dir)
    if tmp.exists():  # a killed build's leftover
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    mark_output_folder(tmp, "grid build")  # from the start: a killed build's leftover
    zarr_path = tmp / "grid.zarr"
    secs: dict[str, float] = {}
    tell = progress or (lambda stage, done, total: None)

    t0 = time.perf_counter()
    n_workers = max(1, len(client.scheduler_info().get("workers", {})) or 1)
    log.info(
        "grid build: %d cells (%d x %d at %g m), %d exercises, %d dask workers -> %s",
        plan.spec.n_cells,
        plan.spec.shape[0],
        plan.spec.shape[1],
        plan.spec.res_m,
        len(plan.exercises),
        n_workers,
        out_dir,
    )
    tell("light lattice", 0, 1)
    lattice = _compute_lattice(client, plan, 4 * n_workers)
    tell("light lattice", 1, 1)
    secs["light_lattice"] = time.perf_counter() - t0
    log.debug(
        "light lattice: %d x %d nodes in %.1f s",
        lattice.lat_deg.size,
        lattice.lon_deg.size,
        secs["light_lattice"],
    )

    t1 = time.perf_counter()
    init_zarr(plan, zarr_path, CHUNK_ROWS)
    # the workers need the monthly tables, g and the altitudes, not the nodes' D (only
    # used to build the tables here): 1/4 less to send and to hold per worker
    [lat_f] = client.scatter([_for_workers(lattice)], broadcast=True)
    del lattice  # the driver's copy (hundreds of MB at any resolution)
    trim_heap()
    [plan_f] = client.scatter([plan], broadcast=True)
    ny = plan.spec.shape[0]
    bands = [(r, min(r + CHUNK_ROWS, ny)) for r in range(0, ny, CHUNK_ROWS)]
    futs = [
        client.submit(_block_to_zarr, plan_f, lat_f, a, b, str(zarr_path), pure=False)
        for a, b in bands
    ]
    n_exact = 0
    for i, f in enumerate(as_completed(futs), 1):
        n_exact += int(f.result())
        tell("layers", i, len(futs))
    secs["layers"] = time.perf_counter() - t1
    log.debug("layers: %d row bands in %.1f s", len(futs), secs["layers"])
    del lat_f

    # the PNG maps are drawn here (matplotlib) while the workers write the GeoTIFFs
    drawn: dict[str, Any] = {}

    def draw() -> None:
        t3 = time.perf_counter()
        try:
            drawn["paths"] = write_maps(plan, zarr_path, tmp / "maps", months, tell)
        except BaseException as err:  # re-raised in the calling thread
            drawn["error"] = err
        drawn["seconds"] = time.perf_counter() - t3

    drawer = threading.Thread(target=draw, name="grid-maps", daemon=True) if maps else None
    if drawer is not None:
        drawer.start()
    cog_paths: tuple[Path, ...] = ()
    if cogs:
        t2 = time.perf_counter()
        cog_paths = write_cogs(plan, zarr_path, tmp / "cogs", months, client, tell)
        secs["cogs"] = time.perf_counter() - t2
    map_paths: tuple[Path, ...] = ()
    if drawer is not None:
        t4 = time.perf_counter()
        drawer.join()
        if "error" in drawn:
            raise drawn["error"]
        map_paths = drawn["paths"]
        secs["maps"] = drawn["seconds"]  # overlapping the GeoTIFFs
        secs["maps_after_cogs"] = time.perf_counter() - t4
    mark_output_folder(tmp, "grid build")  # what `--force` may replace next time
    if out_dir.exists():
        shutil.rmtree(out_dir)
    tmp.rename(out_dir)
    secs["total"] = time.perf_counter() - t0
    log.info(
        "grid build done in %.1f s (%s)",
        secs["total"],
        ", ".join(f"{k} {v:.1f} s" for k, v in secs.items() if k != "total"),
    )

    def moved(p: Path) -> Path:
        return out_dir / p.relative_to(tmp)

    return BuildResult(
        zarr_path=out_dir / "grid.zarr",
        cogs=tuple(moved(p) for p in cog_paths),
        maps=tuple(moved(p) for p in map_paths),
        seconds=secs,
        n_cells=plan.spec.n_cells,
        n_exact_light=n_exact,
    )
