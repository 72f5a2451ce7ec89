"""Deployment Gantt chart: hour axis for short deployments, distinct ticks, real bar lengths."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from arcticrecon.catalog import get_aircraft, load_catalog
from arcticrecon.logistics.deploy import (
    Activity,
    AirliftLine,
    Contingent,
    DeploymentPlan,
    plan_deployment,
)
from arcticrecon.report.charts import GANTT_MAX_TICKS, gantt_layout, gantt_svg

D1 = dt.date(2027, 3, 1)


@pytest.fixture(scope="module")
def site():
    return load_catalog().get("BGSF")


def _plan(site, *acts: Activity, start: dt.date = D1) -> DeploymentPlan:
    return DeploymentPlan(site=site, start=start, activities=acts, unplanned=(), assumptions=())


def _check_axis(lay) -> None:
    assert len(lay.ticks) <= GANTT_MAX_TICKS + 1
    assert len(set(lay.tick_labels)) == len(lay.tick_labels), lay.tick_labels
    assert all(a < b for a, b in zip(lay.ticks, lay.ticks[1:], strict=False))
    assert lay.ticks[0] >= lay.x_start and lay.ticks[-1] <= lay.x_end


def test_one_day_airlift__24_h_bar_on_an_hour_axis(site) -> None:
    # 100 people x 100 kg + 20 t = 30 t; one A400M (37 t) -> one sortie on day 1
    c = Contingent("DNK", 100, cargo_kg=20_000, airlift=(AirliftLine(get_aircraft("A400M")),))
    plan = plan_deployment(contingents=[c], site=site, start=D1)
    lay = gantt_layout(plan)
    assert lay.unit == "hour"
    (bar,) = lay.bars
    assert bar.start == dt.datetime(2027, 3, 1) and bar.end == dt.datetime(2027, 3, 2)
    # 24 h / 12 ticks at most -> every 2 h: 00:00, 02:00, ... 24:00
    assert lay.step == 2
    assert lay.tick_labels[0] == "00:00\n01 Mar" and lay.tick_labels[-1] == "00:00\n02 Mar"
    _check_axis(lay)
    svg = gantt_svg(plan, title="t")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    # text stays text: row label, the note, and distinct hour labels
    assert "DNK air" in texts and any("1 sortie" in t for t in texts)
    assert "02:00" in texts and "04:00" in texts
    # well-formed SVG; the 24 h bar spans the whole 24 h axis (the frame's width)
    root = ET.fromstring(svg.encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    rects = root.findall("s:rect", ns)
    (bar_rect,) = [r for r in rects if r.find("s:title", ns) is not None]
    frame = next(r for r in rects if r.get("fill") == "none")
    assert bar_rect.get("x") == frame.get("x") and bar_rect.get("width") == frame.get("width")


def test_three_days__six_hour_ticks_all_distinct(site) -> None:
    a = Activity("DEU", "air", D1, D1 + dt.timedelta(days=2), 5, "x")
    lay = gantt_layout(_plan(site, a))
    # 72 h: 1, 2, 3 h steps give 72, 36, 24 ticks; 6 h gives 12
    assert (lay.unit, lay.step) == ("hour", 6)
    assert (lay.bars[0].end - lay.bars[0].start) == dt.timedelta(days=3)
    _check_axis(lay)
    # "06:00" occurs on three days: the day keeps the labels distinct
    assert sum(lab.startswith("06:00") for lab in lay.tick_labels) == 3


def test_sea_lift__bar_is_transit_plus_handling_not_whole_days(site) -> None:
    a = Activity("FRA", "sea", D1, D1 + dt.timedelta(days=9), 0, "ship", duration_d=9.7)
    lay = gantt_layout(_plan(site, a))
    bar = lay.bars[0]
    assert bar.end - bar.start == dt.timedelta(days=9.7)
    assert lay.x_end == bar.end and lay.unit == "day" and bar.note == "9.7 d"
    _check_axis(lay)


def test_planned_sea_lift__duration_is_the_unrounded_transit(site) -> None:
    c = Contingent("FRA", None, vehicles=10, home_port="Brest")
    plan = plan_deployment(contingents=[c], site=site, start=D1)
    sea = next(a for a in plan.activities if a.mode == "sea")
    assert sea.duration_d is not None
    # the timeline rounds up to whole days; the bar keeps the real length
    assert sea.days - 1 < sea.duration_d <= sea.days
    bar = gantt_layout(plan).bars[0]
    assert (bar.end - bar.start).total_seconds() == pytest.approx(sea.duration_d * 86400.0)


def test_long_deployment_across_new_year__day_ticks_with_year(site) -> None:
    start = dt.date(2026, 12, 10)
    a = Activity("NLD", "sea", start, start + dt.timedelta(days=59), 0, "ship")
    lay = gantt_layout(_plan(site, a, start=start))
    # 60 days: 1- and 2-day steps give 60 and 30 ticks; weekly gives 9
    assert (lay.unit, lay.step) == ("day", 7)
    assert lay.tick_labels[0] == "10 Dec 2026" and lay.tick_labels[-1].endswith("2027")
    _check_axis(lay)


def test_activity_starting_late__axis_starts_at_day_one(site) -> None:
    a = Activity("BEL", "air", D1 + dt.timedelta(days=1), D1 + dt.timedelta(days=1), 1, "x")
    lay = gantt_layout(_plan(site, a))
    assert lay.x_start == dt.datetime(2027, 3, 1) and lay.bars[0].start == dt.datetime(2027, 3, 2)
    assert lay.unit == "hour" and lay.step == 6  # 48 h: 3 h steps give 16 ticks, 6 h give 8
    _check_axis(lay)
