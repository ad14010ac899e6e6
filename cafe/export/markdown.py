"""The report as Markdown: easy to paste into a newsletter, a wiki or an e-mail. Every
piece of text a person typed (notes, tags, titles, groups) is escaped."""

from __future__ import annotations

import re

from cafe.export import charts, report
from cafe.export.document import (
    Chapter,
    Chart,
    Document,
    Facts,
    Figure,
    Heading,
    Items,
    Para,
    Table,
)
from cafe.export.snapshot import Snapshot

LIST_START = re.compile(r"^(\d*)([-+=.)])")


def render(snapshot: Snapshot) -> bytes:
    """The whole report as UTF-8 Markdown."""
    return write(report.build(snapshot)).encode("utf-8")


def write(doc: Document) -> str:
    """Markdown of a built report."""
    cover = doc.cover
    parts = [f"# {_escape(doc.title)}", f"*{_escape(cover.kicker)}*", _facts(cover.facts)]
    if cover.question:
        lines = [f"> **{_escape(cover.question_label)}**", ">"]
        lines += [f"> {_escape(line)}  " for line in cover.question.split("\n")]
        parts.append("\n".join(lines))
    if cover.notice:
        parts.append(f"*{_escape(cover.notice)}*")
    parts += [_chapter(c) for c in doc.chapters]
    parts.append(f"*{_escape(cover.made_by)}*")
    return "\n\n".join(p for p in parts if p).rstrip() + "\n"


def _chapter(chapter: Chapter) -> str:
    blocks = [f"## {_escape(chapter.title)}"]
    blocks += [WRITERS[type(b)](b) for b in chapter.blocks]
    return "\n\n".join(b for b in blocks if b)


def _heading(block: Heading) -> str:
    return "#" * (block.level + 1) + " " + _escape(block.text)


def _para(block: Para) -> str:
    if block.style == "quote":
        return f"> {_escape(block.text)}"
    if block.style == "empty":
        return f"*{_escape(block.text)}*"
    return _escape(block.text)


def _items(block: Items) -> str:
    return "\n".join(
        f"- {_escape(i.text)}" + (f" *({_escape(i.meta)})*" if i.meta else "") for i in block.items
    )


def _table(block: Table) -> str:
    lines = ["| " + " | ".join(_escape(h) or " " for h in block.header) + " |"]
    lines.append(
        "|"
        + "|".join("---:" if i in block.numeric else "---" for i in range(len(block.header)))
        + "|"
    )
    lines += ["| " + " | ".join(_escape(c) for c in row) + " |" for row in block.rows]
    return "\n".join(lines)


def _chart(block: Chart) -> str:
    return f"*{_escape(charts.describe(block))}*"


def _figure(block: Figure) -> str:
    name = block.path.name if block.path else ""
    return f"- {_escape(block.caption)} ({_escape(name)})"


def _facts(block: Facts) -> str:
    return "\n".join(f"- **{_escape(k)}:** {_escape(v)}" for k, v in block.rows)


WRITERS = {
    Heading: _heading,
    Para: _para,
    Items: _items,
    Table: _table,
    Chart: _chart,
    Figure: _figure,
    Facts: _facts,
}


def _escape(text: str) -> str:
    """Text that Markdown shows as typed: no accidental links, tables, HTML, headings or
    lists (a line starting with '-', '+' or '1.' would begin one)."""
    text = " ".join(text.split())
    for ch in "\\`*_[]<>|#!~":
        text = text.replace(ch, "\\" + ch)
    return LIST_START.sub(r"\1\\\2", text, count=1)
