"""The report a public office files (issue 21): the fixed snapshot of test_export in every
format, read back by other tools: the PDF/A with pikepdf (identification, output intent,
embedded fonts, structure tree, bookmarks) and pypdf (every section's text, in order),
its pages rendered to PNG with pdfium; the ODT with odfpy; both CSVs with the csv module.
Bad inputs come from the fixture: formula starts, <script>, Markdown markup, a hidden
note, a hidden photo and a missing one; here also a note put under two themes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pikepdf
import pypdf
import pytest
from odf import draw, table, teletype, text
from odf.opendocument import load

from cafe.export import export, report
from cafe.export.facts import hosts_who_stayed, mixing
from cafe.export.snapshot import AnswerRow, FoundTheme, QuestionSynthesis
from cafe.export.words import Words
from tests.test_export import AT, labels, snapshot  # noqa: F401 - the shared fixtures

ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "reports"
CHAPTERS = [
    "Summary",
    "Method",
    "Participation",
    "Question 1",
    "Question 2",
    "The harvest question",
    "Where the groups agree and where they divide",
    "Annex: every note",
    "Annex: photos of the tablecloths",
]


@pytest.fixture
def pdf_bytes(snapshot):  # noqa: F811
    data = export(snapshot, "pdf")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "fixed-snapshot.pdf").write_bytes(data)
    return data


def test_the_document_has_its_chapters_in_order(snapshot):  # noqa: F811
    assert [c.title for c in report.build(snapshot).chapters] == CHAPTERS


def test_pdf_identifies_itself_as_pdf_a_2b_with_an_srgb_output_intent(pdf_bytes):
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    with pdf.open_metadata() as xmp:
        assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("2", "B")
        assert xmp["dc:title"] == "Café di prova: l'impatto"
    (intent,) = pdf.Root.OutputIntents
    assert intent.S == "/GTS_PDFA1" and "sRGB" in str(intent.OutputConditionIdentifier)
    assert intent.DestOutputProfile.N == 3  # an RGB ICC profile, embedded
    assert pdf.trailer.ID and not pdf.is_encrypted
    assert "/JavaScript" not in pdf.Root.get("/Names", {}) and "/OpenAction" not in pdf.Root


def test_pdf_embeds_every_font(pdf_bytes):
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    fonts = {}
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            fonts[str(font.get("/BaseFont"))] = font
    assert fonts, "the report has text"
    for base, font in fonts.items():
        inner = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        descriptor = inner.FontDescriptor
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), base
    assert any("DejaVu" in base for base in fonts)


def test_pdf_is_tagged_in_the_report_language_with_bookmarks_from_the_headings(pdf_bytes):
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    assert pdf.Root.MarkInfo.Marked is True
    assert str(pdf.Root.Lang) == "en"
    roles = set()

    def walk(node, depth=0):
        if depth > 40 or not isinstance(node, pikepdf.Dictionary):
            return
        if "/S" in node:
            roles.add(str(node.S))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid, depth + 1)

    walk(pdf.Root.StructTreeRoot)
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/L", "/LI", "/Figure"} <= roles
    with pdf.open_outline() as outline:
        titles = [str(item.title) for item in outline.root]
    assert titles == CHAPTERS  # the cover's title is not a bookmark; chapters are, in order


def test_pdf_text_has_every_section_in_order_and_page_numbers(pdf_bytes):
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    pages = [page.extract_text() for page in reader.pages]
    whole = "\n".join(pages)
    where = [whole.find(title, whole.find("Made with Café")) for title in CHAPTERS]
    assert -1 not in where and where == sorted(where)
    assert "SECRET" not in whole and "Giulia" not in whole
    assert "Più verde in città" in whole and "<script>alert(1)</script>" in whole
    assert f"Page 2 / {len(pages)}" in pages[1] and "Page" not in pages[0]
    assert "Each person met 11 other people." in whole
    assert "Every table had all 2 groups in every round." in whole


def test_pdf_pages_render_to_png(pdf_bytes):
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(pdf_bytes)
    for index in range(len(document)):
        image = document[index].render(scale=1).to_pil()
        image.save(ARTIFACTS / f"fixed-snapshot-page-{index + 1}.png")
        assert image.getextrema() != ((255, 255),) * 3, f"page {index + 1} is blank"


def test_odt_reads_back_with_its_outline_tables_and_photos(snapshot):  # noqa: F811
    document = load(io.BytesIO(export(snapshot, "odt")))
    level_one = [
        teletype.extractText(h)
        for h in document.getElementsByType(text.H)
        if h.getAttribute("outlinelevel") == "1"
    ]
    assert level_one == CHAPTERS
    body = teletype.extractText(document.text)
    assert "SECRET" not in body and '=HYPERLINK("http://evil")' in body
    assert "<script>alert(1)</script>" in body
    assert len(document.getElementsByType(draw.Image)) == 3  # a chart, two photos
    assert document.getElementsByType(table.TableHeaderRows)  # headers repeat on new pages


def test_the_italian_spreadsheet_csv_uses_semicolons_and_a_bom(snapshot):  # noqa: F811
    snapshot.language = "it"
    data = export(snapshot, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["event_id", "event", "round"]  # the labels the fixture built
    assert rows[1][6] == "Più verde in città, caffè e perché"  # the comma stays in its cell
    assert rows[2][6].startswith("'=")


def test_the_data_csv_is_plain_comma_separated_with_english_values(snapshot):  # noqa: F811
    snapshot.language = "it"
    data = export(snapshot, "csv-data")
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert rows[0]["kind"] == "idea" and rows[0]["starred"] == "true"
    assert rows[-1]["hidden"] == "true"
    assert rows[0]["created_at"] == "2026-11-25T10:30:00+01:00"
    assert rows[1]["text"].startswith("'=")


def _themes(*themes: FoundTheme, summary: str = "") -> list[QuestionSynthesis]:
    """Question 1's synthesis as the snapshot carries it."""
    return [QuestionSynthesis(1, "", tuple(themes), summary)]


