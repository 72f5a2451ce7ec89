"""Sun and moon events that never fail at high latitude: polar night, midnight sun, twice-a-day events.

Two engines behind one interface: ``engine="fast"`` (default, vectorised NumPy, see
:mod:`arcticrecon.light.fast`) and ``engine="skyfield"`` (skyfield's almanac with DE421,
the reference). Results are ``xarray.Dataset`` objects with dims ``(location, day)``
and UTC times; see :func:`sun_events` for the variables.
"""

from arcticrecon.light.events import (
    DAY_STATES,
    SUN_EVENT_NAMES,
    SUN_THRESHOLDS_DEG,
    THRESHOLD_STATES,
    iter_sun_events,
    moon_event_table,
    moon_events,
    sun_event_table,
    sun_events,
)
from arcticrecon.light.moon import moon_illumination

__all__ = [
    "DAY_STATES",
    "SUN_EVENT_NAMES",
    "SUN_THRESHOLDS_DEG",
    "THRESHOLD_STATES",
    "iter_sun_events",
    "moon_event_table",
    "moon_events",
    "moon_illumination",
    "sun_event_table",
    "sun_events",
]
