"""Features of one exercise over sites x windows (the input of the ranking).

The feature Dataset has dims ``(location, time)``: ``location`` holds the site ids (ICAO or
OurAirports ident), ``time`` the window start dates (with ``window_end`` beside them).
Every engine below works on whole arrays of locations x times.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import xarray as xr

from arcticrecon import light
from arcticrecon.catalog import Aircraft, Site, site_compatibility
from arcticrecon.catalog.models import Surface
from arcticrecon.cold import cold_risk_table
from arcticrecon.geo import pairwise_distance_m
from arcticrecon.ice import site_port_access
from arcticrecon.logistics.flights import BLOCK_ALLOWANCE_S, flight_time_s
from arcticrecon.mission import ExerciseConcept
from arcticrecon.planner.windows import window_mean, window_months, windows_for

__all__ = ["build_features", "site_light"]


def site_light(sites: list[Site], start: dt.date, end: dt.date) -> xr.Dataset:
    """Daily sun events for sites (UTC days), with ``location`` = site ids.

    Uses the fast light engine (:func:`arcticrecon.light.sun_events`).
    """
    ds = light.sun_events(
        np.array([s.lat_deg for s in sites]),
        np.array([s.lon_deg for s in sites]),
        start,
        end,
        elevation_m=np.array([s.elevation_m or 0.0 for s in sites]),
    )
    return ds.assign_coords(location=[s.icao for s in sites])


def build_features(
    sites: list[Site],
    hubs: list[Site],
    exercise: ExerciseConcept,
    aircraft: list[Aircraft],
    light_ds: xr.Dataset,
    t2m_monthly: xr.DataArray | None = None,
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
    """
    windows = windows_for(exercise.season.from_, exercise.season.to, exercise.window)
    ids = [s.icao for s in sites]
    lds = light_ds.sel(location=ids)
    civil = window_mean(lds["civil_light_s"] / 3600.0, windows)
    nautical = window_mean(lds["nautical_light_s"] / 3600.0, windows)
    daylight = window_mean(lds["day_length_s"] / 3600.0, windows)
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
        verdicts = [(a, site_compatibility(a, s)) for a in aircraft]
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
                ["" if s.is_open else "listed as closed in OurAirports" for s in sites],
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
    ds["civil_light_h"].attrs["units"] = "h/day"
    ds["nautical_light_h"].attrs["units"] = "h/day"
    ds["daylight_h"].attrs["units"] = "h/day"
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
