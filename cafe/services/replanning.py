"""What a re-plan would change, shown to the organiser before it is published (reads only)."""

from __future__ import annotations

from sqlalchemy import select

from cafe import clock
from cafe.extensions import db
from cafe.models import Event, Participant
from cafe.services import seating
from cafe.services.rounds import clock_of


def preview_replan(event: Event) -> dict:
    """Plan the rounds not started as publishing would, without storing anything: who
    would move from which table to which, per round."""
    first_open = clock.first_open_round(clock_of(event))
    published = event.seating_published
    with db.session.no_autoflush:
        event.seating_published = True  # publishing plans as if the plan were public
        problem = seating.build_problem(event, seating.PUBLISH_BUDGET)
        event.seating_published = published
    plan = seating._plan_off_the_loop(problem)
    before = seating._seats_by_round(event)
    names = _names(event)
    numbers = {t.id: t.number for t in event.tables}
    moves = [
        {
            "round": r,
            "name": names.get(person, "?"),
            "from": numbers.get(before.get(r, {}).get(person)),
            "to": numbers[table],
        }
        for r in range(first_open, event.round_count + 1)
        for person, table in plan.seats.get(r, {}).items()
        if before.get(r, {}).get(person) != table
    ]
    moves.sort(key=lambda m: (m["round"], m["name"].casefold()))
    return {"from_round": first_open, "moves": moves, "open": first_open <= event.round_count}


def _names(event: Event) -> dict[int, str]:
    return dict(
        db.session.execute(
            select(Participant.id, Participant.name).where(Participant.event_id == event.id)
        ).all()
    )
