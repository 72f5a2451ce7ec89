"""The plan report shows medevac (10-1-2) and GEO satcom per top site, and the ranking
explains the medevac criterion."""

from __future__ import annotations

from pathlib import Path

import pytest

from arcticrecon.catalog import Catalog, load_catalog
from arcticrecon.mission import read_mission_file
from arcticrecon.planner import make_plan
from arcticrecon.report import render_html

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "greenland-recon-2026.toml"


@pytest.fixture(scope="module")
def page() -> tuple[str, object]:
    cat = load_catalog()
    keep = {"BGSF", "BGGH", "BGTL", "BGBW", "BGMI", "BGKK", "BGJN", "BGAA"}
    plan = make_plan(
        read_mission_file(EXAMPLE), Catalog(tuple(s for s in cat if s.icao in keep), cat.source)
    )
    return render_html(plan), plan


def test_report__medevac_and_satcom_table(page):
    html, plan = page
    assert "Medical evacuation (10-1-2) and GEO satcom at the top sites" in html
    assert "1.8° — below 5°" in html  # Pituffik (see tests/e2e/test_sites_satcom.py)
    assert "NATO AJP-4.10" in html
    cw = plan.exercises[0]
    assert cw.exercise.kind == "cold_weather_land"
    assert "medevac" in cw.ranking.weights
    top = cw.top(5)
    assert top["explanation"].str.contains("medevac to surgery").all()
