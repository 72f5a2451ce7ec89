"""planner.make_plan end to end on a six-site catalogue (issue 11 §5: tests that fail).

The plan must be its parts wired together: hubs from the catalogue, light over the span
of *all* exercise seasons (earliest start, latest end), ERA5 temperature per site, each
exercise's features (with the caller's compatibility rule), ranking, deployment to its
best option, and the presence studies. Each part is checked against an independent run
of the public function it should come from, or against facts stated in the comments;
errors must name the field of the mission file.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from arcticrecon import planner
from arcticrecon.catalog import (
    Catalog,
    Compatibility,
    get_aircraft,
    load_catalog,
    site_compatibility,
)
from arcticrecon.catalog.models import SiteKind
from arcticrecon.climate import monthly_t2m
from arcticrecon.coverage import presence_options, settlement_demand
from arcticrecon.errors import InputError, UnknownSiteError
from arcticrecon.logistics.deploy import contingents_from_mission, plan_deployment
from arcticrecon.mission.io import mission_from_dict
from arcticrecon.planner import plan as plan_mod
from arcticrecon.planner.factors import site_factors
from arcticrecon.rank import get_concept, rank_options

IDS = ["BGSF", "BGGH", "BGTL", "BGKK", "BGCO", "BGJN"]
NOW = dt.datetime(2026, 11, 5, 12, 0, tzinfo=dt.UTC)
REFUSED = "BGJN"  # the caller's compatibility rule refuses every aircraft here


def _mission(**changes: object) -> dict:
    data: dict = {
        "mission": {
            "name": "Plan test",
            "lead_nation": "DNK",
            "start": dt.date(2026, 1, 19),
            "end": dt.date(2026, 3, 31),
            "hubs": ["BGSF", "BGGH"],
        },
        # an airlift only (no sea lift: the land mask would cost 20 s)
        "contributions": [
            {
                "nation": "DNK",
                "personnel": 40,
                "airlift": [{"aircraft": "C-130J-30", "count": 1, "sorties_per_day": 1}],
            }
        ],
        "exercise": [
            {
                # starts after B and ends after it: the light span takes B's start, A's end
                "name": "A",
                "kind": "cold_weather_land",
                "personnel": 50,
                "aircraft": ["C-130J-30", "DHC-6"],
                "season": {"from": dt.date(2027, 3, 1), "to": dt.date(2027, 4, 4)},
                "window": "week",
                "daily_hours": {"start": "08:00", "end": "16:00"},
                "weights": {"access": 0.5},
            },
            {
                "name": "B",
                "kind": "amphibious_landing",
                "ship_ice_class": "IA",
                "h_hour": "06:00",
                "season": {"from": dt.date(2027, 2, 1), "to": dt.date(2027, 3, 31)},
            },
        ],
        "presence": [
            {
                "name": "P",
                "aircraft": "AW101",
                "response_h": 2,
                "k": 2,
                "fixed": ["BGTL"],
                "curve_to": 3,
            },
            {"aircraft": "C-130J-30", "response_h": 1, "k": 2, "demand": "both"},
            {"name": "Q", "aircraft": "C-130J-30", "response_h": 1, "k": 1, "demand": "coast"},
        ],
    }
    for path, value in changes.items():
        *head, last = path.split("__")
        cur = data
        for p in head:
            cur = cur[int(p)] if p.isdigit() else cur[p]
        cur[int(last) if last.isdigit() else last] = value
    return data


def _refuse_one(aircraft, site) -> Compatibility:
    if site.icao == REFUSED:
        return Compatibility(False, "test rule: refused")
    return site_compatibility(aircraft, site)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    cat = load_catalog()
    sites = [cat.get(i) for i in IDS]
    sites[3] = replace(sites[3], elevation_m=None)  # BGKK: elevation unknown
    return Catalog(tuple(sites), cat.source)


@pytest.fixture(scope="module")
def run(catalog: Catalog) -> dict:
    mission = mission_from_dict(_mission())
    steps: list[tuple[str, float]] = []
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("arcticrecon.planner.plan")
    handler, level = Keep(level=logging.DEBUG), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    t0 = time.perf_counter()
    try:
        p = planner.make_plan(
            mission,
            catalog,
            progress=lambda label, frac: steps.append((label, frac)),
            now_utc=NOW,
            compatibility=_refuse_one,
        )
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    wall = time.perf_counter() - t0
    return {"plan": p, "mission": mission, "steps": steps, "log": records, "wall_s": wall}


def test_make_plan__hubs_sources_and_time(run: dict, catalog: Catalog) -> None:
    p = run["plan"]
    assert p.hubs == [catalog.get("BGSF"), catalog.get("BGGH")]
    assert p.mission is run["mission"] and p.catalog is catalog
    assert p.generated_utc == NOW
    assert p.sources == plan_mod.SOURCES and p.sources is not plan_mod.SOURCES
    assert [e.exercise.name for e in p.exercises] == ["A", "B"]


def test_make_plan__without_now_stamps_the_current_time(catalog: Catalog) -> None:
    # a plan of one site and one week: only its time stamp is checked
    one = Catalog((catalog.get("BGSF"),), catalog.source)
    m = mission_from_dict(
        _mission(
            mission__hubs=["BGSF"],
            exercise=[
                _mission()["exercise"][0]
                | {"season": {"from": dt.date(2027, 3, 1), "to": dt.date(2027, 3, 7)}}
            ],
            presence=[],
            contributions=[],
        )
    )
    before = dt.datetime.now(dt.UTC)
    p = planner.make_plan(m, one)
    after = dt.datetime.now(dt.UTC)
    assert before <= p.generated_utc <= after
    assert p.presence == []
    # no contribution brings a lift: the exercise is the contingent (one aircraft of each
    # type it lists, one sortie a day), flown to its best option
    (ep,) = p.exercises
    best = ep.ranking.feasible.iloc[0]
    contingents, notes = contingents_from_mission(m, m.exercise[0])
    assert contingents and notes
    assert ep.deployment == plan_deployment(
        contingents=contingents,
        site=one.get(str(best["location"])),
        start=pd.Timestamp(best["time"]).date(),
        season_check=None,
    )
    assert ep.deployment_notes == tuple(notes)


def test_make_plan__light_spans_every_season(run: dict, catalog: Catalog) -> None:
    # the earliest start is B's (1 Feb), the latest end A's (4 Apr)
    p = run["plan"]
    days = pd.DatetimeIndex(p.light["day"].values)
    assert days[0] == pd.Timestamp("2027-02-01") and days[-1] == pd.Timestamp("2027-04-04")
    assert list(p.light["location"].values) == IDS
    sites = list(catalog)
    ref = planner.features.site_light_intervals(sites, dt.date(2027, 2, 1), dt.date(2027, 4, 4))
    pd.testing.assert_frame_equal(p.light_intervals, ref)
    xr.testing.assert_identical(
        p.light, planner.site_light(sites, dt.date(2027, 2, 1), dt.date(2027, 4, 4), ref)
    )


def test_make_plan__era5_temperature_per_site(run: dict, catalog: Catalog) -> None:
    sites = list(catalog)
    elev = np.array([s.elevation_m for s in sites], dtype=float)  # None -> NaN (unknown)
    assert np.isnan(elev[3]) and np.isfinite(np.delete(elev, 3)).all()
    ref = monthly_t2m(
        np.array([s.lat_deg for s in sites]), np.array([s.lon_deg for s in sites]), elev
    ).assign_coords(location=IDS)
    t2m = run["plan"].t2m_monthly
    assert list(t2m["location"].values) == IDS
    xr.testing.assert_identical(t2m, ref)


def test_make_plan__exercise_features_ranking_and_concept(run: dict, catalog: Catalog) -> None:
    p, mission = run["plan"], run["mission"]
    sites = list(catalog)
    for ex, ep in zip(mission.exercise, p.exercises, strict=True):
        assert ep.exercise is ex
        assert [a.key for a in ep.aircraft] == [get_aircraft(n).key for n in ex.aircraft]
        feats = planner.build_features(
            sites, p.hubs, ex, ep.aircraft, p.light, p.t2m_monthly, compatibility=_refuse_one
        ).assign(site_factors(sites, ex, ep.aircraft, catalog))
        xr.testing.assert_identical(ep.features, feats)
        concept = get_concept(ex.kind).with_weights(ex.weights)
        if ex.daily_hours is not None:
            concept = planner.features.working_hours_concept(concept, ex.daily_hours)
        ref = rank_options(feats, concept)
        pd.testing.assert_frame_equal(ep.ranking.options, ref.options)
        assert ep.concept == ref.concept and ep.ranking.weights == ref.weights
    a = p.exercises[0]
    # A's weights: access 0.5 given; its working day 08:00-16:00 is the civil light scale
    crit = {c.name: c for c in a.concept.criteria}
    assert crit["civil_light"].scale == (0.0, 8.0)
    # the caller's rule reaches the features: BGJN refused for both aircraft, with why
    f = a.features
    assert not bool(f["aircraft_ok"].sel(location=REFUSED))
    assert f["aircraft_reason"].sel(location=REFUSED).item() == (
        "C-130J-30: test rule: refused; DHC-6: test rule: refused"
    )


def test_make_plan__deployment_to_the_best_option(run: dict, catalog: Catalog) -> None:
    p, mission = run["plan"], run["mission"]
    a, b = p.exercises
    best = a.ranking.feasible.iloc[0]
    contingents, notes = contingents_from_mission(mission, mission.exercise[0])
    ref = plan_deployment(
        contingents=contingents,
        site=catalog.get(str(best["location"])),
        start=pd.Timestamp(best["time"]).date(),
        season_check=None,
    )
    assert a.deployment == ref and a.deployment_notes == tuple(notes)
    # B (landing from ice-class ships in February-March): no feasible site, said so
    assert b.ranking.feasible.empty
    assert b.deployment is None
    assert b.deployment_notes == ("no feasible site: no deployment planned",)


def test_make_plan__presence_studies(run: dict, catalog: Catalog) -> None:
    p, mission = run["plan"], run["mission"]
    first, second, third = p.presence
    assert first.study is mission.presence[0] and first.constraints == ()
    ref = presence_options(
        catalog, get_aircraft("AW101"), 2.0, 2, ["BGTL"], settlement_demand(), curve_k_max=3
    )
    assert [s.icao for s in first.result.sites] == [s.icao for s in ref.sites]
    assert first.result.covered_demand == ref.covered_demand
    # the curve runs to curve_to = 3 (more than k = 2); without curve_to, to k
    assert [c.k for c in first.result.coverage_curve] == [1, 2, 3]
    assert [c.k for c in second.result.coverage_curve] == [1, 2]
    # demand "both": settlements and coast
    assert {lc.layer for lc in second.result.by_layer} == {"settlements", "coast"}
    assert {lc.layer for lc in third.result.by_layer} == {"coast"}


def test_make_plan__progress_steps(run: dict) -> None:
    steps = run["steps"]
    labels = [s for s, _ in steps]
    fracs = [f for _, f in steps]
    assert labels[0] == "light: daylight and twilight intervals for every site and date"
    assert labels[1] == "climate: ERA5 monthly temperature at every site"
    assert labels[2:] == [
        "ranking A",
        "ranking B",
        "presence options: P",
        "presence options: C-130J-30",  # an unnamed study is named by its aircraft
        "presence options: Q",
        "done",
    ]
    assert 0.0 < fracs[0] < fracs[1] < fracs[2] < fracs[3] < fracs[4] <= fracs[5] <= fracs[6]
    assert fracs[6] < fracs[7] == 1.0
    # the two ranking steps split the ranking share evenly: A at its start, B halfway
    assert fracs[3] - fracs[2] == pytest.approx((fracs[4] - fracs[2]) / 2, abs=0.05)


def test_make_plan__log_lines(run: dict) -> None:
    msgs = [(r.levelno, r.getMessage()) for r in run["log"]]
    debug = [m for lv, m in msgs if lv == logging.DEBUG]
    info = [m for lv, m in msgs if lv == logging.INFO]
    assert any(re.fullmatch(r"plan Plan test: ranking A \(\d+\.\d s\)", m) for m in debug)
    # the seconds logged are the time since the plan started: within the call's wall time
    secs = [float(m.rsplit("(", 1)[1].split(" ")[0]) for m in debug]
    assert secs == sorted(secs) and 0.0 <= secs[0] and secs[-1] <= run["wall_s"] + 0.1
    assert len(info) == 1
    assert float(info[0].rsplit(" in ", 1)[1].split(" ")[0]) <= run["wall_s"] + 0.1
    assert re.fullmatch(
        r"plan Plan test: 6 sites, 2 exercises, 3 presence studies in \d+\.\d s", info[0]
    )


def test_exercise_plan_top__best_window_per_site(run: dict) -> None:
    a = run["plan"].exercises[0]
    feas = a.ranking.feasible
    # independent: each site's best score, best first
    best = feas.groupby("location")["score"].max().sort_values(ascending=False)
    top = a.top()
    assert list(top["location"]) == list(best.index)
    assert list(top["score"]) == pytest.approx(list(best.values))
    assert list(a.top(2)["location"]) == list(best.index[:2])
    # every window: the ten best rows (A has 5 weekly windows x 4 feasible sites)
    rows = a.top(per_site=False)
    assert len(feas) > 10 and len(rows) == 10
    assert list(rows["score"]) == pytest.approx(sorted(feas["score"], reverse=True)[:10])
    assert rows["location"].duplicated().any()


@pytest.mark.parametrize(
    ("changes", "error", "field", "value"),
    [
        ({"mission__hubs": ["BGSF", "BGXX"]}, UnknownSiteError, "mission.hubs[1]", "BGXX"),
        ({"exercise__1__kind": "picnic"}, InputError, "exercise[1].kind", "picnic"),
        (
            {"exercise__1__weights": {"sunshine": 1.0}},
            InputError,
            "exercise[1].weights.sunshine",
            None,
        ),
        ({"exercise__1__ship_ice_class": "ZZ9"}, InputError, "exercise[1].ship_ice_class", "ZZ9"),
        (
            {"exercise__0__aircraft": ["C-130J-30", "Zeppelin"]},
            InputError,
            "exercise[0].aircraft[1]",
            "Zeppelin",
        ),
    ],
)
def test_make_plan__errors_name_the_field(catalog, changes, error, field, value) -> None:
    m = mission_from_dict(_mission(**changes))
    with pytest.raises(error) as info:
        planner.make_plan(m, catalog)
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}: ")
    if value is not None:
        assert info.value.value == value
    assert type(info.value) is error


def test_presence__unknown_aircraft_names_the_study(catalog: Catalog) -> None:
    m = mission_from_dict(_mission(presence__0__aircraft="Zeppelin"))
    with pytest.raises(InputError) as info:
        plan_mod._presence(3, m.presence[0], catalog)
    assert info.value.field == "presence[3]" and info.value.value == "Zeppelin"
    assert str(info.value).startswith("presence[3]: ")


def test_usable_fixed__a_base_closed_by_a_finding_is_left_out(catalog: Catalog) -> None:
    from arcticrecon.survey.overrides import FINDINGS_SOURCE_NOTE

    tl, sf, gh = catalog.get("BGTL"), catalog.get("BGSF"), catalog.get("BGGH")
    cat = Catalog(
        (
            replace(
                tl, kind=SiteKind.CLOSED, source=f"{tl.source}; {FINDINGS_SOURCE_NOTE}"
            ),  # by a finding
            replace(sf, kind=SiteKind.CLOSED),  # closed in OurAirports: kept (the user chose it)
            replace(gh, source=f"{gh.source}; {FINDINGS_SOURCE_NOTE}"),  # a finding, still usable
        ),
        catalog.source,
    )
    study = mission_from_dict(
        _mission(presence__0__fixed=["BGTL", "BGSF", "BGGH"], presence__0__k=3)
    ).presence[0]
    kept, why = plan_mod._usable_fixed(study, cat, get_aircraft("C-130J-30"))
    assert kept == ["BGSF", "BGGH"]
    assert why == (
        "fixed base BGTL: BGTL is listed as closed per a finding you may read; planned without it",
    )
    # the presence study carries that constraint and is planned without BGTL
    two = mission_from_dict(
        _mission(presence__0__fixed=["BGTL", "BGGH"], presence__0__curve_to=None)
    ).presence[0]
    open_sf = Catalog((cat.sites[0], sf, cat.sites[2]), catalog.source)
    pp = plan_mod._presence(0, two, open_sf)
    assert pp.constraints == why
    assert "BGTL" not in pp.result.fixed


class _Ranking:
    """The one attribute _deployment reads: the feasible options, best first."""

    def __init__(self, location: str, time: str) -> None:
        self.feasible = pd.DataFrame({"location": [location], "time": [pd.Timestamp(time)]})


def test_deployment__sea_lift_checked_against_the_ships_ice_class() -> None:
    from arcticrecon.logistics.sealift import ice_season_check

    cat = load_catalog()
    m = mission_from_dict(
        _mission(
            contributions=[
                {"nation": "DNK", "personnel": 40, "vehicles": 6, "home_port": "Aalborg"}
            ]
        )
    )
    ex = m.exercise[1]  # ship ice class IA
    best: Any = _Ranking("BGGH", "2027-03-01")
    plan, notes = plan_mod._deployment(m, ex, best, cat)
    contingents, want_notes = contingents_from_mission(m, ex)
    site, start = cat.get("BGGH"), dt.date(2027, 3, 1)
    checked = plan_deployment(
        contingents=contingents, site=site, start=start, season_check=ice_season_check("IA")
    )
    assert plan == checked and notes == tuple(want_notes)
    # the check changes the plan
    assert plan != plan_deployment(contingents=contingents, site=site, start=start)
    # without a ship ice class there is no season check
    plain = m.exercise[0]
    plan0, _ = plan_mod._deployment(m, plain, best, cat)
    c0, _ = contingents_from_mission(m, plain)
    assert plan0 == plan_deployment(contingents=c0, site=site, start=start, season_check=None)
