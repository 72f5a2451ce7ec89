"""Sea ice and ports: IMO POLARIS, port access seasons, Gold's ice bearing capacity."""

from arcticrecon.ice.bearing import (
    A_PRESETS_KG_CM2,
    WHITE_ICE_FACTOR,
    GoldLoad,
    allowable_load_gold,
    effective_thickness_cm,
    required_thickness_gold_cm,
)
from arcticrecon.ice.polaris import (
    ICE_CLASSES,
    ICE_TYPES,
    PolarisResult,
    operation_level,
    parse_concentration_tenths,
    polaris,
    recommended_speed_limit_kt,
    rio,
    riv_table,
)
from arcticrecon.ice.ports import (
    PORT_BY_ICAO,
    PORTS,
    port_access_months,
    port_access_table,
    port_facts,
    resolve_port,
    site_port_access,
)

__all__ = [
    "A_PRESETS_KG_CM2",
    "ICE_CLASSES",
    "ICE_TYPES",
    "PORTS",
    "PORT_BY_ICAO",
    "WHITE_ICE_FACTOR",
    "GoldLoad",
    "PolarisResult",
    "allowable_load_gold",
    "effective_thickness_cm",
    "operation_level",
    "parse_concentration_tenths",
    "polaris",
    "port_access_months",
    "port_access_table",
    "port_facts",
    "recommended_speed_limit_kt",
    "required_thickness_gold_cm",
    "resolve_port",
    "rio",
    "riv_table",
    "site_port_access",
]
