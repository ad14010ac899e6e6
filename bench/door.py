"""The door at city scale (issue 22) and what still stops a script (issue 23, items 9, 10).

One `cafe run` (SQLite). Twenty hosts of another event write notes (10 a second) to a wall
the whole time. Then, each phone from its own loopback address (127.0.x.y: on Linux all of
127.0.0.0/8 is loopback; the client binds its socket's source address):

1. the door: 1,000 people join through the real form (the page, then the post), 16 at a
   time, as a crowd told "scan now";
2. the burst: 300 more start their join within 10 seconds (one every 33 ms, not waiting
   for each other);
3. the flood: one address posts 300 joins as fast as it can (half of them junk); four
   addresses post 120 junk joins in a moment; one address tries 50 wrong codes; after each,
   an honest phone from a fresh address joins;
4. (in-process) the bulk attack on names with the public join link, from five addresses.

Baselines in the same run: notes for 10 s before the door (note -> wall latency) and 20
joins one at a time before the crowd.

    .venv/bin/python bench/door.py                 # 1,000 + 300 joins
    .venv/bin/python bench/door.py --joins 200 --burst 60   # a quick look
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import http.client  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from gevent.pool import Pool  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fanout import (  # noqa: E402
    GROUPS,
    Load,
    Screen,
    login,
    percentile,
    prepare_in,
    wait_for_http,
    wait_until,
)
from tests.servers import make_server  # noqa: E402

TIMEOUT = 60  # seconds: a bound on waiting, never a measurement


def source(n: int, block: int = 0) -> str:
    """The n-th client address of a block: 127.<block*4 + n//250>.<n%250 + 1>.<2..>."""
    return f"127.{block * 4 + n // 62500}.{n // 250 % 250}.{n % 250 + 2}"


class Phone:
    """One phone on its own address: a cookie jar and an HTTP connection bound to it."""

    def __init__(self, port: int, address: str):
        self.port, self.address, self.cookies = port, address, {}

    def send(self, method: str, path: str, form: dict | None = None):
        """(status, headers, body) of one request, keeping the cookies it sets."""
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=TIMEOUT, source_address=(self.address, 0)
        )
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, response.headers, text
        finally:
            connection.close()

    def join(self, token: str, name: str, group: str = "") -> tuple[int, float]:
        """The page, then the post, as a person does: (status of the post, seconds)."""
        started = time.perf_counter()
        status, _headers, page = self.send("GET", f"/j/{token}")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        form = {"csrf_token": csrf.group(1) if csrf else "", "name": name, "group": group}
        status, _headers, _body = self.send("POST", f"/j/{token}", form)
        return status, time.perf_counter() - started


# ---------------------------------------------------------------- the phases


def crowd(port: int, token: str, count: int, at_once: int, block: int) -> dict:
    """`count` people join, `at_once` at a time, each from its own address."""
    results: list[tuple[int, float]] = []
    started = time.perf_counter()

    def one(n: int) -> None:
        name = f"Persona {'ABCD'[block]}{n}"  # "Persona 0-2" and "Persona 2-0" are namesakes
        results.append(Phone(port, source(n, block)).join(token, name, GROUPS[n % 4]))

    Pool(at_once).map(one, range(count))
    return {"total": time.perf_counter() - started, "results": results}


def burst(port: int, token: str, count: int, seconds: float, block: int) -> dict:
    """`count` joins started evenly over `seconds`, none waiting for another."""
    results: list[tuple[int, float]] = []
    started = time.perf_counter()

    def one(n: int) -> None:
        results.append(Phone(port, source(n, block)).join(token, f"Ospite {n}", GROUPS[n % 4]))

    runners = []
    for n in range(count):
        gevent.sleep(max(0, started + n * seconds / count - time.perf_counter()))
        runners.append(gevent.spawn(one, n))
    gevent.joinall(runners)
    return {"total": time.perf_counter() - started, "results": results}


