"""Hand-worked verdicts of each survey form.

Every expected figure is worked out here from the published criteria, never copied from
the code's output:

* C-130J-30 on an LZ: DAFMAN 13-217 Table 4.1 minimum 3,000 ft x 60 ft = 914.4 m x
  18.288 m; aircraft table take-off 953 m / landing 900 m -> 953 m governs the length.
* C-17: 3,500 ft x 90 ft = 1,066.8 m x 27.432 m (USAF fact sheet).
* Gold: P = A h^2; 80 cm, A = 4 kg/cm^2 -> 25,600 kg.
* DZ, CDS: 400 yd wide; 700 yd long for 5-8 containers, 550 yd for 4.
* HLZ: FM 3-21.38 slope bands 7° / 15°, touchdown 100 m (size 5), 80 m (size 4), 35 m
  (size 2), obstacle ratio 10:1.
"""

from __future__ import annotations

from typing import Any

import pytest

from arcticrecon.catalog import get_aircraft
from arcticrecon.zones import Outcome, Status, assess, read_survey

YD = 0.9144


def _lz(strip: Any, base: dict[str, Any], *, width_m: float, length_m: float = 1000.0, **kw: Any):
    corners = strip(67.0, -50.7, 97.0, length_m, width_m)
    data = {
        **base,
        "form": "lz",
        "position": corners[0],
        "corners": corners,
        "surface": "semi_prepared",
        "longitudinal_slope_pct": 1.0,
        "transverse_slope_pct": 1.5,
        **kw,
    }
    return read_survey(data)


def test_lz__c130_width_18_m_fails_with_reason(strip, base):
    s = _lz(strip, base, width_m=18.0)
    v = assess(s, [get_aircraft("C-130J-30")]).verdict("C-130J-30")
    assert v.outcome is Outcome.UNSUITABLE
    assert v.reasons == ("width 18.0 m < 18.3 m required by C-130J-30 for semi-prepared",)
    width = next(c for c in v.criteria if c.name == "width")
    assert "DAFMAN 13-217" in width.source and "Table 4.1" in width.source
    length = next(c for c in v.criteria if c.name == "length")
    assert length.status is Status.PASS and length.required.startswith("953 m")


def test_lz__length_surface_and_unknown_width_per_aircraft(strip, base):
    s = _lz(strip, base, width_m=30.0, length_m=1000.0)
    a = assess(s, [get_aircraft(k) for k in ("C-130J-30", "C-17", "A400M", "LC-130H", "AW101")])
    assert a.verdict("C-130J-30").outcome is Outcome.SUITABLE
    c17 = a.verdict("C-17")
    assert c17.outcome is Outcome.UNSUITABLE
    assert c17.reasons == ("length 1,000 m < 1,067 m required by C-17 on semi-prepared",)
    assert next(c for c in c17.criteria if c.name == "width").status is Status.PASS
    a400 = a.verdict("A400M")  # length 980 m < 1,000 m; no published width: not assessed
    assert a400.outcome is Outcome.SUITABLE
    assert next(c for c in a400.criteria if c.name == "width").status is Status.NOT_ASSESSED
    lc130 = a.verdict("LC-130H")  # paved + snow_ice only
    assert lc130.outcome is Outcome.UNSUITABLE
    assert lc130.reasons[0].startswith("surface semi-prepared not usable by LC-130H")
    with pytest.raises(KeyError):
        a.verdict("AW101")  # helicopters use the HLZ form
    assert a.measured["ident_true"] == "10/28"


def test_lz__dcp_readings_converted_and_shown_not_assessed(strip, base):
    s = _lz(strip, base, width_m=30.0, strength={"dcp_mm_per_blow": [10.0, 20.0]})
    v = assess(s, [get_aircraft("C-130J-30")]).verdict("C-130J-30")
    st = next(c for c in v.criteria if c.name == "strength")
    # Webster et al. 1992: CBR = 10^(2.465 - 1.12 log10 20) = 10^1.00781 = 10.2
    assert st.status is Status.NOT_ASSESSED and "lowest CBR 10.2 %" in st.measured


def _ice(strip: Any, base: dict[str, Any], grid: list[list[float]]):
    corners = strip(69.2, -51.1, 20.0, 1000.0, 30.0)
    return read_survey(
        {
            **base,
            "form": "ice",
            "position": corners[0],
            "corners": corners,
            "ice_type": "lake",
            "thickness_grid": {"spacing_m": 100.0, "clear_ice_cm": grid},
        }
    )


def test_ice__weakest_point_decides_by_gold(strip, base):
    s = _ice(strip, base, [[120.0, 110.0, 95.0], [100.0, 80.0, 130.0]])
    a = assess(s, [get_aircraft("DHC-6"), get_aircraft("C-130J-30")])
    assert a.measured["weakest_point"] == "r2c2"
    assert a.measured["allowable_load_kg"] == 4.0 * 80.0**2  # 25,600 kg
    dhc6 = a.verdict("DHC-6")  # MTOW 5,670 kg; ski-equipped: snow_ice usable
    assert dhc6.outcome is Outcome.SUITABLE
    c130 = a.verdict("C-130J-30")  # MTOW 74,389 kg -> needs sqrt(74389/4) = 136.4 cm
    bearing = next(c for c in c130.criteria if c.name == "bearing")
    assert bearing.status is Status.FAIL
    assert bearing.reason.endswith("< 74.4 t MTOW of C-130J-30: needs 136 cm")
    assert next(c for c in c130.criteria if c.name == "surface").status is Status.RESTRICTED
    assert any("not valid for parked aircraft" in c for c in c130.caveats)


