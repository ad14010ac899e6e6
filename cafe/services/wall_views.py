"""What the wall shows: the view the organiser chose (and whether it cycles), and the live
themes of the notes. A view change is in the change feed, so every wall stays in step."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from cafe import live
from cafe.extensions import db
from cafe.models import Event, Note
from cafe.services.changes import record_change
from cafe.services.theme_groups import themes_by_question
from cafe.tokens import InvalidInput

VIEWS = ("live", "tables", "questions", "themes", "insights", "votes", "consensus", "answers")
"""The wall's views, in the order of the keys 1-8 on the wall."""
CYCLES = (0, 20, 40, 60, 120)
"""Seconds between views when the wall cycles through them (0: it stays on one)."""


def view_payload(event: Event) -> dict:
    """The wall's view as screens receive it."""
    return {"view": event.wall_view, "cycle": event.wall_cycle}


def set_wall_view(event: Event, view: object, cycle: object = None) -> dict:
    """Show `view` on every wall of the event (cycling every `cycle` s if given), commit, push."""
    if view not in VIEWS:
        raise InvalidInput(_("Choose one of the wall's views."), "view")
    if cycle is not None and (isinstance(cycle, bool) or cycle not in CYCLES):
        raise InvalidInput(_("Choose how often the wall changes view."), "cycle")
    event.wall_view = str(view)
    if cycle is not None:
        event.wall_cycle = int(cycle)
    change = record_change(event.id, "view", view_payload(event))
    db.session.commit()
    live.publish(change)
    return view_payload(event)


def shown(event: Event) -> tuple:
    """Where-clauses of the notes the wall may show: not deleted, not hidden, not waiting
    for approval. One definition, so votes and themes follow the same moderation."""
    return (
        Note.event_id == event.id,
        Note.deleted_at.is_(None),
        Note.hidden.is_(False),
        Note.pending.is_(False),
    )


def shown_notes(event: Event) -> list[Note]:
    """The notes the wall may show, oldest first."""
    return list(db.session.scalars(select(Note).where(*shown(event)).order_by(Note.created_seq)))


def live_themes(event: Event) -> list[dict]:
    """The themes of every note the wall shows, question by question (largest first, the
    other notes last), each note in one theme, with the notes behind each."""
    notes = {n.id: n for n in shown_notes(event)}
    questions = {r.number: r.question for r in event.rounds}
    rows = [(n.id, n.round_number, n.text) for n in notes.values()]
    return [
        {
            "round": number,
            "label": theme.label,
            "other": theme.other,
            "count": len(theme.note_ids),
            "notes": [_quoted(notes[i]) for i in theme.note_ids],
        }
        for number, theme in themes_by_question(rows, questions, event.language)
    ]


def _quoted(note: Note) -> dict:
    return {
        "uuid": note.uuid,
        "table": note.table.number,
        "round": note.round_number,
        "text": note.text,
    }
