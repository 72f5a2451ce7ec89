"""Request and response models of the JSON API (one response model per route).

Units are in the field names (``_m``, ``_h``, ``_kmh``, ``_degC``, ``_utc``). Response
models declare every member a client may rely on; they are *open* (``extra="allow"``):
a member a route adds before its model does still reaches the client, but is undocumented
in ``/openapi.json`` until it is declared here — declare it.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from arcticrecon.survey import ReportKind

__all__ = [
    "AisFeatureCollection",
    "AisVessel",
    "AttachmentPublic",
    "AuditCheck",
    "BaseMap",
    "ColdMonth",
    "ColdWind",
    "CoverageResult",
    "ExerciseSummary",
    "Health",
    "LightDay",
    "LoginRequest",
    "LoginResponse",
    "MapLayerInfo",
    "MapMarking",
    "MissionInfo",
    "OpportunityPage",
    "OpportunitySort",
    "OverridePublic",
    "PersonPublic",
    "PlanRunCreate",
    "PlanRunSummary",
    "ReportPublic",
    "Roster",
    "RunwayPublic",
    "SiteCold",
    "SiteDetail",
    "SiteLight",
    "SitePublic",
    "StructuredSurveyCreate",
    "SurveyCreate",
    "TeamPublic",
    "UserPublic",
    "WriteReceipt",
]


class Out(BaseModel):
    """Base of the response models: declared members, extra members passed through."""

    model_config = ConfigDict(extra="allow")


# -- requests ---------------------------------------------------------------------------


class LoginRequest(BaseModel):
    """User name and password."""

    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)


class SurveyCreate(BaseModel):
    """A new reconnaissance report (structured fields per kind, units in the names)."""

    model_config = ConfigDict(extra="forbid")
    site: str | None = Field(
        default=None,
        max_length=16,
        description="ICAO code, e.g. BGSF; may be left out when a position is given "
        "(the nearest site within 5 km is taken, else the finding stands on its own)",
    )
    lat_deg: float | None = Field(
        default=None, ge=-90.0, le=90.0, description="where it was found, WGS 84 [deg]"
    )
    lon_deg: float | None = Field(
        default=None, ge=-180.0, le=180.0, description="where it was found, WGS 84 [deg]"
    )
    kind: ReportKind
    text: str = Field(default="", max_length=20_000)
    fields: dict[str, Any] = Field(default_factory=dict)
    level: str | None = Field(default=None, max_length=50, description="default: lowest")
    rel_to: list[str] | None = Field(default=None, max_length=60, description="default: all")
    observed_at_utc: AwareDatetime | None = None
    team: str | None = Field(default=None, max_length=200)


class StructuredSurveyCreate(BaseModel):
    """A structured field survey: the form (as a sheet holds it) and its marking.

    ``form`` follows the schema ``GET /api/survey-forms`` lists for its ``form`` key;
    positions may be text (decimal, DMS or MGRS).
    """

    model_config = ConfigDict(extra="forbid")
    form: dict[str, Any] = Field(description="the survey form, e.g. {'form': 'hlz', ...}")
    level: str | None = Field(default=None, max_length=50, description="default: lowest")
    rel_to: list[str] | None = Field(default=None, max_length=60, description="default: all")


class PlanRunCreate(BaseModel):
    """Start a ranking: the server's mission (or one given as TOML), one or all exercises."""

    model_config = ConfigDict(extra="forbid")
    exercise: str | None = Field(default=None, max_length=200)
    mission_toml: str | None = Field(default=None, max_length=200_000)


class OpportunitySort(enum.StrEnum):
    """Sort keys of the opportunities listing."""

    rank = "rank"
    score = "score"
    icao = "icao"
    window_start = "window_start"


# -- auth and mission -------------------------------------------------------------------


class Health(Out):
    """Liveness answer."""

    status: str


class UserPublic(Out):
    """The logged-in user (nation and clearance decide what they see)."""

    username: str
    name: str
    rank: str
    nation: str
    clearance: str
    is_admin: bool
    levels: list[str]


