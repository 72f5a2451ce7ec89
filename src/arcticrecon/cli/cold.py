"""``arcticrecon cold``: wind chill for one reading, or a site's monthly cold-risk table."""

from __future__ import annotations

from typing import Annotated

import typer

from arcticrecon.cli.common import FormatOpt, OutputFormat, console, emit_records
from arcticrecon.errors import InputError, OutOfDomainError

__all__ = ["cold"]


def cold(
    site: Annotated[
        str | None, typer.Argument(help="ICAO code of a catalogue site, e.g. BGGH.")
    ] = None,
    month: Annotated[
        int | None, typer.Option("--month", min=1, max=12, help="Only this month (1-12).")
    ] = None,
    temp: Annotated[
        float | None, typer.Option("--temp", help="Air temperature [°C] (one reading).")
    ] = None,
    wind: Annotated[
        list[float] | None,
        typer.Option(
            "--wind",
            help="Wind at 10 m [km/h]: the reading, or design scenarios for SITE (repeatable; default 10, 30, 50).",
        ),
    ] = None,
    exposure_h: Annotated[
        float, typer.Option("--exposure-h", help="Hours outdoors per day for the risk class.")
    ] = 4.0,
    allow_outside: Annotated[
        bool,
        typer.Option(
            "--allow-outside",
            help="Outside the index domain report the air temperature flagged not applicable instead of failing.",
        ),
    ] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Wind chill (2001 JAG/TI) and frostbite band; `cold SITE` gives the monthly table."""
    # one reading: plain-Python arithmetic (cold.scalar), no numpy at start-up (issue 12)
    from arcticrecon.cold.scalar import (
        FROSTBITE_BANDS,
        wind_chill_index_scalar,
        wind_chill_scalar,
    )

    if temp is not None:
        if site is not None:
            raise InputError(
                "give either SITE or --temp/--wind, not both", field="site", value=site
            )
        if not wind or len(wind) != 1:
            raise InputError(
                "--temp needs exactly one --wind KMH (wind speed at 10 m)", field="wind", value=wind
            )
        if not allow_outside:
            try:
                wind_chill_index_scalar(temp, wind[0])
            except OutOfDomainError as err:
                raise OutOfDomainError(
                    f"{err}; or pass --allow-outside to get the air temperature flagged not applicable",
                    field=err.field,
                    value=err.value,
                    valid_range=err.valid_range,
                    mask=err.mask,
                ) from err
        r = wind_chill_scalar(temp, wind[0])
        band = r.frostbite_band
        rec = {
            "wind_chill_degC": round(r.wind_chill_degC, 1),
            "applicable": r.applicable,
            "frostbite_band": FROSTBITE_BANDS[band].label,
            "frostbite_band_code": band,
            "air_temp_degC": temp,
            "wind_kmh": wind[0],
            "method": "JAG/TI 2001 wind chill (ECCC/NWS); frostbite bands: Environment Canada",
        }
        emit_records([rec], fmt, json_obj=rec, title="Wind chill")
        return
    if site is None:
        raise InputError("give a SITE (ICAO code) or --temp C --wind KMH", field="site")
    _site_table(site, month, wind, exposure_h, fmt)


def _site_table(
    code: str, month: int | None, winds: list[float] | None, exposure_h: float, fmt: OutputFormat
) -> None:
    from arcticrecon.catalog import load_catalog
    from arcticrecon.climate import site_climate
    from arcticrecon.cold import (
        DEFAULT_WIND_SCENARIOS_KMH,
        FROSTBITE_BANDS,
        RISK_CLASSES,
        cold_injury_risk_class,
        wind_chill,
    )

    s = load_catalog().get(code)
    scen = list(winds) if winds else list(DEFAULT_WIND_SCENARIOS_KMH)
    clim = site_climate(lat_deg=s.lat_deg, lon_deg=s.lon_deg, elevation_m=s.elevation_m)
    rows = []
    for r in clim["rows"]:
        if month is not None and r["month"] != month:
            continue
        mean = r["station_mean_degC"] if r["station_mean_degC"] is not None else r["era5_t2m_degC"]
        tmin = r["station_mean_daily_min_degC"]
        basis = tmin if tmin is not None else mean
        rec = {
            "month": r["month"],
            "mean_degC": mean,
            "mean_source": (
                f"station ({r['station_confidence']})"
                if r["station_mean_degC"] is not None
                else "ERA5"
            ),
            "era5_degC": r["era5_t2m_degC"],
            "station_degC": r["station_mean_degC"],
            "daily_min_degC": tmin,
            "basis": "station mean daily min"
            if tmin is not None
            else "monthly mean (daily min unknown)",
        }
        res = wind_chill([basis] * len(scen), scen)
        for w, v, ok in zip(scen, res.wind_chill_degC, res.applicable, strict=True):
            rec[f"wci_{w:g}kmh_degC"] = round(float(v), 1) if ok else None
        worst = int(res.frostbite_band.max())
        rec["frostbite_band"] = (
            FROSTBITE_BANDS[worst].short
            if fmt is OutputFormat.table
            else FROSTBITE_BANDS[worst].label
        )
        rec["risk_class"] = RISK_CLASSES[
            int(cold_injury_risk_class(res.wind_chill_degC.min(), exposure_h))
        ]
        rows.append(rec)
    if fmt is OutputFormat.json:
        emit_records(
            rows,
            fmt,
            json_obj={
                "site": s.icao,
                "name": s.name,
                "climate": clim,
                "months": rows,
                "wind_scenarios_kmh": scen,
                "exposure_h": exposure_h,
                "wind_note": "design wind scenarios, not a climatology",
            },
        )
        return
    cols = None
    if fmt is OutputFormat.table:
        cols = (
            ["month", "mean_degC", "mean_source", "daily_min_degC"]
            + [f"wci_{w:g}kmh_degC" for w in scen]
            + ["frostbite_band", "risk_class"]
        )
    emit_records(
        rows,
        fmt,
        columns=cols,
        title=f"{s.icao} {s.name}: cold risk by month (wind chill at the mean daily minimum, else the monthly mean)",
    )
    if fmt is OutputFormat.table:
        console.print(
            f"Winds are design scenarios ({', '.join(f'{w:g}' for w in scen)} km/h at 10 m): no verified wind "
            "climatology is available offline. Wind chill: JAG/TI 2001; — = outside the index domain."
        )
        console.print(
            f"Station: {clim['station'] or 'none within 25 km'}; ERA5 cell {clim['era5_cell']}"
        )
        for src in clim["sources"]:
            console.print(f"Source: {src}", highlight=False)
