"""Message floods against a real server, spoken by hand over Engine.IO websockets as a script
on the venue network would (issue 23.1 and 23.2), and the honest screens measured meanwhile.
Used by tests/test_flood_messages.py (short, bounded, counts only) and bench/flood.py (longer,
with the timings beside a no-flood baseline of the same run)."""

from __future__ import annotations

import json
import socket
import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field

import requests
import socketio
import websocket

EIO_PATH = "/socket.io/?EIO=4&transport=websocket"
WINDOW = 500
"""Unanswered messages a flooder keeps queued (ones that ask for an ack): more only fill
kernel buffers and burn the CPU the server shares with the flooder here."""


def raw_socket(port: int, address: str = "127.0.0.1", timeout: float = 5) -> websocket.WebSocket:
    """An Engine.IO websocket from `address` (any of 127.0.0.0/8), its open packet read."""
    sock = socket.create_connection(
        ("127.0.0.1", port), timeout=timeout, source_address=(address, 0)
    )
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{port}{EIO_PATH}", timeout=timeout, socket=sock
    )
    opened = ws.recv()
    assert opened.startswith("0"), opened
    return ws


@dataclass
class Flooder:
    """One flooding socket: what it sent, what the server answered, whether it was closed."""

    sent: int = 0
    answered: int = 0
    closed: bool = False
    refused_at_handshake: bool = False
    stop: threading.Event = field(default_factory=threading.Event)
    window: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(WINDOW))


def _read(ws: websocket.WebSocket, flooder: Flooder) -> None:
    """Answer pings (a flooder that keeps its sockets alive) and count acknowledgements."""
    while not flooder.stop.is_set():
        try:
            message = ws.recv()
        except websocket.WebSocketTimeoutException:
            continue
        except (websocket.WebSocketException, OSError):
            flooder.closed = True
            return
        if message == "2":
            try:
                ws.send("3")
            except (websocket.WebSocketException, OSError):
                flooder.closed = True
                return
        elif message.startswith("43"):
            flooder.answered += 1
            flooder.window.release()
        elif message == "" or message.startswith("1") or message.startswith("41"):
            flooder.closed = True
            return


def flood(port: int, messages, seconds: float, auth: dict | None = None, address="127.0.0.1"):
    """Open a websocket (and a Socket.IO connect with `auth`, if any), then send the packets
    of the iterator `messages` as fast as the socket takes them for `seconds`. Returns the
    Flooder, counted as it goes (a thread sends; the caller joins it through .stop)."""
    flooder = Flooder()

    def run():
        try:
            ws = raw_socket(port, address)
        except (OSError, websocket.WebSocketException, AssertionError):
            flooder.refused_at_handshake = flooder.closed = True
            return
        ws.settimeout(0.5)
        if auth is not None:
            ws.send("40" + json.dumps(auth))
        reader = threading.Thread(target=_read, args=(ws, flooder), daemon=True)
        reader.start()
        deadline = time.monotonic() + seconds
        try:
            for message in messages:
                if time.monotonic() > deadline or flooder.stop.is_set() or flooder.closed:
                    break
                if message[2:3] != "[" and not flooder.window.acquire(timeout=0.5):
                    continue  # enough queued to keep the server busy: no need to spin
                try:
                    ws.send(message)
                except websocket.WebSocketTimeoutException:
                    continue  # the server is not reading: its buffer and ours are full
                flooder.sent += 1
        except (websocket.WebSocketException, OSError):
            flooder.closed = True
        flooder.stop.set()
        reader.join(2)
        ws.close()

    flooder.thread = threading.Thread(target=run, daemon=True)
    flooder.thread.start()
    return flooder


def syncs():
    """`42["sync"]` for ever, without an ack id (the first audit's flood)."""
    while True:
        yield '42["sync",{"since":0}]'


def note_adds():
    """`note:add` of new notes for ever, each asking for an ack."""
    ack = 0
    while True:
        ack += 1
        note = {"uuid": str(uuid.uuid4()), "text": f"flood {ack}", "kind": "idea"}
        yield f"42{ack}" + json.dumps(["note:add", note])


