"""Verdicts of a port / beach survey (``port``) per vessel, and the beach as recorded.

Alongside criteria are physical, not doctrinal: the vessel's draught must not exceed the
least depth alongside at chart datum (the tide only adds water: the conservative check;
no under-keel margin is added — the master's rule applies) and its length overall must not
exceed the usable quay length. Months with fast ice at the quay are a restriction for a
vessel without an ice class. Beach landing is recorded (gradient, surface) but not
assessed: the product ships no cited landing-craft beach criterion.
"""

from __future__ import annotations

from arcticrecon.survey.forms import MONTHS, PortSurvey
from arcticrecon.zones.criteria import Assessment, Criterion, Status, Verdict

__all__ = ["assess_port"]

_PHYSICAL = "physical requirement (draught <= depth at chart datum; length <= quay)"


def assess_port(survey: PortSurvey) -> Assessment:
    """One verdict per vessel of the survey, plus the beach (``kind = "method"``).

    Examples
    --------
    Worked by hand: a vessel of 7.2 m draught at a quay 6.5 m deep at chart datum is
    unsuitable alongside ("depth alongside 6.5 m < draught 7.2 m").
    """
    verdicts = []
    fast = [m for m in MONTHS if survey.ice_at_quay.get(m) == "fast"]
    for v in survey.vessels:
        crit = []
        if survey.depth_alongside_m is None:
            crit.append(
                Criterion(
                    "depth",
                    Status.UNKNOWN,
                    "",
                    f"{v.draught_m:g} m",
                    "depth alongside not surveyed",
                    _PHYSICAL,
                )
            )
        else:
            ok = survey.depth_alongside_m >= v.draught_m
            crit.append(
                Criterion(
                    "depth",
                    Status.PASS if ok else Status.FAIL,
                    f"{survey.depth_alongside_m:g} m at chart datum",
                    f"{v.draught_m:g} m draught",
                    f"depth alongside {survey.depth_alongside_m:g} m {'>=' if ok else '<'} "
                    f"draught {v.draught_m:g} m of {v.name}",
                    _PHYSICAL,
                )
            )
        if survey.quay_length_m is None:
            crit.append(
                Criterion(
                    "quay length",
                    Status.UNKNOWN,
                    "",
                    f"{v.length_m:g} m",
                    "quay length not surveyed",
                    _PHYSICAL,
                )
            )
        else:
            ok = survey.quay_length_m >= v.length_m
            crit.append(
                Criterion(
                    "quay length",
                    Status.PASS if ok else Status.FAIL,
                    f"{survey.quay_length_m:g} m",
                    f"{v.length_m:g} m LOA",
                    f"quay {survey.quay_length_m:g} m {'>=' if ok else '<'} length "
                    f"{v.length_m:g} m of {v.name}",
                    _PHYSICAL,
                )
            )
        if fast and not v.ice_class:
            crit.append(
                Criterion(
                    "ice at quay",
                    Status.RESTRICTED,
                    "fast ice: " + ", ".join(fast),
                    "ice class for months with fast ice",
                    f"{v.name} has no ice class: not alongside in {', '.join(fast)} (fast ice)",
                    "survey (ice at the quay by month)",
                )
            )
        unknown = [m for m in MONTHS if m not in survey.ice_at_quay]
        caveats = (f"ice at the quay not surveyed for {', '.join(unknown)}",) if unknown else ()
        verdicts.append(Verdict(v.name, "vessel", tuple(crit), caveats))
    if survey.beach is not None:
        b = survey.beach
        verdicts.append(
            Verdict(
                "Beach landing",
                "method",
                (
                    Criterion(
                        "beach",
                        Status.NOT_ASSESSED,
                        f"gradient 1:{b.gradient_1_in:g}, {b.surface}"
                        + (f", {b.usable_length_m:,.0f} m usable" if b.usable_length_m else ""),
                        "",
                        "beach recorded; no cited landing-craft gradient criterion in the product",
                        "",
                    ),
                ),
            )
        )
    measured: dict[str, object] = {
        "quay_length_m": survey.quay_length_m,
        "depth_alongside_m": survey.depth_alongside_m,
        "tidal_range_m": survey.tidal_range_m,
        "fast_ice_months": fast,
    }
    return Assessment("port", survey.name, measured, tuple(verdicts))
