"""Observation importers: build a monthly climatology from a user's own station/grid files.

Supported formats (each read into one normal form, then summarised the same way):

``isd``
    NOAA ISD-Lite hourly text (https://www.ncei.noaa.gov/pub/data/noaa/isd-lite/,
    "isd-lite-format.pdf"): whitespace-separated, no header, 12 fields: year, month, day,
    hour (UTC), air temperature [°C x 10], dew point [°C x 10], sea-level pressure
    [hPa x 10], wind direction [deg], wind speed [m/s x 10], sky cover code, 1-h and 6-h
    precipitation [mm x 10]; missing = -9999. Station id from the file name
    (``USAF-WBAN-YEAR``) unless given.
``gsod``
    NOAA Global Summary of the Day CSV (NCEI "global-summary-of-the-day" access files):
    columns STATION, DATE, TEMP, MIN, MAX [°F, missing 9999.9], WDSP, MXSPD [kn, missing
    999.9] (others ignored). Daily.
``meteostat``
    Meteostat CSV: hourly with header ``time,temp,...,wspd,...`` or the bulk hourly
    layout without header (date, hour, temp, dwpt, rhum, prcp, snow, wdir, wspd, wpgt,
    pres, tsun, coco); daily with header ``date,tavg,tmin,tmax,...,wspd,...``. Temperature
    [°C], wind speed [km/h] (Meteostat docs, "Hourly data" / "Daily data").
``dmi``
    DMI open data, meteorological observations API (metObs v2): GeoJSON FeatureCollection
    whose features have ``properties`` {stationId, parameterId, observed (UTC ISO time),
    value}; or the same properties flattened to CSV columns ``stationId, parameterId,
    observed, value``. Parameters used: ``temp_dry`` [°C] and ``wind_speed`` [m/s]
    (10-min mean), hourly or 10-minutely.
``era5``
    ERA5 single-level NetCDF from the CDS (variables ``t2m`` [K], ``u10``, ``v10`` [m/s];
    time dim ``time`` or ``valid_time``); each grid cell becomes a site. The arcticrecon
    climatology file (``t2m_mean_degC(month, latitude, longitude)``) is also accepted:
    it only yields monthly means.

Summary per site and calendar month (:data:`SUMMARY_COLUMNS`):

* ``mean_temp_degC`` — mean of all temperature observations (daily data: of daily means);
* ``p10_daily_min_degC`` — 10th percentile of daily minima (hourly data: minimum of each
  day with at least 18 hourly values; daily data: the MIN/tmin column);
* ``p90_wind_kmh`` — 90th percentile of the wind observations (daily data: of daily mean
  winds — noted in ``note``);
* ``hours_wci_le_m28`` / ``_m40`` / ``_m48`` — mean hours per month (over the years
  present) with a wind chill index (JAG/TI, only where applicable) at or below -28 / -40 /
  -48 °C; hourly data only (``None`` for daily data: not derivable).

Every row carries ``source_file`` and ``format``. Malformed files raise
:class:`~arcticrecon.errors.DataSourceError` naming the file, the line/field and the
expected layout.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from arcticrecon.cold.windchill import wind_chill
from arcticrecon.errors import DataSourceError, InputError, UnitError

__all__ = [
    "FORMATS",
    "SUMMARY_COLUMNS",
    "import_observations",
    "read_dmi",
    "read_era5_single_level",
    "read_gsod",
    "read_isd_lite",
    "read_meteostat",
    "summarise_monthly",
]

FORMATS = ("isd", "gsod", "meteostat", "dmi", "era5")
SUMMARY_COLUMNS = (
    "site",
    "month",
    "n_obs",
    "n_days",
    "years",
    "resolution",
    "mean_temp_degC",
    "p10_daily_min_degC",
    "p90_wind_kmh",
    "hours_wci_le_m28",
    "hours_wci_le_m40",
    "hours_wci_le_m48",
    "source_file",
    "format",
    "note",
)
_MS_TO_KMH = 3.6  # 1 m/s = 3.6 km/h exactly
_KT_TO_KMH = 1.852  # 1 kn = 1.852 km/h exactly (1 NM = 1852 m)
_MIN_HOURS_PER_DAY = 18  # days with fewer hourly values give no daily minimum
_OBS_COLUMNS = ["site", "time_utc", "temp_degC", "wind_kmh", "tmin_degC"]


def _fail(path: Path, what: str, fmt: str) -> DataSourceError:
    return DataSourceError(
        f"{path.name}: {what}; expected the {fmt} format (see `arcticrecon climate import --help`)",
        field="file",
        value=str(path),
    )


def _check_temps(df: pd.DataFrame, path: Path, fmt: str) -> pd.DataFrame:
    for col in ("temp_degC", "tmin_degC"):
        if col in df and (df[col] > 60).any():
            v = float(df.loc[df[col] > 60, col].iloc[0])
            raise UnitError(
                f"{path.name}: temperature {v:g} is above 60 °C — the file's temperatures "
                f"look like kelvin or °F, not the °C the {fmt} format uses",
                field=col,
                value=v,
            )
    return df


def _empty(df: pd.DataFrame, path: Path, fmt: str) -> pd.DataFrame:
    if df.empty or df["temp_degC"].notna().sum() == 0:
        raise _fail(path, "no usable temperature observations", fmt)
    return df


def read_isd_lite(path: Path | str, *, site: str | None = None) -> pd.DataFrame:
    """Read a NOAA ISD-Lite hourly file into the observation table.

    Parameters
    ----------
    path : path
        ISD-Lite text file (optionally ``.gz``).
    site : str, optional
        Site name; default ``USAF-WBAN`` from the file name.

    Returns
    -------
    pandas.DataFrame
        Columns site, time_utc (UTC), temp_degC [°C], wind_kmh [km/h], tmin_degC (NaN).

    Raises
    ------
    DataSourceError
        If a line does not have 12 integer fields.
    """
    p = Path(path)
    try:
        raw = pd.read_csv(p, sep=r"\s+", header=None, dtype=str, engine="python")
    except (OSError, pd.errors.ParserError, UnicodeDecodeError, EOFError) as err:
        raise _fail(p, f"cannot be parsed ({err})", "NOAA ISD-Lite") from err
    except pd.errors.EmptyDataError as err:
        raise _fail(p, "is empty", "NOAA ISD-Lite") from err
    if raw.shape[1] != 12:
        raise _fail(p, f"lines have {raw.shape[1]} fields, not 12", "NOAA ISD-Lite")
    try:
        a = raw.astype(int)
    except ValueError as err:
        raise _fail(p, f"non-integer field ({err})", "NOAA ISD-Lite") from err
    t = pd.to_datetime(
        {"year": a[0], "month": a[1], "day": a[2], "hour": a[3]}, errors="coerce", utc=True
    )
    if t.isna().any():
        bad = int(np.flatnonzero(t.isna())[0]) + 1
        raise _fail(p, f"line {bad} has an invalid date/hour", "NOAA ISD-Lite")
    temp = a[4].where(a[4] != -9999) / 10.0
    wind = a[8].where(a[8] != -9999) / 10.0 * _MS_TO_KMH
    name = site or "-".join(p.name.split(".")[0].split("-")[:2])
    df = pd.DataFrame(
        {"site": name, "time_utc": t, "temp_degC": temp, "wind_kmh": wind, "tmin_degC": np.nan}
    )
    return _empty(_check_temps(df, p, "NOAA ISD-Lite"), p, "NOAA ISD-Lite")


def read_gsod(path: Path | str) -> pd.DataFrame:
    """Read a NOAA GSOD daily CSV into the observation table (daily rows).

    Parameters
    ----------
    path : path
        GSOD CSV with columns STATION, DATE, TEMP, MIN, WDSP (°F, knots).

    Returns
    -------
    pandas.DataFrame
        Columns as :func:`read_isd_lite`; ``temp_degC`` is the daily mean, ``tmin_degC``
        the daily minimum, ``wind_kmh`` the daily mean wind.

    Raises
    ------
    DataSourceError
        On missing columns or non-numeric values.
    """
    p = Path(path)
    fmt = "NOAA GSOD CSV (STATION, DATE, TEMP, MIN, WDSP)"
    try:
        raw = pd.read_csv(p, dtype=str, skipinitialspace=True)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise _fail(p, f"cannot be parsed ({err})", fmt) from err
    raw.columns = [c.strip().upper() for c in raw.columns]
    missing = [c for c in ("STATION", "DATE", "TEMP", "MIN", "WDSP") if c not in raw.columns]
    if missing:
        raise _fail(p, f"lacks column(s) {', '.join(missing)}", fmt)
    try:
        temp_f = pd.to_numeric(raw["TEMP"].str.strip())
        min_f = pd.to_numeric(raw["MIN"].str.strip().str.rstrip("*"))
        wdsp = pd.to_numeric(raw["WDSP"].str.strip())
    except (ValueError, AttributeError) as err:
        raise _fail(p, f"non-numeric TEMP/MIN/WDSP ({err})", fmt) from err
    t = pd.to_datetime(raw["DATE"].str.strip(), errors="coerce", utc=True)
    if t.isna().any():
        raise _fail(p, f"row {int(np.flatnonzero(t.isna())[0]) + 2} has an invalid DATE", fmt)
    df = pd.DataFrame(
        {
            "site": raw["STATION"].str.strip(),
            "time_utc": t,
            "temp_degC": ((temp_f.where(temp_f < 9999) - 32.0) * 5.0 / 9.0),
            "wind_kmh": wdsp.where(wdsp < 999) * _KT_TO_KMH,
            "tmin_degC": ((min_f.where(min_f < 9999) - 32.0) * 5.0 / 9.0),
        }
    )
    df.attrs["resolution"] = "daily"
    return _empty(_check_temps(df, p, fmt), p, fmt)


_MS_BULK_HOURLY = [
    "date",
    "hour",
    "temp",
    "dwpt",
    "rhum",
    "prcp",
    "snow",
    "wdir",
    "wspd",
    "wpgt",
    "pres",
    "tsun",
    "coco",
]


def read_meteostat(path: Path | str, *, site: str | None = None) -> pd.DataFrame:
    """Read a Meteostat hourly or daily CSV into the observation table.

    Parameters
    ----------
    path : path
        Meteostat CSV (header ``time,temp,...,wspd`` hourly, ``date,tavg,tmin,...,wspd``
        daily, or the 13-column bulk hourly layout without header).
    site : str, optional
        Site name; default the file stem.

    Returns
    -------
    pandas.DataFrame
        Observation table (°C, km/h).

    Raises
    ------
    DataSourceError
        If the columns match none of the Meteostat layouts.
    """
    p = Path(path)
    fmt = "Meteostat CSV (hourly time,temp,wspd / daily date,tavg,tmin,wspd, °C and km/h)"
    name = site or p.stem
    try:
        head = p.read_text(encoding="utf-8").splitlines()[:1]
    except (OSError, UnicodeDecodeError) as err:
        raise _fail(p, f"cannot be read ({err})", fmt) from err
    if not head:
        raise _fail(p, "is empty", fmt)
    try:
        if re.match(r"^\d{4}-\d{2}-\d{2},", head[0]):
            raw = pd.read_csv(p, header=None)
            if raw.shape[1] != len(_MS_BULK_HOURLY):
                raise _fail(p, f"header-less file with {raw.shape[1]} columns, not 13", fmt)
            raw.columns = _MS_BULK_HOURLY
            raw["time"] = pd.to_datetime(raw["date"], errors="coerce") + pd.to_timedelta(
                raw["hour"], unit="h"
            )
        else:
            raw = pd.read_csv(p)
    except (pd.errors.ParserError, ValueError) as err:
        raise _fail(p, f"cannot be parsed ({err})", fmt) from err
    cols = set(raw.columns)
    try:
        if {"time", "temp", "wspd"} <= cols:
            t = pd.to_datetime(raw["time"], errors="coerce", utc=True)
            df = pd.DataFrame(
                {
                    "site": name,
                    "time_utc": t,
                    "temp_degC": pd.to_numeric(raw["temp"]),
                    "wind_kmh": pd.to_numeric(raw["wspd"]),
                    "tmin_degC": np.nan,
                }
            )
        elif {"date", "tavg", "tmin", "wspd"} <= cols:
            t = pd.to_datetime(raw["date"], errors="coerce", utc=True)
            df = pd.DataFrame(
                {
                    "site": name,
                    "time_utc": t,
                    "temp_degC": pd.to_numeric(raw["tavg"]),
                    "wind_kmh": pd.to_numeric(raw["wspd"]),
                    "tmin_degC": pd.to_numeric(raw["tmin"]),
                }
            )
            df.attrs["resolution"] = "daily"
        else:
            raise _fail(p, f"columns {sorted(cols)} match no Meteostat layout", fmt)
    except ValueError as err:
        raise _fail(p, f"non-numeric value ({err})", fmt) from err
    if df["time_utc"].isna().any():
        raise _fail(
            p, f"row {int(np.flatnonzero(df['time_utc'].isna())[0]) + 2} has an invalid time", fmt
        )
    return _empty(_check_temps(df, p, fmt), p, fmt)


def read_dmi(path: Path | str) -> pd.DataFrame:
    """Read DMI metObs open data (GeoJSON or flattened CSV) into the observation table.

    Parameters
    ----------
    path : path
        ``.json``/``.geojson`` FeatureCollection or ``.csv`` with columns stationId,
        parameterId, observed, value. Parameters ``temp_dry`` [°C] and ``wind_speed``
        [m/s] are used; others are ignored.

    Returns
    -------
    pandas.DataFrame
        Observation table, one row per station and observation time.

    Raises
    ------
    DataSourceError
        If the file is not a metObs FeatureCollection / CSV or has no temp_dry values.
    """
    p = Path(path)
    fmt = "DMI metObs (GeoJSON features[].properties or CSV stationId,parameterId,observed,value)"
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise _fail(p, f"cannot be read ({err})", fmt) from err
    if text.lstrip().startswith("{"):
        try:
            doc = json.loads(text)
            props = [f["properties"] for f in doc["features"]]
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise _fail(p, f"is not a metObs FeatureCollection ({err})", fmt) from err
        raw = pd.DataFrame(props)
    else:
        try:
            raw = pd.read_csv(p, dtype={"stationId": str})
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
            raise _fail(p, f"cannot be parsed ({err})", fmt) from err
    missing = [c for c in ("stationId", "parameterId", "observed", "value") if c not in raw.columns]
    if missing:
        raise _fail(p, f"lacks field(s) {', '.join(missing)}", fmt)
    raw = raw[raw["parameterId"].isin(["temp_dry", "wind_speed"])].copy()
    raw["time_utc"] = pd.to_datetime(raw["observed"], errors="coerce", utc=True)
    raw["value"] = pd.to_numeric(raw["value"], errors="coerce")
    if raw["time_utc"].isna().any():
        raise _fail(p, "an 'observed' time is not ISO 8601", fmt)
    wide = raw.pivot_table(
        index=["stationId", "time_utc"], columns="parameterId", values="value", aggfunc="mean"
    )
    wide = wide.reset_index()
    df = pd.DataFrame(
        {
            "site": wide["stationId"].astype(str),
            "time_utc": wide["time_utc"],
            "temp_degC": wide["temp_dry"] if "temp_dry" in wide else np.nan,
            "wind_kmh": wide["wind_speed"] * _MS_TO_KMH if "wind_speed" in wide else np.nan,
            "tmin_degC": np.nan,
        }
    )
    return _empty(_check_temps(df, p, fmt), p, fmt)


def read_era5_single_level(path: Path | str) -> pd.DataFrame:
    """Read an ERA5 single-level NetCDF (t2m, u10, v10) into the observation table.

    Parameters
    ----------
    path : path
        NetCDF with ``t2m`` [K] and optionally ``u10``, ``v10`` [m/s] on
        (time|valid_time, latitude, longitude).

    Returns
    -------
    pandas.DataFrame
        Observation table; ``site`` is ``"ERA5 <lat>N <lon>E"`` per grid cell; wind speed
        ``hypot(u10, v10)`` converted to km/h. For the arcticrecon climatology file the
        frame has ``month`` instead of ``time_utc`` (``attrs["climatology"] = True``).

    Raises
    ------
    DataSourceError
        If the file cannot be opened or has no ``t2m``.
    UnitError
        If ``t2m`` is not in kelvin.
    """
    import xarray as xr

    p = Path(path)
    fmt = "ERA5 single-level NetCDF (t2m [K], u10, v10 [m/s])"
    try:
        ds = xr.open_dataset(p, engine="h5netcdf")
    except (OSError, ValueError) as err:
        raise _fail(p, f"cannot be opened as NetCDF ({err})", fmt) from err
    with ds:
        if "t2m_mean_degC" in ds and "month" in ds.dims:
            da = ds["t2m_mean_degC"].load()
            frame = da.to_dataframe().reset_index()
            frame["site"] = [
                f"ERA5 {a:.2f}N {b:.2f}E"
                for a, b in zip(frame["latitude"], frame["longitude"], strict=True)
            ]
            frame = frame.rename(columns={"t2m_mean_degC": "temp_degC"})[
                ["site", "month", "temp_degC"]
            ]
            frame.attrs["climatology"] = True
            return frame
        if "t2m" not in ds:
            raise _fail(
                p, f"has no t2m variable (variables: {', '.join(map(str, ds.data_vars))})", fmt
            )
        units = str(ds["t2m"].attrs.get("units", "K"))
        if units not in ("K", "kelvin"):
            raise UnitError(
                f"{p.name}: t2m units are {units!r}, ERA5 gives kelvin (K)",
                field="t2m",
                value=units,
            )
        tdim = "valid_time" if "valid_time" in ds.dims else "time"
        if tdim not in ds.dims:
            raise _fail(p, "has no time or valid_time dimension", fmt)
        t = ds["t2m"].load() - 273.15
        w = (
            xr.apply_ufunc(np.hypot, ds["u10"], ds["v10"]).load() * _MS_TO_KMH
            if {"u10", "v10"} <= set(ds)
            else None
        )
        frame = t.rename("temp_degC").to_dataframe().reset_index()
        frame["wind_kmh"] = w.values.ravel() if w is not None else np.nan
    frame["site"] = [
        f"ERA5 {a:.2f}N {b:.2f}E"
        for a, b in zip(frame["latitude"], frame["longitude"], strict=True)
    ]
    frame["time_utc"] = pd.to_datetime(frame[tdim], utc=True)
    frame["tmin_degC"] = np.nan
    return _empty(_check_temps(frame[_OBS_COLUMNS], p, fmt), p, fmt)


def _readers() -> dict[str, Any]:
    return {
        "isd": read_isd_lite,
        "gsod": read_gsod,
        "meteostat": read_meteostat,
        "dmi": read_dmi,
        "era5": read_era5_single_level,
    }


def summarise_monthly(
    obs: pd.DataFrame, *, source_file: str = "", fmt: str = ""
) -> list[dict[str, Any]]:
    """Per-site, per-calendar-month climatology from an observation table.

    Parameters
    ----------
    obs : pandas.DataFrame
        Columns site, time_utc, temp_degC [°C], wind_kmh [km/h], tmin_degC [°C];
        ``obs.attrs["resolution"] == "daily"`` for daily data.
    source_file, fmt : str
        Written into every row.

    Returns
    -------
    list of dict
        One row per site and month with :data:`SUMMARY_COLUMNS`; statistics that the data
        cannot give are ``None``.

    Notes
    -----
    Percentiles use linear interpolation (NumPy default). Wind chill hours count hourly
    observations with both temperature and wind where the index applies
    (:func:`arcticrecon.cold.wind_chill`), divided by the number of distinct years of
    that calendar month in the data.
    """
    rows: list[dict[str, Any]] = []
    if obs.attrs.get("climatology"):
        agg = (
            obs.groupby(["site", "month"], sort=True)["temp_degC"]
            .agg(["mean", "count"])
            .reset_index()
        )
        base = dict.fromkeys(SUMMARY_COLUMNS) | {
            "resolution": "monthly climatology",
            "source_file": source_file,
            "format": fmt,
            "note": "monthly means only: no daily minimum, wind or hourly data in a climatology file",
        }
        return [
            base
            | {"site": site, "month": int(m), "n_obs": int(n), "mean_temp_degC": round(float(v), 2)}
            for site, m, v, n in zip(
                agg["site"], agg["month"], agg["mean"], agg["count"], strict=True
            )
        ]
    daily = obs.attrs.get("resolution") == "daily"
    df = obs.dropna(subset=["time_utc"]).copy()
    df["month"] = df["time_utc"].dt.month
    df["year"] = df["time_utc"].dt.year
    df["day"] = df["time_utc"].dt.floor("D")
    for (site, month), g in df.groupby(["site", "month"], sort=True):
        temps = g["temp_degC"].dropna()
        winds = g["wind_kmh"].dropna()
        years = sorted(g["year"].unique().tolist())
        note = []
        if daily:
            mins = g["tmin_degC"].dropna()
            hours: list[float | None] = [None, None, None]
            note.append(
                "daily data: p90 wind is of daily mean winds; wind chill hours need hourly data"
            )
        else:
            per_day = g.groupby("day")["temp_degC"].agg(["min", "count"])
            mins = per_day.loc[per_day["count"] >= _MIN_HOURS_PER_DAY, "min"]
            both = g.dropna(subset=["temp_degC", "wind_kmh"])
            if len(both):
                r = wind_chill(both["temp_degC"].to_numpy(), both["wind_kmh"].to_numpy())
                w = np.where(r.applicable, r.wind_chill_degC, np.inf)
                hours = [
                    round(float((w <= thr).sum()) / len(years), 1) for thr in (-28.0, -40.0, -48.0)
                ]
            else:
                hours = [None, None, None]
                note.append("no hours with both temperature and wind")
            if len(mins) == 0:
                note.append(f"no day with >= {_MIN_HOURS_PER_DAY} hourly values: no daily minimum")
        rows.append(
            {
                "site": str(site),
                "month": int(month),
                "n_obs": len(temps),
                "n_days": int(g["day"].nunique()),
                "years": f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0]),
                "resolution": "daily" if daily else "sub-daily",
                "mean_temp_degC": round(float(temps.mean()), 2) if len(temps) else None,
                "p10_daily_min_degC": round(float(np.percentile(mins, 10)), 2)
                if len(mins)
                else None,
                "p90_wind_kmh": round(float(np.percentile(winds, 90)), 1) if len(winds) else None,
                "hours_wci_le_m28": hours[0],
                "hours_wci_le_m40": hours[1],
                "hours_wci_le_m48": hours[2],
                "source_file": source_file,
                "format": fmt,
                "note": "; ".join(note),
            }
        )
    return rows


def import_observations(path: Path | str, fmt: str) -> list[dict[str, Any]]:
    """Read an observation file of the given format and summarise it per site and month.

    Parameters
    ----------
    path : path
        The file.
    fmt : {"isd", "gsod", "meteostat", "dmi", "era5"}
        Its format (module docstring).

    Returns
    -------
    list of dict
        :func:`summarise_monthly` rows, ``source_file`` = the file name.

    Raises
    ------
    InputError
        On an unknown format.
    DataSourceError
        On a missing or malformed file.
    """
    if fmt not in FORMATS:
        raise InputError(
            f"format {fmt!r} is not one of {', '.join(FORMATS)}",
            field="format",
            value=fmt,
            valid_range=list(FORMATS),
        )
    p = Path(path)
    if not p.is_file():
        raise DataSourceError(
            f"observation file {str(p)!r} does not exist", field="file", value=str(p)
        )
    obs = _readers()[fmt](p)
    return summarise_monthly(obs, source_file=p.name, fmt=fmt)