def test_themes_count_each_note_once(snapshot):  # noqa: F811
    long_note = "Più verde in città, caffè e perché"
    snapshot.synthesis = _themes(
        FoundTheme("Green city", (long_note, "+39 333 0000000"), ("Più verde in città",)),
        FoundTheme("Coffee", (long_note,)),
    )
    text_md = export(snapshot, "md").decode("utf-8")
    question = text_md.split("## Question 1", 1)[1]
    themes = question.split("### Themes", 1)[1].split("### Key insights", 1)[0]
    assert "| Green city | 2 | 2 |" in themes and "Coffee" not in themes  # nothing left in it
    assert long_note not in themes and "«Più verde in città»" in themes


def test_italian_plurals_come_from_ngettext(snapshot):  # noqa: F811
    snapshot.language = "it"
    snapshot.synthesis = _themes(FoundTheme("Verde", ("+39 333 0000000",)))
    text_md = export(snapshot, "md").decode("utf-8")
    assert "in 1 nota" in text_md and "1 punto" in text_md
    for wrong in ("1 voti", "in 1 note", "1 punti", "e altri 1"):
        assert wrong not in text_md
    w = Words("it")
    assert w.ngettext("%(num)d dot", "%(num)d dots", 2) == "2 punti"


def test_mixing_is_counted_from_the_seats():
    seats = {1: {1: 10, 2: 10, 3: 20, 4: 20}, 2: {1: 10, 3: 10, 2: 20, 4: 20}}
    groups = {1: "a", 2: "b", 3: "b", 4: "a"}
    found = mixing(seats, groups, ["a", "b"])
    assert (found.met_least, found.met_most, found.repeated_pairs) == (2, 2, 0)
    assert (found.table_rounds, found.all_groups) == (4, 4)
    assert mixing({}, groups, ["a"]) is None
    assert hosts_who_stayed(seats, {10: 1, 20: 4}) == 2
    assert hosts_who_stayed(seats, {10: 2}) == 0


