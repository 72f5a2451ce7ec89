"""Tables of a plan: the ``opportunities.csv``, ``light.csv`` and ``presence.csv`` frames."""

from __future__ import annotations

import pandas as pd

from arcticrecon.planner import Plan

__all__ = ["light_frame", "opportunities_frame", "presence_frame"]


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
    """Light intervals per site and local date (the ``light.csv``).

    One row per daylight / civil / nautical / astronomical interval that starts on a
    site-local date (or one per date and kind on which none starts), the same rows as
    ``arcticrecon light SITE --format csv`` (:func:`arcticrecon.light.records.interval_rows`)
    with the site's ``icao`` and zone ``tz`` in front: ``date``, ``kind``, ``state``,
    ``start_utc``, ``end_utc``, ``start_local``, ``end_local``, ``end_date``,
    ``duration_h`` (the day length for daylight), ``in_day_h`` (hours above the threshold
    within the date).
    """
    from arcticrecon.light.records import interval_frame

    table = plan.light_intervals
    if table is None:
        raise ValueError("the plan has no light intervals (made by an older planner)")
    frames = []
    for tz, part in table.groupby("tz", sort=False):  # one pass per zone, not per site
        rows = interval_frame(part, str(tz)).drop(columns="location")
        rows.index = part.index
        frames.append(rows)
    out = pd.concat(frames).sort_index(kind="stable")  # the table's (site, date) order
    out.insert(0, "icao", table["icao"].to_numpy())
    out.insert(1, "tz", table["tz"].to_numpy())
    return out.reset_index(drop=True)


def presence_frame(plan: Plan) -> pd.DataFrame:
    """``presence.csv``: one row per presence study and chosen site.

    Columns: study, aircraft, response_h, radius_km, k, icao, name, fixed,
    covered_demand (this site), demand_unit, circle_area_km2 (this site's circle),
    study_covered_demand, study_total_demand, study_covered_share, study_circles_km2
    (union of the study's circles, land and sea), greenland_km2,
    study_greenland_covered_km2, study_greenland_covered_share — the figures of
    ``arcticrecon coverage`` and :class:`arcticrecon.coverage.CoverageArea`.
    """
    rows = []
    for pp in plan.presence:
        r = pp.result
        a = r.area
        for s in r.sites:
            rows.append(
                {
                    "study": pp.study.name or f"{r.aircraft} {r.response_h:g} h",
                    "aircraft": r.aircraft,
                    "response_h": r.response_h,
                    "radius_km": round(r.radius_m / 1000.0, 1),
                    "k": r.k,
                    "icao": s.icao,
                    "name": s.name,
                    "fixed": s.fixed,
                    "covered_demand": s.covered_weight,
                    "demand_unit": r.demand_unit,
                    "circle_area_km2": round(a.site_circle_km2[s.icao], 1),
                    "study_covered_demand": r.covered_demand,
                    "study_total_demand": r.total_demand,
                    "study_covered_share": r.covered_demand / r.total_demand
                    if r.total_demand
                    else 0.0,
                    "study_circles_km2": round(a.circles_km2, 1),
                    "greenland_km2": round(a.greenland_km2, 1),
                    "study_greenland_covered_km2": round(a.greenland_covered_km2, 1),
                    "study_greenland_covered_share": round(a.greenland_covered_share, 6),
                }
            )
    return pd.DataFrame(rows)
