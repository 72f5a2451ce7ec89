"""PDF version of the consultation report, rendered from the same HTML by WeasyPrint.

WeasyPrint (https://weasyprint.org, BSD-3) lays out HTML/CSS for print; it needs Pango
and HarfBuzz from the system (Debian: :data:`PDF_DEBIAN_PACKAGES`; installed by
``.ci/run``). No network access: the HTML is self-contained.
"""

from __future__ import annotations

import contextlib
import io
from functools import lru_cache
from pathlib import Path

from arcticrecon.errors import DataSourceError

__all__ = ["PDF_DEBIAN_PACKAGES", "pdf_unavailable_reason", "write_pdf"]

#: System libraries WeasyPrint loads (Debian bookworm package names).
PDF_DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


@lru_cache(maxsize=1)
def pdf_unavailable_reason() -> str | None:
    """Why PDF output cannot work here, or ``None`` when WeasyPrint loads.

    WeasyPrint opens Pango, HarfBuzz and HarfBuzz-subset when it is imported; a missing
    shared library raises :class:`OSError` (its banner on standard output is swallowed).
    """
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint  # noqa: F401
    except (ImportError, OSError) as err:  # OSError: a shared library is missing
        return f"{type(err).__name__}: {err}"
    return None


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
    reason = pdf_unavailable_reason()
    if reason is not None:
        raise DataSourceError(
            f"PDF output needs WeasyPrint's system libraries ({reason}); install "
            f"{PDF_DEBIAN_PACKAGES} (Debian), or leave out --pdf"
        )
    import weasyprint
    from weasyprint.urls import URLFetcher

    # only inline data: URIs may be read — the report never reaches a host or a file
    fetcher = URLFetcher(allowed_protocols={"data"})
    doc = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=str(path.parent))
    doc.write_pdf(str(path))
    return path
