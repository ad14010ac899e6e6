"""Who may hold a connection, and how fast it may talk (docs/security.md): the caps on
Engine.IO connections, pending until a Socket.IO connect admits them, and the slow lane
that each connection's reader sends a heavy sender's messages to (issue 23.1 and 23.2)."""

from __future__ import annotations

import threading
import time

import engineio.socket
from engineio import packet as eio_packet
from flask import current_app, request
from socketio import packet

from cafe.extensions import socketio
from cafe.limits import BUSY_WAIT


class _Tally:
    """Open connections by client address."""

    def __init__(self):
        self.address_of: dict[str, str] = {}
        self.by_address: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.address_of)

    def count(self, address: str) -> int:
        """How many connections `address` holds here."""
        return self.by_address.get(address, 0)

    def add(self, eio_sid: str, address: str) -> None:
        self.address_of[eio_sid] = address
        self.by_address[address] = self.count(address) + 1

    def remove(self, eio_sid: str) -> str | None:
        """Forget a connection; its address, or None if it was not here."""
        address = self.address_of.pop(eio_sid, None)
        if address is None:
            return None
        left = self.by_address[address] - 1
        if left:
            self.by_address[address] = left
        else:
            del self.by_address[address]
        return address


class ConnectionCaps:
    """Bounds on open Engine.IO connections. A connection is *pending* from its handshake
    until its Socket.IO connect is accepted (a wall, host, participant or organiser), then
    *admitted*. Only admitted ones count against the places honest screens need
    (`CAFE_MAX_CONNECTIONS` per process, `CAFE_MAX_PER_ADDRESS` per client address, with
    room for a venue where every phone reaches the laptop through one router). Pending ones
    have caps of their own, are closed when they send anything but a connect, and when
    they have not connected within `deadline` seconds. A handshake over a cap is refused
    (HTTP 401, its body naming the wait before trying again) before any session is kept."""

    def __init__(self, total: int, per_address: int, deadline: float = 5.0,
                 pending_total: int = 400, pending_per_address: int = 100):  # fmt: skip
        self.total, self.per_address, self.deadline = total, per_address, deadline
        self.pending_total, self.pending_per_address = pending_total, pending_per_address
        self.admitted, self.pending = _Tally(), _Tally()
        self.opened: dict[str, float] = {}
        """Pending connections -> when they opened, oldest first."""
        self.eio = None
        self.sweeping = False

    def install(self, server) -> None:
        """Wrap the Engine.IO connect and disconnect handlers of a Socket.IO server, and let
        its message reader consult these caps (`limit_messages`)."""
        eio = self.eio = server.eio
        eio.cafe_caps = self
        connect, disconnect = eio.handlers["connect"], eio.handlers["disconnect"]

        def on_connect(eio_sid, environ, *rest):
            if not self.open(eio_sid, environ.get("REMOTE_ADDR", "")):
                # The body of Engine.IO's 401: the screen's client reads the wait in it.
                return {"busy": True, "retry_after": BUSY_WAIT}
            return connect(eio_sid, environ, *rest)

        def on_disconnect(eio_sid, *rest):
            self.release(eio_sid)
            return disconnect(eio_sid, *rest)

        eio.on("connect", on_connect)
        eio.on("disconnect", on_disconnect)

    def open(self, eio_sid: str, address: str) -> bool:
        """Count a new Engine.IO connection as pending, or False when it must be refused:
        the honest places are all taken, or its address has its share of pending ones."""
        if len(self.admitted) >= self.total:
            return False
        if self.pending.count(address) >= self.pending_per_address:
            return False
        if len(self.pending) >= self.pending_total and not self._evict_for(address):
            return False
        self.pending.add(eio_sid, address)
        self.opened[eio_sid] = time.monotonic()
        self._start_sweeping()
        return True

    def admit(self, eio_sid: str) -> bool:
        """Move a connection whose Socket.IO connect was accepted to the admitted ones;
        False when the honest places (in all, or of its address) are taken. A connection
        these caps never saw (the test client skips Engine.IO) passes uncounted."""
        self.opened.pop(eio_sid, None)
        address = self.pending.remove(eio_sid)
        if address is None:
            return True
        if len(self.admitted) >= self.total or self.admitted.count(address) >= self.per_address:
            return False
        self.admitted.add(eio_sid, address)
        return True

    def connecting(self, eio_sid: str) -> None:
        """A Socket.IO connect arrived: stop the deadline's clock. On a busy laptop (a
        thousand phones at the door) answering it can take longer than the deadline, and an
        honest phone must not be closed for the server's slowness; a refused connect is
        closed by its handler."""
        self.opened.pop(eio_sid, None)

    def is_pending(self, eio_sid: str) -> bool:
        """True while a connection has not been admitted by a Socket.IO connect."""
        return eio_sid in self.opened

    def release(self, eio_sid: str) -> None:
        """Forget a closed connection."""
        self.opened.pop(eio_sid, None)
        self.pending.remove(eio_sid)
        self.admitted.remove(eio_sid)

    def close(self, eio_sid: str) -> None:
        """Close a connection (its disconnect handler then releases it)."""
        self.opened.pop(eio_sid, None)
        self.pending.remove(eio_sid)
        if self.eio is not None:
            self.eio.disconnect(eio_sid)

    def _evict_for(self, address: str) -> bool:
        """Make room among pending connections for one from `address` by closing the oldest
        of the address holding the most, if that is more than `address` would then hold:
        a script with many sockets cannot keep a newcomer from another address out."""
        crowded = max(self.pending.by_address, key=self.pending.count)
        if self.pending.count(crowded) <= self.pending.count(address) + 1:
            return False
        oldest = next(sid for sid in self.opened if self.pending.address_of[sid] == crowded)
        self.close(oldest)
        return True

    def sweep(self, now: float) -> int:
        """Close the pending connections older than the deadline; how many were closed."""
        late = []
        for eio_sid, opened in self.opened.items():
            if now - opened < self.deadline:
                break
            late.append(eio_sid)
        for eio_sid in late:
            self.close(eio_sid)
        return len(late)

    def _start_sweeping(self) -> None:
        if self.sweeping or self.eio is None:
            return
        self.sweeping = True

        def sweeper():
            while True:
                self.eio.sleep(SWEEP_EVERY)
                self.sweep(time.monotonic())

        self.eio.start_background_task(sweeper)


