"""Property tests: geodesics, coordinate strings, flight times."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from arcticrecon.geo import format_lat_lon, geodesic_inverse, parse_coordinate, parse_lat_lon
from arcticrecon.logistics import flight_time_s

lat = st.floats(min_value=-89.9, max_value=89.9, allow_nan=False)
lon = st.floats(min_value=-179.9, max_value=179.9, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(lat, lon, lat, lon)
def test_geodesic_inverse__symmetric(la1, lo1, la2, lo2):
    d12 = geodesic_inverse(lat1_deg=la1, lon1_deg=lo1, lat2_deg=la2, lon2_deg=lo2)[0]
    d21 = geodesic_inverse(lat1_deg=la2, lon1_deg=lo2, lat2_deg=la1, lon2_deg=lo1)[0]
    assert abs(d12 - d21) <= 1e-6 * max(d12, 1.0)


@settings(max_examples=60, deadline=None)
@given(lat, lon, lat, lon, lat, lon)
def test_geodesic_inverse__triangle_inequality(la1, lo1, la2, lo2, la3, lo3):
    def d(a, b, c, e):
        return geodesic_inverse(lat1_deg=a, lon1_deg=b, lat2_deg=c, lon2_deg=e)[0]

    assert d(la1, lo1, la3, lo3) <= d(la1, lo1, la2, lo2) + d(la2, lo2, la3, lo3) + 1e-3


@settings(max_examples=80, deadline=None)
@given(
    st.integers(0, 89),
    st.integers(0, 59),
    st.integers(0, 59),
    st.integers(0, 179),
    st.integers(0, 59),
    st.integers(0, 59),
    st.sampled_from("NS"),
    st.sampled_from("EW"),
)
def test_parse_lat_lon__dms_round_trip(d1, m1, s1, d2, m2, s2, ns, ew):
    text = f"{d1}°{m1}'{s1}\"{ns} {d2}°{m2}'{s2}\"{ew}"
    la, lo = parse_lat_lon(text)
    exp_la = (d1 + m1 / 60 + s1 / 3600) * (1 if ns == "N" else -1)
    exp_lo = (d2 + m2 / 60 + s2 / 3600) * (1 if ew == "E" else -1)
    assert abs(la - exp_la) < 1e-9 and abs(lo - exp_lo) < 1e-9


@settings(max_examples=60, deadline=None)
@given(lat, lon)
def test_format_lat_lon__parses_back(la, lo):
    back = parse_lat_lon(format_lat_lon(lat_deg=la, lon_deg=lo, decimals=6))
    assert abs(back[0] - la) < 1e-6 and abs(back[1] - lo) < 1e-6


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 89.99), st.sampled_from(["-", ""]))
def test_parse_coordinate__sign_applies_to_whole_value(v, sign):
    text = f"{sign}{v:.6f}"
    assert parse_coordinate(text) == float(text) + 0.0


@settings(max_examples=60, deadline=None)
@given(st.floats(1.0, 5e6), st.floats(30.0, 300.0), st.floats(-25.0, 25.0))
def test_flight_time_s__tailwind_never_slower(d, tas, w):
    assert (
        flight_time_s(d, tas, abs(w))
        <= flight_time_s(d, tas, 0.0)
        <= flight_time_s(d, tas, -abs(w))
    )
