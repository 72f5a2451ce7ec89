"""Demand for presence options: settlements, coastline points, user-supplied points.

Three layers, each in its own unit:

- ``settlements``: the 13 Greenland towns of more than 1,000 inhabitants in the shipped
  table ``settlements_gl_towns.csv``, weighted by their 1 January 2021 population
  (Statistics Greenland). The table's 5 strategic smaller places (Qeqertarsuaq,
  Kangaatsiaq, Kangerlussuaq, Ittoqqortoormiit, Qaanaaq) have no population in it: they
  are **left out** by default and included only when the user sets an explicit weight
  for them (``unpopulated_weight``), which is then reported as such. The layer is not
  the whole population of Greenland (about 56,600 in 2021): villages under 1,000 people
  are not in the table.
- ``coast``: points every ``spacing_km`` along the Natural Earth 1:50m outline of
  Greenland and its islands, each weighted by the coastline length it stands for [km].
- ``file``: a user CSV with columns ``lat_deg,lon_deg,weight`` (optional ``label``), e.g.
  shipping-lane points.

Layers in different units are combined by :func:`combine_demand`, which scales each
layer to a stated share of the total (default equal shares).
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from shapely.geometry import LineString, shape

import arcticrecon.catalog  # noqa: F401  (loads before sources: main has a sources<->catalog cycle)
from arcticrecon.coverage.assumptions import COAST_SPACING_KM
from arcticrecon.errors import DataSourceError, InputError
from arcticrecon.geo import WGS84, check_lat_lon, from_polar_stereo, to_polar_stereo
from arcticrecon.sources.embedded import data_path

__all__ = [
    "COAST_SPACING_KM",
    "Demand",
    "coastline_demand",
    "combine_demand",
    "read_demand_csv",
    "settlement_demand",
]


SETTLEMENTS_FILE = "settlements_gl_towns.csv"
OUTLINE_FILE = "greenland_outline_ne_50m.geojson"


@dataclass(frozen=True, eq=False)  # holds arrays: compare fields, not objects
class Demand:
    """Weighted demand points.

    Attributes
    ----------
    lat_deg, lon_deg : ndarray of float, shape (n,)
        WGS 84 positions [deg].
    weight : ndarray of float, shape (n,)
        Weight used by the optimisation [``unit``].
    raw_weight : ndarray of float, shape (n,)
        Weight in the layer's own unit (persons, km of coast, user unit).
    label : tuple of str, length n
        Name of each point (town name, ``coast 17``, the file's label or row number).
    layer : tuple of str, length n
        Layer of each point: ``settlements``, ``coast`` or ``file``.
    unit : str
        Unit of ``weight`` (``"persons (2021)"``, ``"km of coastline"``, ``"share"``...).
    layer_units : dict
        ``layer -> unit of raw_weight``.
    notes : tuple of str
        Documented choices (left-out places, spacing, scaling).
    """

    lat_deg: NDArray[np.float64]
    lon_deg: NDArray[np.float64]
    weight: NDArray[np.float64]
    raw_weight: NDArray[np.float64]
    label: tuple[str, ...]
    layer: tuple[str, ...]
    unit: str
    layer_units: Mapping[str, str]
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        """Number of demand points."""
        return int(self.lat_deg.size)


def settlement_demand(*, unpopulated_weight: float | None = None) -> Demand:
    """Towns of the shipped settlement table, weighted by 2021 population.

    Parameters
    ----------
    unpopulated_weight : float, optional
        Weight [persons-equivalent] given to each place the table lists without a
        population. ``None`` (default) leaves those places out; never a made-up number.

    Returns
    -------
    Demand
        Unit ``"persons (2021)"``.

    Raises
    ------
    InputError
        If ``unpopulated_weight`` is negative or not finite.
    DataSourceError
        If the shipped table is malformed.

    Notes
    -----
    Population: Statistics Greenland, 1 January 2021 (column ``pop_2021``); positions:
    GeoNames. See ``arcticrecon/data/README.md``.

    Examples
    --------
    >>> d = settlement_demand()
    >>> len(d), d.label[0], int(d.weight[0])
    (13, 'Nuuk', 19279)
    """
    if unpopulated_weight is not None and not (
        math.isfinite(unpopulated_weight) and unpopulated_weight >= 0
    ):
        raise InputError(
            f"weight for places without population {unpopulated_weight} must be finite "
            "and >= 0; leave it unset to leave those places out",
            field="unpopulated_weight",
            value=unpopulated_weight,
            valid_range=">= 0",
        )
    path = data_path(SETTLEMENTS_FILE)
    lat, lon, wt, lab = [], [], [], []
    left_out = []
    with open(path, newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            try:
                la, lo = float(row["lat"]), float(row["lon"])
                pop = row["pop_2021"].strip()
            except (KeyError, ValueError) as err:
                raise DataSourceError(f"{path} line {i}: {err}") from err
            if pop:
                wt.append(float(pop))
            elif unpopulated_weight is not None:
                wt.append(float(unpopulated_weight))
            else:
                left_out.append(row["town"])
                continue
            lat.append(la)
            lon.append(lo)
            lab.append(row["town"])
    notes = []
    if left_out:
        notes.append(
            "left out (no population in the table; set a weight to include them): "
            + ", ".join(left_out)
        )
    elif unpopulated_weight is not None:
        notes.append(
            f"places without population weighted {unpopulated_weight:g} persons-equivalent "
            "each (user-set)"
        )
    w = np.asarray(wt, dtype=float)
    unit = "persons (2021)"
    return Demand(
        np.asarray(lat),
        np.asarray(lon),
        w,
        w.copy(),
        tuple(lab),
        ("settlements",) * len(lab),
        unit,
        {"settlements": unit},
        tuple(notes),
    )


def coastline_demand(*, spacing_km: float = COAST_SPACING_KM) -> Demand:
    """Points along Greenland's coastline (Natural Earth 1:50m), weighted by length.

    Parameters
    ----------
    spacing_km : float, optional
        Distance between points along each ring in EPSG:3413 [km], 1-500. The map scale
        of EPSG:3413 (true at 70 N) is 0.97-1.04 over Greenland, so the spacing on the
        ground is within 4 % of this.

    Returns
    -------
    Demand
        Unit ``"km of coastline"``: each point of a ring carries the ring's WGS 84
        geodesic length divided by its number of points. Rings (islands) shorter than
        the spacing get one point. The total is the 1:50m outline's length, which is
        shorter than the true, fractal coastline.

    Raises
    ------
    InputError
        If ``spacing_km`` is outside 1-500.

    Examples
    --------
    >>> d = coastline_demand(spacing_km=100)
    >>> d.layer[0], d.unit
    ('coast', 'km of coastline')
    """
    if not (math.isfinite(spacing_km) and 1.0 <= spacing_km <= 500.0):
        raise InputError(
            f"coast spacing {spacing_km} km is outside 1..500 km; choose e.g. 25",
            field="spacing_km",
            value=spacing_km,
            valid_range=(1.0, 500.0),
        )
    path = data_path(OUTLINE_FILE)
    try:
        fc = json.loads(path.read_text(encoding="utf-8"))
        geoms = [shape(f["geometry"]) for f in fc["features"]]
    except (OSError, ValueError, KeyError) as err:
        raise DataSourceError(f"coastline file {path} is unreadable: {err}") from err
    rings = []
    for g in geoms:
        polys = list(getattr(g, "geoms", [g]))
        for poly in polys:
            rings.append(np.asarray(poly.exterior.coords))
            rings.extend(np.asarray(r.coords) for r in poly.interiors)
    spacing_m = spacing_km * 1000.0
    lat_out: list[NDArray[np.float64]] = []
    lon_out: list[NDArray[np.float64]] = []
    w_out: list[NDArray[np.float64]] = []
    for ring in rings:
        lon, lat = ring[:, 0], ring[:, 1]
        x, y = to_polar_stereo(lat_deg=lat, lon_deg=lon)
        line = LineString(np.column_stack([x, y]))
        n = max(1, round(line.length / spacing_m))
        dist = (np.arange(n) + 0.5) * line.length / n
        pts = np.asarray([line.interpolate(float(s)).coords[0] for s in dist])
        plat, plon = from_polar_stereo(x_m=pts[:, 0], y_m=pts[:, 1])
        geod_km = WGS84.line_length(lon, lat) / 1000.0
        lat_out.append(np.atleast_1d(plat))
        lon_out.append(np.atleast_1d(plon))
        w_out.append(np.full(n, geod_km / n))
    lat_a, lon_a, w = np.concatenate(lat_out), np.concatenate(lon_out), np.concatenate(w_out)
    unit = "km of coastline"
    note = (
        f"coast: {lat_a.size} points every {spacing_km:g} km along the Natural Earth 1:50m "
        f"outline ({len(rings)} rings), {w.sum():,.0f} km in total"
    )
    return Demand(
        lat_a,
        lon_a,
        w,
        w.copy(),
        tuple(f"coast {i}" for i in range(lat_a.size)),
        ("coast",) * lat_a.size,
        unit,
        {"coast": unit},
        (note,),
    )


def read_demand_csv(path: Path | str, *, unit: str = "user weight") -> Demand:
    """Read user demand points: CSV with ``lat_deg,lon_deg,weight`` (optional ``label``).

    Parameters
    ----------
    path : Path or str
        The CSV file (UTF-8, header row).
    unit : str, optional
        Unit of the weights, for display.

    Returns
    -------
    Demand
        Layer ``file``.

    Raises
    ------
    InputError
        If the file is missing, a column is missing, a value is not a number, a weight is
        negative, or there are no rows.
    OutOfDomainError
        If a position is out of range.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError(
            f"demand file {str(p)!r} cannot be read ({err.strerror}); give a CSV with "
            "columns lat_deg,lon_deg,weight",
            field="demand",
            value=str(p),
        ) from err
    reader = csv.DictReader(text.splitlines())
    need = {"lat_deg", "lon_deg", "weight"}
    have = {c.strip() for c in reader.fieldnames or []}
    if not need <= have:
        raise InputError(
            f"demand file {str(p)!r} lacks column(s) {', '.join(sorted(need - have))}; "
            "the header must be lat_deg,lon_deg,weight[,label]",
            field="demand",
            value=str(p),
        )
    lat, lon, wt, lab = [], [], [], []
    for i, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        try:
            la, lo, w = float(row["lat_deg"]), float(row["lon_deg"]), float(row["weight"])
        except ValueError as err:
            raise InputError(
                f"demand file {str(p)!r} line {i}: {err}; lat_deg, lon_deg and weight must "
                "be numbers",
                field="demand",
                value=str(p),
            ) from err
        if not (math.isfinite(w) and w >= 0):
            raise InputError(
                f"demand file {str(p)!r} line {i}: weight {w} must be finite and >= 0",
                field="weight",
                value=w,
                valid_range=">= 0",
            )
        lat.append(la)
        lon.append(lo)
        wt.append(w)
        lab.append(row.get("label") or f"row {i}")
    if not lat:
        raise InputError(
            f"demand file {str(p)!r} has no data rows; add lat_deg,lon_deg,weight rows",
            field="demand",
            value=str(p),
        )
    lat_a, lon_a = np.asarray(lat), np.asarray(lon)
    check_lat_lon(lat_a, lon_a, what=f"demand file {p.name}")
    w_a = np.asarray(wt)
    return Demand(
        lat_a,
        lon_a,
        w_a,
        w_a.copy(),
        tuple(lab),
        ("file",) * len(lab),
        unit,
        {"file": unit},
        (f"file: {len(lab)} points from {p.name}",),
    )


def combine_demand(parts: Sequence[Demand], shares: Sequence[float] | None = None) -> Demand:
    """Put demand layers in different units on one scale.

    Each part is scaled so that its weights sum to its share; the result's weights are
    shares of the total demand (unit ``"share"``). ``raw_weight`` keeps each layer's own
    unit so the coverage per layer can still be reported in persons or km.

    Parameters
    ----------
    parts : sequence of Demand
    shares : sequence of float, optional
        One share per part, > 0; normalised to sum to 1. Default: equal shares.

    Returns
    -------
    Demand

    Raises
    ------
    InputError
        If the lengths differ, a share is not positive, or a part has zero total weight.

    Examples
    --------
    >>> d = combine_demand([settlement_demand(), coastline_demand(spacing_km=200)])
    >>> round(float(d.weight.sum()), 9), d.unit
    (1.0, 'share')
    """
    if len(parts) == 1:
        return parts[0]
    sh = np.ones(len(parts)) if shares is None else np.asarray(shares, dtype=float)
    if sh.shape != (len(parts),) or not np.all(np.isfinite(sh)) or np.any(sh <= 0):
        raise InputError(
            f"demand shares {list(sh)} must be one positive number per layer",
            field="shares",
            value=list(sh),
        )
    sh = sh / sh.sum()
    ws = []
    for part, s in zip(parts, sh, strict=True):
        tot = float(part.weight.sum())
        if tot <= 0:
            raise InputError(
                f"demand layer {part.layer[0] if len(part) else '?'} has total weight "
                f"{tot}; it cannot be given a share",
                field="demand",
                value=tot,
            )
        ws.append(part.weight * (s / tot))
    units: dict[str, str] = {}
    for part in parts:
        units.update(part.layer_units)
    notes = [n for part in parts for n in part.notes]
    notes.append(
        "layers scaled to shares of the total: "
        + ", ".join(f"{next(iter(p.layer_units))} {s:.2f}" for p, s in zip(parts, sh, strict=True))
    )
    return Demand(
        np.concatenate([p.lat_deg for p in parts]),
        np.concatenate([p.lon_deg for p in parts]),
        np.concatenate(ws),
        np.concatenate([p.raw_weight for p in parts]),
        tuple(lab for p in parts for lab in p.label),
        tuple(la for p in parts for la in p.layer),
        "share",
        units,
        tuple(notes),
    )
