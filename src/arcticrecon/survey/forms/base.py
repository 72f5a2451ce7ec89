"""Common parts of every structured field survey: position, time, team, photos, narrative.

A survey form is a pydantic model, frozen and strict about unknown keys (a misspelt key is
an error, never silently dropped). Every form carries ``form`` (which form it is) and
``schema_version`` (:data:`SCHEMA_VERSIONS`): a stored survey keeps the version it was
written with, and a newer program can read an older survey
(:func:`arcticrecon.survey.forms.upgrade_form`).

Positions may be written as decimal degrees, degrees-minutes-seconds or MGRS. Parsing text
coordinates is geodesy (:mod:`arcticrecon.geo.coords`, a lower-level package may not import
it), so the reader passes a parser in the pydantic validation context under
:data:`POSITION_PARSER` (:func:`arcticrecon.zones.read_survey` does); stored surveys hold
decimal degrees and validate without it.

Lengths are metres, angles degrees, thicknesses centimetres (as ice measurements are
written), times timezone-aware UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)

__all__ = [
    "POSITION_PARSER",
    "SCHEMA_VERSIONS",
    "FormModel",
    "Obstacle",
    "Photo",
    "Position",
    "PositionParser",
    "SurveyBase",
    "UTCDateTime",
]

#: Validation-context key of the text-coordinate parser: ``str -> (lat_deg, lon_deg)``.
POSITION_PARSER = "position_parser"
PositionParser = Callable[[str], tuple[float, float]]

#: Current schema version of each form. Bump a form's version when a field changes meaning
#: or is removed, and add the conversion of the old version to ``upgrade_form``.
SCHEMA_VERSIONS: dict[str, int] = {"lz": 1, "ice": 1, "dz": 1, "hlz": 1, "port": 1}


class FormModel(BaseModel):
    """Base of every form model: unknown keys refused, values finite, frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _aware_utc(value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        try:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(
                f"{value!r} is not a date and time; write e.g. 2026-01-20T14:00:00Z"
            ) from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError(
                f"{value.isoformat()} has no time zone; give UTC, e.g. 2026-01-20T14:00:00Z"
            )
        return value.astimezone(dt.UTC)
    if isinstance(value, dt.date):
        raise ValueError(f"{value.isoformat()} is a date without a time; add it, e.g. T14:00:00Z")
    return value


#: A timezone-aware datetime, converted to UTC (naive times and bare dates refused).
UTCDateTime = Annotated[dt.datetime, BeforeValidator(_aware_utc)]


class Position(FormModel):
    r"""A WGS 84 position.

    Written in a sheet as text (``"67°00'36\"N 50°41'24\"W"``, ``"67.01, -50.69"``,
    ``"22WEV1234567890"``), as ``[lat, lon]`` or as ``{lat_deg = ..., lon_deg = ...}``.

    Attributes
    ----------
    lat_deg, lon_deg : float
        [deg] -90..90, -180..180.
    as_entered : str
        The text the surveyor wrote, kept for the sheet ("" when given as numbers).
    """

    lat_deg: float = Field(ge=-90.0, le=90.0)
    lon_deg: float = Field(ge=-180.0, le=180.0)
    as_entered: str = ""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str):
            parser: PositionParser | None = (info.context or {}).get(POSITION_PARSER)
            if parser is None:
                raise ValueError(
                    f"{value!r}: a position written as text needs the coordinate reader "
                    "(read the sheet with arcticrecon.zones.read_survey), or give "
                    "{lat_deg = ..., lon_deg = ...}"
                )
            try:
                lat, lon = parser(value)
            except ValueError as err:  # InputError is a ValueError
                raise ValueError(str(err)) from None
            return {"lat_deg": lat, "lon_deg": lon, "as_entered": value.strip()}
        if isinstance(value, list | tuple):
            if len(value) != 2:
                raise ValueError(f"{value!r}: a position is [latitude, longitude]")
            return {"lat_deg": value[0], "lon_deg": value[1]}
        return value

    def label(self) -> str:
        """The position as entered, else ``"64.17500, -51.72080"``."""
        return self.as_entered or f"{self.lat_deg:.5f}, {self.lon_deg:.5f}"


