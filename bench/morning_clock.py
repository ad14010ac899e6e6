"""The morning's clock on a real server: how far two clients' idea of the server's time is
off, and how long "End round" takes to become a move card on 64 phones and in a browser.

Starts `cafe run` on SQLite in a temporary folder with the reference scenario (64 people),
then measures, each next to a baseline taken in the same run:

1. clock offset error of two socket clients (the min-round-trip midpoint that
   static/js/live.js uses), one of them with its clock set 37.2 s wrong, against the naive
   "server time minus arrival time" the screens used before;
2. the same offset measured by live.js's own ServerClock in Chromium;
3. "End round" -> the move card visible in one real Chromium phone page;
4. organiser's "End round" -> the `round` push on 64 participant sockets (every phone),
   against one `time` round trip.

    .venv/bin/python bench/morning_clock.py [--cycles 10]
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests  # noqa: E402
import socketio  # noqa: E402

from tests.servers import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    add_organiser,
    load_demo,
    make_server,
    organiser_socket,
)

SKEW = 37.2  # seconds: a phone whose clock is this far ahead of the server's


def ms(values: list[float]) -> str:
    ordered = sorted(v * 1000 for v in values)
    p = lambda q: ordered[min(len(ordered) - 1, int(len(ordered) * q))]  # noqa: E731
    return f"p50 {p(0.5):7.2f}  p95 {p(0.95):7.2f}  max {ordered[-1]:7.2f} ms  (n={len(ordered)})"


def server_time(reply: dict) -> float:
    return datetime.fromisoformat(reply["server_now"]).timestamp()


def offset_errors(client: socketio.Client, skew: float, samples: int) -> tuple[float, float]:
    """(error of the min-RTT midpoint estimate, error of the naive estimate), in seconds.
    The true offset is -skew: the server and this process share one real clock."""
    best_rtt, best, naive = float("inf"), 0.0, []
    for _ in range(samples):
        sent = time.time() + skew
        reply = client.call("time", {}, timeout=5)
        received = time.time() + skew
        if received - sent < best_rtt:
            best_rtt, best = received - sent, server_time(reply) - (sent + received) / 2
        naive.append(server_time(reply) - received)
        time.sleep(0.01)
    return abs(best + skew), abs(statistics.median(naive) + skew)


def participant_tokens(server) -> list[str]:
    with sqlite3.connect(server.instance / "cafe.db") as conn:
        return [row[0] for row in conn.execute("SELECT token FROM participant ORDER BY id")]


def logged_in_organiser(server, event_id: int) -> socketio.Client:
    http = requests.Session()
    page = http.get(server.url + "/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    http.post(
        server.url + "/login",
        data={"csrf_token": token, "username": "anna", "password": "correct horse"},
    )
    cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
    return organiser_socket(server, event_id, cookie)


def clock_drift(server, links: dict) -> None:
    tokens = participant_tokens(server)
    print("1. clock offset error (the server's time as a client estimates it, loopback)")
    for name, token, skew in (("client A", tokens[0], 0.0), ("client B", tokens[1], SKEW)):
        client = socketio.Client(reconnection=False)
        client.connect(server.url, auth={"role": "participant", "token": token})
        corrected, naive = offset_errors(client, skew, samples=40)
        client.disconnect()
        print(
            f"   {name} (its clock {skew:+.1f} s): min-RTT midpoint error "
            f"{corrected * 1000:6.2f} ms   naive (server - arrival) {naive * 1000:6.2f} ms"
        )


def fan_out(server, organiser, cycles: int) -> None:
    tokens = participant_tokens(server)
    arrivals: dict[int, list[float]] = {}
    lock = threading.Lock()
    phones = []
    for i, token in enumerate(tokens):
        phone = socketio.Client(reconnection=False)

        def on_change(msg, i=i):
            if msg["kind"] == "round" and msg["data"]["phase"] == "moving":
                with lock:
                    arrivals.setdefault(i, []).append(time.perf_counter())

        phone.on("change", on_change)
        phone.connect(
            server.url, auth={"role": "participant", "token": token}, transports=["websocket"]
        )
        phones.append(phone)
    per_cycle, everyone, baseline = [], [], []
    for _ in range(cycles):
        sent = time.perf_counter()
        organiser.call("time", {}, timeout=5)
        baseline.append(time.perf_counter() - sent)
        arrivals.clear()
        sent = time.perf_counter()
        assert organiser.call("clock", {"action": "end"}, timeout=10)["ok"]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(arrivals) < len(phones):
            time.sleep(0.002)
        got = [times[0] - sent for times in arrivals.values()]
        everyone += got
        per_cycle.append(max(got) if len(got) == len(phones) else float("inf"))
        assert organiser.call("clock", {"action": "back"}, timeout=10)["ok"]
        time.sleep(0.2)
    for phone in phones:
        phone.disconnect()
    print(f"4. End round -> round push on {len(phones)} participant sockets, {cycles} cycles")
    print(f"   every phone           {ms(everyone)}")
    print(f"   last phone per cycle  {ms(per_cycle)}")
    print(f"   baseline: one `time` round trip  {ms(baseline)}")
    ratio = statistics.median(per_cycle) / statistics.median(baseline)
    print(f"   ratio last phone / round trip (medians): {ratio:.1f}x")


def browser(server, organiser, cycles: int) -> None:
    from playwright.sync_api import sync_playwright

    token = participant_tokens(server)[5]
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = chromium.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"{server.url}/p/{token}")
        page.wait_for_selector("#status.online")
        print("2. live.js ServerClock in Chromium (same machine clock: the error is the offset)")
        got = page.evaluate(BROWSER_OFFSET_JS, token)
        print(
            f"   estimated offset {got['offset']:+.1f} ms (true: 0), best round trip "
            f"{got['rtt']} ms; outside the reply window afterwards: "
            f"{ms([abs(e) / 1000 for e in got['errors']])}"
        )
        shown = []
        for _ in range(cycles):
            page.evaluate(WATCH_CARD_JS)
            sent = time.time()
            assert organiser.call("clock", {"action": "end"}, timeout=10)["ok"]
            page.wait_for_function("() => window.__cardAt")
            shown.append(page.evaluate("() => window.__cardAt") / 1000 - sent)
            assert organiser.call("clock", {"action": "back"}, timeout=10)["ok"]
            page.wait_for_selector("#move-card", state="hidden")
        chromium.close()
    print(f"3. End round -> move card visible in Chromium, {cycles} cycles")
    print(f"   {ms(shown)}")


BROWSER_OFFSET_JS = """async (token) => {
  const { ServerClock } = await import('/static/js/live.js');
  const socket = io({ auth: { role: 'participant', token }, transports: ['websocket'] });
  await new Promise((ok) => socket.on('connect', ok));
  const clock = new ServerClock();
  for (let i = 0; i < 20; i++) {
    const sent = Date.now();
    const reply = await socket.emitWithAck('time', {});
    clock.sample(reply.server_now, sent, Date.now());
    await new Promise((ok) => setTimeout(ok, 10));
  }
  const errors = [];
  for (let i = 0; i < 10; i++) {
    const sent = Date.now();
    const reply = await socket.emitWithAck('time', {});
    const received = Date.now();
    // The server answered somewhere between sent and received: the estimate's error is at
    // most the distance from that window.
    const server = Date.parse(reply.server_now) - clock.offset;
    errors.push(server < sent ? server - sent : server > received ? server - received : 0);
  }
  socket.disconnect();
  return { errors, offset: clock.offset, rtt: clock.rtt };
}"""

WATCH_CARD_JS = """() => {
  window.__cardAt = 0;
  const card = document.getElementById('move-card');
  new MutationObserver((_, obs) => {
    if (card.hidden) return;
    window.__cardAt = performance.timeOrigin + performance.now();
    obs.disconnect();
  }).observe(card, { attributes: true });
}"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cafe-bench-") as folder:
        server = make_server(Path(folder) / "instance")
        server.start()
        add_organiser(server)
        links = load_demo(server, owner="anna")
        try:
            event_id = int(links["organiser"].rstrip("/").rsplit("/", 1)[1])
            organiser = logged_in_organiser(server, event_id)
            assert organiser.call("clock", {"action": "start"}, timeout=10)["ok"]
            print("cafe morning clock: reference scenario (64 people), SQLite, loopback, 2 cores")
            clock_drift(server, links)
            if Path(CHROMIUM).exists():
                browser(server, organiser, args.cycles)
            fan_out(server, organiser, args.cycles)
            organiser.disconnect()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
