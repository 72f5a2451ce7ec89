"""A small grid written synchronously by the build's own functions (no Dask cluster).

The cluster path (``build_grid`` on a LocalCluster) is tested in ``tests/unit/grid``;
web and report tests only need a built folder: ``DIR/grid.zarr`` (+ ``DIR/maps``).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_small_grid(
    out: Path,
    box: tuple[float, float, float, float],
    res_m: float,
    *,
    maps_months: tuple[int, ...] | None = None,
) -> Path:
    """Write the example mission's grid over ``box`` (EPSG:3413 [m]) into ``out``."""
    from arcticrecon.grid.blocks import plan_from_mission, plan_lattice
    from arcticrecon.grid.build import _block_to_zarr, domain_lat_lon_bounds
    from arcticrecon.grid.domain import GridSpec
    from arcticrecon.grid.light import lattice_nodes
    from arcticrecon.grid.output import init_zarr, write_maps
    from arcticrecon.mission import read_mission_file

    mission = read_mission_file(ROOT / "examples" / "greenland-recon-2026.toml")
    plan = plan_from_mission(mission, GridSpec("custom", res_m, *box))
    lattice = plan_lattice(plan, *lattice_nodes(*domain_lat_lon_bounds(plan)))
    out.mkdir(parents=True)
    init_zarr(plan, out / "grid.zarr", 128)
    _block_to_zarr(plan, lattice, 0, plan.spec.shape[0], str(out / "grid.zarr"))
    if maps_months:
        write_maps(plan, out / "grid.zarr", out / "maps", maps_months, lambda *a: None)
    return out
