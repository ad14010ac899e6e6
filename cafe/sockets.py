"""Thin Socket.IO handlers: authorise, parse, call a service, return the acknowledgement.

Every client connects with `auth = {role, token}` (the organiser's browser uses its login
session instead). The token is checked again in every handler, so a revoked link stops
working at once, even on a phone that is still connected.
"""

from __future__ import annotations

from flask import current_app, g, session
from flask_babel import gettext as _
from flask_socketio import join_room

from cafe import live
from cafe.extensions import db
from cafe.limits import note_allowed
from cafe.models import CafeTable, Event, Participant
from cafe.services import attendance as attendance_service
from cafe.services import desk as desk_service
from cafe.services import events as event_service
from cafe.services import notes as note_service
from cafe.services import panel as panel_service
from cafe.services import participants as participant_service
from cafe.services import presence as presence_service
from cafe.services import rounds as round_service
from cafe.services import seating as seating_service
from cafe.services import votes as vote_service
from cafe.services import wall_views
from cafe.services.changes import as_message, changes_since
from cafe.tokens import InvalidInput
from cafe.views.auth import current_organiser
from cafe.wire import UNREADABLE, handler, unreadable


@handler("connect")
def on_connect(auth=None):
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


@handler("disconnect")
def on_disconnect(reason=None):
    """A host phone going away shows on the organiser's panel."""
    who = session.get("who")
    if who and who["role"] == "host":
        presence_service.host_went(who["table_id"], who["event_id"])


@handler("time")
def on_time(_data=None):
    """The server's clock, for a screen measuring its offset (and a host's heartbeat)."""
    who = _current()
    if who is None:
        return _refused()
    if who["role"] == "host":
        presence_service.host_pinged(who["table_id"], who["event_id"])
    return {"ok": True, "server_now": round_service.round_payload_time()}


@handler("clock")
def on_clock(data=None):
    """One of the organiser's controls: next, pause, resume, extend (minutes), end, back…"""
    data = data if isinstance(data, dict) else {}

    def act(event):
        # The payload the screens were just told: building it again after the commit
        # would read the event and its questions back while a thousand phones wait.
        return {"round": round_service.control(event, data.get("action"), data.get("minutes"))}

    return _as_organiser(act)


@handler("checkin")
def on_checkin(data=None):
    """The organiser marks a pre-registered person as arrived (the check-in desk)."""
    person_id = data.get("participant_id") if isinstance(data, dict) else None
    return _as_organiser(lambda event: participant_service.confirm(event, person_id) and {})


@handler("gone")
def on_gone(data=None):
    """The organiser marks someone as gone home: their seats in rounds to come are freed."""
    person_id = data.get("participant_id") if isinstance(data, dict) else None
    return _as_organiser(lambda event: attendance_service.mark_gone(event, person_id))


@handler("uncheck")
def on_uncheck(data=None):
    """The desk takes back a mistaken tick: the person is expected again."""
    person_id = data.get("participant_id") if isinstance(data, dict) else None
    return _as_organiser(lambda event: desk_service.undo_checkin(event, person_id) and {})


@handler("walkin")
def on_walkin(data=None):
    """The desk adds someone who is not on the list (name and group); replies their table."""
    data = data if isinstance(data, dict) else {}

    def act(event):
        person = desk_service.walk_in(
            event, data.get("name"), data.get("group"), data.get("same_name_ok") is True
        )
        return {"person": {"id": person.id, "name": person.name}}

    return _as_organiser(act)


@handler("make_host")
def on_make_host(data=None):
    """The desk makes someone who has arrived the host of a table without one."""
    data = data if isinstance(data, dict) else {}

    def act(event):
        table = desk_service.make_host(event, data.get("participant_id"), data.get("table_id"))
        return {"table": table.number}

    return _as_organiser(act)


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


@handler("leave")
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


