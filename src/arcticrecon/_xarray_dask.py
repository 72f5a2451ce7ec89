"""Let xarray recognise dask arrays without importing ``dask.array`` before one can exist.

xarray asks ``isinstance(data, array_type("dask"))`` for every array it wraps in a
``Variable`` (``xarray.core.variable.as_compatible_data``), and the first such question
imports ``dask.array`` when dask is installed (it is: the maritime engine uses it), with
``dask.array.fft`` -> ``scipy.fftpack``: about 0.4 s of the ``plan`` command, which builds
its datasets from numpy arrays only. No object can be a dask array before ``dask.array``
is imported, so until then the honest answer is the empty tuple of types; afterwards it
is xarray's own answer.

:func:`defer_dask_array_import` puts a stand-in for dask into xarray's cache of duck-array
modules (``xarray.namedarray.pycompat._cached_duck_array_modules``, a private name: when
it is missing or dask is cached already, nothing changes and xarray works as it always
did). The stand-in answers ``type`` with ``()`` while ``dask.array`` is not in
``sys.modules``; any other question, or ``type`` once ``dask.array`` is imported, builds
xarray's real entry (:class:`xarray.namedarray.pycompat.DuckArrayModule`), stores it in
the cache in its place and answers from it. ``tests/unit/test_xarray_dask.py`` checks both
sides in fresh interpreters.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["defer_dask_array_import"]


class _DaskUntilImported:
    """xarray's duck-array entry for dask, built only once ``dask.array`` is imported."""

    def __init__(self, cache: dict[str, Any], factory: Any) -> None:
        self._cache = cache
        self._factory = factory

    def _real(self) -> Any:
        real = self._factory("dask")
        self._cache["dask"] = real
        return real

    @property
    def type(self) -> tuple[type, ...]:
        """The dask array type once ``dask.array`` is imported; ``()`` before."""
        if "dask.array" not in sys.modules:
            return ()
        result: tuple[type, ...] = self._real().type
        return result

    def __getattr__(self, name: str) -> Any:  # module, version, available
        return getattr(self._real(), name)


def defer_dask_array_import() -> bool:
    """Install the stand-in for dask in xarray's duck-array cache (see the module doc).

    Returns
    -------
    bool
        True if installed now; False if xarray has no such cache, or dask is cached
        (already asked for, or installed before), or ``dask.array`` is imported already.
    """
    if "dask.array" in sys.modules:
        return False
    from xarray.namedarray import pycompat

    cache = getattr(pycompat, "_cached_duck_array_modules", None)
    factory = getattr(pycompat, "DuckArrayModule", None)
    if not isinstance(cache, dict) or factory is None or "dask" in cache:
        return False
    cache["dask"] = _DaskUntilImported(cache, factory)
    return True
