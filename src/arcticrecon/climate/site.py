"""Monthly climate of one catalogue site: station normals beside the ERA5 grid value.

Station values (nearest station with normals within 25 km) keep their period, source and
confidence; the ERA5 value comes from :func:`arcticrecon.climate.era5.monthly_t2m` (cell
rule documented there). Where both exist and differ by more than
:data:`DISAGREE_DEGC` both are shown and the row says so.
"""

from __future__ import annotations

from typing import Any

from arcticrecon.climate.era5 import ERA5_ATTRIBUTION, monthly_t2m
from arcticrecon.climate.normals import nearest_station, station_normals

__all__ = ["DISAGREE_DEGC", "site_climate"]

#: Station-grid difference above which the table flags a disagreement [°C] (arcticrecon
#: choice: larger than the 0.2-0.6 °C spread between sources of the same normal).
DISAGREE_DEGC = 1.0


def site_climate(
    *, lat_deg: float, lon_deg: float, elevation_m: float | None = None
) -> dict[str, Any]:
    """Monthly mean temperature (ERA5 and station) and station daily minimum at a point.

    Parameters
    ----------
    lat_deg, lon_deg : float
        Site position. [deg]
    elevation_m : float, optional
        Site elevation. [m]

    Returns
    -------
    dict
        ``{"station": name or None, "station_distance_km", "era5_cell": {...}, "rows":
        [12 dicts: month, era5_t2m_degC, station_mean_degC, station_mean_daily_min_degC,
        station_period, station_confidence, diff_station_minus_era5_degC, agreement],
        "sources": [str]}``; unknown values are ``None``.

    Raises
    ------
    OutOfDomainError
        If the site is outside the ERA5 grid.

    Examples
    --------
    >>> c = site_climate(lat_deg=64.191066, lon_deg=-51.67914)   # BGGH Nuuk
    >>> c["station"], c["rows"][0]["station_mean_degC"], c["rows"][0]["era5_t2m_degC"]
    ('Nuuk', -7.5, -8.1)
    """
    t = monthly_t2m([lat_deg], [lon_deg], None if elevation_m is None else [elevation_m])
    st = nearest_station(lat_deg=lat_deg, lon_deg=lon_deg)
    means: dict[int, Any] = {}
    mins: dict[int, Any] = {}
    sources: list[str] = []
    if st is not None:
        for v in station_normals(st[0]):
            if v.month is None:
                continue
            if v.variable == "mean_temperature" and v.month not in means:
                means[v.month] = v
            elif v.variable == "mean_daily_min" and v.month not in mins:
                mins[v.month] = v
        sources = sorted(
            {
                f"{v.station} {v.variable} {v.period}: {v.source} (confidence {v.confidence})"
                for v in list(means.values()) + list(mins.values())
            }
        )
    sources.append(str(t.attrs["source"]))
    rows = []
    for m in range(1, 13):
        era5 = round(float(t.sel(month=m).values[0]), 1)
        sm = means.get(m)
        sn = mins.get(m)
        diff = None if sm is None else round(sm.value - era5, 1)
        rows.append(
            {
                "month": m,
                "era5_t2m_degC": era5,
                "station_mean_degC": None if sm is None else sm.value,
                "station_mean_daily_min_degC": None if sn is None else sn.value,
                "station_period": None if sm is None and sn is None else (sm or sn).period,  # type: ignore[union-attr]
                "station_confidence": None if sm is None and sn is None else (sm or sn).confidence,  # type: ignore[union-attr]
                "diff_station_minus_era5_degC": diff,
                "agreement": (
                    "no station value"
                    if diff is None
                    else (
                        "station and grid disagree: both shown"
                        if abs(diff) > DISAGREE_DEGC
                        else "agree"
                    )
                ),
            }
        )
    return {
        "station": None if st is None else st[0],
        "station_distance_km": None if st is None else round(st[1], 1),
        "era5_cell": {
            "lat_deg": float(t.cell_lat_deg.values[0]),
            "lon_deg": float(t.cell_lon_deg.values[0]),
            "rule": str(t.cell_rule.values[0]),
            "land_fraction": round(float(t.land_fraction.values[0]), 2),
        },
        "rows": rows,
        "sources": sources,
        "attribution": ERA5_ATTRIBUTION,
    }
