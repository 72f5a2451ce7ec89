"""Planning assumptions of the logistics estimates: named, documented, overridable per call.

A module of plain numbers (no imports), so that the command line can show them as option
defaults without loading the geodesic engines.
"""

__all__ = ["BLOCK_ALLOWANCE_S", "VISIT_DURATION_S"]

#: Fixed block-time allowance per leg for taxi, climb, descent and approach [s].
#: Planning assumption (30 min), configurable per call; not a published figure.
BLOCK_ALLOWANCE_S = 1800.0

#: Time on the ground at each visited site [s]. Planning assumption (4 h), configurable.
VISIT_DURATION_S = 4 * 3600.0
