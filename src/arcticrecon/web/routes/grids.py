"""Gridded opportunity layers (issue 14) as map images in EPSG:3413.

``GET /api/grids?exercise=&month=&layer=`` answers the map's image-layer shape
(:class:`~arcticrecon.web.schemas.ImageLayerCollection`: ``marking``, ``layer``,
``images`` = the one picture of the chosen layer, exercise and month) plus the served
grid's catalogue: every layer's units, dims, months, source and caveat and PNG URL
template, its exercises, aircraft and presence options.

``GET /api/grids/{layer}/{month}.png?exercise=&aircraft=&presence=`` is one layer slice
as a north-up RGBA PNG covering ``extent_3413_m`` exactly (unknown cells transparent;
month 0 for the layers without a month). The grid is the folder of ``arcticrecon grid
build``, served with ``arcticrecon serve --grids DIR`` (``ARCTICRECON_GRIDS``).
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response

from arcticrecon.errors import InputError, NotFoundError
from arcticrecon.web.deps import StateDep, ViewDep, policy
from arcticrecon.web.schemas import ImageLayerCollection
from arcticrecon.web.state import AppState

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["grids"], dependencies=[Depends(policy)])

_PNG_CACHE_MAX = 64
_OPACITY = 0.7
_LEAD = ("exercise", "aircraft", "presence")
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _grid(state: AppState) -> Any:
    from arcticrecon.grid.output import open_grid

    d = state.settings.grids_dir
    if d is None:
        raise NotFoundError(
            "no grid is served; start the server with `arcticrecon serve --grids DIR` "
            "(a folder written by `arcticrecon grid build`)",
            field="grids",
        )
    key = f"grids:{d}"
    if key not in state.cache:
        state.cache[key] = open_grid(d)
    return state.cache[key]


def _extent(ds: Any) -> list[float]:
    from arcticrecon.grid.output import spec_of

    s = spec_of(ds)
    return [s.xmin_m, s.ymin_m, s.xmax_m, s.ymax_m]


def _marking(view: Any) -> dict[str, Any]:
    # the grid holds public data evaluated for the server's mission file: the base level
    from arcticrecon.export import DocumentMarking

    marking: dict[str, Any] = DocumentMarking.of([], levels=tuple(view.reader.levels)).to_dict()
    return marking


def _choice(ds: Any, dim: str, value: str | None) -> str | None:
    """The coordinate value of ``dim`` asked for (an exercise also by its mission name)."""
    names = [str(v) for v in ds[dim].values]
    if value is None or value == "":
        return names[0] if names else None
    if dim == "exercise" and value not in names:
        by_name = {e["name"]: e["key"] for e in json.loads(ds.attrs.get("exercises", "[]"))}
        value = by_name.get(value, value)
    if value not in names:
        raise NotFoundError(
            f"{dim} {value!r} is not in the served grid; one of {', '.join(names) or 'none'}",
            field=dim,
            value=value,
        )
    return value


def _legend_brief(name: str) -> dict[str, Any]:
    from arcticrecon.grid.blocks import VARIABLES
    from arcticrecon.grid.maps import STYLES

    _, units, long_name, source = VARIABLES[name]
    cmap, vmin, vmax = STYLES.get(name, ("viridis", None, None))
    return {
        "title": long_name,
        "units": units,
        "cmap": cmap,
        "vmin": vmin,
        "vmax": vmax,
        "note": "open colour-bar ends (null) follow the image's 2nd/98th percentile",
        "source": source,
    }


@router.get("/grids", response_model=ImageLayerCollection)
def grids_index(
    state: StateDep,
    view: ViewDep,
    exercise: Annotated[str | None, Query(max_length=200)] = None,
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
    layer: Annotated[str, Query(max_length=64)] = "suitability",
    aircraft: Annotated[str | None, Query(max_length=64)] = None,
    presence: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    """The served grid's layer catalogue, and the image of one layer, exercise and month.

    ``images`` holds the one picture the map draws (``layer``, default the chosen
    exercise's suitability; month default 1); ``layers`` lists every layer with its
    units, dims, months, source and caveat, each with its PNG ``url_template``.
    """
    from arcticrecon.grid.blocks import VARIABLES

    ds = _grid(state)
    if layer not in VARIABLES:
        raise NotFoundError(
            f"layer {layer!r} is not a grid layer; one of {', '.join(VARIABLES)}",
            field="layer",
            value=layer,
        )
    mon = month or 1
    exercises = {e["key"]: e for e in json.loads(ds.attrs.get("exercises", "[]"))}
    layers = []
    for name, (dims, units, long_name, source) in VARIABLES.items():
        lead = [d for d in dims if d in _LEAD]
        layers.append(
            {
                "name": name,
                "long_name": long_name,
                "units": units,
                "dims": list(dims),
                "months": list(range(1, 13)) if "month" in dims else [],
                "source": source,
                # a layer without a month is served as month 0 (the only one it has)
                "url_template": f"/api/grids/{name}/"
                + ("{month}" if "month" in dims else "0")
                + ".png"
                + "".join(f"{'?' if i == 0 else '&'}{d}={{{d}}}" for i, d in enumerate(lead)),
            }
        )
    dims, units, long_name, source = VARIABLES[layer]
    m = mon if "month" in dims else 0
    q: dict[str, str] = {}
    for dim, value in (("exercise", exercise), ("aircraft", aircraft), ("presence", presence)):
        if dim in dims:
            chosen = _choice(ds, dim, value)
            if chosen is None:
                raise NotFoundError(f"the served grid has no {dim}", field=dim)
            q[dim] = chosen
    label = " — ".join(
        [long_name]
        + [exercises.get(v, {}).get("name", v) if k == "exercise" else v for k, v in q.items()]
        + ([_MONTHS[m - 1]] if m else [])
    )
    extent = _extent(ds)
    image = {
        "id": "-".join([layer, *q.values(), str(m)]),
        "title": label,
        "url": f"/api/grids/{layer}/{m}.png" + (f"?{urlencode(q)}" if q else ""),
        "extent_3413_m": extent,
        "opacity": _OPACITY,
        "units": units,
        "legend": _legend_brief(layer),
    }
    return {
        "marking": _marking(view),
        "layer": {
            "id": "grids",
            "title": label,
            "source": source,
            "caveat": "cells of "
            f"{json.loads(ds.attrs['grid'])['res_m'] / 1000:g} km; see the source for each "
            "layer's own resolution and limits",
        },
        "images": [image],
        "grid": {
            **json.loads(ds.attrs["grid"]),
            "crs": "EPSG:3413",
            "extent_3413_m": extent,
            "title": ds.attrs.get("title", ""),
            "light_year": ds.attrs.get("light_year"),
        },
        "exercise": q.get("exercise"),
        "month": mon,
        "exercises": list(exercises.values()),
        "aircraft": [str(a) for a in ds["aircraft"].values],
        "presence": [str(p) for p in ds["presence"].values],
        "layers": layers,
    }


@router.get("/grids/{layer}/{month}.png", response_class=Response)
def grid_png(
    state: StateDep,
    view: ViewDep,
    layer: Annotated[str, Path(max_length=64)],
    month: Annotated[int, Path(ge=0, le=12)],
    exercise: Annotated[str | None, Query(max_length=200)] = None,
    aircraft: Annotated[str | None, Query(max_length=64)] = None,
    presence: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """One layer slice as an RGBA PNG over the grid's EPSG:3413 box."""
    from arcticrecon.grid.blocks import VARIABLES
    from arcticrecon.grid.maps import overlay_png

    ds = _grid(state)
    if layer not in VARIABLES:
        raise NotFoundError(
            f"layer {layer!r} is not a grid layer; one of {', '.join(VARIABLES)}",
            field="layer",
            value=layer,
        )
    dims = VARIABLES[layer][0]
    sel: dict[str, Any] = {}
    if "month" in dims:
        if month == 0:
            raise InputError(
                f"layer {layer} has a month: give 1-12, not 0", field="month", value=month
            )
        sel["month"] = month
    for dim, value in (("exercise", exercise), ("aircraft", aircraft), ("presence", presence)):
        if dim in dims:
            chosen = _choice(ds, dim, value)
            if chosen is None:
                raise NotFoundError(f"the served grid has no {dim}", field=dim)
            sel[dim] = chosen
    key = (layer, tuple(sorted(sel.items())))
    cache = state.cache.setdefault("grids-png", {})
    if key not in cache:
        if len(cache) >= _PNG_CACHE_MAX:
            cache.pop(next(iter(cache)))
        png, legend = overlay_png(ds, layer, sel)
        cache[key] = (png, legend)
    png, legend = cache[key]
    banner = _marking(view)["banner"]
    return Response(
        png,
        media_type="image/png",
        headers={
            "X-Marking": banner,
            "X-Legend": json.dumps(
                {k: legend[k] for k in ("units", "vmin", "vmax", "cmap")}, ensure_ascii=True
            ),
            "Cache-Control": "private, max-age=300",
        },
    )
