"""APP-6(B) symbols as inline SVG for the report's maps (no scripts, no fonts needed).

Draws the friend (``F``) ground frame of APP-6(B) / MIL-STD-2525B — a rectangle 1.5 x
1 — solid for status present (``P``) and dashed for anticipated/planned (``A``), the
installation indicator (symbol modifier ``H``: a small filled bar centred on the top of
the frame), and the icons of the codes :mod:`arcticrecon.export.symbols` uses:
airport/air base (``IBA``: an aircraft), transportation facility (``IT``: a wheel),
seaport/naval base (``IBN``: an anchor), reconnaissance (``UCR``: the diagonal of the
cavalry/reconnaissance icon), generic installation (no icon). The web page draws the
same codes with milsymbol; this is a deliberately small subset for static SVG.

References
----------
.. [1] NATO, APP-6(B) "Joint Symbology", 2008, ch. 2 (frames, fill, installation
   indicator) and the ground-track installation and unit tables.
"""

from __future__ import annotations

from html import escape

__all__ = ["SYMBOL_LABELS", "app6_svg"]

#: Legend text per function identifier (SIDC positions 5-10).
SYMBOL_LABELS: dict[str, str] = {
    "IBA---": "airport / air base (APP-6 installation)",
    "IT----": "heliport (transportation facility)",
    "IBN---": "port (seaport / naval base)",
    "I-----": "reported site (installation)",
    "UCR---": "finding (reconnaissance report)",
}

_AIRCRAFT = (
    "M0,-0.62 L0.08,-0.5 L0.08,-0.18 L0.62,0.12 L0.62,0.24 L0.08,0.08 L0.08,0.42 "
    "L0.24,0.56 L0.24,0.64 L0,0.58 L-0.24,0.64 L-0.24,0.56 L-0.08,0.42 L-0.08,0.08 "
    "L-0.62,0.24 L-0.62,0.12 L-0.08,-0.18 L-0.08,-0.5 Z"
)


def _icon(fid: str, s: float) -> str:
    """Icon centred on (0, 0) inside a frame of height ``s`` (path data in px)."""
    if fid.startswith("IBA"):
        pts = _AIRCRAFT
        return f'<path d="{pts}" transform="scale({s * 0.55:.2f})" fill="#000"/>'
    if fid.startswith("IBN"):
        r = s * 0.32
        return (
            f'<g fill="none" stroke="#000" stroke-width="{s * 0.07:.2f}">'
            f'<line x1="0" y1="{-r:.2f}" x2="0" y2="{r:.2f}"/>'
            f'<line x1="{-r * 0.5:.2f}" y1="{-r * 0.55:.2f}" x2="{r * 0.5:.2f}" y2="{-r * 0.55:.2f}"/>'
            f'<path d="M{-r:.2f},{r * 0.2:.2f} Q0,{r * 1.5:.2f} {r:.2f},{r * 0.2:.2f}"/></g>'
        )
    if fid.startswith("IT"):
        r = s * 0.26
        return (
            f'<g fill="none" stroke="#000" stroke-width="{s * 0.07:.2f}">'
            f'<circle r="{r:.2f}"/><line x1="{-r:.2f}" y1="0" x2="{r:.2f}" y2="0"/>'
            f'<line x1="0" y1="{-r:.2f}" x2="0" y2="{r:.2f}"/></g>'
        )
    if fid.startswith("UCR"):
        w, h = 0.75 * s, 0.5 * s
        return (
            f'<line x1="{-w:.2f}" y1="{h:.2f}" x2="{w:.2f}" y2="{-h:.2f}" stroke="#000" '
            f'stroke-width="{s * 0.07:.2f}"/>'
        )
    return ""


def app6_svg(
    sidc: str,
    x: float,
    y: float,
    *,
    size_px: float = 11.0,
    fill: str = "#80e0ff",
    title: str = "",
    outline: str = "",
) -> str:
    """One APP-6(B) symbol as an SVG group centred on (x, y).

    Parameters
    ----------
    sidc : str
        15-character SIDC (only friend ground installations/units are drawn specially;
        any other code gets the plain friend frame).
    x, y : float
        Centre [px].
    size_px : float
        Frame height [px] (width 1.5 x).
    fill : str
        Frame fill (the score colour, or APP-6 crystal blue #80e0ff for friend).
    title : str
        Tooltip.
    outline : str
        Colour of a highlight ring (e.g. the three best sites), empty for none.

    Examples
    --------
    >>> app6_svg("SFGPIBA---H****", 10, 10).startswith('<g class="app6"')
    True
    """
    s = size_px
    w, h = 1.5 * s, s
    dash = ' stroke-dasharray="2,1.5"' if sidc[3:4] == "A" else ""
    parts = [f'<g class="app6" transform="translate({x:.1f},{y:.1f})">']
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    if outline:
        parts.append(
            f'<rect x="{-w / 2 - 2.5:.2f}" y="{-h / 2 - 2.5:.2f}" width="{w + 5:.2f}" '
            f'height="{h + 5:.2f}" fill="none" stroke="{outline}" stroke-width="1.6"/>'
        )
    parts.append(
        f'<rect x="{-w / 2:.2f}" y="{-h / 2:.2f}" width="{w:.2f}" height="{h:.2f}" '
        f'fill="{fill}" stroke="#000" stroke-width="{max(s * 0.08, 0.8):.2f}"{dash}/>'
    )
    if sidc[10:11] == "H":  # installation indicator
        parts.append(
            f'<rect x="{-s * 0.3:.2f}" y="{-h / 2 - s * 0.22:.2f}" width="{s * 0.6:.2f}" '
            f'height="{s * 0.22:.2f}" fill="#000"/>'
        )
    parts.append(_icon(sidc[4:10], s))
    parts.append("</g>")
    return "".join(parts)
