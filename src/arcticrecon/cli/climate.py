"""``arcticrecon climate``: import observations, show a site's climate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from arcticrecon.cli.common import OutputFormat, atomic_write_text, console, emit_records

__all__ = ["app"]

app = typer.Typer(help="Climatology: ERA5 grid, station normals, your own observation files.")


@app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(help="Observation file.")],
    in_format: Annotated[str, typer.Option("--format", help="isd | gsod | meteostat | dmi | era5")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the monthly table as CSV here.")
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--output-format", "-o", help="How to print the table.")
    ] = OutputFormat.table,
) -> None:
    """Build the per-site, per-month climatology of an observation file."""
    from arcticrecon.climate import SUMMARY_COLUMNS, import_observations

    rows = import_observations(file, in_format.strip().lower())
    if out is not None:
        import csv
        import io

        buf = io.StringIO()
        w = csv.DictWriter(buf, list(SUMMARY_COLUMNS), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        atomic_write_text(out, buf.getvalue())
    emit_records(
        rows,
        output_format,
        columns=list(SUMMARY_COLUMNS),
        title=f"{file.name}: monthly climatology",
    )
    if out is not None and output_format is OutputFormat.table:
        console.print(f"Written: {out}")


@app.command("show")
def show(
    site: Annotated[
        str, typer.Argument(help="ICAO code (BGGH) or a station with normals (Nuuk, 04250).")
    ],
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.table,
) -> None:
    """Monthly mean temperature at a site: station normal beside the ERA5 grid value."""
    from arcticrecon.catalog import load_catalog
    from arcticrecon.climate import site_climate, station_names, station_normals
    from arcticrecon.errors import NotFoundError, UnknownSiteError

    try:
        s = load_catalog().get(site)
        ident, name, lat, lon, elev = s.icao, s.name, s.lat_deg, s.lon_deg, s.elevation_m
    except UnknownSiteError as err:
        try:
            v = station_normals(site)[0]
        except NotFoundError:
            raise UnknownSiteError(
                f"{site!r} is neither a catalogue site (ICAO code, see `arcticrecon sites list`) "
                f"nor a station with normals ({', '.join(station_names())})",
                field="site",
                value=site,
            ) from err
        ident, name, lat, lon, elev = (
            v.wmo_id or v.station,
            f"station {v.station}",
            v.lat_deg,
            v.lon_deg,
            v.elevation_m,
        )
    clim = site_climate(lat_deg=lat, lon_deg=lon, elevation_m=elev)
    if fmt is OutputFormat.json:
        emit_records([], fmt, json_obj={"site": ident, "name": name} | clim)
        return
    emit_records(clim["rows"], fmt, title=f"{ident} {name}: monthly temperature (°C)")
    if fmt is OutputFormat.table:
        console.print(
            f"Station: {clim['station'] or 'none within 25 km'} ({clim['station_distance_km']} km); "
            f"ERA5 cell {clim['era5_cell']}"
        )
        for src in clim["sources"]:
            console.print(f"Source: {src}", highlight=False)
