"""`grid build` guards that need no cluster: --out rules, --workers, interrupted builds.

The Dask client and the build itself are replaced by fakes that do what the real ones do
to the file system (write ``OUT.tmp-build``, then replace ``OUT``), so the tests check the
command's rules in a second, not the grid's values (tests/unit/grid/test_grid_build.py).
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from arcticrecon.cli.main import main
from arcticrecon.files import OUTPUT_MARKER, mark_output_folder

ROOT = Path(__file__).resolve().parents[3]
MISSION = ROOT / "examples" / "greenland-recon-2026.toml"


class _FakeClient:
    dashboard_link = "http://127.0.0.1:0/status"

    def close(self) -> None:
        pass


@pytest.fixture
def fake_build(monkeypatch, tmp_path):
    """Replace the cluster and the build; ``calls`` records each build's out folder."""
    from arcticrecon.grid import build as build_mod

    calls: list[Path] = []
    behaviour: dict[str, object] = {"during": None}

    def open_client(scheduler, n_workers=None):
        return _FakeClient(), None

    def build_grid(plan, out_dir, client, *, months, progress=None):
        out_dir = Path(out_dir)
        calls.append(out_dir)
        tmp = build_mod.build_tmp_dir(out_dir)
        if tmp.exists():  # a killed build's leftover (the command checked its marker)
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        mark_output_folder(tmp, "grid build")  # as the real build, from the start
        (tmp / "grid.zarr").mkdir()
        during = behaviour["during"]
        if callable(during):
            during()
        mark_output_folder(tmp, "grid build")  # what the real build does at the end
        if out_dir.exists():
            shutil.rmtree(out_dir)
        tmp.rename(out_dir)
        return build_mod.BuildResult(
            zarr_path=out_dir / "grid.zarr",
            cogs=(),
            maps=(),
            seconds={"total": 0.0},
            n_cells=1,
            n_exact_light=0,
        )

    monkeypatch.setattr(build_mod, "open_client", open_client)
    monkeypatch.setattr(build_mod, "build_grid", build_grid)
    monkeypatch.setenv("ARCTICRECON_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ARCTICRECON_DATABASE_URL", raising=False)
    return calls, behaviour


def _args(out: Path) -> list[str]:
    return ["grid", "build", str(MISSION), "--out", str(out), "--res-km", "250", "--months", "1"]


def test_existing_out__refused_without_force_and_kept(fake_build, tmp_path, capsys):
    calls, _ = fake_build
    out = tmp_path / "p"
    out.mkdir()
    (out / "notes.txt").write_text("notes\n")
    assert main(_args(out)) == 2
    err = capsys.readouterr().err.strip()
    assert "--out" in err and "already exists" in err and "--force" in err, err
    assert "\n" not in err
    assert (out / "notes.txt").read_text() == "notes\n"
    assert calls == []


def test_existing_out__an_earlier_grid_build_replaced_with_force(fake_build, tmp_path):
    calls, _ = fake_build
    out = tmp_path / "p"
    assert main(_args(out)) == 0
    assert (out / OUTPUT_MARKER).is_file()
    (out / "stale.txt").write_text("from the earlier build\n")
    assert main([*_args(out), "--force"]) == 0
    assert calls == [out.absolute(), out.absolute()]
    assert (out / "grid.zarr").is_dir() and not (out / "stale.txt").exists()


@pytest.mark.parametrize("marker", [None, "plan"])
def test_force__refuses_a_folder_that_is_not_an_earlier_grid_build(
    fake_build, tmp_path, capsys, marker
):
    calls, _ = fake_build
    out = tmp_path / "p"
    out.mkdir()
    (out / "notes.txt").write_text("notes\n")
    if marker:
        mark_output_folder(out, marker)
    assert main([*_args(out), "--force"]) == 2
    err = capsys.readouterr().err.strip()
    why = "was written by 'arcticrecon plan'" if marker else "not written by arcticrecon"
    assert "--out" in err and why in err and "grid build" in err and "\n" not in err, err
    assert (out / "notes.txt").read_text() == "notes\n"
    assert calls == []


def test_force__refuses_the_folder_holding_the_mission_file(fake_build, tmp_path, capsys):
    calls, _ = fake_build
    out = tmp_path / "p"
    out.mkdir()
    mission = out / "mission.toml"
    shutil.copy(MISSION, mission)
    mark_output_folder(out, "grid build")
    args = ["grid", "build", str(mission), "--out", str(out), "--res-km", "250", "--force"]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert "holds" in err and "mission.toml" in err and "\n" not in err, err
    assert mission.read_bytes() == MISSION.read_bytes()
    assert calls == []


@pytest.mark.parametrize("res", ["0.05", "300", "1e9", "nan", "7"])
def test_res_km_outside_0_1_to_250_or_not_nesting__one_line_exit_2(
    fake_build, tmp_path, capsys, res
):
    calls, _ = fake_build
    args = ["grid", "build", str(MISSION), "--out", str(tmp_path / "g"), "--res-km", res]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: --res-km ") and "0.1 to 250 km" in err and "\n" not in err, err
    assert calls == []


