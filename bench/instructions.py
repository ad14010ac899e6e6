"""Three processes, counted instead of timed (issue 22): the instructions a Café process
spends per round change and per note with 1,000 phones, alone and as one of three behind
nginx, with PostgreSQL's, Redis's and nginx's instructions counted the same way.

On two cores three processes cannot run side by side, so their time says nothing about
how they scale; their instructions do (valgrind's callgrind counts them whatever else the
machine is doing; `perf stat` is not supported in this virtual machine). Every program
runs under callgrind with counting off (bench/callgrind.py) and counting is switched on
for each measured window only:

- idle: nothing happens but the phones' keep-alives (instructions per second);
- a round change (end, start, end, start), pushed to every phone (phones that know their
  next table show it from the push, as static/js/participant.js does);
- notes: hosts write notes one after another, each waited for on every wall;
- with three processes, notes again, all written by the first process's hosts: what the
  other two spend relaying a note they did not write (through Redis, to their walls);
- with --awake, one more round change with every phone re-syncing on the push.

A window's count less the idle rate times the window's length is what the action cost.
Set-ups: `sqlite` (one process, SQLite, no Redis), `postgres` (one process, PostgreSQL,
no Redis) and `stack` (three processes behind nginx, PostgreSQL and Redis), each process
with `--phones` phones, `--hosts` hosts and one wall (the organiser on the first). One
PostgreSQL and one Redis of the benchmark's own (initdb'd into a temporary folder, another
port) run under callgrind too. With --native nothing runs under valgrind and the windows
measure CPU time instead (/proc/PID/task/*/schedstat): instructions / CPU seconds is this
machine's rate for Café's own code.

    nice -n 19 .venv/bin/python bench/instructions.py                     # all three
    nice -n 19 .venv/bin/python bench/instructions.py --setup sqlite --phones 100
    nice -n 19 .venv/bin/python bench/instructions.py --setup sqlite --native
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from contextlib import ExitStack, contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "deploy"))

import callgrind  # noqa: E402
import fanout  # noqa: E402
import gevent  # noqa: E402
import gevent.event  # noqa: E402
import redis  # noqa: E402
from gevent.pool import Pool  # noqa: E402
from stack import Stack, _children, free_port  # noqa: E402

PG_BIN = Path("/usr/lib/postgresql/15/bin")
WAIT = 600  # seconds: a bound on waiting for a program under valgrind, never a measurement
CONNECTING = 8  # screens connecting at once: fewer than the app's database pool (10)
fanout.WAIT = 3600  # the phones' read timeout: with keep-alives stretched, minutes pass silent


# ---------------------------------------------------------------- the programs


def counted(folder: Path | None):
    """A `wrap(name)` for Stack: the callgrind prefix, or none (--native)."""
    return (lambda name: callgrind.prefix(folder, name)) if folder else (lambda _name: [])


@contextmanager
def private_postgres(folder: Path | None):
    """A PostgreSQL cluster of our own (initdb, another port, user postgres as PostgreSQL
    requires), under callgrind when `folder` is given; (admin URL, postmaster pid)."""
    home = Path(tempfile.mkdtemp(prefix="cafe-counting-pg-"))
    shutil.chown(home, "postgres")
    as_postgres = ["runuser", "-u", "postgres", "--"]
    data, port = home / "data", free_port()
    subprocess.run(
        [*as_postgres, str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
        check=True,
        capture_output=True,
        cwd=home,
    )
    wrap = []
    if folder:
        wrap = callgrind.prefix(folder, "postgres")
    command = [*as_postgres, *wrap, str(PG_BIN / "postgres"), "-D", str(data), "-p", str(port)]
    command += ["-k", str(home), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"]
    log = (home / "postgres.log").open("ab")
    process = subprocess.Popen(command, stdout=log, stderr=log, cwd=home)
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    try:
        _wait(lambda: _answers_sql(url), process, "PostgreSQL")
        yield url, _postmaster(process.pid)
    finally:
        for pid in _children(process.pid):
            os.kill(pid, signal.SIGINT)  # fast shutdown: PostgreSQL's smart one waits
        process.wait(120)
        shutil.rmtree(home, ignore_errors=True)


def _postmaster(runner: int) -> int:
    """The postmaster: runuser's child (runuser stays as its parent)."""
    children = _children(runner)
    return children[0] if children else runner


