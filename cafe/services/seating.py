"""Seating in the database: build the planner's problem, store its plan, tell the phones."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import bindparam, delete, select

from cafe import clock, live
from cafe.extensions import db
from cafe.models import CafeTable, Change, Event, Participant, Seat, utcnow
from cafe.seating import Metrics, Person, Problem, Table, plan_seating
from cafe.seating.measure import measure
from cafe.seating.replan import suggest_host
from cafe.services import walkins
from cafe.services.changes import record_change
from cafe.services.namesakes import surname_key
from cafe.services.offload import off_the_loop
from cafe.services.rounds import clock_of
from cafe.tokens import InvalidInput

JOIN_BUDGET = 0.3
"""Seconds of search when someone joins at the door: they wait for their table."""
PUBLISH_BUDGET = 2.0
"""Seconds of search when the organiser publishes the plan or changes it by hand."""


def replan(event: Event, budget: float = JOIN_BUDGET, keep_before: int = 0) -> None:
    """Re-plan every round not yet started (and from `keep_before` on, if given), keep
    started ones, commit, then publish."""
    problem = build_problem(event, budget, keep_before)
    try:
        plan = _plan_off_the_loop(problem)
    except ValueError as exc:
        db.session.rollback()
        current_app.logger.warning("seating failed for event %s: %s", event.id, exc)
        raise InvalidInput(
            _(
                "The seating could not be planned: check the number of tables "
                "and of seats per table."
            )
        ) from None
    _store(event, plan.seats, clock.first_open_round(clock_of(event)))
    _commit_seating_change(event)


def _plan_off_the_loop(problem: Problem):
    """Run the planner in gevent's thread pool when serving, so a search of up to two
    seconds does not freeze every phone's socket meanwhile (the GIL still lets the
    event loop run between the planner's bytecodes)."""
    return off_the_loop(plan_seating, problem)


def publish(event: Event) -> None:
    """Close check-in: plan every future round with the full search and show it on phones."""
    event.seating_published = True
    replan(event, PUBLISH_BUDGET)


def swap(event: Event, round_number: int, first_id: int, second_id: int) -> None:
    """Swap two people's tables in a round not yet started; later rounds are re-planned
    around the change, and nobody in a started round moves."""
    if round_number < clock.first_open_round(clock_of(event)):
        raise InvalidInput(
            _("Round %(n)d has already started: nobody in it can be moved.", n=round_number),
            "round",
        )
    if first_id == second_id:
        raise InvalidInput(_("Choose two different people."), "second")
    first = _seat(event, round_number, first_id, "first")
    second = _seat(event, round_number, second_id, "second")
    hosts = {t.host_id for t in event.tables} if event.host_stays else set()
    if first.participant_id in hosts or second.participant_id in hosts:
        raise InvalidInput(_("Table hosts stay at their table; choose two other people."), "first")
    first.table_id, second.table_id = second.table_id, first.table_id
    first.manual = second.manual = True
    replan(event, PUBLISH_BUDGET, keep_before=round_number)


def pin(event: Event, person_id: int, table_id: int | None) -> None:
    """Keep someone at one table in every round still to come (None lets them move again)."""
    person = _person(event, person_id)
    if table_id is not None and table_id not in {t.id for t in event.tables}:
        raise InvalidInput(_("Choose one of the event's tables."), "table")
    person.pinned_table_id = table_id
    replan(event, PUBLISH_BUDGET)


def leave(
    event: Event, person_id: int, successor_id: int | None = None, *, asked_by_phone=False
) -> None:
    """Someone goes home: free their future seats; a leaving host hands the table over.
    Their open screens are disconnected; when they asked from that very phone, only after
    its acknowledgement has gone out, so it can say goodbye instead of "link revoked"."""
    person = _person(event, person_id)
    table = next((t for t in event.tables if t.host_id == person.id), None)
    if table is not None and event.host_stays:
        if successor_id is None:
            raise InvalidInput(_("Choose who takes over table %(n)d.", n=table.number), "successor")
        successor = _person(event, successor_id)
        if successor.id == person.id or successor.is_host:
            raise InvalidInput(_("Choose someone who is not already a host."), "successor")
        table.host_id, successor.is_host, person.is_host = successor.id, True, False
    person.left_at = utcnow()
    replan(event, PUBLISH_BUDGET)
    evict = live.evict_after_reply if asked_by_phone else live.evict
    evict(live.participant_room(person.id))


def suggested_successor(event: Event, person_id: int) -> int | None:
    """The participant who would move least to take over a leaving host's table."""
    return successors(event).get(person_id)


