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

MGRS (Military Grid Reference System, NGA.SIG.0012_2.0.0_UTMUPS) covers the whole globe:

- between 80°S and 84°N the UTM part, converted with the ``mgrs`` package (a wrapper of
  NGA's GEOTRANS C code);
- north of 84°N and south of 80°S the UPS part (Universal Polar Stereographic, zones Y/Z
  north, A/B south; west / east of the 0° meridian). UPS easting/northing come from PROJ
  (EPSG:32661 "WGS 84 / UPS North (N,E)", EPSG:32761 "UPS South": polar stereographic,
  scale 0.994 at the pole, false easting and northing 2,000,000 m) and the 100 km square
  letters from the standard's polar lettering (NGA.SIG.0012_2.0.0_UTMUPS; DMA TM 8358.1
  §3-4): columns ``ABCFGHJKLPQRSTUXYZ`` (no D E I M N O V W), J at 800,000 m E in the
  western zones and A at 2,000,000 m E in the eastern ones; rows
  ``ABCDEFGHJKLMNPQRSTUVWXYZ`` (no I O), A at 1,300,000 m N (north) or 800,000 m N (south).

Digits are truncated (never rounded) as the standard requires, so a coarser reference is
the square that contains the finer one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from arcticrecon.errors import InputError, OutOfDomainError
from arcticrecon.geo.geodesic import check_lat_lon

__all__ = [
    "MGRS_UTM_NORTH_LIMIT_DEG",
    "MGRS_UTM_SOUTH_LIMIT_DEG",
    "UPS_NORTH_MIN_LAT_DEG",
    "UPS_SOUTH_MAX_LAT_DEG",
    "UpsCoordinate",
    "format_lat_lon",
    "from_mgrs",
    "from_ups",
    "parse_coordinate",
    "parse_lat_lon",
    "to_mgrs",
    "to_ups",
]

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

#: MGRS uses UTM from 80°S up to and including 84°N (band X is closed at 84°N) and UPS
#: beyond (NGA.SIG.0012_2.0.0_UTMUPS). [deg]
MGRS_UTM_NORTH_LIMIT_DEG = 84.0
MGRS_UTM_SOUTH_LIMIT_DEG = -80.0
#: UPS's own domain: the polar caps plus the standard's 30' overlap with UTM. [deg]
UPS_NORTH_MIN_LAT_DEG = 83.5
UPS_SOUTH_MAX_LAT_DEG = -79.5

_UPS_CRS = {"N": "EPSG:32661", "S": "EPSG:32761"}  # WGS 84 / UPS North (N,E), UPS South
_UPS_FALSE_EN_M = 2_000_000.0
_UPS_COLUMNS = "ABCFGHJKLPQRSTUXYZ"  # polar 100 km column letters (no D E I M N O V W)
_UPS_ROWS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # row letters (no I O)
# zone letter -> (hemisphere, first column letter, its easting [m], last column letter,
#                 northing of row A [m], last row letter)  (NGA.SIG.0012 polar lettering)
_UPS_ZONES: dict[str, tuple[Literal["N", "S"], str, float, str, float, str]] = {
    "Y": ("N", "J", 800_000.0, "Z", 1_300_000.0, "P"),
    "Z": ("N", "A", 2_000_000.0, "J", 1_300_000.0, "P"),
    "A": ("S", "J", 800_000.0, "Z", 800_000.0, "Z"),
    "B": ("S", "A", 2_000_000.0, "R", 800_000.0, "Z"),
}
_UPS_MGRS_RE = re.compile(r"^([ABYZ])([A-Z])([A-Z])(\d*)$")


