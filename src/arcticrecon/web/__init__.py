"""Web application: JSON API and one map page, working offline.

``create_app(settings)`` is the factory (nothing is created at import time); settings come
from the environment (:class:`WebSettings.from_env`). Every data endpoint goes through one
dependency, :func:`arcticrecon.web.policy.policy`, which applies the store's releasability
policy for the logged-in user's nation and clearance.
"""

from arcticrecon.web.app import AppState, create_app
from arcticrecon.web.settings import WebSettings

__all__ = ["AppState", "WebSettings", "create_app"]
