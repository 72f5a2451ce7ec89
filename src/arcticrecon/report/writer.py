"""Write the plan's report folder atomically.

The folder is built in a temporary sibling directory and renamed into place at the end, so
a failure never leaves a half-written report; an existing folder is replaced only when
``force`` is set (it is moved aside first and deleted after the rename succeeded).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from arcticrecon.errors import InputError
from arcticrecon.planner import Plan
from arcticrecon.report.html import render_html
from arcticrecon.report.pdf import write_pdf
from arcticrecon.report.tables import light_frame, opportunities_frame

__all__ = ["sites_geojson", "write_plan_folder"]


def sites_geojson(plan: Plan) -> dict[str, object]:
    """GeoJSON FeatureCollection of the catalogue sites with each exercise's best score.

    Coordinates are ``[lon_deg, lat_deg]`` (RFC 7946 order). ``best_score`` maps exercise
    name -> best score over windows, or ``None`` where the site is excluded.
    """
    best: dict[str, dict[str, float | None]] = {}
    for ep in plan.exercises:
        f = ep.ranking.feasible.drop_duplicates("location").set_index("location")["score"]
        for s in plan.catalog:
            best.setdefault(s.icao, {})[ep.exercise.name] = (
                round(float(f[s.icao]), 4) if s.icao in f.index else None
            )
    feats = []
    for s in plan.catalog:
        props = s.to_dict()
        props.pop("lat_deg")
        props.pop("lon_deg")
        props["longest_runway_m"] = s.longest_runway_m
        props["best_score"] = best.get(s.icao, {})
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [s.lon_deg, s.lat_deg]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def _check_writable(out: Path, force: bool) -> Path:
    out = out.expanduser().absolute()
    if out.exists() and not out.is_dir():
        raise InputError(
            f"--out {str(out)!r} exists and is not a folder", field="out", value=str(out)
        )
    if out.exists() and not force:
        raise InputError(
            f"--out {str(out)!r} already exists; use --force to replace it or choose another folder",
            field="out",
            value=str(out),
        )
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(
            f"--out {str(out)!r}: cannot create {str(parent)!r} ({err.strerror})",
            field="out",
            value=str(out),
        ) from None
    try:  # a real write test: os.access says yes to root even on read-only mounts
        probe = Path(tempfile.mkdtemp(prefix=f".{out.name}.probe.", dir=parent))
        probe.rmdir()
    except OSError as err:
        raise InputError(
            f"--out {str(out)!r}: cannot write in folder {str(parent)!r} ({err.strerror})",
            field="out",
            value=str(out),
        ) from None
    return out


def write_plan_folder(
    plan: Plan,
    out: Path,
    *,
    force: bool = False,
    mission_file: str = "",
    extra: Callable[[Path], None] | None = None,
    pdf: bool = False,
) -> Path:
    """Write ``index.html``, ``opportunities.csv``, ``sites.geojson``, ``light.csv`` [+ PDF].

    Parameters
    ----------
    plan : Plan
    out : Path
        Destination folder.
    force : bool
        Replace an existing folder.
    mission_file : str
        Shown in the report header.
    extra : callable(Path), optional
        Writes more files into the temporary folder before the rename.
    pdf : bool
        Also write ``report.pdf`` (WeasyPrint) from the same HTML.

    Returns
    -------
    Path
        The absolute folder written.

    Raises
    ------
    InputError
        If ``out`` exists without ``force``, or its parent is not writable.
    """
    out = _check_writable(out, force)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        html = render_html(plan, mission_file=mission_file)
        (tmp / "index.html").write_text(html, "utf-8")
        if pdf:
            write_pdf(html, tmp / "report.pdf")
        opportunities_frame(plan).to_csv(
            tmp / "opportunities.csv", index=False, float_format="%.6g"
        )
        (tmp / "sites.geojson").write_text(json.dumps(sites_geojson(plan), indent=1), "utf-8")
        light_frame(plan).to_csv(tmp / "light.csv", index=False)
        if extra is not None:
            extra(tmp)
        os.chmod(tmp, 0o755)
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, old / out.name)
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out
