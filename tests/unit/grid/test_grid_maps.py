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
