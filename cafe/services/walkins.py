"""Seating a walk-in at the door at once (cafe.seating.walkin), in one read and one
insert, instead of re-planning every round for everybody on each join."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select

from cafe import clock
from cafe.extensions import db
from cafe.models import CafeTable, Change, Event, Participant, Seat
from cafe.seating.walkin import RoundLoad, choose_tables
from cafe.services.changes import record_change
from cafe.services.rounds import clock_of


def seat_newcomer(
    event: Event, person: Participant, rounds: list[int] | None = None, manual: bool = False
) -> dict[int, int]:
    """Give `person` a seat in every round still open (or in `rounds`), at the least-full
    table, in the caller's transaction; nobody else moves. Returns round -> table id."""
    if rounds is None:
        first_open = clock.first_open_round(clock_of(event))
        rounds = list(range(first_open, event.round_count + 1))
    if not rounds:
        return {}
    db.session.flush()  # the reads below go around the session: let them see its changes
    loads = _loads(event, rounds)
    connection = db.session.connection()
    taken = dict(connection.execute(_TAKEN, {"person": person.id}).all())
    # Ids only: loading 170 table rows per join cost more than the choice.
    tables = list(connection.scalars(_TABLES, {"event_id": event.id}))
    chosen = choose_tables(tables, loads, person.group, taken)
    db.session.add_all(
        Seat(
            event_id=event.id,
            round_number=number,
            table_id=table,
            participant_id=person.id,
            manual=manual,
        )
        for number, table in chosen.items()
    )
    db.session.flush()
    return chosen


def seating_change(event: Event, seated: dict[int, int]) -> Change | None:
    """Record (not yet committed) that a newcomer sits at a table in the round phones show,
    for that table's host (who is expected) and the organiser; None if not shown yet."""
    table = seated.get(clock.seated_round(clock_of(event)))
    if table is None:
        return None
    payload = {"from_round": min(seated), "published": event.seating_published}
    return record_change(event.id, "seating", payload, table_id=table)


def _loads(event: Event, rounds: list[int]) -> dict[int, RoundLoad]:
    """People per table and per (table, group) in each round, in one grouped query."""
    # Core rows: a row per (round, table, group), thousands at city scale, each of which
    # the ORM's result handling made cost more than SQLite's grouping.
    rows = db.session.connection().execute(_LOADS, {"event_id": event.id, "rounds": rounds})
    people: dict[int, dict[int, int]] = {r: {} for r in rounds}
    groups: dict[int, dict[tuple[int, str | None], int]] = {r: {} for r in rounds}
    for number, table, group, count in rows:
        people[number][table] = people[number].get(table, 0) + count
        groups[number][(table, group)] = count
    return {r: RoundLoad(people[r], groups[r]) for r in rounds}


# Built once: every join at the door asks these (a statement object memoises its cache
# key; building one per join cost as much as running it).
_TAKEN = select(Seat.round_number, Seat.table_id).where(Seat.participant_id == bindparam("person"))
_TABLES = (
    select(CafeTable.id)
    .where(CafeTable.event_id == bindparam("event_id"))
    .order_by(CafeTable.number)
)
_LOADS = (
    select(Seat.round_number, Seat.table_id, Participant.group, func.count(Seat.id))
    .join(Participant, Participant.id == Seat.participant_id)
    .where(
        Seat.event_id == bindparam("event_id"),
        Seat.round_number.in_(bindparam("rounds", expanding=True)),
        Participant.left_at.is_(None),
    )
    .group_by(Seat.round_number, Seat.table_id, Participant.group)
)
