"""``arcticrecon user add`` and ``arcticrecon serve`` end to end (temporary SQLite file)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from arcticrecon.cli.main import main
from arcticrecon.store import MissionRepository, open_store

PASSWORD = "correct horse battery staple"


def _mission_db(path: Path) -> Path:
    with open_store(path) as store, store.write() as s:
        m = MissionRepository(s)
        m.init_mission(name="Greenland reconnaissance 2026", lead_nation="DNK")
        m.add_nations(["DNK", "BEL"])
    return path


def test_user_add__password_stdin_then_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _mission_db(tmp_path / "m.sqlite")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PASSWORD + "\n"))
    code = main(
        [
            "user",
            "add",
            "Maj Peeters",
            "--nation",
            "BEL",
            "--clearance",
            "restricted",
            "--rank",
            "Maj",
            "--password-stdin",
            "--db",
            str(db),
            "--format",
            "json",
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    rec = json.loads(out.out)[0]
    assert (rec["username"], rec["nation"], rec["clearance"]) == (
        "Maj Peeters",
        "BEL",
        "RESTRICTED",
    )
    assert "hash" not in out.out
    assert main(["user", "list", "--db", str(db), "--format", "json"]) == 0
    assert [u["username"] for u in json.loads(capsys.readouterr().out)] == ["Maj Peeters"]
    with open_store(db) as store, store.read() as s:  # the person was created in the store
        assert MissionRepository(s).find_person("Maj Peeters").nation == "BEL"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--nation", "USA", "--clearance", "RESTRICTED"], "not in this mission"),
        (["--nation", "BEL", "--clearance", "TOP"], "not a classification level"),
    ],
)
def test_user_add__bad_input_one_line_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    needle: str,
) -> None:
    db = _mission_db(tmp_path / "m.sqlite")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PASSWORD + "\n"))
    code = main(["user", "add", "X Y", *args, "--password-stdin", "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 2 and needle in err and "Traceback" not in err


def test_user_add__short_password_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _mission_db(tmp_path / "m.sqlite")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("short\n"))
    assert (
        main(
            [
                "user",
                "add",
                "A B",
                "--nation",
                "BEL",
                "--clearance",
                "RESTRICTED",
                "--password-stdin",
                "--db",
                str(db),
            ]
        )
        == 2
    )
    assert "at least 8" in capsys.readouterr().err


def test_serve__subprocess_answers_on_loopback_and_logs_in(tmp_path: Path) -> None:
    db = _mission_db(tmp_path / "m.sqlite")
    env = {**os.environ, "ARCTICRECON_SECRET_KEY": "e2e-secret-key-0123456789-abcdefghijklmnop"}
    add = subprocess.run(
        [
            sys.executable,
            "-m",
            "arcticrecon",
            "user",
            "add",
            "Maj Peeters",
            "--nation",
            "BEL",
            "--clearance",
            "RESTRICTED",
            "--password-stdin",
            "--db",
            str(db),
        ],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert add.returncode == 0, add.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "serve.log"
    with (
        log.open("w") as log_fh,
        subprocess.Popen(
            [sys.executable, "-m", "arcticrecon", "serve", "--port", str(port), "--db", str(db)],
            stdout=log_fh,
            stderr=subprocess.STDOUT,
            env=env,
        ) as proc,
    ):
        _exercise_server(proc, port, log)


def _exercise_server(proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
    try:
        base = f"http://127.0.0.1:{port}"
        t0 = time.monotonic()
        while True:
            try:
                if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() - t0 < 60, "serve did not come up"
            time.sleep(0.2)
        assert httpx.get(base + "/api/sites", timeout=10).status_code == 401
        tok = httpx.post(
            base + "/api/auth/login",
            json={"username": "Maj Peeters", "password": PASSWORD},
            timeout=10,
        )
        assert tok.status_code == 200
        sites = httpx.get(
            base + "/api/sites",
            headers={"Authorization": "Bearer " + tok.json()["token"]},
            timeout=30,
        )
        assert sites.status_code == 200 and len(sites.json()) == 91
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_serve__bad_secret_key_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ARCTICRECON_SECRET_KEY", "short")
    assert main(["serve", "--db", str(tmp_path / "x.sqlite")]) == 2
    assert "ARCTICRECON_SECRET_KEY" in capsys.readouterr().err


def test_serve__ais_store_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    from arcticrecon.maritime.store import AisStore
    from arcticrecon.sources.embedded import data_path

    db = tmp_path / "m.sqlite"
    monkeypatch.setenv("ARCTICRECON_SECRET_KEY", "k" * 40)
    monkeypatch.delenv("ARCTICRECON_AIS_STORE", raising=False)
    assert main(["mission", "init", "--name", "M", "--lead", "DNK", "--db", str(db)]) == 0
    capsys.readouterr()
    empty = tmp_path / "none"
    assert main(["serve", "--db", str(db), "--ais-store", str(empty)]) == 2
    err = capsys.readouterr().err.strip()
    assert "--ais-store" in err and str(empty) in err and len(err.splitlines()) == 1, err
    store = tmp_path / "ais"
    AisStore(store).ingest_file(data_path("ais_synthetic_greenland.nmea.gz"))
    served: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(app))
    assert main(["serve", "--db", str(db), "--ais-store", str(store)]) == 0
    (app,) = served
    assert app.state.arx.settings.ais_store_dir == store  # type: ignore[attr-defined]
    app.state.arx.runs.shutdown()  # type: ignore[attr-defined]
