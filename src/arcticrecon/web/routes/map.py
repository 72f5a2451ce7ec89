"""Map data for the page (``/api/map/*``), each route filtered for its reader.

The base map, the layer registry, the mission's layers, geodesic measure, coordinates,
aircraft verdicts and per-reader export downloads.

Every route depends on :func:`arcticrecon.web.deps.policy` (through the router), so a
layer only ever holds what the caller may read. The sites and findings layers' answers
are cached per reader and store generation (:mod:`arcticrecon.web.answers`). Map layers register in
:mod:`arcticrecon.web.maplayers` (see its docstring for how to add one).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from arcticrecon.errors import InputError, NotFoundError
from arcticrecon.web import maplayers
from arcticrecon.web.answers import cached_answer
from arcticrecon.web.deps import StateDep, ViewDep, policy
from arcticrecon.web.mapdata import base_map
from arcticrecon.web.policy import PolicyView
from arcticrecon.web.runs import RunStatus
from arcticrecon.web.schemas import (
    AircraftVerdict,
    BaseMap,
    CoordsPublic,
    GeodesicPublic,
    LayerCollection,
    MapLayerPublic,
)

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["map"], dependencies=[Depends(policy)])
GEOJSON = "application/geo+json"
RunQ = Annotated[str | None, Query(max_length=64, description="plan run id (default newest)")]
ExQ = Annotated[str | None, Query(max_length=200, description="exercise name")]
MonthQ = Annotated[int | None, Query(ge=1, le=12, description="only windows starting in it")]


def _json(obj: Any) -> Response:
    """A layer's answer: a GeoJSON dict, or its text already serialised (bytes)."""
    body = obj if isinstance(obj, bytes) else json.dumps(obj, separators=(",", ":"))
    return Response(body, media_type=GEOJSON)


def _run(view: PolicyView, run_id: str | None) -> Any:
    """The run asked for, or the newest finished run the reader may see (or None)."""
    if run_id:
        run = view.run(run_id)
        return run if run.status is RunStatus.DONE else None
    done = [r for r in view.runs() if r.status is RunStatus.DONE]
    return done[0] if done else None


def _exercise(run: Any, exercise: str | None) -> str | None:
    if run is None:
        return None
    if exercise and exercise in run.exercises:
        return exercise
    if exercise:
        raise NotFoundError(
            f"exercise {exercise!r} is not in plan run {run.id}; choose one of "
            f"{', '.join(run.exercises)}",
            field="exercise",
            value=exercise,
        )
    return str(run.exercises[0]) if run.exercises else None


@router.get("/map/base", response_model=BaseMap)
def map_base(view: ViewDep) -> dict[str, Any]:
    """Coastline and graticule in EPSG:3413 metres (the report's SVG map; no tiles)."""
    return base_map()


@router.get("/map/layers", response_model=list[MapLayerPublic], response_class=Response)
def map_layers(view: ViewDep, st: StateDep, request: Request) -> Response:
    """The layer switcher: every registered layer, ``available`` when its route is mounted.

    The same for every reader (the registry and the app's routes, no data): serialised
    once per app.
    """
    body = st.cache.get("map:layers")
    if body is None:  # the app's routes are fixed once it serves
        mounted = set(_paths(request.app.routes))
        reg = [
            MapLayerPublic.model_validate(d).model_dump(mode="json", by_alias=True)
            for d in maplayers.layer_list(mounted)
        ]
        body = st.cache["map:layers"] = json.dumps(reg, separators=(",", ":")).encode()
    return Response(body, media_type="application/json")


def _paths(routes: Any, prefix: str = "") -> Any:
    """Every route path of an app, through included routers (FastAPI nests them)."""
    for r in routes:
        inner = getattr(r, "original_router", None)
        if inner is not None:
            ctx = getattr(r, "include_context", None)
            yield from _paths(inner.routes, prefix + (getattr(ctx, "prefix", "") or ""))
        elif hasattr(r, "path"):
            yield prefix + r.path


@lru_cache(maxsize=2)
def _static_layer(name: str) -> bytes:
    fn = {"coastline": maplayers.coastline_geojson, "graticule": maplayers.graticule_geojson}
    return json.dumps(fn[name](), separators=(",", ":")).encode()


@router.get("/map/layers/coastline", response_model=LayerCollection, response_class=Response)
def layer_coastline(view: ViewDep) -> Response:
    """The shipped coastline (GeoJSON, lon/lat)."""
    return Response(_static_layer("coastline"), media_type=GEOJSON)


@router.get("/map/layers/graticule", response_model=LayerCollection, response_class=Response)
def layer_graticule(view: ViewDep) -> Response:
    """Parallels and meridians (GeoJSON, lon/lat)."""
    return Response(_static_layer("graticule"), media_type=GEOJSON)