def test_force__refuses_the_folder_holding_the_database(fake_build, tmp_path, monkeypatch, capsys):
    calls, _ = fake_build
    out = tmp_path / "run"
    out.mkdir()
    db = out / "m.sqlite"
    db.write_bytes(b"not really a database, but it must survive")
    monkeypatch.setenv("ARCTICRECON_DATABASE_URL", f"sqlite:///{db}")
    assert main([*_args(out), "--force"]) == 2
    err = capsys.readouterr().err.strip()
    assert "--out" in err and "mission database" in err and "\n" not in err, err
    assert db.read_bytes().startswith(b"not really")
    assert calls == []


def test_out_is_a_file__refused(fake_build, tmp_path, capsys):
    out = tmp_path / "f"
    out.write_text("x")
    assert main([*_args(out), "--force"]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert out.read_text() == "x"


@pytest.mark.parametrize("n", ["0", "-1"])
def test_workers_below_one__one_line_exit_2(fake_build, tmp_path, capsys, n):
    calls, _ = fake_build
    assert main([*_args(tmp_path / "g"), "--workers", n]) == 2
    err = capsys.readouterr().err.strip()
    assert "--workers" in err and n in err and "\n" not in err, err
    assert calls == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_build__removes_its_temporary_folder(fake_build, tmp_path, capsys, sig):
    calls, behaviour = fake_build
    behaviour["during"] = lambda: os.kill(os.getpid(), sig)
    out = tmp_path / "g"
    # the CLI runs with Python's default SIGINT handler (KeyboardInterrupt); an earlier test
    # in the same pytest worker may have left another one installed (seen under make test)
    old_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        before = signal.getsignal(signal.SIGTERM)
        assert main(_args(out)) == 130
    finally:
        signal.signal(signal.SIGINT, old_int)
    assert calls == [out.absolute()]
    assert not (tmp_path / "g.tmp-build").exists()
    assert not out.exists()
    assert signal.getsignal(signal.SIGTERM) is before  # handler restored
    assert "interrupted" in capsys.readouterr().err


@pytest.mark.parametrize(
    "address", ["foo", "tcp://:", "http://127.0.0.1:8786", "tcp://127.0.0.1:99999", "tcp://h"]
)
def test_scheduler_not_an_address__one_line_before_any_connection(tmp_path, capsys, address):
    # the real open_client: a malformed address is refused before distributed sees it
    # (distributed raised ValueError tracebacks: "missing port number", "unknown address
    # scheme 'http'", "invalid literal for int()")
    args = ["grid", "build", str(MISSION), "--out", str(tmp_path / "g"), "--res-km", "250"]
    assert main([*args, "--scheduler", address]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: --scheduler {address!r} is not a dask scheduler"), err
    assert "tcp://host:8786" in err and "\n" not in err
    assert not (tmp_path / "g").exists()


def test_scheduler_that_never_speaks_dask__one_line_after_the_deadline(
    tmp_path, capsys, monkeypatch
):
    # a server that accepts the TCP connection and never answers (an HTTP server on the
    # port did that): distributed's handshake waited forever; now a deadline ends it
    import socket

    from arcticrecon.grid import build as build_mod

    monkeypatch.setattr(build_mod, "CONNECT_DEADLINE_S", 1.0)
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(4)  # the kernel completes the handshake; nobody reads or writes
        address = f"tcp://127.0.0.1:{srv.getsockname()[1]}"
        args = ["grid", "build", str(MISSION), "--out", str(tmp_path / "g"), "--res-km", "250"]
        assert main([*args, "--scheduler", address]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        f"error: --scheduler {address}: cannot connect (no dask scheduler answered within "
        "1 s); give the address of a running dask scheduler, e.g. tcp://host:8786"
    ), err
    assert not (tmp_path / "g").exists()


def test_a_build_folder_not_left_by_a_build__refused_and_kept(fake_build, tmp_path, capsys):
    calls, _ = fake_build
    tmp = tmp_path / "g.tmp-build"
    tmp.mkdir()
    (tmp / "important.txt").write_text("mine\n")
    assert main(_args(tmp_path / "g")) == 2
    err = capsys.readouterr().err.strip()
    assert "g.tmp-build" in err and "not left by an interrupted grid build" in err, err
    assert "\n" not in err and (tmp / "important.txt").read_text() == "mine\n"
    assert calls == []
    # the leftover of a killed build (its marker) is cleared and the build runs
    (tmp / "important.txt").unlink()
    mark_output_folder(tmp, "grid build")
    assert main(_args(tmp_path / "g")) == 0
    assert not tmp.exists() and (tmp_path / "g" / "grid.zarr").is_dir()


@pytest.mark.parametrize(
    ("option", "value", "want"),
    [
        ("--domain", "europe", "error: --domain 'europe' is not one of greenland, arctic"),
        ("--sat-lon-deg", "500", "error: --sat-lon-deg 500: satellite longitude 500"),
        ("--scheduler", "", "error: --scheduler '' is not a dask scheduler address"),
        ("--scheduler", "http://h:1", "error: --scheduler 'http://h:1' is not a dask"),
    ],
)
def test_bad_option_values__said_before_the_out_folder_check(
    fake_build, tmp_path, capsys, option, value, want
):
    # the existing --out (no --force) would be the next error: option values come first
    calls, _ = fake_build
    out = tmp_path / "p"
    out.mkdir()
    assert main([*_args(out), option, value]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(want) and "\n" not in err, err
    assert calls == []
