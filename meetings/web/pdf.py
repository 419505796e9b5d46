"""HTML to PDF with WeasyPrint: the briefing on paper (docs/operations.md says what it needs
from the system: Pango, and the IPA fonts for Japanese).

The document is rendered from text alone: its stylesheet is read from ``static/`` here, and
nothing the HTML names (an image, a stylesheet, a font) is ever fetched, so a title or a note
cannot make the server open a URL or read a file.
"""

from functools import cache
from typing import Any

from django.contrib.staticfiles import finders

STYLESHEET = "css/briefing-pdf.css"

# WeasyPrint is imported when a PDF is asked for, not when the pages load: it opens Pango as
# it is imported, and a server without Pango should lose the PDF only, not every page.


@cache
def _stylesheet() -> Any:
    from weasyprint import CSS

    path = finders.find(STYLESHEET)
    if path is None:  # pragma: no cover - a broken checkout
        raise FileNotFoundError(STYLESHEET)
    return CSS(filename=path, url_fetcher=_fetch_nothing())


def _fetch_nothing() -> Any:
    from weasyprint.urls import URLFetcher

    # No protocol allowed: every fetch is refused (WeasyPrint leaves the resource out).
    return URLFetcher(allowed_protocols=())


def render(html: str, *, base_url: str) -> bytes:
    """The PDF of ``html``; links in it are made absolute against ``base_url``."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url, url_fetcher=_fetch_nothing())
    return document.write_pdf(stylesheets=[_stylesheet()])
