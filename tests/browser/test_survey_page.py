"""The structured survey form in Debian's Chromium: the error next to the field, filing
through the server's policy, the survey on the map for its readers only."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser._browser import Live, shot

pytestmark = pytest.mark.browser


def _login(page, live: Live, user: str, then: str = "/") -> None:
    page.goto(live.url + "/")
    page.fill("#username", user)
    page.fill("#password", live.world.PASSWORD)
    page.click("#login-button")
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    if then != "/":
        page.goto(live.url + then)
        page.wait_for_selector("body[data-ready='1']", timeout=30_000)


def test_survey_form__field_error_then_filed_and_on_the_map(page, live: Live) -> None:
    page.arx_allowed_errors.append("status of 422")  # the refused first try is a 422 answer
    _login(page, live, live.world.BEL, "/surveys/new?form=hlz&lat=67.05&lon=-50.6")
    # the map's pick fills the position
    assert page.input_value("#f-position") == "67.05000, -50.60000"
    page.fill("#f-name", "BROWSER-HLZ ridge")
    page.fill("#f-team", "Team North")
    page.fill("#f-observed_at_utc", "2026-02-03T14:00:00Z")
    page.fill("#f-touchdown_diameter_m", "110")
    page.fill("#f-ground_slope_deg", "120")
    page.select_option("#f-surface", "gravel")
    page.select_option("#level-select", "RESTRICTED")
    page.check("#rel-to input[value='BEL']")
    page.click("#survey-submit")
    err = page.locator(".field[data-field='ground_slope_deg'] .err")
    expect(err).to_have_text(re.compile(r"ground_slope_deg: Input should be less than 90"))
    assert page.is_hidden("#survey-result")
    shot(page, "21-survey-field-error")

    page.fill("#f-ground_slope_deg", "9")
    page.click("#survey-submit")
    expect(page.locator("#survey-status")).to_have_text("filed", timeout=30_000)
    assert page.locator(".field .err:not(:empty)").count() == 0
    text = page.inner_text("#survey-result-text")
    assert "RESTRICTED REL TO BEL" in text and "site SVY-" in text
    rid = page.get_attribute("#survey-result", "data-report-id")
    assert rid
    sheet = page.request.get(live.url + f"/api/surveys/{rid}/sheet")
    assert sheet.status == 200 and "slope 9°: AW101 restricted" in sheet.text()
    shot(page, "22-survey-filed")

    # the map page draws it in the surveys layer for BEL
    page.goto(live.url + "/")
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    page.wait_for_function("ArxMap.layers.surveys && ArxMap.layers.surveys.count >= 1")
    names = page.evaluate(
        "ArxMap.layers.surveys.layer.getSource().getFeatures().map(f => f.get('name'))"
    )
    assert "BROWSER-HLZ ridge" in names


def test_survey_layer__fra_outside_rel_to_receives_nothing(page, live: Live) -> None:
    _login(page, live, live.world.FRA)
    body = page.request.get(live.url + "/api/map/surveys").text()
    assert "BROWSER-HLZ" not in body
    page.wait_for_function("ArxMap.layers.surveys && ArxMap.layers.surveys.def.available")
    assert "BROWSER-HLZ" not in page.content()
