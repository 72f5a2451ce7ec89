"""``arcticrecon ais``: ingest AIS recordings or a live feed, list events, write the picture.

Heavy libraries (pyarrow, duckdb, dask, pandas) are imported inside the commands.
"""

from __future__ import annotations

import functools
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from arcticrecon.cli.common import FormatOpt, OutputFormat, console, emit_records, err_console
from arcticrecon.cli.store_options import AsOpt, DbOpt
from arcticrecon.errors import InputError

__all__ = ["app"]

app = typer.Typer(
    help="Maritime picture from AIS: ingest, listen, events, vessels, picture, assess.",
    no_args_is_help=True,
)

_KINDS = ("gap", "loitering", "encounter", "port_visit", "zone_entry", "zone_exit")
StoreOpt = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="AIS store folder (Parquet by day); default $ARCTICRECON_AIS_STORE, else "
        "$ARCTICRECON_HOME/ais (~/.local/share/arcticrecon/ais).",
    ),
]
FromOpt = Annotated[str | None, typer.Option("--from", help="Window start, ISO 8601 UTC.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Window end, ISO 8601 UTC.")]
SchedOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Run on Dask: tcp://HOST:PORT of a distributed scheduler, or 'local' for a "
        "local cluster of 2 worker processes.",
    ),
]


def _store_dir(store: Path | None) -> Path:
    from arcticrecon.maritime.store import default_store_dir

    return store.expanduser() if store is not None else default_store_dir()


def _time(text: str | None, field: str) -> datetime | None:
    if text is None:
        return None
    from arcticrecon.cli.store_options import parse_utc

    return parse_utc(text, field=field)


def _window(t1: str | None, t2: str | None) -> tuple[datetime | None, datetime | None]:
    a, b = _time(t1, "from"), _time(t2, "to")
    if a is not None and b is not None and b < a:
        raise InputError(
            f"--to {t2} is before --from {t1}", field="to", value=t2, valid_range=f">= {t1}"
        )
    return a, b


def _existing_store(store: Path | None) -> Any:
    from arcticrecon.maritime.store import AisStore

    root = _store_dir(store)
    st = AisStore(root)
    if st.is_empty():
        raise InputError(
            f"the AIS store {root} holds no positions; run `arcticrecon ais ingest FILE` "
            "first, or `arcticrecon ais picture --sample` for the packaged synthetic sample",
            field="store",
            value=str(root),
        )
    return st


@app.command("ingest")
def ingest(
    files: Annotated[list[Path], typer.Argument(help="NMEA (.nmea, .gz) or DMA CSV files.")],
    store: StoreOpt = None,
    start: Annotated[
        str | None,
        typer.Option("--start", help="UTC time of the first line, for NMEA without tag blocks."),
    ] = None,
    rate: Annotated[
        float | None,
        typer.Option("--rate", help="Lines per second of such a recording (with --start)."),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Ingest AIS recordings into the store; a file ingested before adds nothing."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from arcticrecon.maritime.store import AisStore

    st = AisStore(_store_dir(store))
    start_utc = _time(start, "start")
    for f in files:  # refuse before writing anything
        if not f.is_file():
            raise InputError(f"AIS file {f} does not exist", field="file", value=str(f))
    rows = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,.0f} lines"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,  # a bar's last frame on a pipe: a blank line
    ) as prog:
        for f in files:
            task = prog.add_task(f"ingest {f.name}", total=None)
            res = st.ingest_file(
                f,
                start_utc=start_utc,
                rate_hz=rate,
                progress=functools.partial(prog.advance, task),
            )
            rej = res.stats.get("rejected", {})
            rows.append(
                {
                    "file": f.name,
                    "status": "already ingested (nothing added)" if res.already else "ingested",
                    "lines": res.stats.get("lines"),
                    "positions": 0 if res.already else res.positions,
                    "static": 0 if res.already else res.statics,
                    "rejected": sum(rej.values()),
                    "rejected_by_reason": ", ".join(f"{k} {v}" for k, v in sorted(rej.items()))
                    or "none",
                    "synthetic": res.synthetic,
                }
            )
    emit_records(rows, fmt, title=f"AIS ingest into {st.root}")


