"""End-to-end latency in a real headless Chromium: a table host presses Send on the phone
page -> the note's card appears on the wall page.

Starts `cafe run` on SQLite in a temporary folder (tests/servers.py), loads the demo event,
opens the wall (1920x1080) and the host page of table 1 (a 390x844 phone) in Debian's
Chromium through Playwright, and sends N notes one at a time, each with a unique text,
waiting for its card on the wall before sending the next.

Two numbers per note, both from the moment the click on Send is dispatched in the host page:
  * wall:  a `#wall-notes li.wall-note` whose `.text` is the note's text is inserted in the
           wall's DOM (MutationObserver callback; this is DOM insertion, before paint);
  * saved: the host's own card for the note shows `.state-saved` (the server acknowledged it).

Prints count, p50, p90, p99, max and mean in milliseconds, and a line about the machine.

    .venv/bin/python bench/wall_latency_browser.py [--notes 50] [--warmup 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from tests.servers import CHROMIUM, CHROMIUM_ARGS, make_server  # noqa: E402

WALL = dict(viewport={"width": 1920, "height": 1080})
PHONE = dict(
    viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
)
TIMEOUT_MS = 10_000

# Both pages run in the same Chromium on the same machine, so `performance.timeOrigin +
# performance.now()` (milliseconds since the Unix epoch, from the same system clock, with
# sub-millisecond resolution) is comparable between the wall page and the host page.
NOW_JS = "performance.timeOrigin + performance.now()"

# Wall: the first time a card with a given text enters #wall-notes, remember when.
# wall.js rebuilds the whole list on each change, so only the first sighting counts.
WALL_OBSERVER_JS = """() => {
  window.__seen = {};
  const list = document.getElementById('wall-notes');
  const look = () => {
    const now = __NOW__;
    for (const li of list.querySelectorAll('li.wall-note')) {
      const text = (li.querySelector('.text') || {}).textContent;
      if (text && li.dataset.uuid && !(text in window.__seen)) window.__seen[text] = now;
    }
  };
  new MutationObserver(look).observe(list, { childList: true, subtree: true });
  look();
}""".replace("__NOW__", NOW_JS)

# Host: when Send is clicked (capture phase, so before host.js reads and clears the
# textarea), remember the text and the time; and the first time the note's own card shows
# "saved" (the server's acknowledgement), remember when.
HOST_OBSERVER_JS = """() => {
  window.__sent = {};
  window.__saved = {};
  const send = document.getElementById('send');
  const textarea = document.getElementById('note-text');
  send.addEventListener('click', () => {
    const now = __NOW__;
    window.__sent[textarea.value.trim()] = now;
  }, { capture: true });
  const list = document.getElementById('notes');
  const look = () => {
    const now = __NOW__;
    for (const li of list.querySelectorAll('.note[data-uuid]')) {
      if (!li.querySelector('.state-saved')) continue;
      const text = (li.querySelector('.text') || {}).textContent;
      if (text && !(text in window.__saved)) window.__saved[text] = now;
    }
  };
  new MutationObserver(look).observe(list, { childList: true, subtree: true });
  look();
}""".replace("__NOW__", NOW_JS)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def summary(name: str, ms: list[float]) -> str:
    return (
        f"{name:<28} N={len(ms):>4}  p50={percentile(ms, 50):8.2f}  "
        f"p90={percentile(ms, 90):8.2f}  p99={percentile(ms, 99):8.2f}  "
        f"max={max(ms):8.2f}  mean={statistics.fmean(ms):8.2f}  (ms)"
    )


def demo_links(server) -> dict:
    """server.demo(), but a failure says why (the command's stderr)."""
    try:
        return server.demo()
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"`cafe demo --json` failed:\n{(exc.stderr or '')[-3000:]}") from None


def measure(browser, links: dict, count: int, warmup: int) -> tuple[list[float], list[float]]:
    wall_ctx = browser.new_context(**WALL)
    host_ctx = browser.new_context(**PHONE)
    try:
        wall = wall_ctx.new_page()
        host = host_ctx.new_page()
        wall.goto(links["wall"])
        host.goto(links["hosts"]["1"])
        # Both sockets connected and synced before the clock starts.
        wall.wait_for_selector("#status.online", timeout=TIMEOUT_MS)
        host.wait_for_selector("#status.online", timeout=TIMEOUT_MS)
        wall.evaluate(WALL_OBSERVER_JS)
        host.evaluate(HOST_OBSERVER_JS)

        run_id = uuid.uuid4().hex[:8]
        to_wall: list[float] = []
        to_saved: list[float] = []
        for i in range(warmup + count):
            text = f"bench {run_id} note {i:04d}"
            host.fill("#note-text", text)
            host.click("#send")
            wall.wait_for_function(
                "(t) => window.__seen && (t in window.__seen)", arg=text, timeout=TIMEOUT_MS
            )
            host.wait_for_function(
                "(t) => window.__saved && (t in window.__saved)", arg=text, timeout=TIMEOUT_MS
            )
            sent = host.evaluate("(t) => window.__sent[t]", text)
            seen = wall.evaluate("(t) => window.__seen[t]", text)
            saved = host.evaluate("(t) => window.__saved[t]", text)
            if sent is None:
                raise RuntimeError(f"the click on Send was not seen for {text!r}")
            if i >= warmup:
                to_wall.append(seen - sent)
                to_saved.append(saved - sent)
        return to_wall, to_saved
    finally:
        host_ctx.close()
        wall_ctx.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=50, help="notes measured (default 50)")
    parser.add_argument(
        "--warmup", type=int, default=2, help="notes sent first and not counted (default 2)"
    )
    args = parser.parse_args(argv)
    if args.notes < 1:
        parser.error("--notes must be at least 1")
    if not Path(CHROMIUM).exists():
        print(f"Chromium is not installed at {CHROMIUM} (make browser)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="cafe-bench-browser-"))
    server = None
    try:
        server = make_server(folder).start()
        links = demo_links(server)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                version = browser.version
                to_wall, to_saved = measure(browser, links, args.notes, args.warmup)
            finally:
                browser.close()
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)

    print(summary("send -> card on wall", to_wall))
    print(summary("send -> host shows 'saved'", to_saved))
    print(
        f"machine: {platform.platform()}  cpus={os.cpu_count()}  "
        f"python={platform.python_version()}  chromium={version}  "
        f"warmup={args.warmup}  wall_clock={time.perf_counter() - started:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
