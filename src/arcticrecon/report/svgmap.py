"""Self-contained SVG maps of Greenland in polar stereographic projection (EPSG:3413).

APP-6(B) site symbols (:mod:`arcticrecon.report.symbols`), labels placed without overlap
(by priority: a label that fits in none of four positions is dropped and the symbol keeps
its tooltip), geodesic coverage circles (:func:`arcticrecon.geo.geodesic_circle`, drawn
in the plane, so a circle round the pole stays one closed curve), the graticule with
labels, a scale bar and a legend. The coastline is the shipped Natural Earth 1:50m
outline (public domain). No tiles, no scripts, no requests: the SVG is inlined in the
report and opens offline; the PDF keeps it vector.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import to_hex

from arcticrecon.geo import to_polar_stereo
from arcticrecon.report.symbols import SYMBOL_LABELS, app6_svg
from arcticrecon.sources.embedded import data_path

__all__ = ["MapCircle", "MapPoint", "greenland_svg", "place_labels", "score_colour"]

# EPSG:3413 extent shown [m]: Greenland with a margin (x east, y north)
_X0, _X1 = -800_000.0, 950_000.0
_Y0, _Y1 = -3_500_000.0, -550_000.0
_W = 720.0
_H = _W * (_Y1 - _Y0) / (_X1 - _X0)
_FONT_PX = 10.0


@dataclass(frozen=True)
class MapPoint:
    """A point to draw: position, colour, radius [px], tooltip, optional label and symbol.

    ``symbol`` (an APP-6(B) SIDC) draws the military symbol filled with ``colour``
    instead of a dot; ``priority`` orders label placement (highest first).
    """

    lat_deg: float
    lon_deg: float
    colour: str
    radius_px: float
    tooltip: str
    label: str = ""
    ring: bool = False
    symbol: str | None = None
    priority: float = 0.0


@dataclass(frozen=True)
class MapCircle:
    """A geodesic circle (coverage, response radius) to outline and shade."""

    lat_deg: float
    lon_deg: float
    radius_m: float
    colour: str = "#c0392b"
    label: str = ""


@lru_cache(maxsize=1)
def _viridis() -> Any:
    # the registry hands out a copy per look-up, which builds its 256-colour table on its
    # first call: once per process, not once per site (~1 ms each, 500 sites a plan)
    return colormaps["viridis"]


def score_colour(score: float | None) -> str:
    """Hex colour for a score in [0, 1] (viridis); grey for ``None`` (excluded)."""
    if score is None or not np.isfinite(score):
        return "#b0b0b0"
    return str(to_hex(_viridis()(float(np.clip(score, 0, 1)))))


def _px(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return (x - _X0) / (_X1 - _X0) * _W, (_Y1 - y) / (_Y1 - _Y0) * _H


def _path(x: np.ndarray, y: np.ndarray, close: bool = True) -> str:
    px, py = _px(np.asarray(x, float), np.asarray(y, float))
    pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py, strict=True))
    return f"M{pts}{'Z' if close else ''}"


@lru_cache(maxsize=1)
def _coast_paths() -> tuple[str, ...]:
    gj = json.loads(data_path("greenland_outline_ne_50m.geojson").read_text(encoding="utf-8"))
    out = []
    for feat in gj["features"]:
        geom = feat["geometry"]
        rings = (
            geom["coordinates"]
            if geom["type"] == "Polygon"
            else [r for poly in geom["coordinates"] for r in poly]
        )
        for ring in rings:
            arr = np.asarray(ring, dtype=float)
            x, y = to_polar_stereo(lat_deg=arr[:, 1], lon_deg=arr[:, 0])
            out.append(_path(np.asarray(x), np.asarray(y)))
    return tuple(out)


@lru_cache(maxsize=1)
def _graticule() -> tuple[str, ...]:
    parts = []
    for lat in (60, 65, 70, 75, 80):
        lon = np.linspace(-80, 0, 161)
        x, y = to_polar_stereo(lat_deg=np.full_like(lon, lat), lon_deg=lon)
        parts.append(
            f'<path d="{_path(x, y, close=False)}" fill="none" stroke="#b8cde0" stroke-width="0.6"/>'
        )
        lx, ly = _px(*map(np.asarray, to_polar_stereo(lat_deg=lat, lon_deg=-8.0)))
        if 0 < float(lx) < _W - 30 and 10 < float(ly) < _H:
            parts.append(
                f'<text x="{float(lx):.1f}" y="{float(ly) - 2:.1f}" font-size="8" fill="#6a8aa8">{lat}°N</text>'
            )
    for lon_v in (-70, -60, -50, -40, -30, -20, -10):
        lats = np.linspace(58, 84, 53)
        x, y = to_polar_stereo(lat_deg=lats, lon_deg=np.full_like(lats, lon_v))
        parts.append(
            f'<path d="{_path(x, y, close=False)}" fill="none" stroke="#b8cde0" stroke-width="0.6"/>'
        )
        lx, ly = _px(*map(np.asarray, to_polar_stereo(lat_deg=59.2, lon_deg=float(lon_v))))
        if 10 < float(lx) < _W - 10 and 0 < float(ly) < _H - 4:
            parts.append(
                f'<text x="{float(lx):.1f}" y="{float(ly):.1f}" font-size="8" fill="#6a8aa8" text-anchor="middle">{-lon_v}°W</text>'
            )
    return tuple(parts)


Box = tuple[float, float, float, float]


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    anchors: Sequence[tuple[float, float, float, str, float]],
    *,
    font_px: float = _FONT_PX,
    bounds: Box = (0.0, 0.0, _W, _H),
    obstacles: Sequence[Box] = (),
) -> list[tuple[int, float, float, str]]:
    """Greedy label placement by priority: right, left, above or below the symbol, or none.

    Parameters
    ----------
    anchors : sequence of (x_px, y_px, half_size_px, text, priority)
    font_px : float
    bounds : (x0, y0, x1, y1)
        Labels must lie inside. [px]
    obstacles : sequence of boxes
        Areas no label may cover (symbols, legend). [px]

    Returns
    -------
    list of (index, x_px, y_px, anchor)
        Placed labels (``anchor`` is the SVG ``text-anchor``); dropped ones are absent.

    Examples
    --------
    Two labels on the same spot: the higher priority one wins the right-hand side, the
    other moves to the left.

    >>> [(i, a) for i, _x, _y, a in place_labels([(100, 100, 5, "AAAA", 1), (100, 100, 5, "BBBB", 2)])]
    [(1, 'start'), (0, 'end')]
    """
    placed: list[Box] = list(obstacles)
    out = []
    order = sorted(range(len(anchors)), key=lambda i: -anchors[i][4])
    for i in order:
        x, y, r, text, _p = anchors[i]
        w = 0.58 * font_px * len(text) + 2.0
        h = font_px + 1.0
        cands = [
            (x + r + 2, y + h * 0.35, "start", (x + r + 1, y - h / 2, x + r + 2 + w, y + h / 2)),
            (x - r - 2, y + h * 0.35, "end", (x - r - 2 - w, y - h / 2, x - r - 1, y + h / 2)),
            (x, y - r - 3, "middle", (x - w / 2, y - r - 3 - h, x + w / 2, y - r - 2)),
            (x, y + r + h, "middle", (x - w / 2, y + r + 1, x + w / 2, y + r + h + 2)),
        ]
        for tx, ty, anchor, box in cands:
            inside = (
                bounds[0] <= box[0]
                and box[2] <= bounds[2]
                and bounds[1] <= box[1]
                and box[3] <= bounds[3]
            )
            if inside and not any(_overlap(box, b) for b in placed):
                placed.append(box)
                out.append((i, tx, ty, anchor))
                break
    return out


def _scale_bar() -> list[str]:
    """500 km bar, true at 70°N (EPSG:3413's standard parallel)."""
    from pyproj import Proj

    m_per_px = (_X1 - _X0) / _W
    length_px = 500_000.0 / m_per_px
    x0, y0 = _W - 24 - length_px, _H - 42
    f = Proj("EPSG:3413").get_factors(-45.0, 60.0)
    k60 = float(f.meridional_scale)
    parts = ['<g class="scale-bar" font-size="8" fill="#222">']
    for i in range(5):
        parts.append(
            f'<rect x="{x0 + i * length_px / 5:.1f}" y="{y0:.1f}" width="{length_px / 5:.1f}" height="4" '
            f'fill="{"#222" if i % 2 == 0 else "#fff"}" stroke="#222" stroke-width="0.5"/>'
        )
    parts.append(f'<text x="{x0:.1f}" y="{y0 - 3:.1f}">0</text>')
    parts.append(f'<text x="{x0 + length_px:.1f}" y="{y0 - 3:.1f}" text-anchor="end">500 km</text>')
    parts.append(
        f'<text x="{x0 + length_px:.1f}" y="{y0 + 13:.1f}" text-anchor="end" font-size="7" fill="#555">'
        f"true at 70°N; at 60°N 500 km is {k60 * 100:.0f} % of this bar</text>"
    )
    parts.append("</g>")
    return parts


def _legend(
    points: Sequence[MapPoint], circles: Sequence[MapCircle], scores: bool
) -> tuple[list[str], Box]:
    kinds: list[tuple[str, str]] = []  # (APP-6 function id, SIDC)
    for p in points:
        if (
            p.symbol
            and p.symbol[4:10] in SYMBOL_LABELS
            and p.symbol[4:10] not in [k for k, _ in kinds]
        ):
            kinds.append((p.symbol[4:10], p.symbol))
    closed = any(p.symbol and p.symbol[3] == "A" for p in points)
    rows = len(kinds) + int(closed) + (2 if scores else 0) + (1 if circles else 0)
    if rows == 0:
        return [], (0.0, 0.0, 0.0, 0.0)
    h = 14.0 * rows + 10
    x0, y0 = 8.0, _H - 8 - h
    parts = [
        f'<g class="legend" font-size="9"><rect x="{x0}" y="{y0:.1f}" width="206" height="{h:.1f}" '
        'fill="#ffffff" fill-opacity="0.88" stroke="#9aabbb" stroke-width="0.5"/>'
    ]
    y = y0 + 12
    for fid, sidc in kinds:
        parts.append(app6_svg(sidc, x0 + 14, y - 3, size_px=8, fill="#80e0ff"))
        parts.append(f'<text x="{x0 + 30}" y="{y:.1f}">{escape(SYMBOL_LABELS[fid])}</text>')
        y += 14
    if closed:
        parts.append(app6_svg("SFGAIBA---H****", x0 + 14, y - 3, size_px=8, fill="#b0b0b0"))
        parts.append(f'<text x="{x0 + 30}" y="{y:.1f}">closed site (dashed: may re-open)</text>')
        y += 14
    if scores:
        for i in range(11):
            parts.append(
                f'<rect x="{x0 + 6 + i * 10}" y="{y - 8:.1f}" width="10" height="8" fill="{score_colour(i / 10)}"/>'
            )
        parts.append(f'<text x="{x0 + 120}" y="{y:.1f}">best score 0 → 1</text>')
        y += 14
        parts.append(f'<rect x="{x0 + 6}" y="{y - 8:.1f}" width="10" height="8" fill="#b0b0b0"/>')
        parts.append(f'<text x="{x0 + 20}" y="{y:.1f}">excluded / no feasible window</text>')
        y += 14
    if circles:
        c = circles[0].colour
        parts.append(
            f'<circle cx="{x0 + 11}" cy="{y - 4:.1f}" r="5" fill="{c}" fill-opacity="0.15" stroke="{c}"/>'
        )
        parts.append(f'<text x="{x0 + 20}" y="{y:.1f}">geodesic response radius</text>')
    parts.append("</g>")
    return parts, (x0, y0, x0 + 206, y0 + h)


def greenland_svg(
    points: Sequence[MapPoint],
    *,
    title: str = "",
    legend: bool = True,
    circles: Sequence[MapCircle] = (),
) -> str:
    """An SVG map of Greenland with symbols, labels, circles, scale bar and legend.

    Parameters
    ----------
    points : sequence of MapPoint
    title : str
        Accessible title of the SVG.
    legend : bool
        Include the score colour ramp in the legend.
    circles : sequence of MapCircle
        Geodesic circles (drawn below the points).

    Returns
    -------
    str
        An ``<svg>`` element (no external references).
    """
    from arcticrecon.geo import geodesic_circle

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W:.0f} {_H:.0f}" '
        f'class="map" role="img" aria-label="{escape(title)}" font-family="DejaVu Sans, sans-serif">',
        f"<title>{escape(title)}</title>",
        f'<defs><clipPath id="frame"><rect width="{_W:.0f}" height="{_H:.0f}"/></clipPath></defs>',
        f'<rect width="{_W:.0f}" height="{_H:.0f}" fill="#dbe9f4"/>',
        '<g clip-path="url(#frame)">',
    ]
    parts += _graticule()
    parts.append(
        '<path d="' + " ".join(_coast_paths()) + '" fill="#f4f4f0" stroke="#7a8a99" '
        'stroke-width="0.7" fill-rule="evenodd"/>'
    )
    for c in circles:
        x, y = geodesic_circle(
            lat_deg=c.lat_deg, lon_deg=c.lon_deg, radius_m=c.radius_m
        ).projected_xy("EPSG:3413")
        parts.append(
            f'<path d="{_path(x, y)}" fill="{c.colour}" fill-opacity="0.10" stroke="{c.colour}" '
            f'stroke-width="1.2"><title>{escape(c.label)}</title></path>'
        )
    parts.append("</g>")
    order = sorted(points, key=lambda p: (p.ring, p.radius_px))
    xy: list[tuple[float, float]] = []
    if order:  # all points in one projection call (PROJ works point by point alike)
        x, y = to_polar_stereo(
            lat_deg=np.array([p.lat_deg for p in order], float),
            lon_deg=np.array([p.lon_deg for p in order], float),
        )
        pxa, pya = _px(np.atleast_1d(x), np.atleast_1d(y))
        xy = list(zip(pxa.tolist(), pya.tolist(), strict=True))
    boxes: list[Box] = []
    for p, (px, py) in zip(order, xy, strict=True):
        if p.symbol:
            size = 2.2 * p.radius_px
            parts.append(
                app6_svg(
                    p.symbol,
                    px,
                    py,
                    size_px=size,
                    fill=p.colour,
                    title=p.tooltip,
                    outline="#b00000" if p.ring else "",
                )
            )
            boxes.append((px - 0.75 * size, py - 0.75 * size, px + 0.75 * size, py + 0.5 * size))
        else:
            stroke = (
                'stroke="#111" stroke-width="1.6"' if p.ring else 'stroke="#333" stroke-width="0.5"'
            )
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{p.radius_px:.1f}" fill="{p.colour}" '
                f"{stroke}><title>{escape(p.tooltip)}</title></circle>"
            )
    leg, leg_box = _legend(points, circles, legend)
    anchors = [
        (
            px,
            py,
            (1.2 if p.symbol else 1.0) * p.radius_px * (1.6 if p.symbol else 1.0),
            p.label,
            p.priority,
        )
        for p, (px, py) in zip(order, xy, strict=True)
        if p.label
    ]
    labelled = [p for p in order if p.label]
    placed = place_labels(anchors, obstacles=[leg_box, (_W - 300, _H - 60, _W, _H)])
    for i, tx, ty, anchor in placed:
        parts.append(
            f'<text x="{tx:.1f}" y="{ty:.1f}" font-size="{_FONT_PX:g}" text-anchor="{anchor}" '
            f'fill="#111" stroke="#fff" stroke-width="2.4" paint-order="stroke">{escape(labelled[i].label)}</text>'
        )
    parts += leg
    parts += _scale_bar()
    parts.append(
        f'<text x="{_W - 6:.0f}" y="{_H - 6:.0f}" font-size="7" text-anchor="end" '
        'fill="#555">EPSG:3413 · coastline Natural Earth · symbols APP-6(B)</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)