SWEEP_EVERY = 0.5
"""Seconds between looks for pending connections past their deadline."""


class MessageUsage:
    """How much one connection has been talking lately: its messages, each weighing less as
    it ages (halved every HALF_LIFE seconds). An honest screen sends a message and waits
    for its answer (the outbox too), now and then; only a script keeps this high. The
    threshold is on messages the server actually took, so a flooder that the server can
    only serve slowly (the machine is busy) does not pass for a light one for long."""

    def __init__(self):
        self.weight = 0.0
        self.at: float | None = None
        self.heavy = False
        self.done_at = float("-inf")

    def spend(self, now: float) -> bool:
        """Count one message; True when the connection is a heavy sender."""
        if self.at is not None:
            self.weight *= 0.5 ** ((now - self.at) / HALF_LIFE)
        self.at = now
        self.weight += 1
        if not (self.heavy and now - self.done_at < QUIET):
            # A heavy sender stays heavy while its messages keep coming (even when the
            # lane serves it so slowly that its weight fades), until it falls quiet.
            self.heavy = self.weight > HEAVY
        return self.heavy

    def done(self, now: float) -> None:
        """The message counted last has been handled."""
        self.done_at = now


HALF_LIFE = 5.0
HEAVY = 8.0
"""Messages weighed over the last seconds (halved every HALF_LIFE) above which a sender
goes by the slow lane: an honest screen stays far below (a host's note every few
seconds weighs about 1, a `time` ping every 20 s less); an outbox of 8 notes goes at
once, a longer one slowly."""
QUIET = 1.0
"""Seconds with nothing to read after which a heavy sender may count as light again."""
SLOW_LANE_REST = 1
"""The slow lane rests as long as its last message took..."""
SLOW_LANE_RATE = 50
"""...and at least long enough for 50 messages a second from all heavy senders together."""


def limit_messages() -> None:
    """Make every Engine.IO connection's reader consult the connection caps and how much
    the connection has been talking before a message is handled, and yield to the other
    connections after each: a heavy sender's messages wait for the process's one slow lane
    (its reader meanwhile reads nothing, so its TCP buffer fills: slowed, never refused,
    as an outbox flushing after an outage is heavy too); a connection that sends anything
    but a Socket.IO connect before it was admitted is closed; and no socket can keep the
    loop to itself."""
    engineio.socket.Socket.receive = _receive_limited


_receive = engineio.socket.Socket.receive
_SLOW_LANE = threading.Lock()  # a gevent lock once `cafe run` has patched threading


def _receive_limited(self, pkt) -> None:
    """Engine.IO's Socket.receive, behind the caps and the slow lane."""
    if pkt.packet_type != eio_packet.MESSAGE:
        return _receive(self, pkt)
    caps = getattr(self.server, "cafe_caps", None)
    if caps is not None and caps.is_pending(self.sid):
        if not _is_connect(pkt.data):
            caps.close(self.sid)
            return None
        caps.connecting(self.sid)
    usage = getattr(self, "cafe_usage", None)
    if usage is None:
        usage = self.cafe_usage = MessageUsage()
    now = time.monotonic()
    if not usage.spend(now):
        self.server.sleep(0)  # a yield: no socket keeps the loop to itself
        _receive(self, pkt)
    else:
        _receive_slowly(self, pkt)
    usage.done(time.monotonic())
    return None


def _receive_slowly(socket, pkt) -> None:
    """Handle a heavy sender's message in the process's one slow lane, which then rests:
    all heavy senders together get at most half of the handlers' time and SLOW_LANE_RATE
    messages a second, whatever each costs to read and answer."""
    with _SLOW_LANE:
        started = time.monotonic()
        _receive(socket, pkt)
        worked = time.monotonic() - started
        socket.server.sleep(max(SLOW_LANE_REST * worked, 1 / SLOW_LANE_RATE))


def _is_connect(data) -> bool:
    """True for a Socket.IO CONNECT packet ("0", "0{auth}", "0/namespace,…")."""
    return isinstance(data, str) and data[:1] == str(packet.CONNECT)


def admitted() -> bool:
    """Admit the connection whose Socket.IO connect is being accepted (False: no place)."""
    caps = current_app.extensions.get("cafe_connection_caps")
    eio_sid = socketio.server.manager.eio_sid_from_sid(request.sid, "/")
    return caps is None or eio_sid is None or caps.admit(eio_sid)
