"""Self-contained SVG maps of Greenland in polar stereographic projection (EPSG:3413).

The coastline is the shipped Natural Earth 1:50m outline (public domain). No tiles, no
scripts, no requests: the SVG is inlined in the report and opens offline.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import to_hex

from arcticrecon.geo import to_polar_stereo
from arcticrecon.sources.embedded import data_path

__all__ = ["MapPoint", "greenland_svg", "score_colour"]

# EPSG:3413 extent shown [m]: Greenland with a margin (x east, y north)
_X0, _X1 = -800_000.0, 950_000.0
_Y0, _Y1 = -3_500_000.0, -550_000.0


@dataclass(frozen=True)
class MapPoint:
    """A point to draw: position, colour, radius [px], tooltip, optional label."""

    lat_deg: float
    lon_deg: float
    colour: str
    radius_px: float
    tooltip: str
    label: str = ""
    ring: bool = False


def score_colour(score: float | None) -> str:
    """Hex colour for a score in [0, 1] (viridis); grey for ``None`` (excluded)."""
    if score is None or not np.isfinite(score):
        return "#b0b0b0"
    return str(to_hex(colormaps["viridis"](float(np.clip(score, 0, 1)))))


@lru_cache(maxsize=1)
def _coast_paths() -> tuple[str, ...]:
    gj = json.loads(data_path("greenland_outline_ne_50m.geojson").read_text(encoding="utf-8"))
    polys = []
    for feat in gj["features"]:
        geom = feat["geometry"]
        if geom["type"] == "Polygon":
            rings = geom["coordinates"]
        else:
            rings = [r for poly in geom["coordinates"] for r in poly]
        polys.extend(rings)
    out = []
    for ring in polys:
        arr = np.asarray(ring, dtype=float)
        x, y = to_polar_stereo(lat_deg=arr[:, 1], lon_deg=arr[:, 0])
        px, py = _px(np.asarray(x), np.asarray(y))
        pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py, strict=True))
        out.append(f"M{pts}Z")
    return tuple(out)


_W = 440.0
_H = _W * (_Y1 - _Y0) / (_X1 - _X0)


def _px(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return (x - _X0) / (_X1 - _X0) * _W, (_Y1 - y) / (_Y1 - _Y0) * _H


def _graticule() -> list[str]:
    lines = []
    for lat in (60, 65, 70, 75, 80):
        lon = np.linspace(-80, 0, 81)
        x, y = to_polar_stereo(lat_deg=np.full_like(lon, lat), lon_deg=lon)
        px, py = _px(x, y)
        lines.append(" ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py, strict=True)))
    for lon_v in (-70, -60, -50, -40, -30, -20, -10):
        lat = np.linspace(58, 84, 27)
        x, y = to_polar_stereo(lat_deg=lat, lon_deg=np.full_like(lat, lon_v))
        px, py = _px(x, y)
        lines.append(" ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py, strict=True)))
    return lines


def greenland_svg(points: Sequence[MapPoint], *, title: str = "", legend: bool = True) -> str:
    """An SVG map of Greenland with the given points.

    Parameters
    ----------
    points : sequence of MapPoint
    title : str
        Accessible title of the SVG.
    legend : bool
        Draw the viridis score legend.

    Returns
    -------
    str
        An ``<svg>`` element (no external references).
    """
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W:.0f} {_H:.0f}" '
        f'class="map" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{_W:.0f}" height="{_H:.0f}" fill="#dbe9f4"/>',
    ]
    for g in _graticule():
        parts.append(f'<polyline points="{g}" fill="none" stroke="#b8cde0" stroke-width="0.6"/>')
    parts.append(
        '<path d="' + " ".join(_coast_paths()) + '" fill="#f4f4f0" stroke="#7a8a99" '
        'stroke-width="0.7" fill-rule="evenodd"/>'
    )
    order = sorted(points, key=lambda p: p.radius_px)
    for p in order:
        x, y = to_polar_stereo(lat_deg=p.lat_deg, lon_deg=p.lon_deg)
        px, py = _px(np.asarray(x), np.asarray(y))
        stroke = (
            'stroke="#111" stroke-width="1.6"' if p.ring else 'stroke="#333" stroke-width="0.5"'
        )
        parts.append(
            f'<circle cx="{float(px):.1f}" cy="{float(py):.1f}" r="{p.radius_px:.1f}" '
            f'fill="{p.colour}" {stroke}><title>{escape(p.tooltip)}</title></circle>'
        )
        if p.label:
            parts.append(
                f'<text x="{float(px) + p.radius_px + 2:.1f}" y="{float(py) + 3:.1f}" '
                f'font-size="9" fill="#111">{escape(p.label)}</text>'
            )
    if legend:
        for i in range(11):
            parts.append(
                f'<rect x="{12 + i * 12}" y="{_H - 28:.0f}" width="12" height="10" '
                f'fill="{score_colour(i / 10)}"/>'
            )
        parts.append(f'<text x="12" y="{_H - 32:.0f}" font-size="9">score 0 → 1</text>')
        parts.append(
            f'<circle cx="160" cy="{_H - 23:.0f}" r="3" fill="#b0b0b0" stroke="#333" '
            f'stroke-width="0.5"/><text x="166" y="{_H - 20:.0f}" font-size="9">excluded</text>'
        )
    parts.append(
        f'<text x="{_W - 6:.0f}" y="{_H - 6:.0f}" font-size="7" text-anchor="end" '
        'fill="#555">EPSG:3413 · coastline Natural Earth</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)
