"""Reports of a harvest: pure functions of a `Snapshot` (no Flask, no SQLAlchemy).

Each format's function takes a Snapshot and returns bytes; `FORMATS` maps a format's name
to its function, file extension and media type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cafe.export.snapshot import Snapshot


@dataclass(frozen=True)
class Format:
    """How one export format is made and served."""

    render: Callable[[Snapshot], bytes]
    extension: str
    media_type: str


def _formats() -> dict[str, Format]:
    from cafe.export import markdown, odt, pdf, printable, tabular, word

    return {
        "pdf": Format(pdf.render, "pdf", "application/pdf"),
        "odt": Format(odt.render, "odt", "application/vnd.oasis.opendocument.text"),
        "md": Format(markdown.render, "md", "text/markdown; charset=utf-8"),
        "csv": Format(tabular.render_csv, "csv", "text/csv; charset=utf-8"),
        "csv-data": Format(tabular.render_data_csv, "csv", "text/csv; charset=utf-8"),
        "json": Format(tabular.render_json, "json", "application/json"),
        "docx": Format(
            word.render,
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        "html": Format(printable.render, "html", "text/html; charset=utf-8"),
    }


FORMAT_NAMES = ("pdf", "odt", "docx", "html", "md", "csv", "csv-data", "json")


def export(snapshot: Snapshot, format_name: str) -> bytes:
    """The snapshot in one format (a name from FORMAT_NAMES)."""
    return _formats()[format_name].render(snapshot)


def format_info(format_name: str) -> Format:
    """Extension and media type of a format."""
    return _formats()[format_name]
