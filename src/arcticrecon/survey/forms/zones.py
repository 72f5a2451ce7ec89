"""Survey forms of the zones aircraft use: landing zone / runway, ice runway, drop zone, HLZ.

Each form records what the team measured — never a verdict: verdicts are computed from the
form by :mod:`arcticrecon.zones` against the criteria of the aircraft or delivery method, so
a stored survey stays valid when a criterion table is corrected.

Geometry is recorded as the surveyed corner points (or a centre line with its measured
width); lengths, widths, headings and areas are measured from them geodesically on WGS 84
by :func:`arcticrecon.zones.measure_zone`, which also refuses a polygon that crosses itself.

Content follows what the standard survey forms ask for (AF Form 3822 *Landing Zone
Survey* and AF Form 3823 *Drop Zone Survey*, prescribed by DAFMAN 13-217, *Drop Zone,
Landing Zone, and Helicopter Landing Zone Operations*, 22 April 2021, Change 1 2022; HLZ
content after FM 3-21.38 *Pathfinder Operations*, Department of the Army, 25 April 2006,
chapter 4): used as models of what to record, not copied.
"""

from __future__ import annotations

import enum
from typing import Literal

from pydantic import Field, field_validator, model_validator

from arcticrecon.survey.forms.base import FormModel, Obstacle, Position, SurveyBase

__all__ = [
    "DropDelivery",
    "DropMethod",
    "DropZoneSurvey",
    "HelicopterLandingZoneSurvey",
    "HlzSurface",
    "IceRunwaySurvey",
    "LandingZoneSurvey",
    "LzSurface",
    "SnowHardness",
    "StrengthReadings",
    "ThicknessGrid",
    "ThicknessPoint",
]


class LzSurface(enum.StrEnum):
    """Surface of a landing zone (the classes DAFMAN 13-217 landing zones use, plus snow/ice)."""

    PAVED = "paved"
    SEMI_PREPARED = "semi_prepared"
    GRAVEL = "gravel"
    SNOW = "snow"
    GLACIER_ICE = "glacier_ice"


class SnowHardness(enum.StrEnum):
    """Hand hardness index of snow: fist, four fingers, one finger, pencil, knife, ice.

    C. Fierz et al., *The International Classification for Seasonal Snow on the Ground*,
    IHP-VII Technical Documents in Hydrology No. 83, UNESCO-IHP, Paris, 2009, Table 2.3.
    """

    FIST = "F"
    FOUR_FINGERS = "4F"
    ONE_FINGER = "1F"
    PENCIL = "P"
    KNIFE = "K"
    ICE = "I"


def _positive_list(values: list[float], *, lo: float, hi: float, unit: str) -> list[float]:
    for i, v in enumerate(values):
        if not (lo < v <= hi):
            raise ValueError(f"reading {i + 1} = {v:g} {unit} is outside {lo:g} < x <= {hi:g}")
    return values


class StrengthReadings(FormModel):
    """Surface strength measurements of a landing zone.

    Attributes
    ----------
    cbr_pct : list of float
        California Bearing Ratio readings (soil, semi-prepared and gravel zones). [%] 0-150.
    dcp_mm_per_blow : list of float
        Dynamic cone penetrometer penetration rates (8 kg hammer). [mm/blow] 0-250.
    snow_density_kg_m3 : list of float
        Snow density of the compacted surface. [kg/m^3] 30-917 (917 = pure ice).
    snow_hardness : list of SnowHardness
        Hand hardness index per test pit.
    """

    cbr_pct: list[float] = Field(default_factory=list)
    dcp_mm_per_blow: list[float] = Field(default_factory=list)
    snow_density_kg_m3: list[float] = Field(default_factory=list)
    snow_hardness: list[SnowHardness] = Field(default_factory=list)

    @field_validator("cbr_pct")
    @classmethod
    def _cbr(cls, v: list[float]) -> list[float]:
        return _positive_list(v, lo=0.0, hi=150.0, unit="%")

    @field_validator("dcp_mm_per_blow")
    @classmethod
    def _dcp(cls, v: list[float]) -> list[float]:
        return _positive_list(v, lo=0.0, hi=250.0, unit="mm/blow")

    @field_validator("snow_density_kg_m3")
    @classmethod
    def _rho(cls, v: list[float]) -> list[float]:
        return _positive_list(v, lo=30.0, hi=917.0, unit="kg/m^3")


