"""The AIS store: positions in Parquet partitioned by UTC day, queried with DuckDB.

Layout of a store directory (default ``$ARCTICRECON_HOME/ais``)::

    positions/day=2026-01-19/<source>-<n>.parquet   one file per source and batch
    static/<source>-<n>.parquet                     static and voyage reports (types 5, 24)
    manifest.json                                   every source ingested: SHA-256 of its
                                                    content, counts, rejects by reason,
                                                    time range, synthetic or not

A source is identified by the SHA-256 of its (decompressed) content: ingesting the same
recording again adds nothing, and a half-finished ingest that is repeated overwrites its
own files (the names derive from the source) rather than adding rows. The manifest is
written last, atomically. DuckDB runs embedded and never loads an extension from the
network (``autoinstall_known_extensions`` off; Parquet is built in).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from arcticrecon.errors import DataSourceError, InputError
from arcticrecon.paths import home_dir

__all__ = ["AisStore", "IngestResult", "atomic_write_bytes", "default_store_dir"]

log = logging.getLogger(__name__)
_DAY_MS = 86_400_000
_FLUSH_ROWS = 2_000_000  # rows buffered before a flush (about 100 MB)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file atomically (temporary file in the same folder, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def default_store_dir() -> Path:
    """The AIS store folder used when none is given.

    ``$ARCTICRECON_AIS_STORE`` if set, else ``$ARCTICRECON_HOME/ais``, else
    ``~/.local/share/arcticrecon/ais`` (the command line and the web app agree on it).
    """
    env = os.environ.get("ARCTICRECON_AIS_STORE")
    if env:
        return Path(env).expanduser()
    return home_dir() / "ais"


@dataclass
class IngestResult:
    """Outcome of ingesting one source."""

    source: str
    sha256: str
    already: bool = False
    positions: int = 0
    statics: int = 0
    stats: dict[str, Any] = field(default_factory=dict)
    synthetic: bool = False


def _positions_schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("t_utc", pa.timestamp("ms", tz="UTC")),
            ("mmsi", pa.int64()),
            ("msg_type", pa.int8()),
            ("lat_deg", pa.float64()),
            ("lon_deg", pa.float64()),
            ("sog_kt", pa.float32()),
            ("cog_deg", pa.float32()),
            ("heading_deg", pa.float32()),
            ("nav_status", pa.int8()),
            ("synthetic", pa.bool_()),
            ("source", pa.string()),
        ]
    )


def _static_schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("t_utc", pa.timestamp("ms", tz="UTC")),
            ("mmsi", pa.int64()),
            ("msg_type", pa.int8()),
            ("imo", pa.int64()),
            ("call_sign", pa.string()),
            ("name", pa.string()),
            ("ship_type", pa.int16()),
            ("ship_type_text", pa.string()),
            ("to_bow_m", pa.float32()),
            ("to_stern_m", pa.float32()),
            ("to_port_m", pa.float32()),
            ("to_starboard_m", pa.float32()),
            ("draught_m", pa.float32()),
            ("destination", pa.string()),
            ("synthetic", pa.bool_()),
            ("source", pa.string()),
        ]
    )


def _na_to_null(a: NDArray[Any]) -> Any:
    import pyarrow as pa

    if a.dtype.kind == "f":
        return pa.array(a, mask=~np.isfinite(a))
    if a.dtype == np.int8:
        return pa.array(a, mask=a < 0)
    return pa.array(a)


class AisStore:
    """A directory of AIS Parquet files (see the module docstring).

    Parameters
    ----------
    root : Path
        Store directory; created on the first write.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # -- manifest ------------------------------------------------------------------------
    @property
    def manifest_path(self) -> Path:
        """Path of ``manifest.json``."""
        return self.root / "manifest.json"

    def manifest(self) -> dict[str, Any]:
        """The manifest (``{"sources": {sha256: {...}}}``); empty when the store is new.

        Raises
        ------
        DataSourceError
            If the manifest exists but is not valid JSON.
        """
        try:
            text = self.manifest_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {"sources": {}}
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as err:
            raise DataSourceError(
                f"AIS store manifest {self.manifest_path} is not valid JSON ({err.msg} at line "
                f"{err.lineno}); restore it or ingest into a new --store"
            ) from None
        doc.setdefault("sources", {})
        return dict(doc)

    def _save_manifest(self, doc: dict[str, Any]) -> None:
        atomic_write_bytes(self.manifest_path, json.dumps(doc, indent=1, sort_keys=True).encode())

    def is_empty(self) -> bool:
        """Whether no position has been stored."""
        return not any((self.root / "positions").glob("day=*/*.parquet"))

    def synthetic_sources(self) -> list[str]:
        """Names of the synthetic sources in the store."""
        return sorted(s["name"] for s in self.manifest()["sources"].values() if s.get("synthetic"))

    # -- writing -------------------------------------------------------------------------
    def write_positions(
        self, cols: dict[str, NDArray[Any]], *, source: str, synthetic: bool, part: str
    ) -> int:
        """Write position columns, one Parquet file per UTC day.

        Parameters
        ----------
        cols : dict of str to ndarray
            :data:`~arcticrecon.sources.ais.nmea.POSITION_COLUMNS`.
        source : str
            Source identifier stored in every row (short SHA-256).
        synthetic : bool
            Whether the rows are synthetic (stored in every row).
        part : str
            File-name stem; the same stem overwrites (idempotent re-runs).

        Returns
        -------
        int
            Rows written.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        n = len(cols["mmsi"])
        if n == 0:
            return 0
        t = cols["t_utc_ms"]
        day = t // _DAY_MS
        order = np.argsort(day, kind="stable")
        days, starts = np.unique(day[order], return_index=True)
        bounds = [*starts.tolist(), n]
        schema = _positions_schema()
        for k, d in enumerate(days.tolist()):
            idx = order[bounds[k] : bounds[k + 1]]
            arrays = [
                pa.array(t[idx], type=pa.timestamp("ms", tz="UTC")),
                pa.array(cols["mmsi"][idx]),
                pa.array(cols["msg_type"][idx]),
                pa.array(cols["lat_deg"][idx]),
                pa.array(cols["lon_deg"][idx]),
                _na_to_null(cols["sog_kt"][idx]),
                _na_to_null(cols["cog_deg"][idx]),
                _na_to_null(cols["heading_deg"][idx]),
                _na_to_null(cols["nav_status"][idx]),
                pa.array(np.full(len(idx), synthetic)),
                pa.array([source] * len(idx), type=pa.string()),
            ]
            table = pa.Table.from_arrays(arrays, schema=schema)
            date = datetime.fromtimestamp(d * 86400, tz=UTC).strftime("%Y-%m-%d")
            path = self.root / "positions" / f"day={date}" / f"{part}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".parquet.tmp")
            pq.write_table(table, tmp, compression="zstd")
            os.replace(tmp, path)
        return n

    def write_statics(
        self, records: list[dict[str, Any]], *, source: str, synthetic: bool, part: str
    ) -> int:
        """Write static/voyage records (one Parquet file); returns rows written."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not records:
            return 0
        schema = _static_schema()
        rows = [{**r, "synthetic": synthetic, "source": source} for r in records]
        for r in rows:
            r["t_utc"] = datetime.fromtimestamp(r.pop("t_utc_ms") / 1000.0, tz=UTC)
        table = pa.Table.from_pylist(rows, schema=schema)
        path = self.root / "static" / f"{part}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".parquet.tmp")
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
        return len(rows)

    def ingest_file(
        self,
        path: Path,
        *,
        start_utc: datetime | None = None,
        rate_hz: float | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> IngestResult:
        """Ingest one recording (NMEA plain/gzip or DMA CSV); a repeat adds nothing.

        Parameters
        ----------
        path : Path
        start_utc, rate_hz : optional
            Clock for NMEA recordings without tag-block receive times (see
            :func:`arcticrecon.sources.ais.files.read_ais_file`).
        progress : callable, optional
            Called with the number of lines of each batch read.

        Returns
        -------
        IngestResult

        Raises
        ------
        InputError
            Unreadable file, unknown format, or no receive times without a clock.
        """
        from arcticrecon.sources.ais.files import file_sha256, open_binary, read_ais_file
        from arcticrecon.sources.ais.nmea import DecodeStats

        if not path.is_file():
            raise InputError(f"AIS file {path} does not exist", field="file", value=str(path))
        sha = file_sha256(path)
        man = self.manifest()
        if sha in man["sources"]:
            prev = man["sources"][sha]
            log.info("AIS file %s already ingested (sha256 %s): skipped", path, sha[:16])
            return IngestResult(
                source=str(path),
                sha256=sha,
                already=True,
                stats=prev.get("stats", {}),
                synthetic=bool(prev.get("synthetic")),
            )
        with open_binary(path) as fh:
            head = fh.read(4096)
        synthetic = b"SYNTHETIC" in head.split(b"\n", 1)[0] or b"s:arcticrecon-synthetic" in head
        src = sha[:16]
        log.info(
            "ingesting AIS file %s (sha256 %s%s)", path, src, ", synthetic" if synthetic else ""
        )
        t0 = time.perf_counter()
        total = DecodeStats()
        buf: list[dict[str, NDArray[Any]]] = []
        statics: list[dict[str, Any]] = []
        nbuf = 0
        k = 0
        n_pos = 0
        t_min, t_max = None, None
        for batch in read_ais_file(path, start_utc=start_utc, rate_hz=rate_hz):
            total.add(batch.stats)
            if progress is not None:
                progress(batch.stats.lines)
            if batch.n_positions:
                buf.append(batch.positions)
                nbuf += batch.n_positions
                tt = batch.positions["t_utc_ms"]
                t_min = int(tt.min()) if t_min is None else min(t_min, int(tt.min()))
                t_max = int(tt.max()) if t_max is None else max(t_max, int(tt.max()))
            statics += batch.statics
            if nbuf >= _FLUSH_ROWS:
                n_pos += self.write_positions(
                    _concat(buf), source=src, synthetic=synthetic, part=f"{src}-{k:05d}"
                )
                log.debug("%s: part %d written, %d positions so far", path.name, k, n_pos)
                buf, nbuf, k = [], 0, k + 1
        if buf:
            n_pos += self.write_positions(
                _concat(buf), source=src, synthetic=synthetic, part=f"{src}-{k:05d}"
            )
        n_st = self.write_statics(statics, source=src, synthetic=synthetic, part=src)
        man = self.manifest()
        man["sources"][sha] = {
            "name": path.name,
            "ingested_utc": datetime.now(UTC).isoformat(timespec="seconds"),
            "positions": n_pos,
            "statics": n_st,
            "stats": total.as_dict(),
            "synthetic": synthetic,
            "t_min_utc_ms": t_min,
            "t_max_utc_ms": t_max,
        }
        self._save_manifest(man)
        stats = total.as_dict()
        log.info(
            "ingested %s in %.1f s: %d positions, %d static reports, %d lines rejected",
            path.name,
            time.perf_counter() - t0,
            n_pos,
            n_st,
            sum(stats.get("rejected", {}).values()),
        )
        return IngestResult(
            source=str(path),
            sha256=sha,
            positions=n_pos,
            statics=n_st,
            stats=total.as_dict(),
            synthetic=synthetic,
        )

    def record_live_batch(
        self,
        batch_cols: dict[str, NDArray[Any]],
        statics: list[dict[str, Any]],
        stats: Any,
        *,
        source_name: str,
    ) -> int:
        """Store one flushed batch of a live feed (its own part files + manifest entry).

        Returns
        -------
        int
            Positions written.
        """
        h = hashlib.sha256()
        for k in ("t_utc_ms", "mmsi", "lat_deg", "lon_deg"):
            h.update(np.ascontiguousarray(batch_cols[k]).tobytes())
        h.update(json.dumps(statics, sort_keys=True, default=str).encode())
        sha = h.hexdigest()
        man = self.manifest()
        if sha in man["sources"]:
            return 0
        part = f"live-{sha[:16]}"
        n = self.write_positions(batch_cols, source=part, synthetic=False, part=part)
        n_st = self.write_statics(statics, source=part, synthetic=False, part=part)
        t = batch_cols["t_utc_ms"]
        man["sources"][sha] = {
            "name": source_name,
            "ingested_utc": datetime.now(UTC).isoformat(timespec="seconds"),
            "positions": n,
            "statics": n_st,
            "stats": stats.as_dict(),
            "synthetic": False,
            "t_min_utc_ms": int(t.min()) if len(t) else None,
            "t_max_utc_ms": int(t.max()) if len(t) else None,
        }
        self._save_manifest(man)
        return n

    # -- reading -------------------------------------------------------------------------
    def connect(self) -> Any:
        """An embedded DuckDB connection with views ``positions`` and ``static``.

        Extensions are never downloaded (``autoinstall_known_extensions=false``); DuckDB
        keeps to 512 MB of memory and spills larger sorts to disk.
        """
        import duckdb

        con = duckdb.connect(
            config={
                "autoinstall_known_extensions": "false",
                "autoload_known_extensions": "false",
                "memory_limit": "512MB",  # larger sorts spill to a temporary folder
            }
        )
        con.execute("SET enable_progress_bar = false")  # never draw on the caller's terminal
        pos = self.root / "positions"
        if any(pos.glob("day=*/*.parquet")):
            glob = str(pos / "day=*" / "*.parquet").replace("'", "''")
            con.execute(
                f"CREATE VIEW positions AS SELECT * FROM read_parquet('{glob}', "
                "hive_partitioning = true, union_by_name = true)"
            )
        else:
            con.execute(
                "CREATE VIEW positions AS SELECT NULL::TIMESTAMPTZ t_utc, NULL::BIGINT mmsi, "
                "NULL::TINYINT msg_type, NULL::DOUBLE lat_deg, NULL::DOUBLE lon_deg, "
                "NULL::FLOAT sog_kt, NULL::FLOAT cog_deg, NULL::FLOAT heading_deg, "
                "NULL::TINYINT nav_status, NULL::BOOLEAN synthetic, NULL::VARCHAR source, "
                'NULL::VARCHAR AS "day" WHERE false'
            )
        st = self.root / "static"
        if any(st.glob("*.parquet")):
            glob = str(st / "*.parquet").replace("'", "''")
            con.execute(f"CREATE VIEW static AS SELECT * FROM read_parquet('{glob}')")
        else:
            con.execute(
                "CREATE VIEW static AS SELECT NULL::TIMESTAMPTZ t_utc, NULL::BIGINT mmsi, "
                "NULL::VARCHAR name, NULL::VARCHAR call_sign, NULL::BIGINT imo, "
                "NULL::SMALLINT ship_type, NULL::VARCHAR ship_type_text, NULL::FLOAT to_bow_m, "
                "NULL::FLOAT to_stern_m, NULL::FLOAT to_port_m, NULL::FLOAT to_starboard_m, "
                "NULL::FLOAT draught_m, NULL::VARCHAR destination, NULL::BOOLEAN synthetic "
                "WHERE false"
            )
        return con

    def load_positions(
        self,
        *,
        start_utc: datetime | None = None,
        end_utc: datetime | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        mmsi: Iterable[int] | None = None,
        light: bool = False,
    ) -> dict[str, NDArray[Any]]:
        """Positions in a time window / box, sorted by ``(mmsi, t_utc_ms)``.

        Parameters
        ----------
        start_utc, end_utc : datetime, optional
            Inclusive window (timezone-aware).
        bbox : (lon_min, lat_min, lon_max, lat_max), optional
            [deg]
        mmsi : iterable of int, optional
        light : bool
            Leave out ``heading_deg`` and ``nav_status`` (the event engine does not use
            them; saves memory on millions of rows).

        Returns
        -------
        dict of str to ndarray
            ``t_utc_ms, mmsi, msg_type, lat_deg, lon_deg, sog_kt, cog_deg, heading_deg,
            nav_status, synthetic``; NaN / -1 for values the reports did not give.
        """
        where, params = self._where(start_utc, end_utc, bbox, mmsi)
        extra = (
            ""
            if light
            else "coalesce(heading_deg, 'NaN'::FLOAT) AS heading_deg, "
            "coalesce(nav_status, -1) AS nav_status, "
        )
        sql = (
            "SELECT epoch_ms(t_utc) AS t_utc_ms, mmsi, msg_type, lat_deg, lon_deg, "
            "coalesce(sog_kt, 'NaN'::FLOAT) AS sog_kt, coalesce(cog_deg, 'NaN'::FLOAT) AS "
            f"cog_deg, {extra}synthetic FROM positions{where} ORDER BY mmsi, t_utc_ms"
        )
        con = self.connect()
        try:
            n = int(con.execute(f"SELECT count(*) FROM positions{where}", params).fetchall()[0][0])
            reader = con.sql(sql, params=params).to_arrow_reader(1_000_000)
            out: dict[str, NDArray[Any]] = {}
            at = 0
            # batches straight into preallocated columns: no second copy of millions of rows
            for batch in reader:
                m = batch.num_rows
                for name, col in zip(batch.schema.names, batch.columns, strict=True):
                    a = col.to_numpy(zero_copy_only=False)
                    if name not in out:
                        dtype = np.int64 if name in ("t_utc_ms", "mmsi") else a.dtype
                        out[name] = np.empty(n, dtype=dtype)
                    out[name][at : at + m] = a
                at += m
        finally:
            con.close()
        if not out:
            empty = {"t_utc_ms": np.int64, "mmsi": np.int64, "msg_type": np.int8}
            names = ["t_utc_ms", "mmsi", "msg_type", "lat_deg", "lon_deg", "sog_kt", "cog_deg"]
            names += [] if light else ["heading_deg", "nav_status"]
            out = {k: np.zeros(0, dtype=empty.get(k, np.float64)) for k in [*names, "synthetic"]}
            if not light:
                out["nav_status"] = out["nav_status"].astype(np.int8)
            out["synthetic"] = out["synthetic"].astype(bool)
        return {k: v[:at] if len(v) != at else v for k, v in out.items()}

    @staticmethod
    def _where(
        start_utc: datetime | None,
        end_utc: datetime | None,
        bbox: tuple[float, float, float, float] | None,
        mmsi: Iterable[int] | None,
    ) -> tuple[str, list[Any]]:
        cond: list[str] = []
        params: list[Any] = []
        if start_utc is not None:
            cond += ["day >= ?", "t_utc >= ?"]
            params += [start_utc.astimezone(UTC).strftime("%Y-%m-%d"), start_utc]
        if end_utc is not None:
            cond += ["day <= ?", "t_utc <= ?"]
            params += [end_utc.astimezone(UTC).strftime("%Y-%m-%d"), end_utc]
        if bbox is not None:
            lon0, lat0, lon1, lat1 = bbox
            cond += ["lon_deg BETWEEN ? AND ?", "lat_deg BETWEEN ? AND ?"]
            params += [lon0, lon1, lat0, lat1]
        if mmsi is not None:
            ids = [int(m) for m in mmsi]
            cond.append(f"mmsi IN ({', '.join('?' * len(ids)) or 'NULL'})")
            params += ids
        return (" WHERE " + " AND ".join(cond)) if cond else "", params

    def partition_paths(
        self, start_utc: datetime | None = None, end_utc: datetime | None = None
    ) -> list[Path]:
        """Parquet files of the day partitions overlapping a window (for Dask)."""
        out = []
        for d in sorted((self.root / "positions").glob("day=*")):
            day = d.name[4:]
            if start_utc is not None and day < start_utc.astimezone(UTC).strftime("%Y-%m-%d"):
                continue
            if end_utc is not None and day > end_utc.astimezone(UTC).strftime("%Y-%m-%d"):
                continue
            out += sorted(d.glob("*.parquet"))
        return out

    def vessels(self) -> list[dict[str, Any]]:
        """Latest static/voyage data per MMSI, with position counts and time span.

        Returns
        -------
        list of dict
            ``mmsi, name, call_sign, imo, ship_type, ship_type_text, length_m, beam_m,
            draught_m, destination, positions, first_utc_ms, last_utc_ms, synthetic``;
            ``None`` where no static report gave the field.
        """
        sql = """
        WITH p AS (
          SELECT mmsi, count(*) AS positions, epoch_ms(min(t_utc)) AS first_utc_ms,
                 epoch_ms(max(t_utc)) AS last_utc_ms, bool_or(synthetic) AS synthetic
          FROM positions GROUP BY mmsi),
        s AS (
          SELECT mmsi,
            arg_max(name, t_utc) FILTER (WHERE name IS NOT NULL) AS name,
            arg_max(call_sign, t_utc) FILTER (WHERE call_sign IS NOT NULL) AS call_sign,
            arg_max(imo, t_utc) FILTER (WHERE imo IS NOT NULL) AS imo,
            arg_max(ship_type, t_utc) FILTER (WHERE ship_type IS NOT NULL) AS ship_type,
            arg_max(ship_type_text, t_utc) FILTER (WHERE ship_type_text IS NOT NULL)
              AS ship_type_text,
            arg_max(to_bow_m + to_stern_m, t_utc) FILTER (WHERE to_bow_m IS NOT NULL
              AND to_stern_m IS NOT NULL) AS length_m,
            arg_max(to_port_m + to_starboard_m, t_utc) FILTER (WHERE to_port_m IS NOT NULL
              AND to_starboard_m IS NOT NULL) AS beam_m,
            arg_max(draught_m, t_utc) FILTER (WHERE draught_m IS NOT NULL) AS draught_m,
            arg_max(destination, t_utc) FILTER (WHERE destination IS NOT NULL) AS destination
          FROM static GROUP BY mmsi)
        SELECT p.mmsi, s.name, s.call_sign, s.imo, s.ship_type, s.ship_type_text, s.length_m,
               s.beam_m, s.draught_m, s.destination, p.positions, p.first_utc_ms,
               p.last_utc_ms, p.synthetic
        FROM p LEFT JOIN s USING (mmsi) ORDER BY p.mmsi
        """
        con = self.connect()
        try:
            cur = con.execute(sql)
            names = [d[0] for d in cur.description]
            rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        finally:
            con.close()
        for r in rows:
            for k in ("length_m", "beam_m", "draught_m"):
                if r[k] is not None:
                    r[k] = round(float(r[k]), 1)
        return rows


def _concat(parts: list[dict[str, NDArray[Any]]]) -> dict[str, NDArray[Any]]:
    if len(parts) == 1:
        return parts[0]
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
