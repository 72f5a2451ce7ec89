"""The build's shortcuts against the direct computations they replace.

- monthly light from the lattice tables (:func:`cell_light_monthly`) vs the month means
  of the per-day method (:func:`cell_light_days`), and vs the exact per-cell engine;
- the coastal test's sea-free-box shortcut vs sampling every point;
- the nearest place by great-circle pre-selection vs a geodesic to every place
  (GeographicLib).
"""

from __future__ import annotations

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

from arcticrecon.grid import layers
from arcticrecon.grid.light import (
    LIGHT_KEYS,
    cell_light_days,
    cell_light_monthly,
    exact_light_days,
    lattice_nodes,
    light_lattice,
    monthly_light,
)

YEAR = 2026


@pytest.fixture(scope="module")
def sample():
    # cells across the polar-night and midnight-sun edges of all three thresholds
    rng = np.random.default_rng(7)
    lat = rng.uniform(60.0, 83.5, 300)
    lon = rng.uniform(-70.0, -15.0, 300)
    lattice = light_lattice(*lattice_nodes(59.9, 83.6, -70.5, -14.5), YEAR)
    return lattice, lat, lon


def test_monthly_tables__equal_the_per_day_method(sample):
    lattice, lat, lon = sample
    days = cell_light_days(lattice, lat, lon)
    ref = monthly_light(lattice.days, days)
    got = cell_light_monthly(lattice, lat, lon)
    for name, want in ref.items():
        np.testing.assert_allclose(got[name], want, atol=1e-4, err_msg=name)
    # the sample crosses state edges: polar-night days and mixed lattice cells occur
    assert ref["polar_night_days"].sum() > 1000
    assert (ref["midnight_sun_days"] > 0).any()


def test_per_day_method__against_the_exact_engine(sample):
    lattice, lat, lon = sample
    days = cell_light_days(lattice, lat, lon)
    ex = exact_light_days(lat, lon, YEAR)
    for key in LIGHT_KEYS:
        err = np.abs(days[f"D_{key}"] - ex[f"D_{key}"])
        assert np.percentile(err, 99) < 60.0, key  # issue 14: p99 <= 60 s
        d = ex[f"D_{key}"]
        near = np.minimum(d, 86_400.0 - d) < 60.0
        bad = (days[f"S_{key}"] != ex[f"S_{key}"]) & ~near
        assert not bad.any(), (key, int(bad.sum()))


def test_coastal_shortcut__equals_sampling_every_point(monkeypatch):
    rng = np.random.default_rng(3)
    # west coast, fjords, ice sheet, sea
    lat = rng.uniform(60.0, 78.0, 4000)
    lon = rng.uniform(-60.0, -30.0, 4000)
    got = layers.coastal_mask(lat, lon)
    monkeypatch.setattr(layers, "_sea_in_box", lambda la, lo, ck: np.ones(la.shape, bool))
    want = layers.coastal_mask(lat, lon)
    np.testing.assert_array_equal(got, want)
    assert 100 < got.sum() < 3900  # both answers occur


def test_nearest_place__geodesic_to_every_place():
    rng = np.random.default_rng(5)
    lat = rng.uniform(58.0, 84.0, 300)
    lon = rng.uniform(-75.0, -10.0, 300)
    # places close together, so the spherical pre-selection must keep several
    plat = np.array([64.19, 64.3, 67.01, 76.53, 61.16, 70.74])
    plon = np.array([-51.68, -51.0, -50.69, -68.70, -45.42, -22.65])
    d, k = layers.nearest_distance_m(lat, lon, plat, plon)
    for n in range(lat.size):
        ref = [
            Geodesic.WGS84.Inverse(lat[n], lon[n], a, b)["s12"]
            for a, b in zip(plat, plon, strict=True)
        ]
        assert d[n] == pytest.approx(min(ref), abs=1e-3)
        assert k[n] == int(np.argmin(ref))
