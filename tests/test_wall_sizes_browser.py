"""The wall read from the back of a hall, in real Chromium against a real `cafe run`: every
view of every phase at 1920x1080 and 1280x720, each visible text's size measured as a share
of the screen's height, and nothing cut (no clamp, no "…", nothing past the board or the
screen). Screenshots land in tests/artifacts/wall-sizes/ (the numbers in sizes.txt).

The bar (issue 24): the live notes at least 56 px at 1080p (5.19% of the height), every
other text at least 24 px (2.22%), the same shares at 720p.

Bad inputs tried: notes of 300-500 characters and one of 2,000 (shown in parts, not cut),
emoji typed by a host (drawn by the vendored font), a round with no note yet (its question
large, not an empty board), more notes than a screen holds (paged)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.morning_screens import Morning, cookie_of, join, login
from tests.servers import load_demo
from tests.test_browser import ARTIFACTS, TIMEOUT_MS

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "wall-sizes"
WALLS = {"1920x1080": (1920, 1080), "1280x720": (1280, 720)}
VIEWS = ["live", "tables", "questions", "themes", "insights", "votes", "consensus", "answers"]
NOTE_SHARE = 56 / 1080
LABEL_SHARE = 24 / 1080
VOTERS = [("Carla Voto", "cittadini"), ("Ezio Voto", "esperti")]

SIZES_JS = (Path(__file__).parent / "js" / "text_sizes.js").read_text()
EMOJI_FONT_JS = """() => [...document.fonts]
  .some(f => f.family.includes('Noto Emoji') && f.status === 'loaded')"""
FRAME_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


class Walls:
    """A wall at each projector size, looked at and measured screen by screen."""

    def __init__(self, browser, wall_url: str):
        self.pages = {}
        for size, (width, height) in WALLS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            page.goto(wall_url)
            page.wait_for_selector("#status.online")
            self.pages[size] = page
        self.measured: dict[str, dict] = {}

    def look(self, name: str, wait_for: str = "#wall-app") -> None:
        """Measure and screenshot every wall on the screen it shows now."""
        for size, page in self.pages.items():
            page.wait_for_selector(wait_for)
            page.evaluate(FRAME_JS)
            page.wait_for_timeout(1300)  # the arriving cards' glow fades; fonts swap in
            found = page.evaluate(SIZES_JS)
            page.screenshot(path=str(SHOTS / f"{name}-{size}.png"))
            self.measured.setdefault(name, {})[size] = found

    def keys(self, key: str, view: str, phase: str) -> None:
        for page in self.pages.values():
            page.keyboard.press(key)
            page.wait_for_selector(f"#wall-app[data-view={view}]")
        self.look(f"{phase}-{view}")


def _emoji_drawn(wall) -> None:
    """The note with emoji is on the page, drawn with the vendored Noto Emoji (this machine
    has no emoji font of its own: without it they were empty boxes)."""
    assert "🤝" in wall.locator("#wall-notes").inner_text()
    wall.wait_for_function(EMOJI_FONT_JS)


def _summary(measured: dict) -> list[str]:
    lines = []
    for name, sizes in measured.items():
        for size, found in sizes.items():
            notes = [t["px"] for t in found["texts"] if t["live"]]
            others = [t["px"] for t in found["texts"] if not t["live"]]
            lines.append(
                f"{name:22} {size:9} live notes {min(notes, default=0):5.1f} px"
                f"  smallest other text {min(others, default=0):5.1f} px"
                f"  cut {len(found['cut'])}  scroll {found['scroll']}"
            )
    return lines


@pytest.mark.timeout(600)
def test_every_view_of_every_phase_is_read_from_the_back_and_nothing_is_cut(chromium, live_server):
    browser, server = chromium, live_server
    SHOTS.mkdir(parents=True, exist_ok=True)
    links = load_demo(server, owner="anna")
    panel = browser.new_page()
    login(panel, server)
    morning = Morning(server, links, cookie_of(panel))
    voters = [join(server, links, name, group) for name, group in VOTERS]
    walls = Walls(browser, links["wall"])
    try:
        walls.look("0-checkin", "#wall-checkin")
        morning.clock("next")
        walls.look("1-opening", "#wall-opening")
        starred = morning.write_round(1)
        for key, view in enumerate(VIEWS, 1):
            walls.keys(str(key), view, "1")
            if view == "live":
                _emoji_drawn(walls.pages["1920x1080"])
        morning.clock("end")
        walls.look("1-moving", "#wall-moving")
        morning.clock("next")
        walls.keys("1", "live", "2")
        walls.look("2-opening", "#wall-opening-list ol li")
        starred += morning.write_round(2)
        for key, view in enumerate(VIEWS[:5], 1):
            walls.keys(str(key), view, "2")
        morning.clock("finish")
        morning.open_voting()
        voters[0].call("vote", {"dots": {starred[0]: 2, starred[1]: 1}})
        voters[1].call("vote", {"dots": {starred[0]: 1, starred[2]: 1, starred[3]: 1}})
        for key, view in enumerate(VIEWS, 1):
            walls.keys(str(key), view, "3-harvest")
        morning.clock("close")
        walls.look("4-thanks", "#wall-thanks")
    finally:
        morning.close()
        for voter in voters:
            voter.disconnect()
    summary = _summary(walls.measured)
    (SHOTS / "sizes.txt").write_text("\n".join(summary) + "\n")
    (SHOTS / "sizes.json").write_text(json.dumps(walls.measured, ensure_ascii=False, indent=1))

    for name, sizes in walls.measured.items():
        for size, found in sizes.items():
            assert not found["scroll"], (name, size)
            assert not found["cut"], (name, size, found["cut"][:5])
            small = [t for t in found["texts"] if t["share"] < LABEL_SHARE - 1e-4]
            assert not small, (name, size, small[:5])
            notes = [t for t in found["texts"] if t["live"]]
            assert all(t["share"] >= NOTE_SHARE - 1e-4 for t in notes), (name, size, notes[:3])
    for name, sizes in walls.measured.items():
        if name.endswith("-live"):
            assert all(any(t["live"] for t in found["texts"]) for found in sizes.values()), name
