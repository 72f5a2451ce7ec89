"""Builders of surveyed zones with corners placed by GeographicLib's direct problem.

The expected lengths, widths and headings in the tests are the distances and azimuths the
corners were laid out with (GeographicLib, Karney 2013), never the code's own output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from geographiclib.geodesic import Geodesic

G = Geodesic.WGS84


def _fwd(lat: float, lon: float, az: float, s: float) -> tuple[float, float]:
    r = G.Direct(lat, lon, az, s)
    return r["lat2"], r["lon2"]


def strip_corners(
    lat: float, lon: float, heading_deg: float, length_m: float, width_m: float
) -> list[dict[str, float]]:
    """Four corners of a strip starting at (lat, lon), end 1 first, counter-clockwise.

    Corner 1 is (lat, lon); corner 2 is ``width_m`` to the right (heading + 90°); corners
    3 and 4 are ``length_m`` along ``heading_deg`` from corners 2 and 1.
    """
    c1 = (lat, lon)
    c2 = _fwd(lat, lon, heading_deg + 90.0, width_m)
    r = G.Inverse(c1[0], c1[1], c2[0], c2[1])
    az_at_c2 = r["azi2"] - 90.0  # keep the sides perpendicular to the end at c2
    c3 = _fwd(c2[0], c2[1], az_at_c2, length_m)
    c4 = _fwd(lat, lon, heading_deg, length_m)
    return [{"lat_deg": a, "lon_deg": b} for a, b in (c1, c2, c3, c4)]


@pytest.fixture()
def strip() -> Callable[..., list[dict[str, float]]]:
    """``strip(lat, lon, heading_deg, length_m, width_m)`` -> 4 corner dicts."""
    return strip_corners


@pytest.fixture()
def base() -> dict[str, Any]:
    """Common fields every sheet needs."""
    return {
        "name": "Test zone",
        "team": "Team North",
        "observed_at_utc": "2026-02-03T14:00:00Z",
    }
