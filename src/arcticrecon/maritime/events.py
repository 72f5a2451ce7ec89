"""Per-vessel AIS events — gaps, loitering, port visits, zone entries/exits — vectorised.

Definitions (Global Fishing Watch; thresholds in :class:`~arcticrecon.maritime.params.
EventParams`, whose docstring cites each source):

- **gap**: two consecutive fixes of one vessel at least ``gap_min_h`` apart. It is a
  **likely intentional disabling** when it lasts at least ``disabling_min_h``, starts at
  least ``disabling_min_shore_nm`` from shore, and the vessel sent at least
  ``reception_min_positions`` fixes in the ``reception_window_h`` before it (good
  reception, so the silence is the transmitter's, not the receivers').
- **loitering**: a run of consecutive fixes slower than ``loiter_max_speed_kt`` (reported
  speed over ground; the implied speed where the report has none), not broken by a silence
  over ``slow_max_point_gap_h``, lasting at least ``loiter_min_h``, whose mean position
  is at least ``loiter_min_shore_nm`` from shore.
- **port visit**: starts at the first fix within ``port_entry_km`` of a port of the ports
  table, ends at the last fix before one beyond ``port_exit_km`` (hysteresis).
- **zone entry/exit**: consecutive fixes on the two sides of the approximate 12 NM or
  200 NM line (:func:`arcticrecon.maritime.shore.zone_band`).

Input: cleaned columns from :func:`arcticrecon.maritime.clean.clean_tracks`.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
from numpy.typing import NDArray

from arcticrecon.maritime.params import EventParams
from arcticrecon.maritime.shore import (
    distance_to_port_m,
    distance_to_shore_m,
    ports_table,
    zone_band,
)
from arcticrecon.units import KT_TO_M_S, NM_TO_M

__all__ = [
    "EVENT_FIELDS",
    "EVENT_KINDS",
    "detect_gaps",
    "detect_loitering",
    "detect_port_visits",
    "detect_zone_crossings",
    "event_id",
    "fix_speed_kt",
    "slow_runs",
    "vessel_events",
]

Cols = dict[str, NDArray[Any]]

EVENT_KINDS = ("gap", "loitering", "encounter", "port_visit", "zone_entry", "zone_exit")
#: Keys of every event dict (``None`` where a field does not apply to the kind).
EVENT_FIELDS = (
    "event_id",
    "kind",
    "mmsi",
    "mmsi2",
    "start_utc_ms",
    "end_utc_ms",
    "duration_h",
    "lat_deg",
    "lon_deg",
    "end_lat_deg",
    "end_lon_deg",
    "distance_to_shore_nm",
    "likely_disabling",
    "positions_before",
    "mean_speed_kt",
    "median_distance_m",
    "port",
    "zone",
    "complete",
)
_H_MS = 3_600_000


def event_id(kind: str, mmsi: int, start_utc_ms: int, mmsi2: int | None = None) -> str:
    """Stable identifier of an event (16 hex digits of SHA-1 of kind, vessels and start)."""
    key = f"{kind}|{mmsi}|{mmsi2 or ''}|{start_utc_ms}".encode()
    return hashlib.sha1(key).hexdigest()[:16]


def _event(kind: str, mmsi: int, start_ms: int, end_ms: int, **kw: Any) -> dict[str, Any]:
    e: dict[str, Any] = dict.fromkeys(EVENT_FIELDS)
    e.update(kw)
    e["kind"] = kind
    e["mmsi"] = int(mmsi)
    e["start_utc_ms"] = int(start_ms)
    e["end_utc_ms"] = int(end_ms)
    e["duration_h"] = (int(end_ms) - int(start_ms)) / _H_MS
    e["event_id"] = event_id(kind, int(mmsi), int(start_ms), e.get("mmsi2"))
    return e


def _first_of_vessel(mmsi: NDArray[np.int64]) -> NDArray[np.bool_]:
    first = np.ones(len(mmsi), dtype=bool)
    if len(mmsi) > 1:
        first[1:] = mmsi[1:] != mmsi[:-1]
    return first


def _shore_nm(lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.float64]:
    if len(lat) == 0:
        return np.zeros(0)
    return distance_to_shore_m(lat_deg=lat, lon_deg=lon) / NM_TO_M


def detect_gaps(cols: Cols, params: EventParams) -> list[dict[str, Any]]:
    """AIS gaps and likely intentional disabling (see the module docstring).

    Parameters
    ----------
    cols : dict of str to ndarray
        Cleaned positions (``clean_tracks``), sorted by ``(mmsi, t_utc_ms)``.
    params : EventParams

    Returns
    -------
    list of dict
        ``kind="gap"`` events; ``likely_disabling`` True/False; ``positions_before`` = fixes
        in the reception window before the gap; position = last fix before the gap.
    """
    mmsi, t = cols["mmsi"], cols["t_utc_ms"]
    n = len(mmsi)
    if n < 2:
        return []
    first = _first_of_vessel(mmsi)
    dt = np.zeros(n, dtype=np.int64)
    dt[1:] = t[1:] - t[:-1]
    gap_min_ms = round(params.gap_min_h * _H_MS)
    i = np.flatnonzero(~first & (dt >= gap_min_ms))  # gap ends at row i, starts at i-1
    if len(i) == 0:
        return []
    s = i - 1
    # fixes of the same vessel in [t_s - window, t_s]: one monotonic key over all vessels
    rank = np.cumsum(first) - 1
    span = int(t.max() - t.min()) + 2 * _H_MS * 24
    key = rank.astype(np.int64) * span + (t - t.min())
    win = round(params.reception_window_h * _H_MS)
    lo = np.searchsorted(key, key[s] - win, side="left")
    before = s - lo + 1
    lat, lon = cols["lat_deg"], cols["lon_deg"]
    shore = _shore_nm(lat[s], lon[s])
    long_enough = dt[i] >= round(params.disabling_min_h * _H_MS)
    disabling = (
        long_enough
        & (shore >= params.disabling_min_shore_nm)
        & (before >= params.reception_min_positions)
    )
    return [
        _event(
            "gap",
            mmsi[a],
            t[a],
            t[b],
            lat_deg=float(lat[a]),
            lon_deg=float(lon[a]),
            end_lat_deg=float(lat[b]),
            end_lon_deg=float(lon[b]),
            distance_to_shore_nm=float(shore[k]),
            likely_disabling=bool(disabling[k]),
            positions_before=int(before[k]),
        )
        for k, (a, b) in enumerate(zip(s.tolist(), i.tolist(), strict=True))
    ]


def fix_speed_kt(cols: Cols) -> NDArray[np.float64]:
    """Speed of each fix: reported SOG, or the implied speed of the step into it. [kt]"""
    sog = cols["sog_kt"].astype(np.float64)
    step_s = cols["step_s"]
    with np.errstate(divide="ignore", invalid="ignore"):
        implied = np.where(step_s > 0, cols["step_m"] / np.maximum(step_s, 1.0), np.nan)
    implied = implied / KT_TO_M_S
    return np.where(np.isfinite(sog), sog, implied)


def slow_runs(
    cols: Cols, max_speed_kt: float, max_point_gap_h: float
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Runs of consecutive slow fixes of one vessel segment.

    Parameters
    ----------
    cols : dict of str to ndarray
        Cleaned positions.
    max_speed_kt : float
        A fix is slow when its :func:`fix_speed_kt` is below this (unknown speed = not
        slow). [kt]
    max_point_gap_h : float
        A silence longer than this between two fixes ends a run. [h]

    Returns
    -------
    start, end : ndarray of int, shape (r,)
        Row index of the first and last fix of each run (inclusive).
    """
    n = len(cols["mmsi"])
    if n == 0:
        z = np.zeros(0, dtype=np.int64)
        return z, z
    v = fix_speed_kt(cols)
    slow = np.isfinite(v) & (v < max_speed_kt)
    brk = cols["seg_start"] | (cols["step_s"] > max_point_gap_h * 3600.0)
    prev_slow = np.zeros(n, dtype=bool)
    prev_slow[1:] = slow[:-1]
    start_run = slow & (~prev_slow | brk)
    cont_next = np.zeros(n, dtype=bool)
    cont_next[:-1] = slow[1:] & ~start_run[1:]
    end_run = slow & ~cont_next
    return np.flatnonzero(start_run), np.flatnonzero(end_run)


