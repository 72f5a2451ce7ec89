"""The FastAPI application factory.

``create_app(settings)`` builds everything (database engine, signer, rate limiter, plan
runner, catalogue) when it is *called*; importing this module creates nothing. Domain
errors become HTTP answers in one handler (:func:`_domain_error`): bad input 422, not
found 404, not released 404 on reads (the same answer as "does not exist", so markings do
not leak existence) and 403 on writes above one's clearance, infeasible 409, data source
503.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from arcticrecon.catalog import load_catalog
from arcticrecon.errors import (
    ArcticReconError,
    DataSourceError,
    InfeasibleError,
    InputError,
    NotFoundError,
    ReleasabilityError,
)
from arcticrecon.mission import read_mission_file
from arcticrecon.store import Store, open_store
from arcticrecon.web.deps import authenticate
from arcticrecon.web.heap import settle_heap
from arcticrecon.web.routes import include_routers
from arcticrecon.web.runs import PlanRun, PlanRuns
from arcticrecon.web.security import LoginRateLimiter, TokenSigner
from arcticrecon.web.settings import WebSettings
from arcticrecon.web.state import AppState
from arcticrecon.web.users import create_web_tables

__all__ = ["create_app", "status_for"]

log = logging.getLogger(__name__)

API_VERSION = "1"


def status_for(err: ArcticReconError, *, method: str = "GET") -> int:
    """HTTP status for a domain error (see the module docstring).

    Examples
    --------
    >>> status_for(NotFoundError("x")), status_for(InputError("x"))
    (404, 422)
    >>> status_for(ReleasabilityError("x")), status_for(ReleasabilityError("x"), method="POST")
    (404, 403)
    """
    if isinstance(err, ReleasabilityError):
        return 404 if method in {"GET", "HEAD"} else 403
    if isinstance(err, NotFoundError):
        return 404
    if isinstance(err, InputError):
        return 422
    if isinstance(err, InfeasibleError):
        return 409
    if isinstance(err, DataSourceError):
        return 503
    return 400


async def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ArcticReconError)
    code = status_for(exc, method=request.method)
    body: dict[str, Any] = {"detail": str(exc), "error": type(exc).__name__}
    if exc.field:
        body["field"] = exc.field
    if code == 404 and isinstance(exc, ReleasabilityError):
        body = {"detail": "not found", "error": "NotFoundError"}
    return JSONResponse(body, status_code=code)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errs = exc.errors()
    first = errs[0] if errs else {}
    loc = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
    msg = f"{loc}: {first.get('msg', 'invalid')}" if loc else str(first.get("msg", "invalid"))
    return JSONResponse(
        {"detail": msg, "error": "InputError", "field": loc, "errors": _jsonable(errs)},
        status_code=422,
    )


async def _internal_error(request: Request, exc: Exception) -> Response:
    """A bug: log it with its traceback, answer 500 with no internals."""
    log.error(
        "internal error in %s %s",
        request.method,
        request.url.path,
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    return JSONResponse(
        {"detail": "internal error; the server log has the details", "error": "InternalError"},
        status_code=500,
    )


def _jsonable(errs: Any) -> Any:
    out = []
    for e in errs:
        out.append(
            {
                k: (v if isinstance(v, str | int | float | list | tuple) else str(v))
                for k, v in e.items()
                if k in ("loc", "msg", "type")
            }
        )
    return out


class SecurityHeaders:
    """Content-Security-Policy and friends on every answer (a plain ASGI middleware).

    The page loads scripts, styles and images from its own origin only (OWASP Secure
    Headers Project); a configured map server is the single extra image source.

    Parameters
    ----------
    app : ASGI application
    tile_origin : str or None
        ``scheme://host:port`` of the configured map server.
    """

    def __init__(self, app: ASGIApp, *, tile_origin: str | None) -> None:
        self.app = app
        img = "'self' data: blob:" + (f" {tile_origin}" if tile_origin else "")
        self.csp = (
            f"default-src 'self'; img-src {img}; script-src 'self'; style-src 'self'; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers to the response start message."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # every response but static files: the page carries the CSRF token, the API data
        cacheable = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", self.csp)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("X-Frame-Options", "DENY")
                if not cacheable:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _tile_origin(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{", "").replace("}", ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _preload_dask() -> None:
    """Import dask once in the calling thread when it is installed.

    xarray imports dask lazily on first use; requests and plan runs use xarray on
    worker threads, and two threads importing dask's mutually dependent modules at once
    can each see the other's half-initialised module (``cannot import name
    'is_dask_collection' from 'dask.base'``). One import before any thread starts avoids it.
    """
    import importlib.util

    if importlib.util.find_spec("dask") is not None:
        import dask.base  # noqa: F401


def _settle_after_run(run: PlanRun) -> None:
    settle_heap(f"plan run {run.id} {run.status.value}")


def create_app(
    settings: WebSettings | None = None, *, store: Store | None = None, freeze_heap: bool = False
) -> FastAPI:
    """Build the web application.

    Parameters
    ----------
    settings : WebSettings, optional
        Default :meth:`WebSettings.from_env`.
    store : Store, optional
        An open store to use instead of opening ``settings.database_url``.
    freeze_heap : bool
        Keep the long-lived heap out of the cyclic collector
        (:func:`arcticrecon.web.heap.settle_heap` when the app starts serving and after
        each plan run): what ``arcticrecon serve`` does; off by default (a test process
        creating many apps would pay a full collection each time).

    Returns
    -------
    FastAPI
        With the JSON API under ``/api``, the page at ``/``, the login page at
        ``/login`` and the OpenAPI schema at ``/openapi.json``.

    Raises
    ------
    InputError
        If a setting is invalid or the mission file fails validation.
    DataSourceError
        If the database cannot be opened.
    """
    _preload_dask()
    settings = settings or WebSettings.from_env()
    store = store or open_store(settings.database_url)
    create_web_tables(store.engine)
    templates = Jinja2Templates(directory=str(resources.files("arcticrecon.web") / "templates"))
    state = AppState(
        settings=settings,
        store=store,
        signer=TokenSigner(settings.secret_key, max_age_s=settings.session_hours * 3600.0),
        limiter=LoginRateLimiter(settings.login_max_failures, settings.login_window_s),
        address_limiter=LoginRateLimiter(4 * settings.login_max_failures, settings.login_window_s),
        runs=PlanRuns(after_run=_settle_after_run if freeze_heap else None),
        catalog=load_catalog(),
        templates=templates,
        mission=read_mission_file(settings.mission_file) if settings.mission_file else None,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if freeze_heap:  # the imports and catalogue: out of every later collection
            settle_heap("start-up")
        yield
        state.runs.shutdown()

    app = FastAPI(
        title="arcticrecon",
        version=API_VERSION,
        description=(
            "Greenland reconnaissance mission: sites, light, cold, ranked exercise "
            "opportunities, coverage and the coalition's findings — each user sees only "
            "records released to their nation at or below their clearance."
        ),
        lifespan=lifespan,
        # Swagger UI / ReDoc load their scripts from a CDN: not served (offline, no CDN);
        # the schema itself is at /openapi.json.
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # served below, to logged-in users only
    )
    app.state.arx = state
    app.add_middleware(SecurityHeaders, tile_origin=_tile_origin(settings.tile_url))
    app.add_exception_handler(ArcticReconError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _internal_error)
    include_routers(app)

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi_schema(request: Request) -> JSONResponse:
        """The OpenAPI schema, for logged-in users (it maps every route of the API)."""
        await authenticate(request)
        return JSONResponse(app.openapi())

    static_dir = Path(str(resources.files("arcticrecon.web") / "static"))
    app.mount("/static", StaticFiles(directory=static_dir), name="static")
    return app
