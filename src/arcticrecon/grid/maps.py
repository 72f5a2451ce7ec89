"""Static PNG/SVG maps of grid layers: EPSG:3413, coastline, colour bar with units.

Maps are drawn with matplotlib (Agg) in the grid's own EPSG:3413 coordinates (km), so
the picture is the GeoTIFF's geometry; the coastline is the Natural Earth 1:50m Greenland
outline projected with pyproj (``--domain arctic``: the 0.5 contour of the GLOBE 1-km
land mask, which has every Arctic coast). Layers with a month dim get 12 (or the chosen months)
small multiples with one shared colour bar.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np

from arcticrecon.grid.blocks import VARIABLES

__all__ = ["render_layer_map"]

#: (colour map, vmin, vmax) per layer; None = from the data (2nd-98th percentile).
STYLES: dict[str, tuple[str, float | None, float | None]] = {
    "suitability": ("viridis", 0.0, 1.0),
    "civil_light_h": ("cividis", 0.0, 24.0),
    "civil_light_workday_h": ("cividis", 0.0, None),
    "nautical_light_h": ("cividis", 0.0, 24.0),
    "daylight_h": ("cividis", 0.0, 24.0),
    "polar_night_days": ("Blues", 0.0, 31.0),
    "midnight_sun_days": ("Oranges", 0.0, 31.0),
    "t2m_mean_degC": ("RdBu_r", -40.0, 12.0),
    "wind_chill_degC": ("RdBu_r", -55.0, 10.0),
    "frostbite_band": ("Purples", 0.0, 4.0),
    "satcom_elevation_deg": ("magma", -5.0, 25.0),
    "elevation_m": ("terrain", -3000.0, 3500.0),
    "marine_wind_m_s": ("YlGnBu", 0.0, 14.0),
    "hub_distance_km": ("YlOrRd", 0.0, 2500.0),
    "flight_time_h": ("YlOrRd", 0.0, 12.0),
}
#: Layers whose colour map is centred on 0 (blue below, red above freezing).
CENTRED_AT_ZERO = frozenset({"t2m_mean_degC", "wind_chill_degC"})
#: Colour of cells without a value (unknown input, excluded by a constraint, not
#: applicable such as sea wind over land); named in the map's footnote.
NO_VALUE_COLOUR = "#d0d0d0"
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MAX_PX = 360  # pixels per panel side (the data are block-averaged down to this)


@functools.lru_cache(maxsize=1)
def _coast_km() -> list[tuple[Any, Any]]:
    import json

    import shapely
    from pyproj import Transformer

    from arcticrecon.geo.land import _data_file

    doc = json.loads(_data_file("greenland_outline_ne_50m.geojson").read_text(encoding="utf-8"))
    feats = doc["features"] if doc.get("type") == "FeatureCollection" else [doc]
    geom = shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in feats])
    tr = Transformer.from_crs("EPSG:4326", "EPSG:3413", always_xy=True)
    rings = []
    polys = getattr(geom, "geoms", [geom])
    for p in polys:
        lon, lat = np.asarray(p.exterior.coords).T
        x, y = tr.transform(lon, lat)
        rings.append((np.asarray(x) / 1e3, np.asarray(y) / 1e3))
    return rings


@functools.lru_cache(maxsize=1)
def _coast_segments() -> list[np.ndarray]:
    """The coastline rings of :func:`_coast_km` as (n, 2) vertex arrays (a LineCollection)."""
    return [np.column_stack([cx, cy]) for cx, cy in _coast_km()]


def _pixel_centres(
    extent: tuple[float, float, float, float], shape: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Pixel centres (x west to east, y north to south) of a raster drawn over ``extent``.

    ``shape`` is (rows, columns); ``extent`` (left, right, bottom, top) [km], as
    ``imshow`` places the raster.
    """
    ny, nx = shape
    cx = np.linspace(extent[0], extent[1], nx + 1)
    cy = np.linspace(extent[3], extent[2], ny + 1)
    return (cx[:-1] + cx[1:]) / 2, (cy[:-1] + cy[1:]) / 2


