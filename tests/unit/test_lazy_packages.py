"""Packages whose public names load lazily (arcticrecon._lazy.attach) stay consistent.

For each such ``__init__``: the ``TYPE_CHECKING`` imports (what type checkers and readers
see), ``__all__`` and the mapping given to ``attach`` name the same objects from the same
submodules, and every name resolves to the object its submodule defines.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "arcticrecon"


def _lazy_inits() -> list[Path]:
    return sorted(p for p in SRC.glob("*/__init__.py") if "attach(" in p.read_text("utf-8"))


def _parts(path: Path) -> tuple[dict[str, str], set[str], dict[str, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    typed: dict[str, str] = {}
    exported: set[str] = set()
    mapping: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.module
                typed.update({a.name: imp.module for a in imp.names if a.asname is None})
        elif isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "__all__":
            exported = set(ast.literal_eval(node.value))
        elif isinstance(node, ast.Assign) and "attach(" in ast.unparse(node.value):
            call = node.value
            assert isinstance(call, ast.Call)
            for module, names in ast.literal_eval(call.args[1]).items():
                mapping.update(dict.fromkeys(names, module))
    return typed, exported, mapping


def test_lazy_packages__exist() -> None:
    names = {p.parent.name for p in _lazy_inits()}
    # the packages on the command line's light paths (issue 12)
    assert {"catalog", "cold", "coverage", "geo", "logistics", "mission", "survey"} <= names


@pytest.mark.parametrize("init", _lazy_inits(), ids=lambda p: p.parent.name)
def test_lazy_package__type_checking_all_and_mapping_agree(init: Path) -> None:
    typed, exported, mapping = _parts(init)
    assert typed == mapping
    assert set(mapping) == exported


@pytest.mark.parametrize("init", _lazy_inits(), ids=lambda p: p.parent.name)
def test_lazy_package__every_name_resolves_to_its_submodule_object(init: Path) -> None:
    pkg = importlib.import_module(f"arcticrecon.{init.parent.name}")
    _typed, _exported, mapping = _parts(init)
    for name, module in mapping.items():
        assert getattr(pkg, name) is getattr(importlib.import_module(module), name), name
        assert name in dir(pkg)
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        _ = pkg.no_such_name
