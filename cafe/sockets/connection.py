"""Connecting, leaving, the clock ping, and the answer to events nobody handles."""

from __future__ import annotations

from flask import current_app, session
from flask_socketio import join_room

from cafe.admission import admitted
from cafe.services import presence as presence_service
from cafe.services import rounds as round_service
from cafe.sockets.access import as_dict, current, identify, refused
from cafe.wire import UNREADABLE, busy_refusal, handler, unreadable


@handler("connect")
def on_connect(auth=None):
    """Admit a wall, host, participant or organiser and put them in their rooms; one that
    finds no free place is told to come back after a wait, not that its link is wrong."""
    who = identify(as_dict(auth))
    if who is None:
        return False
    if not admitted():
        raise busy_refusal()
    session["who"] = who
    for room in who.pop("rooms"):
        join_room(room)
    if who["role"] == "host":
        presence_service.host_came(who["table_id"], who["event_id"])
    return True


@handler("disconnect")
def on_disconnect(reason=None):
    """A host phone going away shows on the organiser's panel."""
    who = session.get("who")
    if who and who["role"] == "host":
        presence_service.host_went(who["table_id"], who["event_id"])


@handler("time")
def on_time(_data=None):
    """The server's clock, for a screen measuring its offset (and a host's heartbeat)."""
    who = current()
    if who is None:
        return refused()
    if who["role"] == "host":
        presence_service.host_pinged(who["table_id"], who["event_id"])
    return {"ok": True, "server_now": round_service.round_payload_time()}


@handler("*")
def on_unknown(event=None, *_args):
    """Answer an event nobody handles (or one that could not be decoded) with a refusal."""
    if event != UNREADABLE:
        current_app.logger.info("socket event %r is unknown", str(event)[:40])
    return unreadable()
