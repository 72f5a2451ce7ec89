"""Read a survey sheet: TOML/JSON -> validated form with checked geometry.

The one entry point the command line and the web use, so both refuse the same bad input
with the same one-line message naming the field: :func:`read_survey` validates the form
(text coordinates read by :mod:`arcticrecon.geo.coords`), then checks its geometry (a
polygon that crosses itself, corners kilometres apart, a reference point far from the
zone) by measuring it (:mod:`arcticrecon.zones.geometry`).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from arcticrecon.errors import InputError
from arcticrecon.geo.coords import from_mgrs, parse_lat_lon
from arcticrecon.survey.forms import (
    POSITION_PARSER,
    DropZoneSurvey,
    HelicopterLandingZoneSurvey,
    IceRunwaySurvey,
    LandingZoneSurvey,
    Survey,
    validate_form,
)
from arcticrecon.zones.geometry import check_polygon, distance_m, measure_centerline

__all__ = [
    "MAX_OFFSET_M",
    "check_geometry",
    "parse_position_text",
    "read_survey",
    "read_survey_file",
]

#: Largest distance of a survey's reference position from its zone's nearest corner [m].
MAX_OFFSET_M = 10_000.0
# UTM part (zone number, band) or UPS part (polar zone A B Y Z) of MGRS
_MGRS = re.compile(r"^(\d{1,2}[C-HJ-NP-X]|[ABYZ])[A-HJ-NP-Z]{2}(\d\d){1,5}$")


def parse_position_text(text: str) -> tuple[float, float]:
    r"""Read a position written as MGRS or as latitude, longitude (decimal or DMS).

    Returns
    -------
    lat_deg, lon_deg : float
        [deg]

    Raises
    ------
    InputError
        If the text is neither.

    Examples
    --------
    >>> parse_position_text("67°00'36\"N 50°41'24\"W")
    (67.01, -50.69)
    >>> [round(v, 4) for v in parse_position_text("22W DS 66270 17412")]
    [64.1814, -51.6941]
    """
    compact = text.replace(" ", "").upper()
    if _MGRS.match(compact):
        return from_mgrs(compact)
    lat, lon = parse_lat_lon(text)
    return round(lat, 12), round(lon, 12)


def check_geometry(survey: Survey, *, source: str) -> None:
    """Check the geometry of a validated survey; raise one line naming the field.

    Raises
    ------
    InputError
        ``"<source>: corners: the outline crosses itself: side 1-2 crosses side 3-4; ..."``,
        or the reference ``position`` more than :data:`MAX_OFFSET_M` from the zone.
    """
    outline = None
    try:
        if isinstance(survey, LandingZoneSurvey | IceRunwaySurvey):
            if survey.corners is not None:
                check_polygon(survey.corners, field="corners")
                outline = survey.corners
            else:
                assert survey.centerline is not None and survey.width_m is not None
                measure_centerline(survey.centerline, survey.width_m, field="centerline")
                outline = survey.centerline
        elif isinstance(survey, DropZoneSurvey | HelicopterLandingZoneSurvey):
            if survey.corners is not None:
                check_polygon(survey.corners, field="corners")
                outline = survey.corners
    except InputError as err:
        raise InputError(f"{source}: {err}", field=err.field, value=err.value) from None
    if outline:
        near = min(distance_m(survey.position, p) for p in outline)
        if near > MAX_OFFSET_M:
            raise InputError(
                f"{source}: position: {survey.position.label()} is {near / 1000:,.1f} km from the "
                f"zone's nearest corner (at most {MAX_OFFSET_M / 1000:g} km): check the coordinates",
                field="position",
                value=survey.position.label(),
            )


def read_survey(
    data: Mapping[str, Any], *, form: str | None = None, source: str | None = None
) -> Survey:
    """Validate a survey sheet and its geometry.

    Parameters
    ----------
    data : mapping
        Parsed sheet (TOML / JSON / web form).
    form : str, optional
        Expected form (``lz``, ``ice``, ``dz``, ``hlz``, ``port``).
    source : str, optional
        Name of the sheet in messages.

    Returns
    -------
    Survey

    Raises
    ------
    InputError
        One line naming the field and the value.
    """
    survey = validate_form(
        data, form=form, context={POSITION_PARSER: parse_position_text}, source=source
    )
    check_geometry(survey, source=source or f"{survey.form} survey")
    return survey


def read_survey_file(path: Path | str, *, form: str | None = None) -> Survey:
    """Read a survey sheet: TOML (``survey new`` writes one to fill), JSON or YAML.

    The format follows the suffix: ``.json``, ``.yaml``/``.yml`` (YAML 1.2, read as
    :func:`arcticrecon.mission.io.load_yaml_text` reads mission files), anything else TOML.

    Raises
    ------
    InputError
        If the file is unreadable, not valid in its format, not a table of fields, or
        fails :func:`read_survey`.
    """
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8")
    except OSError as err:
        raise InputError(
            f"cannot read survey sheet {str(p)!r}: {err.strerror}", field="file", value=str(p)
        ) from None
    except UnicodeDecodeError:
        raise InputError(
            f"survey sheet {str(p)!r} is not UTF-8 text", field="file", value=str(p)
        ) from None
    suffix = p.suffix.lower()
    data: Any
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise InputError(
                f"survey sheet {p.name} is not valid JSON: {err}", field="file", value=str(p)
            ) from None
    elif suffix in {".yaml", ".yml"}:
        from arcticrecon.mission.io import load_yaml_text

        data = load_yaml_text(text, source=f"survey sheet {p.name}")
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise InputError(
                f"survey sheet {p.name} is not valid TOML: {err}", field="file", value=str(p)
            ) from None
    if not isinstance(data, dict):
        raise InputError(
            f"survey sheet {p.name}: expected a table of fields, got {type(data).__name__}",
            field="file",
            value=str(p),
        )
    return read_survey(data, form=form, source=f"survey sheet {p.name}")
