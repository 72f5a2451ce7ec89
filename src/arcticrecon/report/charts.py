"""Charts for the report as SVG text.

No files, no requests. Each ``*_svg`` function takes plain arrays and returns an
``<svg>`` element: the calendars and the coverage curve are written directly
(:mod:`arcticrecon.report.gridsvg`; no plotting library, text stays text), the deployment
Gantt chart too. matplotlib only supplies colours and colour maps.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.colors import to_hex
from numpy.typing import NDArray

from arcticrecon.report.gridsvg import FONT, category_grid_svg, raster_grid_svg, text_width_px

if TYPE_CHECKING:
    from arcticrecon.logistics.deploy import Activity, DeploymentPlan

__all__ = [
    "GanttBar",
    "GanttLayout",
    "cold_calendar_svg",
    "coverage_curve_svg",
    "gantt_layout",
    "gantt_svg",
    "light_calendar_svg",
    "port_season_svg",
]


#: Polar night / midnight sun shading of the light calendar: (colour, opacity).
_POLAR_NIGHT = ("#1a1a6e", 0.55)
_MIDNIGHT_SUN = ("#e8590c", 0.45)


def _hex_rgb(colour: str) -> NDArray[np.float64]:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float) / 255.0


def light_calendar_svg(
    site_labels: Sequence[str],
    days: NDArray[np.datetime64],
    civil_light_h: NDArray[np.float64],
    day_state: NDArray[np.str_],
) -> str:
    """Heat map of hours of civil light per site (rows) and local date (columns).

    Parameters
    ----------
    site_labels : sequence of str, length n
    days : ndarray of datetime64, shape (m,)
    civil_light_h : ndarray, shape (n, m)
        Hours within each local date with the Sun's centre above -6 deg [h]; NaN is
        drawn white (unknown).
    day_state : ndarray of str, shape (n, m)
        Daylight state of the date (:data:`arcticrecon.light.INTERVAL_STATES`):
        ``polar_night`` / ``midnight_sun`` dates are shaded.

    Returns
    -------
    str
        An ``<svg>`` element (:func:`arcticrecon.report.gridsvg.raster_grid_svg`): one
        pixel per site and date, colour scale cividis over 0-24 h, month ticks.
    """
    from matplotlib import colormaps

    cmap = colormaps["cividis"]
    h = np.asarray(civil_light_h, dtype=float)
    rgb = np.asarray(cmap(np.clip(h / 24.0, 0.0, 1.0)))[..., :3]
    rgb[~np.isfinite(h)] = 1.0
    for state, (colour, alpha) in (("polar_night", _POLAR_NIGHT), ("midnight_sun", _MIDNIGHT_SUN)):
        sel = np.asarray(day_state) == state
        rgb[sel] = (1.0 - alpha) * rgb[sel] + alpha * _hex_rgb(colour)
    rgb_u8 = np.round(rgb * 255.0).astype(np.uint8)
    d = np.asarray(days).astype("datetime64[D]")
    month_starts = np.flatnonzero(d == d.astype("datetime64[M]").astype("datetime64[D]"))
    ticks = [
        (float(j) + 0.5, dt.date.fromisoformat(str(d[j])).strftime("%b")) for j in month_starts
    ]
    return raster_grid_svg(
        site_labels,
        rgb_u8,
        ticks,
        title=(
            "Light calendar — shaded blue: polar night (no sunrise), shaded orange: midnight "
            "sun (no sunset)"
        ),
        aria_label="Light calendar: hours of civil light per site and day",
        colourbar=[(k / 8.0, str(to_hex(cmap(k / 8.0)))) for k in range(9)],
        colourbar_ticks=[(v / 24.0, f"{v}") for v in range(0, 25, 4)],
        colourbar_label="hours of civil light within the local date (Sun above -6°)",
        cell_h_px=12.0,
    )


_BAND_COLOURS = ["#e8f1fa", "#9ecae1", "#4292c6", "#08519c", "#3f007d"]
_BAND_LABELS = ["no frostbite risk band", "10-30 min", "5-10 min", "2-5 min", "< 2 min"]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def cold_calendar_svg(
    site_labels: Sequence[str],
    t2m_degC: NDArray[np.float64],
    wind_chill_degC: NDArray[np.float64],
    frostbite_band: NDArray[np.float64],
    *,
    design_wind_kmh: float,
) -> str:
    """Site x month grid of the frostbite band, annotated with the wind chill.

    Parameters
    ----------
    site_labels : sequence of str, length n
    t2m_degC, wind_chill_degC, frostbite_band : ndarray, shape (n, 12)
        Monthly mean air temperature [°C], wind chill at the design wind [°C] and
        Environment Canada frostbite band (0 none ... 4 under 2 min; NaN unknown).
    design_wind_kmh : float
        The design wind used [km/h] (stated in the title).

    Returns
    -------
    str
        An ``<svg>`` element (:func:`arcticrecon.report.gridsvg.category_grid_svg`); each
        cell's tooltip gives the air temperature, the wind chill and the band.
    """
    n = len(site_labels)
    wc = np.asarray(wind_chill_degC, dtype=float)
    band = np.asarray(frostbite_band, dtype=float)
    t2m = np.asarray(t2m_degC, dtype=float)
    text = np.array(
        [[f"{v:.0f}" if np.isfinite(v) else "" for v in row] for row in wc], dtype=object
    ).reshape(n, 12)
    tips = np.empty((n, 12), dtype=object)
    for i in range(n):
        for j in range(12):
            b = band[i, j]
            tips[i, j] = (
                f"{site_labels[i]}, {_MONTHS[j]}: air {t2m[i, j]:.1f} °C, wind chill "
                f"{wc[i, j]:.1f} °C at {design_wind_kmh:g} km/h, frostbite band: "
                + (_BAND_LABELS[int(b)] if np.isfinite(b) else "unknown")
            )
    return category_grid_svg(
        site_labels,
        _MONTHS,
        band,
        _BAND_COLOURS,
        _BAND_LABELS,
        title=(
            "Cold risk — numbers: wind chill [°C] of the monthly mean air temperature (ERA5 "
            f"2000-2025) at a design wind of {design_wind_kmh:g} km/h"
        ),
        aria_label="Cold risk calendar: frostbite band per site and month",
        legend_title="exposed-skin frostbite time",
        cell_text=text,
        light_text_from=2,
        cell_tooltips=tips,
    )


def port_season_svg(
    port_labels: Sequence[str], access: NDArray[np.float64], *, ice_class: str
) -> str:
    """Port x month grid of ship access: reachable / not reachable / unknown.

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
        An ``<svg>`` element (:func:`arcticrecon.report.gridsvg.category_grid_svg`).
    """
    access = np.asarray(access, dtype=float)
    codes = np.where(np.isnan(access), 0, np.where(access > 0, 2, 1)).astype(float)
    legend = ["unknown (no cited fact)", "not reachable", "reachable"]
    tips = np.array(
        [
            [f"{p}, {mo}: {legend[int(c)]}" for mo, c in zip(_MONTHS, row, strict=True)]
            for p, row in zip(port_labels, codes, strict=True)
        ],
        dtype=object,
    ).reshape(codes.shape)
    return category_grid_svg(
        port_labels,
        ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"],
        codes,
        ["#d9d9d9", "#d6604d", "#4dac26"],
        legend,
        title=f"Port seasons for ships of ice class {ice_class} (cited facts only)",
        aria_label="Port seasons per port and month",
        cell_tooltips=tips,
        cell_w_px=30.0,
    )


def coverage_curve_svg(
    k: Sequence[int], covered_share: Sequence[float], *, chosen_k: int, title: str
) -> str:
    """Coverage curve: share of demand covered against the number of sites k (SVG).

    Parameters
    ----------
    k : sequence of int
    covered_share : sequence of float
        Share of the total demand covered at each k [0-1].
    chosen_k : int
        The k of the presence option (ringed).
    title : str

    Returns
    -------
    str
        An ``<svg class="chart">`` element: markers with a tooltip each, y axis 0-100 %.
    """
    ks = [int(x) for x in k]
    pct = [100.0 * float(s) for s in covered_share]
    if len(ks) != len(pct):
        raise ValueError(f"{len(ks)} values of k for {len(pct)} covered shares")
    fs = 9.0
    left, top, pw, ph = 46.0, 26.0, 300.0, 160.0
    width, height = left + pw + 14.0, top + ph + 40.0
    k0, k1 = (min(ks), max(ks)) if ks else (0, 1)
    pad = 0.5 if k1 > k0 else 1.0

    def px(kk: float) -> float:
        return left + (kk - (k0 - pad)) / ((k1 + pad) - (k0 - pad)) * pw

    def py(p: float) -> float:
        return top + (1.0 - p / 100.0) * ph

    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="Coverage curve" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" font-family="{FONT}" '
        'style="max-width: 420px">',
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#fff"/>',
        f'<text x="{left + pw / 2:.1f}" y="16" font-size="{fs:g}" text-anchor="middle">'
        f"{escape(title)}</text>",
    ]
    for tick in range(0, 101, 20):
        y = py(tick)
        out.append(
            f'<line x1="{left:.1f}" x2="{left + pw:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#000" stroke-opacity="0.15"/><text x="{left - 4:.1f}" y="{y:.1f}" '
            f'font-size="{fs:g}" text-anchor="end" dominant-baseline="central">{tick}</text>'
        )
    for kk in ks:
        x = px(kk)
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top:.1f}" y2="{top + ph:.1f}" '
            f'stroke="#000" stroke-opacity="0.15"/><text x="{x:.1f}" y="{top + ph + 13:.1f}" '
            f'font-size="{fs:g}" text-anchor="middle">{kk}</text>'
        )
    out.append(
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{pw:.1f}" height="{ph:.1f}" fill="none" '
        'stroke="#333" stroke-width="0.8"/>'
    )
    pts = " ".join(f"{px(kk):.1f},{py(p):.1f}" for kk, p in zip(ks, pct, strict=True))
    out.append(f'<polyline points="{pts}" fill="none" stroke="#0b3d2e" stroke-width="1.5"/>')
    for kk, p in zip(ks, pct, strict=True):
        out.append(
            f'<circle cx="{px(kk):.1f}" cy="{py(p):.1f}" r="3" fill="#0b3d2e">'
            f"<title>k = {kk}: {p:.1f}% of the demand covered</title></circle>"
        )
        if kk == chosen_k:
            out.append(
                f'<circle cx="{px(kk):.1f}" cy="{py(p):.1f}" r="7" fill="none" '
                'stroke="#e8590c" stroke-width="2"/>'
            )
    out.append(
        f'<text x="{left + pw / 2:.1f}" y="{top + ph + 30:.1f}" font-size="{fs:g}" '
        'text-anchor="middle">number of sites k</text>'
    )
    ly = top + ph / 2
    out.append(
        f'<text x="12" y="{ly:.1f}" font-size="{fs:g}" text-anchor="middle" '
        f'transform="rotate(-90 12 {ly:.1f})">demand covered [%]</text>'
    )
    out.append("</svg>")
    return "\n".join(out)


#: Deployments spanning at most this many days get an hour axis. [d]
GANTT_HOUR_AXIS_MAX_DAYS = 4.0
#: Most ticks on the time axis.
GANTT_MAX_TICKS = 12
_HOUR_STEPS_H = (1, 2, 3, 6, 12, 24)
_DAY_STEPS_D = (1, 2, 7, 14, 28, 56, 91, 182, 364)
_GANTT_COLOURS = {"air": "#1f77b4", "sea": "#2ca02c"}


@dataclass(frozen=True)
class GanttBar:
    """One bar of the deployment Gantt chart.

    Attributes
    ----------
    label : str
        Row label (``"DNK air"``).
    mode : str
        ``"air"`` or ``"sea"``.
    start, end : datetime.datetime
        Naive local-calendar instants: the bar covers ``start`` to ``end`` (real length:
        whole days for the day-by-day airlift, transit plus handling for sea lift).
    note : str
        Text drawn beside the bar (sorties, duration).
    """

    label: str
    mode: str
    start: dt.datetime
    end: dt.datetime
    note: str


@dataclass(frozen=True)
class GanttLayout:
    """Bars and time axis of a deployment Gantt chart (what :func:`gantt_svg` draws).

    Attributes
    ----------
    bars : tuple of GanttBar
    x_start, x_end : datetime.datetime
        Axis limits: the deployment's day 1 at 00:00 to the end of the last bar.
    unit : {"hour", "day"}
        Tick spacing unit: hours when the deployment spans at most
        :data:`GANTT_HOUR_AXIS_MAX_DAYS` days, else days.
    step : int
        Tick spacing in ``unit``.
    ticks : tuple of datetime.datetime
        Tick positions, strictly increasing, inside ``[x_start, x_end]``.
    tick_labels : tuple of str
        One label per tick, all distinct.
    """

    bars: tuple[GanttBar, ...]
    x_start: dt.datetime
    x_end: dt.datetime
    unit: str
    step: int
    ticks: tuple[dt.datetime, ...]
    tick_labels: tuple[str, ...]


def _bar(a: Activity) -> GanttBar:
    start = dt.datetime.combine(a.start, dt.time())
    days = float(a.duration_d if a.duration_d is not None else a.days)
    if a.sorties:
        note = f"{a.sorties} sortie{'s' if a.sorties != 1 else ''}, {a.days} d"
    else:
        note = f"{days:.1f} d"
    return GanttBar(
        label=f"{a.nation} {a.mode}",
        mode=a.mode,
        start=start,
        end=start + dt.timedelta(days=days),
        note=note,
    )


def gantt_layout(plan: DeploymentPlan) -> GanttLayout:
    r"""Bars and a readable time axis for a deployment timeline.

    Under :data:`GANTT_HOUR_AXIS_MAX_DAYS` days the axis ticks every 1, 2, 3, 6, 12 or 24 h
    (the finest giving at most :data:`GANTT_MAX_TICKS` ticks) labelled ``HH:MM`` over
    ``DD Mon``; longer deployments tick every 1, 2, 7, 14, ... days labelled ``DD Mon``
    (with the year when the axis crosses a new year). Labels are always distinct.

    Parameters
    ----------
    plan : DeploymentPlan

    Returns
    -------
    GanttLayout

    Examples
    --------
    A one-day airlift: a 24 h bar on an hour axis.

    >>> from types import SimpleNamespace as NS
    >>> a = NS(nation="DNK", mode="air", start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 1),
    ...        days=1, sorties=2, duration_d=None)
    >>> lay = gantt_layout(NS(start=dt.date(2027, 1, 1), activities=(a,)))
    >>> lay.unit, lay.step, lay.tick_labels[:2]
    ('hour', 2, ('00:00\n01 Jan', '02:00\n01 Jan'))
    >>> lay.bars[0].end - lay.bars[0].start
    datetime.timedelta(days=1)
    """
    bars = tuple(_bar(a) for a in plan.activities)
    x0 = dt.datetime.combine(plan.start, dt.time())
    x0 = min([x0, *(b.start for b in bars)])
    x1 = max([x0 + dt.timedelta(days=1), *(b.end for b in bars)])
    span_h = (x1 - x0).total_seconds() / 3600.0
    if span_h <= GANTT_HOUR_AXIS_MAX_DAYS * 24.0:
        unit = "hour"
        step = next(h for h in _HOUR_STEPS_H if span_h / h <= GANTT_MAX_TICKS)
        delta = dt.timedelta(hours=step)
    else:
        unit = "day"
        span_d = span_h / 24.0
        step = next((d for d in _DAY_STEPS_D if span_d / d <= GANTT_MAX_TICKS), 0)
        if step == 0:
            step = math.ceil(span_d / GANTT_MAX_TICKS)
        delta = dt.timedelta(days=step)
    ticks: list[dt.datetime] = []
    t = x0
    while t <= x1 + dt.timedelta(seconds=1):
        ticks.append(t)
        t += delta
    if unit == "hour":
        labels = [f"{t:%H:%M}\n{t:%d %b}" for t in ticks]
    elif ticks[0].year != ticks[-1].year:
        labels = [f"{t:%d %b %Y}" for t in ticks]
    else:
        labels = [f"{t:%d %b}" for t in ticks]
    return GanttLayout(bars, x0, x1, unit, step, tuple(ticks), tuple(labels))


def gantt_svg(plan: DeploymentPlan, *, title: str | None = None) -> str:
    """The deployment timeline as a Gantt chart (SVG text written directly).

    Bars and axis as :func:`gantt_layout`: one row per bar, labelled on the left, the
    note beside the bar (inside it, in white, for bars longer than 40 % of the axis), a
    grid line and a label per tick (the label's lines are separate ``<text>`` elements),
    and a tooltip per bar. Text stays text (searchable, scalable); no plotting library
    (matplotlib spent about 0.3 s per chart importing, laying out and writing it).

    Parameters
    ----------
    plan : DeploymentPlan
    title : str, optional
        Default: site and closure date.

    Returns
    -------
    str
        An SVG document (XML declaration, then an ``<svg class="chart">`` element).
    """
    lay = gantt_layout(plan)
    n = len(lay.bars)
    fs, fs_title = 10.0, 12.0
    row_h, bar_h, pw = 26.0, 16.0, 560.0
    closes = max((b.end for b in lay.bars), default=lay.x_end)
    title = title or f"Deployment to {plan.site.icao} (closes {closes:%d %b %Y})"
    left = 10.0 + max((text_width_px(b.label, fs) for b in lay.bars), default=0.0) + 8.0
    top = 34.0
    ph = row_h * max(n, 1)
    n_lines = max((lab.count("\n") + 1 for lab in lay.tick_labels), default=1)
    height = top + ph + 8.0 + 13.0 * n_lines + 8.0
    span_s = max((lay.x_end - lay.x_start).total_seconds(), 1.0)

    def px(t: dt.datetime) -> float:
        return left + (t - lay.x_start).total_seconds() / span_s * pw

    body: list[str] = []
    widest_tick = max(
        (text_width_px(line, fs - 1) for lab in lay.tick_labels for line in lab.split("\n")),
        default=0.0,
    )
    right = left + pw + widest_tick / 2  # the last tick's label is centred on the frame
    for t, lab in zip(lay.ticks, lay.tick_labels, strict=True):
        x = px(t)
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top:.1f}" y2="{top + ph:.1f}" '
            'stroke="#000" stroke-opacity="0.15"/>'
        )
        for j, line in enumerate(lab.split("\n")):
            body.append(
                f'<text x="{x:.1f}" y="{top + ph + 14 + 13 * j:.1f}" font-size="{fs - 1:g}" '
                f'text-anchor="middle">{escape(line)}</text>'
            )
    for i, b in enumerate(lay.bars):
        x0, x1 = px(b.start), px(b.end)
        yc = top + row_h * (i + 0.5)
        colour = _GANTT_COLOURS.get(b.mode, "grey")
        tip = f"{b.label}: {b.start:%d %b %H:%M} \u2013 {b.end:%d %b %Y %H:%M} ({b.note})"
        body.append(
            f'<text x="{left - 8:.1f}" y="{yc:.1f}" font-size="{fs:g}" text-anchor="end" '
            f'dominant-baseline="central">{escape(b.label)}</text>'
            f'<rect x="{x0:.1f}" y="{yc - bar_h / 2:.1f}" width="{max(x1 - x0, 0.5):.1f}" '
            f'height="{bar_h:.1f}" fill="{colour}"><title>{escape(tip)}</title></rect>'
        )
        if x1 - x0 > 0.4 * pw:  # long bars carry their note inside
            body.append(
                f'<text x="{x1 - 4:.1f}" y="{yc:.1f}" font-size="{fs - 1:g}" text-anchor="end" '
                f'dominant-baseline="central" fill="#fff">{escape(b.note)}</text>'
            )
        else:
            body.append(
                f'<text x="{x1 + 4:.1f}" y="{yc:.1f}" font-size="{fs - 1:g}" '
                f'dominant-baseline="central">{escape(b.note)}</text>'
            )
            right = max(right, x1 + 4 + text_width_px(b.note, fs - 1))
    width = max(right + 12.0, left + pw / 2 + text_width_px(title, fs_title) / 2 + 8.0)
    head = [
        '<?xml version="1.0" encoding="utf-8" standalone="no"?>',
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(title)}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" font-family="{FONT}">',
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#fff"/>',
        f'<text x="{left + pw / 2:.1f}" y="18" font-size="{fs_title:g}" text-anchor="middle">'
        f"{escape(title)}</text>",
    ]
    frame = (
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{pw:.1f}" height="{ph:.1f}" fill="none" '
        'stroke="#333" stroke-width="0.8"/>'
    )
    return "\n".join([*head, *body, frame, "</svg>"]) + "\n"
