"""Verdicts of a drop zone survey (``dz``) per delivery method, and the zone's capacity.

Drop zone size criteria (single ship, planning figures) after the USAF tables of AFI 13-217
*Drop Zone and Landing Zone Operations* (10 May 2007), now DAFMAN 13-217 (22 April 2021,
Change 1 2022), as reproduced in a public C-130 crew aid ("C-130 tactical cheat sheet",
docsbay.net). They are cited as planning figures with **medium confidence** (secondary
transcription): verify against DAFMAN 13-217 chapter 3 before use. [yd]

* personnel: 600 wide x 600 long for one jumper, plus 75 long per additional jumper;
  above 1,000 ft AGL add 30 to width and length per 100 ft;
* container delivery (CDS): 400 wide; 400 / 450 / 500 / 550 / 700 long for 1 / 2 / 3 / 4 /
  5-8 containers in a single row (double row: 1-2 / 3-4 / 5-6 / 7-8 / 9-16); above 600 ft
  AGL add 40 to width and length per 100 ft;
* heavy equipment: 600 wide x 1,000 long for one platform, plus 400 long per additional
  platform; above 1,100 ft AGL add 30 to width and length per 100 ft;
* between official sunset and sunrise add 100 to the length.

Formation drops (wider zones) are not covered. The altitude correction is applied per
started 100 ft above the base altitude (conservative reading). Length is measured along
the run-in heading, width across it.
"""

from __future__ import annotations

import math

from arcticrecon.survey.forms import DropDelivery, DropMethod, DropZoneSurvey
from arcticrecon.zones.criteria import Assessment, Criterion, Status, Verdict
from arcticrecon.zones.geometry import local_plane_xy, measure_strip

__all__ = ["DZ_SOURCE", "YD_M", "assess_drop_zone", "dz_capacity", "dz_required_yd"]

#: International yard [m] (exact, international yard and pound agreement, 1959).
YD_M = 0.9144
DZ_SOURCE = (
    "planning figures after AFI 13-217 (2007) / DAFMAN 13-217 (2021) DZ size tables, as "
    "reproduced in a public C-130 crew aid (confidence medium: verify with DAFMAN 13-217 ch. 3)"
)
_CDS_SINGLE = ((1, 400.0), (2, 450.0), (3, 500.0), (4, 550.0), (8, 700.0))
_CDS_DOUBLE = ((2, 400.0), (4, 450.0), (6, 500.0), (8, 550.0), (16, 700.0))
_BASE = {  # method: (width yd, base altitude ft AGL, yd added per 100 ft above it)
    DropMethod.PERSONNEL: (600.0, 1000.0, 30.0),
    DropMethod.CDS: (400.0, 600.0, 40.0),
    DropMethod.HEAVY_EQUIPMENT: (600.0, 1100.0, 30.0),
}
_UNIT = {
    DropMethod.PERSONNEL: "jumper",
    DropMethod.CDS: "container",
    DropMethod.HEAVY_EQUIPMENT: "platform",
}


def _yd(x_yd: float) -> str:
    return f"{x_yd:,.0f} yd ({x_yd * YD_M:,.0f} m)"


def dz_required_yd(d: DropDelivery) -> tuple[float, float] | None:
    """Width and length a delivery needs. [yd]

    Returns
    -------
    (width_yd, length_yd) or None
        ``None`` when the table has no figure (more than 8 single-row or 16 double-row
        containers).

    Examples
    --------
    >>> dz_required_yd(DropDelivery(method="cds", count=5))
    (400.0, 700.0)
    >>> dz_required_yd(DropDelivery(method="personnel", count=10, drop_altitude_ft_agl=1250))
    (690.0, 1365.0)
    """
    width, base_ft, per100 = _BASE[d.method]
    if d.method is DropMethod.PERSONNEL:
        length = 600.0 + 75.0 * (d.count - 1)
    elif d.method is DropMethod.HEAVY_EQUIPMENT:
        length = 1000.0 + 400.0 * (d.count - 1)
    else:
        table = _CDS_SINGLE if d.cds_rows == 1 else _CDS_DOUBLE
        found = next((ln for up_to, ln in table if d.count <= up_to), None)
        if found is None:
            return None
        length = found
    if d.drop_altitude_ft_agl is not None and d.drop_altitude_ft_agl > base_ft:
        steps = math.ceil((d.drop_altitude_ft_agl - base_ft) / 100.0 - 1e-9)
        width += per100 * steps
        length += per100 * steps
    if d.night:
        length += 100.0
    return width, length


