"""Phones in real Chromium at a LAN-like address (issue 24): a host name mapped to 127.0.0.1,
so the page is not a secure context, as on the venue's plain-HTTP Wi-Fi (a test on
127.0.0.1 would get what no phone gets there).

Without network, the host and seat pages open again from the phone (the QR scanned again,
a tap on a link), show what they last knew and say plainly they are offline; a note written
then waits and goes out when the Wi-Fi is back; a reload asks first; a photo chosen offline
shows from the phone. During the morning: a refused fourth star goes back and is said once,
beside the star; the note kind starts again at "idea"; tags chosen on the panel reach the
host phone without a reload; a long question can be read whole; the host is "here" at her
own table; the vote card says how to vote before any dot, and "closed" once the event is.
Screenshots go to tests/artifacts/phones/.

Bad inputs tried: a star past the limit, a reload while offline, a dot after closing.
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from tests.servers import add_organiser, free_port, load_demo, make_server, organiser_socket
from tests.test_browser import ARTIFACTS, PHONE, TIMEOUT_MS, WiFi, launched_chromium

pytestmark = pytest.mark.browser

VENUE = "cafe.test"
SLOW_MS = 20_000  # a burst of notes and marks goes by the server's slow lane (issue 23)
SHOTS = ARTIFACTS / "phones"
SAVED = "Salvata prima che cadesse la rete"
OFFLINE = "Scritta senza rete dopo aver riaperto la pagina"
LONG_QUESTION = (
    "Pensando ai prossimi dieci anni del distretto, quali scelte concrete dovrebbero fare "
    "insieme il comune, le imprese, le scuole e le associazioni perché i giovani restino, "
    "trovino lavoro di qualità e sentano che il territorio è anche loro, e che cosa "
    "potreste fare voi già da domani mattina?"
)


@pytest.fixture
def browser():
    yield from launched_chromium(f"--host-resolver-rules=MAP {VENUE} 127.0.0.1")


@pytest.fixture
def venue(tmp_path):
    """A real server that phones reach at http://cafe.test:<port>, with the demo loaded."""
    port = free_port()
    server = make_server(
        tmp_path / "inst", port=port, CAFE_PUBLIC_URL=f"http://{VENUE}:{port}"
    ).start()
    add_organiser(server)
    links = load_demo(server, owner="anna")
    yield server, links
    server.stop()


