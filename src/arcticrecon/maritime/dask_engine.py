"""The same analysis on Dask: ``dask.dataframe`` over the Parquet day partitions, by MMSI.

For a month of pan-Arctic AIS that no single machine holds: the day partitions are read
lazily, shuffled so that each partition holds whole vessels (``shuffle(on="mmsi")``), and
each partition goes through the very functions of the in-memory engine (cleaning, gaps,
loitering, port visits, zone crossings; encounter candidates). The encounter pairing needs
the candidates of all vessels together; they are few (slow fixes far from ports, one per
vessel and 10-minute bin) and are paired on the client. Cleaned tracks are not brought
back (they are the big part): :attr:`Analysis.tracks` holds only the fixes of the vessels
with events, for drawing.

``scheduler``: ``tcp://HOST:PORT`` of a running ``distributed`` scheduler, or ``"local"``
for a :class:`distributed.LocalCluster` of 2 worker processes started for the call.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np

from arcticrecon.errors import InputError
from arcticrecon.maritime.clean import CleanStats, clean_tracks
from arcticrecon.maritime.encounters import (
    CANDIDATE_COLUMNS,
    encounter_candidates,
    pair_encounters,
)
from arcticrecon.maritime.engine import Analysis, sort_events
from arcticrecon.maritime.events import EVENT_FIELDS, EVENT_KINDS, vessel_events
from arcticrecon.maritime.params import EventParams
from arcticrecon.maritime.store import AisStore

__all__ = ["analyse_dask", "partition_events"]

_COLS = ["t_utc", "mmsi", "msg_type", "lat_deg", "lon_deg", "sog_kt", "cog_deg", "synthetic"]


def _to_cols(pdf: Any) -> dict[str, Any]:
    import pandas as pd

    t_ms = (pdf["t_utc"] - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(milliseconds=1)
    return {
        "t_utc_ms": np.asarray(t_ms, dtype=np.int64),
        "mmsi": pdf["mmsi"].to_numpy(dtype=np.int64),
        "msg_type": pdf["msg_type"].to_numpy(dtype=np.int8),
        "lat_deg": pdf["lat_deg"].to_numpy(dtype=float),
        "lon_deg": pdf["lon_deg"].to_numpy(dtype=float),
        "sog_kt": pdf["sog_kt"].astype("float32").to_numpy(dtype=np.float32, na_value=np.nan),
        "cog_deg": pdf["cog_deg"].astype("float32").to_numpy(dtype=np.float32, na_value=np.nan),
    }


def partition_events(pdf: Any, params: EventParams, kinds: tuple[str, ...]) -> Any:
    """Events of one partition holding whole vessels (a pandas DataFrame in, one out).

    Returns
    -------
    pandas.DataFrame
        Columns ``record`` (``"event"``, ``"candidate"`` or ``"stats"``) plus the event
        fields, the encounter-candidate columns and the cleaning counts as JSON.
    """
    import json

    import pandas as pd

    cols = _to_cols(pdf)
    tracks, stats = clean_tracks(cols, params)
    ev = vessel_events(tracks, params, kinds)
    cand = encounter_candidates(tracks, params) if "encounter" in kinds else None
    rows: list[dict[str, Any]] = [{"record": "event", "json": json.dumps(e)} for e in ev]
    if cand is not None and len(cand["mmsi"]):
        cdf = {k: np.asarray(cand[k]).tolist() for k in CANDIDATE_COLUMNS}
        rows.append({"record": "candidate", "json": json.dumps(cdf)})
    syn = bool(pdf["synthetic"].any()) if len(pdf) else False
    rows.append({"record": "stats", "json": json.dumps({**stats.as_dict(), "synthetic": syn})})
    return pd.DataFrame(rows, columns=["record", "json"])


def _client(scheduler: str) -> tuple[Any, Any]:
    from distributed import Client, LocalCluster

    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        return Client(cluster), cluster
    if not scheduler.startswith("tcp://"):
        raise InputError(
            f"--scheduler {scheduler!r} is not tcp://HOST:PORT or 'local'",
            field="scheduler",
            value=scheduler,
        )
    try:
        return Client(scheduler, timeout="10s"), None
    except OSError as err:
        raise InputError(
            f"cannot reach the Dask scheduler {scheduler}: {err}",
            field="scheduler",
            value=scheduler,
        ) from None


def analyse_dask(
    store: AisStore,
    *,
    start_utc: datetime | None = None,
    end_utc: datetime | None = None,
    params: EventParams | None = None,
    kinds: tuple[str, ...] = EVENT_KINDS,
    scheduler: str | Any = "local",
) -> Analysis:
    """:func:`arcticrecon.maritime.engine.analyse` on Dask (see the module docstring).

    Parameters
    ----------
    store, start_utc, end_utc, params, kinds
        As for ``analyse``.
    scheduler : str or distributed.Client
        ``tcp://HOST:PORT``, ``"local"``, or an existing client.

    Returns
    -------
    Analysis
        Same events as ``analyse``; ``tracks`` only for vessels with events.
    """
    import json

    import dask.dataframe as dd
    import pandas as pd

    params = params or EventParams()
    files = [str(p) for p in store.partition_paths(start_utc, end_utc)]
    if not files:
        raise InputError("no AIS positions in the store for this window", field="from")
    own = None
    cluster = None
    if isinstance(scheduler, str):
        own, cluster = _client(scheduler)
        client = own
    else:
        client = scheduler
    try:
        ddf = dd.read_parquet(files, columns=_COLS)
        if start_utc is not None:
            ddf = ddf[ddf["t_utc"] >= pd.Timestamp(start_utc)]
        if end_utc is not None:
            ddf = ddf[ddf["t_utc"] <= pd.Timestamp(end_utc)]
        nparts = max(1, min(len(files), 64))
        ddf = ddf.shuffle(on="mmsi", npartitions=nparts)
        meta = pd.DataFrame({"record": pd.Series(dtype=object), "json": pd.Series(dtype=object)})
        res = ddf.map_partitions(partition_events, params, kinds, meta=meta)
        out = client.compute(res).result()
    finally:
        if own is not None:
            own.close()
        if cluster is not None:
            cluster.close()
    events: list[dict[str, Any]] = []
    cands: list[dict[str, Any]] = []
    stats = CleanStats()
    synthetic = False
    for rec, js in zip(out["record"], out["json"], strict=True):
        d = json.loads(js)
        if rec == "event":
            events.append({k: d.get(k) for k in EVENT_FIELDS})
        elif rec == "candidate":
            cands.append(d)
        else:
            synthetic |= bool(d.pop("synthetic"))
            for k, v in d.items():
                setattr(stats, k, getattr(stats, k) + int(v))
    if "encounter" in kinds and cands:
        cand = {k: np.concatenate([np.asarray(c[k]) for c in cands]) for k in CANDIDATE_COLUMNS}
        events += pair_encounters(cand, params)
    mm = {e["mmsi"] for e in events} | {e["mmsi2"] for e in events if e.get("mmsi2")}
    cols = store.load_positions(start_utc=start_utc, end_utc=end_utc, mmsi=sorted(mm))
    cols.pop("synthetic", None)
    tracks, _ = clean_tracks(cols, params)
    return Analysis(
        tracks,
        sort_events(events),
        stats,
        params,
        synthetic,
        (start_utc, end_utc),
        extra={"dask_partitions": nparts},
    )
