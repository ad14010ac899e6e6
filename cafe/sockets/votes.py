"""Dot voting: the organiser opens and closes it, a participant spends their dots."""

from __future__ import annotations

from cafe.extensions import db
from cafe.models import Event, Participant
from cafe.services import votes
from cafe.sockets.access import as_dict, as_organiser, current, invalid, refused
from cafe.tokens import InvalidInput
from cafe.wire import handler, unreadable


@handler("voting")
def on_voting(data=None):
    """The organiser opens dot voting (dots per person, stacking) or closes it."""
    data = as_dict(data)
    return as_organiser(
        lambda event: {
            "voting": votes.set_voting(
                event, data.get("action"), data.get("dots"), data.get("stack")
            )
        }
    )


@handler("vote")
def on_vote(data=None):
    """A participant's whole set of dots ({note uuid: dots}); the same set again is harmless."""
    who = current()
    if who is None or who["role"] != "participant":
        return refused() if who is None else unreadable()
    if not isinstance(data, dict):
        return unreadable()
    person = db.session.get(Participant, who["participant_id"])
    try:
        return {"ok": True, "voting": votes.cast(person, data.get("dots"))}
    except InvalidInput as exc:
        # The refusal carries the state now (closed, or the set the server keeps), so the
        # phone shows it at once instead of the dots it hoped to give.
        return {
            **invalid(exc),
            "voting": votes.voting_state(db.session.get(Event, person.event_id), person),
        }
