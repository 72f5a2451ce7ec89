"""The built-in library of exercise concepts: hard constraints and weighted criteria.

A concept names the feature variables (see :func:`arcticrecon.planner.build_features`) it
needs: which variables must satisfy a condition (hard constraints, with the variable that
holds the reason when they do not) and which numeric variables are scored, in which sense,
on which fixed value scale. Fixed scales (not the min/max of the options at hand) make a
site's score independent of which other sites are in the comparison, so adding a clearly
worse site never reorders the others; each scale below states where its bounds come from.

Default weights are planning judgements of the arcticrecon team, documented here and
overridable per exercise in the mission file (``weights = { access = 0.5, ... }``).

Optional variables
------------------
Some variables come from analyses that may not have run (cold: ``t2m_mean_degC``,
``frostbite_band``; logistics: ``flight_time_h``). A concept lists those it can do
without in :attr:`Concept.optional`. When an optional variable is absent from the
features, the criteria and constraints that read it are left out, the remaining weights
are renormalised, and the :class:`~arcticrecon.rank.score.Ranking` says so in ``missing``
and ``notes`` (the report must print them). A variable that is *not* optional and absent
raises :class:`~arcticrecon.errors.InputError` naming every missing variable. A variable
that is present but NaN for some options is an unknown fact: it scores 0 (the worst
value) and is named "unknown" in the explanation; constraints say per
``if_unknown`` whether an unknown value excludes the option or passes with a caveat.

Feature variables used (unit; producer)
---------------------------------------
=====================  ========  ==============================================
``civil_light_h``      h/day     planner, light engine (Sun above -6 deg)
``nautical_light_h``   h/day     planner, light engine (Sun above -12 deg)
``hub_distance_km``    km        planner, geodesic to the nearest mission hub
``runway_length_m``    m         planner, longest open runway (OurAirports)
``runway_paved``       bool      planner, an open paved runway (OurAirports)
``runway_lighted``     0/1       planner, an open runway flagged lighted
``site_open``          bool      planner, not listed as closed (OurAirports)
``aircraft_ok``        bool      planner, an exercise aircraft can use the site
``t2m_mean_degC``      degC      cold analysis (ERA5 2000-2025 monthly means)
``frostbite_band``     0-4       cold analysis (Environment Canada bands)
``port_access``        1/0/NaN   ice analysis (reachable / not / unknown)
``flight_time_h``      h         logistics (flight time from the nearest hub)
``medevac_h``          h         logistics.medevac (to surgery, 10-1-2 timeline)
``medevac_2h``         bool      logistics.medevac (surgery within 2 h)
=====================  ========  ==============================================
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from arcticrecon.errors import InputError

__all__ = [
    "CONCEPTS",
    "CONSTRAINTS",
    "CRITERIA",
    "Concept",
    "Constraint",
    "Criterion",
    "get_concept",
]


@dataclass(frozen=True)
class Criterion:
    """A scored criterion.

    Attributes
    ----------
    name : str
        Name used in weights and CSV columns (``civil_light``).
    variable : str
        Feature variable it reads (``civil_light_h``).
    sense : {"max", "min"}
        Whether more is better (``max``) or less is better (``min``).
    scale : tuple of float or None
        ``(low, high)`` value bounds of the linear value function [unit of the variable];
        values outside are clipped. ``None``: min-max over the feasible options (only
        for ad-hoc use; every library criterion has a fixed scale).
    unit : str
        Display unit.
    label : str
        Plain-language name for explanations.
    weight : float
        Default weight (relative; normalised to sum 1 over the concept's criteria).
    source : str
        Where the variable and the scale bounds come from.
    """

    name: str
    variable: str
    sense: str
    scale: tuple[float, float] | None
    unit: str
    label: str
    weight: float = 1.0
    source: str = ""


@dataclass(frozen=True)
class Constraint:
    """A hard constraint on one feature variable.

    Attributes
    ----------
    name : str
    variable : str
        Feature variable tested.
    reason_variable : str
        Variable holding the text that explains a failure (e.g. ``"A400M: runway 845 m <
        980 m take-off distance required"``); ``""`` to state the value and threshold.
    label : str
        Plain-language name (prefix of the exclusion reason).
    op : {"true", ">=", "<="}
        ``"true"``: the variable must be true; otherwise ``variable op threshold``.
    threshold : float or None
        Threshold for ``>=``/``<=`` [unit of the variable].
    if_unknown : {"exclude", "pass"}
        What an unknown (NaN) value does: exclude the option (reason "... unknown") or
        let it pass with a caveat in its explanation.
    source : str
        Where the threshold comes from.
    """

    name: str
    variable: str
    reason_variable: str
    label: str
    op: Literal["true", ">=", "<="] = "true"
    threshold: float | None = None
    if_unknown: Literal["exclude", "pass"] = "exclude"
    source: str = ""


@dataclass(frozen=True)
class Concept:
    """An exercise concept: constraints + weighted criteria + a description.

    Attributes
    ----------
    kind : str
        Library key, the mission file's ``kind``.
    label, description : str
    constraints : tuple of Constraint
    criteria : tuple of Criterion
    notes : tuple of str
        Assumptions and what the concept deliberately does not score (and why).
    optional : frozenset of str
        Feature variables the concept can do without (see the module docstring).
    """

    kind: str
    label: str
    description: str
    constraints: tuple[Constraint, ...]
    criteria: tuple[Criterion, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    optional: frozenset[str] = field(default_factory=frozenset)

    @property
    def variables(self) -> tuple[str, ...]:
        """Every feature variable the concept reads (constraints first, no duplicates)."""
        names = [c.variable for c in self.constraints]
        names += [c.reason_variable for c in self.constraints if c.reason_variable]
        names += [c.variable for c in self.criteria]
        return tuple(dict.fromkeys(names))

    def with_weights(self, weights: dict[str, float], *, field_path: str = "weights") -> Concept:
        """A copy whose criteria carry the given weights (others keep their default).

        Raises
        ------
        InputError
            If a weight names a criterion the concept does not have.
        """
        names = {c.name for c in self.criteria}
        for k in weights:
            if k not in names:
                raise InputError(
                    f"{field_path}.{k}: concept {self.kind!r} has no criterion {k!r}; "
                    f"its criteria are {', '.join(sorted(names))}",
                    field=f"{field_path}.{k}",
                    value=k,
                    valid_range=sorted(names),
                )
        crit = tuple(replace(c, weight=weights.get(c.name, c.weight)) for c in self.criteria)
        return replace(self, criteria=crit)


# --- criteria (shared definitions; weights set per concept) -------------------------------
_LIGHT_SRC = (
    "planner light engine (skyfield, DE421): window mean of the hours per day with the "
    "Sun's centre above -6 deg (civil) / -12 deg (nautical); scale = physical range 0-24 h"
)
CIVIL_LIGHT = Criterion(
    "civil_light", "civil_light_h", "max", (0.0, 24.0), "h/day", "civil light", 1.0, _LIGHT_SRC
)
NAUTICAL_LIGHT = Criterion(
    "nautical_light",
    "nautical_light_h",
    "max",
    (0.0, 24.0),
    "h/day",
    "nautical light",
    1.0,
    _LIGHT_SRC,
)
# Access: geodesic distance from the nearest mission hub. Scale 0..2,500 km: 2,500 km is a
# little more than the longest distance between two catalogue sites in Greenland
# (Qaqortoq-Station Nord ~2,400 km), so every Greenland site falls inside the scale.
ACCESS = Criterion(
    "access",
    "hub_distance_km",
    "min",
    (0.0, 2500.0),
    "km",
    "distance from nearest hub",
    1.0,
    "planner: WGS 84 geodesic (pyproj) to the nearest mission hub; scale 0-2,500 km covers "
    "the longest distance between two Greenland catalogue sites (~2,400 km)",
)
# Runway: longest usable runway; 0..3,000 m covers the catalogue (Pituffik 3,047 m clips).
RUNWAY = Criterion(
    "runway",
    "runway_length_m",
    "max",
    (0.0, 3000.0),
    "m",
    "longest runway",
    1.0,
    "OurAirports runways (public domain); scale 0-3,000 m covers the catalogue "
    "(only Pituffik, 3,047 m, clips)",
)
RUNWAY_LIGHTED = Criterion(
    "runway_lighted",
    "runway_lighted",
    "max",
    (0.0, 1.0),
    "",
    "lighted runway",
    1.0,
    "OurAirports runway 'lighted' flag (1 = lighted; 0 = not recorded as lighted)",
)
# Cold-weather training value: the colder the window, the more cold-weather skills are
# exercised. Scale -40..+12 degC: the ERA5 2000-2025 monthly means at the nearest grid cell
# of the 91 catalogue sites span -37.9..+11.4 degC, so every site-month falls inside.
COLD_EXPOSURE = Criterion(
    "cold_exposure",
    "t2m_mean_degC",
    "min",
    (-40.0, 12.0),
    "degC",
    "mean air temperature",
    1.0,
    "cold analysis: ERA5 monthly-mean 2 m temperature 2000-2025 (Copernicus C3S); scale "
    "-40..+12 degC spans the catalogue sites' monthly means (-37.9..+11.4 degC)",
)
# Frostbite risk: Environment and Climate Change Canada wind chill hazard bands,
# 0: index above -28; 1: <= -28 (skin freezes in 10-30 min); 2: <= -40 (5-10 min);
# 3: <= -48 (2-5 min); 4: <= -55 (under 2 min). Scale = the band codes 0..4.
FROST_RISK = Criterion(
    "frost_risk",
    "frostbite_band",
    "min",
    (0.0, 4.0),
    "band",
    "frostbite band",
    1.0,
    "cold analysis: 2001 JAG/TI wind chill index, Environment and Climate Change Canada "
    "frostbite bands 0-4; scale = the band range",
)
PORT_ACCESS = Criterion(
    "port_access",
    "port_access",
    "max",
    (0.0, 1.0),
    "",
    "port reachable by ship",
    1.0,
    "ice analysis: port access months from cited facts (1 reachable, 0 not, NaN unknown)",
)
# Reach: flight time from the nearest hub. Scale 0..12 h: 2,500 km (the access scale) at
# 120 kt (222 km/h, the slowest cruise speed in the aircraft table, S-61N) is 11.3 h.
REACH = Criterion(
    "reach",
    "flight_time_h",
    "min",
    (0.0, 12.0),
    "h",
    "flight time from hub",
    1.0,
    "logistics: flight time from the nearest hub; scale 0-12 h = 2,500 km at 120 kt "
    "(slowest cruise in aircraft.csv) = 11.3 h",
)

# Medical evacuation: launch delay + flight to the nearest hospital with surgery. Scale
# 0..4 h: 0 = surgery on site; 4 h = twice the 2 h surgical leg of the 10-1-2 timeline
# (NATO AJP-4.10), where the value reaches the worst score (planning judgement).
MEDEVAC = Criterion(
    "medevac",
    "medevac_h",
    "min",
    (0.0, 4.0),
    "h",
    "medevac to surgery",
    1.0,
    "logistics.medevac: launch delay + flight by the exercise's aircraft to the nearest "
    "hospital with surgery; scale 0-4 h = twice the 2 h surgery leg of the 10-1-2 timeline "
    "(NATO AJP-4.10)",
)

CRITERIA: dict[str, Criterion] = {
    c.name: c
    for c in (
        CIVIL_LIGHT,
        NAUTICAL_LIGHT,
        ACCESS,
        RUNWAY,
        RUNWAY_LIGHTED,
        COLD_EXPOSURE,
        FROST_RISK,
        PORT_ACCESS,
        REACH,
        MEDEVAC,
    )
}

# --- constraints ---------------------------------------------------------------------------
SITE_OPEN = Constraint("site_open", "site_open", "site_open_reason", "site open")
AIRCRAFT = Constraint(
    "aircraft_access", "aircraft_ok", "aircraft_reason", "an exercise aircraft can land"
)
PAVED = Constraint(
    "paved_runway",
    "runway_paved",
    "runway_paved_reason",
    "paved runway",
    source="jet fighters operate from paved runways (OurAirports surface codes)",
)
# Band 4 (ECCC: exposed skin freezes in under 2 minutes) rules out outdoor training.
NOT_EXTREME_COLD = Constraint(
    "not_extreme_cold",
    "frostbite_band",
    "",
    "frostbite band below extreme",
    "<=",
    3.0,
    "pass",
    "Environment and Climate Change Canada: band 4 (wind chill <= -55) = exposed skin "
    "freezes in under 2 minutes; unknown passes with a caveat",
)
# Cold-weather training is training in freezing conditions: the window's mean air
# temperature must be at or below 0 degC (the freezing point of water; a planning judgement
# of this library, overridable by choosing another concept).
FREEZING = Constraint(
    "freezing",
    "t2m_mean_degC",
    "",
    "mean air temperature at or below 0 °C",
    "<=",
    0.0,
    "pass",
    "planning judgement: cold-weather training needs freezing conditions (ERA5 monthly "
    "mean <= 0 degC); unknown passes with a caveat",
)
PORT_REACHABLE = Constraint(
    "port_reachable",
    "port_access",
    "",
    "port reachable by ship",
    ">=",
    1.0,
    "exclude",
    "ice analysis: only months a cited fact calls reachable; unknown excludes",
)

# A patrol days away from any base must get a casualty into surgery within the 10-1-2
# timeline's 2 h by its own aircraft (NATO AJP-4.10).
MEDEVAC_2H = Constraint(
    "medevac_2h",
    "medevac_2h",
    "medevac_reason",
    "surgery within 2 h (10-1-2)",
    source="NATO AJP-4.10 10-1-2 timeline: damage control surgery within 2 h of wounding; "
    "evacuation by the exercise's own aircraft (logistics.medevac)",
)

CONSTRAINTS: dict[str, Constraint] = {
    c.name: c
    for c in (
        SITE_OPEN,
        AIRCRAFT,
        PAVED,
        NOT_EXTREME_COLD,
        FREEZING,
        PORT_REACHABLE,
        MEDEVAC_2H,
    )
}

_COLD = frozenset({"t2m_mean_degC", "frostbite_band"})
_FROST = frozenset({"frostbite_band"})
_FLIGHT = frozenset({"flight_time_h"})
_MEDEVAC = frozenset({"medevac_h"})
_MEDEVAC_2H = frozenset({"medevac_h", "medevac_2h", "medevac_reason"})


def _c(name: str, weight: float) -> Criterion:
    return replace(CRITERIA[name], weight=weight)


CONCEPTS: dict[str, Concept] = {
    "cold_weather_land": Concept(
        "cold_weather_land",
        "Cold-weather land training",
        "Company-size land training in winter conditions, supplied by tactical airlift.",
        (SITE_OPEN, AIRCRAFT, FREEZING, NOT_EXTREME_COLD),
        (
            _c("cold_exposure", 0.25),
            _c("frost_risk", 0.15),
            _c("civil_light", 0.2),
            _c("access", 0.2),
            _c("runway", 0.1),
            _c("medevac", 0.1),
        ),
        (
            "Only freezing windows (mean air temperature <= 0 °C) qualify; colder windows "
            "score higher (the training aim); frostbite risk pulls the other way and band 4 "
            "(extreme) is excluded.",
            "Without the cold analysis the ranking cannot see temperature: it then ranks by "
            "light, access and runway only, and says so.",
            "Beds and fuel are unknown for most sites and are not scored.",
            "Medevac scores the time to surgery by the exercise's own aircraft (10-1-2).",
        ),
        _COLD | _MEDEVAC,
    ),
    "air_deployment": Concept(
        "air_deployment",
        "Air deployment of transport aircraft",
        "Strategic/tactical airlifters deploying personnel and cargo to an airfield.",
        (SITE_OPEN, AIRCRAFT),
        (
            _c("runway", 0.35),
            _c("access", 0.2),
            _c("reach", 0.15),
            _c("civil_light", 0.2),
            _c("frost_risk", 0.1),
        ),
        (
            "Runway length beyond the aircraft's need still scores (margin, parking).",
            "Apron size, fuel and handling equipment are unknown and are not scored.",
        ),
        _FROST | _FLIGHT,
    ),
    "fighter_detachment": Concept(
        "fighter_detachment",
        "Fighter / air-policing detachment",
        "A detachment of fighter aircraft holding quick-reaction alert from one airfield.",
        (SITE_OPEN, AIRCRAFT, PAVED),
        (
            _c("runway", 0.35),
            _c("runway_lighted", 0.15),
            _c("access", 0.25),
            _c("civil_light", 0.15),
            _c("frost_risk", 0.1),
        ),
        (
            "No fighter type is in the aircraft table: its runway need is not checked unless "
            "the exercise lists an aircraft with published figures; a paved runway is "
            "required and longer scores higher.",
            "Arresting gear, shelters and fuel are unknown and are not scored.",
        ),
        _FROST,
    ),
    "amphibious_landing": Concept(
        "amphibious_landing",
        "Amphibious / maritime landing",
        "Landing troops and stores from ships at a port in the open-water season.",
        (SITE_OPEN, PORT_REACHABLE),
        (
            _c("civil_light", 0.3),
            _c("frost_risk", 0.2),
            _c("access", 0.4),
            _c("medevac", 0.1),
        ),
        (
            "Needs the ice analysis (port_access): without it no site can be shown reachable "
            "by sea and the concept raises an error instead of guessing.",
            "Beach gradients and quay lengths are unknown and are not scored.",
        ),
        _FROST | _MEDEVAC,
    ),
    "search_and_rescue": Concept(
        "search_and_rescue",
        "Search and rescue exercise",
        "Helicopter and fixed-wing SAR over sea and ice near a settlement.",
        (SITE_OPEN, AIRCRAFT),
        (
            _c("civil_light", 0.35),
            _c("nautical_light", 0.15),
            _c("access", 0.3),
            _c("frost_risk", 0.2),
        ),
        ("Survival time in water and sea state are not modelled.",),
        _FROST,
    ),
    "long_range_patrol": Concept(
        "long_range_patrol",
        "Long-range patrol (sledge/ski)",
        "A sledge or ski patrol inserted by air, operating for days away from any base.",
        (SITE_OPEN, AIRCRAFT, NOT_EXTREME_COLD, MEDEVAC_2H),
        (
            _c("cold_exposure", 0.2),
            _c("frost_risk", 0.2),
            _c("civil_light", 0.3),
            _c("access", 0.15),
            _c("medevac", 0.15),
        ),
        (
            "The site is the insertion point; snow cover and sea-ice travel conditions are "
            "not in the data and are not scored.",
            "A casualty must reach surgery within 2 h by the patrol's own aircraft (10-1-2).",
        ),
        _COLD | _MEDEVAC_2H,
    ),
    "recon_visit": Concept(
        "recon_visit",
        "Reconnaissance visit",
        "A small team visiting a site by light aircraft to survey it.",
        (SITE_OPEN, AIRCRAFT),
        (_c("civil_light", 0.5), _c("access", 0.3), _c("reach", 0.2)),
        ("Survey needs daylight most; reach falls back to distance when flight times are absent.",),
        _FLIGHT,
    ),
}


def get_concept(kind: str, *, field_path: str = "kind") -> Concept:
    """Concept of the built-in library by ``kind``.

    Raises
    ------
    InputError
        If no such concept exists (the message lists the known kinds).
    """
    try:
        return CONCEPTS[kind]
    except KeyError:
        raise InputError(
            f"{field_path}: unknown exercise kind {kind!r}; known kinds: "
            f"{', '.join(sorted(CONCEPTS))}",
            field=field_path,
            value=kind,
            valid_range=sorted(CONCEPTS),
        ) from None
