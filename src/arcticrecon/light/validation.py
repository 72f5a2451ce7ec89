"""Compare the fast engine with the skyfield reference on the same locations and days.

Used by the reference tests and by ``benchmarks/bench_light.py``. Events are matched per
(location, event name) to the nearest reference time within ``match_window_s``; what is
left over is "missing" (only in the reference) or "extra" (only in the fast engine).
Every unmatched event and every differing day state is checked for being on a *grazing*
day: the body's highest or lowest altitude that day within ``grazing_deg`` of the
threshold, where the crossing time is ill-conditioned and may legitimately appear in
one engine only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from arcticrecon.light._core import assemble_days, normalise_locations
from arcticrecon.light.events import (
    SUN_EVENT_NAMES,
    SUN_THRESHOLDS_DEG,
    _moon_engine,
    _prepare,
    _sun_engine,
)
from arcticrecon.light.tables import _table

__all__ = ["EngineComparison", "compare_engines"]

_STATE_KEYS_SUN = ("sunrise", "civil", "nautical", "astronomical")


@dataclass(frozen=True)
class EngineComparison:
    """Result of :func:`compare_engines`.

    Attributes
    ----------
    abs_error_s : ndarray, shape (m,)
        |fast - skyfield| of every matched event. [s]
    n_reference : int
        Events in the skyfield table.
    missing, extra : pandas.DataFrame
        Unmatched events (columns location, event, time_utc, grazing).
    state_mismatch : pandas.DataFrame
        Days whose state differs (columns location, day, threshold, fast, skyfield,
        grazing).
    """

    abs_error_s: np.ndarray
    n_reference: int
    missing: pd.DataFrame
    extra: pd.DataFrame
    state_mismatch: pd.DataFrame

    @property
    def p50_s(self) -> float:
        """Median absolute error [s]."""
        return float(np.percentile(self.abs_error_s, 50)) if self.abs_error_s.size else 0.0

    @property
    def p99_s(self) -> float:
        """99th percentile of the absolute error [s]."""
        return float(np.percentile(self.abs_error_s, 99)) if self.abs_error_s.size else 0.0

    @property
    def max_s(self) -> float:
        """Largest absolute error [s]."""
        return float(self.abs_error_s.max()) if self.abs_error_s.size else 0.0

    def summary(self) -> dict[str, Any]:
        """Plain numbers for printing."""
        return {
            "events": self.n_reference,
            "matched": int(self.abs_error_s.size),
            "p50_s": round(self.p50_s, 2),
            "p99_s": round(self.p99_s, 2),
            "max_s": round(self.max_s, 2),
            "missing": len(self.missing),
            "extra": len(self.extra),
            "unmatched_not_grazing": int(
                (~self.missing["grazing"]).sum() + (~self.extra["grazing"]).sum()
            ),
            "state_mismatch_days": len(self.state_mismatch),
            "state_mismatch_not_grazing": int((~self.state_mismatch["grazing"]).sum()),
        }


def _ns(df: pd.DataFrame) -> np.ndarray:
    result: np.ndarray = (
        df["time_utc"].dt.tz_convert(None).to_numpy().astype("datetime64[ns]").astype(np.int64)
    )
    return result


def _match(
    ref: pd.DataFrame, fast: pd.DataFrame, window_s: float
) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
    errs: list[np.ndarray] = []
    missing: list[pd.DataFrame] = []
    extra: list[pd.DataFrame] = []
    keys = set(map(tuple, ref[["location", "event"]].drop_duplicates().to_numpy())) | set(
        map(tuple, fast[["location", "event"]].drop_duplicates().to_numpy())
    )
    rg = dict(tuple(ref.groupby(["location", "event"])))
    fg = dict(tuple(fast.groupby(["location", "event"])))
    empty = ref.iloc[:0]
    for key in sorted(keys):
        a_df, b_df = rg.get(key, empty), fg.get(key, empty)
        a, b = _ns(a_df) / 1e9, _ns(b_df) / 1e9
        if a.size == 0 or b.size == 0:
            missing.append(a_df)
            extra.append(b_df)
            continue
        # nearest neighbour both ways; a pair counts when mutual and within the window
        j = np.clip(np.searchsorted(b, a), 1, b.size - 1) if b.size > 1 else np.zeros(a.size, int)
        cand = np.stack([b[np.maximum(j - 1, 0)], b[j]])
        pick = np.abs(cand - a).argmin(axis=0)
        nb = cand[pick, np.arange(a.size)]
        ok_a = np.abs(nb - a) <= window_s
        errs.append(np.abs(nb - a)[ok_a])
        missing.append(a_df[~ok_a])
        i = np.clip(np.searchsorted(a, b), 1, a.size - 1) if a.size > 1 else np.zeros(b.size, int)
        cand_b = np.stack([a[np.maximum(i - 1, 0)], a[i]])
        na = cand_b[np.abs(cand_b - b).argmin(axis=0), np.arange(b.size)]
        extra.append(b_df[np.abs(na - b) > window_s])
    err = np.concatenate(errs) if errs else np.zeros(0)
    cols = ["location", "event", "time_utc"]
    miss = pd.concat(missing, ignore_index=True)[cols] if missing else ref.iloc[:0][cols]
    ext = pd.concat(extra, ignore_index=True)[cols] if extra else ref.iloc[:0][cols]
    return err, miss, ext


def compare_engines(
    lat_deg: Any,
    lon_deg: Any,
    start: Any,
    end: Any,
    *,
    body: Literal["sun", "moon"] = "sun",
    grazing_deg: float = 0.05,
    match_window_s: float = 3600.0,
) -> EngineComparison:
    """Run both engines on the same locations and UTC days and compare them.

    Parameters
    ----------
    lat_deg, lon_deg : float or array_like, shape (n,)
        Locations. [deg]
    start, end : date-like
        Day range (inclusive, UTC days).
    body : {"sun", "moon"}
    grazing_deg : float
        A day is grazing for a threshold when the day's highest or lowest altitude of the
        body is within this of the threshold. [deg]
    match_window_s : float
        Largest time difference at which two events still count as the same one. [s]

    Returns
    -------
    EngineComparison

    Raises
    ------
    OutOfDomainError, InputError
        As :func:`arcticrecon.light.sun_events`.
    """
    lat, lon, elev = normalise_locations(lat_deg, lon_deg, 0.0)
    _, _, _, grid = _prepare(lat, lon, start, end, elev, "fast", None)
    n = lat.size
    thresholds: dict[str, float | None]
    if body == "sun":
        thresholds = dict(SUN_THRESHOLDS_DEG)
        names = {k: (r, s) for k, r, s in SUN_EVENT_NAMES}
        res = {
            e: _sun_engine(e)(lat, lon, elev, grid.edges_ud, thresholds)
            for e in ("skyfield", "fast")
        }
        upper = "solar_noon"
    else:
        thresholds = {"moon": None}  # -34' minus the Moon's angular radius
        names = {"moon": ("moonrise", "moonset")}
        res = {e: _moon_engine(e)(lat, lon, elev, grid.edges_ud) for e in ("skyfield", "fast")}
        upper = "moon_transit"
    tables = {e: _table(r, grid, names, upper, 0) for e, r in res.items()}
    days = {e: assemble_days(r, grid, n) for e, r in res.items()}
    err, miss, ext = _match(tables["skyfield"], tables["fast"], match_window_s)
    ref_days = days["skyfield"]
    mx, mn = ref_days["max_alt_deg"], ref_days["min_alt_deg"]

    def grazing_mask(key: str) -> np.ndarray:
        h = thresholds[key]
        if h is None:  # moon: approximate horizon, only for the day-state flags
            h = -34.0 / 60.0 - 0.26
        return (np.abs(mx - h) <= grazing_deg) | (np.abs(mn - h) <= grazing_deg)

    event_key = {}
    for key, (r, s) in names.items():
        event_key[r] = key
        event_key[s] = key

    def mark(df: pd.DataFrame) -> pd.DataFrame:
        df = df.copy()
        flags = [
            _is_grazing(body, lat[loc], lon[loc], t, event_key.get(ev), thresholds, grazing_deg)
            for loc, ev, t in zip(df["location"], df["event"], _ns(df) / 86400e9, strict=True)
        ]
        df["grazing"] = np.asarray(flags, dtype=bool)
        return df

    rows = []
    for key in thresholds:
        f_state, r_state = days["fast"][f"{key}:state"], ref_days[f"{key}:state"]
        bad = np.argwhere(f_state != r_state)
        g = grazing_mask(key)
        for loc, d in bad:
            near = bool(g[loc, max(d - 1, 0) : d + 2].any())
            rows.append(
                (int(loc), grid.days[d], key, int(f_state[loc, d]), int(r_state[loc, d]), near)
            )
    mism = pd.DataFrame(
        rows, columns=["location", "day", "threshold", "fast", "skyfield", "grazing"]
    ).astype({"grazing": bool})
    return EngineComparison(
        abs_error_s=err,
        n_reference=len(tables["skyfield"]),
        missing=mark(miss),
        extra=mark(ext),
        state_mismatch=mism,
    )


def _is_grazing(
    body: str,
    lat_deg: float,
    lon_deg: float,
    t_ud: float,
    key: str | None,
    thresholds: dict[str, float | None],
    grazing_deg: float,
) -> bool:
    """Tell whether the event at ``t_ud`` is on a grazing day.

    True when altitude minus threshold has an extremum within ``grazing_deg`` of zero
    within 8 h of ``t_ud`` (sampled each minute with skyfield).
    """
    from skyfield.almanac import build_horizon_function
    from skyfield.api import wgs84

    from arcticrecon.light.ephemeris import get_ephemeris, ud_to_time

    if key is None:  # a transit is never grazing
        return False
    e = get_ephemeris()
    target = e.sun if body == "sun" else e.moon
    obs = e.earth + wgs84.latlon(float(lat_deg), float(lon_deg))
    t = ud_to_time(t_ud + np.arange(-480, 481) / 1440.0)
    alt, _, dist = obs.at(t).observe(target).apparent().altaz()
    h = thresholds[key]
    horizon = np.degrees(build_horizon_function(target)(dist)) if h is None else h
    g = alt.degrees - horizon
    dg = np.diff(g)
    ext = np.flatnonzero(np.sign(dg[1:]) != np.sign(dg[:-1])) + 1
    return bool(ext.size and np.min(np.abs(g[ext])) <= grazing_deg)
