"""MMSI -> flag (ITU MID table, ITU-R M.585-9 formats) and the shipped SYNTHETIC sample."""

from __future__ import annotations

import gzip

import pytest

import arcticrecon.catalog  # noqa: F401 - import first: main's sources<->catalog import cycle
from arcticrecon.maritime.flags import flag_of_mmsi, mid_table
from arcticrecon.maritime.synthetic import synthetic_lines
from arcticrecon.sources.embedded import data_path


@pytest.mark.parametrize(
    ("mmsi", "kind", "alpha3"),
    [
        # MIDs from the ITU table: 219/220 Denmark, 231 Faroe Islands, 331 Greenland,
        # 205 Belgium, 226-228 France, 211/218 Germany, 244-246 Netherlands, 636/637 Liberia
        (219000601, "ship", "DNK"),
        (220123456, "ship", "DNK"),
        (231000001, "ship", "FRO"),
        (331000501, "ship", "GRL"),
        (205000001, "ship", "BEL"),
        (227000001, "ship", "FRA"),
        (218000001, "ship", "DEU"),
        (246000001, "ship", "NLD"),
        (637000001, "ship", "LBR"),
        (2190001, "coast", "DNK"),  # 00MIDxxxx: 002190001 coast station of Denmark
        (111219500, "sar_aircraft", "DNK"),
        (992191234, "aid_to_navigation", "DNK"),
        (970123456, "sart_mob_epirb", None),
        (217000001, "ship", None),  # 217 is not allocated: unknown, never guessed
    ],
)
def test_flag_of_mmsi(mmsi, kind, alpha3):
    f = flag_of_mmsi(mmsi)
    assert f.kind == kind and f.flag_alpha3 == alpha3


def test_mid_table__nato_and_arctic_states_present():
    t = mid_table()
    assert len(t) == 292
    for mid, a3 in (
        (219, "DNK"),
        (251, "ISL"),
        (257, "NOR"),
        (316, "CAN"),
        (366, "USA"),
        (273, "RUS"),
        (230, "FIN"),
        (265, "SWE"),
        (232, "GBR"),
    ):
        assert t[mid][0] == a3


def test_synthetic_sample__shipped_file_is_the_generator_output():
    shipped = gzip.decompress(data_path("ais_synthetic_greenland.nmea.gz").read_bytes())
    lines = synthetic_lines(13)
    assert shipped.decode("ascii") == "\n".join(lines) + "\n"
    assert lines[0].startswith("# SYNTHETIC")
    assert all("s:arcticrecon-synthetic" in ln for ln in lines[1:] if ln.startswith("\\"))
