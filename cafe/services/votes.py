"""Dot voting on the key insights: the organiser opens and closes it, each participant
spends their dots (one set per person, replaced whole on every change), and the results
overall and by stakeholder group go to the walls and the panel through the change feed."""

from __future__ import annotations

from flask import g
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import delete, select

from cafe import clock, live
from cafe.extensions import db
from cafe.models import Change, Event, Note, Participant, Vote
from cafe.services import wall_views
from cafe.services.agreement import silent_wording, standing_payload
from cafe.services.changes import record_change
from cafe.services.notes import clean_uuid
from cafe.tokens import InvalidInput
from cafe.voting import Consensus, VoteRefused, check_dots, consensus, tally

DOTS_MAX = 10


def insights(event: Event) -> list[Note]:
    """The notes people vote on: starred by a host, shown on the wall, not deleted."""
    return list(
        db.session.scalars(
            select(Note)
            .where(*wall_views.shown(event), Note.starred.is_(True))
            .order_by(Note.round_number, Note.created_seq)
        )
    )


def voting_state(event: Event, person: Participant | None = None) -> dict:
    """Whether voting is open, its rules, the insights and (for a phone) its own dots."""
    state = {
        "open": event.voting_open,
        # The panel keeps "Open the voting" disabled, with this reason, once the event is over.
        "event_closed": is_closed(event),
        "dots": event.vote_dots,
        "stack": event.vote_stack,
        "insights": [_brief(n) for n in insights(event)] if event.voting_open else [],
    }
    if person is not None:
        # Dots matter only while voting is open (the phone hides them otherwise); not
        # reading them keeps a phone's sync at round changes to its three rows.
        state["mine"] = my_dots(person) if event.voting_open else {}
    return state


def my_dots(person: Participant) -> dict[str, int]:
    """{note uuid: dots} of one participant."""
    return dots_of(person.id)


def dots_of(participant_id: int) -> dict[str, int]:
    """{note uuid: dots} of the participant with this id."""
    rows = db.session.execute(
        select(Note.uuid, Vote.dots)
        .join(Note, Note.id == Vote.note_id)
        .where(Vote.participant_id == participant_id)
    )
    return {uuid: dots for uuid, dots in rows}


def set_voting(event: Event, action: object, dots: object = None, stack: object = None) -> dict:
    """Open voting (with `dots` per person, stacking allowed or not) or close it; push."""
    if action == "open":
        if is_closed(event):
            raise InvalidInput(_("The event is closed: voting cannot open again."), "action")
        if isinstance(dots, bool) or not isinstance(dots, int) or not 1 <= dots <= DOTS_MAX:
            raise InvalidInput(_("Between 1 and %(n)d dots.", n=DOTS_MAX), "dots")
        if not isinstance(stack, bool):
            raise InvalidInput(_("The phone sent something we could not read."), "stack")
        if not insights(event):
            raise InvalidInput(_("There are no key insights to vote on yet."), "action")
        event.voting_open, event.vote_dots, event.vote_stack = True, dots, stack
    elif action == "close":
        event.voting_open = False
    else:
        raise InvalidInput(_("Unknown control."), "action")
    changes = record_voting(event)
    db.session.commit()
    for change in changes:
        live.publish(change)
    return voting_state(event)


def record_voting(event: Event) -> list[Change]:
    """The voting state and its results as changes in the feed (not yet committed)."""
    return [
        record_change(event.id, "voting", voting_state(event)),
        record_change(event.id, "votes", results(event)),
    ]


def close_with_event(event: Event) -> list[Change]:
    """Closing the event closes voting too, so no dot changes the results once the report
    is out; returns the changes to publish after the commit (none if voting was closed)."""
    if not event.voting_open:
        return []
    event.voting_open = False
    return record_voting(event)


def is_closed(event: Event) -> bool:
    """True once the organiser has closed the event (its clock's last phase)."""
    if not event.clock:
        return False
    current = clock.from_record(event.clock, event.round_count, event.round_minutes)
    return current.phase == clock.CLOSED


