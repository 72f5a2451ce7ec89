"""Which of Greenland's four IANA time zones a place uses.

Greenland has four zones in the IANA database (tzdata ``zone1970.tab``):

- ``America/Nuuk`` — most of Greenland (UTC-2 standard since 2023, EU-style summer time);
- ``America/Thule`` — Pituffik Space Base and its surroundings (US/Canada-style DST);
- ``America/Scoresbysund`` — Ittoqqortoormiit / Scoresby Sund;
- ``America/Danmarkshavn`` — the Northeast Greenland National Park coast (UTC+0 all year).

There is no official polygon for these zones in the data we ship, so the choice is a
documented rule on the position (and on OurAirports' region code ``GL-NE``, the National
Park): within 150 km of Pituffik -> Thule (Pituffik "and its surroundings"; this takes in
Qaanaaq, 115 km away, which the project's public light case AR-07 also gives in
``America/Thule``); east coast 69.5-71.5 °N, east of 30 °W ->
Scoresbysund; the National Park region (or north of 74 °N and east of 40 °W) ->
Danmarkshavn; everything else -> Nuuk. Station Nord (81.6 °N) is in the National Park and
so is shown in ``America/Danmarkshavn`` (UTC+0). The tz database names no zone for the
station itself; this is a documented choice, to be replaced if the station's own practice
is confirmed otherwise.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy only for the vectorised rule (the catalogue loads without it)
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["GREENLAND_ZONES", "zone_for", "zone_index"]

GREENLAND_ZONES = (
    "America/Nuuk",
    "America/Thule",
    "America/Scoresbysund",
    "America/Danmarkshavn",
)

# Pituffik Space Base (OurAirports BGTL)
_PITUFFIK = (76.53063, -68.700541)


def _approx_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # equirectangular approximation; accurate to ~1 % at 60 km, enough for a zone rule
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


def zone_for(*, lat_deg: float, lon_deg: float, region: str = "") -> str:
    """IANA zone name for a place in Greenland.

    Parameters
    ----------
    lat_deg, lon_deg : float
        WGS 84 position [deg].
    region : str, optional
        OurAirports ``iso_region`` (``"GL-NE"`` marks the National Park).

    Returns
    -------
    str
        One of :data:`GREENLAND_ZONES`.

    Examples
    --------
    >>> zone_for(lat_deg=64.19, lon_deg=-51.68)
    'America/Nuuk'
    >>> zone_for(lat_deg=76.53, lon_deg=-68.70)
    'America/Thule'
    >>> zone_for(lat_deg=70.49, lon_deg=-21.97)
    'America/Scoresbysund'
    >>> zone_for(lat_deg=81.60, lon_deg=-16.68, region="GL-NE")
    'America/Danmarkshavn'
    """
    if region == "GL-NE" and _approx_km(lat_deg, lon_deg, *_PITUFFIK) > 150.0:
        if not (69.5 <= lat_deg <= 71.5 and lon_deg > -30.0):
            return "America/Danmarkshavn"
    # the rule of zone_index for one point, in plain floats (the catalogue loads without numpy)
    if _approx_km(lat_deg, lon_deg, *_PITUFFIK) <= 150.0:
        return GREENLAND_ZONES[1]
    if 69.5 <= lat_deg <= 71.5 and lon_deg > -30.0:
        return GREENLAND_ZONES[2]
    if lat_deg >= 74.0 and lon_deg > -40.0:
        return GREENLAND_ZONES[3]
    return GREENLAND_ZONES[0]


def zone_index(*, lat_deg: Any, lon_deg: Any) -> NDArray[np.int8]:
    """Vectorised zone rule of :func:`zone_for` (without the region code).

    Parameters
    ----------
    lat_deg, lon_deg : float or ndarray, broadcastable
        WGS 84 positions [deg].

    Returns
    -------
    ndarray of int8, broadcast shape
        Index into :data:`GREENLAND_ZONES` (0 Nuuk, 1 Thule, 2 Scoresbysund,
        3 Danmarkshavn).

    Examples
    --------
    >>> zone_index(lat_deg=[64.19, 76.53, 70.49, 81.6], lon_deg=[-51.68, -68.7, -21.97, -16.7]).tolist()
    [0, 1, 2, 3]
    """
    import numpy as np

    la, lo = np.broadcast_arrays(np.asarray(lat_deg, float), np.asarray(lon_deg, float))
    # equirectangular distance to Pituffik, as _approx_km
    x = np.radians(lo - _PITUFFIK[1]) * np.cos(np.radians((la + _PITUFFIK[0]) / 2))
    y = np.radians(la - _PITUFFIK[0])
    thule = 6371.0 * np.hypot(x, y) <= 150.0
    scoresby = (la >= 69.5) & (la <= 71.5) & (lo > -30.0)
    ne = (la >= 74.0) & (lo > -40.0)
    out = np.select([thule, scoresby, ne], [1, 2, 3], 0)
    return np.asarray(out, dtype=np.int8)
