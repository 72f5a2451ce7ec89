"""Verdicts of a helicopter landing zone survey (``hlz``) per helicopter.

Criteria after FM 3-21.38 *Pathfinder Operations* (2006), chapter 4 (:data:`FM_3_21_38`):

* touchdown point diameter by size class (25, 35, 50, 80, 100 m for sizes 1-5), the class
  of each helicopter from ``data/hlz_touchdown_classes.csv`` (types the FM does not list
  take size 5, the FM's size for aircraft of unknown origin, until the operator says
  otherwise);
* ground slope: up to 7° no limitation; 7-15° wheeled helicopters land upslope (an
  advisory: *restricted*), skid-equipped ones terminate at a hover; above 15° every
  helicopter terminates at a hover (*unsuitable* for a landing);
* obstacles on the approach and departure: at least 10:1 horizontal distance to height;
* surface: loose snow, dust or sand (whiteout / brownout) -> an advisory (*restricted*).
"""

from __future__ import annotations

from collections.abc import Sequence

from arcticrecon.catalog.aircraft import Aircraft
from arcticrecon.survey.forms import HelicopterLandingZoneSurvey
from arcticrecon.zones.criteria import (
    FM_3_21_38,
    Assessment,
    Criterion,
    Status,
    Verdict,
    hlz_class,
)
from arcticrecon.zones.geometry import inscribed_diameter_m

__all__ = [
    "OBSTACLE_RATIO",
    "SLOPE_NO_LIMIT_DEG",
    "SLOPE_UPSLOPE_DEG",
    "assess_hlz",
    "touchdown_diameter_m",
]

#: Ground slope limits [deg] (FM 3-21.38 ch. 4).
SLOPE_NO_LIMIT_DEG = 7.0
SLOPE_UPSLOPE_DEG = 15.0
#: Least obstacle clearance ratio on approach and departure, distance : height (FM 3-21.38).
OBSTACLE_RATIO = 10.0


def touchdown_diameter_m(survey: HelicopterLandingZoneSurvey) -> tuple[float, str]:
    """Usable touchdown diameter [m] and how it was obtained.

    The measured diameter, or the largest circle inside the surveyed outline; the smaller
    of the two when both are given.
    """
    options = []
    if survey.touchdown_diameter_m is not None:
        options.append((survey.touchdown_diameter_m, "measured"))
    if survey.corners is not None:
        options.append((inscribed_diameter_m(survey.corners), "largest circle inside the corners"))
    return min(options)


def _slope(ac_key: str, gear: str, slope: float) -> Criterion:
    measured = f"{slope:g}°"
    req = f"<= {SLOPE_NO_LIMIT_DEG:g}° no limitation; {SLOPE_NO_LIMIT_DEG:g}-{SLOPE_UPSLOPE_DEG:g}° wheeled: land upslope"
    if slope <= SLOPE_NO_LIMIT_DEG:
        return Criterion(
            "slope", Status.PASS, measured, req, f"slope {slope:g}°: no limitation", FM_3_21_38
        )
    if slope <= SLOPE_UPSLOPE_DEG and gear == "wheels":
        return Criterion(
            "slope",
            Status.RESTRICTED,
            measured,
            req,
            f"slope {slope:g}°: {ac_key} restricted (wheeled: advisory, land upslope)",
            FM_3_21_38,
        )
    why = (
        f"skid-equipped {ac_key} terminates at a hover above {SLOPE_NO_LIMIT_DEG:g}°"
        if slope <= SLOPE_UPSLOPE_DEG
        else f"every helicopter terminates at a hover above {SLOPE_UPSLOPE_DEG:g}°"
    )
    return Criterion(
        "slope", Status.FAIL, measured, req, f"slope {slope:g}°: hover only ({why})", FM_3_21_38
    )


