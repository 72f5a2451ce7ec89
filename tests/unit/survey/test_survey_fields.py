"""Structured report fields per kind and overridable catalogue facts."""

from __future__ import annotations

import datetime as dt

import pytest

from arcticrecon.errors import InputError, OutOfDomainError
from arcticrecon.survey import (
    OVERRIDE_FIELDS,
    REPORT_FIELDS,
    Marking,
    ReconReport,
    ReportKind,
    SiteOverride,
    validate_fields,
    validate_override,
)


def test_report_fields__every_kind_has_hazards_and_units_in_names() -> None:
    for kind, specs in REPORT_FIELDS.items():
        assert "hazards" in specs, kind
        for name, spec in specs.items():
            if spec.type in {"float", "int"}:
                assert spec.unit.startswith("["), name
    assert {
        "runway_length_measured_m",
        "runway_surface",
        "runway_condition_code",
        "ice_thickness_m",
        "fuel_types",
        "fuel_stock_l",
    } <= set(REPORT_FIELDS[ReportKind.AIRFIELD])
    assert {"quay_length_m", "quay_depth_m"} <= set(REPORT_FIELDS[ReportKind.PORT])
    assert "beds" in REPORT_FIELDS[ReportKind.ACCOMMODATION]


def test_validate_fields__converts_text_from_the_command_line() -> None:
    got = validate_fields(
        ReportKind.AIRFIELD,
        {
            "runway_length_measured_m": "2810.5",
            "runway_surface": "Gravel",
            "runway_condition_code": "5",
            "hazards": "ice, wind ,",
            "fuel_stock_l": 12000,
        },
    )
    assert got == {
        "fuel_stock_l": 12000.0,
        "hazards": ["ice", "wind"],
        "runway_condition_code": 5,
        "runway_length_measured_m": 2810.5,
        "runway_surface": "gravel",
    }


@pytest.mark.parametrize(
    ("kind", "fields", "error", "match"),
    [
        (ReportKind.PORT, {"beds": 3}, InputError, "not a port field"),
        (ReportKind.AIRFIELD, {"runway_condition_code": 7}, OutOfDomainError, r"\[0, 6\]"),
        (ReportKind.AIRFIELD, {"runway_length_measured_m": "long"}, InputError, "not a number"),
        (ReportKind.AIRFIELD, {"runway_length_measured_m": "nan"}, InputError, "not a finite"),
        (ReportKind.AIRFIELD, {"runway_length_measured_m": True}, InputError, "not a number"),
        (ReportKind.AIRFIELD, {"runway_surface": "grass"}, InputError, "not one of paved"),
        (ReportKind.TRAINING_AREA, {"ice_thickness_m": 40}, OutOfDomainError, "check the unit"),
        (ReportKind.ACCOMMODATION, {"hazards": 3}, InputError, "not a list"),
    ],
)
def test_validate_fields__bad_values_raise(
    kind: ReportKind, fields: dict[str, object], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        validate_fields(kind, fields)


def test_validate_override__only_declared_fields() -> None:
    assert validate_override("beds", "40") == 40
    assert validate_override("closed", "TRUE") == "true"
    assert set(OVERRIDE_FIELDS) >= {"longest_runway_m", "runway_surface", "port_depth_m"}
    with pytest.raises(InputError, match="cannot be overridden"):
        validate_override("iata", "SFJ")


def test_report_and_override_to_dict__carry_level_and_rel_to() -> None:
    t = dt.datetime(2026, 1, 20, 12, tzinfo=dt.UTC)
    m = Marking("RESTRICTED", ("DNK", "BEL"))
    r = ReconReport("id1", "rev1", "BGSF", ReportKind.PORT, None, "p1", "Anna", t, t, {}, "txt", m)
    d = r.to_dict()
    assert (d["id"], d["site"], d["text"], d["rel_to"], d["level"]) == (
        "id1",
        "BGSF",
        "txt",
        ["DNK", "BEL"],
        "RESTRICTED",
    )
    assert d["observed_at_utc"] == "2026-01-20T12:00:00+00:00"
    o = SiteOverride("o1", "BGSF", "beds", 3, "p1", t, m).to_dict()
    assert (o["level"], o["rel_to"], o["value"]) == ("RESTRICTED", ["DNK", "BEL"], 3)
