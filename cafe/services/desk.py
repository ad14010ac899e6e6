"""The check-in desk and the door: ticks, undos, walk-ins, new hosts, and namesakes."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from cafe import clock, live
from cafe.extensions import db
from cafe.models import CafeTable, Event, Participant, Seat
from cafe.services import attendance, seating
from cafe.services import participants as participant_service
from cafe.services.namesakes import namesakes
from cafe.services.rounds import clock_of
from cafe.tokens import InvalidInput, parse_int


@dataclass(frozen=True)
class Namesakes:
    """People on the list with the name someone typed: not yet here, or already checked in."""

    waiting: list[Participant]
    arrived: list[Participant]


def registered_namesakes(event: Event, name: str) -> Namesakes:
    """Who on the event's list (not gone home) has the same name as `name`."""
    # Names only, then the few people who match: loading every row cost 30x the door search.
    # Core rows, not ORM ones: at a door of 1,000 the ORM's row handling cost more than the query.
    names = db.session.connection().execute(
        select(Participant.name, Participant.id).where(
            Participant.event_id == event.id, Participant.left_at.is_(None)
        )
    )
    ids = namesakes(name, names)
    same = [db.session.get(Participant, i) for i in ids]
    return Namesakes(
        waiting=[p for p in same if p.arrived_at is None],
        arrived=[p for p in same if p.arrived_at is not None],
    )


def check_closed(event: Event) -> None:
    """Refuse a new walk-in at the door once check-in is closed, unless the organiser lets
    late arrivals in (the control panel's late-seating switch)."""
    if event.seating_published and not event.late_seating:
        raise InvalidInput(_("Check-in is closed. Please ask at the desk."), "name")


def walk_in(
    event: Event, name: object, group: object, same_name_ok: bool = False, key: object = None
) -> Participant:
    """The desk adds someone who is not on the list, also after check-in closed or beyond
    the cap. A name already on the list is refused unless the desk says it is another person.
    The desk's `key` (a UUID per walk-in) makes it idempotent: the same walk-in sent again
    finds the person it added the first time."""
    key = _desk_key(key)
    earlier = _walked_in_with(event, key)
    if earlier is not None:
        return earlier
    typed = participant_service.clean_name(name)
    if not same_name_ok:
        found = registered_namesakes(event, typed)
        if found.waiting or found.arrived:
            person = (found.waiting or found.arrived)[0]
            raise InvalidInput(
                _(
                    "%(name)s is already on the list: tick them instead, or confirm that "
                    "this is another person.",
                    name=person.name,
                ),
                "same_name",
            )
    try:
        return attendance.join_late(event, typed, group, at_desk=True, desk_key=key)
    except IntegrityError:
        # The same walk-in, sent again while the first was still being written.
        db.session.rollback()
        earlier = _walked_in_with(event, key)
        if earlier is None:
            raise
        return earlier


def _desk_key(value: object) -> str | None:
    """The walk-in's key as stored (a UUID), None when the desk sent none."""
    if value is None or value == "":
        return None
    try:
        return str(uuidlib.UUID(str(value)))
    except ValueError:
        raise InvalidInput(
            _("This screen sent something we could not read; reload the page."), "name"
        ) from None


def _walked_in_with(event: Event, key: str | None) -> Participant | None:
    if key is None:
        return None
    return db.session.scalar(
        select(Participant).where(Participant.event_id == event.id, Participant.desk_key == key)
    )


def undo_checkin(event: Event, person_id: object, again: bool = False) -> Participant:
    """Take back a mistaken tick: the person is expected again, and a phone that took
    their name loses it (a new personal link), so the right person can confirm it. An undo
    sent `again` (its answer was lost) that finds them expected already is done."""
    person = _on_list(event, person_id)
    if person.arrived_at is None:
        if again:
            return person
        raise InvalidInput(_("%(name)s is not checked in.", name=person.name), "participant")
    if person.walked_in:
        raise InvalidInput(
            _("%(name)s walked in: mark them as gone home instead.", name=person.name),
            "participant",
        )
    participant_service.reissue_link(person)
    participant_service.tell_counts(event)
    return person


def make_host(event: Event, person_id: object, table_id: object) -> CafeTable:
    """Someone who has arrived hosts a table that has none: they stay there in the rounds
    to come, and their open phone turns into the table's host page."""
    person = _on_list(event, person_id)
    table = next((t for t in event.tables if t.id == parse_int(table_id)), None)
    if table is None:
        raise InvalidInput(_("Choose a table."), "table")
    if table.host_id == person.id:
        return table  # sent again after its answer was lost: done already
    if table.host_id is not None:
        raise InvalidInput(
            _("Table %(n)d already has a host: use the hand-over.", n=table.number), "table"
        )
    if person.arrived_at is None or any(t.host_id == person.id for t in event.tables):
        raise InvalidInput(_("Choose someone who is here and not already a host."), "participant")
    table.host_id, person.is_host, person.pinned_table_id = person.id, True, None
    # Seats kept by hand or already shown elsewhere would fight the host's own table.
    db.session.execute(
        delete(Seat).where(
            Seat.participant_id == person.id,
            Seat.round_number >= clock.first_open_round(clock_of(event)),
        )
    )
    seating.replan(event, seating.PUBLISH_BUDGET)
    live.hand_over(person.id, attendance.host_path(table))
    return table


def _on_list(event: Event, person_id: object) -> Participant:
    person = db.session.get(Participant, parse_int(person_id))
    if person is None or person.event_id != event.id or person.left_at is not None:
        raise InvalidInput(_("Choose someone from the list."), "participant")
    return person
