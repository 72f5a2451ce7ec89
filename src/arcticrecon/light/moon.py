"""Illuminated fraction of the Moon from the Sun-Moon-Earth phase angle."""

from __future__ import annotations

from typing import Any

import numpy as np

from arcticrecon.errors import InputError
from arcticrecon.light.ephemeris import get_ephemeris, ud_to_time

__all__ = ["illumination_from_phase_angle", "moon_illumination", "times_to_ud"]


def times_to_ud(times_utc: Any) -> np.ndarray:
    """UTC instants (datetime, ISO strings, datetime64) -> UTC days since 1970, float.

    Timezone-aware inputs are converted to UTC; naive ones are taken as UTC.

    Raises
    ------
    InputError
        If a value is not a time.
    """
    import pandas as pd

    try:
        idx = pd.DatetimeIndex(
            pd.to_datetime(np.atleast_1d(np.asarray(times_utc, dtype=object)), utc=True)
        )
    except (ValueError, TypeError) as err:
        raise InputError(
            f"times_utc {times_utc!r} are not times ({err}); give ISO 8601 UTC instants",
            field="times_utc",
            value=times_utc,
        ) from None
    if idx.hasnans:
        raise InputError(
            "times_utc contains a missing time (NaT); give only real instants",
            field="times_utc",
        )
    ns = idx.tz_convert(None).to_numpy().astype("datetime64[ns]").astype(np.int64)
    return np.asarray(ns, dtype=float) / 86_400e9


def illumination_from_phase_angle(phase_angle_rad: np.ndarray) -> np.ndarray:
    """Illuminated fraction k = (1 - cos i) / 2 of a sphere lit from phase angle ``i``.

    Parameters
    ----------
    phase_angle_rad : ndarray
        Angle Sun-Moon-Earth at the Moon: pi at new moon, 0 at full moon. [rad]

    Returns
    -------
    ndarray
        ``(1 + cos i) / 2``: 0 at new moon (i = pi), 1 at full moon (i = 0). [1]

    References
    ----------
    .. [1] J. Meeus, *Astronomical Algorithms*, 2nd ed., Willmann-Bell, 1998, eq. 48.1:
       k = (1 + cos i) / 2 with i the phase angle.
    """
    result: np.ndarray = (1.0 + np.cos(phase_angle_rad)) / 2.0
    return result


def moon_illumination(times_utc: Any) -> np.ndarray:
    """Illuminated fraction of the Moon's disk at UTC instants (geocentric).

    Computed from the phase angle (the Sun-Moon-Earth angle, DE421 apparent positions)
    as k = (1 + cos i) / 2 (Meeus eq. 48.1), the same as (1 - cos psi) / 2 with
    psi = pi - i (the angle counted from new moon). It is *not* the
    fraction of the lunation elapsed and not linear in the angle. Independent of the
    observer's location to < 0.001 for all practical purposes.

    Parameters
    ----------
    times_utc : datetime-like or array of them, shape (n,)
        Instants; naive values are UTC.

    Returns
    -------
    ndarray of float, shape (n,)
        Illuminated fraction, 0 (new) .. 1 (full). [1]

    Raises
    ------
    InputError
        If a value is not a time or lies outside 1900-2052 (DE421).

    References
    ----------
    .. [1] J. Meeus, *Astronomical Algorithms*, 2nd ed., 1998, ch. 48.

    Examples
    --------
    >>> round(float(moon_illumination("2025-01-13T22:27:00Z")[0]), 3)
    0.998
    """
    ud = times_to_ud(times_utc)
    return _illumination_ud(ud)


def _illumination_ud(ud: np.ndarray) -> np.ndarray:
    e = get_ephemeris()
    t = ud_to_time(ud)
    earth_at = e.earth.at(t)
    moon_app = earth_at.observe(e.moon).apparent()
    sun_app = earth_at.observe(e.sun).apparent()
    m = moon_app.position.au
    s = sun_app.position.au
    # vectors from the Moon to the Earth and from the Moon to the Sun
    to_earth = -m
    to_sun = s - m
    cos_i = np.sum(to_earth * to_sun, axis=0) / (
        np.linalg.norm(to_earth, axis=0) * np.linalg.norm(to_sun, axis=0)
    )
    return np.asarray(illumination_from_phase_angle(np.arccos(np.clip(cos_i, -1, 1))))
