"""Reports of the reference scenario from the organiser's page and from `cafe export`,
and the HTML report printed to PDF in Chromium (its pages counted, then looked at).
Bad inputs tried: an unknown format, an event that does not exist (page and command), no
login, a language that does not exist, names not asked for."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from cafe.extensions import db
from cafe.models import Participant

ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "reports"


@pytest.fixture
def scenario(app):
    """The reference scenario with its sample notes; two people checked in."""
    from cafe.services.demo import load_reference_scenario

    with app.app_context(), app.test_request_context():
        event = load_reference_scenario(with_notes=True)
        people = db.session.query(Participant).filter_by(event_id=event.id).limit(2).all()
        for person in people:
            person.arrived_at = person.arrived_at or event.created_at
        db.session.commit()
        return event.id, [p.name for p in people]


def test_every_format_downloads_from_the_event_page(logged_in, scenario):
    event_id, names = scenario
    for name in ("md", "csv", "json", "docx"):
        response = logged_in.get(f"/o/events/{event_id}/export/{name}")
        assert response.status_code == 200
        assert f"cafe-{event_id}-world-cafe-valutare" in response.headers["Content-Disposition"]
        assert names[0].encode() not in response.data
    rows = list(
        csv.DictReader(
            io.StringIO(logged_in.get(f"/o/events/{event_id}/export/csv").data.decode("utf-8-sig")),
            delimiter=";",  # an Italian event: Italian Excel's list separator
        )
    )
    assert len(rows) == 27 and rows[0]["domanda"].startswith("Che cosa significa")
    report = docx.Document(io.BytesIO(logged_in.get(f"/o/events/{event_id}/export/docx").data))
    assert "Domanda 1" in [p.text for p in report.paragraphs]


def test_the_html_report_opens_in_the_browser_with_a_strict_policy(logged_in, scenario):
    response = logged_in.get(f"/o/events/{scenario[0]}/export/html?lang=en")
    assert response.status_code == 200 and "Content-Disposition" not in response.headers
    assert "script-src" not in response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    page = response.get_data(as_text=True)
    assert "Question 1" in page and "World Café report" in page


def test_names_only_when_the_organiser_asks(logged_in, scenario):
    event_id, names = scenario
    document = logged_in.get(f"/o/events/{event_id}/export/json?names=1").get_json()
    assert sorted(document["participant_names"]) == sorted(names)
    assert "participant_names" not in logged_in.get(f"/o/events/{event_id}/export/json").get_json()


def test_bad_requests_are_refused(client, logged_in, scenario):
    event_id = scenario[0]
    assert logged_in.get(f"/o/events/{event_id}/export/xlsx").status_code == 404
    assert logged_in.get("/o/events/999/export/md").status_code == 404
    odd = logged_in.get(f"/o/events/{event_id}/export/md?lang=xx").data.decode()
    assert "Domanda 1" in odd  # an unknown language falls back to the event's
    logged_in.post("/logout")
    assert client.get(f"/o/events/{event_id}/export/md").status_code == 302


def test_the_event_page_offers_the_downloads(logged_in, scenario):
    page = logged_in.get(f"/o/events/{scenario[0]}?lang=en").get_data(as_text=True)
    assert "Report and data" in page
    for name in ("pdf", "odt", "html", "docx", "md", "csv", "csv-data", "json"):
        assert f"/o/events/{scenario[0]}/export/{name}" in page


def test_the_pdf_and_odt_download_from_the_event_page(logged_in, scenario):
    event_id, names = scenario
    pdf = logged_in.get(f"/o/events/{event_id}/export/pdf")
    assert pdf.status_code == 200 and pdf.content_type == "application/pdf"
    assert pdf.data.startswith(b"%PDF-")
    assert f"cafe-{event_id}-" in pdf.headers["Content-Disposition"]
    odt = logged_in.get(f"/o/events/{event_id}/export/odt")
    assert odt.content_type == "application/vnd.oasis.opendocument.text"
    assert odt.data[:2] == b"PK"


def test_a_machine_without_pango_gets_a_clear_error_not_a_trace(logged_in, scenario, monkeypatch):
    from cafe.export import pdf

    def no_pango(snapshot):
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "render", no_pango)
    response = logged_in.get(f"/o/events/{scenario[0]}/export/pdf?lang=en", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "cannot make PDF files yet" in page
    assert "Traceback" not in page and "libpango-1.0-0 libpangoft2" in page


def run_cafe(instance: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"CAFE_INSTANCE": str(instance), "CAFE_SECRET_KEY": "x", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "cafe", *args], env=env, capture_output=True, cwd=instance
    )


def test_cafe_export_writes_each_format(tmp_path):
    assert run_cafe(tmp_path, "demo", "--json", "--notes").returncode == 0
    out = tmp_path / "harvest.json"
    done = run_cafe(tmp_path, "export", "1", "--format", "json", "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert len(json.loads(out.read_text())["notes"]) == 27
    markdown = run_cafe(tmp_path, "export", "1", "--format", "md", "--language", "en")
    assert markdown.stdout.decode().startswith("# World Café — Valutare")
    assert "## Question 3" in markdown.stdout.decode()
    missing = run_cafe(tmp_path, "export", "42", "--format", "md")
    assert missing.returncode == 2 and b"There is no event 42" in missing.stderr
    wrong = run_cafe(tmp_path, "export", "1", "--format", "xlsx")
    assert wrong.returncode == 2 and b"invalid choice" in wrong.stderr
    pdf = tmp_path / "report.pdf"
    done = run_cafe(tmp_path, "export", "1", "--format", "pdf", "--output", str(pdf))
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")


def pdf_pages(html: bytes, chromium, name: str) -> int:
    """Print the report like the browser's 'Save as PDF' and count the pages."""
    page = chromium.new_page()
    page.set_content(html.decode("utf-8"), wait_until="load")
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    page.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / name).write_bytes(pdf)
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


@pytest.mark.browser
def test_the_html_report_prints_a_chapter_per_page(logged_in, scenario, make_event, chromium):
    empty = make_event(round_count=3)
    blank = logged_in.get(f"/o/events/{empty}/export/html").data
    # the cover, then a page per chapter: summary, method, participation, three questions,
    # the harvest question, agreement, and the two annexes
    assert pdf_pages(blank, chromium, "empty.pdf") == 11
    full = logged_in.get(f"/o/events/{scenario[0]}/export/html").data
    assert pdf_pages(full, chromium, "reference.pdf") > 5
