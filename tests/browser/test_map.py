"""The OpenLayers map in Debian's Chromium: EPSG:3413 (Nuuk's pixel from pyproj), pan and
zoom, layer toggles, the site panel, the measure figure (GeographicLib), filing a finding
by clicking the map, PNG export, the network payloads of every nation, first-render time."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest
from geographiclib.geodesic import Geodesic
from playwright.sync_api import expect
from pyproj import Transformer

from browser._browser import Live, shot
from browser.conftest import EXTRA_USERS

pytestmark = pytest.mark.browser

TO_3413 = Transformer.from_crs("EPSG:4326", "EPSG:3413", always_xy=True)
TO_LL = Transformer.from_crs("EPSG:3413", "EPSG:4326", always_xy=True)


def _lonlat(icao: str) -> tuple[float, float]:
    """A site's position from the shipped catalogue (OurAirports snapshot)."""
    from arcticrecon.catalog import load_catalog

    s = load_catalog().get(icao)
    return s.lon_deg, s.lat_deg


NUUK, BGSF, BGTL = _lonlat("BGGH"), _lonlat("BGSF"), _lonlat("BGTL")


def _login(page, live: Live, user: str) -> None:
    page.goto(live.url + "/")
    page.fill("#username", user)
    page.fill("#password", live.world.PASSWORD)
    page.click("#login-button")
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)