@dataclass(frozen=True)
class UpsCoordinate:
    """A Universal Polar Stereographic (UPS) coordinate.

    Attributes
    ----------
    hemisphere : {"N", "S"}
    zone : {"Y", "Z", "A", "B"}
        The MGRS polar zone letter: Y / A west of the 0° meridian (easting below
        2,000,000 m), Z / B east of it (north / south).
    easting_m, northing_m : float
        UPS easting and northing (EPSG:32661 north, EPSG:32761 south). [m]
    """

    hemisphere: Literal["N", "S"]
    zone: str
    easting_m: float
    northing_m: float

    def __str__(self) -> str:
        """E.g. ``"Z 2277728mE 1518959mN"`` (whole metres, truncated)."""
        return f"{self.zone} {math.floor(self.easting_m)}mE {math.floor(self.northing_m)}mN"


@lru_cache(maxsize=4)
def _ups_transformer(hemisphere: str, *, inverse: bool) -> Any:
    from pyproj import Transformer

    crs = _UPS_CRS[hemisphere]
    src, dst = (crs, "EPSG:4326") if inverse else ("EPSG:4326", crs)
    return Transformer.from_crs(src, dst, always_xy=True)


def to_ups(*, lat_deg: float, lon_deg: float) -> UpsCoordinate:
    """UPS easting/northing of a WGS 84 position near a pole.

    Parameters
    ----------
    lat_deg, lon_deg : float
        Position [deg]; latitude >= 83.5 °N or <= -79.5 °S (UPS's domain, with the
        standard's 30' overlap with UTM).

    Returns
    -------
    UpsCoordinate

    Raises
    ------
    OutOfDomainError
        If the position is outside the UPS caps (use UTM / :func:`to_mgrs` there) or out
        of range.

    Notes
    -----
    Polar stereographic on WGS 84 by PROJ (EPSG:32661 / EPSG:32761): scale factor 0.994
    at the pole, false easting and northing 2,000,000 m; grid north of UPS North points
    along 180° E, of UPS South along 0°.

    Examples
    --------
    >>> str(to_ups(lat_deg=85.0, lon_deg=30.0))
    'Z 2277728mE 1518959mN'
    >>> str(to_ups(lat_deg=-85.0, lon_deg=45.0))
    'B 2392767mE 2392767mN'
    """
    check_lat_lon(lat_deg, lon_deg)
    if UPS_SOUTH_MAX_LAT_DEG < lat_deg < UPS_NORTH_MIN_LAT_DEG:
        raise OutOfDomainError(
            f"latitude {lat_deg} deg is outside UPS's polar caps (north of "
            f"{UPS_NORTH_MIN_LAT_DEG}°N, south of {-UPS_SOUTH_MAX_LAT_DEG}°S); use UTM, e.g. "
            "to_mgrs",
            field="lat_deg",
            value=lat_deg,
            valid_range=(UPS_SOUTH_MAX_LAT_DEG, UPS_NORTH_MIN_LAT_DEG),
        )
    hemi: Literal["N", "S"] = "N" if lat_deg > 0 else "S"
    e, n = _ups_transformer(hemi, inverse=False).transform(float(lon_deg), float(lat_deg))
    # snap to 1 µm so that the pole and the 0°/180° meridians land on 2,000,000 m exactly
    e, n = round(float(e), 6), round(float(n), 6)
    west = e < _UPS_FALSE_EN_M
    zone = ("Y" if west else "Z") if hemi == "N" else ("A" if west else "B")
    return UpsCoordinate(hemisphere=hemi, zone=zone, easting_m=e, northing_m=n)


def from_ups(*, hemisphere: str, easting_m: float, northing_m: float) -> tuple[float, float]:
    """WGS 84 position of a UPS easting/northing.

    Parameters
    ----------
    hemisphere : {"N", "S"}
    easting_m, northing_m : float
        [m], each in 0..4,000,000.

    Returns
    -------
    lat_deg, lon_deg : float
        [deg]

    Raises
    ------
    InputError
        If the hemisphere is not N or S or a coordinate is outside 0..4,000,000 m.

    Examples
    --------
    >>> [round(v, 6) for v in from_ups(hemisphere="N", easting_m=2_000_000.0,
    ...                                northing_m=2_000_000.0)][0]
    90.0
    """
    h = str(hemisphere).strip().upper()
    if h not in _UPS_CRS:
        raise InputError(
            f"UPS hemisphere {hemisphere!r} is not N or S", field="hemisphere", value=hemisphere
        )
    for name, v in (("easting_m", easting_m), ("northing_m", northing_m)):
        if not (math.isfinite(v) and 0.0 <= v <= 2 * _UPS_FALSE_EN_M):
            raise InputError(
                f"UPS {name} = {v} m is outside 0..4,000,000 m",
                field=name,
                value=v,
                valid_range=(0.0, 2 * _UPS_FALSE_EN_M),
            )
    lon, lat = _ups_transformer(h, inverse=True).transform(float(easting_m), float(northing_m))
    return float(lat), float(lon)


