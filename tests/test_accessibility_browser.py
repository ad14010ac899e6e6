"""axe-core (vendored in tests/vendor/, never served to a page) over every screen at every
phase of a reference morning, in real Chromium against a real `cafe run`: the WCAG 2.1 A and
AA rules, zero violations. The count per screen lands in tests/artifacts/axe/axe.txt.

A new screen is one more entry in SCREENS (a name, the phases it is looked at in, the path
or a function of the links giving it, and who opens it) or, for the wall's views, VIEWS."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.morning_screens import Morning, cookie_of, join, login
from tests.servers import load_demo
from tests.test_browser import ARTIFACTS, PHONE, TIMEOUT_MS

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHASES = ["checkin", "round", "moving", "harvest", "closed"]
ALL = tuple(PHASES)
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
# Every rule of those tags, the experimental ones too (label-content-name-mismatch is one).
AXE_JS = """async (tags) => {
  const rules = axe.getRules(tags).map(r => r.ruleId);
  const only = {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']};
  const result = await axe.run(document, only);
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary.split('\\n')[1])}));
}"""


@dataclass
class Screen:
    name: str
    path: str  # formatted with the event's links and ids: {join}, {wall}, {host1}, {me}, {id}
    who: str = "organiser"  # organiser, phone (a participant's or host's phone), wall
    phases: tuple = ALL
    ready: str = "body"  # a selector to wait for before looking


SCREENS = [
    Screen("landing", "/", who="phone", phases=("checkin",)),
    Screen("login", "/login", who="phone", phases=("checkin",)),
    Screen("code entry", "/j", who="phone", phases=("checkin",)),
    Screen("join", "{join}", who="phone", phases=("checkin", "round")),
    Screen("participant", "{me}", who="phone", ready="#status.online"),
    Screen("host", "{host1}", who="phone", ready="#status.online"),
    Screen("organiser home", "/o/", phases=("checkin",)),
    Screen("new event", "/o/events/new", phases=("checkin",)),
    Screen("event page", "/o/events/{id}"),
    Screen("edit event", "/o/events/{id}/edit", phases=("checkin",)),
    Screen("seating", "/o/events/{id}/seating/", phases=("checkin", "round")),
    Screen("control panel", "/o/events/{id}/run/", ready="#status.online"),
    Screen("check-in desk", "/o/events/{id}/run/desk", phases=("checkin", "round")),
    Screen(
        "synthesis", "/o/events/{id}/run/synthesis?q=1", phases=("harvest",), ready=".synth-tabs"
    ),
    Screen("synthesis, harvest question", "/o/events/{id}/run/synthesis?q=0", phases=("closed",)),
    Screen("re-plan", "/o/events/{id}/run/replan", phases=("round",)),
    Screen("photos", "/o/events/{id}/photos", phases=("round",)),
    Screen("privacy", "/o/events/{id}/privacy/", phases=("closed",)),
    Screen("print everything", "/o/events/{id}/print", phases=("checkin",)),
    Screen("print one table", "/o/events/{id}/print?table=2", phases=("checkin",)),
    Screen("desk list", "/o/events/{id}/seating/desk", phases=("checkin",)),
    Screen("personal card", "/o/events/{id}/run/desk/card/1", phases=("round",)),
    Screen("report", "/o/events/{id}/export/html", phases=("harvest", "closed")),
    Screen(
        "wall", "{wall}", who="wall", phases=("checkin", "moving", "closed"), ready="#status.online"
    ),
    Screen("slideshow", "{wall}/photos", who="wall", phases=("round",)),
]
VIEWS = ["live", "tables", "questions", "themes", "insights", "votes", "consensus", "answers"]


class Looker:
    """Opens screens in the right browser context, runs axe, keeps the counts."""

    def __init__(self, browser, server, links: dict, organiser_page):
        self.server = server
        self.links = links
        self.event_id = re.search(r"/events/(\d+)", links["organiser"]).group(1)
        self.contexts = {
            "organiser": organiser_page.context,
            "phone": browser.new_context(bypass_csp=True, **PHONE),
            "wall": browser.new_context(bypass_csp=True, **PROJECTOR),
        }
        for context in self.contexts.values():
            context.set_default_timeout(TIMEOUT_MS)
        self.me = None
        self.found: dict[str, list] = {}

    def url(self, path: str) -> str:
        values = {
            "join": self.links["join"],
            "wall": self.links["wall"],
            "host1": self.links["hosts"]["1"],
            "me": self.me,
            "id": self.event_id,
        }
        path = path.format(**values)
        return path if path.startswith("http") else self.server.url + path

    def look(self, screen: Screen, phase: str) -> None:
        page = self.contexts[screen.who].new_page()
        page.goto(self.url(screen.path))
        try:
            page.wait_for_selector(screen.ready)
        except Exception as exc:
            raise AssertionError(f"{screen.name} · {phase}: {screen.ready} never showed") from exc
        self.axe(page, f"{screen.name} · {phase}")
        page.close()

    def axe(self, page, key: str) -> None:
        page.wait_for_timeout(300)  # one frame of the page's own drawing after its data came
        page.add_script_tag(path=str(AXE))
        self.found[key] = page.evaluate(AXE_JS, RULES)

    def wall_views(self, phase: str) -> None:
        page = self.contexts["wall"].new_page()
        page.goto(self.url("{wall}"))
        page.wait_for_selector("#status.online")
        for key, view in enumerate(VIEWS, 1):
            page.keyboard.press(str(key))
            page.wait_for_selector(f"#wall-app[data-view={view}]")
            self.axe(page, f"wall {view} · {phase}")
        page.close()

    def phase(self, phase: str) -> None:
        for screen in SCREENS:
            if phase in screen.phases:
                self.look(screen, phase)
        if phase in ("round", "harvest"):
            self.wall_views(phase)


@pytest.mark.timeout(900)
def test_every_screen_at_every_phase_passes_axe(chromium, live_server):
    browser, server = chromium, live_server
    links = load_demo(server, owner="anna")
    organiser = browser.new_context(bypass_csp=True, **LAPTOP).new_page()
    login(organiser, server)
    looker = Looker(browser, server, links, organiser)
    phone = looker.contexts["phone"].new_page()
    phone.goto(links["join"])
    phone.fill("#name", "Lia Accessibile")
    phone.select_option("#group", "cittadini")
    phone.click("form.card button[type=submit]")
    phone.wait_for_url(re.compile(r"/p/"))
    looker.me = phone.url
    morning = Morning(server, links, cookie_of(organiser))
    voter = join(server, links, "Ugo Voto", "esperti")
    try:
        looker.phase("checkin")
        morning.clock("next")
        starred = morning.write_round(1)
        looker.phase("round")
        morning.clock("end")
        looker.phase("moving")
        morning.clock("finish")
        morning.open_voting()
        voter.call("vote", {"dots": {starred[0]: 2, starred[1]: 1}})
        looker.phase("harvest")
        morning.clock("close")
        looker.phase("closed")
    finally:
        morning.close()
        voter.disconnect()
    _write(looker.found)
    bad = {
        key: [(v["id"], len(v["nodes"]), v["nodes"][:2]) for v in found]
        for key, found in looker.found.items()
        if found
    }
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)


def _write(found: dict) -> None:
    folder = ARTIFACTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for key, violations in found.items():
        count = sum(len(v["nodes"]) for v in violations)
        rules = ", ".join(f"{v['id']} ×{len(v['nodes'])}" for v in violations)
        lines.append(f"{key:40} {count:4}  {rules}")
    (folder / "axe.txt").write_text("\n".join(lines) + "\n")
    (folder / "axe.json").write_text(json.dumps(found, ensure_ascii=False, indent=1))
