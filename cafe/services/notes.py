"""Writing notes: idempotent by the phone's UUID, committed before they are acknowledged."""

from __future__ import annotations

import uuid as uuidlib

from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from cafe import live
from cafe.extensions import db
from cafe.models import NOTE_KINDS, NOTE_MAX, CafeTable, Change, Event, Note, utcnow
from cafe.services.changes import next_seq, record_change
from cafe.tokens import InvalidInput, clean_text


def note_payload(note: Note) -> dict:
    """A note as screens show it (text stays text; the browser never parses it as HTML)."""
    return {
        "uuid": note.uuid,
        "seq": note.updated_seq,
        "created_seq": note.created_seq,
        "id": note.id,
        "table": note.table.number,
        "round": note.round_number,
        "kind": note.kind,
        "text": "" if note.deleted_at else note.text,
        "created_at": note.created_at.isoformat() + "Z",
        "edited": note.edited_at is not None,
        "deleted": note.deleted_at is not None,
        "starred": note.starred,
        "tags": list(note.tags or []),
        "hidden": note.hidden,
        "pending": note.pending,
    }


def clean_note(text: object, kind: object) -> tuple[str, str]:
    """Validated (text, kind), or InvalidInput with a message for the host."""
    cleaned = clean_text(
        text,
        limit=NOTE_MAX,
        field="text",
        empty_message=_("Write something before sending."),
        long_message=_("A note can be at most %(limit)d characters.", limit=NOTE_MAX),
    )
    if kind not in NOTE_KINDS:
        raise InvalidInput(_("Choose a kind of note."), "kind")
    return cleaned, str(kind)


def clean_uuid(value: object) -> str:
    """The phone's note id in canonical form, or InvalidInput."""
    try:
        return str(uuidlib.UUID(str(value)))
    except ValueError:
        raise InvalidInput(_("This note has no valid id; reload the page."), "uuid") from None


def add_note(
    table: CafeTable,
    note_uuid: object,
    text: object,
    kind: object,
    round_number: object = None,
    admit=None,
) -> tuple[Note, bool]:
    """Store a host's note once, commit, then publish it; a resent UUID returns the same note.
    `admit(table)` may refuse a new note with InvalidInput (a rate limit); resends pass.

    Returns the note and whether this call created it.
    """
    note_uuid = clean_uuid(note_uuid)
    existing = find_note(note_uuid)
    if existing is not None:
        return owned_note(existing, table), False
    cleaned, kind = clean_note(text, kind)
    if admit is not None:
        admit(table)
    event = db.session.get(Event, table.event_id)
    round_number = round_for(event, round_number)
    try:
        # The seq first, so the note is inserted once with it, and its change once with
        # the note's final state (no UPDATE of either afterwards).
        seq = next_seq(event.id)
        note = Note(
            uuid=note_uuid,
            event_id=event.id,
            table_id=table.id,
            round_number=round_number,
            kind=kind,
            text=cleaned,
            created_seq=seq,
            updated_seq=seq,
            pending=event.approve_first,
        )
        db.session.add(note)
        db.session.flush()
        change = Change(
            event_id=event.id, seq=seq, kind="note", table_id=table.id, payload=note_payload(note)
        )
        db.session.add(change)
        _commit_keeping_rows()
        db.session.expire(event, ["last_seq"])  # taken by the UPDATE, not read back
    except IntegrityError:
        # The same UUID raced in from a second connection; the first one won.
        db.session.rollback()
        return owned_note(find_note(note_uuid), table), False
    live.publish(change)
    return note, True


def _commit_keeping_rows() -> None:
    """Commit without expiring what the session holds: the note, its change and its table
    were just written here, so the push and the acknowledgement need not read them back."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def edit_note(table: CafeTable, note_uuid: object, text: object, kind: object) -> Note:
    """Change a note's text and kind (only at its own table), commit, publish."""
    note = owned_note(find_note(clean_uuid(note_uuid)), table)
    cleaned, kind = clean_note(text, kind)
    if note.deleted_at is None and (note.text, note.kind) != (cleaned, kind):
        note.text, note.kind, note.edited_at = cleaned, kind, utcnow()
        commit_and_publish(note)
    return note


def delete_note(table: CafeTable, note_uuid: object) -> Note:
    """Soft-delete a note (only at its own table); deleting twice is harmless."""
    note = owned_note(find_note(clean_uuid(note_uuid)), table)
    if note.deleted_at is None:
        note.deleted_at = utcnow()
        _scrub_history(note)
        commit_and_publish(note)
    return note


def _scrub_history(note: Note) -> None:
    """Blank the text in the earlier changes of a deleted note, so no replay shows it."""
    changes = db.session.scalars(
        select(Change).where(
            Change.event_id == note.event_id,
            Change.table_id == note.table_id,
            Change.kind == "note",
        )
    )
    for change in changes:
        if change.payload.get("uuid") == note.uuid and change.payload.get("text"):
            change.payload = {**change.payload, "text": ""}


def notes_for_table(table: CafeTable) -> list[Note]:
    """A table's live notes, newest first."""
    return list(
        db.session.scalars(
            select(Note)
            .where(Note.table_id == table.id, Note.deleted_at.is_(None))
            .order_by(Note.created_seq.desc())
        )
    )


def notes_for_event(event_id: int) -> list[Note]:
    """Every live note of an event, in the order they arrived."""
    return list(
        db.session.scalars(
            select(Note)
            .options(joinedload(Note.table))  # not one query per table for its number
            .where(Note.event_id == event_id, Note.deleted_at.is_(None))
            .order_by(Note.created_seq)
        )
    )


def _record(note: Note, created: bool = False):
    """Number the note's change and store its new state as the change's payload."""
    change = record_change(note.event_id, "note", {}, table_id=note.table_id)
    note.updated_seq = change.seq
    if created:
        note.created_seq = change.seq
    change.payload = note_payload(note)
    return change


def commit_and_publish(note: Note) -> None:
    """Record the note's new state as a change, commit, then push it to every screen."""
    change = _record(note)
    db.session.commit()
    live.publish(change)


def find_note(note_uuid: str) -> Note | None:
    """The note with this (canonical) UUID, or None."""
    return db.session.scalar(_BY_UUID, {"uuid": note_uuid})


_BY_UUID = select(Note).where(Note.uuid == bindparam("uuid"))
"""Built once: every note a host sends is looked up by its UUID first."""


def owned_note(note: Note | None, table: CafeTable) -> Note:
    """`note` if it belongs to `table`, else InvalidInput (another table's note)."""
    if note is None or note.table_id != table.id:
        raise InvalidInput(_("This note does not belong to your table."), "uuid")
    return note


def round_for(event: Event, requested: object) -> int:
    """The round a note belongs to: the one the phone says it was typed in, if it exists."""
    if isinstance(requested, int) and 1 <= requested <= event.round_count:
        return requested
    return max(1, min(event.current_round, event.round_count))
