"""The door in real Chromium against a real `cafe run` (issues 22 and 24).

Bad inputs tried: a join refused with 429 and Retry-After (as the server or a proxy in
front of it answers a crowd), a join whose connection fails (no network), a second tap on
the button while the first is on its way. Screenshots go to tests/artifacts/door/."""

from __future__ import annotations

import shutil
import time

import pytest

from tests.servers import add_organiser, load_demo, make_server
from tests.test_browser import ARTIFACTS, PHONE, TIMEOUT_MS, launched_chromium

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "door"
SIZES = {
    "phone": {"width": 390, "height": 844},
    "laptop": {"width": 1366, "height": 768},
    "projector-1080": {"width": 1920, "height": 1080},
    "projector-720": {"width": 1280, "height": 720},
}


@pytest.fixture
def browser():
    yield from launched_chromium()


@pytest.fixture
def server(tmp_path):
    running = make_server(tmp_path / "inst").start()
    add_organiser(running)
    yield running
    running.stop()


@pytest.fixture
def shots():
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    return SHOTS


def _phone(browser, **options):
    context = browser.new_context(**(options or PHONE))
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


@pytest.mark.timeout(180)
def test_a_refused_join_keeps_the_form_and_tries_again_after_the_named_wait(browser, server, shots):
    """The first post is refused with 429 and Retry-After: 2, the second fails for want of
    a network: the name and group stay as typed, the page says when it tries again, and
    the third post (sent by the page itself) seats the person."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    links = load_demo(server, owner="anna")
    context, page = _phone(browser)
    posts: list[float] = []

    def door(route):
        if route.request.method != "POST":
            return route.continue_()
        posts.append(time.monotonic())
        if len(posts) == 1:
            return route.fulfill(status=429, headers={"Retry-After": "2"}, body="busy")
        if len(posts) == 2:
            return route.abort("internetdisconnected")
        return route.continue_()

    context.route("**/j/*", door)
    page.goto(links["join"] + "?lang=it")
    page.fill("#name", "Nuova Persona Di Prova")
    page.select_option("#group", index=2)
    group = page.input_value("#group")
    page.click("#name-form button[type=submit]")
    notice = page.locator("#door-notice")
    expect(notice).to_contain_text("C'è la fila: riproviamo tra")
    for name, size in SIZES.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(shots / f"join-queue-{name}.png"), full_page=True)
    page.set_viewport_size(PHONE["viewport"])
    assert page.input_value("#name") == "Nuova Persona Di Prova"
    assert page.input_value("#group") == group
    expect(notice).to_contain_text("Nessuna connessione: riproviamo tra", timeout=10_000)
    assert page.input_value("#name") == "Nuova Persona Di Prova"
    page.wait_for_url("**/p/*", timeout=30_000)
    assert len(posts) == 3
    assert posts[1] - posts[0] >= 1.9  # the wait the server named
    assert posts[2] - posts[1] >= 4.9  # no answer at all: a few seconds
    expect(page.locator("body")).to_contain_text("Nuova Persona Di Prova")
    context.close()
