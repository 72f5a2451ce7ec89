"""Maritime events on tracks built here with known answers (GFW definitions)."""

from __future__ import annotations

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

import arcticrecon.catalog  # noqa: F401 - import first: main's sources<->catalog import cycle
from arcticrecon.maritime.clean import clean_tracks, segment_distance_m
from arcticrecon.maritime.encounters import detect_encounters
from arcticrecon.maritime.events import (
    detect_gaps,
    detect_loitering,
    detect_port_visits,
    detect_zone_crossings,
)
from arcticrecon.maritime.params import EventParams
from arcticrecon.maritime.shore import distance_to_shore_m, zone_band

G = Geodesic.WGS84
T0 = 1_768_867_200_000  # 2026-01-20T00:00Z [ms]
MIN = 60_000
P = EventParams()


def _cols(mmsi, t_ms, lat, lon, sog=None):
    n = len(t_ms)
    return {
        "t_utc_ms": np.asarray(t_ms, dtype=np.int64),
        "mmsi": np.full(n, mmsi, dtype=np.int64) if np.isscalar(mmsi) else np.asarray(mmsi),
        "msg_type": np.ones(n, dtype=np.int8),
        "lat_deg": np.asarray(lat, dtype=float) * np.ones(n),
        "lon_deg": np.asarray(lon, dtype=float) * np.ones(n),
        "sog_kt": (np.full(n, np.nan) if sog is None else np.asarray(sog) * np.ones(n)).astype(
            np.float32
        ),
        "cog_deg": np.full(n, np.nan, dtype=np.float32),
        "heading_deg": np.full(n, np.nan, dtype=np.float32),
        "nav_status": np.full(n, -1, dtype=np.int8),
    }


def _cat(*parts):
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _far_offshore_track(gap_min):
    """A vessel 150 NM off west Greenland, fixes every 3 min, then silent for gap_min."""
    t = [T0 + i * 3 * MIN for i in range(300)]
    t2 = t[-1] + gap_min * MIN
    t += [t2 + i * 3 * MIN for i in range(10)]
    return _cols(257000101, t, 64.0, -57.5, sog=10.0)


@pytest.mark.parametrize(
    ("gap_min", "is_gap", "disabling"),
    [
        (6 * 60 - 1, False, False),
        (6 * 60, True, False),
        (11 * 60 + 59, True, False),
        (12 * 60, True, True),
        (14 * 60, True, True),
    ],
)
def test_gaps__thresholds_exact(gap_min, is_gap, disabling):
    assert distance_to_shore_m(lat_deg=[64.0], lon_deg=[-57.5])[0] > 50 * 1852
    cols, _ = clean_tracks(_far_offshore_track(gap_min))
    gaps = detect_gaps(cols, P)
    assert len(gaps) == int(is_gap)
    if is_gap:
        g = gaps[0]
        assert g["duration_h"] == pytest.approx(gap_min / 60)
        assert g["likely_disabling"] is disabling
        assert g["positions_before"] == 241  # fixes in the 12 h up to the gap, 3 min apart


def test_gap__poor_reception_is_not_disabling():
    c = _far_offshore_track(14 * 60)
    keep = np.r_[np.arange(0, 300, 30), np.arange(300, 310)]  # one fix per 90 min before
    c = {k: v[keep] for k, v in c.items()}
    cols, _ = clean_tracks(c)
    (g,) = detect_gaps(cols, P)
    assert g["positions_before"] < 14 and g["likely_disabling"] is False


def test_gap__near_shore_is_not_disabling():
    t = [T0 + i * 3 * MIN for i in range(300)] + [T0 + 299 * 3 * MIN + 14 * 60 * MIN]
    cols, _ = clean_tracks(_cols(331000501, t, 64.17, -51.8, sog=5.0))  # off Nuuk
    (g,) = detect_gaps(cols, P)
    assert g["distance_to_shore_nm"] < 50 and g["likely_disabling"] is False


def _drift(mmsi, lat, lon, minutes, step_min=5, sog=0.5, t0=T0):
    n = minutes // step_min + 1
    t = [t0 + i * step_min * MIN for i in range(n)]
    return _cols(mmsi, t, lat, lon, sog=sog)


@pytest.mark.parametrize(("minutes", "found"), [(115, False), (120, True), (360, True)])
def test_loitering__duration(minutes, found):
    cols, _ = clean_tracks(_drift(257000101, 64.0, -57.5, minutes))
    ev = detect_loitering(cols, P)
    assert len(ev) == int(found)
    if found:
        assert ev[0]["duration_h"] == pytest.approx(minutes / 60)


def test_loitering__closer_than_20nm_to_shore_is_not_loitering():
    lat, lon = 64.17, -51.9  # inside Nuuk's approaches
    assert distance_to_shore_m(lat_deg=[lat], lon_deg=[lon])[0] < 20 * 1852
    cols, _ = clean_tracks(_drift(257000101, lat, lon, 300))
    assert detect_loitering(cols, P) == []


