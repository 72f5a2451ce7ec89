"""The neutral feature model every export writer reads (GeoJSON, KML, NVG, GeoPackage).

A :class:`ExportDocument` is a titled set of :class:`ExportLayer` s, each a sequence of
:class:`ExportFeature` s, with one :class:`DocumentMarking` (classification and REL TO)
for the whole file. Geometries are shapely objects in WGS 84 longitude/latitude degrees
(x = lon, y = lat; the axis order of RFC 7946 and of NVG's ``x``/``y``). A geodesic
circle keeps its centre and radius (:class:`Circle`) beside the polygon that approximates
it, so that NVG writes a true ``<circle>`` while GeoJSON, KML and GeoPackage write the
polygon.

The document marking is the high-water mark of every marked record the document uses
(:meth:`DocumentMarking.of`, i.e. :func:`arcticrecon.survey.high_water_mark`, the one
aggregation rule of the project).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from arcticrecon.errors import InputError
from arcticrecon.survey import Marking
from arcticrecon.survey.marking import DocumentMarking

__all__ = [
    "NO_COMMON_NATION",
    "Circle",
    "DocumentMarking",
    "ExportDocument",
    "ExportFeature",
    "ExportLayer",
    "Style",
]

#: ``releasable_to`` metadata text when the included records have no nation in common.
NO_COMMON_NATION = "(no common nation)"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _check_colour(value: str | None, name: str) -> None:
    if value is not None and not _HEX.match(value):
        raise InputError(f"style {name} {value!r} is not a #rrggbb colour", field=name, value=value)


@dataclass(frozen=True)
class Style:
    """How a feature is drawn (the subset NVG, KML and OpenLayers all express).

    Attributes
    ----------
    stroke : str
        Line / outline colour ``#rrggbb``.
    stroke_width_px : float
        Line width. [px]
    fill : str or None
        Area or symbol fill ``#rrggbb``; ``None`` for no fill.
    fill_opacity : float
        0 (transparent) .. 1 (opaque). [-]
    dash : bool
        Dashed line.

    Raises
    ------
    InputError
        If a colour is not ``#rrggbb`` or an opacity/width is out of range.
    """

    stroke: str = "#000000"
    stroke_width_px: float = 1.5
    fill: str | None = None
    fill_opacity: float = 0.25
    dash: bool = False

    def __post_init__(self) -> None:
        """Check the colours and the opacity (raises :class:`InputError`)."""
        _check_colour(self.stroke, "stroke")
        _check_colour(self.fill, "fill")
        if not 0.0 <= self.fill_opacity <= 1.0:
            raise InputError(
                f"style fill_opacity {self.fill_opacity} is outside 0..1",
                field="fill_opacity",
                value=self.fill_opacity,
                valid_range=(0.0, 1.0),
            )
        if not 0.0 < self.stroke_width_px <= 50.0:
            raise InputError(
                f"style stroke_width_px {self.stroke_width_px} is outside (0, 50]",
                field="stroke_width_px",
                value=self.stroke_width_px,
                valid_range=(0.0, 50.0),
            )


@dataclass(frozen=True)
class Circle:
    """A geodesic circle on WGS 84: all points at ``radius_m`` along geodesics from a centre.

    Attributes
    ----------
    lat_deg, lon_deg : float
        Centre. [deg]
    radius_m : float
        Geodesic radius (> 0). [m]
    """

    lat_deg: float
    lon_deg: float
    radius_m: float

    def __post_init__(self) -> None:
        """Check the radius (raises :class:`InputError`)."""
        if not (self.radius_m > 0.0):
            raise InputError(
                f"circle radius {self.radius_m} m must be positive",
                field="radius_m",
                value=self.radius_m,
            )


@dataclass(frozen=True)
class ExportFeature:
    """One thing on the map.

    Attributes
    ----------
    id : str
        Stable identifier within its layer (``"BGSF"``, a report id); written as NVG
        ``uri`` (``urn:arcticrecon:<layer>:<id>``), KML ``id``, GeoJSON ``id``.
    name : str
        Label shown next to the feature.
    geometry : shapely geometry
        Point, LineString, Polygon or their Multi* forms in lon/lat degrees (WGS 84).
    properties : mapping of str to str, int, float, bool or None
        Attributes (units in the keys, ``length_m``). Lists and dicts are not allowed: every
        format must carry them as a plain column.
    symbol : str or None
        APP-6(B) / MIL-STD-2525B 15-character symbol identification code
        (see :mod:`arcticrecon.export.symbols`); NVG writes ``app6b:<code>``.
    style : Style
    marking : Marking or None
        Marking of the record this feature shows (findings); ``None`` for unmarked data
        (the public catalogue).
    circle : Circle or None
        When the feature is a geodesic circle: its centre and radius (``geometry`` is
        then the polygon that approximates it).
    text : bool
        A text annotation: ``name`` is the text, placed at the point ``geometry`` (NVG
        ``<text>``).
    description : str
        Longer free text (NVG ``textInfo``, KML ``description``).
    """

    id: str
    name: str
    geometry: Any
    properties: Mapping[str, Any] = field(default_factory=dict)
    symbol: str | None = None
    style: Style = field(default_factory=Style)
    marking: Marking | None = None
    circle: Circle | None = None
    text: bool = False
    description: str = ""

    def __post_init__(self) -> None:
        """Check the geometry, the properties and text annotations (raises :class:`InputError`)."""
        from shapely.geometry.base import BaseGeometry

        if not isinstance(self.geometry, BaseGeometry) or self.geometry.is_empty:
            raise InputError(
                f"feature {self.id!r}: geometry must be a non-empty shapely geometry",
                field="geometry",
                value=type(self.geometry).__name__,
            )
        for key, value in self.properties.items():
            if not isinstance(value, str | int | float | bool) and value is not None:
                raise InputError(
                    f"feature {self.id!r}: property {key!r} is a {type(value).__name__}; "
                    "give str, int, float, bool or None (join lists into text)",
                    field=key,
                    value=repr(value)[:80],
                )
        if self.text and self.geometry.geom_type != "Point":
            raise InputError(
                f"feature {self.id!r}: a text annotation needs a Point geometry",
                field="geometry",
                value=self.geometry.geom_type,
            )


@dataclass(frozen=True)
class ExportLayer:
    """A named group of features (a GeoPackage table, a KML folder, an NVG ``<g>``).

    Attributes
    ----------
    id : str
        Short identifier, ``[a-z0-9_]`` (GeoPackage table name).
    title : str
    features : sequence of ExportFeature
    source : str
        Where the data come from (shown in every format).
    caveat : str
        What the reader must know (e.g. "response circles at cruise speed, no winds").
    """

    id: str
    title: str
    features: Sequence[ExportFeature]
    source: str = ""
    caveat: str = ""

    def __post_init__(self) -> None:
        """Check the layer id (raises :class:`InputError`)."""
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,62}", self.id):
            raise InputError(
                f"layer id {self.id!r} must be lower-case letters, digits and _",
                field="id",
                value=self.id,
            )


@dataclass(frozen=True)
class ExportDocument:
    """One export file's content.

    Attributes
    ----------
    id : str
        Short identifier (``"sites"``, ``"ranking"``), ``[a-z0-9_]``.
    title : str
    layers : sequence of ExportLayer
    marking : DocumentMarking
    generated_utc : datetime
        When the content was produced (timezone-aware UTC).
    audience : str
        For whom the file was cut (``"Maj Peeters (BEL, RESTRICTED)"``), empty when not
        cut for a reader.
    source : str
    caveat : str
    """

    id: str
    title: str
    layers: Sequence[ExportLayer]
    marking: DocumentMarking
    generated_utc: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    audience: str = ""
    source: str = ""
    caveat: str = ""

    def features(self) -> list[tuple[ExportLayer, ExportFeature]]:
        """Every feature with its layer, in order."""
        return [(layer, f) for layer in self.layers for f in layer.features]

    def metadata(self) -> dict[str, str]:
        """Flat text metadata every format carries (marking first).

        Keys: ``classification``, ``releasable_to`` (space-separated codes, empty when
        unrestricted, :data:`NO_COMMON_NATION` when the records share no nation), ``marking`` (the banner), ``title``, ``generated_utc``,
        ``audience``, ``source``, ``caveat``.
        """
        rel = "" if self.marking.rel_to is None else " ".join(self.marking.rel_to)
        if self.marking.rel_to == ():
            rel = NO_COMMON_NATION
        return {
            "classification": self.marking.level,
            "releasable_to": rel,
            "marking": self.marking.banner,
            "title": self.title,
            "generated_utc": self.generated_utc.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "audience": self.audience,
            "source": self.source,
            "caveat": self.caveat,
        }
