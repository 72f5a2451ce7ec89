"""Mission model: the coalition, its dates and hubs, and the exercise concepts to place."""

from typing import TYPE_CHECKING

from arcticrecon._lazy import attach

if TYPE_CHECKING:  # the lazy names below, for type checkers and readers
    from arcticrecon.mission.io import load_yaml_text, mission_from_dict, read_mission_file
    from arcticrecon.mission.models import (
        AirliftAsset,
        Contribution,
        DailyHours,
        ExerciseConcept,
        Mission,
        MissionInfo,
        Person,
        PresenceStudy,
        Season,
        Team,
    )
    from arcticrecon.mission.nations import nation_code, nation_name

__all__ = [
    "AirliftAsset",
    "Contribution",
    "DailyHours",
    "ExerciseConcept",
    "Mission",
    "MissionInfo",
    "Person",
    "PresenceStudy",
    "Season",
    "Team",
    "load_yaml_text",
    "mission_from_dict",
    "nation_code",
    "nation_name",
    "read_mission_file",
]

__getattr__, __dir__ = attach(
    __name__,
    {
        "arcticrecon.mission.io": ["load_yaml_text", "mission_from_dict", "read_mission_file"],
        "arcticrecon.mission.models": [
            "AirliftAsset",
            "Contribution",
            "DailyHours",
            "ExerciseConcept",
            "Mission",
            "MissionInfo",
            "Person",
            "PresenceStudy",
            "Season",
            "Team",
        ],
        "arcticrecon.mission.nations": ["nation_code", "nation_name"],
    },
)
