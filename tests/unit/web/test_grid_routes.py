"""/api/grids: the layers of a built grid and their PNG images over the EPSG:3413 box.

The grid is a 100 km box round Nuuk written by the build's own block writer (no cluster:
the cluster path is tested in tests/unit/grid). References: pyproj (Nuuk's cell),
Pillow (the PNG read back), matplotlib's colour map at the layer's stated range.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from pyproj import Transformer

from arcticrecon.web import create_app
from web._world import BEL, login, settings_for

BOX = (-600_000.0, -3_000_000.0, -100_000.0, -2_400_000.0)  # 5 x 6 cells of 100 km
NUUK = (64.190922, -51.678064)


@pytest.fixture(scope="module")
def grid_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from grid_reference import build_small_grid

    return build_small_grid(tmp_path_factory.mktemp("grid") / "g", BOX, 100_000.0)


@pytest.fixture()
def grid_client(world, grid_dir: Path, tmp_path: Path):
    """An app on the world's store (``tmp_path / "web.sqlite"``) serving the grid."""
    app = create_app(settings_for(tmp_path / "web.sqlite", grids_dir=grid_dir), store=world.store)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c
    app.state.arx.runs.shutdown()


def test_grids__not_served_without_a_grid_folder(client: TestClient) -> None:
    r = client.get("/api/grids", headers=login(client, BEL))
    assert r.status_code == 404 and "--grids" in r.json()["detail"]


def test_grids__need_a_login(grid_client: TestClient) -> None:
    assert grid_client.get("/api/grids").status_code == 401
    assert grid_client.get("/api/grids/elevation_m/0.png").status_code == 401


def test_grids_index__layers_with_units_source_and_images_over_the_box(
    grid_client: TestClient,
) -> None:
    from arcticrecon.grid.blocks import VARIABLES

    h = login(grid_client, BEL)
    doc = grid_client.get(
        "/api/grids", params={"exercise": "Cold-weather company exercise", "month": 7}, headers=h
    ).json()
    assert doc["grid"]["crs"] == "EPSG:3413" and doc["grid"]["extent_3413_m"] == list(BOX)
    layers = {d["name"]: d for d in doc["layers"]}
    assert set(layers) == set(VARIABLES)
    for d in layers.values():
        assert d["units"] and len(d["source"]) > 20
    assert layers["t2m_mean_degC"]["months"] == list(range(1, 13))
    assert layers["elevation_m"]["months"] == []
    assert "COARSE" in layers["elevation_m"]["source"]  # ETOPO5 says it is coarse
    assert doc["exercise"] == "cold_weather_company_exercise" and doc["month"] == 7
    assert doc["marking"]["banner"]
    [suit] = doc["images"]  # the map draws one picture: the exercise's suitability
    assert suit["url"] == "/api/grids/suitability/7.png?exercise=cold_weather_company_exercise"
    assert suit["extent_3413_m"] == list(BOX) and 0 < suit["opacity"] <= 1
    assert suit["units"] == "1" and suit["legend"]["vmax"] == 1.0
    assert doc["layer"]["id"] == "grids" and "Jul" in doc["layer"]["title"]
    # every layer on request, each picture served
    for name in VARIABLES:
        d = grid_client.get("/api/grids", params={"layer": name, "month": 2}, headers=h).json()
        [img] = d["images"]
        assert img["units"] == VARIABLES[name][1]
        if name == "elevation_m":
            assert img["url"] == "/api/grids/elevation_m/0.png"
        r = grid_client.get(img["url"], headers=h)
        assert r.status_code == 200 and r.headers["content-type"] == "image/png", img["url"]
    # a layer without a month has the one month 0 in its template (not a {month} that
    # only 0 would fill), a monthly layer the placeholder
    assert layers["flight_time_h"]["url_template"] == (
        "/api/grids/flight_time_h/0.png?aircraft={aircraft}"
    )
    assert layers["suitability"]["url_template"] == (
        "/api/grids/suitability/{month}.png?exercise={exercise}"
    )
    # every template, filled with the first of each choice the catalogue lists, is served
    fill = {
        "month": "3",
        "exercise": doc["exercises"][0]["key"],
        "aircraft": doc["aircraft"][0],
        "presence": doc["presence"][0] if doc["presence"] else "",
    }
    for lay in layers.values():
        url = lay["url_template"].format(**fill)
        r = grid_client.get(url, headers=h)
        assert r.status_code == 200 and r.headers["content-type"] == "image/png", url


def test_grid_png__pixels_are_the_cells_north_up_with_nan_transparent(
    grid_client: TestClient, grid_dir: Path
) -> None:
    from matplotlib import colormaps
    from PIL import Image

    from arcticrecon.grid.output import open_grid

    h = login(grid_client, BEL)
    r = grid_client.get("/api/grids/satcom_elevation_deg/0.png", headers=h)
    assert r.status_code == 200 and r.headers["x-marking"]
    assert json.loads(r.headers["x-legend"]) == {
        "units": "degree",
        "vmin": -5.0,
        "vmax": 25.0,
        "cmap": "magma",
    }
    img = np.asarray(Image.open(io.BytesIO(r.content)).convert("RGBA"))
    assert img.shape == (6, 5, 4)  # rows north to south x columns west to east
    # Nuuk's pixel from first principles: 100 km cells from the box's top-left corner
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:3413", always_xy=True).transform(
        NUUK[1], NUUK[0]
    )
    row, col = int((BOX[3] - y) // 100_000), int((x - BOX[0]) // 100_000)
    value = float(open_grid(grid_dir)["satcom_elevation_deg"].values[row, col])
    want = colormaps["magma"]((value + 5.0) / 30.0, bytes=True)
    assert tuple(img[row, col]) == tuple(want)
    # marine wind: land cells unknown -> transparent; sea cells opaque
    r = grid_client.get("/api/grids/marine_wind_m_s/1.png", headers=h)
    img = np.asarray(Image.open(io.BytesIO(r.content)).convert("RGBA"))
    sea = open_grid(grid_dir)["surface_class"].values == 0
    wind = open_grid(grid_dir)["marine_wind_m_s"].sel(month=1).values
    assert (img[..., 3][~np.isfinite(wind)] == 0).all()
    assert (img[..., 3][np.isfinite(wind)] == 255).all() and np.isfinite(wind[sea]).any()


def test_grid_png__bad_requests_are_one_line_errors(grid_client: TestClient) -> None:
    h = login(grid_client, BEL)
    r = grid_client.get("/api/grids/t2m_mean_degC/0.png", headers=h)
    assert r.status_code == 422 and "give 1-12" in r.json()["detail"]
    r = grid_client.get("/api/grids/nope/1.png", headers=h)
    assert r.status_code == 404 and "not a grid layer" in r.json()["detail"]
    r = grid_client.get("/api/grids/suitability/1.png?exercise=zzz", headers=h)
    assert r.status_code == 404 and "exercise 'zzz'" in r.json()["detail"]
    assert grid_client.get("/api/grids/suitability/13.png", headers=h).status_code == 422


def test_serve_cli__a_folder_that_is_no_grid_is_one_line_exit_2(tmp_path, capsys) -> None:
    from arcticrecon.cli.main import main

    assert main(["serve", "--grids", str(tmp_path), "--db", str(tmp_path / "x.sqlite")]) == 2
    err = capsys.readouterr().err.strip()
    assert "not an arcticrecon grid" in err and "\n" not in err
