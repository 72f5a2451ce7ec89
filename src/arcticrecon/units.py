"""Unit conversion constants and helpers — the one place conversions live.

Inside arcticrecon everything is SI (m, s, m/s, kg) with geographic angles in degrees and
temperatures in °C. Aviation and maritime units (ft, NM, kt) appear only at the edges.

Sources: the international foot and nautical mile are exact by definition (International
Yard and Pound Agreement 1959: 1 ft = 0.3048 m; International Hydrographic Conference 1929 /
BIPM SI Brochure table 8: 1 NM = 1852 m); 1 statute mile = 1609.344 m exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import ArrayLike, NDArray

__all__ = [
    "FT_TO_M",
    "KMH_TO_M_S",
    "KM_TO_M",
    "KT_TO_M_S",
    "MI_TO_M",
    "MPH_TO_KMH",
    "NM_TO_M",
    "degc_to_degf",
    "degf_to_degc",
    "ft_to_m",
    "km_to_nm",
    "kmh_to_mph",
    "kt_to_kmh",
    "kt_to_m_s",
    "m_s_to_kt",
    "m_to_ft",
    "m_to_nm",
    "mph_to_kmh",
    "nm_to_km",
    "nm_to_m",
]

FT_TO_M = 0.3048  # exact, international foot (1959)
NM_TO_M = 1852.0  # exact, international nautical mile (1929)
MI_TO_M = 1609.344  # exact, statute mile (1959)
KM_TO_M = 1000.0
KT_TO_M_S = NM_TO_M / 3600.0  # 1 kt = 1 NM/h
KMH_TO_M_S = KM_TO_M / 3600.0
MPH_TO_KMH = MI_TO_M / KM_TO_M


def _convert(x: ArrayLike, f: Callable[[Any], Any]) -> NDArray[np.float64] | float:
    """``f(x)`` as a float for a number, else as a float array of x's shape.

    The same IEEE double arithmetic either way; numpy is imported only for arrays, so that
    light command-line paths (which convert one number) start without it.
    """
    if isinstance(x, int | float) and not isinstance(x, bool):
        return float(f(float(x)))
    import numpy as np

    a = f(np.asarray(x, dtype=float))
    return float(a) if a.ndim == 0 else a


def ft_to_m(length_ft: ArrayLike) -> NDArray[np.float64] | float:
    """Feet to metres. [ft] -> [m]; scalar or array of any shape.

    >>> round(ft_to_m(9219), 2)
    2809.95
    """
    return _convert(length_ft, lambda v: v * FT_TO_M)


def m_to_ft(length_m: ArrayLike) -> NDArray[np.float64] | float:
    """Metres to feet. [m] -> [ft]."""
    return _convert(length_m, lambda v: v / FT_TO_M)


def nm_to_m(distance_nm: ArrayLike) -> NDArray[np.float64] | float:
    """Nautical miles to metres. [NM] -> [m]."""
    return _convert(distance_nm, lambda v: v * NM_TO_M)


def m_to_nm(distance_m: ArrayLike) -> NDArray[np.float64] | float:
    """Metres to nautical miles. [m] -> [NM]."""
    return _convert(distance_m, lambda v: v / NM_TO_M)


def km_to_nm(distance_km: ArrayLike) -> NDArray[np.float64] | float:
    """Kilometres to nautical miles. [km] -> [NM]."""
    return _convert(distance_km, lambda v: v * KM_TO_M / NM_TO_M)


def nm_to_km(distance_nm: ArrayLike) -> NDArray[np.float64] | float:
    """Nautical miles to kilometres. [NM] -> [km]."""
    return _convert(distance_nm, lambda v: v * NM_TO_M / KM_TO_M)


def kt_to_m_s(speed_kt: ArrayLike) -> NDArray[np.float64] | float:
    """Knots to metres per second. [kt] -> [m/s]."""
    return _convert(speed_kt, lambda v: v * KT_TO_M_S)


def m_s_to_kt(speed_m_s: ArrayLike) -> NDArray[np.float64] | float:
    """Metres per second to knots. [m/s] -> [kt]."""
    return _convert(speed_m_s, lambda v: v / KT_TO_M_S)


def kt_to_kmh(speed_kt: ArrayLike) -> NDArray[np.float64] | float:
    """Knots to kilometres per hour. [kt] -> [km/h]."""
    return _convert(speed_kt, lambda v: v * NM_TO_M / KM_TO_M)


def mph_to_kmh(speed_mph: ArrayLike) -> NDArray[np.float64] | float:
    """Statute miles per hour to km/h. [mph] -> [km/h]."""
    return _convert(speed_mph, lambda v: v * MPH_TO_KMH)


def kmh_to_mph(speed_kmh: ArrayLike) -> NDArray[np.float64] | float:
    """Km/h to statute miles per hour. [km/h] -> [mph]."""
    return _convert(speed_kmh, lambda v: v / MPH_TO_KMH)


def degf_to_degc(temp_degF: ArrayLike) -> NDArray[np.float64] | float:
    """Degrees Fahrenheit to Celsius. [°F] -> [°C]."""
    return _convert(temp_degF, lambda v: (v - 32.0) * 5.0 / 9.0)


def degc_to_degf(temp_degC: ArrayLike) -> NDArray[np.float64] | float:
    """Degrees Celsius to Fahrenheit. [°C] -> [°F]."""
    return _convert(temp_degC, lambda v: v * 9.0 / 5.0 + 32.0)
