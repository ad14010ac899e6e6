"""Creating events, and revoking or re-issuing their capability links."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.orm import contains_eager

from cafe import live
from cafe.extensions import db
from cafe.models import (
    CafeTable,
    Event,
    EventOrganiser,
    Organiser,
    Round,
    links_expired,
    utcnow,
)
from cafe.services.notes import NoteTarget
from cafe.tokens import InvalidInput, new_join_code, new_token, parse_int


@dataclass
class EventSettings:
    """What an organiser decides about an event (already validated)."""

    title: str
    table_count: int
    table_size: int
    round_count: int
    questions: list[str]
    place: str = ""
    organised_by: str = ""
    starts_at: datetime | None = None
    language: str = "it"
    round_minutes: int = 20
    host_stays: bool = True
    groups: list[str] = field(default_factory=list)
    harvest_question: str = ""


PLAIN_SETTINGS = (
    "title",
    "place",
    "organised_by",
    "starts_at",
    "language",
    "round_minutes",
    "host_stays",
    "harvest_question",
)
"""Settings an Event holds as they are, with the same name on EventSettings."""


def create_event(
    settings: EventSettings, *, owner_id: int | None = None, commit: bool = True
) -> Event:
    """Make an event with its rounds, tables and fresh tokens, owned by `owner_id`."""
    event = Event(
        owner_id=owner_id,
        **{name: getattr(settings, name) for name in PLAIN_SETTINGS},
        table_count=settings.table_count,
        table_size=settings.table_size,
        round_count=settings.round_count,
        groups=list(settings.groups),
        join_token=new_token(),
        join_code=_unused_join_code(),
        wall_token=new_token(),
    )
    event.rounds = [Round(number=i + 1, question=q) for i, q in enumerate(settings.questions)]
    event.tables = [
        CafeTable(number=i + 1, host_token=new_token()) for i in range(settings.table_count)
    ]
    db.session.add(event)
    if commit:
        db.session.commit()
    return event


def reissue_join_link(event: Event) -> None:
    """Revoke the join link and code (printed posters stop working) and make new ones."""
    event.join_token, event.join_code = new_token(), _unused_join_code()
    db.session.commit()


def reissue_wall_link(event: Event) -> None:
    """Revoke the wall link and make a new one."""
    event.wall_token = new_token()
    db.session.commit()
    live.evict(live.wall_room(event.id))


def reissue_host_link(table: CafeTable) -> None:
    """Revoke one table's host link (a lost phone) and make a new one."""
    table.host_token = new_token()
    db.session.commit()
    live.evict(live.table_room(table.id))


def event_by_join(token_or_code: str) -> Event | None:
    """The event a join link or typed join code opens, or None (also once it expired)."""
    event = db.session.scalar(_EVENT_BY_JOIN, {"token": token_or_code})
    return None if event is None or event.links_expired() else event


# Built once (as _TABLE_BY_HOST below): every page and post of the door opens its event.
_EVENT_BY_JOIN = select(Event).where(
    (Event.join_token == bindparam("token")) | (Event.join_code == bindparam("token"))
)


def event_by_wall(token: str) -> Event | None:
    """The event a wall link shows, or None (also once the event's links expired: the wall
    shows the harvest, which the report keeps after the event; a projector left logged in
    must not go on showing it)."""
    event = db.session.scalar(_EVENT_BY_WALL, {"token": token})
    return None if event is None or event.links_expired() else event


_EVENT_BY_WALL = select(Event).where(Event.wall_token == bindparam("token"))


def table_by_host(token: str) -> CafeTable | None:
    """The table a host link writes to, or None (also once the event's links expired)."""
    table = db.session.scalar(_TABLE_BY_HOST, {"token": token})
    return None if table is None or table.event.links_expired() else table


# Built once: a statement object memoises its cache key, and every socket event of a
# host reads its link (building the query each time cost more than running it).
_TABLE_BY_HOST = (
    select(CafeTable)
    .join(CafeTable.event)
    .options(contains_eager(CafeTable.event))
    .where(CafeTable.host_token == bindparam("token"))
)


