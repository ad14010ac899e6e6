"""Outbound pushes only: room names and the emit that follows a commit.

The database is the truth; Socket.IO (and the Redis queue when scaled out) is only the
doorbell. Never call these between flush() and commit() (ARCHITECTURE.md, trap 2).
"""

from __future__ import annotations

from cafe import audience
from cafe.extensions import socketio
from cafe.models import Change
from cafe.services.changes import as_message
from cafe.wire import EVICT_PREFIX


def event_room(event_id: int) -> str:
    """Everyone at an event."""
    return f"event:{event_id}"


def wall_room(event_id: int) -> str:
    """The wall screens of an event."""
    return f"wall:{event_id}"


def organiser_room(event_id: int) -> str:
    """The organiser's screens of an event."""
    return f"organiser:{event_id}"


def table_room(table_id: int) -> str:
    """The host phone(s) of one table."""
    return f"table:{table_id}"


def participant_room(participant_id: int) -> str:
    """One participant's phone, for personal pushes."""
    return f"participant:{participant_id}"


def publish(change: Change) -> None:
    """Ring the doorbell for a committed change (see push)."""
    push(change.event_id, change.table_id, change.kind, as_message(change))


def push(event_id: int, table_id: int | None, kind: str, message: dict) -> None:
    """Ring the doorbell for a committed change, given as its wire form `message`: walls
    and organisers, then a table's hosts (a change of one table) or everyone at the event
    (any other), each sent what the kind's audience rule gives them (cafe/audience.py).
    Audiences sent the same payload share one emit."""
    rooms = {
        audience.ORGANISER: organiser_room(event_id),
        audience.WALL: wall_room(event_id),
    }
    if table_id is not None:
        rooms[audience.TABLE] = table_room(table_id)
    else:
        rooms[audience.EVENT] = event_room(event_id)
    sends: list[tuple[dict, list[str]]] = []
    for who, room in rooms.items():
        data = audience.view(kind, message["data"], who)
        if data is None:
            continue
        same = next((to for sent, to in sends if sent is data), None)
        if same is not None:
            same.append(room)
        else:
            sends.append((data, [room]))
    for data, to in sends:
        wire = message if data is message["data"] else {**message, "data": data}
        socketio.emit("change", wire, to=to)


def account_room(organiser_id: int) -> str:
    """Every open screen of one organiser account."""
    return f"account:{organiser_id}"


def personal(room: str) -> str:
    """The eviction room of the identity `room` stands for (see evict)."""
    return EVICT_PREFIX + room


def evict(room: str) -> None:
    """Tell the screens of an identity (a table's hosts, a wall, a participant, an
    organiser account) that their link or login ended, and disconnect them, so they stop
    receiving every push at once, event-wide ones included."""
    socketio.emit("revoked", {}, to=room)
    socketio.close_room(personal(room))


def evict_after_reply(room: str) -> None:
    """evict(room) a moment later, once the acknowledgement of the handler running now has
    been sent to the phone that is being let go."""

    def later():
        socketio.sleep(0.2)
        evict(room)

    socketio.start_background_task(later)


def presence(event_id: int, payload: dict) -> None:
    """Tell the organiser's screens that a host phone came, went or wrote (not in the feed:
    a panel that reconnects reads presence afresh)."""
    socketio.emit("presence", payload, to=organiser_room(event_id))


def hand_over(participant_id: int, host_url: str) -> None:
    """Turn a participant's open phone into the host page of the table they now host."""
    socketio.emit("host", {"url": host_url}, to=participant_room(participant_id))
