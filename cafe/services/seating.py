"""Seating in the database: build the planner's problem, store its plan, tell the phones."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, select

from cafe import clock, live
from cafe.extensions import db
from cafe.models import CafeTable, Event, Participant, Seat
from cafe.seating import Metrics, Person, Problem, Table, plan_seating
from cafe.seating.measure import measure
from cafe.services.changes import record_change
from cafe.services.rounds import clock_of
from cafe.tokens import InvalidInput

JOIN_BUDGET = 0.3
"""Seconds of search when someone joins at the door: they wait for their table."""
PUBLISH_BUDGET = 2.0
"""Seconds of search when the organiser publishes the plan or changes it by hand."""


def replan(event: Event, budget: float = JOIN_BUDGET) -> None:
    """Re-plan every round not yet started, keep started ones, commit, then publish."""
    problem = build_problem(event, budget)
    try:
        plan = plan_seating(problem)
    except ValueError as exc:
        db.session.rollback()
        current_app.logger.warning("seating failed for event %s: %s", event.id, exc)
        raise InvalidInput(_("The seating could not be planned: check the number of tables "
                             "and of seats per table.")) from None
    _store(event, plan.seats, clock.first_open_round(clock_of(event)))
    _commit_seating_change(event)


def publish(event: Event) -> None:
    """Close check-in: plan every future round with the full search and show it on phones."""
    event.seating_published = True
    replan(event, PUBLISH_BUDGET)


def build_problem(event: Event, budget: float = JOIN_BUDGET) -> Problem:
    """The planner's input for an event as it stands: who is here, what is already fixed."""
    first_open = clock.first_open_round(clock_of(event))
    seats = _seats_by_round(event)
    people = _present_people(event)
    capacity = max(event.table_size, -(-len(people) // max(1, event.table_count)))
    return Problem(
        people=tuple(Person(p.id, p.group) for p in people),
        tables=tuple(Table(t.id, capacity, t.host_id if event.host_stays else None)
                     for t in event.tables),
        rounds=event.round_count, host_stays=event.host_stays,
        fixed={r: s for r, s in seats.items() if r < first_open},
        previous={r: s for r, s in seats.items() if r >= first_open} or None,
        seed=event.id, time_budget=budget,
    )


def seats_of(participant: Participant) -> dict[int, int]:
    """round number -> table number for one participant."""
    rows = db.session.execute(
        select(Seat.round_number, Seat.table_id).where(Seat.participant_id == participant.id)
    )
    numbers = _table_numbers(participant.event_id)
    return {round_number: numbers[table_id] for round_number, table_id in rows}


@dataclass(frozen=True)
class Overview:
    """The seating plan as the organiser sees it: per round, per table, the people."""

    rounds: list[tuple[int, list[tuple[CafeTable, list[Participant]]]]]
    metrics: Metrics
    summary: list[str]


def overview(event: Event) -> Overview:
    """Every round's tables with their people, and the plan's quality in words."""
    seats = _seats_by_round(event)
    people = {p.id: p for p in _present_people(event)}
    rounds = []
    for number in range(1, event.round_count + 1):
        row = seats.get(number, {})
        tables = [(t, sorted((people[p] for p, tid in row.items() if tid == t.id and p in people),
                             key=lambda p: (not p.is_host, p.name)))
                  for t in event.tables]
        rounds.append((number, tables))
    metrics = measure(build_problem(event), seats)
    return Overview(rounds=rounds, metrics=metrics, summary=quality_in_words(metrics))


def quality_in_words(metrics: Metrics) -> list[str]:
    """What an organiser needs to know about a plan, in plain sentences."""
    words = []
    if metrics.repeated_pairs == 0:
        words.append(_("Everyone meets new people every round."))
    else:
        words.append(ngettext("%(num)d pair meets more than once.",
                              "%(num)d pairs meet more than once.", metrics.repeated_pairs))
    if metrics.revisits:
        words.append(ngettext("%(num)d time someone comes back to a table they sat at before.",
                              "%(num)d times someone comes back to a table they sat at before.",
                              metrics.revisits))
    if metrics.group_spread == 0:
        words.append(_("The stakeholder groups are evenly mixed at every table."))
    else:
        words.append(ngettext("The groups are a little uneven in %(num)d place.",
                              "The groups are a little uneven in %(num)d places.",
                              metrics.group_spread))
    return words


def desk_list(event: Event) -> list[tuple[Participant, dict[int, int]]]:
    """Everyone, alphabetically, with their table number in each round (for paper)."""
    numbers = _table_numbers(event.id)
    by_person: dict[int, dict[int, int]] = {}
    for seat in db.session.scalars(select(Seat).where(Seat.event_id == event.id)):
        by_person.setdefault(seat.participant_id, {})[seat.round_number] = numbers[seat.table_id]
    people = sorted(_present_people(event), key=lambda p: p.name.casefold())
    return [(p, by_person.get(p.id, {})) for p in people]


def _commit_seating_change(event: Event) -> None:
    change = record_change(event.id, "seating",
                           {"from_round": clock.first_open_round(clock_of(event)),
                            "published": event.seating_published})
    db.session.commit()
    live.publish(change)


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
