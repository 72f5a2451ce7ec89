"""Category grids (rows x months) as self-contained SVG: the cold and port calendars.

A grid of coloured cells with optional text in each cell, row labels on the left, column
labels above, a legend on the right and a title: what a heat map of a few categories is,
written directly as SVG text. Text stays text (searchable, scalable, vector in the PDF)
and no plotting library or font rasteriser is needed (matplotlib spent about a second
laying out and rasterising the 300 numbers of the cold calendar).
"""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Sequence
from html import escape

import numpy as np
from numpy.typing import NDArray

__all__ = ["category_grid_svg", "png_rgb", "raster_grid_svg", "text_width_px"]

FONT = "DejaVu Sans, Arial, sans-serif"
#: Average advance of a DejaVu Sans character as a share of the font size (used to size
#: the margins: labels are anchored at their end, so a wide label only moves left).
_CHAR_EM = 0.62


def text_width_px(text: str, font_px: float) -> float:
    """Estimated width of ``text`` in DejaVu Sans at ``font_px`` [px] (for margins)."""
    return len(text) * font_px * _CHAR_EM


def category_grid_svg(
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    codes: NDArray[np.float64],
    colours: Sequence[str],
    legend: Sequence[str],
    *,
    title: str,
    aria_label: str,
    legend_title: str = "",
    cell_text: NDArray[np.str_] | None = None,
    light_text_from: int | None = None,
    cell_tooltips: NDArray[np.str_] | None = None,
    cell_w_px: float = 40.0,
    cell_h_px: float = 17.0,
) -> str:
    """A rows x columns grid of category colours as an ``<svg>`` element.

    Parameters
    ----------
    row_labels : sequence of str, length n
    col_labels : sequence of str, length m
    codes : ndarray, shape (n, m)
        Category of each cell: an index into ``colours`` (NaN: no category, left blank).
    colours : sequence of str
        Fill colour of each category (CSS colour).
    legend : sequence of str
        One label per category, drawn beside its colour.
    title : str
        Drawn above the grid.
    aria_label : str
        Accessible name of the figure (``role="img"``).
    legend_title : str, optional
    cell_text : ndarray of str, shape (n, m), optional
        Text drawn centred in each cell ("" for none).
    light_text_from : int, optional
        Cells of this category or higher get white text (dark fills), others near-black.
    cell_tooltips : ndarray of str, shape (n, m), optional
        Hover text of each cell (SVG ``<title>``).
    cell_w_px, cell_h_px : float
        Cell size [px].

    Returns
    -------
    str
        An ``<svg class="chart">`` element with a ``viewBox`` (scales to its container).

    Raises
    ------
    ValueError
        If the shapes of ``codes``, labels, ``cell_text`` or ``legend`` disagree.
    """
    codes = np.asarray(codes, dtype=float)
    n, m = len(row_labels), len(col_labels)
    if codes.shape != (n, m):
        raise ValueError(f"codes has shape {codes.shape}, labels give ({n}, {m})")
    if len(legend) != len(colours):
        raise ValueError(f"{len(legend)} legend labels for {len(colours)} colours")
    for name, arr in (("cell_text", cell_text), ("cell_tooltips", cell_tooltips)):
        if arr is not None and np.shape(arr) != (n, m):
            raise ValueError(f"{name} has shape {np.shape(arr)}, expected ({n}, {m})")
    label_px, cell_px, title_px = 10.0, 9.0, 11.0
    left = 8.0 + max((text_width_px(s, label_px) for s in row_labels), default=0.0)
    top = 12.0 + title_px + 8.0 + label_px + 4.0
    grid_w, grid_h = m * cell_w_px, n * cell_h_px
    lx = left + grid_w + 14.0
    legend_w = 18.0 + max(
        [text_width_px(s, label_px) for s in legend] + [text_width_px(legend_title, label_px)]
    )
    legend_h = (label_px + 6.0 if legend_title else 0.0) + 17.0 * len(legend)
    width = max(lx + legend_w + 8.0, 8.0 + text_width_px(title, title_px) + 8.0)
    height = top + max(grid_h, legend_h) + 10.0
    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(aria_label)}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" font-family="{FONT}" '
        'shape-rendering="crispEdges">',
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#fff"/>',
        f'<text x="8" y="{12.0 + title_px:.1f}" font-size="{title_px:g}">{escape(title)}</text>',
    ]
    for j, lab in enumerate(col_labels):
        x = left + (j + 0.5) * cell_w_px
        out.append(
            f'<text x="{x:.1f}" y="{top - 4.0:.1f}" font-size="{label_px:g}" '
            f'text-anchor="middle">{escape(lab)}</text>'
        )
    for i, lab in enumerate(row_labels):
        y = top + (i + 0.5) * cell_h_px
        out.append(
            f'<text x="{left - 5.0:.1f}" y="{y:.1f}" font-size="{label_px:g}" '
            f'text-anchor="end" dominant-baseline="central">{escape(lab)}</text>'
        )
        for j in range(m):
            x = left + j * cell_w_px
            c = codes[i, j]
            fill = colours[int(c)] if np.isfinite(c) else "#fff"
            tip = (
                f"<title>{escape(str(cell_tooltips[i, j]))}</title>"
                if cell_tooltips is not None
                else ""
            )
            out.append(
                f'<rect x="{x:.1f}" y="{top + i * cell_h_px:.1f}" width="{cell_w_px:g}" '
                f'height="{cell_h_px:g}" fill="{fill}">{tip}</rect>'
            )
            txt = "" if cell_text is None else str(cell_text[i, j])
            if txt:
                light = light_text_from is not None and np.isfinite(c) and c >= light_text_from
                out.append(
                    f'<text x="{x + cell_w_px / 2:.1f}" y="{y:.1f}" font-size="{cell_px:g}" '
                    f'text-anchor="middle" dominant-baseline="central" '
                    f'fill="{"#fff" if light else "#111"}">{escape(txt)}</text>'
                )
    out.append(
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{grid_w:.1f}" height="{grid_h:.1f}" '
        'fill="none" stroke="#888" stroke-width="0.6"/>'
    )
    ly = top
    if legend_title:
        out.append(
            f'<text x="{lx:.1f}" y="{ly + label_px:.1f}" font-size="{label_px:g}" '
            f'font-weight="bold">{escape(legend_title)}</text>'
        )
        ly += label_px + 6.0
    for colour, lab in zip(colours, legend, strict=True):
        out.append(
            f'<rect x="{lx:.1f}" y="{ly:.1f}" width="12" height="12" fill="{colour}" '
            'stroke="#888" stroke-width="0.5"/>'
            f'<text x="{lx + 17.0:.1f}" y="{ly + 6.0:.1f}" font-size="{label_px:g}" '
            f'dominant-baseline="central">{escape(lab)}</text>'
        )
        ly += 17.0
    out.append("</svg>")
    return "\n".join(out)


