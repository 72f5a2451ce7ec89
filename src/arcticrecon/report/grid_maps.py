"""Gridded maps in the consultation report (``arcticrecon plan --grids DIR``).

Reads the PNG maps that ``arcticrecon grid build`` wrote into ``DIR/maps`` (EPSG:3413,
coastline, colour bar with units; :func:`arcticrecon.grid.maps.render_layer_map`) and the
layer sources and caveats from the grid's Zarr attributes, and returns the report's
template context: the suitability map of each exercise (matched by the exercise's name
in the mission file the grid was built from) and the common light, cold and satcom maps.
The pictures are embedded as ``data:`` URIs, so the HTML stays one self-contained file and
the PDF carries them too.
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

__all__ = ["COMMON_MAPS", "grid_maps_context"]

#: Common maps of a build (file stem = layer name), in report order.
COMMON_MAPS = ("civil_light_h", "polar_night_days", "t2m_mean_degC", "satcom_elevation_deg")


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _changed_since_the_grid(mission: Any, by_name: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Exercises scored differently by ``mission`` than by the grid: name -> what changed.

    Compared: the grid scoring (weights, constraints), design wind and working hours.
    """
    from arcticrecon.grid.blocks import plan_from_mission
    from arcticrecon.grid.domain import grid_spec

    now = plan_from_mission(mission, grid_spec("greenland", res_km=250))
    out: dict[str, str] = {}
    for e in now.exercises:
        g = by_name.get(e.name)
        if g is None:
            continue
        what = []
        if g.get("scoring") != e.scoring.describe():
            what.append("weights or constraints")
        if g.get("design_wind_kmh") != e.design_wind_kmh:
            what.append(f"design wind {g.get('design_wind_kmh')} -> {e.design_wind_kmh} km/h")
        if (g.get("daily_hours") or None) != (list(e.daily_hours) if e.daily_hours else None):
            what.append("daily hours")
        if what:
            out[e.name] = ", ".join(what)
    return out


def grid_maps_context(
    grids_dir: Path, exercise_names: list[str], *, mission: Any = None
) -> dict[str, Any]:
    """Template context of a built grid's maps.

    Parameters
    ----------
    grids_dir : Path
        Folder written by ``arcticrecon grid build``.
    exercise_names : list of str
        The plan's exercises, in order.
    mission : Mission, optional
        The plan's mission: an exercise whose grid scoring changed since the grid was
        built (weights, constraints, design wind, daily hours) gets no map either (its
        map would not match the ranking above it), with a warning naming what changed.

    Returns
    -------
    dict
        ``grid`` (``title``, ``res_km``, ``domain``, ``light_year``, ``folder``),
        ``common`` (list of ``name``, ``title``, ``units``, ``src``, ``source``),
        ``by_exercise`` (exercise name -> ``src``, ``scoring``, ``source``, ``caveat``) and
        ``missing`` (exercise names without a map, with why; also logged as a warning,
        which the command line prints on standard error).

    Raises
    ------
    InputError
        If ``grids_dir`` holds no grid, or no maps (built without them).
    """
    from arcticrecon.errors import InputError
    from arcticrecon.grid.blocks import VARIABLES
    from arcticrecon.grid.output import open_grid

    ds = open_grid(grids_dir)
    maps = Path(grids_dir) / "maps"
    if not maps.is_dir():
        raise InputError(
            f"--grids {grids_dir}: no maps/ folder; rebuild with `arcticrecon grid build` "
            "(maps are written by default)",
            field="grids",
            value=str(grids_dir),
        )
    spec = json.loads(ds.attrs["grid"])
    exercises = json.loads(ds.attrs.get("exercises", "[]"))
    by_name = {e["name"]: e for e in exercises}
    common = []
    for name in COMMON_MAPS:
        p = maps / f"{name}.png"
        if p.is_file():
            _, units, long_name, source = VARIABLES[name]
            common.append(
                {
                    "name": name,
                    "title": long_name,
                    "units": units,
                    "src": _data_uri(p),
                    "source": source,
                }
            )
    by_exercise: dict[str, dict[str, Any]] = {}
    missing = []
    stale = _changed_since_the_grid(mission, by_name) if mission is not None else {}
    _, _, suit_long, suit_source = VARIABLES["suitability"]
    for name in exercise_names:
        if name in stale:
            missing.append(f"{name}: changed since the grid was built ({stale[name]})")
            continue
        e = by_name.get(name)
        png = maps / f"{e['key']}__suitability.png" if e else None
        if e is None or png is None or not png.is_file():
            why = (
                "not in the grid's mission file"
                if e is None
                else "its map was not written (grid built without maps)"
            )
            missing.append(f"{name}: {why}")
            continue
        by_exercise[name] = {
            "src": _data_uri(png),
            "title": suit_long,
            "scoring": e.get("scoring", ""),
            "source": suit_source,
            "daily_hours": "-".join(e["daily_hours"][:2]) if e.get("daily_hours") else None,
        }
    if missing:  # said on stderr too: the report only notes it under the common maps
        log.warning(
            "--grids %s: no suitability map for %d of the plan's %d exercises (%s); build "
            "the grid from this mission file to have them",
            grids_dir,
            len(missing),
            len(exercise_names),
            "; ".join(missing),
        )
    return {
        "grid": {
            "title": ds.attrs.get("title", ""),
            "res_km": float(spec["res_m"]) / 1000.0,
            "domain": spec.get("domain", ""),
            "light_year": ds.attrs.get("light_year"),
            "folder": str(Path(grids_dir).resolve().name),
        },
        "common": common,
        "by_exercise": by_exercise,
        "missing": missing,
    }
