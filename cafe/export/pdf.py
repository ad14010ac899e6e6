"""The report as PDF/A-2b, made on the server by WeasyPrint from the report's HTML:
fonts embedded, tagged for screen readers, bookmarks from the headings, page numbers,
sRGB output intent. WeasyPrint needs Pango (Debian's libpango-1.0-0, libpangoft2-1.0-0;
`make install` adds them)."""

from __future__ import annotations

from cafe.export import printable, report
from cafe.export.snapshot import Snapshot

VARIANT = "pdf/a-2b"


class PdfUnavailable(RuntimeError):
    """The PDF cannot be made on this machine (Pango is missing)."""


def render(snapshot: Snapshot) -> bytes:
    """The report as a PDF/A-2b file."""
    html = printable.render_document(report.build(snapshot), snapshot)
    return from_html(html)


def from_html(html: str) -> bytes:
    """A tagged PDF/A-2b of an HTML page whose resources are all embedded."""
    try:
        import weasyprint
    except OSError as exc:  # Pango's shared libraries are not installed
        raise PdfUnavailable(str(exc)) from exc
    # Everything is embedded as data: URIs: a report never fetches from the network, so
    # a note's text cannot make the server open a URL or a local file.
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher)
    return document.write_pdf(pdf_variant=VARIANT, pdf_tags=True, uncompressed_pdf=False)
