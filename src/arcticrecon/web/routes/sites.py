"""Catalogue sites, with the reader's visible findings applied; light and cold per site.

``/api/sites``, ``/api/sites/{icao}``, ``/api/sites/{icao}/light``, ``/api/sites/{icao}/cold``.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from arcticrecon.catalog import Site
from arcticrecon.errors import InputError
from arcticrecon.web.deps import StateDep, ViewDep, policy
from arcticrecon.web.mapdata import project_m
from arcticrecon.web.routes.surveys import report_public
from arcticrecon.web.schemas import SiteCold, SiteDetail, SiteLight, SitePublic
from arcticrecon.web.state import AppState

__all__ = ["MAX_LIGHT_DAYS", "router"]

router = APIRouter(prefix="/api", tags=["sites"], dependencies=[Depends(policy)])

#: Longest light request [days] (one year and a leap day).
MAX_LIGHT_DAYS = 366


@lru_cache(maxsize=4096)
def _site_xy_m(lat_deg: float, lon_deg: float) -> tuple[float, float]:
    x, y = project_m(lat_deg=lat_deg, lon_deg=lon_deg)
    return float(x[0]), float(y[0])


def _site_record(site: Site, overrides: dict[str, Any], n_reports: int) -> dict[str, Any]:
    x_m, y_m = _site_xy_m(site.lat_deg, site.lon_deg)
    longest = site.longest_runway_m
    rec: dict[str, Any] = {
        "icao": site.icao,
        "name": site.name,
        "kind": site.kind.value,
        "lat_deg": site.lat_deg,
        "lon_deg": site.lon_deg,
        "x_m": x_m,
        "y_m": y_m,
        "elevation_m": site.elevation_m,
        "tz": site.tz,
        "iata": site.iata or None,
        "municipality": site.municipality or None,
        "longest_runway_m": None if longest is None else round(longest, 1),
        "closed": not site.is_open,
        "overrides": dict(overrides),
        "catalogue": {},
        "n_reports": n_reports,
    }
    for field_name in ("longest_runway_m", "elevation_m", "closed"):
        if field_name in overrides:
            rec["catalogue"][field_name] = rec[field_name]
            value = overrides[field_name]
            rec[field_name] = (str(value).lower() == "true") if field_name == "closed" else value
    return rec


def _site(st: AppState, icao: str) -> Site:
    return st.catalog.get(icao)


@router.get("/sites", response_model=list[SitePublic])
def sites(
    view: ViewDep,
    st: StateDep,
    kind: Annotated[list[str] | None, Query(max_length=10)] = None,
) -> list[dict[str, Any]]:
    """All catalogue sites, with the overrides released to the reader applied."""
    eff = view.effective_overrides()
    counts = view.report_counts()
    kinds = {k.lower() for k in kind} if kind else None
    return [
        _site_record(s, eff.get(s.icao, {}), counts.get(s.icao, 0))
        for s in st.catalog
        if kinds is None or s.kind.value in kinds
    ]


@router.get("/sites/{icao}", response_model=SiteDetail)
def site_detail(view: ViewDep, st: StateDep, icao: str) -> dict[str, Any]:
    """One site: runways, visible overrides with their markings, visible reports."""
    site = _site(st, icao)
    records = view.overrides(site=site.icao)
    reports = view.reports(site=site.icao)
    eff: dict[str, Any] = {}
    for o in records:
        eff[o.field] = o.value
    rec = _site_record(site, eff, len(reports))
    rec["runways"] = site.to_dict()["runways"]
    rec["override_records"] = [o.to_dict() for o in records]
    rec["reports"] = [report_public(r) for r in reports]
    return rec


def _date(value: str | None, default: dt.date, name: str) -> dt.date:
    if value is None:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{name}={value!r} is not a date; give YYYY-MM-DD", field=name, value=value
        ) from None


@router.get("/sites/{icao}/light", response_model=SiteLight)
def site_light(
    view: ViewDep,
    st: StateDep,
    icao: str,
    start: Annotated[
        str | None, Query(description="first day YYYY-MM-DD (site-local calendar)")
    ] = None,
    end: Annotated[
        str | None, Query(description="last day YYYY-MM-DD, at most 366 days on")
    ] = None,
) -> dict[str, Any]:
    """Light intervals per site-local date: daylight, civil, nautical, astronomical.

    Each date lists the intervals that start on it with their end (which may be on a later
    date), the date's state (normal, midnight sun, polar night, ...), the day length
    (sunrise to the sunset that closes it) and the hours above each threshold within the
    date; the same records as ``arcticrecon light --format json``.
    """
    from arcticrecon.light.records import light_days

    site = _site(st, icao)
    today = dt.datetime.now(dt.UTC).date()
    d0 = _date(start, today, "start")
    d1 = _date(end, d0 + dt.timedelta(days=30), "end")
    if d1 < d0:
        raise InputError(
            f"end {d1} is before start {d0}; give end >= start", field="end", value=str(d1)
        )
    if (d1 - d0).days + 1 > MAX_LIGHT_DAYS:
        raise InputError(
            f"{(d1 - d0).days + 1} days requested; at most {MAX_LIGHT_DAYS} per request",
            field="end",
            value=str(d1),
            valid_range=(1, MAX_LIGHT_DAYS),
        )
    days = light_days(
        site.lat_deg, site.lon_deg, d0, d1, tz=site.tz, elevation_m=site.elevation_m or 0.0
    )
    return {
        "icao": site.icao,
        "tz": site.tz,
        "start": d0,
        "end": d1,
        "method": "Intervals that start on each site-local date, each with the crossing that "
        "closes it (which may fall on a later date); Sun's centre at -0.833° (sunrise/sunset, "
        "USNO), -6° civil (BMCT/EECT), -12° nautical (BMNT/EENT), -18° astronomical",
        "days": days,
    }


@router.get("/sites/{icao}/cold", response_model=SiteCold)
def site_cold(
    view: ViewDep,
    st: StateDep,
    icao: str,
    wind_kmh: Annotated[
        list[float] | None, Query(max_length=6, description="design winds at 10 m [km/h]")
    ] = None,
    exposure_h: Annotated[
        float, Query(ge=0.0, le=24.0, description="time outdoors per day [h]")
    ] = 4.0,
) -> dict[str, Any]:
    """Monthly cold table: wind chill (JAG/TI 2001) at the site's monthly temperature.

    The temperature is the nearest station's mean daily minimum where known, else the
    monthly mean (station, else ERA5); winds are design scenarios, not a climatology.
    """
    from arcticrecon.climate import site_climate
    from arcticrecon.cold import (
        DEFAULT_WIND_SCENARIOS_KMH,
        FROSTBITE_BANDS,
        RISK_CLASSES,
        cold_injury_risk_class,
        wind_chill,
    )

    site = _site(st, icao)
    winds = list(wind_kmh) if wind_kmh else list(DEFAULT_WIND_SCENARIOS_KMH)
    for w in winds:
        if not 0.0 <= w <= 200.0:
            raise InputError(
                f"wind_kmh={w:g} is outside 0..200 km/h",
                field="wind_kmh",
                value=w,
                valid_range=(0.0, 200.0),
            )
    clim = site_climate(lat_deg=site.lat_deg, lon_deg=site.lon_deg, elevation_m=site.elevation_m)
    months = []
    for r in clim["rows"]:
        mean = r["station_mean_degC"] if r["station_mean_degC"] is not None else r["era5_t2m_degC"]
        tmin = r["station_mean_daily_min_degC"]
        basis = tmin if tmin is not None else mean
        res = wind_chill([basis] * len(winds), winds)
        months.append(
            {
                "month": r["month"],
                "t2m_degC": basis,
                "basis": "station mean daily minimum"
                if tmin is not None
                else (
                    "station monthly mean"
                    if r["station_mean_degC"] is not None
                    else "ERA5 monthly mean"
                ),
                "era5_t2m_degC": r["era5_t2m_degC"],
                "station_mean_degC": r["station_mean_degC"],
                "winds": [
                    {
                        "wind_kmh": w,
                        # outside the index domain the engine reports the air temperature
                        # and ``applicable`` says so (never a warmer "feels like")
                        "wind_chill_degC": round(float(v), 1),
                        "applicable": bool(ok),
                        "frostbite_label": FROSTBITE_BANDS[int(b)].label,
                    }
                    for w, v, ok, b in zip(
                        winds, res.wind_chill_degC, res.applicable, res.frostbite_band, strict=True
                    )
                ],
                "risk_label": RISK_CLASSES[
                    int(cold_injury_risk_class(res.wind_chill_degC.min(), exposure_h))
                ],
            }
        )
    return {
        "icao": site.icao,
        "station": clim["station"],
        "wind_kmh": winds,
        "exposure_h": exposure_h,
        "months": months,
        "source": "Wind chill: JAG/TI 2001 (ECCC/NWS); winds are design scenarios at 10 m, "
        "not a climatology. " + " · ".join(clim["sources"]),
    }
