"""A morning in real Chromium against a real `cafe run`: two organiser panels, a wall, three
participant phones and a host phone, run from the control panel alone.

Round 1 ends: each phone shows "Move to Table N" with the table the plan says and the
wall shows "Time to move" (and chimes). Pause shows paused everywhere. The server is
killed and restarted mid-round: every screen recovers without a reload and shows the same
remaining time within a second. At 0:00 the wall, the panels and the phones say time is up.
A host hands over to a participant, whose phone turns into the host page. A host link
replaced while the phone was offline says so plainly, and the unsent note goes out from the
new card's page. Screenshots of every phase on every screen go to tests/artifacts/morning/.

Bad inputs tried: a control clicked where it is refused ("back one step" after the round
has notes), and a clock control sent while the server is down (the panel says so).
"""

from __future__ import annotations

import re
import shutil
import sqlite3

import pytest

from tests.servers import add_organiser, load_demo, make_server, organiser_socket
from tests.test_browser import ARTIFACTS, PHONE, TIMEOUT_MS, WiFi, launched_chromium

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "morning"
PANEL = dict(viewport={"width": 1366, "height": 768})
TABLET = dict(viewport={"width": 1280, "height": 720})
WALL = dict(viewport={"width": 1920, "height": 1080})
PHONES = ["Uno Telefono", "Due Telefono", "Tre Telefono"]
HARVEST_QUESTION = "Qual è l'idea più importante che portate a casa da questa mattina?"
STRANDED = "Scritta senza rete, poi il link è stato sostituito"
SECONDS_JS = """sel => { const t = document.querySelector(sel).textContent;
  const m = t.match(/(\\d+):(\\d\\d)/); return m ? Number(m[1]) * 60 + Number(m[2]) : null; }"""


@pytest.fixture
def browser():
    # The projector's chime needs no click in the test: the switch is tested by hand.
    yield from launched_chromium("--autoplay-policy=no-user-gesture-required")


@pytest.fixture
def server(tmp_path):
    running = make_server(tmp_path / "inst").start()
    add_organiser(running)
    yield running
    running.stop()


def _page(browser, **options):
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _login(page, server) -> None:
    page.goto(server.url + "/login")
    page.fill("#username", "anna")
    page.fill("#password", "correct horse")
    page.click("button[type=submit]")


def _planned_table(server, name: str, round_number: int) -> int:
    """The table the stored plan gives `name` in a round (read from the server's SQLite)."""
    with sqlite3.connect(server.instance / "cafe.db") as conn:
        row = conn.execute(
            "SELECT t.number FROM seat s JOIN participant p ON p.id = s.participant_id "
            "JOIN cafe_table t ON t.id = s.table_id WHERE p.name = ? AND s.round_number = ?",
            (name, round_number),
        ).fetchone()
    return row[0]


def _seconds(page, selector: str) -> int | None:
    return page.evaluate(SECONDS_JS, selector)


def _everyone_online(pages) -> None:
    for page in pages:
        page.wait_for_selector("#status.online")


