"""Fixtures for the web tests: a fresh SQLite store per test with a small coalition
(see :mod:`_world` for who is who and what is marked how)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from arcticrecon.store import open_store
from arcticrecon.web import create_app
from web._world import World, seed, settings_for


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with minimal cost in tests (the product keeps the RFC 9106 defaults).

    Verification reads the parameters from the stored hash, so the login path is the same.
    """
    from argon2 import PasswordHasher

    from arcticrecon.web import security

    monkeypatch.setattr(
        security, "_HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], str]:
    """The seeded database, built once; each test gets its own copy of the file."""
    from argon2 import PasswordHasher

    from arcticrecon.web import security

    mp = pytest.MonkeyPatch()
    mp.setattr(security, "_HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    mp.setenv("ARCTICRECON_HOME", str(tmp_path_factory.mktemp("home")))
    # the server's laptop key signs the audit head of every write; the tests' copies of
    # the database are served by the same "laptop" (same key), as in a deployment
    mp.setenv("ARCTICRECON_KEY_DIR", str(_server_keys(tmp_path_factory)))
    path = tmp_path_factory.mktemp("template") / "web.sqlite"
    store = open_store(path)
    try:
        ids, photo = seed(store)
    finally:
        store.close()
        mp.undo()
    return path, ids, photo


_KEYS: list[Path] = []


def _server_keys(factory: pytest.TempPathFactory) -> Path:
    if not _KEYS:
        _KEYS.append(factory.mktemp("server-keys"))
    return _KEYS[0]


@pytest.fixture()
def world(
    tmp_path: Path,
    _template_db: tuple[Path, dict[str, str], str],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[World]:
    """A seeded store (a fresh copy of the template file) and an app on it."""
    import shutil

    monkeypatch.setenv("ARCTICRECON_KEY_DIR", str(_server_keys(tmp_path_factory)))
    template, ids, photo = _template_db
    db = tmp_path / "web.sqlite"
    shutil.copyfile(template, db)
    store = open_store(db)
    app = create_app(settings_for(db), store=store)
    yield World(store, app, ids, photo)
    app.state.arx.runs.shutdown()
    store.close()


@pytest.fixture()
def client(world: World) -> Iterator[TestClient]:
    """A TestClient on the world's app (no login yet)."""
    with TestClient(world.app, base_url="http://127.0.0.1") as c:
        yield c
