"""Mission file model (pydantic): mission, coalition contributions, exercise concepts.

The TOML layout is described in ``examples/greenland-recon-2026.toml``. Validation errors
are turned into one-line :class:`~arcticrecon.errors.InputError` messages naming the field
path and the value by :func:`arcticrecon.mission.io.read_mission_file`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from arcticrecon.mission.nations import nation_code
from arcticrecon.tz import parse_time_of_day

__all__ = [
    "AirliftAsset",
    "Contribution",
    "DailyHours",
    "ExerciseConcept",
    "Mission",
    "MissionInfo",
    "Person",
    "PresenceStudy",
    "Season",
    "Team",
]


def _nation(v: object) -> str:
    try:
        return nation_code(v)
    except ValueError as err:  # InputError is a ValueError: pydantic reports it with the path
        raise ValueError(str(err).split(": ", 1)[-1]) from err


def _icao(v: object) -> str:
    if not isinstance(v, str) or not v.strip():
        raise ValueError(f"{v!r} is not an ICAO code / site ident")
    return v.strip().upper()


NationCode = Annotated[str, BeforeValidator(_nation)]
SiteCode = Annotated[str, BeforeValidator(_icao)]


def _strict_str(v: object) -> object:
    if not isinstance(v, str):
        raise ValueError(f"{v!r} is not text")
    return v


Text = Annotated[str, BeforeValidator(_strict_str)]


def _time_of_day(v: object) -> dt.time:
    try:
        return parse_time_of_day(v)
    except ValueError as err:  # InputError is a ValueError: pydantic adds the field path
        raise ValueError(str(err)) from None


def _end_time(v: object) -> dt.time:
    try:
        return parse_time_of_day(v, allow_24=True)
    except ValueError as err:
        raise ValueError(str(err)) from None


#: A local wall-clock time "HH:MM" (or a TOML local time); never a number.
TimeOfDay = Annotated[dt.time, BeforeValidator(_time_of_day)]
EndTimeOfDay = Annotated[dt.time, BeforeValidator(_end_time)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class MissionInfo(_Model):
    """The ``[mission]`` table: name, lead nation, dates, hubs (ICAO codes)."""

    name: Text
    lead_nation: NationCode
    start: dt.date
    end: dt.date
    hubs: list[SiteCode] = Field(min_length=1)
    classification: Text = "UNCLASSIFIED"
    description: Text = ""

    @model_validator(mode="after")
    def _dates(self) -> MissionInfo:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class AirliftAsset(_Model):
    """Aircraft a nation brings: ``{ aircraft = "A400M", count = 2, available_from = ... }``."""

    aircraft: Text
    count: int = Field(default=1, ge=1)
    available_from: dt.date | None = None
    sorties_per_day: float = Field(default=1.0, gt=0)


class Contribution(_Model):
    """A ``[[contributions]]`` entry: what one nation sends."""

    nation: NationCode
    personnel: int | None = Field(default=None, ge=0)  # None = not published / unknown
    roles: list[Text] = Field(default_factory=list)
    arrive: dt.date | None = None
    depart: dt.date | None = None
    cargo_t: float = Field(default=0.0, ge=0)
    vehicles: int = Field(default=0, ge=0)
    airlift: list[AirliftAsset] = Field(default_factory=list)
    home_port: Text | None = None

    @model_validator(mode="after")
    def _dates(self) -> Contribution:
        if self.arrive and self.depart and self.depart < self.arrive:
            raise ValueError(f"depart {self.depart} is before arrive {self.arrive}")
        return self


class Person(_Model):
    """A ``[[people]]`` entry of the roster."""

    name: Text
    nation: NationCode
    rank: Text = ""
    role: Text = ""
    team: Text = ""
    arrive: dt.date | None = None
    depart: dt.date | None = None


class Team(_Model):
    """A ``[[teams]]`` entry: a reconnaissance team and the sites it should visit."""

    name: Text
    members: list[Text] = Field(default_factory=list)
    start_hub: SiteCode | None = None
    sites: list[SiteCode] = Field(default_factory=list)
    aircraft: list[Text] = Field(default_factory=list)
    tasks: list[Text] = Field(default_factory=list)


class Season(_Model):
    """When an exercise could take place: ``{ from = 2027-01-01, to = 2027-12-31 }``."""

    from_: dt.date = Field(alias="from")
    to: dt.date

    @model_validator(mode="after")
    def _order(self) -> Season:
        if self.to < self.from_:
            raise ValueError(f"to {self.to} is before from {self.from_}")
        return self


class DailyHours(_Model):
    """Working hours of an exercise: ``daily_hours = { start = "08:00", end = "16:00" }``.

    Local wall-clock time of each site's zone (America/Nuuk, America/Thule, ...), the
    same clock on every date of the season; the light criteria count civil light inside
    this window. A night shift that ends the next morning says so explicitly:
    ``{ start = "22:00", end = "06:00", crosses_midnight = true }``; without it an end at
    or before the start is an error (a typo, not silently a 16-hour night). ``"24:00"``
    as the end means midnight at the end of the date.
    """

    start: TimeOfDay
    end: EndTimeOfDay
    crosses_midnight: bool = False

    @model_validator(mode="after")
    def _order(self) -> DailyHours:
        end = "24:00" if self.end == dt.time.max else f"{self.end:%H:%M}"
        if not self.crosses_midnight and self.end <= self.start:
            raise ValueError(
                f"end {end} is not after start {self.start:%H:%M}; for a night shift "
                "that ends the next day add crosses_midnight = true"
            )
        if self.crosses_midnight and (self.end == dt.time.max or self.end > self.start):
            raise ValueError(
                f"crosses_midnight = true but end {end} is not before start "
                f"{self.start:%H:%M}; drop crosses_midnight for a day within one date"
            )
        return self

    @property
    def hours(self) -> float:
        """Length of the window on a date without a clock change. [h]"""
        end_min = 1440 if self.end == dt.time.max else self.end.hour * 60 + self.end.minute
        start_min = self.start.hour * 60 + self.start.minute
        return ((end_min - start_min) % 1440 or 1440) / 60.0

    def label(self) -> str:
        """``"08:00-16:00"`` (``"22:00-06:00 (+1 day)"`` for a night shift)."""
        end = "24:00" if self.end == dt.time.max else f"{self.end:%H:%M}"
        return f"{self.start:%H:%M}-{end}{' (+1 day)' if self.crosses_midnight else ''}"


def _weights(v: dict[str, float]) -> dict[str, float]:
    for k, w in v.items():
        if w < 0:
            raise ValueError(f"weight {k} = {w} is negative; weights must be >= 0")
    if v and sum(v.values()) <= 0:
        raise ValueError("weights sum to 0; give at least one positive weight")
    return v


class ExerciseConcept(_Model):
    """An ``[[exercise]]`` entry: a concept to place in space and time.

    ``kind`` names a concept of the built-in library (:mod:`arcticrecon.rank.concepts`),
    whose constraints and criteria it inherits; ``weights`` override the default weights.
    """

    name: Text
    kind: Text
    personnel: int = Field(default=0, ge=0)
    duration_days: int = Field(default=7, ge=1, le=366)
    aircraft: list[Text] = Field(default_factory=list)
    season: Season
    weights: Annotated[dict[str, float], AfterValidator(_weights)] = Field(default_factory=dict)
    window: Literal["month", "week"] = "month"
    ship_ice_class: Text | None = None  # POLARIS ice class of the ships, e.g. "PC5", "IA"
    exposure_h_per_day: float = Field(default=8.0, gt=0, le=24)
    # Design wind for the frostbite band [km/h]: no verified wind climatology is available
    # offline, so the cold-risk figures use a stated design wind, never a borrowed number.
    design_wind_kmh: float = Field(default=30.0, ge=0, le=150)
    # Working hours (local time of each site's zone); light criteria count civil light
    # inside them. None = the whole 24 h day.
    daily_hours: DailyHours | None = None
    # H-hour: the local time of day an operation starts (e.g. "06:00"); the planner counts
    # the dates with civil light at H-hour, the report shows it for the best option.
    h_hour: TimeOfDay | None = None
    # Launch delay of the medical evacuation asset [min]: a stated planning assumption
    # (default 30 min, not a readiness standard) used for the 10-1-2 surgery leg
    # (arcticrecon.logistics.medevac).
    medevac_launch_delay_min: float = Field(default=30.0, ge=0, le=1440)


class PresenceStudy(_Model):
    """A ``[[presence]]`` entry: which ``k`` sites cover the most demand in a response time.

    Solved as a maximal covering location problem (:mod:`arcticrecon.coverage`); the
    coverage radius is the aircraft's cruise speed x ``response_h`` (one way, still air).
    """

    name: Text = ""
    aircraft: Text
    response_h: float = Field(gt=0, le=48)
    k: int = Field(ge=1, le=30)
    fixed: list[SiteCode] = Field(default_factory=list)
    demand: Literal["settlements", "coast", "both"] = "settlements"
    curve_to: int | None = Field(default=None, ge=1, le=30)

    @model_validator(mode="after")
    def _k(self) -> PresenceStudy:
        if len(self.fixed) > self.k:
            raise ValueError(f"k = {self.k} is smaller than the {len(self.fixed)} fixed sites")
        return self


class Mission(_Model):
    """A whole mission file."""

    mission: MissionInfo
    contributions: list[Contribution] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    teams: list[Team] = Field(default_factory=list)
    exercise: list[ExerciseConcept] = Field(default_factory=list, min_length=1)
    presence: list[PresenceStudy] = Field(default_factory=list)

    @property
    def nations(self) -> list[str]:
        """Lead nation first, then contributing nations in file order (alpha-3)."""
        out = [self.mission.lead_nation]
        for c in self.contributions:
            if c.nation not in out:
                out.append(c.nation)
        return out
