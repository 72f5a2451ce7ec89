"""Small observation files in each importer's real format (made by the tests)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

# 3 January days of hourly data: temperature -22 °C at night, -15 °C by day; wind 36 km/h
HOURS = pd.date_range("2024-01-01T00:00Z", periods=72, freq="h")
TEMP_C = np.where((HOURS.hour >= 10) & (HOURS.hour < 16), -15.0, -22.0)
WIND_MS = np.full(72, 10.0)  # 10 m/s = 36 km/h


@pytest.fixture
def isd_file(tmp_path: Path) -> Path:
    # ISD-Lite: year month day hour T*10 Td*10 SLP*10 dir ws*10 sky p1 p6, missing -9999
    lines = [
        f"{t.year:4d} {t.month:02d} {t.day:02d} {t.hour:02d} {round(c * 10):5d} {-300:5d} {10100:5d} {270:5d} {int(w * 10):5d} {-9999:5d} {-9999:5d} {-9999:5d}"
        for t, c, w in zip(HOURS, TEMP_C, WIND_MS, strict=True)
    ]
    p = tmp_path / "042500-99999-2024"
    p.write_text("\n".join(lines) + "\n")
    return p


@pytest.fixture
def gsod_file(tmp_path: Path) -> Path:
    # NCEI GSOD CSV: TEMP/MAX/MIN in °F (9999.9 missing), WDSP/MXSPD in knots (999.9 missing)
    p = tmp_path / "04250099999.csv"
    p.write_text(
        '"STATION","DATE","LATITUDE","LONGITUDE","ELEVATION","NAME","TEMP","TEMP_ATTRIBUTES","DEWP","DEWP_ATTRIBUTES","SLP","SLP_ATTRIBUTES","STP","STP_ATTRIBUTES","VISIB","VISIB_ATTRIBUTES","WDSP","WDSP_ATTRIBUTES","MXSPD","GUST","MAX","MAX_ATTRIBUTES","MIN","MIN_ATTRIBUTES","PRCP","PRCP_ATTRIBUTES","SNDP","FRSHTT"\n'
        '"04250099999","2024-01-01","64.1666667","-51.75","54.0","NUUK, GL","   14.0","24","    5.0","24","1010.1","24","999.9","0","  6.2","24","   19.4","24","   25.3","999.9","   21.2","","    5.0*","","  0.00","I","999.9","001000"\n'
        '"04250099999","2024-01-02","64.1666667","-51.75","54.0","NUUK, GL","   23.0","24","    5.0","24","1010.1","24","999.9","0","  6.2","24","    9.7","24","   14.0","999.9","   28.4","","   17.6","","  0.00","I","999.9","001000"\n'
    )
    return p


@pytest.fixture
def meteostat_hourly_file(tmp_path: Path) -> Path:
    p = tmp_path / "04250.csv"
    df = pd.DataFrame(
        {
            "time": HOURS.tz_localize(None).strftime("%Y-%m-%d %H:%M:%S"),
            "temp": TEMP_C,
            "dwpt": -30.0,
            "rhum": 80,
            "prcp": 0.0,
            "snow": np.nan,
            "wdir": 270,
            "wspd": WIND_MS * 3.6,
            "wpgt": np.nan,
            "pres": 1010.0,
            "tsun": np.nan,
            "coco": 3,
        }
    )
    df.to_csv(p, index=False)
    return p


@pytest.fixture
def meteostat_bulk_file(tmp_path: Path) -> Path:
    # Meteostat bulk hourly: no header, date,hour,temp,dwpt,rhum,prcp,snow,wdir,wspd,wpgt,pres,tsun,coco
    p = tmp_path / "04250_bulk.csv"
    lines = [
        f"{t:%Y-%m-%d},{t.hour},{c},-30.0,80,0.0,,270,{w * 3.6},,1010.0,,3"
        for t, c, w in zip(HOURS, TEMP_C, WIND_MS, strict=True)
    ]
    p.write_text("\n".join(lines) + "\n")
    return p


@pytest.fixture
def meteostat_daily_file(tmp_path: Path) -> Path:
    p = tmp_path / "04250_daily.csv"
    p.write_text(
        "date,tavg,tmin,tmax,prcp,snow,wdir,wspd,wpgt,pres,tsun\n2024-01-01,-20.0,-25.0,-15.0,0.0,,270,36.0,,1010.0,\n2024-01-02,-18.0,-22.0,-12.0,0.0,,270,20.0,,1012.0,\n"
    )
    return p


def _dmi_props() -> list[dict[str, object]]:
    props = []
    for t, c, w in zip(HOURS, TEMP_C, WIND_MS, strict=True):
        ts = t.strftime("%Y-%m-%dT%H:%M:%SZ")
        props.append(
            {
                "parameterId": "temp_dry",
                "stationId": "04250",
                "observed": ts,
                "value": float(c),
                "created": ts,
            }
        )
        props.append(
            {
                "parameterId": "wind_speed",
                "stationId": "04250",
                "observed": ts,
                "value": float(w),
                "created": ts,
            }
        )
        props.append(
            {
                "parameterId": "humidity",
                "stationId": "04250",
                "observed": ts,
                "value": 80.0,
                "created": ts,
            }
        )
    return props


@pytest.fixture
def dmi_json_file(tmp_path: Path) -> Path:
    feats = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [-51.75, 64.17]},
            "properties": pr,
            "id": str(i),
        }
        for i, pr in enumerate(_dmi_props())
    ]
    p = tmp_path / "dmi_metobs.json"
    p.write_text(
        json.dumps({"type": "FeatureCollection", "features": feats, "numberReturned": len(feats)})
    )
    return p


@pytest.fixture
def dmi_csv_file(tmp_path: Path) -> Path:
    p = tmp_path / "dmi_metobs.csv"
    pd.DataFrame(_dmi_props()).to_csv(p, index=False)
    return p


@pytest.fixture
def era5_file(tmp_path: Path) -> Path:
    # CDS ERA5 single levels (new CDS layout): valid_time, latitude, longitude; t2m in K
    lat, lon = np.array([64.25, 64.0]), np.array([-52.0, -51.75])
    t = np.broadcast_to(TEMP_C[:, None, None] + 273.15, (72, 2, 2)).astype("float32")
    u = np.full((72, 2, 2), 6.0, dtype="float32")
    v = np.full((72, 2, 2), 8.0, dtype="float32")  # |wind| = 10 m/s
    ds = xr.Dataset(
        {
            "t2m": (
                ("valid_time", "latitude", "longitude"),
                t,
                {"units": "K", "long_name": "2 metre temperature"},
            ),
            "u10": (("valid_time", "latitude", "longitude"), u, {"units": "m s**-1"}),
            "v10": (("valid_time", "latitude", "longitude"), v, {"units": "m s**-1"}),
        },
        coords={"valid_time": HOURS.tz_localize(None).values, "latitude": lat, "longitude": lon},
    )
    p = tmp_path / "era5_single_levels.nc"
    ds.to_netcdf(p, engine="h5netcdf")
    return p
