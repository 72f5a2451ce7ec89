"""tools/mutation.py: the re-check merge and the source hash (no mutmut run needed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOL = Path(__file__).resolve().parents[2] / "tools" / "mutation.py"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutation_tool", TOOL)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["mutation_tool"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def _full() -> dict:
    # a full run: 10 mutants, 6 killed, m7 listed equivalent, m8 m9 m10 not killed
    return {
        "group": "g",
        "mutants": 10,
        "killed": 6,
        "equivalent": ["m7"],
        "not_killed": {"m8": "survived", "m9": "no tests", "m10": "survived"},
        "score": 6 / 9,
        "only": [],
    }


def test_merge_recheck__counts_and_basis(tool: ModuleType) -> None:
    # re-check: m8 now killed, m9 timed out (counts as killed), m10 survives but is now
    # listed equivalent -> killed 6 + 2 = 8 of 10 - 2 equivalents = 8/8
    row = tool.merge_recheck(
        _full(),
        {"m8": "killed", "m9": "timeout", "m10": "survived"},
        {"m7": "reason", "m10": "reason"},
        commit="bbb",
        full_commit="aaa",
    )
    assert (row["mutants"], row["killed"], row["equivalent"]) == (10, 8, ["m10", "m7"])
    assert row["not_killed"] == {} and row["score"] == 1.0
    assert row["basis"] == "full run at aaa + re-check of 3 survivors at bbb"
    assert row["recheck"][0]["newly_killed"] == 2 and row["recheck"][0]["killed_before"] == 6


def test_merge_recheck__survivor_stays_and_chains(tool: ModuleType) -> None:
    # m8 killed, m9 m10 survive: 7 killed of 10 - 1 = 9; a second re-check of the
    # remaining two appends to the basis
    first = tool.merge_recheck(
        _full(),
        {"m8": "killed", "m9": "survived", "m10": "no tests"},
        {"m7": "r"},
        commit="bbb",
        full_commit="aaa",
    )
    assert first["killed"] == 7 and first["score"] == pytest.approx(7 / 9)
    assert first["not_killed"] == {"m10": "no tests", "m9": "survived"}
    second = tool.merge_recheck(
        first, {"m9": "killed", "m10": "survived"}, {"m7": "r"}, commit="ccc", full_commit="x"
    )
    assert second["killed"] == 8 and second["not_killed"] == {"m10": "survived"}
    assert second["basis"] == (
        "full run at aaa + re-check of 3 survivors at bbb + re-check of 2 survivors at ccc"
    )
    assert len(second["recheck"]) == 2


def test_merge_recheck__refuses_a_partial_or_foreign_recheck(tool: ModuleType) -> None:
    with pytest.raises(ValueError, match="missing"):
        tool.merge_recheck(_full(), {"m8": "killed"}, {}, commit="b", full_commit="a")
    with pytest.raises(ValueError, match="not survivors"):
        tool.merge_recheck(
            _full(),
            {"m8": "killed", "m9": "killed", "m10": "killed", "m1": "killed"},
            {},
            commit="b",
            full_commit="a",
        )


def test_source_hash__changes_with_content_and_path_only(tool: ModuleType, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        (root / "src" / "pkg").mkdir(parents=True)
        (root / "src" / "pkg" / "x.py").write_text("x = 1\n")
        (root / "src" / "pkg" / "y.py").write_text("y = 2\n")
        (root / "tests").mkdir()
    (b / "tests" / "t.py").write_text("changed tests do not count\n")
    glob = ("src/pkg/*.py",)
    assert tool.source_hash(a, glob) == tool.source_hash(b, glob)
    (b / "src" / "pkg" / "y.py").write_text("y = 3\n")
    assert tool.source_hash(a, glob) != tool.source_hash(b, glob)
    (b / "src" / "pkg" / "y.py").write_text("y = 2\n")
    (b / "src" / "pkg" / "y.py").rename(b / "src" / "pkg" / "z.py")
    assert tool.source_hash(a, glob) != tool.source_hash(b, glob)
    with pytest.raises(SystemExit):
        tool.source_hash(a, ("src/none/*.py",))


pytest_plugins = ["pytester"]


def test_attribution_hook__module_fixture_reaches_every_test_using_it(
    tool: ModuleType, pytester: pytest.Pytester
) -> None:
    # a stats run as mutmut's StatsCollector records it: functions hit during a test go to
    # that test; the hook adds what a module fixture's setup ran to every test using it
    pytest.importorskip("mutmut")
    from mutmut.state import state

    pytester.makeconftest(tool.ATTRIBUTION_HOOK)
    pytester.makepyfile(
        test_a="""
        import pytest
        from mutmut.state import state

        @pytest.fixture(scope="module")
        def big():
            state()._stats.add("mod.x_f")
            return 1

        def test_one(big):
            assert big

        def test_two(big):
            assert big

        def test_three():
            state()._stats.add("mod.x_g")
        """
    )

    class StatsCollector:
        def pytest_runtest_logstart(self, nodeid: str, location: object) -> None:
            state().duration_by_test[nodeid] = 0

        def pytest_runtest_teardown(self, item: pytest.Item, nextitem: object) -> None:
            for function in state()._stats:
                state().tests_by_mangled_function_name[function].add(item.nodeid)
            state()._stats.clear()

    state().tests_by_mangled_function_name.clear()
    state().duration_by_test.clear()
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", plugins=[StatsCollector()])
    result.assert_outcomes(passed=3)
    got = {k: sorted(v) for k, v in state().tests_by_mangled_function_name.items()}
    assert got == {
        "mod.x_f": ["test_a.py::test_one", "test_a.py::test_two"],
        "mod.x_g": ["test_a.py::test_three"],
    }
    assert state().duration_by_test["test_a.py::test_one"] > 0.0  # its setup counted
    state().tests_by_mangled_function_name.clear()
    state().duration_by_test.clear()
