"""The command line's logging: warnings on standard error, ``ARCTICRECON_DEBUG=1`` for debug.

Standard output carries only the command's answer (tables, CSV, JSON) whatever the level.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from arcticrecon.cli.logs import HANDLER_NAME, configure_logging


def _cli(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "ARCTICRECON_DEBUG"}
    base |= {"ARCTICRECON_HOME": str(tmp_path / "home"), "ARCTICRECON_KEY_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "arcticrecon", *args],
        capture_output=True,
        text=True,
        env=base | env,
        timeout=120,
    )


def test_debug_env__store_logs_its_migration_and_opening_on_stderr(tmp_path: Path) -> None:
    db = str(tmp_path / "m.sqlite")
    args = ["mission", "init", "--name", "Log test", "--lead", "DNK", "--db", db]
    r = _cli(args, tmp_path, ARCTICRECON_DEBUG="1")
    assert r.returncode == 0, r.stderr
    assert " INFO arcticrecon.store.db: migrating " in r.stderr
    assert " DEBUG arcticrecon.store.db: opened store " in r.stderr
    assert "arcticrecon." not in r.stdout  # the answer only


def test_default__no_info_or_debug_lines(tmp_path: Path) -> None:
    db = str(tmp_path / "m.sqlite")
    r = _cli(["mission", "init", "--name", "Log test", "--lead", "DNK", "--db", db], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "migrating" not in r.stderr and "opened store" not in r.stderr


def test_debug_zero__is_off(tmp_path: Path) -> None:
    r = _cli(["cold", "--temp", "-20", "--wind", "30"], tmp_path, ARCTICRECON_DEBUG="0")
    assert r.returncode == 0 and r.stderr == ""


@pytest.fixture()
def fresh_logging() -> Iterator[None]:
    """Leave the root logger and ``arcticrecon``'s level as they were."""
    pkg = logging.getLogger("arcticrecon")
    level = pkg.level
    yield
    root = logging.getLogger()
    for h in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(h)
    pkg.setLevel(level)


@pytest.mark.usefixtures("fresh_logging")
def test_configure_logging__warnings_plain_on_stderr_info_hidden(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging(debug=False)
    configure_logging(debug=False)  # idempotent: one handler
    assert sum(h.get_name() == HANDLER_NAME for h in logging.getLogger().handlers) == 1
    log = logging.getLogger("arcticrecon.some.module")
    log.warning("the ice is %s cm", 40)
    log.info("not shown")
    logging.getLogger("somelibrary").warning("a library warns")
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "warning: the ice is 40 cm\nwarning: a library warns\n"


@pytest.mark.usefixtures("fresh_logging")
def test_configure_logging__debug_shows_our_debug_not_library_info(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging(debug=True)
    logging.getLogger("arcticrecon.store.db").debug("opened %s", "x.sqlite")
    logging.getLogger("somelibrary").info("chatter")
    err = capsys.readouterr().err
    assert err.endswith(" DEBUG arcticrecon.store.db: opened x.sqlite\n")
    assert "chatter" not in err


@pytest.mark.usefixtures("fresh_logging")
@pytest.mark.parametrize("debug", [False, True])
def test_configure_logging__a_library_logger_set_to_info_stays_quiet(
    capsys: pytest.CaptureFixture[str], debug: bool
) -> None:
    # distributed sets its own loggers to INFO: scheduler/worker chatter on every build
    lib = logging.getLogger("distributed.scheduler")
    old = lib.level
    lib.setLevel(logging.INFO)
    try:
        configure_logging(debug=debug)
        lib.info("Register worker addr: tcp://127.0.0.1:1")
        lib.warning("worker exceeded 95% memory budget")
    finally:
        lib.setLevel(old)
    err = capsys.readouterr().err
    assert "Register worker" not in err
    assert "worker exceeded 95% memory budget" in err


@pytest.mark.usefixtures("fresh_logging")
def test_configure_logging__server_level_info(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(debug=False, level=logging.INFO)
    logging.getLogger("arcticrecon.web.routes.auth").info("login of %r", "ida")
    assert capsys.readouterr().err == "info: login of 'ida'\n"
