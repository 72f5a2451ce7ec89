"""Grid domains in EPSG:3413 (NSIDC Sea Ice Polar Stereographic North) and their cells.

A :class:`GridSpec` is a north-up raster in EPSG:3413: cell ``(row, col)`` has centre
``x = xmin + (col + 0.5) res``, ``y = ymax - (row + 0.5) res`` (GDAL convention, row 0 at
the top). Domain edges are snapped to multiples of :data:`SNAP_M` (25 km), so a 1 km and a
25 km grid of the same domain nest exactly: every 25 km cell holds 25 x 25 1 km cells.

Domains
-------
``greenland``
    The EPSG:3413 bounding box of the Natural Earth 1:10m Greenland outline
    (x -634..849 km, y -3,347..-672 km) grown by :data:`MARGIN_M` (100 km of sea round
    the coast) and snapped outwards: x -750..950 km, y -3,450..-550 km (1,700 x 2,900 km,
    4.93 million cells at 1 km).
``arctic``
    Everything north of 60°N: the square round the pole circumscribing the 60°N parallel
    (its EPSG:3413 radius is 3,323 km), snapped outwards: +-3,325 km.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from arcticrecon.errors import InputError

__all__ = [
    "DOMAINS",
    "MARGIN_M",
    "SNAP_M",
    "GridSpec",
    "grid_spec",
]

DOMAINS = ("greenland", "arctic")
#: Sea margin round the Greenland outline [m] (arcticrecon choice: 100 km, about the
#: continental shelf and the approaches where ships and aircraft stage).
MARGIN_M = 100_000.0
#: Domain edges are multiples of this [m], so 1 km and 25 km grids nest.
SNAP_M = 25_000.0
#: EPSG:3413 distance of the 60°N parallel from the pole [m] (pyproj, WGS 84, lat_ts 70).
_R60_M = 3_323_160.27

Domain = Literal["greenland", "arctic"]


@dataclass(frozen=True)
class GridSpec:
    """A north-up EPSG:3413 raster.

    Attributes
    ----------
    domain : str
        ``"greenland"``, ``"arctic"`` or ``"custom"``.
    res_m : float
        Cell size. [m]
    xmin_m, ymin_m, xmax_m, ymax_m : float
        Outer edges. [m]
    """

    domain: str
    res_m: float
    xmin_m: float
    ymin_m: float
    xmax_m: float
    ymax_m: float

    @property
    def shape(self) -> tuple[int, int]:
        """(n_rows, n_cols) = (ny, nx)."""
        return (
            round((self.ymax_m - self.ymin_m) / self.res_m),
            round((self.xmax_m - self.xmin_m) / self.res_m),
        )

    @property
    def n_cells(self) -> int:
        """Number of cells."""
        ny, nx = self.shape
        return ny * nx

    @property
    def x_m(self) -> NDArray[np.float64]:
        """Cell-centre eastings, shape (nx,), increasing. [m]"""
        return self.xmin_m + (np.arange(self.shape[1], dtype=np.float64) + 0.5) * self.res_m

    @property
    def y_m(self) -> NDArray[np.float64]:
        """Cell-centre northings, shape (ny,), decreasing (row 0 at the top). [m]"""
        return self.ymax_m - (np.arange(self.shape[0], dtype=np.float64) + 0.5) * self.res_m

    @property
    def extent_m(self) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) outer edges. [m]"""
        return (self.xmin_m, self.ymin_m, self.xmax_m, self.ymax_m)

    def transform(self) -> Any:
        """The affine geotransform (``affine.Affine``) of the raster, as rasterio uses it."""
        from affine import Affine

        return Affine(self.res_m, 0.0, self.xmin_m, 0.0, -self.res_m, self.ymax_m)

    def index_of(self, *, x_m: Any, y_m: Any) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """(row, col) of the cells holding EPSG:3413 points; -1 outside the grid."""
        x = np.asarray(x_m, dtype=float)
        y = np.asarray(y_m, dtype=float)
        col = np.floor((x - self.xmin_m) / self.res_m).astype(np.int64)
        row = np.floor((self.ymax_m - y) / self.res_m).astype(np.int64)
        ny, nx = self.shape
        out = (col < 0) | (col >= nx) | (row < 0) | (row >= ny)
        return np.where(out, -1, row), np.where(out, -1, col)

    def to_attrs(self) -> dict[str, Any]:
        """Plain attributes for the Zarr store (enough to rebuild the spec)."""
        return {
            "domain": self.domain,
            "res_m": self.res_m,
            "extent_3413_m": list(self.extent_m),
        }

    @classmethod
    def from_attrs(cls, attrs: dict[str, Any]) -> GridSpec:
        """Inverse of :meth:`to_attrs`."""
        x0, y0, x1, y1 = (float(v) for v in attrs["extent_3413_m"])
        return cls(str(attrs["domain"]), float(attrs["res_m"]), x0, y0, x1, y1)


