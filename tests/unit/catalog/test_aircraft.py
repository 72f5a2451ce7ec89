"""Aircraft compatibility with runways (lengths converted from feet once, on ingest)."""

from __future__ import annotations

import pytest

from arcticrecon.catalog import (
    Runway,
    Surface,
    get_aircraft,
    load_catalog,
    runway_compatibility,
    site_compatibility,
)
from arcticrecon.errors import NotFoundError
from arcticrecon.units import ft_to_m


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


def test_get_aircraft__aliases():
    assert get_aircraft("C-17").min_runway_width_m == pytest.approx(27.4)
    assert get_aircraft("a400m").key == "A400M"
    assert get_aircraft("EH101").rotorcraft
    with pytest.raises(NotFoundError, match="C-5"):
        get_aircraft("C-5")


def test_c17_refused_at_short_gravel_strip__with_reason(cat):
    # Danmarkshavn BGDH: runway 10T/28T 2132 ft (650 m) gravel; C-17 needs 1,064 m
    # (USAF C-17 fact sheet: 3,500 ft).
    v = site_compatibility(get_aircraft("C-17"), cat.get("BGDH"))
    assert not v.ok
    assert v.reason == "runway 10T/28T 650 m < 1,064 m take-off distance required by C-17"


def test_c130_refused_at_ilulissat_845_m(cat):
    v = site_compatibility(get_aircraft("C-130J-30"), cat.get("BGJN"))
    assert not v.ok and "845 m < 953 m" in v.reason


def test_which_sites__for_the_main_types(cat):
    usable = {
        k: {s.icao for s in cat if site_compatibility(get_aircraft(k), s).ok}
        for k in ("C-130J-30", "A400M", "C-17", "DHC-6", "AW101")
    }
    assert usable["C-17"] == {"BGBW", "BGGH", "BGKK", "BGQO", "BGSF", "BGTL"}
    assert {"BGSF", "BGGH", "BGTL", "BGQQ", "BGCO"} <= usable["A400M"]
    assert "GL-0006" in usable["DHC-6"]  # Summit skiway: Twin Otter on wheel-skis
    assert "GL-0006" not in usable["C-130J-30"]  # skiway needs skis (LC-130)
    assert len(usable["AW101"]) == sum(1 for s in cat if s.is_open)


def test_runway_compatibility__feet_converted_once_ar27():
    # Public case AR-27: 9219 ft runway with a 1000 ft displaced landing threshold.
    rw = Runway(
        "09/27",
        length_m=ft_to_m(9219),
        width_m=60.0,
        surface=Surface.PAVED,
        le_displaced_threshold_m=ft_to_m(1000),
        he_displaced_threshold_m=ft_to_m(1000),
    )
    assert rw.landing_distance_available_m == pytest.approx(2505.15, abs=0.5)


def test_runway_compatibility__unknown_surface_is_a_caveat(cat):
    v = site_compatibility(get_aircraft("A400M"), cat.get("BGKK"))
    assert v.ok
    assert any("surface unknown" in c for c in v.caveats)


def test_runway_compatibility__closed_and_helipad():
    ac = get_aircraft("DHC-6")
    closed = Runway("05/23", 950.0, 30.0, Surface.PAVED, closed=True)
    pad = Runway("H1", 60.0, 20.0, Surface.PAVED, is_helipad=True)
    assert runway_compatibility(ac, closed).reason == "runway 05/23 is closed"
    assert not runway_compatibility(ac, pad).ok
    assert runway_compatibility(get_aircraft("AW101"), pad).ok
