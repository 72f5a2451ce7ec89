"""Tables of a plan: the ``opportunities.csv`` and ``light.csv`` frames."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from arcticrecon.planner import Plan

__all__ = ["light_frame", "opportunities_frame"]


def opportunities_frame(plan: Plan) -> pd.DataFrame:
    """All ranked options of all exercises as one table (the ``opportunities.csv``).

    Columns: ``exercise``, ``kind``, ``rank``, ``icao``, ``site``, ``window_start``,
    ``window_end``, ``score``, ``p_top3``, ``p_top3_site``, ``pareto``, ``topsis_score``,
    ``topsis_rank`` (see :class:`arcticrecon.rank.Ranking`), ``feasible``,
    ``excluded_reason``, then per criterion
    ``<c>_value``, ``<c>_normalised``, ``<c>_contribution``, and ``explanation``.
    """
    frames = []
    for ep in plan.exercises:
        df = ep.ranking.options.copy()
        names = dict(zip(ep.features["location"].values, ep.features["name"].values, strict=True))
        ends = pd.Series(
            pd.DatetimeIndex(ep.features["window_end"].values),
            index=pd.DatetimeIndex(ep.features["time"].values),
        )
        df.insert(0, "exercise", ep.exercise.name)
        df.insert(1, "kind", ep.exercise.kind)
        df = df.rename(columns={"location": "icao", "time": "window_start"})
        df.insert(df.columns.get_loc("icao") + 1, "site", df["icao"].map(names))
        df.insert(
            df.columns.get_loc("window_start") + 1,
            "window_end",
            pd.DatetimeIndex(df["window_start"]).map(ends),
        )
        df["window_start"] = pd.to_datetime(df["window_start"]).dt.date
        df["window_end"] = pd.to_datetime(df["window_end"]).dt.date
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    lead = ["exercise", "kind", "rank", "icao", "site", "window_start", "window_end", "score"]
    lead += [
        c
        for c in ("p_top3", "p_top3_site", "pareto", "topsis_score", "topsis_rank")
        if c in out.columns
    ]
    rest = [c for c in out.columns if c not in lead and c != "explanation"]
    return out[[*lead, *rest, "explanation"]]


def light_frame(plan: Plan) -> pd.DataFrame:
    """Daily light per site (the ``light.csv``): events in UTC ISO format, states, hours."""
    ds = plan.light
    rows: dict[str, Any] = {}
    n_loc, n_day = ds.sizes["location"], ds.sizes["day"]
    rows["icao"] = np.repeat(ds["location"].values, n_day)
    rows["date"] = np.tile(pd.DatetimeIndex(ds["day"].values).date, n_loc)
    for v in ("bmnt", "bmct", "sunrise", "solar_noon", "sunset", "eect", "eent"):
        vals = pd.DatetimeIndex(ds[v].transpose("location", "day").values.ravel())
        rows[f"{v}_utc"] = [None if pd.isna(t) else t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in vals]
    for v in ("day_length_s", "civil_light_s", "nautical_light_s"):
        rows[v.replace("_s", "_h")] = np.round(
            ds[v].transpose("location", "day").values.ravel() / 3600.0, 3
        )
    for v in ("day_state", "civil_state", "nautical_state"):
        rows[v] = ds[v].transpose("location", "day").values.ravel()
    return pd.DataFrame(rows)