def dz_capacity(method: DropMethod, width_yd: float, length_yd: float) -> int:
    """Most jumpers / single-row containers / platforms a zone takes (day, base altitude).

    Examples
    --------
    >>> dz_capacity(DropMethod.CDS, 420.0, 650.0)
    4
    >>> dz_capacity(DropMethod.PERSONNEL, 600.0, 1000.0)
    6
    """
    width, _, _ = _BASE[method]
    if width_yd < width:
        return 0
    if method is DropMethod.PERSONNEL:
        return 0 if length_yd < 600.0 else int((length_yd - 600.0) // 75.0) + 1
    if method is DropMethod.HEAVY_EQUIPMENT:
        return 0 if length_yd < 1000.0 else int((length_yd - 1000.0) // 400.0) + 1
    return max((n for n, ln in _CDS_SINGLE if ln <= length_yd), default=0)


def _along_across(survey: DropZoneSurvey) -> tuple[float, float, float, float]:
    geom = measure_strip(survey.corners)
    diff = abs((survey.run_in_heading_deg - geom.heading_deg + 90.0) % 180.0 - 90.0)
    if diff <= 45.0:
        return geom.length_m, geom.width_m, diff, geom.heading_deg
    return geom.width_m, geom.length_m, 90.0 - diff, (geom.heading_deg + 90.0) % 360.0


def _delivery_name(d: DropDelivery) -> str:
    unit = _UNIT[d.method] + ("s" if d.count != 1 else "")
    name = {"personnel": "Personnel", "cds": "CDS", "heavy_equipment": "Heavy equipment"}[d.method]
    extra = []
    if d.method is DropMethod.CDS and d.cds_rows == 2:
        extra.append("double row")
    if d.drop_altitude_ft_agl is not None:
        extra.append(f"{d.drop_altitude_ft_agl:,.0f} ft AGL")
    if d.night:
        extra.append("night")
    return f"{name} {d.count} {unit}" + (f" ({', '.join(extra)})" if extra else "")


def assess_drop_zone(survey: DropZoneSurvey) -> Assessment:
    """Capacity of the zone per method and the verdict of each planned delivery.

    Returns
    -------
    Assessment
        ``measured``: length along and width across the run-in [m and yd], the angle between
        the run-in and the zone's axis, capacity per method. One verdict per planned
        delivery (``kind = "method"``).

    Examples
    --------
    Worked by hand: a zone 650 yd long and 420 yd wide takes at most 4 CDS containers
    (550 yd <= 650 yd < 700 yd); 5 containers need 700 yd, so a 5-container CDS drop is
    unsuitable: "length 650 yd (594 m) < 700 yd (640 m) required for CDS 5 containers".
    """
    along_m, across_m, off_deg, axis_deg = _along_across(survey)
    along_yd, across_yd = along_m / YD_M, across_m / YD_M
    notes = []
    if off_deg > 10.0:
        notes.append(
            f"run-in heading {survey.run_in_heading_deg:.0f}° is {off_deg:.0f}° off the zone's "
            f"axis ({axis_deg:.0f}°): length and width are taken along the zone's sides"
        )
    from shapely.geometry import Point, Polygon

    xy = local_plane_xy([*survey.corners, survey.position])
    if not Polygon(xy[:4]).contains(Point(xy[4])):
        notes.append("the point of impact is outside the zone's corners: check the coordinates")
    verdicts = []
    for d in survey.deliveries:
        need = dz_required_yd(d)
        name = _delivery_name(d)
        if need is None:
            crit = [
                Criterion(
                    "size",
                    Status.UNKNOWN,
                    _yd(along_yd),
                    "",
                    f"{name}: the size table covers 8 single-row / 16 double-row containers",
                    DZ_SOURCE,
                )
            ]
        else:
            w_need, l_need = need
            crit = [
                Criterion(
                    "length",
                    Status.PASS if along_yd >= l_need else Status.FAIL,
                    _yd(along_yd),
                    _yd(l_need),
                    f"length {_yd(along_yd)} {'>=' if along_yd >= l_need else '<'} "
                    f"{_yd(l_need)} required for {name}",
                    DZ_SOURCE,
                ),
                Criterion(
                    "width",
                    Status.PASS if across_yd >= w_need else Status.FAIL,
                    _yd(across_yd),
                    _yd(w_need),
                    f"width {_yd(across_yd)} {'>=' if across_yd >= w_need else '<'} "
                    f"{_yd(w_need)} required for {name}",
                    DZ_SOURCE,
                ),
            ]
        caveats = ["single-ship figures: formation drops need a wider zone"]
        if survey.hazards:
            caveats.append("hazards: " + "; ".join(survey.hazards))
        verdicts.append(Verdict(name, "method", tuple(crit), tuple(caveats)))
    measured: dict[str, object] = {
        "length_along_run_in_m": round(along_m, 1),
        "width_across_run_in_m": round(across_m, 1),
        "length_along_run_in_yd": round(along_yd, 1),
        "width_across_run_in_yd": round(across_yd, 1),
        "run_in_off_axis_deg": round(off_deg, 1),
        "capacity": {m.value: dz_capacity(m, across_yd, along_yd) for m in DropMethod},
        "capacity_note": "day, single ship, at or below the base drop altitude; " + DZ_SOURCE,
    }
    return Assessment("dz", survey.name, measured, tuple(verdicts), tuple(notes))