# Twice under heavy load (several full suites and Chromiums on 2 cores) this test hung
# with Chromium's network service spinning; it never hung alone. Until the cause is found,
# a hang fails after 5 minutes with the stacks printed, and the test runs once more.
@pytest.mark.flaky(reruns=1)
@pytest.mark.timeout(300)
def test_a_morning_from_the_control_panel(browser, server):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    links = load_demo(server, owner="anna")
    event_id = int(links["organiser"].rstrip("/").rsplit("/", 1)[1])

    panel = _page(browser, **PANEL)
    _login(panel, server)
    panel.goto(links["panel"])
    second = _page(browser, **TABLET)
    _login(second, server)
    second.goto(f"{server.url}/o/events/{event_id}/run/")
    wall = _page(browser, **WALL)
    wall.goto(links["wall"])
    phones = []
    for name in PHONES:
        context = browser.new_context(**PHONE)
        context.set_default_timeout(TIMEOUT_MS)
        sleeper = WiFi(context)  # the last phone's is switched off at the end of round 1
        phone = context.new_page()
        phone.goto(links["join"])
        phone.fill("#name", name)
        phone.click("form.card button[type=submit]")
        phone.wait_for_url(re.compile(r"/p/"))
        phones.append(phone)
    host_context = browser.new_context(**PHONE)
    host_context.set_default_timeout(TIMEOUT_MS)
    wifi = WiFi(host_context)
    host = host_context.new_page()
    host.goto(links["hosts"]["1"])
    screens = [panel, second, wall, *phones, host]
    _everyone_online(screens)

    # Check-in: the wall is the check-in screen; the panel counts the walk-ins.
    expect(wall.locator("#wall-checkin")).to_be_visible()
    expect(wall.locator("#checkin-count")).to_contain_text("3")
    expect(panel.locator("#arrived-count")).to_have_text("3")
    expect(second.locator("#arrived-count")).to_have_text("3")
    panel.fill("#people-search", "Valentina")
    panel.locator("#people-list button").first.click()
    expect(second.locator("#arrived-count")).to_have_text("4")
    _shots_of_all(screens, "1-checkin")

    # Round 1 starts from the panel; both panels, the wall and the phones follow.
    panel.click("#next-step")
    for page in (panel, second):
        expect(page.locator("#phase-title")).to_contain_text("1")
        expect(page.locator("#next-step")).to_contain_text("1")
    expect(wall.locator("#wall-round-view")).to_be_visible()
    expect(wall.locator("#wall-clock")).to_have_text(re.compile(r"^\d+:\d\d$"))
    for phone in phones:
        expect(phone.locator("#phone-clock")).to_contain_text(re.compile(r"\d+:\d\d"))
    host.fill("#note-text", "Serve più verde tra i capannoni")
    host.click("#send")
    expect(wall.locator("#wall-notes li.wall-note")).to_have_count(1)
    _shots_of_all(screens, "2-round")

    # Undoing the start is refused now that the round has a note; the panel says why.
    panel.click("[data-action=back]")
    expect(panel.locator("#control-error")).to_be_visible()
    expect(panel.locator("#phase-title")).to_contain_text("1")

    # Pause shows paused everywhere; the time left stands still.
    panel.click("[data-action=pause]")
    expect(wall.locator("#wall-clock.paused")).to_be_visible()
    expect(second.locator("[data-action=resume]")).to_be_visible()
    for phone in phones:
        expect(phone.locator("#phone-clock")).to_contain_text(re.compile(r"paus", re.I))
    _shots_of_all(screens, "3-paused")
    panel.click("[data-action=resume]")
    expect(wall.locator("#wall-clock.paused")).to_have_count(0)

    # The server dies mid-round and comes back: every screen recovers without a reload.
    markers = [page.evaluate("() => (window.__kept = performance.timeOrigin)") for page in screens]
    server.kill()
    for page in screens:
        page.wait_for_selector("#status:not(.online)")
    server.start()
    _everyone_online(screens)
    kept = [page.evaluate("() => window.__kept") for page in screens]
    assert kept == markers  # same documents: nobody reloaded
    readings = _read_countdowns(panel, wall, phones)
    assert max(readings) - min(readings) <= 1, readings
    assert 23 * 60 < min(readings) <= 25 * 60, readings

    # Round 1 ends: each phone shows the table the plan says; the wall says time to move.
    # The third phone is asleep (offline) then, and shows the card when it wakes up.
    sleeper.down()
    panel.click("#next-step")
    expect(wall.locator("#wall-moving")).to_be_visible()
    expect(wall.locator("#moving-title")).to_be_visible()
    wall.wait_for_function("() => Number(document.body.dataset.chimes || 0) >= 1")
    expect(phones[0].locator("#move-card")).to_be_visible()
    expect(phones[2].locator("#move-card")).to_be_hidden()
    sleeper.up()
    for name, phone in zip(PHONES, phones, strict=True):
        table = _planned_table(server, name, 2)
        expect(phone.locator("#move-card")).to_be_visible()
        expect(phone.locator("#move-title")).to_have_text(re.compile(rf"\b{table}$"))
    expect(host.locator("#round-label")).to_contain_text("1")
    expect(host.locator("#round-hint")).to_be_visible()
    _shots_of_all(screens, "4-moving")
    for phone in phones:
        phone.click("#move-ok")
        expect(phone.locator("#move-card")).to_be_hidden()

    # Round 2: the host is shown round 1's notes to brief the newcomers.
    panel.click("#next-step")
    expect(host.locator("#recap-card")).to_be_visible()
    expect(host.locator("#recap-notes")).to_contain_text("Serve più verde")
    _shots_of_all(screens, "5-round-2")
    host.click("#recap-ok")

    # The host link is replaced while the phone is offline with a note unsent: the phone
    # says so plainly, and the note goes out once the host scans the new card.
    wifi.down()
    host.fill("#note-text", STRANDED)
    host.click("#send")
    expect(host.locator("#notes")).to_contain_text(STRANDED)
    _replace_host_link(panel, links, server)
    wifi.up()
    expect(host.locator("#replaced-card")).to_be_visible()
    expect(host.locator("#replaced-unsent")).to_be_visible()
    _shot(host, "5-replaced-host")
    host.goto(f"{server.url}/h/{_host_token(server, 1)}")
    expect(wall.locator("#wall-notes")).to_contain_text(STRANDED)
    expect(host.locator("#notes .state-saved")).to_have_count(1)

    # The second phone's person leaves: the phone thanks them, the panels show it.
    phones[1].once("dialog", lambda dialog: dialog.accept())
    phones[1].click("#leave")
    expect(phones[1].locator("#left-card")).to_be_visible()
    second.fill("#people-search", PHONES[1])
    expect(second.locator("#people-list li.left")).to_have_count(1)
    _shot(phones[1], "5-left-phone-2")

    # At 0:00 something happens: the wall says time is up (and chimes), the panel offers
    # "end now" and "+2 minutes", the phones say so too.
    organiser = _organiser_socket(panel, server, event_id)
    chimes = _chimes(wall)
    assert organiser.call("clock", {"action": "extend", "minutes": -60})["ok"]
    expect(wall.locator("#wall-clock.time-up")).to_contain_text("0:00")
    expect(panel.locator("#time-up")).to_be_visible()
    expect(second.locator("#time-up")).to_be_visible()
    expect(phones[0].locator("#phone-clock")).to_contain_text(re.compile("scadut|up", re.I))
    expect(host.locator("#host-clock")).to_contain_text(re.compile("scadut|up", re.I))
    wall.wait_for_function(f"() => Number(document.body.dataset.chimes) > {chimes}")
    _shots_of_all(screens, "5-time-up")
    panel.click("#time-up [data-action=extend]")
    expect(second.locator("#time-up")).to_be_hidden()
    expect(wall.locator("#wall-clock")).to_have_text(re.compile(r"^[12]:\d\d$"))
    panel.click("[data-action=extend][data-minutes='-1']")
    expect(wall.locator("#wall-clock.last-minute")).to_be_visible()
    _shot(wall, "5-last-minute-wall-1920")
    organiser.disconnect()

    # The host of table 2 leaves; the organiser hands the table to the first phone, which
    # turns into table 2's host page by itself.
    panel.select_option("#handover-table", _table_id(server, 2))
    panel.select_option("#handover-successor", label=PHONES[0])
    panel.click("#handover-form button[type=submit]")
    phones[0].wait_for_url(re.compile(r"/h/"))
    expect(phones[0].locator(".host-head h1")).to_contain_text("2")
    expect(phones[0].locator("#note-form")).to_be_visible()
    panel.wait_for_selector("#status.online")
    expect(panel.locator("#tables-body tr").nth(1)).to_contain_text(PHONES[0])

    # The chime switched off on the wall (key S) stays off when round 2 ends.
    wall.keyboard.press("s")
    expect(wall.locator("#chime-toggle")).to_have_attribute("aria-pressed", "false")
    chimes = _chimes(wall)

    # The organiser skips to the harvest after round 2: no note form, the phones thank.
    panel.click("#next-step")
    expect(wall.locator("#wall-moving")).to_be_visible()
    assert _chimes(wall) == chimes
    panel.click("[data-action=finish]")
    # The harvest: the wall shows the closing question and the notes (issue 8), the
    # thank-you screen comes when the event is closed.
    expect(wall.locator("#wall-round-view")).to_be_visible()
    expect(wall.locator("#wall-question")).to_have_text(HARVEST_QUESTION)
    expect(phones[1].locator("#left-card")).to_be_visible()
    for phone in phones[2:]:
        expect(phone.locator("#over-card")).to_be_visible()
        expect(phone.locator("#seat-now")).to_be_hidden()
    for a_host in (host, phones[0]):
        expect(a_host.locator("#note-form")).to_be_hidden()
        expect(a_host.locator("#host-over")).to_be_visible()
    _shots_of_all(screens, "6-harvest")
    panel.click("#next-step")
    expect(second.locator("#next-step")).to_be_disabled()
    expect(wall.locator("#wall-thanks")).to_be_visible()


