"""Ice bearing capacity for ice strips and ice roads: Gold's formula ``P = A h^2``.

Gold (1971) [1]_ summarised field experience with vehicles on floating freshwater ice as::

    P = A * h**2

with ``P`` the allowable load [kg], ``h`` the effective ice thickness [cm] and ``A`` an
empirical constant [kg/cm^2] that carries the safety margin. Gold reported that good
quality freshwater covers carried loads up to ``P = 250 h^2`` (lb, inches; A = 17.6 kg/cm^2)
but that failures occurred for loads as low as ``P = 50 h^2`` (A = 3.5 kg/cm^2), with
speed, thermal stress after a temperature drop, fatigue and ice quality as causes [1]_.
Practice therefore uses ``A = 3.5`` (the lowest failure load of Gold's data) to ``7``
kg/cm^2, the range tabulated in the Alberta guidance [2]_. Presets
(:data:`A_PRESETS_KG_CM2`): 3.5, 4, 5, 6, 7; the choice of A is the user's and is echoed in
every result.

Effective thickness: good-quality clear (blue) ice counts fully; white (snow) ice counts
half — ``h_eff = h_clear + 0.5 h_white`` — the white-ice factor used with Gold's formula
in Canadian ice-cover guidance [2]_. Poor-quality layers (slush, wet cracks, poorly bonded
ice) must be left out of the measurement before calling this function.

Validity: moving or short-duration loads on floating ice only. Gold's formula is **not
valid for stationary (parked) loads** — ice creeps under a sustained load and capacity
drops with time — and does not cover cracks, open water nearby, pressure ridges or thaw.

References
----------
.. [1] L. W. Gold, "Use of ice covers for transportation," Can. Geotech. J., vol. 8, no. 2,
   pp. 170-181, 1971, doi:10.1139/t71-018.
.. [2] Government of Alberta, "Best Practice for Building and Working Safely on Ice
   Covers in Alberta," publication SH010, 2013 (Table 3: allowable loads for A-values and
   effective ice thickness; white ice counted at half the thickness of blue ice).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticrecon.errors import InputError, OutOfDomainError

__all__ = [
    "A_PRESETS_KG_CM2",
    "WHITE_ICE_FACTOR",
    "GoldLoad",
    "allowable_load_gold",
    "effective_thickness_cm",
    "required_thickness_gold_cm",
]

#: Preset values of Gold's A [kg/cm^2] (Gold 1971: failures from 50 lb/in^2 = 3.5 kg/cm^2;
#: Alberta 2013 guidance tabulates 3.5-7).
A_PRESETS_KG_CM2: tuple[float, ...] = (3.5, 4.0, 5.0, 6.0, 7.0)
#: Weight of white (snow) ice in the effective thickness [1] (Alberta 2013 guidance).
WHITE_ICE_FACTOR = 0.5
_A_RANGE = (3.5, 7.0)
_NOTE = (
    "Gold (1971) P = A h^2 for moving/short-duration loads on floating freshwater ice; "
    "not valid for stationary loads (creep), cracks, thaw or sea ice without site survey"
)


def effective_thickness_cm(
    clear_ice_cm: ArrayLike, white_ice_cm: ArrayLike = 0.0
) -> float | NDArray[np.float64]:
    """Effective ice thickness ``h_clear + 0.5 h_white``. [cm]

    Parameters
    ----------
    clear_ice_cm : float or ndarray
        Good-quality clear (blue) ice. [cm] >= 0.
    white_ice_cm : float or ndarray, broadcastable
        Well-bonded white (snow) ice. [cm] >= 0.

    Returns
    -------
    float or ndarray
        Effective thickness. [cm]

    Raises
    ------
    InputError
        On a negative or NaN thickness.

    Examples
    --------
    >>> effective_thickness_cm(60.0, 40.0)
    80.0
    """
    c = np.asarray(clear_ice_cm, dtype=float)
    w = np.asarray(white_ice_cm, dtype=float)
    for name, a in (("clear_ice_cm", c), ("white_ice_cm", w)):
        if np.isnan(a).any() or (a < 0).any():
            raise InputError(
                f"{name} must be a thickness >= 0 cm; got {a.tolist()}",
                field=name,
                value=a.tolist(),
                valid_range=(0, None),
            )
    h = c + WHITE_ICE_FACTOR * w
    return float(h) if h.ndim == 0 else h


def _check_a(a_kg_cm2: float) -> float:
    a = float(a_kg_cm2)
    if not (_A_RANGE[0] <= a <= _A_RANGE[1]):
        raise OutOfDomainError(
            f"Gold's A = {a:g} kg/cm^2 is outside the published range "
            f"{_A_RANGE[0]:g}-{_A_RANGE[1]:g}; use a preset ({', '.join(f'{x:g}' for x in A_PRESETS_KG_CM2)})",
            field="a_kg_cm2",
            value=a,
            valid_range=_A_RANGE,
        )
    return a


@dataclass(frozen=True)
class GoldLoad:
    """Result of :func:`allowable_load_gold`.

    Attributes
    ----------
    allowable_load_kg : float
        ``A h_eff^2``. [kg]
    effective_thickness_cm : float
        [cm]
    a_kg_cm2 : float
        [kg/cm^2]
    valid_for_stationary_loads : bool
        Always ``False``.
    note, source : str
    """

    allowable_load_kg: float
    effective_thickness_cm: float
    a_kg_cm2: float
    valid_for_stationary_loads: bool = False
    note: str = _NOTE
    source: str = (
        'L. W. Gold, "Use of ice covers for transportation", Can. Geotech. J. 8:170-181 (1971)'
    )

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return {
            "allowable_load_kg": self.allowable_load_kg,
            "allowable_load_t": self.allowable_load_kg / 1000.0,
            "effective_thickness_cm": self.effective_thickness_cm,
            "a_kg_cm2": self.a_kg_cm2,
            "valid_for_stationary_loads": self.valid_for_stationary_loads,
            "note": self.note,
            "source": self.source,
        }


#: Thickest ice accepted [cm]: a refusal of likely unit mistakes (mm given as cm), far above
#: the floating ice covers roads and strips are built on.
MAX_THICKNESS_CM = 500.0


def allowable_load_gold(
    thickness_cm: float, *, a_kg_cm2: float = 4.0, white_ice_cm: float = 0.0
) -> GoldLoad:
    """Allowable moving load on floating ice by Gold's formula ``P = A h_eff^2``.

    Parameters
    ----------
    thickness_cm : float
        Good-quality clear ice thickness. [cm] > 0.
    a_kg_cm2 : float
        Gold's A. [kg/cm^2] Valid range 3.5-7; default 4.
    white_ice_cm : float
        White (snow) ice on top, counted at half weight. [cm]

    Returns
    -------
    GoldLoad
        ``allowable_load_kg`` [kg] and the inputs; flagged not valid for stationary loads.

    Raises
    ------
    OutOfDomainError
        If ``A`` is outside 3.5-7 kg/cm^2.
    InputError
        On a negative/zero thickness.

    Examples
    --------
    >>> allowable_load_gold(80.0, a_kg_cm2=4.0).allowable_load_kg
    25600.0
    """
    a = _check_a(a_kg_cm2)
    h = float(effective_thickness_cm(thickness_cm, white_ice_cm))
    if h <= 0:
        raise InputError("ice thickness must be > 0 cm", field="thickness_cm", value=thickness_cm)
    if h > MAX_THICKNESS_CM:
        raise InputError(
            f"ice thickness {h:g} cm is above {MAX_THICKNESS_CM:g} cm: Gold's formula is for "
            "floating lake, river and sea ice covers; check the unit (cm, not mm)",
            field="thickness_cm",
            value=thickness_cm,
            valid_range=(0, MAX_THICKNESS_CM),
        )
    return GoldLoad(allowable_load_kg=a * h * h, effective_thickness_cm=h, a_kg_cm2=a)


def required_thickness_gold_cm(
    load_kg: ArrayLike, *, a_kg_cm2: float = 4.0
) -> float | NDArray[np.float64]:
    """Effective ice thickness Gold's formula requires for a load: ``sqrt(P / A)``. [cm]

    Parameters
    ----------
    load_kg : float or ndarray
        Gross moving load. [kg] >= 0.
    a_kg_cm2 : float
        Gold's A. [kg/cm^2] 3.5-7.

    Returns
    -------
    float or ndarray
        Required effective thickness. [cm]

    Raises
    ------
    OutOfDomainError
        If ``A`` is outside 3.5-7.
    InputError
        On a negative load.

    Examples
    --------
    >>> round(required_thickness_gold_cm(25600.0, a_kg_cm2=4.0), 1)
    80.0
    """
    a = _check_a(a_kg_cm2)
    p = np.asarray(load_kg, dtype=float)
    if np.isnan(p).any() or (p < 0).any():
        raise InputError("load_kg must be >= 0 kg", field="load_kg", value=p.tolist())
    h = np.sqrt(p / a)
    return float(h) if h.ndim == 0 else h
