"""The maritime picture from AIS: store, cleaning, tracks, GFW events, zones.

Modules: :mod:`.store` (Parquet by day + DuckDB), :mod:`.clean`, :mod:`.events` and
:mod:`.encounters` (Global Fishing Watch definitions, thresholds in :mod:`.params`),
:mod:`.shore` (distance to shore, approximate 12/200 NM zones, ports), :mod:`.flags`
(MMSI -> flag state from the ITU MID table), :mod:`.tracks` (lines for maps),
:mod:`.engine` (one call for a window), :mod:`.dask_engine` (the same on Dask),
:mod:`.synthetic` (the SYNTHETIC demo recording).

Heavy libraries (pyarrow, duckdb, dask) are imported inside the functions that use them.
"""

from arcticrecon.maritime.params import GFW_CITATION, EventParams

__all__ = ["GFW_CITATION", "EventParams"]
