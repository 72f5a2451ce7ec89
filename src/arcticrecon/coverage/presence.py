"""Presence options: which k catalogue sites cover the most demand within a response time.

The coverage radius is the aircraft's cruise true airspeed times the response time, a
one-way straight-line (geodesic) reach in still air, with no allowance for start-up,
climb, weather or crew readiness; it is an upper bound on what the aircraft can reach.
Candidates are the catalogue sites the aircraft can use
(:func:`arcticrecon.catalog.site_compatibility`); the existing bases given as ``fixed``
stay in every solution.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from arcticrecon.catalog import Aircraft, Catalog, Site, site_compatibility
from arcticrecon.coverage.demand import Demand
from arcticrecon.coverage.matrix import coverage_matrix
from arcticrecon.coverage.solver import (
    MclpResult,
    coverage_curve,
    marginal_values,
    solve_mclp_matrix,
)
from arcticrecon.errors import InfeasibleError, InputError
from arcticrecon.units import KT_TO_M_S

__all__ = [
    "CoverageArea",
    "CurvePoint",
    "LayerCoverage",
    "PresenceResult",
    "SiteChoice",
    "greenland_land_area_km2",
    "presence_options",
]

#: Where the areas of :class:`CoverageArea` come from (shown beside them).
AREA_SOURCE = (
    "union of the chosen sites' geodesic response circles on WGS 84 (GeographicLib "
    "polygon areas, arcticrecon.geo.circle_union); Greenland = Natural Earth 1:10m "
    "outline (land and ice sheet, islands included)"
)


@lru_cache(maxsize=1)
def greenland_land_area_km2() -> float:
    """Ellipsoidal area of Greenland's outline (Natural Earth 1:10m, islands included) [km²].

    GeographicLib geodesic-polygon area of each ring (``pyproj.Geod.polygon_area_perimeter``),
    holes subtracted.
    """
    from arcticrecon.geo import WGS84, greenland_outline

    total = 0.0
    for poly in greenland_outline().geoms:
        rings = [(poly.exterior, 1.0)] + [(h, -1.0) for h in poly.interiors]
        for ring, sign in rings:
            lon, lat = np.asarray(ring.coords, dtype=float)[:-1].T
            area, _ = WGS84.polygon_area_perimeter(lon, lat)
            total += sign * abs(float(area))
    return total / 1e6


@dataclass(frozen=True)
class CoverageArea:
    """Area within reach of the chosen sites.

    Attributes
    ----------
    circles_km2 : float
        Area of the union of the chosen sites' response circles on the ellipsoid, land and
        sea [km²]; overlaps counted once.
    site_circle_km2 : dict of str to float
        Area of each site's own circle [km²] (ICAO -> area).
    greenland_km2 : float
        Greenland's area, the area the settlement and coast demand stand for
        (:func:`greenland_land_area_km2`) [km²].
    greenland_covered_km2 : float
        Part of Greenland within the circles [km²].
    greenland_covered_share : float
        ``greenland_covered_km2 / greenland_km2`` [-].
    source : str
    """

    circles_km2: float
    site_circle_km2: dict[str, float]
    greenland_km2: float
    greenland_covered_km2: float
    greenland_covered_share: float
    source: str = AREA_SOURCE

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict (``area`` of the ``coverage --format json`` schema), km² to 0.1."""
        return {
            "circles_km2": round(self.circles_km2, 1),
            "site_circle_km2": {k: round(v, 1) for k, v in self.site_circle_km2.items()},
            "greenland_km2": round(self.greenland_km2, 1),
            "greenland_covered_km2": round(self.greenland_covered_km2, 1),
            "greenland_covered_share": round(self.greenland_covered_share, 6),
            "source": self.source,
        }

    def summary(self) -> str:
        """One line for tables and reports."""
        return (
            f"Area within reach {self.circles_km2:,.0f} km² (union of the circles, land and "
            f"sea); of Greenland's {self.greenland_km2:,.0f} km², "
            f"{self.greenland_covered_km2:,.0f} km² ({self.greenland_covered_share:.1%})"
        )


@dataclass(frozen=True)
class SiteChoice:
    """One chosen site and what it covers.

    Attributes
    ----------
    icao, name : str
    lat_deg, lon_deg : float
        WGS 84 position [deg].
    fixed : bool
        An existing base that had to stay.
    covered_weight : float
        Demand within this site's radius [demand unit] (shared demand counted for
        every site that covers it).
    marginal_value : float
        Coverage lost if this site is removed and the others stay as they are, i.e. the
        demand no other chosen site covers [demand unit].
    marginal_value_reoptimised : float or None
        Coverage lost if this site may not be used and the other non-fixed sites are
        chosen again optimally (k unchanged) [demand unit]; for a fixed base its slot is
        re-chosen too, so a negative value means another site would cover more than the
        base; ``None`` if not computed.
    covered_labels : tuple of str
        Labels of the demand points within its radius (coast points included).
    """

    icao: str
    name: str
    lat_deg: float
    lon_deg: float
    fixed: bool
    covered_weight: float
    marginal_value: float
    marginal_value_reoptimised: float | None
    covered_labels: tuple[str, ...]


