"""Thin Socket.IO handlers: authorise, parse, call a service, return the acknowledgement.

Every client connects with `auth = {role, token}` (the organiser's browser uses its login
session instead). The token is checked again in every handler, so a revoked link stops
working at once, even on a phone that is still connected.
"""

from __future__ import annotations

from flask import session
from flask_babel import gettext as _
from flask_socketio import join_room

from cafe import live
from cafe.extensions import db, socketio
from cafe.models import CafeTable, Event, Participant
from cafe.services import attendance as attendance_service
from cafe.services import events as event_service
from cafe.services import notes as note_service
from cafe.services import panel as panel_service
from cafe.services import participants as participant_service
from cafe.services import presence as presence_service
from cafe.services import rounds as round_service
from cafe.services import seating as seating_service
from cafe.services.changes import as_message, changes_since
from cafe.tokens import InvalidInput
from cafe.views.auth import current_organiser


@socketio.on("connect")
def on_connect(auth):
    """Admit a wall, host, participant or organiser and put them in their rooms."""
    who = _identify(auth if isinstance(auth, dict) else {})
    if who is None:
        return False
    session["who"] = who
    for room in who.pop("rooms"):
        join_room(room)
    if who["role"] == "host":
        presence_service.host_came(who["table_id"], who["event_id"])
    return True


@socketio.on("disconnect")
def on_disconnect(reason=None):
    """A host phone going away shows on the organiser's panel."""
    who = session.get("who")
    if who and who["role"] == "host":
        presence_service.host_went(who["table_id"], who["event_id"])


@socketio.on("time")
def on_time(_data=None):
    """The server's clock, for a screen measuring its offset (and a host's heartbeat)."""
    who = _current()
    if who is None:
        return _refused()
    if who["role"] == "host":
        presence_service.host_pinged(who["table_id"], who["event_id"])
    return {"ok": True, "server_now": round_service.round_payload_time()}


@socketio.on("clock")
def on_clock(data):
    """One of the organiser's controls: next, pause, resume, extend (minutes), end, back…"""
    data = data if isinstance(data, dict) else {}

    def act(event):
        round_service.control(event, data.get("action"), data.get("minutes"))
        return {"round": round_service.round_payload(event)}

    return _as_organiser(act)


@socketio.on("checkin")
def on_checkin(data):
    """The organiser marks a pre-registered person as arrived (the check-in desk)."""
    person_id = data.get("participant_id") if isinstance(data, dict) else None
    return _as_organiser(lambda event: participant_service.confirm(event, person_id) and {})


@socketio.on("gone")
def on_gone(data):
    """The organiser marks someone as gone home: their seats in rounds to come are freed."""
    person_id = data.get("participant_id") if isinstance(data, dict) else None
    return _as_organiser(lambda event: attendance_service.mark_gone(event, person_id))


def _as_organiser(action) -> dict:
    """Run `action(event)` for an organiser's socket; its dict (if any) joins the reply."""
    who = _current()
    if who is None or who["role"] != "organiser":
        return _refused()
    event = db.session.get(Event, who["event_id"])
    try:
        extra = action(event) or {}
    except InvalidInput as exc:
        db.session.rollback()
        return {"ok": False, "error": str(exc), "field": exc.field}
    return {"ok": True, **extra}


@socketio.on("leave")
def on_leave(_data=None):
    """A participant's "I am leaving": the organiser is told, their future seats freed."""
    who = _current()
    if who is None or who["role"] != "participant":
        return _refused()
    person = db.session.get(Participant, who["participant_id"])
    try:
        attendance_service.leave_myself(person)
    except InvalidInput as exc:
        db.session.rollback()
        return {"ok": False, "error": str(exc), "field": exc.field}
    return {"ok": True}


@socketio.on("sync")
def on_sync(data):
    """Send what this screen missed since `since` (or a snapshot), plus the round's state."""
    who = _current()
    if who is None:
        return _refused()
    since = data.get("since", 0) if isinstance(data, dict) else 0
    since = since if isinstance(since, int) and since >= 0 else 0
    event = db.session.get(Event, who["event_id"])
    reply = {"ok": True, "round": round_service.round_payload(event), "last_seq": event.last_seq}
    if who["role"] == "wall":
        reply.update(_wall_sync(event, since))
        reply["counts"] = participant_service.counts(event)
    elif who["role"] == "host":
        reply.update(_host_sync(event, who["table_id"]))
    elif who["role"] == "organiser":
        reply["counts"] = participant_service.counts(event)
        reply["panel"] = panel_service.panel_state(event)
    elif who["role"] == "participant":
        person = db.session.get(Participant, who["participant_id"])
        reply["seats"] = seating_service.seats_of(person)
        reply["published"] = event.seating_published
        reply["left"] = person.left_at is not None
        reply["host_url"] = attendance_service.host_link_of(person)
    return reply