def _precision_digits(precision_m: int) -> int:
    if isinstance(precision_m, bool) or precision_m not in _MGRS_PRECISION:
        raise InputError(
            f"MGRS precision {precision_m} m is not one of {sorted(_MGRS_PRECISION)}",
            field="precision_m",
            value=precision_m,
            valid_range=sorted(_MGRS_PRECISION),
        )
    return _MGRS_PRECISION[precision_m]


def _ups_mgrs(ups: UpsCoordinate, digits: int) -> str:
    _, col0, e0, _, n0, _ = _UPS_ZONES[ups.zone]
    col = _UPS_COLUMNS.index(col0) + math.floor((ups.easting_m - e0) / 100_000.0)
    row = math.floor((ups.northing_m - n0) / 100_000.0)
    scale = 10 ** (5 - digits)
    de = math.floor((ups.easting_m % 100_000.0) / scale)
    dn = math.floor((ups.northing_m % 100_000.0) / scale)
    nums = f"{de:0{digits}d}{dn:0{digits}d}" if digits else ""
    return f"{ups.zone}{_UPS_COLUMNS[col]}{_UPS_ROWS[row]}{nums}"


def to_mgrs(*, lat_deg: float, lon_deg: float, precision_m: int = 1) -> str:
    """MGRS grid reference of a WGS 84 position (digits truncated, not rounded).

    Parameters
    ----------
    lat_deg, lon_deg : float
        Position. [deg] Anywhere: UTM part from -80 to 84 °N, UPS part beyond.
    precision_m : {1, 10, 100, 1000, 10000, 100000}
        Grid square size of the reference. [m]

    Returns
    -------
    str
        E.g. ``"22WDS6627017412"`` (zone, band, 100 km square, easting, northing) or,
        north of 84 °N, ``"ZCC7772818959"`` (UPS zone, 100 km square, easting, northing).

    Raises
    ------
    InputError
        If ``precision_m`` is not a power of ten between 1 and 100 000.
    OutOfDomainError
        If the position is outside -90..90 °N or -180..180 °E.

    Notes
    -----
    Zone and band limits are closed on the low side (64.0 °N is band W, -48.0 °E is zone
    23); band X extends to 84 °N inclusive; north of it and south of 80 °S the polar
    zones Y/Z and A/B (see the module notes). UTM part by the ``mgrs`` package (NGA
    GEOTRANS), UPS part by PROJ's EPSG:32661/32761 and the standard's polar lettering.

    Examples
    --------
    >>> to_mgrs(lat_deg=64.1814, lon_deg=-51.6941)
    '22WDS6627017412'
    >>> to_mgrs(lat_deg=64.1814, lon_deg=-51.6941, precision_m=1000)
    '22WDS6617'
    >>> to_mgrs(lat_deg=90.0, lon_deg=0.0)
    'ZAH0000000000'
    """
    digits = _precision_digits(precision_m)
    check_lat_lon(lat_deg, lon_deg)
    if lat_deg > MGRS_UTM_NORTH_LIMIT_DEG or lat_deg < MGRS_UTM_SOUTH_LIMIT_DEG:
        return _ups_mgrs(to_ups(lat_deg=lat_deg, lon_deg=lon_deg), digits)
    import mgrs

    ref = mgrs.MGRS().toMGRS(float(lat_deg), float(lon_deg), MGRSPrecision=digits)
    return ref.decode() if isinstance(ref, bytes) else str(ref)


