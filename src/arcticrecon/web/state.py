"""The per-application state: one object built by :func:`arcticrecon.web.create_app`.

Routes reach it through the :func:`arcticrecon.web.deps.get_state` dependency (never
through ``request.app.state`` directly).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi.templating import Jinja2Templates

from arcticrecon.catalog import Catalog
from arcticrecon.mission import Mission
from arcticrecon.store import Store
from arcticrecon.web.runs import PlanRuns
from arcticrecon.web.security import LoginRateLimiter, TokenSigner
from arcticrecon.web.settings import WebSettings

__all__ = ["AppState"]


@dataclass
class AppState:
    """Per-application objects (one per :func:`arcticrecon.web.create_app` call).

    Attributes
    ----------
    settings : WebSettings
    store : Store
    signer : TokenSigner
    limiter : LoginRateLimiter
    runs : PlanRuns
    catalog : Catalog
    templates : Jinja2Templates
    mission : Mission or None
        The default mission for plan runs (``settings.mission_file``).
    cache : dict
        Per-application memo for routes (never shared between apps).
    """

    settings: WebSettings
    store: Store
    signer: TokenSigner
    limiter: LoginRateLimiter
    runs: PlanRuns
    catalog: Catalog
    templates: Jinja2Templates
    mission: Mission | None = None
    cache: dict[str, Any] = field(default_factory=dict)
