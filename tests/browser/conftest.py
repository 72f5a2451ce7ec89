"""Browser fixtures: the app served by uvicorn on 127.0.0.1 and Debian's Chromium
(helpers in :mod:`_browser`)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from browser._browser import CHROMIUM_ARGS, Live, _free_port, _world, chromium_path

#: Four response circles (the map's speed target): SAR helicopters within 2 h, k = 4.
PRESENCE = """
[[presence]]
name = "SAR helicopters within 2 h"
aircraft = "AW101"
response_h = 2.0
k = 4
"""
#: Logins for the two nations the seeded world has no user of.
EXTRA_USERS = (("Hptm Schmidt", "DEU", "RESTRICTED"), ("Kapt de Vries", "NLD", "UNCLASSIFIED"))


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The app (seeded store, small mission) served by uvicorn in a thread on 127.0.0.1."""
    import uvicorn
    from argon2 import PasswordHasher

    from arcticrecon.store import open_store
    from arcticrecon.web import create_app, security

    w = _world()
    mp = pytest.MonkeyPatch()
    mp.setattr(security, "_HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    tmp = tmp_path_factory.mktemp("live")
    mp.setenv("ARCTICRECON_HOME", str(tmp / "home"))
    mission = tmp / "mission.toml"
    mission.write_text(w.SMALL_MISSION + PRESENCE + w.SEA_LIFT, encoding="utf-8")
    store = open_store(tmp / "web.sqlite")
    ids, _photo = w.seed(store)
    from arcticrecon.web.users import add_user

    with store.write() as s:  # one login per nation of the mission (map payload checks)
        for name, nation, clearance in EXTRA_USERS:
            add_user(s, username=name, password=w.PASSWORD, nation=nation, clearance=clearance)
    app = create_app(w.settings_for(tmp / "web.sqlite", mission_file=mission), store=store)
    from arcticrecon.catalog import Catalog

    st = app.state.arx  # a dozen sites keep the real ranking quick on a shared machine
    keep = {"BGSF", "BGGH", "BGTL", "BGKK", "BGJN", "BGUK", "BGAA", "BGBW", "BGCO", "BGUQ"}
    ranked = Catalog(tuple(s for s in st.catalog if s.icao in keep), st.catalog.source)
    orig_start = st.runs.start

    def start_small(job, **kw):
        from arcticrecon.planner import make_plan

        m = st.mission
        return orig_start(lambda p: make_plan(m, ranked, progress=p), **kw)

    mp.setattr(st.runs, "start", start_small)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    t0 = time.monotonic()
    while not server.started:
        assert time.monotonic() - t0 < 30, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield Live(f"http://127.0.0.1:{port}", w, ids)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        st.runs.shutdown()
        store.close()
        mp.undo()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless system Chromium via Playwright."""
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def page(browser: object, live: Live) -> Iterator[object]:
    """A fresh page; every request is recorded and any host but 127.0.0.1 is blocked."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    seen: list[str] = []
    blocked: list[str] = []

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        seen.append(url)
        host = urlsplit(url).hostname
        if url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()  # type: ignore[attr-defined]
        else:
            blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    ctx.route("**/*", guard)
    p = ctx.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.arx_allowed_errors = []
    try:
        yield p
    finally:
        ctx.close()
    errors = [e for e in errors if not any(a in e for a in p.arx_allowed_errors)]
    live.requests.extend(seen)
    assert seen, "the page made no request at all"
    assert blocked == [], f"requests to other hosts: {blocked}"
    assert all(
        urlsplit(u).hostname == "127.0.0.1" for u in seen if not u.startswith(("data:", "blob:"))
    )
    assert errors == [], f"browser errors: {errors}"
