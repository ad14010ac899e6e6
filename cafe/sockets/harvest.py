"""The harvest: the organiser hides notes, chooses the wall's view and the harvest settings;
walls and organisers read the themes."""

from __future__ import annotations

from cafe.services import marks, votes, wall_views
from cafe.services import notes as note_service
from cafe.sockets.access import as_dict, as_organiser
from cafe.wire import handler


@handler("note:hide")
def on_note_hide(data=None):
    """The organiser hides a note from the wall, or shows it again."""
    data = as_dict(data)

    def act(event):
        note = marks.hide_note(event, data.get("uuid"), data.get("hidden"))
        return {"note": note_service.note_payload(note)}

    return as_organiser(act)


@handler("wall:view")
def on_wall_view(data=None):
    """The organiser switches every wall of the event to a view (and sets its cycling)."""
    data = as_dict(data)
    return as_organiser(
        lambda event: {"view": wall_views.set_wall_view(event, data.get("view"), data.get("cycle"))}
    )


@handler("harvest:settings")
def on_harvest_settings(data=None):
    """The organiser sets how many stars a table has per round and the tags hosts pick from."""
    data = as_dict(data)

    def act(event):
        marks.set_harvest_settings(
            event, data.get("star_limit"), data.get("tags"), data.get("approve_first", False)
        )
        return {"settings": marks.settings_payload(event)}

    return as_organiser(act)


@handler("harvest")
def on_harvest(_data=None):
    """The organiser's harvest section: every note (hidden ones too), view and settings."""

    def act(event):
        notes = note_service.notes_for_event(event.id)
        return {
            "notes": [note_service.note_payload(n) for n in notes],
            "view": wall_views.view_payload(event),
            "settings": marks.settings_payload(event),
            "voting": votes.voting_state(event),
            "results": votes.results(event),
        }

    return as_organiser(act)
