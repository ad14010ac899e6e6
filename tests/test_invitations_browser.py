"""The invitation link in a real Chromium against a real `cafe run`: the owner makes it on
the event page, a second organiser opens it without being logged in, logs in, lands on the
invitation and accepts it. The pages pass axe (the login page too) and are photographed at
the four sizes (tests/artifacts/invitations/)."""

from __future__ import annotations

import re

import pytest

from tests.morning_screens import login
from tests.servers import add_organiser, load_demo
from tests.test_accessibility_browser import AXE, AXE_JS, RULES
from tests.test_browser import ARTIFACTS

pytestmark = pytest.mark.browser

SIZES = [(390, 844), (1366, 768), (1920, 1080), (1280, 720)]
SHOTS = ARTIFACTS / "invitations"


def axe(page) -> list:
    """The WCAG 2.1 A/AA violations axe finds on the page."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_JS, RULES)


def photograph(page, name: str, selector: str) -> None:
    """The page at each size, scrolled to `selector`."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.locator(selector).scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"{name}-{width}x{height}.png"))


@pytest.mark.timeout(300)
def test_a_second_organiser_accepts_the_owners_link(chromium, live_server):
    server = live_server
    add_organiser(server, "bruno")
    links = load_demo(server, owner="anna")
    event_path = re.search(r"/o/events/\d+", links["organiser"]).group(0)
    owner_context = chromium.new_context(
        viewport={"width": 1366, "height": 768}, locale="it-IT", bypass_csp=True
    )
    owner_context.grant_permissions(["clipboard-read", "clipboard-write"])
    owner = owner_context.new_page()
    login(owner, server)
    owner.goto(server.url + event_path)
    title = owner.inner_text("h1")
    owner.click("form[action$='/invitations'] button[type=submit]")
    link = owner.inner_text("#new-invitation").strip()
    assert re.fullmatch(re.escape(server.url) + r"/o/invite/[\w-]{20,}", link)
    owner.click("button[data-copy]")
    owner.wait_for_selector("button[data-copy]:text('Copiato')")
    assert owner.evaluate("navigator.clipboard.readText()") == link
    assert axe(owner) == []
    photograph(owner, "sharing-new-link", "#team-title")

    invitee = chromium.new_page(
        viewport={"width": 390, "height": 844}, locale="it-IT", bypass_csp=True
    )
    invitee.goto(link)
    assert "/login?next=" in invitee.url
    assert invitee.locator("text=torni lì").count() == 1
    assert axe(invitee) == []
    invitee.fill("#username", "bruno")
    invitee.fill("#password", "correct horse")
    invitee.click("button[type=submit]")
    invitee.wait_for_url(re.compile(r"/o/invite/"))
    assert invitee.inner_text(".invitation-event") == title
    assert "anna ti invita" in invitee.inner_text("main")
    assert axe(invitee) == []
    photograph(invitee, "acceptance", "main form button[type=submit]")
    invitee.click("main form button[type=submit]")
    invitee.wait_for_url(re.compile(event_path + r"$"))

    owner.reload()
    team = owner.inner_text("section.team")
    assert (
        "bruno" in team and not owner.locator("section.team form[action*='/invitations/']").count()
    )
    assert axe(owner) == []
    photograph(owner, "sharing-co-organiser", "#team-title")
    invitee.goto(link)  # used up: by the one who used it, nothing more to accept
    assert invitee.locator(f"main a[href$='{event_path}']").count() == 1
    assert invitee.locator("main form").count() == 0