def _wait(page, js: str, timeout_ms: int = 5000) -> None:
    """Poll a JS expression (``wait_for_function`` evaluates strings, which the CSP forbids)."""
    for _ in range(timeout_ms // 100):
        if page.evaluate(js):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {js}")


def _view(page) -> dict:
    return page.evaluate(
        """() => { const v = ArxMap.map.getView(), r = ArxMap.map.getViewport().getBoundingClientRect();
        return {code: v.getProjection().getCode(), center: v.getCenter(), res: v.getResolution(),
                rot: v.getRotation(), size: ArxMap.map.getSize(), left: r.left, top: r.top}; }"""
    )


def _pixel(v: dict, lon: float, lat: float) -> tuple[float, float]:
    """Page pixel of a lon/lat from pyproj's EPSG:3413 and the view's centre/resolution."""
    x, y = TO_3413.transform(lon, lat)
    px = (x - v["center"][0]) / v["res"] + v["size"][0] / 2
    py = (v["center"][1] - y) / v["res"] + v["size"][1] / 2
    return v["left"] + px, v["top"] + py


def test_map__epsg3413_nuuk_pixel_pan_zoom_layers_panel(page, live: Live) -> None:
    _login(page, live, live.world.BEL)
    v = _view(page)
    assert v["code"] == "EPSG:3413" and v["rot"] == 0
    # the Nuuk site symbol is drawn where pyproj projects Nuuk (within one pixel)
    x, y = _pixel(v, *NUUK)
    drawn = page.evaluate(
        """() => { const f = ArxMap.layers.sites.layer.getSource().getFeatureById('BGGH');
        const c = f.getGeometry().getCoordinates(); const p = ArxMap.map.getPixelFromCoordinate(c);
        const r = ArxMap.map.getViewport().getBoundingClientRect(); return [r.left + p[0], r.top + p[1], c]; }"""
    )
    px, py = TO_3413.transform(*NUUK)
    assert drawn[2][0] == pytest.approx(px, abs=1.0) and drawn[2][1] == pytest.approx(py, abs=1.0)
    assert drawn[0] == pytest.approx(x, abs=1.0) and drawn[1] == pytest.approx(y, abs=1.0)
    hit = page.evaluate(
        f"""() => {{ const r = ArxMap.map.getViewport().getBoundingClientRect();
        const ids = []; ArxMap.map.forEachFeatureAtPixel([{x} - r.left, {y} - r.top],
          (f) => {{ ids.push(f.getId()); }},
          {{layerFilter: (l) => l.get('id') === 'sites', hitTolerance: 3}}); return ids; }}"""
    )
    assert "BGGH" in hit  # the symbol drawn at pyproj's pixel is Nuuk's (neighbours may overlap)
    assert page.evaluate("ArxMap.layers.sites.count") == 91
    assert page.evaluate("ArxMap.layers.presence.count") == 8  # 4 circles + 4 bases
    shot(page, "10-map-ol")

    # zoom in one step (the + button): the resolution halves; pan by dragging: the centre
    # moves by the dragged pixels x resolution
    page.click(".ol-zoom-in")
    _wait(page, f"ArxMap.map.getView().getResolution() < {v['res']} * 0.75")
    page.wait_for_timeout(400)
    z = _view(page)
    assert z["res"] == pytest.approx(v["res"] / 2, rel=0.05)
    cx, cy = z["left"] + z["size"][0] / 2, z["top"] + z["size"][1] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx + 100, cy + 50, steps=10)
    page.wait_for_timeout(300)  # at rest before release: no kinetic coasting
    page.mouse.up()
    page.wait_for_timeout(400)
    p = _view(page)
    # (the first move step starts the drag: allow one step of 10 px)
    assert p["center"][0] == pytest.approx(z["center"][0] - 100 * z["res"], abs=12 * z["res"])
    assert p["center"][1] == pytest.approx(z["center"][1] + 50 * z["res"], abs=12 * z["res"])

    # layer toggles: findings off, flight legs on
    page.click("#layers-button")
    assert page.is_visible("#layer-panel")
    page.uncheck("#layer-panel input[data-layer='findings']")
    assert page.evaluate("ArxMap.layers.findings.layer.getVisible()") is False
    # slots of layers other issues deliver: enabled once their route is mounted
    reg = page.evaluate("fetch('/api/map/layers').then(r => r.json())")
    for d in reg:
        box = f"#layer-panel input[data-layer='{d['id']}']"
        assert page.is_disabled(box) is (not d["available"]), d["id"]
    page.check("#layer-panel input[data-layer='findings']")
    assert page.evaluate("ArxMap.layers.findings.layer.getVisible()") is True
    shot(page, "11-layer-panel")
    page.click("#layers-button")

    # the site panel: click BGSF's symbol
    page.evaluate("ArxMap.map.getView().fit([-800000, -3500000, 950000, -550000])")
    page.wait_for_timeout(300)
    v = _view(page)
    page.mouse.click(*_pixel(v, *BGSF))
    page.wait_for_selector("#aircraft-verdicts li")
    assert "BGSF" in page.inner_text("#site-title")
    assert page.locator("#runway-table tbody tr").count() >= 1
    assert "C-17" in page.inner_text("#aircraft-verdicts")
    page.wait_for_selector("#light-table tbody tr td")
    assert "DNK-BEL-RESTRICTED" in page.inner_text("#findings")
    shot(page, "12-site-panel")


def test_map__measure_figure_is_geographiclib(page, live: Live) -> None:
    _login(page, live, live.world.FRA)
    v = _view(page)
    page.click("#measure-button")
    page.mouse.click(*_pixel(v, *NUUK))
    page.mouse.click(*_pixel(v, *BGTL))
    expect(page.locator("#measure-result")).to_contain_text("km", timeout=5000)
    ends = page.evaluate(
        """() => ArxMap.measureLayer.getSource().getFeatures()[0].getGeometry().getCoordinates()"""
    )
    (lon1, lat1), (lon2, lat2) = (TO_LL.transform(x, y) for x, y in ends)
    ref = Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)
    shown = float(page.get_attribute("#measure-result", "data-distance-m"))
    assert shown == pytest.approx(ref["s12"], abs=1.0)
    assert float(page.get_attribute("#measure-result", "data-course-deg")) == pytest.approx(
        ref["azi1"] % 360.0, abs=0.01
    )
    assert 1450 < shown / 1000 < 1560  # Nuuk-Pituffik is about 1,504 km
    text = page.inner_text("#measure-result")
    assert f"{ref['s12'] / 1000:,.1f} km" in text
    # coordinate read-out: DD, DMS, MGRS under the pointer
    page.mouse.move(*_pixel(v, *NUUK))
    expect(page.locator("#coord-mgrs")).to_contain_text("22W", timeout=5000)
    assert "64.19" in page.inner_text("#coord-dd") and "N" in page.inner_text("#coord-dms")
    shot(page, "13-measure")


