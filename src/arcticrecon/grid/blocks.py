"""What the grid computes: the build plan from a mission, and every layer of one block of rows.

:func:`compute_block` is the unit of work the Dask cluster runs: a band of raster rows,
all layers, returned as plain NumPy arrays keyed by variable name (see :data:`VARIABLES`
for dims, units and sources). It is a pure function of the plan, the light lattice and
the rows, so the same call checks single points in the tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from arcticrecon.grid.domain import GridSpec
from arcticrecon.grid.light import LightLattice
from arcticrecon.grid.suitability import GridScoring

__all__ = [
    "VARIABLES",
    "BuildPlan",
    "ExerciseGrid",
    "PresenceGrid",
    "compute_block",
    "compute_points",
    "plan_from_mission",
]

_LIGHT_SRC = (
    "arcticrecon.light fast engine (DE421, skyfield; exact to <1 s vs skyfield) on a "
    "0.1 x 1 deg lat/lon lattice, interpolated (see arcticrecon.grid.light); UTC days"
)
_ERA5_SRC = (
    "ERA5 monthly means 2000-2025 (ECMWF/C3S), 0.25 deg; coastal cells: the product's "
    "coastal cell rule, others bilinear. Contains modified Copernicus Climate Change "
    "Service information 2000-2025"
)
_ETOPO_SRC = "NOAA NGDC ETOPO5 (1988), 5 arc-minutes, bilinear; COARSE (~9 km N-S)"

#: name -> (dims, units, long_name, source/caveat)
VARIABLES: dict[str, tuple[tuple[str, ...], str, str, str]] = {
    "elevation_m": (("y", "x"), "m", "elevation (negative: depth below sea level)", _ETOPO_SRC),
    "surface_class": (
        ("y", "x"),
        "1",
        "surface class: 0 sea, 1 land, 2 ice-sheet interior, -1 unknown",
        "GLOBE 1 km land mask (global-land-mask); ice-sheet interior = inside the Natural "
        "Earth outline and ETOPO5 >= 1,500 m (a proxy: no ice mask is shipped)",
    ),
    "satcom_elevation_deg": (
        ("y", "x"),
        "degree",
        "elevation of the geostationary satellite",
        "WGS 84 look angle (arcticrecon.geo.satcom; Soler & Eisemann 1994); no refraction",
    ),
    "satcom_below_min": (
        ("y", "x"),
        "1",
        "GEO satellite below the minimum operational elevation (1 = yes)",
        "arcticrecon.geo.satcom.satcom_masks",
    ),
    "satcom_below_horizon": (
        ("y", "x"),
        "1",
        "GEO satellite below the horizon (1 = yes)",
        "arcticrecon.geo.satcom.satcom_masks",
    ),
    "hub_distance_km": (
        ("y", "x"),
        "km",
        "geodesic distance to the nearest mission hub",
        "WGS 84 geodesic (pyproj.Geod, GeographicLib)",
    ),
    "t2m_mean_degC": (("month", "y", "x"), "degC", "mean 2 m air temperature", _ERA5_SRC),
    "marine_wind_m_s": (
        ("month", "y", "x"),
        "m s-1",
        "mean scalar wind speed over the sea",
        "COADS monthly climatology (ferret-datasets), 2 deg cell; sea only; period not "
        "stated in the file; NaN over land and where COADS has no ship data",
    ),
    "polar_night_days": (("month", "y", "x"), "d", "days of polar night", _LIGHT_SRC),
    "midnight_sun_days": (("month", "y", "x"), "d", "days of midnight sun", _LIGHT_SRC),
    "daylight_h": (
        ("month", "y", "x"),
        "h d-1",
        "mean time per day with the Sun above -0.833 deg",
        _LIGHT_SRC,
    ),
    "civil_light_h": (
        ("month", "y", "x"),
        "h d-1",
        "mean time per day with the Sun above -6 deg (civil light)",
        _LIGHT_SRC,
    ),
    "nautical_light_h": (
        ("month", "y", "x"),
        "h d-1",
        "mean time per day with the Sun above -12 deg",
        _LIGHT_SRC,
    ),
    "flight_time_h": (
        ("aircraft", "y", "x"),
        "h",
        "block time from the nearest hub (cruise speed, still air, + 0.5 h)",
        "geodesic distance / cruise speed (aircraft.csv) + BLOCK_ALLOWANCE_S, as the planner",
    ),
    "covered": (
        ("presence", "y", "x"),
        "1",
        "within the presence option's response radius of one of its bases (1 = yes)",
        "arcticrecon.coverage: radius = cruise speed x response time, WGS 84 geodesic",
    ),
    "wind_chill_degC": (
        ("exercise", "month", "y", "x"),
        "degC",
        "wind chill at the exercise's design wind (air temperature where not applicable)",
        "2001 JAG/TI index (ECCC/NWS) on the monthly mean temperature; the wind is a "
        "design scenario, not a climatology",
    ),
    "frostbite_band": (
        ("exercise", "month", "y", "x"),
        "1",
        "Environment Canada frostbite band 0-4 at the design wind",
        "arcticrecon.cold.windchill.frostbite_band",
    ),
    "civil_light_workday_h": (
        ("exercise", "month", "y", "x"),
        "h d-1",
        "mean civil light per day inside the exercise's working hours (local zone time)",
        _LIGHT_SRC + "; each day's light interval round solar noon (arcticrecon.grid.light."
        "workday_light_s); zone of each cell by the "
        "position rule of arcticrecon.catalog.timezones.zone_index (no National Park "
        "region code on a bare cell: NE Greenland south of 74 N counts as America/Nuuk); "
        "NaN: the exercise has no daily_hours",
    ),
    "suitability": (
        ("exercise", "month", "y", "x"),
        "1",
        "suitability 0-1 on the site ranking's fixed scales; no value where a constraint "
        "fails or an input is unknown",
        "arcticrecon.grid.suitability (see each exercise's scoring attribute)",
    ),
    "suitability_status": (
        ("exercise", "month", "y", "x"),
        "1",
        "why a cell has no suitability: 0 scored, -1 an input unknown (e.g. outside "
        "ERA5), k >= 1 excluded by the exercise's k-th mapped constraint",
        "arcticrecon.grid.suitability.suitability_status; constraints per exercise in "
        "the store's exercises attribute; GeoTIFFs only for exercises with mapped "
        "constraints (otherwise it is just whether suitability is NaN)",
    ),
}


def slug(text: str) -> str:
    """File-name-safe lower-case key of a name ("Cold-weather company" -> "cold_weather_company")."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "x"


