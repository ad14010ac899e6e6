"""A thousand phones: Café against a bare Flask-SocketIO server with the same rooms and push
pattern, on the same machine, in alternating runs (issue 11).

Each run starts a fresh server, connects every screen (participants, hosts, 2 walls, 1
organiser), starts round 1, lets the hosts write notes (10 a second in total), ends the
round and starts the next one (phones that know their next table show it from the push),
then ends and starts once more with every phone re-syncing on the push while the hosts
write (the chime with every phone awake: people take out their phones), then, on Café only,
checks in people one after another through the real join form while the notes go on.
It prints medians over the runs and the Café/bare ratios, the servers' full garbage
collections and memory, and the load client's own CPU (it must never be the bottleneck).

    .venv/bin/python bench/fanout.py                     # 1,000 phones, 170 hosts, 3 runs each
    .venv/bin/python bench/fanout.py --scale 0.2 --runs 1  # a quick look
    .venv/bin/python bench/fanout.py --stack 3 --phones 3000 --hosts 510   # behind nginx

With `--stack N` Café runs as N gunicorn processes behind nginx, on PostgreSQL and Redis
(deploy/stack.py), and the bare server is not run.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
import websocket  # noqa: E402
from gevent.pool import Pool  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import free_port, make_server  # noqa: E402

GROUPS = ["cittadini", "imprese", "scuole", "enti"]
QUESTIONS = ["Uno?", "Due?", "Tre?"]
PASSWORD = "bench password"
WAIT = 120  # seconds: a bound on waiting, never a measurement
PINGS: list[float] = []
"""When the screens of the running run got a keep-alive ping (perf_counter)."""


# ---------------------------------------------------------------- preparing the event


def prepare(phones: int, hosts: int) -> dict:
    """(In the server's environment.) An organiser, an event with `hosts` tables and
    `phones` people already checked in and seated, and an empty one for the joins."""
    from datetime import datetime

    from sqlalchemy import update

    from cafe import create_app
    from cafe.database import upgrade_database
    from cafe.extensions import db
    from cafe.models import Participant
    from cafe.services import events, organisers, participants, seating
    from cafe.services.importing import ParticipantRow

    app = create_app()
    with app.app_context(), app.test_request_context():
        upgrade_database()
        owner = organisers.create_organiser("bench", PASSWORD)

        def new_event(title):
            size = max(2, -(-phones // hosts))
            settings = events.EventSettings(
                title=title,
                table_count=hosts,
                table_size=size,
                round_count=3,
                questions=QUESTIONS,
                groups=GROUPS,
            )
            return events.create_event(settings, owner_id=owner.id)

        event = new_event("Mille telefoni")
        rows = [
            ParticipantRow(line=i + 2, name=f"Persona {i}", group=GROUPS[i % 4], host=False)
            for i in range(phones)
        ]
        participants.import_participants(event, rows)
        db.session.execute(
            update(Participant)
            .where(Participant.event_id == event.id)
            .values(arrived_at=datetime.now())
        )
        seating.publish(event)
        joins = new_event("Check-in")
        people = db.session.query(Participant).filter_by(event_id=event.id).all()
        return {
            "event_id": event.id,
            "wall": event.wall_token,
            "hosts": {t.host_token: t.id for t in event.tables},
            "participants": {p.token: [p.id, {"1": 1, "2": 2, "3": 3}] for p in people},
            "join": joins.join_token,
            "questions": QUESTIONS,
        }


def prepare_in(env: dict, cwd: Path, phones: int, hosts: int) -> dict:
    """Run prepare() in a subprocess with the server's environment; its tokens."""
    out = subprocess.run(
        [sys.executable, __file__, "--prepare", str(phones), str(hosts)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- a lean Socket.IO client


class Screen:
    """One screen on a raw Engine.IO v4 WebSocket: a greenlet reads, pongs the server's
    pings and dispatches pushes and acknowledgements. Much cheaper than a full client."""

    def __init__(self, base: str, auth: dict, on_push=None, cookie: str | None = None):
        self.base, self.auth, self.on_push, self.cookie = base, auth, on_push, cookie
        self.acks: dict[int, object] = {}
        self.ids = itertools.count(1)
        self.ws = None
        self.seats: dict | None = None
        self.closing = False
        self.on_drop = None

    def connect(self) -> None:
        url = self.base.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        headers = [f"Cookie: {self.cookie}"] if self.cookie else None
        self.ws = websocket.create_connection(
            url, header=headers, timeout=WAIT, enable_multithread=True
        )
        self.ws.sock.setsockopt(6, 1, 1)  # TCP_NODELAY, as a phone's stack would
        opened = self.ws.recv()
        if not opened.startswith("0"):  # refused or closed: the phone tries again
            raise ConnectionError(f"no handshake: {opened[:200]!r}")
        self.ws.send("40" + json.dumps(self.auth))
        reply = self.ws.recv()
        while reply == "2":  # a ping can come first on a busy server: answer, read on
            self.ws.send("3")
            reply = self.ws.recv()
        if not reply.startswith("40"):
            raise ConnectionError(f"refused: {reply[:200]}")
        gevent.spawn(self._read)

    def call(self, event: str, data: dict, on_reply) -> None:
        """Emit `event` with an acknowledgement id; `on_reply(reply)` when it comes."""
        ack = next(self.ids)
        self.acks[ack] = on_reply
        self.ws.send(f"42{ack}" + json.dumps([event, data]))

    def close(self) -> None:
        self.closing = True
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001 - closing at the end of a run
            pass

    def _read(self) -> None:
        while True:
            try:
                frame = self.ws.recv()
            except Exception:  # noqa: BLE001 - the server went away or we closed
                if not self.closing and self.on_drop:
                    self.on_drop(self)  # a phone reconnects by itself, and re-syncs
                return
            if frame == "2":
                PINGS.append(time.perf_counter())
                self.ws.send("3")
            elif frame.startswith("42"):
                event, *args = json.loads(frame[2:])
                if self.on_push:
                    self.on_push(self, event, args[0] if args else None)
            elif frame.startswith("43"):
                match = re.match(r"43(\d+)", frame)
                callback = self.acks.pop(int(match.group(1)), None)
                if callback:
                    callback(json.loads(frame[match.end() :])[0])


def wait_until(condition, timeout: float = WAIT) -> bool:
    """Let the greenlets work until `condition()` holds (False after `timeout`)."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        gevent.sleep(0.002)
    return True


def most_within(moments: list[float], seconds: float) -> int:
    """The most of `moments` that fall within any `seconds` (a sliding window)."""
    ordered, most, start = sorted(moments), 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] > seconds:
            start += 1
        most = max(most, end - start + 1)
    return most


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(1, int(-(-len(ordered) * p // 100))) - 1]


class Load:
    """Every screen of one event on one server, and what they saw."""

    def __init__(self, base: str, tokens: dict, cookie: str | None, always_resync=False):
        self.base, self.tokens, self.cookie = base, tokens, cookie
        self.always_resync = always_resync
        self.sent: dict[str, float] = {}
        self.on_wall: dict[str, list[float]] = {}
        self.resynced: dict[int, float] = {}
        self.round_seq = 0
        self.phones: list[Screen] = []
        self.hosts: list[Screen] = []
        self.walls: list[Screen] = []
        self.organiser: Screen | None = None
        self.lost_replies = 0
        self.refused: list[dict] = []
        self.round_pushes = 0
        self.dropped = 0

    def _wall_push(self, _screen, event, message) -> None:
        if event == "change" and message["kind"] == "note":
            self.on_wall.setdefault(message["data"]["uuid"], []).append(time.perf_counter())

    def _noted(self, reply) -> None:
        if not reply.get("ok"):
            self.refused.append(reply)

    def _reconnect(self, screen) -> None:
        """A dropped screen connects again and syncs, as live.js does; its sync counts as
        having the table for a round change that was pending."""
        self.dropped += 1

        def again():
            for _attempt in range(10):
                try:
                    screen.acks.clear()
                    screen.connect()
                    break
                except Exception:  # noqa: BLE001 - the server is busy: try again
                    gevent.sleep(1)
            else:
                return

            def synced(reply):
                screen.seats = reply.get("seats")
                if reply.get("ok") and screen in self.phones:
                    self.resynced[id(screen)] = time.perf_counter()

            screen.call("sync", {"since": 0}, synced)

        gevent.spawn(again)

    def _phone_push(self, screen, event, message) -> None:
        if event == "change" and message["kind"] == "round":
            self.round_pushes += 1
            seq = message["seq"]
            known = str(message["data"].get("seated_round")) in (screen.seats or {})
            if known and not self.always_resync:
                # As static/js/participant.js: the phone shows its table from the push.
                self.resynced[id(screen)] = time.perf_counter()
                return

            def synced(reply, screen=screen):
                if reply.get("ok") and reply.get("seats") is not None:
                    self.resynced[id(screen)] = time.perf_counter()
                else:
                    self.lost_replies += 1

            screen.call("sync", {"since": seq}, synced)

    def connect_all(self) -> float:
        """Connect every screen and wait for each first sync; the seconds it took."""
        screens = [
            Screen(self.base, {"role": "wall", "token": self.tokens["wall"]}, self._wall_push)
        ]
        screens.append(Screen(self.base, dict(screens[0].auth), self._wall_push))
        self.walls = screens[:]
        self.hosts = [Screen(self.base, {"role": "host", "token": t}) for t in self.tokens["hosts"]]
        self.phones = [
            Screen(self.base, {"role": "participant", "token": t}, self._phone_push)
            for t in self.tokens["participants"]
        ]
        self.organiser = Screen(
            self.base,
            {"role": "organiser", "event_id": self.tokens["event_id"], "token": "organiser"},
            cookie=self.cookie,
        )
        everyone = [*self.walls, *self.hosts, *self.phones, self.organiser]
        for screen in everyone:
            screen.on_drop = self._reconnect
        synced = []
        started = time.perf_counter()

        def one(screen):
            def first(reply, screen=screen):
                screen.seats = reply.get("seats")
                synced.append(reply)

            for attempt in range(5):  # a busy server refuses a few: a phone tries again
                try:
                    screen.connect()
                    break
                except (ConnectionError, OSError, websocket.WebSocketException):
                    gevent.sleep(1 + attempt)
            screen.call("sync", {"since": 0}, first)

        Pool(100).map(one, everyone)
        assert wait_until(lambda: len(synced) == len(everyone)), "first syncs missing"
        assert all(r.get("ok") for r in synced), [r for r in synced if not r.get("ok")][:3]
        return time.perf_counter() - started

    def clock(self, action: str) -> float:
        """The organiser's control; seconds until every phone has re-synced after the push."""
        self.resynced.clear()
        self.round_pushes = 0
        replies = []
        started = time.perf_counter()
        self.organiser.call("clock", {"action": action}, replies.append)
        done = wait_until(lambda: replies and len(self.resynced) == len(self.phones))
        assert replies and replies[0].get("ok"), replies
        assert done, (
            f"{len(self.phones) - len(self.resynced)} phones never re-synced "
            f"({self.lost_replies} refused, {self.round_pushes} round pushes)"
        )
        return max(self.resynced.values()) - started

    def notes(self, seconds: float, rate: float, also=None) -> list[float]:
        """Hosts write `rate` notes a second for `seconds` (or until `also` is done);
        note -> every wall latencies in seconds."""
        mine = []
        runner = gevent.spawn(also) if also else None
        started = time.perf_counter()
        for i in itertools.count():
            due = started + i / rate
            gevent.sleep(max(0, due - time.perf_counter()))
            if runner is None and time.perf_counter() - started >= seconds:
                break
            if runner is not None and runner.ready():
                break
            host = random.choice(self.hosts)
            note = {"uuid": str(uuid.uuid4()), "text": f"Nota {i}", "kind": "idea", "round": 1}
            self.sent[note["uuid"]] = time.perf_counter()
            mine.append(note["uuid"])
            host.call("note:add", note, self._noted)
        wait_until(lambda: all(len(self.on_wall.get(u, ())) == len(self.walls) for u in mine), 30)
        # A refused note (the server timed out) is reported, not hidden: see "refused".
        if runner is not None:
            runner.get()
        return [t - self.sent[u] for u in mine for t in self.on_wall.get(u, [])] + [
            float("inf")
        ] * sum(len(self.walls) - len(self.on_wall.get(u, ())) for u in mine)

    def close(self) -> None:
        for screen in [*self.walls, *self.hosts, *self.phones, self.organiser]:
            if screen and screen.ws:
                screen.close()


def joins(base: str, join_token: str, count: int) -> list[float]:
    """People checking in one after another through the form; seconds per join."""
    times = []
    for i in range(count):
        started = time.perf_counter()
        with requests.Session() as phone:
            page = phone.get(f"{base}/j/{join_token}", timeout=WAIT)
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            sent = phone.post(
                f"{base}/j/{join_token}",
                data={"csrf_token": csrf, "name": f"Nuova persona {i}", "group": GROUPS[i % 4]},
                allow_redirects=False,
                timeout=WAIT,
            )
        assert sent.status_code == 302, (sent.status_code, sent.text[:500])
        times.append(time.perf_counter() - started)
    return times


def login(base: str) -> str:
    """The organiser's session cookie."""
    with requests.Session() as browser:
        page = browser.get(base + "/login", timeout=WAIT)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        done = browser.post(
            base + "/login",
            data={"csrf_token": csrf, "username": "bench", "password": PASSWORD},
            allow_redirects=False,
            timeout=WAIT,
        )
        assert done.status_code == 302, done.status_code
        return "; ".join(f"{k}={v}" for k, v in browser.cookies.items())


# ---------------------------------------------------------------- servers


def start_server(kind: str, folder: Path, phones: int, hosts: int):
    """A fresh Café (SQLite) or bare server with the stats wrapper; (process, base, tokens,
    stats path)."""
    server = make_server(
        folder / "instance", CAFE_MAX_CONNECTIONS="20000", CAFE_MAX_PER_ADDRESS="20000"
    )
    stats = folder / f"{kind}-stats.json"
    tokens = prepare_in(server.env, server.instance, phones, hosts)
    if kind == "cafe":
        command = [sys.executable, str(ROOT / "bench/serve_stats.py"), str(stats), "cafe"]
        command += ["--host", "127.0.0.1"]
    else:
        (folder / "tokens.json").write_text(json.dumps(tokens))
        command = [sys.executable, str(ROOT / "bench/serve_stats.py"), str(stats), "bare"]
        command += [str(server.port), str(folder / "tokens.json")]
    log = (folder / f"{kind}.log").open("ab")
    process = subprocess.Popen(command, env=server.env, cwd=server.instance, stdout=log, stderr=log)
    wait_for_http(server.url + "/socket.io/?EIO=4&transport=polling", process)
    return process, server.url, tokens, stats


def wait_for_http(url: str, process=None) -> None:
    """Until `url` answers (or the process died)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode})")
        try:
            requests.get(url, timeout=2)
            return
        except requests.ConnectionError:
            gevent.sleep(0.1)
    raise RuntimeError(f"{url} never answered")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def process_cpu(pids) -> float:
    """CPU seconds the processes `pids()` have run so far (their threads summed; the
    scheduler's nanoseconds, not the 10 ms ticks of /proc/PID/stat): what a phase costs a
    server, whatever else the shared machine is doing meanwhile."""
    total = 0
    for pid in pids():
        for task in Path(f"/proc/{pid}/task").glob("*/schedstat"):
            try:
                total += int(task.read_text().split()[0])
            except (OSError, ValueError):
                continue
    return total / 1e9


class ServerCpu:
    """The server's CPU seconds spent in each measured phase."""

    def __init__(self, pids):
        self.pids, self.spent = pids, {}

    def measure(self, name: str, phase):
        """Run `phase()` and note the server CPU it took; its result."""
        before = process_cpu(self.pids)
        try:
            return phase()
        finally:
            self.spent[name] = process_cpu(self.pids) - before


def one_run(kind: str, args, base=None, tokens=None, stats=None, pids=None) -> dict:
    """Every phase against one server (whose processes are `pids()`); a dict of numbers."""
    cookie = login(base) if kind != "bare" else None
    load = Load(base, tokens, cookie, args.always_resync)
    server = ServerCpu(pids or list)
    result = {}
    cpu, wall = cpu_seconds(), time.perf_counter()
    try:
        result["connect"] = load.connect_all()
        load.clock("start")
        gevent.sleep(1)
        PINGS.clear()
        note_times = server.measure("notes", lambda: load.notes(args.seconds, args.rate))
        result["ping_burst"] = most_within(PINGS, 0.1)
        result["note_p50"] = percentile(note_times, 50)
        result["note_p99"] = percentile(note_times, 99)
        result["note_max"] = max(note_times)
        result["note_cpu"] = server.spent["notes"] / (args.seconds * args.rate)
        result["round_end"] = server.measure("end", lambda: load.clock("end"))
        gevent.sleep(1)
        result["round_start"] = server.measure("start", lambda: load.clock("start"))
        result["round_cpu"] = (server.spent["end"] + server.spent["start"]) / 2
        awake(load, server, args, result)
        if kind != "bare" and args.joins:
            join_times: list[float] = []

            def check_in():
                join_times.extend(joins(base, tokens["join"], args.joins))

            during = load.notes(0, args.rate, also=check_in)
            result["joins_total"] = sum(join_times)
            result["join_10th"] = statistics.median(join_times[5:15])
            result["join_last"] = statistics.median(join_times[-10:])
            result["join_note_p50"] = percentile(during, 50)
            result["join_note_p99"] = percentile(during, 99)
        result["client_cpu"] = (cpu_seconds() - cpu) / (time.perf_counter() - wall)
        result["dropped"] = load.dropped
        result["refused"] = len(load.refused)
        if stats is not None:
            gevent.sleep(1)
            numbers = json.loads(Path(stats).read_text())
            result["full_gcs"] = numbers["full_collections"]
            result["gc_max_ms"] = max(numbers["pauses_ms"], default=0)
            by_generation = numbers["young_pauses_by_generation"]
            result["gc_gen0_max_ms"], result["gc_gen1_max_ms"] = by_generation.values()
            result["startup_gcs"] = numbers["startup_full_collections"]
            result["rss_mb"] = numbers["peak_rss_mb"]
    finally:
        load.close()
    return result


def awake(load: Load, server: ServerCpu, args, result: dict) -> None:
    """The chime with every phone awake: the next round end and start, with every phone
    re-syncing on the push (people take out their phones) while the hosts write."""
    load.always_resync = True
    try:
        for name, action in (("awake_end", "end"), ("awake_start", "start")):
            gevent.sleep(1)
            took: list[float] = []

            def change(action=action, took=took):
                took.append(load.clock(action))

            def phase(change=change):
                return load.notes(0, args.rate, also=change)

            server.measure(name, phase)
            result[name] = took[0]
        result["awake_cpu"] = (server.spent["awake_end"] + server.spent["awake_start"]) / 2
    finally:
        load.always_resync = args.always_resync


def local_run(kind: str, args) -> dict:
    keep = os.environ.get("FANOUT_KEEP")  # a folder to keep the servers' logs in
    with tempfile.TemporaryDirectory(prefix=f"fanout-{kind}-", dir=keep) as folder:
        process, base, tokens, stats = start_server(kind, Path(folder), args.phones, args.hosts)
        try:
            return one_run(kind, args, base, tokens, stats, lambda: [process.pid])
        except Exception:
            print((Path(folder) / f"{kind}.log").read_text()[-3000:], file=sys.stderr)
            raise
        finally:
            process.terminate()
            process.wait(20)
            if keep:
                shutil.copy(Path(folder) / f"{kind}.log", Path(keep) / f"{kind}-{os.getpid()}.log")


def stack_run(args) -> dict:
    sys.path.insert(0, str(ROOT / "deploy"))
    from stack import Stack

    with tempfile.TemporaryDirectory(prefix="fanout-stack-") as folder:
        with Stack(Path(folder), processes=args.stack, port=free_port()) as stack:
            tokens = prepare_in(stack.env, Path(folder), args.phones, args.hosts)
            result = one_run("cafe", args, stack.url, tokens, pids=stack.app_pids)
            result["rss_mb"] = stack.peak_rss_mb()
            return result


ROWS = [
    ("connect", "connect + first sync of every screen", "s"),
    ("note_p50", "note -> wall p50", "ms"),
    ("note_p99", "note -> wall p99", "ms"),
    ("note_max", "note -> wall max", "ms"),
    ("round_end", "round ends -> every phone re-synced", "s"),
    ("round_start", "round starts -> every phone re-synced", "s"),
    ("ping_burst", "keep-alive pings within 100 ms, most (notes phase)", ""),
    ("note_cpu", "server CPU per note (keep-alives included)", "ms"),
    ("round_cpu", "server CPU per round change", "ms"),
    ("awake_end", "round ends, every phone re-syncs -> last phone", "s"),
    ("awake_start", "round starts, every phone re-syncs -> last phone", "s"),
    ("awake_cpu", "server CPU per round change, every phone re-syncing", "ms"),
    ("joins_total", "joins through the form, total", "s"),
    ("join_10th", "join, median of the 6th-15th", "ms"),
    ("join_last", "join, median of the last 10", "ms"),
    ("join_note_p50", "note -> wall p50 while joining", "ms"),
    ("join_note_p99", "note -> wall p99 while joining", "ms"),
    ("startup_gcs", "full collections before listening", ""),
    ("full_gcs", "full collections while serving", ""),
    ("gc_max_ms", "longest full collection while serving", "ms"),
    ("gc_gen0_max_ms", "longest generation-0 collection while serving", "ms"),
    ("gc_gen1_max_ms", "longest generation-1 collection while serving", "ms"),
    ("rss_mb", "server memory, peak RSS", "MB"),
    ("dropped", "sockets the server dropped (phones reconnect)", ""),
    ("refused", "notes refused (server timed out)", ""),
    ("client_cpu", "load client's CPU (1.0 = one core)", ""),
]


def show(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "ms":
        return f"{value * 1000:.1f}" if value < 100 else f"{value:.1f}"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def report(results: dict[str, list[dict]], args) -> None:
    kinds = list(results)
    print(
        f"\nfanout: {args.phones} phones, {args.hosts} hosts, 2 walls, 1 organiser; "
        f"{args.rate:g} notes/s for {args.seconds:g} s; {args.joins} joins; "
        f"medians of {args.runs} alternating runs"
    )
    head = "".join(f"{k:>12}" for k in kinds)
    print(f"{'measure':<42}{head}{'ratio':>8}")
    for key, name, unit in ROWS:
        medians = []
        for k in kinds:
            values = [r[key] for r in results[k] if key in r]
            medians.append(statistics.median(values) if values else None)
        ratio = ""
        if len(medians) == 2 and None not in medians and medians[1]:
            ratio = f"{medians[0] / medians[1]:.1f}"
        if key in ("gc_max_ms", "gc_gen0_max_ms", "gc_gen1_max_ms") and medians[0] is not None:
            medians = [m / 1000 if m is not None else None for m in medians]
        label = f"{name} ({unit})" if unit else name
        print(f"{label:<42}" + "".join(f"{show(m, unit):>12}" for m in medians) + f"{ratio:>8}")


def show_run(run: int, kind: str, outcome: dict) -> None:
    """One run's raw numbers, as they come."""
    numbers = {k: round(v, 4) for k, v in outcome.items()}
    print(f"run {run + 1} {kind}: {json.dumps(numbers)}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=170)
    parser.add_argument("--rate", type=float, default=10.0, help="notes per second in total")
    parser.add_argument("--seconds", type=float, default=20.0, help="of notes before the round end")
    parser.add_argument("--joins", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply phones, hosts, joins")
    parser.add_argument(
        "--always-resync",
        action="store_true",
        help="phones re-sync on every round change (the phone's code before issue 11)",
    )
    parser.add_argument("--only", choices=("cafe", "bare"), help="run one server only")
    parser.add_argument("--stack", type=int, help="Café as N processes behind nginx")
    parser.add_argument("--prepare", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare(*args.prepare)))
        return 0
    args.phones = max(10, int(args.phones * args.scale))
    args.hosts = max(2, int(args.hosts * args.scale))
    args.joins = int(args.joins * args.scale)
    if args.stack:
        # Joins are limited per event (120 a minute) in Redis, shared by the processes.
        args.joins = 0
        kind = f"cafe x{args.stack}"
        results: dict[str, list[dict]] = {kind: []}
        for run in range(args.runs):
            results[kind].append(stack_run(args))
            show_run(run, kind, results[kind][-1])
        report(results, args)
        return 0
    kinds = [args.only] if args.only else ["cafe", "bare"]
    results = {k: [] for k in kinds}
    for run in range(args.runs):
        for kind in kinds if run % 2 == 0 else reversed(kinds):
            results[kind].append(local_run(kind, args))
            show_run(run, kind, results[kind][-1])
    report(results, args)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