def _phone(browser):
    context = browser.new_context(**PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    return context, WiFi(context)


def _joined_phone(browser, links, name: str):
    """A phone that joined at the door as `name`, on its seat page and online."""
    context, wifi = _phone(browser)
    phone = context.new_page()
    phone.goto(links["join"])
    phone.fill("#name", name)
    phone.click("form.card button[type=submit]")
    phone.wait_for_url(re.compile(r"/p/"))
    phone.wait_for_selector("#status.online")
    return context, wifi, phone


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _organiser(browser, server, links):
    """A logged-in control panel page and a Socket.IO client with its login."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.set_default_timeout(TIMEOUT_MS)
    panel = context.new_page()
    panel.goto(f"http://{VENUE}:{server.port}/login")
    panel.fill("#username", "anna")
    panel.fill("#password", "correct horse")
    panel.click("button[type=submit]")
    panel.goto(links["panel"])
    panel.wait_for_selector("#status")
    event_id = int(links["organiser"].rstrip("/").rsplit("/", 1)[1])
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
    return panel, organiser_socket(server, event_id, cookie)


def _control(socket, event: str, data: dict) -> dict:
    reply = socket.call(event, data, timeout=10)
    assert reply["ok"], reply
    return reply


def _note_state(page, text: str) -> str:
    item = page.locator("#notes li.note", has_text=text)
    return item.locator(".meta [class^='state-']").get_attribute("class")


def test_the_host_page_opens_again_without_network_and_keeps_writing(browser, venue):
    from playwright.sync_api import expect

    expect.set_options(timeout=SLOW_MS)

    server, links = venue
    context, wifi = _phone(browser)
    host = context.new_page()
    host.goto(links["hosts"]["1"])
    assert host.url.startswith(f"http://{VENUE}:")
    assert host.evaluate("window.isSecureContext") is False  # as at the venue: no SW here
    assert host.evaluate("'serviceWorker' in navigator") is False
    host.wait_for_selector("#status.online")
    host.fill("#note-text", SAVED)
    host.click("#send")
    expect(host.locator("#notes li.note", has_text=SAVED).locator(".state-saved")).to_be_visible()
    expect(host.locator("#offline-banner")).to_be_hidden()

    wifi.down()
    expect(host.locator("#offline-banner")).to_be_visible()
    host.goto(links["hosts"]["1"])  # the host card scanned again, with no network
    expect(host.locator(".host-head h1")).to_have_text(re.compile(r"1"))
    expect(host.locator("#offline-banner")).to_be_visible()
    expect(host.locator("#offline-banner")).to_contain_text(re.compile(r"\d\d[:.]\d\d"))
    expect(host.locator("#notes li.note", has_text=SAVED)).to_be_visible()  # what it knew
    assert host.evaluate("document.documentElement.classList.contains('is-offline')")
    host.fill("#note-text", OFFLINE)
    host.click("#send")
    expect(
        host.locator("#notes li.note", has_text=OFFLINE).locator(".state-waiting")
    ).to_be_visible()
    _shot(host, "host-offline-reopened")

    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # "stay on the page"

    host.on("dialog", answer)
    host.locator("#note-text").click()  # browsers ask only on a page someone has touched
    host.evaluate("location.reload()")
    host.wait_for_timeout(500)  # no event tells that a navigation was cancelled
    assert asked == ["beforeunload"]
    expect(host.locator("#notes li.note", has_text=OFFLINE)).to_be_visible()

    wifi.up()
    expect(host.locator("#status.online")).to_be_visible()
    expect(host.locator("#offline-banner")).to_be_hidden()
    expect(host.locator("#notes li.note", has_text=OFFLINE).locator(".state-saved")).to_be_visible()
    host.remove_listener("dialog", answer)
    host.reload()  # online: no question
    assert asked == ["beforeunload"]
    context.close()


def test_the_seat_page_opens_again_without_network(browser, venue):
    from playwright.sync_api import expect

    expect.set_options(timeout=SLOW_MS)

    server, links = venue
    context, wifi, phone = _joined_phone(browser, links, "Offline Telefono")
    table = phone.text_content("#seat-table")
    assert table and table.isdigit()
    assert phone.evaluate("window.isSecureContext") is False
    seat_url = phone.url

    wifi.down()
    phone.goto(seat_url)  # a tap on the bookmark or the link, with no network
    expect(phone.locator("#seat-table")).to_have_text(table)
    expect(phone.locator("#offline-banner")).to_be_visible()
    _shot(phone, "seat-offline-reopened")
    wifi.up()
    expect(phone.locator("#offline-banner")).to_be_hidden()
    context.close()


def test_a_photo_chosen_offline_shows_from_the_phone(browser, venue, tmp_path):
    from PIL import Image
    from playwright.sync_api import expect

    expect.set_options(timeout=SLOW_MS)

    server, links = venue
    picture = tmp_path / "tovaglia.jpg"
    Image.new("RGB", (640, 480), (200, 90, 40)).save(picture)
    context, wifi = _phone(browser)
    host = context.new_page()
    host.goto(links["hosts"]["1"])
    host.wait_for_selector("#status.online")
    wifi.down()
    host.set_input_files("#photo-input", str(picture))
    thumb = host.locator("#photo-list li.photo-item img").first
    expect(thumb).to_be_visible()
    host.wait_for_function(
        "() => { const i = document.querySelector('#photo-list img'); "
        "return i && i.complete && i.naturalWidth === 640; }"
    )
    _shot(host, "host-photo-offline")
    context.close()


def _set_question(server, round_number: int, text: str) -> None:
    with sqlite3.connect(server.instance / "cafe.db") as conn:
        conn.execute("UPDATE round SET question = ? WHERE number = ?", (text, round_number))


def test_the_host_morning_stars_kinds_tags_question_and_presence(browser, venue):
    from playwright.sync_api import expect

    expect.set_options(timeout=SLOW_MS)

    server, links = venue
    _set_question(server, 1, LONG_QUESTION)
    panel, organiser = _organiser(browser, server, links)
    context, _wifi = _phone(browser)
    host = context.new_page()
    host.goto(links["hosts"]["1"])
    host.wait_for_selector("#status.online")

    # The host is here at her own table, ticked at the desk or not.
    first = host.locator("#expected-list li").first
    expect(first.locator(".pill")).to_be_visible()
    expect(first).to_have_class("here")
    expect(first).not_to_contain_text(re.compile(r"non ancora|not here"))

    # The long question: three lines in the header, the rest one tap away.
    question = host.locator("#question")
    more = host.locator("#question-more")
    expect(more).to_be_visible()
    clamped = question.bounding_box()["height"]
    more.click()
    expect(more).to_have_attribute("aria-expanded", "true")
    assert question.bounding_box()["height"] > clamped + 20
    _shot(host, "host-question-whole")
    more.click()
    expect(more).to_have_attribute("aria-expanded", "false")

    # Each note starts as an idea again, whatever the last one was.
    host.check("input[name=kind][value=proposal]")
    for n in range(4):
        host.fill("#note-text", f"Nota numero {n}")
        host.click("#send")
        expect(host.locator("input[name=kind][value=idea]")).to_be_checked()
        expect(
            host.locator("#notes li.note", has_text=f"Nota numero {n}").locator(".state-saved")
        ).to_be_visible()
    assert (
        host.locator("#notes li.note", has_text="Nota numero 0").get_attribute("data-kind")
        == "proposal"
    )

    # Three stars are allowed; the fourth is refused, goes back, and is said once beside it.
    for n in range(4):
        host.locator("#notes li.note", has_text=f"Nota numero {n}").locator("button.star").click()
        if n < 3:
            expect(
                host.locator("#notes li.note", has_text=f"Nota numero {n}").locator("button.star")
            ).to_have_attribute("aria-pressed", "true")
    fourth = host.locator("#notes li.note", has_text="Nota numero 3")
    expect(fourth.locator(".field-error")).to_have_count(1)
    expect(fourth.locator("button.star")).to_have_attribute("aria-pressed", "false")
    assert "state-saved" in _note_state(host, "Nota numero 3")
    assert host.locator("#notes .field-error").count() == 1
    _shot(host, "host-star-refused")
    host.reload()
    host.wait_for_selector("#status.online")
    expect(
        host.locator("#notes li.note", has_text="Nota numero 3").locator("button.star")
    ).to_have_attribute("aria-pressed", "false")
    assert host.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('cafe.outbox.'))"
        ".every(k => JSON.parse(localStorage[k]).length === 0)"
    )

    # Tags chosen on the panel reach the host phone without a reload.
    panel.fill("#tag-choices", "acqua\nscuola")
    panel.locator("#marks-form button[type=submit]").click()
    summary = host.locator("#notes li.note", has_text="Nota numero 1").locator("summary")
    summary.click()
    expect(
        host.locator("#notes li.note", has_text="Nota numero 1").locator("label.check")
    ).to_have_text([re.compile("acqua"), re.compile("scuola")])
    organiser.disconnect()
    context.close()


def test_the_vote_card_says_how_to_vote_and_when_voting_has_closed(browser, venue):
    from playwright.sync_api import expect

    expect.set_options(timeout=SLOW_MS)

    server, links = venue
    panel, organiser = _organiser(browser, server, links)
    hostctx, _ = _phone(browser)
    host = hostctx.new_page()
    host.goto(links["hosts"]["1"])
    host.wait_for_selector("#status.online")
    host.fill("#note-text", "Un'idea da votare")
    host.click("#send")
    host.locator("#notes li.note", has_text="Un'idea da votare").locator("button.star").click()
    expect(
        host.locator("#notes li.note", has_text="Un'idea da votare").locator(".state-saved")
    ).to_be_visible()
    context, _wifi, phone = _joined_phone(browser, links, "Votante Telefono")

    _control(organiser, "clock", {"action": "start"})
    _control(organiser, "clock", {"action": "finish"})
    _control(organiser, "voting", {"action": "open", "dots": 3, "stack": False})
    card = phone.locator("#vote-card")
    expect(card).to_be_visible()
    expect(phone.locator("#vote-left")).to_have_text(re.compile(r"3"))
    expect(phone.locator("#vote-state")).not_to_contain_text(re.compile(r"salvat|saved"))
    phone.locator("#vote-list button[aria-label]").last.click()
    expect(phone.locator("#vote-state")).to_contain_text(re.compile(r"salvat|saved"))
    expect(phone.locator("#vote-left")).to_have_text(re.compile(r"2"))
    _shot(phone, "vote-open")

    _control(organiser, "clock", {"action": "close"})
    expect(phone.locator("#vote-left")).to_have_text(re.compile(r"chius|closed"))
    expect(phone.locator("#vote-list li")).to_have_count(0)
    _shot(phone, "vote-closed")
    panel.reload()
    expect(panel.locator("#voting-now")).not_to_contain_text(re.compile(r"aperto|open"))
    organiser.disconnect()
    context.close()
    hostctx.close()
