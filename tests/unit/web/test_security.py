"""Passwords, tokens, CSRF form tokens and the login rate limiter."""

from __future__ import annotations

import pytest

from arcticrecon.errors import InputError
from arcticrecon.web.security import (
    LoginRateLimiter,
    TokenSigner,
    hash_password,
    password_fingerprint,
    verify_password,
)
from arcticrecon.web.settings import WebSettings

KEY = "k" * 40


def test_hash_password__argon2id_and_verifies() -> None:
    h = hash_password("s3cret-password")
    assert h.startswith("$argon2id$")
    assert verify_password(h, "s3cret-password")
    assert not verify_password(h, "s3cret-passwort")


def test_verify_password__garbage_hash_is_false() -> None:
    assert verify_password("not-a-hash", "x") is False


def test_token_signer__roundtrip_and_tamper() -> None:
    signer = TokenSigner(KEY, max_age_s=3600)
    token, claims = signer.issue(7, "abc")
    back = signer.check(token)
    assert back == claims
    assert back is not None and back.user_id == 7 and back.pw == "abc"
    assert signer.check(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]) is None
    assert TokenSigner("z" * 40, max_age_s=3600).check(token) is None


def test_token_signer__expired_token_rejected() -> None:
    signer = TokenSigner(KEY, max_age_s=-1)
    token, _ = signer.issue(1, "p")
    assert signer.check(token) is None


def test_session_claims__csrf_differs_per_session() -> None:
    signer = TokenSigner(KEY, max_age_s=3600)
    _, a = signer.issue(1, "p")
    _, b = signer.issue(1, "p")
    assert a.csrf_token != b.csrf_token and len(a.csrf_token) == 32


def test_check_form_token__double_submit() -> None:
    signer = TokenSigner(KEY, max_age_s=3600)
    t = signer.form_token()
    assert signer.check_form_token(t, t)
    assert not signer.check_form_token(t, signer.form_token())
    assert not signer.check_form_token(None, t)
    assert not signer.check_form_token("forged", "forged")


def test_password_fingerprint__changes_with_hash() -> None:
    assert password_fingerprint("a") != password_fingerprint("b")
    assert len(password_fingerprint("a")) == 16


def test_login_rate_limiter__window_and_reset() -> None:
    now = [100.0]
    lim = LoginRateLimiter(3, 60.0, clock=lambda: now[0], base_delay_s=20.0)
    for _ in range(3):
        assert lim.retry_after_s("ip:a") == 0.0
        lim.record_failure("ip:a", "user:x")
    assert lim.retry_after_s("ip:a") == pytest.approx(20.0)  # then 40, 80 (growing)
    assert lim.retry_after_s("user:x") > 0
    assert lim.retry_after_s("ip:b") == 0.0
    now[0] = 110.0
    assert lim.retry_after_s("ip:a") == pytest.approx(10.0)
    lim.reset("user:x")
    assert lim.retry_after_s("user:x") == 0.0
    now[0] = 161.0
    assert lim.retry_after_s("ip:a") == 0.0


def test_web_settings__from_env() -> None:
    s = WebSettings.from_env(
        {
            "ARCTICRECON_DATABASE_URL": "sqlite:////tmp/x.sqlite",
            "ARCTICRECON_SECRET_KEY": KEY,
            "ARCTICRECON_PORT": "8123",
            "ARCTICRECON_SESSION_HOURS": "2",
        }
    )
    assert (s.database_url, s.secret_key, s.port, s.host, s.session_hours) == (
        "sqlite:////tmp/x.sqlite",
        KEY,
        8123,
        "127.0.0.1",
        2.0,
    )


def test_web_settings__defaults_loopback_and_random_key() -> None:
    a, b = WebSettings.from_env({}), WebSettings.from_env({})
    assert a.host == "127.0.0.1" and a.port == 8000 and a.tile_url is None
    assert a.secret_key != b.secret_key and len(a.secret_key) >= 32
    assert "secret_key" not in repr(a)


@pytest.mark.parametrize(
    ("env", "field"),
    [
        ({"ARCTICRECON_SECRET_KEY": "short"}, "secret_key"),
        ({"ARCTICRECON_PORT": "eighty"}, "ARCTICRECON_PORT"),
        ({"ARCTICRECON_PORT": "70000"}, "port"),
        ({"ARCTICRECON_SESSION_HOURS": "0"}, "session_hours"),
    ],
)
def test_web_settings__bad_values_name_the_field(env: dict[str, str], field: str) -> None:
    with pytest.raises(InputError) as ei:
        WebSettings.from_env(env)
    assert ei.value.field == field


def test_web_settings__overrides_win_and_none_ignored() -> None:
    s = WebSettings.from_env({"ARCTICRECON_HOST": "0.0.0.0"}, host=None, port=9000)
    assert (s.host, s.port) == ("0.0.0.0", 9000)
