"""The package is typed for its users and mypy is strict where the layer list says.

``make test`` runs mypy itself (settings in pyproject.toml, zero errors); these tests keep the
settings honest: the ``py.typed`` marker (PEP 561) ships in the package, and the strict
override covers exactly the analysis and planning layers of tests/unit/test_layers.py.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path

from test_layers import LAYERS

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
STRICT_FLAGS = {
    "disallow_untyped_defs",
    "disallow_incomplete_defs",
    "disallow_untyped_calls",
    "disallow_any_generics",
    "check_untyped_defs",
    "warn_return_any",
    "no_implicit_reexport",
}


def test_py_typed__marker_in_the_package_and_in_its_data() -> None:
    # PEP 561: without the marker mypy ignores our annotations in other projects
    assert (files("arcticrecon") / "py.typed").is_file()
    package_data = PYPROJECT["tool"]["setuptools"]["package-data"]["arcticrecon"]
    assert "py.typed" in package_data


def test_mypy_strict__exactly_the_analysis_and_planning_packages() -> None:
    overrides = PYPROJECT["tool"]["mypy"]["overrides"]
    strict = [o for o in overrides if STRICT_FLAGS <= {k for k, v in o.items() if v is True}]
    assert len(strict) == 1, "one strict override block"
    modules = set(strict[0]["module"])
    want = {n for n, layer in LAYERS.items() if layer in ("analysis", "planning")}
    assert modules == {f"arcticrecon.{n}" for n in want} | {f"arcticrecon.{n}.*" for n in want}


def test_mypy__runs_in_make_test_over_src_tests_and_benchmarks() -> None:
    assert PYPROJECT["tool"]["mypy"]["files"] == ["src", "tests", "benchmarks"]
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ntest:", 1)[1]
    recipe = recipe.split("\n\n", 1)[0]
    assert "$(VENV)/bin/mypy" in recipe
