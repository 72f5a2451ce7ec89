"""CLI output through a real pipe (subprocess): never wrapped, never coloured; JSON and CSV
byte-clean."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from arcticrecon.cli.main import main
from arcticrecon.testing import require_component

ESC = "\x1b"


def _exe() -> list[str]:
    """The installed console script, else ``python -m arcticrecon``."""
    exe = Path(sys.executable).with_name("arcticrecon")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "arcticrecon"]


def _pty_available() -> bool:
    """Whether this machine can open a pseudo-terminal (a chroot without /dev/pts cannot)."""
    try:
        primary, secondary = os.openpty()
    except OSError:
        return False
    os.close(primary)
    os.close(secondary)
    return True


def _piped(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI with stdout and stderr connected to pipes, as a script would."""
    base = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    base.update({"COLUMNS": "40", "TERM": "xterm-256color"})  # a narrow terminal must not matter
    base.update(env or {})
    return subprocess.run(
        [*_exe(), *args],
        capture_output=True,  # stdout and stderr are pipes
        text=True,
        env=base,
        timeout=300,
        check=False,
    )


def test_table__one_line_per_row_no_colour_through_a_pipe() -> None:
    r = _piped("cold", "--temp", "-20", "--wind", "30")
    assert r.returncode == 0, r.stderr
    assert ESC not in r.stdout and ESC not in r.stderr
    lines = r.stdout.splitlines()
    header = next(ln for ln in lines if "wind_chill_degC" in ln)
    # every column name in full on the header line (nothing folded or cut with "…")
    for col in ("wind_chill_degC", "applicable", "frostbite_band", "air_temp_degC", "method"):
        assert col in header
    assert "…" not in r.stdout
    row = next(ln for ln in lines if "-32.60" in ln)  # JAG/TI at -20 °C, 30 km/h: -32.6
    assert "JAG/TI 2001 wind chill (ECCC/NWS); frostbite bands: Environment Canada" in row


def test_help__plain_one_line_per_command_through_a_pipe() -> None:
    r = _piped("--help")
    assert r.returncode == 0 and ESC not in r.stdout
    assert "╭" not in r.stdout  # no panels
    plan = next(ln for ln in r.stdout.splitlines() if ln.split()[:1] == ["plan"])
    assert plan.endswith(
        "Rank exercise opportunities for a mission file and write the report folder."
    )


def test_help__no_rest_literal_marks() -> None:
    # the docstring says ``--force`` and ``OUT.tmp-build``; --help shows the words only
    r = _piped("grid", "build", "--help")
    assert r.returncode == 0, r.stderr
    assert "``" not in r.stdout
    assert "An existing OUT is replaced only with --force" in " ".join(r.stdout.split())
    assert "OUT.tmp-build" in r.stdout


def test_json_and_csv__byte_clean_through_a_pipe() -> None:
    r = _piped("cold", "--temp", "-20", "--wind", "30", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)  # the whole output is the JSON document
    assert data["wind_chill_degC"] == pytest.approx(-32.6, abs=0.05)
    assert r.stdout.endswith("}\n") and ESC not in r.stdout
    r = _piped("sites", "list", "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert len(rows) > 50 and len({len(x) for x in rows}) == 1  # one record per line
    assert ESC not in r.stdout and r.stdout.endswith("\n") and "\r" not in r.stdout


def test_long_path_message__not_folded_through_a_pipe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the case: "wrote .../b.arx: 1\\nrevision, ..." when rich folded at 80 columns
    deep = tmp_path.joinpath(*(["a-rather-long-folder-name"] * 6))
    deep.mkdir(parents=True)
    db = str(deep / "mission.sqlite")
    env = {
        "ARCTICRECON_HOME": str(tmp_path / "home"),
        "ARCTICRECON_KEY_DIR": str(tmp_path / "keys"),
    }
    os.environ.update(env)
    try:
        for args in (
            ["mission", "init", "--name", "Pipe test", "--lead", "DNK", "--db", db],
            ["nation", "add", "DNK", "--db", db],
            [
                "person",
                "add",
                "Anna Holm",
                "--nation",
                "DNK",
                "--clearance",
                "RESTRICTED",
                "--db",
                db,
            ],
            [
                "survey",
                "add",
                "--site",
                "BGSF",
                "--kind",
                "airfield",
                "--as",
                "Anna Holm",
                "--text",
                "t",
                "--db",
                db,
            ],
        ):
            assert main(args) == 0, capsys.readouterr()
    finally:
        for k in env:
            os.environ.pop(k, None)
    bundle = deep / "b.arx"
    r = _piped("survey", "export", "--as", "Anna Holm", "--to", str(bundle), "--db", db, env=env)
    assert r.returncode == 0, r.stderr
    assert len(str(bundle)) > 150
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith("wrote "))
    assert line.startswith(f"wrote {bundle}: 1 revision, 0 attachments, 0 overrides"), line
    assert ESC not in r.stdout


def test_terminal__still_gets_rich_tables() -> None:
    # contrast: on a (pseudo-)terminal the table is drawn to the terminal width
    require_component(shutil.which("script") is not None, what="script(1)", debian="bsdutils")
    require_component(
        _pty_available(),
        what="a pseudo-terminal",
        debian="bsdutils",
        detail="os.openpty() failed: is /dev/pts mounted (a chroot)?",
    )
    cmd = " ".join([*_exe(), "cold", "--temp", "-20", "--wind", "30"])
    r = subprocess.run(
        ["script", "-qc", cmd, "/dev/null"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
        timeout=300,
        check=False,
    )
    assert r.returncode == 0
    assert ESC in r.stdout  # styled on a terminal
    visible = re.sub(r"\x1b\[[0-9;]*m", "", r.stdout)
    assert max(len(ln) for ln in visible.splitlines()) <= 80
