"""Derive ``arcticrecon/data/landmask_greenland_globe_1km.npz`` from global-land-mask.

global-land-mask (PyPI, MIT) samples NOAA's GLOBE 1-km DEM (public domain) into a land/sea
mask of shape (21600, 43200) whose import decompresses about 1 GB. arcticrecon only needs
57-85 N, 77-8 W, so this script cuts that window once (same resolution, same values) and
stores it bit-packed. Run: ``python tools/make_greenland_landmask.py``.
"""

from pathlib import Path

import numpy as np
from global_land_mask import globe

LAT = (57.0, 85.0)
LON = (-77.0, -8.0)

mask, lat, lon = globe._mask, globe._lat, globe._lon
ilat = np.flatnonzero((lat >= LAT[0]) & (lat <= LAT[1]))
ilon = np.flatnonzero((lon >= LON[0]) & (lon <= LON[1]))
sub = mask[ilat[0] : ilat[-1] + 1, ilon[0] : ilon[-1] + 1]
out = Path(__file__).resolve().parents[1] / "src/arcticrecon/data/landmask_greenland_globe_1km.npz"
np.savez_compressed(
    out,
    ocean_bits=np.packbits(sub, axis=None),
    shape=np.array(sub.shape),
    lat=lat[ilat[0] : ilat[-1] + 1],
    lon=lon[ilon[0] : ilon[-1] + 1],
    # globe's own index rule: int((x - x0) / (x1 - x0)) on the global axes, minus the offset
    global_lat01=lat[:2],
    global_lon01=lon[:2],
    offset=np.array([ilat[0], ilon[0]]),
)
print(out, sub.shape, out.stat().st_size)
