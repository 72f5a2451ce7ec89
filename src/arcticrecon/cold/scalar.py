"""Wind chill of one reading in plain Python (no numpy), and the constants of the index.

The command line's ``arcticrecon cold --temp T --wind V`` computes one value; importing
numpy for it costs ~0.13 s of a ~0.3 s start-up budget (issue 12). This module holds
what that path needs — the domain limits, Environment Canada's frostbite bands, the
formula on Python floats (the ``math`` module) and the one-line error messages — and
:mod:`arcticrecon.cold.windchill` (the vectorised numpy engine) imports the constants and
the messages from here, so both paths refuse the same inputs with the same words.

The formula, domain and rounding are those of :mod:`arcticrecon.cold.windchill` (2001
JAG/TI index, Osczevski and Bluestein 2005, ECCC/NWS), evaluated with the same IEEE
double operations in the same order: ``tests/unit/cold/test_scalar.py`` checks that the
two paths agree over a grid including the domain edges to within 1e-12 degC, with the
same domain flags and frostbite bands (``V**0.16`` is the platform's ``pow`` here and
numpy's own, SIMD on AVX-512 CPUs, ``power`` there: bit for bit on some machines, a few
ulp apart on others).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from arcticrecon.errors import InputError, OutOfDomainError, UnitError

__all__ = [
    "FROSTBITE_BANDS",
    "MAX_AIR_TEMP_DEGC",
    "MAX_WIND_KMH",
    "MIN_AIR_TEMP_DEGC",
    "RISK_CLASSES",
    "WCI_MAX_AIR_TEMP_DEGC",
    "WCI_MIN_WIND_KMH",
    "FrostbiteBand",
    "WindChillReading",
    "frostbite_band_scalar",
    "wind_chill_index_scalar",
    "wind_chill_scalar",
]

#: Upper air-temperature limit of the index domain [°C] (JAG/TI 2001, ECCC, NWS: 50 °F).
WCI_MAX_AIR_TEMP_DEGC = 10.0
#: Lower wind-speed limit of the index domain, inclusive [km/h] (ECCC, DESIGN.md; see the
#: :mod:`arcticrecon.cold.windchill` notes for the NWS / AR-22 "above 4.8" reading).
WCI_MIN_WIND_KMH = 4.8
#: Plausibility limits of an air temperature in °C. The world records are -89.2 °C
#: (Vostok, 1983) and +56.7 °C (Death Valley, 1913, WMO archive); anything above
#: MAX_AIR_TEMP_DEGC is almost surely kelvin (253 K = -20 °C) and is refused.
MIN_AIR_TEMP_DEGC = -90.0
MAX_AIR_TEMP_DEGC = 60.0
#: Highest wind accepted [km/h]: well past the end of the published charts (ECCC 80 km/h,
#: NWS 60 mph); a larger value is almost surely a unit mistake and is refused.
MAX_WIND_KMH = 150.0


@dataclass(frozen=True)
class FrostbiteBand:
    """One row of Environment Canada's frostbite-time table.

    Attributes
    ----------
    code : int
        0 (no frostbite band) to 4 (under 2 min).
    wci_max_degC : float
        The band applies when the (rounded) index is <= this value. [°C]
    label : str
        Time for exposed skin to freeze, as ECCC prints it.
    min_minutes, max_minutes : float or None
        Bounds of the freezing time. [min] ``None`` where the table gives none.
    short : str
        Short label for tables (``"10-30 min"``).
    """

    code: int
    wci_max_degC: float
    label: str
    min_minutes: float | None
    max_minutes: float | None
    short: str = ""


#: Environment Canada frostbite bands ("Wind chill hazards and what to do": -28 to -39:
#: 10-30 min; -40 to -47: 5-10 min; -48 to -54: 2-5 min; -55 and colder: under 2 min).
FROSTBITE_BANDS: tuple[FrostbiteBand, ...] = (
    FrostbiteBand(0, math.inf, "no frostbite band (index above -28)", None, None, "none"),
    FrostbiteBand(1, -28.0, "exposed skin can freeze in 10-30 min", 10.0, 30.0, "10-30 min"),
    FrostbiteBand(2, -40.0, "exposed skin can freeze in 5-10 min", 5.0, 10.0, "5-10 min"),
    FrostbiteBand(3, -48.0, "exposed skin can freeze in 2-5 min", 2.0, 5.0, "2-5 min"),
    FrostbiteBand(4, -55.0, "exposed skin can freeze in under 2 min", 0.0, 2.0, "<2 min"),
)

#: arcticrecon's cold-injury risk classes (own naming, built on the ECCC bands; see
#: :func:`arcticrecon.cold.windchill.cold_injury_risk_class`).
RISK_CLASSES: tuple[str, ...] = ("low", "elevated", "high", "very high", "extreme")


# --- the one-line messages, shared with the numpy engine -------------------------------


def not_a_number_error(name: str, x: object) -> InputError:
    """The error for a value that is not a number."""
    return InputError(f"{name} {x!r} is not a number; give a number", field=name, value=x)


def nan_error(name: str, count: int) -> InputError:
    """The error for ``count`` NaN values in ``name``."""
    return InputError(
        f"{name} contains NaN at {count} position(s); "
        "give measured values or drop the missing ones",
        field=name,
        value="NaN",
        valid_range="finite numbers",
    )


def kelvin_error(field: str, v: float) -> UnitError:
    """The error for an air temperature above :data:`MAX_AIR_TEMP_DEGC` (kelvin given as °C)."""
    return UnitError(
        f"{field} {v:g} °C is above {MAX_AIR_TEMP_DEGC:g} °C and looks like kelvin "
        f"({v:g} K = {v - 273.15:.1f} °C); give the air temperature in °C "
        f"(valid range {MIN_AIR_TEMP_DEGC:g} to {MAX_AIR_TEMP_DEGC:g} °C)",
        field=field,
        value=v,
        valid_range=(MIN_AIR_TEMP_DEGC, MAX_AIR_TEMP_DEGC),
    )


def too_cold_error(field: str, v: float, mask: object) -> OutOfDomainError:
    """The error for an air temperature below :data:`MIN_AIR_TEMP_DEGC`."""
    return OutOfDomainError(
        f"{field} {v:g} °C is colder than any surface record; valid range "
        f"{MIN_AIR_TEMP_DEGC:g} to {MAX_AIR_TEMP_DEGC:g} °C",
        field=field,
        value=v,
        valid_range=(MIN_AIR_TEMP_DEGC, MAX_AIR_TEMP_DEGC),
        mask=mask,
    )


def negative_wind_error(v: float) -> InputError:
    """The error for a negative wind speed."""
    return InputError(
        f"wind_speed_10m_kmh {v:g} km/h is negative; "
        "give a wind speed (not a vector component) >= 0 km/h",
        field="wind_speed_10m_kmh",
        value=v,
        valid_range=(0.0, MAX_WIND_KMH),
    )


def high_wind_error(v: float) -> InputError:
    """The error for a wind speed above :data:`MAX_WIND_KMH`."""
    return InputError(
        f"wind_speed_10m_kmh {v:g} km/h is above {MAX_WIND_KMH:g} km/h; "
        "the published wind chill charts stop at 80 km/h (ECCC) / 60 mph (NWS): check "
        "the unit (km/h, not m/s x 10 or knots)",
        field="wind_speed_10m_kmh",
        value=v,
        valid_range=(0.0, MAX_WIND_KMH),
    )


def calm_error(v: float, mask: object) -> OutOfDomainError:
    """The strict index's error for a wind below :data:`WCI_MIN_WIND_KMH`."""
    return OutOfDomainError(
        f"wind {v:g} km/h is below the wind chill domain "
        f"(>= {WCI_MIN_WIND_KMH:g} km/h at 10 m); in calmer air the index is not "
        "defined — use the air temperature",
        field="wind_speed_10m_kmh",
        value=v,
        valid_range=(WCI_MIN_WIND_KMH, None),
        mask=mask,
    )