def flood(port: int, token: str, code: str) -> dict:
    """One address posting joins as fast as it can, four addresses posting junk, one
    address guessing codes; an honest phone after each."""
    flooder = source(0, block=3)
    statuses = Pool(10).map(
        lambda n: Phone(port, flooder).join(token, f"Finto {n}" if n % 2 else "")[0], range(300)
    )
    honest_after_flood = Phone(port, source(1, block=3)).join(token, "Onesta Uno")[0]
    junk = Pool(40).map(
        lambda n: Phone(port, source(10 + n % 4, block=3)).join(token, "")[0], range(120)
    )
    honest_after_junk = Phone(port, source(2, block=3)).join(token, "Onesta Due")[0]
    guesser = Phone(port, source(20, block=3))
    page = guesser.send("GET", "/j")[2]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    guesses = [
        guesser.send("POST", "/j", {"csrf_token": csrf, "code": f"ZZ{n:04d}"})[0] for n in range(50)
    ]
    right = Phone(port, source(21, block=3))
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', right.send("GET", "/j")[2]).group(1)
    return {
        "flood": statuses,
        "honest_after_flood": honest_after_flood,
        "junk": junk,
        "honest_after_junk": honest_after_junk,
        "guesses": guesses,
        "right_code_after": right.send("POST", "/j", {"csrf_token": csrf, "code": code})[0],
    }


def notes(load: Load, seconds: float, rate: float, also=None) -> list[float]:
    """Hosts write `rate` notes a second for `seconds` (or until `also` is done): note ->
    wall latencies in seconds. A host socket the server closed is skipped and counted."""
    import itertools
    import uuid

    mine, runner, started = [], gevent.spawn(also) if also else None, time.perf_counter()
    for i in itertools.count():
        gevent.sleep(max(0, started + i / rate - time.perf_counter()))
        if (runner is None and time.perf_counter() - started >= seconds) or (
            runner is not None and runner.ready()
        ):
            break
        note = {"uuid": str(uuid.uuid4()), "text": f"Nota {i}", "kind": "idea", "round": 1}
        try:
            load.hosts[i % len(load.hosts)].call("note:add", note, load._noted)
        except Exception:  # noqa: BLE001 - the server closed that host's socket
            load.dropped += 1
            continue
        load.sent[note["uuid"]] = time.perf_counter()
        mine.append(note["uuid"])
    wait_until(lambda: all(load.on_wall.get(u) for u in mine), 30)
    if runner is not None:
        runner.get()
    return [load.on_wall[u][0] - load.sent[u] for u in mine if load.on_wall.get(u)]


# ---------------------------------------------------------------- the run


def connect(base: str, tokens: dict, hosts: int) -> Load:
    """A wall and `hosts` host phones of the notes event, and round 1 started."""
    load = Load(base, tokens, login(base))
    load.walls = [Screen(base, {"role": "wall", "token": tokens["wall"]}, load._wall_push)]
    load.hosts = [Screen(base, {"role": "host", "token": t}) for t in list(tokens["hosts"])[:hosts]]
    load.organiser = Screen(
        base, {"role": "organiser", "event_id": tokens["event_id"]}, cookie=load.cookie
    )
    for screen in [*load.walls, *load.hosts, load.organiser]:
        screen.connect()
    replies: list = []
    load.organiser.call("clock", {"action": "start"}, replies.append)
    assert wait_until(lambda: replies) and replies[0].get("ok"), replies
    gevent.sleep(1)
    return load


def door_event(server) -> tuple[str, str]:
    """The join link and code of the empty event prepare() made (the second one)."""
    import sqlite3

    with sqlite3.connect(server.instance / "cafe.db") as db:
        return db.execute("SELECT join_token, join_code FROM event ORDER BY id DESC").fetchone()


def run(args) -> dict:
    with tempfile.TemporaryDirectory(prefix="door-") as folder:
        server = make_server(
            Path(folder) / "instance",
            CAFE_MAX_CONNECTIONS="20000",
            CAFE_MAX_PER_ADDRESS="20000",
        )
        tokens = prepare_in(server.env, server.instance, args.size, args.tables)
        token, code = door_event(server)
        server.start(timeout=120)
        wait_for_http(server.url + "/login", server.process)
        try:
            return phases(args, server, tokens, token, code)
        except Exception:
            print(server.log.read_text()[-3000:], file=sys.stderr)
            print(f"server exit status: {server.process.poll()}", file=sys.stderr)
            raise
        finally:
            server.stop()
            Path(tempfile.gettempdir(), "door-server.log").write_bytes(server.log.read_bytes())


