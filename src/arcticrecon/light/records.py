"""Plain records of light intervals, shared by the CLI, the web API and the plan's light.csv.

One formatter for every output keeps them in agreement: the CLI's ``--format json`` and
the web light API print :func:`daily_records`; the CLI's ``--format csv`` and the plan's
``light.csv`` print :func:`interval_rows`; the CLI table and the web page print each record's ``text`` (:func:`kind_text`).
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
    "interval_columns",
    "interval_frame",
    "interval_rows",
    "kind_text",
    "light_days",
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
    """Local clock time to the nearest minute (as USNO prints).

    Never rounded into the next date: 23:59:45 stays 23:59.
    """
    loc = t.tz_convert(tz)
    r = loc + pd.Timedelta(seconds=30)
    result: str = (r if r.date() == loc.date() else loc).strftime("%H:%M")
    return result


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


def _iso_utc_array(t: pd.Series) -> np.ndarray:
    """ISO 8601 UTC to the second (``...Z``), None for NaT; vectorised."""
    ns = t.to_numpy(dtype="datetime64[ns]", na_value=np.datetime64("NaT"))
    out = np.char.add(np.datetime_as_string(ns, unit="s"), "Z").astype(object)
    out[np.isnat(ns)] = None
    return out


def _iso_local_array(t: pd.Series, tz: str) -> np.ndarray:
    """ISO 8601 local time with the zone's UTC offset (``...-01:00``), None for NaT."""
    ns = t.to_numpy(dtype="datetime64[ns]", na_value=np.datetime64("NaT"))
    local = t.dt.tz_convert(tz).dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    bad = np.isnat(ns)
    off_min = np.zeros(ns.size, dtype=np.int64)
    ok = ~bad
    off_min[ok] = (local[ok] - ns[ok]) // np.timedelta64(1, "m")
    text = np.datetime_as_string(local.astype("datetime64[s]"), unit="s").astype(object)
    for o in np.unique(off_min[~bad]):
        sign = "+" if o >= 0 else "-"
        suffix = f"{sign}{abs(o) // 60:02d}:{abs(o) % 60:02d}"
        sel = (off_min == o) & ~bad
        text[sel] = text[sel] + suffix
    text[bad] = None
    result: np.ndarray = text
    return result


def _iso_date_array(d: pd.Series) -> np.ndarray:
    days = d.to_numpy(dtype="datetime64[ns]", na_value=np.datetime64("NaT"))
    out = np.datetime_as_string(days.astype("datetime64[D]")).astype(object)
    out[np.isnat(days)] = None
    result: np.ndarray = out
    return result


def interval_columns(table: pd.DataFrame, tz: str) -> dict[str, np.ndarray]:
    """An interval table as text columns (numpy arrays): what :func:`interval_frame` holds.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`arcticrecon.light.sun_interval_table` (one or more locations).
    tz : str
        Zone of the ``*_local`` columns (the zone the table's dates are in).

    Returns
    -------
    dict of str to ndarray, each of shape (len(table),)
        ``location``; object arrays of ISO text, None where no interval: ``date``,
        ``kind``, ``state``, ``start_utc``, ``end_utc``, ``start_local``, ``end_local``,
        ``end_date``; float arrays rounded to 4 decimals: ``duration_h`` (NaN where none;
        the day length for daylight) and ``in_day_h`` (hours above the threshold within
        the local date). [h]
    """
    dur = table["duration_s"].to_numpy() / 3600.0
    return {
        "location": table["location"].to_numpy(),
        "date": _iso_date_array(table["date"]),
        "kind": table["kind"].astype(str).to_numpy(dtype=object),
        "state": table["state"].astype(str).to_numpy(dtype=object),
        "start_utc": _iso_utc_array(table["start_utc"]),
        "end_utc": _iso_utc_array(table["end_utc"]),
        "start_local": _iso_local_array(table["start_utc"], tz),
        "end_local": _iso_local_array(table["end_utc"], tz),
        "end_date": _iso_date_array(table["end_date"]),
        "duration_h": np.round(dur, 4),
        "in_day_h": np.round(table["in_day_s"].to_numpy() / 3600.0, 4),
    }


