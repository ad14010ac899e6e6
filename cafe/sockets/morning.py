"""The morning's controls: the organiser's clock and check-in desk, a participant leaving."""

from __future__ import annotations

from cafe.extensions import db
from cafe.models import Participant
from cafe.services import attendance as attendance_service
from cafe.services import desk as desk_service
from cafe.services import participants as participant_service
from cafe.services import rounds as round_service
from cafe.sockets.access import as_dict, as_organiser, current, invalid, refused
from cafe.tokens import InvalidInput
from cafe.wire import handler


@handler("clock")
def on_clock(data=None):
    """One of the organiser's controls: next, pause, resume, extend (minutes), end, back…"""
    data = as_dict(data)

    def act(event):
        # The payload the screens were just told: building it again after the commit
        # would read the event and its questions back while a thousand phones wait.
        return {"round": round_service.control(event, data.get("action"), data.get("minutes"))}

    return as_organiser(act)


@handler("checkin")
def on_checkin(data=None):
    """The organiser marks a pre-registered person as arrived (the check-in desk); a tick
    sent `again` after its answer was lost is not refused for being done already."""
    data = as_dict(data)
    person_id, again = data.get("participant_id"), data.get("again") is True
    return as_organiser(lambda event: participant_service.check_in(event, person_id, again) and {})


@handler("gone")
def on_gone(data=None):
    """The organiser marks someone as gone home: their seats in rounds to come are freed."""
    person_id = as_dict(data).get("participant_id")
    return as_organiser(lambda event: attendance_service.mark_gone(event, person_id))


@handler("uncheck")
def on_uncheck(data=None):
    """The desk takes back a mistaken tick: the person is expected again."""
    data = as_dict(data)
    person_id, again = data.get("participant_id"), data.get("again") is True
    return as_organiser(lambda event: desk_service.undo_checkin(event, person_id, again) and {})


@handler("walkin")
def on_walkin(data=None):
    """The desk adds someone who is not on the list (name, group, and the walk-in's `key`
    so a walk-in sent again is not added twice); replies who was added."""
    data = as_dict(data)

    def act(event):
        person = desk_service.walk_in(
            event,
            data.get("name"),
            data.get("group"),
            data.get("same_name_ok") is True,
            data.get("key"),
        )
        return {"person": {"id": person.id, "name": person.name}}

    return as_organiser(act)


@handler("make_host")
def on_make_host(data=None):
    """The desk makes someone who has arrived the host of a table without one."""
    data = as_dict(data)

    def act(event):
        table = desk_service.make_host(event, data.get("participant_id"), data.get("table_id"))
        return {"table": table.number}

    return as_organiser(act)


@handler("leave")
def on_leave(_data=None):
    """A participant's "I am leaving": the organiser is told, their future seats freed."""
    who = current()
    if who is None or who["role"] != "participant":
        return refused()
    person = db.session.get(Participant, who["participant_id"])
    try:
        attendance_service.leave_myself(person)
    except InvalidInput as exc:
        return invalid(exc)
    return {"ok": True}
