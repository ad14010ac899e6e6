"""What stands between the network and the socket handlers: a packet decoder that turns
unreadable payloads into an event the app refuses, and the `handler` decorator that makes
every handler reply instead of raising (docs/security.md)."""

from __future__ import annotations

import random
import time
from functools import wraps

import engineio.socket
import socketio as python_socketio
from engineio import packet as eio_packet
from flask import current_app, request
from flask.ctx import RequestContext
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from socketio import packet
from socketio.exceptions import ConnectionRefusedError as Refused
from sqlalchemy.exc import TimeoutError as PoolTimeout

from cafe.extensions import db, socketio
from cafe.limits import BUSY_WAIT

UNREADABLE = "!unreadable"
"""The event name an undecodable packet becomes; no client can register it."""
RESERVED = {"connect", "disconnect", "connect_error", "*"}
"""Names no client may send: an event named "*" would reach the catch-all handler without
its event name, and Flask-SocketIO would then raise (no reply) or read an argument as the sid."""
ACCEPTED = {packet.CONNECT, packet.DISCONNECT, packet.EVENT, packet.ACK}


class SafePacket(packet.Packet):
    """A Socket.IO packet that never raises while decoding an event: JSON nested too deep,
    a 5,000-digit number, a missing or non-text event name all become UNREADABLE, keeping
    the acknowledgement id so the sender still gets an answer."""

    def __init__(self, *args, encoded_packet=None, **kwargs):
        super().__init__(*args, encoded_packet=encoded_packet, **kwargs)
        # An empty message skips decode() altogether.
        if encoded_packet is not None and self.packet_type == packet.EVENT:
            if not _dispatchable(self.data):
                self.data = [UNREADABLE]

    def decode(self, encoded_packet):
        """Decode as usual; replace what cannot be read or dispatched."""
        try:
            count = super().decode(encoded_packet)
        except (ValueError, RecursionError, TypeError, IndexError):
            self.data, count = [UNREADABLE], 0
        if count and self.packet_type == packet.EVENT:
            # Only binary packets carry attachments: in "21-…" the 1 is the ack id, and
            # "-…" cannot be an event's argument list. Unanswered, the sender would wait.
            self.id, self.data, count = int(encoded_packet[1:].split("-", 1)[0]), [UNREADABLE], 0
        if self.packet_type not in ACCEPTED:
            # No binary events here, and a client never sends CONNECT_ERROR: an event the
            # app refuses, rather than an attachment state that raises on the next message.
            self.packet_type, count = packet.EVENT, 0
        if self.packet_type == packet.EVENT and not _dispatchable(self.data):
            self.data = [UNREADABLE]
        return count


def _dispatchable(data) -> bool:
    return (
        isinstance(data, list)
        and bool(data)
        and isinstance(data[0], str)
        and data[0] not in RESERVED
    )


def unreadable() -> dict:
    """The reply to a payload a handler cannot use."""
    return {"ok": False, "error": _("The phone sent something we could not read.")}


def busy() -> dict:
    """The reply to an event the server could not serve for load (no free connection to the
    database): nothing was written; the screen sends it again after `retry_after` seconds."""
    return {
        "ok": False,
        "busy": True,
        "retry_after": BUSY_WAIT,
        "error": _("The server is busy: trying again in a moment."),
    }


def busy_refusal() -> Refused:
    """The refusal of a Socket.IO connect for load (no free place): the screen's client
    reads `retry_after` and connects again after that wait, instead of taking the refusal
    for a link that no longer works."""
    return Refused("busy", {"busy": True, "retry_after": BUSY_WAIT})


def handler(event: str):
    """Register `function` as the handler of `event`; whatever arrives (no argument, several,
    wrong types), it replies: its own answer, `busy()` when the database had no connection
    free in time, or `unreadable()` with one log line and the database session rolled back.
    The connect handler answers False instead (or raises `busy_refusal()`), and a refused
    connection is closed (not left open at the Engine.IO level)."""

    def register(function):
        @wraps(function)
        def safe(*args):
            try:
                reply = function(*args)
            except Refused:
                _close_refused(request.sid)
                raise
            except PoolTimeout:
                db.session.rollback()
                current_app.logger.warning("socket %s refused: the database is busy", event)
                if event == "connect":
                    _close_refused(request.sid)
                    raise busy_refusal() from None
                reply = busy()
            except Exception as exc:  # noqa: BLE001 - a handler must answer, never raise
                db.session.rollback()
                current_app.logger.warning("socket %s refused: %s", event, type(exc).__name__)
                reply = False if event == "connect" else unreadable()
            if event == "connect" and reply is False:
                _close_refused(request.sid)
            return reply

        socketio.on(event)(safe)
        return function

    return register