class _Strip(SurveyBase):
    """Geometry of a strip: four corners, or a centre line plus its measured width.

    ``runway`` names the catalogue runway of ``site`` this survey re-measures (e.g.
    ``"09/27"``): for the survey's readers its length, width and surface are replaced by
    the survey's; without it the surveyed strip is added to the site as a new runway.
    """

    runway: str | None = Field(default=None, min_length=1, max_length=16)
    corners: list[Position] | None = Field(default=None, min_length=4, max_length=4)
    centerline: list[Position] | None = Field(default=None, min_length=2, max_length=2)
    width_m: float | None = Field(default=None, gt=0.0, le=1000.0)

    @model_validator(mode="after")
    def _geometry(self) -> _Strip:
        if (self.corners is None) == (self.centerline is None):
            raise ValueError(
                "give the zone either as corners (4 points in order around it) or as a "
                "centerline (2 points) with width_m"
            )
        if self.centerline is not None and self.width_m is None:
            raise ValueError("width_m: a centerline needs the measured width")
        if self.corners is not None and self.width_m is not None:
            raise ValueError("width_m: the width is measured from the corners; leave it out")
        if self.runway is not None and self.site is None:
            raise ValueError("runway: names a runway of a catalogue site; give site too")
        return self


class LandingZoneSurvey(_Strip):
    """Landing zone / runway survey (form ``lz``).

    Attributes
    ----------
    surface : LzSurface
    longitudinal_slope_pct, transverse_slope_pct : float
        Steepest gradient measured along / across the zone. [%] -50..50.
    overrun_1_m, overrun_2_m : float
        Usable overrun beyond end 1 / end 2 (end 1 holds the first corner). [m] >= 0.
    lighting : {"none", "portable", "permanent"}
    obstacles : list of Obstacle
        ``where`` is ``approach_1``, ``approach_2`` or ``lateral``.
    strength : StrengthReadings
    """

    form: Literal["lz"] = "lz"
    surface: LzSurface
    longitudinal_slope_pct: float = Field(ge=-50.0, le=50.0)
    transverse_slope_pct: float = Field(ge=-50.0, le=50.0)
    overrun_1_m: float = Field(default=0.0, ge=0.0, le=5000.0)
    overrun_2_m: float = Field(default=0.0, ge=0.0, le=5000.0)
    lighting: Literal["none", "portable", "permanent"] = "none"
    obstacles: list[Obstacle] = Field(default_factory=list)
    strength: StrengthReadings = Field(default_factory=StrengthReadings)

    @field_validator("obstacles")
    @classmethod
    def _where(cls, v: list[Obstacle]) -> list[Obstacle]:
        for i, o in enumerate(v):
            if o.where not in {"approach_1", "approach_2", "lateral"}:
                raise ValueError(
                    f"obstacle {i + 1} ({o.description}): where = {o.where!r} is not one of "
                    "approach_1, approach_2, lateral"
                )
        return v


class ThicknessPoint(FormModel):
    """One ice thickness measurement (a drill hole).

    Attributes
    ----------
    label : str
        As marked on the ice ("A3").
    position : Position or None
    clear_ice_cm : float
        Good-quality clear (blue) ice. [cm] 0-500.
    white_ice_cm : float
        Well-bonded white (snow) ice on top, counted at half weight. [cm] 0-500.
    """

    label: str = ""
    position: Position | None = None
    clear_ice_cm: float = Field(ge=0.0, le=500.0)
    white_ice_cm: float = Field(default=0.0, ge=0.0, le=500.0)


