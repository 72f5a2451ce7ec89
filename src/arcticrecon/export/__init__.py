"""Exports for C2 and GIS tools: one neutral feature model, four writers.

Build an :class:`ExportDocument` (layers of :class:`ExportFeature` s: shapely geometry in
lon/lat, properties, name, APP-6(B) symbol code, style, marking) and write it with
:func:`write_geojson` (RFC 7946), :func:`write_kml` (KML 2.2 with styles),
:func:`write_nvg` (NATO Vector Graphics 2.0.2) or :func:`write_gpkg` (GeoPackage via
pyogrio); :func:`write_export` picks the writer by format name. Every file carries the
document's marking (classification and REL TO) in its metadata. Builders for the
mission's content (sites, ranking, presence options, routes, findings) are in
:mod:`arcticrecon.export.build`. Writers import their libraries when called.
"""

from __future__ import annotations

from pathlib import Path

from arcticrecon.export.model import (
    NO_COMMON_NATION,
    Circle,
    DocumentMarking,
    ExportDocument,
    ExportFeature,
    ExportLayer,
    Style,
)

__all__ = [
    "FORMATS",
    "NO_COMMON_NATION",
    "Circle",
    "DocumentMarking",
    "ExportDocument",
    "ExportFeature",
    "ExportLayer",
    "Style",
    "to_geojson",
    "write_export",
    "write_geojson",
    "write_gpkg",
    "write_kml",
    "write_nvg",
]

#: Format name -> (file suffix, media type).
FORMATS: dict[str, tuple[str, str]] = {
    "nvg": (".nvg", "application/xml"),
    "kml": (".kml", "application/vnd.google-earth.kml+xml"),
    "gpkg": (".gpkg", "application/geopackage+sqlite3"),
    "geojson": (".geojson", "application/geo+json"),
}


def to_geojson(doc: ExportDocument) -> dict[str, object]:
    """See :func:`arcticrecon.export.geojson.to_geojson`."""
    from arcticrecon.export.geojson import to_geojson as _to

    return _to(doc)


def write_geojson(doc: ExportDocument, path: Path) -> Path:
    """See :func:`arcticrecon.export.geojson.write_geojson`."""
    from arcticrecon.export.geojson import write_geojson as _w

    return _w(doc, path)


def write_kml(doc: ExportDocument, path: Path) -> Path:
    """See :func:`arcticrecon.export.kml.write_kml`."""
    from arcticrecon.export.kml import write_kml as _w

    return _w(doc, path)


def write_nvg(doc: ExportDocument, path: Path) -> Path:
    """See :func:`arcticrecon.export.nvg.write_nvg`."""
    from arcticrecon.export.nvg import write_nvg as _w

    return _w(doc, path)


def write_gpkg(doc: ExportDocument, path: Path) -> Path:
    """See :func:`arcticrecon.export.gpkg.write_gpkg`."""
    from arcticrecon.export.gpkg import write_gpkg as _w

    return _w(doc, path)


def write_export(doc: ExportDocument, fmt: str, path: Path) -> Path:
    """Write ``doc`` in format ``fmt`` (``nvg``, ``kml``, ``gpkg``, ``geojson``).

    Raises
    ------
    InputError
        For an unknown format or an unwritable ``path``.
    """
    writers = {"nvg": write_nvg, "kml": write_kml, "gpkg": write_gpkg, "geojson": write_geojson}
    if fmt not in writers:
        from arcticrecon.errors import InputError

        raise InputError(
            f"export format {fmt!r} is not one of {', '.join(writers)}",
            field="format",
            value=fmt,
            valid_range=tuple(writers),
        )
    return writers[fmt](doc, Path(path))
