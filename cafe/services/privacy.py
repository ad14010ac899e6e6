"""Personal data: delete it in one step keeping an anonymous harvest, or delete an event."""

from __future__ import annotations

import shutil
import uuid

from sqlalchemy import delete, select, text, update

from cafe import live
from cafe.extensions import db
from cafe.models import (
    Answer,
    CafeTable,
    Change,
    Event,
    EventOrganiser,
    Invitation,
    Note,
    Participant,
    Photo,
    Round,
    Seat,
    SynthesisPin,
    SynthesisText,
    SynthesisTheme,
    Vote,
    utcnow,
)
from cafe.services.events import reissue_join_link
from cafe.services.harvest import uploads_dir
from cafe.tokens import new_token


def anonymise_event(event: Event) -> None:
    """Erase names, personal links and photo metadata; keep groups, notes and photos.

    Every participant's link stops working, and the join link and code are replaced so
    nobody new can check in by mistake. Groups stay, so the report still counts them.
    """
    now = utcnow()
    people = list(db.session.scalars(select(Participant).where(Participant.event_id == event.id)))
    for person in people:
        person.name, person.token = "", new_token()
        person.left_at = person.left_at or now  # off the check-in list
    for photo in db.session.scalars(select(Photo).where(Photo.event_id == event.id)):
        photo.uuid, photo.uploaded_at = str(uuid.uuid4()), None
    db.session.execute(
        update(Note).where(Note.event_id == event.id, Note.deleted_at.is_not(None)).values(text="")
    )
    event.anonymised_at = now
    reissue_join_link(event)  # commits
    wipe_freed_space()
    for person in people:
        live.evict(live.participant_room(person.id))


def delete_event(event: Event) -> None:
    """Delete an event with everything it holds, its photo files included."""
    event_id = event.id
    table_ids = select(CafeTable.id).where(CafeTable.event_id == event_id)
    rooms = [live.table_room(t) for t in db.session.scalars(table_ids)]
    db.session.execute(update(CafeTable).where(CafeTable.event_id == event_id).values(host_id=None))
    models = (Change, Vote, SynthesisPin, SynthesisTheme, SynthesisText, Answer, Note, Photo)
    for model in (*models, Seat, Participant, CafeTable, Round, EventOrganiser, Invitation):
        db.session.execute(delete(model).where(model.event_id == event_id))
    db.session.execute(delete(Event).where(Event.id == event_id))
    db.session.commit()
    db.session.expunge_all()
    wipe_freed_space()
    for room in rooms + [live.wall_room(event_id), live.event_room(event_id)]:
        live.evict(room)
    shutil.rmtree(uploads_dir() / str(event_id), ignore_errors=True)


def wipe_freed_space() -> None:
    """Make a deletion reach the disk. SQLite overwrites deleted rows with zeros
    (`secure_delete`, set on every connection), but the write-ahead log still holds the
    pages as they were: a checkpoint copies them into the file and truncates the log.
    PostgreSQL keeps dead rows until VACUUM reclaims them (autovacuum does, later) and its
    WAL segments until they are recycled: run `VACUUM` on the tables, and keep WAL
    archives short, where deleted data must leave the disk at once (docs/security.md)."""
    if db.engine.dialect.name != "sqlite":
        return
    db.session.commit()
    db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    db.session.commit()