@dataclass(frozen=True)
class CurvePoint:
    """One point of the coverage curve.

    Attributes
    ----------
    k : int
    covered_weight : float
        [demand unit]
    covered_share : float
        Of the total demand. [-]
    sites : tuple of str
        ICAO codes of an optimal set for this k.
    optimal : bool
    """

    k: int
    covered_weight: float
    covered_share: float
    sites: tuple[str, ...]
    optimal: bool


@dataclass(frozen=True)
class LayerCoverage:
    """Coverage of one demand layer in its own unit.

    Attributes
    ----------
    layer : str
    unit : str
    covered, total : float
        [unit]
    """

    layer: str
    unit: str
    covered: float
    total: float


@dataclass(frozen=True, eq=False)  # holds arrays: compare fields, not objects
class PresenceResult:
    """Presence option: the chosen sites, what they cover and the coverage curve.

    Attributes
    ----------
    aircraft : str
        Aircraft key.
    response_h : float
        Response time [h].
    radius_m : float
        Coverage radius = cruise speed x response time [m].
    k : int
    fixed : tuple of str
        ICAO codes of the required bases.
    sites : tuple of SiteChoice
        The chosen sites, fixed ones first, then in catalogue order.
    covered_demand, total_demand, coverable_demand : float
        [``demand_unit``]; ``coverable_demand`` is what all candidates together cover.
    demand_unit : str
    optimal : bool
        Proven optimum (see :class:`arcticrecon.coverage.solver.MclpResult`).
    status : str
    mip_gap : float
        [-]
    coverage_curve : tuple of CurvePoint
        k from ``max(1, len(fixed))`` to ``curve_k_max``.
    by_layer : tuple of LayerCoverage
    demand : Demand
        The demand used.
    covered : ndarray of bool, shape (n_demand,)
        Which demand points are covered.
    candidates : tuple of str
        ICAO codes of every candidate site (usable by the aircraft).
    notes : tuple of str
        Assumptions and documented choices.
    mclp : MclpResult
        The raw solver result (indices refer to ``candidates``).

    ``area`` (a cached property, :class:`CoverageArea`) gives the area the chosen sites'
    circles cover, in km² and as a share of Greenland.
    """

    aircraft: str
    response_h: float
    radius_m: float
    k: int
    fixed: tuple[str, ...]
    sites: tuple[SiteChoice, ...]
    covered_demand: float
    total_demand: float
    coverable_demand: float
    demand_unit: str
    optimal: bool
    status: str
    mip_gap: float
    coverage_curve: tuple[CurvePoint, ...]
    by_layer: tuple[LayerCoverage, ...]
    demand: Demand
    covered: NDArray[np.bool_]
    candidates: tuple[str, ...]
    notes: tuple[str, ...]
    mclp: MclpResult

    @cached_property
    def area(self) -> CoverageArea:
        """Area covered by the chosen sites' circles (computed on first use, ~1 s)."""
        from arcticrecon.geo import circle_union, geodesic_circle, greenland_outline

        circles = [
            geodesic_circle(lat_deg=s.lat_deg, lon_deg=s.lon_deg, radius_m=self.radius_m)
            for s in self.sites
        ]
        union = circle_union(circles)
        gl_km2 = greenland_land_area_km2()
        gl_cov = union.intersection_area_km2(greenland_outline())
        return CoverageArea(
            circles_km2=union.area_km2,
            site_circle_km2={s.icao: c.area_km2 for s, c in zip(self.sites, circles, strict=True)},
            greenland_km2=gl_km2,
            greenland_covered_km2=gl_cov,
            greenland_covered_share=gl_cov / gl_km2 if gl_km2 > 0 else 0.0,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict (the ``coverage --format json`` schema)."""
        return {
            "aircraft": self.aircraft,
            "response_h": self.response_h,
            "radius_m": round(self.radius_m, 1),
            "radius_nmi": round(self.radius_m / 1852.0, 1),
            "k": self.k,
            "fixed": list(self.fixed),
            "sites": [s.icao for s in self.sites],
            "covered_demand": self.covered_demand,
            "total_demand": self.total_demand,
            "coverable_demand": self.coverable_demand,
            "covered_share": self.covered_demand / self.total_demand
            if self.total_demand > 0
            else 0.0,
            "demand_unit": self.demand_unit,
            "optimal": self.optimal,
            "status": self.status,
            "mip_gap": self.mip_gap,
            "coverage_curve": [
                {
                    "k": p.k,
                    "covered_demand": p.covered_weight,
                    "covered_share": p.covered_share,
                    "sites": list(p.sites),
                    "optimal": p.optimal,
                }
                for p in self.coverage_curve
            ],
            "marginal_value": {s.icao: s.marginal_value for s in self.sites},
            "marginal_value_reoptimised": {
                s.icao: s.marginal_value_reoptimised for s in self.sites
            },
            "site_details": [
                {
                    "icao": s.icao,
                    "name": s.name,
                    "lat_deg": s.lat_deg,
                    "lon_deg": s.lon_deg,
                    "fixed": s.fixed,
                    "covered_demand": s.covered_weight,
                    "marginal_value": s.marginal_value,
                    "marginal_value_reoptimised": s.marginal_value_reoptimised,
                    "covers": [lab for lab in s.covered_labels if not lab.startswith("coast ")],
                    "covers_coast_points": sum(
                        lab.startswith("coast ") for lab in s.covered_labels
                    ),
                }
                for s in self.sites
            ],
            "by_layer": [
                {"layer": b.layer, "unit": b.unit, "covered": b.covered, "total": b.total}
                for b in self.by_layer
            ],
            "uncovered": sorted(
                {
                    lab
                    for lab, c in zip(self.demand.label, self.covered, strict=True)
                    if not c and not lab.startswith("coast ")
                }
            ),
            "n_candidates": len(self.candidates),
            "area": self.area.to_dict(),
            "notes": list(self.notes),
        }


def presence_options(
    catalog: Catalog,
    aircraft: Aircraft,
    response_h: float,
    k: int,
    fixed: Sequence[str] = (),
    demand: Demand | None = None,
    *,
    curve_k_max: int | None = None,
    reoptimise_marginals: bool = True,
    time_limit_s: float | None = None,
) -> PresenceResult:
    """Choose ``k`` catalogue sites that cover the most demand within a response time.

    Parameters
    ----------
    catalog : Catalog
        Site catalogue (:func:`arcticrecon.catalog.load_catalog`).
    aircraft : Aircraft
        The responding aircraft (:func:`arcticrecon.catalog.get_aircraft`).
    response_h : float
        Response time [h], > 0 and <= 48.
    k : int
        Number of sites, ``len(fixed) <= k <= number of usable sites``, k >= 1.
    fixed : sequence of str, optional
        ICAO codes (or catalogue idents) of existing bases that must stay.
    demand : Demand, optional
        Default: :func:`arcticrecon.coverage.demand.settlement_demand`.
    curve_k_max : int, optional
        Largest k of the coverage curve (default ``k``).
    reoptimise_marginals : bool, optional
        Also compute each site's re-optimised marginal value (one MILP per site).
    time_limit_s : float, optional
        HiGHS time limit per solve [s].

    Returns
    -------
    PresenceResult

    Raises
    ------
    InputError
        If the response time is not in (0, 48] h, ``k`` is out of range, a fixed site is
        given twice or cannot be used by the aircraft, or the demand is empty.
    UnknownSiteError
        If a fixed site is not in the catalogue.
    InfeasibleError
        If the aircraft can use no site of the catalogue.

    Examples
    --------
    >>> from arcticrecon.catalog import get_aircraft, load_catalog
    >>> r = presence_options(load_catalog(), get_aircraft("AW101"), 2.0, 3,
    ...                      fixed=["BGTL", "BGSF", "BGGH"], reoptimise_marginals=False)
    >>> [s.icao for s in r.sites], r.optimal
    (['BGTL', 'BGSF', 'BGGH'], True)
    """
    from arcticrecon.coverage.demand import settlement_demand

    if not (
        isinstance(response_h, int | float) and math.isfinite(response_h) and 0 < response_h <= 48
    ):
        raise InputError(
            f"response time {response_h} h is outside (0, 48] h; give a positive time such as 2",
            field="response_h",
            value=response_h,
            valid_range=(0, 48),
        )
    fixed_sites: list[Site] = []
    for ident in fixed:
        site = catalog.get(ident)
        if site.icao in {s.icao for s in fixed_sites}:
            raise InputError(
                f"fixed site {site.icao} is given twice; give each base once",
                field="fixed",
                value=site.icao,
            )
        verdict = site_compatibility(aircraft, site)
        if not verdict.ok:
            raise InputError(
                f"fixed site {site.icao} cannot be used by the {aircraft.key}: "
                f"{verdict.reason}; choose another aircraft or drop that base",
                field="fixed",
                value=site.icao,
            )
        fixed_sites.append(site)
    cands = [s for s in catalog if site_compatibility(aircraft, s).ok]
    if not cands:
        raise InfeasibleError(
            f"the {aircraft.key} can use none of the {len(catalog)} catalogue sites; "
            "choose another aircraft",
            field="aircraft",
            value=aircraft.key,
        )
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        raise InputError(f"k = {k!r} must be an integer", field="k", value=k)
    k_lo = max(1, len(fixed_sites))
    if not k_lo <= k <= len(cands):
        raise InputError(
            f"k = {k} sites is outside {k_lo}..{len(cands)} (at least the "
            f"{len(fixed_sites)} fixed base(s) and 1, at most the {len(cands)} sites the "
            f"{aircraft.key} can use); change --k or --fixed",
            field="k",
            value=k,
            valid_range=(k_lo, len(cands)),
        )
    k_curve = int(k) if curve_k_max is None else int(curve_k_max)
    if not k_lo <= k_curve <= len(cands):
        raise InputError(
            f"coverage curve up to k = {k_curve} is outside {k_lo}..{len(cands)}",
            field="curve_k_max",
            value=k_curve,
            valid_range=(k_lo, len(cands)),
        )
    dem = settlement_demand() if demand is None else demand
    if len(dem) == 0:
        raise InputError("the demand has no points; choose another --demand", field="demand")
    radius_m = aircraft.cruise_speed_m_s * response_h * 3600.0
    a = coverage_matrix(
        demand_lat_deg=dem.lat_deg,
        demand_lon_deg=dem.lon_deg,
        cand_lat_deg=np.array([s.lat_deg for s in cands]),
        cand_lon_deg=np.array([s.lon_deg for s in cands]),
        radius_m=radius_m,
    )
    index = {s.icao: i for i, s in enumerate(cands)}
    fixed_idx = [index[s.icao] for s in fixed_sites]
    res = solve_mclp_matrix(a, dem.weight, int(k), fixed=fixed_idx, time_limit_s=time_limit_s)
    curve = coverage_curve(a, dem.weight, k_curve, fixed=fixed_idx, time_limit_s=time_limit_s)
    marg = marginal_values(
        a, dem.weight, res, reoptimise=reoptimise_marginals, time_limit_s=time_limit_s
    )
    order = sorted(
        res.chosen, key=lambda j: (j not in fixed_idx, fixed_idx.index(j) if j in fixed_idx else j)
    )
    choices = []
    for j in order:
        c = res.chosen.index(j)
        s = cands[j]
        col = res.covers[:, c]
        choices.append(
            SiteChoice(
                icao=s.icao,
                name=s.name,
                lat_deg=s.lat_deg,
                lon_deg=s.lon_deg,
                fixed=j in fixed_idx,
                covered_weight=float(dem.weight[col].sum()),
                marginal_value=marg[j][0],
                marginal_value_reoptimised=marg[j][1],
                covered_labels=tuple(lab for lab, hit in zip(dem.label, col, strict=True) if hit),
            )
        )
    layers = []
    lay = np.asarray(dem.layer)
    for name, unit in dem.layer_units.items():
        m = lay == name
        layers.append(
            LayerCoverage(
                layer=name,
                unit=unit,
                covered=float(dem.raw_weight[m & res.covered].sum()),
                total=float(dem.raw_weight[m].sum()),
            )
        )
    speed_kt = aircraft.cruise_speed_m_s / KT_TO_M_S
    notes = (
        f"radius = {aircraft.key} cruise {speed_kt:.0f} kt x {response_h:g} h = "
        f"{radius_m / 1000:.1f} km, geodesic on WGS 84, one way, still air, no start-up or "
        "climb time",
        f"candidates: the {len(cands)} of {len(catalog)} catalogue sites the "
        f"{aircraft.key} can use",
        "marginal_value: demand covered by that site alone (others kept); "
        "marginal_value_reoptimised: loss when the site is barred and the non-fixed "
        "sites are chosen again",
        *dem.notes,
    )
    return PresenceResult(
        aircraft=aircraft.key,
        response_h=float(response_h),
        radius_m=radius_m,
        k=int(k),
        fixed=tuple(s.icao for s in fixed_sites),
        sites=tuple(choices),
        covered_demand=res.covered_weight,
        total_demand=res.total_weight,
        coverable_demand=res.coverable_weight,
        demand_unit=dem.unit,
        optimal=res.optimal,
        status=res.status,
        mip_gap=res.mip_gap,
        coverage_curve=tuple(
            CurvePoint(
                k=r.k,
                covered_weight=r.covered_weight,
                covered_share=r.covered_share,
                sites=tuple(cands[j].icao for j in r.chosen),
                optimal=r.optimal,
            )
            for r in curve
        ),
        by_layer=tuple(layers),
        demand=dem,
        covered=res.covered,
        candidates=tuple(s.icao for s in cands),
        notes=notes,
        mclp=res,
    )
