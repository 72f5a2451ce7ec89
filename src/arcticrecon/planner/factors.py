"""Two planning factors for every site: medical evacuation (10-1-2) and GEO satcom.

Per site (dimension ``location``), for one exercise:

* ``medevac_h`` [h]: launch delay + flight to the nearest hospital with surgery by the
  exercise's helicopters and aircraft (:func:`arcticrecon.logistics.medevac.medevac_options`;
  NaN when none of them can get there, with ``medevac_reason``); ``medevac_2h`` (the 2 h
  surgery leg of the 10-1-2 timeline is met), ``medevac_hospital``, ``medevac_asset``;
* ``satcom_elevation_deg`` [deg]: geometric elevation of the geostationary satellite
  (:func:`arcticrecon.geo.satcom.geo_look_angles`, default slot 30°W) and
  ``satcom_flag``: ``"ok"``, ``"below 5°"`` or ``"below horizon"``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from arcticrecon.catalog import Aircraft, Catalog, Site
from arcticrecon.geo.satcom import DEFAULT_GEO_LON_DEG, MIN_ELEVATION_DEG, geo_look_angles
from arcticrecon.logistics.medevac import medevac_options
from arcticrecon.mission import ExerciseConcept

__all__ = ["satcom_flags", "site_factors"]


def satcom_flags(elevation_deg: np.ndarray) -> list[str]:
    """``"ok"``, ``"below 5°"`` or ``"below horizon"`` per elevation.

    Examples
    --------
    >>> satcom_flags(np.array([12.0, 3.0, -0.5]))
    ['ok', 'below 5°', 'below horizon']
    """
    return [
        "below horizon"
        if e < 0.0
        else f"below {MIN_ELEVATION_DEG:g}°"
        if e < MIN_ELEVATION_DEG
        else "ok"
        for e in np.asarray(elevation_deg, dtype=float)
    ]


def site_factors(
    sites: Sequence[Site],
    exercise: ExerciseConcept,
    aircraft: Sequence[Aircraft],
    catalog: Catalog,
    *,
    sat_lon_deg: float = DEFAULT_GEO_LON_DEG,
) -> dict[str, tuple[str, Sequence[object] | np.ndarray]]:
    """Medevac and satcom variables of the sites, ready for ``Dataset.assign``.

    Parameters
    ----------
    sites : sequence of Site, length n
    exercise : ExerciseConcept
        Its ``medevac_launch_delay_min`` is the stated launch delay.
    aircraft : sequence of Aircraft
        The exercise's aircraft and helicopters.
    catalog : Catalog
        For the hospitals' airfields.
    sat_lon_deg : float
        GEO satellite slot [deg east].

    Returns
    -------
    dict
        ``name -> ("location", values)``, each of length n.
    """
    opts = medevac_options(
        sites, aircraft, catalog=catalog, launch_delay_s=exercise.medevac_launch_delay_min * 60.0
    )
    look = geo_look_angles(
        lat_deg=np.array([s.lat_deg for s in sites]),
        lon_deg=np.array([s.lon_deg for s in sites]),
        sat_lon_deg=sat_lon_deg,
        height_m=np.array([s.elevation_m or 0.0 for s in sites]),
    )
    el = np.asarray(look.elevation_deg, dtype=float)
    return {
        "medevac_h": (
            "location",
            np.array([o.total_h if o.hospital is not None else np.nan for o in opts]),
        ),
        "medevac_2h": ("location", [o.meets_surgery_2h for o in opts]),
        "medevac_hospital": ("location", [o.hospital.name if o.hospital else "" for o in opts]),
        "medevac_asset": ("location", [o.asset for o in opts]),
        "medevac_reason": (
            "location",
            [o.reason or "; ".join(o.caveats) for o in opts],
        ),
        "satcom_elevation_deg": ("location", el),
        "satcom_flag": ("location", satcom_flags(el)),
    }
