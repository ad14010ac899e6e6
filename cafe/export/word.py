"""The report as a Word document (python-docx): Word's heading styles, so the navigation
pane works, a table of contents field, A4, page numbers; the same blocks as the PDF."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from cafe.export import charts, images, report
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

ACCENT = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x4A, 0x5A, 0x6C)
TABLE_STYLE = "Light List Accent 1"
FONT = "DejaVu Sans"
LINE = 17.0  # cm between the margins
SHORT_TABLE = 14


def render(snapshot: Snapshot) -> bytes:
    """The report as a .docx file."""
    doc = report.build(snapshot)
    out = io.BytesIO()
    write(doc).save(out)
    return out.getvalue()


def write(doc: Document):
    """A python-docx document of a built report."""
    word = new_docx()
    _setup(word, doc)
    _cover(word, doc)
    for chapter in doc.chapters:
        _chapter(word, chapter)
    return word


def _setup(word, doc: Document) -> None:
    props = word.core_properties
    props.title, props.subject, props.author = doc.title, doc.subject, doc.author
    props.language = doc.language
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2.2)
    section.different_first_page_header_footer = True
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10)
    for name, size in (("Title", 26), ("Heading 1", 17), ("Heading 2", 13), ("Heading 3", 11)):
        style = word.styles[name]
        style.font.name, style.font.size, style.font.color.rgb = FONT, Pt(size), ACCENT
    _footer(section, doc)


def _field(paragraph, instruction: str, shown: tuple[str, ...] = ()) -> None:
    """A Word field (PAGE, NUMPAGES, TOC) that Word fills in; `shown` is what it says until
    then (LibreOffice and viewers that do not update fields show the chapters' titles)."""
    run = paragraph.add_run()

    def add(tag: str, **attributes: str) -> None:
        element = OxmlElement(tag)
        for name, value in attributes.items():
            element.set(qn(name), value)
        run._r.append(element)

    add("w:fldChar", **{"w:fldCharType": "begin", "w:dirty": "true"})
    add("w:instrText", **{"xml:space": "preserve"})
    run._r[-1].text = instruction
    add("w:fldChar", **{"w:fldCharType": "separate"})
    for index, line in enumerate(shown):
        if index:
            add("w:br")
        add("w:t")
        run._r[-1].text = line
    add("w:fldChar", **{"w:fldCharType": "end"})


def _footer(section, doc: Document) -> None:
    """The title on the left, 'Page N / M' on the right, on every page but the cover."""
    paragraph = section.footer.paragraphs[0]
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(LINE), alignment=2)
    _run(paragraph, doc.title + "\t" + doc.page_label + " ", size=8.5, color=GREY)
    _field(paragraph, "PAGE")
    _run(paragraph, " / ", size=8.5, color=GREY)
    _field(paragraph, "NUMPAGES")


def _cover(word, doc: Document) -> None:
    cover = doc.cover
    kicker = word.add_paragraph()
    kicker.paragraph_format.space_before = Pt(60)
    _run(kicker, cover.kicker.upper(), size=10, color=GREY, bold=True)
    word.add_paragraph(doc.title, style="Title")
    _facts(word, cover.facts)
    if cover.question:
        _run(word.add_paragraph(), cover.question_label.upper(), size=8.5, color=GREY, bold=True)
        for line in cover.question.split("\n"):
            word.add_paragraph(line, style="Intense Quote")
    if cover.notice:
        _run(word.add_paragraph(), cover.notice, italic=True, color=GREY)
    contents = word.add_paragraph()
    _run(contents, doc.contents_label, bold=True, color=ACCENT, size=13)
    chapters = tuple(c.title for c in doc.chapters)
    _field(word.add_paragraph(), 'TOC \\o "1-1" \\h \\z \\u', chapters)
    _run(word.add_paragraph(), cover.made_by, size=8.5, color=GREY)


def _chapter(word, chapter: Chapter) -> None:
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    word.add_heading(chapter.title, level=1)
    for block in chapter.blocks:
        WRITERS[type(block)](word, block)


def _heading(word, block: Heading) -> None:
    word.add_heading(block.text, level=block.level).paragraph_format.keep_with_next = True


def _para(word, block: Para) -> None:
    if block.style == "quote":
        word.add_paragraph(block.text, style="Intense Quote")
    elif block.style == "empty":
        _run(word.add_paragraph(), block.text, italic=True, color=GREY)
    else:
        word.add_paragraph(block.text)


def _items(word, block: Items) -> None:
    for item in block.items:
        paragraph = word.add_paragraph(style="List Bullet")
        paragraph.paragraph_format.keep_together = True
        _run(paragraph, item.text)
        if item.meta:
            _run(paragraph, "  ·  " + item.meta, size=8, color=GREY)


def _table(word, block: Table) -> None:
    table = word.add_table(rows=1, cols=len(block.header))
    table.style = word.styles[TABLE_STYLE]
    table.autofit = False
    _repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = text
    short = len(block.rows) <= SHORT_TABLE
    for index, row in enumerate(block.rows):
        word_row = table.add_row()
        _keep_row(word_row, together_with_next=short or index >= len(block.rows) - 2)
        for column, (cell, text) in enumerate(zip(word_row.cells, row, strict=True)):
            _run(cell.paragraphs[0], text, bold=block.total and index == len(block.rows) - 1)
            if column in block.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    widths = block.widths or tuple(1 / len(block.header) for _ in block.header)
    for column, share in zip(table.columns, widths, strict=True):
        for cell in column.cells:
            cell.width = Cm(LINE * share)
    word.add_paragraph()


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _keep_row(row, together_with_next: bool) -> None:
    """Rows never split across pages; short tables and a table's last rows keep with
    the next row, so no page ends up holding a lone row."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if together_with_next:
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True


def _chart(word, block: Chart) -> None:
    word.add_picture(io.BytesIO(charts.png(block)), width=Cm(LINE))
    word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.add_paragraph(block.title, style="Caption").alignment = WD_ALIGN_PARAGRAPH.CENTER


def _figure(word, block: Figure) -> None:
    jpeg = images.report_jpeg(block.path)
    if jpeg is None:
        return
    wide = block.width >= block.height
    word.add_picture(io.BytesIO(jpeg), **({"width": Cm(LINE)} if wide else {"height": Cm(22)}))
    word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.paragraphs[-1].paragraph_format.keep_with_next = True
    word.add_paragraph(block.caption, style="Caption").alignment = WD_ALIGN_PARAGRAPH.CENTER


def _facts(word, block: Facts) -> None:
    table = word.add_table(rows=0, cols=2)
    for label, value in block.rows:
        cells = table.add_row().cells
        _run(cells[0].paragraphs[0], label, bold=True, color=GREY)
        cells[1].text = value
    for column, width in zip(table.columns, (4.5, 12.5), strict=True):
        for cell in column.cells:
            cell.width = Cm(width)


WRITERS = {
    Heading: _heading,
    Para: _para,
    Items: _items,
    Table: _table,
    Chart: _chart,
    Figure: _figure,
    Facts: _facts,
}


def _run(paragraph, text: str, *, size=None, color=None, bold=False, italic=False):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    return run
