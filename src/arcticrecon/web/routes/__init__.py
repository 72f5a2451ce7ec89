"""The web routes, one module per area (FastAPI full-stack template: ``app/api/routes``).

Each module in :data:`ROUTE_MODULES` exposes ``router`` (an :class:`fastapi.APIRouter`,
``prefix="/api"`` and ``dependencies=[Depends(policy)]`` for data routes) and may expose
``public_router`` for routes that need no login. :func:`include_routers` adds them all to
the app in this order.

Adding a router is one line: write ``arcticrecon/web/routes/NAME.py`` with a ``router``
and add ``"NAME"`` to :data:`ROUTE_MODULES`. Its response models go in
:mod:`arcticrecon.web.schemas`; its dependencies come from :mod:`arcticrecon.web.deps`.
"""

from __future__ import annotations

import importlib

from fastapi import APIRouter, FastAPI

__all__ = ["ROUTE_MODULES", "include_routers", "routers"]

#: Route modules under ``arcticrecon.web.routes`` (one line each).
ROUTE_MODULES: tuple[str, ...] = (
    "auth",
    "mission",
    "map",
    "sites",
    "plans",
    "surveys",
    "ais",
    "grids",
    "admin",
    "pages",
)


def routers() -> list[APIRouter]:
    """The routers of :data:`ROUTE_MODULES` (each module's ``public_router``, then ``router``)."""
    out: list[APIRouter] = []
    for name in ROUTE_MODULES:
        mod = importlib.import_module(f"{__name__}.{name}")
        for attr in ("public_router", "router"):
            r = getattr(mod, attr, None)
            if isinstance(r, APIRouter):
                out.append(r)
    return out


def include_routers(app: FastAPI) -> None:
    """Include every router of :data:`ROUTE_MODULES` in ``app``."""
    for r in routers():
        app.include_router(r)
