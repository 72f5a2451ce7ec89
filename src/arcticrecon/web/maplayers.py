"""The map page's layer registry and the GeoJSON of the mission's own layers.

Every vector layer is a GeoJSON FeatureCollection in EPSG:4326 lon/lat (RFC 7946; the
page reprojects to EPSG:3413) with top-level ``marking`` and ``layer`` members, built
with the same :mod:`arcticrecon.export` builders as the file exports, from what the
caller may read only (:class:`~arcticrecon.web.policy.PolicyView`).

Adding a layer (any package owner)
----------------------------------
1. Serve it: a route under ``/api`` that depends on the policy and returns the agreed
   shape: vector, the FeatureCollection above
   (:class:`~arcticrecon.web.schemas.LayerCollection`); image,
   :class:`~arcticrecon.web.schemas.ImageLayerCollection`::

       {"marking": {"level", "rel_to", "banner"},
        "layer": {"id", "title", "source", "caveat"},
        "images": [{"id", "title", "url",            # same-origin PNG
                    "extent_3413_m": [xmin, ymin, xmax, ymax],   # outer edges [m]
                    "opacity": 0.7, "units": "h"}]}

   The page draws each image as an OpenLayers static image in EPSG:3413 (bottom first),
   and counts its ``marking`` in the map's banner like a vector layer's.
2. Register it: one :func:`register_layer` call (or one :class:`MapLayer` line in
   :data:`LAYERS`) with its ``id``, ``title``, ``kind`` (``"vector"`` or ``"image"``),
   ``url`` (with ``{run_id}``, ``{exercise}``, ``{month}`` placeholders the page fills),
   ``group`` and the route ``path`` it needs (the url without its query). ``GET
   /api/map/layers`` lists it (:class:`~arcticrecon.web.schemas.MapLayerPublic`) with
   ``available`` = whether that route is mounted, so a slot for a layer another issue
   has not delivered yet shows as "not available" with its ``note``. The page reloads a
   visible layer whose url has ``{run_id}``, ``{exercise}`` or ``{month}`` when the user
   changes them.

3. The page draws vector features by their ``properties``: ``symbol`` (APP-6(B) SIDC,
   drawn with milsymbol), ``style`` (``stroke``, ``fill``, ``stroke_width_px``,
   ``dash``), ``name`` (label); ``circle_radius_m`` marks a geodesic circle.

The registry's shape (the :class:`MapLayer` fields, the two answers above) is a contract
between packages: ``tests/unit/web/test_map_routes.py`` pins it; extend it by adding
optional fields only.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from arcticrecon.web.policy import PolicyView
    from arcticrecon.web.state import AppState

__all__ = [
    "LAYERS",
    "MapLayer",
    "coastline_geojson",
    "empty_layer",
    "findings_geojson",
    "flight_legs_geojson",
    "graticule_geojson",
    "layer_list",
    "plan_layer_geojson",
    "presence_geojson",
    "ranking_geojson",
    "register_layer",
    "run_marking",
    "sites_geojson",
    "surveys_geojson",
]


@dataclass(frozen=True)
class MapLayer:
    """One entry of the layer switcher.

    Attributes
    ----------
    id, title : str
    kind : {"vector", "image"}
    url : str
        Data URL; ``{run_id}``, ``{exercise}``, ``{month}`` are filled by the page.
    group : str
        Switcher group ("Base", "Mission", "Maritime", "Grids", "Surveys").
    path : str
        Route path that must be mounted for the layer to be ``available``.
    note : str
        What the layer shows, or who delivers it.
    visible : bool
        Shown when the page opens.
    """

    id: str
    title: str
    kind: Literal["vector", "image"]
    url: str
    group: str
    path: str
    note: str = ""
    visible: bool = False


_P = "/api/map/layers"
#: The registry (order = switcher order).
LAYERS: list[MapLayer] = [
    MapLayer("coastline", "Coastline", "vector", f"{_P}/coastline", "Base", f"{_P}/coastline",
             "Natural Earth 1:50m (public domain)", True),
    MapLayer("graticule", "Graticule", "vector", f"{_P}/graticule", "Base", f"{_P}/graticule",
             "every 5° of latitude, 10° of longitude", True),
    MapLayer("sites", "Sites (APP-6)", "vector",
             f"{_P}/sites?run_id={{run_id}}&exercise={{exercise}}&month={{month}}", "Mission",
             f"{_P}/sites", "coloured by the chosen exercise's best score", True),
    MapLayer("ranking", "Ranking labels", "vector",
             f"{_P}/ranking?run_id={{run_id}}&exercise={{exercise}}&month={{month}}", "Mission",
             f"{_P}/ranking", "rank of each site's best window (needs a finished run)", True),
    MapLayer("presence", "Presence circles", "vector", f"{_P}/presence", "Mission",
             f"{_P}/presence", "the mission file's [[presence]] studies", True),
    MapLayer("flight-legs", "Flight legs", "vector",
             f"{_P}/flight-legs?run_id={{run_id}}&exercise={{exercise}}", "Mission",
             f"{_P}/flight-legs", "nearest hub to the 5 best sites", False),
    MapLayer("sea-routes", "Sea routes", "vector",
             f"{_P}/sea-routes?run_id={{run_id}}&exercise={{exercise}}", "Mission",
             f"{_P}/sea-routes", "sea lifts of the deployment to the best site (needs a run)"),
    MapLayer("deployment", "Deployment", "vector",
             f"{_P}/deployment?run_id={{run_id}}&exercise={{exercise}}", "Mission",
             f"{_P}/deployment", "destination, each nation's movement, unplanned stretches "
             "(airlift origin not modelled)"),
    MapLayer("findings", "Findings", "vector", f"{_P}/findings", "Mission", f"{_P}/findings",
             "reports you may read", True),
    MapLayer("ais-tracks", "AIS tracks", "vector", "/api/ais/tracks", "Maritime",
             "/api/ais/tracks", "one line per vessel, coloured by ship type; SYNTHETIC when "
             "the AIS store is (arcticrecon ais ingest)"),
    MapLayer("ais-events", "AIS events", "vector", "/api/ais/events", "Maritime",
             "/api/ais/events", "gaps, loitering, encounters, port visits, zone entries "
             "(Global Fishing Watch definitions)"),
    MapLayer("ais-zones", "Maritime zones (approx.)", "vector", "/api/ais/zones", "Maritime",
             "/api/ais/zones", "approximate 12/200 NM buffers of the 1:10m coast, not the "
             "legal baselines"),
    MapLayer("grids", "Gridded layers", "image", "/api/grids?exercise={exercise}&month={month}",
             "Grids", "/api/grids", "light, cold, terrain, reach, satcom and suitability per "
             "month (arcticrecon serve --grids DIR); PNG images over their EPSG:3413 box"),
    MapLayer("surveys", "Surveyed zones", "vector", "/api/map/surveys", "Surveys",
             "/api/map/surveys", "structured field surveys you may read, coloured by best "
             "verdict (green suitable, amber restricted, red unsuitable); new: /surveys/new",
             True),
]  # fmt: skip


def register_layer(layer: MapLayer) -> None:
    """Add (or replace, by ``id``) a layer of the registry."""
    for i, old in enumerate(LAYERS):
        if old.id == layer.id:
            LAYERS[i] = layer
            return
    LAYERS.append(layer)


def layer_list(mounted: set[str]) -> list[dict[str, Any]]:
    """The registry as ``GET /api/map/layers`` returns it.

    Parameters
    ----------
    mounted : set of str
        Route paths of the app (``available`` = the layer's ``path`` is among them).
    """
    out = []
    for layer in LAYERS:
        d = asdict(layer)
        d["available"] = layer.path in mounted
        out.append(d)
    return out


# ---------------------------------------------------------------------------------------
# the mission's layers
# ---------------------------------------------------------------------------------------


def _doc_geojson(doc: Any, layer_id: str, title: str) -> dict[str, Any]:
    from arcticrecon.export import to_geojson

    gj = to_geojson(doc)
    gj["layer"] = {"id": layer_id, "title": title, "source": doc.source, "caveat": doc.caveat}
    return gj


def _plain_doc(layer_id: str, title: str, feats: list[Any], source: str) -> Any:
    from arcticrecon.export import DocumentMarking, ExportDocument, ExportLayer

    lid = layer_id.replace("-", "_")
    return ExportDocument(
        lid,
        title,
        (ExportLayer(lid, title, tuple(feats), source),),
        DocumentMarking.of([]),
        source=source,
    )


def coastline_geojson() -> dict[str, Any]:
    """The shipped Greenland outline (Natural Earth 1:50m, public domain) in lon/lat."""
    import json

    from shapely.geometry import shape

    from arcticrecon.export import ExportFeature, Style
    from arcticrecon.sources.embedded import data_path

    gj = json.loads(data_path("greenland_outline_ne_50m.geojson").read_text(encoding="utf-8"))
    feats = [
        ExportFeature(
            f"coast{i}",
            "",
            shape(f["geometry"]),
            {},
            style=Style(stroke="#7a8a99", stroke_width_px=1.0, fill="#f4f4f0", fill_opacity=1.0),
        )
        for i, f in enumerate(gj["features"])
    ]
    src = "Natural Earth 1:50m (public domain)"
    return _doc_geojson(_plain_doc("coastline", "Coastline", feats, src), "coastline", "Coastline")


def graticule_geojson() -> dict[str, Any]:
    """Parallels every 5° from 55°N to 85°N, meridians every 10°, as lon/lat lines."""
    import numpy as np
    from shapely.geometry import LineString

    from arcticrecon.export import ExportFeature, Style

    style = Style(stroke="#9fb6cc", stroke_width_px=0.8)
    feats = []
    lon = np.linspace(-180.0, 180.0, 361)
    for lat in range(55, 90, 5):
        feats.append(
            ExportFeature(
                f"lat{lat}",
                f"{lat}°N",
                LineString(zip(lon, np.full_like(lon, lat), strict=True)),
                {"lat_deg": float(lat)},
                style=style,
            )
        )
    lat_v = np.linspace(50.0, 88.0, 39)
    for lon_v in range(-180, 180, 10):
        label = (
            f"{abs(lon_v)}°{'W' if lon_v < 0 else 'E'}"
            if lon_v not in (0, -180)
            else f"{abs(lon_v)}°"
        )
        feats.append(
            ExportFeature(
                f"lon{lon_v}",
                label,
                LineString(zip(np.full_like(lat_v, lon_v), lat_v, strict=True)),
                {"lon_deg": float(lon_v)},
                style=style,
            )
        )
    doc = _plain_doc("graticule", "Graticule", feats, "WGS 84 parallels and meridians")
    return _doc_geojson(doc, "graticule", "Graticule")


# ---------------------------------------------------------------------------------------
# per-process memo of what does not depend on the reader
# ---------------------------------------------------------------------------------------
#
# A layer request does three things: check what the reader may read (per request, through
# the PolicyView: runs, overrides, reports), build the features, and mark the answer. The
# features of the catalogue, of a finished plan run (immutable once done: its id names
# it) and of the server's mission file are the same for every reader allowed to see them,
# so their GeoJSON is built once per app and kept here (bounded, least recently used
# dropped); what the reader's own records change (their overrides, their findings per
# site, the marking and audience) is applied on each request. Nothing read under the
# reader's releasability is ever stored here.

_MEMO = "map:memo"
_MEMO_MAX = 64
_memo_lock = threading.Lock()


def _memo(state: AppState, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """``build()`` once per app for ``key``.

    The catalogue and mission objects in force are part of the key (a test or an admin
    may swap them).
    """
    full = (id(state.catalog), id(state.mission), *key)
    with _memo_lock:
        memo: OrderedDict[tuple[Any, ...], tuple[Any, Any, Any]] = state.cache.setdefault(
            _MEMO, OrderedDict()
        )
        hit = memo.get(full)
        if hit is not None and hit[0] is state.catalog and hit[1] is state.mission:
            memo.move_to_end(full)
            return hit[2]
    value = build()
    with _memo_lock:
        memo[full] = (state.catalog, state.mission, value)
        while len(memo) > _MEMO_MAX:
            memo.popitem(last=False)
    return value


def _feature_gj(feature: Any, layer_id: str) -> dict[str, Any]:
    from arcticrecon.export import ExportLayer
    from arcticrecon.export.geojson import feature_to_geojson

    return feature_to_geojson(feature, ExportLayer(layer_id, layer_id, ()))


def _collection(
    doc_id: str,
    title: str,
    features: list[dict[str, Any]],
    marking: Any,
    view: PolicyView,
    *,
    layer_id: str,
    source: str = "",
    caveat: str = "",
    layer_title: str | None = None,
) -> dict[str, Any]:
    """The agreed FeatureCollection around ready GeoJSON features (marked, audience named)."""
    from arcticrecon.export import ExportDocument, ExportLayer

    lid = doc_id.replace("-", "_")
    doc = ExportDocument(
        lid,
        title,
        (ExportLayer(lid, layer_title or title, (), source, caveat),),
        marking,
        audience=view.reader.label(),
        source=source,
        caveat=caveat,
    )
    gj = _doc_geojson(doc, layer_id, title)
    gj["features"] = features
    return gj


def run_marking(run: Any, used: list[Any], levels: tuple[str, ...]) -> Any:
    """A layer of a run: the run's own marking joined with the reader's records it used.

    The run's marking is what its starter's overrides and the mission file made it
    (:attr:`PlanRun.document`): a run that used no marked record is marked with the mission
    classification alone, with no REL TO. ``used`` are the markings of the reader's
    records the layer shows besides the run (overrides that changed a shown fact).
    """
    from arcticrecon.survey import DocumentMarking, Marking

    doc = run.document
    if doc is None:  # a run made without a document marking: its reading marking
        return DocumentMarking.of([Marking(run.level, tuple(run.rel_to)), *used], levels=levels)
    own = [] if doc.rel_to is None else [Marking(doc.level, tuple(doc.rel_to))]
    return DocumentMarking.of([*own, *used], levels=levels, base_level=doc.level)


def _memo_doc(doc: Any, layer_id: str, title: str) -> tuple[Any, dict[str, Any], str]:
    """What the memo keeps of a layer that does not depend on its reader.

    The document, its GeoJSON without features and the features already serialised.
    """
    import json

    gj = _doc_geojson(doc, layer_id, title)
    feats = json.dumps(gj.pop("features"), separators=(",", ":"))
    return doc, gj, feats


def _marked(entry: tuple[Any, dict[str, Any], str], marking: Any, view: PolicyView) -> bytes:
    """A memoised layer (:func:`_memo_doc`) as one reader gets it: GeoJSON text (UTF-8).

    Its marking and audience are the request's; the features are the memo's text, spliced
    in as the collection's last member.
    """
    import json

    doc, gj, feats = entry
    head = {
        **gj,
        "marking": marking.to_dict(),
        "metadata": replace(doc, marking=marking, audience=view.reader.label()).metadata(),
        "features": [],
    }
    text = json.dumps(head, separators=(",", ":"))
    assert text.endswith('"features":[]}')
    return (text[:-3] + feats + "}").encode()


def _levels(view: PolicyView) -> tuple[str, ...]:
    return tuple(view.reader.levels)


def _catalog_features(state: AppState) -> dict[str, dict[str, Any]]:
    """GeoJSON of every catalogue site as the sites layer shows it without overrides."""
    from arcticrecon.export import build

    return {s.icao: _feature_gj(build.site_feature(s), "sites") for s in state.catalog}


def _ranked(state: AppState, run: Any, exercise: str, month: int | None) -> Any:
    """``(best, [(icao, feature)])`` of a run's ranking, catalogue sites in rank order."""
    from arcticrecon.export import build

    def make() -> Any:
        best = build.best_options(run.opportunities, exercise, month=month)
        feats = [build.ranking_feature(s, best.get(s.icao)) for s in state.catalog]
        feats.sort(key=lambda f: (f.properties["rank"] is None, f.properties["rank"] or 0))
        return best, [(f.id, _feature_gj(f, "ranking")) for f in feats]

    return _memo(state, ("ranked", run.id, exercise, month), make)


def sites_geojson(
    state: AppState,
    view: PolicyView,
    *,
    run: Any = None,
    exercise: str | None = None,
    month: int | None = None,
    as_bytes: bool = False,
) -> Any:
    """Sites with APP-6 symbols, the reader's overrides applied; coloured by a run's scores.

    Without a finished run the sites are coloured by kind and the layer is marked by the
    reader's overrides (:func:`arcticrecon.export.build.sites_document`); with one, by the
    run's marking joined with the overrides that changed a shown fact of a site. Each
    feature carries ``n_reports``, the findings the reader may read at that site.

    The features of sites the reader's overrides leave alone come from the per-app memo
    (the same builders' output); overridden sites are built on each request.

    Returns the GeoJSON dict, or with ``as_bytes`` the same document as UTF-8 JSON text
    (the memo's features serialised once; what the route sends).
    """
    from arcticrecon.catalog import Catalog
    from arcticrecon.export import build
    from arcticrecon.survey import apply_site_overrides
    from arcticrecon.survey.overrides import effective_overrides

    overrides = view.overrides()
    counts = view.report_counts()
    levels = _levels(view)
    ranked = run is not None and run.opportunities is not None and exercise
    changed: dict[str, dict[str, Any]] = {}  # ranked: sites the reader's overrides change
    redone: dict[str, dict[str, Any]] = {}  # unranked: sites the reader's overrides touch
    if ranked:
        assert exercise is not None
        best, base = _ranked(state, run, exercise, month)
        used = effective_overrides(overrides)
        eff: dict[str, dict[str, Any]] = {}
        for o in used:
            eff.setdefault(o.site, {})[o.field] = o.value
        corrected, _ = apply_site_overrides(state.catalog, eff)
        for old, new in zip(state.catalog, corrected, strict=True):
            if new is not old:
                changed[new.icao] = _feature_gj(
                    build.ranking_feature(new, best.get(new.icao)), "ranking"
                )
        shown = [o.marking for o in used if o.site in changed]
        marking = run_marking(run, shown, levels)
        feats = [changed.get(icao, f) for icao, f in base]
        doc_id, title, layer_title = "ranking", f"Sites — {exercise}", f"Ranking — {exercise}"
        source = "arcticrecon plan: weighted sum of normalised criteria (see each explanation)"
        caveat = "best window per site; grey = excluded or no feasible window"
    else:
        base_by_icao = _memo(state, ("catalog-sites",), lambda: _catalog_features(state))
        touched = {o.site for o in overrides}
        if touched:
            sub = Catalog(tuple(s for s in state.catalog if s.icao in touched), "")
            doc = build.sites_document(sub, overrides=overrides, levels=levels)
            redone = {f.id: _feature_gj(f, "sites") for f in doc.layers[0].features}
        feats = [redone.get(icao, f) for icao, f in base_by_icao.items()]
        from arcticrecon.export import DocumentMarking

        marking = DocumentMarking.of([o.marking for o in overrides], levels=levels)
        doc_id, title, layer_title = "sites", "Sites", "Sites"
        source = build._CATALOGUE_SOURCE
        caveat = ""
    if as_bytes:
        # the memo's features serialised once, open before their properties' end; each
        # answer appends the reader's n_reports (reader-specific features: serialised here)
        own = changed if ranked else redone  # features of this reader's overrides
        if ranked:
            key: tuple[Any, ...] = ("ranked-json", run.id, exercise, month)
            items = base
        else:
            key, items = ("catalog-sites-json",), list(base_by_icao.items())
        opened = _memo(state, key, lambda: {icao: _open_feature(f) for icao, f in items})
        parts = [
            (_open_feature(f) if f["id"] in own else opened[f["id"]])
            + f',"n_reports":{counts.get(f["id"], 0)}}}}}'
            for f in feats
        ]
        shell = _collection(
            doc_id,
            title,
            [],
            marking,
            view,
            layer_id="sites",
            source=source,
            caveat=caveat,
            layer_title=layer_title,
        )
        text = json.dumps(shell, separators=(",", ":"))
        assert text.endswith('"features":[]}')
        return (text[:-3] + "[" + ",".join(parts) + "]}").encode()
    out = [
        {**f, "properties": {**f["properties"], "n_reports": counts.get(f["id"], 0)}} for f in feats
    ]
    return _collection(
        doc_id,
        title,
        out,
        marking,
        view,
        layer_id="sites",
        source=source,
        caveat=caveat,
        layer_title=layer_title,
    )


def _open_feature(feature: dict[str, Any]) -> str:
    """A GeoJSON feature's text without the closing ``}}`` of its properties and itself.

    ``properties`` is its last member and never empty (``layer``, ``name``): appending
    ``,"key":value}}`` gives the feature with one more property.
    """
    text = json.dumps(feature, separators=(",", ":"))
    assert list(feature)[-1] == "properties" and feature["properties"] and text.endswith("}}")
    return text[:-2]


def ranking_geojson(
    state: AppState,
    view: PolicyView,
    *,
    run: Any,
    exercise: str,
    month: int | None = None,
    top: int = 10,
) -> dict[str, Any]:
    """Rank labels (text features) of the ``top`` best sites of an exercise's run.

    Built from the run alone (rank, score, window and the site's position, which no
    override changes), so marked with the run's marking alone.
    """

    def make() -> list[dict[str, Any]]:
        from shapely.geometry import Point

        from arcticrecon.export import ExportFeature, Style

        _best, base = _ranked(state, run, exercise, month)
        feats = []
        for icao, f in base:
            p = f["properties"]
            if p.get("rank") is None:
                continue
            lon, lat = f["geometry"]["coordinates"]
            feat = ExportFeature(
                icao,
                f"#{p['rank']} {p['icao']} {p['best_score']:.2f}",
                Point(lon, lat),
                {
                    "rank": p["rank"],
                    "icao": p["icao"],
                    "best_score": p["best_score"],
                    "window_start": p["window_start"],
                },
                style=Style(stroke="#111111"),
                text=True,
            )
            feats.append(_feature_gj(feat, "ranking"))
            if len(feats) >= top:
                break
        return feats

    feats = _memo(state, ("ranking-labels", run.id, exercise, month, top), make)
    return _collection(
        "ranking",
        f"Ranking — {exercise}",
        feats,
        run_marking(run, [], _levels(view)),
        view,
        layer_id="ranking",
        source="arcticrecon plan run",
        layer_title="Ranking",
    )


def presence_geojson(state: AppState, view: PolicyView) -> bytes:
    """The server mission's presence studies: bases and geodesic response circles.

    Solved once per app (memoised with its GeoJSON): the same demand and solver as
    ``arcticrecon plan``. The layer holds no marked record: unclassified, the reader named.
    Returns the GeoJSON text (UTF-8).
    """
    from arcticrecon.export import DocumentMarking, build

    def make() -> Any:
        key = "map:presence"
        if key not in state.cache:
            state.cache[key] = _presence_studies(state)
        doc = build.presence_document_from_results(state.catalog, state.cache[key])
        return _memo_doc(doc, "presence", "Presence options")

    entry = _memo(state, ("presence",), make)
    return _marked(entry, DocumentMarking.of([], levels=_levels(view)), view)


def _presence_studies(state: AppState) -> list[tuple[str, Any]]:
    from arcticrecon.catalog import get_aircraft
    from arcticrecon.coverage import (
        coastline_demand,
        combine_demand,
        presence_options,
        settlement_demand,
    )

    out: list[tuple[str, Any]] = []
    if state.mission is None:
        return out
    for study in state.mission.presence:
        demand = {
            "settlements": settlement_demand,
            "coast": coastline_demand,
            "both": lambda: combine_demand([settlement_demand(), coastline_demand()]),
        }[study.demand]()
        res = presence_options(
            state.catalog,
            get_aircraft(study.aircraft),
            study.response_h,
            study.k,
            study.fixed,
            demand,
            reoptimise_marginals=False,
            time_limit_s=10.0,
        )
        out.append((study.name, res))
    return out


def flight_legs_geojson(
    state: AppState, view: PolicyView, *, run: Any, exercise: str, top: int = 5
) -> bytes:
    """Flight legs from the nearest mission hub to the ``top`` best sites of a run.

    Built from the run, the catalogue and the mission file alone (memoised per run):
    marked with the run's marking. Returns the GeoJSON text (UTF-8).
    """

    def make() -> Any:
        import numpy as np

        from arcticrecon.catalog import get_aircraft
        from arcticrecon.export import DocumentMarking, ExportDocument, ExportLayer, build
        from arcticrecon.geo import pairwise_distance_m

        m = state.mission
        df = run.opportunities
        df = df[(df["exercise"] == exercise) & df["feasible"].astype(bool)]
        best = df.sort_values("rank", kind="stable").drop_duplicates("icao").head(top)
        sites = [state.catalog.get(str(i)) for i in best["icao"]]
        feats: list[Any] = []
        ex = next((e for e in (m.exercise if m else []) if e.name == exercise), None)
        if m is not None and ex is not None and sites:
            hubs = [state.catalog.get(h) for h in m.mission.hubs]
            d = pairwise_distance_m(
                lat1_deg=[s.lat_deg for s in sites],
                lon1_deg=[s.lon_deg for s in sites],
                lat2_deg=[h.lat_deg for h in hubs],
                lon2_deg=[h.lon_deg for h in hubs],
            )
            nearest = [hubs[int(i)] for i in np.argmin(np.asarray(d), axis=1)]
            feats = build.flight_leg_features(
                exercise, nearest, sites, [get_aircraft(a) for a in ex.aircraft]
            )
        doc = ExportDocument(
            "flight_legs",
            "Flight legs",
            (ExportLayer("flight_legs", "Flight legs", tuple(feats)),),
            DocumentMarking.of([]),
            source="GeographicLib geodesics",
        )
        return _memo_doc(doc, "flight-legs", "Flight legs")

    entry = _memo(state, ("flight-legs", run.id, exercise, top), make)
    return _marked(entry, run_marking(run, [], _levels(view)), view)


#: Layers of a run's plan: map layer id -> (title, export builder, layer of its document).
_PLAN_LAYERS = {
    "sea-routes": ("Sea routes", "routes_document", "sea_routes"),
    "deployment": ("Deployment", "deployment_document", "deployment"),
}


def plan_layer_geojson(
    state: AppState, view: PolicyView, *, run: Any, exercise: str, layer: str
) -> bytes:
    """A layer of a run's plan, the chosen exercise's features only.

    ``layer`` is ``"sea-routes"`` (the sea lifts of
    :func:`arcticrecon.export.build.routes_document`) or ``"deployment"``
    (:func:`arcticrecon.export.build.deployment_document`). Built from the run's plan
    alone (memoised per run), so marked with the run's marking; empty, saying why, when
    the run kept no plan. Returns the GeoJSON text (UTF-8).
    """
    title, builder, keep = _PLAN_LAYERS[layer]
    if run.plan is None:
        import json

        return json.dumps(empty_layer(layer, title, "this plan run kept no plan")).encode()

    def make() -> Any:
        from arcticrecon.export import ExportDocument, build

        doc = getattr(build, builder)(run.plan)
        layers = tuple(
            replace(
                lay,
                features=tuple(f for f in lay.features if f.properties.get("exercise") == exercise),
            )
            for lay in doc.layers
            if lay.id == keep
        )
        one = ExportDocument(
            doc.id, title, layers, doc.marking, generated_utc=doc.generated_utc, source=doc.source
        )
        return _memo_doc(one, layer, title)

    entry = _memo(state, ("plan-layer", run.id, exercise, layer), make)
    return _marked(entry, run_marking(run, [], _levels(view)), view)


def empty_layer(layer_id: str, title: str, caveat: str) -> dict[str, Any]:
    """An empty layer in the agreed shape (unclassified), saying why it is empty."""
    return {
        "type": "FeatureCollection",
        "marking": {"level": "UNCLASSIFIED", "rel_to": None, "banner": "UNCLASSIFIED"},
        "layer": {"id": layer_id, "title": title, "source": "", "caveat": caveat},
        "features": [],
    }


def surveys_geojson(view: PolicyView) -> dict[str, Any]:
    """The structured field surveys the reader may read: zones coloured by best verdict."""
    from arcticrecon.export import build

    doc = build.surveys_document(view.reports(), levels=_levels(view), audience=view.reader.label())
    return _doc_geojson(doc, "surveys", "Surveyed zones")


def findings_geojson(state: AppState, view: PolicyView) -> dict[str, Any]:
    """The reports the reader may read, as APP-6 reconnaissance symbols.

    The answer of :func:`arcticrecon.export.build.findings_document` through
    :func:`arcticrecon.export.to_geojson` (the download's GeoJSON: same features, marking
    and metadata; a test compares the two per reader), built from the plain rows of
    :meth:`PolicyView.finding_rows` instead of ORM objects, report models, shapely points
    and export features: this layer is read on every map load.
    """
    from arcticrecon.export import DocumentMarking, build
    from arcticrecon.export.geojson import COORD_DECIMALS
    from arcticrecon.export.symbols import FINDING_SIDC
    from arcticrecon.survey.models import form_of_kind

    levels = _levels(view)
    rows = view.finding_rows()
    doc = build.findings_document([], state.catalog, levels=levels, audience=view.reader.label())
    doc = replace(doc, marking=DocumentMarking.of([r.marking for r in rows], levels=levels))
    feats = []
    for r in rows:
        if form_of_kind(r.kind) is not None:
            continue  # structured surveys: their own layer (as findings_document)
        pos = _finding_position(r, state)
        if pos is None:
            continue
        props: dict[str, Any] = {
            "layer": "findings",
            "name": f"{r.kind} {r.site}",
            "report_id": r.id,
            "site": r.site,
            "kind": r.kind,
            "team": r.team,
            "author": r.author,
            "observed_at_utc": r.observed_at_utc.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "n_attachments": r.n_attachments,
        }
        for k, v in r.fields.items():
            v = ", ".join(str(x) for x in v) if isinstance(v, list | tuple) else v
            if not isinstance(v, str | int | float | bool) and v is not None:
                # the export's own check and one-line error (ExportFeature)
                return _doc_geojson(
                    build.findings_document(
                        view.reports(), state.catalog, levels=levels, audience=view.reader.label()
                    ),
                    "findings",
                    "Findings",
                )
            props[f"field_{k}"] = v
        props["symbol"] = FINDING_SIDC
        props["style"] = dict(_FINDING_STYLE)
        props["marking"] = {
            "level": r.marking.level,
            "rel_to": list(r.marking.rel_to),
            "banner": r.marking.label(),
        }
        if r.text:
            props["description"] = r.text
        feats.append(
            {
                "type": "Feature",
                "id": r.id,
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(pos[1], COORD_DECIMALS), round(pos[0], COORD_DECIMALS)],
                },
                "properties": props,
            }
        )
    gj = _doc_geojson(doc, "findings", "Findings")
    gj["features"] = feats
    return gj


#: The findings' symbol style (:func:`arcticrecon.export.build.findings_document`).
_FINDING_STYLE = {
    "stroke": "#1b1b1b",
    "stroke_width_px": 1.0,
    "fill": "#80e0ff",
    "fill_opacity": 1.0,
    "dash": False,
}


def _finding_position(row: Any, state: AppState) -> tuple[float, float] | None:
    """``(lat_deg, lon_deg)`` as :func:`arcticrecon.export.build.finding_position`."""
    lat, lon = row.fields.get("lat_deg"), row.fields.get("lon_deg")
    if lat is not None and lon is not None:
        return float(lat), float(lon)
    try:
        s = state.catalog.get(row.site)
    except LookupError:
        return None
    return float(s.lat_deg), float(s.lon_deg)
