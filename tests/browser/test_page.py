"""The map page in Debian's Chromium: log in, map with sites, open a site, rank and sort,
file a report with a photo, log out — with no request leaving 127.0.0.1."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser._browser import Live, shot

pytestmark = pytest.mark.browser


def _login(page, live: Live, user: str) -> None:
    page.goto(live.url + "/")
    assert page.url.endswith("/login")
    page.fill("#username", user)
    page.fill("#password", live.world.PASSWORD)
    page.click("#login-button")
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)


def test_login_map_site_ranking_report_logout(page, live: Live, tmp_path: Path) -> None:
    w = live.world
    _login(page, live, w.BEL)
    assert "Maj Peeters (BEL, RESTRICTED)" in page.inner_text("#user-badge")

    # the map: coastline drawn and one APP-6 symbol per catalogue site
    assert page.evaluate("ArxMap.layers.coastline.count") >= 1
    assert page.evaluate("ArxMap.layers.sites.count") == 91
    # no map server configured: no image layer
    assert (
        page.evaluate(
            "ArxMap.map.getLayers().getArray().filter(l => l instanceof ol.layer.Image).length"
        )
        == 0
    )
    shot(page, "01-map")

    # open a site: runways, light calendar, findings released to BEL (and only those)
    page.evaluate("openSite('BGSF')")
    page.wait_for_selector("#findings li.finding")
    assert "BGSF" in page.inner_text("#site-title")
    assert page.locator("#runway-table tbody tr").count() >= 1
    page.wait_for_selector("#light-table tbody tr td")
    findings = page.inner_text("#findings")
    assert "ALL-UNCLAS" in findings and "DNK-BEL-RESTRICTED" in findings
    assert "DNK-ONLY" not in page.content() and "DNK-CONFIDENTIAL" not in page.content()
    assert page.locator("#findings img.photo").count() == 1
    shot(page, "02-site")

    # rank: progress until done, table filled, map coloured
    page.select_option("#exercise-select", "Winter test")
    page.click("#run-button")
    expect(page.locator("#run-status")).to_have_text(re.compile(r"^done"), timeout=120_000)
    rows = page.locator("#ranking-table tbody tr")
    assert rows.count() > 0
    ranks = [
        int(t) for t in page.locator("#ranking-table tbody tr td:first-child").all_inner_texts()
    ]
    assert ranks == sorted(ranks)
    coloured = page.evaluate(
        "ArxMap.layers.sites.layer.getSource().getFeatures()"
        ".filter(f => f.get('best_score') !== null && f.get('best_score') !== undefined).length"
    )
    assert coloured >= 1

    # sort by score: best first on the first click, ascending on the second
    def scores() -> list[float]:
        cells = page.locator("#ranking-table tbody tr td:nth-child(5)").all_inner_texts()
        return [float(t) for t in cells if t != "—"]

    page.click("#ranking-table th[data-key='score']")
    assert scores() == sorted(scores(), reverse=True) and len(set(scores())) > 1
    assert page.get_attribute("#ranking-table th[data-key='score']", "aria-sort") == "descending"
    page.click("#ranking-table th[data-key='score']")
    assert scores() == sorted(scores())
    assert page.get_attribute("#ranking-table th[data-key='score']", "aria-sort") == "ascending"
    page.click("#ranking-table th[data-key='icao']")
    icaos = page.locator("#ranking-table tbody tr td:nth-child(2)").all_inner_texts()
    assert icaos == sorted(icaos)
    # filter
    page.fill("#ranking-filter", "BGSF")
    assert set(page.locator("#ranking-table tbody tr td:nth-child(2)").all_inner_texts()) == {
        "BGSF"
    }
    shot(page, "03-ranking")

    # file a report with a photo
    photo = tmp_path / "apron.png"
    photo.write_bytes(w.PNG_1PX)
    page.fill("#report-site", "BGSF")
    page.select_option("#report-kind", "airfield")
    page.select_option("#report-level", "RESTRICTED")
    page.uncheck("#report-relto input[value='FRA']")
    page.fill("#report-text", "BROWSER-REPORT apron icy")
    page.set_input_files("#report-photo", str(photo))
    page.click("#report-submit")
    expect(page.locator("#report-status")).to_have_text(re.compile(r"^filed"), timeout=30_000)
    status = page.inner_text("#report-status")
    assert re.search(r"RESTRICTED REL TO DNK, BEL, DEU, NLD, 1 attachment", status), status
    page.wait_for_selector("#findings li.finding:has-text('BROWSER-REPORT')")
    assert page.locator("#findings img.photo").count() == 2
    shot(page, "04-report")

    # log out: back at the login page; the API no longer answers
    page.click("#logout-button")
    page.wait_for_url(re.compile(r".*/login$"))
    assert page.request.get(live.url + "/api/me").status == 401
    shot(page, "05-logged-out")


def test_fra_never_sees_restricted_findings(page, live: Live) -> None:
    _login(page, live, live.world.FRA)
    page.evaluate("openSite('BGSF')")
    page.wait_for_selector("#findings li")
    html = page.content()
    assert "ALL-UNCLAS" in html
    for bad in ("DNK-BEL-RESTRICTED", "fuel low", "BROWSER-REPORT", "OVERRIDE-DNK-BEL"):
        assert bad not in html
    # the RESTRICTED runway override is not applied for FRA
    assert "overridden" not in page.inner_text("#site-facts")
    assert page.locator("#report-level option").all_inner_texts() == ["UNCLASSIFIED"]
    shot(page, "06-fra")


def test_wrong_password_shows_error(page, live: Live) -> None:
    page.arx_allowed_errors.append("status of 401")  # the login answer itself is a 401
    page.goto(live.url + "/login")
    page.fill("#username", live.world.BEL)
    page.fill("#password", "not-the-password")
    page.click("#login-button")
    assert "wrong user name or password" in page.inner_text("#login-error")
