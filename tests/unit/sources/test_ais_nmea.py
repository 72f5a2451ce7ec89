"""NMEA AIS stream decoding: vectorised decoder vs pyais, tag blocks, reassembly, rejects."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyais
import pytest

import arcticrecon.catalog  # noqa: F401 - import first: main's sources<->catalog import cycle
from arcticrecon.errors import InputError
from arcticrecon.sources.ais.bits import nmea_checksums
from arcticrecon.sources.ais.files import read_ais_file
from arcticrecon.sources.ais.nmea import DecodeStats, NmeaDecoder

AEGEAN = Path(__file__).parent / "data" / "ais_sample_aegean_pyais.nmea"


def _xor(text: str) -> int:
    x = 0
    for ch in text.encode():
        x ^= ch
    return x


def _tag(t_s: int, extra: str = "") -> str:
    body = f"c:{t_s}{extra}"
    return f"\\{body}*{_xor(body):02X}\\"


def test_decoder__matches_pyais_on_real_recording():
    lines = AEGEAN.read_text().splitlines()
    dec = NmeaDecoder(start_utc=datetime(2026, 1, 20, tzinfo=UTC), rate_hz=10)
    b = dec.feed(lines)
    # reference: pyais decodes each single-part position sentence on its own
    ref = []
    for ln in lines:
        if not ln.startswith("!AIVDM,1,1") or ",," in ln.split(",", 5)[-1][:1]:
            continue
        try:
            m = pyais.decode(ln)
        except Exception:
            continue
        if m.msg_type in (1, 2, 3, 18) and m.lat is not None and abs(m.lat) <= 90:
            if abs(m.lon) <= 180:
                ref.append(m)
    assert b.n_positions == len(ref) == 758
    for k, m in enumerate(ref):
        assert b.positions["mmsi"][k] == m.mmsi
        assert b.positions["lat_deg"][k] == pytest.approx(m.lat, abs=1e-6)
        assert b.positions["lon_deg"][k] == pytest.approx(m.lon, abs=1e-6)
        if m.speed is not None and m.speed < 102.3:
            assert b.positions["sog_kt"][k] == pytest.approx(m.speed, abs=0.05)
        if m.course is not None and m.course < 360:
            assert b.positions["cog_deg"][k] == pytest.approx(m.course, abs=0.05)
    # the file's empty payloads and lone first halves are counted, not decoded
    assert b.stats.rejected["empty_payload"] == 100
    fin = dec.finish()
    assert b.stats.rejected["missing_fragment"] + fin.stats.rejected["missing_fragment"] == 20


def test_checksums__vectorised_equals_bytewise():
    bodies = [b"AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0", b"", b"A"]
    assert nmea_checksums(bodies).tolist() == [0x4A, 0, ord("A")]


def test_tag_block_time_and_two_part_reassembly():
    t = 1768867200  # 2026-01-20T00:00Z
    parts = pyais.encode_dict(
        {
            "type": 5,
            "mmsi": 331000501,
            "shipname": "SYNTH COASTER",
            "callsign": "OXSY5",
            "ship_type": 70,
            "to_bow": 80,
            "to_stern": 20,
            "to_port": 8,
            "to_starboard": 8,
            "draught": 6.5,
            "destination": "NUUK",
            "imo": 9000501,
        },
        talker_id="AI",
        sentence_type="VDM",
    )
    assert len(parts) == 2
    pos = pyais.encode_dict(
        {"type": 1, "mmsi": 331000501, "lat": 64.1763, "lon": -51.7213, "speed": 10.0},
        talker_id="AI",
        sentence_type="VDM",
    )[0]
    dec = NmeaDecoder()
    b1 = dec.feed([_tag(t) + parts[0], _tag(t + 1) + pos])
    assert b1.n_positions == 1 and not b1.statics  # part 2 still to come
    assert b1.positions["t_utc_ms"][0] == (t + 1) * 1000
    b2 = dec.feed([_tag(t + 2) + parts[1]])
    (st,) = b2.statics
    assert st["name"] == "SYNTH COASTER" and st["destination"] == "NUUK"
    assert st["to_bow_m"] + st["to_stern_m"] == 100.0
    assert st["t_utc_ms"] == t * 1000  # time of the first part


def test_malformed_input__counted_per_reason_never_raises():
    good = pyais.encode_dict(
        {"type": 1, "mmsi": 257000101, "lat": 64.0, "lon": -53.0},
        talker_id="AI",
        sentence_type="VDM",
    )[0]
    na = pyais.encode_dict(
        {"type": 1, "mmsi": 257000101, "lat": 91, "lon": 181}, talker_id="AI", sentence_type="VDM"
    )[0]
    bad_cs = good[:-1] + ("0" if good[-1] != "0" else "1")
    t = _tag(1768867200)
    lines = [
        t + good,
        t + bad_cs,
        t + na,
        "garbage line",
        t + "!AIVDM,1,1,,A,,0*" + f"{_xor('AIVDM,1,1,,A,,0'):02X}",
        t + "!AIVDM,1,1,,A,13u?etPv2;0n:dD,0*" + f"{_xor('AIVDM,1,1,,A,13u?etPv2;0n:dD,0'):02X}",
        "$GPGGA,120000.00,6410.0000,N,05143.0000,W,1,08,0.9,10.0,M,30.0,M,,*4E",
        "\\c:1768867200*00\\" + good,  # bad tag-block checksum
        good,  # no receive time and no clock
        t + "!" + (body := "AIVDM,1,1,,A,1~~~~~~~~~~~~~~~~~~~~~~~~~~~,0") + f"*{_xor(body):02X}",
        "",
        "# comment",
    ]
    b = NmeaDecoder().feed(lines)
    assert b.n_positions == 1
    assert dict(b.stats.rejected) == {
        "checksum": 1,
        "bad_payload_char": 1,
        "position_not_available": 1,
        "malformed": 1,
        "empty_payload": 1,
        "truncated": 1,
        "not_ais": 1,
        "tag_block_checksum": 1,
        "no_receive_time": 1,
    }


def test_gzip_and_refusal_without_receive_times(tmp_path):
    gz = tmp_path / "aegean.nmea.gz"
    gz.write_bytes(gzip.compress(AEGEAN.read_bytes()))
    with pytest.raises(InputError, match="no receive times"):
        list(read_ais_file(gz))
    with pytest.raises(InputError, match="go together"):
        list(read_ais_file(gz, rate_hz=10.0))
    total = DecodeStats()
    for b in read_ais_file(gz, start_utc=datetime(2026, 1, 20, tzinfo=UTC), rate_hz=10.0):
        total.add(b.stats)
    assert total.positions == 758 and total.lines == 898


def test_dma_csv_layout(tmp_path):
    p = tmp_path / "aisdk.csv"
    p.write_text(
        "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,"
        "Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing "
        "device,Draught,Destination,ETA,Data source type,A,B,C,D\n"
        "20/01/2026 12:00:00,Class A,219000601,64.1,-52.0,Under way using engine,0,12.5,45.0,"
        "44,Unknown,OUSY6,SYNTH FAST,Cargo,,16,100,GPS,6.5,NUUK,,AIS,80,20,8,8\n"
        "20/01/2026 12:05:00,Class A,219000601,91.0,181.0,Unknown value,,,,,,,,,,,,,,,,AIS,,,,\n"
        "bad date,Class A,219000601,64.2,-52.1,,,,,,,,,,,,,,,,,AIS,,,,\n"
    )
    (b,) = list(read_ais_file(p))
    assert b.n_positions == 1
    assert b.positions["t_utc_ms"][0] == 1768910400000
    assert b.positions["sog_kt"][0] == pytest.approx(12.5)
    assert b.positions["nav_status"][0] == 0
    assert dict(b.stats.rejected) == {"position_not_available": 1, "malformed": 1}
    assert b.statics[0]["name"] == "SYNTH FAST" and b.statics[0]["to_bow_m"] == 80.0
    assert np.isnan(b.positions["heading_deg"][0]) is np.False_