@dataclass(frozen=True)
class ExerciseGrid:
    """One exercise as the grid needs it."""

    key: str
    name: str
    kind: str
    scoring: GridScoring
    aircraft: tuple[str, ...]
    design_wind_kmh: float
    daily_hours: tuple[str, str, bool] | None  # (start, end, crosses_midnight), local


@dataclass(frozen=True)
class PresenceGrid:
    """One presence option: its bases and radius."""

    key: str
    name: str
    radius_m: float
    bases: tuple[tuple[str, float, float], ...]  # (icao, lat_deg, lon_deg)


@dataclass(frozen=True)
class BuildPlan:
    """Everything a block needs besides the light lattice."""

    spec: GridSpec
    year: int
    hubs: tuple[tuple[str, float, float], ...]
    aircraft: tuple[tuple[str, float], ...]  # (key, cruise speed [m/s])
    exercises: tuple[ExerciseGrid, ...]
    presences: tuple[PresenceGrid, ...] = ()
    sat_lon_deg: float = -30.0
    min_elevation_deg: float = 5.0
    mission_name: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def _daily_hours(ex: Any) -> tuple[str, str, bool] | None:
    """``(start "HH:MM", end "HH:MM" or "24:00", crosses_midnight)`` of an exercise, or None."""
    import datetime as dt

    dh = getattr(ex, "daily_hours", None)
    if dh is None:
        return None
    end = "24:00" if dh.end == dt.time.max else f"{dh.end:%H:%M}"
    return (f"{dh.start:%H:%M}", end, bool(dh.crosses_midnight))


