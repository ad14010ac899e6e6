"""Check-in: pre-registering people from a list, and joining at the door."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import contains_eager

from cafe import live
from cafe.extensions import db
from cafe.models import NAME_MAX, Change, Event, Note, Participant, utcnow
from cafe.services import seating, walkins
from cafe.services.changes import record_change
from cafe.services.importing import ImportProblems, ParticipantRow
from cafe.services.namesakes import found_by_surname, matches_search, search_key
from cafe.tokens import InvalidInput, clean_text, new_token, parse_int


def clean_name(name: object) -> str:
    """A participant's name as typed, trimmed, or InvalidInput saying what is wrong."""
    return clean_text(
        name,
        limit=NAME_MAX,
        field="name",
        empty_message=_("Please type your name."),
        long_message=_("A name can be at most %(limit)d characters.", limit=NAME_MAX),
    )


def clean_group(event: Event, group: object) -> str | None:
    """One of the event's stakeholder groups, None for 'rather not say', or InvalidInput."""
    if not group:
        return None
    if group not in event.groups:
        raise InvalidInput(_("Choose one of the groups in the list."), "group")
    return str(group)


def import_participants(event: Event, rows: list[ParticipantRow]) -> list[Participant]:
    """Pre-register people from a checked CSV, give hosts their tables, re-plan seating.

    All or nothing: when the hosts or seats do not fit, nothing is written.
    """
    free_tables = [t for t in event.tables if t.host_id is None]
    hosts = [r for r in rows if r.host]
    if event.host_stays and len(hosts) > len(free_tables):
        raise ImportProblems(
            [
                (
                    hosts[len(free_tables)].line,
                    _("More hosts than tables without a host (%(n)d).", n=len(free_tables)),
                )
            ]
        )
    people = [
        Participant(
            event_id=event.id,
            name=r.name,
            group=r.group,
            token=new_token(),
            is_host=r.host and event.host_stays,
        )
        for r in rows
    ]
    db.session.add_all(people)
    db.session.flush()
    for table, person in zip(free_tables, (p for p in people if p.is_host), strict=False):
        table.host_id = person.id
    seating.replan(event)
    return people


def join(
    event: Event, name: object, group: object, at_desk: bool = False, desk_key: str | None = None
) -> Participant:
    """Check in someone who typed their name at the door; they get seats at once, unless
    the event already holds as many people as its cap (the desk may go past it, under its
    walk-in's `desk_key`)."""
    name, group = clean_name(name), clean_group(event, group)
    if not at_desk and present_count(event) >= event.people_cap():
        raise InvalidInput(
            _(
                "The café is full: no more seats for people who were not registered. "
                "Please ask at the desk."
            ),
            "name",
        )
    person = Participant(
        event_id=event.id,
        name=name,
        group=group,
        token=new_token(),
        arrived_at=utcnow(),
        claimed_at=None if at_desk else utcnow(),
        walked_in=True,
        desk_key=desk_key,
    )
    db.session.add(person)
    db.session.flush()
    # Seated at once, nobody else moves: a re-plan per join grew with every person.
    seated = walkins.seat_newcomer(event, person)
    tell_counts(event, walkins.seating_change(event, seated))
    return person


def confirm(event: Event, participant_id: object, phone_token: str | None = None) -> Participant:
    """A phone claims a name on the list ("this is me"): once per name, whether or not the
    desk ticked it already. A name a phone has claimed is not handed over again (only that
    phone, holding `phone_token`, gets it back); the desk can re-issue the link."""
    person = _listed(event, participant_id, "who")
    if phone_token is not None and phone_token == person.token:
        return person
    now = utcnow()
    claimed = db.session.execute(
        update(Participant)
        .where(Participant.id == person.id, Participant.claimed_at.is_(None))
        .values(claimed_at=now, arrived_at=func.coalesce(Participant.arrived_at, now))
    ).rowcount
    if not claimed:
        db.session.rollback()
        raise InvalidInput(
            _("This name has already checked in on another phone. Please ask at the desk."),
            "who",
        )
    person = db.session.get(Participant, person.id)
    # After check-in closed the rounds to come were planned without them.
    tell_counts(event, seating.seat_late_arrival(event, person))
    return person


def check_in(event: Event, participant_id: object, again: bool = False) -> Participant:
    """The desk ticks someone on the list as arrived. Their name stays unclaimed, so they
    can still take it once on their own phone (or never, with a printed card). A tick sent
    `again` (its answer was lost, or the server was busy) finds them here and is done."""
    person = _listed(event, participant_id, "participant")
    ticked = db.session.execute(
        update(Participant)
        .where(Participant.id == person.id, Participant.arrived_at.is_(None))
        .values(arrived_at=utcnow())
    ).rowcount
    if not ticked:
        db.session.rollback()
        if again:
            return person
        raise InvalidInput(_("%(name)s is already checked in.", name=person.name), "participant")
    person = db.session.get(Participant, person.id)
    # After check-in closed the rounds to come were planned without them.
    tell_counts(event, seating.seat_late_arrival(event, person))
    return person


