"""Login (API and form), bearer tokens, session cookies, CSRF, rate limit, logout."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from arcticrecon.web.users import add_user
from web._world import ADMIN, BEL, PASSWORD, World, login


def test_login__returns_token_user_and_sets_cookie(client: TestClient) -> None:
    r = client.post("/api/auth/login", json={"username": BEL, "password": PASSWORD})
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "bearer" and body["user"]["nation"] == "BEL"
    assert body["user"]["clearance"] == "RESTRICTED"
    assert "password_hash" not in r.text
    cookie = r.headers["set-cookie"]
    assert "arx_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_login__wrong_password_and_unknown_user_same_answer(client: TestClient) -> None:
    a = client.post("/api/auth/login", json={"username": BEL, "password": "wrong-password"})
    b = client.post("/api/auth/login", json={"username": "Nobody", "password": "wrong-password"})
    assert a.status_code == b.status_code == 401
    assert a.json()["detail"] == b.json()["detail"]


def test_api__without_login_is_401(client: TestClient) -> None:
    for path in ("/api/sites", "/api/surveys", "/api/me", "/api/opportunities", "/api/roster"):
        r = client.get(path)
        assert r.status_code == 401, path
        assert r.headers["www-authenticate"] == "Bearer"


def test_bearer__works_without_cookie(world: World) -> None:
    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        headers = login(c, BEL)
        c.cookies.clear()
        assert c.get("/api/me", headers=headers).json()["username"] == BEL
        assert c.get("/api/me", headers={"Authorization": "Bearer forged.token"}).status_code == 401


def test_csrf__cookie_post_needs_token(client: TestClient) -> None:
    r = client.post("/api/auth/login", json={"username": BEL, "password": PASSWORD})
    csrf = r.json()["csrf_token"]
    body = {"site": "BGSF", "kind": "airfield", "text": "csrf test"}
    assert client.post("/api/surveys", json=body).status_code == 403
    bad = client.post("/api/surveys", json=body, headers={"X-CSRF-Token": "0" * 32})
    assert bad.status_code == 403
    ok = client.post("/api/surveys", json=body, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 201, ok.text


def test_csrf__bearer_post_needs_no_token(world: World) -> None:
    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        headers = login(c, BEL)
        c.cookies.clear()
        r = c.post("/api/surveys", json={"site": "BGSF", "kind": "airfield"}, headers=headers)
        assert r.status_code == 201


def test_login__rate_limited_after_failures(client: TestClient) -> None:
    for _ in range(5):
        r = client.post("/api/auth/login", json={"username": BEL, "password": "wrong-password"})
        assert r.status_code == 401
    r = client.post("/api/auth/login", json={"username": BEL, "password": PASSWORD})
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) > 0


def test_logout__revokes_token(world: World) -> None:
    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        headers = login(c, BEL)
        assert c.post("/api/auth/logout", headers=headers).status_code == 204
        assert c.get("/api/me", headers=headers).status_code == 401


def test_password_change__ends_sessions(world: World) -> None:
    import sqlalchemy as sa

    from arcticrecon.web.security import hash_password
    from arcticrecon.web.users import UserRow

    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        headers = login(c, BEL)
        with world.store.write() as s:
            s.execute(
                sa.update(UserRow)
                .where(UserRow.username == BEL)
                .values(password_hash=hash_password("another-password"))
            )
        assert c.get("/api/me", headers=headers).status_code == 401


def _form_token(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m
    return m.group(1)


def test_page__redirects_to_login_then_form_login_and_logout(client: TestClient) -> None:
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    page = client.get("/login")
    assert page.status_code == 200 and "Log in" in page.text
    r = client.post(
        "/login",
        data={"username": BEL, "password": PASSWORD, "csrf_token": _form_token(page.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/"
    home = client.get("/")
    assert home.status_code == 200 and "Maj Peeters (BEL, RESTRICTED)" in home.text
    assert "Content-Security-Policy" in home.headers
    assert "default-src 'self'" in home.headers["content-security-policy"]
    # logout needs the session's CSRF token in the form
    assert client.post("/logout", data={}, follow_redirects=False).status_code == 403
    r = client.post("/logout", data={"csrf_token": _form_token(home.text)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert client.get("/", follow_redirects=False).status_code == 303


def test_login_form__without_csrf_is_refused(client: TestClient) -> None:
    client.get("/login")
    r = client.post("/login", data={"username": BEL, "password": PASSWORD, "csrf_token": "x"})
    assert r.status_code == 403
    assert "arx_session" not in client.cookies


def test_login_form__wrong_password_shows_error(client: TestClient) -> None:
    page = client.get("/login")
    r = client.post(
        "/login",
        data={"username": BEL, "password": "nope-nope", "csrf_token": _form_token(page.text)},
    )
    assert r.status_code == 401 and "wrong user name or password" in r.text


def test_add_user__existing_person_other_clearance_refused(world: World) -> None:
    import pytest

    from arcticrecon.errors import InputError
    from arcticrecon.store import MissionRepository

    with world.store.write() as s:
        MissionRepository(s).add_person(name="Sgt Larsen", nation="DNK", clearance="UNCLASSIFIED")
        with pytest.raises(InputError, match="clearance UNCLASSIFIED"):
            add_user(
                s, username="Sgt Larsen", password=PASSWORD, nation="DNK", clearance="RESTRICTED"
            )
        with pytest.raises(InputError, match="already exists"):
            add_user(s, username=ADMIN, password=PASSWORD, nation="DNK", clearance="CONFIDENTIAL")
        u = add_user(
            s, username="Sgt Larsen", password=PASSWORD, nation="DNK", clearance="unclassified"
        )
        assert (u.nation, u.clearance, u.is_admin) == ("DNK", "UNCLASSIFIED", False)


def test_add_user__short_password_and_unknown_nation(world: World) -> None:
    import pytest

    from arcticrecon.errors import InputError

    with world.store.write() as s:
        with pytest.raises(InputError, match="at least 8"):
            add_user(s, username="X", password="short", nation="DNK", clearance="RESTRICTED")
        with pytest.raises(InputError, match="not in this mission"):
            add_user(s, username="Y", password=PASSWORD, nation="USA", clearance="RESTRICTED")


def test_csp__tile_server_origin_only_when_configured(world: World) -> None:
    from arcticrecon.web import create_app
    from web._world import settings_for

    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        assert "img-src 'self' data: blob:;" in c.get("/login").headers["content-security-policy"]
    db = world.store.url.removeprefix("sqlite:///")
    url = "http://maps.hq.local:8080/wms?CRS=EPSG:3413&BBOX={bbox}&WIDTH={width}&HEIGHT={height}"
    app = create_app(settings_for(Path(db), tile_url=url), store=world.store)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        csp = c.get("/login").headers["content-security-policy"]
        assert "img-src 'self' data: blob: http://maps.hq.local:8080;" in csp
        h = login(c, BEL)
        assert c.get("/api/mission", headers=h).json()["tile_url"] == url
        page = c.get("/")
        assert 'name="tile-url" content="http://maps.hq.local:8080/wms?' in page.text
    app.state.arx.runs.shutdown()
