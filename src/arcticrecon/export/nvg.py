"""NATO Vector Graphics (NVG) 2.0.2 writer and reader (standard-library XML).

NVG is the overlay format of NATO C2 systems and of the NATO Federated Mission
Networking (FMN) overlay profile. Namespace
``https://tide.act.nato.int/schemas/2012/10/nvg``, root ``<nvg version="2.0.2">``;
coordinates are WGS 84 lon (``x``) / lat (``y``) degrees, radii in metres. This writer
uses the drawables ``point``, ``polyline``, ``polygon``, ``circle`` and ``text``, grouped
by layer in ``<g>`` elements; symbols are ``symbol="app6b:<SIDC>"``.

Metadata: the document's marking (classification, REL TO, banner) and provenance are
in the root ``<extendedData>`` (schema ``arcticrecon-document``) and, for readers that
show only Dublin Core, ``<metadata>`` with ``dc:title``, ``dc:date``, ``dc:source`` and
``dc:rights`` = the banner. Each layer declares its attribute columns with a
``<schema>`` of typed ``<simpleField>`` s; each drawable carries its properties in
``<extendedData schemaRef="#<layer>">`` so :func:`read_nvg` restores their types.

References
----------
.. [1] NATO ACT, "NATO Vector Graphics (NVG) 2.0 specification" and XML schema
   nvg.2.0.xsd (namespace above), TIDE; version 2.0.2 as profiled by FMN Spiral 3.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from arcticrecon.errors import InputError
from arcticrecon.export.model import (
    Circle,
    DocumentMarking,
    ExportDocument,
    ExportFeature,
    ExportLayer,
    Style,
)
from arcticrecon.export.xmlns import to_xml_bytes
from arcticrecon.survey import Marking

__all__ = ["NVG_NS", "NVG_VERSION", "read_nvg", "to_nvg_xml", "write_nvg"]

NVG_NS = "https://tide.act.nato.int/schemas/2012/10/nvg"
NVG_VERSION = "2.0.2"
DC_NS = "http://purl.org/dc/elements/1.1/"
_DOC_SCHEMA = "arcticrecon-document"
#: Reserved per-feature keys in extendedData (marking and feature identity).
_RESERVED = ("arx_id", "arx_level", "arx_rel_to")
_TYPES = {bool: "bool", int: "int", float: "double", str: "string"}

ET.register_namespace("dc", DC_NS)


def _q(tag: str) -> str:
    return f"{{{NVG_NS}}}{tag}"


def _fmt(v: float) -> str:
    return f"{v:.6f}".rstrip("0").rstrip(".")


def _points(coords: Any) -> str:
    return " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y, *_ in coords)


def _style(s: Style, *, area: bool) -> str:
    parts = [f"stroke:{s.stroke}", f"stroke-width:{_fmt(s.stroke_width_px)}"]
    if s.dash:
        parts.append("stroke-dash:8,4")
    if area or s.fill:
        parts.append(f"fill:{s.fill or 'none'}")
        if s.fill:
            parts.append(f"fill-opacity:{_fmt(s.fill_opacity)}")
    return ";".join(parts)


def _parse_style(text: str | None) -> Style:
    if not text:
        return Style()
    kv = dict(p.split(":", 1) for p in text.split(";") if ":" in p)
    fill = kv.get("fill")
    return Style(
        stroke=kv.get("stroke", "#000000"),
        stroke_width_px=float(kv.get("stroke-width", 1.5)),
        fill=None if fill in (None, "none") else fill,
        fill_opacity=float(kv.get("fill-opacity", 0.25)),
        dash="stroke-dash" in kv and kv["stroke-dash"] != "none",
    )


def _field_types(layer: ExportLayer) -> dict[str, str]:
    types: dict[str, str] = {}
    for f in layer.features:
        for k, v in f.properties.items():
            if v is None:
                types.setdefault(k, "string")
                continue
            t = _TYPES[type(v)] if type(v) in _TYPES else "string"
            prev = types.get(k)
            if prev is None or prev == t:
                types[k] = t
            elif {prev, t} == {"int", "double"}:
                types[k] = "double"
            else:
                types[k] = "string"
    return types


def _value_text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _extended(parent: ET.Element, schema_ref: str, items: list[tuple[str, str]]) -> None:
    ext = ET.SubElement(parent, _q("extendedData"), {"schemaRef": f"#{schema_ref}"})
    for key, value in items:
        sd = ET.SubElement(ext, _q("simpleData"), {"key": key})
        sd.text = value


def _uri(layer: ExportLayer, f: ExportFeature) -> str:
    return f"urn:arcticrecon:{layer.id}:{f.id}"


def _drawables(f: ExportFeature) -> list[tuple[str, dict[str, str]]]:
    """NVG element name and geometry attributes, one per part of a Multi* geometry."""
    g = f.geometry
    if f.circle is not None:
        c = f.circle
        return [("circle", {"cx": _fmt(c.lon_deg), "cy": _fmt(c.lat_deg), "r": _fmt(c.radius_m)})]
    if f.text:
        return [("text", {"x": _fmt(g.x), "y": _fmt(g.y)})]
    parts = list(getattr(g, "geoms", [g]))
    out = []
    for p in parts:
        if p.geom_type == "Point":
            out.append(("point", {"x": _fmt(p.x), "y": _fmt(p.y)}))
        elif p.geom_type == "LineString":
            out.append(("polyline", {"points": _points(p.coords)}))
        elif p.geom_type == "Polygon":
            if list(p.interiors):
                raise InputError(
                    f"feature {f.id!r}: NVG polygons have no holes; split the area",
                    field="geometry",
                    value=f.id,
                )
            out.append(("polygon", {"points": _points(list(p.exterior.coords)[:-1])}))
        else:
            raise InputError(
                f"feature {f.id!r}: {p.geom_type} has no NVG drawable",
                field="geometry",
                value=p.geom_type,
            )
    return out


def _feature_elements(parent: ET.Element, layer: ExportLayer, f: ExportFeature) -> None:
    drawables = _drawables(f)
    target = parent
    if len(drawables) > 1:  # a Multi* geometry: one <g> holding its parts
        target = ET.SubElement(parent, _q("g"), {"uri": _uri(layer, f), "label": f.name})
    for i, (tag, geo) in enumerate(drawables):
        attrs = dict(geo)
        attrs["uri"] = _uri(layer, f) + (f"#{i}" if len(drawables) > 1 else "")
        if tag != "text":
            attrs["label"] = f.name
        if f.symbol and tag in ("point", "polyline", "polygon", "circle"):
            from arcticrecon.export.symbols import nvg_symbol

            attrs["symbol"] = nvg_symbol(f.symbol)
        attrs["style"] = _style(f.style, area=tag in ("polygon", "circle"))
        el = ET.SubElement(target, _q(tag), attrs)
        if tag == "text":
            ET.SubElement(el, _q("content")).text = f.name
        if f.description:
            ET.SubElement(el, _q("textInfo")).text = f.description
        items = [(k, _value_text(v)) for k, v in f.properties.items() if v is not None]
        items.append(("arx_id", f.id))
        if f.marking is not None:
            items += [("arx_level", f.marking.level), ("arx_rel_to", " ".join(f.marking.rel_to))]
        _extended(el, layer.id, items)


def to_nvg_xml(doc: ExportDocument) -> bytes:
    """The document as NVG 2.0.2 XML (UTF-8 bytes with the XML declaration)."""
    root = ET.Element(_q("nvg"), {"version": NVG_VERSION})
    meta = doc.metadata()
    md = ET.SubElement(root, _q("metadata"))
    for tag, value in (
        ("title", doc.title),
        ("date", meta["generated_utc"]),
        ("source", doc.source or "arcticrecon"),
        ("rights", doc.marking.banner),
    ):
        ET.SubElement(md, f"{{{DC_NS}}}{tag}").text = value
    sch = ET.SubElement(root, _q("schema"), {"schemaId": _DOC_SCHEMA})
    for key in meta:
        ET.SubElement(sch, _q("simpleField"), {"id": key, "type": "string"})
    for layer in doc.layers:
        ls = ET.SubElement(root, _q("schema"), {"schemaId": layer.id})
        for key, typ in _field_types(layer).items():
            ET.SubElement(ls, _q("simpleField"), {"id": key, "type": typ})
        for key in _RESERVED:
            ET.SubElement(ls, _q("simpleField"), {"id": key, "type": "string"})
    _extended(root, _DOC_SCHEMA, list(meta.items()))
    for layer in doc.layers:
        g = ET.SubElement(
            root, _q("g"), {"uri": f"urn:arcticrecon:{layer.id}", "label": layer.title}
        )
        info = " — ".join(p for p in (layer.source, layer.caveat) if p)
        if info:
            ET.SubElement(g, _q("textInfo")).text = info
        for f in layer.features:
            _feature_elements(g, layer, f)
    ET.indent(root, space=" ")
    return to_xml_bytes(root, NVG_NS)


def write_nvg(doc: ExportDocument, path: Path) -> Path:
    """Write the document as an NVG 2.0.2 file (atomic replace); return ``path``."""
    from arcticrecon.export.files import atomic_write_bytes

    atomic_write_bytes(path, to_nvg_xml(doc))
    return path


# ---------------------------------------------------------------------------------------
# reader (round trip, and overlays other C2 systems send)
# ---------------------------------------------------------------------------------------


def _typed(value: str, typ: str) -> Any:
    if typ == "bool":
        return value == "true"
    if typ == "int":
        return int(value)
    if typ == "double":
        return float(value)
    return value


def _coords(text: str) -> list[tuple[float, float]]:
    return [(float(a), float(b)) for a, b in (p.split(",") for p in text.split())]


def _read_drawable(el: ET.Element) -> tuple[Any, Circle | None, bool]:
    from shapely.geometry import LineString, Point, Polygon

    tag = el.tag.rsplit("}", 1)[-1]
    if tag == "point":
        return Point(float(el.get("x", "nan")), float(el.get("y", "nan"))), None, False
    if tag == "text":
        return Point(float(el.get("x", "nan")), float(el.get("y", "nan"))), None, True
    if tag == "polyline":
        return LineString(_coords(el.get("points", ""))), None, False
    if tag == "polygon":
        return Polygon(_coords(el.get("points", ""))), None, False
    if tag == "circle":
        from arcticrecon.export.geometry import circle_polygon

        c = Circle(
            float(el.get("cy", "nan")), float(el.get("cx", "nan")), float(el.get("r", "nan"))
        )
        return circle_polygon(c), c, False
    raise InputError(f"NVG element <{tag}> is not read by arcticrecon", field="nvg", value=tag)


def _simple(el: ET.Element) -> dict[str, str]:
    ext = el.find(_q("extendedData"))
    if ext is None:
        return {}
    return {sd.get("key", ""): sd.text or "" for sd in ext.findall(_q("simpleData"))}


def _feature(el: ET.Element, types: dict[str, str], parts: list[ET.Element]) -> ExportFeature:
    from shapely.geometry import MultiLineString, MultiPoint, MultiPolygon

    geoms = [_read_drawable(p) for p in parts]
    first = parts[0]
    data = _simple(first)
    kind = {g.geom_type for g, _c, _t in geoms}
    if len(geoms) == 1:
        geom, circle, text = geoms[0]
    else:
        circle, text = None, False
        cls = {"Point": MultiPoint, "LineString": MultiLineString, "Polygon": MultiPolygon}
        geom = cls[kind.pop()]([g for g, _c, _t in geoms])
    props = {k: _typed(v, types.get(k, "string")) for k, v in data.items() if k not in _RESERVED}
    level, rel = data.get("arx_level"), data.get("arx_rel_to")
    sym = first.get("symbol")
    content = first.find(_q("content"))
    info = first.find(_q("textInfo"))
    return ExportFeature(
        id=data.get("arx_id") or el.get("uri") or "",
        name=(content.text or "") if content is not None else el.get("label", ""),
        geometry=geom,
        properties=props,
        symbol=sym.split(":", 1)[1] if sym and ":" in sym else None,
        style=_parse_style(first.get("style")),
        marking=Marking(level, tuple(rel.split())) if level and rel else None,
        circle=circle,
        text=text,
        description=(info.text or "") if info is not None else "",
    )


def read_nvg(path: Path) -> ExportDocument:
    """Read an NVG 2.0 file written by :func:`write_nvg` (or a compatible one).

    Top-level ``<g>`` elements become layers (id from their ``urn:arcticrecon:<id>`` uri,
    else ``layer<n>``); drawables directly under the root form a layer ``nvg``.

    Raises
    ------
    InputError
        If the file is not XML, not NVG (root element or namespace), or holds a drawable
        this reader does not know.
    """
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as err:
        raise InputError(f"{path}: not an XML file ({err})", field="nvg", value=str(path)) from None
    if root.tag != _q("nvg"):
        raise InputError(
            f"{path}: root element {root.tag!r} is not NVG ({{{NVG_NS}}}nvg)",
            field="nvg",
            value=root.tag,
        )
    schemas = {
        s.get("schemaId", ""): {
            f.get("id", ""): f.get("type", "string") for f in s.findall(_q("simpleField"))
        }
        for s in root.findall(_q("schema"))
    }
    meta = _simple(root)
    layers: list[ExportLayer] = []
    loose: list[ExportFeature] = []
    for n, child in enumerate(root):
        tag = child.tag.rsplit("}", 1)[-1]
        if tag in ("metadata", "schema", "extendedData", "extension"):
            continue
        if tag != "g":
            loose.append(_feature(child, {}, [child]))
            continue
        uri = child.get("uri", "")
        lid = uri.rsplit(":", 1)[-1] if uri.startswith("urn:arcticrecon:") else f"layer{n}"
        types = schemas.get(lid, {})
        feats = []
        for el in child:
            t = el.tag.rsplit("}", 1)[-1]
            if t == "textInfo":
                continue
            parts = [p for p in el if p.tag != _q("textInfo")] if t == "g" else [el]
            feats.append(_feature(el, types, parts))
        info = child.find(_q("textInfo"))
        src, _sep, cav = ((info.text or "") if info is not None else "").partition(" — ")
        layers.append(ExportLayer(lid, child.get("label", lid), tuple(feats), src, cav))
    if loose:
        layers.append(ExportLayer("nvg", "NVG", tuple(loose)))
    rel = meta.get("releasable_to", "")
    marking = DocumentMarking(
        level=meta.get("classification", ""),
        rel_to=None if not rel else (() if rel.startswith("(") else tuple(rel.split())),
        banner=meta.get("marking", ""),
    )
    gen = meta.get("generated_utc")
    return ExportDocument(
        id="nvg",
        title=meta.get("title", ""),
        layers=tuple(layers),
        marking=marking,
        generated_utc=dt.datetime.fromisoformat(gen.replace("Z", "+00:00"))
        if gen
        else dt.datetime.now(dt.UTC),
        audience=meta.get("audience", ""),
        source=meta.get("source", ""),
        caveat=meta.get("caveat", ""),
    )
