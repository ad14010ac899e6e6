"""The figures of the report's method and participation chapters, read from the database
(attendance by group, the seating's mixing, the dot voting's turnout)."""

from __future__ import annotations

from sqlalchemy import func, select

from cafe.export.facts import Attendance, Method, hosts_who_stayed, mixing
from cafe.extensions import db
from cafe.models import Event, Participant, Seat, Vote


def attendance(event: Event, people: list[Participant]) -> list[Attendance]:
    """Invited, present, walk-ins and leavers per group: declared groups in their order,
    then any other group people gave, then '' (did not say)."""
    order = list(event.groups)
    order += sorted({p.group for p in people if p.group and p.group not in order})
    if any(not p.group for p in people):
        order.append("")
    rows = []
    for group in order:
        mine = [p for p in people if (p.group or "") == group]
        rows.append(
            Attendance(
                group=group,
                invited=sum(1 for p in mine if not p.walked_in),
                present=sum(1 for p in mine if p.arrived_at is not None),
                walk_ins=sum(1 for p in mine if p.walked_in),
                left=sum(1 for p in mine if p.left_at is not None),
            )
        )
    return rows


def method(event: Event, people: list[Participant]) -> Method:
    """Rounds' rules, hosts, the seating's mixing and the voting's turnout."""
    seats = _seats(event)
    hosts = {t.number: t.host_id for t in event.tables if t.host_id is not None}
    numbers = {t.id: t.number for t in event.tables}
    by_number = {r: {p: numbers[t] for p, t in row.items()} for r, row in seats.items()}
    voters = _voters(event)
    groups_of = {p.id: p.group or "" for p in people}
    return Method(
        round_minutes=event.round_minutes,
        table_size=event.table_size,
        host_stays=event.host_stays,
        hosts=len(hosts),
        hosts_stayed=hosts_who_stayed(by_number, hosts) if event.host_stays else 0,
        checked_in=any(p.arrived_at is not None for p in people),
        mixing=mixing(seats, groups_of, list(event.groups)),
        vote_dots=event.vote_dots,
        vote_stack=event.vote_stack,
        voters=sum(voters.values()),
        dots_cast=_dots_cast(event),
        voters_by_group=voters,
        star_limit=event.star_limit,
    )


def _seats(event: Event) -> dict[int, dict[int, int]]:
    seats: dict[int, dict[int, int]] = {}
    query = select(Seat.round_number, Seat.participant_id, Seat.table_id).where(
        Seat.event_id == event.id
    )
    for number, person, table in db.session.execute(query):
        seats.setdefault(number, {})[person] = table
    return seats


def _voters(event: Event) -> dict[str, int]:
    """People who spent at least one dot, by group ('' = did not say)."""
    query = (
        select(Participant.group, func.count(func.distinct(Vote.participant_id)))
        .join(Participant, Participant.id == Vote.participant_id)
        .where(Vote.event_id == event.id, Vote.dots > 0)
        .group_by(Participant.group)
    )
    counts: dict[str, int] = {}
    for group, n in db.session.execute(query):
        counts[group or ""] = counts.get(group or "", 0) + n
    return counts


def _dots_cast(event: Event) -> int:
    query = select(func.coalesce(func.sum(Vote.dots), 0)).where(Vote.event_id == event.id)
    return int(db.session.scalar(query) or 0)
