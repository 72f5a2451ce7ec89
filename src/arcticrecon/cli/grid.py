"""``arcticrecon grid``: gridded opportunity maps (build, show, import-dem).

Nothing heavy is imported at module level (dask, xarray, rasterio load inside the
commands), so ``arcticrecon --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from arcticrecon.cli.common import console, err_console
from arcticrecon.errors import InputError

__all__ = ["app", "parse_months"]

app = typer.Typer(
    help="Gridded maps of light, cold, terrain, reach, satcom and suitability (EPSG:3413).",
    no_args_is_help=True,
)


def parse_months(text: str) -> tuple[int, ...]:
    """``"1-12"``, ``"1,2,12"``, ``"11-2"`` (wrapping) -> months.

    Raises
    ------
    InputError
        If a part is not a month 1-12.

    Examples
    --------
    >>> parse_months("11-2"), parse_months("6")
    ((11, 12, 1, 2), (6,))
    """
    out: list[int] = []
    for part in text.split(","):
        p = part.strip()
        try:
            if "-" in p:
                a, b = (int(v) for v in p.split("-", 1))
                if not (1 <= a <= 12 and 1 <= b <= 12):
                    raise ValueError
                seq = list(range(a, b + 1)) if a <= b else [*range(a, 13), *range(1, b + 1)]
            else:
                seq = [int(p)]
                if not 1 <= seq[0] <= 12:
                    raise ValueError
        except ValueError:
            raise InputError(
                f"--months {text!r}: {p!r} is not a month 1-12 or a range such as 1-12",
                field="months",
                value=text,
            ) from None
        out += [m for m in seq if m not in out]
    return tuple(out)


@app.command("build")
def build(
    mission_file: Annotated[Path, typer.Argument(help="Mission file (TOML/YAML).")],
    out: Annotated[Path, typer.Option("--out", help="Output folder.")],
    res_km: Annotated[float, typer.Option("--res-km", help="Cell size [km].")] = 1.0,
    months: Annotated[str, typer.Option(help="Months for GeoTIFFs and maps.")] = "1-12",
    scheduler: Annotated[
        str | None, typer.Option(help="Existing Dask scheduler, e.g. tcp://host:8786.")
    ] = None,
    domain: Annotated[str, typer.Option(help="greenland or arctic (north of 60°N).")] = (
        "greenland"
    ),
    sat_lon_deg: Annotated[
        float, typer.Option("--sat-lon-deg", help="GEO satellite longitude [deg east].")
    ] = -30.0,
    workers: Annotated[
        int | None, typer.Option(help="LocalCluster worker processes (>= 1).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out.")] = False,
) -> None:
    """Build the grid: Zarr store, Cloud-Optimized GeoTIFFs and PNG maps in OUT.

    An existing OUT is replaced only with ``--force`` and only when it is an earlier grid
    build or empty (the same rule as ``plan``); never when it is the mission database, the
    working folder or a folder holding the mission file or the database. An interrupted build
    (Ctrl-C, SIGTERM) removes its temporary folder ``OUT.tmp-build``.
    """
    import shutil
    import signal

    from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    from arcticrecon.cli.store_options import refuse_database_target
    from arcticrecon.files import output_command
    from arcticrecon.geo.satcom import _check_sat_lon
    from arcticrecon.grid.blocks import plan_from_mission
    from arcticrecon.grid.build import (
        build_grid,
        check_build_dir,
        check_scheduler_address,
        open_client,
    )
    from arcticrecon.grid.domain import grid_spec
    from arcticrecon.mission import read_mission_file
    from arcticrecon.report.writer import _check_writable

    mons = parse_months(months)
    if workers is not None and workers < 1:
        raise InputError(
            f"--workers {workers}: must be at least 1 worker process",
            field="workers",
            value=workers,
            valid_range=">= 1",
        )
    # every option's value before the file system (one error after the other is a chore)
    spec = grid_spec(domain, res_km=res_km)
    try:
        sat_lon = _check_sat_lon(sat_lon_deg)
    except InputError as err:
        raise InputError(
            f"--sat-lon-deg {sat_lon_deg:g}: {err}", field="sat_lon_deg", value=sat_lon_deg
        ) from None
    if scheduler is not None:
        check_scheduler_address(scheduler)  # "" too: not silently a local cluster
    refuse_database_target(None, out)  # the default/$ARCTICRECON_DATABASE_URL database
    # before any work: exists without --force, or not an earlier grid build -> exit 2
    out = _check_writable(out, force, kind="grid build", protected=[mission_file])
    tmp_dir = check_build_dir(out)  # before the cluster starts (build_grid checks again)
    mission = read_mission_file(mission_file)
    plan = plan_from_mission(mission, spec, sat_lon_deg=sat_lon)

    def on_term(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt  # unwinds through the finally below (cleanup)

    old_term = signal.signal(signal.SIGTERM, on_term)
    client = cluster = None
    try:
        client, cluster = open_client(scheduler, workers)
        console.print(
            f"grid {spec.domain} {spec.shape[0]} x {spec.shape[1]} cells at {res_km:g} km "
            f"(EPSG:3413); Dask dashboard: {client.dashboard_link}",
            highlight=False,
        )
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=err_console,
        ) as bar:
            tasks: dict[str, TaskID] = {}

            def tell(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=total)
                bar.update(tasks[stage], completed=done, total=total)

            res = build_grid(plan, out, client, months=mons, progress=tell)
    except BaseException as err:
        if isinstance(err, KeyboardInterrupt):
            # the build stops here: the cluster's shutdown chatter (futures cancelled,
            # "Task exception was never retrieved", lost workers) is no news to the user
            import logging

            for name in ("asyncio", "distributed", "tornado"):
                logging.getLogger(name).setLevel(logging.CRITICAL + 1)
        if output_command(tmp_dir) == "grid build":  # ours, not a folder refused above
            shutil.rmtree(tmp_dir, ignore_errors=True)
        raise
    finally:
        signal.signal(signal.SIGTERM, old_term)
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    console.print(
        f"wrote {len(res.cogs)} GeoTIFFs, {len(res.maps)} maps and the Zarr store "
        f"{res.zarr_path} in {res.seconds['total']:.0f} s",
        highlight=False,
    )


@app.command("show")
def show(
    grid_dir: Annotated[Path, typer.Argument(help="Folder written by `grid build`.")],
    at: Annotated[
        str,
        typer.Option(
            "--at", help="Position: LAT,LON (decimal or DMS) or MGRS, e.g. '22W DS 66270 17412'."
        ),
    ],
) -> None:
    """Print every layer's value in the cell holding a point."""
    import numpy as np

    from arcticrecon.cold.scalar import FROSTBITE_BANDS
    from arcticrecon.grid.blocks import VARIABLES
    from arcticrecon.grid.output import open_grid, values_at
    from arcticrecon.zones.reading import parse_position_text

    # the position forms the survey sheets and the web map accept: decimal, DMS, MGRS/UPS
    try:
        lat, lon = parse_position_text(at)
    except InputError as err:
        hint = "" if "," in at else "; or give an MGRS reference such as 22W DS 66270 17412"
        raise InputError(f"--at {at!r}: {err}{hint}", field="at", value=at) from err
    ds = open_grid(grid_dir)
    v = values_at(ds, lat_deg=lat, lon_deg=lon)
    console.print(
        f"point at EPSG:3413 x {v['x_m']:.0f} m, y {v['y_m']:.0f} m: grid cell row "
        f"{v['row']}, col {v['col']}",
        highlight=False,
        markup=False,
    )
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

    def fmt(x: float) -> str:
        # 3 significant digits, whole numbers from 1000 up (1850 km, not 1.85e+03)
        if not np.isfinite(x):
            return "unknown"
        return f"{x:.0f}" if abs(x) >= 1000 else f"{x:.3g}"

    def band(x: float) -> str:
        # Environment Canada frostbite bands (arcticrecon.cold.scalar.FROSTBITE_BANDS)
        if not np.isfinite(x):
            return "unknown"
        return FROSTBITE_BANDS[int(x)].short if 0 <= int(x) < len(FROSTBITE_BANDS) else "unknown"

    # a NaN suitability says why: excluded by a constraint, or an input unknown
    import json

    # a constraint by what it needs ("needs mean air temperature at or below 0 °C"):
    # its name alone ("excluded(freezing)") read as if freezing were the reason
    cons = [
        [c.get("label") or c["name"] for c in e.get("constraints", [])]
        for e in json.loads(ds.attrs["exercises"])
    ]
    hours = [bool(e.get("daily_hours")) for e in json.loads(ds.attrs["exercises"])]
    status = np.asarray(v.get("suitability_status", np.zeros((len(cons), 12))), dtype=int)

    def why(e: int, m: int, x: float) -> str:
        if np.isfinite(x):
            return f"{x:.3g}"
        k = int(status[e, m])
        if k >= 1 and k <= len(cons[e]):
            return f"excluded(needs {cons[e][k - 1]})"
        return "unknown(input)" if k == -1 else "unknown"

    for name, (dims, units, long_name, _src) in VARIABLES.items():
        if name not in v:  # a grid built before this layer existed
            continue
        val = np.asarray(v[name], dtype=float)
        units = "" if units == "1" else units
        lead = [d for d in dims if d not in ("y", "x")]
        if not lead:
            console.print(
                f"{name} = {f'{fmt(float(val))} {units}'.rstrip()}  ({long_name})",
                highlight=False,
                markup=False,
            )
            continue
        labels = [""]
        rows = [val]
        if lead[0] in ("exercise", "aircraft", "presence"):
            labels = [f" [{c}]" for c in ds[lead[0]].values]
            rows = list(val)
        if name == "suitability_status":
            continue  # shown in the suitability rows
        for e_i, (lab, r) in enumerate(zip(labels, rows, strict=True)):
            if name == "suitability":
                parts = "  ".join(
                    f"{m} {why(e_i, k, x)}" for k, (m, x) in enumerate(zip(months, r, strict=True))
                )
                console.print(f"{name}{lab}: {parts}", highlight=False, markup=False)
                continue
            if name == "covered":  # inside a presence option's response radius or not
                yes = np.isfinite(float(r)) and float(r) > 0
                console.print(
                    f"{name}{lab} = {'yes' if yes else 'no'}", highlight=False, markup=False
                )
            elif np.ndim(r) == 0:
                console.print(
                    f"{name}{lab} = {fmt(float(r))} {units}".rstrip(), highlight=False, markup=False
                )
            elif name == "civil_light_workday_h" and not hours[e_i]:
                console.print(
                    f"{name}{lab}: not applicable (the exercise has no daily_hours)",
                    highlight=False,
                    markup=False,
                )
            elif name == "frostbite_band":  # the band's time to freeze, not its code
                parts = "  ".join(f"{m} {band(x)}" for m, x in zip(months, r, strict=True))
                console.print(
                    f"{name}{lab} [time for exposed skin to freeze]: {parts}",
                    highlight=False,
                    markup=False,
                )
            else:
                parts = "  ".join(f"{m} {fmt(x)}" for m, x in zip(months, r, strict=True))
                console.print(
                    f"{name}{lab}{f' [{units}]' if units else ''}: {parts}",
                    highlight=False,
                    markup=False,
                )


@app.command("import-dem")
def import_dem_command(
    dem_file: Annotated[Path, typer.Argument(help="GeoTIFF DEM (e.g. Copernicus GLO-30).")],
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("dem"),
    force: Annotated[
        bool, typer.Option("--force", help="Replace slope files already in --out.")
    ] = False,
) -> None:
    """Slope and helicopter landing-zone slope classes (<= 7°, 7-15°, > 15°) from a DEM.

    Writes FILE-stem_slope_deg.tif and FILE-stem_hlz_slope_class.tif (Cloud-Optimized
    GeoTIFFs in the DEM's own CRS) into the --out folder.
    """
    from arcticrecon.grid.dem import import_dem

    if not dem_file.is_file():
        what = "is a folder, not a file" if dem_file.is_dir() else "does not exist"
        raise InputError(f"DEM file {dem_file} {what}", field="FILE", value=str(dem_file))
    paths = import_dem(dem_file, out, force=force)
    for k, p in paths.items():
        console.print(f"{k}: {p}", highlight=False)
