"""The maritime picture over the API: AIS tracks, events, vessels and approximate zones.

``GET /api/ais/tracks?start=&end=&bbox=&zoom=`` (a LineString per MMSI, simplified for the
zoom), ``GET /api/ais/events?kind=&start=&end=``, ``GET /api/ais/vessels/{mmsi}``,
``GET /api/ais/zones``. Feature collections are RFC 7946 (lon/lat) with the top-level
``marking`` and ``layer`` members of COORD.md, the event ``parameters`` and ``synthetic``.
The store is the settings' ``ais_store_dir`` (``serve --ais-store``, ``ARCTICRECON_AIS_STORE``),
else :func:`arcticrecon.maritime.store.default_store_dir`.
An analysis is cached per store state and window.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from arcticrecon.errors import InputError, NotFoundError
from arcticrecon.web.deps import StateDep, ViewDep, policy
from arcticrecon.web.schemas import AisFeatureCollection, AisVessel
from arcticrecon.web.state import AppState

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["ais"], dependencies=[Depends(policy)])

_KINDS = ("gap", "loitering", "encounter", "port_visit", "zone_entry", "zone_exit")
_CACHE_MAX = 8


def _marking() -> dict[str, Any]:
    from arcticrecon.survey import DEFAULT_LEVELS, document_marking

    base = DEFAULT_LEVELS[0]
    return {"level": base, "rel_to": None, "banner": document_marking(base, [])}


def _store(state: AppState) -> Any:
    from arcticrecon.maritime.store import AisStore, default_store_dir

    st = AisStore(state.settings.ais_store_dir or default_store_dir())
    if st.is_empty():
        raise NotFoundError(
            f"the AIS store {st.root} holds no positions; ingest with `arcticrecon ais ingest`",
            field="store",
        )
    return st


def _analysis(state: AppState, start: dt.datetime | None, end: dt.datetime | None) -> Any:
    from arcticrecon.maritime.engine import analyse

    st = _store(state)
    try:
        stamp = st.manifest_path.stat().st_mtime_ns
    except FileNotFoundError:
        stamp = 0
    key = ("ais", str(st.root), stamp, start, end)
    cache = state.cache.setdefault("ais", {})
    if key not in cache:
        if len(cache) >= _CACHE_MAX:
            cache.pop(next(iter(cache)))
        cache[key] = (
            st,
            analyse(st, start_utc=start, end_utc=end),
            {v["mmsi"]: v for v in st.vessels()},
        )
    return cache[key]


def _window(start: dt.datetime | None, end: dt.datetime | None) -> tuple[Any, Any]:
    for name, v in (("start", start), ("end", end)):
        if v is not None and v.tzinfo is None:
            raise InputError(f"{name} {v.isoformat()} has no time zone; add Z for UTC", field=name)
    if start is not None and end is not None and end < start:
        raise InputError("end is before start", field="end", value=end.isoformat())
    return start, end


def _bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    try:
        w, s, e, n = (float(x) for x in text.split(","))
    except ValueError:
        raise InputError(
            f"bbox {text!r} is not lon_min,lat_min,lon_max,lat_max", field="bbox", value=text
        ) from None
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise InputError(f"bbox {text!r} is outside lon -180..180 / lat -90..90", field="bbox")
    return w, s, e, n


def _collection(
    layer_id: str, title: str, features: list[Any], a: Any, caveat: str
) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": features,
        "marking": _marking(),
        "layer": {
            "id": layer_id,
            "title": title + (" (SYNTHETIC)" if a.synthetic else ""),
            "source": "arcticrecon AIS store" + (" — SYNTHETIC data" if a.synthetic else ""),
            "caveat": caveat,
        },
        "parameters": a.params.as_dict(),
        "synthetic": a.synthetic,
    }


@router.get("/ais/tracks", response_model=AisFeatureCollection)
def ais_tracks(
    view: ViewDep,
    state: StateDep,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    bbox: Annotated[str | None, Query(description="lon_min,lat_min,lon_max,lat_max")] = None,
    zoom: Annotated[float, Query(ge=0, le=22)] = 6.0,
) -> dict[str, Any]:
    """One (Multi)LineString per MMSI in the window, simplified to about a pixel at ``zoom``."""
    from shapely.geometry import box, mapping

    from arcticrecon.maritime.flags import flag_of_mmsi
    from arcticrecon.maritime.shore import ZONE_CAVEAT
    from arcticrecon.maritime.tracks import (
        SHIP_TYPE_GROUPS,
        ship_type_group,
        tolerance_for_zoom_m,
        track_lines,
    )

    start, end = _window(start, end)
    _, a, vessels = _analysis(state, start, end)
    bb = _bbox(bbox)
    lines = track_lines(a.tracks, params=a.params, tolerance_m=tolerance_for_zoom_m(zoom))
    feats = []
    for ln in lines:
        if bb is not None and not ln["geometry"].intersects(box(*bb)):
            continue
        v = vessels.get(ln["mmsi"]) or {}
        feats.append(
            {
                "type": "Feature",
                "id": str(ln["mmsi"]),
                "geometry": mapping(ln["geometry"]),
                "properties": {
                    "mmsi": ln["mmsi"],
                    "name": v.get("name"),
                    "flag": flag_of_mmsi(ln["mmsi"]).flag_alpha3,
                    "ship_type": v.get("ship_type"),
                    "ship_type_group": ship_type_group(v.get("ship_type")),
                    "style": {
                        "stroke": SHIP_TYPE_GROUPS[ship_type_group(v.get("ship_type"))][1],
                        "stroke_width_px": 2.0,
                    },
                    "start_utc_ms": ln["start_utc_ms"],
                    "end_utc_ms": ln["end_utc_ms"],
                    "positions": ln["positions"],
                },
            }
        )
    return _collection("ais-tracks", "AIS tracks", feats, a, f"zones {ZONE_CAVEAT}")


@router.get("/ais/events", response_model=AisFeatureCollection)
def ais_events(
    view: ViewDep,
    state: StateDep,
    kind: Annotated[list[str] | None, Query()] = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> dict[str, Any]:
    """Events (GFW definitions; ``parameters`` gives the thresholds) as points."""
    from arcticrecon.maritime.shore import ZONE_CAVEAT
    from arcticrecon.report.ais_picture import event_rows

    kinds = tuple(kind or _KINDS)
    bad = [k for k in kinds if k not in _KINDS]
    if bad:
        raise InputError(f"kind {bad[0]!r} is not one of {', '.join(_KINDS)}", field="kind")
    start, end = _window(start, end)
    _, a, vessels = _analysis(state, start, end)
    from arcticrecon.report.ais_picture import EVENT_STYLE

    feats = [
        {
            "type": "Feature",
            "id": r["event_id"],
            "geometry": {"type": "Point", "coordinates": [r["lon_deg"], r["lat_deg"]]},
            "properties": {
                **r,
                "name": f"{r['kind'].replace('_', ' ')} {r['vessel'] or r['mmsi']}",
                "style": {"stroke": EVENT_STYLE[r["kind"]][0], "fill": EVENT_STYLE[r["kind"]][0]},
            },
        }
        for r in event_rows(a, vessels)
        if r["kind"] in kinds
    ]
    return _collection("ais-events", "AIS events", feats, a, f"zones {ZONE_CAVEAT}")


@router.get("/ais/vessels/{mmsi}", response_model=AisVessel)
def ais_vessel(view: ViewDep, state: StateDep, mmsi: int) -> dict[str, Any]:
    """Static/voyage data, flag (ITU MID) and events of one vessel."""
    from arcticrecon.maritime.flags import flag_of_mmsi
    from arcticrecon.report.ais_picture import event_rows

    _, a, vessels = _analysis(state, None, None)
    v = vessels.get(mmsi)
    if v is None:
        raise NotFoundError(f"no AIS positions for MMSI {mmsi}", field="mmsi", value=mmsi)
    f = flag_of_mmsi(mmsi)
    ev = [r for r in event_rows(a, vessels) if mmsi in (r["mmsi"], r["mmsi2"])]
    return {
        **v,
        "station_kind": f.kind,
        "flag": f.flag_alpha3,
        "flag_allocated_to": f.allocated_to,
        "events": ev,
        "marking": _marking(),
        "synthetic": bool(v.get("synthetic")),
    }


@router.get("/ais/zones", response_model=AisFeatureCollection)
def ais_zones(view: ViewDep) -> dict[str, Any]:
    """The approximate 12 NM and 200 NM zones (labelled approximate) as polygons."""
    from shapely.geometry import mapping

    from arcticrecon.maritime.shore import ZONE_CAVEAT, ZONES, zone_polygons

    feats = [
        {
            "type": "Feature",
            "id": name,
            "geometry": mapping(geom),
            "properties": {
                "zone": name,
                "name": f"{name} (approximate)",
                "style": {"stroke": "#3182bd", "fill": "#9ecae1", "dash": True},
                "distance_m": ZONES[name],
                "approximate": True,
                "caveat": ZONE_CAVEAT,
            },
        }
        for name, geom in zone_polygons().items()
    ]
    return {
        "type": "FeatureCollection",
        "features": feats,
        "marking": _marking(),
        "layer": {
            "id": "ais-zones",
            "title": "Approximate 12 NM / 200 NM zones",
            "source": "Natural Earth 1:10m coastline, geodesic buffer",
            "caveat": ZONE_CAVEAT,
        },
    }
