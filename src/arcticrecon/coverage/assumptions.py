"""Planning assumptions of the coverage studies: named, documented, overridable per call.

A module of plain numbers (no imports), so that the command line can show them as option
defaults without loading numpy, shapely or the solver.
"""

__all__ = ["COAST_SPACING_KM"]

#: Default spacing of coastline demand points along the outline [km] (EPSG:3413 metres).
COAST_SPACING_KM = 25.0
