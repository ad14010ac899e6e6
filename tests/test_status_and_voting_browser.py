"""Two details of the morning in real Chromium against a real `cafe run`: the wall's
connection label and dot stay readable in every phase (WCAG AA: 4.5:1 for the text, 3:1
for the dot, on the ground they really sit on, online and offline), and once the event is
closed the panel's "Open the voting" cannot be pressed and says why (the server refuses
it too: tests/test_votes.py).

Bad inputs tried: the wall's corner over the rust "time to move" screen (where the old
green dot measured 1.2:1), the network gone (the amber "reconnecting" dot), a click on
the disabled button."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.morning_screens import Morning, cookie_of, login
from tests.servers import load_demo
from tests.test_browser import ARTIFACTS, TIMEOUT_MS
from tests.test_door_browser import SIZES

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "status-voting"

CONTRAST_JS = (Path(__file__).parent / "js" / "status_contrast.js").read_text()


def _shots(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"))


def _readable(wall, where: str) -> None:
    found = wall.evaluate(CONTRAST_JS)
    assert found["text"] >= 4.5, (where, found)
    assert found["dot"] >= 3.0, (where, found)


@pytest.mark.timeout(240)
def test_the_walls_status_is_readable_and_a_closed_event_cannot_open_voting(chromium, live_server):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    server = live_server
    links = load_demo(server, owner="anna")
    wall_context = chromium.new_context(viewport={"width": 1920, "height": 1080})
    wall_context.set_default_timeout(TIMEOUT_MS)
    wall = wall_context.new_page()
    wall.goto(links["wall"] + "?lang=it")
    expect(wall.locator("#status.online")).to_have_text("Connesso")
    _readable(wall, "checkin, online")
    wall_context.set_offline(True)
    expect(wall.locator("#status")).not_to_have_class("status online")
    _readable(wall, "checkin, offline")
    wall_context.set_offline(False)
    expect(wall.locator("#status.online")).to_be_visible()

    panel = chromium.new_context(viewport={"width": 1366, "height": 768}).new_page()
    panel.set_default_timeout(TIMEOUT_MS)
    login(panel, server)
    morning = Morning(server, links, cookie_of(panel))
    try:
        morning.clock("next")
        morning.write_round(1, long=False)
        morning.clock("end")
        expect(wall.locator(".wall-moving")).to_be_visible()
        _readable(wall, "moving")
        _shots(wall, "wall-moving")
        wall.set_viewport_size(SIZES["projector-1080"])
        morning.clock("finish")
        morning.clock("close")
    finally:
        morning.close()
    _readable(wall, "closed")
    panel.goto(links["panel"] + "?lang=it")
    panel.wait_for_selector("#status.online")
    opening = panel.get_by_role("button", name="Apri il voto")
    expect(opening).to_be_disabled()
    expect(panel.locator("#voting-ended")).to_have_text(
        "L’evento è chiuso: il voto non si può riaprire."
    )
    assert opening.get_attribute("aria-describedby") == "voting-ended"
    panel.locator("#voting-form").scroll_into_view_if_needed()
    _shots(panel, "panel-voting-closed")
    opening.click(force=True)  # a disabled button sends nothing: no error appears
    expect(panel.locator("#voting-error")).to_be_hidden()
