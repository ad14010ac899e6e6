"""A host's notes: add (through the phone's outbox), edit, delete, star and tag."""

from __future__ import annotations

from flask import session
from flask_babel import gettext as _

from cafe.limits import note_allowed, notes_full
from cafe.services import events as event_service
from cafe.services import marks
from cafe.services import notes as note_service
from cafe.sockets.access import invalid, refused, with_table
from cafe.tokens import InvalidInput
from cafe.wire import handler, unreadable


@handler("note:add")
def on_note_add(data=None):
    """Store a host's note; acknowledge only after the commit, with the same reply on resend.
    The link is re-checked as for every event, in one row read without ORM objects."""
    who = session.get("who")
    if who is None or who["role"] != "host":
        return refused()
    if not isinstance(data, dict):
        return unreadable()
    if notes_full(who["table_id"]):
        return _too_many()  # before any database work: a flood past the limit is cheap
    target = event_service.note_target(who["token"])
    if target is None:
        return refused()
    try:
        reply, _created = note_service.write_note(
            target, data.get("uuid"), data.get("text"), data.get("kind"), data.get("round"),
            _note_allowed,
        )  # fmt: skip
    except InvalidInput as exc:
        return invalid(exc)
    return {"ok": True, **reply}


def _note_allowed(table_id: int) -> None:
    """InvalidInput once a table sends more new notes than any host can type."""
    if not note_allowed(table_id):
        raise InvalidInput(_too_many_message(), "text")


def _too_many_message() -> str:
    return _("Too many notes at once; wait a minute and send again.")


def _too_many() -> dict:
    """The refusal of a note while its table is over the limit (resends wait too)."""
    return {"ok": False, "error": _too_many_message(), "field": "text"}


@handler("note:edit")
def on_note_edit(data=None):
    """Change the text or kind of one of this table's notes."""
    return with_table(
        data,
        lambda table, d: note_service.edit_note(table, d.get("uuid"), d.get("text"), d.get("kind")),
    )


@handler("note:delete")
def on_note_delete(data=None):
    """Delete one of this table's notes."""
    return with_table(data, lambda table, d: note_service.delete_note(table, d.get("uuid")))


@handler("note:mark")
def on_note_mark(data=None):
    """A host stars a note as a key insight or sets its tags (sent through the outbox)."""
    return with_table(
        data,
        lambda table, d: marks.mark_note(table, d.get("uuid"), d.get("starred"), d.get("tags")),
    )