def _snap_out(lo: float, hi: float) -> tuple[float, float]:
    return math.floor(lo / SNAP_M) * SNAP_M, math.ceil(hi / SNAP_M) * SNAP_M


#: Finest and coarsest cell size accepted [m]: below 100 m the Greenland box has ~0.5e9
#: cells; at 250 km it has
#: 7 x 12 cells, and a coarser grid resolves nothing of Greenland.
MIN_RES_M = 100.0
MAX_RES_M = 250_000.0


def grid_spec(domain: str = "greenland", *, res_km: float = 1.0) -> GridSpec:
    """The grid of a named domain at a resolution.

    Parameters
    ----------
    domain : {"greenland", "arctic"}
        See the module docstring.
    res_km : float
        Cell size [km], 0.1 to 250 km (:data:`MIN_RES_M`, :data:`MAX_RES_M`); must divide
        25 km into a whole number of cells or be a multiple of it (1, 2, 5, 12.5, 25,
        50 ...), so grids of different resolutions nest.

    Returns
    -------
    GridSpec

    Raises
    ------
    InputError
        If the domain is unknown or the resolution does not nest with 25 km.

    Examples
    --------
    >>> g = grid_spec("greenland", res_km=25)
    >>> g.shape, g.extent_m
    ((116, 68), (-750000.0, -3450000.0, 950000.0, -550000.0))
    """
    if domain not in DOMAINS:
        raise InputError(
            f"--domain {domain!r} is not one of {', '.join(DOMAINS)}",
            field="domain",
            value=domain,
            valid_range=DOMAINS,
        )
    res_m = float(res_km) * 1000.0
    ratio = SNAP_M / res_m if res_m > 0 else 0.0
    if not (
        math.isfinite(res_m)
        and MIN_RES_M <= res_m <= MAX_RES_M
        and (abs(ratio - round(ratio)) < 1e-9 or abs(1 / ratio - round(1 / ratio)) < 1e-9)
    ):
        raise InputError(
            f"--res-km {res_km} must be 0.1 to 250 km and divide 25 km or be a multiple of "
            "it (e.g. 1, 2, 5, 12.5, 25, 50)",
            field="res_km",
            value=res_km,
            valid_range=(MIN_RES_M / 1000.0, MAX_RES_M / 1000.0),
        )
    if domain == "greenland":
        # EPSG:3413 bounds of the Natural Earth 1:10m Greenland outline (pyproj, WGS 84)
        x0, y0, x1, y1 = -633_817.85, -3_346_513.72, 849_071.81, -672_119.03
        xmin, xmax = _snap_out(x0 - MARGIN_M, x1 + MARGIN_M)
        ymin, ymax = _snap_out(y0 - MARGIN_M, y1 + MARGIN_M)
    else:
        xmin, xmax = _snap_out(-_R60_M, _R60_M)
        ymin, ymax = xmin, xmax
    if res_m > SNAP_M:  # coarser than the snap: grow to a whole number of cells
        xmax = xmin + math.ceil((xmax - xmin) / res_m) * res_m
        ymin = ymax - math.ceil((ymax - ymin) / res_m) * res_m
    return GridSpec(domain, res_m, xmin, ymin, xmax, ymax)