def cast(person: Participant, dots: object) -> dict:
    """Replace a participant's dots with `dots` ({note uuid: n}); refused unless voting is
    open and the set keeps the rules. Sending the same set again changes nothing."""
    event = db.session.get(Event, person.event_id)
    if not event.voting_open or is_closed(event):
        raise InvalidInput(_("Voting is closed."), "dots")
    if not isinstance(dots, dict) or len(dots) > 200:
        raise InvalidInput(_("The phone sent something we could not read."), "dots")
    by_uuid = {n.uuid: n.id for n in insights(event)}
    wanted = {}
    for key, count in dots.items():
        note_id = by_uuid.get(clean_uuid(key))
        if note_id is None:
            raise InvalidInput(_("You can only vote on this event's key insights."), "dots")
        wanted[note_id] = count
    try:
        check_dots(wanted, set(by_uuid.values()), event.vote_dots, event.vote_stack)
    except VoteRefused as refused:
        raise InvalidInput(_refusal(refused.reason, event), "dots") from None
    _store(person, wanted)
    change = record_change(event.id, "votes", results(event))
    db.session.commit()
    live.publish(change)
    return voting_state(event, person)


def _store(person: Participant, wanted: dict[int, int]) -> None:
    db.session.execute(delete(Vote).where(Vote.participant_id == person.id))
    for note_id, count in wanted.items():
        if count:
            db.session.add(
                Vote(
                    event_id=person.event_id, participant_id=person.id, note_id=note_id, dots=count
                )
            )
    db.session.flush()


def _refusal(reason: str, event: Event) -> str:
    return {
        "number": _("The phone sent something we could not read."),
        "note": _("You can only vote on this event's key insights."),
        "stack": _("One dot per insight: the organiser did not allow more."),
        "total": ngettext(
            "You have %(num)d dot in all.", "You have %(num)d dots in all.", event.vote_dots
        ),
    }[reason]


def event_tally(event: Event):
    """The tally of the event's votes on notes still shown (pure Tally)."""
    return tally(((n, g, d) for _p, g, n, d in _dot_rows(event)), event.groups)


def event_consensus(event: Event, notes: list[Note] | None = None) -> Consensus:
    """Where the groups agree on the insights still shown (pure Consensus)."""
    ids = [n.id for n in (insights(event) if notes is None else notes)]
    return consensus(_dot_rows(event), ids, event.groups)


def _dot_rows(event: Event) -> list[tuple[int, str, int, int]]:
    """(voter, group, note, dots) of every dot on a note still shown ('' = did not say)."""
    rows = db.session.execute(
        select(Vote.participant_id, Participant.group, Vote.note_id, Vote.dots)
        .join(Participant, Participant.id == Vote.participant_id)
        .join(Note, Note.id == Vote.note_id)
        .where(Vote.event_id == event.id, *wall_views.shown(event))
    )
    return [(p, g or "", n, d) for p, g, n, d in rows]


def results(event: Event) -> dict:
    """The results for walls and panels: each insight with its dots overall and by group,
    most voted first, where the groups agree or divide on it (said plainly, in the event's
    language: every wall shows the same push, whoever voted), and each group's voters."""
    g.results_language = event.language  # force_locale does nothing while g is empty
    with force_locale(event.language):
        return _results(event)


def _results(event: Event) -> dict:
    counted = event_tally(event)
    notes = insights(event)
    agreed = event_consensus(event, notes)
    ranked = sorted(notes, key=lambda n: (-counted.overall.get(n.id, 0), n.created_seq))
    groups = list(counted.by_group)
    uuids = {n.id: n.uuid for n in notes}
    return {
        "open": event.voting_open,
        "groups": [{"key": k, "label": k or _("did not say")} for k in groups],
        "voters": agreed.voters,
        "silent": list(agreed.silent),
        "silent_text": silent_wording(agreed),
        "insights": [
            {
                **_brief(n),
                "total": counted.overall.get(n.id, 0),
                "by_group": {k: counted.by_group[k].get(n.id, 0) for k in groups},
                **standing_payload(agreed.standings[n.id]),
            }
            for n in ranked
        ],
        "agreed": [uuids[s.note_id] for s in agreed.agreed()],
        "divided": [uuids[s.note_id] for s in agreed.divided()],
    }


def _brief(note: Note) -> dict:
    return {
        "uuid": note.uuid,
        "text": note.text,
        "table": note.table.number,
        "round": note.round_number,
    }
