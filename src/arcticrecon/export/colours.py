"""Colours shared by the exports, the web map and the report maps.

Scores use matplotlib's *viridis* colour map (perceptually uniform, readable in grey
scale and by most colour-blind readers; S. van der Walt and N. Smith, 2015), sampled at
0, 0.1, ..., 1 and interpolated linearly — the same eleven anchors as the web page.
"""

from __future__ import annotations

import math

__all__ = ["GREY", "KIND_COLOUR", "VIRIDIS_11", "score_colour"]

#: matplotlib ``viridis`` at 0, 0.1, ..., 1 (``matplotlib.colors.to_hex``).
VIRIDIS_11: tuple[str, ...] = (
    "#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c",
    "#22a884", "#44bf70", "#7ad151", "#bddf26", "#fde725",
)  # fmt: skip
#: No score / excluded.
GREY = "#b0b0b0"
#: Fill of a site symbol when no ranking colours it (APP-6 friend frame fill, crystal blue
#: #80e0ff; closed sites grey).
KIND_COLOUR: dict[str, str] = {
    "airport": "#80e0ff",
    "strip": "#80e0ff",
    "heliport": "#80e0ff",
    "reported": "#80e0ff",
    "closed": GREY,
}


def _rgb(h: str) -> tuple[int, int, int]:
    return int(h[1:3], 16), int(h[3:5], 16), int(h[5:7], 16)


def score_colour(score: float | None) -> str:
    """``#rrggbb`` of a score in [0, 1] (clipped); :data:`GREY` for ``None`` or NaN.

    Examples
    --------
    >>> score_colour(0.0), score_colour(1.0), score_colour(None)
    ('#440154', '#fde725', '#b0b0b0')
    >>> score_colour(0.05)   # halfway between #440154 and #482475
    '#461264'
    """
    if score is None or not math.isfinite(score):
        return GREY
    x = min(max(float(score), 0.0), 1.0) * 10.0
    i = min(int(x), 9)
    f = x - i
    a, b = _rgb(VIRIDIS_11[i]), _rgb(VIRIDIS_11[i + 1])
    r, g, bl = (round(u + f * (v - u)) for u, v in zip(a, b, strict=True))
    return f"#{r:02x}{g:02x}{bl:02x}"
