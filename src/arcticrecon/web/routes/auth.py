"""Health, login, logout and "who am I" (``/api/health``, ``/api/auth/*``, ``/api/me``).

Only :data:`public_router` (health and login) works without a session.
"""

from __future__ import annotations

import logging
import secrets
from functools import lru_cache

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status

from arcticrecon.web.deps import SESSION_COOKIE, StateDep, ViewDep, client_key, policy
from arcticrecon.web.schemas import Health, LoginRequest, LoginResponse, UserPublic
from arcticrecon.web.security import (
    SessionClaims,
    hash_password,
    password_fingerprint,
    verify_password,
)
from arcticrecon.web.state import AppState
from arcticrecon.web.users import WebUser, user_by_name

__all__ = ["login_user", "public_router", "router", "set_session_cookie"]

log = logging.getLogger(__name__)

public_router = APIRouter(prefix="/api", tags=["public"])
router = APIRouter(prefix="/api", tags=["auth"], dependencies=[Depends(policy)])


@public_router.get("/health", response_model=Health)
def health() -> Health:
    """Liveness check (no data)."""
    return Health(status="ok")


def login_user(
    st: AppState, request: Request, username: str, password: str
) -> tuple[WebUser, str, SessionClaims]:
    """Check credentials with the rate limiter; return (user, token, claims).

    Failed and rate-limited attempts are logged (user name and client address, never the
    password).

    Raises
    ------
    fastapi.HTTPException
        429 when rate-limited, 401 for a wrong name or password (same message).
    """
    keys = (client_key(request), f"user:{username.strip().casefold()}")
    wait = st.limiter.retry_after_s(*keys)
    if wait > 0:
        log.warning("login refused (rate limit) for %r from %s", username, keys[0])
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=f"too many failed logins; try again in {int(wait) + 1} s",
            headers={"Retry-After": str(int(wait) + 1)},
        )
    with st.store.read() as s:
        user = user_by_name(s, username)
    ok = verify_password(user.password_hash if user else _dummy_hash(), password)
    if user is None or not ok:
        st.limiter.record_failure(*keys)
        log.warning(
            "failed login for %r from %s (%s)",
            username,
            keys[0],
            "unknown user" if user is None else "wrong password",
        )
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="wrong user name or password")
    st.limiter.reset(keys[1])
    token, claims = st.signer.issue(user.id, password_fingerprint(user.password_hash))
    log.info("login of %r from %s", user.username, keys[0])
    return user, token, claims


def set_session_cookie(st: AppState, response: Response, token: str) -> None:
    """Set the HttpOnly, SameSite=Strict session cookie."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(st.settings.session_hours * 3600),
        httponly=True,
        samesite="strict",
        secure=st.settings.cookie_secure,
        path="/",
    )


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A real Argon2 hash to verify against for unknown users (same time as a real check)."""
    return hash_password(secrets.token_urlsafe(16))


@public_router.post(
    "/auth/login",
    response_model=LoginResponse,
    responses={401: {"description": "wrong credentials"}, 429: {"description": "rate-limited"}},
)
def login(body: LoginRequest, st: StateDep, request: Request, response: Response) -> LoginResponse:
    """Log in: a bearer token for API clients, and the session cookie for the page."""
    user, token, claims = login_user(st, request, body.username, body.password)
    set_session_cookie(st, response, token)
    return LoginResponse(
        token=token,
        csrf_token=claims.csrf_token,
        expires_in_s=st.settings.session_hours * 3600.0,
        user=UserPublic.model_validate(user.public()),
    )


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(view: ViewDep) -> Response:
    """End this session (token and cookie stop working)."""
    view.logout()
    resp = Response(status_code=status.HTTP_204_NO_CONTENT)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp


@router.get("/me", response_model=UserPublic)
def me(view: ViewDep) -> UserPublic:
    """Who is logged in, with nation and clearance."""
    return UserPublic.model_validate(view.user.public())
