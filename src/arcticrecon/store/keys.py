"""Ed25519 signing keys for offline bundles (RFC 8032, via the ``cryptography`` package).

Each laptop has one key pair in its key directory (``$ARCTICRECON_KEY_DIR``, else
``$ARCTICRECON_HOME/keys``, else ``~/.local/share/arcticrecon/keys``), created on first use
with file mode 0600. A bundle is accepted when its key is this laptop's own key or a public
key registered in the mission (``arcticrecon keys add``). A key id is the first 32 hex
digits of the SHA-256 of the raw 32-byte public key.
"""

from __future__ import annotations

import base64
import os
import tempfile
from pathlib import Path

import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.orm import Session

from arcticrecon.errors import DataSourceError, InputError
from arcticrecon.paths import home_dir
from arcticrecon.store.hashing import sha256_hex
from arcticrecon.store.models import SigningKeyRow

__all__ = [
    "key_dir",
    "key_id",
    "load_or_create_laptop_key",
    "public_key_b64",
    "read_public_key",
    "trusted_keys",
]

LAPTOP_KEY_FILE = "laptop.ed25519.pem"


def key_dir() -> Path:
    """The laptop's key directory (see the module docstring)."""
    env = os.environ.get("ARCTICRECON_KEY_DIR")
    if env:
        return Path(env)
    return home_dir() / "keys"


def _raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public: Ed25519PublicKey) -> str:
    """First 32 hex digits of SHA-256 of the raw public key."""
    return sha256_hex(_raw(public))[:32]


def public_key_b64(public: Ed25519PublicKey) -> str:
    """Raw 32-byte public key, base64 (44 characters)."""
    return base64.b64encode(_raw(public)).decode("ascii")


def read_public_key(text: str) -> Ed25519PublicKey:
    """Parse a public key given as base64 of the raw 32 bytes, or as PEM.

    Raises
    ------
    InputError
        If the text is neither.
    """
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
            if not isinstance(key, Ed25519PublicKey):
                raise ValueError("not Ed25519")
            return key
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except ValueError:
        raise InputError(
            "public key is not an Ed25519 key (base64 of 32 bytes or PEM); export it again from the sender's laptop",
            field="public_key",
            remedy="keys_show",
            value=text[:60],
        ) from None


def load_or_create_laptop_key(path: Path | None = None) -> Ed25519PrivateKey:
    """The laptop's private key; created (mode 0600) if missing.

    Safe when two processes create it at once: the key is written to a temporary file
    and linked into place; the loser reads the winner's key.

    Raises
    ------
    DataSourceError
        If the key file exists but is not an Ed25519 PEM private key.
    """
    p = path or key_dir() / LAPTOP_KEY_FILE
    if not p.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".key.")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
            try:
                os.link(tmp, p)
            except FileExistsError:
                pass
        finally:
            Path(tmp).unlink(missing_ok=True)
    try:
        loaded = serialization.load_pem_private_key(p.read_bytes(), password=None)
    except (ValueError, TypeError, OSError) as err:
        raise DataSourceError(
            f"key file {p} is not a readable Ed25519 private key ({err}); move it away to create a new one",
            field="key",
            value=str(p),
        ) from None
    if not isinstance(loaded, Ed25519PrivateKey):
        raise DataSourceError(f"key file {p} is not an Ed25519 key", field="key", value=str(p))
    return loaded


def trusted_keys(session: Session, *, include_laptop: bool = True) -> dict[str, bytes]:
    """``{key_id: raw public key}`` of registered keys plus this laptop's own key."""
    out = {
        r.key_id: base64.b64decode(r.public_key_b64)
        for r in session.scalars(sa.select(SigningKeyRow))
    }
    if include_laptop:
        own = key_dir() / LAPTOP_KEY_FILE
        if own.exists():
            pub = load_or_create_laptop_key(own).public_key()
            out[key_id(pub)] = _raw(pub)
    return out
