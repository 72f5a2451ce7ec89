"""The maritime picture report: self-contained HTML and GIS files.

The HTML has an EPSG:3413 map, tables and a timeline; the GIS files are
``tracks.geojson``, ``events.geojson``, ``events.csv`` and ``tracks.kml``.

GeoJSON and KML are written through :mod:`arcticrecon.export` (the project's one writer of
each). Every file says which thresholds defined the events, that the zones are
approximate, and — when any position came from a synthetic source — SYNTHETIC.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import numpy as np

from arcticrecon.maritime.engine import Analysis
from arcticrecon.maritime.flags import flag_of_mmsi
from arcticrecon.maritime.shore import ZONE_CAVEAT, zone_polygons
from arcticrecon.maritime.tracks import SHIP_TYPE_GROUPS, ship_type_group, track_lines

__all__ = ["EVENT_CSV_COLUMNS", "EVENT_STYLE", "event_rows", "picture_context", "write_ais_picture"]

EVENT_CSV_COLUMNS = (
    "event_id",
    "kind",
    "mmsi",
    "vessel",
    "flag",
    "mmsi2",
    "vessel2",
    "start_utc",
    "end_utc",
    "duration_h",
    "lat_deg",
    "lon_deg",
    "end_lat_deg",
    "end_lon_deg",
    "distance_to_shore_nm",
    "likely_disabling",
    "positions_before",
    "mean_speed_kt",
    "median_distance_m",
    "port",
    "zone",
    "complete",
)
#: Event kind -> (colour, SVG symbol shape), the same in the report and on the web map.
EVENT_STYLE = {
    "gap": ("#d62728", "cross"),
    "loitering": ("#ff7f0e", "circle"),
    "encounter": ("#9467bd", "diamond"),
    "port_visit": ("#2ca02c", "square"),
    "zone_entry": ("#17becf", "tri"),
    "zone_exit": ("#8c564b", "tri"),
}
_SYNTH_NOTE = "SYNTHETIC DATA — invented vessels made by arcticrecon's generator, not real traffic"


def _iso(ms: int | None) -> str | None:
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000.0, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_rows(analysis: Analysis, vessels: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Events as flat rows (times ISO 8601 UTC, vessel names and flags added)."""
    rows = []
    for e in analysis.events:
        r = {k: e.get(k) for k in EVENT_CSV_COLUMNS if k in e}
        r["start_utc"] = _iso(e["start_utc_ms"])
        r["end_utc"] = _iso(e["end_utc_ms"])
        r["duration_h"] = round(e["duration_h"], 2)
        r["vessel"] = (vessels.get(e["mmsi"]) or {}).get("name")
        r["flag"] = flag_of_mmsi(e["mmsi"]).flag_alpha3
        if e.get("mmsi2"):
            r["vessel2"] = (vessels.get(e["mmsi2"]) or {}).get("name")
        for k in ("distance_to_shore_nm", "mean_speed_kt", "median_distance_m"):
            v = r.get(k)
            if v is not None:
                r[k] = round(float(v), 1)
        rows.append({k: r.get(k) for k in EVENT_CSV_COLUMNS})
    return rows


def _marking(assessments: Sequence[Any] = (), levels: Sequence[str] | None = None) -> Any:
    """High-water mark of the assessments shown (the base level alone when none)."""
    from arcticrecon.export import DocumentMarking
    from arcticrecon.survey import DEFAULT_LEVELS

    return DocumentMarking.of([a.marking for a in assessments], levels=levels or DEFAULT_LEVELS)


def assessment_rows(assessments: Sequence[Any]) -> list[dict[str, Any]]:
    """Assessments as flat rows, oldest first, each with its own marking label."""
    return [
        {
            "assessed_at_utc": a.assessed_at_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "subject": a.subject,
            "event_id": a.event_id,
            "mmsi": a.mmsi,
            "verdict": a.verdict,
            "note": a.note,
            "author_id": a.author_id,
            "marking": a.marking.label(),
        }
        for a in sorted(assessments, key=lambda a: (a.assessed_at_utc, a.id))
    ]


def _latest_verdicts(assessments: Sequence[Any]) -> dict[str, str]:
    """Per event id and per vessel (``"mmsi:N"``): the newest verdict."""
    out: dict[str, str] = {}
    for a in sorted(assessments, key=lambda a: (a.assessed_at_utc, a.id)):
        out[a.event_id if a.event_id else f"mmsi:{a.mmsi}"] = a.verdict
    return out