class ThicknessGrid(FormModel):
    """A regular grid of ice thickness measurements over the strip.

    Rows run along the strip from end 1, columns across it; every row must have the same
    number of values (a missing point is an error naming the row and column — drill it, or
    list the measured points as ``thickness_points``).

    Attributes
    ----------
    spacing_m : float
        Distance between neighbouring holes. [m] > 0.
    clear_ice_cm : list of list of float, shape (rows, cols)
        [cm] 0-500.
    white_ice_cm : list of list of float or None, shape (rows, cols)
        [cm] 0-500; ``None`` = no white ice.
    """

    spacing_m: float = Field(gt=0.0, le=2000.0)
    clear_ice_cm: list[list[float]] = Field(min_length=1)
    white_ice_cm: list[list[float]] | None = None

    @model_validator(mode="after")
    def _rectangular(self) -> ThicknessGrid:
        for name in ("clear_ice_cm", "white_ice_cm"):
            grid = getattr(self, name)
            if grid is None:
                continue
            ncols = max(len(r) for r in grid)
            for r, row in enumerate(grid):
                if len(row) < ncols:
                    raise ValueError(
                        f"{name}: row {r + 1} has {len(row)} values where the grid has "
                        f"{ncols}: point (row {r + 1}, column {len(row) + 1}) is missing"
                    )
                for c, v in enumerate(row):
                    if not (0.0 <= v <= 500.0):
                        raise ValueError(
                            f"{name}: point (row {r + 1}, column {c + 1}) = {v:g} cm is "
                            "outside 0-500 cm"
                        )
        if self.white_ice_cm is not None and (
            len(self.white_ice_cm) != len(self.clear_ice_cm)
            or len(self.white_ice_cm[0]) != len(self.clear_ice_cm[0])
        ):
            raise ValueError("white_ice_cm: the grid must have the shape of clear_ice_cm")
        return self

    def points(self) -> list[ThicknessPoint]:
        """Every grid point as a :class:`ThicknessPoint` labelled ``"r1c1"``..."""
        out = []
        for r, row in enumerate(self.clear_ice_cm):
            for c, v in enumerate(row):
                w = 0.0 if self.white_ice_cm is None else self.white_ice_cm[r][c]
                out.append(
                    ThicknessPoint(label=f"r{r + 1}c{c + 1}", clear_ice_cm=v, white_ice_cm=w)
                )
        return out


class IceRunwaySurvey(_Strip):
    """Ice runway on floating lake, river or sea ice (form ``ice``).

    The allowable load is computed per aircraft with Gold's formula at the weakest
    measured point (:mod:`arcticrecon.ice.bearing`).

    Attributes
    ----------
    ice_type : {"lake", "river", "sea"}
    thickness_points : list of ThicknessPoint
    thickness_grid : ThicknessGrid or None
        At least one measurement in either.
    gold_a_kg_cm2 : float
        Gold's A chosen for the assessment. [kg/cm^2] 3.5-7.
    snow_cover_cm : float
        Snow on the ice. [cm]
    cracks : str
        Cracks, pressure ridges, open water seen ("" = none seen).
    """

    form: Literal["ice"] = "ice"
    ice_type: Literal["lake", "river", "sea"]
    thickness_points: list[ThicknessPoint] = Field(default_factory=list)
    thickness_grid: ThicknessGrid | None = None
    gold_a_kg_cm2: float = Field(default=4.0, ge=3.5, le=7.0)
    snow_cover_cm: float = Field(default=0.0, ge=0.0, le=500.0)
    cracks: str = ""

    @model_validator(mode="after")
    def _measured(self) -> IceRunwaySurvey:
        if not self.thickness_points and self.thickness_grid is None:
            raise ValueError(
                "thickness_points: no ice thickness measured; give thickness_points or a "
                "thickness_grid"
            )
        return self

    def all_points(self) -> list[ThicknessPoint]:
        """Listed points and grid points together."""
        grid = self.thickness_grid.points() if self.thickness_grid is not None else []
        return [*self.thickness_points, *grid]


class DropMethod(enum.StrEnum):
    """Airdrop delivery method (the three classes of the DZ size tables)."""

    PERSONNEL = "personnel"
    CDS = "cds"
    HEAVY_EQUIPMENT = "heavy_equipment"


