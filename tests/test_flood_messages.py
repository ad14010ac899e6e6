"""Message floods and connections that never authenticate, against a real server (issue
23.1 and 23.2), in bounded loops. Only counts are asserted (the honest host's notes were
acknowledged and reached the wall, the flooders were closed or slowed); the timings are
printed by bench/flood.py beside a no-flood baseline of the same run.

Bad inputs tried: `42["sync"]` looped on websockets that never sent a Socket.IO connect;
`note:add` looped without waiting for answers, on one host link and on several; bare
Engine.IO websockets that never connect, more of them than the server has places."""

from __future__ import annotations

import time

import pytest

from tests.flooding import Honest, flood, note_adds, raw_socket, syncs
from tests.servers import load_demo, make_server, token_of

pytestmark = pytest.mark.live
FLOOD_SECONDS = 4


@pytest.fixture
def served(tmp_path):
    """A running server with two demo events, and its links."""
    server = make_server(
        tmp_path / "instance",
        CAFE_MAX_CONNECTIONS="40",
        CAFE_CONNECT_DEADLINE="1",
        CAFE_MAX_PENDING_PER_ADDRESS="30",
    )
    links = [load_demo(server), load_demo(server)]
    server.start()
    yield server, links
    server.stop()


def honest_screens(server, links) -> Honest:
    first = links[0]
    hosts = [token_of(first["hosts"][str(n)]) for n in (1, 2, 3)]
    return Honest(server.url, hosts, token_of(first["wall"]), first["join"])


def test_sockets_that_send_events_before_connecting_are_closed(served):
    server, links = served
    honest = honest_screens(server, links)
    flooders = [flood(server.port, syncs(), FLOOD_SECONDS, address="127.0.0.2") for _ in range(4)]
    honest.measure(FLOOD_SECONDS, every=0.3)
    for flooder in flooders:
        flooder.thread.join(FLOOD_SECONDS + 10)
    honest.close()
    assert all(f.closed for f in flooders), "a socket sending events without a connect stayed"
    assert honest.failures == [] and len(honest.note_to_wall) >= 3
    assert "Traceback" not in server.log.read_text()


def test_a_note_flood_is_slowed_and_the_honest_hosts_notes_reach_the_wall(served):
    server, links = served
    honest = honest_screens(server, links)
    second = links[1]
    auths = [{"role": "host", "token": token_of(second["hosts"][str(n)])} for n in range(1, 9)]
    started = time.monotonic()
    flooders = [flood(server.port, note_adds(), FLOOD_SECONDS, auth, "127.0.0.2") for auth in auths]
    honest.measure(FLOOD_SECONDS, every=0.3)
    for flooder in flooders:
        flooder.thread.join(FLOOD_SECONDS + 30)
    elapsed = time.monotonic() - started
    honest.close()
    assert honest.failures == [] and len(honest.note_to_wall) >= 3
    sent = sum(f.sent for f in flooders)
    answered = sum(f.answered for f in flooders)
    # Slowed: each flooder's first HEAVY messages at once, then the one slow lane for all,
    # at most SLOW_LANE_RATE a second (a bound on what the server took, not on time).
    from cafe.admission import HEAVY, SLOW_LANE_RATE

    bound = len(flooders) * (HEAVY + 2) + SLOW_LANE_RATE * elapsed
    assert answered <= bound < sent, (answered, bound, sent)
    assert "Traceback" not in server.log.read_text()


def closed_by_server(ws, deadline: float) -> bool:
    """Wait (until `deadline`) for the server to close a websocket; True if it did."""
    import websocket

    while time.monotonic() < deadline:
        ws.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            if ws.recv() in ("", "1"):
                return True
        except websocket.WebSocketTimeoutException:
            return False
        except (websocket.WebSocketException, OSError):
            return True
    return False


def test_connections_that_never_connect_leave_the_places_to_honest_screens(served):
    server, links = served
    bare, refused = [], 0
    for _ in range(60):  # more than the 40 places, from an address of their own
        try:
            bare.append(raw_socket(server.port, "127.0.0.3"))
        except Exception:  # noqa: BLE001 - refused at the handshake (401)
            refused += 1
    assert refused > 0, "the pending connections of one address were not capped"
    honest = honest_screens(server, links)  # from another address: still room
    honest.measure(1, every=0.3)
    deadline = time.monotonic() + 15
    left_open = sum(not closed_by_server(ws, deadline) for ws in bare)
    honest.close()
    assert honest.failures == [] and honest.note_to_wall
    assert left_open == 0, f"{left_open} connections that never connected are still open"


def test_a_connect_that_arrived_is_not_closed_while_the_server_is_slow_to_answer_it():
    """The deadline is for sockets that never send a connect: one whose connect arrived
    but waits behind a busy server (a thousand phones at the door) stays open, while a
    socket that sent nothing is closed at the deadline."""
    from cafe.admission import ConnectionCaps

    closed = []
    caps = ConnectionCaps(total=10, per_address=10, deadline=5.0)
    caps.close = closed.append
    caps.open("slow-but-honest", "10.0.0.1")
    caps.open("silent", "10.0.0.2")
    caps.connecting("slow-but-honest")
    assert not caps.is_pending("slow-but-honest") and caps.is_pending("silent")
    assert caps.sweep(time.monotonic() + 6) == 1 and closed == ["silent"]
    assert caps.admit("slow-but-honest")  # and it is counted among the admitted
    assert caps.admitted.count("10.0.0.1") == 1
