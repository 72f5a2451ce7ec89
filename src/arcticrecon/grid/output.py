"""Grid outputs: the CF-conventions Zarr store, Cloud-Optimized GeoTIFFs, PNG maps, reading back.

Zarr layout (``DIR/grid.zarr``, Zarr format 2, which GDAL and QGIS read): dims ``y`` (north-up rows), ``x``, ``month`` (1-12),
``exercise``, ``aircraft``, ``presence``; every variable has ``units``, ``long_name``,
``source`` and ``grid_mapping = "crs"``; the scalar variable ``crs`` carries the CF
grid-mapping attributes of EPSG:3413 and its WKT (``crs_wkt``, from pyproj), so xarray,
GDAL and QGIS place it. Chunks: bands of :data:`arcticrecon.grid.build.CHUNK_ROWS` rows.

GeoTIFFs (``DIR/cogs``): one Cloud-Optimized GeoTIFF (GDAL COG driver via rioxarray,
ZSTD) per layer and month (``civil_light_h_01.tif``), per exercise layer and month
(``<exercise>__suitability_01.tif``), and per static layer (``satcom_elevation_deg.tif``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from arcticrecon.grid.blocks import VARIABLES, BuildPlan
from arcticrecon.grid.domain import GridSpec

__all__ = [
    "block_dataset",
    "crs_attrs",
    "init_zarr",
    "open_grid",
    "values_at",
    "write_cogs",
    "write_maps",
]

_INT_VARS = {
    "surface_class",
    "satcom_below_min",
    "satcom_below_horizon",
    "covered",
    "suitability_status",
}


def crs_attrs() -> dict[str, Any]:
    """CF grid-mapping attributes of EPSG:3413, with ``crs_wkt`` and ``spatial_ref``."""
    from pyproj import CRS

    crs = CRS.from_epsg(3413)
    attrs = dict(crs.to_cf())
    attrs["spatial_ref"] = attrs["crs_wkt"]
    attrs["epsg_code"] = "EPSG:3413"
    return attrs


def _coords(plan: BuildPlan, y: NDArray[np.float64]) -> dict[str, Any]:
    s = plan.spec
    return {
        "x": (
            "x",
            s.x_m,
            {"units": "m", "standard_name": "projection_x_coordinate", "axis": "X"},
        ),
        "y": (
            "y",
            y,
            {"units": "m", "standard_name": "projection_y_coordinate", "axis": "Y"},
        ),
        "month": ("month", np.arange(1, 13), {"long_name": "calendar month", "units": "1"}),
        "exercise": ("exercise", [e.key for e in plan.exercises]),
        "aircraft": ("aircraft", [a for a, _ in plan.aircraft]),
        "presence": ("presence", [p.key for p in plan.presences]),
    }


def _var_attrs(name: str) -> dict[str, Any]:
    _, units, long_name, source = VARIABLES[name]
    return {"units": units, "long_name": long_name, "source": source, "grid_mapping": "crs"}


def block_dataset(plan: BuildPlan, arrays: dict[str, NDArray[Any]]) -> Any:
    """An xarray Dataset of one block's arrays (for a region write)."""
    import xarray as xr

    ny = next(v.shape[-2] for v in arrays.values())
    data = {}
    for name, (dims, *_rest) in VARIABLES.items():
        a = np.asarray(arrays[name])
        # no copy of what already has the stored dtype (the block is ~1.3 kB per cell)
        data[name] = (dims, a.astype(np.int8 if name in _INT_VARS else np.float32, copy=False))
    ds = xr.Dataset(data)
    # region writes carry no coordinates (the template wrote them)
    assert ds.sizes["y"] == ny
    return ds


