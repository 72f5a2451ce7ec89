"""KML 2.2 writer with styles (standard-library XML), for Google Earth and GIS tools.

One ``<Document>`` with the marking as its first ``<Snippet>`` and ``<description>``
line and, machine-readable, in ``<ExtendedData>`` (``classification``,
``releasable_to``, ``marking``, provenance); one ``<Folder>`` per layer; one
``<Placemark>`` per feature with a shared ``<Style>`` per distinct style
(``IconStyle``/``LineStyle``/``PolyStyle``; KML colours are ``aabbggrr``), the feature's
properties, APP-6(B) symbol code and marking in its ``<ExtendedData>``. Circles are
written as their geodesic polygon (KML has no circle), cut at the antimeridian.

References
----------
.. [1] OGC 07-147r2, "OGC KML", version 2.2.0, 2008.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from arcticrecon.export.model import ExportDocument, ExportFeature, Style
from arcticrecon.export.xmlns import to_xml_bytes

__all__ = ["KML_NS", "kml_colour", "to_kml_xml", "write_kml"]

KML_NS = "http://www.opengis.net/kml/2.2"


def _q(tag: str) -> str:
    return f"{{{KML_NS}}}{tag}"


def kml_colour(hex_rgb: str, opacity: float = 1.0) -> str:
    """KML ``aabbggrr`` from ``#rrggbb`` and an opacity 0..1.

    Examples
    --------
    >>> kml_colour("#ff8000", 0.5)
    '7f0080ff'
    """
    a = int(opacity * 255.0)
    r, g, b = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
    return f"{a:02x}{b}{g}{r}".lower()


def _style_id(s: Style) -> str:
    fill = (s.fill or "none").lstrip("#")
    return (
        f"s-{s.stroke.lstrip('#')}-{s.stroke_width_px:g}-{fill}-{s.fill_opacity:g}"
        + ("-d" if s.dash else "")
    ).replace(".", "_")


def _style_element(parent: ET.Element, s: Style) -> None:
    st = ET.SubElement(parent, _q("Style"), {"id": _style_id(s)})
    icon = ET.SubElement(st, _q("IconStyle"))
    ET.SubElement(icon, _q("color")).text = kml_colour(s.fill or s.stroke)
    ET.SubElement(icon, _q("scale")).text = "0.9"
    line = ET.SubElement(st, _q("LineStyle"))
    ET.SubElement(line, _q("color")).text = kml_colour(s.stroke)
    ET.SubElement(line, _q("width")).text = f"{s.stroke_width_px:g}"
    poly = ET.SubElement(st, _q("PolyStyle"))
    ET.SubElement(poly, _q("color")).text = kml_colour(s.fill or s.stroke, s.fill_opacity)
    ET.SubElement(poly, _q("fill")).text = "1" if s.fill else "0"
    ET.SubElement(poly, _q("outline")).text = "1"


def _coords(seq: Any) -> str:
    return " ".join(f"{x:.6f},{y:.6f}" for x, y, *_ in seq)


def _geometry(parent: ET.Element, geom: Any) -> None:
    t = geom.geom_type
    if t.startswith("Multi") or t == "GeometryCollection":
        mg = ET.SubElement(parent, _q("MultiGeometry"))
        for g in geom.geoms:
            _geometry(mg, g)
        return
    if t == "Point":
        el = ET.SubElement(parent, _q("Point"))
        ET.SubElement(el, _q("coordinates")).text = _coords([(geom.x, geom.y)])
    elif t == "LineString":
        el = ET.SubElement(parent, _q("LineString"))
        ET.SubElement(el, _q("tessellate")).text = "1"
        ET.SubElement(el, _q("coordinates")).text = _coords(geom.coords)
    elif t == "Polygon":
        from shapely.geometry.polygon import orient

        geom = orient(geom, 1.0)
        el = ET.SubElement(parent, _q("Polygon"))
        ET.SubElement(el, _q("tessellate")).text = "1"
        outer = ET.SubElement(ET.SubElement(el, _q("outerBoundaryIs")), _q("LinearRing"))
        ET.SubElement(outer, _q("coordinates")).text = _coords(geom.exterior.coords)
        for ring in geom.interiors:
            inner = ET.SubElement(ET.SubElement(el, _q("innerBoundaryIs")), _q("LinearRing"))
            ET.SubElement(inner, _q("coordinates")).text = _coords(ring.coords)


def _data(parent: ET.Element, items: list[tuple[str, Any]]) -> None:
    ext = ET.SubElement(parent, _q("ExtendedData"))
    for key, value in items:
        d = ET.SubElement(ext, _q("Data"), {"name": key})
        if isinstance(value, bool):
            text = "true" if value else "false"
        else:
            text = "" if value is None else str(value)
        ET.SubElement(d, _q("value")).text = text


def _placemark(parent: ET.Element, layer_id: str, f: ExportFeature) -> None:
    pm = ET.SubElement(parent, _q("Placemark"), {"id": f"{layer_id}-{f.id}"})
    ET.SubElement(pm, _q("name")).text = f.name
    desc = [f.description] if f.description else []
    if f.marking is not None:
        desc.insert(0, f.marking.label())
    if desc:
        ET.SubElement(pm, _q("description")).text = "\n".join(desc)
    ET.SubElement(pm, _q("styleUrl")).text = f"#{_style_id(f.style)}"
    items: list[tuple[str, Any]] = list(f.properties.items())
    if f.symbol:
        items.append(("symbol_app6b", f.symbol))
    if f.marking is not None:
        items += [
            ("classification", f.marking.level),
            ("releasable_to", " ".join(f.marking.rel_to)),
        ]
    if f.circle is not None:
        items += [
            ("circle_center_lat_deg", f.circle.lat_deg),
            ("circle_center_lon_deg", f.circle.lon_deg),
            ("circle_radius_m", f.circle.radius_m),
        ]
    _data(pm, items)
    _geometry(pm, f.geometry)


def to_kml_xml(doc: ExportDocument) -> bytes:
    """The document as KML 2.2 (UTF-8 bytes with the XML declaration)."""
    root = ET.Element(_q("kml"))
    d = ET.SubElement(root, _q("Document"), {"id": doc.id})
    ET.SubElement(d, _q("name")).text = f"{doc.title} [{doc.marking.banner}]"
    ET.SubElement(d, _q("Snippet"), {"maxLines": "1"}).text = doc.marking.banner
    meta = doc.metadata()
    lines = [doc.marking.banner, doc.title]
    if doc.audience:
        lines.append(f"Cut for {doc.audience}")
    lines += [p for p in (doc.source, doc.caveat) if p]
    lines.append(f"Generated {meta['generated_utc']} by arcticrecon")
    ET.SubElement(d, _q("description")).text = "\n".join(lines)
    _data(d, list(meta.items()))
    styles: dict[str, Style] = {}
    for _layer, f in doc.features():
        styles.setdefault(_style_id(f.style), f.style)
    for s in styles.values():
        _style_element(d, s)
    for layer in doc.layers:
        folder = ET.SubElement(d, _q("Folder"), {"id": f"layer-{layer.id}"})
        ET.SubElement(folder, _q("name")).text = layer.title
        info = " — ".join(p for p in (layer.source, layer.caveat) if p)
        if info:
            ET.SubElement(folder, _q("description")).text = info
        for f in layer.features:
            _placemark(folder, layer.id, f)
    ET.indent(root, space=" ")
    return to_xml_bytes(root, KML_NS)


def write_kml(doc: ExportDocument, path: Path) -> Path:
    """Write the document as KML 2.2 (atomic replace); return ``path``."""
    from arcticrecon.export.files import atomic_write_bytes

    atomic_write_bytes(path, to_kml_xml(doc))
    return path