def _run_means(
    values: NDArray[np.float64], start: NDArray[np.int64], end: NDArray[np.int64]
) -> NDArray[np.float64]:
    if len(start) == 0:
        return np.zeros(0)
    c = np.concatenate([[0.0], np.cumsum(values)])
    return np.asarray((c[end + 1] - c[start]) / (end - start + 1))


def detect_loitering(cols: Cols, params: EventParams) -> list[dict[str, Any]]:
    """Loitering events (see the module docstring).

    Returns
    -------
    list of dict
        ``kind="loitering"``; position = mean position of the run; ``mean_speed_kt``.
    """
    start, end = slow_runs(cols, params.loiter_max_speed_kt, params.slow_max_point_gap_h)
    t = cols["t_utc_ms"]
    long_enough = (t[end] - t[start]) >= round(params.loiter_min_h * _H_MS)
    start, end = start[long_enough], end[long_enough]
    if len(start) == 0:
        return []
    lat = _run_means(cols["lat_deg"], start, end)
    lon = _run_means(cols["lon_deg"], start, end)
    speed = _run_means(np.nan_to_num(fix_speed_kt(cols)), start, end)
    shore = _shore_nm(lat, lon)
    keep = (shore >= params.loiter_min_shore_nm) & (speed < params.loiter_max_speed_kt)
    mmsi = cols["mmsi"]
    return [
        _event(
            "loitering",
            mmsi[a],
            t[a],
            t[b],
            lat_deg=float(lat[k]),
            lon_deg=float(lon[k]),
            distance_to_shore_nm=float(shore[k]),
            mean_speed_kt=float(speed[k]),
        )
        for k, (a, b) in enumerate(zip(start.tolist(), end.tolist(), strict=True))
        if keep[k]
    ]