def test_where_the_groups_agree_and_divide_comes_from_the_consensus(snapshot):  # noqa: F811
    from cafe.export.snapshot import ConsensusRow, ConsensusSection

    agreed = ConsensusRow("Più verde in città", 1, 1, 5, 0.6, 0.1, "all_first", "First for all")
    split = ConsensusRow("+39 333 0000000", 1, 2, 2, 0.1, 0.8, "divides", "Divides: experts")
    snapshot.consensus = ConsensusSection((agreed,), (split,), silent_text="Nobody from X.")
    chapter = export(snapshot, "md").decode("utf-8").split("## Where the groups agree and")[1]
    agree, divide = chapter.split("### Where the groups divide")
    assert "Più verde in città" in agree and "First for all" in agree and "5 dots" in agree
    assert "\\+39 333 0000000" in divide and "Divides: experts" in divide
    assert "Nobody from X." in divide
    summary = export(snapshot, "md").decode("utf-8").split("## Method")[0]
    assert "Divides: experts" in summary  # the summary names what divides the groups
    snapshot.consensus = None
    assert "Nobody placed a dot" in export(snapshot, "md").decode("utf-8")


def _photo_box(image) -> tuple[int, int]:
    """Width and height of the orange test photo as drawn on a rendered page."""
    r, _, b = image.convert("RGB").split()
    orange = [
        (x, y)
        for y in range(0, image.height, 2)
        for x in range(0, image.width, 2)
        if abs(r.getpixel((x, y)) - 200) < 30 and abs(b.getpixel((x, y)) - 40) < 30
    ]
    xs, ys = [x for x, _ in orange], [y for _, y in orange]
    return max(xs) - min(xs), max(ys) - min(ys)


def test_photos_are_printed_whole_not_cropped(pdf_bytes):
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(pdf_bytes)
    shapes = []
    for index in range(len(document) - 2, len(document)):
        width, height = _photo_box(document[index].render(scale=0.5).to_pil())
        shapes.append(width / height)
    # the landscape photo (1600 x 1200) and the portrait one (1200 x 1600), whole
    assert shapes[0] == pytest.approx(4 / 3, rel=0.04)
    assert shapes[1] == pytest.approx(3 / 4, rel=0.04)


def test_names_are_read_back_only_when_chosen(snapshot):  # noqa: F811
    import docx

    def texts():
        odt = teletype.extractText(load(io.BytesIO(export(snapshot, "odt"))).text)
        word = docx.Document(io.BytesIO(export(snapshot, "docx")))
        return odt, "\n".join(p.text for p in word.paragraphs)

    assert all("Giulia Verdi" not in t for t in texts())
    snapshot.names = ["Giulia Verdi"]
    assert all("Giulia Verdi" in t for t in texts())


def test_the_organisers_synthesis_and_the_answers_reach_the_report(snapshot):  # noqa: F811
    """The fields the synthesis fills (summary, themes with quotes, conclusions, answers)
    are the ones the report reads; a hidden note or answer never shows, even in a theme."""
    snapshot.synthesis = _themes(
        FoundTheme("Other", ("-minus and @at",), other=True),
        FoundTheme("Green city", ("+39 333 0000000", "SECRET hidden note"), ("+39 333 0000000",)),
        summary="Green matters most",
    )
    snapshot.conclusions = "Plant trees first"
    snapshot.answers = [AnswerRow("More trees", AT), AnswerRow("SECRET answer", AT, hidden=True)]
    text_md = export(snapshot, "md").decode("utf-8")
    question = text_md.split("## Question 1", 1)[1].split("## Question 2", 1)[0]
    assert "Green matters most" in question and "| Green city | 1 |" in question
    assert question.index("Green city") < question.index("Other")  # the rest comes last
    assert "Plant trees first" in text_md and "More trees" in text_md
    assert "SECRET" not in text_md