class Photo(FormModel):
    """A photo taken during the survey.

    Attributes
    ----------
    file : str
        File name, relative to the sheet (``survey add`` attaches it to the stored survey).
    position : Position or None
        Where it was taken.
    bearing_deg : float or None
        Direction the camera pointed, true. [deg] 0 <= x < 360.
    caption : str
    """

    file: str = Field(min_length=1)
    position: Position | None = None
    bearing_deg: float | None = Field(default=None, ge=0.0, lt=360.0)
    caption: str = ""


class Obstacle(FormModel):
    """An obstacle near a landing zone or helicopter landing zone.

    Attributes
    ----------
    description : str
        What it is ("radio mast", "ridge").
    height_m : float
        Height above the zone's surface. [m] 0-2000.
    distance_m : float
        Horizontal distance from the zone's end (landing zone: from the threshold along the
        approach) or from the edge of the touchdown point (HLZ). [m] 0-50,000.
    where : str
        ``"approach_1"``, ``"approach_2"`` or ``"lateral"`` for landing zones (approach to
        end 1 / end 2 of the zone); ``"approach"``, ``"departure"`` or ``"lateral"`` for HLZs.
    position : Position or None
    """

    description: str = Field(min_length=1)
    height_m: float = Field(ge=0.0, le=2000.0)
    distance_m: float = Field(ge=0.0, le=50_000.0)
    where: str = Field(min_length=1)
    position: Position | None = None

    @property
    def clearance_ratio(self) -> float:
        """Horizontal distance per unit of height (``inf`` for a zero-height obstacle)."""
        return float("inf") if self.height_m == 0 else self.distance_m / self.height_m


class SurveyBase(FormModel):
    """Fields every survey form has.

    Attributes
    ----------
    schema_version : int
        Version of the form's schema the sheet was written with (:data:`SCHEMA_VERSIONS`).
    name : str
        Name of the surveyed zone ("Søndre Strømfjord LZ 2").
    site : str or None
        Catalogue ident (ICAO code or OurAirports ident) when the survey is of a site already
        in the catalogue: its figures then override the catalogue's for readers of the
        survey. ``None``: a new site.
    position : Position
        Reference point: the zone's centre (LZ, ice runway), the point of impact (DZ), the
        touchdown point (HLZ), the quay (port).
    elevation_m : float or None
        Above mean sea level. [m] -100..4500.
    observed_at_utc : datetime
        When surveyed (UTC).
    team : str
        Survey team.
    surveyors : list of str
    photos : list of Photo
    narrative : str
        Free text.
    """

    schema_version: int = Field(default=1, ge=1)
    name: str = Field(min_length=1, max_length=200)
    site: str | None = Field(default=None, min_length=1, max_length=16)
    position: Position
    elevation_m: float | None = Field(default=None, ge=-100.0, le=4500.0)
    observed_at_utc: UTCDateTime
    team: str = Field(min_length=1, max_length=200)
    surveyors: list[str] = Field(default_factory=list)
    photos: list[Photo] = Field(default_factory=list)
    narrative: str = ""

    @model_validator(mode="after")
    def _version(self) -> SurveyBase:
        form = getattr(self, "form", "")
        current = SCHEMA_VERSIONS.get(form, 1)
        if self.schema_version > current:
            raise ValueError(
                f"schema_version {self.schema_version} of the {form} form is newer than this "
                f"program knows ({current}); update arcticrecon"
            )
        return self

    def provenance(self) -> str:
        """``"surveyed by TEAM on YYYY-MM-DD"``."""
        return f"surveyed by {self.team} on {self.observed_at_utc.date().isoformat()}"
