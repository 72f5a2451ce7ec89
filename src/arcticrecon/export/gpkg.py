"""OGC GeoPackage writer through pyogrio (GDAL), for QGIS and other GIS tools.

One table per layer, geometry in EPSG:4326 (lon/lat), columns: ``name``, the feature's
properties, ``symbol_app6b``, ``stroke``, ``fill``, ``fill_opacity``,
``classification`` and ``releasable_to`` (per record, empty for unmarked data) and,
for circles, ``circle_center_lat_deg``, ``circle_center_lon_deg``, ``circle_radius_m``.
The document's marking and provenance are GDAL metadata items of the dataset and of each
layer (stored in the ``gpkg_metadata`` tables; ``pyogrio.read_info`` returns them as
``dataset_metadata`` / ``layer_metadata``), and the layer description starts with the
banner.

References
----------
.. [1] OGC 12-128r18, "OGC GeoPackage Encoding Standard", version 1.3.1, 2021.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from arcticrecon.export.model import ExportDocument, ExportLayer

__all__ = ["write_gpkg"]

_NUMPY = {bool: "bool", int: "int64", float: "float64"}


def _geometry_type(layer: ExportLayer) -> tuple[str, bool]:
    kinds = {f.geometry.geom_type for f in layer.features}
    base = {k.removeprefix("Multi") for k in kinds}
    if len(base) != 1:
        return "Unknown", False
    b = base.pop()
    if any(k.startswith("Multi") for k in kinds):
        return f"Multi{b}", True
    return b, False


def _columns(layer: ExportLayer) -> dict[str, tuple[np.ndarray, np.ndarray | None]]:
    rows: list[dict[str, Any]] = []
    for f in layer.features:
        r: dict[str, Any] = {"name": f.name, "feature_id": f.id}
        r.update(f.properties)
        if f.description:
            r["description"] = f.description
        r["symbol_app6b"] = f.symbol or ""
        r["stroke"] = f.style.stroke
        r["fill"] = f.style.fill or ""
        r["fill_opacity"] = f.style.fill_opacity
        r["classification"] = f.marking.level if f.marking else ""
        r["releasable_to"] = " ".join(f.marking.rel_to) if f.marking else ""
        if f.circle is not None:
            r["circle_center_lat_deg"] = f.circle.lat_deg
            r["circle_center_lon_deg"] = f.circle.lon_deg
            r["circle_radius_m"] = f.circle.radius_m
        rows.append(r)
    keys: list[str] = []
    for r in rows:
        keys += [k for k in r if k not in keys]
    out: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}
    for k in keys:
        values = [r.get(k) for r in rows]
        present = [v for v in values if v is not None]
        types = {type(v) for v in present}
        mask = np.array([v is None for v in values])
        if types and types <= {int, float} and bool not in types:
            dtype = "float64" if float in types else "int64"
            arr = np.array([0 if v is None else v for v in values], dtype=dtype)
        elif types == {bool}:
            arr = np.array([bool(v) for v in values], dtype="bool")
        else:
            arr = np.array(["" if v is None else str(v) for v in values], dtype=object)
        out[k] = (arr, mask if mask.any() else None)
    return out


def write_gpkg(doc: ExportDocument, path: Path) -> Path:
    """Write the document as a GeoPackage (one table per non-empty layer; atomic replace).

    Parameters
    ----------
    doc : ExportDocument
    path : Path

    Returns
    -------
    Path

    Raises
    ------
    InputError
        If the destination is not writable, or the document has no feature at all (a
        GeoPackage needs at least one table to be useful).
    """
    import pyogrio.raw
    from pyproj import CRS
    from shapely import to_wkb

    from arcticrecon.errors import InputError
    from arcticrecon.export.files import atomic_output

    layers = [lay for lay in doc.layers if lay.features]
    if not layers:
        raise InputError(
            f"nothing to write: the {doc.id} export has no feature the reader may see",
            field="what",
            value=doc.id,
        )
    meta = doc.metadata()
    crs = CRS.from_epsg(4326).to_wkt()
    with atomic_output(path, suffix=".gpkg") as tmp:
        for i, layer in enumerate(layers):
            geom_type, multi = _geometry_type(layer)
            cols = _columns(layer)
            geoms = np.array([to_wkb(f.geometry) for f in layer.features], dtype=object)
            desc = " — ".join(
                p for p in (doc.marking.banner, layer.title, layer.source, layer.caveat) if p
            )
            pyogrio.raw.write(
                str(tmp),
                geoms,
                [c[0] for c in cols.values()],
                list(cols),
                field_mask=[c[1] for c in cols.values()],
                layer=layer.id,
                driver="GPKG",
                geometry_type=geom_type,
                crs=crs,
                promote_to_multi=multi,
                append=i > 0,
                dataset_metadata=meta if i == 0 else None,
                layer_metadata={
                    **meta,
                    "layer_title": layer.title,
                    "layer_source": layer.source,
                    "layer_caveat": layer.caveat,
                },
                layer_options={"IDENTIFIER": layer.title, "DESCRIPTION": desc},
            )
    return path
