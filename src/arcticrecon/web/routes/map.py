"""Map data for the page (``/api/map/*``): the base map; map layers register here."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from arcticrecon.web.deps import ViewDep, policy
from arcticrecon.web.mapdata import base_map
from arcticrecon.web.schemas import BaseMap

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["map"], dependencies=[Depends(policy)])


@router.get("/map/base", response_model=BaseMap)
def map_base(view: ViewDep) -> dict[str, Any]:
    """Coastline and graticule in EPSG:3413 metres (draw as SVG; no tiles)."""
    return base_map()