def _host_sync(event: Event, table_id: int) -> dict:
    table = db.session.get(CafeTable, table_id)
    return {
        "notes": [note_service.note_payload(n) for n in note_service.notes_for_table(table)],
        "expected": attendance_service.expected_at(event, table),
    }


@socketio.on("note:add")
def on_note_add(data):
    """Store a host's note; acknowledge only after the commit, with the same reply on resend."""
    return _with_table(
        data,
        lambda table, d: note_service.add_note(
            table, d.get("uuid"), d.get("text"), d.get("kind"), d.get("round")
        )[0],
        created=True,
    )


@socketio.on("note:edit")
def on_note_edit(data):
    """Change the text or kind of one of this table's notes."""
    return _with_table(
        data,
        lambda table, d: note_service.edit_note(table, d.get("uuid"), d.get("text"), d.get("kind")),
    )


@socketio.on("note:delete")
def on_note_delete(data):
    """Delete one of this table's notes."""
    return _with_table(data, lambda table, d: note_service.delete_note(table, d.get("uuid")))


def _with_table(data, action, created: bool = False):
    who = _current()
    if who is None or who["role"] != "host":
        return _refused()
    if not isinstance(data, dict):
        return {"ok": False, "error": _("The phone sent something we could not read.")}
    table = db.session.get(CafeTable, who["table_id"])
    try:
        note = action(table, data)
    except InvalidInput as exc:
        db.session.rollback()
        return {"ok": False, "error": str(exc), "field": exc.field}
    return {
        "ok": True,
        "uuid": note.uuid,
        "id": note.id,
        # An add is acknowledged with the seq that created the note (the same on every
        # resend); an edit or delete with the seq of the change it made.
        "seq": note.created_seq if created else note.updated_seq,
        "note": note_service.note_payload(note),
    }


def _wall_sync(event: Event, since: int) -> dict:
    changes = changes_since(event.id, since) if since else None
    if changes is not None:
        return {"changes": [as_message(c) for c in changes]}
    notes = note_service.notes_for_event(event.id)
    return {"snapshot": [note_service.note_payload(n) for n in notes]}


def _wall_identity(event) -> dict:
    return {"event_id": event.id, "rooms": [live.wall_room(event.id)]}


def _host_identity(table) -> dict:
    return {
        "event_id": table.event_id,
        "table_id": table.id,
        "rooms": [live.table_room(table.id), live.event_room(table.event_id)],
    }


def _participant_identity(person) -> dict:
    return {
        "event_id": person.event_id,
        "participant_id": person.id,
        "rooms": [live.event_room(person.event_id), live.participant_room(person.id)],
    }


TOKEN_ROLES = {
    "wall": (event_service.event_by_wall, _wall_identity),
    "host": (event_service.table_by_host, _host_identity),
    "participant": (participant_service.by_token, _participant_identity),
}
"""role -> (what its token opens, or None; the identity and rooms that gives)."""


def _identify(auth: dict) -> dict | None:
    """Who this connection is, with the rooms it joins; None for anyone not allowed in."""
    role, token = auth.get("role"), auth.get("token")
    if role == "organiser":
        return _organiser(auth.get("event_id"))
    if role not in TOKEN_ROLES or not isinstance(token, str) or not token:
        return None
    lookup, identity = TOKEN_ROLES[role]
    holder = lookup(token)
    return {"role": role, "token": token, **identity(holder)} if holder else None


def _organiser(event_id) -> dict | None:
    if current_organiser() is None or not isinstance(event_id, int):
        return None
    if db.session.get(Event, event_id) is None:
        return None
    return {
        "role": "organiser",
        "token": None,
        "event_id": event_id,
        "rooms": [live.organiser_room(event_id)],
    }


def _current() -> dict | None:
    """The connection's identity, re-checked against the database (links can be revoked)."""
    who = session.get("who")
    if who is None:
        return None
    if who["role"] == "organiser":
        return who if current_organiser() else None
    lookup, _identity = TOKEN_ROLES[who["role"]]
    return who if lookup(who["token"]) is not None else None


def _refused() -> dict:
    # No disconnect here: the phone must receive this reply to say why it stopped.
    return {
        "ok": False,
        "revoked": True,
        "error": _("This link no longer works. Ask the organiser for a new one."),
    }
