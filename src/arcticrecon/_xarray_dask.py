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

It also answers xarray's ``is_dask_collection`` (``xarray.namedarray.utils``, asked by
``is_duck_dask_array`` whenever xarray converts an index, e.g. building a Dataset) for
objects that lack a callable ``__dask_graph__`` - numpy arrays and pandas indexes - with
False, which is the first thing ``dask.base.is_dask_collection`` itself checks; anything
else goes to xarray's function, which imports ``dask.base`` (with ``dask.config``, yaml,
psutil: about 0.2 s CPU of ``plan``) only then.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["defer_dask_array_import"]


def _collection_check(real: Any) -> Any:
    """Wrap xarray's ``is_dask_collection``: no dask import for plain objects."""

    def is_dask_collection(x: object) -> bool:
        # dask.base.is_dask_collection begins with exactly this test and answers False
        if isinstance(x, type) or not callable(getattr(x, "__dask_graph__", None)):
            return False
        return bool(real(x))

    is_dask_collection.__wrapped__ = real  # type: ignore[attr-defined]
    return is_dask_collection


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
    from xarray.namedarray import utils

    real = getattr(utils, "is_dask_collection", None)
    if callable(real) and not hasattr(real, "__wrapped__"):
        utils.is_dask_collection = _collection_check(real)
    return True
