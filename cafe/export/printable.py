"""The harvest as one printable HTML file: A4, photos embedded, cards never cut in two."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from cafe.dates import human_datetime
from cafe.export import images, summary
from cafe.export.snapshot import Snapshot

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(snapshot: Snapshot) -> bytes:
    """The report as a self-contained UTF-8 HTML page (prints well from any browser)."""
    voted = snapshot.most_voted()
    return (
        _ENV.get_template("report.html")
        .render(
            s=snapshot,
            facts=summary.cover_facts(snapshot),
            groups=summary.group_rows(snapshot),
            kind=lambda k: summary.kind_label(snapshot, k),
            extras=lambda n: summary.note_extras(snapshot, n),
            caption=lambda p: summary.photo_caption(snapshot, p),
            theme_notes=lambda t: summary.theme_notes(snapshot, t),
            photos=_photos(snapshot),
            voted=voted,
            top=voted[0].votes if voted else 0,
            group_votes=sorted(snapshot.votes_by_group().items()),
            css_string=css_string,
            human_datetime=human_datetime,
        )
        .encode("utf-8")
    )


def _photos(snapshot: Snapshot) -> list[tuple[object, str]]:
    """(photo, data URI) of each visible photo whose file is still there."""
    shown = []
    for photo in snapshot.visible_photos():
        jpeg = images.report_jpeg(photo.path)
        if jpeg is not None:
            shown.append((photo, images.data_uri(jpeg)))
    return shown


def css_string(text: str) -> str:
    """Text for a CSS string in the <style> block: anything but letters, digits and
    spaces becomes a CSS escape, so no quote or </style> can end it."""
    return "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text)
