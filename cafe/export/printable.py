"""The report as one HTML file (A4, photos and charts embedded): opened in a browser,
and the source of the PDF/A that `cafe.export.pdf` makes on the server."""

from __future__ import annotations

import base64
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from cafe.export import charts, images, report
from cafe.export.document import Chart, Document, Figure
from cafe.export.snapshot import Snapshot

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(snapshot: Snapshot) -> bytes:
    """The report as a self-contained UTF-8 HTML page."""
    return render_document(report.build(snapshot), snapshot).encode("utf-8")


def render_document(doc: Document, snapshot: Snapshot) -> str:
    """The HTML of a built document."""
    return _ENV.get_template("report.html").render(
        doc=doc,
        kind=lambda block: type(block).__name__.lower(),
        photo=_photo_uri,
        chart=_chart_uri,
        describe=charts.describe,
        css_string=css_string,
        taken_at=snapshot.taken_at.strftime("%Y-%m-%d"),
    )


def _photo_uri(figure: Figure) -> str:
    jpeg = images.report_jpeg(figure.path)
    return images.data_uri(jpeg) if jpeg else ""


def _chart_uri(chart: Chart) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(charts.svg(chart).encode()).decode()


def css_string(text: str) -> str:
    """Text for a CSS string in the <style> block: anything but letters, digits and
    spaces becomes a CSS escape, so no quote or </style> can end it."""
    return "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text)
