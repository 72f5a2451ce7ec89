"""``arcticrecon ice``: POLARIS, Gold's ice bearing capacity, port access seasons."""

from __future__ import annotations

from typing import Annotated

import typer

from arcticrecon.cli.common import OutputFormat, console, emit_records
from arcticrecon.errors import InputError

__all__ = ["app"]

app = typer.Typer(help="Sea ice and ports: IMO POLARIS, ice load (Gold), port seasons.")
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]


@app.command("polaris")
def polaris_cmd(
    ice_class: Annotated[
        str, typer.Option("--ice-class", help="PC1-PC7, IA Super, IA, IB, IC, NIS.")
    ],
    ice: Annotated[
        list[str],
        typer.Option("--ice", help="TYPE=TENTHS, e.g. thick_fy=9 or grey_ice=7-8 (repeatable)."),
    ],
    range_rule: Annotated[
        str, typer.Option("--range-rule", help="Egg-code ranges: upper | mid | lower.")
    ] = "upper",
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Risk Index Outcome (MSC.1/Circ.1519) for an ice regime and an ice class."""
    from arcticrecon.ice import polaris

    conc: dict[str, str] = {}
    for item in ice:
        if "=" not in item:
            raise InputError(
                f"--ice {item!r} is not TYPE=TENTHS (e.g. thick_fy=9)", field="ice", value=item
            )
        k, v = item.split("=", 1)
        conc[k.strip()] = v.strip()
    r = polaris(conc, ice_class, range_rule=range_rule)
    d = r.to_dict()
    rows = [
        {"ice_type": t, "tenths": c, "riv": r.riv[t]} for t, c in r.concentrations_tenths.items()
    ]
    if fmt is OutputFormat.json:
        emit_records(rows, fmt, json_obj=d)
        return
    emit_records(rows, fmt, title=f"POLARIS {r.ice_class}: RIO {r.rio} -> {r.operation}")
    if fmt is OutputFormat.table:
        lim = (
            "" if r.speed_limit_kt is None else f"; recommended speed limit {r.speed_limit_kt:g} kn"
        )
        console.print(
            f"RIO {r.rio}: {r.operation}{lim}. Source: {r.source} ({r.table_version})",
            highlight=False,
        )


@app.command("load")
def load_cmd(
    thickness_cm: Annotated[
        float, typer.Option("--thickness-cm", help="Good clear (blue) ice [cm].")
    ],
    a: Annotated[
        float, typer.Option("--a", help="Gold's A [kg/cm^2]: 3.5, 4, 5, 6 or 7 (3.5-7).")
    ] = 4.0,
    white_ice_cm: Annotated[
        float, typer.Option("--white-ice-cm", help="White ice on top [cm], counted half.")
    ] = 0.0,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Allowable moving load on floating ice, Gold (1971) P = A h^2."""
    from arcticrecon.ice import allowable_load_gold

    r = allowable_load_gold(thickness_cm, a_kg_cm2=a, white_ice_cm=white_ice_cm)
    d = r.to_dict()
    emit_records(
        [d],
        fmt,
        json_obj=d,
        columns=[
            "allowable_load_kg",
            "allowable_load_t",
            "effective_thickness_cm",
            "a_kg_cm2",
            "valid_for_stationary_loads",
        ],
        title="Ice bearing capacity (Gold)",
    )
    if fmt is OutputFormat.table:
        console.print(f"{r.note}. Source: {r.source}", highlight=False)


@app.command("ports")
def ports_cmd(
    port: Annotated[
        str | None, typer.Argument(help="Port name or ICAO code; default all ports.")
    ] = None,
    ice_class: Annotated[
        str,
        typer.Option("--ice-class", help="Ship ice class (PC1-PC7, IA Super, IA, IB, IC, NIS)."),
    ] = "Not ice strengthened",
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Months a ship of an ice class can reach Greenland ports, from cited facts."""
    from arcticrecon.ice import PORTS, port_access_months

    names = [port] if port else list(PORTS)
    results = [port_access_months(p, ice_class) for p in names]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    short = {"reachable": "yes", "not reachable": "no", "unknown": "?"}
    if fmt is OutputFormat.json:
        emit_records([], fmt, json_obj=results)
        return
    rows = [
        {"port": r["port"]}
        | {
            months[m - 1]: (r["months"][m] if fmt is OutputFormat.csv else short[r["months"][m]])
            for m in range(1, 13)
        }
        for r in results
    ]
    emit_records(
        rows,
        fmt,
        title=f"Port access by month, ice class {results[0]['ice_class']} (yes / no / ? = unknown)",
    )
    if fmt is OutputFormat.table:
        srcs = {s["source_url"]: s for r in results for s in r["sources"]}
        for s in srcs.values():
            console.print(
                f"Source: {s['source_name']} — {s['source_url']} ({s['confidence']})",
                highlight=False,
            )
        console.print(f"Rule: {results[0]['rule']}", highlight=False)
