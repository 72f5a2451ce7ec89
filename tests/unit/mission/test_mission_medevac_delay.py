"""Mission file key `medevac_launch_delay_min` (per exercise)."""

from __future__ import annotations

import tomllib

import pytest

from arcticrecon.errors import InputError
from arcticrecon.mission.io import mission_from_dict

DOC = """
[mission]
name = "m"
lead_nation = "DNK"
start = 2026-01-19
end = 2026-03-31
hubs = ["BGSF"]

[[exercise]]
name = "SAR"
kind = "search_and_rescue"
season = { from = 2027-01-01, to = 2027-12-31 }
"""


def test_default_is_30_min_and_value_is_read():
    m = mission_from_dict(tomllib.loads(DOC))
    assert m.exercise[0].medevac_launch_delay_min == 30.0
    m = mission_from_dict(tomllib.loads(DOC + "medevac_launch_delay_min = 12.5\n"))
    assert m.exercise[0].medevac_launch_delay_min == 12.5


def test_negative_delay_names_the_field():
    with pytest.raises(
        InputError,
        match=r"exercise\[0\]\.medevac_launch_delay_min: Input should be greater than or equal to 0 \(got -5\)",
    ):
        mission_from_dict(tomllib.loads(DOC + "medevac_launch_delay_min = -5\n"))
