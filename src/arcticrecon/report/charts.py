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

__all__ = [
    "cold_calendar_png",
    "coverage_curve_png",
    "light_calendar_png",
    "png_data_uri",
    "port_season_png",
]


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
        civil_light_h,
        aspect="auto",
        cmap=cmap,
        vmin=0,
        vmax=24,
        interpolation="nearest",
        extent=(d[0] - 0.5, d[-1] + 0.5, n - 0.5, -0.5),
    )
    pn = np.where(day_state == "polar_night", 1.0, np.nan)
    ms = np.where(day_state == "midnight_sun", 1.0, np.nan)
    ext = (d[0] - 0.5, d[-1] + 0.5, n - 0.5, -0.5)
    ax.imshow(
        pn,
        aspect="auto",
        cmap=ListedColormap(["#1a1a6e"]),
        alpha=0.55,
        extent=ext,
        interpolation="nearest",
    )
    ax.imshow(
        ms,
        aspect="auto",
        cmap=ListedColormap(["#e8590c"]),
        alpha=0.45,
        extent=ext,
        interpolation="nearest",
    )
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


_BAND_COLOURS = ["#e8f1fa", "#9ecae1", "#4292c6", "#08519c", "#3f007d"]


def cold_calendar_png(
    site_labels: Sequence[str],
    t2m_degC: NDArray[np.float64],
    wind_chill_degC: NDArray[np.float64],
    frostbite_band: NDArray[np.float64],
    *,
    design_wind_kmh: float,
) -> str:
    """Site x month heat map of the frostbite band, annotated with the wind chill.

    Parameters
    ----------
    site_labels : sequence of str, length n
    t2m_degC, wind_chill_degC, frostbite_band : ndarray, shape (n, 12)
        Monthly mean air temperature [°C], wind chill at the design wind [°C] and
        Environment Canada frostbite band (0 none ... 4 under 2 min).
    design_wind_kmh : float
        The design wind used [km/h] (stated in the title).

    Returns
    -------
    str
        PNG data URI.
    """
    n = len(site_labels)
    fig, ax = plt.subplots(figsize=(10, 0.24 * n + 1.5))
    cmap = ListedColormap(_BAND_COLOURS)
    ax.imshow(
        frostbite_band, aspect="auto", cmap=cmap, vmin=-0.5, vmax=4.5, interpolation="nearest"
    )
    for i in range(n):
        for j in range(12):
            v = wind_chill_degC[i, j]
            if np.isfinite(v):
                ax.text(
                    j,
                    i,
                    f"{v:.0f}",
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    color="white" if frostbite_band[i, j] >= 2 else "#111",
                )
    ax.set_yticks(range(n), list(site_labels), fontsize=7)
    ax.set_xticks(
        range(12),
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        fontsize=8,
    )
    labels = ["no frostbite risk band", "10-30 min", "5-10 min", "2-5 min", "< 2 min"]
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in _BAND_COLOURS]
    ax.legend(
        handles,
        labels,
        title="exposed-skin frostbite time",
        fontsize=7,
        title_fontsize=7,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
    )
    ax.set_title(
        f"Cold risk — numbers: wind chill [°C] of the monthly mean air temperature (ERA5 "
        f"2000-2025) at a design wind of {design_wind_kmh:g} km/h",
        fontsize=9,
    )
    return png_data_uri(fig)


def port_season_png(
    port_labels: Sequence[str], access: NDArray[np.float64], *, ice_class: str
) -> str:
    """Port x month chart of ship access: reachable / not reachable / unknown.

    Parameters
    ----------
    port_labels : sequence of str, length n
    access : ndarray, shape (n, 12)
        1 reachable, 0 not reachable, NaN unknown (no cited fact).
    ice_class : str
        POLARIS ice class the access is for.

    Returns
    -------
    str
        PNG data URI.
    """
    n = len(port_labels)
    codes = np.where(np.isnan(access), 0, np.where(access > 0, 2, 1))
    colours = ["#d9d9d9", "#d6604d", "#4dac26"]
    fig, ax = plt.subplots(figsize=(8, 0.3 * n + 1.3))
    ax.imshow(
        codes,
        aspect="auto",
        cmap=ListedColormap(colours),
        vmin=-0.5,
        vmax=2.5,
        interpolation="nearest",
    )
    ax.set_yticks(range(n), list(port_labels), fontsize=8)
    ax.set_xticks(
        range(12), ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"], fontsize=8
    )
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colours]
    ax.legend(
        handles,
        ["unknown (no cited fact)", "not reachable", "reachable"],
        fontsize=7,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
    )
    ax.set_title(f"Port seasons for ships of ice class {ice_class} (cited facts only)", fontsize=9)
    return png_data_uri(fig)


def coverage_curve_png(
    k: Sequence[int], covered_share: Sequence[float], *, chosen_k: int, title: str
) -> str:
    """Coverage curve: share of demand covered against the number of sites k.

    Parameters
    ----------
    k : sequence of int
    covered_share : sequence of float
        Share of the total demand covered at each k [0-1].
    chosen_k : int
        The k of the presence option (marked).
    title : str

    Returns
    -------
    str
        PNG data URI.
    """
    fig, ax = plt.subplots(figsize=(4.2, 2.8))
    pct = [100.0 * s for s in covered_share]
    ax.plot(list(k), pct, marker="o", color="#0b3d2e")
    for kk, p in zip(k, pct, strict=True):
        if kk == chosen_k:
            ax.plot(
                [kk],
                [p],
                marker="o",
                markersize=10,
                markerfacecolor="none",
                markeredgecolor="#e8590c",
                markeredgewidth=2,
            )
    ax.set_xlabel("number of sites k", fontsize=8)
    ax.set_ylabel("demand covered [%]", fontsize=8)
    ax.set_ylim(0, 100)
    ax.set_xticks(list(k))
    ax.grid(alpha=0.3)
    ax.tick_params(labelsize=8)
    ax.set_title(title, fontsize=8)
    return png_data_uri(fig)
