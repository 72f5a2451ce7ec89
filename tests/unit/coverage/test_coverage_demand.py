"""Unit tests of arcticrecon.coverage.demand."""

from __future__ import annotations

import numpy as np
import pytest

from arcticrecon.coverage.demand import (
    coastline_demand,
    combine_demand,
    read_demand_csv,
    settlement_demand,
)
from arcticrecon.errors import InputError, OutOfDomainError
from arcticrecon.geo import WGS84


def test_settlement_demand__populated_towns_only_by_default():
    d = settlement_demand()
    # 13 towns with a 2021 population in settlements_gl_towns.csv (Statistics Greenland).
    assert len(d) == 13
    assert d.label[:3] == ("Nuuk", "Sisimiut", "Ilulissat")
    assert d.weight[:3].tolist() == [19279.0, 5620.0, 4737.0]
    assert float(d.weight.sum()) == 47297.0
    assert "Qaanaaq" not in d.label
    assert any("left out" in n and "Qaanaaq" in n for n in d.notes)
    assert d.unit == "persons (2021)"


def test_settlement_demand__explicit_weight_for_unpopulated_places():
    d = settlement_demand(unpopulated_weight=250.0)
    assert len(d) == 18
    i = d.label.index("Qaanaaq")
    assert d.weight[i] == 250.0
    assert (d.lat_deg[i], d.lon_deg[i]) == (77.46666, -69.23155)
    assert any("user-set" in n for n in d.notes)


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_settlement_demand__bad_weight_raises(bad):
    with pytest.raises(InputError, match="places without population"):
        settlement_demand(unpopulated_weight=bad)


def test_coastline_demand__weights_sum_to_geodesic_outline_length():
    d = coastline_demand(spacing_km=50)
    assert d.layer[0] == "coast" and d.unit == "km of coastline"
    assert d.lat_deg.min() > 59.0 and d.lat_deg.max() < 84.0
    assert d.lon_deg.min() > -75.0 and d.lon_deg.max() < -10.0
    # Every point carries ring length / n, so the total is the outline's geodesic length.
    total_km = float(d.weight.sum())
    d25 = coastline_demand(spacing_km=25)
    assert float(d25.weight.sum()) == pytest.approx(total_km, rel=1e-9)
    assert len(d25) > 1.8 * len(d)
    # spacing is in EPSG:3413 metres, within ~4 % of the ground: weights near the spacing
    big = d25.weight[d25.weight > 5]
    assert np.all((big > 20) & (big < 33))


def test_coastline_demand__total_matches_pyproj_length_of_main_ring():
    import json

    from arcticrecon.sources.embedded import data_path

    fc = json.loads(data_path("greenland_outline_ne_50m.geojson").read_text())
    total = 0.0
    for poly in fc["features"][0]["geometry"]["coordinates"]:
        for ring in poly:
            lon, lat = np.asarray(ring).T
            total += WGS84.line_length(lon, lat)
    assert float(coastline_demand().weight.sum()) == pytest.approx(total / 1000, rel=1e-9)


@pytest.mark.parametrize("bad", [0.5, 501.0, float("nan")])
def test_coastline_demand__bad_spacing_raises(bad):
    with pytest.raises(InputError, match="spacing"):
        coastline_demand(spacing_km=bad)


def test_read_demand_csv__reads_points(tmp_path):
    p = tmp_path / "lanes.csv"
    p.write_text("lat_deg,lon_deg,weight,label\n64.0,-53.0,10,lane A\n66.5,-56.0,2.5,\n")
    d = read_demand_csv(p)
    assert len(d) == 2
    assert d.weight.tolist() == [10.0, 2.5]
    assert d.label == ("lane A", "row 3")
    assert d.layer == ("file", "file")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("lat,lon,weight\n64,-53,1\n", "lacks column"),
        ("lat_deg,lon_deg,weight\n64,-53,x\n", "must be numbers"),
        ("lat_deg,lon_deg,weight\n64,-53,-1\n", "weight -1.0"),
        ("lat_deg,lon_deg,weight\n", "no data rows"),
    ],
)
def test_read_demand_csv__bad_file_raises(tmp_path, text, match):
    p = tmp_path / "d.csv"
    p.write_text(text)
    with pytest.raises(InputError, match=match):
        read_demand_csv(p)


def test_read_demand_csv__out_of_range_position_raises(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("lat_deg,lon_deg,weight\n95,-53,1\n")
    with pytest.raises(OutOfDomainError):
        read_demand_csv(p)


def test_read_demand_csv__missing_file_raises(tmp_path):
    with pytest.raises(InputError, match="cannot be read"):
        read_demand_csv(tmp_path / "nope.csv")


def test_combine_demand__layers_scaled_to_shares_raw_kept():
    s, c = settlement_demand(), coastline_demand(spacing_km=100)
    d = combine_demand([s, c], shares=[3, 1])
    lay = np.asarray(d.layer)
    assert d.unit == "share"
    assert float(d.weight[lay == "settlements"].sum()) == pytest.approx(0.75)
    assert float(d.weight[lay == "coast"].sum()) == pytest.approx(0.25)
    assert float(d.raw_weight[lay == "settlements"].sum()) == 47297.0
    assert dict(d.layer_units) == {"settlements": "persons (2021)", "coast": "km of coastline"}


def test_combine_demand__single_part_unchanged_and_bad_shares_raise():
    s = settlement_demand()
    assert combine_demand([s]) is s
    with pytest.raises(InputError, match="shares"):
        combine_demand([s, s], shares=[1, 0])
