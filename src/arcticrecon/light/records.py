"""Plain records of light intervals, shared by the CLI, the web API and the plan's light.csv.

One formatter for every output keeps them in agreement: the CLI's ``--format json`` and
the web light API print :func:`daily_records`; the CLI's ``--format csv`` and the plan's
``light.csv`` print :func:`interval_rows`; the CLI table prints :func:`interval_cell`.
Times are ISO 8601 to the second, UTC (``...Z``) and local with the zone's offset.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from arcticrecon.light.intervals import INTERVAL_KINDS

__all__ = [
    "STATE_TEXT",
    "daily_records",
    "format_duration",
    "hhmm",
    "interval_cell",
    "interval_rows",
]

_KINDS = {k.name: k for k in INTERVAL_KINDS}

#: Words for a (kind, state) where no interval starts, or where one begins a continuous
#: period; used by the CLI table and the report.
STATE_TEXT: dict[str, dict[str, str]] = {
    "daylight": {
        "midnight_sun_begins": "midnight sun follows",
        "midnight_sun": "midnight sun",
        "sunset_only": "no sunrise; the sun sets",
        "polar_night": "polar night",
    },
    "civil": {
        "continuous_begins": "civil light all night follows",
        "always_above": "civil light all day and night",
        "end_only": "no BMCT; civil light ends",
        "always_below": "no civil light",
    },
    "nautical": {
        "continuous_begins": "nautical light all night follows",
        "always_above": "nautical light all day and night",
        "end_only": "no BMNT; nautical light ends",
        "always_below": "no nautical light",
    },
    "astronomical": {
        "continuous_begins": "no astronomical night follows",
        "always_above": "no astronomical night",
        "end_only": "no astronomical dawn; dusk only",
        "always_below": "Sun below -18° all day",
    },
}


def _iso_utc(t: pd.Timestamp) -> str | None:
    return None if pd.isna(t) else t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso_local(t: pd.Timestamp, tz: str) -> str | None:
    return None if pd.isna(t) else t.tz_convert(tz).isoformat(timespec="seconds")


def hhmm(t: pd.Timestamp, tz: str) -> str:
    """Local clock time to the nearest minute (as USNO prints), never rounded into the next
    date (23:59:45 stays 23:59)."""
    loc = t.tz_convert(tz)
    r = loc + pd.Timedelta(seconds=30)
    return (r if r.date() == loc.date() else loc).strftime("%H:%M")


def format_duration(seconds: float | None) -> str:
    """``"20:42"`` (h:mm) below 48 h, ``"64 d 03 h"`` beyond; ``"—"`` for none."""
    if seconds is None or not np.isfinite(seconds):
        return "—"
    m = round(seconds / 60.0)
    if m < 48 * 60:
        return f"{m // 60:02d}:{m % 60:02d}"
    return f"{m // 1440} d {m % 1440 // 60:02d} h"


def _date(v: Any) -> str | None:
    return None if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d")


def interval_rows(table: pd.DataFrame, tz: str) -> list[dict[str, Any]]:
    """Flat rows of an interval table: one per interval, or per date and kind without one.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`arcticrecon.light.sun_interval_table` (one or more locations).
    tz : str
        Zone of the ``*_local`` columns (the zone the table's dates are in).

    Returns
    -------
    list of dict
        Keys ``location``, ``date``, ``kind``, ``state``, ``start_utc``, ``end_utc``,
        ``start_local``, ``end_local``, ``end_date``, ``duration_h`` (``None`` where no
        interval), ``in_day_h`` (time above the threshold within the local date).
    """
    out = []
    for r in table.itertuples(index=False):
        out.append(
            {
                "location": int(r.location),
                "date": _date(r.date),
                "kind": r.kind,
                "state": r.state,
                "start_utc": _iso_utc(r.start_utc),
                "end_utc": _iso_utc(r.end_utc),
                "start_local": _iso_local(r.start_utc, tz),
                "end_local": _iso_local(r.end_utc, tz),
                "end_date": _date(r.end_date),
                "duration_h": None if pd.isna(r.duration_s) else round(r.duration_s / 3600, 4),
                "in_day_h": round(float(r.in_day_s) / 3600.0, 4),
            }
        )
    return out


def daily_records(
    table: pd.DataFrame, tz: str, solar_noon_utc: dict[str, list[pd.Timestamp]] | None = None
) -> list[dict[str, Any]]:
    """One nested record per local date of one location's interval table (JSON output).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`arcticrecon.light.sun_interval_table`, a single location.
    tz : str
        The zone of the table's dates.
    solar_noon_utc : dict, optional
        ISO date -> upper transits of the Sun that date (tz-aware).

    Returns
    -------
    list of dict
        ``{"date", "day_length_h", "solar_noon_utc", "solar_noon_local",
        "<kind>": {"state", "in_day_h", "intervals": [{"start_utc", "end_utc",
        "start_local", "end_local", "end_date", "duration_h"}, ...]}, ...}``;
        ``day_length_h`` is the first daylight interval's duration (``None`` where no
        sunrise), never the time above the horizon within the date (``daylight.in_day_h``).
    """
    days: dict[str, dict[str, Any]] = {}
    for row in interval_rows(table, tz):
        d = days.setdefault(row["date"], {"date": row["date"], "day_length_h": None})
        if solar_noon_utc is not None and "solar_noon_utc" not in d:
            noons = solar_noon_utc.get(row["date"], [])
            d["solar_noon_utc"] = [_iso_utc(t) for t in noons]
            d["solar_noon_local"] = [_iso_local(t, tz) for t in noons]
        k = d.setdefault(
            row["kind"], {"state": row["state"], "in_day_h": row["in_day_h"], "intervals": []}
        )
        if row["start_utc"] is not None:
            k["intervals"].append(
                {
                    key: row[key]
                    for key in (
                        "start_utc",
                        "end_utc",
                        "start_local",
                        "end_local",
                        "end_date",
                        "duration_h",
                    )
                }
            )
            if row["kind"] == "daylight" and d["day_length_h"] is None:
                d["day_length_h"] = row["duration_h"]
    return list(days.values())


def interval_cell(rows: pd.DataFrame, tz: str) -> str:
    """Text of one (date, kind) for a table: ``"04:13 → 00:50 (04 Jun)"`` or the state.

    Parameters
    ----------
    rows : pandas.DataFrame
        The interval-table rows of one location, date and kind.
    tz : str
        Display zone (the zone of the dates).
    """
    first = rows.iloc[0]
    kind, state = str(first["kind"]), str(first["state"])
    if pd.isna(first["start_utc"]):
        text = STATE_TEXT[kind].get(state, state)
        return text
    parts = []
    for r in rows.itertuples(index=False):
        start = hhmm(r.start_utc, tz)
        if pd.isna(r.end_utc):
            parts.append(f"{start} → beyond 200 days")
            continue
        end = hhmm(r.end_utc, tz)
        if pd.Timestamp(r.end_date) != pd.Timestamp(r.date):
            end = f"{end} ({pd.Timestamp(r.end_date):%d %b})"
        parts.append(f"{start} → {end}")
    text = "; ".join(parts)
    if state in ("midnight_sun_begins", "continuous_begins"):
        text += f", {STATE_TEXT[kind][state]}"
    return text
