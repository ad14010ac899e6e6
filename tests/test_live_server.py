"""The real thing: `cafe run` in a subprocess, real Socket.IO clients over WebSocket, and the
server's SQLite file read directly (ARCHITECTURE.md, sections 5 and 9).

What is checked here is the promise of section 5: an acknowledged note is committed, a resent
UUID is stored once, a screen that reconnects with `since` gets exactly what it missed, a
`kill -9` loses nothing that was acknowledged, and a revoked link stops working.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
import uuid
from contextlib import closing
from pathlib import Path

import pytest
import requests
import socketio
from socketio.exceptions import ConnectionError as SocketConnectionError

from tests.servers import Server, load_demo, make_server, token_of

pytestmark = pytest.mark.live

ACK_TIMEOUT = 10  # a bound on waiting, never an assertion about speed
BURST = 300  # notes the impatient phone fires off without waiting (an outbox flushing)
KILL_AFTER = 100  # acknowledged notes before the power cable is pulled


# --- helpers ---------------------------------------------------------------------------------


def query(instance: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Read the server's SQLite file directly, as a second process would."""
    with closing(sqlite3.connect(instance / "cafe.db", timeout=30)) as conn:
        return conn.execute(sql, params).fetchall()


def connect(server: Server, role: str, token: str) -> socketio.SimpleClient:
    """A connected SimpleClient over WebSocket (no automatic reconnection)."""
    client = socketio.SimpleClient(reconnection=False)
    client.connect(server.url, auth={"role": role, "token": token}, transports=["websocket"])
    return client


def new_note(text: str, kind: str = "idea", round_number: int = 1, note_uuid: str | None = None):
    return {
        "uuid": note_uuid or str(uuid.uuid4()),
        "text": text,
        "kind": kind,
        "round": round_number,
    }


def receive_change(client: socketio.SimpleClient) -> dict:
    """The next `change` push (other events are not expected on these screens)."""
    event, *args = client.receive(timeout=ACK_TIMEOUT)
    assert event == "change", (event, args)
    return args[0]


def organiser_session(server: Server, password: str = "correct horse") -> requests.Session:
    """Log in the way a new organiser does: the one-time set-up link printed at start-up
    (or, once it is used, the login form as "organiser")."""
    match = re.search(r"/setup/([\w-]+)", server.log.read_text())
    assert match, "the server printed no set-up link"
    http = requests.Session()
    setup = f"{server.url}/setup/{match.group(1)}"
    page = http.get(setup, timeout=10)
    if page.status_code == 404:  # already used
        page = http.get(f"{server.url}/login", timeout=10)
        response = http.post(
            f"{server.url}/login",
            timeout=10,
            allow_redirects=False,
            data={
                "csrf_token": csrf_token(page.text),
                "username": "organiser",
                "password": password,
            },
        )
    else:
        response = http.post(
            setup,
            timeout=10,
            allow_redirects=False,
            data={"csrf_token": csrf_token(page.text), "password": password, "confirm": password},
        )
    assert response.status_code == 302, response.text[:500]
    return http


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """One server for the tests that do not kill it, with the demo event loaded.

    Each test writes to its own table, so they do not see each other's notes.
    """
    server = make_server(tmp_path_factory.mktemp("live") / "instance")
    links = load_demo(server)
    server.start()
    yield server, links
    server.stop()


@pytest.fixture
def clients():
    """Factory that remembers its clients and disconnects them after the test."""
    made: list = []

    def make(server: Server, role: str, token: str) -> socketio.SimpleClient:
        client = connect(server, role, token)
        made.append(client)
        return client

    yield make
    for client in made:
        client.disconnect()


# --- 1. acknowledgement after commit ---------------------------------------------------------


def test_an_acknowledged_note_is_already_in_the_database(live, clients):
    server, links = live
    host = clients(server, "host", token_of(links["hosts"]["1"]))
    for i in range(5):
        note = new_note(f"Ack after commit {i}", kind="proposal")
        ack = host.call("note:add", note, timeout=ACK_TIMEOUT)
        rows = query(
            server.instance,
            "SELECT id, text, kind, created_seq FROM note WHERE uuid = ?",
            (note["uuid"],),
        )
        assert ack["ok"] is True, ack
        assert rows == [(ack["id"], note["text"], "proposal", ack["seq"])]
        feed = query(
            server.instance,
            "SELECT seq FROM change WHERE seq = ? AND event_id = "
            "(SELECT event_id FROM note WHERE uuid = ?)",
            (ack["seq"], note["uuid"]),
        )
        assert feed == [(ack["seq"],)], "the change feed row is committed with the note"


