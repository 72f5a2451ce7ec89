"""Lazy package attributes (PEP 562): a package's public names load on first use.

A package ``__init__`` that re-exports names from heavy submodules (numpy, pydantic, pyproj
...) would make every ``from arcticrecon.pkg.sub import x`` pay for all of them, because
Python runs the package ``__init__`` first. With :func:`attach` the ``__init__`` only
records where each name lives; the submodule is imported when the name is first read::

    from typing import TYPE_CHECKING

    from arcticrecon._lazy import attach

    if TYPE_CHECKING:  # the same names, for type checkers and readers
        from arcticrecon.pkg.sub import thing

    __all__ = ["thing"]
    __getattr__, __dir__ = attach(__name__, {"arcticrecon.pkg.sub": ["thing"]})

``tests/unit/test_lazy_packages.py`` checks that every lazy package's ``TYPE_CHECKING``
imports, its ``__all__`` and its mapping name the same objects, and that each resolves.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["attach"]


def attach(
    package: str, exports: Mapping[str, Iterable[str]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Module ``__getattr__`` and ``__dir__`` for a package whose names load lazily.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    exports : mapping of str to iterable of str
        Absolute submodule name -> the public names it defines.

    Returns
    -------
    getattr, dir : callable
        Assign them to the package's ``__getattr__`` and ``__dir__``. The first read of a
        name imports its submodule and caches the value in the package namespace (later
        reads are plain attribute look-ups).

    Raises
    ------
    AttributeError
        From ``getattr`` for a name that is not exported (as for any module).
    """
    where = {name: module for module, names in exports.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *where})

    return __getattr__, __dir__
