"""A report as plain blocks: every writer (HTML and PDF, DOCX, ODT, Markdown) walks the
same document, so the sections, their order and their words agree in every format."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Heading:
    """A heading under the chapter's own (level 2 or 3); writers make bookmarks of them."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Para:
    """A paragraph; `style` is '' (body), 'lead', 'quote' or 'empty' (a section with
    nothing in it yet, said plainly)."""

    text: str
    style: str = ""


@dataclass(frozen=True)
class Item:
    """A list entry: the text, and a line of small print under it (table, kind, votes)."""

    text: str
    meta: str = ""


@dataclass(frozen=True)
class Items:
    """A bulleted list."""

    items: tuple[Item, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row; `numeric` columns are right-aligned; `total` marks the
    last row as a total; `widths` are shares of the line (they add up to 1)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()
    widths: tuple[float, ...] = ()
    total: bool = False


@dataclass(frozen=True)
class Chart:
    """Horizontal bars, one bar per series for each row (e.g. invited and present per
    group). The same figures are always in a table beside it; this is the picture."""

    title: str
    series: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]


@dataclass(frozen=True)
class Figure:
    """A tablecloth photo, shown whole: never cropped, as large as the page allows."""

    path: Path | None
    caption: str
    width: int
    height: int


@dataclass(frozen=True)
class Facts:
    """Label and value pairs (the cover's date, place, organiser)."""

    rows: tuple[tuple[str, str], ...]


Block = Heading | Para | Items | Table | Chart | Figure | Facts


@dataclass(frozen=True)
class Chapter:
    """A numbered part of the report that starts on a new page (a level-1 heading)."""

    key: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Cover:
    """The first page."""

    kicker: str
    title: str
    facts: Facts
    question_label: str = ""
    question: str = ""
    notice: str = ""
    made_by: str = ""


@dataclass
class Document:
    """The whole report: cover, then chapters in order."""

    language: str
    title: str
    cover: Cover
    chapters: list[Chapter] = field(default_factory=list)
    contents_label: str = "Contents"
    page_label: str = "Page"
    subject: str = ""
    author: str = ""

    def headings(self) -> list[tuple[int, str]]:
        """(level, text) of every heading in order, chapters at level 1."""
        found = []
        for chapter in self.chapters:
            found.append((1, chapter.title))
            found += [(b.level, b.text) for b in chapter.blocks if isinstance(b, Heading)]
        return found