def note_target(token: str) -> NoteTarget | None:
    """Where a host link's notes go, read as one row without ORM objects, or None (an
    unknown or replaced link, or the event's links expired)."""
    row = db.session.connection().execute(_NOTE_TARGET, {"token": token}).first()
    if row is None or links_expired(row.closed_at, row.link_days):
        return None
    return NoteTarget(
        row.id, row.number, row.event_id, row.round_count, row.current_round,
        row.approve_first,
    )  # fmt: skip


_tables, _events = CafeTable.__table__, Event.__table__
_NOTE_TARGET = (
    select(
        _tables.c.id,
        _tables.c.number,
        _tables.c.event_id,
        _events.c.round_count,
        _events.c.current_round,
        _events.c.approve_first,
        _events.c.closed_at,
        _events.c.link_days,
    )  # fmt: skip
    .join(_events, _events.c.id == _tables.c.event_id)
    .where(_tables.c.host_token == bindparam("token"))
)
"""Core, not ORM: building a table and its event (with their JSON columns) as objects
cost more than the whole note's SQL."""


def update_limits(event: Event, people_cap: object, link_days: object) -> None:
    """Set the cap on people checked in (empty: the default margin) and how many days a
    closed event's links keep working; InvalidInput names a bad field."""
    cap = str(people_cap or "").strip()
    days = parse_int(link_days)
    # parse_int, not isdigit/int: "²" passes isdigit() and then int() raises.
    if cap and not 1 <= parse_int(cap) <= 10_000:
        raise InvalidInput(
            _("Enter a number from %(low)d to %(high)d.", low=1, high=10000), "people_cap"
        )
    if not 0 <= days <= 3650:
        raise InvalidInput(
            _("Enter a number from %(low)d to %(high)d.", low=0, high=3650), "link_days"
        )
    event.walk_in_cap, event.link_days = (parse_int(cap) if cap else None), days
    db.session.commit()


def close_event(event: Event) -> None:
    """Close the event: its links keep working for `link_days`, then expire."""
    if event.closed_at is None:
        event.closed_at = utcnow()
        db.session.commit()


def list_events(organiser_id: int) -> list[Event]:
    """The events this organiser owns or co-organises, newest first."""
    return list(
        db.session.scalars(
            select(Event)
            .where(_organised_by(organiser_id))
            .order_by(Event.created_at.desc(), Event.id.desc())
        )
    )


def may_organise(organiser_id: int, event_id: int) -> bool:
    """True when the event exists and this organiser owns it or was given it."""
    found = db.session.scalar(
        select(Event.id).where(Event.id == event_id, _organised_by(organiser_id))
    )
    return found is not None


def _organised_by(organiser_id: int):
    shared = select(EventOrganiser.event_id).where(EventOrganiser.organiser_id == organiser_id)
    return (Event.owner_id == organiser_id) | Event.id.in_(shared)


def co_organisers(event: Event) -> list[Organiser]:
    """The organisers the event was shared with, by name."""
    return list(
        db.session.scalars(
            select(Organiser)
            .join(EventOrganiser, EventOrganiser.organiser_id == Organiser.id)
            .where(EventOrganiser.event_id == event.id)
            .order_by(Organiser.username)
        )
    )


def owner_name(event: Event) -> str:
    """The user name of the organiser who owns the event ('' for none)."""
    owner = db.session.get(Organiser, event.owner_id) if event.owner_id else None
    return owner.username if owner else ""


def _unused_join_code() -> str:
    while True:
        code = new_join_code()
        if db.session.scalar(select(Event.id).where(Event.join_code == code)) is None:
            return code


def newest_event_language() -> str | None:
    """The language of the event made last (the `cafe` command speaks it), or None."""
    return db.session.scalar(select(Event.language).order_by(Event.id.desc()).limit(1))
