"""Alembic environment of the arcticrecon store.

Run programmatically by :func:`arcticrecon.store.db.migrate`, which passes an open
connection in ``config.attributes["connection"]``. Standalone use (``alembic -c
src/arcticrecon/store/alembic.ini upgrade head``) reads ``sqlalchemy.url`` from the ini
file or ``ARCTICRECON_DATABASE_URL``.
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from alembic import context

from arcticrecon.store.models import Base


def _main() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = os.environ.get("ARCTICRECON_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    engine = sa.create_engine(str(url))
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if hasattr(context, "config"):  # run by Alembic; a plain import (doctest collection) is a no-op
    _main()
