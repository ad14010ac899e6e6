"""What hosts and the organiser add to notes after they are written: a star (key insight),
tags, and hiding a note from the wall. Each is a note change in the feed, like an edit, so
phones send it through their outbox and every screen replays it in `seq` order."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from cafe import live
from cafe.extensions import db
from cafe.models import CafeTable, Event, Note
from cafe.services.changes import record_change
from cafe.services.notes import clean_uuid, commit_and_publish, find_note, owned_note
from cafe.tokens import InvalidInput, clean_text

TAG_MAX = 40
TAGS_PER_NOTE = 5
TAG_CHOICES_MAX = 20
STAR_LIMIT_MAX = 20


def mark_note(table: CafeTable, note_uuid: object, starred: object, tags: object) -> Note:
    """Set a note's star and/or tags (only at its own table); the same call twice is harmless.
    `starred` or `tags` left as None are not changed."""
    note = owned_note(find_note(clean_uuid(note_uuid)), table)
    if note.deleted_at is not None:
        raise InvalidInput(_("This note was deleted."), "uuid")
    changed = False
    if starred is not None:
        changed |= _set_star(note, starred)
    if tags is not None:
        cleaned = clean_tags(tags)
        changed |= cleaned != list(note.tags or [])
        note.tags = cleaned
    if changed:
        commit_and_publish(note)
    return note


def _set_star(note: Note, starred: object) -> bool:
    if not isinstance(starred, bool):
        raise InvalidInput(_("The phone sent something we could not read."), "starred")
    if starred == note.starred:
        return False
    if starred:
        limit = db.session.get(Event, note.event_id).star_limit
        if starred_in_round(note.table_id, note.round_number) >= limit:
            raise InvalidInput(
                ngettext(
                    "A table can star %(num)d key insight per round; remove the star first.",
                    "A table can star %(num)d key insights per round; remove a star first.",
                    limit,
                ),
                "starred",
            )
    note.starred = starred
    return True


def starred_in_round(table_id: int, round_number: int) -> int:
    """How many live notes of a table's round carry a star."""
    return db.session.scalar(
        select(func.count(Note.id)).where(
            Note.table_id == table_id,
            Note.round_number == round_number,
            Note.starred.is_(True),
            Note.deleted_at.is_(None),
        )
    )


def clean_tags(tags: object, limit: int = TAGS_PER_NOTE) -> list[str]:
    """Tags as stored: trimmed, no duplicates (whatever the case), at most `limit`."""
    if not isinstance(tags, list) or len(tags) > limit:
        raise InvalidInput(_("At most %(n)d tags.", n=limit), "tags")
    cleaned: list[str] = []
    for tag in tags:
        text = clean_text(
            tag,
            limit=TAG_MAX,
            field="tags",
            empty_message=_("A tag cannot be empty."),
            long_message=_("A tag can be at most %(limit)d characters.", limit=TAG_MAX),
        )
        text = " ".join(text.split())
        if text.casefold() not in {t.casefold() for t in cleaned}:
            cleaned.append(text)
    return cleaned


def hide_note(event: Event, note_uuid: object, hidden: object) -> Note:
    """The organiser hides a note from the wall, or shows it (also: approves a note waiting
    in the queue, or keeps it off the wall); it stays stored."""
    note = find_note(clean_uuid(note_uuid))
    if note is None or note.event_id != event.id:
        raise InvalidInput(_("This note is not part of this event."), "uuid")
    if not isinstance(hidden, bool):
        raise InvalidInput(_("The phone sent something we could not read."), "hidden")
    if (note.hidden != hidden or note.pending) and note.deleted_at is None:
        note.hidden, note.pending = hidden, False
        commit_and_publish(note)
    return note


def set_harvest_settings(
    event: Event, star_limit: object, tag_choices: object, approve_first: object = False
) -> None:
    """The organiser's star limit per table and round, the tags offered to hosts, and
    whether new notes wait for approval before the wall shows them."""
    if isinstance(star_limit, bool) or not isinstance(star_limit, int):
        raise InvalidInput(_("Give a whole number."), "star_limit")
    if not 0 <= star_limit <= STAR_LIMIT_MAX:
        raise InvalidInput(_("Between 0 and %(n)d.", n=STAR_LIMIT_MAX), "star_limit")
    if not isinstance(approve_first, bool):
        raise InvalidInput(_("The phone sent something we could not read."), "approve_first")
    event.tag_choices = clean_tags(tag_choices, TAG_CHOICES_MAX)
    event.approve_first = approve_first
    event.star_limit = star_limit
    # In the feed, so host phones offer the new tags and limit at once (and on reconnect).
    change = record_change(event.id, "marks", settings_payload(event))
    db.session.commit()
    live.publish(change)


def settings_payload(event: Event) -> dict:
    """What host phones and the panel need to offer stars and tags."""
    return {
        "star_limit": event.star_limit,
        "tag_choices": list(event.tag_choices or []),
        "approve_first": event.approve_first,
    }
