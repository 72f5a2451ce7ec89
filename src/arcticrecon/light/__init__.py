"""Sun and moon events that never fail at high latitude: polar night, midnight sun, twice-a-day events.

Three views of the same crossings:

- *events* — :func:`sun_event_table` (every crossing, one row each) and the per-day
  :func:`sun_events` Dataset (first event of each calendar day, counts, states, time
  above each threshold within the day);
- *intervals* — :func:`sun_interval_table`: the daylight / civil / nautical /
  astronomical light periods that start on each local date, each with its end (which
  may fall on a later date) and the date's state; the day length is an interval's
  duration;
- *windows* — :func:`light_in_daily_window`: time above a threshold inside a daily
  local time window (a working day), vectorised for grids.

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
    moon_day_table,
    moon_events,
    sun_events,
)
from arcticrecon.light.intervals import INTERVAL_KINDS, INTERVAL_STATES, sun_interval_table
from arcticrecon.light.moon import moon_illumination
from arcticrecon.light.tables import moon_event_table, sun_event_table
from arcticrecon.light.windows import light_in_daily_window

__all__ = [
    "DAY_STATES",
    "INTERVAL_KINDS",
    "INTERVAL_STATES",
    "SUN_EVENT_NAMES",
    "SUN_THRESHOLDS_DEG",
    "THRESHOLD_STATES",
    "iter_sun_events",
    "light_in_daily_window",
    "moon_day_table",
    "moon_event_table",
    "moon_events",
    "moon_illumination",
    "sun_event_table",
    "sun_events",
    "sun_interval_table",
]
