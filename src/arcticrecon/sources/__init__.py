"""Readers for external data files (OurAirports CSV, embedded reference tables).

``read_*`` functions read local files; nothing here touches the network.
"""

from arcticrecon.sources.embedded import data_path
from arcticrecon.sources.ourairports import (
    filter_greenland,
    read_airports_csv,
    read_runways_csv,
    sites_from_ourairports,
    surface_from_code,
)

__all__ = [
    "data_path",
    "filter_greenland",
    "read_airports_csv",
    "read_runways_csv",
    "sites_from_ourairports",
    "surface_from_code",
]
