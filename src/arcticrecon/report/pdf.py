"""PDF version of the consultation report, rendered from the same HTML by WeasyPrint.

WeasyPrint (https://weasyprint.org, BSD-3) lays out HTML/CSS for print; it needs Pango
and HarfBuzz from the system (Debian: :data:`PDF_DEBIAN_PACKAGES`; installed by
``.ci/run``). No network access: the HTML is self-contained.

Without HarfBuzz-subset (Debian ``libharfbuzz-subset0``) WeasyPrint 61-70 still writes
PDFs, with whole fonts embedded instead of the glyphs used, and warns at import with a
:class:`DeprecationWarning` ("HarfBuzz-Subset will be required by future versions").
:func:`pdf_support` records that warning as a missing library instead of letting it
escape (under ``-W error`` it would be raised by the import); any other warning WeasyPrint
gives at import is passed on unchanged.
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from arcticrecon.errors import DataSourceError

__all__ = [
    "PDF_DEBIAN_PACKAGES",
    "PdfSupport",
    "pdf_support",
    "pdf_unavailable_reason",
    "write_pdf",
]

log = logging.getLogger(__name__)

#: System libraries WeasyPrint loads (Debian bookworm package names).
PDF_DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"

#: Debian package of HarfBuzz-subset (font subsetting; WeasyPrint works without it).
HARFBUZZ_SUBSET_DEBIAN = "libharfbuzz-subset0"

#: Start of the warning WeasyPrint's ``text/ffi.py`` gives when HarfBuzz-subset is missing.
_SUBSET_WARNING = "HarfBuzz-Subset will be required"


@dataclass(frozen=True)
class PdfSupport:
    """What PDF output can do on this machine.

    Attributes
    ----------
    reason : str or None
        Why WeasyPrint cannot be loaded (``None``: it loads and writes PDFs).
    subset_fonts : bool
        Whether HarfBuzz-subset is there (fonts reduced to the glyphs used).
    missing_debian : str
        Debian packages to install for full support (``""`` when nothing is missing).
    """

    reason: str | None
    subset_fonts: bool
    missing_debian: str

    @property
    def complete(self) -> bool:
        """WeasyPrint loads and every library it uses is present."""
        return self.reason is None and self.subset_fonts


@lru_cache(maxsize=1)
def pdf_support() -> PdfSupport:
    """Load WeasyPrint once and tell what PDF output can do here.

    WeasyPrint opens Pango, HarfBuzz and HarfBuzz-subset when it is imported; a missing
    shared library raises :class:`OSError` (its banner on standard output is swallowed), a
    missing HarfBuzz-subset gives the :class:`DeprecationWarning` described above.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                import weasyprint  # noqa: F401
        except (ImportError, OSError) as err:  # OSError: a shared library is missing
            return PdfSupport(f"{type(err).__name__}: {err}", False, PDF_DEBIAN_PACKAGES)
    subset = True
    for w in caught:
        if issubclass(w.category, DeprecationWarning) and str(w.message).startswith(
            _SUBSET_WARNING
        ):
            subset = False
        else:  # not ours to judge: pass it on as it was given
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)
    return PdfSupport(None, subset, "" if subset else HARFBUZZ_SUBSET_DEBIAN)


def pdf_unavailable_reason() -> str | None:
    """Why PDF output cannot work here, or ``None`` when WeasyPrint loads."""
    return pdf_support().reason


def write_pdf(html: str, path: Path) -> Path:
    """Render self-contained report HTML to a PDF file.

    Parameters
    ----------
    html : str
        The report page (:func:`arcticrecon.report.render_html`).
    path : Path
        Output file.

    Raises
    ------
    DataSourceError
        If WeasyPrint or its system libraries (Pango, HarfBuzz) are missing.
    """
    support = pdf_support()
    if support.reason is not None:
        raise DataSourceError(
            f"PDF output needs WeasyPrint's system libraries ({support.reason}); install "
            f"{PDF_DEBIAN_PACKAGES} (Debian), or leave out --pdf"
        )
    if not support.subset_fonts:
        log.warning(
            "PDF fonts are embedded whole (HarfBuzz-subset is missing): the file is larger; "
            "install %s (Debian) to subset them",
            HARFBUZZ_SUBSET_DEBIAN,
        )
    import weasyprint
    from weasyprint.urls import URLFetcher

    # only inline data: URIs may be read — the report never reaches a host or a file
    fetcher = URLFetcher(allowed_protocols={"data"})
    doc = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=str(path.parent))
    doc.write_pdf(str(path))
    return path
