"""The wall with many notes, in a real headless Chromium against a real `cafe run` (SQLite).

Measured twice in the same run, with a baseline of 50 notes and then with 500:
  * new note -> card on the wall: from just before a host socket sends `note:add` to the
    card's insertion in the wall's DOM (MutationObserver; both clocks are this machine's
    epoch clock: Python's time.time() and the page's performance.timeOrigin + now());
  * drawing each view (keys 1-5): the wall's own `wall-draw:<view>` User Timing measure
    (filter, sort, page, build or reuse the cards, the forced layout of the measuring);
  * theme extraction (cafe.themes.extract_themes) on the reference notes, 50 and 500.

    .venv/bin/python bench/wall_views.py [--samples 15]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from tests.servers import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    add_organiser,
    load_demo,
    make_server,
    token_of,
)

NOTES_CSV = REPO_ROOT / "cafe" / "scenarios" / "distretto-ceramico" / "notes.csv"
VIEWS = ["live", "tables", "questions", "themes", "insights"]
OBSERVER_JS = """() => {
  window.__seen = {};
  new MutationObserver(() => {
    const now = performance.timeOrigin + performance.now();
    for (const li of document.querySelectorAll('#wall-notes li.wall-note')) {
      const text = li.querySelector('.text').textContent;
      if (!(text in window.__seen)) window.__seen[text] = now;
    }
  }).observe(document.getElementById('wall-board'), { childList: true, subtree: true });
}"""
DRAW_JS = """async ([key, view]) => {
  performance.clearMeasures();
  document.dispatchEvent(new KeyboardEvent('keydown', { key }));
  for (let i = 0; i < 50 && !performance.getEntriesByName('wall-draw:' + view).length; i++)
    await new Promise(r => requestAnimationFrame(r));
  return performance.getEntriesByName('wall-draw:' + view)[0].duration;
}"""


def reference_notes() -> list[dict]:
    with NOTES_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class Hosts:
    """One socket per table's host, sending the reference notes (numbered, so each is new)."""

    def __init__(self, server, links):
        import socketio

        self.clients = {}
        for number, link in links["hosts"].items():
            client = socketio.SimpleClient()
            auth = {"role": "host", "token": token_of(link)}
            client.connect(server.url, auth=auth, transports=["websocket"])
            self.clients[int(number)] = client
        self.rows = reference_notes()
        self.sent = 0

    def send(self, star: bool = False) -> tuple[str, float]:
        row = self.rows[self.sent % len(self.rows)]
        self.sent += 1
        text = f"{row['text']} ({self.sent})"
        table = (self.sent % len(self.clients)) + 1
        started = time.time() * 1000
        note = {"uuid": str(uuid.uuid4()), "text": text, "kind": row["kind"], "round": 1}
        reply = self.clients[table].call("note:add", note)
        if star:
            self.clients[table].call("note:mark", {"uuid": reply["uuid"], "starred": True})
        return text, started

    def close(self):
        for client in self.clients.values():
            client.disconnect()


def appear_ms(wall, hosts, samples: int) -> list[float]:
    wall.keyboard.press("1")
    times = []
    for _ in range(samples):
        text, started = hosts.send()
        wall.wait_for_function("t => t in window.__seen", arg=text, timeout=10_000)
        times.append(wall.evaluate("t => window.__seen[t]", text) - started)
    return times


def draw_ms(wall, samples: int) -> dict[str, float]:
    result = {}
    for key, view in enumerate(VIEWS, 1):
        runs = []
        for _ in range(samples):
            wall.evaluate(DRAW_JS, [str(1 + key % len(VIEWS)), VIEWS[key % len(VIEWS)]])
            runs.append(wall.evaluate(DRAW_JS, [str(key), view]))
        result[view] = statistics.median(runs)
    wall.keyboard.press("1")
    return result


def themes_ms(count: int, repeat: int = 15) -> tuple[float, int]:
    from cafe.themes import extract_themes

    rows = reference_notes()
    notes = {i: f"{rows[i % len(rows)]['text']}" for i in range(count)}
    questions = ["Che cosa significa per voi «impatto sociale» nel nostro territorio?"]
    extract_themes(notes, questions, "it")  # loads simplemma's dictionary once
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        found = extract_themes(notes, questions, "it")
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs), len(found)


def fill(hosts, count: int) -> None:
    for i in range(count):
        hosts.send(star=i % 25 == 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=15)
    args = parser.parse_args()
    # Before the server and Chromium start, so that they do not share the CPU with it.
    themes = {total: themes_ms(total) for total in (50, 500)}
    with tempfile.TemporaryDirectory() as folder:
        server = make_server(Path(folder) / "inst").start()
        try:
            add_organiser(server)
            links = load_demo(server, owner="anna")
            measured = run(server, links, args.samples)
        finally:
            server.stop()
    for total, timing in themes.items():
        measured[total]["themes"] = timing
    report(measured)


def run(server, links, samples: int) -> dict:
    import re

    import requests
    import socketio
    from playwright.sync_api import sync_playwright

    session = requests.Session()
    form = session.get(server.url + "/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
    login = {"username": "anna", "password": "correct horse"}
    session.post(server.url + "/login", data={**login, **({"csrf_token": csrf[1]} if csrf else {})})
    event_id = int(re.search(r"/events/(\d+)", links["panel"]).group(1))
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    organiser = socketio.SimpleClient()
    organiser.connect(
        server.url,
        headers={"Cookie": cookie},
        auth={"role": "organiser", "event_id": event_id},
        transports=["websocket"],
    )
    organiser.call("clock", {"action": "next"})
    organiser.disconnect()
    hosts = Hosts(server, links)
    measured = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        wall = browser.new_page(viewport={"width": 1920, "height": 1080})
        wall.goto(links["wall"])
        wall.wait_for_selector("#status.online")
        wall.evaluate(OBSERVER_JS)
        fill(hosts, 20)
        appear_ms(wall, hosts, 3)  # warm-up: the page's first drawings compile its code
        draw_ms(wall, 3)
        for total in (50, 500):
            fill(hosts, total - hosts.sent)
            wall.wait_for_function(
                "n => document.getElementById('wall-count').textContent.includes(n)",
                arg=str(total),
            )
            measured[total] = {
                "appear": appear_ms(wall, hosts, samples),
                "draw": draw_ms(wall, samples),
            }
        browser.close()
    hosts.close()
    return measured


def report(measured: dict) -> None:
    base, big = measured[50], measured[500]
    print("bench/wall_views.py · Chromium 1920x1080, SQLite, loopback; median of samples")
    print(f"{'':34}{'50 notes':>12}{'500 notes':>12}{'ratio':>8}")
    a, b = statistics.median(base["appear"]), statistics.median(big["appear"])
    print(f"{'new note -> card on wall (p50)':34}{a:10.1f}ms{b:10.1f}ms{b / a:8.2f}")
    a, b = max(base["appear"]), max(big["appear"])
    print(f"{'new note -> card on wall (max)':34}{a:10.1f}ms{b:10.1f}ms{b / a:8.2f}")
    for view in VIEWS:
        a, b = base["draw"][view], big["draw"][view]
        print(f"{'draw view ' + view:34}{a:10.2f}ms{b:10.2f}ms{b / max(a, 0.01):8.2f}")
    (a, na), (b, nb) = base["themes"], big["themes"]
    print(f"{'theme extraction':34}{a:10.2f}ms{b:10.2f}ms{b / a:8.2f}  ({na}/{nb} themes)")


if __name__ == "__main__":
    main()