def _export_doc(
    analysis: Analysis,
    vessels: dict[int, dict[str, Any]],
    lines: list[Any],
    marking: Any = None,
) -> Any:
    from shapely.geometry import Point

    from arcticrecon.export import ExportDocument, ExportFeature, ExportLayer, Style

    synth = " SYNTHETIC." if analysis.synthetic else ""
    track_feats = []
    for ln in lines:
        v = vessels.get(ln["mmsi"]) or {}
        group = ship_type_group(v.get("ship_type"))
        track_feats.append(
            ExportFeature(
                id=str(ln["mmsi"]),
                name=v.get("name") or str(ln["mmsi"]),
                geometry=ln["geometry"],
                properties={
                    "mmsi": ln["mmsi"],
                    "name": v.get("name"),
                    "flag": flag_of_mmsi(ln["mmsi"]).flag_alpha3,
                    "ship_type": v.get("ship_type"),
                    "ship_type_group": group,
                    "start_utc": _iso(ln["start_utc_ms"]),
                    "end_utc": _iso(ln["end_utc_ms"]),
                    "positions": ln["positions"],
                    "synthetic": bool(v.get("synthetic")),
                },
                style=Style(stroke=SHIP_TYPE_GROUPS[group][1], stroke_width_px=2.0),
            )
        )
    event_feats = []
    for r in event_rows(analysis, vessels):
        colour = EVENT_STYLE[r["kind"]][0]
        event_feats.append(
            ExportFeature(
                id=r["event_id"],
                name=f"{r['kind']} {r['vessel'] or r['mmsi']}",
                geometry=Point(r["lon_deg"], r["lat_deg"]),
                properties={k: r[k] for k in EVENT_CSV_COLUMNS},
                style=Style(stroke=colour, fill=colour, fill_opacity=0.9),
            )
        )
    caveat = f"Zones {ZONE_CAVEAT}.{synth}"
    params = json.dumps(analysis.params.as_dict(), sort_keys=True)
    return ExportDocument(
        id="ais_picture",
        title="Arctic Sentry maritime picture (AIS)" + (" — SYNTHETIC" if synth else ""),
        layers=[
            ExportLayer("ais_tracks", "AIS tracks", track_feats, "AIS store", caveat),
            ExportLayer("ais_events", "AIS events", event_feats, f"parameters: {params}", caveat),
        ],
        marking=marking if marking is not None else _marking(),
        source="arcticrecon AIS store" + (" (SYNTHETIC sources)" if synth else ""),
        caveat=caveat,
    )


