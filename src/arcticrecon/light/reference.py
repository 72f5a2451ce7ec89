"""Reference engine: skyfield's almanac with the DE421 ephemeris (slow, exact).

For each location it calls :func:`skyfield.almanac.find_risings` /
:func:`~skyfield.almanac.find_settings` for every altitude threshold, keeps only the
crossings skyfield flags as real (``True``), and :func:`~skyfield.almanac.find_transits`
for the upper transits. Lower transits are taken halfway between consecutive upper
transits (the altitude is flat there, so the minimum altitude is exact to < 0.001°).
Altitudes are geometric (no refraction), topocentric, for the body's centre.

Limitation: skyfield's rising/setting finder works from the hour angle, which is undefined
at exactly +-90 deg latitude; there it reports no crossing (the fast engine, which
brackets by sign changes of the altitude, still finds them).
"""

from __future__ import annotations

import numpy as np

from arcticrecon.light._core import Crossings, EngineResult
from arcticrecon.light.ephemeris import get_ephemeris, ud_to_time

__all__ = ["moon_engine_skyfield", "sun_engine_skyfield"]

_PAD_D = 1.0  # search window padding each side of the day grid [d]


def _alt_deg(obs, body, t) -> np.ndarray:  # type: ignore[no-untyped-def]
    alt, _, _ = obs.at(t).observe(body).apparent().altaz()
    return np.asarray(alt.degrees, dtype=float)


def _utc_ud(t) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Skyfield Time -> UTC days since 1970 (ignoring leap seconds, like datetime64)."""
    tai_minus_utc_s = np.asarray(t._leap_seconds(), dtype=float)
    return np.asarray(t.tai, dtype=float) - 2440587.5 - tai_minus_utc_s / 86400.0


def _engine(
    lat_deg: np.ndarray,
    lon_deg: np.ndarray,
    elevation_m: np.ndarray,
    edges_ud: np.ndarray,
    body_name: str,
    thresholds: dict[str, float | None],
) -> EngineResult:
    from skyfield import almanac
    from skyfield.api import wgs84

    e = get_ephemeris()
    body = e.sun if body_name == "sun" else e.moon
    t0 = ud_to_time(edges_ud[0] - _PAD_D)
    t1 = ud_to_time(edges_ud[-1] + _PAD_D)
    t_edges = ud_to_time(edges_ud)
    lists: dict[str, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {k: [] for k in thresholds}
    starts: dict[str, list[bool]] = {k: [] for k in thresholds}
    up: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    lo: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    edge_alt = np.empty((lat_deg.size, edges_ud.size))
    for i, (la, ln, el) in enumerate(zip(lat_deg, lon_deg, elevation_m, strict=True)):
        obs = e.earth + wgs84.latlon(float(la), float(ln), elevation_m=float(el))
        alt0 = float(_alt_deg(obs, body, t0))
        for k, h in thresholds.items():
            tr, yr = almanac.find_risings(obs, body, t0, t1, horizon_degrees=h)
            ts_, ys = almanac.find_settings(obs, body, t0, t1, horizon_degrees=h)
            t = np.concatenate([_utc_ud(tr)[yr], _utc_ud(ts_)[ys]])
            s = np.concatenate([np.ones(int(yr.sum())), -np.ones(int(ys.sum()))])
            order = np.argsort(t, kind="stable")
            lists[k].append((np.full(t.size, i), t[order], s[order].astype(np.int8)))
            h_deg = -50.0 / 60.0 if h is None else h  # moon: horizon varies, ~-0.83 deg
            if h is None and body_name == "moon":
                h_deg = _moon_horizon_deg(obs, body, t0)
            starts[k].append(alt0 > h_deg)
        ttr = almanac.find_transits(obs, body, t0, t1)
        tu = _utc_ud(ttr)
        up.append((np.full(tu.size, i), tu, _alt_deg(obs, body, ttr)))
        if tu.size > 1:
            tl = 0.5 * (tu[1:] + tu[:-1])
            lo.append((np.full(tl.size, i), tl, _alt_deg(obs, body, ud_to_time(tl))))
        edge_alt[i] = _alt_deg(obs, body, t_edges)

    def cat(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> tuple[np.ndarray, ...]:
        if not parts:
            return (np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0))
        return tuple(np.concatenate([p[j] for p in parts]) for j in range(3))

    crossings = {}
    for k in thresholds:
        loc, t, s = cat(lists[k])
        crossings[k] = Crossings(
            loc=loc.astype(np.int64),
            t_ud=t.astype(float),
            sigma=s.astype(np.int8),
            above_at_start=np.asarray(starts[k], dtype=bool),
        )
    ul, ut, ua = cat(up)
    ll, lt, la_ = cat(lo)
    return EngineResult(
        crossings=crossings,
        upper=(ul.astype(np.int64), ut, ua),
        lower=(ll.astype(np.int64), lt, la_),
        edge_alt_deg=edge_alt,
    )


def _moon_horizon_deg(obs, body, t) -> float:  # type: ignore[no-untyped-def]
    # skyfield's moon horizon: -34' refraction minus the Moon's angular radius
    from skyfield.almanac import build_horizon_function

    _, _, dist = obs.at(t).observe(body).apparent().altaz()
    return float(np.degrees(build_horizon_function(body)(dist)))


def sun_engine_skyfield(
    lat_deg: np.ndarray,
    lon_deg: np.ndarray,
    elevation_m: np.ndarray,
    edges_ud: np.ndarray,
    thresholds_deg: dict[str, float],
) -> EngineResult:
    """Sun crossings, transits and edge altitudes with skyfield (reference engine).

    Parameters
    ----------
    lat_deg, lon_deg, elevation_m : ndarray, shape (n,)
        WGS 84 positions. [deg, deg, m]
    edges_ud : ndarray, shape (n_day + 1,)
        UTC day edges. [d since 1970-01-01]
    thresholds_deg : dict of str to float
        Threshold key -> geometric altitude of the Sun's centre. [deg]
    """
    return _engine(lat_deg, lon_deg, elevation_m, edges_ud, "sun", dict(thresholds_deg))


def moon_engine_skyfield(
    lat_deg: np.ndarray,
    lon_deg: np.ndarray,
    elevation_m: np.ndarray,
    edges_ud: np.ndarray,
) -> EngineResult:
    """Moonrise/moonset (upper limb, refraction, topocentric) with skyfield.

    Uses skyfield's Moon horizon: -34' refraction minus the Moon's topocentric angular
    radius (R = 1737.4 km), per USNO's rise/set definition.
    """
    return _engine(lat_deg, lon_deg, elevation_m, edges_ud, "moon", {"moon": None})
