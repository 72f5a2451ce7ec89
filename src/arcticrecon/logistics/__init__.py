"""Logistics: flight legs and air routes, sea lift, deployment timelines, recon itineraries.

Planning estimates on WGS 84 geodesics (:mod:`arcticrecon.geo`); every planning assumption
is a named, documented, overridable parameter.
"""

from typing import TYPE_CHECKING

from arcticrecon._lazy import attach

if TYPE_CHECKING:  # the lazy names below, for type checkers and readers
    from arcticrecon.logistics.deploy import (
        Activity,
        AirliftLine,
        Contingent,
        DeploymentPlan,
        DeployParameters,
        contingents_from_mission,
        nearest_port,
        plan_deployment,
    )
    from arcticrecon.logistics.flights import (
        BLOCK_ALLOWANCE_S,
        FlightLeg,
        Place,
        flight_leg,
        flight_time_s,
        place_from_site,
        resolve_place,
    )
    from arcticrecon.logistics.itinerary import (
        VISIT_DURATION_S,
        DaylightProvider,
        Itinerary,
        ItineraryStop,
        civil_daylight_provider,
        plan_itinerary,
        plan_team_itinerary,
    )
    from arcticrecon.logistics.ports import Port, get_port, read_ports_csv, resolve_port
    from arcticrecon.logistics.routing import AirRoute, plan_air_route, plan_air_route_via
    from arcticrecon.logistics.sealift import (
        SeaLift,
        SeasonCheck,
        check_speed_m_s,
        ice_season_check,
        plan_sealift,
    )

__all__ = [
    "BLOCK_ALLOWANCE_S",
    "VISIT_DURATION_S",
    "Activity",
    "AirRoute",
    "AirliftLine",
    "Contingent",
    "DaylightProvider",
    "DeployParameters",
    "DeploymentPlan",
    "FlightLeg",
    "Itinerary",
    "ItineraryStop",
    "Place",
    "Port",
    "SeaLift",
    "SeasonCheck",
    "check_speed_m_s",
    "civil_daylight_provider",
    "contingents_from_mission",
    "flight_leg",
    "flight_time_s",
    "get_port",
    "ice_season_check",
    "nearest_port",
    "place_from_site",
    "plan_air_route",
    "plan_air_route_via",
    "plan_deployment",
    "plan_itinerary",
    "plan_sealift",
    "plan_team_itinerary",
    "read_ports_csv",
    "resolve_place",
    "resolve_port",
]

__getattr__, __dir__ = attach(
    __name__,
    {
        "arcticrecon.logistics.deploy": [
            "Activity",
            "AirliftLine",
            "Contingent",
            "DeploymentPlan",
            "DeployParameters",
            "contingents_from_mission",
            "nearest_port",
            "plan_deployment",
        ],
        "arcticrecon.logistics.flights": [
            "BLOCK_ALLOWANCE_S",
            "FlightLeg",
            "Place",
            "flight_leg",
            "flight_time_s",
            "place_from_site",
            "resolve_place",
        ],
        "arcticrecon.logistics.itinerary": [
            "VISIT_DURATION_S",
            "DaylightProvider",
            "Itinerary",
            "ItineraryStop",
            "civil_daylight_provider",
            "plan_itinerary",
            "plan_team_itinerary",
        ],
        "arcticrecon.logistics.ports": ["Port", "get_port", "read_ports_csv", "resolve_port"],
        "arcticrecon.logistics.routing": ["AirRoute", "plan_air_route", "plan_air_route_via"],
        "arcticrecon.logistics.sealift": [
            "SeaLift",
            "SeasonCheck",
            "check_speed_m_s",
            "ice_season_check",
            "plan_sealift",
        ],
    },
)
