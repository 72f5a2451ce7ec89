"""Area covered by a presence option against an independent grid count.

Reference: points on a 5 km grid in the Lambert azimuthal equal-area projection centred
on the North Pole (PROJ ``laea``, exactly equal-area on the ellipsoid: J. P. Snyder, "Map
Projections — A Working Manual", USGS PP 1395, 1987, §24), each standing for 25 km²; a
point counts when it is inside the Natural Earth Greenland outline and within the
response radius of a chosen site by GeographicLib's exact geodesic distance (C. F. F.
Karney, J. Geodesy 87 (2013) 43-55) — no circle polygons, no union, no intersection.
The count's error is of order (boundary length x spacing / 2) / sqrt(points on it): far
below the 0.5 % tolerance for areas of 10^5..10^6 km².
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod, Transformer

from arcticrecon.catalog import get_aircraft, load_catalog
from arcticrecon.coverage import greenland_land_area_km2, presence_options
from arcticrecon.geo import greenland_outline

STEP_M = 5_000.0
LAEA = "+proj=laea +lat_0=90 +lon_0=-45 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"


def _grid_inside_greenland() -> tuple[np.ndarray, np.ndarray]:
    # Greenland lies within x -1.0..1.0e6 m, y -3.5..-0.5e6 m of this projection
    to_ll = Transformer.from_crs(LAEA, "EPSG:4326", always_xy=True)
    xs = np.arange(-1_200_000.0, 1_200_000.0, STEP_M) + STEP_M / 2
    ys = np.arange(-3_600_000.0, -200_000.0, STEP_M) + STEP_M / 2
    x, y = np.meshgrid(xs, ys)
    lon, lat = to_ll.transform(x.ravel(), y.ravel())
    inside = shapely.contains_xy(greenland_outline(), lon, lat)
    assert not inside[[0, -1]].any()  # the grid frames the whole outline
    return np.asarray(lat)[inside], np.asarray(lon)[inside]


def test_greenland_land_area__vs_equal_area_grid_count():
    lat, _ = _grid_inside_greenland()
    assert greenland_land_area_km2() == pytest.approx(lat.size * STEP_M**2 / 1e6, rel=5e-3)


@pytest.mark.parametrize(
    ("aircraft", "response_h", "k", "fixed"),
    [("AW101", 2.0, 3, ["BGTL", "BGSF", "BGGH"]), ("C-130J-30", 1.0, 2, ["BGSF"])],
)
def test_presence_area__greenland_covered_vs_grid_count(aircraft, response_h, k, fixed):
    res = presence_options(
        load_catalog(), get_aircraft(aircraft), response_h, k, fixed, reoptimise_marginals=False
    )
    lat, lon = _grid_inside_greenland()
    geod = Geod(ellps="WGS84")
    within = np.zeros(lat.size, dtype=bool)
    for s in res.sites:
        _, _, d = geod.inv(np.full(lat.size, s.lon_deg), np.full(lat.size, s.lat_deg), lon, lat)
        within |= np.asarray(d) <= res.radius_m
    ref_km2 = within.sum() * STEP_M**2 / 1e6
    a = res.area
    assert a.greenland_covered_km2 == pytest.approx(ref_km2, rel=5e-3)
    assert a.greenland_covered_share == pytest.approx(ref_km2 / (lat.size * 25.0), rel=5e-3)
    # the union counts an overlap once: below the sum of the circles, above the largest
    assert max(a.site_circle_km2.values()) < a.circles_km2 <= sum(a.site_circle_km2.values())
