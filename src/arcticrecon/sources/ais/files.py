"""AIS recording files, read in batches: NMEA (plain or gzip) and DMA-layout CSV.

CSV means decoded AIS in the Danish Maritime Authority layout.

The DMA publishes historical AIS as daily CSV files (https://web.ais.dk/aisdata/, "AIS
data", Danish Maritime Authority) with the header::

    # Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,
    Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing
    device,Draught,Destination,ETA,Data source type,A,B,C,D

with ``Timestamp`` as ``dd/mm/yyyy HH:MM:SS`` UTC, SOG in knots, COG and heading in
degrees, A-D the GNSS antenna's distances to bow, stern, port and starboard in metres.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from arcticrecon.errors import InputError
from arcticrecon.sources.ais.nmea import (
    AisBatch,
    DecodeStats,
    NmeaDecoder,
)

__all__ = [
    "DMA_COLUMNS",
    "file_sha256",
    "has_receive_times",
    "open_binary",
    "read_ais_file",
    "sniff_format",
]

#: Columns of the DMA CSV layout that are read (the others are ignored).
DMA_COLUMNS = (
    "# Timestamp",
    "Type of mobile",
    "MMSI",
    "Latitude",
    "Longitude",
    "Navigational status",
    "SOG",
    "COG",
    "Heading",
    "IMO",
    "Callsign",
    "Name",
    "Ship type",
    "Draught",
    "Destination",
    "A",
    "B",
    "C",
    "D",
)

# DMA navigational status texts -> ITU-R M.1371-5 table 47 codes
_NAV_STATUS = {
    "under way using engine": 0,
    "at anchor": 1,
    "not under command": 2,
    "restricted maneuverability": 3,
    "restricted manoeuverability": 3,
    "constrained by her draught": 4,
    "moored": 5,
    "aground": 6,
    "engaged in fishing": 7,
    "under way sailing": 8,
    "ais-sart": 14,
    "unknown value": 15,
}


def open_binary(path: Path) -> io.BufferedIOBase:
    """Open a file for reading bytes, through gzip when it starts with the gzip magic."""
    fh = path.open("rb")
    magic = fh.read(2)
    fh.seek(0)
    if magic == b"\x1f\x8b":
        fh.close()
        return gzip.open(path, "rb")
    return fh


def file_sha256(path: Path) -> str:
    """SHA-256 of the file's decompressed content (so ``x.nmea`` and ``x.nmea.gz`` match)."""
    h = hashlib.sha256()
    with open_binary(path) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _head(path: Path, n: int) -> list[bytes]:
    out: list[bytes] = []
    with open_binary(path) as fh:
        for line in fh:
            out.append(line)
            if len(out) >= n:
                break
    return out


def sniff_format(path: Path) -> str:
    """``"nmea"`` or ``"dma_csv"`` from the first lines of the file.

    Raises
    ------
    InputError
        If the file is neither (names the file and what its first line looks like).
    """
    try:
        head = _head(path, 50)
    except OSError as err:
        raise InputError(
            f"cannot read {path}: {err.strerror}", field="file", value=str(path)
        ) from None
    except (gzip.BadGzipFile, EOFError) as err:
        raise InputError(f"{path} is not a readable gzip file ({err})", field="file") from None
    for line in head:
        s = line.strip()
        if not s:
            continue
        if b"Timestamp" in s and b"MMSI" in s and b"," in s:
            return "dma_csv"
        if s[:1] in (b"!", b"\\", b"$") or s[:1] == b"#":
            if s[:1] != b"#":
                return "nmea"
            continue
        break
    first = next((h.strip() for h in head if h.strip()), b"")
    raise InputError(
        f"{path} is neither NMEA (!AIVDM lines) nor DMA CSV (a '# Timestamp,...,MMSI' header); "
        f"its first line starts {first[:40]!r}",
        field="file",
        value=str(path),
    )


def has_receive_times(path: Path, *, n_lines: int = 2000) -> bool:
    """Whether an NMEA file's first ``n_lines`` carry NMEA 4.0 tag-block receive times."""
    for line in _head(path, n_lines):
        s = line.strip()
        if s[:1] == b"\\":
            j = s.find(b"\\", 1)
            if j > 0 and (b"c:" in s[1:j]):
                return True
    return False


