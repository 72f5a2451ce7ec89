"""Web application: JSON API and one map page, working offline.

``create_app(settings)`` is the factory (nothing is created at import time); settings come
from the environment (:class:`WebSettings.from_env`). Every data endpoint goes through one
dependency, :func:`arcticrecon.web.deps.policy`, which applies the store's releasability
policy for the logged-in user's nation and clearance.

Typical set-up (the mission and its nations exist in the store)::

    echo "$PASSWORD" | arcticrecon user add "Maj A. Peeters" --nation BEL \
        --clearance RESTRICTED --rank Maj --password-stdin --db mission.sqlite
    export ARCTICRECON_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(32))')
    arcticrecon serve --db mission.sqlite --mission examples/greenland-recon-2026.toml

Then open http://127.0.0.1:8000/ (the OpenAPI schema is at ``/openapi.json``).

Layout (FastAPI full-stack template): :mod:`~arcticrecon.web.app` (factory, error
handlers, security headers), :mod:`~arcticrecon.web.state` (the per-app state),
:mod:`~arcticrecon.web.deps` (dependencies: state, session, policy view),
:mod:`~arcticrecon.web.policy` (what one user may read and write),
:mod:`~arcticrecon.web.schemas` (request/response models), :mod:`~arcticrecon.web.routes`
(one module per area; adding a router is one line there).
"""

from arcticrecon.web.app import create_app
from arcticrecon.web.settings import WebSettings
from arcticrecon.web.state import AppState

__all__ = ["AppState", "WebSettings", "create_app"]
