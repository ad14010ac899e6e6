"""Who is asking, and the shapes of the replies every handler shares: identities and their
rooms at connect, the re-check of a link on each event, refusals, and running an action as
the event's organiser or as a table's host."""

from __future__ import annotations

from flask import g, session
from flask_babel import gettext as _

from cafe import live
from cafe.extensions import db
from cafe.models import CafeTable, Event
from cafe.services import events as event_service
from cafe.services import notes as note_service
from cafe.services import participants as participant_service
from cafe.tokens import InvalidInput
from cafe.views.auth import current_organiser
from cafe.wire import unreadable


def whole(value) -> bool:
    """An int that is not a bool (JSON `true` must not read as 1)."""
    return isinstance(value, int) and not isinstance(value, bool)


def as_dict(data) -> dict:
    """The event's argument if it is an object, else an empty one (every field then missing)."""
    return data if isinstance(data, dict) else {}


def refused() -> dict:
    """The reply to a connection whose link no longer opens anything."""
    # No disconnect here: the phone must receive this reply to say why it stopped.
    return {
        "ok": False,
        "revoked": True,
        "error": _("This link no longer works. Ask the organiser for a new one."),
    }


def invalid(exc: InvalidInput) -> dict:
    """The reply to input a service refused, with the field it concerns (nothing written)."""
    db.session.rollback()
    return {"ok": False, "error": str(exc), "field": exc.field}


def as_organiser(action) -> dict:
    """Run `action(event)` for an organiser's socket; its dict (if any) joins the reply."""
    who = current()
    if who is None or who["role"] != "organiser":
        return refused()
    event = db.session.get(Event, who["event_id"])
    try:
        extra = action(event) or {}
    except InvalidInput as exc:
        return invalid(exc)
    return {"ok": True, **extra}


def with_table(data, action) -> dict:
    """Run `action(table, data)` on the host's table; reply with the note it returns."""
    who = current()
    if who is None or who["role"] != "host":
        return refused()
    if not isinstance(data, dict):
        return unreadable()
    table = db.session.get(CafeTable, who["table_id"])
    try:
        note = action(table, data)
    except InvalidInput as exc:
        return invalid(exc)
    return {
        "ok": True,
        "uuid": note.uuid,
        "id": note.id,
        # An edit or delete is acknowledged with the seq of the change it made (an add
        # with the seq that created the note, the same on every resend).
        "seq": note.updated_seq,
        "note": note_service.note_payload(note),
    }


def _rooms(personal: str, *shared: str) -> list[str]:
    """The rooms of one identity: its own (pushes and eviction) and the shared ones."""
    return [personal, live.personal(personal), *shared]


def _wall_identity(event) -> dict:
    return {"event_id": event.id, "rooms": _rooms(live.wall_room(event.id))}


def _host_identity(table) -> dict:
    return {
        "event_id": table.event_id,
        "table_id": table.id,
        "rooms": _rooms(live.table_room(table.id), live.event_room(table.event_id)),
    }


def _participant_identity(person) -> dict:
    return {
        "event_id": person.event_id,
        "participant_id": person.id,
        "rooms": _rooms(live.participant_room(person.id), live.event_room(person.event_id)),
    }


TOKEN_ROLES = {
    "wall": (event_service.event_by_wall, _wall_identity),
    "host": (event_service.table_by_host, _host_identity),
    "participant": (participant_service.by_token, _participant_identity),
}
"""role -> (what its token opens, or None; the identity and rooms that gives)."""


def identify(auth: dict) -> dict | None:
    """Who this connection is, with the rooms it joins; None for anyone not allowed in."""
    role, token = auth.get("role"), auth.get("token")
    if not isinstance(role, str):
        return None
    if role == "organiser":
        return _organiser(auth.get("event_id"))
    if role not in TOKEN_ROLES or not isinstance(token, str) or not token:
        return None
    lookup, identity = TOKEN_ROLES[role]
    holder = lookup(token)
    return {"role": role, "token": token, **identity(holder)} if holder else None


def _organiser(event_id) -> dict | None:
    organiser = current_organiser()
    if organiser is None or not whole(event_id):
        return None
    if not event_service.may_organise(organiser.id, event_id):
        return None
    return {
        "role": "organiser",
        "token": None,
        "event_id": event_id,
        "rooms": _rooms(live.account_room(organiser.id), live.organiser_room(event_id)),
    }


def current() -> dict | None:
    """The connection's identity, re-checked against the database (links can be revoked)."""
    who = session.get("who")
    if who is None:
        return None
    if who["role"] == "organiser":
        organiser = current_organiser()
        allowed = organiser and event_service.may_organise(organiser.id, who["event_id"])
        return who if allowed else None
    lookup, _identity = TOKEN_ROLES[who["role"]]
    # Both held for the rest of the handler: the session's identity map is weak, and the
    # handler reads the event and this row again (a thousand phones sync at once). The
    # lookup reads the event with the token's row, so the get below costs no query.
    g.holder = lookup(who["token"])
    g.event = db.session.get(Event, who["event_id"])
    return who if g.holder is not None else None