class LoginResponse(Out):
    """A bearer token (also set as the session cookie) and the session's CSRF token."""

    token: str
    token_type: str = "bearer"
    csrf_token: str
    expires_in_s: float
    user: UserPublic


class ExerciseSummary(Out):
    """One exercise of the planning mission file."""

    name: str
    kind: str
    personnel: int
    season_from: dt.date
    season_to: dt.date


class MissionInfo(Out):
    """The stored mission and the exercises of the planning mission file."""

    name: str
    lead_nation: str
    nations: list[str]
    levels: list[str]
    exercises: list[ExerciseSummary]
    hubs: list[str]
    tile_url: str | None


class PersonPublic(Out):
    """A mission member (not marked: every member sees the roster)."""

    id: str
    name: str
    rank: str
    nation: str
    clearance: str
    role: str
    arrive: dt.date | None
    depart: dt.date | None


class TeamPublic(Out):
    """A team and its members' person ids."""

    id: str
    name: str
    members: list[str]
    tasks: list[str]


class Roster(Out):
    """People and teams of the mission."""

    persons: list[PersonPublic]
    teams: list[TeamPublic]


class AuditCheck(Out):
    """Result of verifying the hash-chained audit log."""

    ok: bool
    entries: int
    records: int
    reason: str
    head_hash: str | None


class BaseMap(Out):
    """Coastline rings and graticule lines in EPSG:3413 metres."""

    crs: str
    extent_m: list[float] = Field(description="[x_min, y_min, x_max, y_max] [m]")
    coastline: list[list[list[float]]]
    graticule: list[dict[str, Any]]
    source: str


# -- sites, light, cold -----------------------------------------------------------------


class RunwayPublic(Out):
    """A runway as the catalogue lists it (metres)."""

    ident: str
    length_m: float | None
    width_m: float | None
    surface: str
    closed: bool
    helipad: bool
    landing_distance_available_m: float | None


class SitePublic(Out):
    """A catalogue site with the overrides the reader may see applied.

    ``overrides`` holds the visible findings (field -> value); ``catalogue`` the original
    values of fields an override replaced.
    """

    icao: str
    name: str
    kind: str
    lat_deg: float
    lon_deg: float
    x_m: float = Field(description="EPSG:3413 easting [m]")
    y_m: float = Field(description="EPSG:3413 northing [m]")
    elevation_m: float | None
    tz: str
    iata: str | None
    municipality: str | None
    longest_runway_m: float | None
    closed: bool
    overrides: dict[str, Any]
    catalogue: dict[str, Any]
    n_reports: int


class OverridePublic(Out):
    """A visible site override with its marking."""

    id: str
    site: str
    field: str
    value: Any
    author_id: str | None
    observed_at_utc: str
    level: str
    rel_to: list[str]
    note: str | None


class AttachmentPublic(Out):
    """An attachment of a report, with its download URL."""

    sha256: str
    filename: str
    media_type: str
    size_bytes: int
    level: str
    rel_to: list[str]
    url: str


class ReportPublic(Out):
    """A reconnaissance report as the reader may read it."""

    id: str
    revision_id: str
    site: str
    kind: str
    team: str | None
    author_id: str | None
    author: str | None
    observed_at_utc: str
    edited_at_utc: str
    fields: dict[str, Any]
    text: str
    level: str
    rel_to: list[str]
    marking: str
    attachments: list[AttachmentPublic]
    conflict: bool
    form: str | None = None


class WriteReceipt(Out):
    """What a writer gets back for a record their own clearance or nation may not read."""

    id: str
    visible_to_you: bool = False


class SiteDetail(SitePublic):
    """A site with runways, visible overrides (with markings) and visible reports."""

    runways: list[RunwayPublic]
    override_records: list[OverridePublic]
    reports: list[ReportPublic]


