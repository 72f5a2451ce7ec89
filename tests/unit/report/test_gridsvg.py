"""The category grids of the report (cold and port calendars) written as SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from arcticrecon.report.charts import cold_calendar_svg, port_season_svg
from arcticrecon.report.gridsvg import category_grid_svg

NS = "{http://www.w3.org/2000/svg}"


def _cells(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]


def test_cold_calendar__one_cell_per_site_month_with_the_wind_chill_text() -> None:
    # -20 °C at 30 km/h: wind chill -32.6 °C (Environment Canada wind chill chart), band
    # 10-30 min; 0 °C: no band
    wc = np.full((2, 12), -32.6)
    wc[1] = -4.0
    band = np.full((2, 12), 1.0)
    band[1] = 0.0
    t2m = np.where(band > 0, -20.0, 0.0)
    svg = cold_calendar_svg(["A", "B"], t2m, wc, band, design_wind_kmh=30.0)
    cells = _cells(svg)
    assert len(cells) == 24
    assert {c.get("fill") for c in cells[:12]} == {"#9ecae1"}
    assert {c.get("fill") for c in cells[12:]} == {"#e8f1fa"}
    texts = [t.text for t in ET.fromstring(svg).iter(f"{NS}text")]
    assert texts.count("-33") == 12 and texts.count("-4") == 12
    assert "A, Jan: air -20.0 °C, wind chill -32.6 °C at 30 km/h, frostbite band: 10-30 min" in svg
    assert "design wind of 30 km/h" in svg


def test_port_seasons__unknown_is_grey_not_open_or_closed() -> None:
    access = np.array([[np.nan] * 5 + [1.0] * 4 + [0.0] * 3])
    cells = _cells(port_season_svg(["Pituffik"], access, ice_class="IA"))
    fills = [c.get("fill") for c in cells]
    assert fills == ["#d9d9d9"] * 5 + ["#4dac26"] * 4 + ["#d6604d"] * 3


def test_category_grid__shape_mismatch_is_refused() -> None:
    with pytest.raises(ValueError, match=r"codes has shape \(1, 2\)"):
        category_grid_svg(
            ["a"], ["x"], np.zeros((1, 2)), ["#fff"], ["l"], title="t", aria_label="a"
        )


def test_category_grid__labels_are_escaped_and_the_view_box_holds_the_grid() -> None:
    svg = category_grid_svg(
        ["<R&D>"],
        ["x", "y"],
        np.array([[0.0, np.nan]]),
        ["#000"],
        ["black"],
        title="t",
        aria_label="a",
    )
    assert "&lt;R&amp;D&gt;" in svg
    w, h = map(float, re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups())  # type: ignore[union-attr]
    for r in _cells(svg) or ET.fromstring(svg).iter(f"{NS}rect"):
        assert float(r.get("x", 0)) + float(r.get("width", 0)) <= w
        assert float(r.get("y", 0)) + float(r.get("height", 0)) <= h


def test_png_rgb__decodes_to_the_same_pixels_with_pillow() -> None:
    import io

    from PIL import Image

    from arcticrecon.report.gridsvg import png_rgb

    rng = np.random.default_rng(12)
    img = rng.integers(0, 256, size=(7, 13, 3), dtype=np.uint8)
    back = np.asarray(Image.open(io.BytesIO(png_rgb(img))).convert("RGB"))
    np.testing.assert_array_equal(back, img)


def test_light_calendar__one_pixel_per_site_date_and_a_tick_per_month() -> None:
    import base64
    import io

    from PIL import Image

    from arcticrecon.report.charts import light_calendar_svg

    days = np.arange(np.datetime64("2027-01-01"), np.datetime64("2028-01-01"))
    h = np.full((2, days.size), 12.0)
    h[0, 0] = np.nan
    state = np.full((2, days.size), "day", dtype=object)
    state[1, 180] = "midnight_sun"
    svg = light_calendar_svg(["A", "B"], days, h, state)
    png = re.search(r'href="data:image/png;base64,([^"]+)"', svg).group(1)  # type: ignore[union-attr]
    px = np.asarray(Image.open(io.BytesIO(base64.b64decode(png))).convert("RGB"))
    assert px.shape == (2, 365, 3)
    assert tuple(px[0, 0]) == (255, 255, 255)  # unknown: white
    assert tuple(px[1, 180]) != tuple(px[1, 179])  # midnight sun shaded
    texts = [t.text for t in ET.fromstring(svg).iter(f"{NS}text")]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert [t for t in texts if t in months] == months


def test_coverage_curve__markers_at_the_shares_and_the_chosen_k_ringed() -> None:
    from arcticrecon.report.charts import coverage_curve_svg

    svg = coverage_curve_svg([1, 2, 3], [0.5, 0.75, 1.0], chosen_k=2, title="C-130J, 2 h")
    root = ET.fromstring(svg)
    tips = [c.find(f"{NS}title") for c in root.iter(f"{NS}circle")]
    assert [t.text for t in tips if t is not None] == [
        "k = 1: 50.0% of the demand covered",
        "k = 2: 75.0% of the demand covered",
        "k = 3: 100.0% of the demand covered",
    ]
    circles = list(root.iter(f"{NS}circle"))
    ring = [c for c in circles if c.get("stroke") == "#e8590c"]
    assert len(ring) == 1 and ring[0].get("cx") == circles[1].get("cx")
    # y is linear in the share: 50 % halfway between 100 % and the 0 % axis
    y = [float(c.get("cy", 0)) for c in circles if c.get("fill") == "#0b3d2e"]
    assert y[0] - y[2] == pytest.approx(2 * (y[1] - y[2]))
