"""FastAPI dependencies: the application state, the session and the caller's policy view.

As in the FastAPI full-stack template (``app/api/deps.py``): routes declare what they need
with the ``Annotated`` aliases below and never reach into ``request.app.state``.

* :data:`StateDep` — the :class:`~arcticrecon.web.state.AppState` of this app;
* :data:`ViewDep` — the :class:`~arcticrecon.web.policy.PolicyView` of the logged-in user
  (:func:`policy`); every data route depends on it, through its router;
* :data:`AdminDep` — the same, refused (403) unless the user is an admin.

:func:`authenticate` checks a bearer token or the session cookie (with the CSRF check for
cookie-authenticated writes); a test walks the route table to prove no data route lacks
:func:`policy`.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from arcticrecon.web.policy import PolicyView
from arcticrecon.web.security import SessionClaims, password_fingerprint
from arcticrecon.web.state import AppState
from arcticrecon.web.users import WebUser, session_user

__all__ = [
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "AdminDep",
    "StateDep",
    "ViewDep",
    "authenticate",
    "client_key",
    "get_state",
    "policy",
    "require_admin",
]

SESSION_COOKIE = "arx_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_state(request: Request) -> AppState:
    """The application state :func:`arcticrecon.web.create_app` attached to the app."""
    return request.app.state.arx


StateDep = Annotated[AppState, Depends(get_state)]


def client_key(request: Request) -> str:
    """Rate-limiter key of the calling client (its address)."""
    return f"ip:{request.client.host if request.client else 'unknown'}"


def _unauthorised(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


async def authenticate(request: Request) -> tuple[WebUser, SessionClaims]:
    """The user behind a request, from ``Authorization: Bearer`` or the session cookie.

    Raises
    ------
    HTTPException
        401 without a valid, unrevoked token of an active user; 403 when a
        cookie-authenticated unsafe request lacks the session's CSRF token.
    """
    st = get_state(request)
    auth = request.headers.get("authorization", "")
    by_cookie = False
    if auth.lower().startswith("bearer "):
        token = auth[7:].strip()
    else:
        token = request.cookies.get(SESSION_COOKIE, "")
        by_cookie = True
    if not token:
        raise _unauthorised("not logged in; POST /api/auth/login or open /login")
    claims = st.signer.check(token)
    if claims is None:
        raise _unauthorised("session expired or invalid; log in again")
    with st.store.engine.connect() as conn:  # Core, no ORM session: every request asks
        user, revoked = session_user(conn, claims.user_id, claims.session_id)
    if user is None or revoked or claims.pw != password_fingerprint(user.password_hash):
        raise _unauthorised("session ended; log in again")
    if by_cookie and request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not sent and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            form = await request.form()
            value = form.get("csrf_token")
            sent = value if isinstance(value, str) else ""
        if not sent or not hmac.compare_digest(sent, claims.csrf_token):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=f"missing or wrong CSRF token; send the {CSRF_HEADER} header of the page",
            )
    return user, claims


async def policy(request: Request) -> PolicyView:
    """FastAPI dependency: the :class:`PolicyView` of the authenticated user.

    Raises
    ------
    HTTPException
        401 (not logged in) or 403 (CSRF), see :func:`authenticate`.
    """
    cached = getattr(request.state, "arx_view", None)
    if cached is not None:
        return cached
    user, claims = await authenticate(request)
    view = PolicyView(get_state(request), user, claims)
    request.state.arx_view = view
    return view


ViewDep = Annotated[PolicyView, Depends(policy)]


def require_admin(view: ViewDep) -> PolicyView:
    """Dependency for admin-only endpoints.

    Raises
    ------
    HTTPException
        403 if the user is not an admin.
    """
    if not view.user.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="admins only; ask an administrator")
    return view


AdminDep = Annotated[PolicyView, Depends(require_admin)]
