"""Cold: wind chill (2001 JAG/TI), frostbite bands, cold-injury risk, cold-risk calendar.

The constants and the one-reading functions (``*_scalar``) live in
:mod:`arcticrecon.cold.scalar` and load without numpy; the array engine is
:mod:`arcticrecon.cold.windchill`.
"""

from typing import TYPE_CHECKING

from arcticrecon._lazy import attach

if TYPE_CHECKING:  # the lazy names below, for type checkers and readers
    from arcticrecon.cold.calendar import DEFAULT_WIND_SCENARIOS_KMH, cold_risk_table
    from arcticrecon.cold.scalar import (
        FROSTBITE_BANDS,
        RISK_CLASSES,
        WCI_MAX_AIR_TEMP_DEGC,
        WCI_MIN_WIND_KMH,
        FrostbiteBand,
        WindChillReading,
        frostbite_band_scalar,
        wind_chill_index_scalar,
        wind_chill_scalar,
    )
    from arcticrecon.cold.windchill import (
        WindChill,
        WindChillDegF,
        check_air_temp_degC,
        cold_injury_risk_class,
        frostbite_band,
        wind_chill,
        wind_chill_degF,
        wind_chill_index,
    )

__all__ = [
    "DEFAULT_WIND_SCENARIOS_KMH",
    "FROSTBITE_BANDS",
    "RISK_CLASSES",
    "WCI_MAX_AIR_TEMP_DEGC",
    "WCI_MIN_WIND_KMH",
    "FrostbiteBand",
    "WindChill",
    "WindChillDegF",
    "WindChillReading",
    "check_air_temp_degC",
    "cold_injury_risk_class",
    "cold_risk_table",
    "frostbite_band",
    "frostbite_band_scalar",
    "wind_chill",
    "wind_chill_degF",
    "wind_chill_index",
    "wind_chill_index_scalar",
    "wind_chill_scalar",
]

__getattr__, __dir__ = attach(
    __name__,
    {
        "arcticrecon.cold.calendar": ["DEFAULT_WIND_SCENARIOS_KMH", "cold_risk_table"],
        "arcticrecon.cold.scalar": [
            "FROSTBITE_BANDS",
            "RISK_CLASSES",
            "WCI_MAX_AIR_TEMP_DEGC",
            "WCI_MIN_WIND_KMH",
            "FrostbiteBand",
            "WindChillReading",
            "frostbite_band_scalar",
            "wind_chill_index_scalar",
            "wind_chill_scalar",
        ],
        "arcticrecon.cold.windchill": [
            "WindChill",
            "WindChillDegF",
            "check_air_temp_degC",
            "cold_injury_risk_class",
            "frostbite_band",
            "wind_chill",
            "wind_chill_degF",
            "wind_chill_index",
        ],
    },
)
