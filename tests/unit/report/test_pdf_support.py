"""What PDF output can do: WeasyPrint's libraries found, missing, or only HarfBuzz-subset.

WeasyPrint 70 warns at import without HarfBuzz-subset (text/ffi.py: "HarfBuzz-Subset will
be required by future versions of WeasyPrint", DeprecationWarning); under pytest's
``-W error`` that warning used to escape the import as an exception. These tests stand in
a one-line ``weasyprint`` package for each case.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from arcticrecon.report.pdf import PDF_DEBIAN_PACKAGES, PdfSupport, pdf_support

SUBSET_WARNING = (
    "HarfBuzz-Subset will be required by future versions of WeasyPrint. Please install "
    "this library with your package manager."
)


@pytest.fixture()
def fake_weasyprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[str], None]]:
    """``install(code)``: the next ``import weasyprint`` runs ``code`` instead."""
    real = sys.modules.pop("weasyprint", None)
    pdf_support.cache_clear()

    def install(code: str) -> None:
        pkg = tmp_path / "weasyprint"
        pkg.mkdir()
        (pkg / "__init__.py").write_text(code, encoding="utf-8")
        monkeypatch.syspath_prepend(str(tmp_path))

    yield install
    sys.modules.pop("weasyprint", None)
    if real is not None:
        sys.modules["weasyprint"] = real
    pdf_support.cache_clear()


def test_pdf_support__no_harfbuzz_subset__degraded_naming_its_package(
    fake_weasyprint: Callable[[str], None],
) -> None:
    fake_weasyprint(f"import warnings\nwarnings.warn({SUBSET_WARNING!r}, DeprecationWarning)\n")
    s = pdf_support()
    assert s == PdfSupport(reason=None, subset_fonts=False, missing_debian="libharfbuzz-subset0")
    assert not s.complete


def test_pdf_support__no_pango__unavailable_naming_all_packages(
    fake_weasyprint: Callable[[str], None],
) -> None:
    fake_weasyprint("raise OSError(\"cannot load library 'libpango-1.0-0'\")\n")
    s = pdf_support()
    assert s.reason == "OSError: cannot load library 'libpango-1.0-0'"
    assert s.missing_debian == PDF_DEBIAN_PACKAGES and not s.complete


def test_pdf_support__any_other_import_warning_is_passed_on(
    fake_weasyprint: Callable[[str], None],
) -> None:
    fake_weasyprint("import warnings\nwarnings.warn('some other API is old', DeprecationWarning)\n")
    with pytest.raises(DeprecationWarning, match="some other API is old"):
        pdf_support()


def test_pdf_support__all_libraries__complete(fake_weasyprint: Callable[[str], None]) -> None:
    fake_weasyprint("print('WeasyPrint banner on stdout')\n")
    assert pdf_support() == PdfSupport(reason=None, subset_fonts=True, missing_debian="")
