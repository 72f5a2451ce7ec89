"""HTML pages: the map page, the survey form and the login form (posts carry CSRF tokens)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from arcticrecon.web.deps import SESSION_COOKIE, StateDep, authenticate, policy
from arcticrecon.web.routes.auth import login_user, set_session_cookie
from arcticrecon.web.state import AppState

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "arx_login_csrf"


@router.get("/", response_class=HTMLResponse)
async def index(request: Request, st: StateDep) -> Response:
    """The map page (redirects to /login without a session)."""
    try:
        user, claims = await authenticate(request)
    except HTTPException:
        return RedirectResponse("/login", status_code=status.HTTP_303_SEE_OTHER)
    return st.templates.TemplateResponse(
        request,
        "index.html.j2",
        {"user": user, "csrf_token": claims.csrf_token, "tile_url": st.settings.tile_url or ""},
    )


@router.get("/surveys/new", response_class=HTMLResponse)
async def survey_new(request: Request, st: StateDep) -> Response:
    """The structured field survey form (posts to ``/api/surveys/forms`` through the policy).

    ``?lat=..&lon=..`` (from the map's pick) fills the position, ``?form=hlz`` the form.
    """
    try:
        user, claims = await authenticate(request)
    except HTTPException:
        return RedirectResponse("/login", status_code=status.HTTP_303_SEE_OTHER)
    return st.templates.TemplateResponse(
        request, "survey_new.html.j2", {"user": user, "csrf_token": claims.csrf_token}
    )


def _login_page(st: AppState, request: Request, *, error: str = "", code: int = 200) -> Response:
    token = st.signer.form_token()
    resp = st.templates.TemplateResponse(
        request, "login.html.j2", {"csrf_token": token, "error": error}, status_code=code
    )
    resp.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=st.settings.secure_cookies,
        path="/login",
    )
    return resp


@router.get("/favicon.ico", response_class=Response)
def favicon() -> Response:
    """The shipped icon (browsers ask for ``/favicon.ico`` on pages without a link)."""
    from importlib import resources

    icon = (resources.files("arcticrecon.web") / "static" / "favicon.svg").read_bytes()
    return Response(
        icon, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
    )


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, st: StateDep) -> Response:
    """The login form."""
    return _login_page(st, request)


@router.post("/login")
def login_post(
    request: Request,
    st: StateDep,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Check the form's CSRF token and the credentials; set the session cookie."""
    if not st.signer.check_form_token(request.cookies.get(LOGIN_CSRF_COOKIE), csrf_token):
        return _login_page(st, request, error="The form expired; please try again.", code=403)
    try:
        _user, token, _claims = login_user(st, request, username, password)
    except HTTPException as err:
        return _login_page(st, request, error=str(err.detail), code=err.status_code)
    resp = RedirectResponse("/", status_code=status.HTTP_303_SEE_OTHER)
    set_session_cookie(st, resp, token)
    resp.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return resp


@router.post("/logout")
async def logout_post(request: Request) -> Response:
    """Log out (form post with the session's CSRF token)."""
    view = await policy(request)
    view.logout()
    resp = RedirectResponse("/login", status_code=status.HTTP_303_SEE_OTHER)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp
