"""arcticrecon — planning support for the multinational reconnaissance mission in Greenland.

Layers (imports point downwards only)::

    interfaces   cli · web · report
    planning     rank · coverage · logistics · planner
    analysis     light · cold · climate · ice · geo
    model        mission · catalog · survey
    sources      OurAirports CSV, embedded reference data, observation imports
    store        SQLAlchemy + Alembic (beside the model; only interfaces use it)
"""

from arcticrecon.errors import (
    ArcticReconError,
    DataSourceError,
    InfeasibleError,
    InputError,
    NotFoundError,
    OutOfDomainError,
    ReleasabilityError,
    UnitError,
    UnknownSiteError,
)

__all__ = [
    "ArcticReconError",
    "DataSourceError",
    "InfeasibleError",
    "InputError",
    "NotFoundError",
    "OutOfDomainError",
    "ReleasabilityError",
    "UnitError",
    "UnknownSiteError",
    "__version__",
]

__version__ = "0.1.0"
