"""Distance to Greenland's shore, the approximate 12 NM / 200 NM zones, distance to ports.

Shore = Greenland's coastline from the shipped Natural Earth 1:10m outline
(``data/greenland_outline_ne_10m.geojson``, :func:`arcticrecon.geo.land.greenland_outline`),
every ring densified to vertices at most :data:`COAST_STEP_M` apart. The distance of a
position to the shore is the WGS 84 geodesic distance (pyproj/GeographicLib, Karney 2013)
to the nearest coast vertex, found with a k-d tree on geocentric unit vectors. Other
coasts (Iceland, Canada, Svalbard) are not in the outline: distances near them are
distances to Greenland.

The zones are approximations and are labelled so everywhere: geodesic buffers of the
1:10m coastline, **not** the legal baselines of the territorial sea (12 NM, UNCLOS art. 3)
or the exclusive economic zone (200 NM, UNCLOS art. 57), and not cut at the median lines
with Canada, Iceland and Svalbard.

Classifying millions of positions uses a precomputed grid of distances (0.05 deg x 0.1 deg
cells): the distance to a set is 1-Lipschitz, so a position whose cell-centre distance is
further than the cell's half-diagonal from every threshold is classified from the grid,
and only positions near a zone line are computed exactly.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticrecon.units import NM_TO_M

__all__ = [
    "COAST_STEP_M",
    "ZONES",
    "coast_vertices",
    "distance_to_port_m",
    "distance_to_shore_m",
    "ports_table",
    "zone_band",
    "zone_polygons",
]

#: Largest spacing of the densified coastline vertices; the distance error this causes is
#: at most half of it at the coast and under 2 m beyond 12 NM. [m]
COAST_STEP_M = 500.0
#: Zone names -> buffer distance [m] (approximate; see the module docstring).
ZONES: dict[str, float] = {"12nm": 12 * NM_TO_M, "200nm": 200 * NM_TO_M}
ZONE_CAVEAT = (
    "approximate: geodesic buffer of the Natural Earth 1:10m coastline, not the legal "
    "baselines, not cut at median lines with Canada, Iceland and Svalbard"
)

_EARTH_R_M = 6_371_008.8  # IUGG mean radius, only for k-d tree chord <-> arc conversions
_GRID = (50.0, 90.0, 0.05, -100.0, 20.0, 0.1)  # lat0, lat1, dlat, lon0, lon1, dlon [deg]


def _unit_vectors(lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64]) -> Any:
    la = np.radians(lat_deg)
    lo = np.radians(lon_deg)
    c = np.cos(la)
    return np.column_stack([c * np.cos(lo), c * np.sin(lo), np.sin(la)])


@lru_cache(maxsize=1)
def coast_vertices() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Greenland's 1:10m coastline densified to :data:`COAST_STEP_M`.

    Returns
    -------
    lat_deg, lon_deg : ndarray, shape (m,)
        Coast vertices (all rings of all polygons). [deg]
    """
    from arcticrecon.geo.land import greenland_outline

    return _densified(greenland_outline(), COAST_STEP_M)


