"""Fresh-user tester's map defects in Debian's Chromium: overlapping symbols open the open
airfield (Pituffik over closed Dundas, Station Nord strip over its heliport); an exercise the
current ranking does not cover says so and greys its downloads; a failing download shows
the API's error; no /favicon.ico 404."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser._browser import Live, shot
from browser.test_map import _login, _lonlat, _pixel, _view, _wait

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("icao", "neighbour"),
    [("BGTL", "GL-0020"), ("BGMI", "BGNO")],
    ids=["pituffik-not-dundas", "nord-strip-not-heliport"],
)
def test_click__overlapping_symbols_open_the_open_airfield(
    page, live: Live, icao: str, neighbour: str
) -> None:
    _login(page, live, live.world.BEL)
    v = _view(page)
    x, y = _pixel(v, *_lonlat(icao))
    nx, ny = _pixel(v, *_lonlat(neighbour))
    assert abs(x - nx) < 16 and abs(y - ny) < 16  # the two 16 px symbols overlap here
    page.mouse.click(x, y)
    expect(page.locator("#site-title")).to_contain_text(icao, timeout=10_000)
    shot(page, f"20-click-{icao}")


def test_exercise_not_in_run__says_so_and_greys_its_downloads(page, live: Live) -> None:
    _login(page, live, live.world.BEL)
    page.select_option("#exercise-select", "Winter test")
    page.click("#run-button")
    expect(page.locator("#run-status")).to_have_text(re.compile(r"^done"), timeout=120_000)
    assert page.locator("#downloads a.disabled").count() == 0
    # the small mission has one exercise; the tester picked a second one the run lacks
    page.evaluate(
        """() => { const s = document.getElementById('exercise-select');
        s.appendChild(el('option', {value: 'Strategic air deployment'}, 'Strategic air deployment'));
        s.value = 'Strategic air deployment'; s.dispatchEvent(new Event('change')); }"""
    )
    note = page.locator("#exercise-note")
    expect(note).to_contain_text("press Run ranking for this exercise", timeout=10_000)
    assert "Strategic air deployment" in note.inner_text()
    assert "press Run ranking" in page.inner_text("#ranking-count")
    greyed = page.locator("#downloads a.disabled")
    assert greyed.count() == 12  # ranking, routes, deployment x 4 formats
    assert {a.get_attribute("data-what") for a in greyed.all()} == {
        "ranking",
        "routes",
        "deployment",
    }
    assert all(a.get_attribute("href") is None for a in greyed.all())
    page.click("#downloads a.disabled >> nth=0")
    expect(page.locator("#download-status")).to_contain_text("press Run ranking")
    # the ranking layer no longer shows the other exercise's scores
    _wait(page, "ArxMap.layers.ranking === undefined || ArxMap.layers.ranking.count === 0")
    shot(page, "21-exercise-not-in-run")
    # back to the ranked exercise: links live again
    page.select_option("#exercise-select", "Winter test")
    _wait(page, "document.querySelectorAll('#downloads a.disabled').length === 0")
    assert page.inner_text("#exercise-note") == ""


def test_download_failure__shows_the_api_error(page, live: Live) -> None:
    page.arx_allowed_errors.append("status of 404")  # the refused download itself
    _login(page, live, live.world.BEL)
    page.evaluate(
        "document.querySelector('#downloads a[data-what=\"sites\"]')"
        ".setAttribute('href', '/api/export/ranking.geojson?run_id=no-such-run')"
    )
    page.click("#downloads a[data-what='sites'] >> nth=0")
    status = page.locator("#download-status")
    expect(status).to_contain_text("download failed: ", timeout=10_000)
    assert "no-such-run" in status.inner_text()
    # a working link still downloads a file
    with page.expect_download() as dl:
        page.click("#downloads a[data-what='findings'][data-fmt='geojson']")
    assert dl.value.suggested_filename.endswith(".geojson")


def test_favicon__no_404_on_the_pages(page, live: Live) -> None:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(live.url + "/login")
    _login(page, live, live.world.BEL)
    icon = page.evaluate(
        "fetch(document.querySelector('link[rel=icon]').href).then(r => [r.status, r.headers.get('content-type')])"
    )
    assert icon == [200, "image/svg+xml"]
    assert page.request.get(live.url + "/favicon.ico").status == 200
    assert not [f for f in failed if "favicon" in f], failed