@handler("sync")
def on_sync(data=None):
    """Send what this screen missed since `since` (or a snapshot), plus the round's state."""
    who = _current()
    if who is None:
        return _refused()
    since = data.get("since", 0) if isinstance(data, dict) else 0
    since = since if _whole(since) and since >= 0 else 0
    event = db.session.get(Event, who["event_id"])
    reply = {"ok": True, "round": round_service.round_payload(event), "last_seq": event.last_seq}
    if who["role"] == "wall":
        reply.update(_wall_sync(event, since))
        reply["counts"] = participant_service.counts(event)
        reply["view"] = wall_views.view_payload(event)
        reply["votes"] = vote_service.results(event)
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
        reply["voting"] = vote_service.voting_state(event, person)
    return reply


def _host_sync(event: Event, table_id: int) -> dict:
    table = db.session.get(CafeTable, table_id)
    return {
        "notes": [note_service.note_payload(n) for n in note_service.notes_for_table(table)],
        "expected": attendance_service.expected_at(event, table),
        "star_limit": event.star_limit,
        "tag_choices": list(event.tag_choices or []),
    }


@handler("note:add")
def on_note_add(data=None):
    """Store a host's note; acknowledge only after the commit, with the same reply on resend.
    The link is re-checked as for every event, in one row read without ORM objects."""
    who = session.get("who")
    if who is None or who["role"] != "host":
        return _refused()
    if not isinstance(data, dict):
        return unreadable()
    target = event_service.note_target(who["token"])
    if target is None:
        return _refused()
    try:
        reply, _created = note_service.write_note(
            target, data.get("uuid"), data.get("text"), data.get("kind"), data.get("round"),
            _note_allowed,
        )  # fmt: skip
    except InvalidInput as exc:
        db.session.rollback()
        return {"ok": False, "error": str(exc), "field": exc.field}
    return {"ok": True, **reply}


def _note_allowed(table_id: int) -> None:
    """InvalidInput once a table sends more new notes than any host can type."""
    if not note_allowed(table_id):
        raise InvalidInput(_("Too many notes at once; wait a minute and send again."), "text")


@handler("note:edit")
def on_note_edit(data=None):
    """Change the text or kind of one of this table's notes."""
    return _with_table(
        data,
        lambda table, d: note_service.edit_note(table, d.get("uuid"), d.get("text"), d.get("kind")),
    )


@handler("note:delete")
def on_note_delete(data=None):
    """Delete one of this table's notes."""
    return _with_table(data, lambda table, d: note_service.delete_note(table, d.get("uuid")))


@handler("*")
def on_unknown(event=None, *_args):
    """Answer an event nobody handles (or one that could not be decoded) with a refusal."""
    if event != UNREADABLE:
        current_app.logger.info("socket event %r is unknown", str(event)[:40])
    return unreadable()


def _whole(value) -> bool:
    """An int that is not a bool (JSON `true` must not read as 1)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _with_table(data, action):
    who = _current()
    if who is None or who["role"] != "host":
        return _refused()
    if not isinstance(data, dict):
        return unreadable()
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
        # An edit or delete is acknowledged with the seq of the change it made (an add,
        # above, with the seq that created the note, the same on every resend).
        "seq": note.updated_seq,
        "note": note_service.note_payload(note),
    }


def _wall_sync(event: Event, since: int) -> dict:
    changes = changes_since(event.id, since) if since else None
    if changes is not None:
        return {"changes": [as_message(c) for c in changes]}
    notes = note_service.notes_for_event(event.id)
    return {"snapshot": [note_service.note_payload(n) for n in notes]}


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


def _identify(auth: dict) -> dict | None:
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
    if organiser is None or not _whole(event_id):
        return None
    if not event_service.may_organise(organiser.id, event_id):
        return None
    return {
        "role": "organiser",
        "token": None,
        "event_id": event_id,
        "rooms": _rooms(live.account_room(organiser.id), live.organiser_room(event_id)),
    }


def _current() -> dict | None:
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


def _refused() -> dict:
    # No disconnect here: the phone must receive this reply to say why it stopped.
    return {
        "ok": False,
        "revoked": True,
        "error": _("This link no longer works. Ask the organiser for a new one."),
    }


# The harvest's handlers live in their own module; importing it registers them.
from cafe import harvest_sockets  # noqa: E402, F401