def _answers_sql(url: str) -> bool:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        return True
    except Exception:  # noqa: BLE001 - not up yet
        return False
    finally:
        engine.dispose()


@contextmanager
def private_redis(folder: Path | None):
    """A redis-server of our own on another port (nothing saved), under callgrind when
    `folder` is given; (URL, pid)."""
    port = free_port()
    wrap = callgrind.prefix(folder, "redis") if folder else []
    command = [*wrap, "redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    client = redis.Redis(port=port)

    def up() -> bool:
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    try:
        _wait(up, process, "redis-server")
        yield f"redis://127.0.0.1:{port}/0", process.pid
    finally:
        process.terminate()
        process.wait(60)


def _wait(ready, process, name: str) -> None:
    deadline = time.monotonic() + WAIT
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{name} did not start")
        gevent.sleep(0.5)


# ---------------------------------------------------------------- phones per process


def cookies_per_process(stack: Stack) -> list[str]:
    """A `cafe_node` cookie value that nginx's consistent hash sends to each app process,
    found by opening a WebSocket upgrade with a candidate and watching which process gets
    the connection: so each process gets exactly its phones."""
    found: dict[int, str] = {}
    for candidate in (f"n{k}" for k in range(400)):
        if len(found) == len(stack.app_ports):
            break
        before = [_established(port) for port in stack.app_ports]
        sock = socket.create_connection(("127.0.0.1", stack.port))
        sock.sendall(
            (
                "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{stack.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                f"Cookie: cafe_node={candidate}\r\n\r\n"
            ).encode()
        )
        deadline = time.monotonic() + 30
        grew = []
        while not grew and time.monotonic() < deadline:
            gevent.sleep(0.1)
            now = [_established(port) for port in stack.app_ports]
            grew = [i for i, (a, b) in enumerate(zip(before, now, strict=True)) if b > a]
        sock.close()
        if len(grew) == 1:
            found.setdefault(grew[0], candidate)
        wait_closed = time.monotonic() + 30
        while time.monotonic() < wait_closed and any(
            _established(port) > count for port, count in zip(stack.app_ports, before, strict=True)
        ):
            gevent.sleep(0.1)
    if len(found) < len(stack.app_ports):
        raise RuntimeError(f"no cookie found for some processes: {found}")
    return [found[i] for i in range(len(stack.app_ports))]


def _established(port: int) -> int:
    """TCP connections established to `port` on this machine (nginx's to an app)."""
    out = subprocess.run(
        ["ss", "-Htn", "state", "established", f"( sport = :{port} )"],
        capture_output=True,
        text=True,
        check=True,
    )
    return len(out.stdout.splitlines())


# ---------------------------------------------------------------- the screens


def screens(load: fanout.Load, tokens: dict, cookies: list[str], session: str, hosts: int):
    """Every screen of the event, process by process: each process's slice of the phones
    and hosts and one wall, the organiser on the first. Returns the process of each host."""
    processes = len(cookies)
    people = list(tokens["participants"])
    tables = list(tokens["hosts"])
    per_phone = len(people) // processes
    load.phones, load.hosts, load.walls, host_process = [], [], [], []
    for i, cookie in enumerate(cookies):
        node = f"cafe_node={cookie}" if cookie else None
        for token in people[i * per_phone : (i + 1) * per_phone]:
            auth = {"role": "participant", "token": token}
            load.phones.append(fanout.Screen(load.base, auth, load._phone_push, node))
        for token in tables[i * hosts : (i + 1) * hosts]:
            load.hosts.append(
                fanout.Screen(load.base, {"role": "host", "token": token}, None, node)
            )
            host_process.append(i)
        auth = {"role": "wall", "token": tokens["wall"]}
        load.walls.append(fanout.Screen(load.base, auth, load._wall_push, node))
    auth = {"role": "organiser", "event_id": tokens["event_id"], "token": "organiser"}
    cookie = "; ".join(c for c in (session, cookies[0] and f"cafe_node={cookies[0]}") if c)
    load.organiser = fanout.Screen(load.base, auth, cookie=cookie)
    return host_process


def connect(load: fanout.Load) -> float:
    """Connect every screen and wait for its first sync; seconds."""
    everyone = [*load.walls, *load.hosts, *load.phones, load.organiser]
    synced = []
    started = time.monotonic()

    retries = []

    def one(screen):
        screen.on_drop = load._reconnect
        for attempt in range(10):
            try:
                screen.connect()
                break
            except Exception:  # noqa: BLE001 - a busy server under valgrind: try again
                retries.append(screen)
                gevent.sleep(1 + attempt)
        done = gevent.event.Event()

        def first(reply, screen=screen):
            if not reply.get("ok"):  # the server timed out (valgrind is slow): ask again
                retries.append(screen)
                gevent.spawn_later(1, screen.call, "sync", {"since": 0}, first)
                return
            screen.seats = reply.get("seats")
            synced.append(reply)
            done.set()
            if len(synced) % 250 == 0:
                print(f"  {len(synced)} synced in {time.monotonic() - started:.0f} s", flush=True)

        screen.call("sync", {"since": 0}, first)
        done.wait(WAIT)

    # A phone counts as connecting until its first sync has come back, so that no more
    # syncs wait for the database at once than its pool holds (10): beyond that, SQLAlchemy
    # opens overflow connections and closes them again, and every new PostgreSQL backend
    # under valgrind costs seconds (hundreds of backends were started for 200 phones).
    Pool(CONNECTING).map(one, everyone)
    if retries:
        print(f"  {len(retries)} connects or first syncs were tried again", flush=True)
    assert fanout.wait_until(lambda: len(synced) == len(everyone), WAIT), "first syncs missing"
    return time.monotonic() - started


def round_change(load: fanout.Load, action: str) -> None:
    """The organiser's clock `action`, until every phone has its push (or its re-sync)."""
    load.resynced.clear()
    replies = []
    load.organiser.call("clock", {"action": action}, replies.append)
    done = fanout.wait_until(lambda: replies and len(load.resynced) == len(load.phones), WAIT)
    assert done and replies[0].get("ok"), (replies, len(load.resynced))


def writer(i: int, host_process: list[int]) -> int:
    """The host who writes the `i`th note: the processes take turns, and so do their hosts."""
    processes = max(host_process) + 1
    per_process = len(host_process) // processes
    return (i % processes) * per_process + (i // processes) % per_process


def notes(
    load: fanout.Load, host_process: list[int], count: int, start: int = 0, only=None
) -> None:
    """`count` notes, host after host, each waited for on every wall; with `only`, written
    by that process's hosts alone."""
    mine = [h for h, p in enumerate(host_process) if p == only]
    for i in range(start, start + count):
        host = load.hosts[mine[i % len(mine)] if mine else writer(i, host_process)]
        note = {"uuid": str(uuid.uuid4()), "text": f"Nota {i}", "kind": "idea", "round": 1}
        acked = []
        host.call("note:add", note, acked.append)
        seen = fanout.wait_until(
            lambda n=note, a=acked: a and len(load.on_wall.get(n["uuid"], ())) == len(load.walls),
            WAIT,
        )
        assert seen and acked[0].get("ok"), (acked, note["uuid"])


# ---------------------------------------------------------------- measuring


class CpuWindow:
    """--native: CPU nanoseconds of the running processes, as callgrind.Window counts
    instructions (a process that exits meanwhile is not counted)."""

    def __init__(self, _folders, running):
        self.running, self.result, self.seconds = running, {}, 0.0

    def __enter__(self) -> CpuWindow:
        self.before = {pid: self._cpu(pid) for pid in self.running()}
        self.started = time.monotonic()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.monotonic() - self.started
        self.result = {pid: self._cpu(pid) - cpu for pid, cpu in self.before.items()}

    @staticmethod
    def _cpu(pid: int) -> int:
        return int(fanout.process_cpu(lambda: [pid]) * 1e9)


class Meter:
    """Windows over every counted program, grouped: app-0, app-1 …, nginx, postgres, redis."""

    def __init__(self, folder: Path | None, groups: dict):
        self.folder, self.groups = folder, groups
        self.window = callgrind.Window if folder else CpuWindow
        self.rows: dict[str, dict[str, float]] = {}

    def running(self) -> list[int]:
        return [pid for pids in self.groups.values() for pid in pids()]

    def measure(self, name: str, action) -> dict[str, float]:
        """Run `action()` in a window; per group, what it counted."""
        pids_of = {group: set(pids()) for group, pids in self.groups.items()}
        pings = len(fanout.PINGS)
        with self.window([self.folder], self.running) as window:
            action()
        counts = dict.fromkeys(self.groups, 0.0)
        for pid, count in window.result.items():
            group = next((g for g, pids in pids_of.items() if pid in pids), None)
            if group is None:  # a PostgreSQL backend forked during the window
                group = "postgres" if "postgres" in self.groups else None
            if group:
                counts[group] += count
        counts["seconds"] = window.seconds
        counts["pings"] = len(fanout.PINGS) - pings
        self.rows[name] = counts
        print(f"  {name}: {json.dumps({k: round(v, 2) for k, v in counts.items()})}", flush=True)
        return counts


def run_setup(setup: str, args, folder: Path) -> dict:
    """One set-up from start to end; every window's counts."""
    processes = 3 if setup == "stack" else 1
    cg = None if args.native else folder / "callgrind"
    if cg:
        cg.mkdir()
        shutil.chown(cg, "postgres")  # PostgreSQL's backends write their dumps there too
    with ExitStack() as services:
        admin_url, postmaster, redis_url, redis_pid = None, None, None, None
        if setup != "sqlite":
            admin_url, postmaster = services.enter_context(private_postgres(cg))
        if setup == "stack":
            redis_url, redis_pid = services.enter_context(private_redis(cg))
        stack = Stack(
            folder / "stack", processes, redis_url=redis_url, admin_url=admin_url, wrap=counted(cg)
        )
        stack.start_timeout = WAIT
        stack.env.update(
            # Keep-alives and Engine.IO's service task (sockets / ping_timeout wake-ups a
            # second) come by the clock, so under valgrind's slowness they would crowd every
            # window: both stretched, what is left measured in the idle windows.
            CAFE_PING_INTERVAL=str(args.ping),
            CAFE_PING_TIMEOUT=str(args.ping),
            # gunicorn would take a worker slowed down by counting for a stuck one.
            GUNICORN_CMD_ARGS="--timeout 0",
            CAFE_CONNECT_DEADLINE="120",
            CAFE_MAX_PENDING="5000",
            CAFE_MAX_PENDING_PER_ADDRESS="5000",
        )
        services.enter_context(stack)
        env = dict(stack.env, CAFE_INSTANCE=str(stack.folder / "instance-0"))
        tokens = fanout.prepare_in(
            env, stack.folder, args.phones * processes, args.hosts * processes
        )
        groups = {f"app-{i}": (lambda p=app.pid: _children(p)) for i, app in enumerate(stack.apps)}
        groups["nginx"] = lambda: [stack.nginx.pid, *_children(stack.nginx.pid)]
        if postmaster:
            groups["postgres"] = lambda: [postmaster, *_children(postmaster)]
        if redis_pid:
            groups["redis"] = lambda: [redis_pid]
        return measure_all(stack, tokens, processes, groups, args, cg)


def measure_all(stack, tokens, processes, groups, args, cg) -> dict:
    """Connect the screens, then every window."""
    # The login's own cafe_node cookie (nginx sets one on a first visit) would come first
    # in the organiser's Cookie header and send it to whichever process that hashes to.
    session = "; ".join(
        c for c in fanout.login(stack.url).split("; ") if not c.startswith("cafe_node=")
    )
    cookies = cookies_per_process(stack) if processes > 1 else [""]
    load = fanout.Load(stack.url, tokens, session)
    host_process = screens(load, tokens, cookies, session, args.hosts)
    print(f"  connected {len(load.phones)} phones in {connect(load):.0f} s", flush=True)
    meter = Meter(cg, groups)
    try:
        round_change(load, "start")
        notes(load, host_process, processes)  # warm-up: a first note on every process
        gevent.sleep(2)
        meter.measure("idle", lambda: gevent.sleep(args.idle))
        meter.measure("notes", lambda: notes(load, host_process, args.notes, processes))
        if processes > 1:  # what a process spends on the notes other processes' hosts wrote
            meter.measure(
                "notes on app-0",
                lambda: notes(load, host_process, args.notes, processes + args.notes, only=0),
            )
        actions = ("end", "start", "end") if args.awake else ("end", "start", "end", "start")
        for i, action in enumerate(actions):
            meter.measure(f"round {i + 1} ({action})", lambda a=action: round_change(load, a))
        if args.awake:  # round 3 starts (after it ends, the morning is over: no seats)
            load.always_resync = True
            meter.measure("awake (start)", lambda: round_change(load, "start"))
        meter.measure("idle after", lambda: gevent.sleep(args.idle))
        dropped = load.dropped
    finally:
        load.close()
    written = [
        host_process[writer(i, host_process)] for i in range(processes, processes + args.notes)
    ]
    own = [written.count(p) for p in range(processes)]
    return {
        "rows": meter.rows,
        "own_notes": own,
        "notes": args.notes,
        "dropped": dropped,
        "native": args.native,
        "phones": args.phones,
    }


# ---------------------------------------------------------------- the report


def idle_cost(rows: dict, group: str) -> tuple[float, float]:
    """What `group` counts idling: (per second, per keep-alive ping), from the two idle
    windows (the first soon after the phones connected, before most first pings; the
    last with them): I = a * seconds + b * pings, solved for a and b, neither below 0."""
    (i1, s1, p1), (i2, s2, p2) = (
        (rows[name][group], rows[name]["seconds"], rows[name]["pings"])
        for name in ("idle", "idle after")
    )
    det = s1 * p2 - s2 * p1
    a = (i1 * p2 - i2 * p1) / det if det else -1
    b = (s1 * i2 - s2 * i1) / det if det else -1
    if a < 0 or b < 0:  # one of them is noise: everything on the other
        a, b = (0.0, (i1 + i2) / (p1 + p2)) if a < 0 and p1 + p2 else ((i1 + i2) / (s1 + s2), 0.0)
    return a, b


def net(rows: dict, name: str, group: str) -> float:
    """A window's count less what idling for as long, with as many pings, would count."""
    per_second, per_ping = idle_cost(rows, group)
    row = rows[name]
    return row[group] - per_second * row["seconds"] - per_ping * row["pings"]


def summary(result: dict) -> dict[str, dict[str, float]]:
    """Per group: idle per second, per round change (median of the four), per note, per
    note its own hosts wrote (app processes), and the awake round change."""
    rows = result["rows"]
    rounds = [name for name in rows if name.startswith("round ")]
    out = {}
    for group in rows["idle"]:
        if group in ("seconds", "pings"):
            continue
        line = {
            "idle_per_s": idle_cost(rows, group)[0],
            "per_ping": idle_cost(rows, group)[1],
            "round": statistics.median(net(rows, r, group) for r in rounds),
            "round_min": min(net(rows, r, group) for r in rounds),
            "round_max": max(net(rows, r, group) for r in rounds),
            "note": net(rows, "notes", group) / result["notes"],
        }
        if group.startswith("app-"):
            own = result["own_notes"][int(group.split("-")[1])]
            line["own_note"] = net(rows, "notes", group) / own if own else float("nan")
        if "awake (start)" in rows:
            line["awake"] = net(rows, "awake (start)", group)
        if "notes on app-0" in rows:
            line["app0_note"] = net(rows, "notes on app-0", group) / result["notes"]
        out[group] = line
    return out


def report(results: dict[str, dict], native: bool) -> None:
    unit = "CPU ms" if native else "million instructions"
    scale = 1e6
    print(f"\ninstructions.py: {unit}, net of idling (idle/s: per second; keep-alive: per ping)")
    columns = [("idle_per_s", "idle/s"), ("per_ping", "keep-alive"), ("round", "round chg"),
               ("round_min", "min"), ("round_max", "max"), ("note", "per note"),
               ("own_note", "own note"), ("app0_note", "app-0 note"),
               ("awake", "awake chg")]  # fmt: skip
    print(f"{'set-up / program':<22}" + "".join(f"{title:>11}" for _k, title in columns))
    for setup, result in results.items():
        for group, line in summary(result).items():
            cells = "".join(
                f"{line[k] / scale:>11.2f}" if k in line else f"{'–':>11}" for k, _t in columns
            )
            print(f"{setup + ' ' + group:<22}{cells}")
    single = results.get("postgres") or results.get("sqlite")
    if single and "stack" in results:
        base = summary(single)["app-0"]
        print("\nratio, each of three processes to one process alone (goal: within 1.2x)")
        for group, line in summary(results["stack"]).items():
            if group.startswith("app-"):
                ratios = "  ".join(
                    f"{k} {line[k] / base[k]:.2f}"
                    for k in ("per_ping", "round", "own_note", "awake")
                    if k in line and base.get(k)
                )
                print(f"  {group}: {ratios}")


def model(counted: dict, native: dict) -> None:
    """How many phones N cores hold, from the stack's counts (per process and the shares of
    nginx, PostgreSQL and Redis) and this machine's instructions per CPU second (the same
    set-up's round changes, counted and timed natively). Keep-alives at the real 10 s; 10
    notes a second per 1,000 phones (bench/fanout.py's rate); a round change must reach
    every phone within a second, and the steady load may take half of every core."""
    rates = []
    for setup in ("sqlite", "postgres"):
        if setup in counted and setup in native:
            ir, cpu = summary(counted[setup])["app-0"], summary(native[setup])["app-0"]
            rates += [ir["round"] / (cpu["round"] / 1e9), ir["note"] / (cpu["note"] / 1e9)]
            print(f"{setup}: {rates[-2] / 1e9:.2f} G instructions per CPU second in round")
            print(f"{setup}: {rates[-1] / 1e9:.2f} G instructions per CPU second in notes")
    rate = statistics.median(rates)
    name = "stack" if "stack" in counted else "postgres"
    stack = summary(counted[name])
    apps = [line for group, line in stack.items() if group.startswith("app-")]
    phones = counted[name].get("phones", 1000) * len(apps)
    print(f"from {name}: {phones} phones on {len(apps)} process(es)")
    shares = [g for g in ("nginx", "postgres", "redis") if g in stack]
    everything = [*apps, *(stack[g] for g in shares)]
    per_phone_round = sum(line["round"] for line in everything) / phones
    per_note = sum(line["note"] for line in everything)
    keepalive = sum(line["per_ping"] for line in everything) / phones  # each phone pings once
    base = sum(line["idle_per_s"] for line in everything)
    steady_per_phone = keepalive / 10 + per_note * 10 / 1000
    print(f"rate used: {rate / 1e9:.2f} G instructions per CPU second")
    print(f"per phone: keep-alive {keepalive / 1e3:.0f} k every 10 s, round change")
    print(f"  {per_phone_round / 1e3:.0f} k, notes {per_note * 10 / 1000 / 1e3:.0f} k a second")
    print(
        f"  (a note {per_note / 1e6:.2f} M, of which "
        + ", ".join(f"{g} {stack[g]['note'] / per_note:.0%}" for g in shares)
        + ")"
    )
    print(
        "  round change shares: "
        + ", ".join(f"{g} {stack[g]['round'] / per_phone_round / phones:.0%}" for g in shares)
    )
    for cores in (1, 2, 4, 8, 16):
        by_round = cores * rate / per_phone_round
        by_load = (cores * rate / 2 - base) / steady_per_phone
        print(
            f"{cores:>3} cores: {min(by_round, by_load):>8,.0f} phones "
            f"(round change in 1 s: {by_round:,.0f}; half the cores steady: {by_load:,.0f})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", choices=("sqlite", "postgres", "stack"), action="append")
    parser.add_argument("--phones", type=int, default=1000, help="per process")
    parser.add_argument("--hosts", type=int, default=170, help="per process")
    parser.add_argument("--notes", type=int, default=30)
    parser.add_argument("--idle", type=float, default=15.0, help="seconds of each idle window")
    parser.add_argument("--ping", type=float, default=600.0, help="keep-alive interval (s)")
    parser.add_argument(
        "--awake", action="store_true", help="also a round change re-syncing every phone"
    )
    parser.add_argument("--native", action="store_true", help="CPU time, no valgrind")
    parser.add_argument("--json", type=Path, help="write every window's counts there")
    parser.add_argument("--keep", type=Path, help="keep the dumps and logs in this folder")
    parser.add_argument(
        "--model", nargs="+", type=Path, metavar="JSON",
        help="print the tables and the capacity model from --json files (counted and --native)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.model:
        every = [item for path in args.model for item in json.loads(path.read_text()).items()]
        counted = {setup: result for setup, result in every if not result.get("native")}
        native = {setup: result for setup, result in every if result.get("native")}
        report(counted, False)
        report(native, True)
        print()
        model(counted, native)
        return 0
    results = {}
    for setup in args.setup or ["sqlite", "postgres", "stack"]:
        print(f"{setup}: {args.phones} phones and {args.hosts} hosts per process", flush=True)
        with tempfile.TemporaryDirectory(prefix=f"counting-{setup}-") as folder:
            os.chmod(folder, 0o755)  # PostgreSQL's user writes its dumps below
            try:
                results[setup] = run_setup(setup, args, Path(folder))
            finally:
                if args.keep:
                    shutil.copytree(folder, args.keep / setup, dirs_exist_ok=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))
    report(results, args.native)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