def test_map__file_a_finding_by_clicking_the_map(page, live: Live, tmp_path) -> None:
    _login(page, live, live.world.BEL)
    v = _view(page)
    page.click("#pick-button")
    x, y = _pixel(v, BGSF[0] + 0.3, BGSF[1] + 0.1)  # a little way from Kangerlussuaq
    page.mouse.click(x, y)
    _wait(page, "document.getElementById('report-position').value !== ''")  # singleclick: 250 ms
    pos = page.input_value("#report-position")
    lon, lat = TO_LL.transform(
        *page.evaluate(
            f"""() => {{ const r = ArxMap.map.getViewport().getBoundingClientRect();
        return ArxMap.map.getCoordinateFromPixel([{x} - r.left, {y} - r.top]); }}"""
        )
    )
    got_lat, got_lon = (float(t) for t in pos.split(" (")[0].split(","))
    gx, gy = TO_3413.transform(got_lon, got_lat)
    cx, cy = TO_3413.transform(lon, lat)
    assert math.hypot(gx - cx, gy - cy) <= 1.5 * v["res"]  # the clicked pixel (integer px)
    assert "nearest site BGSF" in pos
    # about 18 km from Kangerlussuaq (GeographicLib): more than 5 km, so no site
    assert Geodesic.WGS84.Inverse(lat, lon, BGSF[1], BGSF[0])["s12"] > 5_000
    assert page.input_value("#report-site") == ""
    page.fill("#report-text", "MAP-CLICK-FINDING apron icy")
    page.select_option("#report-level", "RESTRICTED")
    for n in ("FRA", "DEU", "NLD"):
        page.uncheck(f"#report-relto input[value='{n}']")
    picked = page.evaluate("state.pick")  # the clicked pixel's position (checked above)
    page.click("#report-submit")
    expect(page.locator("#report-status")).to_contain_text("filed", timeout=10_000)
    assert "RESTRICTED REL TO DNK, BEL" in page.inner_text("#report-status")
    _wait(
        page,
        "JSON.stringify(ArxMap.layers.findings.layer.getSource().getFeatures()"
        ".map(f => f.get('description'))).includes('MAP-CLICK-FINDING')",
        10_000,
    )
    assert " at POS-" in page.inner_text("#report-status")
    # stored at the clicked position (tester: it was stored at a site 222 km away) ...
    rid = page.get_attribute("#report-status", "data-report-id")
    stored = page.evaluate(f"fetch('/api/surveys/{rid}').then(r => r.json())")
    s_lat, s_lon = stored["fields"]["lat_deg"], stored["fields"]["lon_deg"]
    assert Geodesic.WGS84.Inverse(s_lat, s_lon, picked["lat_deg"], picked["lon_deg"])["s12"] < 0.01
    # ... and the findings layer draws it there (EPSG:3413 back to lon/lat with pyproj)
    fx, fy = page.evaluate(
        f"ArxMap.layers.findings.layer.getSource().getFeatureById('{rid}')"
        ".getGeometry().getCoordinates()"
    )
    f_lon, f_lat = TO_LL.transform(fx, fy)
    assert Geodesic.WGS84.Inverse(f_lat, f_lon, s_lat, s_lon)["s12"] < 0.1
    shot(page, "14-filed")
    # PNG export of the view: a real PNG with the map drawn
    with page.expect_download() as dl:
        page.click("#png-button")
    path = tmp_path / "view.png"
    dl.value.save_as(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


TOKENS = ("ALL-UNCLAS", "DNK-BEL-RESTRICTED", "DNK-ONLY", "DNK-CONFIDENTIAL", "OVERRIDE-DNK-BEL")


def _users(live: Live) -> list[tuple[str, set[str]]]:
    w = live.world
    return [
        (w.ADMIN, set(TOKENS)),  # DNK CONFIDENTIAL
        (w.BEL, {"ALL-UNCLAS", "DNK-BEL-RESTRICTED", "OVERRIDE-DNK-BEL"}),
        (w.FRA, {"ALL-UNCLAS"}),
        (EXTRA_USERS[0][0], {"ALL-UNCLAS"}),  # DEU RESTRICTED
        (EXTRA_USERS[1][0], {"ALL-UNCLAS"}),  # NLD UNCLASSIFIED
    ]


@pytest.mark.parametrize("who", range(5), ids=["DNK", "BEL", "FRA", "DEU", "NLD"])
def test_map__network_payloads_hold_only_what_the_nation_may_read(
    page, live: Live, who: int
) -> None:
    user, allowed = _users(live)[who]
    bodies: list[str] = []

    def keep(resp) -> None:
        if "/api/" in resp.url and resp.status == 200:
            try:
                bodies.append(resp.text())
            except Exception:  # a download body is not kept by the browser
                pass

    page.on("response", keep)
    page.arx_allowed_errors.append("status of 404")  # AIS layers: no AIS store in this world
    _login(page, live, user)
    page.evaluate(
        "Promise.all(Object.keys(ArxMap.layers).filter(id => ArxMap.layers[id].def.available).map(id => ArxMap.load(id)))"
    )
    page.wait_for_timeout(500)
    blob = "\n".join(bodies)
    layer_bodies = [json.loads(b) for b in bodies if b.startswith('{"type":"FeatureCollection"')]
    assert len(layer_bodies) >= 5
    # OVERRIDE-DNK-BEL is the note of a RESTRICTED override of BGSF's runway length
    seen = {t for t in TOKENS if t in blob}
    assert seen <= allowed, (user, seen - allowed)
    assert "DNK-ONLY" not in blob or "DNK-ONLY" in allowed
    # every layer's marking is one this reader may read: clearance at or above its level
    # (NATO order, stated here) and the reader's nation listed, or no REL TO at all
    me = page.evaluate("fetch('/api/me').then(r => r.json())")
    order = ("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET")
    for b in layer_bodies:
        m = b["marking"]
        assert set(m) == {"level", "rel_to", "banner"}
        assert order.index(m["level"]) <= order.index(me["clearance"]), (user, b["layer"]["id"], m)
        assert m["rel_to"] is None or me["nation"] in m["rel_to"], (user, b["layer"]["id"], m)


def test_map__renders_sites_circles_and_5000_track_points(page, live: Live) -> None:
    """The speed target's load (91 sites, 4 circles, 5,000 track points) renders completely.

    Its time is measured by ``benchmarks/bench_map.py`` (speed targets are benchmarks, not
    timed tests); this test checks that everything is drawn and prints the time seen.
    """
    tracks: dict[str, Any] = {
        "type": "FeatureCollection",
        "marking": {"level": "UNCLASSIFIED", "rel_to": None, "banner": "UNCLASSIFIED"},
        "layer": {"id": "ais-tracks", "title": "AIS tracks", "source": "synthetic", "caveat": ""},
        "features": [
            {
                "type": "Feature",
                "id": f"mmsi{i}",
                "properties": {"name": f"mmsi{i}", "style": {"stroke": "#2060a0"}},
                "geometry": {
                    "type": "LineString",
                    "coordinates": [
                        [-60.0 + 0.3 * i + 0.05 * k, 58.0 + 0.25 * k + 0.5 * math.sin(k / 7 + i)]
                        for k in range(100)
                    ],
                },
            }
            for i in range(50)
        ],
    }
    assert sum(len(f["geometry"]["coordinates"]) for f in tracks["features"]) == 5000

    def registry(route) -> None:
        r = route.fetch()
        reg = r.json()
        for d in reg:
            if d["id"] == "ais-tracks":
                d["available"] = d["visible"] = True
        route.fulfill(
            response=r,
            body=json.dumps(reg),
            headers={**r.headers, "content-type": "application/json"},
        )

    page.route("**/api/map/layers", registry)
    page.route(
        "**/api/ais/tracks*",
        lambda route: route.fulfill(
            status=200, content_type="application/geo+json", body=json.dumps(tracks)
        ),
    )
    _login(page, live, live.world.BEL)  # warms the server (presence solved and cached)
    times = []
    for _ in range(3):
        page.reload()
        page.wait_for_selector("body[data-ready='1']", timeout=30_000)
        assert page.evaluate("ArxMap.layers['ais-tracks'].count") == 50
        assert page.evaluate("ArxMap.layers.sites.count") == 91
        assert page.evaluate("ArxMap.layers.presence.count") == 8
        times.append(page.evaluate("window.arxFirstRenderMs"))
    shot(page, "15-perf-tracks")
    print(
        f"\nfirst render [ms] (3 loads, warm server; see bench_map.py): {[round(t) for t in times]}"
    )
    assert all(t > 0 for t in times)


#: UN/LOCODE DKAAL (Aalborg): 57°03'N 9°55'E, where the Danish sea lift sets out.
AALBORG = (9.9167, 57.05)


def test_map__a_run_draws_flight_legs_sea_routes_and_the_deployment(page, live: Live) -> None:
    _login(page, live, live.world.BEL)
    page.select_option("#exercise-select", "Winter test")
    page.click("#run-button")
    expect(page.locator("#run-status")).to_have_text(re.compile(r"^done"), timeout=120_000)
    page.click("#layers-button")
    for lid in ("flight-legs", "sea-routes", "deployment"):
        page.check(f"#layer-panel input[data-layer='{lid}']")
    page.click("#layers-button")
    _wait(
        page, "ArxMap.layers['sea-routes'].count > 0 && ArxMap.layers.deployment.count > 0", 15_000
    )
    # the sea lift is drawn from Aalborg: its first vertex, back through pyproj, is the port
    x, y = page.evaluate(
        "ArxMap.layers['sea-routes'].layer.getSource().getFeatures()[0]"
        ".getGeometry().getCoordinates()[0]"
    )
    lon, lat = TO_LL.transform(x, y)
    assert Geodesic.WGS84.Inverse(AALBORG[1], AALBORG[0], lat, lon)["s12"] < 2_000.0
    label = page.evaluate(
        "ArxMap.layers.deployment.layer.getSource().getFeatures().filter(f => f.get('text'))"
        ".map(f => f.get('name'))"
    )
    assert len(label) == 1 and label[0].startswith("DEPLOY Winter test → ")
    best = page.locator("#ranking-table tbody tr td:nth-child(2)").first.inner_text()
    assert f"→ {best} " in label[0]
    # the layers of BEL's run are marked like it (it used the RESTRICTED REL TO DNK, BEL
    # runway override)
    assert page.evaluate("ArxMap.layers.deployment.marking.banner") == "RESTRICTED REL TO BEL, DNK"
    # the downloads follow the run and the exercise
    href = page.get_attribute("#downloads a[data-what='deployment'][data-fmt='nvg']", "href")
    assert href is not None and "run_id=" in href and "exercise=Winter" in href
    page.evaluate("ArxMap.map.getView().fit([-900000, -3600000, 1800000, -500000])")
    page.wait_for_timeout(500)
    shot(page, "16-run-layers")
    # month filter: the mission's season is 1-14 March 2027, so every window starts in
    # March; in January no site has a score and the ranking labels go
    scored = (
        "ArxMap.layers.sites.layer.getSource().getFeatures()"
        ".filter(f => f.get('best_score') !== null && f.get('best_score') !== undefined).length"
    )
    n_march = page.evaluate(scored)
    assert n_march >= 1
    page.select_option("#month-select", "1")
    # the layers reload in parallel (sites, ranking, grids ...): wait for each, not for one
    _wait(page, f"{scored} === 0", 10_000)
    _wait(page, "ArxMap.layers.ranking.count === 0", 10_000)
    page.select_option("#month-select", "3")
    _wait(page, f"{scored} === {n_march}", 10_000)
    _wait(page, "ArxMap.layers.ranking.count >= 1", 10_000)


def _png(rgb: list[list[tuple[int, int, int]]]) -> bytes:
    import io

    import numpy as np
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.array(rgb, dtype=np.uint8), "RGB").save(buf, format="PNG")
    return buf.getvalue()