def interval_frame(table: pd.DataFrame, tz: str) -> pd.DataFrame:
    """An interval table as text columns: the rows of ``light.csv`` and ``light -f csv``.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`arcticrecon.light.sun_interval_table` (one or more locations).
    tz : str
        Zone of the ``*_local`` columns (the zone the table's dates are in).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`interval_columns`, in its order.
    """
    return pd.DataFrame(interval_columns(table, tz))


def interval_rows(table: pd.DataFrame, tz: str) -> list[dict[str, Any]]:
    """:func:`interval_frame` as a list of dicts (``None`` for a missing value)."""
    df = interval_frame(table, tz)
    rows: list[dict[str, Any]] = df.astype(object).where(df.notna(), None).to_dict("records")
    for r in rows:
        r["location"] = int(r["location"])
        r["in_day_h"] = float(r["in_day_h"])
        if r["duration_h"] is not None:
            r["duration_h"] = float(r["duration_h"])
    return rows


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
        "<kind>": {"state", "text", "in_day_h", "intervals": [{"start_utc",
        "end_utc", "start_local", "end_local", "end_date", "duration_h"}, ...]}, ...}``;
        ``day_length_h`` is the first daylight interval's duration (``None`` where no
        sunrise), never the time above the horizon within the date (``daylight.in_day_h``);
        ``text`` is what the CLI table prints (:func:`kind_text`).
    """
    days: dict[str, dict[str, Any]] = {}
    spans: dict[tuple[str, str], list[tuple[pd.Timestamp, pd.Timestamp, Any]]] = {}
    for row, r in zip(interval_rows(table, tz), table.itertuples(index=False), strict=True):
        d = days.setdefault(row["date"], {"date": row["date"], "day_length_h": None})
        if solar_noon_utc is not None and "solar_noon_utc" not in d:
            noons = solar_noon_utc.get(row["date"], [])
            d["solar_noon_utc"] = [_iso_utc(t) for t in noons]
            d["solar_noon_local"] = [_iso_local(t, tz) for t in noons]
        k = d.setdefault(
            row["kind"],
            {"state": row["state"], "text": "", "in_day_h": row["in_day_h"], "intervals": []},
        )
        sp = spans.setdefault((row["date"], row["kind"]), [])
        if row["start_utc"] is not None:
            sp.append((r.start_utc, r.end_utc, r.end_date))
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
    for (date, kind), sp in spans.items():
        rec = days[date][kind]
        rec["text"] = kind_text(kind, rec["state"], sp, date, tz)
    return list(days.values())


def kind_text(
    kind: str, state: str, spans: list[tuple[pd.Timestamp, pd.Timestamp, Any]], date: str, tz: str
) -> str:
    """Words for one (date, kind): ``"04:13 → 00:50 (04 Jun)"``, or the state's words.

    Parameters
    ----------
    kind, state : str
        Interval kind and the date's state (:data:`arcticrecon.light.INTERVAL_STATES`).
    spans : list of (start_utc, end_utc, end_date)
        The intervals starting on the date (tz-aware Timestamps; ``end_utc`` NaT when not
        closed within the search); empty when none starts.
    date : str
        The local date, ISO.
    tz : str
        Display zone (the zone of the dates).
    """
    if not spans:
        return STATE_TEXT[kind].get(state, state)
    parts = []
    for start_utc, end_utc, end_date in spans:
        start = hhmm(start_utc, tz)
        if pd.isna(end_utc):
            parts.append(f"{start} → beyond 200 days")
            continue
        end = hhmm(end_utc, tz)
        if pd.Timestamp(end_date).strftime("%Y-%m-%d") != date:
            end = f"{end} ({pd.Timestamp(end_date):%d %b})"
        parts.append(f"{start} → {end}")
    text = "; ".join(parts)
    if state in ("midnight_sun_begins", "continuous_begins"):
        text += f", {STATE_TEXT[kind][state]}"
    return text


def light_days(
    lat_deg: float, lon_deg: float, start: Any, end: Any, *, tz: str, elevation_m: float = 0.0
) -> list[dict[str, Any]]:
    """Daily light records of one place: :func:`daily_records` with solar noon.

    The one builder behind the CLI's ``light --format json`` and the web light API.

    Parameters
    ----------
    lat_deg, lon_deg : float
        WGS 84 position. [deg]
    start, end : date-like
        First and last local date (inclusive).
    tz : str
        IANA zone of the dates and local times.
    elevation_m : float
        Height (observer position only). [m]

    Raises
    ------
    InputError, OutOfDomainError
        As :func:`arcticrecon.light.sun_interval_table`.
    """
    from arcticrecon.light.intervals import sun_interval_table
    from arcticrecon.light.tables import sun_event_table

    kw: dict[str, Any] = {"elevation_m": elevation_m, "tz": tz}
    table = sun_interval_table(lat_deg, lon_deg, start, end, **kw)
    events = sun_event_table(lat_deg, lon_deg, start, end, **kw)
    noons: dict[str, list[pd.Timestamp]] = {}
    for t in events.loc[events["event"] == "solar_noon", "time_utc"]:
        noons.setdefault(t.tz_convert(tz).strftime("%Y-%m-%d"), []).append(t)
    return daily_records(table, tz, noons)


#: interval kind -> per-date Dataset variable of the time above its threshold in the date
IN_DAY_VARIABLES = {
    "daylight": "daylight_s",
    "civil": "civil_light_s",
    "nautical": "nautical_light_s",
    "astronomical": "astronomical_light_s",
}


def daily_light_dataset(table: pd.DataFrame, location_ids: Any) -> Any:
    """Per-date view of an interval table: dims ``(location, day)`` (an ``xarray.Dataset``).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`arcticrecon.light.sun_interval_table` (or several, concatenated, over
        the same dates), ``location`` numbering ``location_ids``.
    location_ids : sequence, shape (n,)
        Labels of the ``location`` coordinate (e.g. ICAO codes).

    Returns
    -------
    xarray.Dataset
        ``daylight_s``, ``civil_light_s``, ``nautical_light_s``, ``astronomical_light_s``:
        time above each threshold within the local date [s] (``in_day_s``); ``day_state``,
        ``civil_state``, ``nautical_state``, ``astronomical_state``: the date's interval
        state (:data:`arcticrecon.light.INTERVAL_STATES`); ``day_length_s``: duration of
        the first daylight interval starting that date (NaN where none starts) [s].
    """
    import xarray as xr

    ids = list(location_ids)
    first = table.drop_duplicates(["location", "date", "kind"], keep="first")
    days = np.sort(np.asarray(first["date"].unique()))
    shape = (len(ids), len(days))
    # one row per (location, date) of a kind: scatter into (location, day) grids; what
    # pivot + reindex gave (NaN / the text "nan" where a kind has no row, rows whose
    # location is not in range(len(ids)) left out) without a frame of 365 columns
    loc_all = first["location"].to_numpy()
    day_all = np.searchsorted(days, np.asarray(first["date"].to_numpy()))
    kinds = first["kind"].astype(str).to_numpy(dtype=object)
    states = first["state"].astype(str).to_numpy(dtype=object)
    data: dict[str, Any] = {}
    for kind, var in IN_DAY_VARIABLES.items():
        sel = kinds == kind
        if not sel.any():
            continue
        keep = sel & (loc_all >= 0) & (loc_all < len(ids))
        at = (loc_all[keep], day_all[keep])

        def grid(column: str, at: tuple[Any, Any] = at, keep: Any = keep) -> np.ndarray:
            out = np.full(shape, np.nan)
            out[at] = first[column].to_numpy(dtype=float)[keep]
            return out

        data[var] = (("location", "day"), grid("in_day_s"), {"units": "s"})
        st = np.full(shape, "nan", dtype=object)
        st[at] = states[keep]
        name = "day_state" if kind == "daylight" else f"{kind}_state"
        data[name] = (("location", "day"), st.astype(str))
        if kind == "daylight":
            data["day_length_s"] = (("location", "day"), grid("duration_s"), {"units": "s"})
    return xr.Dataset(data, coords={"location": ids, "day": days.astype("M8[D]")})
