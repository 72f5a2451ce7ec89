"""Climate: ERA5 monthly climatology (coastal cell rule), station normals, importers."""

from arcticrecon.climate.era5 import (
    COASTAL_MIN_LAND_RULE,
    ERA5_ATTRIBUTION,
    is_coastal,
    monthly_t2m,
    read_era5_climatology,
    select_cells,
)
from arcticrecon.climate.importers import (
    FORMATS,
    SUMMARY_COLUMNS,
    import_observations,
    read_dmi,
    read_era5_single_level,
    read_gsod,
    read_isd_lite,
    read_meteostat,
    summarise_monthly,
)
from arcticrecon.climate.landmask import is_land
from arcticrecon.climate.normals import (
    NormalValue,
    nearest_station,
    read_isd_stations,
    read_station_normals,
    station_names,
    station_normals,
)
from arcticrecon.climate.site import site_climate

__all__ = [
    "COASTAL_MIN_LAND_RULE",
    "ERA5_ATTRIBUTION",
    "FORMATS",
    "SUMMARY_COLUMNS",
    "NormalValue",
    "import_observations",
    "is_coastal",
    "is_land",
    "monthly_t2m",
    "nearest_station",
    "read_dmi",
    "read_era5_climatology",
    "read_era5_single_level",
    "read_gsod",
    "read_isd_lite",
    "read_isd_stations",
    "read_meteostat",
    "read_station_normals",
    "select_cells",
    "site_climate",
    "station_names",
    "station_normals",
    "summarise_monthly",
]
