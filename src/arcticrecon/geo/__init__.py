"""Geodesy and map projections (WGS 84 geodesics, EPSG:3413)."""

from arcticrecon.geo.geodesic import (
    WGS84,
    check_lat_lon,
    geodesic_distance_m,
    geodesic_inverse,
    pairwise_distance_m,
)
from arcticrecon.geo.projection import POLAR_CRS, from_polar_stereo, to_polar_stereo

__all__ = [
    "POLAR_CRS",
    "WGS84",
    "check_lat_lon",
    "from_polar_stereo",
    "geodesic_distance_m",
    "geodesic_inverse",
    "pairwise_distance_m",
    "to_polar_stereo",
]
