"""Readers for external data files (embedded reference tables, AIS decoding).

``read_*`` functions read local files; nothing here touches the network. The OurAirports
reader builds catalogue sites, so it lives with them: :mod:`arcticrecon.catalog.ourairports`.
"""

from arcticrecon.sources.embedded import data_path

__all__ = ["data_path"]
