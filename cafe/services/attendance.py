"""People who come late, leave, or take over a table during the morning."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from cafe import clock, live
from cafe.extensions import db
from cafe.models import CafeTable, Event, Participant, Seat
from cafe.services import events as event_service
from cafe.services import participants as participant_service
from cafe.services import seating, walkins
from cafe.services.rounds import clock_of
from cafe.tokens import InvalidInput, parse_int


def join_late(
    event: Event, name: object, group: object, at_desk: bool = False, desk_key: str | None = None
) -> Participant:
    """Check in someone at the door (or, `at_desk`, added by the desk, past the cap); during
    a round, when the organiser allows it, they sit down now at the least-full table,
    otherwise from the next round."""
    person = participant_service.join(event, name, group, at_desk=at_desk, desk_key=desk_key)
    current = clock_of(event)
    if event.late_seating and current.phase == clock.ROUND:
        seated = walkins.seat_newcomer(event, person, [current.round], manual=True)
        change = walkins.seating_change(event, seated)
        db.session.commit()
        if change is not None:
            live.publish(change)
    return person


def set_late_seating(event: Event, allowed: bool) -> None:
    """Let late arrivals sit down in the running round (or only from the next one)."""
    event.late_seating = bool(allowed)
    participant_service.tell_counts(event)


def leave_myself(person: Participant) -> None:
    """A participant's "I am leaving": their seats in rounds still to come are freed.

    A host cannot simply go: the organiser chooses who takes over the table."""
    event = db.session.get(Event, person.event_id)
    if person.left_at is not None:
        return
    if _hosts(event, person.id):
        raise InvalidInput(
            _("You host a table: please tell the organiser, who will choose who takes over."),
            "leave",
        )
    seating.leave(event, person.id, asked_by_phone=True)


def mark_gone(event: Event, person_id: object) -> None:
    """The organiser marks someone as gone home (a host goes through the hand-over)."""
    person = db.session.get(Participant, parse_int(person_id))
    if person is None or person.event_id != event.id or person.left_at is not None:
        raise InvalidInput(_("Choose someone from the list."), "participant")
    if _hosts(event, person.id):
        raise InvalidInput(
            _("A host leaves through the hand-over: choose who takes over."), "participant"
        )
    seating.leave(event, person.id)


def _hosts(event: Event, person_id: int) -> bool:
    return event.host_stays and any(t.host_id == person_id for t in event.tables)


def hand_over(event: Event, table: CafeTable, successor_id: int) -> Participant:
    """The table's host leaves and `successor_id` takes over: the old host link stops
    working and the new host's own phone turns into the table's host page."""
    if table.host_id is None or table.event_id != event.id:
        raise InvalidInput(_("This table has no host to replace."), "successor")
    seating.leave(event, table.host_id, successor_id)
    event_service.reissue_host_link(table)
    live.hand_over(successor_id, host_path(table))
    return db.session.get(Participant, successor_id)


def host_path(table: CafeTable) -> str:
    """The table's host page, relative, so a phone keeps the address it already uses."""
    return f"/h/{table.host_token}"


def host_link_of(person: Participant) -> str | None:
    """The host page of the table this participant hosts, or None."""
    if not person.is_host:  # only hosts are ever given a table (import, hand-over)
        return None
    return host_link(person.event_id, person.id)


def host_link(event_id: int, participant_id: int) -> str | None:
    """The host page of the table the participant with this id hosts, or None."""
    token = db.session.scalar(
        select(CafeTable.host_token)
        .where(CafeTable.event_id == event_id, CafeTable.host_id == participant_id)
        .limit(1)
    )
    return f"/h/{token}" if token else None


def expected_at(event: Event, table: CafeTable) -> list[dict]:
    """Who sits at a table in the round phones show now (the host first), for its host."""
    number = clock.seated_round(clock_of(event))
    people = db.session.scalars(
        select(Participant)
        .join(Seat, Seat.participant_id == Participant.id)
        .where(
            Seat.table_id == table.id,
            Seat.round_number == number,
            Participant.left_at.is_(None),
        )
    )
    # The host reads this list on her own phone: she is here, whether or not anyone ticked
    # her at the desk (a host card's scan is not a check-in).
    rows = [
        {
            "name": p.name,
            "group": p.group or "",
            "host": p.id == table.host_id,
            "here": bool(p.arrived_at) or p.id == table.host_id,
        }
        for p in people
    ]
    return sorted(rows, key=lambda r: (not r["host"], r["name"].casefold()))