@router.get("/map/layers/sites", response_model=LayerCollection, response_class=Response)
def layer_sites(
    view: ViewDep, st: StateDep, run_id: RunQ = None, exercise: ExQ = None, month: MonthQ = None
) -> Response:
    """Sites (APP-6 symbols) with the reader's overrides; a run's best scores when done."""
    run = _run(view, run_id)
    ex = _exercise(run, exercise)
    key = ("sites", None if run is None else run.id, ex, month)
    return _json(
        cached_answer(
            st,
            key,
            view,
            lambda: maplayers.sites_geojson(
                st, view, run=run, exercise=ex, month=month, as_bytes=True
            ),
        )
    )


@router.get("/map/layers/ranking", response_model=LayerCollection, response_class=Response)
def layer_ranking(
    view: ViewDep, st: StateDep, run_id: RunQ = None, exercise: ExQ = None, month: MonthQ = None
) -> Response:
    """Rank labels of the best sites of a finished run (empty before one)."""
    run = _run(view, run_id)
    ex = _exercise(run, exercise)
    if run is None or ex is None:
        return _json(_empty("ranking", "Ranking", "no finished plan run yet"))
    return _json(maplayers.ranking_geojson(st, view, run=run, exercise=ex, month=month))


@router.get("/map/layers/presence", response_model=LayerCollection, response_class=Response)
def layer_presence(view: ViewDep, st: StateDep) -> Response:
    """Presence options of the server's mission file: bases and response circles."""
    return _json(maplayers.presence_geojson(st, view))


@router.get("/map/layers/flight-legs", response_model=LayerCollection, response_class=Response)
def layer_flight_legs(
    view: ViewDep, st: StateDep, run_id: RunQ = None, exercise: ExQ = None
) -> Response:
    """Flight legs from the nearest hub to the best sites of a finished run."""
    run = _run(view, run_id)
    ex = _exercise(run, exercise)
    if run is None or ex is None:
        return _json(_empty("flight-legs", "Flight legs", "no finished plan run yet"))
    return _json(maplayers.flight_legs_geojson(st, view, run=run, exercise=ex))


@router.get("/map/layers/sea-routes", response_model=LayerCollection, response_class=Response)
def layer_sea_routes(
    view: ViewDep, st: StateDep, run_id: RunQ = None, exercise: ExQ = None
) -> Response:
    """Sea lifts of the deployment to the best site of a finished run."""
    run = _run(view, run_id)
    ex = _exercise(run, exercise)
    if run is None or ex is None:
        return _json(_empty("sea-routes", "Sea routes", "no finished plan run yet"))
    return _json(maplayers.plan_layer_geojson(st, view, run=run, exercise=ex, layer="sea-routes"))


@router.get("/map/layers/deployment", response_model=LayerCollection, response_class=Response)
def layer_deployment(
    view: ViewDep, st: StateDep, run_id: RunQ = None, exercise: ExQ = None
) -> Response:
    """The deployment to the best site of a finished run: destination, sea lifts, gaps."""
    run = _run(view, run_id)
    ex = _exercise(run, exercise)
    if run is None or ex is None:
        return _json(_empty("deployment", "Deployment", "no finished plan run yet"))
    return _json(maplayers.plan_layer_geojson(st, view, run=run, exercise=ex, layer="deployment"))


@router.get("/map/layers/findings", response_model=LayerCollection, response_class=Response)
def layer_findings(view: ViewDep, st: StateDep) -> Response:
    """The reader's visible findings as APP-6 reconnaissance symbols."""

    def build() -> bytes:
        return json.dumps(maplayers.findings_geojson(st, view), separators=(",", ":")).encode()

    return _json(cached_answer(st, ("findings",), view, build))


_empty = maplayers.empty_layer


# ---------------------------------------------------------------------------------------
# tools: measure, coordinates, aircraft verdicts
# ---------------------------------------------------------------------------------------

LatQ = Annotated[float, Query(ge=-90.0, le=90.0)]
LonQ = Annotated[float, Query(ge=-180.0, le=180.0)]


@router.get("/geo/inverse", response_model=GeodesicPublic)
def geo_inverse(view: ViewDep, lat1: LatQ, lon1: LonQ, lat2: LatQ, lon2: LonQ) -> dict[str, Any]:
    """Geodesic distance and courses between two points on WGS 84 (GeographicLib)."""
    from arcticrecon.geo import geodesic_inverse

    d, az1, az2 = geodesic_inverse(lat1_deg=lat1, lon1_deg=lon1, lat2_deg=lat2, lon2_deg=lon2)
    d_m = float(d)
    return {
        "distance_m": round(d_m, 1),
        "distance_km": round(d_m / 1000.0, 3),
        "distance_nm": round(d_m / 1852.0, 3),
        "initial_course_deg": round(float(az1) % 360.0, 2),
        "final_course_deg": round(float(az2) % 360.0, 2),
        "method": "geodesic on WGS 84, GeographicLib (Karney 2013) via pyproj.Geod",
    }


