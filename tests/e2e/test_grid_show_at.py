"""`arcticrecon grid show --at` reads the position forms the survey sheets and the web map
accept: decimal, DMS and MGRS (fresh-user finding: MGRS was refused)."""

from __future__ import annotations

import pytest

from arcticrecon.cli.main import main
from arcticrecon.errors import OutOfDomainError


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, float]]:
    """Record the point `grid show` looks up (no grid needed), then stop with exit 2."""
    from arcticrecon.grid import output

    seen: list[tuple[float, float]] = []

    def values_at(ds: object, *, lat_deg: float, lon_deg: float) -> dict[str, object]:
        seen.append((lat_deg, lon_deg))
        raise OutOfDomainError("stop here", field="at")

    monkeypatch.setattr(output, "open_grid", lambda path: object())
    monkeypatch.setattr(output, "values_at", values_at)
    return seen


@pytest.mark.parametrize(
    ("at", "lat_deg", "lon_deg", "tol_deg"),
    [
        # Nuuk; the reference decoded by the `mgrs` package (GeoTrans), independent of
        # arcticrecon: mgrs.MGRS().toLatLon("22WDS6627017412") = (64.181402, -51.694107)
        # (arcticrecon returns the 1 m square's centre, 0.5 m off: < 1e-5 deg)
        ("22W DS 66270 17412", 64.181402, -51.694107, 1e-5),
        ("22WDS6627017412", 64.181402, -51.694107, 1e-5),
        ("22wds 66270 17412", 64.181402, -51.694107, 1e-5),
        # decimal and DMS as before: 64°10'53"N = 64 + 10/60 + 53/3600
        ("64.1814,-51.6941", 64.1814, -51.6941, 1e-12),
        ("64°10'53\"N 51°41'39\"W", 64 + 10 / 60 + 53 / 3600, -(51 + 41 / 60 + 39 / 3600), 1e-9),
    ],
)
def test_grid_show_at__accepts_mgrs_decimal_and_dms(
    asked: list[tuple[float, float]],
    capsys: pytest.CaptureFixture[str],
    at: str,
    lat_deg: float,
    lon_deg: float,
    tol_deg: float,
) -> None:
    assert main(["grid", "show", "some-grid", "--at", at]) == 2
    assert "stop here" in capsys.readouterr().err
    ((lat, lon),) = asked
    assert abs(lat - lat_deg) <= tol_deg and abs(lon - lon_deg) <= tol_deg


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("foo", "--at 'foo': "),
        ("22WDS662701741", "or give an MGRS reference such as 22W DS 66270 17412"),
        ("95,10", "--at '95,10': coordinate '95' = 95 deg is outside -90..90"),
    ],
)
def test_grid_show_at__bad_position_is_one_line_naming_the_option(
    asked: list[tuple[float, float]], capsys: pytest.CaptureFixture[str], at: str, expected: str
) -> None:
    assert main(["grid", "show", "some-grid", "--at", at]) == 2
    err = capsys.readouterr().err.strip()
    assert expected in err and "\n" not in err
    assert asked == []  # refused before any grid is read
