"""``arcticrecon sites``: list, show and update the site catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from arcticrecon.catalog import SiteKind, get_aircraft, load_catalog, site_compatibility
from arcticrecon.catalog.catalog import AIRPORTS_FILE, RUNWAYS_FILE
from arcticrecon.catalog.ourairports import (
    AIRPORT_COLUMNS,
    filter_greenland,
    read_airports_csv,
    read_runways_csv,
    sites_from_ourairports,
)
from arcticrecon.cli.common import FormatOpt, OutputFormat, atomic_write_text, console, emit_records
from arcticrecon.errors import InputError
from arcticrecon.sources.embedded import user_data_dir
from arcticrecon.units import m_to_ft

app = typer.Typer(help="The site catalogue: Greenland's airfields, heliports and strips.")


@app.command("list")
def list_sites(
    kind: Annotated[
        list[SiteKind] | None, typer.Option("--kind", help="Only these kinds (repeatable).")
    ] = None,
    aircraft: Annotated[
        str | None, typer.Option("--aircraft", help="Only sites this aircraft can use.")
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List catalogue sites (with each site's longest open runway)."""
    cat = load_catalog().filter(kinds=set(kind) if kind else None)
    ac = get_aircraft(aircraft) if aircraft else None
    rows = []
    for s in cat:
        verdict = site_compatibility(ac, s) if ac else None
        if verdict is not None and not verdict.ok:
            continue
        longest = s.longest_runway_m
        rows.append(
            {
                "icao": s.icao,
                "name": s.name,
                "kind": s.kind.value,
                "lat_deg": round(s.lat_deg, 5),
                "lon_deg": round(s.lon_deg, 5),
                "elevation_m": None if s.elevation_m is None else round(s.elevation_m, 1),
                "tz": s.tz,
                "longest_runway_m": None if longest is None else round(longest),
                "caveats": "; ".join(verdict.caveats) if verdict else "",
            }
        )
    if fmt is OutputFormat.json:
        keep = {r["icao"] for r in rows}
        emit_records(rows, fmt, json_obj=[s.to_dict() for s in cat if s.icao in keep])
        return
    title = f"{len(rows)} sites" + (f" usable by {ac.key}" if ac else "")
    emit_records(rows, fmt, title=title)


@app.command("show")
def show_site(
    icao: Annotated[str, typer.Argument(help="ICAO code or OurAirports ident, e.g. BGSF.")],
    sat_lon: Annotated[
        float,
        typer.Option(
            "--sat-lon", help="Sub-satellite longitude of the GEO satcom satellite [deg east]."
        ),
    ] = -30.0,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Show one site: runways (metres and feet), aircraft compatibility, GEO satcom.

    The elevation of a geostationary satcom satellite is flagged below 5° and below the
    horizon.

    ``--format csv`` prints the aircraft verdicts only (one table); ``json`` everything.
    """
    from arcticrecon.catalog import read_aircraft_csv
    from arcticrecon.geo.satcom import MIN_ELEVATION_DEG, geo_look_angles

    site = load_catalog().get(icao)
    table = read_aircraft_csv()
    compat = {k: site_compatibility(ac, site) for k, ac in table.items()}
    look = geo_look_angles(
        lat_deg=site.lat_deg,
        lon_deg=site.lon_deg,
        sat_lon_deg=sat_lon,
        height_m=site.elevation_m or 0.0,
    )
    el, az = float(look.elevation_deg), float(look.azimuth_deg)
    flag = (
        "below the horizon: no GEO satcom"
        if el < 0.0
        else f"below {MIN_ELEVATION_DEG:g}°: marginal"
        if el < MIN_ELEVATION_DEG
        else "ok"
    )
    satcom = {
        "sat_lon_deg": sat_lon,
        "elevation_deg": round(el, 2),
        "azimuth_deg": round(az, 1),
        "below_min_elevation": el < MIN_ELEVATION_DEG,
        "below_horizon": el < 0.0,
        "min_elevation_deg": MIN_ELEVATION_DEG,
        "flag": flag,
    }
    if fmt is OutputFormat.json:
        d = site.to_dict()
        d["satcom"] = satcom
        d["aircraft"] = {
            k: {"ok": v.ok, "reason": v.reason, "caveats": list(v.caveats)}
            for k, v in compat.items()
        }
        emit_records([], fmt, json_obj=d)
        return
    compat_rows = [
        {
            "aircraft": k,
            "usable": "yes" if v.ok else "no",
            "why": v.reason or "; ".join(v.caveats),
        }
        for k, v in compat.items()
    ]
    if fmt is OutputFormat.csv:  # one table per call: the aircraft verdicts per runway data
        emit_records(compat_rows, fmt)
        return
    console.print(
        f"[bold]{site.icao}[/] {site.name} — {site.kind.value}, "
        f"{site.lat_deg:.5f}°N {abs(site.lon_deg):.5f}°W, elevation "
        f"{'unknown' if site.elevation_m is None else f'{site.elevation_m:.0f} m'}, {site.tz}"
    )
    rws = [
        {
            "runway": r.ident,
            "length_m": r.length_m,
            "length_ft": None if r.length_m is None else round(float(m_to_ft(r.length_m))),
            "width_m": r.width_m,
            "surface": r.surface.value,
            "LDA_m": r.landing_distance_available_m,
            "closed": "closed" if r.closed else "",
        }
        for r in site.runways
    ]
    if rws:
        emit_records(rws, fmt, title="Runways (OurAirports)")
    else:
        console.print("No runway listed in OurAirports.")
    emit_records(compat_rows, fmt, title="Aircraft compatibility")
    lon_txt = f"{abs(sat_lon):g}°{'W' if sat_lon < 0 else 'E'}"
    style = "red" if el < 0 else "yellow" if el < MIN_ELEVATION_DEG else "green"
    console.print(
        f"GEO satcom ({lon_txt}): elevation [{style}]{el:.1f}°[/], azimuth {az:.0f}° true — "
        f"[{style}]{flag}[/] (geometric, WGS 84, no terrain mask; geo.satcom)",
        highlight=False,
    )
    console.print(f"Source: {site.source}")


@app.command("update")
def update_sites(
    airports: Annotated[Path, typer.Option("--airports", help="OurAirports airports.csv")],
    runways: Annotated[Path, typer.Option("--runways", help="OurAirports runways.csv")],
) -> None:
    """Refresh the catalogue from full OurAirports files (filtered to Greenland)."""
    a_rows, r_rows = filter_greenland(read_airports_csv(airports), read_runways_csv(runways))
    if not a_rows:
        raise InputError(
            f"--airports {str(airports)!r} has no Greenland (iso_country=GL) rows; "
            "give the world airports.csv from https://ourairports.com/data/",
            field="airports",
            value=str(airports),
        )
    sites_from_ourairports(a_rows, r_rows)  # validate before writing anything
    dest = user_data_dir()
    import csv
    import io

    def dump(rows: list[dict[str, str]], cols: list[str]) -> str:
        buf = io.StringIO()
        w = csv.DictWriter(buf, cols, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        return buf.getvalue()

    a_cols = list(a_rows[0].keys()) if a_rows else list(AIRPORT_COLUMNS)
    r_cols = list(r_rows[0].keys()) if r_rows else []
    atomic_write_text(dest / AIRPORTS_FILE, dump(a_rows, a_cols))
    atomic_write_text(dest / RUNWAYS_FILE, dump(r_rows, r_cols))
    console.print(f"Catalogue updated: {len(a_rows)} sites, {len(r_rows)} runways -> {dest}")
