"""Surveys applied to the planning catalogue: new sites, re-measured runways, provenance."""

from __future__ import annotations

import pytest

from arcticrecon.catalog import get_aircraft, load_catalog, site_compatibility
from arcticrecon.catalog.models import SiteKind, Surface
from arcticrecon.survey import Marking
from arcticrecon.zones import apply_surveys, read_survey, survey_ident

M = Marking("RESTRICTED", ("DNK", "BEL"))
RID = "1a2b3c4d-0000-4000-8000-000000000000"


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


def _lz(strip, base, **kw):
    c = strip(67.3, -50.2, 97.0, kw.pop("length_m", 1200.0), kw.pop("width_m", 30.0))
    return read_survey(
        {
            **base,
            "form": "lz",
            "position": c[0],
            "corners": c,
            "surface": "gravel",
            "longitudinal_slope_pct": 1.0,
            "transverse_slope_pct": 1.0,
            **kw,
        }
    )


def test_new_lz_becomes_a_reported_site(cat, strip, base):
    s = _lz(strip, base, elevation_m=420.0)
    new_cat, applied = apply_surveys(cat, [(RID, s, M)])
    assert len(new_cat) == len(cat) + 1
    site = new_cat.get("SVY-1A2B3C4D")
    assert site.kind is SiteKind.REPORTED and site.name == "Test zone"
    assert site.elevation_m == 420.0 and site.tz == "America/Nuuk"
    (rw,) = site.runways
    assert rw.length_m == pytest.approx(1200.0, abs=0.05) and rw.surface is Surface.GRAVEL
    assert site.source == f"surveyed by Team North on 2026-02-03 (survey {RID})"
    (a,) = applied
    assert a.new_site and a.ident == survey_ident(RID) and a.marking == M
    assert a.figures[0].startswith("runway S10/28 (surveyed): length 1,200 m, width 30.0 m")
    # the plan sees it: a C-130J-30 (953 m on gravel) can use it, a C-17 (1,064 m paved/gravel) too
    assert site_compatibility(get_aircraft("C-130J-30"), site).ok


def test_survey_remeasures_a_catalogue_runway(cat, strip, base):
    bgsf = cat.get("BGSF")
    assert bgsf.runways[0].ident == "09/27" and bgsf.runways[0].length_m > 2800
    s = _lz(strip, base, site="BGSF", runway="09/27", length_m=1000.0, width_m=45.0)
    new_cat, applied = apply_surveys(cat, [(RID, s, M)])
    assert len(new_cat) == len(cat)
    rw = new_cat.get("BGSF").runways[0]
    assert rw.ident == "09/27" and rw.length_m == pytest.approx(1000.0, abs=0.05)
    assert new_cat.get("BGSF").source.endswith(
        f"; surveyed by Team North on 2026-02-03 (survey {RID})"
    )
    assert applied[0].figures[0].startswith("runway 09/27: length 1,000 m")
    # C-17 needs 1,064 m: usable per the catalogue, no longer per the survey
    assert site_compatibility(get_aircraft("C-17"), bgsf).ok
    assert not site_compatibility(get_aircraft("C-17"), new_cat.get("BGSF")).ok


def test_newest_survey_wins_and_hlz_adds_a_heliport(cat, strip, base):
    old = _lz(strip, base, site="BGSF", runway="09/27", length_m=1000.0)
    new = _lz(
        strip,
        {**base, "observed_at_utc": "2026-03-01T10:00:00Z"},
        site="BGSF",
        runway="09/27",
        length_m=2000.0,
    )
    c, _ = apply_surveys(cat, [("b" * 8 + RID[8:], new, M), (RID, old, M)])
    assert c.get("BGSF").runways[0].length_m == pytest.approx(2000.0, abs=0.05)
    hlz = read_survey(
        {
            **base,
            "form": "hlz",
            "position": "67.1, -50.1",
            "touchdown_diameter_m": 60,
            "ground_slope_deg": 3,
            "surface": "snow",
        }
    )
    c, _ = apply_surveys(cat, [(RID, hlz, M)])
    site = c.get("SVY-1A2B3C4D")
    assert site.kind is SiteKind.HELIPORT and site.runways[0].is_helipad
    assert site.runways[0].surface is Surface.SNOW_ICE
    assert site_compatibility(get_aircraft("AW101"), site).ok
    assert not site_compatibility(get_aircraft("C-130J-30"), site).ok


def test_plan_compatibility_follows_the_survey_verdict(cat, strip, base):
    """A surveyed 1,200 m x 18 m gravel strip: the catalogue rule (no width for C-130J-30)
    would accept it; the survey verdict (DAFMAN 13-217: 60 ft = 18.3 m) does not."""
    from arcticrecon.zones import survey_compatibility

    s = _lz(strip, base, width_m=18.0)
    new_cat, applied = apply_surveys(cat, [(RID, s, M)])
    site = new_cat.get(survey_ident(RID))
    c130 = get_aircraft("C-130J-30")
    assert site_compatibility(c130, site).ok  # catalogue rule: length and surface only
    compat = survey_compatibility(applied)
    v = compat(c130, site)
    assert not v.ok
    assert v.reason == "survey of S10/28: width 18.0 m < 18.3 m required by C-130J-30 for gravel"
    assert compat(get_aircraft("DHC-6"), site).ok  # no published width: not assessed
    # an unsurveyed site keeps the catalogue verdict
    assert compat(c130, new_cat.get("BGSF")) == site_compatibility(c130, cat.get("BGSF"))


def test_port_survey_becomes_a_site_without_a_runway(cat, base):
    # a port (or drop zone) survey adds no runway: it used to fail with UnboundLocalError
    port = read_survey(
        {
            **base,
            "form": "port",
            "position": "64.17, -51.74",
            "quay_length_m": 120,
            "depth_alongside_m": 7.5,
        }
    )
    c, applied = apply_surveys(cat, [(RID, port, M)])
    site = c.get("SVY-1A2B3C4D")
    assert site.kind is SiteKind.REPORTED and site.runways == ()
    (a,) = applied
    assert a.figures == ("depth alongside 7.5 m (chart datum)", "quay length 120 m")
    assert a.verdicts == ()
