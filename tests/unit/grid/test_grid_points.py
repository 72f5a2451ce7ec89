"""Grid layers at points vs the point engines, and every catalogued site vs its own ranking.

No cluster here: :func:`arcticrecon.grid.blocks.compute_points` is the per-cell function
the Dask blocks run, evaluated at the catalogue's own positions.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from arcticrecon.catalog import load_catalog
from arcticrecon.climate import monthly_t2m
from arcticrecon.climate.era5 import is_coastal
from arcticrecon.grid.blocks import compute_points, plan_from_mission, plan_lattice
from arcticrecon.grid.domain import grid_spec
from arcticrecon.grid.light import lattice_nodes
from arcticrecon.mission import read_mission_file
from arcticrecon.planner import build_features, site_light, windows_for
from arcticrecon.rank import rank_options

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def world():
    mission = read_mission_file(ROOT / "examples" / "greenland-recon-2026.toml")
    plan = plan_from_mission(mission, grid_spec("greenland", res_km=25))
    sites = list(load_catalog())
    lat = np.array([s.lat_deg for s in sites])
    lon = np.array([s.lon_deg for s in sites])
    la, lo = lattice_nodes(lat.min(), lat.max(), lon.min(), lon.max())
    lattice = plan_lattice(plan, la, lo)
    pts = compute_points(plan, lattice, lat, lon)
    return mission, plan, sites, lat, lon, pts


def test_cold__coastal_sites_equal_the_site_analysis(world):
    _, _, _, lat, lon, pts = world
    ref = monthly_t2m(lat, lon).values.T  # (12, n) the product's point engine
    coastal = np.array([is_coastal(lat_deg=a, lon_deg=b) for a, b in zip(lat, lon, strict=True)])
    assert coastal.sum() > 70
    np.testing.assert_allclose(pts["t2m_mean_degC"][:, coastal], ref[:, coastal], atol=1e-6)
    # inland sites: bilinear vs the nearest cell differs by less than the cells' spread
    assert np.nanmax(np.abs(pts["t2m_mean_degC"][:, ~coastal] - ref[:, ~coastal])) < 3.0


def test_light__sites_equal_the_planner_light_within_a_minute(world):
    _, plan, sites, _, _, pts = world
    import datetime as dt

    from arcticrecon.light import sun_events

    # the grid's months are of UTC days (the planner's site_light uses each site's local
    # dates since issue 11 §1, which moves a monthly mean by up to ~0.1 h): compare with
    # the point engine on the same UTC days
    ds = sun_events(
        [s.lat_deg for s in sites],
        [s.lon_deg for s in sites],
        dt.date(plan.year, 1, 1),
        dt.date(plan.year, 12, 31),
        elevation_m=[s.elevation_m or 0.0 for s in sites],
    )
    month = ds["day"].dt.month.values
    for var, name in (("civil_light_s", "civil_light_h"), ("nautical_light_s", "nautical_light_h")):
        ref = np.stack([ds[var].values[:, month == m].mean(axis=1) / 3600 for m in range(1, 13)])
        # site_light uses the site elevation; the grid is at sea level (a few seconds)
        np.testing.assert_allclose(pts[name], ref, atol=1.5 / 60, err_msg=name)


def test_suitability__every_site_agrees_with_its_own_ranking(world):
    mission, plan, sites, _, _, pts = world
    from arcticrecon.planner.plan import _resolve_exercise, _resolve_hubs

    catalog = load_catalog()
    hubs = _resolve_hubs(mission, catalog)
    t2m = monthly_t2m([s.lat_deg for s in sites], [s.lon_deg for s in sites])
    t2m = t2m.assign_coords(location=[s.icao for s in sites])
    coastal = np.array(
        [is_coastal(lat_deg=s.lat_deg, lon_deg=s.lon_deg) for s in sites], dtype=bool
    )
    # working hours are local time: a cell's zone comes from the position rule, a site's
    # from it and its OurAirports region (GL-NE: the National Park is UTC+0 south of
    # 74 N too); such sites are compared only for exercises without working hours
    from arcticrecon.catalog.timezones import GREENLAND_ZONES, zone_index

    cell_zone = np.asarray(GREENLAND_ZONES)[
        zone_index(lat_deg=[s.lat_deg for s in sites], lon_deg=[s.lon_deg for s in sites])
    ]
    other_zone = np.array([s.tz != z for s, z in zip(sites, cell_zone, strict=True)])
    assert 0 < other_zone.sum() <= 10
    checked = 0
    for e, (ex, gx) in enumerate(zip(mission.exercise, plan.exercises, strict=True)):
        concept, aircraft = _resolve_exercise(e, ex)
        light_ds = site_light(sites, ex.season.from_, ex.season.to)
        feats = build_features(sites, hubs, ex, aircraft, light_ds, t2m)
        ranking = rank_options(feats, concept, draws=0)
        opts = ranking.options.set_index(["location", "time"])
        wins = windows_for(ex.season.from_, ex.season.to, ex.window)
        for k, s in enumerate(sites):
            if not coastal[k]:
                continue  # inland: the grid interpolates ERA5, the site takes the nearest cell
            if other_zone[k] and gx.daily_hours is not None:
                continue
            for a, b in wins:
                row = opts.loc[(s.icao, np.datetime64(a, "ns"))]
                m = (a + (b - a) / 2).month - 1
                score = 0.0
                for c in gx.scoring.criteria:
                    if c.name == "reach" and not np.isclose(
                        row["reach_value"], pts["flight_time_h"].min(axis=0)[k], atol=1e-3
                    ):
                        # the site flies its quickest *usable* aircraft, the cell the quickest
                        # of all the exercise's aircraft (no runway facts for a bare cell)
                        score = np.nan
                        break
                    score += gx.scoring.weights[c.name] * row[f"{c.name}_normalised"]
                if not np.isfinite(score):
                    continue
                grid = pts["suitability"][e, m, k]
                if np.isnan(grid):
                    # the grid excludes it only for a mapped constraint the site fails too
                    assert not row["feasible"], (s.icao, a, ex.name)
                    continue
                assert grid == pytest.approx(score, abs=0.01), (
                    s.icao,
                    a,
                    ex.name,
                    {c.name: row[f"{c.name}_normalised"] for c in gx.scoring.criteria},
                )
                checked += 1
    assert checked > 2000


def test_satcom_and_reach__at_sites(world):
    from geographiclib.geodesic import Geodesic

    from arcticrecon.geo.satcom import geo_elevation_deg

    _, plan, sites, lat, lon, pts = world
    np.testing.assert_allclose(
        pts["satcom_elevation_deg"], geo_elevation_deg(lat_deg=lat, lon_deg=lon), atol=1e-4
    )
    k = [s.icao for s in sites].index("BGTL")
    ref = min(Geodesic.WGS84.Inverse(lat[k], lon[k], h[1], h[2])["s12"] for h in plan.hubs)
    assert pts["hub_distance_km"][k] == pytest.approx(ref / 1e3, abs=1e-3)
    assert pts["satcom_below_min"][k] == 1  # Pituffik: below 5 deg of a 30W satellite


@pytest.mark.parametrize(
    "hours", [("08:00", "16:00", False), ("22:00", "06:00", True), ("06:00", "24:00", False)]
)
def test_workday_light__sites_equal_the_light_in_window_engine(world, hours):
    # the grid's civil light inside the working day (light centred on solar noon, UTC-day
    # months) vs arcticrecon.light.light_in_daily_window (exact crossing times, local
    # dates, each site's own zone) at every catalogued site
    import dataclasses

    from arcticrecon.catalog.timezones import GREENLAND_ZONES, zone_index
    from arcticrecon.grid.blocks import _light
    from arcticrecon.light import light_in_daily_window

    _, plan, _, lat, lon, _ = world
    e = next(i for i, x in enumerate(plan.exercises) if x.daily_hours is not None)
    ex = dataclasses.replace(plan.exercises[e], daily_hours=hours)
    one = dataclasses.replace(plan, exercises=(ex,))
    la, lo = lattice_nodes(lat.min(), lat.max(), lon.min(), lon.max())
    grid, _ = _light(one, plan_lattice(one, la, lo), lat, lon)
    got = grid["civil_light_workday_h"][0]  # (12, n)
    ref = np.full(got.shape, np.nan)
    # a cell's zone is the position rule (zone_index): the catalogue's OurAirports region
    # code (GL-NE, the National Park) is a site fact a bare cell does not have
    zones = np.asarray(GREENLAND_ZONES)[zone_index(lat_deg=lat, lon_deg=lon)]
    for tz in sorted(set(zones)):
        idx = np.flatnonzero(zones == tz)
        ds = light_in_daily_window(
            lat[idx],
            lon[idx],
            f"{plan.year}-01-01",
            f"{plan.year}-12-31",
            window_start=hours[0],
            window_end=hours[1],
            crosses_midnight=hours[2],
            tz=tz,
        )
        month = ds["day"].values.astype("datetime64[M]").astype(int) % 12 + 1
        civ = ds["civil_in_window_s"].values
        ref[:, idx] = np.stack([civ[:, month == m].mean(axis=1) / 3600 for m in range(1, 13)])
    err_min = np.abs(got - ref) * 60
    # measured: p99 0.01 min (day shift), 1.5 min (night shift, near the midnight-sun edge)
    assert np.percentile(err_min, 99) < 2.0, np.percentile(err_min, 99)
    assert err_min.max() < 4.0, err_min.max()
    assert float(ref.max()) > 7.0  # summer: a whole working day in civil light somewhere


def test_suitability__uses_working_hours_light_when_the_exercise_has_them(world):
    _, plan, _, _, _, pts = world
    e = next(i for i, x in enumerate(plan.exercises) if x.daily_hours is not None)
    crit = next(c for c in plan.exercises[e].scoring.criteria if c.name == "civil_light")
    assert crit.scale == (0.0, 8.0)  # the planner's working-hours scale (08:00-16:00)
    assert np.all(pts["civil_light_workday_h"][e] <= 8.0 + 1e-6)
    others = [i for i, x in enumerate(plan.exercises) if x.daily_hours is None]
    assert np.isnan(pts["civil_light_workday_h"][others]).all()


def test_coverage__every_site_against_geographiclib(world):
    # the box of the build test lies inside every circle; the sites span Greenland
    from geographiclib.geodesic import Geodesic

    _, plan, _, lat, lon, pts = world
    for p, pr in enumerate(plan.presences):
        d = np.array(
            [
                min(Geodesic.WGS84.Inverse(a, b, base[1], base[2])["s12"] for base in pr.bases)
                for a, b in zip(lat, lon, strict=True)
            ]
        )
        np.testing.assert_array_equal(pts["covered"][p], (d <= pr.radius_m).astype(np.int8))
        assert 0 < pts["covered"][p].sum() < lat.size


def test_suitability_status__says_excluded_or_unknown(world):
    # the cold-weather exercise has three mapped constraints: mean temperature <= 0 degC,
    # frostbite band <= 3 and (grid only) on land or the ice sheet, all letting unknown
    # values pass; recomputed here from the point layers and the constraint thresholds
    _, plan, _, _, _, pts = world
    e = next(i for i, ex in enumerate(plan.exercises) if ex.kind == "cold_weather_land")
    cons = plan.exercises[e].scoring.constraints
    assert [c.variable for c in cons] == ["t2m_mean_degC", "frostbite_band", "surface_class"]
    t2m, fb = pts["t2m_mean_degC"], pts["frostbite_band"][e]
    cls = pts["surface_class"].astype(float)
    status, suit = pts["suitability_status"][e], pts["suitability"][e]
    with np.errstate(invalid="ignore"):
        warm = np.isfinite(t2m) & (t2m > cons[0].threshold)
        extreme = np.isfinite(fb) & (fb > cons[1].threshold)
        sea = (cls == 0)[None, :] & np.ones_like(warm)
    want = np.where(warm, 1, np.where(extreme, 2, np.where(sea, 3, 0)))
    np.testing.assert_array_equal(status[want > 0], want[want > 0])
    assert warm.any() and (status == 1).any()  # summer months at the sites
    # scored exactly where suitability is a number; unknown input otherwise
    np.testing.assert_array_equal(status == 0, np.isfinite(suit))
    np.testing.assert_array_equal(status == -1, np.isnan(suit) & (want == 0))
    # an exercise without mapped constraints is never "excluded"
    other = next(i for i, ex in enumerate(plan.exercises) if not ex.scoring.constraints)
    assert (pts["suitability_status"][other] <= 0).all()


def test_surface_constraints__no_land_exercise_at_sea_no_landing_on_the_ice_sheet():
    # three points of known surface: the Irminger Sea (62.0 N 40.0 W, ~2,500 m deep),
    # Summit Camp on the ice-sheet interior (72.58 N 38.46 W, 3,216 m), and land at
    # Kangerlussuaq airport (67.01 N 50.71 W)
    mission = read_mission_file(ROOT / "examples" / "greenland-recon-2026.toml")
    plan = plan_from_mission(mission, grid_spec("greenland", res_km=25))
    lat = np.array([62.0, 72.58, 67.01])
    lon = np.array([-40.0, -38.46, -50.71])
    la, lo = lattice_nodes(lat.min(), lat.max(), lon.min(), lon.max())
    pts = compute_points(plan, plan_lattice(plan, la, lo), lat, lon)
    assert pts["surface_class"].tolist() == [0, 2, 1]
    kinds = [ex.kind for ex in plan.exercises]

    def status_of(kind: str) -> np.ndarray:
        e = kinds.index(kind)
        names = [c.name for c in plan.exercises[e].scoring.constraints]
        st = pts["suitability_status"][e]
        return np.where(st > 0, np.array(["", *names], dtype=object)[np.maximum(st, 0)], "")

    land = status_of("recon_visit")  # no other mapped constraint: only the surface
    assert (land[:, 0] == "on_land").all() and (land[:, 1:] == "").all()
    coast = status_of("amphibious_landing")
    assert (coast[:, 1] == "at_the_coast").all()
    assert "at_the_coast" not in set(coast[:, 0]) | set(coast[:, 2])
    sar = kinds.index("search_and_rescue")  # over sea and ice: anywhere
    assert not plan.exercises[sar].scoring.constraints
    assert np.isfinite(pts["suitability"][sar]).all()


def test_compute_block__sub_bands_equal_the_whole_band_at_once(monkeypatch):
    """A block computed SUB_ROWS rows at a time is the per-point function on all its rows.

    Rows 40-85 of the 25 km Greenland grid (land, ice sheet, sea and the polar-night
    latitudes), in sub-bands of 16 rows (16 + 16 + 13): every layer equal element for
    element to :func:`compute_points` on the block's cells in one call, and the
    exact-recomputation count the sum over the sub-bands.
    """
    from arcticrecon.geo.projection import from_polar_stereo
    from arcticrecon.grid import blocks

    mission = read_mission_file(ROOT / "examples" / "greenland-recon-2026.toml")
    plan = plan_from_mission(mission, grid_spec("greenland", res_km=25))
    r0, r1 = 40, 85
    xx, yy = np.meshgrid(plan.spec.x_m, plan.spec.y_m[r0:r1])
    lat, lon = from_polar_stereo(x_m=xx.ravel(), y_m=yy.ravel())
    lattice = plan_lattice(plan, *lattice_nodes(lat.min(), lat.max(), lon.min(), lon.max()))
    whole = compute_points(plan, lattice, lat, lon)
    monkeypatch.setattr(blocks, "SUB_ROWS", 16)
    block = blocks.compute_block(plan, lattice, r0, r1)
    assert set(block) == set(whole)
    assert int(block["n_exact"]) == int(whole["n_exact"])
    ny, nx = r1 - r0, plan.spec.x_m.size
    for name, val in whole.items():
        if name == "n_exact":
            continue
        want = np.asarray(val).reshape((*np.shape(val)[:-1], ny, nx))
        assert block[name].dtype == want.dtype, name
        np.testing.assert_array_equal(block[name], want, err_msg=name)