def _close_refused(sid: str) -> None:
    """Close the Engine.IO connection under a refused Socket.IO connect, once the refusal
    has been queued (engine.io sends queued packets before its close packet)."""
    current_app.logger.info("socket connect refused from %s", request.remote_addr)
    server = socketio.server
    eio_sid = server.manager.eio_sid_from_sid(sid, "/")
    if eio_sid is None:
        return

    def close():
        socketio.sleep(0.05)
        server.eio.disconnect(eio_sid)

    socketio.start_background_task(close)


EVICT_PREFIX = "who:"
"""Rooms named who:<room> hold the sockets of one identity; closing one disconnects them."""


class _Evicting:
    """Closing a who: room disconnects its sockets instead of only emptying the room, on
    every process: with Redis, closing a room is published to all of them."""

    def basic_close_room(self, room, namespace):
        """Disconnect the members of an eviction room; empty any other room as usual."""
        if not room.startswith(EVICT_PREFIX):
            return super().basic_close_room(room, namespace)
        for sid, _eio_sid in list(self.get_participants(namespace, room)):
            self.server.disconnect(sid, namespace=namespace, ignore_queue=True)
        return None


class LocalManager(_Evicting, python_socketio.Manager):
    """One process: rooms in memory."""


class RedisManager(_Evicting, python_socketio.RedisManager):
    """Several processes: rooms in each, emits and room closes through Redis."""


def client_manager(url: str | None, channel: str):
    """A fresh client manager for one app: Redis when a message queue is set."""
    return RedisManager(url, channel=channel) if url else LocalManager()


def spread_keepalives() -> None:
    """Send each connection's first keep-alive ping after a random part of the interval
    (a fifth to all of it), not the whole: phones connect in bursts (the door, a Wi-Fi
    drop, a server restart), and each next ping follows its pong by the interval, so
    without this a thousand pings would arrive together every interval for the rest of
    the morning, and the notes written during those bursts wait behind them. The
    client's timeout only asks for a ping within the interval plus the timeout."""
    engineio.socket.Socket._send_ping = _send_ping_spread


def _send_ping_spread(self) -> None:
    """Engine.IO's Socket._send_ping, with the first wait shortened by chance."""
    wait = self.server.ping_interval
    if not getattr(self, "cafe_pinged", False):
        self.cafe_pinged = True
        wait *= random.uniform(FIRST_PING_FROM, 1.0)
    self.server.sleep(wait)
    if not self.closing and not self.closed:
        self.last_ping = time.time()
        self.send(eio_packet.Packet(eio_packet.PING))


FIRST_PING_FROM = 0.2
"""The earliest first ping, as a part of the ping interval."""


class SocketSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except that a socket's event after its first reuses
    the session Flask-SocketIO keeps for that socket instead of decoding the cookie again:
    Flask opens a session on every request context, and Flask-SocketIO then replaces it
    with its own (`manage_session`), so at a chime a thousand phones each paid for
    verifying a signature nobody read."""

    def open_session(self, app, request):
        """The socket's own session when it has one, else the cookie's."""
        kept = request.environ.get("saved_session")
        if kept is not None:
            return kept
        return super().open_session(app, request)


SOCKET_PATH = "/socket.io"
"""Where Flask-SocketIO serves (its default); no route of the app starts with it."""


class SocketEventContext(RequestContext):
    """The request context Flask-SocketIO opens around each socket event (`CafeFlask`). A
    socket event is no HTTP request: no route serves it and no `before_request` runs for
    it, so it skips routing (a miss through every rule, and a NotFound built for nobody)
    and the request teardowns (Flask-Limiter's resets a context it never made). At a
    chime a thousand phones each paid for both. The app context's teardown (the database
    session's removal) still runs."""

    def match_request(self) -> None:
        """Nothing to match: the request stays without a rule, as a miss would leave it."""


def is_socket_event(environ) -> bool:
    """Whether a WSGI environ is a socket's (a connect or a later event)."""
    return environ.get("PATH_INFO", "").startswith(SOCKET_PATH)