def _svg_map(analysis: Analysis, vessels: dict[int, dict[str, Any]], lines: list[Any]) -> str:
    import shapely

    from arcticrecon.geo.land import greenland_outline
    from arcticrecon.geo.projection import to_polar_stereo

    zones = zone_polygons()
    # extent: the approximate 200 NM zone and every track, in EPSG:3413, with a margin
    geoms = [zones["200nm"], *(ln["geometry"] for ln in lines)]
    xs_all, ys_all = [], []
    for g in geoms:
        xy = shapely.get_coordinates(g)
        x, y = to_polar_stereo(lat_deg=xy[:, 1], lon_deg=xy[:, 0])
        xs_all.append(np.atleast_1d(x))
        ys_all.append(np.atleast_1d(y))
    xa, ya = np.concatenate(xs_all), np.concatenate(ys_all)
    x0, x1 = float(xa.min()) - 50_000, float(xa.max()) + 50_000
    y0, y1 = float(ya.min()) - 50_000, float(ya.max()) + 50_000
    _W = 620.0
    _H = _W * (y1 - y0) / (x1 - x0)

    def _px(x: Any, y: Any) -> tuple[Any, Any]:
        return (x - x0) / (x1 - x0) * _W, (y1 - y) / (y1 - y0) * _H

    def path_of(geom: Any, closed: bool) -> str:
        out = []
        for part in shapely.get_parts(geom):
            rings = shapely.get_rings(part) if closed else [part]
            for ring in rings:
                xy = shapely.get_coordinates(ring)
                x, y = to_polar_stereo(lat_deg=xy[:, 1], lon_deg=xy[:, 0])
                px, py = _px(np.atleast_1d(x), np.atleast_1d(y))
                pts = " L".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py, strict=True))
                out.append(f"M{pts}{'Z' if closed else ''}")
        return " ".join(out)

    def _graticule() -> list[str]:
        lines_ = [
            shapely.linestrings(np.column_stack([np.linspace(-90, 10, 101), np.full(101, lat)]))
            for lat in (55, 60, 65, 70, 75, 80, 85)
        ]
        lines_ += [
            shapely.linestrings(np.column_stack([np.full(31, lon), np.linspace(55, 85, 31)]))
            for lon in range(-80, 11, 10)
        ]
        return [path_of(g, closed=False) for g in lines_]

    coast = path_of(shapely.simplify(greenland_outline(), 0.01), closed=True)

    p = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W:.0f} {_H:.0f}" class="map" '
        'role="img" aria-label="AIS tracks and events, EPSG:3413">',
        f'<rect width="{_W:.0f}" height="{_H:.0f}" fill="#dbe9f4"/>',
    ]
    for zone, colour in (("200nm", "#9ecae1"), ("12nm", "#6baed6")):
        d = path_of(zones[zone], closed=True)
        p.append(
            f'<path d="{d}" fill="{colour}" fill-opacity="0.25" stroke="{colour}" '
            f'stroke-dasharray="3,2" stroke-width="0.7" fill-rule="evenodd"><title>{zone} '
            f"zone ({escape(ZONE_CAVEAT)})</title></path>"
        )
    for g in _graticule():
        p.append(f'<path d="{g}" fill="none" stroke="#b8cde0" stroke-width="0.5"/>')
    p.append(
        f'<path d="{coast}" fill="#f4f4f0" stroke="#7a8a99" stroke-width="0.6" '
        'fill-rule="evenodd"/>'
    )
    for ln in lines:
        if ln["geometry"].geom_type == "Point":
            continue
        v = vessels.get(ln["mmsi"]) or {}
        colour = SHIP_TYPE_GROUPS[ship_type_group(v.get("ship_type"))][1]
        name = escape(v.get("name") or str(ln["mmsi"]))
        p.append(
            f'<path d="{path_of(ln["geometry"], closed=False)}" fill="none" stroke="{colour}" '
            f'stroke-width="1.4"><title>{name} ({ln["mmsi"]})</title></path>'
        )
    # small, frequent symbols first; the rarer and more important ones on top
    order = {"zone_entry": 0, "zone_exit": 0, "loitering": 1, "port_visit": 2, "gap": 3}
    for e in sorted(analysis.events, key=lambda ev: order.get(ev["kind"], 4)):
        colour, shape = EVENT_STYLE[e["kind"]]
        x, y = to_polar_stereo(lat_deg=e["lat_deg"], lon_deg=e["lon_deg"])
        px, py = (float(v) for v in _px(np.asarray(x), np.asarray(y)))
        tip = escape(f"{e['kind']} {e['mmsi']} {_iso(e['start_utc_ms'])} {e['duration_h']:.1f} h")
        if e["kind"] == "gap" and e.get("end_lat_deg") is not None:
            x2, y2 = to_polar_stereo(lat_deg=e["end_lat_deg"], lon_deg=e["end_lon_deg"])
            qx, qy = (float(v) for v in _px(np.asarray(x2), np.asarray(y2)))
            p.append(
                f'<line x1="{px:.1f}" y1="{py:.1f}" x2="{qx:.1f}" y2="{qy:.1f}" stroke="{colour}" '
                'stroke-dasharray="2,2" stroke-width="1.2"/>'
            )
        p.append(_symbol(shape, px, py, colour, tip))
    y0 = 14
    for key, (label, colour) in SHIP_TYPE_GROUPS.items():
        if not any(
            ship_type_group((vessels.get(ln["mmsi"]) or {}).get("ship_type")) == key for ln in lines
        ):
            continue
        short = escape(label.split(" (")[0])
        p.append(
            f'<line x1="8" y1="{y0}" x2="22" y2="{y0}" stroke="{colour}" stroke-width="2"/>'
            f'<text x="26" y="{y0 + 3}" font-size="8">{short}</text>'
        )
        y0 += 11
    for kind, (colour, shape) in EVENT_STYLE.items():
        p.append(_symbol(shape, 15, y0, colour, kind))
        p.append(f'<text x="26" y="{y0 + 3}" font-size="8">{kind.replace("_", " ")}</text>')
        y0 += 11
    p.append(
        f'<text x="{_W - 6:.0f}" y="{_H - 6:.0f}" font-size="7" text-anchor="end" fill="#555">'
        "EPSG:3413 · coast Natural Earth · zones approximate</text>"
    )
    if analysis.synthetic:
        p.append(
            f'<text x="{_W / 2:.0f}" y="{_H - 18:.0f}" font-size="14" font-weight="bold" '
            'text-anchor="middle" fill="#b00" fill-opacity="0.8">SYNTHETIC DATA</text>'
        )
    p.append("</svg>")
    return "\n".join(p)