def successors(event: Event) -> dict[int, int]:
    """For every staying host: who would take over their table moving least (host id ->
    participant id), so the organiser sees the suggestion before anyone leaves."""
    if not event.host_stays:
        return {}
    problem = build_problem(event)
    first_open = clock.first_open_round(clock_of(event))
    # Only who has arrived can take a table over (the panel offers no one else); before
    # anyone has arrived (planning ahead on the seating page) everyone can.
    arrived = set(
        db.session.scalars(
            select(Participant.id).where(
                Participant.event_id == event.id, Participant.arrived_at.is_not(None)
            )
        )
    )
    suggestions = {}
    for table in event.tables:
        if table.host_id is not None:
            person = suggest_host(problem, table.id, first_open, arrived or None)
            if person is not None:
                suggestions[table.host_id] = person
    return suggestions


def build_problem(event: Event, budget: float = JOIN_BUDGET, keep_before: int = 0) -> Problem:
    """The planner's input for an event as it stands: who is here, what is already fixed.

    Rounds before `keep_before` are kept as they are (a change by hand in round k
    re-plans only the rounds after it)."""
    current = clock_of(event)
    first_open = clock.first_open_round(current)
    seats = _seats_by_round(event)
    people = seated_people(event)
    capacity = max(event.table_size, -(-len(people) // max(1, event.table_count)))
    return Problem(
        people=tuple(Person(p.id, p.group) for p in people),
        tables=tuple(
            Table(t.id, capacity, t.host_id if event.host_stays else None) for t in event.tables
        ),
        rounds=event.round_count,
        host_stays=event.host_stays,
        fixed={r: s for r, s in seats.items() if r < max(first_open, keep_before)},
        previous={r: s for r, s in seats.items() if r >= first_open} or None,
        pinned=_pins(event, people, first_open, clock.seated_round(current)),
        seed=event.id,
        time_budget=budget,
    )


def _pins(event: Event, people: list[Participant], first_open: int, seen_round: int) -> dict:
    """Seats a re-plan must keep: hand-made ones, pinned people, and the table that people
    who have checked in were already shown for the next round."""
    pins: dict[int, dict[int, int]] = {}
    ids = {p.id for p in people}
    arrived_ids = {p.id for p in people if p.arrived_at is not None}
    for seat in db.session.scalars(
        select(Seat).where(Seat.event_id == event.id, Seat.round_number >= first_open)
    ):
        shown = seat.round_number == seen_round and not event.seating_published
        arrived = seat.participant_id in arrived_ids
        if seat.participant_id in ids and (seat.manual or (shown and arrived)):
            pins.setdefault(seat.round_number, {})[seat.participant_id] = seat.table_id
    for person in people:
        if person.pinned_table_id is not None:
            for r in range(first_open, event.round_count + 1):
                pins.setdefault(r, {})[person.id] = person.pinned_table_id
    return pins


def _seat(event: Event, round_number: int, person_id: int, field: str) -> Seat:
    seat = db.session.scalar(
        select(Seat).where(
            Seat.event_id == event.id,
            Seat.round_number == round_number,
            Seat.participant_id == person_id,
        )
    )
    if person_id < 0:
        raise InvalidInput(_("Choose someone from the list."), field)
    if seat is None:
        raise InvalidInput(_("This person has no seat in that round."), field)
    return seat


def _person(event: Event, person_id: int) -> Participant:
    person = db.session.get(Participant, person_id)
    if person is None or person.event_id != event.id or person.left_at is not None:
        raise InvalidInput(_("Choose someone from the list."), "person")
    return person


def seats_of(participant: Participant) -> dict[int, int]:
    """round number -> table number for one participant (one query: every phone asks
    for this at once after a round change)."""
    return dict(db.session.execute(_SEATS_OF, {"person": participant.id}).all())


_SEATS_OF = (
    select(Seat.round_number, CafeTable.number)
    .join(CafeTable, CafeTable.id == Seat.table_id)
    .where(Seat.participant_id == bindparam("person"))
)
"""Built once (see events._TABLE_BY_HOST): a thousand phones ask at each round change."""


@dataclass(frozen=True)
class Overview:
    """The seating plan as the organiser sees it: per round, per table, the people."""

    rounds: list[tuple[int, list[tuple[CafeTable, list[Participant]]]]]
    metrics: Metrics
    summary: list[str]


def overview(event: Event) -> Overview:
    """Every round's tables with their people, and the plan's quality in words."""
    seats = _seats_by_round(event)
    people = {p.id: p for p in present_people(event)}
    rounds = []
    for number in range(1, event.round_count + 1):
        row = seats.get(number, {})
        tables = [
            (
                t,
                sorted(
                    (people[p] for p, tid in row.items() if tid == t.id and p in people),
                    key=lambda p: (not p.is_host, p.name),
                ),
            )
            for t in event.tables
        ]
        rounds.append((number, tables))
    # The publish budget, as the plan was made with it: the exact model's verdict on the
    # bound depends on that cap (and is computed off the loop the first time).
    metrics = off_the_loop(measure, build_problem(event, PUBLISH_BUDGET), seats)
    return Overview(rounds=rounds, metrics=metrics, summary=quality_in_words(metrics))


def quality_in_words(metrics: Metrics) -> list[str]:
    """What an organiser needs to know about a plan, in plain sentences."""
    words = []
    if metrics.repeated_pairs == 0:
        words.append(_("Everyone meets new people every round."))
    else:
        words.append(
            ngettext(
                "%(num)d pair meets more than once.",
                "%(num)d pairs meet more than once.",
                metrics.repeated_pairs,
            )
        )
    if metrics.revisits:
        words.append(
            ngettext(
                "%(num)d time someone comes back to a table they sat at before.",
                "%(num)d times someone comes back to a table they sat at before.",
                metrics.revisits,
            )
        )
    if metrics.group_spread == 0:
        words.append(_("The stakeholder groups are evenly mixed at every table."))
    else:
        words.append(
            ngettext(
                "The groups are a little uneven in %(num)d place.",
                "The groups are a little uneven in %(num)d places.",
                metrics.group_spread,
            )
        )
        if metrics.group_spread_bound:
            words.append(_unavoidable_spread(metrics))
    return words


def _unavoidable_spread(metrics: Metrics) -> str:
    """Why groups stay uneven: the planner's lower bound says how much no plan can avoid.
    When nobody meets anyone twice, the bound holds among such plans only (the ones that
    matter: meeting new people comes first), so the sentence says so."""
    bound = metrics.group_spread_bound
    if metrics.excess_meetings == 0:
        if bound >= metrics.group_spread:
            return _(
                "No seating in which everyone meets new people every round does better "
                "with these hosts, group sizes and seats already set."
            )
        return ngettext(
            "%(num)d of these places cannot be avoided with these hosts and group sizes "
            "if everyone is to meet new people every round.",
            "%(num)d of these places cannot be avoided with these hosts and group sizes "
            "if everyone is to meet new people every round.",
            bound,
        )
    if bound >= metrics.group_spread:
        return _(
            "No seating does better with these hosts, table sizes and seats already set: "
            "some groups have too many hosts or too few members to reach every table."
        )
    return ngettext(
        "%(num)d of these places cannot be avoided with these hosts and table sizes.",
        "%(num)d of these places cannot be avoided with these hosts and table sizes.",
        bound,
    )


def desk_list(event: Event) -> list[tuple[Participant, dict[int, int]]]:
    """Everyone, by surname, with their table number in each round (for paper)."""
    numbers = _table_numbers(event.id)
    by_person: dict[int, dict[int, int]] = {}
    for seat in db.session.scalars(select(Seat).where(Seat.event_id == event.id)):
        by_person.setdefault(seat.participant_id, {})[seat.round_number] = numbers[seat.table_id]
    people = sorted(present_people(event), key=lambda p: surname_key(p.name))
    return [(p, by_person.get(p.id, {})) for p in people]


def _commit_seating_change(event: Event) -> None:
    change = record_change(
        event.id,
        "seating",
        {
            "from_round": clock.first_open_round(clock_of(event)),
            "published": event.seating_published,
        },
    )
    db.session.commit()
    live.publish(change)


def _table_numbers(event_id: int) -> dict[int, int]:
    event = db.session.get(Event, event_id)
    return {t.id: t.number for t in event.tables}


def present_people(event: Event) -> list[Participant]:
    """Everyone who has not left, in the order they were added."""
    return list(
        db.session.scalars(
            select(Participant)
            .where(Participant.event_id == event.id, Participant.left_at.is_(None))
            .order_by(Participant.id)
        )
    )


def seated_people(event: Event) -> list[Participant]:
    """Who the rounds still to come are planned for: everyone who has not left, and once
    check-in is closed only those who came (hosts stay at their tables), so no table keeps
    chairs for people who never arrived. An event whose check-in nobody used (no one
    marked as arrived) keeps everyone."""
    people = present_people(event)
    if not event.seating_published:
        return people
    hosts = {t.host_id for t in event.tables}
    came = [p for p in people if p.arrived_at is not None or p.is_host or p.id in hosts]
    if not any(p.arrived_at is not None for p in came):
        return people
    return came


def seat_late_arrival(event: Event, person: Participant) -> Change | None:
    """A registered person who arrives after check-in closed had no seat in the rounds
    still to come: a seat at the least-full table of each (nobody else moves). Returns
    the seating change to publish (recorded, not committed), or None."""
    if not event.seating_published:
        return None
    return walkins.seating_change(event, walkins.seat_newcomer(event, person))


def _seats_by_round(event: Event) -> dict[int, dict[int, int]]:
    seats: dict[int, dict[int, int]] = {}
    for seat in db.session.scalars(select(Seat).where(Seat.event_id == event.id)):
        seats.setdefault(seat.round_number, {})[seat.participant_id] = seat.table_id
    return seats


def _store(event: Event, plan: dict, first_open: int) -> None:
    db.session.execute(
        delete(Seat).where(Seat.event_id == event.id, Seat.round_number >= first_open)
    )
    db.session.add_all(
        Seat(event_id=event.id, round_number=r, table_id=t, participant_id=p)
        for r, row in plan.items()
        if r >= first_open
        for p, t in row.items()
    )
