"""Mission file validation: one-line errors naming the field path and the value."""

from __future__ import annotations

from pathlib import Path

import pytest

from arcticrecon.errors import InputError
from arcticrecon.mission import load_yaml_text, mission_from_dict, read_mission_file

BASE = """
[mission]
name = "m"
lead_nation = "DNK"
start = 2026-01-19
end = 2026-03-31
hubs = ["BGSF"]

[[exercise]]
name = "x"
kind = "cold_weather_land"
season = { from = 2027-01-01, to = 2027-12-31 }
"""


def _write(tmp_path: Path, text: str, name: str = "m.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_example_mission__real_mission_facts(example_mission):
    m = read_mission_file(example_mission)
    assert m.mission.lead_nation == "DNK"
    assert m.nations == ["DNK", "BEL", "FRA", "DEU", "NLD"]
    bel = next(c for c in m.contributions if c.nation == "BEL")
    assert bel.personnel == 1 and str(bel.arrive) == "2026-01-19"
    assert m.mission.hubs == ["BGSF", "BGGH"]
    assert len(m.exercise) >= 3


def test_read_mission_file__malformed_toml(tmp_path):
    with pytest.raises(InputError, match="is not valid TOML"):
        read_mission_file(_write(tmp_path, "[mission\nname="))


def test_read_mission_file__unknown_nation_names_field_and_value(tmp_path):
    p = _write(tmp_path, BASE.replace('"DNK"', '"XXX"'))
    with pytest.raises(InputError) as exc:
        read_mission_file(p)
    assert "mission.lead_nation" in str(exc.value) and "'XXX'" in str(exc.value)
    assert "\n" not in str(exc.value)


def test_read_mission_file__end_before_start(tmp_path):
    p = _write(tmp_path, BASE.replace("end = 2026-03-31", "end = 2025-03-31"))
    with pytest.raises(InputError, match=r"mission: end 2025-03-31 is before start 2026-01-19"):
        read_mission_file(p)


def test_read_mission_file__unknown_setting(tmp_path):
    p = _write(tmp_path, BASE.replace('name = "m"', 'name = "m"\nlead = "DNK"'))
    with pytest.raises(InputError, match=r"mission.lead: unknown setting"):
        read_mission_file(p)


def test_read_mission_file__missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read mission file"):
        read_mission_file(tmp_path / "nope.toml")


def test_nation_codes__alpha2_accepted_and_normalised():
    data = {
        "mission": {
            "name": "m",
            "lead_nation": "dk",
            "start": "2026-01-19",
            "end": "2026-03-31",
            "hubs": ["BGSF"],
        },
        "contributions": [{"nation": "NO", "personnel": 2}],
        "exercise": [
            {
                "name": "x",
                "kind": "recon_visit",
                "season": {"from": "2027-01-01", "to": "2027-02-01"},
            }
        ],
    }
    m = mission_from_dict(data)
    assert m.nations == ["DNK", "NOR"]


def test_yaml_norway_stays_a_string__ar18():
    # Public case AR-18: with YAML 1.1 an unquoted NO becomes boolean false.
    doc = load_yaml_text("nations: [DK, BE, FR, DE, NL, NO]\nlead: DK\n")
    assert doc == {"nations": ["DK", "BE", "FR", "DE", "NL", "NO"], "lead": "DK"}


def test_yaml_mission_file__norway_lead(tmp_path):
    text = (
        "mission: {name: m, lead_nation: NO, start: 2026-01-19, end: 2026-03-31, hubs: [BGSF]}\n"
        "exercise:\n- {name: x, kind: recon_visit, season: {from: 2027-01-01, to: 2027-02-01}}\n"
    )
    m = read_mission_file(_write(tmp_path, text, "m.yaml"))
    assert m.mission.lead_nation == "NOR"


def test_nation_false_is_refused_never_stored():
    data = {
        "mission": {
            "name": "m",
            "lead_nation": False,
            "start": "2026-01-19",
            "end": "2026-03-31",
            "hubs": ["BGSF"],
        },
        "exercise": [
            {
                "name": "x",
                "kind": "recon_visit",
                "season": {"from": "2027-01-01", "to": "2027-02-01"},
            }
        ],
    }
    with pytest.raises(InputError, match=r"mission.lead_nation: False is not a nation code"):
        mission_from_dict(data)


def test_negative_weight__refused(tmp_path):
    p = _write(tmp_path, BASE + "weights = { access = -1 }\n")
    with pytest.raises(InputError, match=r"exercise\[0\].weights"):
        read_mission_file(p)
