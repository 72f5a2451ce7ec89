"""End-to-end tests of ``arcticrecon coverage``."""

from __future__ import annotations

import json

import pytest

from arcticrecon.cli.main import main


def test_coverage__json_issue_example(capsys):
    code = main(
        [
            "coverage",
            "--aircraft",
            "AW101",
            "--response-h",
            "2",
            "--k",
            "3",
            "--fixed",
            "BGTL",
            "--format",
            "json",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    d = json.loads(out)
    assert d["optimal"] is True
    assert len(d["sites"]) == 3 and d["sites"][0] == "BGTL"
    assert d["total_demand"] == 47297.0
    assert 0 < d["covered_demand"] <= d["total_demand"]
    assert [p["k"] for p in d["coverage_curve"]] == [1, 2, 3]
    assert d["coverage_curve"][-1]["covered_demand"] == d["covered_demand"]
    assert set(d["marginal_value"]) == set(d["sites"])
    assert d["radius_m"] == 555600.0


def test_coverage__table_and_csv(capsys):
    args = [
        "coverage",
        "--aircraft",
        "AW101",
        "--response-h",
        "2",
        "--k",
        "3",
        "--fixed",
        "BGTL",
        "--fixed",
        "BGSF",
        "--fixed",
        "BGGH",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "proven optimal" in out and "Coverage curve" in out
    assert "Not covered: Nanortalik, Tasiilaq, Upernavik" in out
    assert main([*args, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("icao,name,fixed")
    assert [ln.split(",")[0] for ln in lines[1:]] == ["BGTL", "BGSF", "BGGH"]
    assert ",6187.0," in lines[2]  # BGSF marginal value, plain number


def test_coverage__user_demand_file(tmp_path, capsys):
    f = tmp_path / "lanes.csv"
    f.write_text(
        "lat_deg,lon_deg,weight,label\n64.17,-51.74,5,Nuuk approach\n70.5,-22.0,3,Scoresby Sund\n"
    )
    code = main(
        [
            "coverage",
            "--aircraft",
            "AW101",
            "--response-h",
            "1",
            "--k",
            "1",
            "--demand",
            str(f),
            "--format",
            "json",
        ]
    )
    d = json.loads(capsys.readouterr().out)
    assert code == 0
    assert d["total_demand"] == 8.0 and d["covered_demand"] == 5.0
    assert d["demand_unit"] == "user weight"


def test_coverage__both_layers(capsys):
    code = main(
        [
            "coverage",
            "--aircraft",
            "AW101",
            "--response-h",
            "2",
            "--k",
            "2",
            "--demand",
            "both",
            "--coast-spacing-km",
            "100",
            "--format",
            "json",
        ]
    )
    d = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {b["layer"] for b in d["by_layer"]} == {"settlements", "coast"}
    assert d["total_demand"] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("extra", "match"),
    [
        (["--k", "1", "--fixed", "BGTL", "--fixed", "BGSF"], "k = 1"),
        (["--k", "2", "--fixed", "BGXX"], "BGXX"),
        (["--k", "2", "--response-h", "0"], "response time"),
        (["--k", "2", "--response-h", "-1"], "response time"),
        (["--k", "2", "--demand", "nowhere.csv"], "--demand"),
        (["--k", "2", "--aircraft", "Concorde"], "Concorde"),
    ],
)
def test_coverage__bad_input_one_line_exit_2(capsys, extra, match):
    args = ["coverage", "--aircraft", "AW101", "--response-h", "2"]
    code = main(args + extra)
    err = capsys.readouterr().err
    assert code == 2
    assert match in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_coverage__aircraft_that_can_use_no_site(monkeypatch, capsys):
    import dataclasses

    from arcticrecon.catalog import Catalog, SiteKind, load_catalog

    closed = Catalog(tuple(dataclasses.replace(s, kind=SiteKind.CLOSED) for s in load_catalog()))
    monkeypatch.setattr("arcticrecon.catalog.load_catalog", lambda: closed)
    code = main(["coverage", "--aircraft", "AW101", "--response-h", "2", "--k", "1"])
    err = capsys.readouterr().err
    assert code == 2 and "can use none" in err
    assert len(err.strip().splitlines()) == 1
