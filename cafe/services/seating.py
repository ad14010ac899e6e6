"""Seating in the database: build the planner's problem, store its plan, tell the phones."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select

from cafe import clock, live
from cafe.extensions import db
from cafe.models import Event, Participant, Seat
from cafe.seating import Person, Problem, Table, plan_seating
from cafe.services.changes import record_change
from cafe.services.rounds import clock_of
from cafe.tokens import InvalidInput


def replan(event: Event) -> None:
    """Re-plan every round not yet started, keep started ones, commit, then publish."""
    first_open = clock.first_open_round(clock_of(event))
    seats = _seats_by_round(event)
    people = _present_people(event)
    capacity = max(event.table_size, -(-len(people) // max(1, event.table_count)))
    problem = Problem(
        people=tuple(Person(p.id, p.group) for p in people),
        tables=tuple(Table(t.id, capacity, t.host_id if event.host_stays else None)
                     for t in event.tables),
        rounds=event.round_count, host_stays=event.host_stays,
        fixed={r: s for r, s in seats.items() if r < first_open},
        previous={r: s for r, s in seats.items() if r >= first_open}, seed=event.id,
    )
    try:
        plan = plan_seating(problem)
    except ValueError as exc:
        db.session.rollback()
        current_app.logger.warning("seating failed for event %s: %s", event.id, exc)
        raise InvalidInput(_("The seating could not be planned: check the number of tables "
                             "and of seats per table.")) from None
    _store(event, plan.seats, first_open)
    change = record_change(event.id, "seating", {"from_round": first_open})
    db.session.commit()
    live.publish(change)


def seats_of(participant: Participant) -> dict[int, int]:
    """round number -> table number for one participant."""
    rows = db.session.execute(
        select(Seat.round_number, Seat.table_id).where(Seat.participant_id == participant.id)
    )
    numbers = _table_numbers(participant.event_id)
    return {round_number: numbers[table_id] for round_number, table_id in rows}


def _table_numbers(event_id: int) -> dict[int, int]:
    event = db.session.get(Event, event_id)
    return {t.id: t.number for t in event.tables}


def _present_people(event: Event) -> list[Participant]:
    return list(db.session.scalars(
        select(Participant).where(Participant.event_id == event.id, Participant.left_at.is_(None))
        .order_by(Participant.id)
    ))


def _seats_by_round(event: Event) -> dict[int, dict[int, int]]:
    seats: dict[int, dict[int, int]] = {}
    for seat in db.session.scalars(select(Seat).where(Seat.event_id == event.id)):
        seats.setdefault(seat.round_number, {})[seat.participant_id] = seat.table_id
    return seats


def _store(event: Event, plan: dict, first_open: int) -> None:
    db.session.execute(delete(Seat).where(Seat.event_id == event.id,
                                          Seat.round_number >= first_open))
    db.session.add_all(
        Seat(event_id=event.id, round_number=r, table_id=t, participant_id=p)
        for r, row in plan.items() if r >= first_open for p, t in row.items()
    )