def warm_error(v: float, mask: object) -> OutOfDomainError:
    """The strict index's error for an air temperature above :data:`WCI_MAX_AIR_TEMP_DEGC`."""
    return OutOfDomainError(
        f"air temperature {v:g} °C is above the wind chill "
        f"domain (<= {WCI_MAX_AIR_TEMP_DEGC:g} °C); the index is not defined — use "
        "the air temperature",
        field="air_temp_degC",
        value=v,
        valid_range=(None, WCI_MAX_AIR_TEMP_DEGC),
        mask=mask,
    )


# --- one reading ------------------------------------------------------------------------


def _as_float(x: object, name: str) -> float:
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError) as err:
        raise not_a_number_error(name, x) from err
    if math.isnan(v):
        raise nan_error(name, 1)
    return v


def _check_air_temp(x: object) -> float:
    t = _as_float(x, "air_temp_degC")
    if t > MAX_AIR_TEMP_DEGC:
        raise kelvin_error("air_temp_degC", t)
    if t < MIN_AIR_TEMP_DEGC:
        raise too_cold_error("air_temp_degC", t, True)
    return t


def _check_wind(x: object) -> float:
    v = _as_float(x, "wind_speed_10m_kmh")
    if v < 0:
        raise negative_wind_error(v)
    if v > MAX_WIND_KMH:
        raise high_wind_error(v)
    return v