# --- 2. a resent UUID makes no duplicate -----------------------------------------------------


def test_a_resent_uuid_is_stored_once_and_acknowledged_the_same(live, clients):
    server, links = live
    token = token_of(links["hosts"]["2"])
    first, second = clients(server, "host", token), clients(server, "host", token)
    note = new_note("Sent three times, from two phones")
    acks = [first.call("note:add", note, timeout=ACK_TIMEOUT) for _ in range(3)]
    acks.append(second.call("note:add", note, timeout=ACK_TIMEOUT))
    # A resend after a reload might carry a different text; the first version stays.
    acks.append(second.call("note:add", dict(note, text="changed on resend"), timeout=ACK_TIMEOUT))

    assert all(a["ok"] for a in acks), acks
    assert {(a["uuid"], a["id"], a["seq"]) for a in acks} == {
        (note["uuid"], acks[0]["id"], acks[0]["seq"])
    }
    assert query(
        server.instance, "SELECT count(*), min(text) FROM note WHERE uuid = ?", (note["uuid"],)
    ) == [(1, note["text"])]
    changes = query(
        server.instance,
        "SELECT count(*) FROM change WHERE json_extract(payload, '$.uuid') = ?",
        (note["uuid"],),
    )
    assert changes == [(1,)], "a resend must not add to the change feed"


def test_the_same_uuid_sent_at_once_from_two_connections_is_stored_once(live, clients):
    server, links = live
    token = token_of(links["hosts"]["3"])
    phones = [clients(server, "host", token) for _ in range(4)]
    notes = [new_note(f"Race {i}") for i in range(10)]
    acks: list[dict] = []
    lock = threading.Lock()

    def send(phone):
        for note in notes:
            ack = phone.call("note:add", note, timeout=ACK_TIMEOUT)
            with lock:
                acks.append(ack)

    threads = [threading.Thread(target=send, args=(p,)) for p in phones]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(acks) == len(phones) * len(notes) and all(a["ok"] for a in acks), acks
    by_uuid: dict[str, set] = {}
    for a in acks:
        by_uuid.setdefault(a["uuid"], set()).add((a["id"], a["seq"]))
    assert all(len(v) == 1 for v in by_uuid.values()), by_uuid
    marks = ",".join("?" * len(notes))
    rows = query(
        server.instance,
        f"SELECT uuid, count(*) FROM note WHERE uuid IN ({marks}) GROUP BY uuid",
        tuple(n["uuid"] for n in notes),
    )
    assert sorted(rows) == sorted((n["uuid"], 1) for n in notes)


# --- 3. a wall that reconnects gets exactly what it missed -----------------------------------


