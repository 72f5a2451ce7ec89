"""End-to-end: `arcticrecon sites show` gives the GEO satcom elevation, flagged.

Expected elevations are computed here independently: observer and satellite in ECEF with
pyproj (EPSG:4979 -> EPSG:4978), the satellite at 42,164 km on the equator at 30°W, the
elevation the angle between the line of sight and the local horizon plane (ellipsoid
normal from the geodetic latitude/longitude).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from pyproj import Transformer

from arcticrecon.catalog import load_catalog
from arcticrecon.cli.main import main

_TO_ECEF = Transformer.from_crs("EPSG:4979", "EPSG:4978", always_xy=True)


def _elevation_deg(lat: float, lon: float, h: float, sat_lon: float = -30.0) -> float:
    o = np.array(_TO_ECEF.transform(lon, lat, h))
    r = 42_164_172.0
    s = np.array([r * math.cos(math.radians(sat_lon)), r * math.sin(math.radians(sat_lon)), 0.0])
    up = np.array(
        [
            math.cos(math.radians(lat)) * math.cos(math.radians(lon)),
            math.cos(math.radians(lat)) * math.sin(math.radians(lon)),
            math.sin(math.radians(lat)),
        ]
    )
    d = s - o
    return math.degrees(math.asin(float(d @ up) / float(np.linalg.norm(d))))


@pytest.mark.parametrize(
    ("icao", "flag"),
    [
        ("BGGH", "ok"),  # Nuuk
        ("BGTL", "below 5°: marginal"),  # Pituffik
        ("BGMI", "below the horizon: no GEO satcom"),  # Station Nord, 81.6°N
    ],
)
def test_sites_show__satcom_elevation_and_flag(capsys, icao, flag):
    site = load_catalog().get(icao)
    assert main(["sites", "show", icao, "--format", "json"]) == 0
    sat = json.loads(capsys.readouterr().out)["satcom"]
    expected = _elevation_deg(site.lat_deg, site.lon_deg, site.elevation_m or 0.0)
    assert sat["elevation_deg"] == pytest.approx(expected, abs=0.01)
    assert sat["flag"] == flag
    assert sat["below_horizon"] is (expected < 0)
    assert sat["below_min_elevation"] is (expected < 5)


def test_sites_show__table_names_the_satellite(capsys):
    assert main(["sites", "show", "BGMI", "--sat-lon", "-15"]) == 0
    out = capsys.readouterr().out
    assert "GEO satcom (15°W)" in out and "elevation" in out