def plan_from_mission(mission: Any, spec: GridSpec, *, sat_lon_deg: float = -30.0) -> BuildPlan:
    """Resolve a mission's hubs, exercises (concepts, aircraft) and presence options.

    Presence options are solved with :func:`arcticrecon.coverage.presence_options` (the
    same MCLP as ``arcticrecon coverage``) to get their bases.

    Raises
    ------
    InputError, UnknownSiteError
        As the planner, naming the mission-file field.
    """
    from arcticrecon.catalog import get_aircraft, load_catalog
    from arcticrecon.coverage import presence_options
    from arcticrecon.grid.suitability import grid_scoring
    from arcticrecon.planner.plan import _resolve_exercise, _resolve_hubs

    catalog = load_catalog()
    hubs = tuple((h.icao, h.lat_deg, h.lon_deg) for h in _resolve_hubs(mission, catalog))
    exercises, aircraft = [], {}
    used: set[str] = set()
    for i, ex in enumerate(mission.exercise):
        concept, acs = _resolve_exercise(i, ex)
        for a in acs:
            aircraft[a.key] = a.cruise_speed_m_s
        key = slug(ex.name)
        while key in used:
            key += "_"
        used.add(key)
        exercises.append(
            ExerciseGrid(
                key=key,
                name=ex.name,
                kind=ex.kind,
                scoring=grid_scoring(concept),
                aircraft=tuple(a.key for a in acs),
                design_wind_kmh=float(ex.design_wind_kmh),
                daily_hours=_daily_hours(ex),
            )
        )
    presences = []
    for i, st in enumerate(mission.presence):
        ac = get_aircraft(st.aircraft)
        res = presence_options(
            catalog, ac, st.response_h, st.k, st.fixed, reoptimise_marginals=False
        )
        presences.append(
            PresenceGrid(
                key=slug(st.name or f"presence_{i + 1}"),
                name=st.name or f"presence {i + 1}",
                radius_m=float(res.radius_m),
                bases=tuple((s.icao, s.lat_deg, s.lon_deg) for s in res.sites),
            )
        )
    years = sorted({ex.season.from_.year for ex in mission.exercise})
    return BuildPlan(
        spec=spec,
        year=years[0],
        hubs=hubs,
        aircraft=tuple(aircraft.items()),
        exercises=tuple(exercises),
        presences=tuple(presences),
        sat_lon_deg=sat_lon_deg,
        mission_name=mission.mission.name,
    )


def work_windows(plan: BuildPlan) -> Any:
    """The plan's working windows per exercise and zone (:class:`~arcticrecon.grid.light.WorkWindows`)."""
    from arcticrecon.catalog.timezones import GREENLAND_ZONES
    from arcticrecon.grid.light import WorkWindows, workday_windows_utc_s

    days = np.arange(np.datetime64(f"{plan.year}-01-01"), np.datetime64(f"{plan.year + 1}-01-01"))
    n_ex, n_z = len(plan.exercises), len(GREENLAND_ZONES)
    w0 = np.full((n_ex, n_z, days.size), np.nan)
    w1 = np.full((n_ex, n_z, days.size), np.nan)
    for e, ex in enumerate(plan.exercises):
        if ex.daily_hours:
            for z, zone in enumerate(GREENLAND_ZONES):
                w0[e, z], w1[e, z] = workday_windows_utc_s(days, zone, *ex.daily_hours)
    # nautical light inside the working day: only for the suitability of the exercises
    # that score nautical light (not a stored layer)
    naut = tuple(
        any(c.variable == "nautical_light_h" for c in ex.scoring.criteria) for ex in plan.exercises
    )
    return WorkWindows(start_s=w0, end_s=w1, nautical=naut)


def plan_lattice(
    plan: BuildPlan, lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64]
) -> LightLattice:
    """The light lattice of ``plan`` on the given axes, computed in this process.

    (The grid build computes the same on its Dask cluster,
    :func:`arcticrecon.grid.build.build_grid`.)
    """
    from arcticrecon.grid.light import light_lattice

    return light_lattice(lat_deg, lon_deg, plan.year, windows=work_windows(plan))


