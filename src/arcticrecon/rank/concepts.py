"""The built-in library of exercise concepts: hard constraints and weighted criteria.

A concept names the feature variables (see :mod:`arcticrecon.planner`) it needs: which
boolean variables must be true (hard constraints, with the variable that holds the
reason when false) and which numeric variables are scored, in which sense, on which
fixed value scale. Fixed scales (not the min/max of the options at hand) make a site's
score independent of which other sites are in the comparison, so adding a clearly worse
site never reorders the others; each scale below states where its bounds come from.

Default weights are planning judgements of the arcticrecon team, documented here and
overridable per exercise in the mission file (``weights = { access = 0.5, ... }``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from arcticrecon.errors import InputError

__all__ = [
    "CONCEPTS",
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
        ``(worst_or_low, high)`` value bounds for the linear value function [unit of the
        variable]; values outside are clipped. ``None``: min-max over the options.
    unit : str
        Display unit.
    label : str
        Plain-language name for explanations.
    weight : float
        Default weight (relative; normalised to sum 1 over the concept's criteria).
    """

    name: str
    variable: str
    sense: str
    scale: tuple[float, float] | None
    unit: str
    label: str
    weight: float = 1.0


@dataclass(frozen=True)
class Constraint:
    """A hard constraint: boolean feature ``variable`` must be true.

    ``reason_variable`` holds the text that explains a false value (e.g.
    ``"A400M: runway 845 m < 980 m take-off distance required"``).
    """

    name: str
    variable: str
    reason_variable: str
    label: str


@dataclass(frozen=True)
class Concept:
    """An exercise concept: constraints + weighted criteria + a description."""

    kind: str
    label: str
    description: str
    constraints: tuple[Constraint, ...]
    criteria: tuple[Criterion, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

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


# --- criteria (shared definitions) ---------------------------------------------------------
# Light: hours of the day with the Sun's centre above -6 deg (civil) / -12 deg (nautical),
# averaged over the window; the scale is the physical range 0..24 h.
CIVIL_LIGHT = Criterion(
    "civil_light", "civil_light_h", "max", (0.0, 24.0), "h/day", "civil light", 1.0
)
NAUTICAL_LIGHT = Criterion(
    "nautical_light", "nautical_light_h", "max", (0.0, 24.0), "h/day", "nautical light", 1.0
)
# Access: geodesic distance from the nearest mission hub. Scale 0..2,500 km: 2,500 km is a
# little more than the longest distance between two catalogue sites in Greenland
# (Qaqortoq-Station Nord ~2,400 km), so every Greenland site falls inside the scale.
ACCESS = Criterion(
    "access", "hub_distance_km", "min", (0.0, 2500.0), "km", "distance from nearest hub", 1.0
)
# Runway: longest usable runway; 0..3,000 m covers the catalogue (Pituffik 3,047 m clips).
RUNWAY = Criterion("runway", "runway_length_m", "max", (0.0, 3000.0), "m", "longest runway", 1.0)

CRITERIA: dict[str, Criterion] = {c.name: c for c in (CIVIL_LIGHT, NAUTICAL_LIGHT, ACCESS, RUNWAY)}

SITE_OPEN = Constraint("site_open", "site_open", "site_open_reason", "site open")
AIRCRAFT = Constraint(
    "aircraft_access", "aircraft_ok", "aircraft_reason", "an exercise aircraft can land"
)


def _c(name: str, weight: float) -> Criterion:
    return replace(CRITERIA[name], weight=weight)


CONCEPTS: dict[str, Concept] = {
    "cold_weather_land": Concept(
        "cold_weather_land",
        "Cold-weather land training",
        "Company-size land training in winter conditions, supplied by tactical airlift.",
        (SITE_OPEN, AIRCRAFT),
        (_c("civil_light", 0.3), _c("access", 0.4), _c("runway", 0.3)),
    ),
    "air_deployment": Concept(
        "air_deployment",
        "Air deployment of transport aircraft",
        "Strategic/tactical airlifters deploying personnel and cargo to an airfield.",
        (SITE_OPEN, AIRCRAFT),
        (_c("runway", 0.4), _c("access", 0.3), _c("civil_light", 0.3)),
    ),
    "search_and_rescue": Concept(
        "search_and_rescue",
        "Search and rescue exercise",
        "Helicopter and fixed-wing SAR over sea and ice near a settlement.",
        (SITE_OPEN, AIRCRAFT),
        (_c("civil_light", 0.4), _c("nautical_light", 0.2), _c("access", 0.4)),
    ),
    "recon_visit": Concept(
        "recon_visit",
        "Reconnaissance visit",
        "A small team visiting a site by light aircraft to survey it.",
        (SITE_OPEN, AIRCRAFT),
        (_c("civil_light", 0.6), _c("access", 0.4)),
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
