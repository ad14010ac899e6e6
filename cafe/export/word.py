"""The harvest as a Word document (python-docx), for the office to edit and send on."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from cafe.dates import human_datetime
from cafe.export import images, summary
from cafe.export.snapshot import NoteRow, Snapshot

ACCENT = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x4A, 0x5A, 0x6C)
TABLE_STYLE = "Light List Accent 1"


def render(snapshot: Snapshot) -> bytes:
    """The report as a .docx file: cover, one chapter per question, photos, votes."""
    doc = _new_document(snapshot)
    _cover(doc, snapshot)
    for question in snapshot.questions:
        _chapter(doc, snapshot.label("question_n", n=question.round))
        _question(doc, snapshot, question.round, question.text)
    if snapshot.themes is not None:
        _chapter(doc, snapshot.label("themes"))
        _themes(doc, snapshot)
    _chapter(doc, snapshot.label("photos"))
    _photos(doc, snapshot)
    doc.add_heading(snapshot.label("votes"), level=1)
    _votes(doc, snapshot)
    if snapshot.names is not None:
        _chapter(doc, snapshot.label("names"))
        for name in snapshot.names:
            doc.add_paragraph(name, style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _new_document(s: Snapshot):
    doc = Document()
    doc.core_properties.title = s.title
    doc.core_properties.language = s.language
    doc.core_properties.author = s.organiser or "Café"
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2.2)
    section.different_first_page_header_footer = True
    _styles(doc)
    _footer(section, s.title)
    return doc


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Liberation Sans", Pt(10.5)
    for name, size in (("Title", 26), ("Heading 1", 17), ("Heading 2", 13), ("Heading 3", 11)):
        style = doc.styles[name]
        style.font.name, style.font.size, style.font.color.rgb = "Liberation Sans", Pt(size), ACCENT


def _footer(section, title: str) -> None:
    """The event's title on the left and 'page N' on the right of every page but the cover."""
    paragraph = section.footer.paragraphs[0]
    paragraph.text = title + "\t\t"
    paragraph.runs[0].font.size = Pt(8.5)
    run = paragraph.add_run()
    run.font.size = Pt(8.5)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _cover(doc, s: Snapshot) -> None:
    kicker = doc.add_paragraph()
    kicker.paragraph_format.space_before = Pt(90)
    _run(kicker, s.label("report_title").upper(), size=10, color=GREY, bold=True)
    doc.add_paragraph(s.title, style="Title")
    facts = doc.add_table(rows=0, cols=2)
    for label, value in summary.cover_facts(s):
        cells = facts.add_row().cells
        _run(cells[0].paragraphs[0], label, bold=True, color=GREY)
        cells[1].text = value
    _widths(facts, (4, 13))
    doc.add_heading(s.label("participants"), level=2)
    rows = summary.group_rows(s)
    if rows:
        _table(doc, [s.label("group"), s.label("people")], [(g, str(n)) for g, n in rows])
    else:
        _none(doc, s, "none_people")
    if s.anonymised:
        _run(doc.add_paragraph(), s.label("anonymised"), italic=True, color=GREY)
    made = doc.add_paragraph()
    made.paragraph_format.space_before = Pt(40)
    _run(made, s.label("made_by", date=human_datetime(s.taken_at, s.language)), size=9, color=GREY)


def _chapter(doc, title: str) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading(title, level=1)


def _question(doc, s: Snapshot, number: int, text: str) -> None:
    quote = doc.add_paragraph(style="Intense Quote")
    quote.add_run(text)
    doc.add_heading(s.label("key_insights"), level=2)
    insights = s.key_insights(number)
    for note in insights:
        _note(doc, s, note, with_table=True)
    if not insights:
        _none(doc, s, "none_insights")
    doc.add_heading(s.label("notes_by_table"), level=2)
    tables = s.notes_by_table(number)
    for table, notes in tables:
        heading = doc.add_heading(s.label("table_n", n=table), level=3)
        heading.paragraph_format.keep_with_next = True
        for note in notes:
            _note(doc, s, note)
    if not tables:
        _none(doc, s, "none_notes")


def _note(doc, s: Snapshot, note: NoteRow, with_table: bool = False) -> None:
    paragraph = doc.add_paragraph(style="List Bullet")
    paragraph.paragraph_format.keep_together = True
    facts = [summary.kind_label(s, note.kind)] + summary.note_extras(s, note)
    if with_table:
        facts.insert(0, s.label("table_n", n=note.table))
    _run(paragraph, ("★ " if note.starred else "") + note.text)
    _run(paragraph, "  ·  " + " · ".join(facts), size=8.5, color=GREY)


def _themes(doc, s: Snapshot) -> None:
    if s.themes:
        _run(doc.add_paragraph(), s.label("themes_how"), italic=True, color=GREY)
        header = [s.label("theme"), s.label("notes"), s.label("chart")]
        rows = [(title, str(n), bar) for title, n, bar in summary.theme_rows(s)]
        _table(doc, header, rows, bar_column=2, widths=(8, 2, 7))
    for theme in s.themes or []:
        doc.add_heading(theme.title, level=2)
        for text in summary.theme_notes(s, theme):
            doc.add_paragraph(text, style="List Bullet")
    if not s.themes:
        _none(doc, s, "none_themes")


def _photos(doc, s: Snapshot) -> None:
    shown = 0
    for photo in s.visible_photos():
        jpeg = images.report_jpeg(photo.path)
        if jpeg is None:
            continue
        wide = photo.width >= photo.height
        doc.add_picture(io.BytesIO(jpeg), **({"width": Cm(14)} if wide else {"height": Cm(10)}))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
        caption = doc.add_paragraph(summary.photo_caption(s, photo), style="Caption")
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        shown += 1
    if not shown:
        _none(doc, s, "none_photos")


def _votes(doc, s: Snapshot) -> None:
    voted = s.most_voted()
    if not voted:
        _run(doc.add_paragraph(), s.label("no_votes"), italic=True, color=GREY)
        return
    doc.add_heading(s.label("votes_overall"), level=2)
    header = [s.label("note"), s.label("table"), s.label("votes"), s.label("chart")]
    rows = [
        (n.text, str(n.table), str(n.votes), summary.bar(n.votes, voted[0].votes)) for n in voted
    ]
    _table(doc, header, rows, bar_column=3, widths=(9, 1.8, 1.7, 4.5))
    doc.add_heading(s.label("votes_by_group"), level=2)
    by_group = sorted(s.votes_by_group().items())
    _table(doc, [s.label("group"), s.label("votes")], [(g, str(n)) for g, n in by_group])


def _table(doc, header: list[str], rows: list[tuple], bar_column=None, widths=(12, 5)) -> None:
    """A styled table with a header row; `widths` in cm."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles[TABLE_STYLE]
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
            is_bar = index == bar_column
            _run(
                cell.paragraphs[0],
                text,
                color=ACCENT if is_bar else None,
                size=7 if is_bar else None,
            )
            if text.isdigit():
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _widths(table, widths)
    doc.add_paragraph()


def _widths(table, widths: tuple) -> None:
    """Column widths in cm: LibreOffice reads the grid, Word each cell."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _none(doc, s: Snapshot, key: str) -> None:
    _run(doc.add_paragraph(), s.label(key), italic=True, color=GREY)


def _run(paragraph, text: str, *, size=None, color=None, bold=False, italic=False):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    return run