def _mask_coast(extent: tuple[float, float, float, float], shape: tuple[int, int]) -> Any:
    """Land (1) / sea (0) at the centres of a ``shape`` raster over ``extent`` [km].

    For maps beyond Greenland (``--domain arctic``), where the shipped Natural Earth
    outline has no other coast: the GLOBE 1-km land mask (NOAA NGDC, via the
    ``global-land-mask`` package), contoured at 0.5 by the caller.
    """
    from global_land_mask import globe
    from pyproj import Transformer

    xc, yc = _pixel_centres(extent, shape)
    gx, gy = np.meshgrid(xc * 1e3, yc * 1e3)
    tr = Transformer.from_crs("EPSG:3413", "EPSG:4326", always_xy=True)
    lon, lat = tr.transform(gx, gy)
    land = globe.is_land(np.clip(lat, -90.0, 90.0), ((lon + 180.0) % 360.0) - 180.0)
    return xc, yc, land.astype(float)


def _coarsen(a: np.ndarray) -> np.ndarray:
    """Block mean of ``a`` (NaN ignored) so that the longest side is <= :data:`_MAX_PX`."""
    f = int(np.ceil(max(a.shape) / _MAX_PX))
    if f <= 1:
        return a
    ny, nx = (a.shape[0] // f) * f, (a.shape[1] // f) * f
    b = a[:ny, :nx].reshape(ny // f, f, nx // f, f)
    ok = np.isfinite(b)
    total = np.where(ok, b, 0.0).sum(axis=(1, 3), dtype=np.float64)
    n = ok.sum(axis=(1, 3))
    result: np.ndarray = np.where(n > 0, total / np.maximum(n, 1), np.nan)
    return result


def render_layer_map(
    ds: Any,
    name: str,
    sel: dict[str, Any],
    path: Path,
    *,
    months: tuple[int, ...] = tuple(range(1, 13)),
    title: str | None = None,
) -> Path:
    """Draw one layer (all chosen months as small multiples) to a PNG or SVG file.

    Parameters
    ----------
    ds : xarray.Dataset
        An opened grid (:func:`arcticrecon.grid.output.open_grid`).
    name : str
        Variable name (:data:`arcticrecon.grid.blocks.VARIABLES`).
    sel : dict
        Selection of the other leading dims (``{"exercise": key}``).
    path : Path
        Output file; ``.svg`` for a vector frame (the raster stays embedded).
    months : tuple of int
        Months to draw when the layer has a month dim.
    title : str, optional
        Shown before the layer's long name (e.g. the exercise); default the long name
        alone.

    Returns
    -------
    Path

    Notes
    -----
    Temperatures and wind chill use a colour map centred on 0 °C
    (:data:`CENTRED_AT_ZERO`); cells without a value are grey (:data:`NO_VALUE_COLOUR`,
    named in the footnote); the satcom map draws the minimum-elevation and horizon lines
    and names the satellite's longitude.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    da = ds[name].sel(sel)
    units = VARIABLES[name][1]
    cmap, vmin, vmax = STYLES.get(name, ("viridis", None, None))
    panels: list[tuple[str, np.ndarray]] = []
    if "month" in da.dims:
        for m in months:
            panels.append((_MONTHS[m - 1], _coarsen(np.asarray(da.sel(month=m).values))))
    else:
        panels.append(("", _coarsen(np.asarray(da.values))))
    allv = np.concatenate([p[1].ravel() for p in panels])
    finite = allv[np.isfinite(allv)]
    if vmin is None:
        vmin = float(np.percentile(finite, 2)) if finite.size else 0.0
    if vmax is None:
        vmax = float(np.percentile(finite, 98)) if finite.size else 1.0
    from matplotlib.colors import Normalize, TwoSlopeNorm

    norm: Normalize = (
        TwoSlopeNorm(vcenter=0.0, vmin=vmin, vmax=vmax)
        if name in CENTRED_AT_ZERO and vmin < 0.0 < vmax
        else Normalize(vmin=vmin, vmax=vmax)
    )
    cmap_obj = plt.get_cmap(cmap).with_extremes(bad=NO_VALUE_COLOUR)
    has_gaps = bool(finite.size < allv.size)
    sat_lines = name == "satcom_elevation_deg"
    import json

    domain = json.loads(ds.attrs["grid"]).get("domain", "") if "grid" in ds.attrs else ""
    # the Natural Earth outline is Greenland's only; other domains contour a land mask
    coast_from_mask = domain == "arctic"
    min_el = float(ds.attrs.get("min_elevation_deg", 5.0))
    x, y = ds["x"].values / 1e3, ds["y"].values / 1e3
    res = abs(float(x[1] - x[0])) if x.size > 1 else 1.0
    extent = (x[0] - res / 2, x[-1] + res / 2, y[-1] - res / 2, y[0] + res / 2)
    n = len(panels)
    ncol = min(n, 6)
    nrow = int(np.ceil(n / ncol))
    aspect = (extent[3] - extent[2]) / (extent[1] - extent[0])
    fig, axes = plt.subplots(
        nrow, ncol, figsize=(2.1 * ncol + 1.0, 2.1 * aspect * nrow + 0.9), squeeze=False
    )
    im = None
    coast = None
    for ax, (label, arr) in zip(axes.ravel(), panels, strict=False):
        im = ax.imshow(
            np.ma.masked_invalid(arr),
            extent=extent,
            origin="upper",
            cmap=cmap_obj,
            norm=norm,
            interpolation="nearest",
        )
        if sat_lines and np.isfinite(arr).any() and min(arr.shape) > 1:
            # the planning thresholds as lines: the minimum operational elevation and
            # the horizon (GEO satcom lost beyond it, north of ~81 N)
            cs = ax.contour(
                *_pixel_centres(extent, arr.shape),
                arr,
                levels=sorted({0.0, min_el}),
                colors=["white", "cyan"] if min_el > 0 else ["white"],
                linewidths=0.9,
            )
            ax.clabel(cs, fmt=lambda v: f"{v:g}°", fontsize=6)
        if coast_from_mask:
            if coast is None:
                coast = _mask_coast(extent, arr.shape)
            ax.contour(*coast, levels=[0.5], colors="black", linewidths=0.4)
        else:
            # one collection of all the outline's rings (a Line2D per ring cost ~180
            # artists per panel to build and draw; the same lines)
            ax.add_collection(
                LineCollection(_coast_segments(), colors="black", linewidths=0.4),
                autolim=False,
            )
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
        ax.set_xticks([])
        ax.set_yticks([])
        if label:
            ax.set_title(label, fontsize=9)
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    long_name = VARIABLES[name][2]
    if sat_lines:
        sat_lon = float(ds.attrs.get("sat_lon_deg", -30.0))
        long_name += (
            f" at {abs(sat_lon):g}°{'W' if sat_lon < 0 else 'E'}; lines {min_el:g}° "
            "(minimum) and 0° (horizon)"
        )
    fig.suptitle(f"{title}: {long_name}" if title else long_name, fontsize=10)
    if im is not None:
        cb = fig.colorbar(im, ax=axes.ravel().tolist(), shrink=0.8, pad=0.02)
        cb.set_label(f"{name} [{units}]")
    fig.text(
        0.01,
        0.005,
        "EPSG:3413 (NSIDC Polar Stereographic North); coastline "
        + ("GLOBE 1-km land mask (NOAA)" if coast_from_mask else "Natural Earth 1:50m")
        + ("; grey: no value (unknown, excluded or not applicable)" if has_gaps else ""),
        fontsize=6,
    )
    _fit_texts(fig)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _fit_texts(fig: Any, margin_in: float = 0.15) -> None:
    """Widen the figure until its title and footnote fit (a one-panel map is narrow).

    The title is centred and the footnote starts at 1 % of the width, so a figure at
    least as wide as each text plus margins holds both; the panels keep their aspect.
    """
    renderer = fig.canvas.get_renderer()
    need = fig.get_figwidth()
    for t in fig.texts:
        w_in = t.get_window_extent(renderer).width / fig.dpi
        x0 = t.get_position()[0]
        need = max(
            need, (w_in + 2 * margin_in) if t.get_ha() == "center" else w_in / (1 - x0) + margin_in
        )
    if need > fig.get_figwidth():
        fig.set_figwidth(need)


#: Longest side of a map-overlay image [px] (the grid is block-averaged down to it).
OVERLAY_MAX_PX = 1024


def layer_style(name: str, values: np.ndarray) -> tuple[str, float, float]:
    """(colour map, vmin, vmax) of a layer; open ends from the 2nd/98th percentile."""
    cmap, vmin, vmax = STYLES.get(name, ("viridis", None, None))
    finite = values[np.isfinite(values)]
    lo = vmin if vmin is not None else (float(np.percentile(finite, 2)) if finite.size else 0.0)
    hi = vmax if vmax is not None else (float(np.percentile(finite, 98)) if finite.size else 1.0)
    if hi <= lo:
        hi = lo + 1.0
    return cmap, float(lo), float(hi)


def overlay_png(
    ds: Any, name: str, sel: dict[str, Any], *, max_px: int = OVERLAY_MAX_PX
) -> tuple[bytes, dict[str, Any]]:
    """One 2-D slice of a grid layer as a north-up RGBA PNG for a web map, and its legend.

    The image covers the grid's EPSG:3413 box exactly (``extent_3413_m``), one pixel per
    block of cells (block mean, cells averaged down so the longest side is at most
    ``max_px``); unknown (NaN) cells are transparent.

    Parameters
    ----------
    ds : xarray.Dataset
        An opened grid (:func:`arcticrecon.grid.output.open_grid`).
    name : str
        Variable (:data:`arcticrecon.grid.blocks.VARIABLES`).
    sel : dict
        One value for each leading dim (``{"month": 1, "exercise": key}``).
    max_px : int

    Returns
    -------
    png : bytes
    legend : dict
        ``title``, ``units``, ``vmin``, ``vmax``, ``cmap``, ``stops`` ([value, "#rrggbb"]
        x 6), ``source`` (the layer's source and caveat).
    """
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import colormaps
    from matplotlib.colors import to_hex
    from PIL import Image

    da = ds[name].sel(sel)
    arr = np.asarray(da.values, float)
    f = int(np.ceil(max(arr.shape) / max_px))
    if f > 1:  # pad to a whole number of blocks with NaN, then block-mean
        ny, nx = -(-arr.shape[0] // f) * f, -(-arr.shape[1] // f) * f
        pad = np.full((ny, nx), np.nan)
        pad[: arr.shape[0], : arr.shape[1]] = arr
        with np.errstate(invalid="ignore"), __import__("warnings").catch_warnings():
            __import__("warnings").simplefilter("ignore", RuntimeWarning)
            arr = np.nanmean(pad.reshape(ny // f, f, nx // f, f), axis=(1, 3))
    cmap_name, vmin, vmax = layer_style(name, arr)
    cmap = colormaps[cmap_name]
    rgba = cmap(np.clip((arr - vmin) / (vmax - vmin), 0.0, 1.0), bytes=True)
    rgba[~np.isfinite(arr)] = (0, 0, 0, 0)
    buf = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buf, format="PNG", optimize=True)
    _, units, long_name, source = VARIABLES[name]
    stops = [[float(vmin + t * (vmax - vmin)), to_hex(cmap(t))] for t in np.linspace(0.0, 1.0, 6)]
    legend = {
        "title": long_name,
        "units": units,
        "vmin": vmin,
        "vmax": vmax,
        "cmap": cmap_name,
        "stops": stops,
        "source": source,
    }
    return buf.getvalue(), legend