def test_dz__five_container_cds_on_650_yd_fails_with_reason(strip, base):
    corners = strip(67.2, -50.2, 40.0, 650.0 * YD, 420.0 * YD)
    pi = strip(67.2, -50.2, 40.0, 325.0 * YD, 210.0 * YD)[2]  # the zone's centre
    s = read_survey(
        {
            **base,
            "form": "dz",
            "position": pi,
            "corners": corners,
            "run_in_heading_deg": 40.0,
            "surface": "wind-packed snow",
            "deliveries": [{"method": "cds", "count": 5}, {"method": "cds", "count": 4}],
        }
    )
    a = assess(s)
    five = a.verdict("CDS 5 containers")
    assert five.outcome is Outcome.UNSUITABLE
    assert five.reasons == ("length 650 yd (594 m) < 700 yd (640 m) required for CDS 5 containers",)
    assert "DAFMAN 13-217" in five.criteria[0].source and "medium" in five.criteria[0].source
    assert a.verdict("CDS 4 containers").outcome is Outcome.SUITABLE
    assert a.measured["capacity"] == {"personnel": 0, "cds": 4, "heavy_equipment": 0}
    assert a.notes == ()


def _hlz(base: dict[str, Any], **kw: Any):
    return read_survey(
        {
            **base,
            "form": "hlz",
            "position": {"lat_deg": 67.05, "lon_deg": -50.6},
            "surface": "gravel",
            **kw,
        }
    )


def test_hlz__nine_degrees_is_restricted_for_wheels_hover_for_skids(base):
    s = _hlz(base, touchdown_diameter_m=110.0, ground_slope_deg=9.0)
    a = assess(s, [get_aircraft(k) for k in ("AW101", "CH-47F", "Bell 212", "C-130J-30")])
    aw = a.verdict("AW101")
    assert aw.outcome is Outcome.RESTRICTED
    assert aw.reasons == ("slope 9°: AW101 restricted (wheeled: advisory, land upslope)",)
    assert a.verdict("CH-47F").outcome is Outcome.RESTRICTED
    bell = a.verdict("Bell 212")
    assert bell.outcome is Outcome.UNSUITABLE and "hover only" in bell.reasons[0]
    assert [v.subject for v in a.verdicts] == ["AW101", "CH-47F", "Bell 212"]


@pytest.mark.parametrize(
    ("slope", "expected"),
    [
        (0.0, Outcome.SUITABLE),
        (7.0, Outcome.SUITABLE),
        (15.0, Outcome.RESTRICTED),
        (15.1, Outcome.UNSUITABLE),
    ],
)
def test_hlz__slope_band_edges(base, slope, expected):
    s = _hlz(base, touchdown_diameter_m=110.0, ground_slope_deg=slope)
    assert assess(s, [get_aircraft("AW101")]).verdict("AW101").outcome is expected


def test_hlz__touchdown_size_and_obstacle_ratio(base):
    s = _hlz(
        base,
        touchdown_diameter_m=85.0,
        ground_slope_deg=3.0,
        obstacles=[
            {"description": "mast", "height_m": 20.0, "distance_m": 150.0, "where": "approach"},
            {"description": "hut", "height_m": 4.0, "distance_m": 10.0, "where": "lateral"},
        ],
    )
    a = assess(s, [get_aircraft("AW101"), get_aircraft("CH-47F"), get_aircraft("Bell 212")])
    aw = a.verdict("AW101")  # size 5: 85 m < 100 m; mast 150/20 = 7.5:1 < 10:1
    assert aw.reasons == (
        "touchdown point 85 m < 100 m for size 5 (AW101)",
        "mast on the approach: 7.5:1 < 10:1",
    )
    ch47 = a.verdict("CH-47F")  # size 4: 85 m >= 80 m, but the mast still fails
    assert ch47.reasons == ("mast on the approach: 7.5:1 < 10:1",)


def test_hlz__outline_gives_the_touchdown_diameter(strip, base):
    corners = strip(67.05, -50.6, 0.0, 120.0, 90.0)
    s = _hlz(base, corners=corners, ground_slope_deg=2.0, position=corners[0])
    a = assess(s, [get_aircraft("CH-47F"), get_aircraft("AW101")])
    assert a.measured["touchdown_diameter_m"] == pytest.approx(90.0, abs=0.2)
    assert a.verdict("CH-47F").outcome is Outcome.SUITABLE  # 90 >= 80
    assert a.verdict("AW101").outcome is Outcome.UNSUITABLE  # 90 < 100


def test_port__depth_quay_and_fast_ice(base):
    s = read_survey(
        {
            **base,
            "form": "port",
            "position": {"lat_deg": 70.67, "lon_deg": -52.12},
            "quay_length_m": 120.0,
            "depth_alongside_m": 6.5,
            "ice_at_quay": {"jan": "fast", "feb": "fast", "mar": "fast", "jul": "none"},
            "vessels": [
                {"name": "Deep", "draught_m": 7.2, "length_m": 100.0},
                {"name": "Icebreaker", "draught_m": 6.0, "length_m": 110.0, "ice_class": "PC5"},
                {"name": "Coaster", "draught_m": 5.0, "length_m": 90.0},
            ],
            "beach": {"gradient_1_in": 30, "surface": "gravel"},
        }
    )
    a = assess(s)
    assert a.verdict("Deep").reasons == ("depth alongside 6.5 m < draught 7.2 m of Deep",)
    assert a.verdict("Icebreaker").outcome is Outcome.SUITABLE
    coaster = a.verdict("Coaster")
    assert coaster.outcome is Outcome.RESTRICTED
    assert coaster.reasons == (
        "Coaster has no ice class: not alongside in jan, feb, mar (fast ice)",
    )
    assert a.verdict("Beach landing").outcome is Outcome.UNVERIFIED