def _formula(t: float, v: float) -> float:
    # the operations of windchill._formula, in its order (bit-identical results)
    s: float = max(v, WCI_MIN_WIND_KMH) ** 0.16
    return 13.12 + 0.6215 * t - 11.37 * s + 0.3965 * t * s


@dataclass(frozen=True)
class WindChillReading:
    """Result of :func:`wind_chill_scalar`: one reading's index, domain flag and band.

    Attributes
    ----------
    wind_chill_degC : float
        Index inside the domain, air temperature outside. [°C] Never NaN.
    applicable : bool
        ``True`` where the JAG/TI formula applies (T <= 10 °C and V >= 4.8 km/h).
    frostbite_band : int
        Band code 0-4 (:data:`FROSTBITE_BANDS`).
    """

    wind_chill_degC: float
    applicable: bool
    frostbite_band: int


def frostbite_band_scalar(wind_chill_degC: float) -> int:
    """Environment Canada frostbite band code (0-4) of one wind chill value.

    Parameters
    ----------
    wind_chill_degC : float
        Wind chill index (or air temperature where the index does not apply). [°C]

    Returns
    -------
    int
        As :func:`arcticrecon.cold.windchill.frostbite_band`: the value is rounded to a
        whole degree, halves toward the colder side (-27.5 counts as -28), then compared
        with the band limits of :data:`FROSTBITE_BANDS`.

    Examples
    --------
    >>> [frostbite_band_scalar(x) for x in (-27.4, -27.5, -40.0, -54.6, -60.0)]
    [0, 1, 2, 4, 4]
    """
    w = math.ceil(float(wind_chill_degC) - 0.5)
    code = 0
    for band in FROSTBITE_BANDS[1:]:
        if w <= band.wci_max_degC:
            code = band.code
    return code


def wind_chill_scalar(air_temp_degC: float, wind_speed_10m_kmh: float) -> WindChillReading:
    """Wind chill of one reading with an explicit not-applicable flag (no numpy).

    Parameters
    ----------
    air_temp_degC : float
        Air temperature. [°C] Valid range: -90 to 60 (the index domain is <= 10).
    wind_speed_10m_kmh : float
        Wind speed at 10 m. [km/h] Valid range: 0 to 150 (the index domain is >= 4.8).

    Returns
    -------
    WindChillReading
        The 2001 JAG/TI index where applicable, else the air temperature; the flag and
        the frostbite band. Equal to :func:`arcticrecon.cold.windchill.wind_chill` of the
        same numbers.

    Raises
    ------
    UnitError
        If the temperature looks like kelvin (> 60 °C).
    OutOfDomainError
        If the temperature is below -90 °C (``mask`` is ``True``).
    InputError
        On NaN, a negative wind, a wind above 150 km/h or a non-number.

    Examples
    --------
    >>> r = wind_chill_scalar(-20.0, 20.0)
    >>> round(r.wind_chill_degC, 1), r.applicable, r.frostbite_band
    (-30.5, True, 1)
    """
    t = _check_air_temp(air_temp_degC)
    v = _check_wind(wind_speed_10m_kmh)
    ok = t <= WCI_MAX_AIR_TEMP_DEGC and v >= WCI_MIN_WIND_KMH
    wci = min(_formula(t, v), t) if ok else t
    return WindChillReading(wci, ok, frostbite_band_scalar(wci))


def wind_chill_index_scalar(air_temp_degC: float, wind_speed_10m_kmh: float) -> float:
    """Wind chill index of one reading, strict: outside the domain it raises (no numpy).

    Parameters
    ----------
    air_temp_degC : float
        Air temperature. [°C] Valid range: <= 10.
    wind_speed_10m_kmh : float
        Wind speed at 10 m. [km/h] Valid range: >= 4.8.

    Returns
    -------
    float
        Equivalent temperature [°C], equal to
        :func:`arcticrecon.cold.windchill.wind_chill_index` of the same numbers.

    Raises
    ------
    OutOfDomainError
        Wind below 4.8 km/h (checked first) or temperature above 10 °C, with the
        messages of :func:`~arcticrecon.cold.windchill.wind_chill_index`; ``mask`` is
        ``True``.
    UnitError, InputError
        As :func:`wind_chill_scalar`.

    Examples
    --------
    >>> round(wind_chill_index_scalar(-20.0, 30.0), 1)
    -32.6
    """
    t = _check_air_temp(air_temp_degC)
    v = _check_wind(wind_speed_10m_kmh)
    if v < WCI_MIN_WIND_KMH:
        raise calm_error(v, True)
    if t > WCI_MAX_AIR_TEMP_DEGC:
        raise warm_error(t, True)
    return _formula(t, v)
