"""Property tests for POLARIS and Gold's formula."""

from hypothesis import given, settings
from hypothesis import strategies as st

from arcticrecon.ice import ICE_CLASSES, ICE_TYPES, allowable_load_gold, polaris

ice_types = st.sampled_from([t for t in ICE_TYPES if t != "ice_free"])
classes = st.sampled_from(ICE_CLASSES)


@settings(max_examples=200, deadline=None)
@given(classes, ice_types, st.integers(min_value=0, max_value=9))
def test_polaris__more_ice_never_raises_rio(ice_class, ice_type, tenths):
    # Basis of the conservative egg-code rule: every RIV <= the ice-free RIV (3).
    less = polaris({ice_type: tenths}, ice_class).rio
    more = polaris({ice_type: tenths + 1}, ice_class).rio
    assert more <= less


@settings(max_examples=200, deadline=None)
@given(classes, st.dictionaries(ice_types, st.integers(min_value=0, max_value=3), max_size=3))
def test_polaris__rio_between_minus_80_and_30(ice_class, conc):
    r = polaris(conc, ice_class)
    assert -80 <= r.rio <= 30
    assert sum(r.concentrations_tenths.values()) == 10


@settings(max_examples=200, deadline=None)
@given(
    st.floats(min_value=1.0, max_value=300.0),
    st.floats(min_value=0.1, max_value=50.0),
    st.sampled_from([3.5, 4.0, 5.0, 6.0, 7.0]),
)
def test_allowable_load_gold__grows_with_thickness(h_cm, dh_cm, a):
    assert (
        allowable_load_gold(h_cm + dh_cm, a_kg_cm2=a).allowable_load_kg
        > allowable_load_gold(h_cm, a_kg_cm2=a).allowable_load_kg
    )
