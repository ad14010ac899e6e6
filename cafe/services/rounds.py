"""Starting and ending rounds; the pure rules live in cafe.clock."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _

from cafe import clock, live
from cafe.extensions import db
from cafe.models import Event, utcnow
from cafe.services.changes import record_change
from cafe.tokens import InvalidInput


def clock_of(event: Event) -> clock.Clock:
    """The event's round clock as a pure value."""
    return clock.Clock(
        round=event.current_round,
        state=event.round_state,
        round_count=event.round_count,
        minutes=event.round_minutes,
        started_at=event.round_started_at,
    )


def round_payload(event: Event) -> dict:
    """What every screen needs to show the round, its question and its countdown."""
    current = clock_of(event)
    ends = current.ends_at()
    seated = clock.seated_round(current)
    return {
        "round": current.round,
        "state": current.state,
        "round_count": current.round_count,
        "finished": current.finished,
        "question": event.question(current.round),
        "seated_round": seated,
        "seated_question": event.question(seated),
        "ends_at": ends.replace(tzinfo=UTC).isoformat() if ends else None,
        "server_now": datetime.now(UTC).isoformat(),
    }


def start_round(event: Event) -> None:
    """Start the waiting round (or the next one), commit, tell every screen."""
    _apply(event, lambda c: clock.start(c, utcnow()))


def end_round(event: Event) -> None:
    """End the running round, commit, tell every screen (phones show the next table)."""
    _apply(event, clock.end)


def _apply(event: Event, action) -> None:
    try:
        new = action(clock_of(event))
    except clock.ClockError:
        raise InvalidInput(_("That is not possible right now; the page was out of date.")) from None
    event.current_round, event.round_state = new.round, new.state
    event.round_started_at = new.started_at
    payload = round_payload(event)
    change = record_change(event.id, "round", payload)
    db.session.commit()
    live.publish(change)
