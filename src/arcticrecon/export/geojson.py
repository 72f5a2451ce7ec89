"""GeoJSON (RFC 7946) writer: one FeatureCollection with the marking as a top-level member.

Shape (agreed in COORD.md): ``{"type": "FeatureCollection", "marking": {"level",
"rel_to", "banner"}, "layer": {"id", "title", "source", "caveat"}, "layers": [...],
"metadata": {...}, "features": [...]}``. Foreign members (``marking``, ``layer``,
``layers``, ``metadata``) are allowed by RFC 7946 §6.1. Each feature carries its
``layer`` id, ``name``, ``symbol`` (APP-6(B) SIDC), ``style`` and, for a marked record,
``marking`` in its properties; a circle keeps ``circle_center_lat_deg``,
``circle_center_lon_deg`` and ``circle_radius_m``. Coordinates are lon/lat degrees
rounded to 6 decimals (about 0.1 m, RFC 7946 §11.2); polygons have counter-clockwise
exterior rings and are cut at the antimeridian (§3.1.6, §3.1.9).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from arcticrecon.export.model import ExportDocument, ExportFeature, ExportLayer

__all__ = ["COORD_DECIMALS", "feature_to_geojson", "to_geojson", "write_geojson"]

#: Decimal places of lon/lat (1e-6° ≈ 0.11 m of latitude; RFC 7946 §11.2 advises 6).
COORD_DECIMALS = 6


def _round(coords: Any) -> Any:
    if isinstance(coords, list | tuple):
        if coords and isinstance(coords[0], float | int):
            return [round(float(c), COORD_DECIMALS) for c in coords]
        return [_round(c) for c in coords]
    return coords


def _geometry(geom: Any) -> dict[str, Any]:
    from shapely.geometry import mapping
    from shapely.geometry.polygon import orient

    if geom.geom_type == "Polygon":
        geom = orient(geom, 1.0)
    elif geom.geom_type == "MultiPolygon":
        from shapely.geometry import MultiPolygon

        geom = MultiPolygon([orient(p, 1.0) for p in geom.geoms])
    m = mapping(geom)
    return {"type": m["type"], "coordinates": _round(m["coordinates"])}


def feature_to_geojson(feature: ExportFeature, layer: ExportLayer) -> dict[str, Any]:
    """One GeoJSON Feature (see the module docstring for the property names)."""
    props: dict[str, Any] = {"layer": layer.id, "name": feature.name}
    props.update(feature.properties)
    if feature.symbol:
        props["symbol"] = feature.symbol
    s = feature.style
    props["style"] = {
        "stroke": s.stroke,
        "stroke_width_px": s.stroke_width_px,
        "fill": s.fill,
        "fill_opacity": s.fill_opacity,
        "dash": s.dash,
    }
    if feature.marking is not None:
        props["marking"] = {
            "level": feature.marking.level,
            "rel_to": list(feature.marking.rel_to),
            "banner": feature.marking.label(),
        }
    if feature.circle is not None:
        props["circle_center_lat_deg"] = feature.circle.lat_deg
        props["circle_center_lon_deg"] = feature.circle.lon_deg
        props["circle_radius_m"] = feature.circle.radius_m
    if feature.text:
        props["text"] = True
    if feature.description:
        props["description"] = feature.description
    return {
        "type": "Feature",
        "id": feature.id,
        "geometry": _geometry(feature.geometry),
        "properties": props,
    }


def to_geojson(doc: ExportDocument) -> dict[str, Any]:
    """The document as a GeoJSON FeatureCollection dict (RFC 7946 + marking members).

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> from arcticrecon.export import DocumentMarking, ExportDocument, ExportFeature, ExportLayer
    >>> layer = ExportLayer("sites", "Sites", [ExportFeature("BGGH", "Nuuk", Point(-51.68, 64.19))])
    >>> gj = to_geojson(ExportDocument("sites", "Sites", [layer], DocumentMarking.of([])))
    >>> gj["marking"], gj["features"][0]["geometry"]["coordinates"]
    ({'level': 'UNCLASSIFIED', 'rel_to': None, 'banner': 'UNCLASSIFIED'}, [-51.68, 64.19])
    """
    return {
        "type": "FeatureCollection",
        "marking": doc.marking.to_dict(),
        "layer": {"id": doc.id, "title": doc.title, "source": doc.source, "caveat": doc.caveat},
        "layers": [
            {"id": lay.id, "title": lay.title, "source": lay.source, "caveat": lay.caveat}
            for lay in doc.layers
        ],
        "metadata": doc.metadata(),
        "features": [feature_to_geojson(f, lay) for lay, f in doc.features()],
    }


def write_geojson(doc: ExportDocument, path: Path) -> Path:
    """Write the document as GeoJSON (UTF-8, atomic replace).

    Parameters
    ----------
    doc : ExportDocument
    path : Path

    Returns
    -------
    Path
        ``path``.
    """
    from arcticrecon.export.files import atomic_write_bytes

    text = json.dumps(to_geojson(doc), ensure_ascii=False, separators=(",", ":"))
    atomic_write_bytes(path, text.encode("utf-8"))
    return path
