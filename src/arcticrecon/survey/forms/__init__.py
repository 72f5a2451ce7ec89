"""Structured field survey forms: landing zone, ice runway, drop zone, HLZ, port / beach.

One pydantic model per form (:data:`FORMS`), versioned (:data:`SCHEMA_VERSIONS`), plain
data only: geometry measurement and verdicts are in :mod:`arcticrecon.zones`; storage is a
reconnaissance report with the form as its structured, versioned payload.

Examples
--------
>>> s = validate_form({"form": "hlz", "name": "Ridge HLZ", "team": "Team North",
...     "position": {"lat_deg": 67.01, "lon_deg": -50.69},
...     "observed_at_utc": "2026-02-03T14:00:00Z", "touchdown_diameter_m": 60,
...     "ground_slope_deg": 9, "surface": "snow"})
>>> s.form, s.ground_slope_deg, s.provenance()
('hlz', 9.0, 'surveyed by Team North on 2026-02-03')
>>> validate_form({"form": "hlz", "ground_slope_deg": 120}, form="hlz")
Traceback (most recent call last):
...
arcticrecon.errors.InputError: hlz survey: ground_slope_deg: Input should be less than 90 (got 120) [+5 more]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from arcticrecon.errors import InputError
from arcticrecon.survey.forms.base import (
    POSITION_PARSER,
    SCHEMA_VERSIONS,
    Obstacle,
    Photo,
    Position,
    PositionParser,
    SurveyBase,
)
from arcticrecon.survey.forms.port import MONTHS, Beach, Crane, PortSurvey, Vessel
from arcticrecon.survey.forms.zones import (
    DropDelivery,
    DropMethod,
    DropZoneSurvey,
    HelicopterLandingZoneSurvey,
    HlzSurface,
    IceRunwaySurvey,
    LandingZoneSurvey,
    LzSurface,
    SnowHardness,
    StrengthReadings,
    ThicknessGrid,
    ThicknessPoint,
)

__all__ = [
    "FORMS",
    "FORM_TITLES",
    "MONTHS",
    "POSITION_PARSER",
    "SCHEMA_VERSIONS",
    "Beach",
    "Crane",
    "DropDelivery",
    "DropMethod",
    "DropZoneSurvey",
    "HelicopterLandingZoneSurvey",
    "HlzSurface",
    "IceRunwaySurvey",
    "LandingZoneSurvey",
    "LzSurface",
    "Obstacle",
    "Photo",
    "PortSurvey",
    "Position",
    "PositionParser",
    "SnowHardness",
    "StrengthReadings",
    "Survey",
    "SurveyBase",
    "ThicknessGrid",
    "ThicknessPoint",
    "Vessel",
    "blank_sheet",
    "form_payload",
    "upgrade_form",
    "validate_form",
]

Survey = (
    LandingZoneSurvey | IceRunwaySurvey | DropZoneSurvey | HelicopterLandingZoneSurvey | PortSurvey
)

#: Form key to its model.
FORMS: dict[str, type[SurveyBase]] = {
    "lz": LandingZoneSurvey,
    "ice": IceRunwaySurvey,
    "dz": DropZoneSurvey,
    "hlz": HelicopterLandingZoneSurvey,
    "port": PortSurvey,
}


#: Form key to its title on sheets and in the web form.
FORM_TITLES: dict[str, str] = {
    "lz": "Landing zone / runway survey",
    "ice": "Ice runway survey",
    "dz": "Drop zone survey",
    "hlz": "Helicopter landing zone survey",
    "port": "Port / beach survey",
}


def upgrade_form(data: Mapping[str, Any]) -> dict[str, Any]:
    """Bring a stored or written form to the current schema version of its form.

    Version 1 is the first version of every form, so nothing changes yet; a later version
    adds its conversion here (old stored surveys are never rewritten, they are upgraded
    when read).

    Raises
    ------
    InputError
        If ``form`` is not a known form.
    """
    out = dict(data)
    form = out.get("form")
    if form not in FORMS:
        raise InputError(
            f"form {form!r} is not a survey form; use one of {', '.join(FORMS)}",
            field="form",
            value=form,
            valid_range=tuple(FORMS),
        )
    out.setdefault("schema_version", SCHEMA_VERSIONS[form])
    return out


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not str(part).startswith(("function-", "lax-", "json-")):
            out += ("." if out else "") + str(part)
    return out


def _value_at(data: Any, loc: tuple[int | str, ...]) -> Any:
    cur = data
    for part in loc:
        try:
            cur = cur[part]
        except (KeyError, IndexError, TypeError):
            return None
    return cur


def _show(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


def validate_form(
    data: Mapping[str, Any],
    *,
    form: str | None = None,
    context: Mapping[str, Any] | None = None,
    source: str | None = None,
) -> Survey:
    """Validate a survey sheet (parsed TOML / JSON) against its form.

    Parameters
    ----------
    data : mapping
        The sheet. ``data["form"]`` names the form unless ``form`` is given.
    form : str, optional
        Expected form (``lz``, ``ice``, ``dz``, ``hlz``, ``port``); a sheet naming another
        form is refused.
    context : mapping, optional
        Pydantic validation context; :data:`POSITION_PARSER` to read text coordinates.
    source : str, optional
        What to call the sheet in messages (default ``"<form> survey"``).

    Returns
    -------
    Survey
        The form model.

    Raises
    ------
    InputError
        One line naming the field path, the problem and the value given, e.g.
        ``"lz survey: width_m: Input should be greater than 0 (got -5)"``.
    """
    given = data.get("form")
    if form is None:
        form = given if isinstance(given, str) else None
    if form not in FORMS:
        raise InputError(
            f"{source or 'survey'}: form {form!r} is not a survey form; use one of "
            f"{', '.join(FORMS)}",
            field="form",
            value=form,
            valid_range=tuple(FORMS),
        )
    if given is not None and given != form:
        raise InputError(
            f"{source or 'survey'}: the sheet is a {given!r} form, not {form!r}; use --form {given}",
            field="form",
            value=given,
        )
    src = source or f"{form} survey"
    payload = upgrade_form({**data, "form": form})
    model: type[BaseModel] = FORMS[form]
    try:
        return model.model_validate(payload, context=dict(context or {}))  # type: ignore[return-value]
    except ValidationError as err:
        errors = err.errors()
        errors.sort(key=lambda e: (e["type"] != "extra_forbidden", e["type"] == "missing"))
        e = errors[0]
        loc = tuple(e["loc"])
        path = _loc(loc) or "(top level)"
        msg = str(e["msg"]).removeprefix("Value error, ")
        got = _value_at(payload, loc)
        if e["type"] == "extra_forbidden":
            msg, got_txt = f"unknown field {str(loc[-1])!r} for the {form} form", ""
        elif e["type"] == "missing":
            msg, got_txt = "missing: fill it in", ""
        elif isinstance(got, dict | list) or got is None:
            got_txt = ""
        else:
            got_txt = f" (got {_show(got)})"
        more = f" [+{len(errors) - 1} more]" if len(errors) > 1 else ""
        raise InputError(f"{src}: {path}: {msg}{got_txt}{more}", field=path, value=got) from None


def form_payload(survey: SurveyBase) -> dict[str, Any]:
    """The survey as JSON-able data (positions in decimal degrees, times ISO 8601 UTC).

    ``validate_form(form_payload(s)) == s`` without a position parser: this is what the
    store keeps.
    """
    return survey.model_dump(mode="json")


def blank_sheet(form: str) -> str:
    """A survey sheet to fill in (TOML with comments), as ``survey new --form`` writes it.

    Required values are left empty: a sheet added unfilled is refused field by field.

    Raises
    ------
    InputError
        If ``form`` is not a survey form.

    Examples
    --------
    >>> import tomllib
    >>> tomllib.loads(blank_sheet("hlz"))["form"]
    'hlz'
    """
    from importlib.resources import files

    if form not in FORMS:
        raise InputError(
            f"--form {form!r} is not a survey form; use one of {', '.join(FORMS)}",
            field="form",
            value=form,
            valid_range=tuple(FORMS),
        )
    sheets = files("arcticrecon.survey.forms") / "sheets"
    common = (sheets / "_common.toml").read_text(encoding="utf-8").rstrip()
    photos = (sheets / "_photos.toml").read_text(encoding="utf-8")
    body = (sheets / f"{form}.toml").read_text(encoding="utf-8").replace("@COMMON@", common)
    return body.rstrip() + "\n" + photos