class LightInterval(Out):
    """One light interval starting on a date: its start and the crossing that closes it."""

    start_utc: str
    end_utc: str | None
    start_local: str
    end_local: str | None
    end_date: dt.date | None
    duration_h: float | None


class LightKind(Out):
    """One kind of light (daylight, civil, nautical, astronomical) on one local date."""

    state: str
    text: str
    in_day_h: float
    intervals: list[LightInterval]


class LightDay(Out):
    """The light intervals that start on one site-local date (arcticrecon.light.records)."""

    date: dt.date
    day_length_h: float | None
    solar_noon_utc: list[str]
    solar_noon_local: list[str]
    daylight: LightKind
    civil: LightKind
    nautical: LightKind
    astronomical: LightKind


class SiteLight(Out):
    """Light intervals per local date at a site."""

    icao: str
    tz: str
    start: dt.date
    end: dt.date
    method: str
    days: list[LightDay]


class ColdWind(Out):
    """Wind chill at one design wind."""

    wind_kmh: float
    wind_chill_degC: float
    applicable: bool
    frostbite_label: str


class ColdMonth(Out):
    """One month of the cold table."""

    month: int
    t2m_degC: float | None
    basis: str
    era5_t2m_degC: float | None
    station_mean_degC: float | None
    winds: list[ColdWind]
    risk_label: str


class SiteCold(Out):
    """Monthly cold table at a site."""

    icao: str
    station: str | None = Field(description="nearest climate station, if any")
    wind_kmh: list[float]
    exposure_h: float
    months: list[ColdMonth]
    source: str


# -- plans and coverage -----------------------------------------------------------------


class MarkingPublic(Out):
    """Marking of a layer or plan run: high-water mark of the records it used."""

    level: str
    rel_to: list[str] | None = Field(description="null: no record restricts releasability")
    banner: str


class PlanRunSummary(Out):
    """Status and progress of a plan run (no results)."""

    id: str
    mission: str
    exercises: list[str]
    status: str
    progress: float = Field(description="fraction done, 0..1")
    step: str
    error: str | None
    created_utc: dt.datetime
    finished_utc: dt.datetime | None
    level: str
    rel_to: list[str]
    marking: MarkingPublic = Field(
        description="high-water mark of the mission classification and the overrides used"
    )
    n_options: int | None


class OpportunityPage(Out):
    """One page of ranked options (site x window) of a finished run.

    ``items`` are the rows of :func:`arcticrecon.report.tables.opportunities_frame` (its
    ``columns`` are listed, NaN as ``null``, dates ISO 8601).
    """

    run_id: str
    exercises: list[str]
    total: int
    offset: int
    columns: list[str]
    items: list[dict[str, Any]]
    marking: MarkingPublic = Field(description="marking of the run the rows come from")


class CoverageResult(Out):
    """A presence option (MCLP): the sites chosen and what they cover.

    The members of :meth:`arcticrecon.coverage.PresenceResult.to_dict`; ``site_details``
    carry EPSG:3413 ``x_m`` / ``y_m``.
    """

    aircraft: str
    response_h: float
    radius_m: float
    radius_nmi: float
    k: int
    fixed: list[str]
    sites: list[str]
    covered_demand: float
    total_demand: float
    coverable_demand: float
    covered_share: float
    demand_unit: str
    optimal: bool
    status: str
    mip_gap: float | None
    coverage_curve: list[dict[str, Any]]
    marginal_value: dict[str, float | None]
    marginal_value_reoptimised: dict[str, float | None]
    site_details: list[dict[str, Any]]
    by_layer: list[dict[str, Any]]
    uncovered: list[str]
    n_candidates: int
    area: dict[str, Any] = Field(
        description="km² within reach: union of the circles, Greenland's area and the part "
        "of it covered (arcticrecon.coverage.CoverageArea)"
    )
    notes: list[str]


# -- map (H15) --------------------------------------------------------------------------


