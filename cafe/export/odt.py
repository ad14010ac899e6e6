"""The report as OpenDocument Text (odfpy): the format Italian public bodies are bound
to accept as open. Headings carry outline levels (LibreOffice's navigator and PDF
bookmarks use them), table headers repeat on each page, page numbers in the footer."""

from __future__ import annotations

import io

from odf import dc, draw, style, svg, table, text
from odf.opendocument import OpenDocumentText

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

FONT = "DejaVu Sans"
LINE_CM = 17.0


def render(snapshot: Snapshot) -> bytes:
    """The report as an .odt file."""
    out = io.BytesIO()
    write(report.build(snapshot)).write(out)
    return out.getvalue()


class _Writer:
    """Builds one OpenDocument text; its styles are made once, in `__init__`."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.odt = OpenDocumentText()
        self.pictures = 0
        self._styles()

    def _paragraph_style(self, name: str, auto: bool = False, **props) -> style.Style:
        text_props = {k: v for k, v in props.items() if k in TEXT_PROPS}
        para_props = {k: v for k, v in props.items() if k not in TEXT_PROPS}
        made = style.Style(name=name, family="paragraph")
        if text_props:
            made.addElement(style.TextProperties(**text_props))
        if para_props:
            made.addElement(style.ParagraphProperties(**para_props))
        (self.odt.automaticstyles if auto else self.odt.styles).addElement(made)
        return made

    def _styles(self) -> None:
        self.odt.fontfacedecls.addElement(style.FontFace(name=FONT, fontfamily=FONT))
        base = {"fontname": FONT}
        self.body = self._paragraph_style(
            "Text_20_body", fontsize="10pt", marginbottom="0.2cm", **base
        )
        self.h = {
            level: self._paragraph_style(
                f"Heading_20_{level}",
                fontsize=size,
                fontweight="bold",
                color="#1f4e79",
                margintop="0.4cm",
                marginbottom="0.2cm",
                keepwithnext="always",
                **base,
            )
            for level, size in ((1, "17pt"), (2, "13pt"), (3, "11pt"))
        }
        self.h1_break = self._paragraph_style("H1Break", auto=True, breakbefore="page")
        self.h1_break.setAttribute("parentstylename", self.h[1])
        self.title = self._paragraph_style(
            "Title", fontsize="26pt", fontweight="bold", color="#1f4e79", **base
        )
        self.quote = self._paragraph_style(
            "Quotations",
            fontsize="11pt",
            fontstyle="italic",
            backgroundcolor="#f2f5f8",
            padding="0.2cm",
            **base,
        )
        self.empty = self._paragraph_style(
            "Empty", fontsize="10pt", fontstyle="italic", color="#4a5a6c", **base
        )
        self.small = self._paragraph_style("Small", fontsize="8pt", color="#4a5a6c", **base)
        self.cell = self._paragraph_style("Table_20_Contents", fontsize="9pt", **base)
        self.number = self._paragraph_style("Number", auto=True, textalign="end", fontsize="9pt")
        self.number.setAttribute("parentstylename", self.cell)
        self.ruled = style.Style(name="Ruled", family="table-cell")
        self.ruled.addElement(
            style.TableCellProperties(padding="0.08cm", borderbottom="0.5pt solid #c9d3de")
        )
        self.odt.automaticstyles.addElement(self.ruled)
        self.heading_cell = self._paragraph_style(
            "Table_20_Heading", fontsize="8pt", fontweight="bold", color="#4a5a6c", **base
        )
        self.caption = self._paragraph_style(
            "Caption", fontsize="8.5pt", color="#4a5a6c", textalign="center", **base
        )
        self.centre = self._paragraph_style("Centre", auto=True, textalign="center")
        self.full_width = style.Style(name="FullWidth", family="table")
        self.full_width.addElement(
            style.TableProperties(width=f"{LINE_CM}cm", align="left", margintop="0.1cm")
        )
        self.odt.automaticstyles.addElement(self.full_width)
        self.row = style.Style(name="Row", family="table-row")
        self.row.addElement(style.TableRowProperties(keeptogether="always"))
        self.odt.automaticstyles.addElement(self.row)
        self.bullets = text.ListStyle(name="Bullets")
        self.bullets.addElement(text.ListLevelStyleBullet(level=1, bulletchar="•"))
        self.odt.automaticstyles.addElement(self.bullets)
        self._page()

    def _page(self) -> None:
        layout = style.PageLayout(name="A4")
        layout.addElement(
            style.PageLayoutProperties(
                pagewidth="21cm",
                pageheight="29.7cm",
                margintop="2cm",
                marginbottom="1.5cm",
                marginleft="2cm",
                marginright="2cm",
                printorientation="portrait",
            )
        )
        layout.addElement(style.FooterStyle())
        self.odt.automaticstyles.addElement(layout)
        master = style.MasterPage(name="Standard", pagelayoutname=layout)
        footer = style.Footer()
        line = text.P(stylename=self.small)
        line.addText(f"{self.doc.title} · {self.doc.page_label} ")
        line.addElement(text.PageNumber(selectpage="current"))
        line.addText(" / ")
        line.addElement(text.PageCount())
        footer.addElement(line)
        master.addElement(footer)
        self.odt.masterstyles.addElement(master)

    def cover(self) -> None:
        cover = self.doc.cover
        self.add(text.P(stylename=self.small, text=cover.kicker.upper()))
        self.add(text.P(stylename=self.title, text=self.doc.title))
        self.facts(cover.facts)
        if cover.question:
            self.add(text.P(stylename=self.small, text=cover.question_label.upper()))
            for line in cover.question.split("\n"):
                self.add(text.P(stylename=self.quote, text=line))
        if cover.notice:
            self.add(text.P(stylename=self.empty, text=cover.notice))
        self.add(text.P(stylename=self.small, text=cover.made_by))

    def chapter(self, chapter: Chapter) -> None:
        self.add(text.H(outlinelevel=1, stylename=self.h1_break, text=chapter.title))
        for block in chapter.blocks:
            getattr(self, type(block).__name__.lower())(block)

    def add(self, element) -> None:
        self.odt.text.addElement(element)

    def heading(self, block: Heading) -> None:
        self.add(text.H(outlinelevel=block.level, stylename=self.h[block.level], text=block.text))

    def para(self, block: Para) -> None:
        chosen = {"quote": self.quote, "empty": self.empty}.get(block.style, self.body)
        self.add(text.P(stylename=chosen, text=block.text))

    def items(self, block: Items) -> None:
        found = text.List(stylename=self.bullets)
        for item in block.items:
            entry = text.ListItem()
            entry.addElement(text.P(stylename=self.body, text=item.text))
            if item.meta:
                entry.addElement(text.P(stylename=self.small, text=item.meta))
            found.addElement(entry)
        self.add(found)

    def table(self, block: Table) -> None:
        grid = table.Table(stylename=self.full_width)
        widths = block.widths or tuple(1 / len(block.header) for _ in block.header)
        for share in widths:
            column = style.Style(
                name=f"Col{id(block)}{len(grid.childNodes)}", family="table-column"
            )
            column.addElement(style.TableColumnProperties(columnwidth=f"{LINE_CM * share:.2f}cm"))
            self.odt.automaticstyles.addElement(column)
            grid.addElement(table.TableColumn(stylename=column))
        header = table.TableHeaderRows()
        header.addElement(self._row(block.header, self.heading_cell, frozenset()))
        grid.addElement(header)
        for row in block.rows:
            grid.addElement(self._row(row, self.cell, block.numeric))
        self.add(grid)

    def _row(self, cells, cell_style, numeric) -> table.TableRow:
        row = table.TableRow(stylename=self.row)
        for index, value in enumerate(cells):
            cell = table.TableCell(valuetype="string", stylename=self.ruled)
            chosen = self.number if index in numeric and cell_style is self.cell else cell_style
            cell.addElement(text.P(stylename=chosen, text=value))
            row.addElement(cell)
        return row

    def facts(self, block: Facts) -> None:
        self.table(Table(("", ""), block.rows, widths=(0.3, 0.7)))

    def chart(self, block: Chart) -> None:
        self._picture(charts.png(block), "image/png", block.title, 1280, _chart_height(block))

    def figure(self, block: Figure) -> None:
        jpeg = images.report_jpeg(block.path)
        if jpeg is not None:
            self._picture(jpeg, "image/jpeg", block.caption, block.width, block.height)

    def _picture(self, data: bytes, media: str, caption: str, width: int, height: int) -> None:
        self.pictures += 1
        name = f"Pictures/{self.pictures}.{'png' if media == 'image/png' else 'jpg'}"
        href = self.odt.addPicture(name, media, data)
        wide_cm = min(LINE_CM, LINE_CM * 1.3 * width / max(height, 1))
        high_cm = wide_cm * height / max(width, 1)
        frame = draw.Frame(
            width=f"{wide_cm:.2f}cm", height=f"{high_cm:.2f}cm", anchortype="as-char"
        )
        frame.addElement(draw.Image(href=href))
        frame.addElement(_title(caption))
        holder = text.P(stylename=self.centre)
        holder.addElement(frame)
        self.add(holder)
        self.add(text.P(stylename=self.caption, text=caption))


def _chart_height(block: Chart) -> int:
    return int((charts.ROW * len(block.rows) + 36) * 2)


def _title(caption: str):
    found = svg.Desc()
    found.addText(caption)
    return found


TEXT_PROPS = {"fontname", "fontsize", "fontweight", "fontstyle", "color"}


def write(doc: Document) -> OpenDocumentText:
    """An odfpy document of a built report."""
    writer = _Writer(doc)
    writer.odt.meta.addElement(_meta_title(doc.title))
    writer.cover()
    for chapter in doc.chapters:
        writer.chapter(chapter)
    return writer.odt


def _meta_title(title: str):
    return dc.Title(text=title)
