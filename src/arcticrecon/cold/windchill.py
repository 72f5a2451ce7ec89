"""Wind chill index (2001 JAG/TI), frostbite-time bands and cold-injury risk classes.

The wind chill index is the equivalent temperature for exposed facial skin adopted in 2001
by the Joint Action Group for Temperature Indices (JAG/TI) and used by Environment and
Climate Change Canada (ECCC) and the US National Weather Service (NWS) [1]_ [2]_::

    WCI = 13.12 + 0.6215 T - 11.37 V**0.16 + 0.3965 T V**0.16

with ``T`` the air temperature [°C] and ``V`` the wind speed at 10 m [km/h].

Domain and its boundary
-----------------------
The index is defined for ``T <= 10 °C`` and ``V >= 4.8 km/h`` (DESIGN.md, ECCC). The NWS
states the lower wind limit as "above 3 mph" (4.83 km/h) and the public case AR-22 as
``V > 4.8 km/h``; the two readings differ only for ``4.8 <= V < 4.83`` km/h. arcticrecon
takes the closed bound ``V >= 4.8 km/h`` (the value ECCC and the project design print):
``V = 4.8`` is inside the domain, ``V = 4.79`` outside. Inside the closed domain the index
is provably below the air temperature (at the warmest corner, T = 10 °C, V = 4.8 km/h, it
is 9.82 °C), so the choice never yields a "feels like" warmer than the air.

Outside the domain the formula is not used: the air temperature is returned together with
an explicit ``applicable`` mask (never NaN, never a value warmer than the air — the raw
formula would give +6.9 °C at -10 °C in calm air, case AR-22).

References
----------
.. [1] R. Osczevski and M. Bluestein, "The new wind chill equivalent temperature chart,"
   Bull. Amer. Meteor. Soc., vol. 86, no. 10, pp. 1453-1458, 2005,
   doi:10.1175/BAMS-86-10-1453.
.. [2] Environment and Climate Change Canada, "Wind chill index" and the "Wind chill
   hazards and what to do" table (frostbite times: -28 to -39: 10-30 min; -40 to -47:
   5-10 min; -48 to -54: 2-5 min; -55 and colder: under 2 min).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticrecon.cold.scalar import (
    FROSTBITE_BANDS,
    MAX_AIR_TEMP_DEGC,
    MAX_WIND_KMH,
    MIN_AIR_TEMP_DEGC,
    RISK_CLASSES,
    WCI_MAX_AIR_TEMP_DEGC,
    WCI_MIN_WIND_KMH,
    FrostbiteBand,
    calm_error,
    high_wind_error,
    kelvin_error,
    nan_error,
    negative_wind_error,
    not_a_number_error,
    too_cold_error,
    warm_error,
)
from arcticrecon.errors import InputError
from arcticrecon.units import degc_to_degf, degf_to_degc, mph_to_kmh

__all__ = [
    "FROSTBITE_BANDS",
    "MAX_AIR_TEMP_DEGC",
    "MAX_WIND_KMH",
    "MIN_AIR_TEMP_DEGC",
    "RISK_CLASSES",
    "WCI_MAX_AIR_TEMP_DEGC",
    "WCI_MIN_WIND_KMH",
    "FrostbiteBand",
    "WindChill",
    "WindChillDegF",
    "check_air_temp_degC",
    "cold_injury_risk_class",
    "frostbite_band",
    "wind_chill",
    "wind_chill_degF",
    "wind_chill_index",
]


def _as_float_array(x: ArrayLike, name: str) -> NDArray[np.float64]:
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as err:
        raise not_a_number_error(name, x) from err
    if np.isnan(a).any():
        raise nan_error(name, int(np.isnan(a).sum()))
    return a


def check_air_temp_degC(
    air_temp_degC: ArrayLike, *, field: str = "air_temp_degC"
) -> NDArray[np.float64]:
    """Validate air temperatures in °C and return them as a float array.

    Parameters
    ----------
    air_temp_degC : float or ndarray, any shape
        Air temperature. [°C] Valid range: -90 to 60.
    field : str
        Name used in error messages.

    Returns
    -------
    ndarray
        The same values as ``float64``.

    Raises
    ------
    UnitError
        If any value is above 60 °C (a kelvin value such as 253 given as °C).
    OutOfDomainError
        If any value is below -90 °C (colder than any surface record).
    InputError
        On NaN or a non-number.
    """
    a = _as_float_array(air_temp_degC, field)
    hot = a > MAX_AIR_TEMP_DEGC
    if hot.any():
        raise kelvin_error(field, float(a[hot].flat[0]))
    cold = a < MIN_AIR_TEMP_DEGC
    if cold.any():
        raise too_cold_error(field, float(a[cold].flat[0]), cold)
    return a


def _check_wind_kmh(wind_speed_10m_kmh: ArrayLike) -> NDArray[np.float64]:
    v = _as_float_array(wind_speed_10m_kmh, "wind_speed_10m_kmh")
    neg = v < 0
    if neg.any():
        raise negative_wind_error(float(v[neg].flat[0]))
    high = v > MAX_WIND_KMH
    if high.any():
        raise high_wind_error(float(v[high].flat[0]))
    return v


def _formula(t: NDArray[np.float64], v: NDArray[np.float64]) -> NDArray[np.float64]:
    s = np.power(np.maximum(v, WCI_MIN_WIND_KMH), 0.16)
    return 13.12 + 0.6215 * t - 11.37 * s + 0.3965 * t * s


@dataclass(frozen=True)
class WindChill:
    """Result of :func:`wind_chill`: index, domain mask and frostbite band.

    Attributes
    ----------
    wind_chill_degC : ndarray
        Index inside the domain, air temperature outside. [°C] Never NaN.
    applicable : ndarray of bool
        ``True`` where the JAG/TI formula applies (T <= 10 °C and V >= 4.8 km/h).
    frostbite_band : ndarray of int
        Band code 0-4 (:data:`FROSTBITE_BANDS`).
    """

    wind_chill_degC: NDArray[np.float64]
    applicable: NDArray[np.bool_]
    frostbite_band: NDArray[np.int64]


@dataclass(frozen=True)
class WindChillDegF:
    """Result of :func:`wind_chill_degF`: :class:`WindChill` for °F users.

    Attributes
    ----------
    wind_chill_degF : ndarray
        Index inside the domain, air temperature outside. [°F] Never NaN.
    applicable : ndarray of bool
        ``True`` where the JAG/TI formula applies (T <= 50 °F and V >= 2.98 mph).
    frostbite_band : ndarray of int
        Band code 0-4 (:data:`FROSTBITE_BANDS`).
    """

    wind_chill_degF: NDArray[np.float64]
    applicable: NDArray[np.bool_]
    frostbite_band: NDArray[np.int64]


def wind_chill(air_temp_degC: ArrayLike, wind_speed_10m_kmh: ArrayLike) -> WindChill:
    """Wind chill with an explicit not-applicable mask (never NaN, never above the air).

    Parameters
    ----------
    air_temp_degC : float or ndarray, shape (n,) or broadcastable
        Air temperature. [°C] Valid range: -90 to 60 (the index domain is <= 10).
    wind_speed_10m_kmh : float or ndarray, broadcastable with ``air_temp_degC``
        Wind speed at 10 m. [km/h] Valid range: >= 0 (the index domain is >= 4.8).

    Returns
    -------
    WindChill
        Arrays of the broadcast shape: ``wind_chill_degC`` (the 2001 JAG/TI index where
        applicable, the air temperature elsewhere), ``applicable`` and
        ``frostbite_band``.

    Raises
    ------
    UnitError
        If a temperature looks like kelvin (> 60 °C).
    InputError
        On NaN, a negative wind or a non-number.

    Notes
    -----
    Equation of Osczevski and Bluestein (2005), adopted by ECCC and the NWS in 2001; the
    domain boundary ``V = 4.8 km/h`` is inside (module docstring). Case AR-22: -10 °C in
    calm air is -10 °C, not applicable.

    Examples
    --------
    >>> r = wind_chill([-10.0, -20.0], [3.0, 20.0])
    >>> r.wind_chill_degC.round(1).tolist(), r.applicable.tolist()
    ([-10.0, -30.5], [False, True])
    """
    t = check_air_temp_degC(air_temp_degC)
    v = _check_wind_kmh(wind_speed_10m_kmh)
    t, v = np.broadcast_arrays(t, v)
    ok = (t <= WCI_MAX_AIR_TEMP_DEGC) & (v >= WCI_MIN_WIND_KMH)
    wci = np.where(ok, np.minimum(_formula(t, v), t), t)
    return WindChill(
        wind_chill_degC=wci.astype(float),
        applicable=ok,
        frostbite_band=frostbite_band(wci),
    )


def wind_chill_index(air_temp_degC: ArrayLike, wind_speed_10m_kmh: ArrayLike) -> Any:
    """Wind chill index for exposed skin (strict: the whole input must be in the domain).

    Parameters
    ----------
    air_temp_degC : float or ndarray, shape (n,)
        Air temperature. [°C] Valid range: <= 10.
    wind_speed_10m_kmh : float or ndarray, shape (n,)
        Wind speed at 10 m. [km/h] Valid range: >= 4.8.

    Returns
    -------
    wci_degC : float or ndarray, shape (n,)
        Equivalent temperature. [°C]

    Raises
    ------
    OutOfDomainError
        If any input is outside its valid range; ``err.mask`` marks which. Use
        :func:`wind_chill` to get the air temperature with a not-applicable mask instead.
    UnitError
        If a temperature looks like kelvin (> 60 °C).

    Notes
    -----
    WCI = 13.12 + 0.6215 T - 11.37 V^0.16 + 0.3965 T V^0.16 (JAG/TI 2001), for a person
    walking at 4.8 km/h with the face exposed, wind measured at 10 m.

    References
    ----------
    .. [1] R. Osczevski and M. Bluestein, "The new wind chill equivalent
       temperature chart," Bull. Amer. Meteor. Soc., vol. 86, no. 10,
       pp. 1453-1458, 2005, doi:10.1175/BAMS-86-10-1453.

    Examples
    --------
    >>> round(float(wind_chill_index(-20.0, 30.0)), 1)
    -32.6
    """
    t = check_air_temp_degC(air_temp_degC)
    v = _check_wind_kmh(wind_speed_10m_kmh)
    tb, vb = np.broadcast_arrays(t, v)
    bad_t = tb > WCI_MAX_AIR_TEMP_DEGC
    bad_v = vb < WCI_MIN_WIND_KMH
    if bad_v.any():
        raise calm_error(float(vb[bad_v].flat[0]), bad_t | bad_v)
    if bad_t.any():
        raise warm_error(float(tb[bad_t].flat[0]), bad_t | bad_v)
    out = _formula(tb, vb)
    return float(out) if out.ndim == 0 else out


def wind_chill_degF(air_temp_degF: ArrayLike, wind_speed_10m_mph: ArrayLike) -> WindChillDegF:
    """Wind chill for °F / mph users (edge conversion around :func:`wind_chill`).

    Parameters
    ----------
    air_temp_degF : float or ndarray
        Air temperature. [°F] Index domain: <= 50 °F.
    wind_speed_10m_mph : float or ndarray
        Wind speed at 10 m. [mph] Index domain: >= 2.98 mph (4.8 km/h).

    Returns
    -------
    WindChillDegF
        ``wind_chill_degF`` in °F (converted back); ``applicable`` and ``frostbite_band``
        as in :func:`wind_chill`.

    Raises
    ------
    UnitError, InputError
        As :func:`wind_chill` after conversion.

    Notes
    -----
    Converting to SI, applying the metric equation and converting back equals the NWS
    imperial form 35.74 + 0.6215 T - 35.75 V^0.16 + 0.4275 T V^0.16 to within 0.11 °F
    (-60 to 50 °F, 3 to 60 mph; the NWS coefficients are rounded).

    Examples
    --------
    >>> round(float(wind_chill_degF(0.0, 15.0).wind_chill_degF), 0)
    -19.0
    """
    r = wind_chill(degf_to_degc(air_temp_degF), mph_to_kmh(wind_speed_10m_mph))
    return WindChillDegF(
        wind_chill_degF=np.asarray(degc_to_degf(r.wind_chill_degC), dtype=float),
        applicable=r.applicable,
        frostbite_band=r.frostbite_band,
    )


def frostbite_band(wind_chill_degC: ArrayLike) -> NDArray[np.int64]:
    """Environment Canada frostbite band code (0-4) of a wind chill value.

    Parameters
    ----------
    wind_chill_degC : float or ndarray, any shape
        Wind chill index (or air temperature where the index does not apply). [°C]

    Returns
    -------
    ndarray of int, same shape
        0: index above -28; 1: <= -28 (10-30 min); 2: <= -40 (5-10 min);
        3: <= -48 (2-5 min); 4: <= -55 (under 2 min). Labels in :data:`FROSTBITE_BANDS`.

    Notes
    -----
    ECCC publishes the index in whole degrees; the value is rounded to the nearest whole
    degree with halves toward the colder side (conservative: -27.5 counts as -28) before
    comparison.

    Examples
    --------
    >>> frostbite_band([-27.4, -27.5, -40.0, -54.6, -60.0]).tolist()
    [0, 1, 2, 4, 4]
    """
    w = np.ceil(np.asarray(wind_chill_degC, dtype=float) - 0.5)
    code = np.zeros(w.shape, dtype=np.int64)
    for band in FROSTBITE_BANDS[1:]:
        code = np.where(w <= band.wci_max_degC, band.code, code)
    return code


def cold_injury_risk_class(wind_chill_degC: ArrayLike, exposure_h: ArrayLike) -> NDArray[np.int64]:
    """Cold-injury risk class (0-4) for a wind chill and a daily exposure.

    Parameters
    ----------
    wind_chill_degC : float or ndarray
        Wind chill index (air temperature where not applicable). [°C]
    exposure_h : float or ndarray, broadcastable
        Time outdoors per day with skin potentially exposed. [h] Valid range: 0-24.

    Returns
    -------
    ndarray of int
        Index into :data:`RISK_CLASSES` ("low", "elevated", "high", "very high",
        "extreme").

    Raises
    ------
    InputError
        If an exposure is negative or above 24 h.

    Notes
    -----
    Rule (arcticrecon, built only on the ECCC table): the class starts at the frostbite
    band code; when the daily exposure is shorter than the shortest freezing time of that
    band (e.g. 5 min outdoors in the 10-30 min band) the class is lowered by one, because
    the exposure ends before skin is expected to freeze. No exposure means class 0.

    Examples
    --------
    >>> cold_injury_risk_class([-30.0, -30.0, -50.0], [4.0, 0.05, 1.0]).tolist()
    [1, 0, 3]
    """
    hours = _as_float_array(exposure_h, "exposure_h")
    if ((hours < 0) | (hours > 24)).any():
        raise InputError(
            "exposure_h must be between 0 and 24 hours per day; give the daily time outdoors",
            field="exposure_h",
            value=hours.tolist(),
            valid_range=(0.0, 24.0),
        )
    band = frostbite_band(wind_chill_degC)
    band, hours = np.broadcast_arrays(band, hours)
    min_minutes = np.array([b.min_minutes or 0.0 for b in FROSTBITE_BANDS])[band]
    shorter = (band > 0) & (hours * 60.0 < min_minutes)
    risk = np.where(shorter, band - 1, band)
    return np.where(hours <= 0, 0, risk).astype(np.int64)
