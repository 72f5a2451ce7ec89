"""`arcticrecon ais ...` end to end on the packaged SYNTHETIC sample and a live UDP feed."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import arcticrecon.catalog  # noqa: F401 - import first: main's sources<->catalog import cycle
from arcticrecon.cli.main import main
from arcticrecon.sources.embedded import data_path

SAMPLE = data_path("ais_synthetic_greenland.nmea.gz")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ais") / "store"
    assert main(["ais", "ingest", str(SAMPLE), "--store", str(root), "-f", "json"]) == 0
    return root


def test_ingest__idempotent_and_counts_rejects(store: Path, capsys: pytest.CaptureFixture[str]):
    capsys.readouterr()
    assert main(["ais", "ingest", str(SAMPLE), "--store", str(store), "-f", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["status"].startswith("already ingested") and row["positions"] == 0
    assert row["synthetic"] is True
    assert "checksum 25" in row["rejected_by_reason"]
    assert "position_not_available 2" in row["rejected_by_reason"]
    man = json.loads((store / "manifest.json").read_text())
    assert len(man["sources"]) == 1


def test_events__synthetic_scenario(store: Path, capsys: pytest.CaptureFixture[str]):
    capsys.readouterr()
    assert main(["ais", "events", "--store", str(store), "-f", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["synthetic"] is True and doc["parameters"]["gap_min_h"] == 6.0
    ev = doc["events"]
    (gap,) = [e for e in ev if e["kind"] == "gap"]
    assert gap["mmsi"] == 370000401 and gap["likely_disabling"] is True
    assert gap["duration_h"] == pytest.approx(14.08, abs=0.01)  # 14 h silence + 5 min step
    (enc,) = [e for e in ev if e["kind"] == "encounter"]
    assert {enc["mmsi"], enc["mmsi2"]} == {273000301, 636000201}
    (pv,) = [e for e in ev if e["kind"] == "port_visit"]
    assert pv["mmsi"] == 331000501 and pv["port"] == "Nuuk"
    loiter = [e for e in ev if e["kind"] == "loitering" and e["mmsi"] == 257000101]
    assert len(loiter) == 1 and loiter[0]["distance_to_shore_nm"] >= 20
    assert not [
        e
        for e in ev
        if e["mmsi"] == 219000601 and e["kind"] != "zone_entry" and e["kind"] != "zone_exit"
    ]  # the fast transit: no event, not cleaned away


def test_events__bad_kind_is_one_line(store: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["ais", "events", "--store", str(store), "--kind", "fishing"]) == 2
    err = capsys.readouterr().err
    assert "--kind 'fishing' is not one of" in err and len(err.strip().splitlines()) == 1


def test_ingest__no_receive_times_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    f = tmp_path / "plain.nmea"
    f.write_text("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A\n")
    code = main(["ais", "ingest", str(f), "--store", str(tmp_path / "s")])
    err = capsys.readouterr().err
    assert code == 2 and "no receive times" in err and "--start" in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "s" / "manifest.json").exists()
    code = main(
        [
            "ais",
            "ingest",
            str(f),
            "--store",
            str(tmp_path / "s"),
            "--start",
            "2026-01-20T00:00Z",
            "--rate",
            "1",
            "-f",
            "json",
        ]
    )
    assert code == 0


def test_picture__sample_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "pic"
    assert main(["ais", "picture", "--sample", "--out", str(out)]) == 0
    html = (out / "index.html").read_text()
    assert "SYNTHETIC DATA" in html and "<svg" in html and "likely intentional disabling" in html
    gj = json.loads((out / "events.geojson").read_text())
    assert gj["marking"]["banner"] == "UNCLASSIFIED" and gj["parameters"]["loiter_min_h"] == 2.0
    kinds = {f["properties"]["kind"] for f in gj["features"]}
    assert {"gap", "loitering", "encounter", "port_visit"} <= kinds
    tr = json.loads((out / "tracks.geojson").read_text())
    assert len(tr["features"]) == 8 and tr["synthetic"] is True
    kml = (out / "tracks.kml").read_text()  # written through arcticrecon.export
    assert kml.count("<Placemark") == 8 and "SYNTHETIC" in kml and "UNCLASSIFIED" in kml
    csv = (out / "events.csv").read_text().splitlines()
    assert csv[0] == "# marking: UNCLASSIFIED" and csv[1].startswith("# SYNTHETIC")


def test_listen__udp_sender_sigint_nothing_lost(tmp_path: Path):
    """A local sender pushes lines; the listener flushes in batches and stops cleanly."""
    from arcticrecon.sources.ais.live import listen

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    import gzip

    lines = gzip.decompress(SAMPLE.read_bytes()).splitlines()[1:301]
    got: list[bytes] = []
    batches: list[int] = []
    stop = threading.Event()
    ready = threading.Event()

    def on_batch(b: list[bytes]) -> None:
        got.extend(b)
        batches.append(len(b))

    th = threading.Thread(
        target=listen,
        args=(f"udp://127.0.0.1:{port}", on_batch),
        kwargs={
            "stop": stop,
            "flush_s": 0.2,
            "flush_lines": 100,
            "on_ready": lambda _a: ready.set(),
        },
    )
    th.start()
    assert ready.wait(5)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(0, len(lines), 10):
        tx.sendto(b"\r\n".join(lines[i : i + 10]) + b"\r\n", ("127.0.0.1", port))
        time.sleep(0.002)
    tx.close()
    # stop once the listener has handed on two batches (a condition, not a sleep): the
    # lines it has not read yet are still in the socket and must come out at the stop
    deadline = time.monotonic() + 30
    while len(batches) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    stop.set()  # what SIGINT/SIGTERM do in the command
    th.join(5)
    assert not th.is_alive()
    assert got == lines  # nothing lost, nothing reordered
    assert len(batches) >= 2


def test_listen_command__sigterm_stops_cleanly_and_stores_everything(tmp_path: Path):
    """`arcticrecon ais listen` as a process: a local sender, then SIGTERM."""
    import gzip
    import json as _json
    import signal
    import subprocess
    import sys

    lines = gzip.decompress(SAMPLE.read_bytes()).splitlines()[1:1201]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    store = tmp_path / "live"
    stdout = (tmp_path / "stdout.txt").open("w")
    p = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "arcticrecon",
            "ais",
            "listen",
            f"udp://127.0.0.1:{port}",
            "--store",
            str(store),
            "--flush-s",
            "0.5",
        ],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout.close()
    import queue

    # stderr is read on a thread so every wait below has a deadline instead of a sleep
    err_lines: queue.Queue[str] = queue.Queue()

    def read_stderr() -> None:
        assert p.stderr is not None
        for line in p.stderr:
            err_lines.put(line)

    def wait_for(text: str, timeout_s: float = 60.0) -> str:
        deadline = time.monotonic() + timeout_s
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = err_lines.get(timeout=left)
            except queue.Empty:
                break
            if text in line:
                return line
        raise AssertionError(f"the listener did not print {text!r} within {timeout_s} s")

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    try:
        wait_for("listening on")  # the socket is bound: sending now loses nothing
        tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for i in range(0, len(lines), 20):
            tx.sendto(b"\n".join(lines[i : i + 20]) + b"\n", ("127.0.0.1", port))
            time.sleep(0.002)
        tx.close()
        # SIGTERM once a first batch is stored; what is not flushed yet must still be kept
        wait_for("flushed ")
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=120)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait(10)
        reader.join(10)  # the pipe is at its end once the process is gone
        assert p.stderr is not None
        p.stderr.close()
    out = (tmp_path / "stdout.txt").read_text()
    assert p.returncode == 0
    assert "stopped: 1200 lines" in out
    man = _json.loads((store / "manifest.json").read_text())
    stored = sum(v["positions"] for v in man["sources"].values())
    assert f"{stored} positions stored" in out and stored > 1000


def test_vessels__inside_12nm_in_a_window(store: Path, capsys: pytest.CaptureFixture[str]):
    capsys.readouterr()
    code = main(
        [
            "ais",
            "vessels",
            "--store",
            str(store),
            "--zone",
            "12nm",
            "--from",
            "2026-01-19T12:00Z",
            "--to",
            "2026-01-20T06:00Z",
            "-f",
            "json",
        ]
    )
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    # the coaster is in Nuuk then; the Denmark Strait pair is > 100 NM out
    mmsi = {r["mmsi"] for r in rows}
    assert 331000501 in mmsi and 273000301 not in mmsi and 636000201 not in mmsi
    assert next(r for r in rows if r["mmsi"] == 331000501)["flag"] == "GRL"


def test_assess__marked_records_each_reader_sees_only_what_they_may(
    store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
):
    """`ais assess` an event of `ais events`; `ais assessments` under the findings' policy."""
    monkeypatch.setenv("ARCTICRECON_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ARCTICRECON_DATABASE_URL", raising=False)
    monkeypatch.delenv("ARCTICRECON_AS", raising=False)
    db = str(tmp_path / "mission.sqlite")

    def ok(*args: str) -> str:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        assert code == 0, (args, out, err)
        return out

    ok("mission", "init", "--name", "Arctic Sentry", "--lead", "DNK", "--db", db)
    ok("nation", "add", "BEL", "--db", db)
    for name, nation, clearance in (
        ("Anna Holm", "DNK", "CONFIDENTIAL"),
        ("Jan Peeters", "BEL", "RESTRICTED"),
    ):
        ok("person", "add", name, "--nation", nation, "--clearance", clearance, "--db", db)
    events = json.loads(ok("ais", "events", "--store", str(store), "--kind", "gap", "-f", "json"))
    gap = next(e for e in events["events"] if e["duration_h"] > 13)  # the 14 h gap
    common = ["--mmsi", str(gap["mmsi"]), "--event", gap["event_id"], "--db", db]
    shared = ok(
        "ais",
        "assess",
        "--verdict",
        "suspicious",
        *common,
        "--as",
        "Anna Holm",
        "--rel-to",
        "BEL",
        "--note",
        "dark 14 h off Scoresby Sund",
    ).strip()
    own = ok(
        "ais",
        "assess",
        "--verdict",
        "hostile",
        *common,
        "--as",
        "Anna Holm",
        "--level",
        "CONFIDENTIAL",
        "--rel-to",
        "DNK",
    ).strip()
    as_anna = json.loads(ok("ais", "assessments", "--as", "Anna Holm", "--db", db, "-f", "json"))
    as_jan = json.loads(
        ok(
            "ais",
            "assessments",
            "--event",
            gap["event_id"],
            "--as",
            "Jan Peeters",
            "--db",
            db,
            "-f",
            "json",
        )
    )
    assert {a["id"] for a in as_anna} == {shared, own}
    assert [a["id"] for a in as_jan] == [shared]  # DNK-only and CONFIDENTIAL: not his
    assert as_jan[0]["marking"] == "UNCLASSIFIED REL TO BEL, DNK"
    assert as_jan[0]["verdict"] == "suspicious" and as_jan[0]["mmsi"] == gap["mmsi"]
    capsys.readouterr()
    assert main(["ais", "assess", "--verdict", "fishy", *common, "--as", "Anna Holm"]) == 2
    err = capsys.readouterr().err.strip()
    assert "verdict 'fishy' is not one of" in err and len(err.splitlines()) == 1
    # the picture carries what its reader may read, marked with their high-water mark
    for who, banner, n in (
        ("Jan Peeters", "UNCLASSIFIED REL TO BEL, DNK", 1),
        ("Anna Holm", "CONFIDENTIAL REL TO DNK", 2),  # intersection of {BEL, DNK} and {DNK}
    ):
        out = tmp_path / who.replace(" ", "_")
        ok("ais", "picture", "--store", str(store), "--out", str(out), "--as", who, "--db", db)
        rows = (out / "assessments.csv").read_text().splitlines()
        assert rows[0] == f"# marking: {banner}" and len(rows) == 2 + n
        assert (out / "events.csv").read_text().splitlines()[0] == f"# marking: {banner}"
        html = (out / "index.html").read_text()
        assert banner in html and "dark 14 h off Scoresby Sund" in html
        assert ("hostile" in html) == (who == "Anna Holm")