def phases(args, server, tokens: dict, token: str, code: str) -> dict:
    load = connect(server.url, tokens, args.hosts)
    out: dict = {}
    try:
        out["notes_alone"] = notes(load, 10, args.rate)
        out["one_at_a_time"] = crowd(server.port, token, 20, 1, block=2)["results"]
        door: dict = {}

        def the_door():
            door.update(crowd(server.port, token, args.joins, args.at_once, block=0))

        out["notes_door"] = notes(load, 0, args.rate, also=the_door)
        out["door"] = door
        bursting: dict = {}

        def the_burst():
            bursting.update(burst(server.port, token, args.burst, args.burst_seconds, block=1))

        out["notes_burst"] = notes(load, 0, args.rate, also=the_burst)
        out["burst"] = bursting
        out["flood"] = flood(server.port, token, code)
        out["dropped"] = load.dropped
    finally:
        load.close()
    return out


def claims() -> list[str]:
    """The bulk attack on names (issue 23.10), in-process on the reference scenario."""
    sys.path.insert(0, str(ROOT / "bench"))
    from door_claims import report

    return report()


def show(args, out: dict) -> None:
    ms = 1000
    alone = [t for _s, t in out["one_at_a_time"]]
    door, burst_ = out["door"], out["burst"]
    door_times = [t for _s, t in door["results"]]
    burst_times = [t for _s, t in burst_["results"]]
    print(
        f"\nbench/door.py: {args.joins} joins {args.at_once} at a time, then {args.burst} "
        f"within {args.burst_seconds:g} s; {args.rate:g} notes/s from {args.hosts} hosts"
    )
    print(f"{'':44}{'value':>12}{'baseline':>12}{'ratio':>8}")

    def row(label, value, base=None, unit="ms"):
        ratio = f"{value / base:8.2f}" if base else ""
        b = f"{base:12.1f}" if base is not None else f"{'':12}"
        print(f"{label:<44}{value:12.1f}{b}{ratio}  {unit}")

    median_alone = statistics.median(alone) * ms
    row("the door: all joins, total", door["total"], unit="s")
    refused = sorted(s for s, _t in door["results"] if s != 302)
    row("the door: refused (not 302)", len(refused), unit=str(refused[:10] or ""))
    row(
        "the door: join median (vs one at a time)", statistics.median(door_times) * ms, median_alone
    )
    row("the door: join p99", percentile(door_times, 99) * ms, median_alone)
    row("the burst: started within (s)", args.burst_seconds, unit="s")
    row("the burst: seated (302)", sum(s == 302 for s, _t in burst_["results"]), unit="")
    row("the burst: slowest join", max(burst_times) * ms, median_alone)
    row("the burst: median join", statistics.median(burst_times) * ms, median_alone)
    base_p99 = percentile(out["notes_alone"], 99) * ms
    row(
        "note -> wall p50 during the door",
        percentile(out["notes_door"], 50) * ms,
        percentile(out["notes_alone"], 50) * ms,
    )
    row("note -> wall p99 during the door", percentile(out["notes_door"], 99) * ms, base_p99)
    row("note -> wall p99 during the burst", percentile(out["notes_burst"], 99) * ms, base_p99)
    print(f"host notes not sent (the server had closed that host's socket): {out['dropped']}")
    f = out["flood"]
    print("\nthe flood (what still stops a script):")
    print(
        f"  one address, 300 join posts (150 junk): {f['flood'].count(302)} seated, "
        f"{f['flood'].count(422)} refused as junk, {f['flood'].count(429)} refused 429; "
        f"an honest phone after it: {f['honest_after_flood']}"
    )
    print(
        f"  four addresses, 120 junk posts: {f['junk'].count(422)} x 422, "
        f"{f['junk'].count(429)} x 429; an honest walk-in after it: {f['honest_after_junk']}"
    )
    print(
        f"  one address, 50 wrong codes: {f['guesses'].count(404)} x 404, "
        f"{f['guesses'].count(429)} x 429; the right code after them: {f['right_code_after']}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--joins", type=int, default=1000)
    parser.add_argument("--at-once", type=int, default=16)
    parser.add_argument("--burst", type=int, default=300)
    parser.add_argument("--burst-seconds", type=float, default=10)
    parser.add_argument("--size", type=int, default=1400, help="people the events hold")
    parser.add_argument("--tables", type=int, default=200)
    parser.add_argument("--hosts", type=int, default=20, help="hosts writing notes")
    parser.add_argument("--rate", type=float, default=10, help="notes a second")
    parser.add_argument("--no-claims", action="store_true")
    args = parser.parse_args()
    show(args, run(args))
    if not args.no_claims:
        print("\nthe bulk attack on names (reference scenario, 64 people, 5 addresses):")
        for line in claims():
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
