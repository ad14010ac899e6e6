"""Seats follow who came: closing check-in re-plans the rounds to come without the people
on the list who never arrived (issue 22), on the reference scenario with 53 of 71 here.

Bad inputs: 18 no-shows (none of them hosts), a no-show who turns up after check-in
closed, check-in closed while round 1 is already running (its seats must not move), and
an event whose check-in nobody used (nobody is dropped)."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from cafe.extensions import db
from cafe.models import Participant, Seat
from cafe.services import participants as participant_service
from cafe.services import rounds as round_service
from cafe.services import seating as seating_service
from cafe.services.demo import load_reference_scenario
from cafe.services.organisers import create_organiser

WALK_INS = 7
NO_SHOWS = 18


@pytest.fixture
def scenario(ctx):
    """The reference scenario (64 on the list, 12 of them hosts) with 7 walk-ins: 71 people,
    of whom every host, the walk-ins and 34 others came (53), and 18 never did."""
    create_organiser("anna", "correct horse")
    event = load_reference_scenario()
    db.session.commit()
    for i in range(WALK_INS):
        participant_service.join(event, f"Ospite {i}", None)
    hosts = {t.host_id for t in event.tables}
    listed = [p for p in _people(event) if not p.walked_in and p.id not in hosts]
    no_shows = listed[:NO_SHOWS]
    for person in listed[NO_SHOWS:]:
        participant_service.confirm(event, person.id)
    return event, {p.id for p in no_shows}


def _people(event):
    return list(
        db.session.scalars(
            select(Participant).where(Participant.event_id == event.id).order_by(Participant.id)
        )
    )


def _tables_per_round(event):
    """round -> sorted list of the number of people seated at each table."""
    counts: dict[int, Counter] = {}
    for seat in db.session.scalars(select(Seat).where(Seat.event_id == event.id)):
        counts.setdefault(seat.round_number, Counter())[seat.table_id] += 1
    return {r: sorted(c.values()) for r, c in sorted(counts.items())}


def _seats(event):
    return {
        (s.participant_id, s.round_number): s.table_id
        for s in db.session.scalars(select(Seat).where(Seat.event_id == event.id))
    }


def test_closing_check_in_seats_only_who_came(scenario, capsys):
    event, no_shows = scenario
    assert len(_people(event)) == 71
    before = _tables_per_round(event)
    seating_service.publish(event)
    after = _tables_per_round(event)
    with capsys.disabled():
        print(f"\nbefore closing check-in (71 listed): {before}")
        print(f"after (53 came, 18 no-shows):         {after}")
    for r in (1, 2, 3):
        assert sum(before[r]) == 71 and max(before[r]) == 6
        assert sum(after[r]) == 53 and len(after[r]) == 12
        assert max(after[r]) - min(after[r]) <= 1, "a table with empty chairs beside a full one"
    seats = _seats(event)
    assert not {p for (p, _r) in seats} & no_shows
    for table in event.tables:
        assert all(seats[(table.host_id, r)] == table.id for r in (1, 2, 3))
    plan = seating_service.overview(event)
    assert plan.metrics.excess_meetings == 0 and plan.metrics.host_moves == 0


def test_a_no_show_who_turns_up_late_gets_a_seat_and_nobody_moves(scenario):
    event, no_shows = scenario
    seating_service.publish(event)
    before = _seats(event)
    late = min(no_shows)
    participant_service.confirm(event, late)
    after = _seats(event)
    mine = {r: t for (p, r), t in after.items() if p == late}
    assert sorted(mine) == [1, 2, 3]
    assert {k: v for k, v in after.items() if k[0] != late} == before
    for r, sizes in _tables_per_round(event).items():
        assert sum(sizes) == 54 and max(sizes) - min(sizes) <= 1, r


def test_a_running_round_keeps_its_seats_and_the_next_ones_drop_the_no_shows(scenario):
    event, no_shows = scenario
    round_service.start_round(event)
    db.session.commit()
    first = {k: v for k, v in _seats(event).items() if k[1] == 1}
    seating_service.publish(event)
    seats = _seats(event)
    assert {k: v for k, v in seats.items() if k[1] == 1} == first
    assert not {p for (p, r) in seats if r > 1} & no_shows
    sizes = _tables_per_round(event)
    assert sum(sizes[1]) == 71 and sum(sizes[2]) == sum(sizes[3]) == 53


def test_an_event_whose_check_in_nobody_used_keeps_everyone(ctx):
    create_organiser("anna", "correct horse")
    event = load_reference_scenario()
    db.session.commit()
    seating_service.publish(event)
    assert [sum(s) for s in _tables_per_round(event).values()] == [64, 64, 64]