@pytest.fixture
def mission_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A mission store with one DNK analyst (Anna Holm); no default AIS store."""
    monkeypatch.setenv("ARCTICRECON_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ARCTICRECON_DATABASE_URL", raising=False)
    monkeypatch.delenv("ARCTICRECON_AIS_STORE", raising=False)
    monkeypatch.delenv("ARCTICRECON_AS", raising=False)
    db = str(tmp_path / "mission.sqlite")
    for args in (
        ["mission", "init", "--name", "Arctic Sentry", "--lead", "DNK", "--db", db],
        ["nation", "add", "BEL", "--db", db],
        ["person", "add", "Anna Holm", "--nation", "DNK", "--clearance", "SECRET", "--db", db],
    ):
        assert main(args) == 0, args
    return db


def _events(store: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    capsys.readouterr()
    assert main(["ais", "events", "--store", str(store), "-f", "json"]) == 0
    return json.loads(capsys.readouterr().out)["events"]


@pytest.mark.parametrize(
    ("case", "needle"),
    [
        ("short_mmsi", "--mmsi '123' is not a nine-digit MMSI"),
        ("no_such_event", "--event 'ffffffffffffffff': no such event in the AIS store"),
        ("event_of_another_vessel", "is an event of 370000401, not of --mmsi 273000301"),
        ("no_such_vessel", "--mmsi 999000999: no such vessel in the AIS store"),
    ],
)
def test_assess__things_that_do_not_exist_are_refused(
    store: Path,
    mission_db: str,
    capsys: pytest.CaptureFixture[str],
    case: str,
    needle: str,
):
    gap = next(e for e in _events(store, capsys) if e["kind"] == "gap")
    assert gap["mmsi"] == 370000401  # the packaged sample's disabling gap
    args = {
        "short_mmsi": ["--mmsi", "123"],
        "no_such_event": ["--mmsi", "370000401", "--event", "ffffffffffffffff"],
        "event_of_another_vessel": ["--mmsi", "273000301", "--event", gap["event_id"]],
        "no_such_vessel": ["--mmsi", "999000999"],
    }[case]
    base = ["ais", "assess", "--verdict", "suspicious", "--as", "Anna Holm", "--db", mission_db]
    capsys.readouterr()
    assert main([*base, *args, "--store", str(store)]) == 2
    err = capsys.readouterr().err.strip()
    assert needle in err and len(err.splitlines()) == 1, err
    assert main(["ais", "assessments", "--as", "Anna Holm", "--db", mission_db, "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # nothing was recorded


def test_assess__an_encounter_for_either_vessel_and_the_default_release_note(
    store: Path, mission_db: str, capsys: pytest.CaptureFixture[str]
):
    enc = next(e for e in _events(store, capsys) if e["kind"] == "encounter")
    base = ["ais", "assess", "--verdict", "unexplained", "--as", "Anna Holm", "--db", mission_db]
    for mmsi in (enc["mmsi"], enc["mmsi2"]):
        capsys.readouterr()
        code = main([*base, "--mmsi", str(mmsi), "--event", enc["event_id"], "--store", str(store)])
        err = capsys.readouterr().err
        assert code == 0, err
        # no --rel-to: the same note as `survey add` (released to every mission nation)
        assert "note: no --rel-to given: released to every mission nation" in err
    capsys.readouterr()
    code = main([*base, "--mmsi", str(enc["mmsi"]), "--rel-to", "DNK", "--store", str(store)])
    assert code == 0 and "no --rel-to" not in capsys.readouterr().err


def test_assess__without_a_store_checks_the_format_and_says_so(
    mission_db: str, capsys: pytest.CaptureFixture[str]
):
    base = ["ais", "assess", "--verdict", "routine", "--as", "Anna Holm", "--db", mission_db]
    capsys.readouterr()
    assert main([*base, "--mmsi", "2190006011"]) == 2  # ten digits
    assert "not a nine-digit MMSI" in capsys.readouterr().err
    assert main([*base, "--mmsi", "219000601", "--rel-to", "DNK"]) == 0
    assert "not checked against the recorded traffic" in capsys.readouterr().err


def test_ingest__error_is_one_line_with_no_blank_line_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    f = tmp_path / "bad.nmea"
    f.write_text("garbage\n")
    capsys.readouterr()
    assert main(["ais", "ingest", str(f), "--store", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1, repr(err)


def _tagged(t_s: int, data: dict[str, Any]) -> str:
    """One NMEA 4.0 line: a tag block with the receive time, then the sentence (pyais)."""
    from pyais import encode_dict

    body = f"c:{t_s},s:test"
    x = 0
    for ch in body.encode("ascii"):
        x ^= ch
    (sentence,) = encode_dict(data, talker_id="AI", sentence_type="VDM", radio_channel="A")
    return f"\\{body}*{x:02X}\\{sentence}"


def test_vessels__zone_counts_and_spans_only_the_positions_inside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    # fresh-user finding: `--zone` listed the vessel with the count of ALL its positions.
    # Vessel A: 3 fixes in Nuuk harbour (64.17 N 51.73 W: inside 12 NM), 2 in Davis Strait
    # at 64.0 N 54.0 W (~47 NM off the outer skerries at ~52.2 W: 12-200 NM), 4 at
    # 60 N 30 W (>330 NM from any Greenland coast: beyond 200 NM). Vessel B: 3 fixes at
    # 60 N 30 W only. One fix every 10 min from 2026-01-19 00:00 UTC.
    t0 = 1_768_780_800  # 2026-01-19T00:00:00Z
    a_fixes = [(64.17, -51.73)] * 3 + [(64.0, -54.0)] * 2 + [(60.0, -30.0)] * 4
    lines = []
    for k, (la, lo) in enumerate(a_fixes):
        lines.append(_tagged(t0 + 600 * k, {"type": 1, "mmsi": 331000999, "lat": la, "lon": lo}))
    for k in range(3):
        d = {"type": 1, "mmsi": 257000999, "lat": 60.0, "lon": -30.0}
        lines.append(_tagged(t0 + 600 * k + 60, d))
    f = tmp_path / "zone.nmea"
    f.write_text("\n".join(lines) + "\n")
    store = tmp_path / "store"
    assert main(["ais", "ingest", str(f), "--store", str(store), "-f", "json"]) == 0

    def vessels(*args: str) -> dict[int, dict[str, object]]:
        capsys.readouterr()
        assert main(["ais", "vessels", "--store", str(store), "-f", "json", *args]) == 0
        return {r["mmsi"]: r for r in json.loads(capsys.readouterr().out)}

    every = vessels()
    assert (every[331000999]["positions"], every[257000999]["positions"]) == (9, 3)
    assert "positions_total" not in every[331000999]

    (a,) = vessels("--zone", "12nm").values()
    assert (a["mmsi"], a["positions"], a["positions_total"]) == (331000999, 3, 9)
    assert (a["first_utc_ms"], a["last_utc_ms"]) == (t0 * 1000, (t0 + 1200) * 1000)

    (a,) = vessels("--zone", "200nm").values()  # B never comes within 200 NM
    assert (a["positions"], a["positions_total"]) == (5, 9)
    assert a["last_utc_ms"] == (t0 + 2400) * 1000

    # zone and window together: 00:10-00:30 holds harbour fixes 2-3 and the first strait fix
    (a,) = vessels(
        "--zone", "200nm", "--from", "2026-01-19T00:10Z", "--to", "2026-01-19T00:30Z"
    ).values()
    assert (a["positions"], a["first_utc_ms"], a["last_utc_ms"]) == (
        3,
        (t0 + 600) * 1000,
        (t0 + 1800) * 1000,
    )

    capsys.readouterr()
    assert main(["ais", "vessels", "--store", str(store), "--zone", "12nm"]) == 0
    table = capsys.readouterr().out
    header = next(ln for ln in table.splitlines() if "mmsi" in ln)
    assert "positions_total" in header
    row = next(ln for ln in table.splitlines() if "331000999" in ln)
    assert [c.strip() for c in row.split("│")][-4:-1] == ["3", "9", "False"]
