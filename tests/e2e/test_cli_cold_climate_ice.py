"""End-to-end: the cold, climate and ice commands through arcticrecon.cli.main.main."""

import json
from pathlib import Path

import pytest

from arcticrecon.cli.main import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cold__temp_wind_json(capsys):
    code, out, _ = run(capsys, "cold", "--temp", "-20", "--wind", "30", "--format", "json")
    d = json.loads(out)
    assert code == 0
    assert d["wind_chill_degC"] == -32.6 and d["applicable"] is True
    assert d["frostbite_band"] == "exposed skin can freeze in 10-30 min"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("cold", "--temp", "-10", "--wind", "3"), "below the wind chill domain"),
        (("cold", "--temp", "253", "--wind", "30"), "kelvin"),
        (("cold", "ZZZZ"), "not in the catalogue"),
        (("cold", "--temp", "-10"), "--wind"),
        (("ice", "load", "--thickness-cm", "80", "--a", "12"), "outside the published range"),
        (
            ("ice", "polaris", "--ice-class", "PC9", "--ice", "thick_fy=9"),
            "not a POLARIS ice class",
        ),
        (
            ("ice", "polaris", "--ice-class", "PC5", "--ice", "thick_fy=9", "--ice", "grey_ice=5"),
            "more than 10",
        ),
        (("ice", "ports", "Copenhagen"), "not in the port-season table"),
        (("climate", "show", "ZZZZ"), "neither a catalogue site"),
    ],
)
def test_cli__bad_input_one_line_exit_2(capsys, args, needle):
    code, _out, err = run(capsys, *args)
    assert code == 2
    assert needle in " ".join(err.split())
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) <= 3  # one logical line (rich may wrap long lines)


def test_cold__allow_outside_flags_not_applicable(capsys):
    code, out, _ = run(
        capsys, "cold", "--temp", "-10", "--wind", "0", "--allow-outside", "--format", "json"
    )
    d = json.loads(out)
    assert code == 0
    assert d["applicable"] is False and d["wind_chill_degC"] == -10.0


def test_cold__site_month_csv(capsys):
    code, out, _ = run(capsys, "cold", "BGGH", "--month", "1", "--format", "csv")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("month,mean_degC,mean_source")
    assert lines[1].startswith("1,-7.5,station (medium-high)")


def test_cold__site_json_says_winds_are_scenarios(capsys):
    code, out, _ = run(capsys, "cold", "BGTL", "--format", "json", "--wind", "20")
    d = json.loads(out)
    assert code == 0 and len(d["months"]) == 12
    assert d["wind_scenarios_kmh"] == [20.0]
    assert "scenario" in d["wind_note"]


def test_climate_show__json_both_values(capsys):
    code, out, _ = run(capsys, "climate", "show", "BGGH", "--format", "json")
    d = json.loads(out)
    assert code == 0 and d["station"] == "Nuuk"
    assert d["rows"][0]["station_mean_degC"] == -7.5
    assert d["rows"][0]["era5_t2m_degC"] == -8.1


def test_climate_import__meteostat_writes_csv(capsys, tmp_path: Path):
    src = tmp_path / "obs.csv"
    src.write_text("time,temp,wspd\n2024-01-01 00:00:00,-30.0,40\n2024-01-01 01:00:00,-31.0,40\n")
    out_csv = tmp_path / "out" / "table.csv"
    code, out, _ = run(
        capsys,
        "climate",
        "import",
        str(src),
        "--format",
        "meteostat",
        "--out",
        str(out_csv),
        "-o",
        "json",
    )
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["site"] == "obs" and rows[0]["hours_wci_le_m40"] == 2.0
    text = out_csv.read_text()
    assert text.startswith("site,month,n_obs") and "obs.csv" in text


def test_climate_import__malformed_file_exit_2(capsys, tmp_path: Path):
    src = tmp_path / "broken.json"
    src.write_text("{not json")
    code, _, err = run(capsys, "climate", "import", str(src), "--format", "dmi")
    assert code == 2 and "broken.json" in err


def test_ice_polaris__issue_example(capsys):
    code, out, _ = run(
        capsys,
        "ice",
        "polaris",
        "--ice-class",
        "PC5",
        "--ice",
        "thick_fy=9",
        "--ice",
        "open_water=1",
        "--format",
        "json",
    )
    d = json.loads(out)
    assert code == 0 and d["rio"] == 3 and d["operation"] == "normal"


def test_ice_load__issue_example(capsys):
    code, out, _ = run(
        capsys, "ice", "load", "--thickness-cm", "80", "--a", "4", "--format", "json"
    )
    d = json.loads(out)
    assert (
        code == 0 and d["allowable_load_kg"] == 25600 and d["valid_for_stationary_loads"] is False
    )


def test_ice_ports__csv(capsys):
    code, out, _ = run(capsys, "ice", "ports", "--ice-class", "PC5", "--format", "csv")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 11
    assert any(line.startswith("Pituffik,not reachable") for line in lines)


def test_climate_show__station_name_or_wmo_id(capsys):
    code, out, _ = run(capsys, "climate", "show", "04250", "--format", "json")
    assert code == 0 and json.loads(out)["station"] == "Nuuk"


def test_climate_show__unknown_station_exit_2(capsys):
    code, _, err = run(capsys, "climate", "show", "Atlantis")
    assert code == 2 and "neither a catalogue site" in " ".join(err.split())
