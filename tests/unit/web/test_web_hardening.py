"""Web hardening (issue 17, low): login limiting per (account, address) with growing
delays, /openapi.json behind login, no caching of the page, Secure cookies off loopback,
X-Forwarded-For trusted only from configured proxies."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from arcticrecon.web import WebSettings
from arcticrecon.web.security import LoginRateLimiter
from web._world import BEL, PASSWORD, World, login


def _client(world: World, address: str) -> TestClient:
    return TestClient(world.app, base_url="http://127.0.0.1", client=(address, 50000))


def test_login__wrong_passwords_from_one_address_do_not_lock_the_account_elsewhere(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    attacker, owner = _client(world, "10.0.0.66"), _client(world, "10.0.0.7")
    with caplog.at_level(logging.WARNING, logger="arcticrecon.web"):
        codes = [
            attacker.post(
                "/api/auth/login", json={"username": BEL, "password": "wrong"}
            ).status_code
            for _ in range(7)
        ]
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]
    assert "rate limit" in caplog.text and "10.0.0.66" in caplog.text
    # the right password from the owner's address still works
    r = owner.post("/api/auth/login", json={"username": BEL, "password": PASSWORD})
    assert r.status_code == 200, r.text
    # ... and from the attacker's address the right password waits like a wrong one
    r = attacker.post("/api/auth/login", json={"username": BEL, "password": PASSWORD})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1


def test_rate_limiter__delays_grow_with_each_failure_past_the_limit() -> None:
    t = [0.0]
    lim = LoginRateLimiter(3, 600.0, clock=lambda: t[0], base_delay_s=2.0, max_delay_s=60.0)
    key = "user:peeters|ip:10.0.0.66"
    waits = []
    for _ in range(8):
        wait = lim.retry_after_s(key)
        t[0] += wait  # the attacker waits exactly as long as told, then fails again
        waits.append(wait)
        lim.record_failure(key)
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3:] == [2.0, 4.0, 8.0, 16.0, 32.0]  # doubling after the 3rd failure
    lim.record_failure(key)
    lim.record_failure(key)
    assert lim.retry_after_s(key) == 60.0  # capped
    t[0] += 601.0  # failures older than the window are forgotten
    assert lim.retry_after_s(key) == 0.0


def test_openapi__needs_a_login(world: World, client: TestClient) -> None:
    assert client.get("/openapi.json").status_code == 401
    h = login(client, BEL)
    r = client.get("/openapi.json", headers=h)
    assert r.status_code == 200 and "/api/surveys" in r.json()["paths"]


def test_page__not_cached(client: TestClient) -> None:
    for path in ("/", "/login"):
        r = client.get(path, follow_redirects=False)
        assert r.headers.get("Cache-Control") == "no-store", path


@pytest.mark.parametrize(
    ("host", "env", "secure"),
    [
        ("127.0.0.1", None, False),
        ("::1", None, False),
        ("localhost", None, False),
        ("0.0.0.0", None, True),
        ("10.1.2.3", None, True),
        ("0.0.0.0", "0", False),  # explicitly off (e.g. a trusted lab network)
        ("127.0.0.1", "1", True),  # behind a local TLS proxy
    ],
)
def test_settings__session_cookie_secure_whenever_not_on_loopback(
    host: str, env: str | None, secure: bool
) -> None:
    environ = {"ARCTICRECON_HOST": host}
    if env is not None:
        environ["ARCTICRECON_COOKIE_SECURE"] = env
    assert WebSettings.from_env(environ).secure_cookies is secure


def test_login_cookie__secure_when_served_beyond_loopback(world: World) -> None:
    from starlette.responses import Response

    from arcticrecon.web.routes.auth import set_session_cookie

    st = world.app.state.arx
    st.settings = st.settings.with_(host="0.0.0.0")
    resp = Response()
    set_session_cookie(st, resp, "token")
    assert "secure" in resp.headers["set-cookie"].lower()


def test_forwarded_for__ignored_unless_proxies_are_configured() -> None:
    from arcticrecon.cli.web import uvicorn_options

    plain = uvicorn_options(WebSettings.from_env({}))
    assert plain["proxy_headers"] is False
    env = {"ARCTICRECON_TRUSTED_PROXIES": "10.0.0.1, 10.0.0.2"}
    behind = uvicorn_options(WebSettings.from_env(env))
    assert behind["proxy_headers"] is True and behind["forwarded_allow_ips"] == "10.0.0.1,10.0.0.2"


def test_favicon__served_without_login_and_linked_from_every_page(client: TestClient) -> None:
    # browsers ask /favicon.ico on every page; a 404 there is a console error (tester's find)
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert r.content.startswith(b"<svg") and b"</svg>" in r.content
    linked = client.get("/static/favicon.svg")
    assert linked.status_code == 200 and linked.content == r.content
    page = client.get("/login").text
    assert '<link rel="icon" href="/static/favicon.svg"' in page