@router.get("/geo/coords", response_model=CoordsPublic)
def geo_coords(view: ViewDep, lat: LatQ, lon: LonQ) -> dict[str, Any]:
    """A position in decimal degrees, DMS, MGRS (UPS part beyond 84°N / 80°S) and UPS."""
    from arcticrecon.geo import UPS_NORTH_MIN_LAT_DEG, UPS_SOUTH_MAX_LAT_DEG, to_mgrs, to_ups

    polar = lat >= UPS_NORTH_MIN_LAT_DEG or lat <= UPS_SOUTH_MAX_LAT_DEG
    return {
        "lat_deg": lat,
        "lon_deg": lon,
        "dd": f"{lat:.5f}, {lon:.5f}",
        "dms": f"{_dms(lat, 'NS')} {_dms(lon, 'EW')}",
        "mgrs": to_mgrs(lat_deg=lat, lon_deg=lon, precision_m=10),
        "ups": str(to_ups(lat_deg=lat, lon_deg=lon)) if polar else None,
    }


def _dms(value: float, hemis: str) -> str:
    """``64°11'03.0"N`` (seconds to 0.1")."""
    h = hemis[0] if value >= 0 else hemis[1]
    tenths = round(abs(value) * 36000.0)
    d, rem = divmod(tenths, 36000)
    m, s10 = divmod(rem, 600)
    return f"{d}°{m:02d}'{s10 / 10:04.1f}\"{h}"


@router.get("/sites/{icao}/aircraft", response_model=list[AircraftVerdict])
def site_aircraft(view: ViewDep, st: StateDep, icao: str) -> list[dict[str, Any]]:
    """Every catalogue aircraft's verdict at a site (runway length, surface, width)."""
    from arcticrecon.catalog import site_compatibility

    site = st.catalog.get(icao)
    out = []
    for key, a in _aircraft().items():
        c = site_compatibility(a, site)
        out.append(
            {
                "aircraft": key,
                "name": a.name,
                "ok": bool(c.ok),
                "reason": c.reason,
                "runway": c.runway,
                "caveats": list(c.caveats),
            }
        )
    return out


@lru_cache(maxsize=1)
def _aircraft() -> dict[str, Any]:
    from arcticrecon.catalog import read_aircraft_csv

    return read_aircraft_csv()


# ---------------------------------------------------------------------------------------
# downloads
# ---------------------------------------------------------------------------------------


@router.get(
    "/export/{what}.{fmt}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def export_download(
    view: ViewDep, st: StateDep, what: str, fmt: str, run_id: RunQ = None, exercise: ExQ = None
) -> Response:
    """Download sites, ranking, presence, routes, deployment or findings (NVG, KML, GPKG, GeoJSON).

    Built for the caller only (what they may read), marked in the file's metadata.
    """
    import tempfile
    from pathlib import Path

    from arcticrecon.export import FORMATS, write_export
    from arcticrecon.export import build as b

    if fmt not in FORMATS:
        raise InputError(
            f"format {fmt!r}: choose one of {', '.join(FORMATS)}", field="fmt", value=fmt
        )
    levels = tuple(view.reader.levels)
    who = view.reader.label()
    if what == "sites":
        doc = b.sites_document(st.catalog, overrides=view.overrides(), levels=levels, audience=who)
    elif what == "findings":
        doc = b.findings_document(view.reports(), st.catalog, levels=levels, audience=who)
    elif what == "presence":
        if "map:presence" not in st.cache:
            maplayers.presence_geojson(st, view)
        doc = b.presence_document_from_results(
            st.catalog, st.cache["map:presence"], levels=levels, audience=who
        )
    elif what in ("ranking", "routes", "deployment"):
        from dataclasses import replace

        run = _run(view, run_id)
        ex = _exercise(run, exercise)
        if run is None or ex is None:
            raise NotFoundError("no finished plan run yet; run a ranking first", field="run_id")
        # built from the run alone (its table or plan, the public catalogue): marked with
        # the run's marking, not with the downloader's own overrides it does not use
        marking = maplayers.run_marking(run, [], levels)
        if what == "ranking":
            doc = b.ranking_document_from_frame(
                st.catalog, run.opportunities, ex, levels=levels, audience=who
            )
        elif run.plan is None:
            raise NotFoundError(
                f"plan run {run.id} kept no plan (routes, deployment); start a new run",
                field="run_id",
                value=run.id,
            )
        else:
            make = b.routes_document if what == "routes" else b.deployment_document
            doc = make(run.plan, levels=levels, audience=who)
        doc = replace(doc, marking=marking)
    else:
        raise InputError(
            f"{what!r} cannot be exported; choose sites, ranking, presence, routes, "
            "deployment or findings",
            field="what",
            value=what,
        )
    suffix, media = FORMATS[fmt]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_export(doc, fmt, Path(tmp) / f"{what}{suffix}")
        data = path.read_bytes()
    return Response(
        data,
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="arcticrecon-{what}{suffix}"',
            "X-Marking": doc.marking.banner,
        },
    )