def _symbol(shape: str, x: float, y: float, colour: str, tip: str) -> str:
    t = f"<title>{tip}</title>"
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}" stroke="#222">{t}</circle>'
    if shape == "square":
        return (
            f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}" '
            f'stroke="#222">{t}</rect>'
        )
    if shape == "diamond":
        pts = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{colour}" stroke="#222">{t}</polygon>'
    if shape == "tri":
        pts = f"{x:.1f},{y - 4:.1f} {x + 4:.1f},{y + 3:.1f} {x - 4:.1f},{y + 3:.1f}"
        return f'<polygon points="{pts}" fill="{colour}" stroke="#222">{t}</polygon>'
    return (
        f'<path d="M{x - 4:.1f},{y - 4:.1f} L{x + 4:.1f},{y + 4:.1f} M{x + 4:.1f},{y - 4:.1f} '
        f'L{x - 4:.1f},{y + 4:.1f}" stroke="{colour}" stroke-width="2.2">{t}</path>'
    )


def _timeline_svg(analysis: Analysis, vessels: dict[int, dict[str, Any]]) -> str:
    """One row per vessel with events; bars from start to end, coloured by kind."""
    ev = [e for e in analysis.events if e["kind"] not in ("zone_entry", "zone_exit")]
    if not ev:
        return "<p>No gap, loitering, encounter or port-visit events in the window.</p>"
    t0 = min(e["start_utc_ms"] for e in ev)
    t1 = max(e["end_utc_ms"] for e in ev)
    w0 = analysis.window[0]
    w1 = analysis.window[1]
    if w0 is not None:
        t0 = min(t0, int(w0.timestamp() * 1000))
    if w1 is not None:
        t1 = max(t1, int(w1.timestamp() * 1000))
    t0 = (t0 // 86_400_000) * 86_400_000
    t1 = -(-t1 // 86_400_000) * 86_400_000
    mmsis = sorted({e["mmsi"] for e in ev} | {e["mmsi2"] for e in ev if e.get("mmsi2")})
    left, width, row = 150, 560, 18
    h = 30 + row * len(mmsis)

    def xs(ms: float) -> float:
        return left + (ms - t0) / (t1 - t0) * width

    p = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {left + width + 10} {h}" '
        'class="timeline" role="img" aria-label="Event timeline (UTC)">'
    ]
    day = t0
    while day <= t1:
        x = xs(day)
        p.append(f'<line x1="{x:.1f}" y1="14" x2="{x:.1f}" y2="{h}" stroke="#ccc"/>')
        if x < left + width - 40:  # no label squeezed against the right edge
            p.append(f'<text x="{x + 2:.1f}" y="10" font-size="9">{_iso(day)[:10]}</text>')  # type: ignore[index]
        day += 86_400_000
    for i, m in enumerate(mmsis):
        y = 20 + i * row
        name = escape((vessels.get(m) or {}).get("name") or str(m))
        p.append(f'<text x="4" y="{y + 10}" font-size="9">{name} ({m})</text>')
        for e in ev:
            if m not in (e["mmsi"], e.get("mmsi2")):
                continue
            colour = EVENT_STYLE[e["kind"]][0]
            a, b = xs(e["start_utc_ms"]), max(xs(e["end_utc_ms"]), xs(e["start_utc_ms"]) + 2)
            tip = escape(f"{e['kind']} {_iso(e['start_utc_ms'])} – {_iso(e['end_utc_ms'])}")
            p.append(
                f'<rect x="{a:.1f}" y="{y + 2}" width="{b - a:.1f}" height="{row - 6}" '
                f'fill="{colour}"><title>{tip}</title></rect>'
            )
    p.append("</svg>")
    return "\n".join(p)


def _span(t: tuple[int, int] | None) -> str | None:
    if t is None:
        return None
    return f"{_iso(t[0])} – {_iso(t[1])}"


def picture_context(
    analysis: Analysis, vessels: list[dict[str, Any]], *, sources: list[str]
) -> dict[str, Any]:
    """Everything the HTML shows (also used by tests)."""
    from arcticrecon.maritime.shore import zone_band

    by = {v["mmsi"]: v for v in vessels}
    tr = analysis.tracks
    present = set(np.unique(tr["mmsi"]).tolist())
    band = zone_band(lat_deg=tr["lat_deg"], lon_deg=tr["lon_deg"])
    inside: dict[int, dict[str, tuple[int, int]]] = {}
    for zone, level in (("12nm", 0), ("200nm", 1)):
        m = band <= level
        for mm in np.unique(tr["mmsi"][m]).tolist():
            t = tr["t_utc_ms"][m & (tr["mmsi"] == mm)]
            inside.setdefault(mm, {})[zone] = (int(t.min()), int(t.max()))
    vrows = []
    for v in vessels:
        if v["mmsi"] not in present:
            continue
        f = flag_of_mmsi(v["mmsi"])
        vrows.append(
            {
                "mmsi": v["mmsi"],
                "name": v.get("name"),
                "call_sign": v.get("call_sign"),
                "imo": v.get("imo"),
                "flag": f.flag_alpha3,
                "flag_text": f.allocated_to,
                "ship_type": v.get("ship_type"),
                "ship_type_group": SHIP_TYPE_GROUPS[ship_type_group(v.get("ship_type"))][0],
                "length_m": v.get("length_m"),
                "positions": int((tr["mmsi"] == v["mmsi"]).sum()),
                "in_12nm": _span(inside.get(v["mmsi"], {}).get("12nm")),
                "in_200nm": _span(inside.get(v["mmsi"], {}).get("200nm")),
                "synthetic": bool(v.get("synthetic")),
            }
        )
    return {"vessels": vrows, "events": event_rows(analysis, by), "sources": sources, "by": by}


def write_ais_picture(
    analysis: Analysis,
    vessels: list[dict[str, Any]],
    out: Path,
    *,
    sources: list[str],
    tolerance_m: float = 200.0,
    assessments: Sequence[Any] = (),
    levels: Sequence[str] | None = None,
) -> list[Path]:
    """Write the picture folder (files replaced atomically one by one).

    Parameters
    ----------
    analysis : Analysis
    vessels : list of dict
        :meth:`arcticrecon.maritime.store.AisStore.vessels`.
    out : Path
        Folder (created).
    sources : list of str
        Names of the recordings used (shown in the report).
    tolerance_m : float
        Track simplification. [m]
    assessments : sequence of AisAssessment
        Analysts' assessments the reader may read
        (:meth:`arcticrecon.store.AisAssessmentRepository.list`): shown beside their events
        and in their own table and ``assessments.csv``; every output's marking is then the
        high-water mark of their markings (STANAG 4774 aggregation).
    levels : sequence of str, optional
        The mission's ordered levels (default: the built-in ones).

    Returns
    -------
    list of Path
        Files written.
    """
    from arcticrecon.files import atomic_write_text

    ctx = picture_context(analysis, vessels, sources=sources)
    by = ctx["by"]
    lines = track_lines(analysis.tracks, params=analysis.params, tolerance_m=tolerance_m)
    out.mkdir(parents=True, exist_ok=True)
    params = analysis.params.as_dict()
    written: list[Path] = []
    try:
        from arcticrecon.export import to_geojson, write_kml
    except ImportError:  # export package (H15) not in this build: GeoJSON only, no KML
        to_geojson = write_kml = None  # type: ignore[assignment]
    if to_geojson is not None and write_kml is not None:
        doc = _export_doc(analysis, by, lines, _marking(assessments, levels))
        banner = doc.marking.banner
        gj = to_geojson(doc)
        layers = {lid: _layer_features(gj, doc, lid) for lid in ("ais_tracks", "ais_events")}
        base = {k: v for k, v in gj.items() if k != "features"}
    else:
        from arcticrecon.survey import DEFAULT_LEVELS, document_marking

        banner = document_marking(DEFAULT_LEVELS[0], [])
        layers = _plain_features(analysis, by, lines)
        base = {
            "type": "FeatureCollection",
            "marking": {"level": DEFAULT_LEVELS[0], "rel_to": None, "banner": banner},
        }
    for layer_id, name in (("ais_tracks", "tracks.geojson"), ("ais_events", "events.geojson")):
        sub = {**base, "features": layers[layer_id], "parameters": params}
        sub["layer"] = {
            "id": layer_id,
            "title": "AIS tracks" if layer_id == "ais_tracks" else "AIS events",
            "source": "arcticrecon AIS store",
            "caveat": f"zones {ZONE_CAVEAT}",
        }
        sub["synthetic"] = analysis.synthetic
        if analysis.synthetic:
            sub["note"] = _SYNTH_NOTE
        atomic_write_text(out / name, json.dumps(sub, indent=1, ensure_ascii=False))
        written.append(out / name)
    if write_kml is not None:
        kml_doc = type(doc)(
            id=doc.id,
            title=doc.title,
            layers=[doc.layers[0]],
            marking=doc.marking,
            source=doc.source,
            caveat=doc.caveat,
        )
        write_kml(kml_doc, out / "tracks.kml")
        written.append(out / "tracks.kml")
    buf = io.StringIO()
    buf.write(f"# marking: {banner}\n")
    if analysis.synthetic:
        buf.write(f"# {_SYNTH_NOTE}\n")
    buf.write(f"# parameters: {json.dumps(params, sort_keys=True)}\n")
    w = csv.DictWriter(buf, EVENT_CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for r in ctx["events"]:
        w.writerow({k: "" if r[k] is None else r[k] for k in EVENT_CSV_COLUMNS})
    atomic_write_text(out / "events.csv", buf.getvalue())
    written.append(out / "events.csv")
    arows = assessment_rows(assessments)
    if arows:
        buf = io.StringIO()
        buf.write(f"# marking: {banner}\n")
        w = csv.DictWriter(buf, list(arows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(arows)
        atomic_write_text(out / "assessments.csv", buf.getvalue())
        written.append(out / "assessments.csv")
    verdicts = _latest_verdicts(assessments)
    for e in ctx["events"]:
        e["assessment"] = verdicts.get(e["event_id"])
    for v in ctx["vessels"]:
        v["assessment"] = verdicts.get(f"mmsi:{v['mmsi']}")
    ctx["assessments"] = arows
    html = _render_html(analysis, ctx, lines, banner)
    atomic_write_text(out / "index.html", html)
    written.append(out / "index.html")
    return written


def _plain_features(
    analysis: Analysis, by: dict[int, dict[str, Any]], lines: list[Any]
) -> dict[str, list[Any]]:
    """RFC 7946 features without the export package (its writers are preferred)."""
    from shapely.geometry import mapping

    tracks = []
    for ln in lines:
        v = by.get(ln["mmsi"]) or {}
        tracks.append(
            {
                "type": "Feature",
                "id": str(ln["mmsi"]),
                "geometry": mapping(ln["geometry"]),
                "properties": {
                    "mmsi": ln["mmsi"],
                    "name": v.get("name"),
                    "flag": flag_of_mmsi(ln["mmsi"]).flag_alpha3,
                    "ship_type": v.get("ship_type"),
                    "ship_type_group": ship_type_group(v.get("ship_type")),
                    "start_utc": _iso(ln["start_utc_ms"]),
                    "end_utc": _iso(ln["end_utc_ms"]),
                    "positions": ln["positions"],
                },
            }
        )
    events = [
        {
            "type": "Feature",
            "id": r["event_id"],
            "geometry": {"type": "Point", "coordinates": [r["lon_deg"], r["lat_deg"]]},
            "properties": r,
        }
        for r in event_rows(analysis, by)
    ]
    return {"ais_tracks": tracks, "ais_events": events}


def _layer_features(gj: dict[str, Any], doc: Any, layer_id: str) -> list[Any]:
    ids = {f.id for lay in doc.layers if lay.id == layer_id for f in lay.features}
    return [f for f in gj["features"] if str(f.get("id")) in ids]


def _render_html(analysis: Analysis, ctx: dict[str, Any], lines: list[Any], banner: str) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("arcticrecon.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    w0, w1 = analysis.window
    counts: dict[str, int] = {}
    for e in analysis.events:
        counts[e["kind"]] = counts.get(e["kind"], 0) + 1
    return env.get_template("ais_picture.html.j2").render(
        banner=banner,
        synthetic=analysis.synthetic,
        synth_note=_SYNTH_NOTE,
        map_svg=_svg_map(analysis, ctx["by"], lines),
        timeline_svg=_timeline_svg(analysis, ctx["by"]),
        vessels=ctx["vessels"],
        events=[e for e in ctx["events"] if e["kind"] not in ("zone_entry", "zone_exit")],
        zone_events=[e for e in ctx["events"] if e["kind"] in ("zone_entry", "zone_exit")],
        counts=counts,
        params=analysis.params.as_dict(),
        clean=analysis.clean.as_dict(),
        sources=ctx["sources"],
        assessments=ctx.get("assessments", []),
        window=(w0.isoformat() if w0 else "start of data", w1.isoformat() if w1 else "end of data"),
        zone_caveat=ZONE_CAVEAT,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
