"""Encounters: two vessels close together, both slow, away from ports (GFW definition).

Definition ([Miller2018] in :mod:`arcticrecon.maritime.params`): two vessels within
``encounter_max_distance_m`` of each other for at least ``encounter_min_h``, both slower
than ``encounter_max_speed_kt``, at least ``encounter_min_port_km`` from a port.

Method: candidate fixes are the slow fixes far from ports; they are averaged per vessel
and ``encounter_bin_min`` time bin; bins of two vessels in the same or a neighbouring 1 km
cell (EPSG:3413) are paired, their geodesic distance computed, and the pairs closer than
the threshold chained over consecutive bins (a silence up to ``slow_max_point_gap_h`` is
bridged). An encounter's start and end are the first and last fix times both vessels
share in the chain.

The candidate step (:func:`encounter_candidates`) works on any subset of vessels (a Dask
partition); the pairing (:func:`pair_encounters`) needs all candidates together, which
are few.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from arcticrecon.maritime.events import _event, fix_speed_kt
from arcticrecon.maritime.params import EventParams
from arcticrecon.maritime.shore import distance_to_port_m, distance_to_shore_m
from arcticrecon.units import NM_TO_M

__all__ = ["CANDIDATE_COLUMNS", "detect_encounters", "encounter_candidates", "pair_encounters"]

Cols = dict[str, NDArray[Any]]
CANDIDATE_COLUMNS = ("mmsi", "bin", "lat_deg", "lon_deg", "t_min_ms", "t_max_ms", "speed_kt")
_CELL_M = 1000.0


def encounter_candidates(cols: Cols, params: EventParams) -> Cols:
    """Slow fixes far from ports, averaged per vessel and time bin.

    Parameters
    ----------
    cols : dict of str to ndarray
        Cleaned positions (:func:`~arcticrecon.maritime.clean.clean_tracks`).
    params : EventParams

    Returns
    -------
    dict of str to ndarray
        Columns :data:`CANDIDATE_COLUMNS`, one row per (vessel, bin).
    """
    v = fix_speed_kt(cols)
    slow = np.isfinite(v) & (v < params.encounter_max_speed_kt)
    if slow.any():
        idx = np.flatnonzero(slow)
        dport, _ = distance_to_port_m(
            lat_deg=cols["lat_deg"][idx],
            lon_deg=cols["lon_deg"][idx],
            within_m=params.encounter_min_port_km * 1000.0,
        )
        slow[idx[dport < params.encounter_min_port_km * 1000.0]] = False
    idx = np.flatnonzero(slow)
    bin_ms = round(params.encounter_bin_min * 60_000)
    if len(idx) == 0:
        return {k: np.zeros(0) for k in CANDIDATE_COLUMNS}
    mmsi = cols["mmsi"][idx]
    t = cols["t_utc_ms"][idx]
    b = t // bin_ms
    # rows are sorted by (mmsi, t), so (mmsi, bin) groups are contiguous
    new = np.ones(len(idx), dtype=bool)
    new[1:] = (mmsi[1:] != mmsi[:-1]) | (b[1:] != b[:-1])
    starts = np.flatnonzero(new)
    cnt = np.diff(np.append(starts, len(idx)))

    def mean(x: NDArray[Any]) -> NDArray[np.float64]:
        return np.add.reduceat(x.astype(np.float64), starts) / cnt

    return {
        "mmsi": mmsi[starts],
        "bin": b[starts],
        "lat_deg": mean(cols["lat_deg"][idx]),
        "lon_deg": mean(cols["lon_deg"][idx]),
        "t_min_ms": np.minimum.reduceat(t, starts),
        "t_max_ms": np.maximum.reduceat(t, starts),
        "speed_kt": mean(v[idx]),
    }


def pair_encounters(cand: Cols, params: EventParams) -> list[dict[str, Any]]:
    """Encounter events from the candidates of all vessels.

    Parameters
    ----------
    cand : dict of str to ndarray
        :func:`encounter_candidates` of all vessels (concatenated).
    params : EventParams

    Returns
    -------
    list of dict
        ``kind="encounter"`` events, ``mmsi`` < ``mmsi2``; position = mean of both
        vessels' positions over the encounter; ``median_distance_m``; ``mean_speed_kt``.
    """
    import pandas as pd

    from arcticrecon.geo.geodesic import WGS84
    from arcticrecon.geo.projection import to_polar_stereo

    if len(cand["mmsi"]) < 2:
        return []
    df = pd.DataFrame({k: cand[k] for k in CANDIDATE_COLUMNS})
    x, y = to_polar_stereo(lat_deg=df["lat_deg"].to_numpy(), lon_deg=df["lon_deg"].to_numpy())
    df["cx"] = np.floor(np.atleast_1d(x) / _CELL_M).astype(np.int64)
    df["cy"] = np.floor(np.atleast_1d(y) / _CELL_M).astype(np.int64)
    pairs = []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            other = df.assign(cx=df["cx"] + dx, cy=df["cy"] + dy)
            m = df.merge(other, on=["bin", "cx", "cy"], suffixes=("_a", "_b"))
            pairs.append(m[m["mmsi_a"] < m["mmsi_b"]])
    p = pd.concat(pairs, ignore_index=True)
    if p.empty:
        return []
    _, _, dist = WGS84.inv(
        p["lon_deg_a"].to_numpy(),
        p["lat_deg_a"].to_numpy(),
        p["lon_deg_b"].to_numpy(),
        p["lat_deg_b"].to_numpy(),
    )
    p["dist_m"] = np.asarray(dist)
    p = p[p["dist_m"] <= params.encounter_max_distance_m]
    p = p.drop_duplicates(subset=["mmsi_a", "mmsi_b", "bin"]).sort_values(
        ["mmsi_a", "mmsi_b", "bin"]
    )
    if p.empty:
        return []
    max_bin_gap = max(1, int(params.slow_max_point_gap_h * 60 / params.encounter_bin_min))
    a = p["mmsi_a"].to_numpy()
    b = p["mmsi_b"].to_numpy()
    bins = p["bin"].to_numpy()
    brk = np.ones(len(p), dtype=bool)
    brk[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1]) | (bins[1:] - bins[:-1] > max_bin_gap)
    run = np.cumsum(brk) - 1
    p = p.assign(run=run)
    min_ms = params.encounter_min_h * 3_600_000
    out = []
    for _, g in p.groupby("run", sort=True):
        start = int(max(g["t_min_ms_a"].iloc[0], g["t_min_ms_b"].iloc[0]))
        end = int(min(g["t_max_ms_a"].iloc[-1], g["t_max_ms_b"].iloc[-1]))
        if end - start < min_ms:
            continue
        lat = float((g["lat_deg_a"].mean() + g["lat_deg_b"].mean()) / 2)
        lon = float((g["lon_deg_a"].mean() + g["lon_deg_b"].mean()) / 2)
        shore = float(distance_to_shore_m(lat_deg=[lat], lon_deg=[lon])[0] / NM_TO_M)
        out.append(
            _event(
                "encounter",
                int(g["mmsi_a"].iloc[0]),
                start,
                end,
                mmsi2=int(g["mmsi_b"].iloc[0]),
                lat_deg=lat,
                lon_deg=lon,
                distance_to_shore_nm=shore,
                median_distance_m=float(g["dist_m"].median()),
                mean_speed_kt=float((g["speed_kt_a"].mean() + g["speed_kt_b"].mean()) / 2),
            )
        )
    return out


def detect_encounters(cols: Cols, params: EventParams) -> list[dict[str, Any]]:
    """Encounters among cleaned positions (candidates, then pairing)."""
    return pair_encounters(encounter_candidates(cols, params), params)
