"""Fixtures of the adversarial suite: seeded template stores on SQLite and PostgreSQL.

PostgreSQL follows the store tests' rule: ``$ARCTICRECON_TEST_POSTGRES_URL`` names the
server; without it the PostgreSQL cases skip locally and FAIL under CI (:func:`arcticrecon.testing.in_ci`, the one rule).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from arcticrecon.testing import in_ci

PG_ENV = "ARCTICRECON_TEST_POSTGRES_URL"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture()
def new_db_url(backend: str, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Factory of empty databases of the backend (PostgreSQL: one schema each, dropped)."""
    made: list[str] = []
    base = os.environ.get(PG_ENV, "").strip()
    admin = sa.create_engine(base, pool_size=1) if backend == "postgres" and base else None
    counter = iter(range(10_000))

    def make() -> str:
        n = next(counter)
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / f'db{n}.sqlite'}"
        if admin is None:
            reason = f"{PG_ENV} is not set (PostgreSQL: Debian package postgresql)"
            if in_ci():
                pytest.fail(f"PostgreSQL tests must run in CI: {reason}")
            pytest.skip(reason)
        schema = f"sec_{uuid.uuid4().hex[:16]}"
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        made.append(schema)
        url = sa.make_url(base).update_query_dict(
            {"options": f"-csearch_path={schema} -csynchronous_commit=off"}
        )
        return url.render_as_string(hide_password=False)

    yield make
    if admin is not None:
        for schema in made:
            with admin.begin() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(autouse=True)
def _keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCTICRECON_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.delenv("ARCTICRECON_DATABASE_URL", raising=False)