def _light(
    plan: BuildPlan,
    lattice: LightLattice,
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
) -> tuple[dict[str, NDArray[np.float32]], int]:
    from arcticrecon.grid.light import cell_light_monthly

    if lattice.work_h.shape[0] != len(plan.exercises) and any(
        ex.daily_hours for ex in plan.exercises
    ):
        raise ValueError("the light lattice was built without the plan's working windows")
    out = cell_light_monthly(lattice, lat, lon)
    n_ex = len(plan.exercises)
    for name in ("civil_light_workday_h", "nautical_workday_h"):
        if out[name].shape[0] != n_ex:  # a lattice without windows: no working hours
            out[name] = np.full((n_ex, 12, lat.size), np.nan, np.float32)
    return out, 0


def compute_points(
    plan: BuildPlan, lattice: LightLattice, lat_deg: Any, lon_deg: Any
) -> dict[str, NDArray[Any]]:
    """Every layer at arbitrary points (the block computation, on a list of points).

    Parameters
    ----------
    plan : BuildPlan
    lattice : LightLattice
        Must cover the points.
    lat_deg, lon_deg : array_like, shape (n,)
        WGS 84 positions. [deg]

    Returns
    -------
    dict of variable name -> ndarray
        Dims as :data:`VARIABLES` with (y, x) replaced by one point axis of length n;
        plus ``n_exact`` (cell-days recomputed by the exact light engine).
    """
    from arcticrecon.cold.windchill import wind_chill
    from arcticrecon.geo.satcom import geo_elevation_deg, satcom_masks
    from arcticrecon.grid import layers
    from arcticrecon.grid.suitability import suitability, suitability_status
    from arcticrecon.logistics.flights import BLOCK_ALLOWANCE_S

    lat = np.atleast_1d(np.asarray(lat_deg, float))
    lon = np.atleast_1d(np.asarray(lon_deg, float))
    n = lat.size
    out: dict[str, Any] = {}
    elev = layers.elevation_m(lat, lon)
    cls = layers.surface_class(lat, lon, elev)
    out["elevation_m"] = elev.astype(np.float32)
    out["surface_class"] = cls
    sat = geo_elevation_deg(lat_deg=lat, lon_deg=lon, sat_lon_deg=plan.sat_lon_deg)
    below_min, below_hor = satcom_masks(sat, min_elevation_deg=plan.min_elevation_deg)
    out["satcom_elevation_deg"] = np.asarray(sat, np.float32)
    out["satcom_below_min"] = below_min.astype(np.int8)
    out["satcom_below_horizon"] = below_hor.astype(np.int8)
    hub_m, _ = layers.nearest_distance_m(
        lat, lon, np.array([h[1] for h in plan.hubs]), np.array([h[2] for h in plan.hubs])
    )
    out["hub_distance_km"] = (hub_m / 1000.0).astype(np.float32)
    flight = np.stack(
        [(hub_m / v + BLOCK_ALLOWANCE_S) / 3600.0 for _, v in plan.aircraft] or [np.zeros(n)]
    )[: len(plan.aircraft)]
    out["flight_time_h"] = flight.astype(np.float32)
    cov = np.zeros((len(plan.presences), n), np.int8)
    for p, pr in enumerate(plan.presences):
        d, _ = layers.nearest_distance_m(
            lat, lon, np.array([b[1] for b in pr.bases]), np.array([b[2] for b in pr.bases])
        )
        cov[p] = d <= pr.radius_m
    out["covered"] = cov
    # cold: the coastal test only where ERA5 exists (elsewhere the temperature is unknown)
    in_era5 = (lat >= 58.0) & (lat <= 84.0) & (lon >= -75.0) & (lon <= -10.0)
    coastal = np.zeros(n, bool)
    if in_era5.any():
        coastal[in_era5] = layers.coastal_mask(lat[in_era5], lon[in_era5])
    t2m = layers.era5_t2m_degC(lat, lon, coastal)
    out["t2m_mean_degC"] = t2m.astype(np.float32)
    out["marine_wind_m_s"] = layers.marine_wind_m_s(lat, lon, cls == 0).astype(np.float32)
    light, n_exact = _light(plan, lattice, lat, lon)
    nautical_workday = light.pop("nautical_workday_h")
    out.update(light)
    out["n_exact"] = np.int64(n_exact)
    n_ex = len(plan.exercises)
    wc = np.full((n_ex, 12, n), np.nan, np.float32)
    fb = np.full((n_ex, 12, n), np.nan, np.float32)
    suit = np.full((n_ex, 12, n), np.nan, np.float32)
    status = np.zeros((n_ex, 12, n), np.int8)
    ac_index = {k: i for i, (k, _) in enumerate(plan.aircraft)}
    # the grid-only surface constraints read the class; -1 (no land mask there) = unknown
    surface = np.where(cls >= 0, cls, np.nan).astype(float)
    known = np.isfinite(t2m)
    chill: dict[float, tuple[Any, Any]] = {}  # per design wind (exercises share it)
    for e, ex in enumerate(plan.exercises):
        if known.any():
            if ex.design_wind_kmh not in chill:
                r = wind_chill(t2m[known], ex.design_wind_kmh)
                chill[ex.design_wind_kmh] = (r.wind_chill_degC, r.frostbite_band)
            wc[e][known], fb[e][known] = chill[ex.design_wind_kmh]
        idx = [ac_index[a] for a in ex.aircraft]
        ft = flight[idx].min(axis=0) if idx else np.full(n, np.nan)
        civil, nautical = light["civil_light_h"], light["nautical_light_h"]
        if ex.daily_hours:  # as the planner: light criteria count light inside working hours
            civil, nautical = light["civil_light_workday_h"][e], nautical_workday[e]
        lay = {
            "civil_light_h": civil,
            "nautical_light_h": nautical,
            "hub_distance_km": out["hub_distance_km"],
            "flight_time_h": ft,
            "t2m_mean_degC": t2m,
            "frostbite_band": fb[e],
            "surface_class": surface,
        }
        sc, _ = suitability(ex.scoring, lay)
        # a map shows unknown inputs (outside ERA5 ...) as unknown, not as the worst score
        unknown = np.zeros(sc.shape, bool)
        for c in ex.scoring.criteria:
            unknown |= ~np.isfinite(np.broadcast_to(np.asarray(lay[c.variable], float), sc.shape))
        suit[e] = np.where(unknown, np.nan, sc)
        status[e] = suitability_status(ex.scoring, lay, unknown)
    out["wind_chill_degC"] = wc
    out["frostbite_band"] = fb
    out["suitability"] = suit
    out["suitability_status"] = status
    return out


