"""`sync`: what a screen missed since the last change it saw, or a snapshot, by role."""

from __future__ import annotations

from flask import session

from cafe import audience
from cafe.extensions import db
from cafe.models import CafeTable, Event
from cafe.services import answers as answer_service
from cafe.services import attendance as attendance_service
from cafe.services import notes as note_service
from cafe.services import panel as panel_service
from cafe.services import participants as participant_service
from cafe.services import phones as phone_service
from cafe.services import rounds as round_service
from cafe.services import votes as vote_service
from cafe.services import wall_views
from cafe.services.changes import changes_since, replay
from cafe.sockets.access import current, refused, whole
from cafe.wire import handler


@handler("sync")
def on_sync(data=None):
    """Send what this screen missed since `since` (or a snapshot), plus the round's state."""
    mine = session.get("who")
    if mine is not None and mine["role"] == "participant":
        # A thousand phones wake at once at a round end: one statement each (phones.py).
        return phone_service.sync_reply(mine["token"]) or refused()
    who = current()
    if who is None:
        return refused()
    since = data.get("since", 0) if isinstance(data, dict) else 0
    since = since if whole(since) and since >= 0 else 0
    event = db.session.get(Event, who["event_id"])
    reply = {"ok": True, "round": round_service.round_payload(event), "last_seq": event.last_seq}
    if who["role"] == "wall":
        reply.update(_wall_sync(event, since))
        reply["counts"] = participant_service.counts(event)
        reply["view"] = wall_views.view_payload(event)
        reply["votes"] = vote_service.results(event)
        reply["answers"] = [
            answer_service.public_payload(a) for a in answer_service.shown_answers(event)
        ]
    elif who["role"] == "host":
        reply.update(_host_sync(event, who["table_id"]))
    elif who["role"] == "organiser":
        reply["counts"] = participant_service.counts(event)
        reply["panel"] = panel_service.panel_state(event)
    return reply


def _host_sync(event: Event, table_id: int) -> dict:
    table = db.session.get(CafeTable, table_id)
    return {
        "notes": [note_service.note_payload(n) for n in note_service.notes_for_table(table)],
        "expected": attendance_service.expected_at(event, table),
        "star_limit": event.star_limit,
        "tag_choices": list(event.tag_choices or []),
    }


def _wall_sync(event: Event, since: int) -> dict:
    changes = changes_since(event.id, since) if since else None
    if changes is not None:
        return {"changes": answer_service.scrubbed(event, replay(changes, audience.WALL))}
    notes = note_service.notes_for_event(event.id)
    payloads = (note_service.note_payload(n) for n in notes)
    return {"snapshot": [audience.view("note", p, audience.WALL) for p in payloads]}
