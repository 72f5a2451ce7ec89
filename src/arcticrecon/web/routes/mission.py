"""The mission and its people (``/api/mission``, ``/api/roster``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from arcticrecon.web.deps import StateDep, ViewDep, policy
from arcticrecon.web.schemas import MissionInfo, Roster

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["mission"], dependencies=[Depends(policy)])


@router.get("/mission", response_model=MissionInfo)
def mission(view: ViewDep, st: StateDep) -> dict[str, Any]:
    """The stored mission and the exercises of the planning mission file."""
    out = view.mission()
    m = st.mission
    out["exercises"] = (
        []
        if m is None
        else [
            {
                "name": e.name,
                "kind": e.kind,
                "personnel": e.personnel,
                "season_from": e.season.from_,
                "season_to": e.season.to,
            }
            for e in m.exercise
        ]
    )
    out["hubs"] = [] if m is None else list(m.mission.hubs)
    out["tile_url"] = st.settings.tile_url
    return out


@router.get("/roster", response_model=Roster)
def roster(view: ViewDep) -> dict[str, Any]:
    """People (name, rank, nation, role, dates) and teams of the mission."""
    return view.roster()