#: Raster rows computed at once inside :func:`compute_block` (bounds its temporaries).
SUB_ROWS = 32


def compute_block(
    plan: BuildPlan, lattice: LightLattice, row0: int, row1: int
) -> dict[str, NDArray[Any]]:
    """All layers of raster rows ``row0:row1`` (full width), shaped as :data:`VARIABLES`.

    The rows are computed :data:`SUB_ROWS` at a time into the output arrays: each
    layer's temporaries (a year of days per cell for the light, the exercises' per-month
    criteria) then stay a fraction of the block's size (a 1 km block of 128 rows holds
    289 MB of output; its temporaries at the peak were ~340 MB in one go, ~150 MB in
    sub-bands of 32, measured with tracemalloc).
    ``n_exact`` is the sum over the sub-bands.
    """
    from arcticrecon.geo.projection import from_polar_stereo

    spec = plan.spec
    x = spec.x_m
    ny, nx = row1 - row0, x.size
    out: dict[str, Any] = {}
    n_exact = 0
    for a in range(row0, row1, SUB_ROWS):
        b = min(a + SUB_ROWS, row1)
        xx, yy = np.meshgrid(x, spec.y_m[a:b])
        lat, lon = from_polar_stereo(x_m=xx.ravel(), y_m=yy.ravel())
        pts = compute_points(plan, lattice, lat, lon)
        del xx, yy, lat, lon
        n_exact += int(pts.pop("n_exact"))
        for name, val in pts.items():
            val = np.asarray(val)
            lead = val.shape[:-1]
            if name not in out:
                out[name] = np.empty((*lead, ny, nx), val.dtype)
            out[name][..., a - row0 : b - row0, :] = val.reshape((*lead, b - a, nx))
        del pts
    out["n_exact"] = np.int64(n_exact)
    return out
