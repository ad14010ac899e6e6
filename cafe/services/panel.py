"""What the organiser's control panel shows: the clock, check-in and the tables (reads only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from cafe import clock
from cafe.extensions import db
from cafe.models import CafeTable, Event, Note, Participant, Seat
from cafe.services import presence
from cafe.services.namesakes import surname_key, told_apart
from cafe.services.rounds import clock_of, now, round_payload


def panel_state(event: Event) -> dict:
    """Everything the panel renders, as JSON: two panels open at once show the same."""
    moment = now()
    people = _people(event)
    arrived = [p for p in people if p["arrived"] and not p["left"]]
    return {
        "round": round_payload(event, moment),
        "arrived": len(arrived),
        "expected": len([p for p in people if not p["left"]]),
        "late_seating": event.late_seating,
        "people": people,
        "tables": tables_state(event, moment),
    }


def _people(event: Event) -> list[dict]:
    hosts = {t.host_id: t.number for t in event.tables if t.host_id}
    tables = _tables_now(event)
    rows = sorted(
        db.session.scalars(select(Participant).where(Participant.event_id == event.id)),
        key=lambda p: surname_key(p.name),
    )
    apart = told_apart((p.id, p.name) for p in rows)
    return [
        {
            "id": p.id,
            "name": apart.get(p.id, p.name),
            "group": p.group or "",
            "arrived": p.arrived_at is not None,
            "left": p.left_at is not None,
            "walked_in": p.walked_in,
            "hosts": hosts.get(p.id),
            "table": tables.get(p.id),
        }
        for p in rows
    ]


def _tables_now(event: Event) -> dict[int, int]:
    """participant id -> number of their table in the round phones show now (the desk's)."""
    shown = clock.seated_round(clock_of(event))
    return dict(
        db.session.execute(
            select(Seat.participant_id, CafeTable.number)
            .join(CafeTable, CafeTable.id == Seat.table_id)
            .where(Seat.event_id == event.id, Seat.round_number == shown)
        ).all()
    )


def tables_state(event: Event, moment: datetime) -> list[dict]:
    """Per table: people seated now, host phone connected, notes this round, and a flag
    when the host has been offline or silent for five minutes during a round."""
    current = clock_of(event)
    shown = clock.seated_round(current)
    seated = _count_by_table(
        select(Seat.table_id, func.count(Seat.id))
        .join(Participant, Participant.id == Seat.participant_id)
        .where(Seat.event_id == event.id, Seat.round_number == shown, Participant.left_at.is_(None))
    )
    notes_now = _count_by_table(
        select(Note.table_id, func.count(Note.id)).where(
            Note.event_id == event.id,
            Note.round_number == clock.note_round(current),
            Note.deleted_at.is_(None),
        )
    )
    last_note = dict(
        db.session.execute(
            select(Note.table_id, func.max(Note.created_at))
            .where(Note.event_id == event.id)
            .group_by(Note.table_id)
        ).all()
    )
    names = dict(
        db.session.execute(
            select(Participant.id, Participant.name).where(Participant.event_id == event.id)
        ).all()
    )
    return [
        {
            "id": t.id,
            "number": t.number,
            "host": names.get(t.host_id, ""),
            "host_id": t.host_id,
            "seated": seated.get(t.id, 0),
            "connected": presence.is_connected(t, moment),
            "notes": notes_now.get(t.id, 0),
            "flagged": _flagged(current, t, last_note.get(t.id), moment),
        }
        for t in event.tables
    ]


def _count_by_table(query) -> dict[int, int]:
    return dict(db.session.execute(query.group_by(query.selected_columns[0])).all())


def _flagged(current: clock.Clock, table, last_note, moment: datetime) -> bool:
    """True when, in a running round, the host phone has been offline (or connected but
    without a note) for SILENT_AFTER, counting from the round's start at the earliest."""
    if current.phase != clock.ROUND or current.since is None:
        return False
    if presence.is_connected(table, moment):
        heard = last_note
    else:
        heard = table.host_seen_at
    return moment - max(current.since, heard or current.since) >= presence.SILENT_AFTER
