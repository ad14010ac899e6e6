"""Socket handlers of the harvest: hosts star and tag notes, the organiser hides notes,
chooses the wall's view and the harvest settings; walls and organisers read the themes.
Thin, like cafe.sockets: authorise, parse, call a service, return the acknowledgement."""

from __future__ import annotations

from cafe.extensions import db
from cafe.models import Event, Participant
from cafe.services import marks, votes, wall_views
from cafe.services import notes as note_service
from cafe.sockets import _as_organiser, _current, _refused, _with_table
from cafe.tokens import InvalidInput
from cafe.wire import handler, unreadable


@handler("note:mark")
def on_note_mark(data=None):
    """A host stars a note as a key insight or sets its tags (sent through the outbox)."""
    return _with_table(
        data,
        lambda table, d: marks.mark_note(table, d.get("uuid"), d.get("starred"), d.get("tags")),
    )


@handler("note:hide")
def on_note_hide(data=None):
    """The organiser hides a note from the wall, or shows it again."""
    data = data if isinstance(data, dict) else {}

    def act(event):
        note = marks.hide_note(event, data.get("uuid"), data.get("hidden"))
        return {"note": note_service.note_payload(note)}

    return _as_organiser(act)


@handler("wall:view")
def on_wall_view(data=None):
    """The organiser switches every wall of the event to a view (and sets its cycling)."""
    data = data if isinstance(data, dict) else {}
    return _as_organiser(
        lambda event: {"view": wall_views.set_wall_view(event, data.get("view"), data.get("cycle"))}
    )


@handler("harvest:settings")
def on_harvest_settings(data=None):
    """The organiser sets how many stars a table has per round and the tags hosts pick from."""
    data = data if isinstance(data, dict) else {}

    def act(event):
        marks.set_harvest_settings(
            event, data.get("star_limit"), data.get("tags"), data.get("approve_first", False)
        )
        return {"settings": harvest_settings(event)}

    return _as_organiser(act)


@handler("harvest")
def on_harvest(_data=None):
    """The organiser's harvest section: every note (hidden ones too), view and settings."""

    def act(event):
        notes = note_service.notes_for_event(event.id)
        return {
            "notes": [note_service.note_payload(n) for n in notes],
            "view": wall_views.view_payload(event),
            "settings": harvest_settings(event),
            "voting": votes.voting_state(event),
            "results": votes.results(event),
        }

    return _as_organiser(act)


@handler("themes")
def on_themes(_data=None):
    """The themes of the notes on the wall, with the notes behind each (wall, organiser)."""
    who = _current()
    if who is None or who["role"] not in ("wall", "organiser"):
        return _refused() if who is None else unreadable()
    event = db.session.get(Event, who["event_id"])
    return {"ok": True, "themes": wall_views.live_themes(event)}


def harvest_settings(event: Event) -> dict:
    """What host phones and the panel need to offer stars and tags."""
    return {
        "star_limit": event.star_limit,
        "tag_choices": list(event.tag_choices or []),
        "approve_first": event.approve_first,
    }


@handler("voting")
def on_voting(data=None):
    """The organiser opens dot voting (dots per person, stacking) or closes it."""
    data = data if isinstance(data, dict) else {}
    return _as_organiser(
        lambda event: {
            "voting": votes.set_voting(
                event, data.get("action"), data.get("dots"), data.get("stack")
            )
        }
    )


@handler("vote")
def on_vote(data=None):
    """A participant's whole set of dots ({note uuid: dots}); the same set again is harmless."""
    who = _current()
    if who is None or who["role"] != "participant":
        return _refused() if who is None else unreadable()
    if not isinstance(data, dict):
        return unreadable()
    person = db.session.get(Participant, who["participant_id"])
    try:
        return {"ok": True, "voting": votes.cast(person, data.get("dots"))}
    except InvalidInput as exc:
        db.session.rollback()
        return {"ok": False, "error": str(exc), "field": exc.field}
