"""One entry point for the maritime analysis of a store window: clean, then all events.

:func:`analyse` loads the positions of a window through DuckDB (in memory, vectorised)
and returns the cleaned tracks and every event; :mod:`arcticrecon.maritime.dask_engine`
does the same over Dask partitions for data no single machine holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from arcticrecon.maritime.clean import CleanStats, clean_tracks
from arcticrecon.maritime.encounters import detect_encounters
from arcticrecon.maritime.events import EVENT_KINDS, vessel_events
from arcticrecon.maritime.params import EventParams
from arcticrecon.maritime.store import AisStore

__all__ = ["Analysis", "analyse", "analyse_columns", "sort_events"]


@dataclass
class Analysis:
    """Cleaned tracks and events of one window.

    Attributes
    ----------
    tracks : dict of str to ndarray
        Cleaned positions sorted by ``(mmsi, t_utc_ms)`` (see ``clean_tracks``).
    events : list of dict
        :data:`~arcticrecon.maritime.events.EVENT_FIELDS` dicts, by start time.
    clean : CleanStats
    params : EventParams
    synthetic : bool
        Whether any position used is synthetic.
    """

    tracks: dict[str, NDArray[Any]]
    events: list[dict[str, Any]]
    clean: CleanStats
    params: EventParams
    synthetic: bool
    window: tuple[datetime | None, datetime | None] = (None, None)
    extra: dict[str, Any] = field(default_factory=dict)


def sort_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events by start time, then kind, then MMSI."""
    return sorted(events, key=lambda e: (e["start_utc_ms"], e["kind"], e["mmsi"]))


def analyse_columns(
    cols: dict[str, NDArray[Any]],
    params: EventParams | None = None,
    kinds: tuple[str, ...] = EVENT_KINDS,
) -> tuple[dict[str, NDArray[Any]], list[dict[str, Any]], CleanStats]:
    """Clean position columns and detect events in them (in memory)."""
    params = params or EventParams()
    tracks, stats = clean_tracks(cols, params)
    events = vessel_events(tracks, params, kinds)
    if "encounter" in kinds:
        events += detect_encounters(tracks, params)
    return tracks, sort_events(events), stats


def analyse(
    store: AisStore,
    *,
    start_utc: datetime | None = None,
    end_utc: datetime | None = None,
    params: EventParams | None = None,
    kinds: tuple[str, ...] = EVENT_KINDS,
) -> Analysis:
    """Clean and analyse the positions of a store window.

    Parameters
    ----------
    store : AisStore
    start_utc, end_utc : datetime, optional
        Inclusive window.
    params : EventParams, optional
    kinds : tuple of str
        Event kinds to detect (:data:`~arcticrecon.maritime.events.EVENT_KINDS`).

    Returns
    -------
    Analysis
    """
    params = params or EventParams()
    cols = store.load_positions(start_utc=start_utc, end_utc=end_utc, light=True)
    synthetic = bool(np.any(cols.pop("synthetic"))) if len(cols["mmsi"]) else False
    tracks, events, stats = analyse_columns(cols, params, kinds)
    return Analysis(tracks, events, stats, params, synthetic, (start_utc, end_utc))
