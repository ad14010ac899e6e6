"""The check-in desk in real Chromium against a real `cafe run`: the desk checks in three
people, adds a walk-in and takes back a tick, and the counts on the wall and on the
control panel follow without a reload. Bad inputs tried: a walk-in typed with the name of
someone on the list (refused next to the field until the desk says it is someone else).
Screenshots of the desk at 1366×768 and 390×844 go to tests/artifacts/desk/."""

from __future__ import annotations

import shutil

import pytest

from tests.servers import add_organiser, load_demo, make_server
from tests.test_browser import ARTIFACTS, PHONE, TIMEOUT_MS, launched_chromium

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "desk"
DESK = dict(viewport={"width": 1366, "height": 768})
PANEL = dict(viewport={"width": 1280, "height": 720})
WALL = dict(viewport={"width": 1920, "height": 1080})
ARRIVING = ["Giulia Giordano", "Sara Zanni", "Enrico Ferrarini"]


@pytest.fixture
def browser():
    yield from launched_chromium()


@pytest.fixture
def server(tmp_path):
    running = make_server(tmp_path / "inst").start()
    add_organiser(running)
    yield running
    running.stop()


def _page(browser, path: str, server, login: bool = True, **options):
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    if login:
        page.goto(server.url + "/login?lang=it")
        page.fill("#username", "anna")
        page.fill("#password", "correct horse")
        page.click("button[type=submit]")
    page.goto(path)
    page.wait_for_selector("#status.online")
    return page


@pytest.mark.timeout(240)
def test_the_desk_checks_people_in_and_the_wall_and_panel_follow(browser, server):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    links = load_demo(server, owner="anna")
    event_path = links["organiser"].split("/o/", 1)[1]
    desk = _page(browser, f"{server.url}/o/{event_path}/run/desk", server, **DESK)
    panel = _page(browser, links["panel"], server, **PANEL)
    wall = _page(browser, links["wall"], server, login=False, **WALL)
    expect(wall.locator("#checkin-count")).to_contain_text("0")

    for count, name in enumerate(ARRIVING, 1):
        desk.fill("#desk-search", name.split()[1][:5].lower())
        desk.click(f'button[aria-label="Segna presente: {name}"]')
        expect(desk.locator("#arrived-count")).to_have_text(str(count))
        expect(panel.locator("#arrived-count")).to_have_text(str(count))
        expect(wall.locator("#checkin-count")).to_contain_text(f"{count} person")
    expect(desk.locator("#desk-list li.done")).to_have_count(1)  # the search shows one row

    desk.fill("#walkin-name", "giordano giulia")
    desk.click("#walkin-form button[type=submit]")
    expect(desk.locator("#e-walkin-name")).to_contain_text("Giulia Giordano è già in elenco")
    expect(desk.locator("#same-name-box")).to_be_visible()
    expect(panel.locator("#arrived-count")).to_have_text("3")

    desk.fill("#walkin-name", "Nadia Nuova")
    desk.select_option("#walkin-group", index=2)
    desk.click("#walkin-form button[type=submit]")
    expect(desk.locator("#walkin-done")).to_have_text("Presenza di Nadia Nuova registrata.")
    expect(desk.locator("#e-walkin-name")).to_be_hidden()
    for page in (desk, panel):
        expect(page.locator("#arrived-count")).to_have_text("4")
    expect(wall.locator("#checkin-count")).to_contain_text("4 persone")
    expect(panel.locator("#people-list")).to_contain_text("Nadia Nuova")
    expect(desk.locator("#desk-list")).to_contain_text("iscrizione all’ingresso")
    desk.screenshot(path=str(SHOTS / "desk-1366x768.png"))

    desk.fill("#desk-search", "giulia")
    desk.click('button[aria-label="Annulla la presenza di Giulia Giordano"]')
    for page in (desk, panel):
        expect(page.locator("#arrived-count")).to_have_text("3")
    expect(wall.locator("#checkin-count")).to_contain_text("3 persone")
    desk.fill("#desk-search", "")

    phone = browser.new_context(**PHONE).new_page()
    phone.set_default_timeout(TIMEOUT_MS)
    phone.goto(server.url + "/login?lang=it")
    phone.fill("#username", "anna")
    phone.fill("#password", "correct horse")
    phone.click("button[type=submit]")
    phone.goto(f"{server.url}/o/{event_path}/run/desk")
    phone.wait_for_selector("#status.online")
    phone.fill("#desk-search", "bar")
    phone.screenshot(path=str(SHOTS / "desk-390x844.png"), full_page=True)
    desk.screenshot(path=str(SHOTS / "desk-list-1366x768.png"))
