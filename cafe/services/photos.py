"""Tablecloth photos: stored once per phone id, stripped by cafe.imaging, served by token."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from cafe import imaging, live
from cafe.extensions import db
from cafe.models import CafeTable, Event, Photo
from cafe.services import events as event_service
from cafe.services import participants as participant_service
from cafe.services.changes import record_change
from cafe.services.harvest import photo_path
from cafe.services.notes import clean_uuid, round_for
from cafe.services.offload import off_the_loop
from cafe.tokens import InvalidInput, new_token


def rejection_message(reason: str) -> str:
    """What the host reads when a file is refused, in their language."""
    return {
        "empty": _("Choose a photo first."),
        "too_large": _(
            "This file is too large (at most %(mb)d MB).", mb=imaging.MAX_BYTES // 2**20
        ),
        "not_image": _("This file is not a photo we can read (JPEG, PNG or WebP)."),
        "bomb": _(
            "This image has too many pixels to open safely (at most %(mp)d megapixels).",
            mp=imaging.MAX_PIXELS // 10**6,
        ),
    }[reason]


def photo_payload(photo: Photo) -> dict:
    """A photo as screens see it; each screen builds the URL with its own token."""
    return {
        "uuid": photo.uuid,
        "key": photo.key,
        "table": photo.table.number,
        "round": photo.round_number,
        "width": photo.width,
        "height": photo.height,
        "hidden": photo.hidden,
    }


def add_photo(table: CafeTable, photo_uuid: object, data: bytes, round_number: object = None):
    """Store a host's photo once, commit, then publish; a resent id returns the same photo.

    Returns the photo and whether this call created it.
    """
    photo_uuid = clean_uuid(photo_uuid)
    existing = _find(photo_uuid)
    if existing is not None:
        return _owned(existing, table), False
    try:
        processed = decode(data)
    except imaging.PhotoRejected as exc:
        raise InvalidInput(rejection_message(exc.reason), "photo") from None
    event = db.session.get(Event, table.event_id)
    photo = Photo(
        uuid=photo_uuid,
        key=new_token(),
        event_id=event.id,
        table_id=table.id,
        round_number=round_for(event, round_number),
        width=processed.width,
        height=processed.height,
        size_bytes=len(processed.jpeg),
    )
    _write_files(photo, processed)
    try:
        db.session.add(photo)
        db.session.flush()
        change = record_change(event.id, "photo", photo_payload(photo), table_id=table.id)
        db.session.commit()
    except IntegrityError:
        # The same id raced in on a second connection: keep the first one's file only.
        db.session.rollback()
        remove_files(photo)
        return _owned(_find(photo_uuid), table), False
    live.publish(change)
    return photo, True


def decode(data: bytes) -> imaging.ProcessedPhoto:
    """imaging.process_photo off the event loop (a photo takes up to a second or two to
    decode, which froze every phone's socket), at most DECODES_AT_ONCE at a time: more
    wait their turn instead of taking a thread, and the memory bound, each."""
    with _DECODES:
        return off_the_loop(imaging.process_photo, data)


DECODES_AT_ONCE = 2
_DECODES = threading.BoundedSemaphore(DECODES_AT_ONCE)  # gevent's once `cafe run` patched


def set_hidden(photo: Photo, hidden: bool) -> None:
    """Hide a photo from the wall, phones and reports (or show it again)."""
    if photo.hidden != hidden:
        photo.hidden = hidden
        change = record_change(photo.event_id, "photo", photo_payload(photo), photo.table_id)
        db.session.commit()
        live.publish(change)


def photos_of(event_id: int, *, table_id: int | None = None, visible_only: bool = True):
    """An event's photos (or one table's), oldest first."""
    query = select(Photo).where(Photo.event_id == event_id)
    if table_id is not None:
        query = query.where(Photo.table_id == table_id)
    if visible_only:
        query = query.where(Photo.hidden.is_(False))
    return list(db.session.scalars(query.order_by(Photo.id)))


def by_key(event_id: int, key: str) -> Photo | None:
    """One photo of an event, by its random key."""
    return db.session.scalar(select(Photo).where(Photo.event_id == event_id, Photo.key == key))


def for_token_holder(token: str, key: str) -> Photo | None:
    """A visible photo, if `token` is a wall, host or participant link of the same event."""
    event_id = _event_of_token(token)
    photo = by_key(event_id, key) if event_id is not None else None
    return photo if photo is not None and not photo.hidden else None


def file_of(photo: Photo, thumbnail: bool = False) -> Path:
    """The stored JPEG (or its thumbnail)."""
    path = photo_path(photo)
    return path.with_suffix(".thumb.jpg") if thumbnail else path


def remove_files(photo: Photo) -> None:
    """Delete a photo's files (it is fine if they are already gone)."""
    for path in (file_of(photo), file_of(photo, thumbnail=True)):
        path.unlink(missing_ok=True)


def _event_of_token(token: str) -> int | None:
    for lookup in (
        event_service.event_by_wall,
        event_service.table_by_host,
        participant_service.by_token,
    ):
        holder = lookup(token)
        if holder is not None:
            return holder.id if isinstance(holder, Event) else holder.event_id
    return None


def _write_files(photo: Photo, processed: imaging.ProcessedPhoto) -> None:
    """Write both files before the row is committed, so a saved photo always has them."""
    folder = photo_path(photo).parent
    folder.mkdir(parents=True, exist_ok=True)
    for path, data in (
        (file_of(photo), processed.jpeg),
        (file_of(photo, True), processed.thumbnail),
    ):
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        os.replace(partial, path)


def _find(photo_uuid: str) -> Photo | None:
    return db.session.scalar(select(Photo).where(Photo.uuid == photo_uuid))


def _owned(photo: Photo | None, table: CafeTable) -> Photo:
    if photo is None or photo.table_id != table.id:
        raise InvalidInput(_("This photo does not belong to your table."), "photo")
    return photo