def _listed(event: Event, participant_id: object, field: str) -> Participant:
    person = db.session.get(Participant, parse_int(participant_id))
    if person is None or person.event_id != event.id or person.left_at is not None:
        if field == "participant":
            raise InvalidInput(_("Choose someone from the list."), field)
        raise InvalidInput(_("We could not find that name; please type it instead."), field)
    return person


def reissue_link(person: Participant) -> Participant:
    """A new personal link for someone (a lost phone, a name taken by mistake): the old one
    stops working at once, and the name can be confirmed again at the door."""
    old_room = live.participant_room(person.id)
    person.token, person.arrived_at, person.claimed_at = new_token(), None, None
    db.session.commit()
    live.evict(old_room)
    return person


SEARCH_MIN = 3
SEARCH_LIMIT = 5


def unclaimed(event: Event, query: str) -> list[Participant]:
    """Pre-registered people not yet arrived whom `query` names by their surname, written
    whole (case, accents and apostrophes aside; see namesakes.found_by_surname), at most
    SEARCH_LIMIT: the door shows no more than it must."""
    if len(search_key(query).replace(" ", "")) < SEARCH_MIN:
        return []
    names = db.session.execute(
        select(Participant.name, Participant.id).where(
            Participant.event_id == event.id,
            Participant.arrived_at.is_(None),
            Participant.left_at.is_(None),
        )
    )
    hits = sorted((name, pid) for name, pid in names if found_by_surname(name, query))
    return [db.session.get(Participant, pid) for _, pid in hits[:SEARCH_LIMIT]]


def tell_counts(event: Event, also: Change | None = None) -> None:
    """Commit, then show the new check-in count on the walls and organisers' panels (and
    publish `also`, a change recorded in the same transaction)."""
    change = record_change(event.id, "people", counts(event))
    db.session.commit()
    for done in (also, change):
        if done is not None:
            live.publish(done)


def registered(event: Event, query: str = "") -> list[Participant]:
    """People on the list (not gone home) whose name holds every word of `query`, by name."""
    stmt = select(Participant).where(
        Participant.event_id == event.id, Participant.left_at.is_(None)
    )
    people = db.session.scalars(stmt.order_by(Participant.name))
    return [p for p in people if matches_search(p.name, query)]


def counts(event: Event) -> dict:
    """What the organiser's page keeps live: notes so far and people checked in."""
    notes = db.session.scalar(_NOTES, {"event_id": event.id})
    return {"notes": notes, "checked_in": present_count(event)}


def expects_registered(event: Event) -> bool:
    """True while some pre-registered people have not checked in yet."""
    return db.session.scalar(_EXPECTED, {"event_id": event.id}) is not None


def present_count(event: Event) -> int:
    """Everyone checked in who has not gone home: the walk-in cap counts these, not the
    people on the list who never came."""
    return db.session.scalar(_PRESENT, {"event_id": event.id})


# Built once: the door asks these on every join (building a statement cost as much as
# running it; a statement object memoises its cache key).
_PRESENT = select(func.count(Participant.id)).where(
    Participant.event_id == bindparam("event_id"),
    Participant.arrived_at.is_not(None),
    Participant.left_at.is_(None),
)
_NOTES = select(func.count(Note.id)).where(
    Note.event_id == bindparam("event_id"), Note.deleted_at.is_(None)
)
_EXPECTED = (
    select(Participant.id)
    .where(
        Participant.event_id == bindparam("event_id"),
        Participant.arrived_at.is_(None),
        Participant.left_at.is_(None),
    )
    .limit(1)
)


def door_size(join_token: str) -> int:
    """How many people the event behind a join link may hold (its cap, or its list when
    that is longer); 0 for an unknown link. The door's limits grow with it."""
    event = db.session.scalar(select(Event).where(Event.join_token == join_token))
    if event is None:
        return 0
    listed = db.session.connection().scalar(
        select(func.count(Participant.id)).where(Participant.event_id == event.id)
    )
    return max(event.people_cap(), listed)


def by_token(token: str) -> Participant | None:
    """The participant a personal link belongs to, or None (also once they have left, or
    once the event's links expired)."""
    person = db.session.scalar(_BY_TOKEN, {"token": token})
    if person is None or person.event.links_expired():
        return None
    return person


# Built once (see events._TABLE_BY_HOST): every socket event of a phone reads its link.
_BY_TOKEN = (
    select(Participant)
    .join(Participant.event)
    .options(contains_eager(Participant.event))
    .where(Participant.token == bindparam("token"), Participant.left_at.is_(None))
)
