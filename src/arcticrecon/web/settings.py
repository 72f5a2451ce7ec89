"""Settings of the web application, read from the environment when the app is built.

Nothing here runs at import time: :func:`WebSettings.from_env` is called by
:func:`arcticrecon.web.create_app` (or by ``arcticrecon serve``), never by importing the
package.

Environment variables
---------------------
``ARCTICRECON_DATABASE_URL``
    Database URL or SQLite file (see :func:`arcticrecon.store.db.database_url`).
``ARCTICRECON_SECRET_KEY``
    Key signing session cookies and bearer tokens (at least 32 characters). When unset a
    random key is made per process: sessions then end when the server restarts.
``ARCTICRECON_HOST`` / ``ARCTICRECON_PORT``
    Bind address, default ``127.0.0.1`` / ``8000`` (loopback only unless asked).
``ARCTICRECON_MISSION``
    Mission file (TOML/YAML) the plan runs rank by default.
``ARCTICRECON_GRIDS``
    Folder written by ``arcticrecon grid build`` whose layers ``/api/grids`` serves as
    map images (``arcticrecon serve --grids DIR``). Unset: no gridded layers.
``ARCTICRECON_AIS_STORE``
    AIS store folder the maritime picture (``/api/ais``) reads (``arcticrecon serve
    --ais-store DIR``). Unset: ``$ARCTICRECON_HOME/ais``.
``ARCTICRECON_TILE_URL``
    Optional background map from a server the user runs: a GetMap URL template in
    EPSG:3413 with ``{bbox}`` (x_min,y_min,x_max,y_max [m]), ``{width}`` and ``{height}``
    [px], e.g. an OGC WMS ``...&CRS=EPSG:3413&BBOX={bbox}&WIDTH={width}&HEIGHT={height}``.
    Unset (the default) = the shipped coastline only; the page then loads nothing from
    any other host.
``ARCTICRECON_SESSION_HOURS``
    Lifetime of a login [h], default 12.
``ARCTICRECON_COOKIE_SECURE``
    Whether cookies are marked ``Secure`` (sent over HTTPS only). Default: yes whenever
    the server is not bound to loopback; ``1`` forces it (a local TLS proxy), ``0`` turns
    it off (a plain-HTTP lab network, knowingly).
``ARCTICRECON_TRUSTED_PROXIES``
    Comma-separated addresses of reverse proxies whose ``X-Forwarded-For`` is believed.
    Default none: the client address is the TCP peer, so no header can fake it (and so
    the login rate limit cannot be dodged).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from arcticrecon.errors import InputError

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "WebSettings"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: Shortest accepted secret key [characters] (32 random bytes in URL-safe base64 is 43).
MIN_SECRET_KEY_CHARS = 32


@dataclass(frozen=True)
class WebSettings:
    """Everything the app needs to start.

    Attributes
    ----------
    database_url : str or None
        Database URL or SQLite path; ``None`` = the store's default
        (``ARCTICRECON_DATABASE_URL`` is read by :meth:`from_env`).
    secret_key : str
        Signs session cookies, bearer tokens and CSRF tokens.
    host : str
        Bind address (default loopback).
    port : int
        TCP port.
    mission_file : Path or None
        Default mission for plan runs.
    grids_dir : Path or None
        Built grid (``arcticrecon grid build --out DIR``) served by ``/api/grids``.
    ais_store_dir : Path or None
        AIS store (``arcticrecon ais ingest --store DIR``) served by ``/api/ais``; ``None``:
        :func:`arcticrecon.maritime.store.default_store_dir`.
    tile_url : str or None
        Background GetMap template in EPSG:3413 (see ``ARCTICRECON_TILE_URL``) if the user
        configured one; the page never loads map images otherwise.
    session_hours : float
        Login lifetime. [h]
    cookie_secure : bool
        Send cookies only over HTTPS.
    login_max_failures : int
        Failed logins allowed per client address and per user name within
        ``login_window_s`` before login answers HTTP 429.
    login_window_s : float
        Rate-limit window. [s]
    max_upload_bytes : int
        Largest accepted attachment. [bytes]
    """

    database_url: str | None = None
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    mission_file: Path | None = None
    grids_dir: Path | None = None
    ais_store_dir: Path | None = None
    tile_url: str | None = None
    session_hours: float = 12.0
    cookie_secure: bool | None = None
    trusted_proxies: tuple[str, ...] = ()
    login_max_failures: int = 5
    login_window_s: float = 300.0
    max_upload_bytes: int = 20 * 1024 * 1024

    def __post_init__(self) -> None:
        """Validate the values (one line per problem, naming the variable)."""
        if len(self.secret_key) < MIN_SECRET_KEY_CHARS:
            raise InputError(
                f"ARCTICRECON_SECRET_KEY has {len(self.secret_key)} characters; give at least "
                f"{MIN_SECRET_KEY_CHARS} (e.g. from `python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'`)",
                field="secret_key",
                valid_range=f">= {MIN_SECRET_KEY_CHARS} characters",
            )
        if not 0 < self.port < 65536:
            raise InputError(
                f"port {self.port} is outside 1..65535; choose a free TCP port",
                field="port",
                value=self.port,
                valid_range=(1, 65535),
            )
        if not self.session_hours > 0:
            raise InputError(
                f"session lifetime {self.session_hours} h is not positive; give hours > 0",
                field="session_hours",
                value=self.session_hours,
            )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> WebSettings:
        """Settings from environment variables (see the module docstring), then overrides.

        Parameters
        ----------
        environ : mapping, optional
            Default :data:`os.environ`.
        **overrides
            Field values that win over the environment (``None`` values are ignored).

        Raises
        ------
        InputError
            If a variable has an invalid value (the message names it).
        """
        env = os.environ if environ is None else environ
        kw: dict[str, object] = {}
        if env.get("ARCTICRECON_DATABASE_URL", "").strip():
            kw["database_url"] = env["ARCTICRECON_DATABASE_URL"].strip()
        if env.get("ARCTICRECON_SECRET_KEY", ""):
            kw["secret_key"] = env["ARCTICRECON_SECRET_KEY"]
        if env.get("ARCTICRECON_HOST", "").strip():
            kw["host"] = env["ARCTICRECON_HOST"].strip()
        if env.get("ARCTICRECON_PORT", "").strip():
            kw["port"] = _int(env["ARCTICRECON_PORT"], "ARCTICRECON_PORT")
        if env.get("ARCTICRECON_MISSION", "").strip():
            kw["mission_file"] = Path(env["ARCTICRECON_MISSION"].strip())
        if env.get("ARCTICRECON_GRIDS", "").strip():
            kw["grids_dir"] = Path(env["ARCTICRECON_GRIDS"].strip())
        if env.get("ARCTICRECON_AIS_STORE", "").strip():
            kw["ais_store_dir"] = Path(env["ARCTICRECON_AIS_STORE"].strip()).expanduser()
        if env.get("ARCTICRECON_TILE_URL", "").strip():
            kw["tile_url"] = env["ARCTICRECON_TILE_URL"].strip()
        if env.get("ARCTICRECON_SESSION_HOURS", "").strip():
            kw["session_hours"] = _float(
                env["ARCTICRECON_SESSION_HOURS"], "ARCTICRECON_SESSION_HOURS"
            )
        if env.get("ARCTICRECON_TRUSTED_PROXIES", "").strip():
            kw["trusted_proxies"] = tuple(
                p.strip() for p in env["ARCTICRECON_TRUSTED_PROXIES"].split(",") if p.strip()
            )
        if env.get("ARCTICRECON_COOKIE_SECURE", "").strip():
            kw["cookie_secure"] = env["ARCTICRECON_COOKIE_SECURE"].strip().lower() in {
                "1",
                "true",
                "yes",
            }
        kw.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**kw)  # type: ignore[arg-type]

    @property
    def on_loopback(self) -> bool:
        """Whether the server is bound to a loopback address only."""
        import ipaddress

        if self.host.strip().lower() == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host.strip("[]")).is_loopback
        except ValueError:
            return False

    @property
    def secure_cookies(self) -> bool:
        """``cookie_secure`` if set, else ``True`` whenever not bound to loopback."""
        return (not self.on_loopback) if self.cookie_secure is None else self.cookie_secure

    def with_(self, **changes: object) -> WebSettings:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


def _int(text: str, name: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise InputError(f"{name}={text!r} is not an integer", field=name, value=text) from None


def _float(text: str, name: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        raise InputError(f"{name}={text!r} is not a number", field=name, value=text) from None
