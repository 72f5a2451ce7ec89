"""The one rule for "in CI" and skip-locally / fail-in-CI for missing system components."""

from __future__ import annotations

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
