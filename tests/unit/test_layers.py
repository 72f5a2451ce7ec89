"""The layer list of /work/COORD.md, enforced: imports point downwards only, no import cycle.

Every import statement of ``src/arcticrecon`` counts (module level, inside functions and
under ``TYPE_CHECKING``). A new top-level package must be added to :data:`LAYERS`.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "arcticrecon"

#: Layer of every top-level module or package of ``arcticrecon`` (bottom to top).
LAYERS: dict[str, str] = {
    # base
    "__init__": "base",
    "errors": "base",
    "units": "base",
    "tz": "base",
    "paths": "base",
    "files": "base",
    "_lazy": "base",
    "_xarray_dask": "base",
    "testing": "base",
    "data": "base",
    # sources: raw external data (embedded files, AIS decoding)
    "sources": "sources",
    # model
    "mission": "model",
    "catalog": "model",
    "survey": "model",
    # store: beside the model (only interfaces use it)
    "store": "store",
    # analysis
    "light": "analysis",
    "cold": "analysis",
    "climate": "analysis",
    "ice": "analysis",
    "geo": "analysis",
    "maritime": "analysis",
    # planning
    "rank": "planning",
    "coverage": "planning",
    "logistics": "planning",
    "planner": "planning",
    "grid": "planning",
    "zones": "planning",
    # interfaces
    "report": "interfaces",
    "export": "interfaces",
    "web": "interfaces",
    "cli": "interfaces",
    "__main__": "interfaces",
}

#: Layers each layer may import from (itself included).
ALLOWED: dict[str, set[str]] = {
    "base": {"base"},
    "sources": {"base", "sources"},
    "model": {"base", "sources", "model"},
    "store": {"base", "sources", "model", "store"},
    "analysis": {"base", "sources", "model", "analysis"},
    "planning": {"base", "sources", "model", "analysis", "planning"},
    "interfaces": {"base", "sources", "model", "store", "analysis", "planning", "interfaces"},
}

#: Known violations being removed by their owners: (importing module, imported package)
#: -> who fixes it. The test fails when one is gone, so the entry is deleted with the fix.
KNOWN: dict[tuple[str, str], str] = {}


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, module: str) -> list[tuple[str, int]]:
    """Absolute ``arcticrecon...`` names imported by one file, with line numbers."""
    out = []
    is_pkg = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_pkg else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join([*base, *([node.module] if node.module else [])])
            else:
                mod = node.module or ""
            out.append((mod, node.lineno))
            # ``from pkg import submodule`` imports the submodule too
            out += [(f"{mod}.{a.name}", node.lineno) for a in node.names]
    return [(m, n) for m, n in out if m == "arcticrecon" or m.startswith("arcticrecon.")]


def _sources() -> dict[str, Path]:
    return {_module_name(p): p for p in SRC.rglob("*.py")}


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_package_has_a_layer() -> None:
    tops = {p.stem if p.is_file() else p.name for p in SRC.iterdir()}
    tops = {t for t in tops if not t.startswith((".", "_")) or t in ("__init__", "__main__")}
    tops -= {"py", "__pycache__"}
    tops = {t for t in tops if (SRC / t).is_dir() or (SRC / f"{t}.py").exists()}
    missing = sorted(t for t in tops if t not in LAYERS)
    assert missing == [], f"add {missing} to LAYERS in tests/unit/test_layers.py (COORD.md)"


def test_imports_point_downwards_only() -> None:
    bad, used = [], set()
    for module, path in _sources().items():
        layer = LAYERS[_top(module)]
        for target, line in _imports(path, module):
            dst = _top(target)
            if dst not in LAYERS or dst == _top(module):
                continue
            if LAYERS[dst] in ALLOWED[layer]:
                continue
            if (module, dst) in KNOWN:
                used.add((module, dst))
                continue
            rel = path.relative_to(SRC.parent)
            bad.append(f"{rel}:{line}: {layer} {module} imports {LAYERS[dst]} {target}")
    assert sorted(set(bad)) == []
    stale = sorted(set(KNOWN) - used)
    assert stale == [], f"fixed, delete from KNOWN: {stale}"


def test_no_import_cycle_between_modules() -> None:
    sources = _sources()
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in sources.items():
        for target, _line in _imports(path, module):
            # ``from arcticrecon.x import name``: the module if it is one, else the package
            t = target
            while t not in sources and "." in t:
                t = t.rsplit(".", 1)[0]
            if t in sources and t != module:
                graph[module].add(t)
    # Tarjan's strongly connected components
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    import sys

    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))
    for v in sorted(sources):
        if v not in index:
            visit(v)
    assert cycles == []