def _rgb(img: Any, x: float, y: float) -> tuple[int, int, int]:
    r, g, b = img.getpixel((round(x), round(y)))
    return int(r), int(g), int(b)


def test_map__image_layer_drawn_where_its_epsg3413_extent_says(page, live: Live) -> None:
    """The grid slot: an ImageLayerCollection answer is drawn at its EPSG:3413 extent.

    The route is faked here (issue 14 delivers the real one): a 2 x 1 picture, red west
    half, blue east half, over x -200..200 km, y -2,700..-2,300 km; the screen pixels at
    pyproj's projection of points inside each half must show that half's colour.
    """
    import io

    from PIL import Image

    extent = [-200_000.0, -2_700_000.0, 200_000.0, -2_300_000.0]
    answer = {
        "marking": {"level": "RESTRICTED", "rel_to": ["BEL"], "banner": "RESTRICTED REL TO BEL"},
        "layer": {"id": "grids", "title": "Gridded layers", "source": "test", "caveat": ""},
        "images": [
            {"id": "halves", "title": "two halves", "url": "/api/grids/halves.png",
             "extent_3413_m": extent, "opacity": 1.0, "units": "1"}
        ],
    }  # fmt: skip
    asked: list[str] = []

    def registry(route) -> None:
        r = route.fetch()
        reg = r.json()
        for d in reg:
            if d["id"] == "grids":
                d["available"] = True
        route.fulfill(response=r, body=json.dumps(reg), headers={**r.headers})

    def grids(route) -> None:
        asked.append(route.request.url)
        if route.request.url.endswith(".png"):
            route.fulfill(
                status=200, content_type="image/png", body=_png([[(255, 0, 0), (0, 0, 255)]])
            )
        else:
            route.fulfill(status=200, content_type="application/json", body=json.dumps(answer))

    page.route("**/api/map/layers", registry)
    page.route("**/api/grids**", grids)
    _login(page, live, live.world.BEL)
    page.click("#layers-button")
    before = page.inner_text("#map-marking")
    page.check("#layer-panel input[data-layer='grids']")
    page.uncheck("#layer-panel input[data-layer='presence']")  # its circles tint the picture
    page.click("#layers-button")
    _wait(page, "ArxMap.layers.grids.count === 1")
    page.wait_for_timeout(800)  # the picture loads and the map renders
    v = _view(page)
    img = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    for x_m, want in ((-100_000.0, (255, 0, 0)), (100_000.0, (0, 0, 255))):
        lon, lat = TO_LL.transform(x_m, -2_500_000.0)
        px, py = _pixel(v, lon, lat)
        got = _rgb(img, px, py)
        assert all(abs(a - b) <= 40 for a, b in zip(got, want, strict=True)), (x_m, got)
    # and just outside the extent the picture is not drawn
    lon, lat = TO_LL.transform(-100_000.0, -2_720_000.0)
    assert _rgb(img, *_pixel(v, lon, lat)) != (255, 0, 0)
    assert any("/api/grids?" in u or u.endswith("/api/grids") for u in asked)
    # the image layer's marking joins the banner's high-water mark
    assert before == "RESTRICTED REL TO BEL, DNK"
    assert page.inner_text("#map-marking") == "RESTRICTED REL TO BEL"
    shot(page, "17-image-layer")
