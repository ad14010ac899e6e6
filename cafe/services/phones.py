"""A participant's `sync` in one statement and no ORM objects: what a thousand phones ask at
once when a round ends and every phone wakes up. The phones that ask together share that
statement (cafe/read_together.py).

The link, its event's head of the change feed and the person's seats (with their tables'
numbers) come in one row per seat. What is the same for every phone of the event (the
clock, the questions, whether the plan is published, the voting rules and insights) is
kept per event and process, keyed by the event's `last_seq`: every change that alters
it (a clock step, an edited question, publishing, voting, a starred note) records a
change in the same transaction, so a phone that reads a newer seq reads it afresh.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, select

from cafe import clock
from cafe.clock import Clock
from cafe.extensions import db
from cafe.models import CafeTable, Event, Participant, Seat, links_expired
from cafe.read_together import ReadTogether
from cafe.services import answers, attendance, votes
from cafe.services.rounds import clock_of, clock_payload

EVENTS_KEPT = 64
"""Events whose shared part is kept per process (the least recently read go first)."""


@dataclass(frozen=True)
class EventView:
    """What every phone of one event is told, as of change `seq`."""

    seq: int
    clock: Clock
    questions: dict[int, str]
    published: bool
    voting: dict[str, Any]


_views: OrderedDict[tuple[int, datetime], EventView] = OrderedDict()


def sync_reply(token: str) -> dict | None:
    """The reply to a participant's `sync` (None when the link no longer opens anything)."""
    rows = _reads().read(token)
    if not rows:
        return None
    person, event_id, is_host, seq, closed_at, link_days, made = rows[0][:7]
    if links_expired(closed_at, link_days):
        return None
    view = _view(event_id, made, seq)
    voting = dict(view.voting)
    voting["mine"] = votes.dots_of(person) if voting["open"] else {}
    return {
        "ok": True,
        "round": clock_payload(view.clock, lambda n: view.questions.get(n, "")),
        "last_seq": seq,
        "seats": {row[7]: row[8] for row in rows if row[7] is not None},
        "published": view.published,
        "left": False,  # a link of someone who left opens nothing (see _PHONES)
        "host_url": attendance.host_link(event_id, person) if is_host else None,
        "voting": voting,
        "answer": _answer(event_id, person, view.clock.phase),
    }


def _reads() -> ReadTogether:
    """This app's batcher of phone reads (tests run many apps, each on its own database)."""
    reads = current_app.extensions.get("cafe_phone_reads")
    if reads is None:
        reads = current_app.extensions["cafe_phone_reads"] = ReadTogether(_read_phones, ())
    return reads


def _read_phones(tokens: list[str]) -> dict[str, list]:
    """The rows of every link in `tokens`, one statement for all (read_together.py)."""
    # A connection of its own, not the ORM session: its per-statement machinery (and its
    # teardown) cost as much again as the query.
    with db.engine.connect() as connection:
        rows = connection.execute(_PHONES, {"tokens": tokens}).all()
    found: dict[str, list] = {}
    for row in rows:
        found.setdefault(row[0], []).append(row[1:])
    return found


def _answer(event_id: int, person: int, phase: str) -> dict:
    """The harvest answer form's state: read only once the rounds are over (a thousand
    phones sync at each round change before that)."""
    if phase not in (clock.HARVEST, clock.CLOSED):
        return {"open": False, "question": "", "mine": None}
    event = db.session.get(Event, event_id)
    return answers.answer_state(event, db.session.get(Participant, person))


def _view(event_id: int, made: datetime, seq: int) -> EventView:
    """The event's shared part as of `seq`, read again when the event has moved on (an
    event is known by its id and when it was made: tests make many databases)."""
    key = (event_id, made)
    view = _views.get(key)
    if view is not None and view.seq >= seq:
        _views.move_to_end(key)
        return view
    event = db.session.get(Event, event_id)
    view = EventView(
        seq=event.last_seq,
        clock=clock_of(event),
        questions={r.number: r.question for r in event.rounds},
        published=event.seating_published,
        voting=votes.voting_state(event),
    )
    _views[key] = view
    _views.move_to_end(key)
    while len(_views) > EVENTS_KEPT:
        _views.popitem(last=False)
    return view


# Built once (see events._TABLE_BY_HOST): a thousand phones ask at each round change.
_PHONES = (
    select(
        Participant.token,
        Participant.id,
        Participant.event_id,
        Participant.is_host,
        Event.last_seq,
        Event.closed_at,
        Event.link_days,
        Event.created_at,
        Seat.round_number,
        CafeTable.number,
    )
    .join(Event, Event.id == Participant.event_id)
    .outerjoin(Seat, Seat.participant_id == Participant.id)
    .outerjoin(CafeTable, CafeTable.id == Seat.table_id)
    .where(
        Participant.token.in_(bindparam("tokens", expanding=True)),
        Participant.left_at.is_(None),
    )
)
