"""Applying visible field findings to the site catalogue."""

from __future__ import annotations

import dataclasses
import datetime as dt

from arcticrecon.catalog import SiteKind, Surface, load_catalog
from arcticrecon.survey import apply_site_overrides
from arcticrecon.survey.marking import Marking
from arcticrecon.survey.models import SiteOverride
from arcticrecon.survey.overrides import closed_reason, override_provenance


def test_apply_site_overrides__runway_surface_elevation_replaced_and_marked() -> None:
    cat = load_catalog()
    new, extra = apply_site_overrides(
        cat, {"BGSF": {"longest_runway_m": 2500.0, "runway_surface": "gravel", "elevation_m": 51.0}}
    )
    site = new.get("BGSF")
    assert site.longest_runway_m == 2500.0 and site.runways[0].surface is Surface.GRAVEL
    assert site.elevation_m == 51.0 and extra == {}
    assert "field findings override elevation_m, longest_runway_m, runway_surface" in site.source
    assert cat.get("BGSF").longest_runway_m == 2809.9512  # the input is left unchanged
    assert new.get("BGGH") is cat.get("BGGH")  # sites without findings are the same objects


def test_apply_site_overrides__closed_and_reopened() -> None:
    cat = load_catalog()
    closed_site = next(s for s in cat if s.kind is SiteKind.CLOSED)
    new, _ = apply_site_overrides(
        cat, {"BGSF": {"closed": "true"}, closed_site.icao: {"closed": "false"}}
    )
    assert new.get("BGSF").kind is SiteKind.CLOSED
    assert new.get(closed_site.icao).kind is SiteKind.REPORTED


def test_apply_site_overrides__site_without_runway_gets_a_reported_one() -> None:
    new, _ = apply_site_overrides(load_catalog(), {"BGAG": {"longest_runway_m": 800.0}})
    site = new.get("BGAG")
    assert site.longest_runway_m == 800.0 and site.runways[-1].ident == "reported"
    assert site.runways[-1].surface is Surface.UNKNOWN


def test_apply_site_overrides__facts_without_catalogue_field_and_unknown_sites_returned() -> None:
    _, extra = apply_site_overrides(
        load_catalog(),
        {"BGSF": {"beds": 40, "fuel_types": ["JET A-1"]}, "XXXX": {"elevation_m": 3.0}},
    )
    assert extra == {"BGSF": {"beds": 40, "fuel_types": ["JET A-1"]}, "XXXX": {"elevation_m": 3.0}}


def test_closed_reason__names_the_finding_not_ourairports() -> None:
    # the tester's case: BGSF (open in OurAirports) closed by a site override; the plan's
    # exclusion reason must name the finding, and a site closed in OurAirports keeps its
    from pathlib import Path

    from arcticrecon.mission import read_mission_file
    from arcticrecon.planner import make_plan

    base = load_catalog()
    assert base.get("BGSF").is_open
    cat, _ = apply_site_overrides(base, {"BGSF": {"closed": "true"}})
    root = Path(__file__).resolve().parents[3]
    plan = make_plan(read_mission_file(root / "examples" / "greenland-recon-2026.toml"), cat)
    ep = plan.exercises[0]
    reason = str(ep.features["site_open_reason"].sel(location="BGSF").item())
    assert reason == "closed per a field finding you may read (site override of closed)"
    assert "OurAirports" not in reason
    listed = [s.icao for s in base if not s.is_open and s.icao in ep.features["location"]]
    for icao in listed[:1]:
        got = str(ep.features["site_open_reason"].sel(location=icao).item())
        assert got == "listed as closed in OurAirports"


def _closed_by(author_id: str, when: str) -> SiteOverride:
    return SiteOverride(
        "o-1",
        "BGSF",
        "closed",
        "true",
        author_id,
        dt.datetime.fromisoformat(when),
        Marking("RESTRICTED", ("DNK",)),
    )


def test_closed_reason__names_the_findings_author_and_date() -> None:
    # fresh-user finding: "closed per a finding you may read" did not say whose finding
    o = _closed_by("p-7", "2026-02-14T23:30:00-02:00")  # 2026-02-15 01:30 UTC
    prov = override_provenance([o], {"p-7": "Kapt Aka Berg"})
    assert prov == {"BGSF": {"closed": "Kapt Aka Berg, observed 2026-02-15"}}  # UTC date
    cat, _ = apply_site_overrides(load_catalog(), {"BGSF": {"closed": "true"}}, provenance=prov)
    assert closed_reason(cat.get("BGSF")) == (
        "closed per a field finding you may read "
        "(Kapt Aka Berg, observed 2026-02-15; site override of closed)"
    )
    assert "closed per Kapt Aka Berg, observed 2026-02-15" in cat.get("BGSF").source


def test_closed_reason__author_unknown_to_the_mission_is_named_by_id_and_provenance_of_other_fields_ignored() -> (
    None
):
    o = _closed_by("p-imported", "2026-03-01T08:00:00+00:00")
    elev = dataclasses.replace(o, field="elevation_m", value=51.0, author_id="p-9")
    prov = override_provenance([o, elev], {"p-9": "Lt A; B"})
    assert prov["BGSF"] == {
        "closed": "p-imported, observed 2026-03-01",
        "elevation_m": "Lt A, B, observed 2026-03-01",  # "; " separates source parts
    }
    cat, _ = apply_site_overrides(
        load_catalog(), {"BGSF": {"closed": "true", "elevation_m": 51.0}}, provenance=prov
    )
    assert closed_reason(cat.get("BGSF")) == (
        "closed per a field finding you may read "
        "(p-imported, observed 2026-03-01; site override of closed)"
    )
    # an elevation finding alone does not make a closed reason out of its author
    cat, _ = apply_site_overrides(
        load_catalog(), {"BGSF": {"elevation_m": 51.0}}, provenance={"BGSF": prov["BGSF"]}
    )
    assert cat.get("BGSF").is_open and closed_reason(cat.get("BGSF")) == ""
