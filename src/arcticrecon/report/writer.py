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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from arcticrecon.errors import InputError
from arcticrecon.files import check_replaceable_output, mark_output_folder
from arcticrecon.planner import Plan
from arcticrecon.report.html import render_html
from arcticrecon.report.marking import plan_marking
from arcticrecon.report.pdf import write_pdf
from arcticrecon.report.tables import (
    columns_csv,
    frame_columns,
    light_columns,
    opportunities_frame,
    presence_frame,
)

__all__ = ["sites_geojson", "write_plan_folder"]


def sites_geojson(plan: Plan) -> dict[str, object]:
    """GeoJSON FeatureCollection of the catalogue sites with each exercise's best score.

    Coordinates are ``[lon_deg, lat_deg]`` (RFC 7946 order). ``best_score`` maps exercise
    name -> best score over windows, or ``None`` where the site is excluded. The top-level
    member ``marking`` (``{"level", "rel_to", "banner"}``, RFC 7946 section 6.1 foreign
    member) is the plan's marking (:func:`arcticrecon.report.marking.plan_marking`).
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
    return {
        "type": "FeatureCollection",
        "marking": plan_marking(plan).to_dict(),
        "features": feats,
    }


def presence_geojson(plan: Plan) -> dict[str, Any]:
    """``presence.geojson``: the presence export document (RFC 7946) with the plan's marking.

    Bases and their geodesic response circles (:mod:`arcticrecon.export.build`), a circle
    containing the pole closed along it and cut at 180° (RFC 7946 §3.1.9), each with its
    area and its study's covered area in km².
    """
    import dataclasses

    from arcticrecon.export.build import presence_document
    from arcticrecon.export.geojson import to_geojson

    doc = dataclasses.replace(presence_document(plan), marking=plan_marking(plan))
    return to_geojson(doc)


def _csv_with_marking(frame: pd.DataFrame, path: Path, plan: Plan, **kw: Any) -> None:
    """Write a CSV whose first line is ``# marking: <banner>`` (read with ``comment="#"``)."""
    text = frame.to_csv(index=False, lineterminator="\n", **kw)
    path.write_text(f"{plan_marking(plan).csv_comment()}\n{text}", "utf-8")


def _csv_columns_with_marking(
    columns: dict[str, np.ndarray], path: Path, plan: Plan, float_format: str | None = None
) -> None:
    """Write columns (:func:`arcticrecon.report.tables.columns_csv`) with the marking line."""
    text = columns_csv(columns, float_format)
    path.write_text(f"{plan_marking(plan).csv_comment()}\n{text}", "utf-8")


def _check_writable(
    out: Path, force: bool, *, kind: str | None = None, protected: Sequence[Path] = ()
) -> Path:
    """The absolute ``--out`` folder once it is safe to write (or replace) it.

    ``kind`` names the command that replaces a whole folder (``plan``, ``grid build``):
    with ``--force`` an existing folder is then replaced only when it is an earlier
    output of that command or empty, and never when it holds a ``protected`` file or the
    working folder (:func:`arcticrecon.files.check_replaceable_output`). Without ``kind``
    (outputs written file by file) ``--force`` only allows an existing folder.

    Raises
    ------
    InputError
        If ``out`` is a file, exists without ``force``, may not be replaced, or its parent
        cannot be created or written.
    """
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
    if out.exists() and kind is not None:
        check_replaceable_output(out, kind, protected=protected)
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
    grids: Path | None = None,
    protected: Sequence[Path] = (),
) -> Path:
    """Write ``index.html``, ``opportunities.csv``, ``sites.geojson``, ``light.csv`` [+ PDF].

    With presence studies also ``presence.csv`` and ``presence.geojson``.

    Every file carries the plan's marking (:func:`arcticrecon.report.marking.plan_marking`):
    HTML banner top and bottom, PDF every page (CSS ``@page`` margin boxes), CSV first
    line ``# marking: ...``, GeoJSON top-level ``marking``.

    Parameters
    ----------
    plan : Plan
    out : Path
        Destination folder.
    force : bool
        Replace an existing folder, if it is an earlier ``plan`` output (it holds
        :data:`arcticrecon.files.OUTPUT_MARKER`) or empty, and holds no ``protected``
        file.
    mission_file : str
        Shown in the report header.
    extra : callable(Path), optional
        Writes more files into the temporary folder before the rename.
    pdf : bool
        Also write ``report.pdf`` (WeasyPrint) from the same HTML.
    grids : Path, optional
        A folder of ``arcticrecon grid build``: its suitability and light/cold/satcom
        maps go into the report (:mod:`arcticrecon.report.grid_maps`).
    protected : sequence of Path
        Files ``out`` must not hold (the mission file read): such a folder is refused.

    Returns
    -------
    Path
        The absolute folder written.

    Raises
    ------
    InputError
        If ``out`` exists without ``force`` or may not be replaced, or its parent is not
        writable.
    """
    out = _check_writable(out, force, kind="plan", protected=protected)
    grid_maps = None
    if grids is not None:  # before the temporary folder: a wrong --grids leaves nothing
        from arcticrecon.report.grid_maps import grid_maps_context

        grid_maps = grid_maps_context(
            grids, [ep.exercise.name for ep in plan.exercises], mission=plan.mission
        )
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        html = render_html(plan, mission_file=mission_file, grid_maps=grid_maps)
        (tmp / "index.html").write_text(html, "utf-8")
        if pdf:
            write_pdf(html, tmp / "report.pdf")
        _csv_columns_with_marking(
            frame_columns(opportunities_frame(plan)),
            tmp / "opportunities.csv",
            plan,
            float_format="%.6g",
        )
        (tmp / "sites.geojson").write_text(json.dumps(sites_geojson(plan), indent=1), "utf-8")
        _csv_columns_with_marking(light_columns(plan), tmp / "light.csv", plan)
        if plan.presence:
            _csv_with_marking(presence_frame(plan), tmp / "presence.csv", plan)
            (tmp / "presence.geojson").write_text(
                json.dumps(presence_geojson(plan), indent=1), "utf-8"
            )
        if extra is not None:
            extra(tmp)
        mark_output_folder(tmp, "plan")
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
