"""AIS position reports from NMEA 0183 ``!AIVDM``/``!AIVDO`` sentences (via ``pyais``).

Decoding follows ITU-R M.1371-5 (Annex 2, §3.3, message types 1-3 "Position report",
18/19 class B): longitude (28 bit) and latitude (27 bit) are two's-complement signed
integers in 1/10 000 minute — read unsigned they would put every western-hemisphere ship
(all of Greenland) above 180° E. ``pyais`` decodes them signed. "Not available" codes are
turned into ``None`` here (ITU-R M.1371-5 table 45): longitude 181°, latitude 91°, speed
over ground 102.3 kt, course over ground 360°, true heading 511.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from arcticrecon.errors import DataSourceError, InputError

__all__ = ["AisPosition", "decode_ais_positions"]

POSITION_TYPES = frozenset({1, 2, 3, 18, 19, 27})


@dataclass(frozen=True)
class AisPosition:
    """One decoded AIS position report.

    Attributes
    ----------
    msg_type : int
    mmsi : int
        Maritime Mobile Service Identity.
    lat_deg, lon_deg : float or None
        WGS 84 position (signed: south/west negative); ``None`` = not available. [deg]
    speed_over_ground_kt : float or None
        [kt] (``sog`` in the standard).
    course_over_ground_deg : float or None
        [deg] true.
    heading_deg : int or None
        True heading. [deg]
    """

    msg_type: int
    mmsi: int
    lat_deg: float | None
    lon_deg: float | None
    speed_over_ground_kt: float | None
    course_over_ground_deg: float | None
    heading_deg: int | None


def _na(v: Any, na: float) -> Any:
    if v is None:
        return None
    return None if abs(float(v) - na) < 1e-9 else v


def decode_ais_positions(
    sentences: Iterable[str], *, check_checksum: bool = True
) -> list[AisPosition]:
    """Decode single-sentence AIS position reports.

    Parameters
    ----------
    sentences : iterable of str
        NMEA lines such as ``"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A"``.
    check_checksum : bool
        Refuse a sentence whose NMEA checksum does not match (default True).

    Returns
    -------
    list of AisPosition
        One per sentence, in order.

    Raises
    ------
    InputError
        If a sentence is malformed, its checksum is wrong, or it is not a position
        report (types 1, 2, 3, 18, 19, 27).
    DataSourceError
        If ``pyais`` is not installed.

    Examples
    --------
    >>> p = decode_ais_positions(["!AIVDM,1,1,,A,14sba>hP1TLC?A`Tf==1hQHt0000,0*27"])[0]
    >>> p.mmsi, p.lat_deg, p.lon_deg, p.speed_over_ground_kt
    (331000123, 64.1763, -51.7213, 10.0)
    """
    try:
        from pyais.exceptions import AISBaseException
        from pyais.messages import NMEAMessage
    except ImportError as err:  # pragma: no cover - pyais is a dependency
        raise DataSourceError(f"pyais is not installed: {err}") from err
    out = []
    for line in sentences:
        text = line.strip()
        try:
            nmea = NMEAMessage.from_string(text)
            if check_checksum and not nmea.is_valid:
                raise InputError(
                    f"AIS sentence {text!r} has a wrong NMEA checksum; the line is corrupt",
                    field="sentence",
                    value=text,
                )
            # one decoded message: values of mixed types per field (pyais types them as a union)
            msg: dict[str, Any] = nmea.decode().asdict()
        except AISBaseException as err:
            raise InputError(
                f"AIS sentence {text!r} cannot be decoded ({type(err).__name__}); give one "
                "complete !AIVDM line",
                field="sentence",
                value=text,
            ) from None
        if msg.get("msg_type") not in POSITION_TYPES:
            raise InputError(
                f"AIS sentence {text!r} is message type {msg.get('msg_type')}, not a position "
                "report (1, 2, 3, 18, 19, 27)",
                field="sentence",
                value=text,
            )
        hdg = _na(msg.get("heading"), 511)
        out.append(
            AisPosition(
                msg_type=int(msg["msg_type"]),
                mmsi=int(msg["mmsi"]),
                lat_deg=_na(msg.get("lat"), 91.0),
                lon_deg=_na(msg.get("lon"), 181.0),
                speed_over_ground_kt=_na(msg.get("speed"), 102.3),
                course_over_ground_deg=_na(msg.get("course"), 360.0),
                heading_deg=None if hdg is None else int(hdg),
            )
        )
    return out
