"""The harvest question's answers: a participant writes (or edits) theirs, the organiser
hides or approves them and reads them all."""

from __future__ import annotations

from cafe.extensions import db
from cafe.models import Participant
from cafe.services import answers
from cafe.sockets.access import as_dict, as_organiser, current, invalid, refused
from cafe.tokens import InvalidInput
from cafe.wire import handler, unreadable


@handler("answer")
def on_answer(data=None):
    """A participant's answer `{uuid, text}`; a resend of the same text is harmless."""
    who = current()
    if who is None or who["role"] != "participant":
        return refused() if who is None else unreadable()
    if not isinstance(data, dict):
        return unreadable()
    person = db.session.get(Participant, who["participant_id"])
    try:
        row = answers.answer(person, data.get("uuid"), data.get("text"))
    except InvalidInput as exc:
        return invalid(exc)
    return {
        "ok": True,
        "uuid": row.uuid,
        "seq": row.updated_seq,
        "answer": answers.staff_payload(row),
    }


@handler("answer:hide")
def on_answer_hide(data=None):
    """The organiser hides an answer from the wall, shows it, or approves one waiting."""
    d = as_dict(data)
    return as_organiser(
        lambda event: {
            "answer": answers.staff_payload(
                answers.hide_answer(event, d.get("uuid"), d.get("hidden"))
            )
        }
    )


@handler("answers")
def on_answers(_data=None):
    """Every answer with its text, hidden and pending ones too (organiser)."""
    return as_organiser(
        lambda event: {"answers": [answers.staff_payload(a) for a in answers.all_answers(event)]}
    )
