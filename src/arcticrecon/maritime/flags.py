"""Flag state of an MMSI from its Maritime Identification Digits (ITU table).

An MMSI (ITU-R M.585-9, Annex 1) of a ship station is ``MIDXXXXXX``: its first three
digits, 201-775, are the MID allocated to the administration that assigned it (the flag
state). Other forms: ``0MIDXXXXX``/``00MIDXXXX`` coast stations and groups, ``111MIDXXX``
SAR aircraft, ``98MIDXXXX`` craft associated with a parent ship, ``99MIDXXXX`` aids to
navigation, ``970``/``972``/``974`` AIS-SART, MOB and EPIRB-AIS devices (no flag).

The MID table is ``data/itu_mid.csv``: ITU, "Table of Maritime Identification Digits"
(Appendix 43 to the Radio Regulations; published in the ITU MARS database,
https://www.itu.int/en/ITU-R/terrestrial/fmd/Pages/mid.aspx), transcribed with ISO 3166-1
codes (see ``data/README.md``). An MID not in the table gives ``None`` (unknown, never
guessed).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["MmsiInfo", "flag_of_mmsi", "mid_table"]


@dataclass(frozen=True)
class MmsiInfo:
    """What an MMSI says about its station.

    Attributes
    ----------
    kind : str
        ``ship``, ``coast``, ``sar_aircraft``, ``craft_of_parent_ship``, ``aid_to_navigation``,
        ``sart_mob_epirb``, ``handheld`` or ``unknown``.
    mid : int or None
    flag_alpha3 : str or None
        ISO 3166-1 alpha-3 of the MID's territory (``GRL`` for 331), None when unknown.
    allocated_to : str or None
        The ITU table's wording (``"Greenland (Denmark)"``).
    """

    kind: str
    mid: int | None
    flag_alpha3: str | None
    allocated_to: str | None


@lru_cache(maxsize=1)
def mid_table() -> dict[int, tuple[str, str]]:
    """MID -> (ISO alpha-3, allocated to), from ``data/itu_mid.csv``."""
    from arcticrecon.sources.embedded import data_path

    with data_path("itu_mid.csv").open(encoding="utf-8", newline="") as fh:
        return {int(r["mid"]): (r["alpha3"], r["allocated_to"]) for r in csv.DictReader(fh)}


def flag_of_mmsi(mmsi: int) -> MmsiInfo:
    """Station kind and flag state of an MMSI (ITU-R M.585-9).

    Parameters
    ----------
    mmsi : int
        Nine-digit MMSI.

    Returns
    -------
    MmsiInfo

    Examples
    --------
    >>> flag_of_mmsi(331000501).flag_alpha3, flag_of_mmsi(219000601).allocated_to
    ('GRL', 'Denmark')
    >>> flag_of_mmsi(111219500).kind
    'sar_aircraft'
    """
    s = f"{int(mmsi):09d}"
    if len(s) != 9:
        return MmsiInfo("unknown", None, None, None)
    if s[:3] in ("970", "972", "974"):
        return MmsiInfo("sart_mob_epirb", None, None, None)
    if s[:3] == "111":
        kind, mid = "sar_aircraft", int(s[3:6])
    elif s[:2] == "98":
        kind, mid = "craft_of_parent_ship", int(s[2:5])
    elif s[:2] == "99":
        kind, mid = "aid_to_navigation", int(s[2:5])
    elif s[:2] == "00":
        kind, mid = "coast", int(s[2:5])
    elif s[0] == "0":
        kind, mid = "coast", int(s[1:4])
    elif s[0] == "8":
        kind, mid = "handheld", int(s[1:4])
    elif s[0] in "234567":
        kind, mid = "ship", int(s[:3])
    else:
        return MmsiInfo("unknown", None, None, None)
    hit = mid_table().get(mid)
    if hit is None:
        return MmsiInfo(kind, mid, None, None)
    return MmsiInfo(kind, mid, hit[0], hit[1])
