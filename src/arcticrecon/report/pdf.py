"""PDF version of the consultation report, rendered from the same HTML by WeasyPrint.

WeasyPrint (https://weasyprint.org, BSD-3) lays out HTML/CSS for print; it needs Pango
from the system (Debian: ``libpango-1.0-0``, ``libpangoft2-1.0-0``; installed by
``.ci/run``). No network access: the HTML is self-contained.
"""

from __future__ import annotations

from pathlib import Path

from arcticrecon.errors import DataSourceError

__all__ = ["write_pdf"]


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
        If WeasyPrint or its system libraries (Pango) are missing.
    """
    try:
        import weasyprint
    except (ImportError, OSError) as err:  # OSError: Pango shared library missing
        raise DataSourceError(
            f"PDF output needs WeasyPrint and Pango ({err}); install libpango-1.0-0 "
            "and libpangoft2-1.0-0, or leave out --pdf"
        ) from None

    from weasyprint.urls import URLFetcher

    # only inline data: URIs may be read — the report never reaches a host or a file
    fetcher = URLFetcher(allowed_protocols={"data"})
    doc = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=str(path.parent))
    doc.write_pdf(str(path))
    return path
