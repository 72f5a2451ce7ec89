"""Features of one exercise over sites x windows (the input of the ranking).

The feature Dataset has dims ``(location, time)``: ``location`` holds the site ids (ICAO or
OurAirports ident), ``time`` the window start dates (with ``window_end`` beside them).
Every engine below works on whole arrays of locations x times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd
import xarray as xr

from arcticrecon import light
from arcticrecon.catalog import Aircraft, Compatibility, Site, site_compatibility
from arcticrecon.catalog.models import Surface
from arcticrecon.cold import cold_risk_table
from arcticrecon.geo import pairwise_distance_m
from arcticrecon.ice import site_port_access
from arcticrecon.logistics.flights import BLOCK_ALLOWANCE_S, flight_time_s
from arcticrecon.mission import DailyHours, ExerciseConcept
from arcticrecon.planner.windows import window_mean, window_months, windows_for
from arcticrecon.rank import Concept
from arcticrecon.survey.overrides import closed_reason

__all__ = [
    "build_features",
    "h_hour_light",
    "site_light",
    "site_light_intervals",
    "working_day_light",
    "working_hours_concept",
]


#: Interval kinds of the plan's light.csv (as ``arcticrecon light``'s table: BMNT..EENT,
#: BMCT..EECT, sunrise..sunset; astronomical twilight is in ``arcticrecon light -f csv``).
PLAN_LIGHT_KINDS = ("daylight", "civil", "nautical")


def _by_zone(sites: list[Site]) -> dict[str, list[int]]:
    zones: dict[str, list[int]] = {}
    for i, s in enumerate(sites):
        zones.setdefault(s.tz, []).append(i)
    return zones


def site_light_intervals(sites: list[Site], start: dt.date, end: dt.date) -> pd.DataFrame:
    """Light intervals of sites on the local dates of each site's zone (the ``light.csv``).

    :func:`arcticrecon.light.sun_interval_table` run once per zone (America/Nuuk,
    America/Thule, America/Scoresbysund, America/Danmarkshavn); ``location`` indexes
    ``sites`` and an ``icao`` column and a ``tz`` column name the site and its zone.
    """
    parts = []
    icao = np.asarray([s.icao for s in sites], dtype=object)
    for tz, idx in _by_zone(sites).items():
        sel = [sites[i] for i in idx]
        t = light.sun_interval_table(
            np.array([s.lat_deg for s in sel]),
            np.array([s.lon_deg for s in sel]),
            start,
            end,
            elevation_m=np.array([s.elevation_m or 0.0 for s in sel]),
            tz=tz,
            kinds=PLAN_LIGHT_KINDS,
        )
        t["location"] = np.asarray(idx, dtype=np.int64)[t["location"].to_numpy()]
        t.insert(1, "icao", icao[t["location"].to_numpy()])
        t.insert(2, "tz", tz)
        parts.append(t)
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["location", "date"], kind="stable").reset_index(drop=True)


def site_light(
    sites: list[Site], start: dt.date, end: dt.date, intervals: pd.DataFrame | None = None
) -> xr.Dataset:
    """Light per site and local date (each site's zone), with ``location`` = site ids.

    The per-date view (:func:`arcticrecon.light.records.daily_light_dataset`) of
    :func:`site_light_intervals`: hours above each threshold within the date, the date's
    interval state (``day_state`` = normal, midnight_sun, polar_night, ...) and the day
    length of the daylight that starts on it.
    """
    from arcticrecon.light.records import daily_light_dataset

    table = site_light_intervals(sites, start, end) if intervals is None else intervals
    result: xr.Dataset = daily_light_dataset(table, [s.icao for s in sites])
    return result


def working_day_light(
    sites: list[Site], windows: list[tuple[dt.date, dt.date]], hours: DailyHours
) -> xr.Dataset:
    """Civil and nautical light inside the daily working hours, per site and local date.

    Parameters
    ----------
    sites : list of Site, length n
    windows : list of (date, date)
        Planning windows; the dates from the first start to the last end are computed.
    hours : DailyHours
        Working hours in each site's zone's wall-clock time.

    Returns
    -------
    xarray.Dataset
        Dims ``(location, day)``, ``location`` = site ids: ``civil_in_window_s``,
        ``nautical_in_window_s`` [s] and ``window_s`` (the working day's length that
        date) [s], from :func:`arcticrecon.light.light_in_daily_window`.
    """
    out: dict[str, np.ndarray] = {}
    days = None
    for tz, idx in _by_zone(sites).items():
        sel = [sites[i] for i in idx]
        ds = light.light_in_daily_window(
            np.array([s.lat_deg for s in sel]),
            np.array([s.lon_deg for s in sel]),
            windows[0][0],
            windows[-1][1],
            window_start=hours.start,
            window_end=hours.end,
            crosses_midnight=hours.crosses_midnight,
            tz=tz,
            kinds=("civil", "nautical"),
            elevation_m=np.array([s.elevation_m or 0.0 for s in sel]),
        )
        days = ds["day"].values
        win = np.broadcast_to(ds["window_s"].values, (len(sel), days.size))
        for name, arr in (
            ("civil_in_window_s", ds["civil_in_window_s"].values),
            ("nautical_in_window_s", ds["nautical_in_window_s"].values),
            ("window_s", win),
        ):
            out.setdefault(name, np.empty((len(sites), days.size)))[idx] = arr
    return xr.Dataset(
        {k: (("location", "day"), v, {"units": "s"}) for k, v in out.items()},
        coords={"location": [s.icao for s in sites], "day": days},
    )


def h_hour_light(
    sites: list[Site], windows: list[tuple[dt.date, dt.date]], h_hour: dt.time
) -> xr.DataArray:
    """Whether the Sun is above -6° (civil light) at H-hour, per site and local date.

    Read as civil light during the minute that starts at H-hour (at least half of it:
    :func:`arcticrecon.light.light_in_daily_window` over ``[H, H + 1 min]``), in each
    site's zone. Dims ``(location, day)``, 1.0 = civil light at H-hour, 0.0 = not.
    """
    end = (dt.datetime.combine(dt.date(2000, 1, 1), h_hour) + dt.timedelta(minutes=1)).time()
    out = None
    days = None
    for tz, idx in _by_zone(sites).items():
        sel = [sites[i] for i in idx]
        ds = light.light_in_daily_window(
            np.array([s.lat_deg for s in sel]),
            np.array([s.lon_deg for s in sel]),
            windows[0][0],
            windows[-1][1],
            window_start=h_hour,
            window_end=dt.time.max if end == dt.time(0, 0) else end,
            tz=tz,
            kinds=("civil",),
            elevation_m=np.array([s.elevation_m or 0.0 for s in sel]),
        )
        days = ds["day"].values
        if out is None:
            out = np.empty((len(sites), days.size))
        out[idx] = (ds["civil_in_window_s"].values >= 30.0).astype(float)
    return xr.DataArray(
        out, dims=("location", "day"), coords={"location": [s.icao for s in sites], "day": days}
    )


def working_hours_concept(concept: Concept, hours: DailyHours) -> Concept:
    """The concept with its light criteria read inside the working day.

    ``civil_light`` and ``nautical_light`` then score hours of light inside the daily
    working hours on the scale 0 .. the working day's length (a whole working day in
    civil light scores 1), not 0-24 h.
    """
    crit = []
    for c in concept.criteria:
        if c.name in ("civil_light", "nautical_light"):
            c = replace(
                c,
                scale=(0.0, hours.hours),
                label=f"{c.label} in working hours {hours.label()}",
                source=f"{c.source}; counted inside the working hours {hours.label()} "
                "(local time of each site's zone); scale = 0 to the working day's length",
            )
        crit.append(c)
    return replace(concept, criteria=tuple(crit))


def build_features(
    sites: list[Site],
    hubs: list[Site],
    exercise: ExerciseConcept,
    aircraft: list[Aircraft],
    light_ds: xr.Dataset,
    t2m_monthly: xr.DataArray | None = None,
    *,
    compatibility: Callable[[Aircraft, Site], Compatibility] = site_compatibility,
) -> xr.Dataset:
    """Feature Dataset of one exercise over sites x windows.

    Parameters
    ----------
    sites : list of Site, length n
    hubs : list of Site
        The mission's hubs; access is the geodesic distance to the nearest one.
    exercise : ExerciseConcept
    aircraft : list of Aircraft
        The exercise's aircraft; a site is reachable if any of them can use it.
    light_ds : xarray.Dataset
        Daily light of the same sites (:func:`site_light`), covering the season.
    t2m_monthly : xarray.DataArray, dims (location, month), optional
        ERA5 monthly mean 2 m temperature of the same sites [°C]
        (:func:`arcticrecon.climate.monthly_t2m`). Without it the cold variables are
        left out (and the ranking says so).
    compatibility : callable(Aircraft, Site) -> Compatibility, optional
        Whether an aircraft may use a site (default
        :func:`arcticrecon.catalog.site_compatibility`; the plan passes
        :func:`arcticrecon.zones.survey_compatibility` so surveyed zones follow their
        survey verdicts).

    Returns
    -------
    xarray.Dataset
        Dims ``(location, time)`` (n sites x windows). Variables: ``civil_light_h``,
        ``nautical_light_h``, ``daylight_h`` [h/day, window means], ``polar_night_days``,
        ``midnight_sun_days`` [days in window]; per site ``hub_distance_km`` [km],
        ``nearest_hub``, ``runway_length_m`` [m, NaN = no runway], ``runway_paved``
        (an open non-helipad runway with a paved surface) with ``runway_paved_reason``,
        ``runway_lighted`` [1 = an open runway is flagged lighted in OurAirports, 0 = none
        is], ``site_open``, ``site_open_reason``, ``aircraft_ok``, ``aircraft_reason``,
        ``aircraft_caveats``; ``flight_time_h`` [h]: block time from the nearest hub with
        the quickest of the exercise's aircraft that can use the site (great-circle
        distance / cruise speed + the 0.5 h block allowance of
        :data:`arcticrecon.logistics.flights.BLOCK_ALLOWANCE_S`; NaN when no aircraft is
        listed or none can use the site). Cold (with ``t2m_monthly``): ``t2m_mean_degC``
        [°C] (month of the window's midpoint), ``wind_chill_degC`` [°C] and
        ``frostbite_band`` (0-4, Environment Canada) at the exercise's design wind
        ``design_wind_kmh``. Ice (when the exercise names ``ship_ice_class``):
        ``port_access`` (1 reachable, 0 not, NaN unknown) from the cited port facts.
        With the exercise's ``daily_hours``, ``civil_light_h`` and ``nautical_light_h``
        are the window means of the light *inside the working hours* (local time of each
        site's zone; :func:`working_day_light`); with its ``h_hour``,
        ``h_hour_civil_light_days`` counts the window's dates with civil light at H-hour
        (:func:`h_hour_light`).
    """
    windows = windows_for(exercise.season.from_, exercise.season.to, exercise.window)
    ids = [s.icao for s in sites]
    lds = light_ds.sel(location=ids)
    work = exercise.daily_hours
    if work is None:  # light per 24 h (whole local dates)
        civil = window_mean(lds["civil_light_s"] / 3600.0, windows)
        nautical = window_mean(lds["nautical_light_s"] / 3600.0, windows)
    else:  # light inside the working hours of each date
        wl = working_day_light(sites, windows, work)
        civil = window_mean(wl["civil_in_window_s"] / 3600.0, windows)
        nautical = window_mean(wl["nautical_in_window_s"] / 3600.0, windows)
    daylight = window_mean(lds["daylight_s"] / 3600.0, windows)
    h_days = None
    if exercise.h_hour is not None:  # dates in the window with civil light at H-hour
        h_days = window_mean(h_hour_light(sites, windows, exercise.h_hour), windows)
    pn = window_mean((lds["day_state"] == "polar_night").astype(float), windows)
    ms = window_mean((lds["day_state"] == "midnight_sun").astype(float), windows)
    ndays = np.array([(b - a).days + 1 for a, b in windows], dtype=float)

    d_m = pairwise_distance_m(
        lat1_deg=[s.lat_deg for s in sites],
        lon1_deg=[s.lon_deg for s in sites],
        lat2_deg=[h.lat_deg for h in hubs],
        lon2_deg=[h.lon_deg for h in hubs],
    )
    nearest = d_m.argmin(axis=1)

    hub_dist_m = d_m.min(axis=1)
    ok, why, cav, flight_h = [], [], [], []
    for i, s in enumerate(sites):
        if not aircraft:
            ok.append(True)
            why.append("")
            cav.append("")
            flight_h.append(np.nan)
            continue
        verdicts = [(a, compatibility(a, s)) for a in aircraft]
        good = [(a, v) for a, v in verdicts if v.ok]
        # quickest usable aircraft from the nearest hub: en-route time + block allowance
        times = [
            flight_time_s(float(hub_dist_m[i]), a.cruise_speed_m_s) + BLOCK_ALLOWANCE_S
            for a, _ in good
        ]
        flight_h.append(min(times) / 3600.0 if times else np.nan)
        ok.append(bool(good))
        why.append("" if good else "; ".join(f"{a.key}: {v.reason}" for a, v in verdicts))
        cav.append("; ".join(c for _, v in good for c in v.caveats))

    strips = [[r for r in s.open_runways if not r.is_helipad] for s in sites]
    paved = [any(r.surface is Surface.PAVED for r in rw) for rw in strips]
    time = pd.DatetimeIndex([pd.Timestamp(a) for a, _ in windows])
    ds = xr.Dataset(
        {
            "civil_light_h": (("time", "location"), civil.values),
            "nautical_light_h": (("time", "location"), nautical.values),
            "daylight_h": (("time", "location"), daylight.values),
            "polar_night_days": (("time", "location"), pn.values * ndays[:, None]),
            "midnight_sun_days": (("time", "location"), ms.values * ndays[:, None]),
            "hub_distance_km": ("location", hub_dist_m / 1000.0),
            "flight_time_h": ("location", np.asarray(flight_h, dtype=float)),
            "nearest_hub": ("location", [hubs[i].icao for i in nearest]),
            "runway_length_m": (
                "location",
                [np.nan if s.longest_runway_m is None else s.longest_runway_m for s in sites],
            ),
            "runway_paved": ("location", paved),
            "runway_paved_reason": (
                "location",
                [
                    "" if p else ("no open runway listed" if not rw else "no paved open runway")
                    for p, rw in zip(paved, strips, strict=True)
                ],
            ),
            "runway_lighted": ("location", [float(any(r.lighted for r in rw)) for rw in strips]),
            "site_open": ("location", [s.is_open for s in sites]),
            "site_open_reason": (
                "location",
                [closed_reason(s) for s in sites],
            ),
            "aircraft_ok": ("location", ok),
            "aircraft_reason": ("location", why),
            "aircraft_caveats": ("location", cav),
        },
        coords={
            "location": ids,
            "time": time,
            "window_end": ("time", pd.DatetimeIndex([pd.Timestamp(b) for _, b in windows])),
            "name": ("location", [s.name for s in sites]),
            "lat_deg": ("location", [s.lat_deg for s in sites]),
            "lon_deg": ("location", [s.lon_deg for s in sites]),
        },
    ).transpose("location", "time")
    if h_days is not None:
        ndays_t = xr.DataArray(ndays, dims="time")
        ds["h_hour_civil_light_days"] = (h_days * ndays_t).transpose("location", "time")
        ds["h_hour_civil_light_days"].attrs.update(
            units="days",
            long_name=f"dates in the window with the Sun above -6 deg at H-hour "
            f"{exercise.h_hour:%H:%M} local",
        )
    inside = "per local date" if work is None else f"inside the working hours {work.label()}"
    for v, thr in (("civil_light_h", "-6"), ("nautical_light_h", "-12")):
        ds[v].attrs.update(
            units="h/day", long_name=f"mean hours with the Sun above {thr} deg {inside}"
        )
    ds["daylight_h"].attrs.update(
        units="h/day", long_name="mean hours with the Sun above -0.833 deg per local date"
    )
    months = window_months(windows)
    if t2m_monthly is not None:
        t2m = t2m_monthly.sel(location=ids).sel(month=xr.DataArray(months, dims="time"))
        risk = cold_risk_table(
            t2m.drop_vars([c for c in t2m.coords if c not in t2m.dims]),
            [exercise.design_wind_kmh],
            exposure_h=exercise.exposure_h_per_day,
        ).isel(wind_kmh=0)
        ds["t2m_mean_degC"] = (("location", "time"), t2m.transpose("location", "time").values)
        ds["t2m_mean_degC"].attrs.update(units="degC", source=t2m_monthly.attrs.get("source", ""))
        ds["wind_chill_degC"] = (
            ("location", "time"),
            risk["wind_chill_degC"].transpose("location", "time").values,
        )
        ds["frostbite_band"] = (
            ("location", "time"),
            risk["frostbite_band"].transpose("location", "time").values.astype(float),
        )
        ds["frostbite_band"].attrs["design_wind_kmh"] = exercise.design_wind_kmh
    if exercise.ship_ice_class:
        access = site_port_access(ids, exercise.ship_ice_class)
        ds["port_access"] = (("location", "time"), access.values[:, months - 1])
        ds["port_access"].attrs["source"] = access.attrs.get("source", "")
    ds["hub_distance_km"].attrs["units"] = "km"
    ds["flight_time_h"].attrs["units"] = "h"
    ds["runway_length_m"].attrs["units"] = "m"
    return ds