def init_zarr(plan: BuildPlan, path: Path, chunk_rows: int) -> None:
    """Write the store's metadata, coordinates and ``crs`` (data written later by region)."""
    import dask.array as da
    import xarray as xr

    s = plan.spec
    ny, nx = s.shape
    sizes = {
        "y": ny,
        "x": nx,
        "month": 12,
        "exercise": len(plan.exercises),
        "aircraft": len(plan.aircraft),
        "presence": len(plan.presences),
    }
    data = {}
    for name, (dims, *_rest) in VARIABLES.items():
        shape = tuple(sizes[d] for d in dims)
        # one 2-D band per chunk: a GeoTIFF or a map of one month reads only its own
        # chunks (with whole months x exercises per chunk, each of the 60 slices of an
        # exercise layer decompressed all 60)
        chunks = tuple(chunk_rows if d == "y" else sizes[d] if d == "x" else 1 for d in dims)
        dtype = np.int8 if name in _INT_VARS else np.float32
        fill = 0 if name in _INT_VARS else np.nan
        arr = da.full(shape, fill, dtype=dtype, chunks=tuple(max(1, c) for c in chunks))
        attrs = _var_attrs(name)
        if name in _NEEDS_DAILY_HOURS:
            empty = [e.key for e in plan.exercises if not e.daily_hours]
            if empty:
                attrs["not_written"] = (
                    "all NaN, no GeoTIFF: exercises without daily_hours in the mission "
                    "file (" + ", ".join(empty) + ")"
                )
        data[name] = (dims, arr, attrs)
    data["crs"] = ((), np.int32(0), crs_attrs())
    ds = xr.Dataset(data, coords=_coords(plan, s.y_m))
    ds.attrs.update(
        {
            "Conventions": "CF-1.8",
            "title": f"arcticrecon opportunity grid: {plan.mission_name}",
            "institution": "arcticrecon",
            "source": "arcticrecon.grid (see each variable's source)",
            "history": "arcticrecon grid build",
            "grid": json.dumps(s.to_attrs()),
            "light_year": plan.year,
            "sat_lon_deg": plan.sat_lon_deg,
            "min_elevation_deg": plan.min_elevation_deg,
            "hubs": json.dumps(plan.hubs),
            "exercises": json.dumps(
                [
                    {
                        "key": e.key,
                        "name": e.name,
                        "kind": e.kind,
                        "aircraft": list(e.aircraft),
                        "design_wind_kmh": e.design_wind_kmh,
                        "daily_hours": list(e.daily_hours) if e.daily_hours else None,
                        "scoring": e.scoring.describe(),
                        "constraints": [
                            {"name": c.name, "label": c.label} for c in e.scoring.constraints
                        ],
                    }
                    for e in plan.exercises
                ]
            ),
            "presence_options": json.dumps(
                [
                    {"key": p.key, "name": p.name, "radius_m": p.radius_m, "bases": p.bases}
                    for p in plan.presences
                ]
            ),
        }
    )
    encoding = {"x": {"chunks": (nx,)}, "y": {"chunks": (ny,)}}
    ds.to_zarr(path, compute=False, mode="w", encoding=encoding, zarr_format=2)


def open_grid(path: Path | str) -> Any:
    """Open a built grid (``DIR`` or ``DIR/grid.zarr``) lazily.

    Raises
    ------
    InputError
        If the folder holds no arcticrecon grid.
    """
    import xarray as xr

    from arcticrecon.errors import InputError

    p = Path(path)
    z = p / "grid.zarr" if (p / "grid.zarr").exists() else p
    try:
        ds = xr.open_zarr(z, consolidated=None)
    except (OSError, ValueError, KeyError, FileNotFoundError) as err:
        raise InputError(
            f"{path}: not an arcticrecon grid ({type(err).__name__}); run "
            "`arcticrecon grid build MISSION.toml --out DIR` first",
            field="DIR",
            value=str(path),
        ) from None
    if "grid" not in ds.attrs:
        raise InputError(f"{path}: not an arcticrecon grid", field="DIR", value=str(path))
    return ds


def spec_of(ds: Any) -> GridSpec:
    """The :class:`GridSpec` of an opened grid."""
    return GridSpec.from_attrs(json.loads(ds.attrs["grid"]))