@dataclass
class Honest:
    """Table hosts and a wall, connected as the app's screens are, and the door's page."""

    url: str
    host_tokens: list[str]
    wall_token: str
    join_url: str
    note_to_wall: list[float] = field(default_factory=list)
    acks: list[float] = field(default_factory=list)
    door: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    reconnects: int = 0

    def __post_init__(self):
        self.wall, self.hosts = None, []
        self.connect()

    def connect(self) -> None:
        """(Re)connect the wall and the host, as their pages do after a drop."""
        self.close()
        self.wall = socketio.SimpleClient(reconnection=False)
        self.wall.connect(self.url, auth={"role": "wall", "token": self.wall_token},
                          transports=["websocket"], wait_timeout=20)  # fmt: skip
        self.hosts = []
        for token in self.host_tokens:
            host = socketio.SimpleClient(reconnection=False)
            host.connect(self.url, auth={"role": "host", "token": token},
                         transports=["websocket"], wait_timeout=20)  # fmt: skip
            self.hosts.append(host)
        self.turn = 0

    def note(self, timeout: float = 20) -> None:
        """Send one note from the next host and time it until the wall has it (a failure is
        written down). Each host sends one note in len(hosts), as a busy table would."""
        self.turn += 1
        host = self.hosts[self.turn % len(self.hosts)]
        note = {"uuid": str(uuid.uuid4()), "text": "Una nota onesta", "kind": "idea"}
        started = time.monotonic()
        try:
            reply = host.call("note:add", note, timeout=timeout)
            if not reply.get("ok"):
                self.failures.append(f"refused: {reply.get('error')}")
                return
            self.acks.append(time.monotonic() - started)
            while True:
                event, *args = self.wall.receive(timeout=timeout)
                if event == "change" and args[0]["data"].get("uuid") == note["uuid"]:
                    break
        except (socketio.exceptions.SocketIOError, OSError) as exc:
            self.failures.append(type(exc).__name__)
            self.reconnects += 1
            try:
                self.connect()
            except (socketio.exceptions.SocketIOError, OSError) as again:
                self.failures.append("reconnect: " + type(again).__name__)
            return
        self.note_to_wall.append(time.monotonic() - started)

    def open_door(self) -> None:
        """GET the join page, as a walk-in's phone does."""
        started = time.monotonic()
        try:
            ok = requests.get(self.join_url, timeout=30).status_code == 200
        except requests.RequestException:
            ok = False
        if ok:
            self.door.append(time.monotonic() - started)
        else:
            self.failures.append("door")

    def measure(self, seconds: float, every: float = 0.2) -> None:
        """Notes and door visits, alternating, for `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.note()
            self.open_door()
            time.sleep(every)

    def reset(self) -> None:
        self.note_to_wall, self.acks, self.door, self.failures = [], [], [], []

    def close(self) -> None:
        for client in (self.wall, *self.hosts):
            if client is None:
                continue
            try:
                client.disconnect()
            except Exception:  # noqa: BLE001 - already gone
                pass


def ms(values: list[float], q: float) -> float:
    """The q-quantile of `values` in milliseconds (nan for none)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000 if values else float("nan")


PACKETS = {"syncs": syncs, "note_adds": note_adds}


def flood_elsewhere(port: int, plan: list[tuple[str, dict | None]], seconds: float, address: str):
    """Run the flooders of `plan` ([(packets name, auth)]) in a process of their own, so
    their threads do not starve the honest screens measured here of the GIL. Returns the
    process; `flood_result(process)` waits for it and gives the flooders' counts."""
    import subprocess
    import sys

    spec = json.dumps({"port": port, "plan": plan, "seconds": seconds, "address": address})
    return subprocess.Popen(
        [sys.executable, "-m", "tests.flooding", spec],
        stdout=subprocess.PIPE,
        text=True,
        cwd=str(__import__("pathlib").Path(__file__).resolve().parent.parent),
    )


def flood_result(process) -> list[Flooder]:
    """The flooders' counts, once their process is done."""
    out, _err = process.communicate(timeout=120)
    return [Flooder(**counts) for counts in json.loads(out.strip().splitlines()[-1])]


def _flood_main(spec: str) -> None:
    args = json.loads(spec)
    flooders = [
        flood(args["port"], PACKETS[name](), args["seconds"], auth, args["address"])
        for name, auth in args["plan"]
    ]
    for flooder in flooders:
        flooder.thread.join(args["seconds"] + 30)
    fields = ("sent", "answered", "closed", "refused_at_handshake")
    print(json.dumps([{k: getattr(f, k) for k in fields} for f in flooders]))


if __name__ == "__main__":
    import sys

    _flood_main(sys.argv[1])
