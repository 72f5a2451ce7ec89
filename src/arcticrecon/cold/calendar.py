"""Cold-risk calendar: wind chill and frostbite bands for many places x months x winds.

No verified wind climatology for Greenland is available offline (see
``arcticrecon/data/README.md``), so the calendar evaluates **design wind scenarios**
(default 10 / 30 / 50 km/h at 10 m, overridable) and says so in its attributes; it never
presents a borrowed wind as a measured fact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from arcticrecon.cold.windchill import (
    FROSTBITE_BANDS,
    RISK_CLASSES,
    cold_injury_risk_class,
    wind_chill,
)

if TYPE_CHECKING:
    import xarray as xr

__all__ = ["DEFAULT_WIND_SCENARIOS_KMH", "cold_risk_table"]

#: Design wind speeds at 10 m for the calendar [km/h]: light, fresh and strong breeze
#: scenarios chosen by arcticrecon (not a climatology).
DEFAULT_WIND_SCENARIOS_KMH: tuple[float, ...] = (10.0, 30.0, 50.0)


def cold_risk_table(
    t2m_degC: xr.DataArray | ArrayLike,
    wind_kmh_scenarios: Sequence[float] = DEFAULT_WIND_SCENARIOS_KMH,
    *,
    exposure_h: float = 4.0,
) -> xr.Dataset:
    """Wind chill, domain mask, frostbite band and risk class per wind scenario.

    Parameters
    ----------
    t2m_degC : xarray.DataArray or array_like, any dims, e.g. (location, month)
        Air temperature. [°C] A plain array gets dims ``dim_0, dim_1, ...``.
    wind_kmh_scenarios : sequence of float, shape (k,)
        Design wind speeds at 10 m. [km/h] Default 10, 30, 50.
    exposure_h : float
        Daily time outdoors used for the risk class. [h] Default 4.

    Returns
    -------
    xarray.Dataset
        Dims of ``t2m_degC`` plus ``wind_kmh`` (the scenario wind speeds, [km/h]). Variables:
        ``t2m_degC`` [°C], ``wind_chill_degC`` [°C] (air temperature where not
        applicable), ``applicable`` (bool), ``frostbite_band`` (int 0-4),
        ``frostbite_label`` (str), ``risk_class`` (int 0-4), ``risk_label`` (str).
        ``attrs["wind_source"]`` states that the winds are design scenarios.

    Raises
    ------
    UnitError
        If a temperature looks like kelvin.
    InputError
        On NaN, a negative wind or exposure outside 0-24 h.

    Examples
    --------
    >>> import xarray as xr
    >>> ds = cold_risk_table(xr.DataArray([[-7.5, -20.0]], dims=("location", "month")))
    >>> ds.wind_chill_degC.sel(wind_kmh=30.0).round(1).values.tolist()
    [[-16.3, -32.6]]
    """
    import xarray as xr

    t = (
        t2m_degC
        if isinstance(t2m_degC, xr.DataArray)
        else xr.DataArray(np.asarray(t2m_degC, dtype=float))
    )
    winds = np.asarray(list(wind_kmh_scenarios), dtype=float)
    w = xr.DataArray(winds, dims=("wind_kmh",), coords={"wind_kmh": winds}, name="wind_kmh")
    tb, wb = xr.broadcast(t.astype(float), w)
    r = wind_chill(tb.values, wb.values)
    risk = cold_injury_risk_class(r.wind_chill_degC, exposure_h)
    band_labels = np.array([b.label for b in FROSTBITE_BANDS], dtype=object)
    risk_labels = np.array(RISK_CLASSES, dtype=object)
    dims, coords = tb.dims, tb.coords
    ds = xr.Dataset(
        {
            "t2m_degC": tb.assign_attrs(units="degC"),
            "wind_chill_degC": xr.DataArray(
                r.wind_chill_degC,
                dims=dims,
                coords=coords,
                attrs={
                    "units": "degC",
                    "long_name": "wind chill index (JAG/TI 2001); air temperature where not applicable",
                },
            ),
            "applicable": xr.DataArray(r.applicable, dims=dims, coords=coords),
            "frostbite_band": xr.DataArray(
                r.frostbite_band, dims=dims, coords=coords, attrs={"units": "1"}
            ),
            "frostbite_label": xr.DataArray(
                band_labels[r.frostbite_band], dims=dims, coords=coords
            ),
            "risk_class": xr.DataArray(risk, dims=dims, coords=coords, attrs={"units": "1"}),
            "risk_label": xr.DataArray(risk_labels[risk], dims=dims, coords=coords),
        }
    )
    ds.attrs.update(
        wind_source=(
            "design wind scenarios at 10 m (km/h: "
            + ", ".join(f"{x:g}" for x in winds)
            + "); no verified wind climatology is available offline"
        ),
        exposure_h=float(exposure_h),
        method="wind chill: JAG/TI 2001 (ECCC/NWS); frostbite bands: Environment Canada",
    )
    return ds