def test_a_wall_reconnecting_with_since_gets_exactly_the_changes_it_missed(live, clients):
    server, links = live
    wall_token, host_token = token_of(links["wall"]), token_of(links["hosts"]["4"])
    host = clients(server, "host", host_token)
    wall = connect(server, "wall", wall_token)
    try:
        first = wall.call("sync", {"since": 0}, timeout=ACK_TIMEOUT)
        assert first["ok"] and "snapshot" in first
        seen = first["last_seq"]
        a, b = new_note("A"), new_note("B", kind="question")
        for note in (a, b):
            ack = host.call("note:add", note, timeout=ACK_TIMEOUT)
            push = receive_change(wall)
            assert push["seq"] == ack["seq"] == seen + 1
            assert push["data"]["uuid"] == note["uuid"]
            seen = push["seq"]
    finally:
        wall.disconnect()

    c, d, e = new_note("C"), new_note("D", kind="tension"), new_note("E", kind="proposal")
    for note in (c, d, e):
        assert host.call("note:add", note, timeout=ACK_TIMEOUT)["ok"]
    assert host.call(
        "note:edit", {"uuid": c["uuid"], "text": "C, edited", "kind": "idea"}, timeout=ACK_TIMEOUT
    )["ok"]
    assert host.call("note:delete", {"uuid": d["uuid"]}, timeout=ACK_TIMEOUT)["ok"]

    wall = clients(server, "wall", wall_token)
    reply = wall.call("sync", {"since": seen}, timeout=ACK_TIMEOUT)
    assert reply["ok"] and "snapshot" not in reply, reply
    got = [
        (
            ch["seq"],
            ch["kind"],
            ch["data"]["uuid"],
            ch["data"].get("text"),
            ch["data"].get("kind"),
            ch["data"].get("edited"),
            ch["data"]["deleted"],
        )
        for ch in reply["changes"]
    ]
    # One change per write, in commit order, each carrying the note's state at that moment;
    # a deleted note's text is blanked in its earlier changes too, and its deletion reaches
    # the wall as its id and state only (docs/live.md, "Who gets what").
    assert got == [
        (seen + 1, "note", c["uuid"], "C", "idea", False, False),
        (seen + 2, "note", d["uuid"], "", "tension", False, False),
        (seen + 3, "note", e["uuid"], "E", "proposal", False, False),
        (seen + 4, "note", c["uuid"], "C, edited", "idea", True, False),
        (seen + 5, "note", d["uuid"], None, None, None, True),
    ]
    assert reply["last_seq"] == seen + 5
    assert [ch["data"]["seq"] for ch in reply["changes"]] == [seen + i for i in range(1, 6)]

    # Up to date: nothing more to replay.
    again = wall.call("sync", {"since": reply["last_seq"]}, timeout=ACK_TIMEOUT)
    assert again["changes"] == []


def test_pushed_and_replayed_notes_are_the_note_as_acknowledged(live, clients):
    """A wall orders notes by `created_seq` (static/js/wall.js), so a push and a replay must
    carry the same note the host's acknowledgement and a fresh snapshot describe."""
    server, links = live
    wall_token = token_of(links["wall"])
    host = clients(server, "host", token_of(links["hosts"]["5"]))
    wall = clients(server, "wall", wall_token)
    since = wall.call("sync", {"since": 0}, timeout=ACK_TIMEOUT)["last_seq"]
    ack = host.call("note:add", new_note("Pushed as stored"), timeout=ACK_TIMEOUT)
    push = receive_change(wall)
    replay = wall.call("sync", {"since": since}, timeout=ACK_TIMEOUT)["changes"]
    fresh = wall.call("sync", {"since": 0}, timeout=ACK_TIMEOUT)
    snapshot = {n["uuid"]: n for n in fresh["snapshot"]}

    assert snapshot[ack["uuid"]] == ack["note"]
    assert replay == [push]
    assert push["data"] == ack["note"], "the pushed note differs from the stored one"


# --- 4. kill -9 while notes stream in --------------------------------------------------------