def _chimes(wall) -> int:
    return wall.evaluate("() => Number(document.body.dataset.chimes || 0)")


def _organiser_socket(panel, server, event_id: int):
    """A Socket.IO client with the panel's login, for controls the panel has no button for."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in panel.context.cookies())
    return organiser_socket(server, event_id, cookie)


def _replace_host_link(panel, links, server) -> None:
    """The organiser presses "New link for table 1" on the event page."""
    page = panel.context.new_page()
    page.goto(links["organiser"])
    form = page.locator("form[action$='/revoke/table-1']")
    page.locator("tr", has=form).locator("summary").click()
    form.locator("button").click()
    page.close()


def _table_id(server, number: int) -> str:
    with sqlite3.connect(server.instance / "cafe.db") as conn:
        row = conn.execute("SELECT id FROM cafe_table WHERE number = ?", (number,)).fetchone()
    return str(row[0])


def _host_token(server, number: int) -> str:
    with sqlite3.connect(server.instance / "cafe.db") as conn:
        return conn.execute(
            "SELECT host_token FROM cafe_table WHERE number = ?", (number,)
        ).fetchone()[0]


def _read_countdowns(panel, wall, phones) -> list[int]:
    """The seconds each screen shows, read one after the other within a few milliseconds."""
    values = [_seconds(panel, "#run-countdown"), _seconds(wall, "#wall-clock")]
    values += [_seconds(phone, "#phone-clock") for phone in phones]
    assert None not in values, values
    return values


def _shots_of_all(screens, phase: str) -> None:
    names = ["panel-1366", "panel-1280", "wall-1920", "phone-1", "phone-2", "phone-3", "host"]
    for page, name in zip(screens, names, strict=True):
        _shot(page, f"{phase}-{name}")
    for page, name, size in (
        (screens[2], "wall-1280", (1280, 720)),
        (screens[1], "tablet", (820, 1180)),
    ):
        before = page.viewport_size
        page.set_viewport_size({"width": size[0], "height": size[1]})
        _shot(page, f"{phase}-{name}")
        page.set_viewport_size(before)


def test_the_wall_asks_for_one_click_before_it_can_chime(server):
    """Browsers play no sound before a click or key on the page: the wall asks for one, and
    after it the switch leaves the projection (S switches the chime, showing it a moment)."""
    from playwright.sync_api import expect

    links = load_demo(server, owner="anna")
    for chromium in launched_chromium():
        for gesture in ("click", "key"):
            wall = chromium.new_page()
            wall.goto(links["wall"])
            switch = wall.locator("#chime-toggle")
            expect(switch).to_have_class(re.compile(r"\bblocked\b"))
            expect(switch).to_have_attribute("aria-pressed", "false")
            expect(switch).to_be_visible()
            if gesture == "click":
                switch.click()
            else:
                wall.keyboard.press("Enter")
            expect(switch).to_be_hidden()
            expect(switch).to_have_attribute("aria-pressed", "true")
            wall.mouse.click(5, 5)  # a later click anywhere changes nothing
            expect(switch).to_be_hidden()
            expect(switch).to_have_attribute("aria-pressed", "true")
            wall.keyboard.press("s")
            expect(switch).to_have_attribute("aria-pressed", "false")
            expect(switch).to_have_text(re.compile("off|spento", re.I))
            expect(switch).to_be_hidden(timeout=5000)
            wall.close()
