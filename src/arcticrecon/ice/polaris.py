"""IMO POLARIS: Risk Index Outcome, operational criteria and speed limits in ice.

POLARIS (Polar Operational Limit Assessment Risk Indexing System) is the methodology of
IMO MSC.1/Circ.1519 (6 June 2016) referenced by the Polar Code [1]_::

    RIO = sum_i C_i * RIV_i

with ``C_i`` the concentration of ice type ``i`` in tenths (the ice-free remainder counts
as "ice free") and ``RIV_i`` the Risk Index Value of that ice type for the ship's ice class.

The RIV table is the versioned data file ``arcticrecon/data/polaris_riv_msc1_circ1519.csv``
(standard, not decayed, ice). Its 144 values were checked against three independent public
transcriptions (the file header names them): two carry all 144 values, one 120 of them, and
all agree wherever they overlap. An older 2016 script differing in a few cells was not
followed. The Circular's
decayed-ice table is **not** shipped: the public copies found disagreed, so it is unknown
here; asking for it raises :class:`~arcticrecon.errors.NotFoundError`.

Operational criteria (Circular Table 1.1):

==============  ========================  ===============================
RIO             PC1-PC7                   ice classes below PC7 and
                                          not ice strengthened
==============  ========================  ===============================
RIO >= 0        normal operation          normal operation
-10 <= RIO < 0  elevated operational risk operation subject to special
                                          consideration
RIO < -10       operation subject to      operation subject to special
                special consideration     consideration
==============  ========================  ===============================

Recommended speed limits for elevated-risk operation (Circular Table 1.2): PC1 11 kn,
PC2 8 kn, PC3-PC5 5 kn, below PC5 3 kn.

Egg-code concentrations
-----------------------
Ice charts give partial concentrations as tenths, ranges ("7-8"), "9+" (more than 9/10,
less than 10/10) or "<1". arcticrecon resolves a range to its **upper** bound by default
(``"9+"`` -> 10, ``"<1"`` -> 1, ``"7-8"`` -> 8). This is conservative: in every row of the
table the ice-free value (3) is the largest, so counting more ice never raises the RIO.
``range_rule="mid"`` (midpoint, as some operational codes do) and ``"lower"`` are offered.
The ice-free share is then ``10 - sum(ice)``; an ice total above 10 is refused.

References
----------
.. [1] IMO, MSC.1/Circ.1519, "Guidance on methodologies for assessing operational
   capabilities and limitations in ice", 6 June 2016, Appendix (POLARIS), Tables 1.1-1.3.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import xarray as xr
from numpy.typing import ArrayLike, NDArray

import arcticrecon.catalog  # noqa: F401  (import first: sources <-> catalog import cycle)
from arcticrecon.errors import DataSourceError, InputError, NotFoundError
from arcticrecon.sources.embedded import data_path

__all__ = [
    "ICE_CLASSES",
    "ICE_TYPES",
    "ICE_TYPE_ALIASES",
    "POLARIS_SOURCE",
    "RIV_FILE",
    "PolarisResult",
    "operation_level",
    "parse_concentration_tenths",
    "polaris",
    "recommended_speed_limit_kt",
    "rio",
    "riv_table",
]

RIV_FILE = "polaris_riv_msc1_circ1519.csv"
POLARIS_SOURCE = (
    "IMO MSC.1/Circ.1519 (2016), POLARIS: RIV table 1.3 (standard ice), "
    "criteria table 1.1, speed limits table 1.2"
)

#: Ice types (table columns), in the Circular's order.
ICE_TYPES: tuple[str, ...] = (
    "ice_free",
    "new_ice",
    "grey_ice",
    "grey_white_ice",
    "thin_fy_1st",
    "thin_fy_2nd",
    "medium_fy_lt1m",
    "medium_fy",
    "thick_fy",
    "second_year",
    "light_my",
    "heavy_my",
)
#: Ice classes (table rows).
ICE_CLASSES: tuple[str, ...] = (
    "PC1",
    "PC2",
    "PC3",
    "PC4",
    "PC5",
    "PC6",
    "PC7",
    "IA Super",
    "IA",
    "IB",
    "IC",
    "Not ice strengthened",
)
_PC = frozenset(ICE_CLASSES[:7])

#: Other spellings accepted for ice types (WMO names, short forms).
ICE_TYPE_ALIASES: dict[str, str] = {
    "open_water": "ice_free",
    "ow": "ice_free",
    "free": "ice_free",
    "bergy_water": "ice_free",
    "new": "new_ice",
    "nilas": "new_ice",
    "grey": "grey_ice",
    "grey_white": "grey_white_ice",
    "greywhite": "grey_white_ice",
    "thin_fy_1": "thin_fy_1st",
    "thin_fy_2": "thin_fy_2nd",
    "medium_fy_less_than_1m": "medium_fy_lt1m",
    "thick_fy_ice": "thick_fy",
    "thick_first_year": "thick_fy",
    "second_year_ice": "second_year",
    "sy": "second_year",
    "light_multi_year": "light_my",
    "heavy_multi_year": "heavy_my",
    "multi_year": "heavy_my",
    "my": "heavy_my",
}

_CLASS_ALIASES = {
    "IAS": "IA Super",
    "IA SUPER": "IA Super",
    "1AS": "IA Super",
    "1A SUPER": "IA Super",
    "1A": "IA",
    "1B": "IB",
    "1C": "IC",
    "NIS": "Not ice strengthened",
    "NONE": "Not ice strengthened",
    "NOT ICE STRENGTHENED": "Not ice strengthened",
}

# Circular Table 1.2: recommended speed limits for elevated risk operation [kn].
_SPEED_LIMIT_KT = {"PC1": 11.0, "PC2": 8.0, "PC3": 5.0, "PC4": 5.0, "PC5": 5.0}
_SPEED_LIMIT_BELOW_PC5_KT = 3.0


@functools.lru_cache(maxsize=1)
def _read_table() -> tuple[str, NDArray[np.int64]]:
    path = data_path(RIV_FILE)
    version = "unknown"
    rows: list[list[str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                m = re.match(r"#\s*version:\s*(\S+)", line)
                if m:
                    version = m.group(1)
                continue
            rows.append(next(csv.reader([line])))
    header, body = rows[0], rows[1:]
    if tuple(header[1:]) != ICE_TYPES or tuple(r[0] for r in body) != ICE_CLASSES:
        raise DataSourceError(f"{RIV_FILE} does not have the POLARIS rows/columns; reinstall")
    return version, np.array([[int(x) for x in r[1:]] for r in body], dtype=np.int64)


def riv_table() -> xr.DataArray:
    """The POLARIS Risk Index Values as a DataArray.

    Returns
    -------
    xarray.DataArray, shape (12, 12), dims (ice_class, ice_type)
        Integer RIVs; ``attrs["version"]`` and ``attrs["source"]`` name the table.

    Examples
    --------
    >>> int(riv_table().sel(ice_class="PC5", ice_type="thick_fy"))
    0
    """
    version, values = _read_table()
    return xr.DataArray(
        values,
        dims=("ice_class", "ice_type"),
        coords={"ice_class": list(ICE_CLASSES), "ice_type": list(ICE_TYPES)},
        attrs={"version": version, "source": POLARIS_SOURCE, "units": "1"},
        name="riv",
    )


def _ice_class(name: str) -> str:
    key = " ".join(str(name).strip().split())
    if key in ICE_CLASSES:
        return key
    up = key.upper()
    if up in _CLASS_ALIASES:
        return _CLASS_ALIASES[up]
    for c in ICE_CLASSES:
        if c.upper() == up:
            return c
    raise InputError(
        f"ice class {name!r} is not a POLARIS ice class; choose one of {', '.join(ICE_CLASSES)}",
        field="ice_class",
        value=name,
        valid_range=list(ICE_CLASSES),
    )


def _ice_type(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", str(name).strip().lower())
    key = ICE_TYPE_ALIASES.get(key, key)
    if key not in ICE_TYPES:
        raise InputError(
            f"ice type {name!r} is not a POLARIS ice type; choose one of "
            f"{', '.join(ICE_TYPES)} (or open_water)",
            field="ice_type",
            value=name,
            valid_range=list(ICE_TYPES),
        )
    return key


def parse_concentration_tenths(value: float | str, *, range_rule: str = "upper") -> float:
    """Resolve an egg-code concentration (tenths, range, ``9+``, ``<1``) to tenths.

    Parameters
    ----------
    value : float or str
        ``7``, ``"7-8"``, ``"9+"``, ``"<1"`` or ``"10"``. [tenths]
    range_rule : {"upper", "mid", "lower"}
        How to resolve a range (module docstring); default the conservative upper bound.

    Returns
    -------
    float
        Concentration in tenths, 0-10.

    Raises
    ------
    InputError
        If the text is not a concentration or lies outside 0-10 tenths.

    Examples
    --------
    >>> [parse_concentration_tenths(v) for v in ("7-8", "9+", "<1", 3)]
    [8.0, 10.0, 1.0, 3.0]
    >>> parse_concentration_tenths("7-8", range_rule="mid")
    7.5
    """
    if range_rule not in ("upper", "mid", "lower"):
        raise InputError(
            f"range_rule {range_rule!r} is not one of upper, mid, lower",
            field="range_rule",
            value=range_rule,
        )
    s = str(value).strip().replace("/10", "")
    lo: float
    hi: float
    try:
        if s.endswith("+"):
            lo, hi = float(s[:-1]), min(float(s[:-1]) + 1.0, 10.0)
        elif s.startswith("<"):
            lo, hi = 0.0, float(s[1:])
        elif re.fullmatch(r"\d+(\.\d+)?\s*-\s*\d+(\.\d+)?", s):
            a, b = (float(x) for x in s.split("-"))
            lo, hi = min(a, b), max(a, b)
        else:
            lo = hi = float(s)
    except ValueError as err:
        raise InputError(
            f"concentration {value!r} is not tenths, a range like 7-8, 9+ or <1",
            field="concentration",
            value=value,
            valid_range="0-10 tenths",
        ) from err
    if not (0.0 <= lo <= hi <= 10.0):
        raise InputError(
            f"concentration {value!r} is outside 0-10 tenths; give tenths (9 = 90 %)",
            field="concentration",
            value=value,
            valid_range=(0, 10),
        )
    return {"upper": hi, "mid": (lo + hi) / 2.0, "lower": lo}[range_rule]


def operation_level(rio_value: ArrayLike, ice_class: str) -> NDArray[np.str_]:
    """Operational criterion of a RIO (Circular Table 1.1).

    Parameters
    ----------
    rio_value : float or ndarray, any shape
        Risk Index Outcome. [1]
    ice_class : str
        POLARIS ice class.

    Returns
    -------
    ndarray of str, same shape
        ``"normal"``, ``"elevated"`` (PC1-PC7 only) or ``"special consideration"``.

    Raises
    ------
    InputError
        On an unknown ice class.

    Examples
    --------
    >>> operation_level([3, -5, -11], "PC5").tolist()
    ['normal', 'elevated', 'special consideration']
    >>> operation_level([-5], "IA Super").tolist()
    ['special consideration']
    """
    cls = _ice_class(ice_class)
    r = np.asarray(rio_value, dtype=float)
    mid = "elevated" if cls in _PC else "special consideration"
    return np.where(r >= 0, "normal", np.where(r >= -10, mid, "special consideration"))


def recommended_speed_limit_kt(ice_class: str) -> float:
    """Recommended speed limit for elevated-risk operation (Circular Table 1.2). [kn]

    Parameters
    ----------
    ice_class : str
        POLARIS ice class.

    Returns
    -------
    float
        11 (PC1), 8 (PC2), 5 (PC3-PC5), 3 (below PC5). [kn]

    Examples
    --------
    >>> recommended_speed_limit_kt("PC2"), recommended_speed_limit_kt("PC6")
    (8.0, 3.0)
    """
    return _SPEED_LIMIT_KT.get(_ice_class(ice_class), _SPEED_LIMIT_BELOW_PC5_KT)


def rio(concentration_tenths: xr.DataArray, ice_class: str) -> xr.DataArray:
    """Vectorised RIO over any dims: ``sum(C_i * RIV_i)`` along ``ice_type``.

    Parameters
    ----------
    concentration_tenths : xarray.DataArray, dims (..., ice_type)
        Partial concentrations per ice type (labels from :data:`ICE_TYPES`). [tenths]
        Missing types count as 0; the ice-free share is ``10 - sum(ice)`` when
        ``ice_free`` is not given.
    ice_class : str
        POLARIS ice class.

    Returns
    -------
    xarray.DataArray, dims (...)
        Risk Index Outcome. [1]

    Raises
    ------
    InputError
        On an unknown ice class/type, negative values or an ice total above 10 tenths.

    Examples
    --------
    >>> c = xr.DataArray([[9, 0], [0, 9]], dims=("cell", "ice_type"),
    ...                  coords={"ice_type": ["thick_fy", "new_ice"]})
    >>> rio(c, "PC5").values.tolist()
    [3, 30]
    """
    cls = _ice_class(ice_class)
    types = [_ice_type(t) for t in concentration_tenths["ice_type"].values.tolist()]
    c = concentration_tenths.assign_coords(ice_type=types).astype(float)
    if (c < 0).any():
        raise InputError("concentrations must be >= 0 tenths", field="concentration")
    ice = c.sel(ice_type=[t for t in types if t != "ice_free"]).sum("ice_type")
    if (ice > 10 + 1e-9).any():
        raise InputError(
            f"ice concentrations add up to {float(ice.max()):g} tenths, more than 10; "
            "check the partial concentrations",
            field="concentration",
            value=float(ice.max()),
            valid_range=(0, 10),
        )
    free = c.sel(ice_type="ice_free") if "ice_free" in types else 10.0 - ice
    riv = riv_table().sel(ice_class=cls)
    others = [t for t in types if t != "ice_free"]
    out = (c.sel(ice_type=others) * riv.sel(ice_type=others)).sum("ice_type") + free * int(
        riv.sel(ice_type="ice_free")
    )
    if np.allclose(out.values, np.round(out.values)):
        out = out.round().astype(np.int64)
    return out.assign_attrs(units="1", ice_class=cls, source=POLARIS_SOURCE)


@dataclass(frozen=True)
class PolarisResult:
    """One POLARIS assessment.

    Attributes
    ----------
    rio : float
        Risk Index Outcome (integer when all concentrations are whole tenths).
    operation : str
        ``"normal"``, ``"elevated"`` or ``"special consideration"``.
    ice_class : str
    speed_limit_kt : float or None
        Recommended limit when ``operation == "elevated"`` [kn]; ``None`` otherwise
        (normal: no POLARIS limit; special consideration: the Circular gives none — the
        operation itself needs special consideration).
    concentrations_tenths : dict
        Resolved concentrations per ice type, including the ice-free share. [tenths]
    riv : dict
        RIV used per ice type.
    table_version, source : str
    """

    rio: float
    operation: str
    ice_class: str
    speed_limit_kt: float | None
    concentrations_tenths: dict[str, float] = field(default_factory=dict)
    riv: dict[str, int] = field(default_factory=dict)
    table_version: str = ""
    source: str = POLARIS_SOURCE

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return {
            "rio": self.rio,
            "operation": self.operation,
            "ice_class": self.ice_class,
            "speed_limit_kt": self.speed_limit_kt,
            "concentrations_tenths": self.concentrations_tenths,
            "riv": self.riv,
            "table_version": self.table_version,
            "source": self.source,
        }


def polaris(
    concentrations: Mapping[str, float | str], ice_class: str, *, range_rule: str = "upper"
) -> PolarisResult:
    """POLARIS assessment of one ice regime for one ice class.

    Parameters
    ----------
    concentrations : mapping of str to float or str
        Partial concentration per ice type (:data:`ICE_TYPES` or an alias such as
        ``open_water``). Values in tenths or egg-code text (``"7-8"``, ``"9+"``). When no
        ice-free share is given it is ``10 - sum(ice)``. [tenths]
    ice_class : str
        POLARIS ice class (``PC1``-``PC7``, ``IA Super``, ``IA``, ``IB``, ``IC``,
        ``Not ice strengthened``; aliases ``1AS``, ``NIS``...).
    range_rule : {"upper", "mid", "lower"}
        Egg-code range resolution (module docstring).

    Returns
    -------
    PolarisResult

    Raises
    ------
    InputError
        On unknown ice class/type, bad concentration text, an ice total above 10 tenths or
        an ice + ice-free total other than 10 tenths.

    Examples
    --------
    >>> r = polaris({"thick_fy": 9, "open_water": 1}, "PC5")
    >>> r.rio, r.operation
    (3, 'normal')
    >>> r = polaris({"thick_fy": 9, "open_water": 1}, "PC6")
    >>> r.rio, r.operation, r.speed_limit_kt
    (-6, 'elevated', 3.0)
    """
    cls = _ice_class(ice_class)
    conc: dict[str, float] = {}
    for k, v in concentrations.items():
        t = _ice_type(k)
        conc[t] = conc.get(t, 0.0) + parse_concentration_tenths(v, range_rule=range_rule)
    ice_total = sum(v for k, v in conc.items() if k != "ice_free")
    if ice_total > 10 + 1e-9:
        raise InputError(
            f"ice concentrations add up to {ice_total:g} tenths, more than 10; check the "
            "partial concentrations (ranges resolve to their upper bound by default)",
            field="concentration",
            value=ice_total,
            valid_range=(0, 10),
        )
    if "ice_free" in conc:
        total = ice_total + conc["ice_free"]
        if abs(total - 10.0) > 1e-9:
            raise InputError(
                f"ice ({ice_total:g}) and open water ({conc['ice_free']:g}) add up to "
                f"{total:g} tenths; they must add up to 10 (or leave open water out)",
                field="concentration",
                value=total,
                valid_range=10,
            )
    else:
        conc["ice_free"] = 10.0 - ice_total
    version, _ = _read_table()
    table = riv_table().sel(ice_class=cls)
    rivs = {t: int(table.sel(ice_type=t)) for t in conc}
    value = sum(conc[t] * rivs[t] for t in conc)
    rio_value: float = round(value) if abs(value - round(value)) < 1e-9 else float(value)
    op = str(operation_level(rio_value, cls))
    return PolarisResult(
        rio=rio_value,
        operation=op,
        ice_class=cls,
        speed_limit_kt=recommended_speed_limit_kt(cls) if op == "elevated" else None,
        concentrations_tenths={t: conc[t] for t in ICE_TYPES if t in conc},
        riv={t: rivs[t] for t in ICE_TYPES if t in conc},
        table_version=version,
    )


def decayed_riv_table() -> xr.DataArray:
    """The Circular's decayed-ice RIV table — not shipped (unverified).

    Raises
    ------
    NotFoundError
        Always: the public copies disagreed, so the values are unknown here. Fill
        ``arcticrecon/data`` with the table from the Circular itself to enable it.
    """
    raise NotFoundError(
        "the POLARIS decayed-ice RIV table is not shipped (public copies disagree); use the "
        "standard table or add the table from MSC.1/Circ.1519 itself",
        field="table",
        value="decayed",
    )