class Stream:
    """What the phones sent and what the server acknowledged, shared by the sender threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent: dict[str, tuple[str, dict]] = {}  # uuid -> (host token, note)
        self.acked: dict[str, dict] = {}  # uuid -> acknowledgement
        self.refused: list[dict] = []
        self.stop = threading.Event()

    def sending(self, token: str, note: dict) -> None:
        with self.lock:
            self.sent[note["uuid"]] = (token, note)

    def ack(self, reply: dict) -> None:
        with self.lock:
            if reply.get("ok"):
                self.acked[reply["uuid"]] = reply
            else:
                self.refused.append(reply)


def send_one_at_a_time(server: Server, token: str, stream: Stream, name: str) -> None:
    """A host who sends the next note as soon as the previous one is acknowledged."""
    phone = connect(server, "host", token)
    try:
        for i in range(10_000):
            if stream.stop.is_set():
                break
            note = new_note(f"{name} {i}", kind=("idea", "question", "tension", "proposal")[i % 4])
            stream.sending(token, note)
            try:
                stream.ack(phone.call("note:add", note, timeout=1))
            except socketio.exceptions.TimeoutError:
                continue  # slow under load (or dead): the note stays in the outbox, unacknowledged
            except socketio.exceptions.DisconnectedError:
                break
    finally:
        phone.disconnect()


def send_without_waiting(server: Server, token: str, stream: Stream, name: str) -> None:
    """A host whose phone fires notes off without waiting for their acknowledgements."""
    phone = socketio.Client(reconnection=False)
    phone.connect(server.url, auth={"role": "host", "token": token}, transports=["websocket"])
    try:
        for i in range(BURST):
            if stream.stop.is_set() or not phone.connected:
                break
            note = new_note(f"{name} {i}")
            stream.sending(token, note)
            try:
                phone.emit("note:add", note, callback=stream.ack)
            except socketio.exceptions.SocketIOError:
                break
            stream.stop.wait(0.005)
    finally:
        phone.disconnect()


def resend_outboxes(server: Server, outbox: dict[str, tuple[str, dict]]) -> dict[str, dict]:
    """Every phone resends its whole outbox at once, as after a reload; uuid -> reply."""
    replies: dict[str, dict] = {}
    done = threading.Event()
    lock = threading.Lock()

    def got(reply):
        with lock:
            replies[reply.get("uuid") or f"refused {len(replies)}"] = reply
            if len(replies) == len(outbox):
                done.set()

    phones = {}
    try:
        for token, note in outbox.values():
            if token not in phones:
                phones[token] = socketio.Client(reconnection=False)
                phones[token].connect(
                    server.url, auth={"role": "host", "token": token}, transports=["websocket"]
                )
            phones[token].emit("note:add", note, callback=got)
        # A bound on waiting: a phone firing hundreds of notes without waiting is a heavy
        # sender, answered through the slow lane (docs/security.md), slower on a busy machine.
        assert done.wait(180) or not outbox, f"{len(outbox) - len(replies)} resends unanswered"
    finally:
        for phone in phones.values():
            phone.disconnect()
    return replies


def test_kill_9_while_notes_stream_in_loses_nothing_acknowledged(tmp_path):
    server = make_server(tmp_path / "instance")
    links = load_demo(server)
    server.start()
    stream = Stream()
    senders = [
        threading.Thread(
            target=send_one_at_a_time,
            args=(server, token_of(links["hosts"][n]), stream, f"table {n}"),
        )
        for n in ("1", "2", "3")
    ]
    senders.append(
        threading.Thread(
            target=send_without_waiting,
            args=(server, token_of(links["hosts"]["4"]), stream, "burst"),
        )
    )
    try:
        for t in senders:
            t.start()
        deadline = time.monotonic() + 60
        while len(stream.acked) < KILL_AFTER and time.monotonic() < deadline:
            if not any(t.is_alive() for t in senders):
                break
            time.sleep(0.01)
        assert len(stream.acked) >= KILL_AFTER, f"only {len(stream.acked)} notes were acknowledged"
        server.kill()  # while all four phones are still sending
        stream.stop.set()
        for t in senders:
            t.join(30)
        assert not any(t.is_alive() for t in senders)

        sent, acked = dict(stream.sent), dict(stream.acked)
        assert not stream.refused, stream.refused[:3]
        assert set(acked) <= set(sent)

        # Straight from the file the killed server left behind: every acknowledged note.
        stored = {
            u: (i, seq)
            for u, i, seq in query(server.instance, "SELECT uuid, id, created_seq FROM note")
        }
        missing = [u for u in acked if u not in stored]
        assert not missing, f"{len(missing)} acknowledged notes were lost, e.g. {missing[:3]}"
        assert all(stored[u] == (a["id"], a["seq"]) for u, a in acked.items())
        assert set(stored) <= set(sent), "the database holds a note nobody sent"

        # The phones come back and resend their outboxes: first what was never acknowledged…
        server.start()
        unacked = [u for u in sent if u not in acked]
        replies = resend_outboxes(server, {u: sent[u] for u in unacked})
        assert set(replies) == set(unacked) and all(r["ok"] for r in replies.values()), replies
        # …then, to be strict, everything they ever sent.
        again = resend_outboxes(server, sent)
        assert set(again) == set(sent) and all(r["ok"] for r in again.values())
        assert all(
            (again[u]["id"], again[u]["seq"]) == (a["id"], a["seq"]) for u, a in acked.items()
        ), "a resend after the restart got a new id or seq"
        assert all(
            (again[u]["id"], again[u]["seq"]) == (r["id"], r["seq"]) for u, r in replies.items()
        )

        counts = dict(query(server.instance, "SELECT uuid, count(*) FROM note GROUP BY uuid"))
        assert set(counts) == set(sent)
        assert set(counts.values()) == {1}, "a note was stored twice"
        feed = query(
            server.instance,
            "SELECT json_extract(payload, '$.uuid'), count(*) "
            "FROM change WHERE kind = 'note' GROUP BY 1",
        )
        assert dict(feed) == dict.fromkeys(sent, 1), "one change per note, none twice"
        ((head,),) = query(server.instance, "SELECT last_seq FROM event")
        seqs = [s for (s,) in query(server.instance, "SELECT seq FROM change ORDER BY seq")]
        assert seqs == list(range(1, head + 1)), "the change feed has a gap or a duplicate"
    finally:
        stream.stop.set()
        server.stop()


# --- 5. revoked and unknown tokens -----------------------------------------------------------


@pytest.mark.parametrize(
    "role, token",
    [
        ("host", "no-such-token"),
        ("wall", "no-such-token"),
        ("participant", "no-such-token"),
        ("host", ""),
        ("organiser", None),
    ],
)
def test_an_unknown_token_is_refused_at_connect(live, role, token):
    server, _links = live
    with pytest.raises(SocketConnectionError):
        connect(server, role, token)


def test_a_token_for_another_role_is_refused(live):
    server, links = live
    with pytest.raises(SocketConnectionError):
        connect(server, "wall", token_of(links["hosts"]["6"]))
    with pytest.raises(SocketConnectionError):
        connect(server, "host", token_of(links["wall"]))


def revoke_host_link(server: Server, links: dict, number: int) -> str:
    """Press "revoke" for one table on the organiser's page; returns the new host token."""
    http = organiser_session(server)
    try:
        event_page = http.get(links["organiser"], timeout=10)
        event_page.raise_for_status()
        revoked = http.post(
            f"{links['organiser']}/revoke/table-{number}",
            timeout=10,
            data={"csrf_token": csrf_token(event_page.text)},
            allow_redirects=False,
        )
    finally:
        http.close()
    assert revoked.status_code == 302, revoked.text[:500]
    ((new,),) = query(
        server.instance, "SELECT host_token FROM cafe_table WHERE number = ?", (number,)
    )
    assert new != token_of(links["hosts"][str(number)])
    return new