def _densified(geom: Any, step_m: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    import shapely

    from arcticrecon.geo.geodesic import WGS84

    rings = shapely.get_rings(shapely.get_parts(geom))
    lats: list[NDArray[np.float64]] = []
    lons: list[NDArray[np.float64]] = []
    for ring in rings:
        xy = np.asarray(shapely.get_coordinates(ring))
        lon, lat = xy[:, 0], xy[:, 1]
        _, _, d = WGS84.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
        n = np.maximum(1, np.ceil(np.asarray(d) / step_m).astype(int))
        # linear in lon/lat inside a segment: 1:10m segments are a few km at most, where
        # the geodesic and the straight lon/lat line differ by centimetres
        f = np.concatenate([np.arange(k) / k for k in n])
        seg = np.repeat(np.arange(len(n)), n)
        lats.append(lat[seg] + f * (lat[seg + 1] - lat[seg]))
        lons.append(lon[seg] + f * (lon[seg + 1] - lon[seg]))
    return np.concatenate(lats), np.concatenate(lons)


@lru_cache(maxsize=1)
def _coast_tree() -> Any:
    from scipy.spatial import cKDTree

    lat, lon = coast_vertices()
    return cKDTree(_unit_vectors(lat, lon))


def distance_to_shore_m(*, lat_deg: ArrayLike, lon_deg: ArrayLike) -> NDArray[np.float64]:
    """Geodesic distance from positions to Greenland's shore (1:10m coastline).

    Parameters
    ----------
    lat_deg, lon_deg : float or ndarray, shape (n,)
        WGS 84 positions. [deg]

    Returns
    -------
    ndarray, shape (n,)
        Distance to the nearest coast vertex; positions on land get their distance to the
        coast too (the outline is not subtracted). [m]

    Raises
    ------
    OutOfDomainError
        If a latitude or longitude is outside its range.

    Examples
    --------
    >>> d = distance_to_shore_m(lat_deg=[64.0], lon_deg=[-56.0])
    >>> 150_000 < float(d[0]) < 250_000
    True
    """
    from arcticrecon.geo.geodesic import WGS84, check_lat_lon

    lat = np.atleast_1d(np.asarray(lat_deg, dtype=float))
    lon = np.atleast_1d(np.asarray(lon_deg, dtype=float))
    check_lat_lon(lat, lon)
    if lat.size == 0:
        return np.zeros(0)
    _, idx = _coast_tree().query(_unit_vectors(lat, lon), workers=-1)
    clat, clon = coast_vertices()
    _, _, d = WGS84.inv(lon, lat, clon[idx], clat[idx])
    return np.asarray(d, dtype=float)


# The grid is computed against a coarser coast (simplified by _COARSE_TOL_DEG, densified
# to _COARSE_STEP_M): its distances are within _COARSE_ERR_M of the full coast's.
_COARSE_TOL_DEG = 0.01  # <= 1.12 km on the ground at any latitude
_COARSE_STEP_M = 2000.0
_COARSE_ERR_M = 1120.0 + _COARSE_STEP_M / 2 + 100.0


@lru_cache(maxsize=1)
def _coarse_tree() -> Any:
    import shapely
    from scipy.spatial import cKDTree

    from arcticrecon.geo.land import greenland_outline

    lat, lon = _densified(shapely.simplify(greenland_outline(), _COARSE_TOL_DEG), _COARSE_STEP_M)
    return cKDTree(_unit_vectors(lat, lon))


@lru_cache(maxsize=1)
def _distance_grid() -> tuple[NDArray[np.float32], NDArray[np.float64]]:
    lat0, lat1, dlat, lon0, lon1, dlon = _GRID
    lats = np.arange(lat0 + dlat / 2, lat1, dlat)
    lons = np.arange(lon0 + dlon / 2, lon1, dlon)
    la, lo = np.meshgrid(lats, lons, indexing="ij")
    # spherical arc (mean radius) from the k-d tree chord: within 0.6 % of the geodesic
    # distance, which the uncertainty margin below allows for
    # cells further than 200 NM + 50 km need no distance, only "beyond": the bound makes
    # the k-d tree give up early there (inf)
    bound = (ZONES["200nm"] + 50_000.0) / _EARTH_R_M
    chord, _ = _coarse_tree().query(
        _unit_vectors(la.ravel(), lo.ravel()), distance_upper_bound=bound, workers=-1
    )
    with np.errstate(invalid="ignore"):
        arc = 2.0 * _EARTH_R_M * np.arcsin(np.minimum(chord / 2.0, 1.0))
    d = np.where(np.isfinite(chord), arc, np.inf).reshape(la.shape)
    # half-diagonal of a cell in metres at its row (WGS 84 radii of curvature, upper bound)
    m_per_deg_lat = 111_700.0  # >= meridian arc per degree at any latitude (110.6-111.7 km)
    m_per_deg_lon = 111_700.0 * np.cos(np.radians(lats - dlat / 2))
    half_diag = 0.5 * np.hypot(dlat * m_per_deg_lat, dlon * m_per_deg_lon) + _COARSE_ERR_M
    return d.astype(np.float32), half_diag


@lru_cache(maxsize=1)
def _sure_band_grid() -> NDArray[np.int8]:
    """Per grid cell: the zone band of every point of the cell, or -1 when it may differ.

    A cell's band is sure when its centre distance is further than the cell's uncertainty
    (half-diagonal, coarse-coast error, spherical-vs-ellipsoidal 0.6 %) from both
    thresholds: distance to a set is 1-Lipschitz.
    """
    grid, half_diag = _distance_grid()
    dc = grid.astype(np.float64)
    r = half_diag[:, None] + 0.006 * np.minimum(dc, 1e7)  # spherical vs ellipsoidal
    t12, t200 = ZONES["12nm"], ZONES["200nm"]
    band = np.where(dc <= t12, 0, np.where(dc <= t200, 1, 2)).astype(np.int8)
    unsure = (np.abs(dc - t12) <= r) | (np.abs(dc - t200) <= r)
    band[unsure] = -1
    return band


def zone_band(*, lat_deg: ArrayLike, lon_deg: ArrayLike) -> NDArray[np.int8]:
    """Which approximate zone each position is in.

    Parameters
    ----------
    lat_deg, lon_deg : ndarray, shape (n,)
        WGS 84 positions. [deg]

    Returns
    -------
    ndarray of int8, shape (n,)
        0: within 12 NM of Greenland's shore (or on land); 1: beyond 12 NM and within
        200 NM; 2: beyond 200 NM. Exact (geodesic) at the zone lines; see the module
        docstring for the grid shortcut.
    """
    lat = np.asarray(lat_deg, dtype=float)
    lon = np.asarray(lon_deg, dtype=float)
    chunk = 1_000_000  # bounded temporaries on millions of positions
    if lat.size > chunk:
        return np.concatenate(
            [
                zone_band(lat_deg=lat[a : a + chunk], lon_deg=lon[a : a + chunk])
                for a in range(0, lat.size, chunk)
            ]
        )
    sure = _sure_band_grid()
    lat0, _lat1, dlat, lon0, _lon1, dlon = _GRID
    i = np.floor((lat - lat0) / dlat).astype(np.int64)
    j = np.floor((lon - lon0) / dlon).astype(np.int64)
    inside = (i >= 0) & (i < sure.shape[0]) & (j >= 0) & (j < sure.shape[1])
    band = np.full(lat.shape, -1, dtype=np.int8)
    band[inside] = sure[i[inside], j[inside]]
    unsure = band < 0
    if unsure.any():
        t12, t200 = ZONES["12nm"], ZONES["200nm"]
        d = distance_to_shore_m(lat_deg=lat[unsure], lon_deg=lon[unsure])
        band[unsure] = np.where(d <= t12, 0, np.where(d <= t200, 1, 2))
    return band


@lru_cache(maxsize=1)
def ports_table() -> list[dict[str, Any]]:
    """Ports of the shipped ``data/ports.csv`` (name, locode, lat_deg, lon_deg, source).

    Returns
    -------
    list of dict
        One per port; the file and its sources are described in ``data/README.md``.
    """
    import csv

    from arcticrecon.sources.embedded import data_path

    with data_path("ports.csv").open(encoding="utf-8", newline="") as fh:
        return [
            {
                "name": r["name"],
                "locode": r["locode"] or None,
                "country": r["country"],
                "lat_deg": float(r["lat_deg"]),
                "lon_deg": float(r["lon_deg"]),
                "source": r["coord_source"],
            }
            for r in csv.DictReader(fh)
        ]


@lru_cache(maxsize=1)
def _port_tree() -> Any:
    from scipy.spatial import cKDTree

    p = ports_table()
    return cKDTree(
        _unit_vectors(
            np.array([x["lat_deg"] for x in p], dtype=float),
            np.array([x["lon_deg"] for x in p], dtype=float),
        )
    )


def distance_to_port_m(
    *, lat_deg: ArrayLike, lon_deg: ArrayLike, within_m: float = np.inf
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Geodesic distance to the nearest port of :func:`ports_table`.

    Parameters
    ----------
    lat_deg, lon_deg : ndarray, shape (n,)
        WGS 84 positions. [deg]
    within_m : float
        Only ports closer than about this are looked for (speed); further positions get
        ``inf`` and index -1. [m]

    Returns
    -------
    distance_m : ndarray, shape (n,)
        [m]; ``inf`` where no port is within ``within_m``.
    port_index : ndarray of int, shape (n,)
        Row of :func:`ports_table`, -1 where none.
    """
    from arcticrecon.geo.geodesic import WGS84

    lat = np.atleast_1d(np.asarray(lat_deg, dtype=float))
    lon = np.atleast_1d(np.asarray(lon_deg, dtype=float))
    out = np.full(lat.shape, np.inf)
    pidx = np.full(lat.shape, -1, dtype=np.int64)
    cand = np.arange(len(lat))
    if np.isfinite(within_m) and within_m <= 50_000.0:
        cand = cand[_near_port_cells(lat, lon)]  # cheap grid test first (millions of fixes)
    if len(cand) == 0:
        return out, pidx
    bound = np.inf if not np.isfinite(within_m) else 1.01 * within_m / _EARTH_R_M + 1e-4
    _, idx = _port_tree().query(
        _unit_vectors(lat[cand], lon[cand]), distance_upper_bound=bound, workers=-1
    )
    p = ports_table()
    found = idx < len(p)
    if found.any():
        rows = cand[found]
        plat = np.array([x["lat_deg"] for x in p])[idx[found]]
        plon = np.array([x["lon_deg"] for x in p])[idx[found]]
        _, _, d = WGS84.inv(lon[rows], lat[rows], plon, plat)
        d = np.asarray(d)
        near = d <= within_m
        out[rows[near]] = d[near]
        pidx[rows[near]] = idx[found][near]
    return out, pidx


_PORT_GRID_DEG = 0.05  # cell of the near-port grid, both axes [deg]
_PORT_GRID_REACH_M = 50_000.0 + 8_000.0  # largest radius served + a cell's diagonal


@lru_cache(maxsize=1)
def _port_cells() -> set[tuple[int, int]]:
    """Grid cells (lat, lon index at 0.05 deg) within ~58 km of a port."""
    cells: set[tuple[int, int]] = set()
    for x in ports_table():
        dlat = _PORT_GRID_REACH_M / 110_000.0
        dlon = dlat / max(np.cos(np.radians(min(abs(x["lat_deg"]) + dlat, 89.0))), 1e-3)
        i0 = int(np.floor((x["lat_deg"] - dlat) / _PORT_GRID_DEG))
        i1 = int(np.floor((x["lat_deg"] + dlat) / _PORT_GRID_DEG))
        j0 = int(np.floor((x["lon_deg"] - dlon) / _PORT_GRID_DEG))
        j1 = int(np.floor((x["lon_deg"] + dlon) / _PORT_GRID_DEG))
        cells.update((i, j) for i in range(i0, i1 + 1) for j in range(j0, j1 + 1))
    return cells


@lru_cache(maxsize=1)
def _port_cell_mask() -> tuple[int, int, NDArray[np.bool_]]:
    """The cells of :func:`_port_cells` as a dense mask: (row of i0, column of j0, mask)."""
    cells = _port_cells()
    ij = np.array(sorted(cells), dtype=np.int64).reshape(-1, 2)
    i0, j0 = (int(v) for v in ij.min(axis=0))
    i1, j1 = (int(v) for v in ij.max(axis=0))
    mask = np.zeros((i1 - i0 + 1, j1 - j0 + 1), dtype=bool)
    mask[ij[:, 0] - i0, ij[:, 1] - j0] = True
    return i0, j0, mask


def _near_port_cells(lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.bool_]:
    i0, j0, mask = _port_cell_mask()
    out = np.zeros(len(lat), dtype=bool)
    chunk = 1_000_000  # bounded temporaries on millions of positions
    for a in range(0, len(lat), chunk):
        i = np.floor(lat[a : a + chunk] / _PORT_GRID_DEG).astype(np.int64) - i0
        j = np.floor(lon[a : a + chunk] / _PORT_GRID_DEG).astype(np.int64) - j0
        ok = (i >= 0) & (i < mask.shape[0]) & (j >= 0) & (j < mask.shape[1])
        out[a : a + chunk][ok] = mask[i[ok], j[ok]]
    return out


@lru_cache(maxsize=2)
def zone_polygons(simplify_m: float = 2000.0) -> dict[str, Any]:
    """Approximate zone outlines for maps: buffers of the coast in EPSG:3413.

    Parameters
    ----------
    simplify_m : float
        Douglas-Peucker tolerance of the result. [m]

    Returns
    -------
    dict of str to shapely geometry
        ``"12nm"`` and ``"200nm"`` polygons in lon/lat (WGS 84). For drawing only: the
        buffer is planar in NSIDC polar stereographic (true scale at 70 deg N, scale
        within about 3 % between 60 and 84 deg N), so the line is within a few km of the
        geodesic zone edge; :func:`zone_band` does the exact test.
    """
    import shapely

    from arcticrecon.geo.land import greenland_outline
    from arcticrecon.geo.projection import from_polar_stereo, to_polar_stereo

    def fwd(xy: Any) -> Any:
        x, y = to_polar_stereo(lat_deg=xy[:, 1], lon_deg=xy[:, 0])
        return np.column_stack([x, y])

    def inv(xy: Any) -> Any:
        lat, lon = from_polar_stereo(x_m=xy[:, 0], y_m=xy[:, 1])
        return np.column_stack([lon, lat])

    land = shapely.transform(greenland_outline(), fwd)
    out = {}
    for name, dist in ZONES.items():
        # simplify the coast first by a small fraction of the buffer distance (speed)
        base = shapely.simplify(land, max(simplify_m, dist / 50.0))
        poly = base.buffer(dist, quad_segs=4).simplify(simplify_m)
        out[name] = shapely.transform(poly, inv)
    return out
