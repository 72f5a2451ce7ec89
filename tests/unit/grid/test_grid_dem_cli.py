"""DEM slope classes on a GeoTIFF written here, and the grid CLI's errors."""

from __future__ import annotations

import numpy as np

from arcticrecon.cli.main import main
from arcticrecon.grid.dem import import_dem, slope_classes


def _write_dem(path, z, *, crs="EPSG:3413", res=30.0):
    import rasterio
    from affine import Affine

    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        height=z.shape[0],
        width=z.shape[1],
        count=1,
        dtype="float32",
        crs=crs,
        transform=Affine(res, 0.0, -300_000.0, 0.0, -res, -2_800_000.0),
    ) as dst:
        dst.write(z.astype(np.float32), 1)


def test_import_dem__planes_of_known_slope(tmp_path):
    import rasterio

    # three planes: 5 deg, 10 deg and 20 deg rising eastwards (tan(slope) * 30 m per cell)
    nx = 12
    x = np.arange(nx) * 30.0
    z = np.vstack([np.tile(np.tan(np.radians(s)) * x, (8, 1)) for s in (5.0, 10.0, 20.0)])
    dem = tmp_path / "dem.tif"
    _write_dem(dem, z)
    paths = import_dem(dem, tmp_path / "out")
    with rasterio.open(paths["slope_deg"]) as src:
        assert src.crs.to_epsg() == 3413
        slope = src.read(1)
    with rasterio.open(paths["hlz_slope_class"]) as src:
        cls = src.read(1)
    # interior rows of each plane (central differences across plane joins are mixed)
    for band, (deg, c) in enumerate(((5.0, 0), (10.0, 1), (20.0, 2))):
        rows = slice(band * 8 + 2, band * 8 + 6)
        np.testing.assert_allclose(slope[rows, 1:-1], deg, atol=1e-3)
        assert (cls[rows, 1:-1] == c).all()


def test_slope_classes__fm_3_21_38_bounds():
    assert slope_classes(np.array([6.99, 7.0, 7.01, 15.0, 15.01])).tolist() == [0, 0, 1, 1, 2]


def test_cli_import_dem__missing_file_is_one_line_exit_2(tmp_path, capsys):
    assert main(["grid", "import-dem", str(tmp_path / "nope.tif")]) == 2
    err = capsys.readouterr().err.strip()
    assert "does not exist" in err and "\n" not in err


def test_cli_build__bad_months_and_resolution_exit_2(tmp_path, capsys, example_mission):
    assert (
        main(
            ["grid", "build", str(example_mission), "--out", str(tmp_path / "g"), "--months", "13"]
        )
        == 2
    )
    assert "--months" in capsys.readouterr().err
    assert (
        main(["grid", "build", str(example_mission), "--out", str(tmp_path / "g"), "--res-km", "7"])
        == 2
    )
    assert "--res-km 7" in capsys.readouterr().err
    assert (
        main(
            [
                "grid",
                "build",
                str(example_mission),
                "--out",
                str(tmp_path / "g"),
                "--domain",
                "moon",
            ]
        )
        == 2
    )
    assert not (tmp_path / "g").exists()


def test_cli_show__not_a_grid_exit_2(tmp_path, capsys):
    assert main(["grid", "show", str(tmp_path), "--at", "64.19,-51.68"]) == 2
    assert "not an arcticrecon grid" in capsys.readouterr().err


def test_cli_import_dem__out_rules_and_force(tmp_path, capsys):
    import rasterio

    dem = tmp_path / "dem.tif"
    x = np.arange(10) * 30.0
    _write_dem(dem, np.tile(np.tan(np.radians(10.0)) * x, (6, 1)))
    # --out a file: one line, the file kept
    f = tmp_path / "file"
    f.write_text("keep")
    assert main(["grid", "import-dem", str(dem), "--out", str(f)]) == 2
    err = capsys.readouterr().err.strip()
    assert "--out" in err and "not a folder" in err and "\n" not in err, err
    assert f.read_text() == "keep"
    out = tmp_path / "out"
    assert main(["grid", "import-dem", str(dem), "--out", str(out)]) == 0
    slope = out / "dem_slope_deg.tif"
    assert slope.is_file() and (out / "dem_hlz_slope_class.tif").is_file()
    # a second run: refused without --force (the files kept), replaced with it
    before = slope.read_bytes()
    assert main(["grid", "import-dem", str(dem), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert "dem_slope_deg.tif" in err and "--force" in err and "\n" not in err, err
    assert slope.read_bytes() == before
    _write_dem(dem, np.tile(np.tan(np.radians(20.0)) * x, (6, 1)))
    assert main(["grid", "import-dem", str(dem), "--out", str(out), "--force"]) == 0
    with rasterio.open(slope) as src:
        np.testing.assert_allclose(src.read(1)[2:-2, 1:-1], 20.0, atol=1e-3)
    assert sorted(p.name for p in out.iterdir()) == [
        "dem_hlz_slope_class.tif",
        "dem_slope_deg.tif",
    ]  # no temporary file left behind


def test_cli_import_dem__bad_rasters_are_one_line_exit_2(tmp_path, capsys):
    import rasterio
    from affine import Affine

    tiny = tmp_path / "tiny.tif"
    _write_dem(tiny, np.zeros((1, 1)))
    rgb = tmp_path / "rgb.tif"
    with rasterio.open(
        rgb,
        "w",
        driver="GTiff",
        height=4,
        width=4,
        count=3,
        dtype="uint8",
        crs="EPSG:3413",
        transform=Affine(30.0, 0, 0, 0, -30.0, 0),
    ) as dst:
        dst.write(np.zeros((3, 4, 4), np.uint8))
    for dem, want in (
        (tiny, "1 x 1 pixels; a slope needs at least 2 x 2"),
        (rgb, "has 3 bands; a DEM has one"),
        (tmp_path, "is a folder, not a file"),
    ):
        assert main(["grid", "import-dem", str(dem), "--out", str(tmp_path / "o")]) == 2
        err = capsys.readouterr().err.strip()
        assert want in err and "\n" not in err and "Traceback" not in err, err
    assert not (tmp_path / "o").exists()


def test_import_dem__outputs_readable_as_any_written_file(tmp_path):
    import os

    dem = tmp_path / "dem.tif"
    _write_dem(dem, np.tile(np.arange(6) * 5.0, (6, 1)))
    old = os.umask(0o022)
    try:
        paths = import_dem(dem, tmp_path / "out")
    finally:
        os.umask(old)
    for p in paths.values():
        assert p.stat().st_mode & 0o777 == 0o644, oct(p.stat().st_mode)  # not mkstemp's 0600
