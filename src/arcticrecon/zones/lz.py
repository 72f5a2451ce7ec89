"""Verdicts of landing zone (``lz``) and ice runway (``ice``) surveys per fixed-wing aircraft.

Criteria, in order, with their sources:

* surface — the aircraft table's usable surfaces (``catalog/aircraft.py``; the surveyed
  surface maps paved -> paved, semi-prepared and gravel -> gravel, snow and glacier ice ->
  snow_ice);
* length — the longer of the aircraft table's take-off / landing distances and the
  published minimum LZ runway (``data/lz_minimums.csv``: DAFMAN 13-217 Table 4.1 for the
  C-130 family, the USAF fact sheet for the C-17);
* width — the published minimum LZ width where there is one, else not assessed;
* bearing (ice runways) — Gold's formula ``P = A h^2`` at the weakest measured point
  against the aircraft's maximum take-off mass (:mod:`arcticrecon.ice.bearing`);
* gradients, overruns, obstacles, strength readings — recorded and shown, but not assessed:
  the product ships no cited limit for them (DAFMAN 13-217 chapter 4 has them).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from arcticrecon.catalog.aircraft import Aircraft
from arcticrecon.catalog.models import Surface
from arcticrecon.ice.bearing import effective_thickness_cm, required_thickness_gold_cm
from arcticrecon.survey.forms import IceRunwaySurvey, LandingZoneSurvey, LzSurface
from arcticrecon.units import m_to_ft
from arcticrecon.zones.criteria import Assessment, Criterion, Status, Verdict, lz_minimum
from arcticrecon.zones.geometry import ZoneGeometry, measure_centerline, measure_strip

__all__ = [
    "CATALOG_SURFACE",
    "assess_ice_runway",
    "assess_landing_zone",
    "cbr_from_dcp",
    "strip_geometry",
]

#: Surveyed LZ surface -> catalogue surface class used by the aircraft table.
CATALOG_SURFACE: dict[LzSurface, Surface] = {
    LzSurface.PAVED: Surface.PAVED,
    LzSurface.SEMI_PREPARED: Surface.GRAVEL,
    LzSurface.GRAVEL: Surface.GRAVEL,
    LzSurface.SNOW: Surface.SNOW_ICE,
    LzSurface.GLACIER_ICE: Surface.SNOW_ICE,
}
_GOLD = 'L. W. Gold, "Use of ice covers for transportation", Can. Geotech. J. 8:170-181 (1971)'
_WEBSTER = (
    "S. L. Webster, R. H. Grau, T. P. Williams, Description and Application of Dual Mass "
    "Dynamic Cone Penetrometer, Instruction Report GL-92-3, US Army Engineer Waterways "
    "Experiment Station, 1992"
)


def _m(x: float) -> str:
    return f"{x:,.0f} m ({float(m_to_ft(x)):,.0f} ft)"


def cbr_from_dcp(dcp_mm_per_blow: float) -> float:
    """California Bearing Ratio from a dynamic cone penetrometer reading. [%]

    ``log10(CBR) = 2.465 - 1.12 log10(DCP)`` with DCP in mm/blow (8 kg hammer), the US Army
    Corps of Engineers correlation for all soils except CL below CBR 10 and CH soils [1]_.

    Parameters
    ----------
    dcp_mm_per_blow : float
        Penetration rate. [mm/blow] > 0.

    Returns
    -------
    float
        CBR. [%]

    References
    ----------
    .. [1] S. L. Webster, R. H. Grau, T. P. Williams, "Description and Application of
       Dual Mass Dynamic Cone Penetrometer", Instruction Report GL-92-3, US Army Engineer
       Waterways Experiment Station, Vicksburg, 1992.

    Examples
    --------
    >>> round(cbr_from_dcp(10.0), 1)
    22.1
    """
    return math.pow(10.0, 2.465 - 1.12 * math.log10(dcp_mm_per_blow))


def strip_geometry(survey: LandingZoneSurvey | IceRunwaySurvey) -> ZoneGeometry:
    """Measured geometry of an LZ or ice runway (corners, else centre line + width)."""
    if survey.corners is not None:
        return measure_strip(survey.corners)
    assert survey.centerline is not None and survey.width_m is not None  # form validator
    return measure_centerline(survey.centerline, survey.width_m)


def _surface(ac: Aircraft, surface: Surface, label: str, *, ice_runway: bool) -> Criterion:
    allowed = "/".join(sorted(s.value for s in ac.surfaces))
    src = f"aircraft table: {ac.source} (confidence {ac.confidence})"
    if surface in ac.surfaces:
        return Criterion("surface", Status.PASS, label, allowed, f"{label} usable by {ac.key}", src)
    if ice_runway:
        return Criterion(
            "surface",
            Status.RESTRICTED,
            label,
            allowed,
            f"{label}: not among {ac.key}'s usable surfaces in the aircraft table ({allowed}); "
            "wheeled operations on an ice runway need the operator's approval",
            src,
        )
    return Criterion(
        "surface",
        Status.FAIL,
        label,
        allowed,
        f"surface {label} not usable by {ac.key} ({allowed})",
        src,
    )


def _length_width(
    ac: Aircraft, geom: ZoneGeometry, surface: Surface, surface_label: str
) -> list[Criterion]:
    out: list[Criterion] = []
    parts: list[tuple[float, str]] = []
    table_applies = ac.distances_surface is None or ac.distances_surface is surface
    if table_applies and ac.required_runway_m > 0:
        parts.append(
            (
                ac.required_runway_m,
                f"aircraft table take-off/landing distance: {ac.source} (confidence {ac.confidence})",
            )
        )
    lzm = lz_minimum(ac.key)
    if lzm is not None:
        parts.append((lzm.min_length_m, lzm.citation()))
    if not parts:
        note = (
            f"{ac.key}'s distances are for {ac.distances_surface.value} only"
            if ac.distances_surface is not None
            else f"no distances for {ac.key}"
        )
        out.append(
            Criterion(
                "length",
                Status.UNKNOWN,
                _m(geom.length_m),
                "",
                f"length {geom.length_m:,.0f} m not checked: {note}",
                "aircraft table",
            )
        )
    else:
        need, src = max(parts, key=lambda p: p[0])
        ok = geom.length_m >= need
        out.append(
            Criterion(
                "length",
                Status.PASS if ok else Status.FAIL,
                _m(geom.length_m),
                _m(need),
                f"length {geom.length_m:,.0f} m {'>=' if ok else '<'} {need:,.0f} m required by "
                f"{ac.key} on {surface_label}",
                src,
            )
        )
    width_need: tuple[float, str] | None = None
    if lzm is not None:
        width_need = (lzm.min_width_m, lzm.citation())
    elif ac.min_runway_width_m:
        width_need = (ac.min_runway_width_m, f"aircraft table: {ac.source}")
    if width_need is None:
        out.append(
            Criterion(
                "width",
                Status.NOT_ASSESSED,
                _m(geom.width_m),
                "",
                f"width {geom.width_m:,.1f} m: no published minimum width for {ac.key} in the "
                "product (add it to data/lz_minimums.csv with its source)",
                "",
            )
        )
    else:
        need, src = width_need
        ok = geom.width_m >= need
        out.append(
            Criterion(
                "width",
                Status.PASS if ok else Status.FAIL,
                f"{geom.width_m:,.1f} m ({float(m_to_ft(geom.width_m)):,.0f} ft)",
                f"{need:,.1f} m ({float(m_to_ft(need)):,.0f} ft)",
                f"width {geom.width_m:,.1f} m {'>=' if ok else '<'} {need:,.1f} m required by "
                f"{ac.key} for {surface_label}",
                src,
            )
        )
    return out


def _recorded_lz(survey: LandingZoneSurvey) -> list[Criterion]:
    s = survey.strength
    out = [
        Criterion(
            "gradients",
            Status.NOT_ASSESSED,
            f"longitudinal {survey.longitudinal_slope_pct:g} %, transverse "
            f"{survey.transverse_slope_pct:g} %",
            "",
            "gradients recorded; no cited gradient limit in the product (DAFMAN 13-217 ch. 4)",
            "",
        ),
        Criterion(
            "overruns",
            Status.NOT_ASSESSED,
            f"end 1 {survey.overrun_1_m:,.0f} m, end 2 {survey.overrun_2_m:,.0f} m",
            "",
            "overruns recorded; DAFMAN 13-217 Table 4.2 overrun minimums are not shipped",
            "",
        ),
    ]
    if survey.obstacles:
        worst = min(survey.obstacles, key=lambda o: o.clearance_ratio)
        out.append(
            Criterion(
                "obstacles",
                Status.NOT_ASSESSED,
                f"{len(survey.obstacles)} listed; steepest {worst.description} "
                f"{worst.height_m:g} m high at {worst.distance_m:,.0f} m "
                f"({worst.clearance_ratio:.0f}:1, {worst.where})",
                "",
                "obstacle clearance ratios recorded; the LZ approach-zone ratio of DAFMAN "
                "13-217 is not shipped",
                "",
            )
        )
    readings = list(s.cbr_pct) + [cbr_from_dcp(d) for d in s.dcp_mm_per_blow]
    if readings:
        out.append(
            Criterion(
                "strength",
                Status.NOT_ASSESSED,
                f"lowest CBR {min(readings):.1f} % over {len(readings)} readings"
                + (" (DCP converted)" if s.dcp_mm_per_blow else ""),
                "",
                "strength recorded; the CBR an aircraft needs depends on its weight and number "
                "of passes (UFC 3-260-03): not assessed by the product",
                _WEBSTER if s.dcp_mm_per_blow else "",
            )
        )
    if s.snow_density_kg_m3 or s.snow_hardness:
        parts = []
        if s.snow_density_kg_m3:
            parts.append(
                f"density {min(s.snow_density_kg_m3):.0f}-{max(s.snow_density_kg_m3):.0f} kg/m^3"
            )
        if s.snow_hardness:
            parts.append("hand hardness " + ", ".join(h.value for h in s.snow_hardness))
        out.append(
            Criterion(
                "snow",
                Status.NOT_ASSESSED,
                "; ".join(parts),
                "",
                "snow strength recorded; no cited snow-runway criterion in the product",
                "",
            )
        )
    return out


def _caveats(ac: Aircraft, lighting: str | None) -> tuple[str, ...]:
    out = []
    if ac.runway_caveat:
        out.append(ac.runway_caveat)
    if lighting == "none":
        out.append("no runway lighting surveyed")
    return tuple(out)


def assess_landing_zone(survey: LandingZoneSurvey, aircraft: Sequence[Aircraft]) -> Assessment:
    """Verdict of a landing zone for each fixed-wing aircraft.

    Parameters
    ----------
    survey : LandingZoneSurvey
    aircraft : sequence of Aircraft
        Rotorcraft are skipped (they use the HLZ form).

    Returns
    -------
    Assessment
        ``measured`` holds the geometry (:meth:`ZoneGeometry.to_dict`).

    Raises
    ------
    InputError
        If the geometry is not a simple polygon (see :func:`strip_geometry`).
    """
    geom = strip_geometry(survey)
    surface = CATALOG_SURFACE[survey.surface]
    label = survey.surface.value.replace("_", "-")
    recorded = _recorded_lz(survey)
    verdicts = []
    for ac in aircraft:
        if ac.rotorcraft:
            continue
        crit = [
            _surface(ac, surface, label, ice_runway=False),
            *_length_width(ac, geom, surface, label),
            *recorded,
        ]
        verdicts.append(Verdict(ac.key, "aircraft", tuple(crit), _caveats(ac, survey.lighting)))
    return Assessment("lz", survey.name, geom.to_dict(), tuple(verdicts))


def assess_ice_runway(survey: IceRunwaySurvey, aircraft: Sequence[Aircraft]) -> Assessment:
    """Verdict of an ice runway for each fixed-wing aircraft; the weakest point decides.

    The allowable moving load is Gold's ``P = A h_eff^2`` with ``h_eff`` the effective
    thickness (clear ice + half the white ice) of the thinnest measured point and ``A`` the
    survey's ``gold_a_kg_cm2``; it must be at least the aircraft's maximum take-off mass.

    Returns
    -------
    Assessment
        ``measured``: geometry, ``weakest_point``, ``effective_thickness_cm``,
        ``allowable_load_kg``, ``points``.

    Examples
    --------
    Worked by hand: weakest point 80 cm clear ice, A = 4 kg/cm^2 -> P = 4 x 80^2 = 25,600 kg,
    so a DHC-6 (MTOW 5,670 kg) passes the bearing criterion and a C-130J-30 (74,389 kg)
    fails it (needs sqrt(74,389 / 4) = 136.4 cm).
    """
    geom = strip_geometry(survey)
    points = survey.all_points()
    h = [float(effective_thickness_cm(p.clear_ice_cm, p.white_ice_cm)) for p in points]
    i_min = min(range(len(points)), key=lambda i: h[i])
    weakest = points[i_min].label or f"point {i_min + 1}"
    a = survey.gold_a_kg_cm2
    allowable = a * h[i_min] ** 2
    caveats_all = [
        "Gold (1971): moving or short-duration loads only; not valid for parked aircraft "
        "(ice creeps under a sustained load), cracks, open water nearby or thaw"
    ]
    if survey.ice_type == "sea":
        caveats_all.append(
            "sea ice: Gold's data are freshwater ice; brine makes sea ice weaker: confirm with "
            "a site-specific ice engineering assessment"
        )
    if survey.cracks.strip():
        caveats_all.append(f"cracks reported: {survey.cracks.strip()}")
    verdicts = []
    for ac in aircraft:
        if ac.rotorcraft:
            continue
        crit = [
            _surface(ac, Surface.SNOW_ICE, f"{survey.ice_type} ice", ice_runway=True),
            *_length_width(ac, geom, Surface.SNOW_ICE, f"{survey.ice_type} ice"),
        ]
        if ac.mtow_kg is None:
            crit.append(
                Criterion(
                    "bearing",
                    Status.UNKNOWN,
                    f"{allowable / 1000:,.1f} t allowable",
                    "",
                    f"maximum take-off mass of {ac.key} unknown in the aircraft table",
                    _GOLD,
                )
            )
        else:
            ok = allowable >= ac.mtow_kg
            need_cm = float(required_thickness_gold_cm(ac.mtow_kg, a_kg_cm2=a))
            crit.append(
                Criterion(
                    "bearing",
                    Status.PASS if ok else Status.FAIL,
                    f"{h[i_min]:.0f} cm effective at {weakest}: {allowable / 1000:,.1f} t allowable",
                    f"{ac.mtow_kg / 1000:,.1f} t (MTOW); {need_cm:.0f} cm of ice",
                    f"weakest point {weakest}: {h[i_min]:.0f} cm effective ice carries "
                    f"{allowable / 1000:,.1f} t (Gold A = {a:g} kg/cm^2) "
                    f"{'>=' if ok else '<'} {ac.mtow_kg / 1000:,.1f} t MTOW of {ac.key}"
                    + ("" if ok else f": needs {need_cm:.0f} cm"),
                    f"{_GOLD}; MTOW: aircraft table ({ac.source})",
                )
            )
        verdicts.append(
            Verdict(ac.key, "aircraft", tuple(crit), (*_caveats(ac, None), *caveats_all))
        )
    measured = {
        **geom.to_dict(),
        "points": len(points),
        "weakest_point": weakest,
        "effective_thickness_cm": round(h[i_min], 1),
        "allowable_load_kg": round(allowable, 0),
        "gold_a_kg_cm2": a,
    }
    return Assessment("ice", survey.name, measured, tuple(verdicts))
