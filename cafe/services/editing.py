"""Changing an event after it was made, and duplicating it.

What may change and until when: the title, place, date, language, minutes, groups and
harvest question at any time; a round's question until that round starts; the number of
tables, seats per table and rounds until the first round starts (once the seating is on
the phones, only with the organiser's explicit go-ahead, and the rounds are re-planned).
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from cafe import clock, live
from cafe.extensions import db
from cafe.models import CafeTable, Event, Note, Participant, Photo, Round, Seat
from cafe.services import seating
from cafe.services.changes import record_change
from cafe.services.events import PLAIN_SETTINGS, EventSettings, create_event, list_events
from cafe.services.importing import ImportProblems
from cafe.services.rounds import clock_of, round_payload
from cafe.tokens import new_token

TITLE_MAX = 200


def settings_of(event: Event) -> EventSettings:
    """The event's settings as the form and `create_event` know them."""
    return EventSettings(
        **{name: getattr(event, name) for name in PLAIN_SETTINGS},
        table_count=event.table_count,
        table_size=event.table_size,
        round_count=event.round_count,
        questions=[r.question for r in event.rounds],
        groups=list(event.groups or []),
    )


def form_of(event: Event) -> dict:
    """The edit form's fields, filled with the event's current settings."""
    when = event.starts_at
    return {
        "title": event.title,
        "place": event.place,
        "organised_by": event.organised_by,
        "date": when.date().isoformat() if when else "",
        "starts": when.strftime("%H:%M") if when else "",
        "language": event.language,
        "tables": event.table_count,
        "table_size": event.table_size,
        "rounds": event.round_count,
        "round_minutes": event.round_minutes,
        "questions": "\n".join(r.question for r in event.rounds),
        "groups": "\n".join(event.groups or []),
        "harvest_question": event.harvest_question,
        "host_stays": "on" if event.host_stays else "",
    }


def locked_rounds(event: Event) -> int:
    """How many rounds have started: their questions can no longer change."""
    return clock.first_open_round(clock_of(event)) - 1


def update_event(event: Event, new: EventSettings, replan_confirmed: bool = False) -> None:
    """Apply the edited settings, or ImportProblems naming each field that may not change
    now. A change of tables, seats or rounds re-plans the seating (all or nothing)."""
    reshaped = _reshaped(event, new)
    problems = _problems(event, new, reshaped, replan_confirmed)
    if problems:
        raise ImportProblems(problems)
    for name in PLAIN_SETTINGS:
        setattr(event, name, getattr(new, name))
    event.groups = list(new.groups)
    _set_rounds(event, new.questions)
    removed = _set_tables(event, new.table_count)
    event.table_size = new.table_size
    change = record_change(event.id, "round", round_payload(event))
    if reshaped and seating.present_people(event):
        seating.replan(event, seating.PUBLISH_BUDGET)  # commits, or rolls back and raises
    else:
        db.session.commit()
    live.publish(change)
    for table_id in removed:
        live.evict(live.table_room(table_id))


def _reshaped(event: Event, new: EventSettings) -> bool:
    old = (event.table_count, event.table_size, event.round_count, event.host_stays)
    return old != (new.table_count, new.table_size, new.round_count, new.host_stays)


def _problems(event: Event, new: EventSettings, reshaped: bool, confirmed: bool) -> list:
    problems: list[tuple[str, str]] = []
    started = locked_rounds(event)
    if reshaped and started:
        problems.append(
            ("tables", _("The first round has started: tables and rounds can no longer change."))
        )
    elif reshaped and event.seating_published and not confirmed:
        problems.append(
            ("confirm_replan", _("The seating is on the phones: tick the box to plan it again."))
        )
    for round_ in event.rounds[:started]:
        asked = new.questions[round_.number - 1] if round_.number <= len(new.questions) else ""
        if asked != round_.question:
            problems.append(
                (
                    "questions",
                    _("Round %(n)d has started: its question cannot change.", n=round_.number),
                )
            )
    problems += _group_problems(event, new.groups) + _table_problems(event, new.table_count)
    return problems


def _group_problems(event: Event, groups: list[str]) -> list:
    used = db.session.scalars(
        select(Participant.group).where(Participant.event_id == event.id).distinct()
    )
    missing = sorted({g for g in used if g and g not in groups})
    return [
        ("groups", _("Some people are in the group “%(group)s”: keep it.", group=name))
        for name in missing
    ]


def _table_problems(event: Event, count: int) -> list:
    gone = [t.id for t in event.tables if t.number > count]
    if not gone:
        return []
    written = sum(
        db.session.scalar(select(func.count()).where(model.table_id.in_(gone))) or 0
        for model in (Note, Photo)
    )
    if written:
        return [("tables", _("The tables to remove already hold notes or photos."))]
    return []


def _set_rounds(event: Event, questions: list[str]) -> None:
    for round_, question in zip(event.rounds, questions, strict=False):
        round_.question = question
    for number in range(len(event.rounds) + 1, len(questions) + 1):
        event.rounds.append(Round(number=number, question=questions[number - 1]))
    if len(questions) < len(event.rounds):
        db.session.execute(
            delete(Seat).where(Seat.event_id == event.id, Seat.round_number > len(questions))
        )
        del event.rounds[len(questions) :]
    event.round_count = len(questions)


def _set_tables(event: Event, count: int) -> list[int]:
    """Add or remove tables at the end; the ids of removed tables (their host links die)."""
    for number in range(len(event.tables) + 1, count + 1):
        event.tables.append(CafeTable(number=number, host_token=new_token()))
    gone = [t for t in event.tables if t.number > count]
    ids = [t.id for t in gone]
    if ids:
        hosts = [t.host_id for t in gone if t.host_id]
        db.session.execute(delete(Seat).where(Seat.table_id.in_(ids)))
        db.session.execute(
            update(Participant)
            .where(Participant.event_id == event.id, Participant.pinned_table_id.in_(ids))
            .values(pinned_table_id=None)
        )
        if hosts:
            db.session.execute(
                update(Participant).where(Participant.id.in_(hosts)).values(is_host=False)
            )
        del event.tables[count:]
    event.table_count = count
    db.session.flush()
    return ids


def duplicate_event(event: Event, owner_id: int) -> Event:
    """A new event with this one's settings and questions (no people, notes or links)."""
    settings = settings_of(event)
    with force_locale(event.language):  # the title is the event's, in its language
        settings.title = _("Copy of %(title)s", title=event.title)[:TITLE_MAX]
    return create_event(settings, owner_id=owner_id)


def same_event(owner_id: int, settings: EventSettings) -> Event | None:
    """An event this organiser runs with the same title, date and questions (an event.json
    imported before), or None."""
    for event in list_events(owner_id):
        if (event.title, event.starts_at) == (settings.title, settings.starts_at) and [
            r.question for r in event.rounds
        ] == settings.questions:
            return event
    return None
