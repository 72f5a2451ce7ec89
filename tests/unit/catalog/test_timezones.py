"""Greenland's four zones: the scalar rule (catalogue loading) and the vectorised rule agree."""

from __future__ import annotations

import numpy as np
import pytest

from arcticrecon.catalog import GREENLAND_ZONES, zone_for
from arcticrecon.catalog.timezones import zone_index


@pytest.mark.parametrize(
    ("lat_deg", "lon_deg", "zone"),
    [
        (64.1814, -51.6941, "America/Nuuk"),  # Nuuk
        (76.5312, -68.7032, "America/Thule"),  # Pituffik Space Base
        (70.4853, -21.9667, "America/Scoresbysund"),  # Ittoqqortoormiit
        (76.7697, -18.6686, "America/Danmarkshavn"),  # Danmarkshavn
        (65.6113, -37.6370, "America/Nuuk"),  # Tasiilaq: east coast, outside the park
    ],
)
def test_zone_for__places_whose_zone_the_iana_database_names(
    lat_deg: float, lon_deg: float, zone: str
) -> None:
    # IANA tzdata zone1970.tab: America/Nuuk "most of Greenland", America/Thule
    # "Thule/Pituffik", America/Scoresbysund "Scoresbysund/Ittoqqortoormiit",
    # America/Danmarkshavn "National Park (east coast)"
    assert zone_for(lat_deg=lat_deg, lon_deg=lon_deg) == zone


def test_zone_for__same_rule_as_zone_index_on_a_grid_over_greenland() -> None:
    lat = np.arange(59.0, 84.01, 0.25)
    lon = np.arange(-75.0, -10.0, 0.25)
    la, lo = (a.ravel() for a in np.meshgrid(lat, lon, indexing="ij"))
    # the boundaries of the rule fall on this grid (69.5, 71.5, 74 N; 30, 40 W)
    idx = zone_index(lat_deg=la, lon_deg=lo)
    scalar = [zone_for(lat_deg=float(a), lon_deg=float(b)) for a, b in zip(la, lo, strict=True)]
    assert scalar == [GREENLAND_ZONES[i] for i in idx]
