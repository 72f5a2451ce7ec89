"""Passwords, signed session tokens, CSRF tokens and the login rate limiter.

* Passwords: Argon2id (RFC 9106) via ``argon2-cffi`` with its default parameters
  (RFC 9106 "second recommended option": t=3, m=64 MiB, p=4).
* Sessions: one signed token (``itsdangerous.URLSafeTimedSerializer``, HMAC-SHA1 over the
  payload with a key derived from the secret key) carrying the user id, a random session
  id and the user's password-hash fingerprint; sent either as the ``arx_session`` cookie
  (HttpOnly, SameSite=Strict) or as ``Authorization: Bearer <token>``. Changing a
  password or logging out invalidates it.
* CSRF: requests authenticated by the cookie and not safe (POST, PUT, PATCH, DELETE) must
  carry the session's CSRF token in the ``X-CSRF-Token`` header or a ``csrf_token`` form
  field (synchroniser token, OWASP CSRF Prevention Cheat Sheet). The login form uses a
  double-submit cookie since there is no session yet.
* Login rate limit: per (user name, client address) — so nobody can lock another person's
  account from their own address — after N failures in a sliding window each further
  attempt waits twice as long as the last (exponential back-off, capped), plus a wider
  limit per address against password spraying across accounts (OWASP Authentication Cheat
  Sheet, "Protect against automated attacks"; NIST SP 800-63B section 5.2.2).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

__all__ = [
    "LoginRateLimiter",
    "SessionClaims",
    "TokenSigner",
    "hash_password",
    "password_fingerprint",
    "verify_password",
]

_HASHER = PasswordHasher()
#: Shortest accepted password [characters] (NIST SP 800-63B, 5.1.1.2: at least 8).
MIN_PASSWORD_CHARS = 8


def hash_password(password: str) -> str:
    """Argon2id hash (PHC string format) of a password.

    Examples
    --------
    >>> hash_password("correct horse battery").startswith("$argon2id$")
    True
    """
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash`` (constant-time; never raises).

    Examples
    --------
    >>> h = hash_password("correct horse battery")
    >>> verify_password(h, "correct horse battery"), verify_password(h, "wrong")
    (True, False)
    """
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_fingerprint(stored_hash: str) -> str:
    """Short digest of a stored hash: a token carries it, so a new password ends sessions."""
    return hashlib.sha256(stored_hash.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SessionClaims:
    """What a session token says: user id, session id, password fingerprint."""

    user_id: int
    session_id: str
    pw: str

    @property
    def csrf_token(self) -> str:
        """The CSRF token of this session (random per session, never the token itself)."""
        return hashlib.sha256(f"csrf:{self.session_id}".encode()).hexdigest()[:32]


class TokenSigner:
    """Sign and check session tokens and the login-form CSRF token.

    Parameters
    ----------
    secret_key : str
    max_age_s : float
        Token lifetime. [s]
    """

    def __init__(self, secret_key: str, *, max_age_s: float) -> None:
        self._session = URLSafeTimedSerializer(secret_key, salt="arcticrecon.session")
        self._form = URLSafeTimedSerializer(secret_key, salt="arcticrecon.login-form")
        self.max_age_s = max_age_s

    def issue(self, user_id: int, pw_fingerprint: str) -> tuple[str, SessionClaims]:
        """A new token (and its claims) for a user."""
        claims = SessionClaims(user_id, secrets.token_urlsafe(16), pw_fingerprint)
        token = self._session.dumps({"u": claims.user_id, "s": claims.session_id, "p": claims.pw})
        return str(token), claims

    def check(self, token: str) -> SessionClaims | None:
        """The claims of a valid, unexpired token, else ``None``."""
        try:
            # itsdangerous ages are whole seconds: age > max_age_s <=> age > floor(max_age_s)
            data = self._session.loads(token, max_age=int(self.max_age_s))
        except (BadSignature, SignatureExpired):
            return None
        try:
            return SessionClaims(int(data["u"]), str(data["s"]), str(data["p"]))
        except (KeyError, TypeError, ValueError):
            return None

    def form_token(self) -> str:
        """A fresh login-form CSRF token (also set as a cookie: double submit)."""
        return str(self._form.dumps(secrets.token_urlsafe(16)))

    def check_form_token(self, cookie_value: str | None, form_value: str | None) -> bool:
        """Whether the login form's token matches its cookie and is signed and fresh."""
        if not cookie_value or not form_value:
            return False
        if not hmac.compare_digest(cookie_value, form_value):
            return False
        try:
            self._form.loads(form_value, max_age=3600)
        except (BadSignature, SignatureExpired):
            return False
        return True


class LoginRateLimiter:
    """Failed logins per key, with delays that grow past a limit (sliding window).

    Parameters
    ----------
    max_failures : int
        Failures within the window allowed without delay.
    window_s : float
        Window length; older failures are forgotten. [s]
    clock : callable, optional
        Monotonic clock [s] (tests pass a fake one).
    base_delay_s : float
        Wait after the ``max_failures``-th failure; each further failure doubles it. [s]
    max_delay_s : float
        Longest wait. [s]

    Examples
    --------
    >>> t = [0.0]
    >>> lim = LoginRateLimiter(2, 60.0, clock=lambda: t[0], base_delay_s=1.0)
    >>> lim.record_failure("k"); lim.record_failure("k")
    >>> lim.retry_after_s("k")
    1.0
    >>> lim.record_failure("k"); lim.retry_after_s("k")
    2.0
    >>> t[0] = 61.0
    >>> lim.retry_after_s("k")
    0.0
    """

    def __init__(
        self,
        max_failures: int,
        window_s: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        base_delay_s: float = 1.0,
        max_delay_s: float = 900.0,
    ) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self._clock = clock
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        while q and q[0] <= now - self.window_s:
            q.popleft()
        return q

    def delay_s(self, failures: int) -> float:
        """Wait after ``failures`` failures in the window (0 below the limit). [s]"""
        if failures < self.max_failures:
            return 0.0
        return min(self.base_delay_s * 2.0 ** (failures - self.max_failures), self.max_delay_s)

    def retry_after_s(self, *keys: str) -> float:
        """Seconds until every one of ``keys`` may try again (0.0 = allowed now). [s]"""
        now = self._clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                q = self._prune(key, now)
                if q:
                    wait = max(wait, q[-1] + self.delay_s(len(q)) - now)
        return max(wait, 0.0)

    def record_failure(self, *keys: str) -> None:
        """Count one failed attempt against every key."""
        now = self._clock()
        with self._lock:
            for key in keys:
                self._prune(key, now).append(now)

    def reset(self, *keys: str) -> None:
        """Forget the failures of these keys (after a successful login)."""
        with self._lock:
            for key in keys:
                self._fails.pop(key, None)
