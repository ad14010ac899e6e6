"""Tablecloth photos in a real Chromium against a real `cafe run` server: a 10 MB photo
sent while the Wi-Fi is down says clearly it was not sent, then gets through once the
Wi-Fi is back, stored once; the wall slideshow shows it; the organiser hides it.
Bad inputs tried: the Wi-Fi dropping during the upload, uploads failing across a page
reload (the photo waits in IndexedDB), a file that is not a photo.
Screenshots of each screen go to tests/artifacts/photos/."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PIL import Image

from tests import test_browser
from tests.servers import load_demo, token_of

pytestmark = [pytest.mark.browser, pytest.mark.live]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "photos"
server = test_browser.server  # the same fixture: a running `cafe run` with an organiser
PHONE = dict(
    viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
)
TIMEOUT_MS = 20_000


def big_photo(path: Path) -> Path:
    """A noisy 8-megapixel JPEG of about 10 MB, like a phone camera's."""
    noise = Image.frombytes("RGB", (1632, 1224), os.urandom(1632 * 1224 * 3)).resize((3264, 2448))
    noise.save(path, "JPEG", quality=98)
    return path


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_big_photo_on_bad_wifi_gets_through_once(server, chromium, tmp_path):
    links = load_demo(server, owner="anna")
    photo = big_photo(tmp_path / "tovaglia.jpg")
    assert photo.stat().st_size > 8 * 2**20
    phone = chromium.new_context(**PHONE)
    page = phone.new_page()
    page.goto(links["hosts"]["1"])
    page.wait_for_selector("#status.online", timeout=TIMEOUT_MS)
    # the hidden file input once widened the page, so the phone zoomed out and taps missed
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    phone.set_offline(True)
    page.set_input_files("#photo-input", str(photo))
    failed = page.locator("#photo-list .photo-failed")
    failed.wait_for(timeout=TIMEOUT_MS)
    assert "non inviata" in failed.inner_text() and failed.get_by_role("button").is_visible()
    shoot(page, "host-offline-390")
    phone.set_offline(False)
    page.locator("#photo-list .photo-saved").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("#photo-list .photo-failed").count() == 0
    shoot(page, "host-saved-390")
    listed = page.request.get(f"{server.url}/h/{token_of(links['hosts']['1'])}/photos").json()
    assert len(listed["photos"]) == 1 and listed["photos"][0]["width"] == 2000

    page.set_input_files(
        "#photo-input", files=[{"name": "x.jpg", "mimeType": "image/jpeg", "buffer": b"nope"}]
    )
    rejected = page.locator("#photo-list .photo-rejected")
    rejected.wait_for(timeout=TIMEOUT_MS)
    assert "non è una foto" in rejected.inner_text()
    shoot(page, "host-rejected-390")
    phone.close()
    key = listed["photos"][0]["key"]
    wall = show_slideshow(chromium, links["wall"] + "/photos", key)
    hide_as_organiser(chromium, server, links["organiser"], key)
    wall.locator("#slide").wait_for(state="hidden", timeout=TIMEOUT_MS)
    assert wall.locator("#slide-caption").inner_text().startswith("Qui compariranno")
    wall.context.close()


def show_slideshow(chromium, url: str, key: str):
    """The wall's slideshow at the projector sizes; returns the 1920x1080 page."""
    for width, height in ((1366, 768), (1920, 1080)):
        page = chromium.new_page(viewport={"width": width, "height": height})
        page.goto(url)
        page.wait_for_function(
            "k => document.getElementById('slide').dataset.key === k"
            " && document.getElementById('slide').naturalWidth > 0",
            arg=key,
            timeout=TIMEOUT_MS,
        )
        shoot(page, f"slideshow-{width}")
        if width == 1366:
            page.context.close()
    return page


def hide_as_organiser(chromium, server, event_url: str, key: str) -> None:
    """Log in, look at the event page and the photos page, and hide the photo."""
    page = chromium.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{server.url}/login?lang=en")
    page.fill("#username", "anna")
    page.fill("#password", "correct horse")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/o/?$"))
    page.goto(event_url)
    page.locator("#harvest-title").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "event-harvest-1366.png"))
    page.set_viewport_size({"width": 1280, "height": 720})
    page.get_by_role("link", name="See and hide photos").click()
    shoot(page, "organiser-photos-1280")
    page.get_by_role("button", name="Hide").click()
    page.locator(".is-hidden").wait_for(timeout=TIMEOUT_MS)
    shoot(page, "organiser-photos-hidden-1280")
    page.goto(event_url.rstrip("/") + "/privacy/")
    page.get_by_role("button", name="Delete personal data").click()
    assert page.locator("#e-confirm_anonymise").is_visible()  # nothing happens unconfirmed
    shoot(page, "privacy-refused-1280")
    page.context.close()


def test_a_photo_not_yet_sent_survives_a_reload(server, chromium, tmp_path):
    links = load_demo(server, owner="anna")
    photo = tmp_path / "piccola.jpg"
    Image.new("RGB", (800, 600), (40, 90, 160)).save(photo, "JPEG")
    page = chromium.new_context(**PHONE).new_page()

    def cut_uploads(route):
        route.abort() if route.request.method == "POST" else route.continue_()

    page.route("**/photos", cut_uploads)
    page.goto(links["hosts"]["2"])
    page.set_input_files("#photo-input", str(photo))
    page.locator("#photo-list .photo-failed").wait_for(timeout=TIMEOUT_MS)
    page.reload()
    page.locator("#photo-list .photo-failed").wait_for(timeout=TIMEOUT_MS)  # kept on the phone
    page.unroute("**/photos")
    page.get_by_role("button", name="Riprova ora").click()
    page.locator("#photo-list .photo-saved").wait_for(timeout=TIMEOUT_MS)
    listed = page.request.get(f"{server.url}/h/{token_of(links['hosts']['2'])}/photos").json()
    assert len(listed["photos"]) == 1
    page.reload()  # the queue is empty now: only the saved photo is listed
    page.locator("#photo-list .photo-saved").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("#photo-list li").count() == 1
    page.context.close()