def test_encounter__500m_two_hours_known_geometry():
    lat, lon = 66.4, -28.0  # Denmark Strait, > 100 NM from Greenland, far from any port
    d = G.Direct(lat, lon, 90.0, 400.0)  # the other vessel 400 m east
    a = _drift(636000201, lat, lon, 150)
    b = _drift(273000301, d["lat2"], d["lon2"], 150)
    cols, _ = clean_tracks(_cat(a, b))
    (e,) = detect_encounters(cols, P)
    assert (e["mmsi"], e["mmsi2"]) == (273000301, 636000201)
    assert e["median_distance_m"] == pytest.approx(400.0, abs=0.5)
    assert e["duration_h"] == pytest.approx(2.5)
    # 600 m apart: no encounter
    d2 = G.Direct(lat, lon, 90.0, 600.0)
    cols2, _ = clean_tracks(_cat(a, _drift(273000301, d2["lat2"], d2["lon2"], 150)))
    assert detect_encounters(cols2, P) == []
    # together only 110 min: no encounter
    cols3, _ = clean_tracks(
        _cat(_drift(636000201, lat, lon, 110), _drift(273000301, d["lat2"], d["lon2"], 110))
    )
    assert detect_encounters(cols3, P) == []


def test_port_visit__entry_3km_exit_4km():
    nuuk = (64.18347, -51.72157)  # ports.csv
    # inbound along the 270 deg radial from 10 km to 1 km, wait, then out to 3.5 km, 10 km
    seq = [10_000, 6000, 2900, 1000, 1000, 1000, 3500, 3800, 4100, 10_000]
    lat, lon = [], []
    for r in seq:
        p = G.Direct(nuuk[0], nuuk[1], 270.0, r)
        lat.append(p["lat2"])
        lon.append(p["lon2"])
    t = [T0 + i * 30 * MIN for i in range(len(seq))]
    cols, _ = clean_tracks(_cols(331000501, t, lat, lon, sog=3.0))
    (v,) = detect_port_visits(cols, P)
    assert v["port"] == "Nuuk"
    assert v["start_utc_ms"] == t[2]  # first fix within 3 km
    assert v["end_utc_ms"] == t[7]  # last fix before the one beyond 4 km (3.5, 3.8 km stay in)
    assert v["complete"] is True


def test_zones__points_at_known_geodesic_distances_from_the_coast():
    from arcticrecon.maritime.shore import coast_vertices

    clat, clon = coast_vertices()
    k = np.argmin(np.abs(clat - 64.0) + np.abs(clon + 52.0) * 0.5)  # a west-coast vertex
    out = []
    for dist_nm in (11.5, 12.5, 199.0, 201.0):
        p = G.Direct(clat[k], clon[k], 270.0, dist_nm * 1852)
        out.append((p["lat2"], p["lon2"]))
    lat = np.array([o[0] for o in out])
    lon = np.array([o[1] for o in out])
    d = distance_to_shore_m(lat_deg=lat, lon_deg=lon) / 1852
    # the nearest coast may be nearer than the vertex we started from, never further
    assert (d <= np.array([11.5, 12.5, 199.0, 201.0]) + 0.01).all()
    band = zone_band(lat_deg=lat, lon_deg=lon)
    expect = np.where(d <= 12, 0, np.where(d <= 200, 1, 2))
    assert band.tolist() == expect.tolist()
    assert band[0] == 0 and d[2] > 150  # 11.5 NM is inside 12 NM whatever the nearest coast


def test_zone_crossings__entry_then_exit():
    lats = np.full(5, 64.0)
    lons = np.array([-60.0, -57.0, -52.3, -57.0, -60.0])
    t = [T0 + i * 12 * 60 * MIN for i in range(5)]
    cols, _ = clean_tracks(_cols(219000601, t, lats, lons, sog=20.0))
    ev = [(e["kind"], e["zone"]) for e in detect_zone_crossings(cols)]
    band = zone_band(lat_deg=lats, lon_deg=lons).tolist()
    assert band[0] == 1 and band[2] == 0
    assert ev == [("zone_entry", "12nm"), ("zone_exit", "12nm")]


def test_cleaning__duplicates_out_of_order_and_spike():
    t = [T0 + i * 5 * MIN for i in range(6)]
    lat = [64.0, 64.01, 64.02, 66.0, 64.04, 64.05]  # fix 3 is 220 km off: a spike
    c = _cols(235000701, t, lat, -40.0, sog=7.0)
    order = [5, 0, 1, 1, 2, 3, 4]  # out of order and one exact duplicate
    c = {k: v[order] for k, v in c.items()}
    cols, st = clean_tracks(c)
    assert st.duplicates == 1 and st.spikes == 1
    assert cols["t_utc_ms"].tolist() == [t[0], t[1], t[2], t[4], t[5]]


def test_segment_distance__matches_geographiclib():
    rng = np.random.default_rng(1)
    lat1 = rng.uniform(58, 84, 400)
    lon1 = rng.uniform(-80, 0, 400)
    az = rng.uniform(0, 360, 400)
    s = rng.uniform(1, 60_000, 400)
    ref = [G.Direct(a, b, c, d) for a, b, c, d in zip(lat1, lon1, az, s, strict=True)]
    lat2 = np.array([r["lat2"] for r in ref])
    lon2 = np.array([r["lon2"] for r in ref])
    got = segment_distance_m(lat1, lon1, lat2, lon2)
    np.testing.assert_allclose(got, s, rtol=1e-5, atol=0.01)