def assess_hlz(survey: HelicopterLandingZoneSurvey, helicopters: Sequence[Aircraft]) -> Assessment:
    """Verdict of an HLZ for each helicopter (fixed-wing aircraft are skipped).

    Returns
    -------
    Assessment
        ``measured``: ``touchdown_diameter_m`` and its basis, ``ground_slope_deg``.

    Examples
    --------
    Worked by hand: on a 9° slope a wheeled AW101 is *restricted* (7° < 9° <= 15°: land
    upslope) and a skid-equipped Bell 212 must hover (FM 3-21.38).
    """
    dia, basis = touchdown_diameter_m(survey)
    verdicts = []
    for ac in helicopters:
        if not ac.rotorcraft:
            continue
        cls = hlz_class(ac.key)
        crit: list[Criterion] = []
        gear = cls.gear if cls is not None else "unknown"
        if cls is None:
            crit.append(
                Criterion(
                    "touchdown point",
                    Status.UNKNOWN,
                    f"{dia:,.0f} m",
                    "",
                    f"no touchdown size class for {ac.key} in data/hlz_touchdown_classes.csv",
                    FM_3_21_38,
                )
            )
        else:
            ok = dia >= cls.touchdown_diameter_m
            crit.append(
                Criterion(
                    "touchdown point",
                    Status.PASS if ok else Status.FAIL,
                    f"{dia:,.0f} m ({basis})",
                    f"{cls.touchdown_diameter_m:,.0f} m (size {cls.size_class})",
                    f"touchdown point {dia:,.0f} m {'>=' if ok else '<'} "
                    f"{cls.touchdown_diameter_m:,.0f} m for size {cls.size_class} ({ac.key})",
                    f"{FM_3_21_38}; class of {ac.key}: {cls.basis} (confidence {cls.confidence})",
                )
            )
        if gear == "unknown" and survey.ground_slope_deg > SLOPE_NO_LIMIT_DEG:
            crit.append(
                Criterion(
                    "slope",
                    Status.UNKNOWN,
                    f"{survey.ground_slope_deg:g}°",
                    "",
                    f"slope {survey.ground_slope_deg:g}°: landing gear of {ac.key} unknown",
                    FM_3_21_38,
                )
            )
        else:
            crit.append(_slope(ac.key, gear, survey.ground_slope_deg))
        for o in survey.obstacles:
            if o.where == "lateral":
                continue
            ok = o.clearance_ratio >= OBSTACLE_RATIO
            ratio = "no height" if o.height_m == 0 else f"{o.clearance_ratio:.1f}:1"
            crit.append(
                Criterion(
                    f"obstacle ({o.where})",
                    Status.PASS if ok else Status.FAIL,
                    f"{o.description}: {o.height_m:g} m high at {o.distance_m:,.0f} m ({ratio})",
                    f"{OBSTACLE_RATIO:g}:1",
                    f"{o.description} on the {o.where}: {ratio} "
                    f"{'>=' if ok else '<'} {OBSTACLE_RATIO:g}:1",
                    FM_3_21_38,
                )
            )
        if survey.loose_snow:
            crit.append(
                Criterion(
                    "surface",
                    Status.RESTRICTED,
                    f"{survey.surface.value}, loose snow/dust",
                    "free of loose snow, sand and debris",
                    "loose snow/dust: whiteout/brownout advisory (terminate at a hover or touch "
                    "down under power)",
                    FM_3_21_38,
                )
            )
        caveats = []
        if survey.approach_path_width_m is not None:
            caveats.append(
                f"approach path {survey.approach_path_width_m:,.0f} m wide recorded "
                "(no cited width criterion in the product)"
            )
        verdicts.append(Verdict(ac.key, "helicopter", tuple(crit), tuple(caveats)))
    measured: dict[str, object] = {
        "touchdown_diameter_m": round(dia, 1),
        "touchdown_basis": basis,
        "ground_slope_deg": survey.ground_slope_deg,
        "landing_points": survey.landing_points,
    }
    return Assessment("hlz", survey.name, measured, tuple(verdicts))
