"""Fixtures for the store tests: one fresh database per test on SQLite and PostgreSQL.

PostgreSQL tests are marked ``postgres`` and use ``$ARCTICRECON_TEST_POSTGRES_URL``; each
test gets its own schema (dropped afterwards), so ``pytest -n 2`` works. Without the URL
they skip locally, but under CI (:func:`arcticrecon.testing.in_ci`) a missing or unreachable
server FAILS them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from store_helpers import People, seed_mission

from arcticrecon.store import Store, open_store
from arcticrecon.testing import require_component

PG_ENV = "ARCTICRECON_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _unavailable(reason: str) -> None:
    require_component(False, what="a PostgreSQL server", debian="postgresql", detail=reason)


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[sa.Engine | None]:
    """Engine on the PostgreSQL test database, or None when not configured (lazy)."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        yield None
        return
    engine = sa.create_engine(url, pool_size=1, max_overflow=2)
    yield engine
    engine.dispose()


def _pg_url_with_schema(base: str, schema: str) -> str:
    # synchronous_commit=off: commits do not wait for the WAL flush (test speed only; a
    # crash of the server, not of the client, could lose the last commits)
    u = sa.make_url(base)
    opts = f"-csearch_path={schema} -csynchronous_commit=off"
    return u.update_query_dict({"options": opts}).render_as_string(hide_password=False)


@pytest.fixture()
def make_db_url(
    backend: str, tmp_path: Path, pg_admin: sa.Engine | None
) -> Iterator[Callable[[], str]]:
    """Factory of fresh, empty databases of the test's backend."""
    schemas: list[str] = []
    counter = iter(range(100))

    def make() -> str:
        n = next(counter)
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / f'store{n}.sqlite'}"
        if pg_admin is None:
            _unavailable(f"{PG_ENV} is not set")
        assert pg_admin is not None
        schema = f"t_{uuid.uuid4().hex[:16]}"
        try:
            with pg_admin.begin() as conn:
                conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        except sa.exc.OperationalError as err:
            _unavailable(f"PostgreSQL at {PG_ENV} is unreachable: {err.orig}")
        schemas.append(schema)
        return _pg_url_with_schema(str(pg_admin.url.render_as_string(hide_password=False)), schema)

    yield make
    if pg_admin is not None:
        for schema in schemas:
            with pg_admin.begin() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """``"sqlite"`` or ``"postgres"``."""
    return str(request.param)


@pytest.fixture()
def db_url(make_db_url: Callable[[], str]) -> str:
    """URL of one fresh database."""
    return make_db_url()


@pytest.fixture(autouse=True)
def _isolated_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCTICRECON_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ARCTICRECON_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.delenv("ARCTICRECON_DATABASE_URL", raising=False)


@pytest.fixture()
def open_new(make_db_url: Callable[[], str]) -> Iterator[Callable[[], Store]]:
    """Factory of opened, migrated, empty stores (closed after the test)."""
    opened: list[Store] = []

    def make() -> Store:
        s = open_store(make_db_url())
        opened.append(s)
        return s

    yield make
    for s in opened:
        s.close()


@pytest.fixture()
def store(open_new: Callable[[], Store]) -> Store:
    """One fresh, migrated store."""
    return open_new()


@pytest.fixture()
def people(store: Store) -> People:
    """The store seeded with the mission and five people; their readers."""
    return seed_mission(store)
