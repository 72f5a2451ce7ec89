"""Grid build on a real distributed.LocalCluster (2 worker processes), coarse and fine.

One module-scoped cluster and two builds of a west-Greenland box round Nuuk: 25 km and a
1 km sub-domain of one 25 km cell block. References are computed in the tests: pyproj
(EPSG:3413 cell of Nuuk), rasterio (GeoTIFF read back), the exact light engine, skyfield
(satcom), GeographicLib (geodesics), the product's ERA5 cell rule.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from pyproj import CRS, Transformer

from arcticrecon.grid.blocks import plan_from_mission
from arcticrecon.grid.domain import GridSpec
from arcticrecon.mission import read_mission_file

pytestmark = pytest.mark.xdist_group("grid_cluster")

ROOT = Path(__file__).resolve().parents[3]
NUUK = (64.190922, -51.678064)  # BGGH (OurAirports)
# a 25 km box round Nuuk and Kangerlussuaq, 16 x 16 cells, edges on the 25 km snap
BOX = (-500_000.0, -3_000_000.0, -100_000.0, -2_600_000.0)
# 1 km sub-domain: the 2 x 2 block of 25 km cells at the box's lower-left corner + 2 cells
FINE = (-400_000.0, -2_875_000.0, -350_000.0, -2_825_000.0)


@pytest.fixture(scope="module")
def client():
    from arcticrecon.grid.build import open_client

    c, cluster = open_client(None, 2)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def builds(client, tmp_path_factory):
    from arcticrecon.grid.build import build_grid

    mission = read_mission_file(ROOT / "examples" / "greenland-recon-2026.toml")
    out = {}
    for name, res, box, months in (("c25", 25_000.0, BOX, (1, 6)), ("f1", 1_000.0, FINE, (1,))):
        plan = plan_from_mission(mission, GridSpec("custom", res, *box))
        d = tmp_path_factory.mktemp(name) / "grid"
        out[name] = (plan, build_grid(plan, d, client, months=months, maps=(name == "c25")))
    return out


def _open(builds, name):
    from arcticrecon.grid.output import open_grid

    return open_grid(builds[name][1].zarr_path)


def test_zarr__cf_attributes_crs_and_units(builds):
    ds = _open(builds, "c25")
    assert ds.attrs["Conventions"].startswith("CF-")
    assert CRS.from_wkt(ds["crs"].attrs["crs_wkt"]).to_epsg() == 3413
    assert ds["crs"].attrs["grid_mapping_name"] == "polar_stereographic"
    for name, var in ds.data_vars.items():
        if name != "crs":
            assert var.attrs.get("units"), name
            assert var.attrs["grid_mapping"] == "crs"
    assert ds["x"].attrs["units"] == "m" and ds["y"].attrs["units"] == "m"
    assert ds.sizes["y"] == 16 and ds.sizes["x"] == 16


def test_cog__reads_back_in_epsg3413_with_nuuk_at_the_right_pixel(builds):
    import rasterio

    _, res = builds["c25"]
    cog = next(p for p in res.cogs if p.name == "satcom_elevation_deg.tif")
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:3413", always_xy=True).transform(
        NUUK[1], NUUK[0]
    )
    with rasterio.open(cog) as src:
        assert src.crs.to_epsg() == 3413
        assert src.bounds == pytest.approx(BOX)
        row, col = src.index(x, y)
        # the pixel from first principles: 25 km cells from the top-left corner
        assert (row, col) == (int((BOX[3] - y) // 25_000), int((x - BOX[0]) // 25_000))
        value = src.read(1)[row, col]
        assert src.profile["driver"] == "GTiff" and src.tags().get("units") == "degree"
    ds = _open(builds, "c25")
    assert value == pytest.approx(float(ds["satcom_elevation_deg"].values[row, col]))
    # and the value is the satcom elevation of that cell's centre (skyfield-checked formula)
    from skyfield.api import load, wgs84

    cx, cy = BOX[0] + (col + 0.5) * 25_000, BOX[3] - (row + 0.5) * 25_000
    lon, lat = Transformer.from_crs("EPSG:3413", "EPSG:4326", always_xy=True).transform(cx, cy)
    sat = wgs84.latlon(0.0, -30.0, elevation_m=42_164_172.0 - 6_378_137.0)
    alt, _, _ = (sat - wgs84.latlon(lat, lon)).at(load.timescale().utc(2027, 1, 1)).altaz()
    assert value == pytest.approx(alt.degrees, abs=1e-3)


def test_25km_and_1km__agree_where_the_cell_centres_coincide(builds):
    # 25 km cell centres are the centres of the 13th 1 km cell of each side: same point,
    # same functions -> identical values for every layer
    c25, f1 = _open(builds, "c25"), _open(builds, "f1")
    xs = c25["x"].values
    ys = c25["y"].values
    for cx in xs[(xs > FINE[0]) & (xs < FINE[2])]:
        for cy in ys[(ys > FINE[1]) & (ys < FINE[3])]:
            a = c25.sel(x=cx, y=cy)
            b = f1.sel(x=cx, y=cy)
            for name in (
                "satcom_elevation_deg",
                "hub_distance_km",
                "civil_light_h",
                "t2m_mean_degC",
            ):
                np.testing.assert_allclose(a[name].values, b[name].values, rtol=1e-6, err_msg=name)


def test_25km_and_1km__smooth_layers_match_the_block_mean(builds):
    c25, f1 = _open(builds, "c25"), _open(builds, "f1")
    fine = f1["satcom_elevation_deg"].values  # 50 x 50 km = 2 x 2 coarse cells
    for i in range(2):
        for j in range(2):
            block = fine[i * 25 : (i + 1) * 25, j * 25 : (j + 1) * 25]
            cx = FINE[0] + (j + 0.5) * 25_000
            cy = FINE[3] - (i + 0.5) * 25_000
            coarse = float(c25["satcom_elevation_deg"].sel(x=cx, y=cy))
            assert block.mean() == pytest.approx(coarse, abs=0.01)


def test_hub_distance__geographiclib(builds):
    plan, _ = builds["c25"]
    ds = _open(builds, "c25")
    tr = Transformer.from_crs("EPSG:3413", "EPSG:4326", always_xy=True)
    for r, c in ((0, 0), (7, 11), (15, 15)):
        lon, lat = tr.transform(float(ds.x[c]), float(ds.y[r]))
        ref = min(Geodesic.WGS84.Inverse(lat, lon, h[1], h[2])["s12"] for h in plan.hubs)
        assert float(ds["hub_distance_km"].values[r, c]) == pytest.approx(ref / 1e3, abs=1e-3)


def test_light__cells_match_the_exact_engine(builds):
    # monthly civil light h/day of some cells vs the exact per-cell engine's daily values
    import datetime as dt

    from arcticrecon.light import sun_events

    plan, _ = builds["c25"]
    ds = _open(builds, "c25")
    tr = Transformer.from_crs("EPSG:3413", "EPSG:4326", always_xy=True)
    cells = [(0, 0), (3, 9), (15, 4), (8, 8)]
    lon, lat = tr.transform([float(ds.x[c]) for _, c in cells], [float(ds.y[r]) for r, _ in cells])
    ex = sun_events(lat, lon, dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31))
    month = ex["day"].dt.month.values
    for k, (r, c) in enumerate(cells):
        for name, var in (("civil_light_h", "civil_light_s"), ("daylight_h", "daylight_s")):
            ref = [ex[var].values[k, month == m].mean() / 3600 for m in range(1, 13)]
            # one minute per day = 1/60 h
            np.testing.assert_allclose(ds[name].values[:, r, c], ref, atol=1 / 60, err_msg=name)
        pn = [(ex["day_state"].values[k, month == m] == "polar_night").sum() for m in range(1, 13)]
        np.testing.assert_array_equal(ds["polar_night_days"].values[:, r, c], pn)


def test_maps__written_per_exercise(builds):
    _, res = builds["c25"]
    names = {p.name for p in res.maps}
    for ex in builds["c25"][0].exercises:
        assert f"{ex.key}__suitability.png" in names
    assert all(p.stat().st_size > 10_000 for p in res.maps)


def test_every_layer__has_units_long_name_and_source_also_in_the_geotiffs(builds):
    import rasterio

    ds = _open(builds, "c25")
    for name, var in ds.data_vars.items():
        if name == "crs":
            continue
        assert var.attrs.get("long_name") and len(var.attrs.get("source", "")) > 20, name
    _, res = builds["c25"]
    for p in res.cogs[:: max(1, len(res.cogs) // 12)]:
        with rasterio.open(p) as src:
            tags = src.tags()
            assert tags.get("units") and len(tags.get("source", "")) > 20, p.name


def test_marine_wind__coads_cell_over_the_sea_only(builds):
    import xarray as xr

    from arcticrecon.sources.embedded import data_path

    ds = _open(builds, "c25")
    wind = ds["marine_wind_m_s"].values  # (12, y, x)
    sea = ds["surface_class"].values == 0
    assert np.isnan(wind[:, ~sea]).all()  # nothing over land or unknown cells
    assert np.isfinite(wind[:, sea]).mean() > 0.5
    coads = xr.open_dataset(data_path("coads_marine_climatology_greenland.nc"), engine="scipy")
    tr = Transformer.from_crs("EPSG:3413", "EPSG:4326", always_xy=True)
    checked = 0
    for r, c in zip(*np.nonzero(sea), strict=True):
        lon, lat = tr.transform(float(ds.x[c]), float(ds.y[r]))
        ref = coads["WSPD"].sel(lat=lat, lon=lon, method="nearest").values  # the 2 deg cell
        np.testing.assert_allclose(wind[:, r, c], ref, rtol=1e-6, equal_nan=True)
        checked += 1
    assert checked > 20


def _aircraft_csv():
    import csv

    path = ROOT / "src" / "arcticrecon" / "data" / "aircraft.csv"
    with path.open(encoding="utf-8") as f:
        return {row["key"]: row for row in csv.DictReader(f)}


def test_flight_time__per_aircraft_geodesic_over_cruise_plus_block_allowance(builds):
    plan, _ = builds["c25"]
    ds = _open(builds, "c25")
    ac = _aircraft_csv()
    tr = Transformer.from_crs("EPSG:3413", "EPSG:4326", always_xy=True)
    assert set(ds["aircraft"].values) >= {"C-130J-30", "A400M", "AW101"}
    for r, c in ((0, 0), (5, 12), (15, 15)):
        lon, lat = tr.transform(float(ds.x[c]), float(ds.y[r]))
        d_m = min(Geodesic.WGS84.Inverse(lat, lon, h[1], h[2])["s12"] for h in plan.hubs)
        for key in ds["aircraft"].values:
            v_m_s = float(ac[str(key)]["cruise_speed_kt"]) * 1852.0 / 3600.0
            ref_h = d_m / v_m_s / 3600.0 + 0.5  # + the planner's 0.5 h block allowance
            got = float(ds["flight_time_h"].sel(aircraft=key).values[r, c])
            assert got == pytest.approx(ref_h, abs=1e-4), key


def test_coverage__within_the_response_radius_of_a_base(builds):
    plan, _ = builds["c25"]
    ds = _open(builds, "c25")
    ac = _aircraft_csv()
    tr = Transformer.from_crs("EPSG:3413", "EPSG:4326", always_xy=True)
    xx, yy = np.meshgrid(ds.x.values, ds.y.values)
    lon, lat = tr.transform(xx.ravel(), yy.ravel())
    study = read_mission_file(ROOT / "examples" / "greenland-recon-2026.toml").presence
    for p, st in zip(plan.presences, study, strict=True):
        radius_m = (
            float(ac[st.aircraft]["cruise_speed_kt"]) * 1852.0 / 3600.0 * st.response_h * 3600
        )
        assert p.radius_m == pytest.approx(radius_m, rel=1e-9)
        d = np.array(
            [
                min(Geodesic.WGS84.Inverse(a, b, base[1], base[2])["s12"] for base in p.bases)
                for a, b in zip(lat, lon, strict=True)
            ]
        )
        got = ds["covered"].sel(presence=p.key).values.ravel()
        np.testing.assert_array_equal(got, (d <= radius_m).astype(np.int8))
        assert got.any()


def test_cli_build__runs_on_an_existing_scheduler_and_show_reads_it(
    client, tmp_path, monkeypatch, capsys
):
    # `grid build --scheduler ADDRESS` on the module's running cluster (no new cluster),
    # on the 25 km test box; then `grid show --at` prints the cell's values
    from arcticrecon.cli.main import main
    from arcticrecon.grid import domain

    monkeypatch.setattr(domain, "grid_spec", lambda *a, **k: GridSpec("custom", 25_000.0, *BOX))
    addr = client.scheduler.address
    out = tmp_path / "g"
    mission = ROOT / "examples" / "greenland-recon-2026.toml"
    n_workers = len(client.scheduler_info()["workers"])
    rc = main(
        ["grid", "build", str(mission), "--out", str(out), "--months", "1", "--scheduler", addr]
    )
    text = capsys.readouterr().out
    assert rc == 0, text
    assert "Dask dashboard: http" in text and "16 x 16 cells" in text
    assert len(client.scheduler_info()["workers"]) == n_workers  # the same cluster
    assert (out / "grid.zarr").is_dir() and (out / "cogs" / "civil_light_h_01.tif").is_file()
    assert main(["grid", "show", str(out), "--at", f"{NUUK[0]},{NUUK[1]}"]) == 0
    shown = capsys.readouterr().out
    from arcticrecon.grid.output import open_grid, values_at

    v = values_at(open_grid(out), lat_deg=NUUK[0], lon_deg=NUUK[1])
    assert f"satcom_elevation_deg = {float(v['satcom_elevation_deg']):.3g} degree" in shown
    assert "hub_distance_km" in shown and "civil_light_h [h d-1]: Jan" in shown
    # labels and units in brackets are text, not console markup
    assert "suitability [cold_weather_company_exercise]: Jan" in shown
    # a NaN suitability says why (the store's status layer)
    st = v["suitability_status"][0, 0]  # cold-weather exercise, January
    if st >= 1:
        assert "Jan excluded(" in shown
    elif st == -1:
        assert "Jan unknown(input)" in shown
    assert "suitability_status" not in shown
    assert "flight_time_h [C-130J-30] = " in shown
    # large values in plain digits, coverage as yes/no, no working-day light without hours
    hub = float(v["hub_distance_km"])
    want_hub = f"{hub:.0f}" if hub >= 1000 else f"{hub:.3g}"
    assert f"hub_distance_km = {want_hub} km  (" in shown and "e+0" not in shown
    cov = [ln for ln in shown.splitlines() if ln.startswith("covered [")]
    assert cov and all(ln.endswith((" = yes", " = no")) for ln in cov), cov
    assert "[strategic_air_deployment]: not applicable (the exercise has no daily_hours)" in shown
    assert shown.startswith(f"point at EPSG:3413 x {float(v['x_m']):.0f} m")
    # the frostbite band by its time to freeze (Environment Canada, "Wind chill hazards":
    # -28 to -39 10-30 min, -40 to -47 5-10 min, -48 to -54 2-5 min, -55 and below <2 min)
    wci = float(v["wind_chill_degC"][0, 0])
    want = next(
        (
            lab
            for t, lab in ((-55, "<2 min"), (-48, "2-5 min"), (-40, "5-10 min"), (-28, "10-30 min"))
            if wci <= t
        ),
        "none",
    )
    line = next(ln for ln in shown.splitlines() if ln.startswith("frostbite_band [cold_weather"))
    assert line.split(": Jan ", 1)[1].startswith(f"{want}  Feb "), (wci, line)


def test_cli_build__unreachable_scheduler_is_one_line_exit_2(tmp_path, capsys):
    from arcticrecon.cli.main import main

    mission = ROOT / "examples" / "greenland-recon-2026.toml"
    args = ["grid", "build", str(mission), "--out", str(tmp_path / "g"), "--res-km", "100"]
    assert main([*args, "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err.strip()
    assert "--scheduler tcp://127.0.0.1:9: cannot connect" in err and "\n" not in err
    assert not (tmp_path / "g").exists()


def test_cogs__working_day_light_only_for_exercises_with_daily_hours(builds):
    plan, res = builds["c25"]
    names = {p.name for p in res.cogs}
    with_hours = [e.key for e in plan.exercises if e.daily_hours]
    without = [e.key for e in plan.exercises if not e.daily_hours]
    assert with_hours and without  # the example mission has both
    for key in with_hours:
        assert f"{key}__civil_light_workday_h_01.tif" in names
    for key in without:
        assert not any(n.startswith(f"{key}__civil_light_workday_h") for n in names)
        # the layer is all NaN for them, and the store says why there is no GeoTIFF
        ds = _open(builds, "c25")
        assert np.isnan(ds["civil_light_workday_h"].sel(exercise=key).values).all()
        assert key in ds["civil_light_workday_h"].attrs["not_written"]


def test_cli_show__a_grid_built_before_the_status_layer(builds, tmp_path, capsys):
    # a store without suitability_status (built by an earlier version) still shows
    import json
    import shutil

    from arcticrecon.cli.main import main

    old = tmp_path / "old"
    shutil.copytree(builds["c25"][1].zarr_path, old / "grid.zarr")
    shutil.rmtree(old / "grid.zarr" / "suitability_status")
    meta_path = old / "grid.zarr" / ".zmetadata"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        meta["metadata"] = {
            k: v for k, v in meta["metadata"].items() if not k.startswith("suitability_status/")
        }
        meta_path.write_text(json.dumps(meta))
    assert main(["grid", "show", str(old), "--at", f"{NUUK[0]},{NUUK[1]}"]) == 0
    shown = capsys.readouterr().out
    assert "suitability [cold_weather_company_exercise]: Jan" in shown
    assert "excluded(" not in shown


def test_local_workers__glibc_keeps_its_adaptive_mmap_threshold(client):
    """Local workers start without distributed's ``MALLOC_TRIM_THRESHOLD_=65536``.

    That setting turns off glibc's adaptive mmap threshold (mallopt(3)): every NumPy
    temporary above 128 kB is then mmap'ed and faulted in again, and the light lattice
    ran 3.5x slower in the workers than in one process. Memory goes back to the system
    by :func:`arcticrecon.grid.build.trim_heap` after each block instead.
    """
    import os

    env = client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
    assert len(env) == 2
    assert set(env.values()) == {None}


def test_local_workers__ignore_ctrl_c_the_command_ends_them(client):
    """A terminal's Ctrl-C reaches the whole process group: the workers ignore it (each
    printed a KeyboardInterrupt traceback); the command stops the build and closes the
    cluster (its own handler: the next test)."""
    import signal

    handlers = client.run(lambda: int(signal.getsignal(signal.SIGINT)))
    assert len(handlers) == 2 and set(handlers.values()) == {int(signal.SIG_IGN)}


def test_open_client__spawns_with_sigint_ignored_and_restores_the_callers_handler(monkeypatch):
    # (a pytest-xdist worker may itself run with SIGINT ignored: the caller's handler is
    # set here, so the check does not depend on how the tests are run)
    import signal

    import distributed

    from arcticrecon.grid import build as build_mod

    seen: dict[str, object] = {}

    def fake_cluster(cls, n):
        seen["during"] = signal.getsignal(signal.SIGINT)
        return "cluster"

    monkeypatch.setattr(build_mod, "_local_cluster", fake_cluster)
    monkeypatch.setattr(distributed, "Client", lambda c: ("client", c))

    def mine(signum, frame):
        pass

    old = signal.signal(signal.SIGINT, mine)
    try:
        client, cluster = build_mod.open_client(None, 1)
        assert signal.getsignal(signal.SIGINT) is mine  # the command keeps its Ctrl-C
    finally:
        signal.signal(signal.SIGINT, old)
    assert seen["during"] is signal.SIG_IGN
    assert (client, cluster) == (("client", "cluster"), "cluster")


def test_local_workers__share_the_machine_memory(client):
    """Each of the 2 local workers may use half the machine's memory (``"auto"``).

    A fixed 3 GiB per worker failed ``--domain arctic`` at any resolution (the nanny
    killed workers over it); distributed's "auto" is the system memory (psutil, or a
    lower cgroup limit) divided by the workers.
    """
    from distributed.system import MEMORY_LIMIT

    limits = {w["memory_limit"] for w in client.scheduler_info()["workers"].values()}
    assert limits == {MEMORY_LIMIT // 2}


def test_trim_heap__releases_freed_heap_memory():
    """Holes left by freed heap arrays are given back (glibc releases their whole pages).

    64 kB arrays are below glibc's initial 128 kB mmap threshold, so they come from the
    heap; every second one stays alive, so the freed ones are holes free() itself does
    not return (only the heap's top is trimmed automatically).
    """
    import ctypes.util

    from arcticrecon.grid.build import trim_heap

    if "libc.so.6" not in (ctypes.util.find_library("c") or ""):
        pytest.skip("not glibc: trim_heap does nothing there")
    arrays = [np.ones(8_000) for _ in range(2_000)]  # 64 kB each, 128 MB from the heap
    keep = arrays[::2]
    del arrays
    assert trim_heap() is True
    assert all(a[0] == 1.0 for a in keep)
