"""Fast engine: vectorised NumPy sun and moon crossings for many locations at once.

Method (sun)
------------
1. The Sun's apparent geocentric declination and Greenwich hour angle (GHA = GAST - RA,
   true equator and equinox of date) are computed *once per time step* for all
   locations: hourly, with skyfield and DE421, over the date range plus a margin. They
   only depend on time.
2. For every location the upper transits T_k (GHA + lon = 0 mod 360°) are found by
   inverting the monotonic GHA(t) table; the declination at each transit follows by
   interpolation.
3. Each interval [T_k, T_k+1] is parametrised by u in [0, 1]: t = T_k + u P_k, hour
   angle H = 2 pi u, declination linear in u. The altitude is extreme at u = 0
   (transit, sin a = cos(phi - delta)) and u = 1/2 (lower transit, sin a =
   -cos(phi + delta)), so each half holds a crossing of a threshold exactly when the
   signs at its two ends differ: 0, 1 or 2 crossings per day fall out without any
   exception, and the crossing sequence alternates by construction.
4. Each crossing is solved by fixed-point iteration on the standard hour-angle formula
   cos H0 = (sin h0 - sin phi sin delta(u)) / (cos phi cos delta(u)) [1]_, which
   converges in 2-3 steps (contraction ~ 1e-3) except within a few hundredths of a degree
   of grazing; those few are solved by bisection on the same altitude function.

The altitude of the Sun is geocentric plus a constant horizontal parallax of 8.794"
(IAU 1976) subtracted, which matches skyfield's topocentric altitude to < 0.0002°.

Method (moon)
-------------
Hourly geocentric apparent right ascension, declination and distance from DE421; the
topocentric altitude is formed exactly from the observer's WGS 84 position vector; the
horizon is -34' refraction minus the Moon's topocentric angular radius (R = 1737.4 km),
as skyfield's ``find_risings`` uses. Brackets are geocentric upper and lower transits;
crossings are solved by a bracketed Illinois (modified regula falsi) iteration.

References
----------
.. [1] J. Meeus, *Astronomical Algorithms*, 2nd ed., Willmann-Bell, 1998, ch. 15
   (rising, transit and setting).
.. [2] U.S. Naval Observatory, "Rise, Set, and Twilight Definitions,"
   https://aa.usno.navy.mil/faq/RST_defs (-50' for the Sun, -34' refraction).
.. [3] IAU 1976 System of Astronomical Constants: solar parallax 8.794148".
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from arcticrecon.light._core import Crossings, EngineResult
from arcticrecon.light.ephemeris import get_ephemeris, ud_to_time

__all__ = ["moon_engine_fast", "prepare_tables", "sun_engine_fast"]

_STEP_D = 1.0 / 24.0  # ephemeris table step [d]
_PAD_D = 2.0  # table margin each side of the day grid [d]
_SUN_PARALLAX_DEG = 8.794148 / 3600.0  # IAU 1976 solar horizontal parallax [deg]
_TWO_PI = 2.0 * np.pi
_FP_ITER = 2  # Newton iterations (sun), all crossings
_FP_TOL = 3e-4  # largest 2nd Newton step accepted (quadratic convergence: error < 1e-7 d)
_FP_ITER_MORE = 4  # further Newton iterations for the few that have not converged
_FP_TOL_FINAL = 2e-6  # then required last step [fraction of a day], ~0.17 s
_BISECT_ITER = 26  # bisection iterations for grazing crossings (0.5 d / 2**26 ~ 0.6 ms)
# WGS 84 ellipsoid (NIMA TR8350.2)
_WGS84_A_M = 6378137.0
_WGS84_F = 1.0 / 298.257223563
_MOON_RADIUS_M = 1.7374e6  # as skyfield.almanac (IAU mean radius 1737.4 km)
_REFRACTION_RAD = np.radians(-34.0 / 60.0)  # USNO mean horizontal refraction
# mean rate of the Greenwich hour angle: 360 deg per mean solar day for the Sun;
# 360.98565 (sidereal) - 13.17640 (Moon's mean motion in RA) deg/d for the Moon
_MEAN_GHA_RATE_DEG_D = {"sun": 360.0, "moon": 360.98565 - 13.17640}


def _tabulate(
    body: str, t_lo: float, t_hi: float, coarse_step_d: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hourly (t_ud, GHA unwrapped [deg], declination [rad], distance [m]) of a body.

    Skyfield/DE421 apparent geocentric positions (true equator and equinox of date) are
    computed every ``coarse_step_d`` and refined to the hourly grid with a cubic spline:
    maximum deviation from direct hourly evaluation over 2026 is 2e-7 deg for the Sun
    (1-day step) and 5e-6 deg / 3 m for the Moon (6-h step).
    """
    from scipy.interpolate import CubicSpline

    e = get_ephemeris()
    target = e.sun if body == "sun" else e.moon
    n = int(np.ceil((t_hi - t_lo) / _STEP_D)) + 1
    tg = t_lo + np.arange(n) * _STEP_D
    nc = int(np.ceil((tg[-1] - t_lo) / coarse_step_d)) + 4
    tc = t_lo - coarse_step_d + np.arange(nc) * coarse_step_d
    t = ud_to_time(tc)
    ra, dec, dist = e.earth.at(t).observe(target).apparent().radec(epoch="date")
    # unwrap GHA against its mean rate (the samples are up to a day apart, i.e. about
    # one full turn): the true GHA departs from the mean-rate line by < 10 deg
    gha_mod = np.mod(t.gast * 15.0 - ra.hours * 15.0, 360.0)
    line = gha_mod[0] + _MEAN_GHA_RATE_DEG_D[body] * (tc - tc[0])
    gha = gha_mod + 360.0 * np.round((line - gha_mod) / 360.0)
    out = [CubicSpline(tc, y)(tg) for y in (gha, np.asarray(dec.radians), np.asarray(dist.m))]
    return tg, out[0], out[1], out[2]


