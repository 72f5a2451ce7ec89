"""Geodesy, coordinates and map projections (WGS 84 geodesics, EPSG:3413, sea routes, GEO satcom look angles)."""

from typing import TYPE_CHECKING

from arcticrecon._lazy import attach

if TYPE_CHECKING:  # the lazy names below, for type checkers and readers
    from arcticrecon.geo.circles import (
        MAX_CIRCLE_RADIUS_M,
        CircleUnion,
        GeodesicCircle,
        circle_lonlat_geometry,
        circle_union,
        geodesic_circle,
        union_area_km2,
    )
    from arcticrecon.geo.coords import (
        UPS_NORTH_MIN_LAT_DEG,
        UPS_SOUTH_MAX_LAT_DEG,
        UpsCoordinate,
        format_lat_lon,
        from_mgrs,
        from_ups,
        parse_coordinate,
        parse_lat_lon,
        to_mgrs,
        to_ups,
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
    from arcticrecon.geo.rfc7946 import (
        cut_at_antimeridian,
        rfc7946_bbox,
        rfc7946_geometry,
        ring_pole_winding,
    )
    from arcticrecon.geo.satcom import (
        GeoLookAngles,
        geo_elevation_deg,
        geo_look_angles,
        satcom_masks,
    )
    from arcticrecon.geo.sea import SeaRoute, crossing_latitude_deg, sea_route

__all__ = [
    "MAX_CIRCLE_RADIUS_M",
    "POLAR_CRS",
    "UPS_NORTH_MIN_LAT_DEG",
    "UPS_SOUTH_MAX_LAT_DEG",
    "WGS84",
    "CircleUnion",
    "GeoLookAngles",
    "GeodesicCircle",
    "SeaRoute",
    "UpsCoordinate",
    "check_lat_lon",
    "circle_lonlat_geometry",
    "circle_union",
    "crossing_latitude_deg",
    "cut_at_antimeridian",
    "format_lat_lon",
    "from_mgrs",
    "from_polar_stereo",
    "from_ups",
    "geo_elevation_deg",
    "geo_look_angles",
    "geodesic_circle",
    "geodesic_distance_m",
    "geodesic_inverse",
    "greenland_outline",
    "is_land",
    "land_length_m",
    "pairwise_distance_m",
    "parse_coordinate",
    "parse_lat_lon",
    "rfc7946_bbox",
    "rfc7946_geometry",
    "ring_pole_winding",
    "satcom_masks",
    "sea_route",
    "to_mgrs",
    "to_polar_stereo",
    "to_ups",
    "union_area_km2",
]

__getattr__, __dir__ = attach(
    __name__,
    {
        "arcticrecon.geo.circles": [
            "MAX_CIRCLE_RADIUS_M",
            "CircleUnion",
            "GeodesicCircle",
            "circle_lonlat_geometry",
            "circle_union",
            "geodesic_circle",
            "union_area_km2",
        ],
        "arcticrecon.geo.coords": [
            "UPS_NORTH_MIN_LAT_DEG",
            "UPS_SOUTH_MAX_LAT_DEG",
            "UpsCoordinate",
            "format_lat_lon",
            "from_mgrs",
            "from_ups",
            "parse_coordinate",
            "parse_lat_lon",
            "to_mgrs",
            "to_ups",
        ],
        "arcticrecon.geo.geodesic": [
            "WGS84",
            "check_lat_lon",
            "geodesic_distance_m",
            "geodesic_inverse",
            "pairwise_distance_m",
        ],
        "arcticrecon.geo.land": ["greenland_outline", "is_land", "land_length_m"],
        "arcticrecon.geo.projection": ["POLAR_CRS", "from_polar_stereo", "to_polar_stereo"],
        "arcticrecon.geo.rfc7946": [
            "cut_at_antimeridian",
            "rfc7946_bbox",
            "rfc7946_geometry",
            "ring_pole_winding",
        ],
        "arcticrecon.geo.satcom": [
            "GeoLookAngles",
            "geo_elevation_deg",
            "geo_look_angles",
            "satcom_masks",
        ],
        "arcticrecon.geo.sea": ["SeaRoute", "crossing_latitude_deg", "sea_route"],
    },
)
