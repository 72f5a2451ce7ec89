"""The JPL DE421 ephemeris and skyfield time scale, loaded offline from ``skyfield-data``.

Nothing is downloaded: DE421 (valid 1899-07-29 to 2053-10-09) ships inside the
``skyfield-data`` package and the time scale uses skyfield's built-in UT1/leap-second
tables (``load.timescale(builtin=True)``).

References
----------
.. [1] W. M. Folkner, J. G. Williams, D. H. Boggs, "The Planetary and Lunar Ephemeris
   DE 421," JPL IOM 343R-08-003, 2008.
.. [2] B. Rhodes, "Skyfield: High precision research-grade positions for planets and
   Earth satellites generator," Astrophysics Source Code Library, ascl:1907.024, 2019.
"""

from __future__ import annotations

import atexit
import functools
import os
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from arcticrecon.errors import DataSourceError, InputError

__all__ = ["DE421_RANGE_UD", "Ephemeris", "get_ephemeris", "ud_to_time"]

#: Days since 1970-01-01 UTC covered by DE421 (1900-01-01 .. 2052-12-31, inside its span).
DE421_RANGE_UD = (-25567.0, 30681.0)


@dataclass(frozen=True)
class Ephemeris:
    """Loaded skyfield objects: time scale, DE421 kernel and its Earth, Sun and Moon."""

    ts: Any
    eph: Any
    earth: Any
    sun: Any
    moon: Any


@functools.lru_cache(maxsize=1)
def get_ephemeris() -> Ephemeris:
    """Load DE421 from the ``skyfield-data`` package (cached; never downloads).

    Returns
    -------
    Ephemeris

    Raises
    ------
    DataSourceError
        If ``skyfield-data`` or its ``de421.bsp`` is missing.
    """
    try:
        import skyfield_data
        from skyfield.api import Loader

        with warnings.catch_warnings():
            # skyfield-data warns that its bundled finals2000A.all (Earth orientation) has
            # expired; we do not use that file (built-in time scale), only de421.bsp.
            warnings.filterwarnings("ignore", message=".*has expired.*", category=RuntimeWarning)
            path = skyfield_data.get_skyfield_data_path()
        if not os.path.exists(os.path.join(path, "de421.bsp")):
            raise FileNotFoundError(os.path.join(path, "de421.bsp"))
        load = Loader(path, verbose=False)
        ts = load.timescale(builtin=True)
        eph = load("de421.bsp")
    except (ImportError, OSError) as err:
        raise DataSourceError(
            f"the DE421 ephemeris from the skyfield-data package is unavailable ({err}); "
            "reinstall arcticrecon's dependencies (pip install skyfield-data)"
        ) from None
    atexit.register(eph.close)  # skyfield keeps the kernel file open
    return Ephemeris(ts=ts, eph=eph, earth=eph["earth"], sun=eph["sun"], moon=eph["moon"])


def ud_to_time(ud: np.ndarray | float) -> Any:
    """Skyfield ``Time`` for UTC days since 1970-01-01 (the engines' internal time axis).

    Parameters
    ----------
    ud : float or ndarray
        UTC days since 1970-01-01T00:00Z. [d]

    Raises
    ------
    InputError
        If any time is outside the DE421 span used here (1900-2052).
    """
    arr = np.asarray(ud, dtype=float)
    if arr.size and (arr.min() < DE421_RANGE_UD[0] or arr.max() > DE421_RANGE_UD[1]):
        raise InputError(
            "dates outside 1900-01-01..2052-12-31 are beyond the DE421 ephemeris; "
            "choose dates inside that range",
            field="start/end",
            valid_range=("1900-01-01", "2052-12-31"),
        )
    ts = get_ephemeris().ts
    whole = np.floor(arr)
    return ts.utc(1970, 1, 1 + whole, 0, 0, (arr - whole) * 86400.0)