def test_a_revoked_host_link_is_refused_at_connect(live, clients):
    server, links = live
    old = token_of(links["hosts"]["12"])
    assert connect(server, "host", old).disconnect() is None  # works before
    new = revoke_host_link(server, links, 12)

    with pytest.raises(SocketConnectionError):
        connect(server, "host", old)
    note = new_note("From the new link")
    assert clients(server, "host", new).call("note:add", note, timeout=ACK_TIMEOUT)["ok"]


def test_a_revoked_host_link_stops_an_open_connection_with_a_reason(live, clients):
    server, links = live
    phone = clients(server, "host", token_of(links["hosts"]["11"]))
    assert phone.call("note:add", new_note("Before the phone was lost"), timeout=ACK_TIMEOUT)["ok"]
    revoke_host_link(server, links, 11)
    pushed = [phone.receive(timeout=ACK_TIMEOUT)[0] for _ in range(2)]
    assert pushed == ["change", "revoked"], "the open phone is told its link was revoked"

    # The "revoked" push tells the phone why (it shows "this link no longer works"); then
    # the server disconnects it, so it receives no further push, event-wide ones included.
    deadline = time.monotonic() + 2
    while phone.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not phone.connected, "a revoked phone stays connected"
    lost = new_note("Written on the lost phone")
    with pytest.raises(socketio.exceptions.SocketIOError):
        phone.call("note:add", lost, timeout=5)
    assert query(server.instance, "SELECT count(*) FROM note WHERE uuid = ?", (lost["uuid"],)) == [
        (0,)
    ]


def test_a_busy_port_gets_a_plain_message_not_a_traceback(tmp_path):
    import socket as pysocket
    import subprocess
    import sys

    blocker = pysocket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen(1)
    port = blocker.getsockname()[1]
    try:
        server = make_server(tmp_path / "busy", port=port)
        result = subprocess.run(
            [sys.executable, "-m", "cafe", "run", "--host", "127.0.0.1"],
            env=server.env,
            cwd=server.instance,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        blocker.close()
    assert result.returncode == 1
    assert f"Cannot listen on port {port}" in result.stderr and "Traceback" not in result.stderr