def png_rgb(rgb_u8: NDArray[np.uint8]) -> bytes:
    """An RGB image as PNG bytes (8-bit truecolour, no filter; zlib level 6).

    Parameters
    ----------
    rgb_u8 : ndarray of uint8, shape (h, w, 3)

    Returns
    -------
    bytes
        A PNG file (ISO/IEC 15948:2004: signature, IHDR, one IDAT, IEND).
    """
    img = np.ascontiguousarray(rgb_u8, dtype=np.uint8)
    if img.ndim != 3 or img.shape[2] != 3:
        raise ValueError(f"rgb_u8 has shape {img.shape}, expected (h, w, 3)")
    h, w = img.shape[:2]
    raw = np.concatenate([np.zeros((h, 1), np.uint8), img.reshape(h, w * 3)], axis=1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw.tobytes(), 6))
        + chunk(b"IEND", b"")
    )


def raster_grid_svg(
    row_labels: Sequence[str],
    rgb_u8: NDArray[np.uint8],
    x_ticks: Sequence[tuple[float, str]],
    *,
    title: str,
    aria_label: str,
    colourbar: Sequence[tuple[float, str]],
    colourbar_ticks: Sequence[tuple[float, str]],
    colourbar_label: str,
    cell_h_px: float = 11.0,
    grid_w_px: float = 800.0,
) -> str:
    """A rows x columns colour image with row labels, x ticks and a colour bar, as SVG.

    The cells are one embedded PNG pixel each (:func:`png_rgb`), drawn scaled without
    smoothing; labels, ticks and the colour bar are SVG text and shapes.

    Parameters
    ----------
    row_labels : sequence of str, length n
    rgb_u8 : ndarray of uint8, shape (n, m, 3)
        Colour of each cell.
    x_ticks : sequence of (float, str)
        Tick position as a column coordinate (0 = left edge of column 0, m = right
        edge) and its label.
    title, aria_label : str
    colourbar : sequence of (float, str)
        Gradient stops: offset in [0, 1] (bottom to top) and CSS colour.
    colourbar_ticks : sequence of (float, str)
        Tick offset in [0, 1] and label.
    colourbar_label : str
        Drawn rotated beside the colour bar.
    cell_h_px, grid_w_px : float
        Row height and grid width [px].

    Returns
    -------
    str
        An ``<svg class="chart">`` element with a ``viewBox``.
    """
    n, m = rgb_u8.shape[:2]
    if len(row_labels) != n:
        raise ValueError(f"{len(row_labels)} row labels for {n} rows")
    label_px, title_px = 9.0, 11.0
    left = 8.0 + max((text_width_px(s, label_px) for s in row_labels), default=0.0)
    top = 12.0 + title_px + 10.0
    grid_h = n * cell_h_px
    cb_x = left + grid_w_px + 12.0
    width = max(cb_x + 14.0 + 30.0 + label_px + 12.0, 8.0 + text_width_px(title, title_px) + 8.0)
    height = top + grid_h + 26.0
    png = base64.b64encode(png_rgb(rgb_u8)).decode("ascii")
    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(aria_label)}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" font-family="{FONT}">',
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#fff"/>',
        f'<text x="8" y="{12.0 + title_px:.1f}" font-size="{title_px:g}">{escape(title)}</text>',
        f'<image x="{left:.1f}" y="{top:.1f}" width="{grid_w_px:g}" height="{grid_h:.1f}" '
        f'preserveAspectRatio="none" style="image-rendering:pixelated" '
        f'href="data:image/png;base64,{png}"/>',
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{grid_w_px:g}" height="{grid_h:.1f}" '
        'fill="none" stroke="#888" stroke-width="0.6"/>',
    ]
    for i, lab in enumerate(row_labels):
        out.append(
            f'<text x="{left - 4.0:.1f}" y="{top + (i + 0.5) * cell_h_px:.1f}" '
            f'font-size="{label_px:g}" text-anchor="end" dominant-baseline="central">'
            f"{escape(lab)}</text>"
        )
    y1 = top + grid_h
    for pos, lab in x_ticks:
        x = left + pos / m * grid_w_px
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y1:.1f}" y2="{y1 + 4.0:.1f}" stroke="#333" '
            f'stroke-width="0.8"/><text x="{x:.1f}" y="{y1 + 14.0:.1f}" font-size="{label_px:g}" '
            f'text-anchor="middle">{escape(lab)}</text>'
        )
    stops = "".join(
        f'<stop offset="{1.0 - off:.4f}" stop-color="{c}"/>' for off, c in reversed(colourbar)
    )
    out.append(
        f'<defs><linearGradient id="cbar" x1="0" y1="0" x2="0" y2="1">{stops}</linearGradient>'
        f'</defs><rect x="{cb_x:.1f}" y="{top:.1f}" width="14" height="{grid_h:.1f}" '
        'fill="url(#cbar)" stroke="#888" stroke-width="0.6"/>'
    )
    for off, lab in colourbar_ticks:
        y = top + (1.0 - off) * grid_h
        out.append(
            f'<line x1="{cb_x + 14.0:.1f}" x2="{cb_x + 18.0:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#333" stroke-width="0.8"/><text x="{cb_x + 20.0:.1f}" y="{y:.1f}" '
            f'font-size="{label_px:g}" dominant-baseline="central">{escape(lab)}</text>'
        )
    lx, ly = cb_x + 14.0 + 30.0 + label_px, top + grid_h / 2.0
    out.append(
        f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="{label_px:g}" text-anchor="middle" '
        f'transform="rotate(-90 {lx:.1f} {ly:.1f})">{escape(colourbar_label)}</text>'
    )
    out.append("</svg>")
    return "\n".join(out)