@app.command("listen")
def listen_cmd(
    url: Annotated[str, typer.Argument(help="udp://HOST:PORT (bind) or tcp://HOST:PORT.")],
    store: StoreOpt = None,
    flush_s: Annotated[float, typer.Option("--flush-s", help="Flush every S seconds.")] = 10.0,
    flush_lines: Annotated[int, typer.Option("--flush-lines", help="... or N lines.")] = 10_000,
    max_s: Annotated[
        float | None, typer.Option("--max-s", help="Stop after S seconds (default: run on).")
    ] = None,
) -> None:
    """Receive a live NMEA feed, storing it in batches; Ctrl-C / SIGTERM stop cleanly."""
    import signal
    import threading

    from arcticrecon.maritime.store import AisStore
    from arcticrecon.sources.ais.live import listen, parse_feed_url
    from arcticrecon.sources.ais.nmea import DecodeStats, NmeaDecoder

    parse_feed_url(url)  # a bad URL is refused before anything starts
    if flush_s <= 0 or flush_lines <= 0:
        raise InputError("--flush-s and --flush-lines must be positive", field="flush_s")
    st = AisStore(_store_dir(store))
    dec = NmeaDecoder()
    total = DecodeStats()
    stored = [0]
    stop = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        stop.set()

    old = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    if max_s is not None:
        threading.Timer(max_s, stop.set).start()

    def on_batch(lines: list[bytes]) -> None:
        b = dec.feed(lines)
        total.add(b.stats)
        stored[0] += st.record_live_batch(
            b.positions, b.statics, b.stats, source_name=f"live {url}"
        )
        err_console.print(
            f"flushed {len(lines)} lines: {b.n_positions} positions ({stored[0]} stored so far)",
            highlight=False,
        )

    def ready(a: Any) -> None:  # printed once the socket is bound: a sender may start
        err_console.print(f"listening on {a.scheme}://{a.host}:{a.port} (Ctrl-C to stop)")

    try:
        listen(url, on_batch, stop=stop, flush_s=flush_s, flush_lines=flush_lines, on_ready=ready)
    finally:
        for s, h in old.items():
            signal.signal(s, h)
        stop.set()
    tail = dec.finish()
    total.add(tail.stats)
    rej = total.rejected
    console.print(
        f"stopped: {total.lines} lines, {stored[0]} positions stored in {st.root}; rejected "
        + (", ".join(f"{k} {v}" for k, v in sorted(rej.items())) or "none"),
        highlight=False,
    )


def _analyse(st: Any, t1: datetime | None, t2: datetime | None, scheduler: str | None) -> Any:
    from arcticrecon.maritime.engine import analyse

    if scheduler is None:
        return analyse(st, start_utc=t1, end_utc=t2)
    from arcticrecon.maritime.dask_engine import analyse_dask

    return analyse_dask(st, start_utc=t1, end_utc=t2, scheduler=scheduler)


@app.command("events")
def events_cmd(
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help=f"Only these kinds (repeatable): {', '.join(_KINDS)}."),
    ] = None,
    store: StoreOpt = None,
    t1: FromOpt = None,
    t2: ToOpt = None,
    scheduler: SchedOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List AIS events (GFW definitions; thresholds printed with them)."""
    from arcticrecon.report.ais_picture import event_rows

    kinds = tuple(kind or _KINDS)
    bad = [k for k in kinds if k not in _KINDS]
    if bad:
        raise InputError(
            f"--kind {bad[0]!r} is not one of {', '.join(_KINDS)}",
            field="kind",
            value=bad[0],
            valid_range=_KINDS,
        )
    st = _existing_store(store)
    a, b = _window(t1, t2)
    res = _analyse(st, a, b, scheduler)
    vessels = {v["mmsi"]: v for v in st.vessels()}
    rows = [r for r in event_rows(res, vessels) if r["kind"] in kinds]
    params = res.params.as_dict()
    cols = [
        "kind",
        "mmsi",
        "vessel",
        "mmsi2",
        "start_utc",
        "end_utc",
        "duration_h",
        "lat_deg",
        "lon_deg",
        "distance_to_shore_nm",
        "likely_disabling",
        "port",
        "zone",
    ]
    if fmt is OutputFormat.json:
        emit_records(
            rows, fmt, json_obj={"events": rows, "parameters": params, "synthetic": res.synthetic}
        )
        return
    if fmt is OutputFormat.csv:
        import sys

        sys.stdout.write("# parameters: " + _params_line(params) + "\n")
        if res.synthetic:
            sys.stdout.write("# SYNTHETIC data\n")
        emit_records(rows, fmt)
        return
    title = f"AIS events ({len(rows)})" + (" — SYNTHETIC data" if res.synthetic else "")
    emit_records(rows, fmt, columns=cols, title=title)
    err_console.print("parameters: " + _params_line(params), highlight=False, soft_wrap=True)


def _params_line(params: dict[str, Any]) -> str:
    import json

    return json.dumps(params, sort_keys=True)


@app.command("vessels")
def vessels_cmd(
    store: StoreOpt = None,
    zone: Annotated[
        str | None,
        typer.Option("--zone", help="Only vessels inside this approximate zone: 12nm or 200nm."),
    ] = None,
    t1: FromOpt = None,
    t2: ToOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Vessels in the store (static data, flag from the ITU MID), or those inside a zone.

    With ``--zone`` or ``--from/--to``, ``positions``, ``first_utc_ms`` and ``last_utc_ms``
    count and span the vessel's positions inside that zone and window;
    ``positions_total`` is every position of it in the store.
    """
    import numpy as np

    from arcticrecon.maritime.flags import flag_of_mmsi
    from arcticrecon.maritime.shore import zone_band

    if zone not in (None, "12nm", "200nm"):
        raise InputError(f"--zone {zone!r} is not 12nm or 200nm", field="zone", value=zone)
    st = _existing_store(store)
    a, b = _window(t1, t2)
    rows = st.vessels()
    if zone is not None or a is not None or b is not None:
        cols = st.load_positions(start_utc=a, end_utc=b)
        mask = np.ones(len(cols["mmsi"]), dtype=bool)
        if zone is not None:
            band = zone_band(lat_deg=cols["lat_deg"], lon_deg=cols["lon_deg"])
            mask = band <= (0 if zone == "12nm" else 1)
        # count and span only the positions inside the zone/window, per vessel
        order = np.lexsort((cols["t_utc_ms"][mask], cols["mmsi"][mask]))
        sel_mmsi, sel_t = cols["mmsi"][mask][order], cols["t_utc_ms"][mask][order]
        ids, start, counts = np.unique(sel_mmsi, return_index=True, return_counts=True)
        inside = {
            int(m): (int(n), int(sel_t[i]), int(sel_t[i + n - 1]))
            for m, i, n in zip(ids, start, counts, strict=True)
        }
        rows = [
            {
                **r,
                "positions": inside[r["mmsi"]][0],
                "first_utc_ms": inside[r["mmsi"]][1],
                "last_utc_ms": inside[r["mmsi"]][2],
                "positions_total": r["positions"],
            }
            for r in rows
            if r["mmsi"] in inside
        ]
    out = []
    for r in rows:
        f = flag_of_mmsi(r["mmsi"])
        out.append({**r, "flag": f.flag_alpha3, "flag_allocated_to": f.allocated_to})
    cols_show = [
        "mmsi",
        "name",
        "call_sign",
        "imo",
        "flag",
        "ship_type",
        "length_m",
        "positions",
        *(["positions_total"] if rows and "positions_total" in rows[0] else []),
        "synthetic",
    ]
    title = "AIS vessels" + (f" inside the approximate {zone} zone" if zone else "")
    emit_records(out, fmt, columns=cols_show if fmt is OutputFormat.table else None, title=title)


