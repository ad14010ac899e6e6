"""Running the morning: the organiser's clock controls. The pure rules live in cafe.clock;
this module keeps the clock in the database, and every change goes through the change
feed so screens that reconnect catch up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from cafe import clock, live
from cafe.extensions import db
from cafe.models import Event, Note, utcnow
from cafe.services import votes
from cafe.services.changes import record_change
from cafe.tokens import InvalidInput


def now() -> datetime:
    """The server's time (naive UTC); tests inject a clock with app.config["CAFE_CLOCK"]."""
    injected = current_app.config.get("CAFE_CLOCK")
    return injected() if injected else utcnow()


def clock_of(event: Event) -> clock.Clock:
    """The event's clock as a pure value (rows made before the clock was stored are read
    from the older round columns)."""
    if event.clock:
        return clock.from_record(event.clock, event.round_count, event.round_minutes)
    return _from_old_columns(event)


def _from_old_columns(event: Event) -> clock.Clock:
    fresh = clock.new_clock(event.round_count, event.round_minutes)
    if event.round_state == clock.RUNNING and event.round_started_at:
        ends = event.round_started_at + timedelta(minutes=event.round_minutes)
        return clock.Clock(clock.ROUND, event.current_round, fresh.round_count, fresh.minutes, ends)
    if event.round_state == clock.ENDED:
        last = event.current_round >= event.round_count
        phase = clock.HARVEST if last else clock.MOVING
        return clock.Clock(phase, event.current_round, fresh.round_count, fresh.minutes)
    return fresh


def round_payload(event: Event, moment: datetime | None = None) -> dict:
    """What every screen needs to show the phase, the question and the countdown."""
    return clock_payload(clock_of(event), event.question, moment)


def clock_payload(
    current: clock.Clock, question: Callable[[int], str], moment: datetime | None = None
) -> dict:
    """round_payload from the event's clock and its questions (`question(number)`)."""
    moment = moment or now()
    seated = clock.seated_round(current)
    left = current.seconds_left(moment)
    return {
        "phase": current.phase,
        "round": current.round,
        "state": current.state,
        "round_count": current.round_count,
        "finished": current.finished,
        "paused": current.paused,
        "seconds_left": None if left is None else round(left, 3),
        "ends_at": _wire(current.ends_at),
        "time_up": current.time_up(moment),
        "question": question(current.round),
        "seated_round": seated,
        "seated_question": question(seated),
        "note_round": clock.note_round(current),
        "can_go_back": current.undo is not None,
        "server_now": _wire(moment),
    }


def round_payload_time() -> str:
    """The server's time now, as screens receive it."""
    return _wire(now())


def _wire(moment: datetime | None) -> str | None:
    return moment.replace(tzinfo=UTC).isoformat() if moment else None


def control(event: Event, action: str, minutes: int | None = None) -> dict:
    """Apply one of the organiser's controls, commit, and tell every screen; returns the
    round payload the screens were told.

    Raises InvalidInput with a sentence for the organiser when the control is refused."""
    moment = now()
    if action not in CONTROLS:
        raise InvalidInput(_("Unknown control."), "action")
    try:
        new = CONTROLS[action](clock_of(event), moment, minutes, event)
    except clock.ClockError as refused:
        raise InvalidInput(refusal(refused.reason), "action") from None
    return _store(event, new, moment)


def start_round(event: Event) -> None:
    """Start the waiting round (or the next one), commit, tell every screen."""
    control(event, "start")


def end_round(event: Event) -> None:
    """End the running round, commit, tell every screen (phones show the next table)."""
    control(event, "end")


def _extend(c, moment, minutes, _event):
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not -60 <= minutes <= 60:
        raise InvalidInput(_("Choose a number of minutes between -60 and 60."), "minutes")
    return clock.extend(c, moment, minutes)


def _back(c, moment, _minutes, event):
    return clock.back(c, moment, notes_in_round=notes_in_round(event, c.round))


CONTROLS = {
    "next": lambda c, t, m, e: clock.next_step(c, t),
    "start": lambda c, t, m, e: clock.start(c, t),
    "end": lambda c, t, m, e: clock.end(c, t),
    "finish": lambda c, t, m, e: clock.finish(c, t),
    "close": lambda c, t, m, e: clock.close(c, t),
    "pause": lambda c, t, m, e: clock.pause(c, t),
    "resume": lambda c, t, m, e: clock.resume(c, t),
    "extend": _extend,
    "back": _back,
}
"""action -> (clock, now, minutes, event) -> the new clock."""


def refusal(reason: str) -> str:
    """What the organiser reads when a control is refused."""
    messages = {
        "not_waiting": _("A round is already running."),
        "not_running": _("No round is running right now."),
        "not_moving": _("The harvest starts after a round has ended."),
        "not_harvest": _("The event can be closed once the harvest has started."),
        "already_paused": _("The round is already paused."),
        "not_paused": _("The round is not paused."),
        "closed": _("The event is closed."),
        "nothing_to_undo": _("There is nothing to undo."),
        "round_has_notes": _(
            "This round already has notes, so it cannot be undone. End it instead."
        ),
    }
    return messages.get(reason, _("That is not possible right now; the page was out of date."))


def notes_in_round(event: Event, number: int) -> int:
    """How many notes (not deleted) the tables wrote in round `number`."""
    return db.session.scalar(
        select(func.count(Note.id)).where(
            Note.event_id == event.id, Note.round_number == number, Note.deleted_at.is_(None)
        )
    )


def _store(event: Event, new: clock.Clock, moment: datetime) -> dict:
    event.clock = clock.as_record(new)
    event.current_round, event.round_state = new.round, new.state
    if new.phase == clock.ROUND and new.since == moment:
        event.round_started_at = moment
    closing = votes.close_with_event(event) if new.phase == clock.CLOSED else []
    payload = round_payload(event, moment)
    # The wire message is made before the commit, which expires the change row.
    message = {
        "seq": record_change(event.id, "round", payload).seq,
        "kind": "round",
        "data": payload,
    }
    db.session.commit()
    live.push(event.id, None, "round", message)
    for change in closing:
        live.publish(change)
    return payload