def _malformed(reference: str, why: str) -> InputError:
    return InputError(
        f"MGRS reference {reference!r} is malformed ({why}); e.g. 22WDS6627017412 or, north "
        "of 84°N, ZCC7772818959",
        field="mgrs",
        value=reference,
    )


def _from_ups_mgrs(reference: str, m: re.Match[str]) -> tuple[float, float]:
    zone, col, row, nums = m.groups()
    hemi, col0, e0, col_last, n0, row_last = _UPS_ZONES[zone]
    c0, c1 = _UPS_COLUMNS.index(col0), _UPS_COLUMNS.index(col_last)
    if col not in _UPS_COLUMNS or not c0 <= _UPS_COLUMNS.index(col) <= c1:
        raise _malformed(
            reference,
            f"column letter {col!r} is not used in UPS zone {zone} ({_UPS_COLUMNS[c0 : c1 + 1]})",
        )
    r1 = _UPS_ROWS.index(row_last)
    if row not in _UPS_ROWS or _UPS_ROWS.index(row) > r1:
        raise _malformed(
            reference, f"row letter {row!r} is not used in UPS zone {zone} ({_UPS_ROWS[: r1 + 1]})"
        )
    if len(nums) % 2 or len(nums) > 10:
        raise _malformed(reference, "expected 0, 2, 4, 6, 8 or 10 digits")
    k = len(nums) // 2
    scale = 10.0 ** (5 - k)
    de, dn = (int(nums[:k]) if k else 0), (int(nums[k:]) if k else 0)
    # the centre of the grid square, as GEOTRANS (and so the UTM part here) decodes
    e = e0 + (_UPS_COLUMNS.index(col) - c0) * 100_000.0 + (de + 0.5) * scale
    n = n0 + _UPS_ROWS.index(row) * 100_000.0 + (dn + 0.5) * scale
    lat, lon = from_ups(hemisphere=hemi, easting_m=e, northing_m=n)
    if (hemi == "N" and lat < UPS_NORTH_MIN_LAT_DEG) or (
        hemi == "S" and lat > UPS_SOUTH_MAX_LAT_DEG
    ):
        raise _malformed(
            reference,
            f"it lies at {lat:.2f}°, outside the UPS cap of zone {zone}; a grid reference there "
            "starts with a UTM zone number",
        )
    return lat, lon


def from_mgrs(reference: str) -> tuple[float, float]:
    """WGS 84 position (centre of the grid square) of an MGRS reference.

    Accepts UTM references (``"22WDS6627017412"``) and the polar UPS ones
    (``"ZCC7772818959"``, zones Y Z north, A B south); spaces are ignored. The position
    returned is the centre of the square the reference names (0.5 m from its south-west
    corner in easting and northing for a 1 m reference, 50 km for a bare 100 km square),
    as NGA's GEOTRANS decodes, so it is never more than half a square off.

    Returns
    -------
    lat_deg, lon_deg : float
        [deg]

    Raises
    ------
    InputError
        If the reference is malformed, uses a letter its zone does not have, or (UPS)
        falls outside its polar cap.

    Examples
    --------
    >>> [round(v, 4) for v in from_mgrs("22WDS6627017412")]
    [64.1814, -51.6941]
    >>> [round(v, 3) for v in from_mgrs("ZCC7772818959")]
    [85.0, 30.0]
    """
    compact = reference.strip().replace(" ", "").upper()
    polar = _UPS_MGRS_RE.match(compact)
    if polar is not None:
        return _from_ups_mgrs(reference, polar)
    import mgrs

    try:
        lat, lon = mgrs.MGRS().toLatLon(compact)
    except Exception as err:  # mgrs raises bare MGRSError / ValueError
        raise _malformed(reference, str(err)) from None
    return float(lat), float(lon)
