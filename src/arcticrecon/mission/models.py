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

__all__ = [
    "AirliftAsset",
    "Contribution",
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
