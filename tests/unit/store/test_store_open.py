"""Opening the store: which calls may create a SQLite file, and one-line errors at open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from arcticrecon.errors import DataSourceError, InputError, NotFoundError
from arcticrecon.store import db as store_db
from arcticrecon.store import open_store


def test_open_store__create_false_refuses_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.sqlite"
    with pytest.raises(NotFoundError, match="does not exist") as info:
        open_store(path, create=False)
    assert (info.value.field, info.value.remedy) == ("db", "mission_init_db")
    assert not path.exists()


def test_open_store__create_without_parent_refuses_a_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b.sqlite"
    with pytest.raises(NotFoundError, match="folder"):
        open_store(path, create=True, create_parent=False)
    assert not (tmp_path / "a").exists()
    with open_store(path, create=True) as store:
        assert store.created == (path, tmp_path / "a")
    assert path.is_file()


def test_open_store__discard_created_removes_file_and_new_folders(tmp_path: Path) -> None:
    path = tmp_path / "x" / "y" / "new.sqlite"
    store = open_store(path, create=True)
    store.discard_created()
    assert list(tmp_path.iterdir()) == []
    # an existing database is never removed
    keep = tmp_path / "keep.sqlite"
    open_store(keep).close()
    store = open_store(keep, create=False)
    assert store.created == ()
    store.discard_created()
    assert keep.is_file()


def test_open_store__new_file_needs_a_sqlite_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"does not end in \.sqlite"):
        open_store(tmp_path / "afile.txt", create=True)
    assert list(tmp_path.iterdir()) == []


def test_open_store__text_file_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "text.txt"
    path.write_text("notes\n")
    for create in (True, False):
        with pytest.raises(
            DataSourceError,
            match=r"is not an arcticrecon database \(SQLite: file is not a database\)",
        ):
            open_store(path, create=create)
    assert path.read_text() == "notes\n"


def test_open_store__operational_error_at_open_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(_engine: sa.Engine, revision: str = "head") -> None:
        raise sa.exc.OperationalError(
            "BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked")
        )

    path = tmp_path / "m.sqlite"
    open_store(path).close()
    monkeypatch.setattr(store_db, "migrate", locked)
    with pytest.raises(DataSourceError) as info:
        open_store(path, create=False)
    msg = str(info.value)
    assert "database is locked" in msg and "\n" not in msg and "sqlalche.me" not in msg
    assert info.value.field == "db"
    # a file created by the failing call is removed again
    new = tmp_path / "new.sqlite"
    with pytest.raises(DataSourceError):
        open_store(new, create=True)
    assert not new.exists()


def test_open_store__postgres_connection_refused_is_one_line() -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    with pytest.raises(DataSourceError, match="cannot open database") as info:
        open_store(url, create=False)
    assert "\n" not in str(info.value) and "sqlalche.me" not in str(info.value)
