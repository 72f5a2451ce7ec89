"""Geodesy, coordinates and map projections (WGS 84 geodesics, EPSG:3413, sea routes, GEO satcom look angles)."""

from arcticrecon.geo.coords import (
    format_lat_lon,
    from_mgrs,
    parse_coordinate,
    parse_lat_lon,
    to_mgrs,
)
from arcticrecon.geo.geodesic import (
    WGS84,
    check_lat_lon,
    geodesic_distance_m,
    geodesic_inverse,
    pairwise_distance_m,
)
from arcticrecon.geo.land import greenland_outline, is_land, land_length_m
from arcticrecon.geo.projection import POLAR_CRS, from_polar_stereo, to_polar_stereo
from arcticrecon.geo.satcom import (
    GeoLookAngles,
    geo_elevation_deg,
    geo_look_angles,
    satcom_masks,
)
from arcticrecon.geo.sea import SeaRoute, crossing_latitude_deg, sea_route

__all__ = [
    "POLAR_CRS",
    "WGS84",
    "GeoLookAngles",
    "SeaRoute",
    "check_lat_lon",
    "crossing_latitude_deg",
    "format_lat_lon",
    "from_mgrs",
    "from_polar_stereo",
    "geo_elevation_deg",
    "geo_look_angles",
    "geodesic_distance_m",
    "geodesic_inverse",
    "greenland_outline",
    "is_land",
    "land_length_m",
    "pairwise_distance_m",
    "parse_coordinate",
    "parse_lat_lon",
    "satcom_masks",
    "sea_route",
    "to_mgrs",
    "to_polar_stereo",
]