class MapLayerPublic(Out):
    """One entry of the layer switcher (see :mod:`arcticrecon.web.maplayers`)."""

    id: str
    title: str
    kind: str = Field(description='"vector" (GeoJSON) or "image" (EPSG:3413 PNG)')
    url: str
    group: str
    path: str
    note: str
    visible: bool
    available: bool = Field(description="the layer's route is mounted on this server")


class LayerInfo(Out):
    """The ``layer`` member of a layer's FeatureCollection."""


# -- AIS (maritime picture) ---------------------------------------------------------------


class MapMarking(Out):
    """Marking of a map layer answer (COORD.md): high-water mark of what it used."""

    level: str
    rel_to: list[str] | None
    banner: str


class MapLayerInfo(Out):
    """What a vector layer is (COORD.md ``layer`` member)."""

    id: str
    title: str
    source: str
    caveat: str


class LayerCollection(Out):
    """A map layer: GeoJSON FeatureCollection (RFC 7946, lon/lat) + marking and layer."""

    type: str = "FeatureCollection"
    marking: MarkingPublic
    layer: LayerInfo
    features: list[dict[str, Any]]


class MapImage(Out):
    """One georeferenced picture of an image layer (a grid layer rendered to PNG)."""

    id: str
    title: str
    url: str = Field(description="same-origin URL of the PNG (no other host: the page is offline)")
    extent_3413_m: list[float] = Field(
        min_length=4,
        max_length=4,
        description="[xmin, ymin, xmax, ymax] of the picture's outer edges in EPSG:3413 [m]",
    )
    opacity: float = Field(0.7, ge=0.0, le=1.0)
    units: str | None = Field(None, description="unit of the values shown (CF units string)")


class ImageLayerCollection(Out):
    """An image layer's answer: its pictures (drawn in order, bottom first) and marking."""

    marking: MarkingPublic
    layer: LayerInfo
    images: list[MapImage]


class GeodesicPublic(Out):
    """Distance and courses between two points (GeographicLib on WGS 84)."""

    distance_m: float
    distance_km: float
    distance_nm: float
    initial_course_deg: float
    final_course_deg: float
    method: str


class CoordsPublic(Out):
    """A position in decimal degrees, DMS, MGRS and (near a pole) UPS.

    ``mgrs`` is 10 m precision (UPS zones Y/Z/A/B north of 84°N and south of 80°S);
    ``ups`` is ``"Z 2277728mE 1518959mN"`` (EPSG:32661/32761, whole metres) within UPS's
    caps (83.5°N..90°N, 79.5°S..90°S), else null.
    """

    lat_deg: float
    lon_deg: float
    dd: str
    dms: str
    mgrs: str
    ups: str | None = None


class AircraftVerdict(Out):
    """Whether an aircraft type can use a site (runway length, width, surface)."""

    aircraft: str
    name: str
    ok: bool
    reason: str
    runway: str
    caveats: list[str]


__all__ += [
    "AircraftVerdict",
    "CoordsPublic",
    "GeodesicPublic",
    "LayerCollection",
    "LayerInfo",
    "MapLayerPublic",
    "MarkingPublic",
]


class AisFeatureCollection(Out):
    """RFC 7946 FeatureCollection (lon/lat) of an AIS layer with marking and layer info.

    ``parameters`` are the event thresholds used (GFW definitions); ``synthetic`` is true
    when any position came from a synthetic source.
    """

    type: str = "FeatureCollection"
    features: list[dict[str, Any]]
    marking: MapMarking
    layer: MapLayerInfo
    parameters: dict[str, Any] | None = None
    synthetic: bool | None = None


class AisVessel(Out):
    """One vessel: latest static/voyage data, flag from the ITU MID, its events."""

    mmsi: int
    name: str | None
    call_sign: str | None
    imo: int | None
    ship_type: int | None
    length_m: float | None
    beam_m: float | None
    draught_m: float | None
    destination: str | None
    positions: int
    first_utc_ms: int
    last_utc_ms: int
    station_kind: str
    flag: str | None
    flag_allocated_to: str | None
    events: list[dict[str, Any]]
    marking: MapMarking
    synthetic: bool
