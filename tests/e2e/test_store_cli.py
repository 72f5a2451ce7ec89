"""The store from the command line: the issue's scripted scenario, exactly as written.

Runs ``arcticrecon.cli.main.main([...])`` on temporary SQLite files (and once on
PostgreSQL through ``--db URL``); asserts exit codes, output and the files written.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa

from arcticrecon.cli.main import main
from arcticrecon.testing import require_component


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCTICRECON_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ARCTICRECON_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.delenv("ARCTICRECON_DATABASE_URL", raising=False)
    monkeypatch.delenv("ARCTICRECON_AS", raising=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert code == 0, (args, out, err)
    return out


def scripted_scenario(
    capsys: pytest.CaptureFixture[str], db_a: str, db_b: str, bundle: Path
) -> None:
    """The calls listed in issue 7 ("a scripted check uses exactly these")."""
    for db in (db_a, db_b):
        ok(capsys, "mission", "init", "--name", "Greenland recon 2026", "--lead", "DNK", "--db", db)
        ok(capsys, "nation", "add", "DNK", "BEL", "FRA", "--db", db)
        ok(
            capsys,
            "person",
            "add",
            "Anna Holm",
            "--nation",
            "DNK",
            "--rank",
            "Capt",
            "--clearance",
            "CONFIDENTIAL",
            "--db",
            db,
        )
        ok(
            capsys,
            "person",
            "add",
            "Jan Peeters",
            "--nation",
            "BEL",
            "--rank",
            "Maj",
            "--clearance",
            "RESTRICTED",
            "--db",
            db,
        )
        ok(
            capsys,
            "person",
            "add",
            "Claire Martin",
            "--nation",
            "FRA",
            "--rank",
            "Cdt",
            "--clearance",
            "RESTRICTED",
            "--db",
            db,
        )
    dk_only = ok(
        capsys,
        "survey",
        "add",
        "--site",
        "BGSF",
        "--kind",
        "airfield",
        "--as",
        "Anna Holm",
        "--rel-to",
        "DNK",
        "--level",
        "RESTRICTED",
        "--text",
        "Apron icy, DNK eyes only",
        "--db",
        db_a,
    ).strip()
    shared = ok(
        capsys,
        "survey",
        "add",
        "--site",
        "BGSF",
        "--kind",
        "airfield",
        "--as",
        "Jan Peeters",
        "--rel-to",
        "DNK",
        "--rel-to",
        "BEL",
        "--level",
        "RESTRICTED",
        "--text",
        "Runway 10/28 clear",
        "--db",
        db_a,
    ).strip()
    assert uuid.UUID(dk_only) and uuid.UUID(shared)  # prints just the new id

    def listed(who: str, db: str) -> list[dict[str, object]]:
        return json.loads(ok(capsys, "survey", "list", "--as", who, "--format", "json", "--db", db))

    anna = listed("Anna Holm", db_a)
    assert [(r["id"], r["site"], r["text"], r["rel_to"], r["level"]) for r in anna] == [
        (dk_only, "BGSF", "Apron icy, DNK eyes only", ["DNK"], "RESTRICTED"),
        (shared, "BGSF", "Runway 10/28 clear", ["DNK", "BEL"], "RESTRICTED"),
    ]
    assert [r["id"] for r in listed("Jan Peeters", db_a)] == [shared]
    assert listed("Claire Martin", db_a) == []

    ok(capsys, "survey", "export", "--as", "Anna Holm", "--to", str(bundle), "--db", db_a)
    assert bundle.exists()
    ok(capsys, "survey", "import", str(bundle), "--db", db_b)
    assert [r["id"] for r in listed("Anna Holm", db_b)] == [dk_only, shared]
    assert [r["id"] for r in listed("Jan Peeters", db_b)] == [shared]
    ok(capsys, "survey", "import", str(bundle), "--db", db_b)  # idempotent
    assert len(listed("Anna Holm", db_b)) == 2
    for db in (db_a, db_b):
        out = ok(capsys, "audit", "verify", "--db", db)
        assert out.startswith("audit intact")


def test_scripted_scenario__sqlite(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    scripted_scenario(capsys, str(a), str(b), tmp_path / "bundle.arx")
    # a laptop with a fresh database joins the mission from the bundle alone
    c = str(tmp_path / "c.sqlite")
    ok(capsys, "survey", "import", str(tmp_path / "bundle.arx"), "--db", c)
    rows = json.loads(
        ok(capsys, "survey", "list", "--as", "Jan Peeters", "--format", "json", "--db", c)
    )
    assert [r["text"] for r in rows] == ["Runway 10/28 clear"]
    assert ok(capsys, "audit", "verify", "--db", c).startswith("audit intact")
    # a report changed behind the application's back: non-zero, one line naming it
    with sqlite3.connect(a) as conn:
        conn.execute("UPDATE recon_report SET text = 'nothing to see'")
    code, out, err = run(capsys, "audit", "verify", "--db", str(a))
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "recon_report" in err and "changed behind the application's back" in err


@pytest.mark.postgres
def test_scripted_scenario__postgres(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    base = os.environ.get("ARCTICRECON_TEST_POSTGRES_URL", "")
    require_component(
        bool(base),
        what="a PostgreSQL server",
        debian="postgresql",
        detail="ARCTICRECON_TEST_POSTGRES_URL is not set",
    )
    admin = sa.create_engine(base)
    schemas = [f"e2e_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    try:
        with admin.begin() as conn:
            for sch in schemas:
                conn.exec_driver_sql(f'CREATE SCHEMA "{sch}"')
        urls = [
            sa.make_url(base)
            .update_query_dict({"options": f"-csearch_path={sch}"})
            .render_as_string(hide_password=False)
            for sch in schemas
        ]
        scripted_scenario(capsys, urls[0], urls[1], tmp_path / "bundle.arx")
    finally:
        with admin.begin() as conn:
            for sch in schemas:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{sch}" CASCADE')
        admin.dispose()


def test_cli__full_workflow_team_keys_overrides_conflicts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "m.sqlite")
    ok(
        capsys,
        "mission",
        "init",
        "--name",
        "M",
        "--lead",
        "DK",
        "--levels",
        "UNCLASSIFIED,RESTRICTED",
        "--db",
        db,
    )
    ok(capsys, "nation", "add", "BE", "NO", "--db", db)
    assert [
        n["code"] for n in json.loads(ok(capsys, "nation", "list", "--format", "json", "--db", db))
    ] == ["DNK", "BEL", "NOR"]
    ok(
        capsys,
        "person",
        "add",
        "Ole Hansen",
        "--nation",
        "NOR",
        "--clearance",
        "RESTRICTED",
        "--arrive",
        "2026-01-19",
        "--db",
        db,
    )
    people = json.loads(ok(capsys, "person", "list", "--format", "json", "--db", db))
    assert people[0]["name"] == "Ole Hansen" and people[0]["arrive"] == "2026-01-19"
    ok(capsys, "team", "add", "North", "--member", "Ole Hansen", "--task", "BGTL apron", "--db", db)
    teams = json.loads(ok(capsys, "team", "list", "--format", "json", "--db", db))
    assert teams[0]["members"] == ["Ole Hansen"] and teams[0]["tasks"] == ["BGTL apron"]
    photo = tmp_path / "apron.jpg"
    photo.write_bytes(b"\xff\xd8jpeg")
    rid = ok(
        capsys,
        "survey",
        "add",
        "--site",
        "BGTL",
        "--kind",
        "airfield",
        "--as",
        "Ole Hansen",
        "--team",
        "North",
        "--field",
        "runway_length_measured_m=3000",
        "--field",
        "fuel_types=JET A-1",
        "--attach",
        str(photo),
        "--observed-at",
        "2026-01-21T10:00Z",
        "--text",
        "Pituffik apron",
        "--db",
        db,
    ).strip()
    shown = json.loads(
        ok(capsys, "survey", "show", rid, "--as", "Ole Hansen", "--format", "json", "--db", db)
    )
    assert shown["fields"] == {"fuel_types": ["JET A-1"], "runway_length_measured_m": 3000.0}
    assert shown["attachments"][0]["filename"] == "apron.jpg" and shown["team"] == "North"
    assert shown["rel_to"] == ["DNK", "BEL", "NOR"] and shown["level"] == "UNCLASSIFIED"
    sha = shown["attachments"][0]["sha256"]
    ok(
        capsys,
        "survey",
        "attachment",
        rid,
        sha,
        "--to",
        str(tmp_path / "out.jpg"),
        "--as",
        "Ole Hansen",
        "--db",
        db,
    )
    assert (tmp_path / "out.jpg").read_bytes() == b"\xff\xd8jpeg"
    found = json.loads(
        ok(
            capsys,
            "survey",
            "list",
            "--as",
            "Ole Hansen",
            "--search",
            "apron",
            "--format",
            "json",
            "--db",
            db,
        )
    )
    assert [r["id"] for r in found] == [rid]
    ok(
        capsys,
        "survey",
        "edit",
        rid,
        "--as",
        "Ole Hansen",
        "--text",
        "Pituffik apron, cleared",
        "--db",
        db,
    )
    oid = ok(
        capsys,
        "override",
        "add",
        "--site",
        "BGTL",
        "--field",
        "longest_runway_m",
        "--value",
        "3000",
        "--as",
        "Ole Hansen",
        "--db",
        db,
    ).strip()
    over = json.loads(
        ok(capsys, "override", "list", "--as", "Ole Hansen", "--format", "json", "--db", db)
    )
    assert [(o["id"], o["value"]) for o in over] == [(oid, 3000.0)]
    assert (
        json.loads(
            ok(capsys, "survey", "conflicts", "--as", "Ole Hansen", "--format", "json", "--db", db)
        )
        == []
    )
    out = ok(capsys, "keys", "show")
    pub = out.strip().splitlines()[-1]
    ok(capsys, "keys", "add", "own laptop", pub, "--db", db)
    keys = json.loads(ok(capsys, "keys", "list", "--format", "json", "--db", db))
    assert keys[0]["public_key"] == pub
    shown = json.loads(ok(capsys, "mission", "show", "--format", "json", "--db", db))
    assert shown["nations"] == ["DNK", "BEL", "NOR"] and shown["people"] == 1
    assert ok(capsys, "audit", "verify", "--db", db).startswith("audit intact")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["survey", "list", "--format", "json"], "needs an identity: give --as PERSON"),
        (["survey", "list", "--as", "Nobody"], "no person 'Nobody'"),
        (["nation", "add", "XX"], "not an ISO 3166-1"),
        (
            ["person", "add", "A B", "--nation", "FRA", "--clearance", "RESTRICTED"],
            "FRA is not a nation of this mission",
        ),
        (["survey", "add", "--site", "ZZZZ", "--kind", "port", "--as", "Anna Holm"], "ZZZZ"),
        (
            [
                "survey",
                "add",
                "--site",
                "BGSF",
                "--kind",
                "port",
                "--as",
                "Anna Holm",
                "--field",
                "beds",
            ],
            "not NAME=VALUE",
        ),
        (
            [
                "survey",
                "export",
                "--as",
                "Anna Holm",
                "--to",
                "x.arx",
                "--since",
                "2026-01-01T00:00",
            ],
            "no time zone",
        ),
        (
            ["survey", "show", "00000000-0000-0000-0000-000000000000", "--as", "Anna Holm"],
            "does not exist or is not released",
        ),
        (["survey", "import", "missing.arx"], "not readable"),
    ],
)
def test_cli__bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], message: str
) -> None:
    db = str(tmp_path / "m.sqlite")
    ok(capsys, "mission", "init", "--name", "M", "--lead", "DNK", "--db", db)
    ok(
        capsys,
        "person",
        "add",
        "Anna Holm",
        "--nation",
        "DNK",
        "--clearance",
        "RESTRICTED",
        "--db",
        db,
    )
    code, out, err = run(capsys, *args, "--db", db)
    assert code == 2, (out, err)
    assert len(err.strip().splitlines()) == 1 and message in err, err
    assert "Traceback" not in err


def test_cli__nothing_before_mission_init(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "nation", "add", "BEL", "--db", str(tmp_path / "n.sqlite"))
    assert code == 2 and "mission init" in err


def test_cli__default_database_is_created_under_arcticrecon_home(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ok(capsys, "mission", "init", "--name", "M", "--lead", "DNK")
    assert (tmp_path / "home" / "arcticrecon.sqlite").exists()


# -- a mistyped --db never creates or answers from an empty database ---------------------


def _one_line_exit_2(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert code == 2, (args, out, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert "internal error" not in err and "sqlalche.me" not in err, err
    return err


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "verify"],
        ["mission", "show"],
        ["nation", "add", "BEL"],
        ["person", "list"],
        ["team", "list"],
        ["keys", "list"],
        ["survey", "list", "--as", "Nobody"],
        ["override", "list", "--as", "Nobody"],
        ["user", "list"],
    ],
)
def test_cli__missing_database_is_refused_and_not_created(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    err = _one_line_exit_2(capsys, *args, "--db", "nothere.sqlite")
    assert (
        "database 'nothere.sqlite' does not exist; create it with `arcticrecon mission init --db nothere.sqlite`"
        in err
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_cli__missing_folder_and_odd_names_are_not_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    nodir = str(tmp_path / "nodir" / "x.sqlite")
    assert "does not exist" in _one_line_exit_2(capsys, "audit", "verify", "--db", nodir)
    assert "does not exist" in _one_line_exit_2(capsys, "person", "list", "--db", "afile.txt")
    # survey import may create a file but not its folder
    assert "folder" in _one_line_exit_2(capsys, "survey", "import", "b.arx", "--db", nodir)
    # mission init may create both, but not a database named like a text file
    err = _one_line_exit_2(
        capsys, "mission", "init", "--name", "M", "--lead", "DNK", "--db", "afile.txt"
    )
    assert "afile.txt" in err and ".sqlite" in err
    assert list(tmp_path.iterdir()) == []
    ok(capsys, "mission", "init", "--name", "M", "--lead", "DNK", "--db", nodir)
    assert Path(nodir).is_file()


def test_cli__failed_run_leaves_no_new_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert "XYZ" in _one_line_exit_2(
        capsys, "mission", "init", "--name", "M", "--lead", "XYZ", "--db", "new.sqlite"
    )
    assert "XYZ" in _one_line_exit_2(
        capsys, "mission", "init", "--name", "M", "--lead", "XYZ", "--db", "a/b/new.sqlite"
    )
    assert "not readable" in _one_line_exit_2(
        capsys, "survey", "import", "missing.arx", "--db", "imp.sqlite"
    )
    example = Path(__file__).resolve().parents[2] / "examples" / "greenland-recon-2026.toml"
    err = _one_line_exit_2(
        capsys, "plan", str(example), "--out", "out", "--db", "nonexist.sqlite", "--as", "Nobody"
    )
    assert "'nonexist.sqlite' does not exist" in err
    assert list(tmp_path.iterdir()) == []


def test_cli__as_without_db_needs_the_default_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    err = _one_line_exit_2(capsys, "survey", "list", "--as", "Nobody")
    assert "arcticrecon.sqlite' does not exist" in err and "mission init" in err
    assert not (tmp_path / "home").exists()


def test_cli__file_that_is_no_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("text.txt").write_text("just some notes\n" * 20)
    err = _one_line_exit_2(capsys, "survey", "list", "--as", "X", "--db", "text.txt")
    assert (
        "database 'text.txt' is not an arcticrecon database (SQLite: file is not a database)" in err
    )
    err = _one_line_exit_2(
        capsys, "mission", "init", "--name", "M", "--lead", "DNK", "--db", "text.txt"
    )
    assert "not an arcticrecon database" in err
    assert Path("text.txt").read_text() == "just some notes\n" * 20
    # an empty file or a foreign SQLite database is not taken over by a reading command
    Path("empty.sqlite").touch()
    assert "no mission" in _one_line_exit_2(capsys, "audit", "verify", "--db", "empty.sqlite")
    with closing(sqlite3.connect("other.sqlite")) as conn, conn:
        conn.execute("CREATE TABLE notes (t TEXT)")
    before = Path("other.sqlite").read_bytes()
    assert "other tables: notes" in _one_line_exit_2(
        capsys, "person", "list", "--db", "other.sqlite"
    )
    assert Path("other.sqlite").read_bytes() == before
    assert Path("empty.sqlite").stat().st_size == 0
    assert "is a folder" in _one_line_exit_2(capsys, "audit", "verify", "--db", str(tmp_path))


# -- survey export --to that cannot be written --------------------------------------------


def test_cli__export_to_unwritable_place_is_one_line_and_leaves_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "m.sqlite")
    ok(capsys, "mission", "init", "--name", "M", "--lead", "DNK", "--db", db)
    ok(
        capsys,
        "person",
        "add",
        "Anna Holm",
        "--nation",
        "DNK",
        "--clearance",
        "RESTRICTED",
        "--db",
        db,
    )
    folder = tmp_path / "bad"
    folder.mkdir()
    cases = [("/proc/x.arx", "cannot write the bundle there"), (str(folder), "is a folder")]
    for target, needle in cases:
        err = _one_line_exit_2(
            capsys, "survey", "export", "--as", "Anna Holm", "--to", target, "--db", db
        )
        assert f"--to {target!r}" in err and needle in err, err
    assert list(folder.iterdir()) == []
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert json.loads(ok(capsys, "keys", "list", "--format", "json", "--db", db)) == []
    err = _one_line_exit_2(
        capsys,
        "survey",
        "attachment",
        "r",
        "0" * 64,
        "--to",
        str(folder),
        "--as",
        "Anna Holm",
        "--db",
        db,
    )
    assert "is a folder" in err


# -- nobody writes what they cannot read back ---------------------------------------------


def _peeters_db(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> str:
    db = str(tmp_path / "m.sqlite")
    ok(capsys, "mission", "init", "--name", "M", "--lead", "DNK", "--db", db)
    ok(capsys, "nation", "add", "DNK", "BEL", "FRA", "--db", db)
    ok(
        capsys,
        "person",
        "add",
        "Maj Peeters",
        "--nation",
        "BEL",
        "--rank",
        "Maj",
        "--clearance",
        "RESTRICTED",
        "--db",
        db,
    )
    return db


def test_cli__level_above_own_clearance_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = _peeters_db(capsys, tmp_path)
    base = ["--site", "BGSF", "--as", "Maj Peeters", "--level", "SECRET", "--db", db]
    err = _one_line_exit_2(capsys, "survey", "add", "--kind", "airfield", "--text", "x", *base)
    assert "--level SECRET is above your clearance RESTRICTED" in err
    err = _one_line_exit_2(capsys, "override", "add", "--field", "beds", "--value", "4", *base)
    assert "--level SECRET is above your clearance RESTRICTED" in err
    rid = ok(
        capsys,
        "survey",
        "add",
        "--site",
        "BGSF",
        "--kind",
        "airfield",
        "--as",
        "Maj Peeters",
        "--db",
        db,
    ).strip()
    err = _one_line_exit_2(
        capsys, "survey", "edit", rid, "--as", "Maj Peeters", "--level", "CONFIDENTIAL", "--db", db
    )
    assert "--level CONFIDENTIAL is above your clearance RESTRICTED" in err
    assert (
        len(
            json.loads(
                ok(capsys, "survey", "list", "--as", "Maj Peeters", "--format", "json", "--db", db)
            )
        )
        == 1
    )


def test_cli__own_nation_is_added_to_rel_to_with_a_note(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = _peeters_db(capsys, tmp_path)
    code, out, err = run(
        capsys,
        "survey",
        "add",
        "--site",
        "BGSF",
        "--kind",
        "airfield",
        "--as",
        "Maj Peeters",
        "--rel-to",
        "FRA",
        "--level",
        "RESTRICTED",
        "--text",
        "for France",
        "--db",
        db,
    )
    assert code == 0, err
    rid = out.strip()
    assert uuid.UUID(rid)  # stdout is still just the id
    assert (
        err.strip()
        == "note: added BEL (your nation) to REL TO: the originator's nation is always releasable; marking RESTRICTED REL TO FRA, BEL"
    )
    rows = json.loads(
        ok(capsys, "survey", "list", "--as", "Maj Peeters", "--format", "json", "--db", db)
    )
    assert [(r["id"], r["rel_to"], r["level"]) for r in rows] == [
        (rid, ["FRA", "BEL"], "RESTRICTED")
    ]
    code, out, err = run(
        capsys,
        "override",
        "add",
        "--site",
        "BGSF",
        "--field",
        "beds",
        "--value",
        "4",
        "--as",
        "Maj Peeters",
        "--rel-to",
        "DNK",
        "--db",
        db,
    )
    assert code == 0 and "added BEL" in err
    code, _, err = run(
        capsys, "survey", "edit", rid, "--as", "Maj Peeters", "--rel-to", "DNK", "--db", db
    )
    assert code == 0 and "added BEL" in err
    shown = json.loads(
        ok(capsys, "survey", "show", rid, "--as", "Maj Peeters", "--format", "json", "--db", db)
    )
    assert shown["rel_to"] == ["DNK", "BEL"]
    # no note when the own nation was asked for
    code, _, err = run(
        capsys,
        "survey",
        "add",
        "--site",
        "BGSF",
        "--kind",
        "airfield",
        "--as",
        "Maj Peeters",
        "--rel-to",
        "DNK",
        "--rel-to",
        "BEL",
        "--db",
        db,
    )
    assert code == 0 and err == ""


# -- wording -------------------------------------------------------------------------------


def test_cli__nation_add_names_the_nations_already_present(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "m.sqlite")
    ok(capsys, "mission", "init", "--name", "M", "--lead", "DNK", "--db", db)
    assert (
        ok(capsys, "nation", "add", "DNK", "BEL", "--db", db).strip()
        == "added BEL; already present: DNK"
    )
    assert (
        ok(capsys, "nation", "add", "DK", "BEL", "--db", db).strip()
        == "no new nation; already present: DNK, BEL"
    )


def test_cli__one_is_singular(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "m.sqlite")
    ok(capsys, "mission", "init", "--name", "M", "--lead", "DNK", "--db", db)
    ok(
        capsys,
        "person",
        "add",
        "Anna Holm",
        "--nation",
        "DNK",
        "--clearance",
        "RESTRICTED",
        "--db",
        db,
    )
    assert "team 'North': 1 member, 1 task" in ok(
        capsys, "team", "add", "North", "--member", "Anna Holm", "--task", "BGSF", "--db", db
    )
    ok(
        capsys,
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
    )
    out = ok(capsys, "survey", "list", "--as", "Anna Holm", "--db", db)
    assert "1 report visible to" in out and "1 reports" not in out
    assert "1 person" in ok(capsys, "person", "list", "--db", db)
    out = ok(
        capsys, "survey", "export", "--as", "Anna Holm", "--to", str(tmp_path / "b.arx"), "--db", db
    )
    assert "1 revision, 0 attachments, 0 overrides" in out
    assert ok(capsys, "audit", "verify", "--db", db).startswith(
        "audit intact: 8 entries, 8 records match"
    )


def test_cli__serve_and_user_add_need_an_existing_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ARCTICRECON_SECRET_KEY", "e2e-secret-key-0123456789-abcdefghijklmnop")
    assert "'nothere.sqlite' does not exist" in _one_line_exit_2(
        capsys, "serve", "--db", "nothere.sqlite"
    )
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("correct horse battery\n"))
    err = _one_line_exit_2(
        capsys,
        "user",
        "add",
        "A B",
        "--nation",
        "DNK",
        "--clearance",
        "RESTRICTED",
        "--password-stdin",
        "--db",
        "nothere.sqlite",
    )
    assert "'nothere.sqlite' does not exist" in err
    assert list(tmp_path.iterdir()) == []


def test_lists_with_nothing_visible__still_print_the_header_and_title(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A reader who may see nothing gets the CSV header and the table's '0 reports' title,
    not an empty line (a spreadsheet or script reading the CSV needs the columns)."""
    db = str(tmp_path / "m.sqlite")
    ok(capsys, "mission", "init", "--name", "M", "--lead", "DNK", "--db", db)
    ok(capsys, "nation", "add", "DNK", "FRA", "--db", db)
    for name, nation in (("Anna Holm", "DNK"), ("Claire Martin", "FRA")):
        ok(
            capsys,
            "person",
            "add",
            name,
            "--nation",
            nation,
            "--clearance",
            "RESTRICTED",
            "--db",
            db,
        )
    ok(capsys, "survey", "add", "--site", "BGSF", "--kind", "airfield", "--as", "Anna Holm",
       "--rel-to", "DNK", "--level", "RESTRICTED", "--text", "DNK eyes only", "--db", db)  # fmt: skip
    ok(capsys, "override", "add", "--site", "BGSF", "--field", "beds", "--value", "40",
       "--as", "Anna Holm", "--rel-to", "DNK", "--level", "RESTRICTED", "--db", db)  # fmt: skip
    fra = ("--as", "Claire Martin", "--db", db)
    assert ok(capsys, "survey", "list", *fra, "--format", "csv") == (
        "id,site,kind,observed_at_utc,author,marking,conflict,text\n"
    )
    assert ok(capsys, "override", "list", *fra, "--format", "csv") == (
        "id,site,field,value,author_id,observed_at_utc,level,rel_to,note\n"
    )
    assert "0 reports" in ok(capsys, "survey", "list", *fra)
    assert "0 overrides" in ok(capsys, "override", "list", *fra)
    # the author still sees the same columns with her rows
    dk = ok(capsys, "survey", "list", "--as", "Anna Holm", "--db", db, "--format", "csv")
    assert dk.splitlines()[0] == "id,site,kind,observed_at_utc,author,marking,conflict,text"
    assert "DNK eyes only" in dk


def test_cli__default_rel_to_is_said_out_loud(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # a writer who forgets --rel-to releases to every mission nation (DNK, BEL, FRA here):
    # one note on stderr says so; stdout stays just the id
    db = _peeters_db(capsys, tmp_path)
    code, out, err = run(
        capsys,
        "survey",
        "add",
        "--site",
        "BGSF",
        "--kind",
        "airfield",
        "--as",
        "Maj Peeters",
        "--level",
        "RESTRICTED",
        "--text",
        "apron soft",
        "--db",
        db,
    )
    assert code == 0, err
    assert uuid.UUID(out.strip())
    assert err.strip() == (
        "note: no --rel-to given: released to every mission nation; marking "
        "RESTRICTED REL TO DNK, BEL, FRA (--rel-to narrows it)"
    )
    # an explicit --rel-to gets no such note
    code, out, err = run(
        capsys,
        "survey",
        "add",
        "--site",
        "BGSF",
        "--kind",
        "airfield",
        "--as",
        "Maj Peeters",
        "--rel-to",
        "BEL",
        "--text",
        "x",
        "--db",
        db,
    )
    assert code == 0 and err.strip() == ""
