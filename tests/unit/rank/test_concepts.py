"""The concept library: completeness, documented scales, clean degradation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from arcticrecon.errors import InputError
from arcticrecon.rank import CONCEPTS, get_concept, rank_options

# What planner.build_features provides today, and the analyses' variables the lead adds.
PLANNER = {
    "civil_light_h",
    "nautical_light_h",
    "daylight_h",
    "polar_night_days",
    "midnight_sun_days",
    "hub_distance_km",
    "runway_length_m",
    "runway_paved",
    "runway_paved_reason",
    "runway_lighted",
    "site_open",
    "site_open_reason",
    "aircraft_ok",
    "aircraft_reason",
}
ANALYSES = {
    "t2m_mean_degC",
    "frostbite_band",
    "port_access",
    "flight_time_h",
    "medevac_h",
    "medevac_2h",
    "medevac_reason",
}


def _features(with_analyses: bool) -> xr.Dataset:
    rng = np.random.default_rng(2)
    n, t = 8, 4
    ds = xr.Dataset(
        {
            "civil_light_h": (("location", "time"), rng.uniform(0, 24, (n, t))),
            "nautical_light_h": (("location", "time"), rng.uniform(0, 24, (n, t))),
            "hub_distance_km": ("location", rng.uniform(0, 2000, n)),
            "runway_length_m": ("location", [np.nan, *rng.uniform(500, 3000, n - 1)]),
            "runway_paved": ("location", rng.random(n) > 0.3),
            "runway_paved_reason": ("location", ["no paved open runway"] * n),
            "runway_lighted": ("location", (rng.random(n) > 0.5).astype(float)),
            "site_open": ("location", [True] * (n - 1) + [False]),
            "site_open_reason": ("location", [""] * (n - 1) + ["listed as closed"]),
            "aircraft_ok": ("location", [True] * n),
            "aircraft_reason": ("location", [""] * n),
        },
        coords={
            "location": [f"S{i}" for i in range(n)],
            "time": pd.date_range("2027-01-01", periods=t, freq="MS"),
        },
    )
    if with_analyses:
        ds["t2m_mean_degC"] = (("location", "time"), rng.uniform(-38, 11, (n, t)))
        ds["frostbite_band"] = (("location", "time"), rng.integers(0, 5, (n, t)).astype(float))
        ds["port_access"] = (("location", "time"), rng.choice([0.0, 1.0, np.nan], (n, t)))
        ds["flight_time_h"] = ("location", rng.uniform(0, 8, n))
        ds["medevac_h"] = ("location", rng.uniform(0.5, 5, n))
        ds["medevac_2h"] = ("location", ds["medevac_h"].values <= 2.0)
        ds["medevac_reason"] = ("location", ["surgery in more than 2 h"] * n)
    return ds


def test_concepts__the_seven_kinds_of_the_issue():
    assert {
        "cold_weather_land",
        "air_deployment",
        "fighter_detachment",
        "amphibious_landing",
        "search_and_rescue",
        "long_range_patrol",
        "recon_visit",
    } <= set(CONCEPTS)


@pytest.mark.parametrize("kind", sorted(CONCEPTS))
def test_concepts__documented_fixed_scales_known_variables_default_weights(kind):
    c = CONCEPTS[kind]
    assert c.label and c.description and c.notes
    assert set(c.variables) <= PLANNER | ANALYSES
    assert c.optional <= set(c.variables) and c.optional <= ANALYSES
    assert sum(k.weight for k in c.criteria) == pytest.approx(1.0)
    for k in c.criteria:
        assert k.scale is not None and k.scale[0] < k.scale[1], k.name
        assert k.source and k.weight > 0 and k.sense in {"max", "min"}
    for con in c.constraints:
        assert con.op == "true" or con.source  # thresholds say where they come from


@pytest.mark.parametrize("kind", sorted(CONCEPTS))
def test_concepts__rank_on_complete_features(kind):
    r = rank_options(_features(True), CONCEPTS[kind], draws=50)
    assert r.missing == {} and r.notes == ()
    assert np.isfinite(r.options["score"]).all()
    assert not r.options.set_index("location").loc["S7", "feasible"].any()  # closed site


@pytest.mark.parametrize("kind", sorted(set(CONCEPTS) - {"amphibious_landing"}))
def test_concepts__degrade_without_the_analyses(kind):
    r = rank_options(_features(False), CONCEPTS[kind], draws=50)
    dropped = {k.variable for k in CONCEPTS[kind].criteria} & ANALYSES
    assert set(r.missing.values()) == dropped | (
        {c.variable for c in CONCEPTS[kind].constraints} & ANALYSES
    )
    assert sum(r.weights.values()) == pytest.approx(1.0)
    assert all("not available" in n for n in r.notes) and len(r.notes) == len(r.missing)


def test_concepts__amphibious_without_port_access_is_an_input_error():
    with pytest.raises(InputError, match="port_access"):
        rank_options(_features(False), CONCEPTS["amphibious_landing"])


def test_concepts__port_unknown_excludes_with_reason():
    f = _features(True)
    r = rank_options(f, CONCEPTS["amphibious_landing"], draws=0)
    port = f["port_access"].to_series()
    opts = r.options.set_index(["location", "time"])
    for (loc, t), v in port.items():
        if loc == "S7":  # closed: the first failing constraint gives the reason
            assert opts.loc[(loc, t), "excluded_reason"] == "site open: listed as closed"
        elif np.isnan(v):
            assert opts.loc[(loc, t), "excluded_reason"] == (
                "port reachable by ship: port_access unknown"
            )
        elif v == 0:
            assert opts.loc[(loc, t), "excluded_reason"] == (
                "port reachable by ship: port_access = 0, needs >= 1"
            )
        else:
            assert opts.loc[(loc, t), "feasible"]


def test_get_concept__unknown_kind_lists_the_known():
    with pytest.raises(InputError, match="known kinds: air_deployment"):
        get_concept("parachute_drop")
    with pytest.raises(InputError, match="has no criterion 'beds'"):
        get_concept("recon_visit").with_weights({"beds": 1.0})


def test_get_concept__error_names_the_field_the_value_and_every_kind():
    # The seven kinds of the library, sorted, joined by ", " (written out, not read back).
    kinds = [
        "air_deployment",
        "amphibious_landing",
        "cold_weather_land",
        "fighter_detachment",
        "long_range_patrol",
        "recon_visit",
        "search_and_rescue",
    ]
    with pytest.raises(InputError) as err:
        get_concept("parachute_drop")
    e = err.value
    assert str(e) == (
        "kind: unknown exercise kind 'parachute_drop'; known kinds: " + ", ".join(kinds)
    )
    assert (e.field, e.value, e.valid_range) == ("kind", "parachute_drop", kinds)
    with pytest.raises(InputError) as err:
        get_concept("x", field_path="exercises[2].kind")
    assert err.value.field == "exercises[2].kind"
    assert str(err.value).startswith("exercises[2].kind: unknown exercise kind 'x'")
    assert get_concept("recon_visit") is CONCEPTS["recon_visit"]


def test_concept_with_weights__error_names_the_path_and_the_criteria():
    # recon_visit scores civil_light, access and reach (sorted: access, civil_light, reach)
    with pytest.raises(InputError) as err:
        get_concept("recon_visit").with_weights({"beds": 1.0})
    e = err.value
    assert str(e) == (
        "weights.beds: concept 'recon_visit' has no criterion 'beds'; its criteria are "
        "access, civil_light, reach"
    )
    assert (e.field, e.value, e.valid_range) == (
        "weights.beds",
        "beds",
        ["access", "civil_light", "reach"],
    )
    with pytest.raises(InputError) as err:
        get_concept("recon_visit").with_weights({"beds": 1.0}, field_path="exercise[0].weights")
    assert err.value.field == "exercise[0].weights.beds"


def test_concept_with_weights__given_weights_replace_the_others_keep_their_default():
    # recon_visit's defaults (rank/concepts.py): civil_light 0.5, access 0.3, reach 0.2
    c = get_concept("recon_visit").with_weights({"access": 0.9})
    assert {k.name: k.weight for k in c.criteria} == {
        "civil_light": 0.5,
        "access": 0.9,
        "reach": 0.2,
    }
    # nothing else of the criteria changes
    base = {k.name: k for k in CONCEPTS["recon_visit"].criteria}
    for k in c.criteria:
        assert (k.variable, k.sense, k.scale) == (
            base[k.name].variable,
            base[k.name].sense,
            base[k.name].scale,
        )
