"""The organiser's pages in a real Chromium at 1366×768, the landing and error pages at
390×844 (screenshots in tests/artifacts/organiser/), and the print sheets printed to PDF
with their pages counted: the poster is one page, each table tent one page, host cards
four to a page, one table's cards two pages. Also: publishing asks first, and a dismissed
question changes nothing; a round started by mistake on the control panel is undone from
the bar that appears for a few seconds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.servers import add_organiser, load_demo, make_server

ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "organiser"
TABLES = 12  # the reference scenario's


@pytest.fixture
def demo_server(tmp_path):
    running = make_server(tmp_path / "inst")
    links = load_demo(running)
    add_organiser(running, "organiser")
    running.start()
    yield running, links
    running.stop()


@pytest.fixture
def page(demo_server, chromium):
    running, _links = demo_server
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="it-IT")
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(running.url + "/login?lang=it")
    page.fill("#username", "organiser")
    page.fill("#password", "correct horse")
    page.click("button[type=submit]")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield page
    context.close()


def pdf_pages(page, url: str, name: str) -> int:
    page.goto(url)
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    (ARTIFACTS / name).write_bytes(pdf)
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_print_sheets_come_out_as_the_pages_staff_expect(demo_server, page):
    running, links = demo_server
    sheets = links["organiser"] + "/print"
    assert pdf_pages(page, sheets + "?what=poster", "poster.pdf") == 1
    assert pdf_pages(page, sheets + "?what=tents", "tents.pdf") == TABLES
    assert pdf_pages(page, sheets + "?what=hosts", "host-cards.pdf") == -(-TABLES // 4)
    assert pdf_pages(page, sheets + "?table=7", "table-7.pdf") == 2
    assert pdf_pages(page, sheets, "everything.pdf") == 1 + TABLES + -(-TABLES // 4)
    page.goto(sheets + "?what=poster")
    poster = page.locator(".sheet.poster").text_content()
    assert "Unione dei Comuni del Distretto Ceramico" in poster
    assert "25 ottobre 2019, 10:00" in poster and "Crogiolo Marazzi" in poster
    page.goto(sheets + "?table=7")
    assert page.locator(".tent-face .big-number").all_inner_texts() == ["7", "7"]
    assert page.locator(".host-card h2").all_inner_texts() == ["Tavolo 7"]


def test_organiser_pages_at_1366(demo_server, page):
    running, links = demo_server
    event = links["organiser"]
    for name, url in (
        ("landing", running.url + "/"),
        ("events", running.url + "/o/"),
        ("event", event),
        ("edit", event + "/edit"),
        ("new", running.url + "/o/events/new"),
        ("print", event + "/print"),
        ("privacy", event + "/privacy/"),
        ("seating", event + "/seating/"),
        ("panel", event + "/run/"),
        ("missing", running.url + "/o/events/999999"),
    ):
        page.goto(url)
        page.screenshot(path=str(ARTIFACTS / f"{name}-1366.png"), full_page=True)
    page.goto(event)
    assert page.locator("a[href$='/privacy/']").first.is_visible()
    phone = page.context.browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    for name, url in (("landing", running.url + "/?lang=it"), ("missing", running.url + "/x")):
        phone.goto(url)
        phone.screenshot(path=str(ARTIFACTS / f"{name}-390.png"), full_page=True)
    assert phone.locator("a[href='/']").count() == 1  # the error page's way onward
    phone.context.close()


def test_publishing_asks_first_and_cancel_changes_nothing(demo_server, page):
    _running, links = demo_server
    page.goto(links["organiser"] + "/seating/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    button = page.locator("form[action$='/seating/publish'] button")
    label = button.inner_text()
    button.click()
    assert page.locator("form[action$='/seating/publish']").count() == 1  # not published
    assert button.is_enabled() and button.inner_text() == label  # and not shown as busy
    form = "form[action$='/seating/publish']"
    # Hold the form back after busy.js has seen it go (listeners run in order), to look.
    page.eval_on_selector(form, "f => f.addEventListener('submit', e => e.preventDefault())")
    page.once("dialog", lambda dialog: dialog.accept())
    button.click()
    page.wait_for_selector(form + " button:disabled")
    busy = page.get_attribute(form, "data-busy")
    assert busy.startswith("Sto preparando") and button.inner_text() == busy  # Italian page
    assert page.get_attribute(form, "aria-busy") == "true"
    page.eval_on_selector(form, "f => f.submit()")  # now it goes (no submit event)
    page.wait_for_selector(".flash")
    assert page.locator("form[action$='/seating/publish']").count() == 0


def test_the_replan_preview_link_says_it_is_planning_until_the_page_comes(demo_server, page):
    _running, links = demo_server
    page.goto(links["panel"])
    link = page.locator("a[href$='/replan']")
    label = link.inner_text()
    # Keep the page here after busy.js has seen the click (listeners run in order), to look.
    link.evaluate("a => a.addEventListener('click', e => e.preventDefault())")
    link.click()
    busy = link.get_attribute("data-busy")
    assert busy.startswith("Sto preparando") and link.inner_text() == busy
    assert link.get_attribute("aria-busy") == "true"
    # Back from the history (a page restored from the cache): no longer busy.
    page.evaluate("dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    assert link.inner_text() == label and link.get_attribute("aria-busy") is None


def test_a_round_started_by_mistake_is_undone_from_the_bar(demo_server, page):
    _running, links = demo_server
    page.goto(links["panel"])
    page.wait_for_selector("#status.online")
    assert page.locator("#undo-bar").is_hidden()
    page.click("#next-step")
    page.wait_for_selector("#undo-bar:not([hidden])")
    assert "Turno 1 di 3" in page.locator("#undo-text").inner_text()
    page.screenshot(path=str(ARTIFACTS / "panel-undo-1366.png"))
    page.click("#undo-bar button")
    page.wait_for_function("() => document.querySelector('#undo-bar').hidden")
    page.wait_for_function(
        "() => document.querySelector('#phase-title').textContent.startsWith('Accoglienza')"
    )
    page.reload()  # the server holds it too: the page drawn afresh is at check-in again
    page.wait_for_selector("#status.online")
    assert page.locator("#next-step").inner_text() == "Avvia il turno 1"
