"""Recon itinerary: exact order, daylight windows (hand-made), infeasible cases."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest

from arcticrecon.catalog import get_aircraft, load_catalog
from arcticrecon.errors import InfeasibleError, InputError
from arcticrecon.logistics import (
    civil_daylight_provider,
    flight_leg,
    place_from_site,
    plan_itinerary,
    plan_team_itinerary,
)
from arcticrecon.logistics.itinerary import civil_windows_from_events

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
H = 3600.0


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


def _block(a, b, ac):
    return flight_leg(
        origin=place_from_site(a), destination=place_from_site(b), aircraft=ac
    ).block_time_s


def _daily(h0: float, h1: float):
    """A provider giving every site the window h0..h1 UTC each day."""

    def provider(site, day):
        d0 = dt.datetime(day.year, day.month, day.day, tzinfo=UTC)
        return [(d0 + dt.timedelta(hours=h0), d0 + dt.timedelta(hours=h1))]

    return provider


def test_plan_itinerary__no_light_one_site_is_out_and_back(cat):
    hub, site, ac = cat.get("BGSF"), cat.get("BGGH"), get_aircraft("DHC-6")
    it = plan_itinerary(
        hub=hub, sites=[site], aircraft=ac, start_utc=T0, daylight=None, visit_duration_s=4 * H
    )
    expected = _block(hub, site, ac) + 4 * H + _block(site, hub, ac)
    assert it.total_s == pytest.approx(expected, abs=1e-3)
    assert it.order == ("BGGH",)


def test_plan_itinerary__exact_order_equals_brute_force(cat):
    hub = cat.get("BGSF")
    sites = [cat.get(x) for x in ("BGGH", "BGSS", "BGAA", "BGJN")]
    ac = get_aircraft("DHC-6")
    it = plan_itinerary(
        hub=hub, sites=sites, aircraft=ac, start_utc=T0, daylight=None, visit_duration_s=H
    )
    best = min(
        sum(_block(a, b, ac) for a, b in itertools.pairwise([hub, *perm, hub])) + 4 * H
        for perm in itertools.permutations(sites)
    )
    assert it.total_s == pytest.approx(best, abs=1e-3)


def test_plan_itinerary__waits_for_the_next_daylight_window(cat):
    # window 10-14 UTC daily; one site: out at 10:00, visit 4 h (until after 14:00),
    # back the next day at 10:00
    hub, site, ac = cat.get("BGSF"), cat.get("BGGH"), get_aircraft("DHC-6")
    it = plan_itinerary(
        hub=hub,
        sites=[site],
        aircraft=ac,
        start_utc=T0,
        daylight=_daily(10, 14),
        visit_duration_s=4 * H,
    )
    out, back = it.stops
    assert out.depart_utc == dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert out.wait_s == pytest.approx(2 * H)
    assert back.depart_utc == dt.datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
    assert it.end_utc == back.depart_utc + dt.timedelta(seconds=_block(site, hub, ac))


def test_plan_itinerary__flight_inside_both_windows(cat):
    # hub light 08-20, site light 16-20: take-off no earlier than 16:00
    hub, site, ac = cat.get("BGSF"), cat.get("BGGH"), get_aircraft("DHC-6")

    def provider(s, day):
        h0 = 8 if s.icao == "BGSF" else 16
        d0 = dt.datetime(day.year, day.month, day.day, tzinfo=UTC)
        return [(d0 + dt.timedelta(hours=h0), d0 + dt.timedelta(hours=20))]

    it = plan_itinerary(
        hub=hub, sites=[site], aircraft=ac, start_utc=T0, daylight=provider, return_to_hub=False
    )
    assert it.stops[0].depart_utc == dt.datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
    assert len(it.stops) == 1


def test_plan_itinerary__short_window_cannot_hold_the_flight(cat):
    # a 1 h window cannot hold a 1.6 h block time: infeasible
    hub, site, ac = cat.get("BGSF"), cat.get("BGGH"), get_aircraft("DHC-6")
    with pytest.raises(InfeasibleError, match="no civil-daylight window"):
        plan_itinerary(
            hub=hub,
            sites=[site],
            aircraft=ac,
            start_utc=T0,
            daylight=_daily(12, 13),
            horizon_days=3,
        )


def test_plan_itinerary__pituffik_december_polar_night_and_june(cat):
    hub, site, ac = cat.get("BGSF"), cat.get("BGTL"), get_aircraft("C-130J-30")
    light = civil_daylight_provider()
    dec = dt.datetime(2026, 12, 15, 8, tzinfo=UTC)
    with pytest.raises(InfeasibleError):
        plan_itinerary(
            hub=hub, sites=[site], aircraft=ac, start_utc=dec, daylight=light, horizon_days=5
        )
    jun = dt.datetime(2026, 6, 15, 8, tzinfo=UTC)
    it = plan_itinerary(
        hub=hub, sites=[site], aircraft=ac, start_utc=jun, daylight=light, visit_duration_s=2 * H
    )
    # midnight sun at Pituffik, long civil days at Kangerlussuaq: no waiting at all
    assert it.stops[0].depart_utc == jun
    assert sum(s.wait_s for s in it.stops) == pytest.approx(0.0)


def test_plan_itinerary__incompatible_and_bad_inputs(cat):
    hub = cat.get("BGSF")
    with pytest.raises(InfeasibleError, match="cannot use BGJN"):
        plan_itinerary(
            hub=hub,
            sites=[cat.get("BGJN")],
            aircraft=get_aircraft("C-130J-30"),
            start_utc=T0,
            daylight=None,
        )
    with pytest.raises(InputError, match="repeat"):
        plan_itinerary(
            hub=hub,
            sites=[cat.get("BGGH"), cat.get("BGGH")],
            aircraft=get_aircraft("DHC-6"),
            start_utc=T0,
            daylight=None,
        )
    with pytest.raises(InputError, match="timezone-aware"):
        plan_itinerary(
            hub=hub,
            sites=[cat.get("BGGH")],
            aircraft=get_aircraft("DHC-6"),
            start_utc=dt.datetime(2026, 3, 2, 8),
            daylight=None,
        )
    many = [s for s in cat if s.kind.value == "airport" and s.icao != "BGSF"][:11]
    with pytest.raises(InputError, match="exceed"):
        plan_itinerary(
            hub=hub, sites=many, aircraft=get_aircraft("DHC-6"), start_utc=T0, daylight=None
        )


def test_plan_team_itinerary__picks_a_feasible_type_and_explains(cat):
    it = plan_team_itinerary(
        hub=cat.get("BGSF"),
        sites=[cat.get("BGJN"), cat.get("BGAA")],
        aircraft=[get_aircraft("C-130J-30"), get_aircraft("DHC-6")],
        start_utc=T0,
        daylight=None,
    )
    assert it.aircraft == "DHC-6"
    assert any("not feasible: C-130J-30" in n for n in it.notes)
    with pytest.raises(InputError, match="no aircraft"):
        plan_team_itinerary(
            hub=cat.get("BGSF"), sites=[cat.get("BGGH")], aircraft=[], start_utc=T0, daylight=None
        )


def test_civil_windows_from_events__states_and_midnight_wrap():
    days = [dt.date(2026, 1, 19), dt.date(2026, 6, 1), dt.date(2026, 12, 21), dt.date(2026, 3, 1)]
    bmct = np.array(["2026-01-19T11:39", "NaT", "NaT", "2026-03-01T09:00"], "datetime64[ns]")
    eect = np.array(["2026-01-19T20:49", "NaT", "NaT", "2026-03-01T01:30"], "datetime64[ns]")
    w = civil_windows_from_events(
        days=days,
        bmct=bmct,
        eect=eect,
        civil_state=["normal", "always_above", "always_below", "normal"],
    )
    d = dt.datetime
    assert w[days[0]] == [(d(2026, 1, 19, 11, 39, tzinfo=UTC), d(2026, 1, 19, 20, 49, tzinfo=UTC))]
    assert w[days[1]] == [(d(2026, 6, 1, tzinfo=UTC), d(2026, 6, 2, tzinfo=UTC))]
    assert w[days[2]] == []
    assert w[days[3]] == [
        (d(2026, 3, 1, tzinfo=UTC), d(2026, 3, 1, 1, 30, tzinfo=UTC)),
        (d(2026, 3, 1, 9, 0, tzinfo=UTC), d(2026, 3, 2, tzinfo=UTC)),
    ]


def _earliest_in_daily_window(t: dt.datetime, block_s: float, h0: int, h1: int) -> dt.datetime:
    """Independent re-implementation: first take-off >= t fitting in h0..h1 UTC."""
    day = t.date()
    while True:
        d0 = dt.datetime(day.year, day.month, day.day, tzinfo=UTC)
        lo, hi = d0 + dt.timedelta(hours=h0), d0 + dt.timedelta(hours=h1)
        dep = max(t, lo)
        if dep + dt.timedelta(seconds=block_s) <= hi:
            return dep
        day += dt.timedelta(days=1)


def test_plan_itinerary__daylight_dp_equals_enumeration(cat):
    hub = cat.get("BGSF")
    sites = [cat.get(x) for x in ("BGGH", "BGSS", "BGAA", "BGJN", "BGMQ")]
    ac, visit = get_aircraft("DHC-6"), 2 * H
    it = plan_itinerary(
        hub=hub,
        sites=sites,
        aircraft=ac,
        start_utc=T0,
        daylight=_daily(10, 16),
        visit_duration_s=visit,
    )
    best = None
    for perm in itertools.permutations(sites):
        t = T0
        for a, b in itertools.pairwise([hub, *perm, hub]):
            blk = _block(a, b, ac)
            t = _earliest_in_daily_window(t, blk, 10, 16) + dt.timedelta(seconds=blk)
            if b is not hub:
                t += dt.timedelta(seconds=visit)
        best = t if best is None else min(best, t)
    assert it.end_utc == best
