"""Charts for the report, rendered by matplotlib to inline PNG data URIs (no files, no
requests). Each function takes plain arrays and returns a ``data:image/png;base64,...``."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from numpy.typing import NDArray

__all__ = ["light_calendar_png", "png_data_uri"]


def png_data_uri(fig: matplotlib.figure.Figure) -> str:
    """Render a figure to a PNG data URI and close it."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def light_calendar_png(
    site_labels: Sequence[str],
    days: NDArray[np.datetime64],
    civil_light_h: NDArray[np.float64],
    day_state: NDArray[np.str_],
) -> str:
    """Heat map of hours of civil light per site (rows) and day (columns).

    Parameters
    ----------
    site_labels : sequence of str, length n
    days : ndarray of datetime64, shape (m,)
    civil_light_h : ndarray, shape (n, m)
        Hours per day with the Sun's centre above -6 deg [h].
    day_state : ndarray of str, shape (n, m)
        ``polar_night`` / ``midnight_sun`` days are outlined with markers.

    Returns
    -------
    str
        PNG data URI.
    """
    n = len(site_labels)
    fig, ax = plt.subplots(figsize=(10, 0.22 * n + 1.4))
    d = mdates.date2num(pd.DatetimeIndex(days).to_pydatetime())
    cmap = plt.get_cmap("cividis")
    im = ax.imshow(
        civil_light_h, aspect="auto", cmap=cmap, vmin=0, vmax=24, interpolation="nearest",
        extent=(d[0] - 0.5, d[-1] + 0.5, n - 0.5, -0.5),
    )  # fmt: skip
    pn = np.where(day_state == "polar_night", 1.0, np.nan)
    ms = np.where(day_state == "midnight_sun", 1.0, np.nan)
    ext = (d[0] - 0.5, d[-1] + 0.5, n - 0.5, -0.5)
    ax.imshow(pn, aspect="auto", cmap=ListedColormap(["#1a1a6e"]), alpha=0.55, extent=ext,
              interpolation="nearest")  # fmt: skip
    ax.imshow(ms, aspect="auto", cmap=ListedColormap(["#e8590c"]), alpha=0.45, extent=ext,
              interpolation="nearest")  # fmt: skip
    ax.set_yticks(range(n), list(site_labels), fontsize=7)
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b"))
    ax.tick_params(axis="x", labelsize=8)
    cb = fig.colorbar(im, ax=ax, pad=0.01)
    cb.set_label("hours of civil light per day (sun above -6°)", fontsize=8)
    ax.set_title(
        "Light calendar — shaded blue: polar night (no sunrise), shaded orange: midnight sun (no sunset)",
        fontsize=9,
    )
    return png_data_uri(fig)
