r"""Coordinate strings: decimal and degrees-minutes-seconds (DMS) parsing, MGRS.

Accepted forms of one coordinate (``parse_coordinate``):

- decimal degrees with a sign: ``"64.175"``, ``"-51.7208"``;
- decimal or DMS with a hemisphere letter before or after: ``"64.175N"``,
  ``"W 51°43'15\""``, ``"64 10 30 N"``, ``"64°10.5'N"``;
- DMS with a sign: ``"-0°20'00\""`` — the sign applies to the whole value, so a
  zero-degree component carries it to the minutes and seconds (-0°20' = -0.3333°).

A sign together with a hemisphere letter (``"-42°17'40\" N"``) is refused: the two may
contradict each other and resolving that silently would put a place in the wrong
hemisphere. Minutes and seconds must be < 60; only the last component may have decimals.

MGRS (Military Grid Reference System, NGA.SIG.0012_2.0.0_UTMUPS) conversion uses the
``mgrs`` package (a wrapper of NGA's GEOTRANS C code), which truncates digits (never
rounds) as the standard requires.
"""

from __future__ import annotations

import math
import re
from typing import Literal

from arcticrecon.errors import InputError, OutOfDomainError
from arcticrecon.geo.geodesic import check_lat_lon

__all__ = ["format_lat_lon", "from_mgrs", "parse_coordinate", "parse_lat_lon", "to_mgrs"]

Axis = Literal["lat", "lon"]
_AXIS_NAME = {"lat": "latitude", "lon": "longitude"}

