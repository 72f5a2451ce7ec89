"""render_layer_map: the title and footnote of every map lie inside the picture."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import xarray as xr

pytest.importorskip("matplotlib")


def _grid() -> xr.Dataset:
    x = np.linspace(-600e3, 800e3, 15)  # EPSG:3413 [m], over Greenland
    y = np.linspace(-600e3, -3300e3, 28)
    rng = np.random.default_rng(0)
    return xr.Dataset(
        {
            "satcom_elevation_deg": (("y", "x"), rng.uniform(0, 20, (y.size, x.size))),
            "civil_light_h": (("month", "y", "x"), rng.uniform(0, 24, (12, y.size, x.size))),
        },
        coords={"x": x, "y": y, "month": np.arange(1, 13)},
    )


@pytest.mark.parametrize("name", ["satcom_elevation_deg", "civil_light_h"])
def test_render_layer_map__texts_not_clipped(name, tmp_path, monkeypatch) -> None:
    import matplotlib.pyplot as plt

    from arcticrecon.grid.maps import render_layer_map

    figs: list[Any] = []
    monkeypatch.setattr(plt, "close", figs.append)  # keep the figure to measure it
    out = render_layer_map(_grid(), name, {}, tmp_path / f"{name}.png", title=name)
    assert out.stat().st_size > 5_000
    (fig,) = figs
    r = fig.canvas.get_renderer()
    texts = [t for t in fig.texts if t.get_text()]
    assert any(t.get_text().startswith(f"{name}: ") for t in texts)  # the title
    for t in texts:
        box = t.get_window_extent(r)
        assert box.x0 >= 0 and box.x1 <= fig.bbox.width, (t.get_text(), box, fig.bbox)
    plt.close(fig)


def _figure(ds, name, tmp_path, monkeypatch, **kw):
    import matplotlib.pyplot as plt

    from arcticrecon.grid.maps import render_layer_map

    figs: list[Any] = []
    monkeypatch.setattr(plt, "close", figs.append)
    render_layer_map(ds, name, {}, tmp_path / f"{name}.png", **kw)
    (fig,) = figs
    return fig


def test_temperature_map__white_at_0_degC_and_grey_where_unknown(tmp_path, monkeypatch) -> None:
    from matplotlib.colors import to_rgba

    g = _grid()
    t = np.linspace(-40.0, 12.0, g.sizes["x"])[None, None, :] + np.zeros((12, g.sizes["y"], 1))
    t[:, :3, :] = np.nan  # an unknown corner, as ERA5 leaves in the north-west
    ds = g.assign(t2m_mean_degC=(("month", "y", "x"), t))
    fig = _figure(ds, "t2m_mean_degC", tmp_path, monkeypatch, months=(1,))
    im = fig.axes[0].images[0]
    # 0 degC in the middle of the diverging map (white of RdBu_r), -40 and +12 at its ends
    assert float(im.norm(0.0)) == 0.5
    assert float(im.norm(-40.0)) == 0.0 and float(im.norm(12.0)) == 1.0
    assert np.allclose(im.cmap(0.5)[:3], (0.97, 0.97, 0.97), atol=0.03)
    assert im.cmap.get_bad() == pytest.approx(to_rgba("#d0d0d0"))
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "grey: no value" in texts
    assert "t2m_mean_degC:" not in texts  # the title is the layer's long name


def test_satcom_map__lines_at_the_minimum_elevation_and_the_horizon(tmp_path, monkeypatch) -> None:
    g = _grid()
    # elevation falling northwards through 0 (as it does towards ~81 N)
    el = np.linspace(-4.0, 20.0, g.sizes["y"])[:, None] + np.zeros((1, g.sizes["x"]))
    ds = g.assign(satcom_elevation_deg=(("y", "x"), el))
    ds.attrs.update(sat_lon_deg=-30.0, min_elevation_deg=5.0)
    fig = _figure(ds, "satcom_elevation_deg", tmp_path, monkeypatch)
    from matplotlib.contour import ContourSet

    (cs,) = [c for c in fig.axes[0].get_children() if isinstance(c, ContourSet)]
    assert list(cs.levels) == [0.0, 5.0]
    labels = sorted(t.get_text() for t in cs.labelTexts)
    assert labels == ["0°", "5°"]
    title = " ".join(t.get_text() for t in fig.texts)
    assert "at 30°W" in title and "5° (minimum) and 0° (horizon)" in title


def test_arctic_map__coastline_of_every_land_not_only_greenland(tmp_path, monkeypatch) -> None:
    import json

    from matplotlib.contour import ContourSet
    from pyproj import Transformer

    # an arctic box (EPSG:3413) reaching Svalbard, Norway and Siberia
    x = np.linspace(-3000e3, 3000e3, 61)
    y = np.linspace(3000e3, -3000e3, 61)
    ds = xr.Dataset({"elevation_m": (("y", "x"), np.zeros((61, 61)))}, coords={"x": x, "y": y})
    ds.attrs["grid"] = json.dumps({"domain": "arctic", "res_m": 100_000.0})
    fig = _figure(ds, "elevation_m", tmp_path, monkeypatch)
    (cs,) = [c for c in fig.axes[0].get_children() if isinstance(c, ContourSet)]
    verts = np.concatenate([p.vertices for p in cs.get_paths() if np.size(p.vertices)])
    # the land mask's coast passes near Svalbard (Longyearbyen 78.22 N 15.65 E) and the
    # North Cape (71.17 N 25.78 E): some contour vertex within 150 km of each [km]
    tr = Transformer.from_crs("EPSG:4326", "EPSG:3413", always_xy=True)
    for lon, lat in ((15.65, 78.22), (25.78, 71.17)):
        px, py = tr.transform(lon, lat)
        d = np.hypot(verts[:, 0] - px / 1e3, verts[:, 1] - py / 1e3)
        assert d.min() < 150.0, (lon, lat, d.min())
    assert "coastline GLOBE 1-km land mask" in " ".join(t.get_text() for t in fig.texts)