@functools.lru_cache(maxsize=8)
def _sun_table(t_lo: float, t_hi: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hourly (t_ud, GHA unwrapped [deg], declination [rad]) of the apparent Sun."""
    tg, gha, dec, _ = _tabulate("sun", t_lo, t_hi, 1.0)
    return tg, gha, dec


@functools.lru_cache(maxsize=8)
def _moon_table(t_lo: float, t_hi: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hourly (t_ud, GHA unwrapped [deg], declination [rad], distance [m]) of the Moon."""
    return _tabulate("moon", t_lo, t_hi, 0.25)


def prepare_tables(edges_ud: np.ndarray, body: str) -> None:
    """Build (and cache) the ephemeris table for a day grid before worker threads start.

    The engines would build it on first use; doing it once in the calling thread keeps
    skyfield's lazily loaded ephemeris segments out of concurrent first access.
    """
    bounds = _grid_bounds(edges_ud)
    if body == "sun":
        _sun_table(*bounds)
    else:
        _moon_table(*bounds)


def _cos32(x: np.ndarray) -> np.ndarray:
    """cos(x) evaluated in float32 (|x| <= a few pi), returned as float64."""
    return np.cos(x.astype(np.float32)).astype(np.float64)


#: Half-width of the band round a threshold in which the single-precision transit
#: altitudes are re-evaluated in double precision (sin of altitude; the float32 error
#: is < 3e-7, see :func:`sun_engine_fast`).
_SIGN_TOL = 1e-6


def _above(s32: np.ndarray, sh: float, exact: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``s > sh`` for single-precision ``s``, decided in double precision near ``sh``.

    Without the re-evaluation a transit whose altitude is within ~2e-5 deg below the
    threshold could test as above it: the solver then returned a grazing "crossing" pair
    (up to a few minutes of light on a day whose highest altitude, ``max_alt_deg``, is
    below the threshold). ``exact(mask)`` returns the double-precision values at
    ``mask``.
    """
    above = s32 > sh
    near = np.abs(s32 - sh) < _SIGN_TOL
    if near.any():
        above[near] = exact(near) > sh
    return above


def _topocentric_deg(geocentric_deg: np.ndarray) -> np.ndarray:
    """Topocentric altitude of the Sun from its geocentric altitude: ``h - p cos h``. [deg]

    ``p`` the solar horizontal parallax (:data:`_SUN_PARALLAX_DEG`); the same relation
    the crossings' thresholds use (``h + p cos h``, inverted to first order in ``p``).
    """
    out: np.ndarray = geocentric_deg - _SUN_PARALLAX_DEG * np.cos(np.radians(geocentric_deg))
    return out


def _interp_uniform(t: np.ndarray, t0: float, y: np.ndarray) -> np.ndarray:
    """Linear interpolation of ``y`` tabulated every ``_STEP_D`` from ``t0``."""
    x = (t - t0) * (1.0 / _STEP_D)
    i = np.clip(x.astype(np.int64), 0, y.size - 2)
    f = x - i
    y0 = y[i]
    result: np.ndarray = y0 + f * (y[i + 1] - y0)
    return result


def _transits(
    lon_deg: np.ndarray, tg: np.ndarray, gha_deg: np.ndarray, offset_deg: float = 0.0
) -> np.ndarray:
    """Find the times (n_loc, K) at which GHA + lon = 360 m + offset, m = m0 .. m0 + K - 1.

    m0 is the first upper transit (offset 0) inside the table, so the offset-180 times
    are the lower transits that follow each upper transit.
    """
    m0 = np.ceil((gha_deg[0] + lon_deg) / 360.0)
    k_count = int(np.floor((gha_deg[-1] - gha_deg[0]) / 360.0)) - 1
    target = (m0[:, None] + np.arange(k_count)[None, :]) * 360.0 + (offset_deg - lon_deg)[:, None]
    # GHA is strictly increasing (~360 deg/d): invert by linear interpolation
    result: np.ndarray = np.interp(target.ravel(), gha_deg, tg).reshape(target.shape)
    return result


def _grid_bounds(edges_ud: np.ndarray) -> tuple[float, float]:
    lo = np.floor(edges_ud[0] - _PAD_D - 1.0)
    hi = np.ceil(edges_ud[-1] + _PAD_D + 1.0)
    return float(lo), float(hi)


def _flatten(
    t_first: np.ndarray, s_first: np.ndarray, t_second: np.ndarray, s_second: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Interleave per-interval first/second-half crossings into flat (loc, t, sigma)."""
    t = np.stack([t_first, t_second], axis=-1).reshape(t_first.shape[0], -1)
    s = np.stack([s_first, s_second], axis=-1).reshape(t_first.shape[0], -1)
    loc, j = np.nonzero(s)
    return loc.astype(np.int64), t[loc, j], s[loc, j].astype(np.int8)


def _solve_sun_half(
    sphi: np.ndarray,
    cphi: np.ndarray,
    sd0: np.ndarray,
    cd0: np.ndarray,
    dd: np.ndarray,
    d0: np.ndarray,
    sh: float,
    second: bool,
    rising: np.ndarray,
) -> np.ndarray:
    """Solve for u in (0, 1/2) (``second`` False) or (1/2, 1) where sin(alt) = ``sh``.

    All arrays are 1-D of the same length (the candidate crossings): sin/cos of latitude,
    sin/cos of the declination ``d0`` at u = 0, its change ``dd`` over the interval;
    ``rising`` says whether the altitude goes up through the threshold in this half.
    """
    lo_u, hi_u = (0.5, 1.0) if second else (0.0, 0.5)
    # Newton's method on u = F(u), F(u) = H0(delta(u)) / 2 pi (setting, first half) or
    # 1 - H0 / 2 pi (rising, second half); dH0/ddelta from cos H0 = c:
    # dc/ddelta = -tan(phi) + c tan(delta). Reversed crossings go to bisection.
    # sin/cos(delta0 + x) use sin/cos(delta0) and a Taylor series in x = u dd
    # (|x| < 0.008 rad, error < 2e-11), avoiding slow float64 sin/cos in the loop.
    u0 = np.full(sphi.shape, 0.75 if second else 0.25)
    u, step, c = _newton(u0, sphi, cphi, sd0, cd0, dd, sh, second, _FP_ITER)

    def bad(u: np.ndarray, step: np.ndarray, c: np.ndarray, tol: float) -> np.ndarray:
        result: np.ndarray = ~(np.abs(step) <= tol) | (np.abs(c) > 1.0) | (u < lo_u) | (u > hi_u)
        return result

    wrong_way = rising != second  # reversed crossings (near the poles): bisection
    retry = np.flatnonzero(bad(u, step, c, _FP_TOL) & ~wrong_way)
    if retry.size:  # slow convergence near grazing: more Newton steps on the few
        r = retry
        u_r, step_r, c_r = _newton(
            u[r], sphi[r], cphi[r], sd0[r], cd0[r], dd[r], sh, second, _FP_ITER_MORE
        )
        u[r] = u_r
        still = bad(u_r, step_r, c_r, _FP_TOL_FINAL)
        wrong_way[r[still]] = True
    if wrong_way.any():
        i = np.flatnonzero(wrong_way)
        u[i] = _bisect(sphi[i], cphi[i], d0[i], dd[i], sh, lo_u, hi_u, rising[i])
    return u


def _newton(
    u: np.ndarray,
    sphi: np.ndarray,
    cphi: np.ndarray,
    sd0: np.ndarray,
    cd0: np.ndarray,
    dd: np.ndarray,
    sh: float,
    second: bool,
    n_iter: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run ``n_iter`` Newton steps on u = F(u); return u, the last step and cos H0."""
    sign = -1.0 if second else 1.0
    tan_phi = sphi / cphi
    k = -1.0 / _TWO_PI
    step = np.full(u.shape, np.inf)
    c = np.zeros(u.shape)
    for _ in range(n_iter):
        x = u * dd
        x2 = x * x
        cx = 1.0 - 0.5 * x2
        sx = x * (1.0 - x2 * (1.0 / 6.0))
        sd = sd0 * cx + cd0 * sx
        cd = cd0 * cx - sd0 * sx
        c = (sh - sphi * sd) / (cphi * cd)
        cc = np.clip(c, -1.0 + 1e-12, 1.0 - 1e-12)
        f = np.arccos(cc) * (1.0 / _TWO_PI)
        if second:
            f = 1.0 - f
        d_f = (sign * k) * (c * sd / cd - tan_phi) * dd / np.sqrt(1.0 - cc * cc)
        step = (u - f) / (1.0 - d_f)
        u = u - step
    return u, step, c


def _bisect(
    sphi: np.ndarray,
    cphi: np.ndarray,
    d0: np.ndarray,
    dd: np.ndarray,
    sh: float,
    lo_u: float,
    hi_u: float,
    rising: np.ndarray,
) -> np.ndarray:
    """Bisection on f(u) = sin(alt(u)) - sh over [lo_u, hi_u] (sign change guaranteed)."""
    a = np.full(sphi.shape, lo_u)
    b = np.full(sphi.shape, hi_u)
    for _ in range(_BISECT_ITER):
        m = 0.5 * (a + b)
        dec = d0 + m * dd
        f = sphi * np.sin(dec) + cphi * np.cos(dec) * np.cos(_TWO_PI * m) - sh
        # rising: f < 0 before the crossing; setting: f > 0 before it
        before = (f < 0.0) == rising
        a = np.where(before, m, a)
        b = np.where(before, b, m)
    result: np.ndarray = 0.5 * (a + b)
    return result


def sun_engine_fast(
    lat_deg: np.ndarray,
    lon_deg: np.ndarray,
    elevation_m: np.ndarray,
    edges_ud: np.ndarray,
    thresholds_deg: dict[str, float],
) -> EngineResult:
    """Sun crossings, transits and day-edge altitudes, vectorised over locations.

    Parameters
    ----------
    lat_deg, lon_deg : ndarray, shape (n,)
        WGS 84 positions. [deg]
    elevation_m : ndarray, shape (n,)
        Heights (no effect on the Sun beyond 0.01 s; accepted for a common interface). [m]
    edges_ud : ndarray, shape (n_day + 1,)
        UTC day edges. [d since 1970-01-01]
    thresholds_deg : dict of str to float
        Threshold key -> geometric (topocentric) altitude of the Sun's centre. [deg]

    Returns
    -------
    EngineResult
        See :class:`arcticrecon.light._core.EngineResult`.

    Notes
    -----
    Memory is about 60 x n x n_day x 8 bytes; callers chunk locations (the public API
    uses chunks of 2048).
    """
    n = lat_deg.size
    tg, gha, dec_tab = _sun_table(*_grid_bounds(edges_ud))
    phi = np.radians(lat_deg)[:, None]
    # keep cos(phi) > 0 at the poles (the hour angle is undefined there)
    sphi, cphi = np.sin(phi), np.maximum(np.cos(phi), 1e-12)
    tr = _transits(lon_deg, tg, gha)  # (n, K)
    dec = _interp_uniform(tr, tg[0], dec_tab)  # (n, K)
    t0, p = tr[:, :-1], np.diff(tr, axis=1)
    d0, dd = dec[:, :-1], np.diff(dec, axis=1)
    d_low = d0 + 0.5 * dd
    sd0, cd0 = np.sin(d0), np.cos(d0)
    # sin(altitude) at transit, lower transit, next transit (geocentric)
    # single precision is ample for these sign tests and extreme altitudes (|error| in
    # sin(alt) < 3e-7, i.e. < 2e-5 deg) and ~20x faster than float64 cos in NumPy
    s_up = _cos32(phi - dec)
    s_low = -_cos32(phi + d_low)
    par = np.radians(_SUN_PARALLAX_DEG)

    crossings = {}
    for key, h_deg in thresholds_deg.items():
        # topocentric altitude h  <=>  geocentric altitude h + parallax cos h
        sh = float(np.sin(np.radians(h_deg) + par * np.cos(np.radians(h_deg))))
        a_up = _above(s_up, sh, lambda m: np.cos(np.broadcast_to(phi, dec.shape)[m] - dec[m]))
        a_low = _above(
            s_low, sh, lambda m: -np.cos(np.broadcast_to(phi, d_low.shape)[m] + d_low[m])
        )
        halves = []
        for second in (False, True):
            a_start = a_low if second else a_up[:, :-1]
            a_end = a_up[:, 1:] if second else a_low
            m = a_start != a_end
            idx = np.flatnonzero(m)
            rows = idx // m.shape[1]
            rising = a_end.ravel()[idx]
            u = _solve_sun_half(
                sphi[rows, 0],
                cphi[rows, 0],
                sd0.ravel()[idx],
                cd0.ravel()[idx],
                dd.ravel()[idx],
                d0.ravel()[idx],
                sh,
                second,
                rising,
            )
            t_half = np.full(m.shape, np.nan)
            t_half.ravel()[idx] = t0.ravel()[idx] + u * p.ravel()[idx]
            s_half = np.zeros(m.shape, dtype=np.int8)
            s_half.ravel()[idx] = np.where(rising, 1, -1)
            halves.append((t_half, s_half))
        loc, t, s = _flatten(halves[0][0], halves[0][1], halves[1][0], halves[1][1])
        crossings[key] = Crossings(loc=loc, t_ud=t, sigma=s, above_at_start=a_up[:, 0].copy())

    # topocentric = geocentric altitude - parallax x cos(altitude), as the crossings'
    # threshold above (a plain "- parallax" put a transit up to 5e-5 deg low at -12 deg:
    # days with light reported a highest altitude below the threshold)
    alt_up = _topocentric_deg(90.0 - np.degrees(np.abs(phi - dec)))
    alt_low = _topocentric_deg(np.degrees(np.arcsin(np.clip(s_low, -1.0, 1.0))))
    t_low = t0 + 0.5 * p
    rows_k = np.broadcast_to(np.arange(n)[:, None], tr.shape)
    rows_l = np.broadcast_to(np.arange(n)[:, None], t_low.shape)
    # altitude at the day edges
    g_e = np.radians(_interp_uniform(edges_ud, tg[0], gha))
    d_e = _interp_uniform(edges_ud, tg[0], dec_tab)
    h_e = np.mod(g_e[None, :] + np.radians(lon_deg)[:, None], _TWO_PI)
    s_e = sphi * np.sin(d_e)[None, :] + cphi * np.cos(d_e)[None, :] * _cos32(h_e)
    edge_alt = _topocentric_deg(np.degrees(np.arcsin(np.clip(s_e, -1.0, 1.0))))
    return EngineResult(
        crossings=crossings,
        upper=(rows_k.ravel().astype(np.int64), tr.ravel(), alt_up.ravel()),
        lower=(rows_l.ravel().astype(np.int64), t_low.ravel(), alt_low.ravel()),
        edge_alt_deg=edge_alt,
    )


def _observer_terms(
    lat_deg: np.ndarray, elevation_m: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """WGS 84 geocentric position terms of observers.

    Returns sin phi, cos phi, A = (N + h) cos phi, B = (N (1 - e^2) + h) sin phi [m] and
    |r|^2 [m^2], phi geodetic.
    """
    phi = np.radians(lat_deg)
    sphi, cphi = np.sin(phi), np.cos(phi)
    e2 = _WGS84_F * (2.0 - _WGS84_F)
    nn = _WGS84_A_M / np.sqrt(1.0 - e2 * sphi**2)
    a = (nn + elevation_m) * cphi
    b = (nn * (1.0 - e2) + elevation_m) * sphi
    return sphi, np.maximum(cphi, 1e-12), a, b, a * a + b * b


def _moon_f(
    t: np.ndarray,
    lon_rad: np.ndarray,
    sphi: np.ndarray,
    cphi: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    r2: np.ndarray,
    tab: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """sin(topocentric altitude) - sin(horizon) of the Moon, and sin(altitude)."""
    tg, gha, dec_tab, dist_tab = tab
    h = np.radians(_interp_uniform(t, tg[0], gha)) + lon_rad
    dec = _interp_uniform(t, tg[0], dec_tab)
    d = _interp_uniform(t, tg[0], dist_tab)
    sd, cd = np.sin(dec), np.cos(dec)
    ch = np.cos(h)
    m_up = d * (cphi * cd * ch + sphi * sd)  # moon . up
    o_up = a * cphi + b * sphi  # observer . up
    m_o = d * (a * cd * ch + b * sd)  # moon . observer
    v = np.sqrt(d * d - 2.0 * m_o + r2)  # topocentric distance
    s_alt = (m_up - o_up) / v
    horizon = _REFRACTION_RAD - _MOON_RADIUS_M / v
    return s_alt - np.sin(horizon), s_alt


def moon_engine_fast(
    lat_deg: np.ndarray,
    lon_deg: np.ndarray,
    elevation_m: np.ndarray,
    edges_ud: np.ndarray,
) -> EngineResult:
    """Moonrise/moonset (upper limb, refraction, topocentric), vectorised over locations.

    Parameters
    ----------
    lat_deg, lon_deg : ndarray, shape (n,)
        WGS 84 positions. [deg]
    elevation_m : ndarray, shape (n,)
        Heights above the ellipsoid (observer position; no horizon dip). [m]
    edges_ud : ndarray, shape (n_day + 1,)
        UTC day edges. [d since 1970-01-01]

    Returns
    -------
    EngineResult
        Threshold key ``"moon"``; upper/lower transits are geocentric-hour-angle transits
        with topocentric altitudes.
    """
    n = lat_deg.size
    tab = _moon_table(*_grid_bounds(edges_ud))
    tg, gha = tab[0], tab[1]
    sphi, cphi, a, b, r2 = (x[:, None] for x in _observer_terms(lat_deg, elevation_m))
    lon_rad = np.radians(lon_deg)[:, None]
    tu = _transits(lon_deg, tg, gha)
    tl = _transits(lon_deg, tg, gha, offset_deg=180.0)[:, :-1]
    f_up, s_up = _moon_f(tu, lon_rad, sphi, cphi, a, b, r2, tab)
    f_low, s_low = _moon_f(tl, lon_rad, sphi, cphi, a, b, r2, tab)
    a_up = f_up > 0.0
    a_low = f_low > 0.0
    halves = []
    for second in (False, True):
        ta = tl if second else tu[:, :-1]
        tb = tu[:, 1:] if second else tl
        fa = f_low if second else f_up[:, :-1]
        fb = f_up[:, 1:] if second else f_low
        aa = a_low if second else a_up[:, :-1]
        ab = a_up[:, 1:] if second else a_low
        m = aa != ab
        idx = np.flatnonzero(m)
        rows = idx // m.shape[1]
        t = _illinois_moon(
            ta.ravel()[idx],
            tb.ravel()[idx],
            fa.ravel()[idx],
            fb.ravel()[idx],
            lon_rad[rows, 0],
            sphi[rows, 0],
            cphi[rows, 0],
            a[rows, 0],
            b[rows, 0],
            r2[rows, 0],
            tab,
        )
        t_half = np.full(m.shape, np.nan)
        t_half.ravel()[idx] = t
        s_half = np.zeros(m.shape, dtype=np.int8)
        s_half.ravel()[idx] = np.where(ab.ravel()[idx], 1, -1)
        halves.append((t_half, s_half))
    loc, t, s = _flatten(halves[0][0], halves[0][1], halves[1][0], halves[1][1])
    crossings = {"moon": Crossings(loc=loc, t_ud=t, sigma=s, above_at_start=a_up[:, 0].copy())}
    _, s_e = _moon_f(edges_ud[None, :], lon_rad, sphi, cphi, a, b, r2, tab)
    rows_u = np.broadcast_to(np.arange(n)[:, None], tu.shape).ravel().astype(np.int64)
    rows_l = np.broadcast_to(np.arange(n)[:, None], tl.shape).ravel().astype(np.int64)

    def deg(s: np.ndarray) -> np.ndarray:
        result: np.ndarray = np.degrees(np.arcsin(np.clip(s, -1.0, 1.0)))
        return result

    return EngineResult(
        crossings=crossings,
        upper=(rows_u, tu.ravel(), deg(s_up).ravel()),
        lower=(rows_l, tl.ravel(), deg(s_low).ravel()),
        edge_alt_deg=deg(s_e),
    )


def _illinois_moon(
    ta: np.ndarray,
    tb: np.ndarray,
    fa: np.ndarray,
    fb: np.ndarray,
    lon_rad: np.ndarray,
    sphi: np.ndarray,
    cphi: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    r2: np.ndarray,
    tab: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    n_iter: int = 12,
) -> np.ndarray:
    """Root of the Moon altitude function in [ta, tb] (f(ta), f(tb) of opposite sign).

    Illinois variant of regula falsi (Dowell & Jarratt 1971, BIT 11, 168-174), vectorised,
    with a fixed iteration count.
    """
    for _ in range(n_iter):
        denom = fb - fa
        ok = denom != 0.0
        tc = np.where(ok, (ta * fb - tb * fa) / np.where(ok, denom, 1.0), tb)
        tc = np.clip(tc, np.minimum(ta, tb), np.maximum(ta, tb))
        fc, _ = _moon_f(tc, lon_rad, sphi, cphi, a, b, r2, tab)
        # root between b and c: a <- b; otherwise keep a and halve f(a) (Illinois)
        swap = (fc > 0.0) != (fb > 0.0)
        ta = np.where(swap, tb, ta)
        fa = np.where(swap, fb, 0.5 * fa)
        tb, fb = tc, fc
    return tb
