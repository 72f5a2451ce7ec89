"""AIS position reports (AR-20): signed latitude/longitude, speed over ground."""

from __future__ import annotations

import pytest

import arcticrecon.catalog  # noqa: F401 - import first: main's sources<->catalog import cycle
from arcticrecon.errors import InputError
from arcticrecon.sources.ais import decode_ais_positions

# AR-20 (public_cases.json): tolerance 1e-5 deg, 0.05 kt; checksums valid
SENTENCES = [
    "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A",
    "!AIVDM,1,1,,A,14sba>hP1TLC?A`Tf==1hQHt0000,0*27",
]
EXPECTED = [
    {
        "msg_type": 1,
        "mmsi": 371798000,
        "lat": 48.381633,
        "lon": -123.395383,
        "sog_kn": 12.3,
        "cog_deg": 224.0,
        "heading_deg": 215,
    },
    {
        "msg_type": 1,
        "mmsi": 331000123,
        "lat": 64.1763,
        "lon": -51.7213,
        "sog_kn": 10.0,
        "cog_deg": 45.0,
        "heading_deg": 44,
    },
]


def test_decode_ais_positions__ar20_signed_positions():
    got = decode_ais_positions(SENTENCES)
    assert len(got) == 2
    for p, e in zip(got, EXPECTED, strict=True):
        assert p.msg_type == e["msg_type"]
        assert p.mmsi == e["mmsi"]
        assert p.lat_deg == pytest.approx(e["lat"], abs=1e-5)
        assert p.lon_deg == pytest.approx(e["lon"], abs=1e-5)  # west is negative, never > 180
        assert p.speed_over_ground_kt == pytest.approx(e["sog_kn"], abs=0.05)
        assert p.course_over_ground_deg == pytest.approx(e["cog_deg"], abs=0.05)
        assert p.heading_deg == e["heading_deg"]


def test_decode_ais_positions__wrong_checksum_refused():
    bad = SENTENCES[0][:-2] + "4B"
    with pytest.raises(InputError, match="checksum"):
        decode_ais_positions([bad])
    assert decode_ais_positions([bad], check_checksum=False)[0].mmsi == 371798000


def test_decode_ais_positions__garbage_refused():
    with pytest.raises(InputError, match="cannot be decoded"):
        decode_ais_positions(["garbage"])