@app.command("picture")
def picture(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the picture into.")],
    store: StoreOpt = None,
    t1: FromOpt = None,
    t2: ToOpt = None,
    sample: Annotated[
        bool,
        typer.Option("--sample", help="Use the packaged SYNTHETIC sample instead of a store."),
    ] = False,
    scheduler: SchedOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out.")] = False,
    as_: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="Add the analysts' assessments this person may read (mission store --db); "
            "the picture's marking is then their high-water mark.",
        ),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Write the maritime picture: index.html, tracks.geojson/kml, events.csv/geojson."""
    import tempfile

    from arcticrecon.maritime.store import AisStore
    from arcticrecon.report.ais_picture import write_ais_picture
    from arcticrecon.report.writer import _check_writable
    from arcticrecon.sources.embedded import data_path

    out = _check_writable(out, force)
    a, b = _window(t1, t2)
    assessments: list[Any] = []
    levels = None
    if as_ is not None:
        from arcticrecon.cli.store_options import open_cli_store, reader_from
        from arcticrecon.store import AisAssessmentRepository, MissionRepository

        with open_cli_store(db) as mstore:
            reader = reader_from(mstore, as_)
            with mstore.read() as s:
                assessments = AisAssessmentRepository(s, reader).list()
                levels = MissionRepository(s).levels()
    with tempfile.TemporaryDirectory(prefix="arcticrecon-ais-") as tmp:
        if sample:
            st = AisStore(Path(tmp) / "store")
            st.ingest_file(data_path("ais_synthetic_greenland.nmea.gz"))
        else:
            st = _existing_store(store)
        res = _analyse(st, a, b, scheduler)
        sources = [
            s["name"] + (" (SYNTHETIC)" if s.get("synthetic") else "")
            for s in st.manifest()["sources"].values()
        ]
        files = write_ais_picture(
            res,
            st.vessels(),
            out,
            sources=sorted(set(sources)),
            assessments=assessments,
            levels=levels,
        )
    console.print(
        f"maritime picture: {out / 'index.html'} ({len(res.events)} events"
        + (", SYNTHETIC data" if res.synthetic else "")
        + "); also "
        + ", ".join(f.name for f in files if f.name != "index.html"),
        highlight=False,
    )


def _check_assessed(mmsi: str, event: str | None, store: Path | None) -> tuple[int, str]:
    """The MMSI of an assessment, checked: 9 digits; vessel and event in the AIS store.

    The store checked is ``--store`` (it must hold positions), else the default store
    (``$ARCTICRECON_AIS_STORE``, ``$ARCTICRECON_HOME/ais``) when it holds any; without one
    only the formats are checked.

    Returns
    -------
    (mmsi, note)
        The MMSI as a number; a note for stderr when no store was there to check
        against (else ``""``).

    Raises
    ------
    InputError
        An MMSI that is not nine digits, a vessel or an event id the store does not hold,
        or an event of other vessels than ``mmsi``.
    """
    from arcticrecon.maritime.store import AisStore

    text = mmsi.strip()
    if len(text) != 9 or not text.isascii() or not text.isdigit():
        raise InputError(f"--mmsi {mmsi!r} is not a nine-digit MMSI", field="mmsi", value=mmsi)
    num = int(text)
    st = _existing_store(store) if store is not None else AisStore(_store_dir(None))
    if st.is_empty():
        return num, (
            f"note: no AIS store at {st.root}: --mmsi/--event not checked against the "
            "recorded traffic (--store names one)"
        )
    if event is None:
        if num not in {int(v["mmsi"]) for v in st.vessels()}:
            raise InputError(
                f"--mmsi {text}: no such vessel in the AIS store {st.root} "
                "(see `arcticrecon ais vessels`)",
                field="mmsi",
                value=mmsi,
            )
        return num, ""
    eid = event.strip().lower()
    found = [e for e in _analyse(st, None, None, None).events if e["event_id"] == eid]
    if not found:
        raise InputError(
            f"--event {event!r}: no such event in the AIS store {st.root} "
            "(see `arcticrecon ais events`)",
            field="event",
            value=event,
        )
    vessels = {int(found[0]["mmsi"])} | (
        {int(found[0]["mmsi2"])} if found[0].get("mmsi2") is not None else set()
    )
    if num not in vessels:
        raise InputError(
            f"--event {eid} is an event of {' and '.join(str(v) for v in sorted(vessels))}, "
            f"not of --mmsi {text}",
            field="mmsi",
            value=mmsi,
        )
    return num, ""


@app.command("assess")
def assess_cmd(
    verdict: Annotated[
        str, typer.Option("--verdict", help="routine, unexplained, suspicious or hostile.")
    ],
    mmsi: Annotated[
        str, typer.Option("--mmsi", help="The vessel, 9 digits (for an encounter: either).")
    ],
    event: Annotated[
        str | None,
        typer.Option("--event", help="Event id (event_id of `ais events`); none: the vessel."),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="What the analyst makes of it.")] = "",
    as_: AsOpt = None,
    rel_to: Annotated[
        list[str] | None, typer.Option("--rel-to", help="Releasable to (repeatable).")
    ] = None,
    level: Annotated[str | None, typer.Option("--level", help="Classification level.")] = None,
    db: DbOpt = None,
    store: StoreOpt = None,
) -> None:
    """Record an analyst's assessment of an AIS event or vessel, marked; prints its id.

    The vessel and the event must be in the AIS store (``--store``, else the default
    store when it holds any).
    """
    from arcticrecon.cli.store_options import (
        note_default_release,
        note_originator_added,
        open_cli_store,
        reader_from,
    )
    from arcticrecon.store import AisAssessmentRepository

    mmsi_num, unchecked = _check_assessed(mmsi, event, store)
    with open_cli_store(db) as mstore:
        reader = reader_from(mstore, as_)
        with mstore.write() as s:
            a = AisAssessmentRepository(s, reader).add(
                mmsi=mmsi_num,
                verdict=verdict,
                event_id=event,
                note=note,
                level=level,
                rel_to=rel_to,
            )
    note_originator_added(reader, rel_to, a.marking)
    note_default_release(rel_to, a.marking)
    if unchecked:
        err_console.print(unchecked, highlight=False, soft_wrap=True)
    typer.echo(a.id)


@app.command("assessments")
def assessments_cmd(
    mmsi: Annotated[int | None, typer.Option("--mmsi", help="Only this vessel.")] = None,
    event: Annotated[str | None, typer.Option("--event", help="Only this event id.")] = None,
    as_: AsOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List the AIS assessments --as may read (the releasability policy of findings)."""
    from arcticrecon.cli.store_options import count, open_cli_store, reader_from
    from arcticrecon.store import AisAssessmentRepository

    with open_cli_store(db) as mstore:
        reader = reader_from(mstore, as_)
        with mstore.read() as s:
            items = AisAssessmentRepository(s, reader).list(mmsi=mmsi, event_id=event)
    emit_records([a.to_dict() for a in items], fmt, title=count(len(items), "AIS assessment"))
