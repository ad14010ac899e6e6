"""The change feed: every change a screen shows gets the next per-event `seq`."""

from __future__ import annotations

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from cafe import audience
from cafe.extensions import db
from cafe.models import Change, Event

REPLAY_LIMIT = 1000  # further behind than this, a screen gets a fresh snapshot instead


def record_change(event_id: int, kind: str, payload: dict, table_id: int | None = None) -> Change:
    """Take the event's next seq and add a Change, in the caller's (uncommitted) transaction.

    The UPDATE … RETURNING both numbers the change and, on PostgreSQL, locks the event row
    until commit, so seqs are gap-free and in commit order.
    """
    audience.check(kind)  # who may see it is decided before anything is written
    change = Change(
        event_id=event_id, seq=next_seq(event_id), kind=kind, payload=payload, table_id=table_id
    )
    db.session.add(change)
    return change


def next_seq(event_id: int) -> int:
    """Take the event's next seq (see record_change) without adding a Change yet, for a
    caller that must write its row first to know the change's payload."""
    seq = db.session.connection().execute(_NEXT_SEQ, {"event": event_id}).scalar_one()
    held = db.session.identity_map.get(identity_key(Event, event_id))
    if held is not None:
        set_committed_value(held, "last_seq", seq)  # as the ORM's own sync would
    return seq


_events = Event.__table__
_NEXT_SEQ = (
    update(_events)
    .where(_events.c.id == bindparam("event"))
    .values(last_seq=_events.c.last_seq + 1)
    .returning(_events.c.last_seq)
)
"""Built once (a statement memoises its cache key), and Core, not an ORM update: every
change takes a seq, and the ORM's bulk-update machinery cost more than the UPDATE. The
session's copy of the event does not see it, so next_seq sets that itself."""


def changes_since(event_id: int, since: int, table_id: int | None = None) -> list[Change] | None:
    """Changes after `since`, in order; None when a snapshot is cheaper than the replay."""
    head = db.session.scalar(select(Event.last_seq).where(Event.id == event_id)) or 0
    if head - since > REPLAY_LIMIT or since > head:
        return None
    query = select(Change).where(Change.event_id == event_id, Change.seq > since)
    if table_id is not None:
        query = query.where((Change.table_id == table_id) | (Change.table_id.is_(None)))
    return list(db.session.scalars(query.order_by(Change.seq)))


def as_message(change: Change) -> dict:
    """The wire form of a change, whole (as the organiser receives it)."""
    return {"seq": change.seq, "kind": change.kind, "data": change.payload}


def replay(changes: list[Change], to: str) -> list[dict]:
    """The wire form of `changes` for the audience `to` (cafe/audience.py): what it may not
    see is cut down or left out, as in the live pushes."""
    messages = []
    for change in changes:
        data = audience.view(change.kind, change.payload, to)
        if data is not None:
            messages.append({"seq": change.seq, "kind": change.kind, "data": data})
    return messages
