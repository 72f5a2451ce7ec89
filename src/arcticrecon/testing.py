"""The one rule for "running in CI", and skip-or-fail for tests that need a system component.

``make test`` must pass on a bare machine (only Python and make): a test that needs a
system component (Chromium, PostgreSQL, HarfBuzz/Pango for WeasyPrint, poppler) *skips*
there with one line naming the Debian package. Under CI the same test *fails*, so a
missing component can never pass unnoticed (``.ci/run`` installs them).

Every test helper and fixture asks :func:`in_ci` and nothing else (the hypothesis profile
too). Nothing here imports pytest until a test calls :func:`require_component`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["CI_ENV", "in_ci", "require_component", "require_tool"]

#: The environment variable CI services set (GitHub Actions, GitLab CI, Jenkins' plugins,
#: and this project's CI runner all set ``CI=true``).
CI_ENV = "CI"
_TRUE = frozenset({"1", "true", "yes", "on"})


def in_ci(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the tests run under CI: ``$CI`` is ``1``, ``true``, ``yes`` or ``on``.

    Case and surrounding blanks are ignored; unset, empty, ``0`` or ``false`` is not CI.

    Parameters
    ----------
    environ : mapping, optional
        Default :data:`os.environ`.

    Examples
    --------
    >>> in_ci({"CI": "true"}), in_ci({"CI": " 1 "}), in_ci({"CI": "false"}), in_ci({})
    (True, True, False, False)
    """
    env = os.environ if environ is None else environ
    return env.get(CI_ENV, "").strip().lower() in _TRUE


def require_component(available: bool, *, what: str, debian: str, detail: str = "") -> None:
    """Skip the calling test (locally) or fail it (under CI) when a component is missing.

    Parameters
    ----------
    available : bool
        Whether the component was found.
    what : str
        What the test needs, e.g. ``"Chromium"``.
    debian : str
        The Debian package(s) that provide it, e.g. ``"chromium"``.
    detail : str, optional
        Where it was looked for or why it failed (appended to the reason).

    Raises
    ------
    pytest.skip.Exception
        Locally: one line, ``needs <what>: apt-get install <debian>[ (<detail>)]``.
    pytest.fail.Exception
        Under CI (:func:`in_ci`), with the same line.
    """
    if available:
        return
    import pytest

    reason = f"needs {what}: apt-get install {debian}" + (f" ({detail})" if detail else "")
    if in_ci():
        pytest.fail(f"{reason} — missing under CI (.ci/run installs it)", pytrace=False)
    pytest.skip(reason)


def require_tool(name: str, *, debian: str) -> str:
    """The path of command-line tool ``name``, else skip (locally) or fail (under CI).

    Parameters
    ----------
    name : str
        Program looked up on ``PATH``, e.g. ``"pdftotext"``.
    debian : str
        The Debian package that provides it, e.g. ``"poppler-utils"``.

    Returns
    -------
    str
        Absolute path of the program.

    Raises
    ------
    pytest.skip.Exception, pytest.fail.Exception
        As :func:`require_component` when the program is not found.
    """
    import shutil

    path = shutil.which(name)
    require_component(path is not None, what=name, debian=debian, detail="not on PATH")
    assert path is not None  # require_component raised otherwise
    return path