def values_at(ds: Any, *, lat_deg: float, lon_deg: float) -> dict[str, Any]:
    """Every layer's values in the cell holding a point.

    Returns
    -------
    dict
        ``row``, ``col``, ``x_m``, ``y_m`` and per variable a scalar or an array over its
        leading dims (month / exercise x month / aircraft / presence).

    Raises
    ------
    OutOfDomainError
        If the point lies outside the grid.
    """
    from arcticrecon.errors import OutOfDomainError
    from arcticrecon.geo.projection import to_polar_stereo

    spec = spec_of(ds)
    x, y = to_polar_stereo(lat_deg=lat_deg, lon_deg=lon_deg)
    row, col = spec.index_of(x_m=x, y_m=y)
    if int(row) < 0:
        raise OutOfDomainError(
            f"--at {lat_deg:g},{lon_deg:g} lies outside the grid ({spec.domain} domain, "
            f"EPSG:3413 x {spec.xmin_m / 1e3:.0f}..{spec.xmax_m / 1e3:.0f} km, y "
            f"{spec.ymin_m / 1e3:.0f}..{spec.ymax_m / 1e3:.0f} km)",
            field="at",
            value=(lat_deg, lon_deg),
        )
    cell = ds.isel(y=int(row), x=int(col))
    out: dict[str, Any] = {"row": int(row), "col": int(col), "x_m": x, "y_m": y}
    for name in VARIABLES:
        if name in cell:  # a grid built before a layer was added lacks it
            out[name] = np.asarray(cell[name].values)
    return out


def _cog_jobs(plan: BuildPlan, months: tuple[int, ...]) -> list[tuple[str, dict[str, Any], str]]:
    """``(variable, selection, file name)`` of every GeoTIFF of a build.

    Left out: the working-day light of an exercise without ``daily_hours`` (all NaN by
    construction; the Zarr variable's ``not_written`` attribute names them).
    """
    jobs: list[tuple[str, dict[str, Any], str]] = []
    for name, (dims, *_r) in VARIABLES.items():
        lead = [d for d in dims if d not in ("y", "x")]
        if not lead:
            jobs.append((name, {}, f"{name}.tif"))
        elif lead == ["month"]:
            jobs += [(name, {"month": m}, f"{name}_{m:02d}.tif") for m in months]
        elif lead == ["aircraft"]:
            jobs += [(name, {"aircraft": a}, f"{name}__{a}.tif") for a, _ in plan.aircraft]
        elif lead == ["presence"]:
            jobs += [(name, {"presence": p.key}, f"covered__{p.key}.tif") for p in plan.presences]
        else:
            jobs += [
                (name, {"exercise": e.key, "month": m}, f"{e.key}__{name}_{m:02d}.tif")
                for e in plan.exercises
                if not (name in _NEEDS_DAILY_HOURS and not e.daily_hours)
                and not (name == "suitability_status" and not e.scoring.constraints)
                for m in months
            ]
    return jobs


#: Exercise layers that are all NaN for an exercise without daily hours (no GeoTIFF).
_NEEDS_DAILY_HOURS = frozenset({"civil_light_workday_h"})


def _cog_groups(
    jobs: list[tuple[str, dict[str, Any], str]],
) -> list[list[tuple[str, dict[str, Any], str]]]:
    """COG jobs grouped per variable and exercise (one task opens the store once)."""
    groups: dict[tuple[str, str], list[tuple[str, dict[str, Any], str]]] = {}
    for job in jobs:
        groups.setdefault((job[0], str(job[1].get("exercise", ""))), []).append(job)
    return list(groups.values())


def write_cog(zarr_path: str, name: str, sel: dict[str, Any], path: str) -> str:
    """Write one 2-D slice of the store as a Cloud-Optimized GeoTIFF (EPSG:3413)."""
    return write_cog_group(zarr_path, [(name, sel, path)])[0]


def _zarr_slice(group: Any, name: str, sel: dict[str, Any]) -> NDArray[Any]:
    """The 2-D (y, x) slice ``sel`` of variable ``name`` read straight from the Zarr group."""
    dims = VARIABLES[name][0]
    index: list[Any] = []
    for d in dims:
        if d in ("y", "x"):
            index.append(slice(None))
        elif d == "month":
            index.append(int(sel[d]) - 1)
        else:
            labels = [str(v) for v in group[d][:]]
            index.append(labels.index(str(sel[d])))
    return np.asarray(group[name][tuple(index)])


