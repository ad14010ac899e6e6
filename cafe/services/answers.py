"""Answers to the event's harvest question: one short text per participant, written on the
phone at harvest time and editable until the event closes, moderated like notes (hidden,
or waiting for approval), shown on the wall without names.

A change of kind `answer` carries the answer as walls may show it: a hidden or pending
answer is its uuid and state only, never its text (the feed is replayed to walls).
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from cafe import clock, live
from cafe.extensions import db
from cafe.models import ANSWER_MAX, Answer, Event, Participant, utcnow
from cafe.services.changes import record_change
from cafe.services.notes import clean_uuid
from cafe.services.rounds import clock_of
from cafe.tokens import InvalidInput, clean_text


def may_answer(event: Event) -> bool:
    """Phones take answers at harvest time, while the event has a harvest question."""
    return bool(event.harvest_question) and clock_of(event).phase == clock.HARVEST


def answer(person: Participant, uuid: object, text: object) -> Answer:
    """Store a participant's answer, or their edit of it; the same text again (a resend)
    changes nothing. Refused outside harvest time and after the event closed."""
    event = db.session.get(Event, person.event_id)
    if not may_answer(event):
        raise InvalidInput(_("Answers are taken at harvest time, until the event closes."), "text")
    key = clean_uuid(uuid)
    text = clean_text(
        text,
        limit=ANSWER_MAX,
        field="text",
        empty_message=_("Write your answer first."),
        long_message=_("At most %(limit)d characters.", limit=ANSWER_MAX),
    )
    row = mine(person)
    if row is not None and row.text == text:
        return row
    if row is None:
        row = _first(event, person, key, text)
    else:
        row.text, row.edited_at = text, utcnow()
    _publish(row)
    return row


def _first(event: Event, person: Participant, key: str, text: str) -> Answer:
    if db.session.scalar(select(Answer.id).where(Answer.uuid == key)) is not None:
        raise InvalidInput(_("This answer has no valid id; reload the page."), "uuid")
    row = Answer(
        uuid=key,
        event_id=event.id,
        participant_id=person.id,
        text=text,
        created_seq=0,  # the seq of its change, set by _publish
        updated_seq=0,
        pending=event.approve_first,
    )
    db.session.add(row)
    return row


def answer_state(event: Event, person: Participant) -> dict:
    """What a phone needs for the answer form: whether answers are taken now, the question,
    and the person's own answer (with its text, whatever its state)."""
    phase = clock_of(event).phase
    # Read only once the rounds are over: every phone syncs at each round change.
    late = event.harvest_question and phase in (clock.HARVEST, clock.CLOSED)
    own = mine(person) if late else None
    return {
        "open": bool(event.harvest_question) and phase == clock.HARVEST,
        "question": event.harvest_question,
        "mine": staff_payload(own) if own else None,
    }


def mine(person: Participant) -> Answer | None:
    """A participant's answer, if they wrote one."""
    return db.session.scalar(
        select(Answer).where(Answer.event_id == person.event_id, Answer.participant_id == person.id)
    )


def hide_answer(event: Event, uuid: object, hidden: object) -> Answer:
    """The organiser hides an answer from the wall or shows it (also: approves one waiting)."""
    row = db.session.scalar(select(Answer).where(Answer.uuid == clean_uuid(uuid)))
    if row is None or row.event_id != event.id:
        raise InvalidInput(_("This answer is not part of this event."), "uuid")
    if not isinstance(hidden, bool):
        raise InvalidInput(_("The phone sent something we could not read."), "hidden")
    if row.hidden != hidden or row.pending:
        row.hidden, row.pending = hidden, False
        _publish(row)
    return row


def _publish(row: Answer) -> None:
    """Give the answer its change's seq (a new one also its created_seq), record the change
    as walls may see it, commit, push."""
    change = record_change(row.event_id, "answer", {})
    row.updated_seq = change.seq
    row.created_seq = row.created_seq or change.seq
    change.payload = public_payload(row)
    db.session.commit()
    live.publish(change)


def public_payload(row: Answer) -> dict:
    """An answer as walls may see it: no name, and no text unless the wall shows it."""
    shown = not row.hidden and not row.pending
    return {
        "uuid": row.uuid,
        "seq": row.updated_seq,
        "created_seq": row.created_seq,
        "text": row.text if shown else "",
        "hidden": row.hidden,
        "pending": row.pending,
    }


def staff_payload(row: Answer) -> dict:
    """An answer as the organiser sees it (text even when hidden or pending)."""
    return {**public_payload(row), "text": row.text, "edited": row.edited_at is not None}


def scrubbed(event: Event, messages: list[dict]) -> list[dict]:
    """Replayed changes as a wall may see them now: an answer hidden (or held) since its
    change was recorded loses its text."""
    wanted = [m["data"]["uuid"] for m in messages if m["kind"] == "answer"]
    if not wanted:
        return messages
    rows = db.session.execute(
        select(Answer.uuid).where(
            Answer.event_id == event.id,
            Answer.uuid.in_(wanted),
            (Answer.hidden.is_(True)) | (Answer.pending.is_(True)),
        )
    )
    kept_off = set(rows.scalars())
    return [
        {**m, "data": {**m["data"], "text": ""}}
        if m["kind"] == "answer" and m["data"]["uuid"] in kept_off
        else m
        for m in messages
    ]


def shown_answers(event: Event) -> list[Answer]:
    """The answers the wall may show, oldest first."""
    return list(
        db.session.scalars(
            select(Answer)
            .where(Answer.event_id == event.id, Answer.hidden.is_(False), Answer.pending.is_(False))
            .order_by(Answer.created_seq)
        )
    )


def all_answers(event: Event) -> list[Answer]:
    """Every answer of the event, hidden and pending ones too, oldest first."""
    return list(
        db.session.scalars(
            select(Answer).where(Answer.event_id == event.id).order_by(Answer.created_seq)
        )
    )
