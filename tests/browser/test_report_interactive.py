"""``plan --interactive``: map.html opens from the report folder with no server and makes
no request outside the folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from arcticrecon.cli.main import main
from browser._browser import shot

pytestmark = pytest.mark.browser


def test_plan_interactive__offline_map_in_the_report_folder(browser, tmp_path: Path) -> None:
    from browser._browser import _world

    m = tmp_path / "m.toml"
    m.write_text(_world().SMALL_MISSION, encoding="utf-8")
    out = tmp_path / "report"
    assert main(["plan", str(m), "--out", str(out), "--interactive"]) == 0
    assert (out / "map.html").exists() and (out / "vendor" / "ol" / "ol.js").exists()
    ctx = browser.new_context(viewport={"width": 1200, "height": 800})
    seen: list[str] = []
    ctx.on("request", lambda r: seen.append(r.url))
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((out / "map.html").as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    assert page.evaluate("ArxMap.map.getView().getProjection().getCode()") == "EPSG:3413"
    assert page.evaluate("ArxMap.layers.sites.count") == 91
    assert page.evaluate("ArxMap.layers.coastline.count") >= 1
    shot(page, "23-plan-interactive")
    ctx.close()
    assert errors == []
    assert seen and all(u.startswith(("file://", "data:", "blob:")) for u in seen), seen