def write_cog_group(zarr_path: str, jobs: list[tuple[str, dict[str, Any], str]]) -> list[str]:
    """Write 2-D slices ``(variable, selection, path)`` of the store as Cloud-Optimized GeoTIFFs.

    EPSG:3413, the grid's geotransform (cell edges, north-up); ZSTD (level 1) with the
    floating-point predictor for float layers (the horizontal one for integer masks),
    which GDAL >= 2.3 and QGIS read; overviews by the GDAL COG driver, averaged for
    continuous layers (NaN cells ignored) and nearest for the integer classes and masks.
    The variable's ``units``, ``long_name`` and ``source`` are GeoTIFF tags.
    """
    import rasterio
    import rasterio.shutil
    import zarr
    from rasterio.transform import from_origin

    group = zarr.open_group(zarr_path, mode="r")
    spec = GridSpec.from_attrs(json.loads(str(group.attrs["grid"])))
    ny, nx = spec.shape
    transform = from_origin(spec.xmin_m, spec.ymax_m, spec.res_m, spec.res_m)
    done = []
    for name, sel, path in jobs:
        a = _zarr_slice(group, name, sel)
        attrs = {
            k: str(v)
            for k, v in group[name].attrs.items()
            if k not in ("grid_mapping", "_ARRAY_DIMENSIONS")
        }
        is_int = a.dtype == np.int8
        nodata = -128 if is_int else float("nan")
        mem = f"/vsimem/{Path(path).name}"
        with rasterio.open(
            mem,
            "w",
            driver="GTiff",
            width=nx,
            height=ny,
            count=1,
            dtype=a.dtype,
            crs="EPSG:3413",
            transform=transform,
            nodata=nodata,
        ) as tmp:
            tmp.write(a, 1)
            tmp.update_tags(**attrs)
        with rasterio.open(mem) as src:
            rasterio.shutil.copy(
                src,
                path,
                driver="COG",
                compress="ZSTD",
                level=1,
                predictor=2 if is_int else 3,
                resampling="NEAREST" if is_int else "AVERAGE",
            )
        rasterio.shutil.delete(mem)
        done.append(path)
    return done


def write_cogs(
    plan: BuildPlan,
    zarr_path: Path,
    out: Path,
    months: tuple[int, ...],
    client: Any,
    tell: Callable[[str, int, int], None],
) -> tuple[Path, ...]:
    """All COGs of a build, as tasks on the cluster (one per variable and exercise)."""
    from distributed import as_completed

    out.mkdir(parents=True, exist_ok=True)
    groups = _cog_groups(_cog_jobs(plan, months))
    futs = [
        client.submit(
            write_cog_group,
            str(zarr_path),
            [(n, sel, str(out / f)) for n, sel, f in g],
            pure=False,
        )
        for g in groups
    ]
    n_total = sum(len(g) for g in groups)
    done: list[Path] = []
    for f in as_completed(futs):
        done += [Path(p) for p in f.result()]
        tell("GeoTIFFs", len(done), n_total)
    return tuple(sorted(done))


def write_maps(
    plan: BuildPlan,
    zarr_path: Path,
    out: Path,
    months: tuple[int, ...],
    tell: Callable[[str, int, int], None],
) -> tuple[Path, ...]:
    """PNG maps: suitability per exercise (months), light, cold, satcom, polar night."""
    from arcticrecon.grid.maps import render_layer_map

    out.mkdir(parents=True, exist_ok=True)
    ds = open_grid(zarr_path)
    jobs: list[tuple[str, dict[str, Any], str]] = [
        ("suitability", {"exercise": e.key}, f"{e.key}__suitability.png") for e in plan.exercises
    ]
    jobs += [
        ("civil_light_h", {}, "civil_light_h.png"),
        ("polar_night_days", {}, "polar_night_days.png"),
        ("t2m_mean_degC", {}, "t2m_mean_degC.png"),
        ("satcom_elevation_deg", {}, "satcom_elevation_deg.png"),
    ]
    paths = []
    for i, (name, sel, fname) in enumerate(jobs, 1):
        title: str | None = None  # the layer's long name alone
        if "exercise" in sel:
            title = next(e.name for e in plan.exercises if e.key == sel["exercise"])
        paths.append(render_layer_map(ds, name, sel, out / fname, months=months, title=title))
        tell("maps", i, len(jobs))
    return tuple(paths)