_NUM = r"\d+(?:[.,]\d+)?"
_COORD_RE = re.compile(
    rf"""^\s*
    (?P<hemi1>[NSEW])?\s*
    (?P<sign>[+\-\u2212])?\s*
    (?P<deg>{_NUM})\s*(?:°|º|˚|deg|d|:|\s)?\s*
    (?:(?P<min>{_NUM})\s*(?:'|′|’|min|m|:|\s)?\s*)?
    (?:(?P<sec>{_NUM})\s*(?:"|″|”|''|′′|sec|s)?\s*)?
    (?P<hemi2>[NSEW])?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


def _bad(text: str, why: str) -> InputError:
    return InputError(
        f"coordinate {text!r}: {why}; write e.g. 64.175, -51.7208, 64°10'30\"N or 51°43'15\"W",
        field="coordinate",
        value=text,
    )


def parse_coordinate(text: str, *, axis: Axis | None = None) -> float:
    r"""Parse one latitude or longitude string (decimal or DMS) to signed degrees.

    Parameters
    ----------
    text : str
        The coordinate, e.g. ``"64°10'30\"N"``, ``"-0°20'00\""``, ``"-51.72"``.
    axis : {"lat", "lon"}, optional
        What the value must be: checks the hemisphere letter (N/S for latitude, E/W for
        longitude) and the range (±90 / ±180). ``None``: inferred from the letter if any,
        else only |value| <= 180 is checked.

    Returns
    -------
    value_deg : float
        Signed degrees (north and east positive). [deg]

    Raises
    ------
    InputError
        If the text is not a coordinate, a sign is combined with a hemisphere letter,
        minutes/seconds are >= 60, decimals appear before the last component, or the
        hemisphere letter does not fit ``axis``.
    OutOfDomainError
        If the value is outside -90..90 (latitude) or -180..180 (longitude).

    Examples
    --------
    >>> round(parse_coordinate("64°10'30\"N"), 6)
    64.175
    >>> round(parse_coordinate("-0°20'00\""), 6)
    -0.333333
    >>> round(parse_coordinate("51 43 15 W"), 6)
    -51.720833
    """
    m = _COORD_RE.match(text.replace("\u2032\u2032", '"'))
    if m is None or not text.strip():
        raise _bad(text, "not a decimal or degrees-minutes-seconds coordinate")
    if m["hemi1"] and m["hemi2"]:
        raise _bad(text, "two hemisphere letters")
    hemi = (m["hemi1"] or m["hemi2"] or "").upper()
    sign = m["sign"]
    if sign and hemi:
        raise _bad(
            text,
            f"a leading {sign!r} sign conflicts with the hemisphere letter {hemi!r}; "
            "give either a sign or a letter",
        )
    parts = [m["deg"], m["min"], m["sec"]]
    present = [p for p in parts if p is not None]
    for p in present[:-1]:
        if "." in p or "," in p:
            raise _bad(
                text, "only the last component (degrees, minutes or seconds) may have decimals"
            )
    deg, minutes, seconds = (float(p.replace(",", ".")) if p is not None else 0.0 for p in parts)
    if minutes >= 60 or seconds >= 60:
        raise _bad(text, "minutes and seconds must be below 60")
    value = deg + minutes / 60.0 + seconds / 3600.0
    if sign in {"-", "\u2212"} or hemi in {"S", "W"}:
        value = -value
    if hemi:
        letter_axis: Axis = "lat" if hemi in {"N", "S"} else "lon"
        if axis is not None and axis != letter_axis:
            raise _bad(
                text,
                f"hemisphere letter {hemi!r} marks a {_AXIS_NAME[letter_axis]} where a {_AXIS_NAME[axis]} "
                "is expected",
            )
        axis = letter_axis
    limit = 90.0 if axis == "lat" else 180.0
    if not math.isfinite(value) or abs(value) > limit:
        raise OutOfDomainError(
            f"coordinate {text!r} = {value:g} deg is outside -{limit:g}..{limit:g}"
            f"{' for a ' + _AXIS_NAME[axis] if axis else ''}; check the value",
            field=f"{axis or 'coordinate'}_deg",
            value=value,
            valid_range=(-limit, limit),
        )
    return value + 0.0  # no -0.0


def parse_lat_lon(text: str) -> tuple[float, float]:
    r"""Parse a "latitude, longitude" pair (decimal or DMS) to signed degrees.

    The pair is split at a comma or semicolon, else after the N/S letter, else at white
    space between two plain numbers. Without hemisphere letters the order is latitude
    first; with letters (``"51°43'W 64°10'N"``) the letters decide.

    Parameters
    ----------
    text : str
        E.g. ``"64.17,-51.72"``, ``"64°10'30\"N 51°43'15\"W"``, ``"53°44'N 0°20'W"``.

    Returns
    -------
    lat_deg, lon_deg : float
        WGS 84 latitude and longitude. [deg]

    Raises
    ------
    InputError
        If the text is not two coordinates (see :func:`parse_coordinate`).

    Examples
    --------
    >>> [round(v, 6) for v in parse_lat_lon("64°10'30\"N 51°43'15\"W")]
    [64.175, -51.720833]
    >>> parse_lat_lon("64.17, -51.72")
    (64.17, -51.72)
    """
    s = text.strip()
    if ";" in s or "," in s:
        sep = ";" if ";" in s else ","
        pieces = s.split(sep)
        if len(pieces) != 2 or not all(p.strip() for p in pieces):
            raise _bad(text, "expected two coordinates separated by one comma")
        candidates = [(pieces[0], pieces[1])]
    else:
        # every split at white space or at a hemisphere letter; exactly one must parse
        cuts = {m.start() for m in re.finditer(r"\s+", s)}
        cuts |= {m.end() for m in re.finditer(r"[NSEWnsew]", s)}
        cuts |= {m.start() for m in re.finditer(r"[NSEWnsew]", s)}
        candidates = [(s[:i], s[i:]) for i in sorted(cuts) if 0 < i < len(s)]
    found: set[tuple[float, float]] = set()
    last_err: InputError | None = None
    for a, b in candidates:
        a, b = a.strip(), b.strip()
        if not a or not b:
            continue
        if re.search(r"[EWew]", a) and re.search(r"[NSns]", b):
            a, b = b, a  # letters decide the order: "51°43'W 64°10'N"
        try:
            found.add((parse_coordinate(a, axis="lat"), parse_coordinate(b, axis="lon")))
        except InputError as err:
            last_err = err
    if len(found) == 1:
        return found.pop()
    if len(found) > 1:
        raise _bad(text, "ambiguous: separate latitude and longitude with a comma")
    if len(candidates) == 1 and last_err is not None:
        raise last_err
    raise _bad(text, "expected a latitude and a longitude, e.g. 64.17,-51.72")


def format_lat_lon(*, lat_deg: float, lon_deg: float, decimals: int = 4) -> str:
    """Format a position as ``"64.1750°N 51.7208°W"``.

    >>> format_lat_lon(lat_deg=64.175, lon_deg=-51.7208)
    '64.1750°N 51.7208°W'
    """
    ns = "N" if lat_deg >= 0 else "S"
    ew = "E" if lon_deg >= 0 else "W"
    return f"{abs(lat_deg):.{decimals}f}°{ns} {abs(lon_deg):.{decimals}f}°{ew}"


_MGRS_PRECISION = {1: 5, 10: 4, 100: 3, 1000: 2, 10000: 1, 100000: 0}


def to_mgrs(*, lat_deg: float, lon_deg: float, precision_m: int = 1) -> str:
    """MGRS grid reference of a WGS 84 position (digits truncated, not rounded).

    Parameters
    ----------
    lat_deg, lon_deg : float
        Position. [deg] Latitude -80..84 (UTM part of MGRS; UPS polar caps not handled).
    precision_m : {1, 10, 100, 1000, 10000, 100000}
        Grid square size of the reference. [m]

    Returns
    -------
    str
        E.g. ``"22WDS6627017412"`` (zone, band, 100 km square, easting, northing).

    Raises
    ------
    InputError
        If ``precision_m`` is not a power of ten between 1 and 100 000.
    OutOfDomainError
        If the position is outside -80..84 °N or -180..180 °E.

    Notes
    -----
    Zone and band limits are closed on the low side (64.0 °N is band W, -48.0 °E is zone
    23); band X extends to 84 °N. Conversion by the ``mgrs`` package (NGA GEOTRANS).

    Examples
    --------
    >>> to_mgrs(lat_deg=64.1814, lon_deg=-51.6941)
    '22WDS6627017412'
    >>> to_mgrs(lat_deg=64.1814, lon_deg=-51.6941, precision_m=1000)
    '22WDS6617'
    """
    import mgrs

    if precision_m not in _MGRS_PRECISION:
        raise InputError(
            f"MGRS precision {precision_m} m is not one of {sorted(_MGRS_PRECISION)}",
            field="precision_m",
            value=precision_m,
            valid_range=sorted(_MGRS_PRECISION),
        )
    check_lat_lon(lat_deg, lon_deg)
    if not -80.0 <= lat_deg <= 84.0:
        raise OutOfDomainError(
            f"latitude {lat_deg} deg is outside MGRS's UTM belt -80..84; use UPS coordinates",
            field="lat_deg",
            value=lat_deg,
            valid_range=(-80.0, 84.0),
        )
    ref = mgrs.MGRS().toMGRS(
        float(lat_deg), float(lon_deg), MGRSPrecision=_MGRS_PRECISION[precision_m]
    )
    return ref.decode() if isinstance(ref, bytes) else str(ref)


def from_mgrs(reference: str) -> tuple[float, float]:
    """WGS 84 position (south-west corner of the grid square) of an MGRS reference.

    Returns
    -------
    lat_deg, lon_deg : float
        [deg]

    Raises
    ------
    InputError
        If the reference is malformed.

    Examples
    --------
    >>> [round(v, 4) for v in from_mgrs("22WDS6627017412")]
    [64.1814, -51.6941]
    """
    import mgrs

    try:
        lat, lon = mgrs.MGRS().toLatLon(reference.strip().replace(" ", "").upper())
    except Exception as err:  # mgrs raises bare MGRSError / ValueError
        raise InputError(
            f"MGRS reference {reference!r} is malformed ({err}); e.g. 22WDS6627017412",
            field="mgrs",
            value=reference,
        ) from None
    return float(lat), float(lon)
