"""Exports of a fixed harvest snapshot, each parsed back: CSV with the csv module, DOCX
with python-docx, JSON against docs/export-schema.json, Markdown and HTML for their sections.
Bad inputs tried: notes that begin with =, +, -, @ (formula injection), notes with
<script>, Markdown markup and accents, a hidden note, a photo whose file is missing, an
event with no votes, no photos and no themes."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import docx
import jsonschema
import pytest
from flask_babel import force_locale
from PIL import Image

from cafe.export import FORMAT_NAMES, export
from cafe.export.facts import Attendance, Method, Mixing
from cafe.export.snapshot import NoteRow, PhotoRow, Question, Snapshot, Theme
from cafe.export.tabular import safe_cell

SCHEMA = Path(__file__).parent.parent / "docs" / "export-schema.json"
AT = datetime(2026, 11, 25, 9, 30)


@pytest.fixture
def labels(app):
    from cafe.services.harvest import report_labels

    with app.test_request_context(), force_locale("en"):
        return report_labels()


def photo_file(folder: Path, name: str, size=(1600, 1200)) -> Path:
    path = folder / f"{name}.jpg"
    Image.new("RGB", size, (200, 120, 40)).save(path, "JPEG")
    return path


@pytest.fixture
def snapshot(labels, tmp_path):
    """Two rounds, three tables, votes, tags, a star, a hidden note and two photos."""
    notes = [
        NoteRow(
            1,
            1,
            "idea",
            "Più verde in città, caffè e perché",
            AT,
            ("green",),
            True,
            False,
            5,
            {"cittadini": 3, "esperti": 2},
        ),
        NoteRow(1, 1, "question", '=HYPERLINK("http://evil")', AT),
        NoteRow(1, 2, "tension", "+39 333 0000000", AT, votes=2, votes_by_group={"esperti": 2}),
        NoteRow(1, 2, "proposal", "<script>alert(1)</script> *bold* [link](x)", AT),
        NoteRow(2, 3, "idea", "-minus and @at", AT, votes=1, votes_by_group={"cittadini": 1}),
        NoteRow(2, 3, "idea", "SECRET hidden note", AT, hidden=True),
    ]
    photos = [
        PhotoRow("k1", 1, 1, 1600, 1200, photo_file(tmp_path, "k1")),
        PhotoRow("k2", 2, 3, 1200, 1600, photo_file(tmp_path, "k2", (1200, 1600))),
        PhotoRow("k3", 2, 2, 800, 600, photo_file(tmp_path, "k3"), hidden=True),
        PhotoRow("gone", 2, 2, 800, 600, tmp_path / "missing.jpg"),
    ]
    return Snapshot(
        event_id=7,
        title="Café di prova: l'impatto",
        place="Sassuolo",
        starts_at=datetime(2026, 11, 25, 10, 0),
        language="en",
        table_count=3,
        round_count=2,
        questions=[Question(1, "What matters?"), Question(2, "Who decides?")],
        notes=notes,
        labels=labels,
        taken_at=AT,
        groups={"cittadini": 10, "esperti": 4, "": 1},
        photos=photos,
        themes=[Theme("Green spaces", ("Più verde in città",))],
        time_zone="Europe/Rome",
        harvest_question="What do you take home?",
        method=Method(
            round_minutes=20,
            table_size=6,
            host_stays=True,
            hosts=3,
            hosts_stayed=3,
            checked_in=True,
            mixing=Mixing(15, 11, 11, 11.0, 0, 6, 6, 2),
            vote_dots=3,
            voters=4,
            dots_cast=8,
            voters_by_group={"cittadini": 2, "esperti": 2},
        ),
        attendance=[
            Attendance("cittadini", invited=11, present=10, walk_ins=1, left=1),
            Attendance("esperti", invited=4, present=4),
            Attendance("", present=1, walk_ins=1),
        ],
    )


def csv_rows(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_has_every_note_with_hidden_marked_and_accents_intact(snapshot):
    rows = csv_rows(export(snapshot, "csv"))
    assert len(rows) == 6
    assert rows[0]["text"] == "Più verde in città, caffè e perché"
    assert rows[0]["votes_by_group"] == "cittadini: 3; esperti: 2"
    assert rows[0]["tags"] == "green" and rows[0]["starred"] == "yes"
    assert rows[0]["question"] == "What matters?" and rows[0]["event"] == snapshot.title
    assert [r["hidden"] for r in rows] == ["no"] * 5 + ["yes"]
    assert rows[0]["created_at"] == "2026-11-25T10:30:00+01:00"  # at the venue, with offset


def test_csv_cells_cannot_start_a_formula(snapshot):
    rows = csv_rows(export(snapshot, "csv"))
    texts = [r["text"] for r in rows]
    assert texts[1] == '\'=HYPERLINK("http://evil")'
    assert texts[2] == "'+39 333 0000000"
    assert texts[4] == "'-minus and @at"
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_safe_cell_neutralises_each_formula_start(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("plain = text") == "plain = text"


def test_json_matches_its_schema_and_keeps_every_field(snapshot):
    document = json.loads(export(snapshot, "json"))
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    assert document["version"] == "1.1" and document["schema"] == "cafe-harvest"
    hidden = [n for n in document["notes"] if n["hidden"]]
    assert [n["text"] for n in hidden] == ["SECRET hidden note"]
    assert document["notes"][0]["votes_by_group"] == {"cittadini": 3, "esperti": 2}
    assert document["event"]["starts_at"] == "2026-11-25T10:00"
    assert "participant_names" not in document


def test_json_schema_refuses_a_document_without_its_version(snapshot):
    document = json.loads(export(snapshot, "json"))
    del document["version"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, json.loads(SCHEMA.read_text()))


def test_markdown_has_every_section_and_leaves_hidden_notes_out(snapshot):
    text = export(snapshot, "md").decode("utf-8")
    for heading in (
        "## Summary",
        "## Method",
        "## Participation",
        "## Question 1",
        "## Question 2",
        "### Key insights",
        "## Annex: every note",
        "#### Table 2",
        "## Annex: photos of the tablecloths",
    ):
        assert heading in text
    assert "SECRET" not in text
    assert "\\<script\\>" in text and "\\*bold\\*" in text
    assert "- Più verde in città" in text and "key insight" in text
    assert "\\=HYPERLINK" in text and "\\+39 333" in text  # no list, no heading
    assert "Table 1, round 1 (k1.jpg)" in text and "k3" not in text


def test_docx_opens_with_python_docx_and_has_the_report(snapshot):
    document = docx.Document(io.BytesIO(export(snapshot, "docx")))
    paragraphs = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert paragraphs[1] == snapshot.title
    assert headings[:2] == ["Summary", "Conclusions and next steps"]
    for wanted in ("Method", "Participation", "Question 2", "Annex: photos of the tablecloths"):
        assert wanted in headings
    body = "\n".join(paragraphs)
    assert "SECRET" not in body and "Più verde in città" in body
    assert len(document.inline_shapes) == 3  # a chart, two photos: hidden and missing left out
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "cittadini" in cells and "Did not say" in cells and "5" in cells
    assert round(document.sections[0].page_width.cm, 1) == 21.0
    assert 'TOC \\o "1-1"' in document.element.xml  # a table of contents Word fills in
    contents = paragraphs[paragraphs.index("Contents") + 1]
    assert contents.startswith("Summary") and "Annex: every note" in contents  # until then


def test_html_report_has_its_sections_escaped_text_and_photos(snapshot):
    page = export(snapshot, "html").decode("utf-8")
    for section in ('id="summary"', 'id="method"', 'id="question-1"', 'id="annex-photos"'):
        assert section in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert page.count("data:image/jpeg;base64,") == 2
    assert "SECRET" not in page
    assert "@page" in page and "break-inside: avoid" in page
    assert "http" not in page.replace('"http://evil"', "").replace("&#34;http://evil&#34;", "")


def test_an_event_without_votes_photos_or_synthesis_says_so(snapshot):
    snapshot.notes = [n for n in snapshot.notes if not n.votes and not n.starred]
    snapshot.photos, snapshot.themes = [], None
    snapshot.method = Method(round_minutes=20, table_size=6, host_stays=True)
    text = export(snapshot, "md").decode("utf-8")
    for plain in (
        "There was no dot voting.",
        "No dots were placed, so no group put an insight first.",
        "No themes yet: the notes have not been grouped by meaning.",
        "No summary written yet.",
        "No photos were taken.",
        "No seating plan was made",
        "Check-in was not used",
    ):
        assert plain in text


def test_names_appear_only_when_chosen(snapshot):
    for name in FORMAT_NAMES:
        assert b"Giulia Verdi" not in export(snapshot, name)
    snapshot.names = ["Giulia Verdi"]
    assert b"Giulia Verdi" in export(snapshot, "md")
    assert json.loads(export(snapshot, "json"))["participant_names"] == ["Giulia Verdi"]