def _read_nmea(
    path: Path, *, start_utc: datetime | None, rate_hz: float | None, chunk_lines: int
) -> Iterator[AisBatch]:
    dec = NmeaDecoder(start_utc=start_utc, rate_hz=rate_hz)
    size = chunk_lines * 64  # bytes per block (a line is ~60-90 bytes)
    tail = b""
    with open_binary(path) as fh:
        while True:
            data = fh.read(size)
            if not data:
                break
            data = tail + data
            cut = data.rfind(b"\n")
            if cut < 0:
                tail = data
                continue
            tail = data[cut + 1 :]
            yield dec.feed_block(data[: cut + 1])
    if tail:
        yield dec.feed_block(tail)
    yield dec.finish()


def _to_float(series: Any) -> Any:
    import pandas as pd

    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)


def _read_dma(path: Path, *, chunk_rows: int) -> Iterator[AisBatch]:
    import pandas as pd

    with open_binary(path) as fh:
        reader = pd.read_csv(
            fh,
            dtype=str,
            keep_default_na=False,
            chunksize=chunk_rows,
            usecols=lambda c: c in DMA_COLUMNS,
        )
        for df in reader:
            yield _dma_batch(df, pd)


def _dma_batch(df: Any, pd: Any) -> AisBatch:
    stats = DecodeStats(lines=len(df), sentences=len(df))
    rej = stats.rejected
    missing = [c for c in ("# Timestamp", "MMSI", "Latitude", "Longitude") if c not in df]
    if missing:
        raise InputError(
            f"DMA CSV lacks the column(s) {', '.join(missing)}; the DMA layout starts "
            "'# Timestamp,Type of mobile,MMSI,Latitude,Longitude,...'",
            field="columns",
            value=missing,
        )
    t = pd.to_datetime(df["# Timestamp"], format="%d/%m/%Y %H:%M:%S", errors="coerce", utc=True)
    mmsi = pd.to_numeric(df["MMSI"], errors="coerce")
    lat = _to_float(df["Latitude"])
    lon = _to_float(df["Longitude"])
    bad = t.isna().to_numpy() | mmsi.isna().to_numpy() | np.isnan(lat) | np.isnan(lon)
    na = ~bad & ((np.abs(lat - 91.0) < 1e-9) | (np.abs(lon - 181.0) < 1e-9))
    oor = ~bad & ~na & ((np.abs(lat) > 90) | (np.abs(lon) > 180))
    for reason, mask in (
        ("malformed", bad),
        ("position_not_available", na),
        ("position_out_of_range", oor),
    ):
        if mask.any():
            rej[reason] += int(mask.sum())
    keep = ~(bad | na | oor)
    epoch = pd.Timestamp(0, tz="UTC")
    t_ms = ((t.fillna(epoch) - epoch) // pd.Timedelta(milliseconds=1)).to_numpy()[keep]
    sog = _to_float(df["SOG"]) if "SOG" in df else np.full(len(df), np.nan)
    cog = _to_float(df["COG"]) if "COG" in df else np.full(len(df), np.nan)
    hdg = _to_float(df["Heading"]) if "Heading" in df else np.full(len(df), np.nan)
    cog = np.where((cog < 0) | (cog >= 360), np.nan, cog)
    hdg = np.where((hdg < 0) | (hdg > 359), np.nan, hdg)
    sog = np.where((sog < 0) | (sog >= 102.3), np.nan, sog)
    if "Navigational status" in df:
        nav = (
            df["Navigational status"].str.strip().str.lower().map(_NAV_STATUS).fillna(-1)
        ).to_numpy(dtype=np.int8)
    else:
        nav = np.full(len(df), -1, dtype=np.int8)
    is_b = (
        df["Type of mobile"].str.strip().eq("Class B").to_numpy()
        if "Type of mobile" in df
        else np.zeros(len(df), dtype=bool)
    )
    positions = {
        "t_utc_ms": t_ms.astype(np.int64),
        "mmsi": mmsi.to_numpy()[keep].astype(np.int64),
        "msg_type": np.where(is_b, 18, 1)[keep].astype(np.int8),
        "lat_deg": lat[keep],
        "lon_deg": lon[keep],
        "sog_kt": sog[keep].astype(np.float32),
        "cog_deg": cog[keep].astype(np.float32),
        "heading_deg": hdg[keep].astype(np.float32),
        "nav_status": nav[keep],
    }
    stats.positions = int(keep.sum())
    statics = _dma_statics(df[keep], t[keep], pd)
    stats.statics = len(statics)
    return AisBatch(positions=positions, statics=statics, stats=stats)


def _dma_statics(df: Any, t: Any, pd: Any) -> list[dict[str, Any]]:
    cols = [c for c in ("Name", "Callsign", "IMO", "Ship type", "A", "B", "C", "D") if c in df]
    if not cols or df.empty:
        return []
    sub = df[["MMSI", *cols, *(c for c in ("Draught", "Destination") if c in df)]].copy()
    sub["t"] = t.to_numpy()
    sub = sub.drop_duplicates(subset=["MMSI", *cols], keep="first")
    out: list[dict[str, Any]] = []

    def num(v: Any) -> float | None:
        try:
            x = float(v)
        except (TypeError, ValueError):
            return None
        return x if np.isfinite(x) and x > 0 else None

    def txt(v: Any) -> str | None:
        s = str(v).strip() if v is not None else ""
        return None if s in ("", "Unknown", "Undefined") else s

    for r in sub.to_dict("records"):
        imo = num(r.get("IMO"))
        out.append(
            {
                "t_utc_ms": int(
                    (pd.Timestamp(r["t"]) - pd.Timestamp(0, tz="UTC")) // pd.Timedelta("1ms")
                ),
                "mmsi": int(float(r["MMSI"])),
                "msg_type": 5,
                "imo": int(imo) if imo else None,
                "call_sign": txt(r.get("Callsign")),
                "name": txt(r.get("Name")),
                "ship_type": None,
                "ship_type_text": txt(r.get("Ship type")),
                "to_bow_m": num(r.get("A")),
                "to_stern_m": num(r.get("B")),
                "to_port_m": num(r.get("C")),
                "to_starboard_m": num(r.get("D")),
                "draught_m": num(r.get("Draught")),
                "destination": txt(r.get("Destination")),
            }
        )
    return out


def read_ais_file(
    path: Path,
    *,
    start_utc: datetime | None = None,
    rate_hz: float | None = None,
    chunk_lines: int = 250_000,
) -> Iterator[AisBatch]:
    """Read an AIS recording in batches (NMEA plain/gzip, or DMA CSV).

    Parameters
    ----------
    path : Path
    start_utc : datetime, optional
        Receive time of the first line of an NMEA recording without tag-block times.
    rate_hz : float, optional
        Lines per second of such a recording. [1/s]
    chunk_lines : int
        Lines per batch (memory: about 200 bytes a line while a batch is decoded).

    Yields
    ------
    AisBatch

    Raises
    ------
    InputError
        If the file is unreadable or neither format; if an NMEA recording has no receive
        times and ``start_utc``/``rate_hz`` are not both given; if a DMA CSV lacks a key
        column.
    """
    fmt = sniff_format(path)
    if fmt == "dma_csv":
        yield from _read_dma(path, chunk_rows=chunk_lines)
        return
    if (start_utc is None) != (rate_hz is None):
        raise InputError(
            "--start and --rate go together: give both (e.g. --start 2026-01-20T00:00Z "
            "--rate 10) or neither",
            field="start" if start_utc is None else "rate",
        )
    if rate_hz is not None and not rate_hz > 0:
        raise InputError(
            f"--rate {rate_hz} is not a positive number of sentences per second",
            field="rate",
            value=rate_hz,
            valid_range="> 0",
        )
    if start_utc is None and not has_receive_times(path):
        raise InputError(
            f"{path.name} has no receive times (no NMEA 4.0 tag block \\c:...\\ in its first "
            "lines); give --start (UTC time of the first line) and --rate (lines per second)",
            field="start",
            value=str(path),
        )
    yield from _read_nmea(path, start_utc=start_utc, rate_hz=rate_hz, chunk_lines=chunk_lines)
