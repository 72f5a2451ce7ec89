"""The one rule for "in CI" and skip-locally / fail-in-CI for missing system components."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from arcticrecon.testing import in_ci, require_component, require_tool


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("yes", True),
        (" on ", True),
        ("", False),
        ("0", False),
        ("false", False),
        ("no", False),
    ],
)
def test_in_ci__values(value: str, expected: bool) -> None:
    assert in_ci({"CI": value}) is expected


def test_in_ci__unset_is_local() -> None:
    assert in_ci({}) is False
    assert in_ci({"GITHUB_ACTIONS": "true"}) is False  # only $CI decides: one rule


def test_require_component__skips_locally_with_the_debian_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as info:
        require_component(False, what="Chromium", debian="chromium", detail="not at /x")
    assert str(info.value) == "needs Chromium: apt-get install chromium (not at /x)"


def test_require_component__fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"apt-get install poppler-utils .*\.ci/run"):
        require_component(False, what="pdfinfo", debian="poppler-utils")


def test_require_component__present_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    require_component(True, what="pdfinfo", debian="poppler-utils")


def test_require_tool__path_or_skip_naming_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert require_tool("sh", debian="dash").endswith("/sh")
    with pytest.raises(pytest.skip.Exception, match=r"needs no-such-tool: apt-get install pkg"):
        require_tool("no-such-tool", debian="pkg")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="missing under CI"):
        require_tool("no-such-tool", debian="pkg")


def test_filterwarnings__our_deprecation_warnings_are_errors() -> None:
    # pyproject's filterwarnings: "error", plus ignores scoped to other libraries' modules;
    # a DeprecationWarning raised in arcticrecon code must fail the test that triggers it
    import warnings

    for module in ("arcticrecon.report.pdf", "arcticrecon.cli.main", "arcticrecon"):
        for message in (
            "old API",
            "datetime.datetime.utcfromtimestamp() is deprecated",
            "HarfBuzz-Subset will be required by future versions of WeasyPrint",
        ):
            with pytest.raises(DeprecationWarning):
                warnings.warn_explicit(message, DeprecationWarning, f"{module}.py", 1, module)


# ``os.environ["CI"]``, ``environ.get('CI')``, ``getenv("CI")``, ``"CI" in os.environ``
_CI_READ = re.compile(
    r"""(environ(\.get)?\s*[\[(]\s*|getenv\(\s*)["']CI["']|["']CI["']\s+(not\s+)?in\s+\w*\.?environ"""
)


def test_in_ci__is_the_only_reader_of_the_ci_variable() -> None:
    # One rule for "running in CI": no module, test, tool or benchmark reads $CI itself
    # (the adversarial suite once had its own rule without "on"). Setting or clearing
    # CI in a test (monkeypatch.setenv/delenv) is fine; reading it is not.
    root = Path(__file__).resolve().parents[2]
    allowed = {root / "src" / "arcticrecon" / "testing.py", Path(__file__).resolve()}
    offenders = []
    for top in ("src", "tests", "tools", "benchmarks"):
        for path in (root / top).rglob("*.py"):
            if path in allowed or ".venv" in path.parts:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if _CI_READ.search(line):
                    offenders.append(f"{path.relative_to(root)}:{n}: {line.strip()}")
    # shell: the CI script and the Makefile may set CI but not branch on it
    for path in (root / ".ci" / "run", root / "Makefile"):
        if path.exists():
            text = path.read_text(encoding="utf-8")
            offenders += [f"{path.name}: {m}" for m in re.findall(r"\$\{?CI\b[^}]*\}?", text)]
    assert offenders == []


def test_in_ci__reader_pattern_catches_the_usual_spellings() -> None:
    for line in (
        'os.environ.get("CI", "")',
        "os.environ['CI']",
        'os.getenv("CI")',
        '"CI" in os.environ',
    ):
        assert _CI_READ.search(line), line
    assert not _CI_READ.search('monkeypatch.setenv("CI", "true")')
    assert not _CI_READ.search('os.environ.get("CIRCLE")')