def detect_port_visits(cols: Cols, params: EventParams) -> list[dict[str, Any]]:
    """Port visits with entry/exit hysteresis (see the module docstring).

    Returns
    -------
    list of dict
        ``kind="port_visit"``; ``port`` = port name; ``complete`` False when the data end
        before the vessel left; position = the port's.
    """
    mmsi, t = cols["mmsi"], cols["t_utc_ms"]
    n = len(mmsi)
    if n == 0:
        return []
    d, pidx = distance_to_port_m(
        lat_deg=cols["lat_deg"], lon_deg=cols["lon_deg"], within_m=params.port_exit_km * 1000.0
    )
    inside = d <= params.port_entry_km * 1000.0
    outside = ~(d <= params.port_exit_km * 1000.0)
    first = _first_of_vessel(mmsi)
    decided = inside | outside | first
    last = np.maximum.accumulate(np.where(decided, np.arange(n), 0))
    state = inside[last]
    prev = np.zeros(n, dtype=bool)
    prev[1:] = state[:-1]
    start = np.flatnonzero(state & (~prev | first))
    nxt_first = np.zeros(n, dtype=bool)
    nxt_first[:-1] = first[1:]
    nxt_first[-1] = True
    nxt_state = np.zeros(n, dtype=bool)
    nxt_state[:-1] = state[1:]
    end = np.flatnonzero(state & (~nxt_state | nxt_first))
    ports = ports_table()
    out = []
    for a, b in zip(start.tolist(), end.tolist(), strict=True):
        p = ports[int(pidx[a])]
        complete = b + 1 < n and not first[b + 1]
        out.append(
            _event(
                "port_visit",
                mmsi[a],
                t[a],
                t[b],
                lat_deg=p["lat_deg"],
                lon_deg=p["lon_deg"],
                port=p["name"],
                complete=bool(complete),
            )
        )
    return out


def detect_zone_crossings(cols: Cols, band: NDArray[np.int8] | None = None) -> list[dict[str, Any]]:
    """Entries into and exits from the approximate 12 NM and 200 NM zones.

    Parameters
    ----------
    cols : dict of str to ndarray
        Cleaned positions.
    band : ndarray of int8, optional
        :func:`zone_band` of the positions, if already computed.

    Returns
    -------
    list of dict
        ``kind`` ``zone_entry``/``zone_exit``, ``zone`` ``"12nm"``/``"200nm"``; start = last
        fix on the old side, end = first fix on the new side; position = that first fix.
    """
    mmsi, t = cols["mmsi"], cols["t_utc_ms"]
    n = len(mmsi)
    if n < 2:
        return []
    if band is None:
        band = zone_band(lat_deg=cols["lat_deg"], lon_deg=cols["lon_deg"])
    first = _first_of_vessel(mmsi)
    i = np.flatnonzero(~first[1:] & (band[1:] != band[:-1])) + 1
    lat, lon = cols["lat_deg"], cols["lon_deg"]
    out = []
    for k in i.tolist():
        b0, b1 = int(band[k - 1]), int(band[k])
        for zone, level in (("200nm", 1), ("12nm", 0)):
            was, now = b0 <= level, b1 <= level
            if was == now:
                continue
            out.append(
                _event(
                    "zone_entry" if now else "zone_exit",
                    mmsi[k],
                    t[k - 1],
                    t[k],
                    lat_deg=float(lat[k]),
                    lon_deg=float(lon[k]),
                    zone=zone,
                )
            )
    return out


def vessel_events(
    cols: Cols, params: EventParams, kinds: tuple[str, ...] = EVENT_KINDS
) -> list[dict[str, Any]]:
    """All per-vessel events of cleaned positions (everything but encounters)."""
    out: list[dict[str, Any]] = []
    if "gap" in kinds:
        out += detect_gaps(cols, params)
    if "loitering" in kinds:
        out += detect_loitering(cols, params)
    if "port_visit" in kinds:
        out += detect_port_visits(cols, params)
    if "zone_entry" in kinds or "zone_exit" in kinds:
        out += [e for e in detect_zone_crossings(cols) if e["kind"] in kinds]
    return out