class DropDelivery(FormModel):
    """A planned delivery to check the zone against.

    Attributes
    ----------
    method : DropMethod
    count : int
        Jumpers (personnel), containers (CDS) or platforms (heavy equipment). >= 1.
    drop_altitude_ft_agl : float or None
        Planned drop altitude above the zone [ft]; ``None`` = at or below the table's base
        altitude (no correction).
    cds_rows : {1, 2}
        Single or double row of CDS containers.
    night : bool
        Between official sunset and sunrise.
    """

    method: DropMethod
    count: int = Field(ge=1, le=10_000)
    drop_altitude_ft_agl: float | None = Field(default=None, gt=0.0, le=25_000.0)
    cds_rows: Literal[1, 2] = 1
    night: bool = False


class DropZoneSurvey(SurveyBase):
    """Drop zone survey (form ``dz``); ``position`` is the point of impact.

    Attributes
    ----------
    corners : list of Position
        Four corners in order around the zone.
    run_in_heading_deg : float
        Aircraft run-in heading, true. [deg] 0 <= x < 360.
    surface : str
        Surface in words ("wind-packed snow on tundra").
    hazards : list of str
    deliveries : list of DropDelivery
        Planned deliveries to check; the zone's capacity per method is always given.
    """

    form: Literal["dz"] = "dz"
    corners: list[Position] = Field(min_length=4, max_length=4)
    run_in_heading_deg: float = Field(ge=0.0, lt=360.0)
    surface: str = Field(min_length=1)
    hazards: list[str] = Field(default_factory=list)
    deliveries: list[DropDelivery] = Field(default_factory=list)


class HlzSurface(enum.StrEnum):
    """Surface of a helicopter landing zone."""

    ROCK = "rock"
    GRAVEL = "gravel"
    TUNDRA = "tundra"
    GRASS = "grass"
    SAND = "sand"
    SNOW = "snow"
    ICE = "ice"
    PAVED = "paved"
    OTHER = "other"


class HelicopterLandingZoneSurvey(SurveyBase):
    """Helicopter landing zone survey (form ``hlz``); ``position`` is the touchdown point.

    Attributes
    ----------
    touchdown_diameter_m : float or None
        Diameter of the cleared touchdown point, measured. [m]
    corners : list of Position or None
        Outline of the cleared area (3 or more points); the largest circle inside it gives
        the touchdown diameter when none is measured. One of the two is required.
    ground_slope_deg : float
        Steepest ground slope at the touchdown point. [deg] 0 <= x < 90.
    surface : HlzSurface
    loose_snow : bool
        Loose snow, dust or sand that a rotor lifts (whiteout/brownout).
    obstacles : list of Obstacle
        ``where`` is ``approach``, ``departure`` or ``lateral``; ``distance_m`` from the edge
        of the touchdown point.
    approach_heading_deg, departure_heading_deg : float or None
        [deg] true.
    approach_path_width_m : float or None
        Width of the obstacle-free approach path. [m]
    landing_points : int
        Number of touchdown points.
    """

    form: Literal["hlz"] = "hlz"
    touchdown_diameter_m: float | None = Field(default=None, gt=0.0, le=2000.0)
    corners: list[Position] | None = Field(default=None, min_length=3, max_length=64)
    ground_slope_deg: float = Field(ge=0.0, lt=90.0)
    surface: HlzSurface
    loose_snow: bool = False
    obstacles: list[Obstacle] = Field(default_factory=list)
    approach_heading_deg: float | None = Field(default=None, ge=0.0, lt=360.0)
    departure_heading_deg: float | None = Field(default=None, ge=0.0, lt=360.0)
    approach_path_width_m: float | None = Field(default=None, gt=0.0, le=5000.0)
    landing_points: int = Field(default=1, ge=1, le=100)

    @model_validator(mode="after")
    def _size(self) -> HelicopterLandingZoneSurvey:
        if self.touchdown_diameter_m is None and self.corners is None:
            raise ValueError(
                "touchdown_diameter_m: give the measured diameter of the touchdown point or "
                "the corners of the cleared area"
            )
        for i, o in enumerate(self.obstacles):
            if o.where not in {"approach", "departure", "lateral"}:
                raise ValueError(
                    f"obstacles: obstacle {i + 1} ({o.description}): where = {o.where!r} is "
                    "not one of approach, departure, lateral"
                )
        return self
