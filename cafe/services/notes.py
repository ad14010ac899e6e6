"""Writing notes: idempotent by the phone's UUID, committed before they are acknowledged."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext
from sqlalchemy import bindparam, insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
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
        # Lazy: translated only when refused, not for every note a host sends.
        empty_message=lazy_gettext("Write something before sending."),
        long_message=lazy_gettext("A note can be at most %(limit)d characters.", limit=NOTE_MAX),
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


@dataclass(frozen=True)
class NoteTarget:
    """Where a host's new note goes: its table, and what of its event a note needs. Read
    in one row for every note a host sends (`events.note_target`), not as ORM objects."""

    table_id: int
    table_number: int
    event_id: int
    round_count: int
    current_round: int
    approve_first: bool

    @classmethod
    def of(cls, table: CafeTable) -> NoteTarget:
        """The target of an ORM table (the demo, tests and scripts write through it)."""
        event = table.event
        return cls(
            table.id, table.number, event.id, event.round_count, event.current_round,
            event.approve_first,
        )  # fmt: skip

    def round_for(self, requested: object) -> int:
        """The round a note belongs to (see round_within)."""
        return round_within(requested, self.round_count, self.current_round)


def add_note(
    table: CafeTable,
    note_uuid: object,
    text: object,
    kind: object,
    round_number: object = None,
    admit=None,
) -> tuple[Note, bool]:
    """write_note() for an ORM table; returns the stored Note and whether this call made it."""
    reply, created = write_note(NoteTarget.of(table), note_uuid, text, kind, round_number, admit)
    return db.session.get(Note, reply["id"]), created


def write_note(
    target: NoteTarget,
    note_uuid: object,
    text: object,
    kind: object,
    round_number: object = None,
    admit=None,
) -> tuple[dict, bool]:
    """Store a host's note once, commit, then publish it; a resent UUID gets the same reply.
    `admit(table_id)` may refuse a new note with InvalidInput (a rate limit); resends pass.

    Returns the acknowledgement (`uuid`, `id`, `seq` that created it, `note` payload) and
    whether this call created the note. Four statements and a commit, in SQL without ORM
    objects: a host's note is the one write every table makes all morning long.
    """
    note_uuid = clean_uuid(note_uuid)
    cleaned, kind = clean_note(text, kind)
    moment = utcnow()
    # The seq first, so the note is inserted once with it, and its change once with the
    # note's final state (no UPDATE of either afterwards).
    seq = next_seq(target.event_id)
    row = {
        "uuid": note_uuid, "event_id": target.event_id, "table_id": target.table_id,
        "round_number": target.round_for(round_number), "kind": kind, "text": cleaned,
        "created_seq": seq, "updated_seq": seq, "created_at": moment, "starred": False,
        "tags": [], "hidden": False, "pending": target.approve_first,
    }  # fmt: skip
    connection = db.session.connection()
    note_id = connection.execute(_insert_new_note(connection.dialect.name), row).scalar()
    if note_id is None:
        # This UUID is stored already: a resend (or a race with a second connection).
        db.session.rollback()
        return _resent(note_uuid, target), False
    if admit is not None:
        admit(target.table_id)
    payload = _new_payload(row, note_id, target.table_number)
    message = {"seq": seq, "kind": "note", "data": payload}
    connection.execute(
        _INSERT_CHANGE,
        {"event_id": target.event_id, "seq": seq, "kind": "note", "table_id": target.table_id,
         "payload": payload, "created_at": moment},
    )  # fmt: skip
    db.session.commit()
    live.push(target.event_id, target.table_id, "note", message)
    return {"uuid": note_uuid, "id": note_id, "seq": seq, "note": payload}, True


def _new_payload(row: dict, note_id: int, table_number: int) -> dict:
    """note_payload() of a note just inserted from `row`, without loading it back."""
    return {
        "uuid": row["uuid"], "seq": row["updated_seq"], "created_seq": row["created_seq"],
        "id": note_id, "table": table_number, "round": row["round_number"],
        "kind": row["kind"], "text": row["text"],
        "created_at": row["created_at"].isoformat() + "Z", "edited": False, "deleted": False,
        "starred": False, "tags": [], "hidden": False, "pending": row["pending"],
    }  # fmt: skip


def _resent(note_uuid: str, target: NoteTarget) -> dict:
    """The acknowledgement a note already stored had (only at its own table)."""
    note = _owned(find_note(note_uuid), target.table_id)
    return {"uuid": note.uuid, "id": note.id, "seq": note.created_seq, "note": note_payload(note)}


def _insert_new_note(dialect: str):
    """INSERT … ON CONFLICT (uuid) DO NOTHING RETURNING id, in the database's own words."""
    return _INSERT_NOTE[dialect]


def _insert_ignoring_uuid(dialect_insert):
    return (
        dialect_insert(Note.__table__)
        .on_conflict_do_nothing(index_elements=["uuid"])
        .returning(Note.__table__.c.id)
    )


_INSERT_NOTE = {
    "sqlite": _insert_ignoring_uuid(sqlite_insert),
    "postgresql": _insert_ignoring_uuid(postgresql_insert),
}
"""Built once per dialect (a statement memoises its cache key): no row back means the UUID
is stored already, which replaces a SELECT by UUID before every note."""

_INSERT_CHANGE = insert(Change.__table__)


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
    return _owned(note, table.id)


def _owned(note: Note | None, table_id: int) -> Note:
    if note is None or note.table_id != table_id:
        raise InvalidInput(_("This note does not belong to your table."), "uuid")
    return note


def round_for(event: Event, requested: object) -> int:
    """The round a note or photo belongs to (see round_within)."""
    return round_within(requested, event.round_count, event.current_round)


def round_within(requested: object, round_count: int, current_round: int) -> int:
    """The round the phone says a note was typed in, if it exists; else the event's current
    round (JSON `true` is not round 1)."""
    if isinstance(requested, int) and not isinstance(requested, bool):
        if 1 <= requested <= round_count:
            return requested
    return max(1, min(current_round, round_count))
