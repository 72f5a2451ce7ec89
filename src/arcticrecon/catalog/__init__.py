"""Site catalogue: Greenland's airfields, heliports, strips; aircraft and compatibility."""

from typing import TYPE_CHECKING

from arcticrecon._lazy import attach

if TYPE_CHECKING:  # the lazy names below, for type checkers and readers
    from arcticrecon.catalog.aircraft import (
        Aircraft,
        Compatibility,
        get_aircraft,
        read_aircraft_csv,
        runway_compatibility,
        site_compatibility,
    )
    from arcticrecon.catalog.catalog import Catalog, load_catalog
    from arcticrecon.catalog.models import Runway, Site, SiteKind, Surface
    from arcticrecon.catalog.timezones import GREENLAND_ZONES, zone_for

__all__ = [
    "GREENLAND_ZONES",
    "Aircraft",
    "Catalog",
    "Compatibility",
    "Runway",
    "Site",
    "SiteKind",
    "Surface",
    "get_aircraft",
    "load_catalog",
    "read_aircraft_csv",
    "runway_compatibility",
    "site_compatibility",
    "zone_for",
]

__getattr__, __dir__ = attach(
    __name__,
    {
        "arcticrecon.catalog.aircraft": [
            "Aircraft",
            "Compatibility",
            "get_aircraft",
            "read_aircraft_csv",
            "runway_compatibility",
            "site_compatibility",
        ],
        "arcticrecon.catalog.catalog": ["Catalog", "load_catalog"],
        "arcticrecon.catalog.models": ["Runway", "Site", "SiteKind", "Surface"],
        "arcticrecon.catalog.timezones": ["GREENLAND_ZONES", "zone_for"],
    },
)
